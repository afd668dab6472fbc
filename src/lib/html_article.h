/* html_article.h: finding the article in a page's tree (html_article.c). */
#ifndef TUTUR_HTML_ARTICLE_H
#define TUTUR_HTML_ARTICLE_H

#include "html_tree.h"

/* The article: elements that are siblings, in document order (often one);
 * the single node 0 means the whole page. */
typedef struct h_article {
    uint32_t *nodes;
    size_t n, cap;
} h_article;

/* Scores the page's elements as containers of the article and picks it;
 * explains the choice through CTX.  False when out of memory. */
bool h_find_article(tutur_ctx *ctx, const h_tree *t, h_article *out);
void h_article_free(h_article *a);

#endif
