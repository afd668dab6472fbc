/* read_html.c: READ for HTML pages: find the article in the page, and its
 * title, author, date and structure, and nothing else.
 *
 * 1. The page becomes a compact tree (html_tree.c); scripts, styles,
 *    controls and hidden elements are gone already.
 * 2. The article is the element marked itemprop=articleBody, else the
 *    <article> with the most text, else <main> or role=main, else the
 *    element whose paragraphs score highest (text length, commas, few
 *    links), as readability-style extractors do.
 * 3. Inside it, chrome is skipped: nav, aside, form, footer, elements whose
 *    class or id the language's html-junk.rules name (share, related, ads,
 *    comments...), bylines (they give the author), lists whose every item
 *    is a link (related articles).  Headings, paragraphs, list items,
 *    quotes, table rows, figures and loose text become blocks.
 * 4. A page with no headings but bold one-line paragraphs introducing text
 *    gets those as headings.  Bylines and datelines become metadata by the
 *    language's rules, like in plain text; PLAN drops the rest of the
 *    chrome the rules name. */
#define _GNU_SOURCE /* strcasestr */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html_tree.h"

#define MIN_ARTICLE_TEXT 250 /* bytes: less is a teaser, not the article */

typedef struct emitter {
    const h_tree *t;
    const tutur_lang *lang;
    tutur_article *a;
    const char *title; /* to skip the heading that repeats it */
    nr_buf loose;      /* inline text between blocks */
    char **images;     /* alt texts met inside the current block */
    size_t n_images, cap_images;
    bool *bold;        /* per block: a bold one-line paragraph */
    size_t cap_bold;
    char *byline; /* text of the first byline element */
    int quote;    /* inside blockquote */
    uint32_t loose_lang;
    tutur_status st;
} emitter;

static const h_node *node(const h_tree *t, uint32_t i) { return &t->nodes[i]; }

static bool is_heading(uint8_t tag) { return tag >= H_H1 && tag <= H_H6; }

static bool is_block(uint8_t tag) {
    switch (tag) {
    case H_ARTICLE: case H_MAIN: case H_SECTION: case H_DIV: case H_P: case H_UL: case H_OL:
    case H_LI: case H_DL: case H_DT: case H_DD: case H_BLOCKQUOTE: case H_TABLE: case H_CAPTION:
    case H_TR: case H_TH: case H_TD: case H_FIGURE: case H_FIGCAPTION: case H_PRE: case H_HR:
    case H_NAV: case H_HEADER: case H_FOOTER: case H_ASIDE: case H_FORM: case H_ADDRESS:
    case H_BODY: case H_THEAD:
        return true;
    default:
        return is_heading(tag);
    }
}

static bool skipped(const h_node *n) {
    return (n->flags & (HF_JUNK | HF_BYLINE)) || n->tag == H_NAV || n->tag == H_ASIDE ||
           n->tag == H_FORM || n->tag == H_FOOTER;
}

/* The text of a subtree as one line; alt texts of images inside are kept
 * aside for a block of their own.  Nested lists are left out when
 * SKIP_LISTS (a list item's own text). */
static void gather(emitter *e, uint32_t i, nr_buf *out, bool skip_lists, bool *all_bold,
                   bool in_bold) {
    const h_tree *t = e->t;
    for (uint32_t c = node(t, i)->first; c; c = node(t, c)->next) {
        const h_node *n = node(t, c);
        if (n->tag == H_TEXT) {
            nr_buf_append(out, h_str(t, n->str), n->len);
            if (all_bold && !in_bold) {
                for (uint32_t k = 0; k < n->len; k++)
                    if ((unsigned char)h_str(t, n->str)[k] > ' ')
                        *all_bold = false;
            }
        } else if (n->tag == H_BR) {
            nr_buf_putc(out, ' ');
        } else if (n->tag == H_IMG) {
            if (n->len) {
                char **p = nr_grow(e->images, &e->cap_images, e->n_images + 1, sizeof *p);
                if (p) {
                    e->images = p;
                    e->images[e->n_images] = nr_strndup(h_str(t, n->str), n->len);
                    if (e->images[e->n_images])
                        e->n_images++;
                }
            }
        } else if ((skip_lists && (n->tag == H_UL || n->tag == H_OL)) ||
                   (n->flags & (HF_JUNK | HF_BYLINE))) {
            continue;
        } else {
            if (is_block(n->tag))
                nr_buf_putc(out, ' ');
            gather(e, c, out, skip_lists, all_bold,
                   in_bold || n->tag == H_STRONG || n->tag == H_B);
            if (is_block(n->tag))
                nr_buf_putc(out, ' ');
        }
    }
}

