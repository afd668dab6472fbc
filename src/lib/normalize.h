/* normalize.h: the normalizer stage, display text -> spoken text. */
#ifndef TUTUR_NORMALIZE_H
#define TUTUR_NORMALIZE_H

#include "internal.h"

typedef struct nr_normalizer nr_normalizer;

/* Loads the word lists of LANG_DIR (abbreviations.tsv, acronym-words.tsv,
 * loanwords.tsv, units.tsv, letters.tsv, months.tsv) and compiles the
 * patterns.  LANG_DIR NULL: no word lists. */
tutur_status nr_normalizer_create(tutur_ctx *ctx, const char *lang_dir, nr_normalizer **out);
/* A user's lexicon: WRITTEN<TAB>SPOKEN entries that override the lists. */
tutur_status nr_normalizer_add_lexicon(tutur_ctx *ctx, nr_normalizer *z, const char *path);
/* The spoken form of TEXT (UTF-8); caller frees; NULL when out of memory.
 * Uses the normalizer's match data: one normalizer per thread. */
char *nr_normalize(const nr_normalizer *z, const char *text);
/* Whether WORD[0..n) (its final period included) is in abbreviations.tsv
 * and written with a capital, like "Jl." or "Dr.": such an abbreviation
 * never ends a sentence. */
bool nr_normalizer_is_abbreviation(const nr_normalizer *z, const char *word, size_t n,
                                   bool *capitalized);
void nr_normalizer_destroy(nr_normalizer *z);

/* A date as people write it ("1 Mei 2024") from YYYY-MM-DD, with the
 * language's month names; NULL when it is not a date. free() it. */
char *nr_date_display(const nr_normalizer *z, const char *iso);

#endif
