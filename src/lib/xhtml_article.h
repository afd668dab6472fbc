/* xhtml_article.h: the article's text as (X)HTML elements with an id on
 * every sentence and every chapter heading, for the listening page, the
 * EPUB content document and the DAISY text.  One writer (libxml2's
 * xmlTextWriter) for all three, so the ids and times agree. */
#ifndef TUTUR_XHTML_ARTICLE_H
#define TUTUR_XHTML_ARTICLE_H

#include <libxml/xmlwriter.h>

#include "internal.h"

typedef struct nr_article_markup {
    int heading_offset;  /* added to a chapter's level (the title is h1 at 0) */
    bool times;          /* data-begin/data-end (seconds) on sentences */
    bool title;          /* write the title as h1 */
    const char *id_prefix; /* before "s12", "ch-3"; "" for none */
    int above;           /* the heading level just before the article's first heading:
                          * levels never jump by more than one from there */
    bool xml_lang;       /* xml:lang beside lang (XHTML) */
} nr_article_markup;

/* Writes the article's body (title, headings, paragraphs, lists, quotes)
 * into W, sentences as <span id="sN">, chapter headings with id "ch-N".
 * Returns the writer's first failure (negative) or 0. */
int nr_write_article(xmlTextWriterPtr w, const tutur_script *s, const tutur_timeline *tl,
                     const nr_article_markup *m);

/* Only the title, as h1 id "ch-1" with its sentence spans. */
int nr_write_title(xmlTextWriterPtr w, const tutur_script *s, const tutur_timeline *tl,
                   const nr_article_markup *m);

/* A stretch of audio for one sentence in a book's media overlay. */
typedef struct nr_clip {
    size_t sentence; /* index into tutur_timeline.sentences */
    int64_t begin, end;
} nr_clip;

/* Clips that tile [FROM, TO) exactly: one per sentence starting in it, from
 * its start to the next one's (the first from FROM, the last to TO), so
 * pauses are played too.  A sentence shorter than a millisecond joins the
 * clip before.  Returns the count (0 when out of memory); free(*OUT). */
size_t nr_clips(const tutur_timeline *tl, int64_t from, int64_t to, nr_clip **out);

/* Seconds with three decimals: "23.244". */
void nr_seconds(int64_t samples, int rate, char buf[32]);
/* The global sentence index of segment span SPAN's first sentence. */
size_t nr_first_sentence_of_span(const tutur_timeline *tl, size_t span);

#endif
