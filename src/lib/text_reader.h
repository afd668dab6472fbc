/* text_reader.h: what the plain-text reader knows of a document while it
 * reads it (read_text.c), shared with the parts that find its title and
 * metadata (text_title.c). */
#ifndef TUTUR_TEXT_READER_H
#define TUTUR_TEXT_READER_H

#include "line_model.h"
#include "text_units.h"

/* What the reader knows of each unit. */
typedef struct evidence {
    nr_rule_action rule;
    char *capture; /* an author or date rule's capture */
    nr_prose prose;
    double f[NR_F_COUNT];
    double p; /* probability of article text */
    bool repeated;
    bool caption; /* a photo's caption: it neither makes nor breaks the run */
} evidence;

typedef struct reader {
    tutur_ctx *ctx;
    const tutur_lang *lang;
    nr_units u;
    evidence *ev;
    size_t run_first, run_last; /* the article's run, inclusive */
    size_t body_first, body_last; /* its first and last paragraphs of prose */
    size_t title;              /* unit index, or u.n: none */
} reader;

static inline bool nr_is_meta(nr_rule_action a) {
    return a == NR_RULE_AUTHOR || a == NR_RULE_DATE;
}

/* Four words or more, shaped like a headline (or a list item), no rule. */
bool nr_headline_like(const evidence *e);

/* The headline above the article's first paragraph (text_title.c); sets
 * r->title (r->u.n: none) and may split a glued headline off its unit. */
void nr_text_choose_title(reader *r);
/* The dateline and the byline near the title and the run's ends; their
 * units are marked gone.  free() what they return. */
char *nr_text_take_date(reader *r);
char *nr_text_take_author(reader *r);

#endif
