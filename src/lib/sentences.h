/* sentences.h: splitting a segment's written text into sentences, the unit
 * of captions, transcript highlighting and talking-book clips. */
#ifndef TUTUR_SENTENCES_H
#define TUTUR_SENTENCES_H

#include "internal.h"
#include "normalize.h"

/* Splits TEXT (UTF-8, spaces already squeezed) into sentences; each range
 * is trimmed of spaces and the ranges cover the text in order.  A non-empty
 * text gives at least one sentence.  *out is freed with free(); NULL with
 * *n 0 for an empty text.  Z (may be NULL) tells abbreviations. */
tutur_status nr_split_sentences(const nr_normalizer *z, const char *text, tutur_range **out,
                                size_t *n);

#endif
