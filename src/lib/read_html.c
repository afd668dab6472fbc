/* read_html.c: READ for HTML pages: find the article in the page, and its
 * title, author, date and structure, and nothing else.
 *
 * 1. The page becomes a compact tree (html_tree.c); scripts, styles,
 *    controls and hidden elements are gone already.
 * 2. The article is found by scoring (html_article.c): microdata, then
 *    paragraphs voting for their containers, link density, class hints.
 * 3. Inside it, chrome is skipped by what it is: nav, aside, form, footer;
 *    elements whose class or id html-junk.rules names; widgets whose text
 *    is mostly links or that list dated headlines; credits tables and lists
 *    (they name the writer); thumbnails and images whose alt text is a file
 *    name.  Headings, paragraphs (a <br><br> ends one, a bold line of its
 *    own may be a sub-head), list items (nested lists too, at any depth),
 *    quotes, table rows, figures and loose text become blocks.
 * 4. A clean-up pass over the blocks: pictures that repeat the headline,
 *    a name closing the article (the writer), bold one-line paragraphs that
 *    introduce text (sub-heads), headings that introduce nothing (a "Jangan
 *    Lewatkan" box of links), and label-like lines before the article's
 *    first and after its last sentence ("Rate artikel ini", "More Photos").
 * 5. Title, writer and date (html_meta.c); bylines and datelines among the
 *    blocks become metadata by the language's rules.
 * Every decision is explained through the context (tutur read --explain). */
#define _GNU_SOURCE /* strcasestr */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "byline.h"
#include "html_article.h"
#include "html_meta.h"

#include "html_emit.h"

static const h_node *node(const h_tree *t, uint32_t i) { return &t->nodes[i]; }

/* A "byline" beside a picture names its photographer or source ("Dok.
 * Saleh Husin" under a photo): a media credit, not the writer. */
static bool media_credit(const h_tree *t, uint32_t i) {
    uint32_t p = node(t, i)->parent;
    for (int up = 0; p && up < 2; up++, p = node(t, p)->parent) {
        if (node(t, p)->text_total > 400)
            return false;
        uint32_t end = h_subtree_end(t, p);
        for (uint32_t k = p + 1; k < end; k++)
            if (node(t, k)->tag == H_IMG || node(t, k)->tag == H_FIGURE)
                return true;
    }
    return false;
}

static bool skipped(const h_node *n) {
    return (n->flags & (HF_JUNK | HF_BYLINE)) || n->tag == H_NAV || n->tag == H_ASIDE ||
           n->tag == H_FORM || n->tag == H_FOOTER;
}

/* An alt text that says nothing to a listener: a file name or address. */
static bool alt_is_name_of_file(const char *alt) {
    if (strstr(alt, "://") || strncasecmp(alt, "www.", 4) == 0)
        return true;
    static const char *const ext[] = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".bmp"};
    size_t n = strlen(alt);
    for (size_t k = 0; k < sizeof ext / sizeof ext[0]; k++) {
        size_t m = strlen(ext[k]);
        if (n >= m && strncasecmp(alt + n - m, ext[k], m) == 0)
            return true;
    }
    /* one "word" of slashes, underscores and dots: a path */
    return !strchr(alt, ' ') && (strchr(alt, '/') || strchr(alt, '_'));
}

/* An image in a link that also has text: a teaser's thumbnail (an image
 * alone in a link usually opens the picture itself). */
static bool teaser_link(const h_tree *t, uint32_t i) {
    for (uint32_t p = node(t, i)->parent; p; p = node(t, p)->parent)
        if (node(t, p)->tag == H_A)
            return node(t, p)->text_total > 0;
    return false;
}

/* Whether image I's alt text is worth saying. */
static bool image_said(emitter *e, uint32_t i) {
    const h_node *n = node(e->t, i);
    if (!n->len)
        return false;
    const char *alt = h_str(e->t, n->str);
    const char *why = alt_is_name_of_file(alt)     ? "a file name"
                      : teaser_link(e->t, i)       ? "a thumbnail beside a link's text"
                      : strcasestr(alt, "avatar")  ? "an avatar"
                                                   : NULL;
    if (why)
        nr_explain(e->ctx, "drop image \"%.*s\": %s", nr_excerpt(alt), alt, why);
    return !why;
}

static void remember_image(emitter *e, uint32_t i) {
    if (!image_said(e, i))
        return;
    const h_node *n = node(e->t, i);
    char **p = nr_grow(e->images, &e->cap_images, e->n_images + 1, sizeof *p);
    if (p) {
        e->images = p;
        if ((p[e->n_images] = nr_strndup(h_str(e->t, n->str), n->len)))
            e->n_images++;
    }
}

