/* html_tree.c: see html_tree.h.  Also the other users of libxml2's HTML
 * parser: fragments of HTML inside Markdown, and entity names. */
#define _GNU_SOURCE /* strcasestr */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uniconv.h>
#include <unistr.h>

#include "html_tree.h"

/* Deeper nesting is flattened into its ancestor (libxml2 stops at 256). */
#define MAX_DEPTH 400

typedef struct builder {
    h_tree *t;
    uint32_t cur;     /* the open element */
    int skip;         /* > 0 inside a dropped element: its depth */
    uint8_t *open;    /* per open element: 1 when flattened (no node) */
    size_t n_open, cap_open;
    int depth;        /* open elements that have nodes */
    int in_title;     /* inside <title> */
    int in_jsonld;    /* inside <script type="application/ld+json"> */
    pcre2_code *junk, *content;
    pcre2_match_data *md, *content_md;
    bool nomem;
} builder;

static const struct {
    const char *name;
    h_tag tag;
} tags[] = {
    {"html", H_HTML}, {"body", H_BODY}, {"article", H_ARTICLE}, {"main", H_MAIN},
    {"section", H_SECTION}, {"div", H_DIV}, {"p", H_P}, {"h1", H_H1}, {"h2", H_H2},
    {"h3", H_H3}, {"h4", H_H4}, {"h5", H_H5}, {"h6", H_H6}, {"ul", H_UL}, {"ol", H_OL},
    {"li", H_LI}, {"dl", H_DL}, {"dt", H_DT}, {"dd", H_DD}, {"blockquote", H_BLOCKQUOTE},
    {"table", H_TABLE}, {"caption", H_CAPTION}, {"tr", H_TR}, {"th", H_TH}, {"td", H_TD},
    {"thead", H_THEAD}, {"figure", H_FIGURE}, {"figcaption", H_FIGCAPTION}, {"img", H_IMG},
    {"pre", H_PRE}, {"br", H_BR}, {"hr", H_HR}, {"a", H_A}, {"strong", H_STRONG},
    {"b", H_B}, {"time", H_TIME}, {"nav", H_NAV}, {"header", H_HEADER},
    {"footer", H_FOOTER}, {"aside", H_ASIDE}, {"form", H_FORM}, {"address", H_ADDRESS},
};

/* Never read, with everything inside them. */
static const char *dropped[] = {
    "script", "style", "noscript", "iframe", "template", "svg", "math", "button", "select",
    "textarea", "input", "object", "embed", "canvas", "audio", "video", "map", "dialog",
};

const char *h_tag_name(uint8_t tag) {
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
        if (tags[i].tag == tag)
            return tags[i].name;
    return tag == H_TEXT ? "#text" : "?";
}

static h_tag tag_of(const char *name) {
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
        if (strcmp(tags[i].name, name) == 0)
            return tags[i].tag;
    return H_OTHER;
}

static bool is_dropped(const char *name) {
    for (size_t i = 0; i < sizeof dropped / sizeof dropped[0]; i++)
        if (strcmp(dropped[i], name) == 0)
            return true;
    return false;
}

static uint32_t put_str(builder *b, const char *s, size_t n) {
    uint32_t off = (uint32_t)b->t->arena.len;
    if (!nr_buf_append(&b->t->arena, s, n) || !nr_buf_putc(&b->t->arena, '\0'))
        b->nomem = true;
    return off;
}

static uint32_t new_node(builder *b, h_tag tag) {
    h_tree *t = b->t;
    h_node *p = nr_grow(t->nodes, &t->cap, t->n + 1, sizeof *p);
    if (!p) {
        b->nomem = true;
        return 0;
    }
    t->nodes = p;
    uint32_t i = (uint32_t)t->n++;
    t->nodes[i] = (h_node){.tag = (uint8_t)tag, .parent = b->cur};
    h_node *parent = &t->nodes[b->cur];
    if (parent->last)
        t->nodes[parent->last].next = i;
    else
        parent->first = i;
    parent->last = i;
    return i;
}

static const char *attr(const xmlChar **atts, const char *name) {
    for (size_t i = 0; atts && atts[i]; i += 2)
        if (strcasecmp((const char *)atts[i], name) == 0)
            return atts[i + 1] ? (const char *)atts[i + 1] : "";
    return NULL;
}