static const char *lang_of(const emitter *e, uint32_t i) {
    for (; i; i = node(e->t, i)->parent)
        if (node(e->t, i)->lang)
            return h_str(e->t, node(e->t, i)->lang - 1);
    return NULL;
}

/* The block's language only when it differs from the page's. */
static const char *block_lang(const emitter *e, uint32_t i) {
    const char *l = lang_of(e, i);
    if (!l || (e->t->language && strcasecmp(l, e->t->language) == 0))
        return NULL;
    return l;
}

static void add(emitter *e, tutur_block_kind kind, int level, const char *text, const char *lang,
                bool bold) {
    if (e->st != TUTUR_OK)
        return;
    char *clean = nr_squeeze_spaces(text, strlen(text));
    if (!clean) {
        e->st = TUTUR_E_NOMEM;
        return;
    }
    if (clean[0]) {
        if (e->quote && kind == TUTUR_BLOCK_PARAGRAPH)
            kind = TUTUR_BLOCK_QUOTE;
        e->st = nr_article_add_in(e->a, kind, level, clean, lang);
        bool *p = nr_grow(e->bold, &e->cap_bold, e->a->n_blocks, sizeof *p);
        if (p) {
            e->bold = p;
            e->bold[e->a->n_blocks - 1] = bold;
        } else {
            e->st = TUTUR_E_NOMEM;
        }
    }
    free(clean);
}

static void flush_images(emitter *e, const char *lang) {
    for (size_t k = 0; k < e->n_images; k++) {
        char *said = nr_image_text(e->lang, e->images[k]);
        if (said)
            add(e, TUTUR_BLOCK_PARAGRAPH, 0, said, lang, false);
        else
            e->st = TUTUR_E_NOMEM;
        free(said);
        free(e->images[k]);
    }
    e->n_images = 0;
}

static void flush_loose(emitter *e) {
    if (e->loose.len) {
        add(e, TUTUR_BLOCK_PARAGRAPH, 0, nr_buf_cstr(&e->loose),
            e->loose_lang ? block_lang(e, e->loose_lang) : NULL, false);
        e->loose.len = 0;
    }
    flush_images(e, NULL);
}

/* A paragraph-like block: its text as one block of KIND. */
static void text_block(emitter *e, uint32_t i, tutur_block_kind kind, int level) {
    nr_buf b = {0};
    bool all_bold = true;
    uint8_t tag = node(e->t, i)->tag;
    gather(e, i, &b, kind == TUTUR_BLOCK_LIST_ITEM, &all_bold, tag == H_B || tag == H_STRONG);
    const char *lang = block_lang(e, i);
    char *text = nr_squeeze_spaces(b.data ? b.data : "", b.len);
    nr_buf_free(&b);
    if (!text) {
        e->st = TUTUR_E_NOMEM;
        return;
    }
    size_t n = strlen(text);
    /* the headline: the title again, or a first-level heading before any
     * text (when the title came from the page's metadata instead) */
    bool title_again = kind == TUTUR_BLOCK_HEADING &&
                       ((e->title && strcasecmp(text, e->title) == 0) ||
                        (level == 1 && e->a->n_blocks == 0));
    /* "introduces text": short, bold throughout, no closing punctuation */
    bool bold = kind == TUTUR_BLOCK_PARAGRAPH && all_bold && n > 0 && n <= 120 &&
                !strchr(".!?;:,", text[n - 1]);
    if (!title_again)
        add(e, kind, level, text, lang, bold);
    free(text);
    flush_images(e, lang);
}

/* A list whose every item is mostly a link: related articles, not text. */
static bool link_list(const h_tree *t, uint32_t i) {
    size_t items = 0;
    for (uint32_t c = node(t, i)->first; c; c = node(t, c)->next) {
        const h_node *n = node(t, c);
        if (n->tag != H_LI)
            continue;
        items++;
        if (n->text_total == 0 || n->link_total * 10 < n->text_total * 9)
            return false;
    }
    return items >= 2;
}

