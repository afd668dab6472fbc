/* plan.c: PLAN, from what the author wrote (Article) to what will be said
 * (Script).  One chapter per heading; the first chapter opens with the
 * title and holds whatever comes before the first heading.  Boilerplate
 * blocks are dropped by the language's rules (readers of marked-up formats
 * keep them for this stage to judge).  Pauses come from the voice profile:
 * the silence between two segments is the first's pause_after plus the
 * second's pause_before. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "normalize.h"
#include "sentences.h"

typedef struct builder {
    tutur_script *s;
    size_t cap_chapters;
    size_t cap_segments; /* of the last chapter */
} builder;

static tutur_status open_chapter(builder *b, const char *title, int level) {
    tutur_script *s = b->s;
    tutur_chapter *p = nr_grow(s->chapters, &b->cap_chapters, s->n_chapters + 1, sizeof *p);
    if (!p)
        return TUTUR_E_NOMEM;
    s->chapters = p;
    tutur_chapter *ch = &s->chapters[s->n_chapters];
    *ch = (tutur_chapter){.title = nr_strdup(title), .level = level};
    if (!ch->title)
        return TUTUR_E_NOMEM;
    s->n_chapters++;
    b->cap_segments = 0;
    return TUTUR_OK;
}

/* What the synthesizer reads: the normalizer's output, sentence by
 * sentence, so each written sentence knows its stretch of spoken text (and,
 * after RENDER, of audio). */
static tutur_status speak_sentences(const tutur_lang *lang, tutur_segment *seg) {
    const nr_normalizer *z = lang ? lang->normalizer : NULL;
    tutur_range *ranges = NULL;
    size_t n = 0;
    if (nr_split_sentences(z, seg->text, &ranges, &n) != TUTUR_OK)
        return TUTUR_E_NOMEM;
    if (n == 0) { /* an empty text is one empty sentence */
        ranges = malloc(sizeof *ranges);
        if (!ranges)
            return TUTUR_E_NOMEM;
        ranges[0] = (tutur_range){0, 0};
        n = 1;
    }
    seg->sentences = calloc(n, sizeof *seg->sentences);
    nr_buf spoken = {0};
    bool ok = seg->sentences != NULL;
    for (size_t i = 0; ok && i < n; i++) {
        char *written = nr_strndup(seg->text + ranges[i].offset, ranges[i].length);
        char *said = !written ? NULL : z ? nr_normalize(z, written) : nr_strdup(written);
        if (said && said[0] && spoken.len)
            ok = nr_buf_putc(&spoken, ' ');
        size_t at = spoken.len;
        ok = ok && said && nr_buf_puts(&spoken, said);
        seg->sentences[i] = (tutur_sentence){ranges[i], {at, spoken.len - at}};
        free(written);
        free(said);
    }
    free(ranges);
    seg->n_sentences = n;
    seg->spoken = ok ? nr_buf_take(&spoken) : NULL;
    nr_buf_free(&spoken);
    return seg->spoken ? TUTUR_OK : TUTUR_E_NOMEM;
}

static tutur_status add_segment(builder *b, const tutur_lang *lang, tutur_segment_kind kind,
                                const char *text, int before_ms, int after_ms,
                                const char *block_lang) {
    tutur_chapter *ch = &b->s->chapters[b->s->n_chapters - 1];
    tutur_segment *p = nr_grow(ch->segments, &b->cap_segments, ch->n_segments + 1, sizeof *p);
    if (!p)
        return TUTUR_E_NOMEM;
    ch->segments = p;
    tutur_segment seg = {kind, nr_squeeze_spaces(text, strlen(text)), NULL, before_ms, after_ms,
                         NULL, 0, NULL};
    tutur_status st = seg.text ? speak_sentences(lang, &seg) : TUTUR_E_NOMEM;
    if (st == TUTUR_OK && block_lang && !(seg.lang = nr_strdup(block_lang)))
        st = TUTUR_E_NOMEM;
    if (st != TUTUR_OK) {
        free(seg.text);
        free(seg.spoken);
        free(seg.sentences);
        return st;
    }
    ch->segments[ch->n_segments++] = seg;
    return TUTUR_OK;
}

/* A list ends with a paragraph's pause, not an item's: every list item
 * followed by something else (or by nothing) gets PAUSE_MS after it. */
