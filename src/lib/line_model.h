/* line_model.h: evidence that a line (or a paragraph) of plain text is part
 * of an article rather than page chrome, and the model that weighs it
 * (line_model.c).  The weights are language data (voices/LANG/
 * text-reader.model), learned by scripts/tune-text-reader from labelled
 * pages; nothing here is tuned by hand. */
#ifndef TUTUR_LINE_MODEL_H
#define TUTUR_LINE_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "tutur.h"

/* The features, in the order of the model file's names. */
typedef enum nr_feature {
    NR_F_BIAS = 0,
    NR_F_LOG_CHARS,   /* log(1 + characters) */
    NR_F_WORDS,       /* words / 40, at most 1 */
    NR_F_CLOSED,      /* ends like a sentence */
    NR_F_FUNCTION,    /* share of words that are function words ("yang", "di") */
    NR_F_COMMAS,      /* commas per word */
    NR_F_CAPITALS,    /* share of words that start with a capital */
    NR_F_DIGITS,      /* share of characters that are digits */
    NR_F_SHORT,       /* three words or fewer */
    NR_F_TITLE_SHAPE, /* short, capitalized, not closed: a headline or a menu item */
    NR_F_RULE_DROP,   /* a drop rule names it chrome */
    NR_F_RULE_META,   /* an author or date rule: a byline or dateline */
    NR_F_SEPARATORS,  /* "|", "»", "·" between items */
    NR_F_REPEATED,    /* the same text elsewhere in the page */
    NR_F_BOX,         /* log(1 + length of the run of short lines it is in) */
    NR_F_LOWER_START, /* starts with a lower-case letter */
    NR_F_LINKISH,     /* an address, a handle or a hashtag */
    NR_F_MARKER,      /* starts with a bullet or a list number */
    NR_F_INTRODUCED,  /* in a run of short lines that a line ending in ':' introduces */
    NR_F_HEADLINES,   /* log(length) of the run of headline-like lines it is in, if 2 or more */
    NR_F_COUNT
} nr_feature;

/* The model's own parameters beside the weights. */
typedef enum nr_param {
    NR_P_PRIOR = 0, /* added to every unit's score when choosing the article's run */
    NR_P_CLIP,      /* log-odds are clipped to +-CLIP */
    NR_P_KEEP,      /* inside the run, a short line is chrome below this probability */
    NR_P_COUNT
} nr_param;

/* The evidence that a line above the article is its headline. */
typedef enum nr_title_feature {
    NR_T_BIAS = 0,
    NR_T_OVERLAP,  /* share of its content words that the body holds */
    NR_T_META,     /* a dateline or byline in the three lines under it */
    NR_T_REPEATED, /* printed elsewhere on the page too */
    NR_T_LIST,     /* one of three or more headline-like lines in a row */
    NR_T_SHORT,    /* fewer than three words */
    NR_T_DISTANCE, /* paragraphs of prose between it and the body */
    NR_T_GLUED,    /* the first line of a paragraph, glued to it */
    NR_T_COUNT
} nr_title_feature;

const char *nr_feature_name(nr_feature f);
const char *nr_title_feature_name(nr_title_feature f);

typedef struct nr_line_model {
    double w[NR_F_COUNT];
    double param[NR_P_COUNT];
    double title[NR_T_COUNT];
    bool loaded;
} nr_line_model;

/* Reads NAME<TAB>WEIGHT lines ("param.prior<TAB>0.5" for parameters). */
tutur_status nr_line_model_load(tutur_ctx *ctx, const char *path, nr_line_model *m);
/* The probability that a unit with features F is article text. */
double nr_line_model_prob(const nr_line_model *m, const double *f);
/* The log-odds that a candidate with title features F is the headline. */
double nr_line_model_title(const nr_line_model *m, const double *f);

/* Words of a language, sorted, for membership tests (function words). */
typedef struct nr_wordset {
    char **words;
    size_t n;
} nr_wordset;

tutur_status nr_wordset_load(tutur_ctx *ctx, const char *path, nr_wordset *set);
bool nr_wordset_has(const nr_wordset *set, const char *word, size_t len);
void nr_wordset_free(nr_wordset *set);

/* What a unit's text alone says (the features that need no neighbours). */
typedef struct nr_prose {
    size_t chars, words, function_words, capital_words, digits, commas, separators;
    bool closed, lower_start, title_shape, linkish, marker;
} nr_prose;

void nr_prose_measure(const nr_wordset *function_words, const char *text, nr_prose *out);
/* Prose at a glance: a closed sentence of some words, or a long text. */
bool nr_prose_is_prose(const nr_prose *p);

#endif
