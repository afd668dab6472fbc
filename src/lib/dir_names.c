/* dir_names.c: the entries of a folder in name order (nr_dir_names), for
 * what must not depend on the order readdir happens to give: a site's
 * articles, a DAISY book's files, a language's data fingerprint. */
#include <dirent.h>
#include <errno.h>
#include <string.h>

#include "internal.h"

static int by_name(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

tutur_status nr_dir_names(tutur_ctx *ctx, const char *dir, bool (*keep)(const char *name),
                          char ***names, size_t *n) {
    *names = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return nr_fail(ctx, nr_status_from_errno(errno), "%s: %s", dir, strerror(errno));
    char **list = NULL;
    size_t count = 0, cap = 0;
    tutur_status st = TUTUR_OK;
    for (struct dirent *e; st == TUTUR_OK && (e = readdir(d));) {
        if (e->d_name[0] == '.' || (keep && !keep(e->d_name)))
            continue;
        char **grown = nr_grow(list, &cap, count + 1, sizeof *list);
        if (!grown || !(grown[count] = nr_strdup(e->d_name)))
            st = nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
        if (grown)
            list = grown;
        if (st == TUTUR_OK)
            count++;
    }
    closedir(d);
    if (st != TUTUR_OK) {
        nr_names_free(list, count);
        return st;
    }
    if (count)
        qsort(list, count, sizeof *list, by_name);
    *names = list;
    *n = count;
    return TUTUR_OK;
}

void nr_names_free(char **names, size_t n) {
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}
