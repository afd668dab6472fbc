/* read_markdown.c: READ for Markdown (md4c, CommonMark with tables and
 * strikethrough) with YAML (libyaml) or TOML front matter.
 *
 * - Front matter gives title, author, date and language.  Without a title
 *   there, a first-level heading that opens the document is the title.
 * - Headings keep their levels, shifted so the highest is 2 (the title is
 *   level 1).  Paragraphs, list items (each its own block), block quotes.
 * - Tables are read row by row, each cell after its column's header.
 * - An image is read as its description with a label ("Gambar: ..."),
 *   after the block it is in; a link as its text.
 * - Code blocks are not read: the language's "code" label is said instead
 *   (configurable; empty says nothing).  Raw HTML is reduced to its text. */
#include <md4c.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "internal.h"
#include "site_markup.h"

typedef struct md_state {
    tutur_article *a;
    const tutur_lang *lang;
    nr_buf text;    /* the open block's text */
    nr_buf alt;     /* the open image's description */
    int in_image;   /* nesting of image spans */
    int quote;      /* nesting of block quotes */
    int code;       /* inside a code block */
    int html;       /* inside a raw HTML block */
    int li_depth;
    char **images;  /* descriptions met in the open block */
    size_t n_images, cap_images;
    /* tables */
    int in_thead;
    char *header[32], *cells[32];
    size_t n_header, n_cells;
    bool table_said;
    tutur_status st;
} md_state;

/* A paragraph that is only a site generator's template code: a Hugo
 * shortcode ({{< figure ... >}}) or a Liquid tag ({% include ... %}). */
static bool template_code(const char *t) {
    size_t n = strlen(t);
    return n >= 4 && ((strncmp(t, "{{", 2) == 0 && strcmp(t + n - 2, "}}") == 0) ||
                      (strncmp(t, "{%", 2) == 0 && strcmp(t + n - 2, "%}") == 0));
}

static void emit(md_state *m, tutur_block_kind kind, int level, const char *text) {
    if (m->st != TUTUR_OK)
        return;
    char *clean = nr_squeeze_spaces(text, strlen(text));
    if (!clean) {
        m->st = TUTUR_E_NOMEM;
        return;
    }
    if (clean[0] && !template_code(clean)) {
        if (m->quote && kind == TUTUR_BLOCK_PARAGRAPH)
            kind = TUTUR_BLOCK_QUOTE;
        m->st = nr_article_add(m->a, kind, level, clean);
    }
    free(clean);
}

static void emit_images(md_state *m) {
    for (size_t i = 0; i < m->n_images; i++) {
        char *said = nr_image_text(m->lang, m->images[i]);
        if (said)
            emit(m, TUTUR_BLOCK_PARAGRAPH, 0, said);
        else
            m->st = TUTUR_E_NOMEM;
        free(said);
        free(m->images[i]);
    }
    m->n_images = 0;
}

/* The open block's text as a block of KIND, then its images. */
static void close_text(md_state *m, tutur_block_kind kind, int level) {
    if (m->text.len)
        emit(m, kind, level, nr_buf_cstr(&m->text));
    m->text.len = 0;
    emit_images(m);
}

static int enter_block(MD_BLOCKTYPE type, void *detail, void *user) {
    md_state *m = user;
    switch (type) {
    case MD_BLOCK_QUOTE: m->quote++; break;
    case MD_BLOCK_CODE: m->code++; break;
    case MD_BLOCK_HTML: m->html++; m->text.len = 0; break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
        /* a nested list: the item around it says its own text first */
        if (m->li_depth)
            close_text(m, TUTUR_BLOCK_LIST_ITEM, 0);
        break;
    case MD_BLOCK_LI: m->li_depth++; m->text.len = 0; break;
    case MD_BLOCK_H: case MD_BLOCK_P:
        if (!m->li_depth)
            m->text.len = 0;
        else if (m->text.len)
            nr_buf_putc(&m->text, ' '); /* loose list items: paragraphs join */
        break;
    case MD_BLOCK_TABLE: m->table_said = false; m->n_header = 0; break;
    case MD_BLOCK_THEAD: m->in_thead = 1; break;
    case MD_BLOCK_TR: m->n_cells = 0; break;
    case MD_BLOCK_TH: case MD_BLOCK_TD: m->text.len = 0; break;
    default: break;
    }
    (void)detail;
    return m->st != TUTUR_OK;
}

