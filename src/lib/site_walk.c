/* site_walk.c: the articles of a folder: a Hugo or Jekyll content tree, or
 * any folder of articles.  Files whose extension a reader knows (.md,
 * .markdown, .html, .htm, .xhtml, .txt), in name order, at any depth;
 * never what a generator keeps for itself: hidden entries, folders and
 * files whose names begin with "_" (Jekyll's _layouts, _includes,
 * _drafts; Hugo's _index.md list pages) except Jekyll's _posts; and
 * never the folder the narrations go into. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "site_walk.h"

static bool article_name(const char *name) {
    static const char *const exts[] = {".md", ".markdown", ".html", ".htm", ".xhtml", ".txt"};
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < sizeof exts / sizeof exts[0]; i++)
        if (strcasecmp(dot, exts[i]) == 0)
            return true;
    return false;
}

/* What a generator keeps for itself: "_" names (Jekyll's _layouts,
 * _includes, _drafts; Hugo's _index.md), but Jekyll's _posts. */
static bool not_generators(const char *name) {
    return name[0] != '_' || strcmp(name, "_posts") == 0;
}

typedef struct walk {
    tutur_ctx *ctx;
    nr_site_list *list;
    size_t cap;
    dev_t skip_dev;
    ino_t skip_ino;
    bool skip;
} walk;

static tutur_status add(walk *w, char *path) {
    char **grown = nr_grow(w->list->paths, &w->cap, w->list->n + 1, sizeof *grown);
    if (!grown) {
        free(path);
        return nr_fail(w->ctx, TUTUR_E_NOMEM, "out of memory");
    }
    w->list->paths = grown;
    grown[w->list->n++] = path;
    return TUTUR_OK;
}

static tutur_status walk_dir(walk *w, const char *dir, int depth) {
    if (depth > 32)
        return nr_fail(w->ctx, TUTUR_E_INVALID, "%s: folders nested too deep", dir);
    char **names;
    size_t n;
    tutur_status st = nr_dir_names(w->ctx, dir, not_generators, &names, &n);
    if (st != TUTUR_OK)
        return st;
    size_t dir_len = strlen(dir);
    for (size_t i = 0; i < n; i++) {
        size_t len = dir_len + strlen(names[i]) + 2;
        char *path = st == TUTUR_OK ? malloc(len) : NULL;
        if (path)
            snprintf(path, len, "%s%s%s", dir, dir[dir_len - 1] == '/' ? "" : "/", names[i]);
        else if (st == TUTUR_OK)
            st = nr_fail(w->ctx, TUTUR_E_NOMEM, "out of memory");
        struct stat sb;
        if (path && stat(path, &sb) == 0) {
            if (S_ISDIR(sb.st_mode) && !(w->skip && sb.st_dev == w->skip_dev &&
                                         sb.st_ino == w->skip_ino))
                st = walk_dir(w, path, depth + 1);
            else if (S_ISREG(sb.st_mode) && article_name(names[i])) {
                st = add(w, path);
                path = NULL;
            }
        }
        free(path);
    }
    if (n)
        nr_names_free(names, n);
    return st;
}

tutur_status nr_site_walk(tutur_ctx *ctx, const char *dir, const char *skip, nr_site_list *list) {
    walk w = {ctx, list, list->n, 0, 0, false};
    struct stat sb;
    if (skip && stat(skip, &sb) == 0) {
        w.skip = true;
        w.skip_dev = sb.st_dev;
        w.skip_ino = sb.st_ino;
    }
    size_t before = list->n;
    tutur_status st = walk_dir(&w, dir, 0);
    if (st == TUTUR_OK && list->n == before)
        st = nr_fail(ctx, TUTUR_E_EMPTY, "%s: no articles in the folder (.md, .html, .txt)", dir);
    return st;
}

void nr_site_list_clear(nr_site_list *list) {
    for (size_t i = 0; i < list->n; i++)
        free(list->paths[i]);
    free(list->paths);
    list->paths = NULL;
    list->n = 0;
}
