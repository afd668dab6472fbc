/* feed_input.c: feeds and CMS exports as input.  An RSS 2.0 feed or an
 * Atom feed with full content (content:encoded, Atom content), or a
 * WordPress export (WXR, RSS with wp: elements), holds many articles.
 * Each published one becomes a small HTML page in a scratch folder, its
 * title, author, date, link and categories as the meta tags the HTML
 * reader reads, its body as the feed gives it, and is narrated like any
 * page.  Any other XML is refused, never read aloud as markup.
 *
 * libxml2 parses the feed without the network and without loading
 * external entities or DTDs. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "feed_input.h"
#include "stale.h"

#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_WP "http://wordpress.org/export/"
#define NS_ATOM "http://www.w3.org/2005/Atom"

const char *nr_xml_root(const char *s, size_t n, char name[32]) {
    size_t i = n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    name[0] = '\0';
    for (;;) {
        while (i < n && isspace((unsigned char)s[i]))
            i++;
        if (i + 1 >= n || s[i] != '<')
            return NULL;
        if (s[i + 1] != '?' && s[i + 1] != '!')
            break;
        const char *close = s[i + 1] == '!' && i + 3 < n && s[i + 2] == '-' && s[i + 3] == '-'
                                ? "-->" : ">";
        size_t k = strlen(close), j = i + 2;
        while (j + k <= n && memcmp(s + j, close, k) != 0)
            j++;
        if (j + k > n)
            return NULL;
        i = j + k;
    }
    size_t j = ++i, len = 0;
    while (j < n && len < 31 && (isalnum((unsigned char)s[j]) || s[j] == ':' || s[j] == '-' ||
                                 s[j] == '_'))
        name[len++] = s[j++];
    name[len] = '\0';
    return len ? name : NULL;
}

nr_feed_kind nr_feed_kind_of(const char *data, size_t len, char root[32]) {
    if (!nr_xml_root(data, len, root))
        return NR_NOT_XML;
    if (strcasecmp(root, "html") == 0)
        return NR_NOT_XML; /* XHTML: a page */
    size_t i = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < len && isspace((unsigned char)data[i]))
        i++;
    bool declared = len - i >= 5 && memcmp(data + i, "<?xml", 5) == 0;
    if (strcmp(root, "rss") == 0) {
        size_t k = len < 4096 ? len : 4096;
        for (size_t j = 0; j + 28 < k; j++)
            if (memcmp(data + j, NS_WP, 28) == 0)
                return NR_FEED_WXR;
        return NR_FEED_RSS;
    }
    if (strcmp(root, "feed") == 0)
        return NR_FEED_ATOM;
    /* declared XML with another root; without the declaration, a page
     * fragment (<div>, <p>) that the HTML reader takes */
    return declared ? NR_OTHER_XML : NR_NOT_XML;
}

const char *nr_feed_kind_name(nr_feed_kind kind) {
    return kind == NR_FEED_WXR ? "a WordPress export" : kind == NR_FEED_ATOM ? "an Atom feed"
                                                                              : "an RSS feed";
}

/* ----- the feed's elements ----- */

static bool is(const xmlNode *n, const char *name, const char *ns_prefix) {
    if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, name) != 0)
        return false;
    const char *href = n->ns ? (const char *)n->ns->href : NULL;
    if (!ns_prefix)
        return !href || strcmp(href, NS_ATOM) == 0; /* plain RSS, or Atom's own */
    return href && strncmp(href, ns_prefix, strlen(ns_prefix)) == 0;
}

static const xmlNode *child(const xmlNode *n, const char *name, const char *ns) {
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (is(c, name, ns))
            return c;
    return NULL;
}

/* The text of a child element, trimmed; NULL when absent or empty.  free() it. */
static char *text_of(const xmlNode *n, const char *name, const char *ns) {
    const xmlNode *c = child(n, name, ns);
    xmlChar *t = c ? xmlNodeGetContent(c) : NULL;
    if (!t)
        return NULL;
    char *s = nr_squeeze_spaces((const char *)t, strlen((const char *)t));
    xmlFree(t);
    if (s && !s[0]) {
        free(s);
        return NULL;
    }
    return s;
}

static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* RFC 822 ("Wed, 01 May 2024 08:30:00 +0700") as ISO 8601; NULL when it is
 * not one.  By hand: strptime's month names follow the locale. */