static void walk(emitter *e, uint32_t i);
static void walk_children(emitter *e, uint32_t i);

/* The text of element I on one line; images met inside are not said. */
static char *text_of(emitter *e, uint32_t i) {
    nr_buf b = {0};
    gather(e, i, &b, false, NULL, false);
    char *s = nr_squeeze_spaces(b.data ? b.data : "", b.len);
    nr_buf_free(&b);
    for (size_t k = 0; k < e->n_images; k++)
        free(e->images[k]);
    e->n_images = 0;
    return s;
}

typedef struct table_state {
    char *header[32];
    size_t n_header;
    bool said_label;
} table_state;

/* One row: the header row is remembered; a body row is read as one item,
 * each cell after its column's header ("Harga: Rp 5.000; Stok: 12."). */
static void table_row(emitter *e, table_state *ts, uint32_t row) {
    const h_tree *t = e->t;
    char *cells[32] = {0};
    size_t n_cells = 0;
    bool all_th = true;
    for (uint32_t d = node(t, row)->first; d && n_cells < 32; d = node(t, d)->next) {
        const h_node *cell = node(t, d);
        if (cell->tag != H_TD && cell->tag != H_TH)
            continue;
        all_th &= cell->tag == H_TH;
        nr_buf b = {0};
        gather(e, d, &b, false, NULL, false);
        cells[n_cells++] = nr_squeeze_spaces(b.data ? b.data : "", b.len);
        nr_buf_free(&b);
    }
    if (all_th && ts->n_header == 0 && n_cells) {
        memcpy(ts->header, cells, sizeof cells);
        ts->n_header = n_cells;
        return;
    }
    nr_buf line = {0};
    for (size_t k = 0; k < n_cells; k++) {
        if (!cells[k] || !cells[k][0])
            continue;
        if (line.len)
            nr_buf_puts(&line, "; ");
        if (k < ts->n_header && ts->header[k] && ts->header[k][0]) {
            nr_buf_puts(&line, ts->header[k]);
            nr_buf_puts(&line, ": ");
        }
        nr_buf_puts(&line, cells[k]);
    }
    bool chrome = line.len && e->lang &&
                  nr_rules_match(e->lang->rules, nr_buf_cstr(&line), NULL) == NR_RULE_DROP;
    if (line.len && !chrome) {
        if (!ts->said_label) {
            const char *label = nr_lang_label(e->lang, "table", "Tabel");
            if (label[0])
                add(e, TUTUR_BLOCK_PARAGRAPH, 0, label, NULL, false);
            ts->said_label = true;
        }
        nr_buf_putc(&line, '.');
        add(e, TUTUR_BLOCK_LIST_ITEM, 0, nr_buf_cstr(&line), block_lang(e, row), false);
    }
    nr_buf_free(&line);
    for (size_t k = 0; k < n_cells; k++)
        free(cells[k]);
    flush_images(e, NULL);
}

/* Rows in document order, also under thead, tbody and tfoot; a table
 * inside a cell is read as that cell's text. */
static void table_rows(emitter *e, table_state *ts, uint32_t i) {
    const h_tree *t = e->t;
    for (uint32_t c = node(t, i)->first; c && e->st == TUTUR_OK; c = node(t, c)->next) {
        const h_node *n = node(t, c);
        if (n->tag == H_CAPTION)
            text_block(e, c, TUTUR_BLOCK_PARAGRAPH, 0);
        else if (n->tag == H_TR)
            table_row(e, ts, c);
        else if (n->tag != H_TEXT && n->tag != H_TABLE)
            table_rows(e, ts, c);
    }
}

/* A table with one row or one column is layout (a box around a link, a
 * framed quote): its cells are read as paragraphs, with no label. */
static bool layout_table(const h_tree *t, uint32_t i, size_t *rows) {
    size_t max_cells = 0;
    uint32_t end = i;
    while (end && !node(t, end)->next)
        end = node(t, end)->parent;
    end = end ? node(t, end)->next : (uint32_t)t->n;
    *rows = 0;
    for (uint32_t k = i + 1; k < end; k++) {
        if (node(t, k)->tag != H_TR)
            continue;
        (*rows)++;
        size_t cells = 0;
        for (uint32_t c = node(t, k)->first; c; c = node(t, c)->next)
            cells += node(t, c)->tag == H_TD || node(t, c)->tag == H_TH;
        if (cells > max_cells)
            max_cells = cells;
    }
    return *rows < 2 || max_cells < 2;
}

