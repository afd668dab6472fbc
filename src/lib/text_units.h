/* text_units.h: plain text as units, the paragraphs and lines the
 * plain-text reader judges one by one (text_units.c), and the roles it
 * gives them (text_roles.c). */
#ifndef TUTUR_TEXT_UNITS_H
#define TUTUR_TEXT_UNITS_H

#include "internal.h"
#include "line_model.h"

typedef enum nr_style {
    NR_STYLE_NONE = 0, /* not heading-like */
    NR_STYLE_WEAK,     /* short, title-like, no closing punctuation */
    NR_STYLE_CAPS,     /* ALL CAPS */
    NR_STYLE_ROMAN,    /* "IV. Judul" */
    NR_STYLE_NUMBERED, /* "1. Judul", "2.3 Judul" */
    NR_STYLE_BAB,      /* "BAB I", "Bagian 2" */
} nr_style;

typedef enum nr_role {
    NR_ROLE_PARAGRAPH = 0,
    NR_ROLE_LIST_ITEM,
    NR_ROLE_HEADING,
    NR_ROLE_TITLE,
    NR_ROLE_GONE, /* chrome, merged, byline, dateline or empty */
} nr_role;

typedef struct nr_unit {
    char *text;       /* the line, or the wrapped lines joined */
    size_t first_len; /* bytes of its first line in TEXT */
    int line_no;      /* of its first line in the input, from 1 */
    int n_lines;
    nr_style style;
    int depth;  /* numbering depth of a numbered heading: "1." 1, "1.2" 2 */
    int marker; /* numbering depth of any line that starts "1. ", "2) " */
    nr_role role;
    int rank;
} nr_unit;

typedef struct nr_units {
    nr_unit *items;
    size_t n, cap;
    int wrap_width; /* the width the text was wrapped at; 0: not wrapped */
} nr_units;

/* Splits TEXT into units: blank lines separate blocks; in a block, lines
 * hard-wrapped at the document's width (each line so full that the next
 * word would not have fitted on it) are joined into one paragraph, and so
 * are ragged ones that stop mid-sentence (on a comma or a function word of
 * FUNCTION_WORDS, or before a line that starts in lower case); every other
 * line is a unit of its own (scraped text has a paragraph a line). */
tutur_status nr_text_units(const char *text, size_t len, const nr_wordset *function_words,
                           nr_units *u);
void nr_text_units_free(nr_units *u);

/* Roles and levels (text_roles.c): headings by style (BAB, roman numerals,
 * capitals, numbers, short title-like lines that introduce a paragraph),
 * numbered and bulleted lists; levels from the styles used.  Units already
 * NR_ROLE_GONE or NR_ROLE_TITLE are left as they are. */
void nr_text_assign_roles(nr_units *u);
/* A line shaped like a heading: its style (and numbering depth). */
nr_style nr_text_style(const char *s, int *depth);
/* A bullet ("- ", "• ") and its length. */
bool nr_text_bullet(const char *s, size_t *skip);

#endif