/* The text of a subtree as one line; alt texts of images inside are kept
 * aside for a block of their own.  Lists are left out when SKIP_LISTS (a
 * list item's own text). */
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
            remember_image(e, c);
        } else if ((skip_lists && (n->tag == H_UL || n->tag == H_OL)) ||
                   (n->flags & (HF_JUNK | HF_BYLINE))) {
            continue;
        } else {
            if (h_is_block(n->tag))
                nr_buf_putc(out, ' ');
            gather(e, c, out, skip_lists, all_bold,
                   in_bold || n->tag == H_STRONG || n->tag == H_B);
            if (h_is_block(n->tag))
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
                origin from, bool bold, double links) {
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
        blk *p = nr_grow(e->info, &e->cap_info, e->a->n_blocks, sizeof *p);
        if (p) {
            e->info = p;
            e->info[e->a->n_blocks - 1] = (blk){.origin = (uint8_t)from, .bold = bold,
                                                .links = (float)links};
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
            add(e, TUTUR_BLOCK_PARAGRAPH, 0, said, lang, O_IMAGE, false, 0);
        else
            e->st = TUTUR_E_NOMEM;
        free(said);
        free(e->images[k]);
    }
    e->n_images = 0;
}

static void flush_loose(emitter *e) {
    e->after_break = false;
    if (e->loose.len) {
        double links = (double)e->loose_links / (double)e->loose.len;
        add(e, TUTUR_BLOCK_PARAGRAPH, 0, nr_buf_cstr(&e->loose),
            e->loose_lang ? block_lang(e, e->loose_lang) : NULL, O_TEXT, false, links);
        e->loose.len = 0;
        e->loose_links = 0;
    }
    flush_images(e, NULL);
}

static double link_share(const h_node *n) {
    return n->text_total ? (double)n->link_total / (double)n->text_total : 0.0;
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
                       ((e->a->title && strcasecmp(text, e->a->title) == 0) ||
                        (level == 1 && e->a->n_blocks == 0));
    if (title_again) {
        nr_explain(e->ctx, "skip <h%d> \"%.*s\": the headline", level, nr_excerpt(text), text);
        /* the article starts at its headline: what came before it in the
         * container (a channel's name, a section's label) is not part of it */
        for (size_t k = 0; k < e->a->n_blocks; k++)
            if (!e->info[k].gone)
                h_tidy_drop(e, k, "before the headline");
    }
    bool bold = kind == TUTUR_BLOCK_PARAGRAPH && all_bold && n > 0 && !strchr(text, '\n');
    if (!title_again)
        add(e, kind, level, text, lang, O_TEXT, bold, link_share(node(e->t, i)));
    free(text);
    flush_images(e, lang);
}

static bool has_timestamp(const char *s) {
    for (const char *p = s; *p; p++) {
        if (!(p[0] >= '0' && p[0] <= '9'))
            continue;
        const char *q = p;
        while (*q >= '0' && *q <= '9')
            q++;
        if ((q - p) <= 2 && (*q == '/' || *q == ':' || *q == '.') && q[1] >= '0' && q[1] <= '9')
            return true;
        p = q - 1;
    }
    return strstr(s, " WIB") || strstr(s, " WITA") || strstr(s, " lalu");
}

/* A list whose items each pair a link with a date: headlines, not text. */
static bool dated_headlines(emitter *e, uint32_t i) {
    size_t items = 0;
    for (uint32_t c = node(e->t, i)->first; c; c = node(e->t, c)->next) {
        const h_node *n = node(e->t, c);
        if (n->tag != H_LI)
            continue;
        if (!n->link_total)
            return false;
        char *s = h_element_text(e->t, c);
        bool dated = s && has_timestamp(s);
        free(s);
        if (!dated)
            return false;
        items++;
    }
    return items >= 2;
}

/* Why element I inside the article is a widget, not text; NULL if not. */
static const char *widget(emitter *e, uint32_t i) {
    const h_node *n = node(e->t, i);
    if (n->text_total < 2)
        return NULL;
    if (link_share(n) > 0.5 && n->text_total - n->link_total < 200)
        return "mostly links";
    if ((n->tag == H_UL || n->tag == H_OL) && dated_headlines(e, i))
        return "a list of dated headlines";
    return NULL;
}

static void walk(emitter *e, uint32_t i);
static void walk_children(emitter *e, uint32_t i);

