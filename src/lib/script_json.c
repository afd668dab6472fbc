/* script_json.c: the Script as JSON (jansson), the output of `tutur plan`:
 * {"title","author","date","published","url","language","chapters":[{"title","level",
 *  "segments":[{"kind","text","spoken","pause_before_ms","pause_after_ms",
 *                "sentences":[{"text","spoken"}]}]}]} */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char *kind_name(tutur_segment_kind k) {
    switch (k) {
    case TUTUR_SEG_TITLE: return "title";
    case TUTUR_SEG_HEADING: return "heading";
    case TUTUR_SEG_PARAGRAPH: return "paragraph";
    case TUTUR_SEG_LIST_ITEM: return "list_item";
    case TUTUR_SEG_QUOTE: return "quote";
    }
    return "paragraph";
}

static json_t *string_or_null(const char *s) { return s ? json_string(s) : json_null(); }

tutur_status tutur_script_to_json(tutur_ctx *ctx, const tutur_script *s, char **out) {
    nr_clear(ctx); /* a message is about the last call only */
    *out = NULL;
    json_t *chapters = json_array();
    json_t *root = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "title",
                             string_or_null(s->title), "author", string_or_null(s->author),
                             "date", string_or_null(s->date), "published",
                             string_or_null(s->published), "url", string_or_null(s->url),
                             "language", string_or_null(s->language), "chapters", chapters);
    bool ok = root != NULL;
    for (size_t c = 0; ok && c < s->n_chapters; c++) {
        const tutur_chapter *ch = &s->chapters[c];
        json_t *segs = json_array();
        json_t *jc = json_pack("{s:s, s:i, s:o}", "title", ch->title, "level", ch->level,
                               "segments", segs);
        ok = jc && json_array_append_new(chapters, jc) == 0;
        for (size_t i = 0; ok && i < ch->n_segments; i++) {
            const tutur_segment *g = &ch->segments[i];
            json_t *sentences = json_array();
            json_t *js = json_pack("{s:s, s:s, s:s, s:i, s:i, s:o}", "kind", kind_name(g->kind),
                                   "text", g->text, "spoken", g->spoken, "pause_before_ms",
                                   g->pause_before_ms, "pause_after_ms", g->pause_after_ms,
                                   "sentences", sentences);
            ok = js && json_array_append_new(segs, js) == 0;
            if (ok && g->lang)
                ok = json_object_set_new(js, "lang", json_string(g->lang)) == 0;
            for (size_t k = 0; ok && k < g->n_sentences; k++) {
                const tutur_sentence *t = &g->sentences[k];
                json_t *jt = json_pack("{s:s%, s:s%}", "text", g->text + t->text.offset,
                                       t->text.length, "spoken", g->spoken + t->spoken.offset,
                                       t->spoken.length);
                ok = jt && json_array_append_new(sentences, jt) == 0;
            }
        }
    }
    if (ok)
        *out = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    if (!*out)
        return nr_fail(ctx, TUTUR_E_NOMEM, "cannot build the plan's JSON");
    return TUTUR_OK;
}

static const char *block_kind_name(tutur_block_kind k) {
    switch (k) {
    case TUTUR_BLOCK_HEADING: return "heading";
    case TUTUR_BLOCK_PARAGRAPH: return "paragraph";
    case TUTUR_BLOCK_LIST_ITEM: return "list_item";
    case TUTUR_BLOCK_QUOTE: return "quote";
    }
    return "paragraph";
}

/* {"title","author","date","published","url","language","source",
 *  "blocks":[{"kind","level","text","lang"}]}: what a reader found.
 * Written block by block, so a huge page costs no JSON tree. */
tutur_status tutur_article_to_json(tutur_ctx *ctx, const tutur_article *a, char **out) {
    nr_clear(ctx); /* a message is about the last call only */
    *out = NULL;
    json_t *head = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "title",
                             string_or_null(a->title), "author", string_or_null(a->author),
                             "date", string_or_null(a->date), "published",
                             string_or_null(a->published), "url", string_or_null(a->url),
                             "language", string_or_null(a->language), "source",
                             string_or_null(a->source));
    char *h = head ? json_dumps(head, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(head);
    nr_buf b = {0};
    bool ok = h && nr_buf_append(&b, h, strlen(h) - 2) && nr_buf_puts(&b, ",\n  \"blocks\": [");
    free(h);
    for (size_t i = 0; ok && i < a->n_blocks; i++) {
        const tutur_block *blk = &a->blocks[i];
        json_t *jb = json_pack("{s:s, s:i, s:s}", "kind", block_kind_name(blk->kind), "level",
                               blk->level, "text", blk->text);
        if (jb && blk->lang)
            json_object_set_new(jb, "lang", json_string(blk->lang));
        char *item = jb ? json_dumps(jb, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
        json_decref(jb);
        ok = item && nr_buf_puts(&b, i ? ",\n    " : "\n    ") && nr_buf_puts(&b, item);
        free(item);
    }
    ok = ok && nr_buf_puts(&b, a->n_blocks ? "\n  ]\n}" : "]\n}");
    if (!ok) {
        nr_buf_free(&b);
        return nr_fail(ctx, TUTUR_E_NOMEM, "cannot build the article's JSON");
    }
    *out = nr_buf_take(&b);
    return *out ? TUTUR_OK : nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
}