static char *rfc822_iso(const char *s) {
    const char *p = strchr(s, ',');
    p = p ? p + 1 : s;
    int day, year, h = 0, m = 0, sec = 0;
    char mon[4] = "", zone[8] = "";
    int got = sscanf(p, " %d %3s %d %d:%d:%d %7s", &day, mon, &year, &h, &m, &sec, zone);
    if (got < 5 && (got = sscanf(p, " %d %3s %d %d:%d %7s", &day, mon, &year, &h, &m, zone)) < 5)
        return NULL;
    int month = 0;
    for (int i = 0; i < 12 && !month; i++)
        if (strcasecmp(mon, months[i]) == 0)
            month = i + 1;
    if (!month || day < 1 || day > 31 || year < 1900 || year > 9999)
        return NULL;
    char offset[8] = "+00:00"; /* GMT, UT, Z */
    if ((zone[0] == '+' || zone[0] == '-') && strlen(zone) == 5)
        snprintf(offset, sizeof offset, "%c%.2s:%.2s", zone[0], zone + 1, zone + 3);
    char out[40];
    snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d%s", year, month, day, h, m, sec,
             offset);
    return nr_strdup(out);
}

/* The item's address: its link (Atom: the alternate one). */
static char *link_of(const xmlNode *item, bool atom) {
    if (!atom)
        return text_of(item, "link", NULL);
    for (const xmlNode *c = item->children; c; c = c->next) {
        if (!is(c, "link", NULL))
            continue;
        xmlChar *rel = xmlGetProp(c, (const xmlChar *)"rel");
        bool alternate = !rel || strcmp((const char *)rel, "alternate") == 0;
        xmlFree(rel);
        xmlChar *href = alternate ? xmlGetProp(c, (const xmlChar *)"href") : NULL;
        if (href) {
            char *s = nr_strdup((const char *)href);
            xmlFree(href);
            return s;
        }
    }
    return NULL;
}

/* The article's name: WordPress's post_name, else the last part of its
 * address, else its title. */
static char *slug_of(const xmlNode *item, const char *link, const char *title) {
    char *slug = text_of(item, "post_name", NS_WP);
    if (slug)
        return slug;
    if (link) {
        const char *end = link + strlen(link);
        while (end > link && end[-1] == '/')
            end--;
        const char *start = end;
        while (start > link && start[-1] != '/')
            start--;
        const char *q = memchr(start, '?', (size_t)(end - start));
        if (q)
            end = q;
        const char *dot = memchr(start, '.', (size_t)(end - start));
        if (dot && dot > start)
            end = dot;
        if (end > start && !memchr(start, ':', (size_t)(end - start)))
            return nr_strndup(start, (size_t)(end - start));
    }
    return title ? nr_strdup(title) : NULL;
}

static void put_attr(nr_buf *b, const char *s) {
    for (; *s; s++)
        switch (*s) {
        case '&': nr_buf_puts(b, "&amp;"); break;
        case '"': nr_buf_puts(b, "&quot;"); break;
        case '<': nr_buf_puts(b, "&lt;"); break;
        case '>': nr_buf_puts(b, "&gt;"); break;
        default: nr_buf_putc(b, *s);
        }
}

static void put_meta(nr_buf *b, const char *attr, const char *key, const char *value) {
    if (!value)
        return;
    nr_buf_puts(b, "<meta ");
    nr_buf_puts(b, attr);
    nr_buf_puts(b, "=\"");
    nr_buf_puts(b, key);
    nr_buf_puts(b, "\" content=\"");
    put_attr(b, value);
    nr_buf_puts(b, "\">\n");
}

/* The body: content:encoded (RSS, WXR) or Atom content, else the
 * description or summary. */