static void end_lists(tutur_script *s, int pause_ms) {
    tutur_segment *item = NULL; /* the last segment, when it is a list item */
    for (size_t c = 0; c < s->n_chapters; c++)
        for (size_t i = 0; i < s->chapters[c].n_segments; i++) {
            tutur_segment *g = &s->chapters[c].segments[i];
            if (item && g->kind != TUTUR_SEG_LIST_ITEM)
                item->pause_after_ms = pause_ms;
            item = g->kind == TUTUR_SEG_LIST_ITEM ? g : NULL;
        }
    if (item)
        item->pause_after_ms = pause_ms;
}

static bool speakable(const tutur_script *s) {
    for (size_t c = 0; c < s->n_chapters; c++)
        for (size_t i = 0; i < s->chapters[c].n_segments; i++)
            if (nr_has_latin_letter(s->chapters[c].segments[i].text))
                return true;
    return false;
}

tutur_status tutur_plan(tutur_ctx *ctx, const tutur_article *a, const tutur_lang *lang,
                        const tutur_profile *p, tutur_script **out) {
    nr_clear(ctx); /* a message is about the last call only */
    *out = NULL;
    nr_alloc_begin();
    builder b = {calloc(1, sizeof(tutur_script)), 0, 0};
    if (!b.s)
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    tutur_script *s = b.s;
    s->title = nr_strdup(a->title ? a->title : "");
    s->author = nr_strdup(a->author);
    s->date = nr_strdup(a->date);
    s->published = nr_strdup(a->published);
    s->url = nr_strdup(a->url);
    s->description = nr_strdup(a->description);
    s->language = nr_strdup(a->language ? a->language : p->language);
    tutur_status st = (s->title && s->language && (!a->author || s->author) &&
                       (!a->date || s->date) && (!a->published || s->published) &&
                       (!a->url || s->url) && (!a->description || s->description))
                          ? open_chapter(&b, s->title, 1)
                          : TUTUR_E_NOMEM;
    if (st == TUTUR_OK && s->title[0])
        st = add_segment(&b, lang, TUTUR_SEG_TITLE, s->title, 0, p->pause_after_title_ms, NULL);
    size_t spoken_blocks = 0;
    for (size_t i = 0; i < a->n_blocks && st == TUTUR_OK; i++) {
        const tutur_block *blk = &a->blocks[i];
        if (lang && nr_rules_match(lang->rules, blk->text, NULL) == NR_RULE_DROP)
            continue;
        switch (blk->kind) {
        case TUTUR_BLOCK_HEADING:
            st = open_chapter(&b, blk->text, blk->level);
            if (st == TUTUR_OK)
                st = add_segment(&b, lang, TUTUR_SEG_HEADING, blk->text, p->pause_before_heading_ms,
                                 p->pause_after_heading_ms, blk->lang);
            break;
        case TUTUR_BLOCK_LIST_ITEM:
            st = add_segment(&b, lang, TUTUR_SEG_LIST_ITEM, blk->text, 0, p->pause_list_item_ms,
                             blk->lang);
            break;
        case TUTUR_BLOCK_QUOTE:
            st = add_segment(&b, lang, TUTUR_SEG_QUOTE, blk->text, 0, p->pause_paragraph_ms,
                             blk->lang);
            break;
        case TUTUR_BLOCK_PARAGRAPH:
            st = add_segment(&b, lang, TUTUR_SEG_PARAGRAPH, blk->text, 0, p->pause_paragraph_ms,
                             blk->lang);
            break;
        }
        spoken_blocks++;
    }
    if (st == TUTUR_OK)
        end_lists(s, p->pause_paragraph_ms);
    if (st == TUTUR_OK && nr_alloc_failed)
        st = TUTUR_E_NOMEM; /* a segment said shorter than written */
    if (st == TUTUR_OK && spoken_blocks == 0)
        st = nr_fail(ctx, TUTUR_E_EMPTY, "%s: nothing to read aloud", a->source);
    else if (st == TUTUR_OK && !speakable(s))
        /* emoji only, or a script the voice cannot read: a silent file,
         * or a file of notices, is no narration */
        st = nr_fail(ctx, TUTUR_E_EMPTY,
                     "%s: nothing to read aloud: no word in the Latin alphabet the voice reads",
                     a->source);
    else if (st == TUTUR_E_NOMEM)
        nr_fail(ctx, st, "%s: out of memory", a->source);
    if (st != TUTUR_OK) {
        tutur_script_destroy(s);
        return st;
    }
    *out = s;
    return TUTUR_OK;
}