static void table_row(md_state *m) {
    if (m->in_thead) {
        for (size_t i = 0; i < m->n_cells; i++)
            m->header[i] = m->cells[i];
        m->n_header = m->n_cells;
        m->n_cells = 0;
        return;
    }
    nr_buf row = {0};
    for (size_t i = 0; i < m->n_cells; i++) {
        if (!m->cells[i][0])
            continue;
        if (row.len)
            nr_buf_puts(&row, "; ");
        if (i < m->n_header && m->header[i][0]) {
            nr_buf_puts(&row, m->header[i]);
            nr_buf_puts(&row, ": ");
        }
        nr_buf_puts(&row, m->cells[i]);
    }
    if (row.len) {
        if (!m->table_said) {
            const char *label = nr_lang_label(m->lang, "table", "Tabel");
            if (label[0])
                emit(m, TUTUR_BLOCK_PARAGRAPH, 0, label);
            m->table_said = true;
        }
        nr_buf_putc(&row, '.');
        emit(m, TUTUR_BLOCK_LIST_ITEM, 0, nr_buf_cstr(&row));
    }
    nr_buf_free(&row);
    for (size_t i = 0; i < m->n_cells; i++)
        free(m->cells[i]);
    m->n_cells = 0;
    emit_images(m);
}

static int leave_block(MD_BLOCKTYPE type, void *detail, void *user) {
    md_state *m = user;
    switch (type) {
    case MD_BLOCK_QUOTE: m->quote--; break;
    case MD_BLOCK_CODE: {
        m->code--;
        const char *notice = nr_lang_label(m->lang, "code", "");
        if (notice[0])
            emit(m, TUTUR_BLOCK_PARAGRAPH, 0, notice);
        break;
    }
    case MD_BLOCK_HTML: {
        m->html--;
        char *t = nr_html_fragment_text(m->text.data ? m->text.data : "", m->text.len);
        m->text.len = 0;
        if (!t)
            m->st = TUTUR_E_NOMEM;
        else
            emit(m, TUTUR_BLOCK_PARAGRAPH, 0, t);
        free(t);
        break;
    }
    case MD_BLOCK_LI:
        close_text(m, TUTUR_BLOCK_LIST_ITEM, 0);
        m->li_depth--;
        break;
    case MD_BLOCK_H: {
        int level = (int)((MD_BLOCK_H_DETAIL *)detail)->level;
        close_text(m, TUTUR_BLOCK_HEADING, level);
        break;
    }
    case MD_BLOCK_P:
        if (!m->li_depth)
            close_text(m, TUTUR_BLOCK_PARAGRAPH, 0);
        break;
    case MD_BLOCK_TH: case MD_BLOCK_TD:
        if (m->n_cells < 32) {
            char *cell = nr_squeeze_spaces(m->text.data ? m->text.data : "", m->text.len);
            if (cell)
                m->cells[m->n_cells++] = cell;
            else
                m->st = TUTUR_E_NOMEM;
        }
        m->text.len = 0;
        break;
    case MD_BLOCK_TR: table_row(m); break;
    case MD_BLOCK_THEAD: m->in_thead = 0; break;
    case MD_BLOCK_TABLE:
        for (size_t i = 0; i < m->n_header; i++)
            free(m->header[i]);
        m->n_header = 0;
        break;
    default: break;
    }
    return m->st != TUTUR_OK;
}

static int enter_span(MD_SPANTYPE type, void *detail, void *user) {
    md_state *m = user;
    (void)detail;
    if (type == MD_SPAN_IMG && m->in_image++ == 0)
        m->alt.len = 0;
    return 0;
}

