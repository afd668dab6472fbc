/* feed_input.h: RSS and Atom feeds and WordPress exports as input. */
#ifndef TUTUR_FEED_INPUT_H
#define TUTUR_FEED_INPUT_H

#include "internal.h"
#include "site_walk.h"

typedef enum nr_feed_kind {
    NR_NOT_XML = 0, /* not XML, or XHTML: an article */
    NR_FEED_RSS,
    NR_FEED_ATOM,
    NR_FEED_WXR,
    NR_OTHER_XML, /* XML that is none of these: refused */
} nr_feed_kind;

/* The name of DATA's root element, into NAME; NULL when it has none. */
const char *nr_xml_root(const char *data, size_t len, char name[32]);
/* What DATA is, by its root element (ROOT receives its name). */
nr_feed_kind nr_feed_kind_of(const char *data, size_t len, char root[32]);
/* "an RSS feed", "an Atom feed", "a WordPress export". */
const char *nr_feed_kind_name(nr_feed_kind kind);
/* Each published article of the feed at PATH (DATA, LEN bytes) as an
 * HTML page in DIR, appended to LIST. */
tutur_status nr_feed_expand(tutur_ctx *ctx, const char *path, const char *data, size_t len,
                            const char *dir, nr_site_list *list);

#endif