static bool hidden(const xmlChar **atts) {
    if (attr(atts, "hidden"))
        return true;
    const char *aria = attr(atts, "aria-hidden");
    if (aria && strcasecmp(aria, "true") == 0)
        return true;
    const char *style = attr(atts, "style");
    if (style) {
        /* display:none or visibility:hidden, spaces anywhere */
        char squeezed[256];
        size_t k = 0;
        for (const char *s = style; *s && k + 1 < sizeof squeezed; s++)
            if (*s != ' ' && *s != '\t' && *s != '\n')
                squeezed[k++] = (char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
        squeezed[k] = '\0';
        if (strstr(squeezed, "display:none") || strstr(squeezed, "visibility:hidden"))
            return true;
    }
    return false;
}

static bool matches(pcre2_code *re, pcre2_match_data *md, const char *s) {
    return re && md && s[0] &&
           pcre2_match(re, (PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED, 0, 0, md, NULL) >= 0;
}

bool h_is_block(uint8_t tag) {
    switch (tag) {
    case H_ARTICLE: case H_MAIN: case H_SECTION: case H_DIV: case H_P: case H_UL: case H_OL:
    case H_LI: case H_DL: case H_DT: case H_DD: case H_BLOCKQUOTE: case H_TABLE: case H_CAPTION:
    case H_TR: case H_TH: case H_TD: case H_FIGURE: case H_FIGCAPTION: case H_PRE: case H_HR:
    case H_NAV: case H_HEADER: case H_FOOTER: case H_ASIDE: case H_FORM: case H_ADDRESS:
    case H_BODY: case H_THEAD:
        return true;
    default:
        return h_is_heading(tag);
    }
}

/* Whether the space-separated token list LIST holds WORD (any case). */
static bool has_token(const char *list, const char *word) {
    size_t n = strlen(word);
    for (const char *p = list; p && *p;) {
        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
        size_t k = strcspn(p, " \t\n");
        if (k == n && strncasecmp(p, word, n) == 0)
            return true;
        p += k;
    }
    return false;
}

static void set(char **field, const char *value) {
    if (!*field && value && *value)
        *field = nr_squeeze_spaces(value, strlen(value));
}

static void meta(builder *b, const xmlChar **atts) {
    h_tree *t = b->t;
    const char *content = attr(atts, "content");
    if (!content)
        return;
    const char *key = attr(atts, "property");
    if (!key)
        key = attr(atts, "name");
    if (!key)
        key = attr(atts, "itemprop");
    if (!key)
        return;
    /* Sites name these many ways: og:title, twitter:title; author,
     * content_author, dtk:author; article:published_time, publishdate,
     * content_PublishedDate, datePublished... */
    if (strcasecmp(key, "og:url") == 0)
        set(&t->og_url, content);
    else if (strcasecmp(key, "og:title") == 0 || strcasecmp(key, "twitter:title") == 0)
        set(&t->og_title, content);
    else if (strcasecmp(key, "og:site_name") == 0 || strcasecmp(key, "application-name") == 0)
        set(&t->site_name, content);
    else if ((strcasecmp(key, "author") == 0 || strcasestr(key, ":author") ||
              strcasestr(key, "_author") || strcasecmp(key, "dc.creator") == 0) &&
             strncmp(content, "http", 4) != 0)
        set(&t->author, content);
    else if ((strcasestr(key, "publish") || strcasestr(key, "pubdate") ||
              strcasecmp(key, "date") == 0 || strcasecmp(key, "dc.date") == 0 ||
              strcasecmp(key, "dc.date.issued") == 0) &&
             !strcasestr(key, "modif") && !strcasestr(key, "update"))
        set(&t->date, content);
}

static void on_start(void *user, const xmlChar *xname, const xmlChar **atts) {
    builder *b = user;
    const char *name = (const char *)xname;
    if (b->skip) {
        b->skip++;
        return;
    }
    if (strcmp(name, "meta") == 0) {
        meta(b, atts);
        b->skip = 1; /* no content */
        return;
    }
    if (strcmp(name, "link") == 0) {
        if (has_token(attr(atts, "rel"), "canonical"))
            set(&b->t->canonical, attr(atts, "href"));
        b->skip = 1;
        return;
    }
    if (strcmp(name, "title") == 0 && !b->t->title) {
        b->in_title = 1;
        b->skip = 1;
        return;
    }
    if (strcmp(name, "script") == 0) {
        const char *type = attr(atts, "type");
        b->in_jsonld = type && strcasecmp(type, "application/ld+json") == 0;
        b->skip = 1;
        return;
    }
    /* Pages hidden on <html> or <body> until their script runs are shown
     * to every reader in the end: only hidden parts of a page are hidden. */
    bool root = strcmp(name, "html") == 0 || strcmp(name, "body") == 0;
    if (is_dropped(name) || (!root && hidden(atts))) {
        b->skip = 1;
        return;
    }
    h_tag tag = tag_of(name);
    if (tag == H_HTML) {
        const char *lang = attr(atts, "lang");
        set(&b->t->language, lang);
    }
    uint8_t *o = nr_grow(b->open, &b->cap_open, b->n_open + 1, 1);
    if (!o) {
        b->nomem = true;
        b->skip = 1;
        return;
    }
    b->open = o;
    bool flatten = b->depth >= MAX_DEPTH || tag == H_HTML;
    uint32_t i = flatten ? 0 : new_node(b, tag);
    b->open[b->n_open++] = !i;
    if (!i)
        return; /* flattened: its content goes to the open element */
    b->depth++;
    h_node *n = &b->t->nodes[i];
    const char *cls = attr(atts, "class"), *id = attr(atts, "id");
    char both[512];
    snprintf(both, sizeof both, "%s %s", cls ? cls : "", id ? id : "");
    if (tag != H_BODY && tag != H_MAIN && tag != H_ARTICLE && matches(b->junk, b->md, both))
        n->flags |= HF_JUNK;
    if (matches(b->content, b->content_md, both))
        n->flags |= HF_CONTENT;
    if (strcasestr(both, "byline") || strcasestr(both, "author") || strcasestr(both, "penulis") ||
        strcasestr(both, "reporter") || strcasestr(both, "writer"))
        n->flags |= HF_BYLINE;
    if (cls && cls[0]) {
        uint32_t h = 2166136261u; /* FNV-1a */
        for (const char *c = cls; *c; c++)
            h = (h ^ (uint8_t)*c) * 16777619u;
        n->cls = h ? h : 1;
    }
    const char *itemprop = attr(atts, "itemprop");
    if (has_token(itemprop, "articleBody"))
        n->flags |= HF_ARTICLE_BODY;
    if (has_token(itemprop, "author"))
        n->flags |= HF_AUTHOR;
    if (has_token(itemprop, "datePublished") && !b->t->date) {
        const char *v = attr(atts, "content")    ? attr(atts, "content")
                        : attr(atts, "datetime") ? attr(atts, "datetime")
                                                 : attr(atts, "title"); /* <abbr> */
        set(&b->t->date, v);
    }
    if (has_token(attr(atts, "rel"), "author"))
        n->flags |= HF_AUTHOR;
    const char *role = attr(atts, "role");
    if (has_token(role, "main"))
        n->flags |= HF_ROLE_MAIN;
    if (has_token(role, "navigation") || has_token(role, "banner") ||
        has_token(role, "contentinfo") || has_token(role, "complementary"))
        n->flags |= HF_JUNK;
    const char *lang = attr(atts, "lang");
    if (lang && *lang)
        n->lang = put_str(b, lang, strlen(lang)) + 1;
    const char *value = tag == H_IMG ? attr(atts, "alt") : tag == H_TIME ? attr(atts, "datetime")
                                                                         : NULL;
    if (value) {
        n = &b->t->nodes[i];
        n->len = (uint32_t)strlen(value);
        n->str = put_str(b, value, n->len);
    }
    b->cur = i;
}

static void on_end(void *user, const xmlChar *name) {
    (void)name;
    builder *b = user;
    if (b->skip) {
        if (--b->skip == 0) {
            if (b->in_jsonld && !nr_buf_putc(&b->t->jsonld, '\0'))
                b->nomem = true;
            b->in_title = b->in_jsonld = 0;
        }
        return;
    }
    if (!b->n_open)
        return;
    if (b->open[--b->n_open])
        return;
    b->depth--;
    if (b->cur)
        b->cur = b->t->nodes[b->cur].parent;
}

static void on_text(void *user, const xmlChar *ch, int len) {
    builder *b = user;
    h_tree *t = b->t;
    if (b->in_title) {
        /* the title arrives in pieces: gather it in a node-less string */
        size_t old = t->title ? strlen(t->title) : 0;
        char *p = realloc(t->title, old + (size_t)len + 1);
        if (!p) {
            b->nomem = true;
            return;
        }
        memcpy(p + old, ch, (size_t)len);
        p[old + (size_t)len] = '\0';
        t->title = p;
        return;
    }
    if (b->in_jsonld && b->skip == 1) {
        if (!nr_buf_append(&t->jsonld, (const char *)ch, (size_t)len))
            b->nomem = true;
        return;
    }
    if (b->skip || len <= 0)
        return;
    h_node *cur = &t->nodes[b->cur];
    if (cur->last && t->nodes[cur->last].tag == H_TEXT &&
        t->nodes[cur->last].str + t->nodes[cur->last].len + 1 == t->arena.len) {
        /* continue the text node just written: drop its NUL, append */
        h_node *last = &t->nodes[cur->last];
        t->arena.len--;
        if (!nr_buf_append(&t->arena, (const char *)ch, (size_t)len) ||
            !nr_buf_putc(&t->arena, '\0'))
            b->nomem = true;
        last->len += (uint32_t)len;
        return;
    }
    uint32_t i = new_node(b, H_TEXT);
    if (!i)
        return;
    t->nodes[i].str = put_str(b, (const char *)ch, (size_t)len);
    t->nodes[i].len = (uint32_t)len;
}

static void quiet(void *ctx, const char *msg, ...) {
    (void)ctx;
    (void)msg;
}

static pcre2_code *compile(const char *pattern, pcre2_match_data **md) {
    int err;
    PCRE2_SIZE at;
    pcre2_code *re = pattern ? pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                             PCRE2_CASELESS | PCRE2_UTF, &err, &at, NULL)
                             : NULL;
    *md = re ? pcre2_match_data_create_from_pattern(re, NULL) : NULL;
    return re;
}

bool h_tree_parse(h_tree *t, const char *data, size_t len, const char *junk,
                  const char *content) {
    memset(t, 0, sizeof *t);
    builder b = {.t = t};
    /* node 0: the root, parent of <body> and anything outside it */
    t->nodes = calloc(64, sizeof *t->nodes);
    if (!t->nodes)
        return false;
    t->cap = 64;
    t->n = 1;
    nr_buf_putc(&t->arena, '\0'); /* offset 0 is the empty string */
    b.junk = compile(junk, &b.md);
    b.content = compile(content, &b.content_md);
    htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(data, (int)len);
    if (!ctxt) {
        pcre2_match_data_free(b.md);
        pcre2_code_free(b.junk);
        pcre2_match_data_free(b.content_md);
        pcre2_code_free(b.content);
        return false;
    }
    memset(ctxt->sax, 0, sizeof(htmlSAXHandler));
    ctxt->sax->startElement = on_start;
    ctxt->sax->endElement = on_end;
    ctxt->sax->characters = on_text;
    ctxt->sax->cdataBlock = on_text;
    ctxt->sax->ignorableWhitespace = on_text;
    ctxt->sax->warning = quiet;
    ctxt->sax->error = quiet;
    ctxt->userData = &b;
    htmlCtxtUseOptions(ctxt, HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                 HTML_PARSE_RECOVER | HTML_PARSE_IGNORE_ENC | HTML_PARSE_NOIMPLIED);
    /* The input is UTF-8 already (h_to_utf8). */
    xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
    htmlParseDocument(ctxt);
    htmlFreeParserCtxt(ctxt);
    free(b.open);
    pcre2_match_data_free(b.md);
    pcre2_code_free(b.junk);
    pcre2_match_data_free(b.content_md);
    pcre2_code_free(b.content);
    if (t->title) {
        char *sq = nr_squeeze_spaces(t->title, strlen(t->title));
        free(t->title);
        t->title = sq;
    }
    /* Text totals, children after parents in the array: one backward pass. */
    for (size_t i = t->n; i-- > 1;) {
        h_node *n = &t->nodes[i];
        if (n->tag == H_TEXT)
            n->text_total = n->len;
        if (n->tag == H_A)
            n->link_total = n->text_total;
        t->nodes[n->parent].text_total += n->text_total;
        t->nodes[n->parent].link_total += n->link_total;
    }
    /* A class that sounds like chrome ("wy-nav-content-wrap") on an element
     * that holds the article, its heading, or half the page's text is a
     * wrapper, not chrome. */
    uint8_t *holds = calloc(t->n, 1);
    if (!holds) {
        b.nomem = true;
    } else {
        for (size_t i = t->n; i-- > 1;) {
            h_node *n = &t->nodes[i];
            if (n->tag == H_MAIN || n->tag == H_ARTICLE || n->tag == H_H1 ||
                (n->flags & (HF_ROLE_MAIN | HF_ARTICLE_BODY)))
                holds[i] = 1;
            if (holds[i])
                holds[n->parent] = 1;
            if ((n->flags & HF_JUNK) &&
                (holds[i] || n->text_total - n->link_total > (t->nodes[0].text_total -
                                                             t->nodes[0].link_total) / 2))
                n->flags &= (uint8_t)~HF_JUNK;
            /* a byline is a line, not a body of text */
            if ((n->flags & HF_BYLINE) && (holds[i] || n->text_total > 200))
                n->flags &= (uint8_t)~HF_BYLINE;
        }
        free(holds);
    }
    /* Chrome inherited, parents before children: one forward pass. */
    for (size_t i = 1; i < t->n; i++) {
        h_node *n = &t->nodes[i];
        bool chrome = (n->flags & HF_JUNK) || n->tag == H_NAV || n->tag == H_ASIDE ||
                      n->tag == H_FOOTER || n->tag == H_FORM || n->tag == H_HEADER;
        if (chrome || (t->nodes[n->parent].flags & HF_CHROME))
            n->flags |= HF_CHROME;
    }
    return !b.nomem;
}

void h_tree_free(h_tree *t) {
    free(t->nodes);
    nr_buf_free(&t->arena);
    free(t->title);
    free(t->og_title);
    free(t->site_name);
    free(t->author);
    free(t->date);
    free(t->canonical);
    free(t->og_url);
    free(t->language);
    nr_buf_free(&t->jsonld);
    memset(t, 0, sizeof *t);
}

char *h_element_text(const h_tree *t, uint32_t i) {
    nr_buf b = {0};
    uint32_t stop = h_subtree_end(t, i);
    for (uint32_t k = i + 1; k < stop; k++) {
        const h_node *m = &t->nodes[k];
        if (m->tag == H_TEXT)
            nr_buf_append(&b, h_str(t, m->str), m->len);
        else if (m->tag == H_BR || h_is_block(m->tag))
            nr_buf_putc(&b, ' ');
    }
    char *s = nr_squeeze_spaces(b.data ? b.data : "", b.len);
    nr_buf_free(&b);
    return s;
}

/* ----- charsets ----- */

static bool is_latin(const char *cs) {
    static const char *names[] = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "windows-1252",
                                  "cp1252", "us-ascii", "ascii", "iso-8859-15", "x-user-defined"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(cs, names[i]) == 0)
            return true;
    return false;
}

