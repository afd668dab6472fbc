/* site_path.c: what an article's place in a Hugo or Jekyll tree says of
 * it (nr_article_from_site_path, in site_markup.h). */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "site_markup.h"

static bool is_date(const char *s) {
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? s[i] != '-' : !isdigit((unsigned char)s[i]))
            return false;
    return true;
}

void nr_article_from_site_path(tutur_article *a, const char *path) {
    if (!path || strcmp(path, "-") == 0)
        return;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t stem = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    if (stem == 5 && strncasecmp(base, "index", 5) == 0 && base != path) {
        /* a page bundle: content/posts/my-post/index.md is "my-post" */
        const char *end = base - 1, *start = end;
        while (start > path && start[-1] != '/')
            start--;
        if (!a->slug && end > start)
            a->slug = nr_strndup(start, (size_t)(end - start));
        return;
    }
    if (stem > 11 && is_date(base) && base[10] == '-') {
        /* Jekyll: _posts/2024-05-01-my-post.md */
        if (!a->slug)
            a->slug = nr_strndup(base + 11, stem - 11);
        if (!a->date)
            a->date = nr_strndup(base, 10);
    }
}
