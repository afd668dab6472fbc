/* read_any.c: reading an article file in whichever format it is: the
 * format from the extension or a look at the content (or as forced), then
 * the format's reader. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "feed_input.h"
#include "site_markup.h"

/* Far beyond any article or page; a guard against reading a disk image. */
#define MAX_INPUT_BYTES (64u * 1024u * 1024u)

const char *tutur_format_name(tutur_format f) {
    switch (f) {
    case TUTUR_FORMAT_TEXT: return "text";
    case TUTUR_FORMAT_MARKDOWN: return "markdown";
    case TUTUR_FORMAT_HTML: return "html";
    case TUTUR_FORMAT_AUTO: break;
    }
    return "auto";
}

static bool starts_with_ci(const char *s, size_t n, const char *prefix) {
    size_t k = strlen(prefix);
    return n >= k && strncasecmp(s, prefix, k) == 0;
}

/* Markdown only on strong signs: front matter, an ATX heading ("# Judul"),
 * a setext underline or a code fence.  Plain text misread as Markdown
 * loses its numbered headings to ordered lists, so doubt means text. */
static bool looks_markdown(const char *s, size_t n) {
    if (starts_with_ci(s, n, "---\n") || starts_with_ci(s, n, "---\r\n") ||
        starts_with_ci(s, n, "+++\n"))
        return true;
    size_t limit = n < 65536 ? n : 65536;
    bool prev_text = false;
    for (size_t i = 0; i < limit;) {
        const char *line = s + i;
        const char *nl = memchr(line, '\n', limit - i);
        size_t len = nl ? (size_t)(nl - line) : limit - i;
        size_t h = 0;
        while (h < len && h < 7 && line[h] == '#')
            h++;
        if (h >= 1 && h <= 6 && h < len && line[h] == ' ')
            return true;
        if (len >= 3 && (strncmp(line, "```", 3) == 0 || strncmp(line, "~~~", 3) == 0))
            return true;
        size_t u = 0;
        while (u < len && (line[u] == '=' || line[u] == '-'))
            u++;
        while (u < len && (line[u] == ' ' || line[u] == '\r'))
            u++;
        if (prev_text && len >= 3 && u == len && (line[0] == '=' || line[0] == '-'))
            return true;
        prev_text = len > 0 && line[0] != ' ' && line[0] != '\r';
        i += len + 1;
    }
    return false;
}

static bool looks_html(const char *s, size_t n) {
    size_t i = 0;
    if (n >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB)
        i = 3;
    while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t'))
        i++;
    const char *p = s + i;
    size_t m = n - i;
    if (starts_with_ci(p, m, "<!doctype html") || starts_with_ci(p, m, "<html") ||
        starts_with_ci(p, m, "<head") || starts_with_ci(p, m, "<body") ||
        starts_with_ci(p, m, "<meta") || starts_with_ci(p, m, "<!--"))
        return true;
    if (starts_with_ci(p, m, "<?xml")) {
        size_t k = m < 1024 ? m : 1024;
        for (size_t j = 0; j + 5 < k; j++)
            if (starts_with_ci(p + j, k - j, "<html"))
                return true;
    }
    return m > 0 && p[0] == '<' && (starts_with_ci(p, m, "<div") || starts_with_ci(p, m, "<p>") ||
                                    starts_with_ci(p, m, "<article") || starts_with_ci(p, m, "<h1"));
}

static bool ends_with_ci(const char *s, const char *suffix) {
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

tutur_format tutur_detect_format(const char *path, const char *data, size_t len) {
    if (path && strcmp(path, "-") != 0) {
        if (ends_with_ci(path, ".md") || ends_with_ci(path, ".markdown") ||
            ends_with_ci(path, ".mdown") || ends_with_ci(path, ".mkd"))
            return TUTUR_FORMAT_MARKDOWN;
        if (ends_with_ci(path, ".html") || ends_with_ci(path, ".htm") ||
            ends_with_ci(path, ".xhtml"))
            return TUTUR_FORMAT_HTML;
        if (ends_with_ci(path, ".txt") || ends_with_ci(path, ".text"))
            return TUTUR_FORMAT_TEXT;
    }
    if (looks_html(data, len))
        return TUTUR_FORMAT_HTML;
    if (looks_markdown(data, len))
        return TUTUR_FORMAT_MARKDOWN;
    return TUTUR_FORMAT_TEXT;
}

tutur_status tutur_read_file(tutur_ctx *ctx, const char *path, tutur_format format,
                             const tutur_lang *lang, tutur_article **out) {
    nr_clear(ctx); /* a message is about the last call only */
    *out = NULL;
    const char *name = strcmp(path, "-") == 0 ? "standard input" : path;
    char *data = NULL;
    size_t len = 0;
    tutur_status st = nr_read_file(ctx, path, MAX_INPUT_BYTES, &data, &len);
    if (st == TUTUR_E_TOO_LARGE)
        return nr_fail(ctx, st, "%s: larger than %u MB", name, MAX_INPUT_BYTES >> 20);
    if (st != TUTUR_OK)
        return st;
    char root[32];
    nr_feed_kind kind = format == TUTUR_FORMAT_AUTO ? nr_feed_kind_of(data, len, root) : NR_NOT_XML;
    if (kind != NR_NOT_XML) {
        free(data);
        if (kind == NR_OTHER_XML)
            return nr_fail(ctx, TUTUR_E_INVALID, "%s: an XML document (<%s>), not an article, an "
                           "RSS or Atom feed or a WordPress export", name, root);
        return nr_fail(ctx, TUTUR_E_INVALID, "%s: %s holds many articles: narrate it into a "
                       "folder (tutur narrate -o DIR/ %s)", name, nr_feed_kind_name(kind), name);
    }
    if (format == TUTUR_FORMAT_AUTO)
        format = tutur_detect_format(path, data, len);
    if (format == TUTUR_FORMAT_HTML) {
        size_t k = 0;
        while (k < len && (data[k] == ' ' || data[k] == '\n' || data[k] == '\r' || data[k] == '\t'))
            k++;
        st = k == len ? nr_fail(ctx, TUTUR_E_EMPTY, "%s: the page is empty", name)
                      : tutur_read_html(ctx, name, data, len, lang, out);
        free(data);
        return st;
    }
    size_t skip = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    st = nr_check_text(ctx, name, data + skip, len - skip);
    if (st == TUTUR_OK)
        st = format == TUTUR_FORMAT_MARKDOWN
                 ? tutur_read_markdown(ctx, name, data + skip, len - skip, lang, out)
                 : tutur_read_text(ctx, name, data + skip, len - skip, lang, out);
    free(data);
    if (st == TUTUR_OK && format == TUTUR_FORMAT_MARKDOWN)
        nr_article_from_site_path(*out, path); /* a Hugo bundle, a Jekyll post */
    return st;
}