/* charset=NAME in the first 4 KB (meta charset, http-equiv, xml decl). */
static void declared_charset(const char *data, size_t len, char out[40]) {
    out[0] = '\0';
    size_t n = len < 4096 ? len : 4096;
    for (size_t i = 0; i + 8 < n; i++) {
        if (strncasecmp(data + i, "charset", 7) != 0 && strncasecmp(data + i, "encoding", 8) != 0)
            continue;
        size_t j = i + (data[i] == 'e' || data[i] == 'E' ? 8 : 7);
        while (j < n && (data[j] == ' ' || data[j] == '='))
            j++;
        if (j < n && (data[j] == '"' || data[j] == '\''))
            j++;
        size_t k = 0;
        while (j < n && k + 1 < 40 &&
               ((data[j] >= 'a' && data[j] <= 'z') || (data[j] >= 'A' && data[j] <= 'Z') ||
                (data[j] >= '0' && data[j] <= '9') || data[j] == '-' || data[j] == '_' ||
                data[j] == ':' || data[j] == '.'))
            out[k++] = data[j++];
        out[k] = '\0';
        if (k)
            return;
    }
}

/* What a declared label means, by the WHATWG Encoding standard that
 * browsers follow: a page that names a UTF-16 encoding in its markup
 * cannot be UTF-16 (the markup was read as ASCII bytes), so it is read as
 * UTF-8; labels the standard does not know (UTF-32, UTF-7, ...) are
 * ignored, as if nothing were declared. */
