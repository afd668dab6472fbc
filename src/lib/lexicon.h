/* lexicon.h: a language's word lists (the .tsv files in voices/LANG/), one
 * WRITTEN<TAB>SPOKEN[<TAB>FLAGS] entry a line, '#' comments. */
#ifndef TUTUR_LEXICON_H
#define TUTUR_LEXICON_H

#include <stdio.h>

#include "internal.h"

typedef struct nr_lex_entry {
    char *key, *value, *flags;
    size_t order;
} nr_lex_entry;

typedef struct nr_lex {
    nr_lex_entry *items;
    size_t n, cap;
    bool fold; /* keys compared without regard to ASCII case */
} nr_lex;

/* Adds a file's entries (a missing file adds nothing). */
tutur_status nr_lex_load(tutur_ctx *ctx, nr_lex *lex, const char *path, bool fold_case);
/* The same from F, opened by the caller (PATH names it in messages);
 * closes F. */
tutur_status nr_lex_read(tutur_ctx *ctx, nr_lex *lex, FILE *f, const char *path, bool fold_case);
const nr_lex_entry *nr_lex_find(const nr_lex *lex, const char *word, size_t n);
int nr_lex_cmp_order(const void *a, const void *b);
void nr_lex_free(nr_lex *lex);

#endif