static int leave_span(MD_SPANTYPE type, void *detail, void *user) {
    md_state *m = user;
    (void)detail;
    if (type == MD_SPAN_IMG && --m->in_image == 0) {
        char *alt = nr_squeeze_spaces(m->alt.data ? m->alt.data : "", m->alt.len);
        if (alt && alt[0]) {
            char **p = nr_grow(m->images, &m->cap_images, m->n_images + 1, sizeof *p);
            if (p) {
                m->images = p;
                m->images[m->n_images++] = alt;
                alt = NULL;
            } else {
                m->st = TUTUR_E_NOMEM;
            }
        }
        free(alt);
    }
    return m->st != TUTUR_OK;
}

static int on_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *user) {
    md_state *m = user;
    if (m->code)
        return 0;
    nr_buf *out = m->in_image ? &m->alt : &m->text;
    bool ok = true;
    switch (type) {
    case MD_TEXT_NULLCHAR: break;
    case MD_TEXT_BR: case MD_TEXT_SOFTBR: ok = nr_buf_putc(out, ' '); break;
    case MD_TEXT_ENTITY: ok = nr_html_entity(out, text, size); break;
    case MD_TEXT_HTML:
        /* inline tags are dropped; an HTML block keeps its source for
         * the HTML parser */
        if (m->html)
            ok = nr_buf_append(out, text, size);
        break;
    default: ok = nr_buf_append(out, text, size); break;
    }
    if (!ok)
        m->st = TUTUR_E_NOMEM;
    return m->st != TUTUR_OK;
}

/* ----- front matter ----- */

static void take(char **field, const char *value, size_t n) {
    if (*field || !n)
        return;
    char *v = nr_strndup(value, n);
    if (!v)
        return;
    *field = nr_squeeze_spaces(v, strlen(v));
    free(v);
}

static void meta_field(tutur_article *a, const char *key, const char *value, size_t n) {
    if (strcasecmp(key, "title") == 0)
        take(&a->title, value, n);
    else if (strcasecmp(key, "author") == 0 || strcasecmp(key, "authors") == 0 ||
             strcasecmp(key, "penulis") == 0)
        take(&a->author, value, n);
    else if (strcasecmp(key, "date") == 0 || strcasecmp(key, "tanggal") == 0 ||
             strcasecmp(key, "published") == 0) {
        if (n >= 10 && value[4] == '-' && value[7] == '-') {
            take(&a->date, value, 10);
            char *v = nr_strndup(value, n);
            if (v && !a->published)
                a->published = nr_iso_datetime(v);
            free(v);
        }
    } else if (strcasecmp(key, "url") == 0 || strcasecmp(key, "canonical") == 0 ||
               strcasecmp(key, "link") == 0 || strcasecmp(key, "canonicalURL") == 0 ||
               strcasecmp(key, "permalink") == 0) {
        /* an address, or (Hugo's url, Jekyll's permalink) a path on the
         * site, which the feed resolves against the site's address */
        char *v = nr_strndup(value, n);
        if (v && (nr_is_web_url(v) || (v[0] == '/' && v[1] != '/' && !strchr(v, ' '))) &&
            !a->url)
            a->url = v;
        else
            free(v);
    } else if (strcasecmp(key, "lang") == 0 || strcasecmp(key, "language") == 0 ||
               strcasecmp(key, "bahasa") == 0) {
        size_t k = strcspn(value, "-_");
        take(&a->language, value, k < n ? k : n);
    } else if (strcasecmp(key, "slug") == 0) {
        take(&a->slug, value, n);
    } else if (strcasecmp(key, "description") == 0 || strcasecmp(key, "summary") == 0 ||
               strcasecmp(key, "excerpt") == 0 || strcasecmp(key, "deskripsi") == 0) {
        take(&a->description, value, n);
    } else if (strcasecmp(key, "image") == 0 || strcasecmp(key, "cover") == 0 ||
               strcasecmp(key, "featured_image") == 0 || strcasecmp(key, "featureimage") == 0 ||
               strcasecmp(key, "images") == 0 || strcasecmp(key, "thumbnail") == 0) {
        take(&a->image, value, n);
    } else if (strcasecmp(key, "lastmod") == 0 || strcasecmp(key, "last_modified_at") == 0 ||
               strcasecmp(key, "updated") == 0 || strcasecmp(key, "modified") == 0) {
        take(&a->updated, value, n);
    }
    /* Not published: Hugo's draft: true, Jekyll's published: false. */
    bool yes = (n == 4 && strncasecmp(value, "true", 4) == 0) ||
               (n == 3 && strncasecmp(value, "yes", 3) == 0);
    bool no = (n == 5 && strncasecmp(value, "false", 5) == 0) ||
              (n == 2 && strncasecmp(value, "no", 2) == 0);
    if ((strcasecmp(key, "draft") == 0 && yes) || (strcasecmp(key, "published") == 0 && no))
        a->draft = true;
}