static void whatwg_label(char cs[40]) {
    static const char *utf16[] = {"utf-16", "utf-16le", "utf-16be", "unicode", "unicodefffe",
                                  "unicodefeff", "ucs-2", "iso-10646-ucs-2", "csunicode",
                                  "utf16", "utf-16-le", "utf-16-be"};
    for (size_t i = 0; i < sizeof utf16 / sizeof utf16[0]; i++)
        if (strcasecmp(cs, utf16[i]) == 0) {
            snprintf(cs, 40, "utf-8");
            return;
        }
    if (strncasecmp(cs, "utf-32", 6) == 0 || strncasecmp(cs, "utf32", 5) == 0 ||
        strncasecmp(cs, "ucs-4", 5) == 0 || strcasecmp(cs, "utf-7") == 0)
        cs[0] = '\0';
}

static char *convert(const char *from, const char *data, size_t len, size_t *out_len) {
    size_t n = 0;
    uint8_t *r = u8_conv_from_encoding(from, iconveh_question_mark, data, len, NULL, NULL, &n);
    if (!r)
        return NULL;
    char *s = realloc(r, n + 1);
    if (!s) {
        free(r);
        return NULL;
    }
    s[n] = '\0';
    *out_len = n;
    return s;
}

bool h_to_utf8(const char *data, size_t len, const char **out, size_t *out_len, char **owned) {
    const unsigned char *u = (const unsigned char *)data;
    *owned = NULL;
    if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE)
        *owned = convert("UTF-16LE", data + 2, len - 2, out_len);
    else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF)
        *owned = convert("UTF-16BE", data + 2, len - 2, out_len);
    if (*owned) {
        *out = *owned;
        return true;
    }
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        data += 3;
        len -= 3;
    }
    char cs[40];
    declared_charset(data, len, cs);
    whatwg_label(cs);
    bool utf8_named = !cs[0] || strcasecmp(cs, "utf-8") == 0 || strcasecmp(cs, "utf8") == 0;
    /* Valid UTF-8 is UTF-8, whatever a Latin declaration says: pages
     * declared ISO-8859-1 but served as UTF-8 are common, and Latin text
     * with accents is almost never valid UTF-8 by accident. */
    if ((utf8_named || is_latin(cs)) && u8_check((const uint8_t *)data, len) == NULL) {
        *out = data;
        *out_len = len;
        return true;
    }
    /* Browsers read Latin-1 (and UTF-8 that is not) as windows-1252. */
    const char *from = utf8_named || is_latin(cs) ? "CP1252" : cs;
    *owned = convert(from, data, len, out_len);
    if (!*owned)
        *owned = convert("CP1252", data, len, out_len);
    *out = *owned;
    return *owned != NULL;
}