static void table(emitter *e, uint32_t i) {
    size_t rows;
    if (layout_table(e->t, i, &rows)) {
        walk_children(e, i);
        return;
    }
    table_state ts = {0};
    table_rows(e, &ts, i);
    for (size_t k = 0; k < ts.n_header; k++)
        free(ts.header[k]);
}

static void figure(emitter *e, uint32_t i) {
    const h_tree *t = e->t;
    nr_buf alt = {0}, caption = {0};
    for (uint32_t c = node(t, i)->first; c; c = node(t, c)->next) {
        const h_node *n = node(t, c);
        if (n->tag == H_FIGCAPTION) {
            gather(e, c, &caption, false, NULL, false);
        } else {
            size_t before = e->n_images;
            nr_buf ignored = {0};
            if (n->tag == H_IMG && n->len) {
                nr_buf_append(&alt, h_str(t, n->str), n->len);
            } else {
                gather(e, c, &ignored, false, NULL, false);
                for (size_t k = before; k < e->n_images; k++) {
                    if (alt.len)
                        nr_buf_puts(&alt, ". ");
                    nr_buf_puts(&alt, e->images[k]);
                    free(e->images[k]);
                }
                e->n_images = before;
            }
            nr_buf_free(&ignored);
        }
    }
    char *a = nr_squeeze_spaces(alt.data ? alt.data : "", alt.len);
    char *c = nr_squeeze_spaces(caption.data ? caption.data : "", caption.len);
    if (a && c && (a[0] || c[0])) {
        nr_buf b = {0};
        /* the caption usually says it better; the alt text when it adds */
        if (a[0] && !(c[0] && strcasestr(c, a))) {
            nr_buf_puts(&b, a);
            size_t n = strlen(a);
            if (c[0] && !strchr(".!?", a[n - 1]))
                nr_buf_puts(&b, ".");
            if (c[0])
                nr_buf_puts(&b, " ");
        }
        nr_buf_puts(&b, c);
        char *said = nr_image_text(e->lang, nr_buf_cstr(&b));
        if (said)
            add(e, TUTUR_BLOCK_PARAGRAPH, 0, said, block_lang(e, i), false);
        else
            e->st = TUTUR_E_NOMEM;
        free(said);
        nr_buf_free(&b);
    }
    free(a);
    free(c);
    nr_buf_free(&alt);
    nr_buf_free(&caption);
}

static bool blank(const char *s, size_t n) {
    for (size_t k = 0; k < n; k++)
        if ((unsigned char)s[k] > ' ')
            return false;
    return true;
}

/* Does inline element I stand alone on its line: nothing but white space
 * before it in the loose text, and a break, a block or the end after it? */
static bool own_line(const emitter *e, uint32_t i) {
    if (!blank(e->loose.data ? e->loose.data : "", e->loose.len))
        return false;
    /* "Baca juga:" introduces its link, it is no heading: keep them together */
    const h_node *n = node(e->t, i);
    uint32_t last = n->last;
    while (last && node(e->t, last)->tag != H_TEXT)
        last = node(e->t, last)->last;
    if (last) {
        const char *t = h_str(e->t, node(e->t, last)->str);
        size_t k = node(e->t, last)->len;
        while (k && (unsigned char)t[k - 1] <= ' ')
            k--;
        if (k && strchr(":.!?;,", t[k - 1]))
            return false;
    }
    uint32_t c = node(e->t, i)->next;
    while (c && node(e->t, c)->tag == H_TEXT &&
           blank(h_str(e->t, node(e->t, c)->str), node(e->t, c)->len))
        c = node(e->t, c)->next;
    return !c || node(e->t, c)->tag == H_BR || is_block(node(e->t, c)->tag);
}

static void walk_children(emitter *e, uint32_t i) {
    for (uint32_t c = node(e->t, i)->first; c && e->st == TUTUR_OK; c = node(e->t, c)->next)
        walk(e, c);
}