/* YAML: top-level scalar values.  A list (authors: [a, b]) gives its
 * first scalar, a mapping (author: {name: X}) its "name".  Anything
 * malformed is ignored: the article is still read. */
static void yaml_front(tutur_article *a, const char *s, size_t n) {
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) {
        nr_alloc_failed = true; /* libyaml's memory is not ours: said here */
        return;
    }
    yaml_parser_set_input_string(&p, (const unsigned char *)s, n);
    int depth = 0;
    char key[64] = "", inner[64] = "";
    bool want_value = false, inner_is_map = false, inner_value = false, taken = false;
    for (int guard = 0; guard < 100000; guard++) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            if (p.error == YAML_MEMORY_ERROR)
                nr_alloc_failed = true;
            break;
        }
        yaml_event_type_t t = ev.type;
        if (t == YAML_MAPPING_START_EVENT || t == YAML_SEQUENCE_START_EVENT) {
            depth++;
            if (depth == 2) {
                inner_is_map = t == YAML_MAPPING_START_EVENT;
                inner_value = false;
                taken = false;
            }
        } else if (t == YAML_MAPPING_END_EVENT || t == YAML_SEQUENCE_END_EVENT) {
            depth--;
            if (depth == 1)
                want_value = false;
        } else if (t == YAML_SCALAR_EVENT) {
            const char *v = (const char *)ev.data.scalar.value;
            size_t len = ev.data.scalar.length;
            if (depth == 1 && !want_value) {
                snprintf(key, sizeof key, "%.*s", (int)(len < 63 ? len : 63), v);
                want_value = true;
            } else if (depth == 1) {
                meta_field(a, key, v, len);
                want_value = false;
            } else if (depth == 2 && want_value && !taken) {
                if (!inner_is_map) {
                    meta_field(a, key, v, len); /* a list: its first item */
                    taken = true;
                } else if (!inner_value) {
                    snprintf(inner, sizeof inner, "%.*s", (int)(len < 63 ? len : 63), v);
                    inner_value = true;
                } else {
                    if (strcasecmp(inner, "name") == 0 || strcasecmp(inner, "nama") == 0) {
                        meta_field(a, key, v, len);
                        taken = true;
                    }
                    inner_value = false;
                }
            }
        }
        yaml_event_delete(&ev);
        if (t == YAML_STREAM_END_EVENT)
            break;
    }
    yaml_parser_delete(&p);
}

/* TOML: key = "value" lines at the top level (no table headers). */
static void toml_front(tutur_article *a, const char *s, size_t n) {
    for (size_t i = 0; i < n;) {
        const char *line = s + i;
        const char *nl = memchr(line, '\n', n - i);
        size_t len = nl ? (size_t)(nl - line) : n - i;
        i += len + 1;
        if (len && line[0] == '[')
            break; /* a table: the rest is not top level */
        const char *eq = memchr(line, '=', len);
        if (!eq)
            continue;
        char key[64];
        size_t k = (size_t)(eq - line);
        while (k && (line[k - 1] == ' ' || line[k - 1] == '\t'))
            k--;
        snprintf(key, sizeof key, "%.*s", (int)(k < 63 ? k : 63), line);
        const char *v = eq + 1, *end = line + len;
        while (v < end && (*v == ' ' || *v == '\t'))
            v++;
        while (end > v && (end[-1] == ' ' || end[-1] == '\r'))
            end--;
        if (v < end && (*v == '"' || *v == '\'') && end - v >= 2 && end[-1] == *v) {
            v++;
            end--;
        }
        meta_field(a, key, v, (size_t)(end - v));
    }
}

/* Front matter between "---" (YAML) or "+++" (TOML) lines at the very
 * start: parsed, and its length returned (0 when there is none). */