/* ----- fragments and entities ----- */

char *nr_html_fragment_text(const char *html, size_t len) {
    h_tree t;
    char *text = NULL;
    if (h_tree_parse(&t, html, len, NULL, NULL)) {
        nr_buf b = {0};
        for (size_t i = 1; i < t.n; i++) {
            const h_node *n = &t.nodes[i];
            if (n->tag == H_TEXT) {
                nr_buf_append(&b, h_str(&t, n->str), n->len);
                nr_buf_putc(&b, ' ');
            } else if (n->tag == H_IMG && n->len) {
                nr_buf_append(&b, h_str(&t, n->str), n->len);
                nr_buf_putc(&b, ' ');
            }
        }
        text = nr_squeeze_spaces(b.data ? b.data : "", b.len);
        nr_buf_free(&b);
    }
    h_tree_free(&t);
    return text;
}

bool nr_html_entity(nr_buf *out, const char *e, size_t n) {
    unsigned long cp = 0;
    if (n >= 4 && e[0] == '&' && e[1] == '#' && e[n - 1] == ';') {
        bool hex = e[2] == 'x' || e[2] == 'X';
        cp = strtoul(e + (hex ? 3 : 2), NULL, hex ? 16 : 10);
    } else if (n >= 3 && e[0] == '&' && e[n - 1] == ';' && n < 40) {
        char name[40];
        memcpy(name, e + 1, n - 2);
        name[n - 2] = '\0';
        const htmlEntityDesc *d = htmlEntityLookup((const xmlChar *)name);
        cp = d ? d->value : 0;
    }
    uint8_t buf[6];
    int k = cp && cp <= 0x10FFFF ? u8_uctomb(buf, (ucs4_t)cp, sizeof buf) : -1;
    return k > 0 ? nr_buf_append(out, (const char *)buf, (size_t)k) : nr_buf_append(out, e, n);
}