static void walk(emitter *e, uint32_t i) {
    const h_tree *t = e->t;
    const h_node *n = node(t, i);
    if (skipped(n)) {
        if ((n->flags & HF_BYLINE) && !(n->flags & HF_JUNK) && !e->byline && n->text_total)
            e->byline = text_of(e, i);
        return;
    }
    if (n->tag == H_TEXT) {
        if (!e->loose.len)
            e->loose_lang = n->parent;
        nr_buf_append(&e->loose, h_str(t, n->str), n->len);
        return;
    }
    if (n->tag == H_BR) {
        /* two breaks in a row end a paragraph of loose text */
        if (e->loose.len && e->loose.data[e->loose.len - 1] == '\n')
            flush_loose(e);
        else if (e->loose.len)
            nr_buf_putc(&e->loose, '\n');
        return;
    }
    if (n->tag == H_IMG) {
        if (n->len) {
            char **p = nr_grow(e->images, &e->cap_images, e->n_images + 1, sizeof *p);
            if (p && (p[e->n_images] = nr_strndup(h_str(t, n->str), n->len))) {
                e->images = p;
                e->n_images++;
            }
        }
        return;
    }
    if (!is_block(n->tag)) {
        if ((n->tag == H_B || n->tag == H_STRONG) && own_line(e, i)) {
            /* "<b>Bahan-bahan</b><br>": a line of its own, maybe a heading */
            flush_loose(e);
            text_block(e, i, TUTUR_BLOCK_PARAGRAPH, 0);
            return;
        }
        if (!e->loose.len)
            e->loose_lang = i;
        walk_children(e, i); /* inline: its text joins the loose text */
        return;
    }
    flush_loose(e);
    switch (n->tag) {
    case H_H1: case H_H2: case H_H3: case H_H4: case H_H5: case H_H6:
        text_block(e, i, TUTUR_BLOCK_HEADING, n->tag - H_H1 + 1);
        break;
    case H_P: case H_DT: case H_DD: case H_ADDRESS: case H_CAPTION:
        text_block(e, i, TUTUR_BLOCK_PARAGRAPH, 0);
        break;
    case H_LI:
        text_block(e, i, TUTUR_BLOCK_LIST_ITEM, 0);
        for (uint32_t c = n->first; c; c = node(t, c)->next)
            if (node(t, c)->tag == H_UL || node(t, c)->tag == H_OL)
                walk(e, c);
        break;
    case H_UL: case H_OL:
        if (!link_list(t, i))
            walk_children(e, i);
        break;
    case H_BLOCKQUOTE:
        e->quote++;
        walk_children(e, i);
        flush_loose(e);
        e->quote--;
        break;
    case H_TABLE:
        table(e, i);
        break;
    case H_FIGURE:
        figure(e, i);
        break;
    case H_PRE: {
        const char *notice = nr_lang_label(e->lang, "code", "");
        if (notice[0])
            add(e, TUTUR_BLOCK_PARAGRAPH, 0, notice, NULL, false);
        break;
    }
    case H_HR:
        break;
    default: /* div, section, header... */
        walk_children(e, i);
        break;
    }
    flush_loose(e);
}

/* ----- finding the article ----- */

static uint32_t largest(const h_tree *t, bool (*want)(const h_node *)) {
    uint32_t best = 0;
    for (uint32_t i = 1; i < t->n; i++) {
        const h_node *n = node(t, i);
        if (want(n) && !(t->nodes[n->parent].flags & HF_CHROME) &&
            n->text_total >= MIN_ARTICLE_TEXT &&
            (!best || n->text_total > node(t, best)->text_total))
            best = i;
    }
    return best;
}

static bool want_body(const h_node *n) { return n->flags & HF_ARTICLE_BODY; }
static bool want_article(const h_node *n) { return n->tag == H_ARTICLE; }
static bool want_main(const h_node *n) { return n->tag == H_MAIN || (n->flags & HF_ROLE_MAIN); }

/* Readability's idea: every paragraph votes for its parent (and half for
 * its grandparent) by its length and commas, links discounted. */
