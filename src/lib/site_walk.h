/* site_walk.h: the articles of a folder (a Hugo or Jekyll tree). */
#ifndef TUTUR_SITE_WALK_H
#define TUTUR_SITE_WALK_H

#include "internal.h"

typedef struct nr_site_list {
    char **paths;
    size_t n;
} nr_site_list;

/* Appends the articles under DIR to LIST, in name order, leaving out the
 * folder SKIP (the output folder; NULL: none).  TUTUR_E_EMPTY when it
 * holds none. */
tutur_status nr_site_walk(tutur_ctx *ctx, const char *dir, const char *skip, nr_site_list *list);
void nr_site_list_clear(nr_site_list *list);

#endif
