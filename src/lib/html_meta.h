/* html_meta.h: an HTML article's title, writer and date (html_meta.c). */
#ifndef TUTUR_HTML_META_H
#define TUTUR_HTML_META_H

#include "html_article.h"

/* What the page's JSON-LD structured data says of its article. */
typedef struct h_meta {
    char *ld_headline, *ld_author, *ld_date;
} h_meta;

void h_meta_read_jsonld(const h_tree *t, h_meta *m);
void h_meta_free(h_meta *m);

/* What the reader met on its way through the article. */
typedef struct h_author_hints {
    const char *byline;  /* the writer a byline element names (class, itemprop, rel) */
    const char *credit;  /* the writer's entry in a credits table or list */
    const char *closing; /* a name on the article's last line ("DINI TEJA") */
} h_author_hints;

/* The headline: a heading that equals the metadata's title (og:title,
 * JSON-LD headline or <title>, without the site's name), else the <h1>
 * when that title holds it, else the metadata title.  free() it. */
char *h_choose_title(tutur_ctx *ctx, const h_tree *t, const h_article *art, const h_meta *m);
/* The writer, people before organisations; NULL when no one is named. */
char *h_choose_author(tutur_ctx *ctx, const h_tree *t, const tutur_lang *lang,
                      const h_meta *m, const h_author_hints *hints);
/* YYYY-MM-DD: a <time> in the article, else one on the page, else the
 * meta and JSON-LD publication dates, else a dateline under the headline (TITLE's heading, else the <h1>; by
 * LANG's date rules); NULL when none. */
char *h_choose_date(const h_tree *t, const h_article *art, const h_meta *m,
                    const tutur_lang *lang, const char *title);
/* The chosen DATE with its time and zone, when the page gives them for that
 * day (meta, JSON-LD or <time>); NULL otherwise. */
char *h_choose_published(const h_tree *t, const h_meta *m, const char *date);

#endif