static uint32_t by_density(const h_tree *t) {
    double *score = calloc(t->n, sizeof *score);
    if (!score)
        return 0;
    for (uint32_t i = 1; i < t->n; i++) {
        const h_node *n = node(t, i);
        if ((n->tag != H_P && n->tag != H_PRE && n->tag != H_TD && n->tag != H_DIV) ||
            (n->flags & HF_CHROME) || n->text_total < 25)
            continue;
        if (n->tag == H_DIV) { /* a div counts when it holds text directly */
            uint32_t direct = 0;
            for (uint32_t c = n->first; c; c = node(t, c)->next)
                if (node(t, c)->tag == H_TEXT)
                    direct += node(t, c)->len;
            if (direct < 80)
                continue;
        }
        double s = 1.0 + (n->text_total > 300 ? 3.0 : n->text_total / 100.0);
        s *= 1.0 - (double)n->link_total / (double)n->text_total;
        if (n->parent)
            score[n->parent] += s;
        if (n->parent && node(t, n->parent)->parent)
            score[node(t, n->parent)->parent] += s / 2;
    }
    uint32_t best = 0;
    for (uint32_t i = 1; i < t->n; i++)
        if (score[i] > 0 && (!best || score[i] > score[best]))
            best = i;
    free(score);
    return best;
}

static uint32_t find_article(const h_tree *t) {
    uint32_t c = largest(t, want_body);
    if (!c)
        c = largest(t, want_article);
    if (!c)
        c = largest(t, want_main);
    if (!c)
        c = by_density(t);
    return c; /* 0: the whole page */
}

/* ----- title, author, date ----- */

/* Nodes are stored in document order: a subtree is an index range. */
static uint32_t subtree_end(const h_tree *t, uint32_t i) {
    while (i && !node(t, i)->next)
        i = node(t, i)->parent;
    return i ? node(t, i)->next : (uint32_t)t->n;
}

/* The text of the first TAG element in FROM's subtree (0: the page). */
static char *first_text(const h_tree *t, uint32_t from, uint8_t tag, bool outside_chrome) {
    uint32_t end = from ? subtree_end(t, from) : (uint32_t)t->n;
    for (uint32_t i = from ? from : 1; i < end; i++) {
        const h_node *n = node(t, i);
        if (n->tag != tag || (outside_chrome && (n->flags & HF_CHROME)))
            continue;
        nr_buf b = {0};
        uint32_t stop = subtree_end(t, i);
        for (uint32_t k = i + 1; k < stop; k++) {
            const h_node *m = node(t, k);
            if (m->tag == H_TEXT)
                nr_buf_append(&b, h_str(t, m->str), m->len);
            else if (m->tag == H_BR)
                nr_buf_putc(&b, ' ');
        }
        char *s = nr_squeeze_spaces(b.data ? b.data : "", b.len);
        nr_buf_free(&b);
        if (s && s[0])
            return s;
        free(s);
    }
    return NULL;
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

static char *choose_title(const h_tree *t, uint32_t article) {
    char *h1 = article ? first_text(t, article, H_H1, false) : NULL;
    if (!h1)
        h1 = first_text(t, 0, H_H1, true);
    const char *meta = t->og_title ? t->og_title : t->title;
    if (h1 && (!meta || strcasestr(meta, h1)))
        return h1;
    if (meta) {
        free(h1);
        return strip_site(meta, t->site_name);
    }
    if (h1)
        return h1;
    for (uint8_t tag = H_H2; tag <= H_H6; tag++) {
        char *h = first_text(t, article, tag, false);
        if (h)
            return h;
    }
    return NULL;
}

/* "Tribunnews.com", "CNN Indonesia" in meta author name the outlet, not
 * the writer: a byline on the page says more. */
static bool outlet_name(const h_tree *t, const char *name) {
    return strstr(name, ".com") || strstr(name, ".id") || strstr(name, ".co") ||
           (t->site_name && strcasecmp(name, t->site_name) == 0);
}

static char *byline_author(emitter *e);

static char *author_from(const h_tree *t, emitter *e) {
    if (t->author && outlet_name(t, t->author)) {
        char *b = byline_author(e);
        if (b)
            return b;
    }
    if (t->author)
        return nr_strdup(t->author);
    for (uint32_t i = 1; i < t->n; i++)
        if (node(t, i)->flags & HF_AUTHOR) {
            char *s = text_of(e, i);
            if (s && s[0] && strlen(s) <= 80)
                return s;
            free(s);
        }
    return byline_author(e);
}

/* The author from the byline element's text: "Oleh: X" by the rules,
 * else the text itself when it is short, cut before " - Outlet". */
static char *byline_author(emitter *e) {
    /* the byline met inside the article, else the page's first one */
    for (uint32_t i = 1; !e->byline && i < e->t->n; i++) {
        const h_node *n = node(e->t, i);
        if ((n->flags & HF_BYLINE) && !(n->flags & HF_JUNK) && n->text_total)
            e->byline = text_of(e, i);
    }
    if (e->byline && e->byline[0]) {
        char *name = NULL;
        if (e->lang && nr_rules_match(e->lang->rules, e->byline, &name) == NR_RULE_AUTHOR && name)
            return name;
        free(name);
        /* "Ahmad Fauzi - detikNews", "Rina | Kabar Kita": the name first */
        size_t cut = strcspn(e->byline, "|");
        const char *dash = strstr(e->byline, " - ");
        if (dash && (size_t)(dash - e->byline) < cut)
            cut = (size_t)(dash - e->byline);
        char *head = nr_strndup(e->byline, cut);
        char *clean = head ? nr_squeeze_spaces(head, strlen(head)) : NULL;
        free(head);
        if (clean && clean[0] && strlen(clean) <= 60 && nr_word_count(clean) <= 6)
            return clean;
        free(clean);
    }
    return NULL;
}

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

static char *date_from(const h_tree *t, uint32_t article) {
    uint32_t from = article ? article : 1;
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t i = pass ? 1 : from; i < t->n; i++)
            if (node(t, i)->tag == H_TIME && node(t, i)->len) {
                char *d = iso_date(h_str(t, node(t, i)->str));
                if (d)
                    return d;
            }
        if (t->date) {
            char *d = iso_date(t->date);
            if (d)
                return d;
        }
    }
    return NULL;
}

