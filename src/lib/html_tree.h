/* html_tree.h: an HTML page as a compact tree, built from libxml2's SAX
 * events (html_tree.c, the only file that includes libxml2's HTML parser).
 * Only what the reader needs is kept: known tags, a few flags, text, alt
 * text, datetime and lang attributes, and the page's metadata.  Scripts,
 * styles, forms' controls and hidden elements are dropped while parsing,
 * so a 20 MB page costs little more than its text. */
#ifndef TUTUR_HTML_TREE_H
#define TUTUR_HTML_TREE_H

#include "internal.h"

typedef enum h_tag {
    H_OTHER = 0, H_TEXT, H_HTML, H_BODY, H_ARTICLE, H_MAIN, H_SECTION, H_DIV, H_P,
    H_H1, H_H2, H_H3, H_H4, H_H5, H_H6, H_UL, H_OL, H_LI, H_DL, H_DT, H_DD, H_BLOCKQUOTE,
    H_TABLE, H_CAPTION, H_TR, H_TH, H_TD, H_FIGURE, H_FIGCAPTION, H_IMG, H_PRE, H_BR, H_HR,
    H_A, H_STRONG, H_B, H_TIME, H_NAV, H_HEADER, H_FOOTER, H_ASIDE, H_FORM, H_ADDRESS,
    H_THEAD,
} h_tag;

enum {
    HF_JUNK = 1 << 0,         /* class/id says page chrome */
    HF_ARTICLE_BODY = 1 << 1, /* itemprop=articleBody */
    HF_ROLE_MAIN = 1 << 2,    /* role=main */
    HF_BYLINE = 1 << 3,       /* class/id says byline or author */
    HF_AUTHOR = 1 << 4,       /* itemprop=author, rel=author */
    HF_CHROME = 1 << 5,       /* itself or an ancestor is chrome (computed) */
    HF_CONTENT = 1 << 6,      /* class/id says article content ("entry-content", "isi") */
};

typedef struct h_node {
    uint8_t tag;
    uint8_t flags;
    uint32_t parent, first, last, next; /* indices; 0 is "none" (node 0 is the root) */
    uint32_t str, len;   /* text (H_TEXT), alt (H_IMG), datetime (H_TIME): in the arena */
    uint32_t lang;       /* lang attribute: arena offset + 1, or 0 */
    uint32_t cls;        /* a hash of the class attribute (0: none) */
    uint32_t text_total; /* bytes of text in the subtree */
    uint32_t link_total; /* of which inside links */
} h_node;

typedef struct h_tree {
    h_node *nodes;
    size_t n, cap;
    nr_buf arena;
    /* from <head> and meta elements */
    char *title, *og_title, *site_name, *author, *date, *language;
    char *canonical, *og_url; /* the page's own address */
    /* the text of every <script type="application/ld+json">, each ended
     * by a NUL (structured data: headline, author, articleBody) */
    nr_buf jsonld;
} h_tree;

/* Parses DATA (UTF-8) into T.  JUNK and CONTENT (each may be NULL) are
 * PCRE2 patterns for the class/id of page chrome and of article content.
 * False when out of memory. */
bool h_tree_parse(h_tree *t, const char *data, size_t len, const char *junk,
                  const char *content);

/* Nodes are stored in document order, so a subtree is an index range:
 * [I, h_subtree_end(T, I)). */
static inline uint32_t h_subtree_end(const h_tree *t, uint32_t i) {
    while (i && !t->nodes[i].next)
        i = t->nodes[i].parent;
    return i ? t->nodes[i].next : (uint32_t)t->n;
}

static inline bool h_is_heading(uint8_t tag) { return tag >= H_H1 && tag <= H_H6; }

/* "div", "p"... for explanations. */
const char *h_tag_name(uint8_t tag);

/* Elements that start a line of their own (everything else is inline). */
bool h_is_block(uint8_t tag);
/* All the text of element I, on one line (white space folded).  free() it;
 * NULL when out of memory. */
char *h_element_text(const h_tree *t, uint32_t i);
void h_tree_free(h_tree *t);
static inline const char *h_str(const h_tree *t, uint32_t off) { return t->arena.data + off; }

/* DATA in whatever charset it declares (or is, when the declaration is
 * wrong), as UTF-8: *OUT points into DATA when it is UTF-8 already (then
 * *OWNED is NULL), else to a converted copy, *OWNED, to free.  False when
 * out of memory. */
bool h_to_utf8(const char *data, size_t len, const char **out, size_t *out_len, char **owned);

#endif
