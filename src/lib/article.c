/* article.c: the Article, what the author wrote, as readers build it. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

tutur_article *nr_article_new(const char *source) {
    tutur_article *a = calloc(1, sizeof *a);
    if (a && !(a->source = nr_strdup(source))) {
        free(a);
        return NULL;
    }
    return a;
}

tutur_status nr_article_add(tutur_article *a, tutur_block_kind kind, int level, const char *text) {
    /* Capacity is 8, 16, 32...: the array is full exactly when n_blocks is
     * 0 or a power of two of at least 8. */
    size_t n = a->n_blocks;
    if (n == 0 || (n >= 8 && (n & (n - 1)) == 0)) {
        size_t cap = a->n_blocks ? a->n_blocks * 2 : 8;
        tutur_block *p = realloc(a->blocks, cap * sizeof *p);
        if (!p)
            return TUTUR_E_NOMEM;
        a->blocks = p;
    }
    char *copy = nr_strdup(text);
    if (!copy)
        return TUTUR_E_NOMEM;
    a->blocks[a->n_blocks++] = (tutur_block){kind, level, copy};
    return TUTUR_OK;
}

void tutur_article_destroy(tutur_article *a) {
    if (!a)
        return;
    for (size_t i = 0; i < a->n_blocks; i++)
        free(a->blocks[i].text);
    free(a->blocks);
    free(a->title);
    free(a->author);
    free(a->date);
    free(a->language);
    free(a->source);
    free(a);
}
