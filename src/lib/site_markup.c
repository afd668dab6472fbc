/* site_markup.c: the template markup of static-site generators in a
 * Markdown article, which is for the generator and never for the listener.
 * Hugo shortcodes ({{< name >}}, {{% name %}}) and Liquid tags ({% tag %})
 * are taken out; what a paired shortcode encloses stays, as does a
 * caption="..." of a figure; Liquid and Go template output ({{ x }}) and
 * comments go; a Liquid highlight block becomes a fenced code block (the
 * reader says the code notice for it). */
#include <string.h>

#include "site_markup.h"

/* The first WHAT in [S, END), or NULL (memmem is not standard C). */
static const char *find(const char *s, const char *end, const char *what) {
    size_t k = strlen(what);
    for (; s + k <= end; s++)
        if (memcmp(s, what, k) == 0)
            return s;
    return NULL;
}

/* The end of the tag that starts at S (just past its closing
 * delimiter), or NULL when it is never closed on the same few lines. */
static const char *tag_end(const char *s, const char *end, const char *close) {
    size_t k = strlen(close);
    int lines = 0;
    for (const char *p = s + 2; p + k <= end; p++) {
        if (*p == '\n' && ++lines > 8)
            return NULL; /* a stray "{{" in the text, not a tag */
        if (memcmp(p, close, k) == 0)
            return p + k;
    }
    return NULL;
}

/* caption="..." (or '...') inside a tag: appended to B. */
static void keep_caption(nr_buf *b, const char *s, const char *end) {
    static const char key[] = "caption=";
    for (const char *p = s; p + sizeof key < end; p++) {
        if (memcmp(p, key, sizeof key - 1) != 0 || (p > s && p[-1] != ' '))
            continue;
        char q = p[sizeof key - 1];
        if (q != '"' && q != '\'')
            return;
        const char *v = p + sizeof key, *e = memchr(v, q, (size_t)(end - v));
        if (e && e > v) {
            nr_buf_append(b, v, (size_t)(e - v));
        }
        return;
    }
}

/* The word right after the opening delimiter: "highlight", "/note". */
static size_t tag_name(const char *s, const char *end, const char **name) {
    const char *p = s + 2;
    while (p < end && (*p == '<' || *p == '%' || *p == '-' || *p == ' '))
        p++;
    *name = p;
    while (p < end && *p != ' ' && *p != '%' && *p != '>' && *p != '}')
        p++;
    return (size_t)(p - *name);
}

static bool named(const char *name, size_t n, const char *want) {
    return n == strlen(want) && memcmp(name, want, n) == 0;
}

char *nr_strip_site_markup(const char *text, size_t len, size_t *out_len) {
    if (!memchr(text, '{', len))
        return NULL; /* nothing to do: the caller keeps its text */
    nr_buf b = {0};
    const char *s = text, *end = text + len;
    bool changed = false;
    while (s < end) {
        const char *brace = memchr(s, '{', (size_t)(end - s));
        if (!brace || brace + 1 >= end) {
            nr_buf_append(&b, s, (size_t)(end - s));
            break;
        }
        nr_buf_append(&b, s, (size_t)(brace - s));
        s = brace;
        const char *close = NULL;
        if (s[1] == '{' && s + 2 < end && s[2] == '<')
            close = ">}}";
        else if (s[1] == '{' && s + 2 < end && s[2] == '%')
            close = "%}}";
        else if (s[1] == '{')
            close = "}}";
        else if (s[1] == '%')
            close = "%}";
        const char *after = close ? tag_end(s, end, close) : NULL;
        if (!after) {
            nr_buf_putc(&b, *s++);
            continue;
        }
        changed = true;
        const char *name;
        size_t n = tag_name(s, after, &name);
        if (close[0] == '%' && close[1] == '}' && named(name, n, "comment")) {
            /* {% comment %} ... {% endcomment %}: all of it goes */
            const char *stop = find(after, end, "endcomment");
            const char *stop_end = stop ? find(stop, end, "%}") : NULL;
            s = stop_end ? stop_end + 2 : after;
            continue;
        }
        if (close[0] == '%' && close[1] == '}' && named(name, n, "highlight"))
            nr_buf_puts(&b, "```");
        else if (close[0] == '%' && close[1] == '}' && named(name, n, "endhighlight"))
            nr_buf_puts(&b, "```");
        else
            keep_caption(&b, s, after);
        s = after;
    }
    if (!changed) {
        nr_buf_free(&b);
        return NULL;
    }
    *out_len = b.len;
    return nr_buf_take(&b);
}
