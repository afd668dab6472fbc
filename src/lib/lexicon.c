/* lexicon.c: word lists of a language (the .tsv files in voices/LANG/): sorted
 * key/value pairs looked up by binary search, exact or ASCII-case-folded. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon.h"

static int cmp_entry(const void *a, const void *b) {
    return strcmp(((const nr_lex_entry *)a)->key, ((const nr_lex_entry *)b)->key);
}

static void fold(char *s) {
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s - 'A' + 'a');
}

tutur_status nr_lex_load(tutur_ctx *ctx, nr_lex *lex, const char *path, bool fold_case) {
    FILE *f;
    tutur_status st0 = nr_open_config(ctx, path, "word list", true, &f);
    if (!f)
        return st0; /* a language may lack a list */
    return nr_lex_read(ctx, lex, f, path, fold_case);
}

tutur_status nr_lex_read(tutur_ctx *ctx, nr_lex *lex, FILE *f, const char *path, bool fold_case) {
    lex->fold = fold_case;
    char line[1024];
    int line_no = 0;
    tutur_status st = TUTUR_OK;
    while (st == TUTUR_OK && fgets(line, sizeof line, f)) {
        line_no++;
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        char *tab = strchr(line, '\t');
        if (!tab) {
            st = nr_fail(ctx, TUTUR_E_CONFIG, "%s:%d: expected WRITTEN<TAB>SPOKEN", path, line_no);
            break;
        }
        *tab = '\0';
        char *value = tab + 1, *flags = strchr(value, '\t');
        if (flags)
            *flags++ = '\0';
        nr_lex_entry *p = nr_grow(lex->items, &lex->cap, lex->n + 1, sizeof *p);
        if (!p) {
            st = nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
            break;
        }
        lex->items = p;
        nr_lex_entry *e = &lex->items[lex->n];
        e->key = nr_strdup(line);
        e->value = nr_strdup(value);
        e->flags = flags ? nr_strdup(flags) : NULL;
        e->order = lex->n;
        if (!e->key || !e->value || (flags && !e->flags)) {
            free(e->key);
            free(e->value);
            free(e->flags);
            st = nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
            break;
        }
        if (fold_case)
            fold(e->key);
        lex->n++;
    }
    fclose(f);
    /* Later entries (a user's lexicon) override earlier ones: a stable sort
     * keeps file order among equal keys, and lookup takes the last. */
    if (st == TUTUR_OK && lex->n > 1) {
        for (size_t i = 0; i < lex->n; i++)
            lex->items[i].order = i;
        qsort(lex->items, lex->n, sizeof *lex->items, nr_lex_cmp_order);
    }
    return st;
}

int nr_lex_cmp_order(const void *a, const void *b) {
    int c = cmp_entry(a, b);
    if (c)
        return c;
    size_t x = ((const nr_lex_entry *)a)->order, y = ((const nr_lex_entry *)b)->order;
    return x < y ? -1 : x > y;
}

const nr_lex_entry *nr_lex_find(const nr_lex *lex, const char *word, size_t n) {
    if (!lex->n || n == 0 || n >= 128)
        return NULL;
    char key[128];
    memcpy(key, word, n);
    key[n] = '\0';
    if (lex->fold)
        fold(key);
    size_t lo = 0, hi = lex->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(lex->items[mid].key, key) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    /* lo is one past the last entry <= key. */
    if (lo && strcmp(lex->items[lo - 1].key, key) == 0)
        return &lex->items[lo - 1];
    return NULL;
}

void nr_lex_free(nr_lex *lex) {
    for (size_t i = 0; i < lex->n; i++) {
        free(lex->items[i].key);
        free(lex->items[i].value);
        free(lex->items[i].flags);
    }
    free(lex->items);
    memset(lex, 0, sizeof *lex);
}
