/* byline.h: writers' names from bylines and metadata (byline.c). */
#ifndef TUTUR_BYLINE_H
#define TUTUR_BYLINE_H

#include "internal.h"

/* One to MAX_WORDS capitalized words (or connectors such as "bin", "dan"),
 * of letters, dots, apostrophes and dashes. */
bool nr_name_shaped(const char *s, size_t max_words);
/* Whether NAME is an organisation rather than a person: the site's own
 * name (SITE, may be NULL), or an org rule of LANG. */
bool nr_is_organisation(const tutur_lang *lang, const char *name, const char *site);
/* The writer named by the byline TEXT, or NULL: an author rule's name,
 * else, when LOOSE (TEXT is all a byline element holds), the text before a
 * " - ", "|" or " / " when shaped like a name.  Never an organisation;
 * capitals become a capitalized name.  free() it. */
char *nr_byline_name(const tutur_lang *lang, const char *text, bool loose, const char *site);

#endif