/* A credits label: "Penulis", "Editor :", "Sumber". */
static bool credit_label(const emitter *e, const char *s, bool *writer) {
    *writer = false;
    if (!e->lang || !s[0] || nr_word_count(s) > 3)
        return false;
    char label[96];
    size_t n = strlen(s);
    while (n && (s[n - 1] == ':' || s[n - 1] == ' '))
        n--;
    if (!n || n >= 80)
        return false;
    snprintf(label, sizeof label, "%.*s", (int)n, s);
    if (nr_rules_match_only(e->lang->rules, label, NR_RULE_WRITER, NULL)) {
        *writer = true;
        return true;
    }
    char probe[128];
    snprintf(probe, sizeof probe, "%s: X", label);
    return nr_rules_match(e->lang->rules, probe, NULL) == NR_RULE_DROP;
}

/* A value in credits: ": Budi Santoso" -> "Budi Santoso". */
static void take_credit(emitter *e, const char *value) {
    while (*value == ':' || *value == ' ')
        value++;
    if (!e->credit && value[0])
        e->credit = nr_strdup(value);
}

/* Items (or rows) that pair credits labels with names: the writer is kept
 * as a hint, nothing is read. */
static bool credits(emitter *e, char **cells, size_t n) {
    bool any = false;
    for (size_t k = 0; k < n; k++) {
        bool writer;
        if (cells[k] && credit_label(e, cells[k], &writer)) {
            any = true;
            if (writer && k + 1 < n && cells[k + 1])
                take_credit(e, cells[k + 1]);
        }
    }
    return any;
}

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

/* A list of credits ("Author", "Budi Santoso", "Editor", "Sari Dewi"). */
static bool credits_list(emitter *e, uint32_t i) {
    char *items[32] = {0};
    size_t n = 0;
    for (uint32_t c = node(e->t, i)->first; c && n < 32; c = node(e->t, c)->next)
        if (node(e->t, c)->tag == H_LI)
            items[n++] = text_of(e, c);
    bool yes = n >= 2 && credits(e, items, n);
    for (size_t k = 0; k < n; k++)
        free(items[k]);
    return yes;
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
                add(e, TUTUR_BLOCK_PARAGRAPH, 0, label, NULL, O_TABLE, false, 0);
            ts->said_label = true;
        }
        nr_buf_putc(&line, '.');
        add(e, TUTUR_BLOCK_LIST_ITEM, 0, nr_buf_cstr(&line), block_lang(e, row), O_TABLE, false,
            link_share(node(t, row)));
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

/* The rows of table I (not of tables inside it), first cells and all. */
typedef struct rows_scan {
    size_t rows, max_cells;
    bool credits;
} rows_scan;

static void scan_rows(emitter *e, uint32_t i, rows_scan *rs) {
    uint32_t end = h_subtree_end(e->t, i);
    for (uint32_t k = i + 1; k < end; k++) {
        if (node(e->t, k)->tag == H_TABLE) {
            k = h_subtree_end(e->t, k) - 1;
            continue;
        }
        if (node(e->t, k)->tag != H_TR)
            continue;
        rs->rows++;
        char *cells[8] = {0};
        size_t n = 0;
        for (uint32_t c = node(e->t, k)->first; c; c = node(e->t, c)->next)
            if (node(e->t, c)->tag == H_TD || node(e->t, c)->tag == H_TH) {
                if (n < 8)
                    cells[n] = text_of(e, c);
                n++;
            }
        if (n > rs->max_cells)
            rs->max_cells = n;
        if (n <= 3 && credits(e, cells, n < 8 ? n : 8))
            rs->credits = true;
        for (size_t c = 0; c < n && c < 8; c++)
            free(cells[c]);
    }
}

