/* html_emit.h: the HTML reader's blocks as it emits them (read_html.c)
 * and the clean-up pass over them (html_tidy.c). */
#ifndef TUTUR_HTML_EMIT_H
#define TUTUR_HTML_EMIT_H

#include "html_tree.h"

typedef enum origin {
    O_TEXT = 0, /* paragraphs, list items, quotes, loose text */
    O_IMAGE,    /* an image's alt text or a figure's caption */
    O_TABLE,    /* a table's rows */
    O_NOTICE,   /* said instead of a code block */
} origin;

/* What the reader knows of each block it added, for the clean-up. */
typedef struct blk {
    uint8_t origin;
    bool bold;   /* one line, bold throughout */
    bool gone;   /* dropped by the clean-up */
    float links; /* share of the text inside links */
} blk;

typedef struct emitter {
    tutur_ctx *ctx;
    const h_tree *t;
    const tutur_lang *lang;
    tutur_article *a;
    nr_buf loose;          /* inline text between blocks */
    size_t loose_links;    /* bytes of it inside links */
    uint32_t loose_lang;
    int in_link;
    bool after_break;      /* a <br> ended the loose text so far */
    char **images; /* alt texts met inside the current block */
    size_t n_images, cap_images;
    blk *info; /* per block of a */
    size_t cap_info;
    char *byline; /* text of the first byline element */
    char *credit; /* the writer's entry in credits */
    char *closing; /* a name closing the article */
    int quote;    /* inside blockquote */
    tutur_status st;
} emitter;

/* Marks block I dropped, and says why. */
void h_tidy_drop(emitter *e, size_t i, const char *why);
/* The clean-up over the emitted blocks (see html_tidy.c); the dropped ones
 * are removed from the article. */
void h_tidy(emitter *e);

#endif
