/* script_json.c: the Script as JSON (jansson), the output of `tutur plan`:
 * {"title","author","date","language","chapters":[{"title","level",
 *  "segments":[{"kind","text","spoken","pause_before_ms","pause_after_ms",
 *                "sentences":[{"text","spoken"}]}]}]} */
#include <jansson.h>
#include <stdlib.h>

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
    *out = NULL;
    json_t *chapters = json_array();
    json_t *root = json_pack("{s:o, s:o, s:o, s:o, s:o}", "title", string_or_null(s->title),
                             "author", string_or_null(s->author), "date", string_or_null(s->date),
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