static void table(emitter *e, uint32_t i) {
    rows_scan rs = {0};
    scan_rows(e, i, &rs);
    if (rs.credits) {
        nr_explain(e->ctx, "drop table: credits (%zu rows)", rs.rows);
        return;
    }
    /* one row or one column is layout (a box around a link, a framed
     * quote): the cells are read as paragraphs, with no label */
    if (rs.rows < 2 || rs.max_cells < 2) {
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
            if (n->tag == H_IMG) {
                if (image_said(e, c))
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
            add(e, TUTUR_BLOCK_PARAGRAPH, 0, said, block_lang(e, i), O_IMAGE, false, 0);
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
        if (k && strchr(":;,", t[k - 1]))
            return false;
    }
    uint32_t c = node(e->t, i)->next;
    while (c && node(e->t, c)->tag == H_TEXT &&
           blank(h_str(e->t, node(e->t, c)->str), node(e->t, c)->len))
        c = node(e->t, c)->next;
    return !c || node(e->t, c)->tag == H_BR || h_is_block(node(e->t, c)->tag);
}

/* Two <br> in a row among I's children: paragraphs inside one element. */
static bool has_double_break(const h_tree *t, uint32_t i) {
    bool after_br = false;
    for (uint32_t c = node(t, i)->first; c; c = node(t, c)->next) {
        const h_node *n = node(t, c);
        if (n->tag == H_BR) {
            if (after_br)
                return true;
            after_br = true;
        } else if (n->tag != H_TEXT || !blank(h_str(t, n->str), n->len)) {
            after_br = false;
        }
    }
    return false;
}

/* Lists inside list item I at any depth (in a <div>, a <p>...), but not
 * inside another list: each is read after the item's own text. */
static void nested_lists(emitter *e, uint32_t i) {
    for (uint32_t c = node(e->t, i)->first; c && e->st == TUTUR_OK; c = node(e->t, c)->next) {
        const h_node *n = node(e->t, c);
        if (n->tag == H_UL || n->tag == H_OL)
            walk(e, c);
        else if (n->tag != H_TEXT && !skipped(n))
            nested_lists(e, c);
    }
}

static void walk_children(emitter *e, uint32_t i) {
    for (uint32_t c = node(e->t, i)->first; c && e->st == TUTUR_OK; c = node(e->t, c)->next)
        walk(e, c);
}

static void walk(emitter *e, uint32_t i) {
    const h_tree *t = e->t;
    const h_node *n = node(t, i);
    if (skipped(n)) {
        if ((n->flags & HF_BYLINE) && !(n->flags & HF_JUNK) && !e->byline && n->text_total &&
            !media_credit(t, i))
            e->byline = h_element_text(t, i);
        if (n->text_total && nr_explaining(e->ctx)) {
            char *s = h_element_text(t, i);
            nr_explain(e->ctx, "drop element \"%.*s\": %s", s ? nr_excerpt(s) : 0, s ? s : "",
                       n->flags & HF_JUNK     ? "its class or id names chrome"
                       : n->flags & HF_BYLINE ? "a byline (it names the writer)"
                                              : "navigation, aside, form or footer");
            free(s);
        }
        return;
    }
    if (n->tag == H_TEXT) {
        if (!e->loose.len)
            e->loose_lang = n->parent;
        nr_buf_append(&e->loose, h_str(t, n->str), n->len);
        if (e->in_link)
            e->loose_links += n->len;
        if (!blank(h_str(t, n->str), n->len))
            e->after_break = false;
        return;
    }
    if (n->tag == H_BR) {
        /* two breaks in a row (white space between) end a paragraph of
         * loose text */
        if (e->after_break) {
            flush_loose(e);
            e->after_break = false;
        } else if (e->loose.len) {
            nr_buf_putc(&e->loose, '\n');
            e->after_break = true;
        }
        return;
    }
    if (n->tag == H_IMG) {
        remember_image(e, i);
        return;
    }
    if (!h_is_block(n->tag)) {
        if ((n->tag == H_B || n->tag == H_STRONG) && own_line(e, i)) {
            /* "<b>Bahan-bahan</b><br>": a line of its own, maybe a heading */
            flush_loose(e);
            text_block(e, i, TUTUR_BLOCK_PARAGRAPH, 0);
            return;
        }
        if (!e->loose.len)
            e->loose_lang = i;
        e->in_link += n->tag == H_A;
        walk_children(e, i); /* inline: its text joins the loose text */
        e->in_link -= n->tag == H_A;
        return;
    }
    flush_loose(e);
    const char *why = h_is_heading(n->tag) ? NULL : widget(e, i);
    if (why) {
        char *s = nr_explaining(e->ctx) ? h_element_text(t, i) : NULL;
        nr_explain(e->ctx, "drop element \"%.*s\": %s", s ? nr_excerpt(s) : 0, s ? s : "", why);
        free(s);
        return;
    }
    switch (n->tag) {
    case H_H1: case H_H2: case H_H3: case H_H4: case H_H5: case H_H6:
        text_block(e, i, TUTUR_BLOCK_HEADING, n->tag - H_H1 + 1);
        break;
    case H_P: case H_DT: case H_DD: case H_ADDRESS: case H_CAPTION:
        /* <br><br> inside: paragraphs (and bold sub-heads) in one element */
        if (has_double_break(t, i))
            walk_children(e, i);
        else
            text_block(e, i, TUTUR_BLOCK_PARAGRAPH, 0);
        break;
    case H_LI:
        text_block(e, i, TUTUR_BLOCK_LIST_ITEM, 0);
        nested_lists(e, i);
        break;
    case H_UL: case H_OL:
        if (credits_list(e, i))
            nr_explain(e->ctx, "drop list: credits");
        else
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
            add(e, TUTUR_BLOCK_PARAGRAPH, 0, notice, NULL, O_NOTICE, false, 0);
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

static char *primary_language(const char *lang) {
    if (!lang || !lang[0])
        return NULL;
    size_t n = strcspn(lang, "-_");
    return n && n < 8 ? nr_strndup(lang, n) : NULL;
}

/* Credits outside the article ("Penulis : X" in a table under it). */
static void page_credits(emitter *e) {
    for (uint32_t i = 1; i < e->t->n && !e->credit; i++) {
        const h_node *n = node(e->t, i);
        if (n->flags & HF_CHROME)
            continue;
        if (n->tag == H_TABLE) {
            rows_scan rs = {0};
            scan_rows(e, i, &rs);
        } else if (n->tag == H_UL || n->tag == H_OL) {
            credits_list(e, i);
        }
    }
}

/* The writer named by the page's bylines: elements marked as the author
 * (itemprop=author, rel=author) first, then the byline met in the article,
 * then byline elements anywhere (by class or id). */
static char *byline_name(emitter *e) {
    for (int pass = 0; pass < 3; pass++) {
        if (pass == 1) {
            char *name = e->byline ? nr_byline_name(e->lang, e->byline, true, e->t->site_name)
                                   : NULL;
            if (name)
                return name;
            continue;
        }
        for (uint32_t i = 1; i < e->t->n; i++) {
            const h_node *n = node(e->t, i);
            bool want = pass == 0 ? (n->flags & HF_AUTHOR)
                                  : (n->flags & HF_BYLINE) && !(n->flags & HF_JUNK);
            if (!want || !n->text_total || n->text_total > 200 || media_credit(e->t, i))
                continue;
            char *text = h_element_text(e->t, i);
            char *name = text ? nr_byline_name(e->lang, text, true, e->t->site_name) : NULL;
            if (name)
                nr_explain(e->ctx, "byline \"%.*s\" names %s", nr_excerpt(text), text, name);
            free(text);
            if (name)
                return name;
        }
    }
    return NULL;
}

tutur_status tutur_read_html(tutur_ctx *ctx, const char *name, const char *data, size_t len,
                             const tutur_lang *lang, tutur_article **out) {
    nr_clear(ctx); /* a message is about the last call only */
    *out = NULL;
    nr_alloc_begin();
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
    bool parsed = h_tree_parse(&t, utf8, n, lang ? lang->html_junk : NULL,
                               lang ? lang->html_content : NULL);
    free(owned);
    tutur_article *a = parsed ? nr_article_new(name) : NULL;
    h_article art = {0};
    if (!a || !h_find_article(ctx, &t, &art)) {
        tutur_article_destroy(a);
        h_tree_free(&t);
        return nr_fail(ctx, TUTUR_E_NOMEM, "%s: out of memory", name);
    }
    h_meta meta = {0};
    h_meta_read_jsonld(&t, &meta);
    emitter e = {.ctx = ctx, .t = &t, .lang = lang, .a = a};
    a->title = h_choose_title(ctx, &t, &art, &meta);
    for (size_t k = 0; k < art.n && e.st == TUTUR_OK; k++)
        walk(&e, art.nodes[k]);
    flush_loose(&e);
    if (e.st == TUTUR_OK && a->n_blocks)
        h_tidy(&e);
    tutur_status st = e.st;
    if (st == TUTUR_OK) {
        if (!e.credit)
            page_credits(&e);
        char *byline = byline_name(&e);
        h_author_hints hints = {byline, e.credit, e.closing};
        a->author = h_choose_author(ctx, &t, lang, &meta, &hints);
        free(byline);
        a->date = h_choose_date(&t, &art, &meta, lang, a->title);
        a->published = h_choose_published(&t, &meta, a->date);
        const char *url = nr_is_web_url(t.canonical) ? t.canonical : t.og_url;
        a->url = nr_is_web_url(url) ? nr_strdup(url) : NULL;
        a->language = primary_language(t.language);
        st = nr_article_take_bylines(a, lang);
    }
    if (st == TUTUR_OK)
        st = nr_article_finish(a);
    free(e.info);
    free(e.images);
    free(e.byline);
    free(e.credit);
    free(e.closing);
    nr_buf_free(&e.loose);
    h_meta_free(&meta);
    h_article_free(&art);
    h_tree_free(&t);
    return nr_article_deliver(ctx, a, st, "no article text found in the page", out);
}
