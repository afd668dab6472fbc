/* number_words.h: Indonesian number words, the grammar the normalizer's
 * numeric rules build on ("dua puluh satu", "seribu", "satu juta"). */
#ifndef TUTUR_NUMBER_WORDS_H
#define TUTUR_NUMBER_WORDS_H

#include "internal.h"

/* Appends the cardinal of N ("seratus dua puluh tiga"). */
void nr_cardinal(nr_buf *b, uint64_t n);
/* Appends each digit of S[0..n) as a word ("nol delapan satu"); other bytes
 * are skipped. */
void nr_digits(nr_buf *b, const char *s, size_t n);
/* Parses "1234", "1.234.567" (dot groups of three) into *v. */
bool nr_parse_grouped(const char *s, size_t n, uint64_t *v);
/* Appends a written number: grouped or plain integer, optional ",DDD"
 * decimals read digit by digit after "koma"; leading zeros digit by digit. */
bool nr_number(nr_buf *b, const char *s, size_t n);
/* Appends PREFIX fused to the cardinal of N: ("per", 3) -> "pertiga". */
void nr_fused(nr_buf *b, const char *prefix, uint64_t n);
/* Appends the ordinal "ke"+cardinal fused: 2 -> "kedua", 100 -> "keseratus". */
void nr_ordinal(nr_buf *b, uint64_t n);

#endif
