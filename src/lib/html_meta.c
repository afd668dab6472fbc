/* html_meta.c: an HTML article's title, writer and date, weighed from every
 * source the page offers: og:title and <title> (without the site's name),
 * JSON-LD structured data (headline, author, datePublished), the headings on
 * the page, bylines, credits and meta tags.  A section name printed as the
 * page's <h1> ("Regional") loses to the headline the metadata names; an
 * organisation in meta author loses to the byline a reader sees. */
#define _GNU_SOURCE /* strcasestr */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "byline.h"
#include "html_meta.h"

static const h_node *node(const h_tree *t, uint32_t i) { return &t->nodes[i]; }

/* ----- JSON-LD ----- */

static bool article_type(json_t *type) {
    static const char *const types[] = {"Article", "NewsArticle", "BlogPosting",
                                        "ReportageNewsArticle", "AnalysisNewsArticle",
                                        "OpinionNewsArticle", "Report", "TechArticle",
                                        "ScholarlyArticle", "LiveBlogPosting"};
    if (json_is_array(type)) {
        size_t i;
        json_t *v;
        json_array_foreach(type, i, v) if (article_type(v)) return true;
        return false;
    }
    const char *s = json_string_value(type);
    for (size_t i = 0; s && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(s, types[i]) == 0)
            return true;
    return false;
}

static void set_once(char **field, const char *value) {
    if (!*field && value && value[0])
        *field = nr_squeeze_spaces(value, strlen(value));
}

/* The first person's name of a JSON-LD author: a string, {"name": ...}
 * (not an Organization), or an array of these. */
static const char *ld_person(json_t *a) {
    if (json_is_string(a))
        return json_string_value(a);
    if (json_is_array(a)) {
        size_t i;
        json_t *v;
        json_array_foreach(a, i, v) {
            const char *s = ld_person(v);
            if (s)
                return s;
        }
        return NULL;
    }
    if (!json_is_object(a))
        return NULL;
    const char *type = json_string_value(json_object_get(a, "@type"));
    if (type && strcmp(type, "Person") != 0)
        return NULL;
    return json_string_value(json_object_get(a, "name"));
}

static void ld_walk(json_t *v, h_meta *m, int depth) {
    if (depth > 8)
        return;
    if (json_is_array(v)) {
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) ld_walk(e, m, depth + 1);
        return;
    }
    if (!json_is_object(v))
        return;
    if (article_type(json_object_get(v, "@type"))) {
        set_once(&m->ld_headline, json_string_value(json_object_get(v, "headline")));
        set_once(&m->ld_author, ld_person(json_object_get(v, "author")));
        set_once(&m->ld_date, json_string_value(json_object_get(v, "datePublished")));
    }
    json_t *graph = json_object_get(v, "@graph");
    if (graph)
        ld_walk(graph, m, depth + 1);
}

void h_meta_read_jsonld(const h_tree *t, h_meta *m) {
    for (size_t off = 0; off < t->jsonld.len;) {
        const char *text = t->jsonld.data + off;
        size_t n = strlen(text);
        json_t *root = json_loads(text, JSON_DECODE_ANY, NULL);
        if (root) {
            ld_walk(root, m, 0);
            json_decref(root);
        }
        off += n + 1;
    }
}

void h_meta_free(h_meta *m) {
    free(m->ld_headline);
    free(m->ld_author);
    free(m->ld_date);
    memset(m, 0, sizeof *m);
}

/* ----- title ----- */

/* Letters and digits only, lower case (ASCII): how titles are compared. */
static char *folded(const char *s) {
    size_t n = strlen(s);
    char *f = malloc(n + 1);
    if (!f)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c >= 0x80)
            f[k++] = (char)c;
        else if (c >= 'A' && c <= 'Z')
            f[k++] = (char)(c + 32);
    }
    f[k] = '\0';
    return f;
}

static bool same_text(const char *a, const char *b) {
    char *x = folded(a), *y = folded(b);
    bool same = x && y && x[0] && strcmp(x, y) == 0;
    free(x);
    free(y);
    return same;
}

/* The headline H as the metadata TITLE gives it: TITLE starts with H, or
 * holds it and H is a good part of it (not a section name such as
 * "Regional" in "Jalan Desa Diperbaiki - Regional"). */
static bool headline_of(const char *title, const char *h) {
    char *x = folded(title), *y = folded(h);
    const char *at = x && y && y[0] ? strstr(x, y) : NULL;
    bool yes = at && (at == x || strlen(y) * 10 >= strlen(x) * 4);
    free(x);
    free(y);
    return yes;
}