/* No headings at all: bold one-line paragraphs before text (a paragraph
 * or a list) are. */
static void bold_headings(emitter *e) {
    tutur_article *a = e->a;
    for (size_t i = 0; i < a->n_blocks; i++)
        if (a->blocks[i].kind == TUTUR_BLOCK_HEADING)
            return;
    for (size_t i = 0; i + 1 < a->n_blocks; i++)
        if (e->bold[i] && !e->bold[i + 1] &&
            (a->blocks[i + 1].kind == TUTUR_BLOCK_PARAGRAPH ||
             a->blocks[i + 1].kind == TUTUR_BLOCK_LIST_ITEM)) {
            a->blocks[i].kind = TUTUR_BLOCK_HEADING;
            a->blocks[i].level = 2;
        }
}

static char *primary_language(const char *lang) {
    if (!lang || !lang[0])
        return NULL;
    size_t n = strcspn(lang, "-_");
    return n && n < 8 ? nr_strndup(lang, n) : NULL;
}

tutur_status tutur_read_html(tutur_ctx *ctx, const char *name, const char *data, size_t len,
                             const tutur_lang *lang, tutur_article **out) {
    *out = NULL;
    /* Judged as UTF-8: UTF-16 is full of NUL bytes before conversion. */
    size_t n = 0;
    const char *utf8 = NULL;
    char *owned = NULL;
    if (!h_to_utf8(data, len, &utf8, &n, &owned))
        return nr_fail(ctx, TUTUR_E_NOMEM, "%s: cannot convert to UTF-8", name);
    if (nr_looks_binary(utf8, n)) {
        free(owned);
        return nr_fail(ctx, TUTUR_E_BINARY, "%s: not an HTML page (binary data)", name);
    }
    h_tree t;
    bool parsed = h_tree_parse(&t, utf8, n, lang ? lang->html_junk : NULL);
    free(owned);
    tutur_article *a = parsed ? nr_article_new(name) : NULL;
    if (!a) {
        h_tree_free(&t);
        return nr_fail(ctx, TUTUR_E_NOMEM, "%s: out of memory", name);
    }
    uint32_t article = find_article(&t);
    emitter e = {.t = &t, .lang = lang, .a = a};
    a->title = choose_title(&t, article);
    e.title = a->title;
    walk(&e, article);
    flush_loose(&e);
    tutur_status st = e.st;
    if (st == TUTUR_OK) {
        bold_headings(&e);
        a->author = author_from(&t, &e);
        a->date = date_from(&t, article);
        a->language = primary_language(t.language);
        st = nr_article_take_bylines(a, lang);
    }
    if (st == TUTUR_OK)
        st = nr_article_finish(a);
    free(e.bold);
    free(e.images);
    free(e.byline);
    nr_buf_free(&e.loose);
    h_tree_free(&t);
    return nr_article_deliver(ctx, a, st, "no article text found in the page", out);
}