static void put_body(nr_buf *b, const xmlNode *item, bool atom) {
    const xmlNode *c = atom ? child(item, "content", NULL) : child(item, "encoded", NS_CONTENT);
    if (!c)
        c = atom ? child(item, "summary", NULL) : child(item, "description", NULL);
    if (!c)
        return;
    xmlChar *type = atom ? xmlGetProp(c, (const xmlChar *)"type") : NULL;
    if (type && strcmp((const char *)type, "xhtml") == 0) {
        /* markup as XML children: serialized as it stands */
        xmlBufferPtr xb = xmlBufferCreate();
        for (const xmlNode *k = c->children; xb && k; k = k->next)
            xmlNodeDump(xb, c->doc, (xmlNode *)k, 0, 0);
        if (xb)
            nr_buf_puts(b, (const char *)xmlBufferContent(xb));
        xmlBufferFree(xb);
    } else {
        xmlChar *t = xmlNodeGetContent(c);
        bool text = type && strcmp((const char *)type, "text") == 0;
        if (t && text) { /* plain text: its paragraphs */
            nr_buf_puts(b, "<p>");
            for (const char *p = (const char *)t; *p; p++) {
                if (p[0] == '\n' && p[1] == '\n') {
                    nr_buf_puts(b, "</p>\n<p>");
                    p++;
                } else if (*p == '<') {
                    nr_buf_puts(b, "&lt;");
                } else if (*p == '&') {
                    nr_buf_puts(b, "&amp;");
                } else {
                    nr_buf_putc(b, *p);
                }
            }
            nr_buf_puts(b, "</p>");
        } else if (t) {
            nr_buf_puts(b, (const char *)t); /* HTML, escaped in the feed */
        }
        xmlFree(t);
    }
    xmlFree(type);
}

