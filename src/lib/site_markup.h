/* site_markup.h: static-site generators' template markup in Markdown. */
#ifndef TUTUR_SITE_MARKUP_H
#define TUTUR_SITE_MARKUP_H

#include "internal.h"

/* TEXT without Hugo shortcodes, Liquid tags and template output (what a
 * paired shortcode encloses, and figure captions, stay).  NULL when TEXT
 * has none (or memory ran out: nr_alloc_failed says which); else the new
 * text, *OUT_LEN bytes, to free(). */
char *nr_strip_site_markup(const char *text, size_t len, size_t *out_len);

/* From PATH, what a site's layout says of an article that its text did
 * not: a page bundle (DIR/index.md) is named by its folder, a Jekyll post
 * (2024-05-01-title.md) by its file name less the date, which is its date
 * when the front matter has none. */
void nr_article_from_site_path(tutur_article *a, const char *path);

#endif
