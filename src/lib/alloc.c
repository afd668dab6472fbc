/* alloc.c: see internal.h (allocation). */
#define NR_ALLOC_IMPL /* the real malloc, calloc and realloc below */
#include "internal.h"

_Thread_local bool nr_alloc_failed;

void *nr_malloc(size_t n) {
    void *p = malloc(n);
    if (!p && n)
        nr_alloc_failed = true;
    return p;
}

void *nr_calloc(size_t n, size_t size) {
    void *p = calloc(n, size);
    if (!p && n && size)
        nr_alloc_failed = true;
    return p;
}

void *nr_realloc(void *p, size_t n) {
    void *q = realloc(p, n);
    if (!q && n)
        nr_alloc_failed = true;
    return q;
}

tutur_status nr_alloc_check(tutur_ctx *ctx, tutur_status st, const char *what) {
    if (st == TUTUR_OK && nr_alloc_failed)
        return nr_fail(ctx, TUTUR_E_NOMEM, "%s: out of memory", what);
    return st;
}