/* Writes TEXT to DIR/NAME.html (a new name when taken: -2, -3...). */
static tutur_status write_page(tutur_ctx *ctx, const char *dir, const char *slug,
                               const char *text, size_t len, const struct stat *feed,
                               nr_site_list *list, size_t *cap) {
    char *name = tutur_slugify(slug);
    if (!name)
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    char path[2048];
    int fd = -1;
    for (int k = 1; fd < 0 && k < 1000; k++) {
        if (k == 1)
            snprintf(path, sizeof path, "%s/%s.html", dir, name);
        else
            snprintf(path, sizeof path, "%s/%s-%d.html", dir, name, k);
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    free(name);
    if (fd < 0)
        return nr_fail(ctx, nr_status_from_errno(errno), "%s: %s", path, strerror(errno));
    bool ok = write(fd, text, len) == (ssize_t)len;
    /* the page carries the feed's time: a narration keyed on it stays up to date */
    struct timespec times[2] = {feed->st_mtim, feed->st_mtim};
    futimens(fd, times);
    if (close(fd) != 0 || !ok)
        return nr_fail(ctx, TUTUR_E_IO, "%s: cannot write", path);
    char **grown = nr_grow(list->paths, cap, list->n + 1, sizeof *grown);
    if (!grown || !(grown[list->n] = nr_strdup(path)))
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    list->paths = grown;
    list->n++;
    return TUTUR_OK;
}

static tutur_status expand_item(tutur_ctx *ctx, const xmlNode *item, bool atom, bool wxr,
                                const char *lang, const char *dir, const struct stat *feed,
                                nr_site_list *list, size_t *cap, bool *taken) {
    *taken = false;
    if (wxr) { /* posts that are published, not pages, drafts or attachments */
        char *type = text_of(item, "post_type", NS_WP), *status = text_of(item, "status", NS_WP);
        bool post = (!type || strcmp(type, "post") == 0) && (!status || !strcmp(status, "publish"));
        free(type);
        free(status);
        if (!post)
            return TUTUR_OK;
    }
    char *title = text_of(item, "title", NULL);
    char *link = link_of(item, atom);
    char *author = text_of(item, "creator", NS_DC);
    if (!author && atom)
        author = text_of(child(item, "author", NULL), "name", NULL);
    if (!author && !atom)
        author = text_of(item, "author", NULL);
    char *date = NULL;
    if (atom) {
        date = text_of(item, "published", NULL);
        if (!date)
            date = text_of(item, "updated", NULL);
    } else {
        char *pub = text_of(item, "pubDate", NULL);
        date = pub ? rfc822_iso(pub) : NULL;
        free(pub);
        char *gmt = date ? NULL : text_of(item, "post_date_gmt", NS_WP);
        if (gmt && strlen(gmt) == 19 && strncmp(gmt, "0000", 4) != 0) {
            gmt[10] = 'T';
            date = nr_malloc(32);
            if (date)
                snprintf(date, 32, "%s+00:00", gmt);
        }
        free(gmt);
    }
    nr_buf cats = {0};
    for (const xmlNode *c = item->children; c; c = c->next) {
        if (!is(c, "category", NULL))
            continue;
        xmlChar *t = atom ? xmlGetProp(c, (const xmlChar *)"term") : xmlNodeGetContent(c);
        if (t && t[0]) {
            if (cats.len)
                nr_buf_puts(&cats, ", ");
            nr_buf_puts(&cats, (const char *)t);
        }
        xmlFree(t);
    }
    nr_buf page = {0};
    nr_buf_puts(&page, "<!DOCTYPE html>\n<html");
    if (lang) {
        nr_buf_puts(&page, " lang=\"");
        put_attr(&page, lang);
        nr_buf_puts(&page, "\"");
    }
    nr_buf_puts(&page, ">\n<head>\n<meta charset=\"utf-8\">\n<title>");
    if (title)
        put_attr(&page, title);
    nr_buf_puts(&page, "</title>\n");
    put_meta(&page, "property", "og:title", title);
    put_meta(&page, "name", "author", author);
    put_meta(&page, "property", "article:published_time", date);
    put_meta(&page, "name", "keywords", cats.len ? nr_buf_cstr(&cats) : NULL);
    if (link && nr_is_web_url(link)) {
        nr_buf_puts(&page, "<link rel=\"canonical\" href=\"");
        put_attr(&page, link);
        nr_buf_puts(&page, "\">\n");
    }
    nr_buf_puts(&page, "</head>\n<body>\n<article>\n<h1>");
    if (title)
        put_attr(&page, title);
    nr_buf_puts(&page, "</h1>\n");
    put_body(&page, item, atom);
    nr_buf_puts(&page, "\n</article>\n</body>\n</html>\n");
    char *slug = slug_of(item, link, title);
    tutur_status st = TUTUR_OK;
    if (page.failed || !slug)
        st = nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    else
        st = write_page(ctx, dir, slug, page.data, page.len, feed, list, cap);
    *taken = st == TUTUR_OK;
    free(slug);
    nr_buf_free(&page);
    nr_buf_free(&cats);
    free(title);
    free(link);
    free(author);
    free(date);
    return st;
}

tutur_status nr_feed_expand(tutur_ctx *ctx, const char *path, const char *data, size_t len,
                            const char *dir, nr_site_list *list) {
    char root[32];
    nr_feed_kind kind = nr_feed_kind_of(data, len, root);
    struct stat feed;
    if (stat(path, &feed) != 0)
        return nr_fail(ctx, nr_status_from_errno(errno), "%s: %s", path, strerror(errno));
    xmlDocPtr doc = xmlReadMemory(data, (int)(len < INT32_MAX ? len : INT32_MAX), path, NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlNode *top = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!top) {
        const xmlError *e = xmlGetLastError();
        char why[200] = "";
        if (e && e->message) {
            snprintf(why, sizeof why, ": %s", e->message);
            why[strcspn(why, "\n")] = '\0';
        }
        xmlFreeDoc(doc);
        return nr_fail(ctx, TUTUR_E_INVALID, "%s: not well-formed XML%s", path, why);
    }
    bool atom = kind == NR_FEED_ATOM;
    const xmlNode *channel = atom ? top : child(top, "channel", NULL);
    char *lang = text_of(channel, "language", NULL);
    if (!lang && atom) {
        xmlChar *l = xmlNodeGetLang(top);
        lang = l ? nr_strdup((const char *)l) : NULL;
        xmlFree(l);
    }
    size_t cap = list->n, found = 0, before = list->n;
    tutur_status st = TUTUR_OK;
    for (const xmlNode *c = channel ? channel->children : NULL; c && st == TUTUR_OK; c = c->next) {
        if (!is(c, atom ? "entry" : "item", NULL))
            continue;
        bool taken;
        st = expand_item(ctx, c, atom, kind == NR_FEED_WXR, lang, dir, &feed, list, &cap, &taken);
        found += taken;
    }
    free(lang);
    xmlFreeDoc(doc);
    if (st == TUTUR_OK && list->n == before)
        st = nr_fail(ctx, TUTUR_E_EMPTY, "%s: %s with no published articles", path,
                     nr_feed_kind_name(kind));
    (void)found;
    return st;
}
