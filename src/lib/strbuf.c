/* strbuf.c: a growable byte buffer and string duplication. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

bool nr_buf_reserve(nr_buf *b, size_t extra) {
    if (b->len + extra + 1 <= b->cap)
        return !b->failed;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) {
        if (cap > SIZE_MAX / 2)
            return !(b->failed = true);
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (!p)
        return !(b->failed = true);
    b->data = p;
    b->cap = cap;
    return !b->failed;
}

bool nr_buf_append(nr_buf *b, const char *s, size_t n) {
    if (!nr_buf_reserve(b, n))
        return false;
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

bool nr_buf_puts(nr_buf *b, const char *s) { return nr_buf_append(b, s, strlen(s)); }

bool nr_buf_putc(nr_buf *b, char c) { return nr_buf_append(b, &c, 1); }

bool nr_buf_add(nr_buf *b, const nr_buf *from) {
    if (from->failed)
        b->failed = true;
    return nr_buf_append(b, from->data ? from->data : "", from->len);
}

const char *nr_buf_cstr(nr_buf *b) {
    if (!b->data && !nr_buf_reserve(b, 0))
        return "";
    b->data[b->len] = '\0';
    return b->data;
}

char *nr_buf_take(nr_buf *b) {
    if (b->failed || (!b->data && !nr_buf_reserve(b, 0))) {
        nr_buf_free(b);
        return NULL;
    }
    char *p = b->data;
    p[b->len] = '\0';
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

void nr_buf_free(nr_buf *b) {
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = false;
}

void *nr_grow(void *items, size_t *cap, size_t need, size_t elem) {
    if (need <= *cap)
        return items;
    size_t n = *cap ? *cap : 8;
    while (n < need) {
        if (n > SIZE_MAX / 2 / elem)
            return NULL;
        n *= 2;
    }
    void *p = realloc(items, n * elem);
    if (p)
        *cap = n;
    return p;
}

char *nr_strndup(const char *s, size_t n) {
    char *p = malloc(n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *nr_strdup(const char *s) { return s ? nr_strndup(s, strlen(s)) : NULL; }