static size_t front_matter(tutur_article *a, const char *s, size_t n) {
    const char *fence = n >= 4 && (strncmp(s, "---\n", 4) == 0 || strncmp(s, "+++\n", 4) == 0)
                            ? (s[0] == '-' ? "---" : "+++")
                            : NULL;
    if (!fence && n >= 5 && strncmp(s, "---\r\n", 5) == 0)
        fence = "---";
    if (!fence)
        return 0;
    size_t body = s[3] == '\r' ? 5 : 4;
    for (size_t i = body; i < n;) {
        const char *line = s + i;
        const char *nl = memchr(line, '\n', n - i);
        size_t len = nl ? (size_t)(nl - line) : n - i;
        size_t trimmed = len;
        while (trimmed && (line[trimmed - 1] == '\r' || line[trimmed - 1] == ' '))
            trimmed--;
        if ((trimmed == 3 && strncmp(line, fence, 3) == 0) ||
            (fence[0] == '-' && trimmed == 3 && strncmp(line, "...", 3) == 0)) {
            if (fence[0] == '-')
                yaml_front(a, s + body, i - body);
            else
                toml_front(a, s + body, i - body);
            return nl ? i + len + 1 : n;
        }
        i += len + 1;
    }
    return 0; /* no closing fence: not front matter */
}

/* The first heading is the title when it opens the document at level 1
 * and no title came from the front matter. */
static tutur_status finish_structure(tutur_article *a) {
    /* The opening heading is the title: taken as it, or dropped when the
     * front matter already says it. */
    if (a->n_blocks && a->blocks[0].kind == TUTUR_BLOCK_HEADING &&
        (a->title ? strcasecmp(a->title, a->blocks[0].text) == 0 : a->blocks[0].level == 1)) {
        if (a->title)
            free(a->blocks[0].text);
        else
            a->title = a->blocks[0].text;
        free(a->blocks[0].lang);
        memmove(a->blocks, a->blocks + 1, (a->n_blocks - 1) * sizeof *a->blocks);
        a->n_blocks--;
    }
    return nr_article_finish(a);
}

tutur_status tutur_read_markdown(tutur_ctx *ctx, const char *name, const char *text, size_t len,
                                 const tutur_lang *lang, tutur_article **out) {
    nr_clear(ctx); /* a message is about the last call only */
    *out = NULL;
    nr_alloc_begin();
    tutur_status st = nr_check_text(ctx, name, text, len);
    if (st != TUTUR_OK)
        return st;
    tutur_article *a = nr_article_new(name);
    if (!a)
        return nr_fail(ctx, TUTUR_E_NOMEM, "%s: out of memory", name);
    size_t skip = front_matter(a, text, len);
    /* the generator's template markup is not the article's */
    size_t body_len = len - skip;
    char *body = nr_strip_site_markup(text + skip, body_len, &body_len);
    md_state m = {.a = a, .lang = lang};
    MD_PARSER parser = {
        .abi_version = 0,
        .flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_PERMISSIVEAUTOLINKS,
        .enter_block = enter_block,
        .leave_block = leave_block,
        .enter_span = enter_span,
        .leave_span = leave_span,
        .text = on_text,
    };
    int rc = md_parse(body ? body : text + skip, (MD_SIZE)body_len, &parser, &m);
    free(body);
    st = m.st;
    if (st == TUTUR_OK && rc != 0)
        st = TUTUR_E_NOMEM; /* md4c fails only when memory runs out */
    for (size_t i = 0; i < m.n_images; i++)
        free(m.images[i]);
    for (size_t i = 0; i < m.n_cells; i++)
        free(m.cells[i]);
    for (size_t i = 0; i < m.n_header; i++)
        free(m.header[i]);
    free(m.images);
    nr_buf_free(&m.text);
    nr_buf_free(&m.alt);
    if (st == TUTUR_OK)
        st = finish_structure(a);
    if (st == TUTUR_OK)
        st = nr_article_take_bylines(a, lang);
    return nr_article_deliver(ctx, a, st,
                              skip ? "nothing to read aloud (only front matter)"
                                   : "nothing to read aloud (no text)",
                              out);
}
