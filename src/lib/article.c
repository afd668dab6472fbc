/* article.c: the Article, what the author wrote, as readers build it. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

tutur_article *nr_article_new(const char *source) {
    tutur_article *a = calloc(1, sizeof *a);
    if (a && !(a->source = nr_strdup(source))) {
        free(a);
        return NULL;
    }
    return a;
}

tutur_status nr_article_add(tutur_article *a, tutur_block_kind kind, int level, const char *text) {
    return nr_article_add_in(a, kind, level, text, NULL);
}

tutur_status nr_article_add_in(tutur_article *a, tutur_block_kind kind, int level,
                               const char *text, const char *lang) {
    /* Capacity is 8, 16, 32...: the array is full exactly when n_blocks is
     * 0 or a power of two of at least 8. */
    size_t n = a->n_blocks;
    if (n == 0 || (n >= 8 && (n & (n - 1)) == 0)) {
        size_t cap = a->n_blocks ? a->n_blocks * 2 : 8;
        tutur_block *p = realloc(a->blocks, cap * sizeof *p);
        if (!p)
            return TUTUR_E_NOMEM;
        a->blocks = p;
    }
    char *copy = nr_strdup(text);
    char *lang_copy = lang ? nr_strdup(lang) : NULL;
    if (!copy || (lang && !lang_copy)) {
        free(copy);
        free(lang_copy);
        return TUTUR_E_NOMEM;
    }
    a->blocks[a->n_blocks++] = (tutur_block){kind, level, copy, lang_copy};
    return TUTUR_OK;
}

/* Bylines and datelines among the first four and last three paragraphs
 * become the author and date (when not known yet) and are removed. */
tutur_status nr_article_take_bylines(tutur_article *a, const tutur_lang *lang) {
    if (!lang)
        return TUTUR_OK;
    size_t keep = 0;
    for (size_t i = 0; i < a->n_blocks; i++) {
        tutur_block *b = &a->blocks[i];
        bool near_end = i < 4 || i + 3 >= a->n_blocks;
        char *capture = NULL;
        nr_rule_action act = near_end && b->kind == TUTUR_BLOCK_PARAGRAPH
                                 ? nr_rules_match(lang->rules, b->text, &capture)
                                 : NR_RULE_NONE;
        char **field = act == NR_RULE_AUTHOR ? &a->author : act == NR_RULE_DATE ? &a->date : NULL;
        if (field && capture) {
            if (!*field) {
                *field = capture;
                capture = NULL;
            }
            free(capture);
            free(b->text);
            free(b->lang);
            continue;
        }
        free(capture);
        a->blocks[keep++] = *b;
    }
    a->n_blocks = keep;
    return TUTUR_OK;
}

void tutur_article_destroy(tutur_article *a) {
    if (!a)
        return;
    for (size_t i = 0; i < a->n_blocks; i++) {
        free(a->blocks[i].text);
        free(a->blocks[i].lang);
    }
    free(a->blocks);
    free(a->title);
    free(a->author);
    free(a->date);
    free(a->published);
    free(a->url);
    free(a->language);
    free(a->source);
    free(a->slug);
    free(a->description);
    free(a->image);
    free(a->updated);
    free(a);
}

char *nr_image_text(const tutur_lang *lang, const char *description) {
    char *d = nr_squeeze_spaces(description, strlen(description));
    if (!d || !d[0])
        return d; /* "" when there is nothing to say */
    nr_buf b = {0};
    const char *label = nr_lang_label(lang, "image", "Gambar");
    bool ok = (!label[0] || (nr_buf_puts(&b, label) && nr_buf_puts(&b, ": "))) &&
              nr_buf_puts(&b, d);
    free(d);
    if (!ok) {
        nr_buf_free(&b);
        return NULL;
    }
    return nr_buf_take(&b);
}

tutur_status nr_article_finish(tutur_article *a) {
    int top = 7;
    for (size_t i = 0; i < a->n_blocks; i++)
        if (a->blocks[i].kind == TUTUR_BLOCK_HEADING && a->blocks[i].level < top)
            top = a->blocks[i].level;
    for (size_t i = 0; i < a->n_blocks; i++)
        if (a->blocks[i].kind == TUTUR_BLOCK_HEADING) {
            int l = a->blocks[i].level - top + 2;
            a->blocks[i].level = l > 6 ? 6 : l;
        }
    for (size_t i = 0; i < a->n_blocks && !a->title; i++)
        if (a->blocks[i].kind == TUTUR_BLOCK_HEADING && !(a->title = nr_strdup(a->blocks[i].text)))
            return TUTUR_E_NOMEM;
    if (!a->title && !(a->title = nr_strdup("")))
        return TUTUR_E_NOMEM;
    return TUTUR_OK;
}

/* Control characters carry no text, and one of them makes every XML
 * output invalid (XML 1.0 allows none but tab, newline and return): a
 * vertical tab or form feed becomes a space, the others (C0, DEL, C1) go. */
static void drop_controls(char *s) {
    if (!s)
        return;
    unsigned char *r = (unsigned char *)s, *w = r;
    while (*r) {
        unsigned char c = *r;
        if (c == '\v' || c == '\f') {
            *w++ = ' ';
            r++;
        } else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f ||
                   (c == 0xc2 && r[1] >= 0x80 && r[1] <= 0x9f)) { /* C1: U+0080..U+009F */
            r += c == 0xc2 ? 2 : 1;
            if (w > (unsigned char *)s && w[-1] == ' ' && *r == ' ')
                r++; /* "a \a b": one space left, not two */
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
}

void nr_article_clean(tutur_article *a) {
    drop_controls(a->title);
    drop_controls(a->author);
    for (size_t i = 0; i < a->n_blocks; i++)
        drop_controls(a->blocks[i].text);
    nr_article_split_date(a);
}

void nr_article_split_date(tutur_article *a) {
    if (!a || !a->date || strlen(a->date) <= 10)
        return;
    if (!a->published)
        a->published = nr_iso_datetime(a->date);
    a->date[10] = '\0';
}

tutur_status nr_article_deliver(tutur_ctx *ctx, tutur_article *a, tutur_status st,
                                const char *empty_why, tutur_article **out) {
    if (st == TUTUR_OK && nr_alloc_failed)
        st = TUTUR_E_NOMEM; /* somewhere a "not found" may have been "no memory" */
    if (st == TUTUR_OK && a->n_blocks == 0)
        st = nr_fail(ctx, TUTUR_E_EMPTY, "%s: %s", a->source, empty_why);
    else if (st != TUTUR_OK)
        st = nr_fail(ctx, st, "%s: out of memory", a->source);
    if (st != TUTUR_OK) {
        tutur_article_destroy(a);
        return st;
    }
    nr_article_clean(a);
    *out = a;
    return TUTUR_OK;
}