/* "Judul Berita - Situs" -> "Judul Berita": drop a part that is the site
 * name, else a short last (or first) part beside a longer one. */
static char *strip_site(const char *title, const char *site) {
    static const char *seps[] = {" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " / "};
    for (size_t s = 0; s < sizeof seps / sizeof seps[0]; s++) {
        const char *last = NULL;
        for (const char *p = strstr(title, seps[s]); p; p = strstr(p + 1, seps[s]))
            last = p;
        const char *first = strstr(title, seps[s]);
        if (!last)
            continue;
        const char *tail = last + strlen(seps[s]);
        const char *head_end = first;
        const char *head_rest = first + strlen(seps[s]);
        bool tail_site = site && strcasecmp(tail, site) == 0;
        bool head_site = site && strncasecmp(title, site, (size_t)(head_end - title)) == 0 &&
                         strlen(site) == (size_t)(head_end - title);
        if (tail_site || (!head_site && nr_word_count(tail) <= 3 &&
                          (size_t)(last - title) > strlen(tail)))
            return nr_strndup(title, (size_t)(last - title));
        if (head_site || (nr_word_count(head_rest) > 3 && (size_t)(head_end - title) < 20 &&
                          strlen(head_rest) > (size_t)(head_end - title) * 2))
            return nr_strdup(head_rest);
    }
    return nr_strdup(title);
}

static bool in_article(const h_tree *t, const h_article *art, uint32_t i) {
    for (size_t k = 0; k < art->n; k++) {
        uint32_t a = art->nodes[k];
        if (a == 0 || (i >= a && i < h_subtree_end(t, a)))
            return true;
    }
    return false;
}

char *h_choose_title(tutur_ctx *ctx, const h_tree *t, const h_article *art, const h_meta *m) {
    const char *meta = t->og_title ? t->og_title : m->ld_headline ? m->ld_headline : t->title;
    char *stripped = meta ? strip_site(meta, t->site_name) : NULL;
    if (meta && !stripped)
        return NULL;
    /* Headings that could be the headline: any h1 outside chrome, and h2
     * or h3 in the article or before it. */
    uint32_t first_article = art->n ? art->nodes[0] : 0;
    char *h1_in = NULL, *h1_page = NULL; /* the first h1 in the article, on the page */
    char *chosen = NULL;
    for (uint32_t i = 1; i < t->n && !chosen; i++) {
        const h_node *n = node(t, i);
        if (!h_is_heading(n->tag) || (n->flags & HF_CHROME))
            continue;
        bool inside = first_article != 0 && in_article(t, art, i);
        if (n->tag != H_H1 && !(n->tag <= H_H3 && (inside || i < first_article)))
            continue;
        char *text = h_element_text(t, i);
        if (text && text[0] && stripped && same_text(text, stripped)) {
            nr_explain(ctx, "title: <h%d> equals the page's metadata title", n->tag - H_H1 + 1);
            chosen = text;
        } else if (text && text[0] && n->tag == H_H1 && inside && !h1_in) {
            h1_in = text;
        } else if (text && text[0] && n->tag == H_H1 && !inside && !h1_page) {
            h1_page = text;
        } else {
            free(text);
        }
    }
    char *h1 = h1_in ? h1_in : h1_page;
    free(h1_in ? h1_page : NULL);
    if (!chosen && h1 && (!stripped || headline_of(stripped, h1))) {
        nr_explain(ctx, "title: the <h1>, which the metadata title holds");
        chosen = h1;
        h1 = NULL;
    }
    if (!chosen && stripped && nr_word_count(stripped) >= 2) {
        nr_explain(ctx, "title: the metadata title without the site's name (%s)",
                   h1 ? "the <h1> is not the headline" : "no <h1> says it");
        chosen = stripped;
        stripped = NULL;
    }
    if (!chosen && h1) {
        chosen = h1;
        h1 = NULL;
    }
    if (!chosen && stripped) {
        chosen = stripped;
        stripped = NULL;
    }
    for (uint32_t i = 1; i < t->n && !chosen; i++)
        if (h_is_heading(node(t, i)->tag) && in_article(t, art, i) && first_article != 0)
            chosen = h_element_text(t, i);
    free(h1);
    free(stripped);
    return chosen;
}

/* ----- writer ----- */

char *h_choose_author(tutur_ctx *ctx, const h_tree *t, const tutur_lang *lang,
                      const h_meta *m, const h_author_hints *hints) {
    const char *site = t->site_name;
    char *name = NULL;
    if (hints->byline && (name = nr_byline_name(lang, hints->byline, true, site))) {
        nr_explain(ctx, "author: the byline \"%.80s\"", hints->byline);
        return name;
    }
    if (hints->credit && (name = nr_byline_name(lang, hints->credit, true, site))) {
        nr_explain(ctx, "author: the writer in the credits \"%.80s\"", hints->credit);
        return name;
    }
    if (m->ld_author && (name = nr_byline_name(lang, m->ld_author, true, site))) {
        nr_explain(ctx, "author: JSON-LD author");
        return name;
    }
    if (t->author) {
        if (nr_is_organisation(lang, t->author, site)) {
            nr_explain(ctx, "author: meta author \"%.80s\" is an organisation, not a writer",
                       t->author);
        } else {
            nr_explain(ctx, "author: meta author");
            return nr_strdup(t->author);
        }
    }
    if (hints->closing && (name = nr_byline_name(lang, hints->closing, true, site))) {
        nr_explain(ctx, "author: the name that closes the article");
        return name;
    }
    return NULL;
}

/* ----- date ----- */

/* YYYY-MM-DD from "2024-08-12T10:15:00+07:00", "2024/08/12 10:15:11"
 * and the like. */
static char *iso_date(const char *s) {
    if (!s)
        return NULL;
    while (*s == ' ')
        s++;
    for (int k = 0; k < 10; k++) {
        char c = s[k];
        if ((k == 4 || k == 7) ? (c != '-' && c != '/' && c != '.') : (c < '0' || c > '9'))
            return NULL;
    }
    char *d = nr_strndup(s, 10);
    if (d)
        d[4] = d[7] = '-';
    return d;
}

/* A dateline printed near the headline ("Minggu, 09/03/2025 08:15 WIB" in
 * a div of its own under it), by the language's date rules.  The headline
 * is the heading that says the TITLE (a portal's <h1> may be its section's
 * name and the headline an <h2>), else the first <h1>. */
static char *dateline_near_headline(const h_tree *t, const tutur_lang *lang, const char *title) {
    if (!lang)
        return NULL;
    uint32_t h = 0;
    for (uint32_t i = 1; title && i < t->n && !h; i++)
        if (h_is_heading(node(t, i)->tag) && !(node(t, i)->flags & HF_CHROME)) {
            char *text = h_element_text(t, i);
            if (text && strcmp(text, title) == 0)
                h = i;
            free(text);
        }
    for (uint32_t i = 1; i < t->n && !h; i++)
        if (node(t, i)->tag == H_H1 && !(node(t, i)->flags & HF_CHROME))
            h = i;
    if (!h)
        return NULL;
    uint32_t from = h_subtree_end(t, h);
    for (uint32_t i = from; i < t->n && i < from + 80; i++) {
        const h_node *n = node(t, i);
        /* chrome too: sites put the dateline in their share bar; the rule
         * must match the element's whole text */
        if (n->tag == H_TEXT || n->text_total == 0 || n->text_total > 100)
            continue;
        char *text = h_element_text(t, i);
        char *date = NULL;
        nr_rule_action a = text ? nr_rules_match(lang->rules, text, &date) : NR_RULE_NONE;
        free(text);
        if (a == NR_RULE_DATE && date)
            return date;
        free(date);
    }
    return NULL;
}

char *h_choose_published(const h_tree *t, const h_meta *m, const char *date) {
    if (!date)
        return NULL;
    const char *cands[3] = {t->date, m->ld_date, NULL};
    for (uint32_t i = 1; i < t->n && !cands[2]; i++)
        if (node(t, i)->tag == H_TIME && node(t, i)->len)
            cands[2] = h_str(t, node(t, i)->str);
    for (int k = 0; k < 3; k++) {
        char *full = nr_iso_datetime(cands[k]);
        if (full && strncmp(full, date, 10) == 0)
            return full;
        free(full);
    }
    return NULL;
}

char *h_choose_date(const h_tree *t, const h_article *art, const h_meta *m,
                    const tutur_lang *lang, const char *title) {
    uint32_t from = art->n && art->nodes[0] ? art->nodes[0] : 1;
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t i = pass ? 1 : from; i < t->n; i++)
            if (node(t, i)->tag == H_TIME && node(t, i)->len) {
                char *d = iso_date(h_str(t, node(t, i)->str));
                if (d)
                    return d;
            }
        char *d = iso_date(t->date);
        if (!d)
            d = iso_date(m->ld_date);
        if (d)
            return d;
    }
    return dateline_near_headline(t, lang, title);
}
