/* xhtml_article.c: see xhtml_article.h. */
#include <stdio.h>
#include <stdlib.h>

#include "xhtml_article.h"

void nr_seconds(int64_t samples, int rate, char buf[32]) {
    int64_t ms = tutur_samples_to_ms(samples, rate);
    snprintf(buf, 32, "%lld.%03lld", (long long)(ms / 1000), (long long)(ms % 1000));
}

size_t nr_first_sentence_of_span(const tutur_timeline *tl, size_t span) {
    /* sentences are stored span by span, in order: binary search */
    size_t lo = 0, hi = tl->n_sentences;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (tl->sentences[mid].span < span)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

typedef struct ctx {
    xmlTextWriterPtr w;
    int rc;
} wctx;

static void ok(wctx *c, int rc) {
    if (rc < 0 && c->rc == 0)
        c->rc = rc;
}

static void sentences(wctx *c, const tutur_segment *g, const tutur_timeline *tl, size_t span,
                      const nr_article_markup *m) {
    size_t first = nr_first_sentence_of_span(tl, span);
    for (size_t k = 0; k < g->n_sentences; k++) {
        const tutur_range *r = &g->sentences[k].text;
        if (!r->length)
            continue;
        if (k)
            ok(c, xmlTextWriterWriteString(c->w, BAD_CAST " "));
        size_t idx = first + k;
        char id[48], t[32];
        ok(c, xmlTextWriterStartElement(c->w, BAD_CAST "span"));
        snprintf(id, sizeof id, "%ss%zu", m->id_prefix, idx + 1);
        ok(c, xmlTextWriterWriteAttribute(c->w, BAD_CAST "id", BAD_CAST id));
        if (m->times && idx < tl->n_sentences && tl->sentences[idx].span == span) {
            nr_seconds(tl->sentences[idx].start, tl->rate, t);
            ok(c, xmlTextWriterWriteAttribute(c->w, BAD_CAST "data-begin", BAD_CAST t));
            nr_seconds(tl->sentences[idx].end, tl->rate, t);
            ok(c, xmlTextWriterWriteAttribute(c->w, BAD_CAST "data-end", BAD_CAST t));
        }
        ok(c, xmlTextWriterWriteFormatString(c->w, "%.*s", (int)r->length, g->text + r->offset));
        ok(c, xmlTextWriterEndElement(c->w));
    }
}

int nr_write_article(xmlTextWriterPtr w, const tutur_script *s, const tutur_timeline *tl,
                     const nr_article_markup *m) {
    wctx c = {w, 0};
    size_t span = 0;
    bool in_list = false;
    /* An outline without gaps: a heading is at most one level below the
     * one before it (h2 then h4 reads as a missing section to a screen
     * reader; axe calls it heading-order). */
    int prev = m->above > 0 ? m->above : 1;
    for (size_t ch = 0; ch < s->n_chapters; ch++) {
        const tutur_chapter *chapter = &s->chapters[ch];
        for (size_t i = 0; i < chapter->n_segments; i++, span++) {
            const tutur_segment *g = &chapter->segments[i];
            if (in_list && g->kind != TUTUR_SEG_LIST_ITEM) {
                ok(&c, xmlTextWriterEndElement(w)); /* ul */
                in_list = false;
            }
            char tag[8], id[48];
            switch (g->kind) {
            case TUTUR_SEG_TITLE:
                if (!m->title)
                    continue;
                snprintf(tag, sizeof tag, "h1");
                break;
            case TUTUR_SEG_HEADING: {
                int level = chapter->level + m->heading_offset;
                level = level > prev + 1 ? prev + 1 : level;
                level = level < 1 ? 1 : level > 6 ? 6 : level;
                prev = level;
                snprintf(tag, sizeof tag, "h%d", level);
                break;
            }
            case TUTUR_SEG_LIST_ITEM:
                if (!in_list) {
                    ok(&c, xmlTextWriterStartElement(w, BAD_CAST "ul"));
                    in_list = true;
                }
                snprintf(tag, sizeof tag, "li");
                break;
            case TUTUR_SEG_QUOTE:
                ok(&c, xmlTextWriterStartElement(w, BAD_CAST "blockquote"));
                snprintf(tag, sizeof tag, "p");
                break;
            default:
                snprintf(tag, sizeof tag, "p");
                break;
            }
            ok(&c, xmlTextWriterStartElement(w, BAD_CAST tag));
            if (g->kind == TUTUR_SEG_HEADING || g->kind == TUTUR_SEG_TITLE) {
                snprintf(id, sizeof id, "%sch-%zu", m->id_prefix, ch + 1);
                ok(&c, xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST id));
            }
            if (g->lang) {
                ok(&c, xmlTextWriterWriteAttribute(w, BAD_CAST "lang", BAD_CAST g->lang));
                if (m->xml_lang)
                    ok(&c, xmlTextWriterWriteAttribute(w, BAD_CAST "xml:lang", BAD_CAST g->lang));
            }
            sentences(&c, g, tl, span, m);
            ok(&c, xmlTextWriterEndElement(w));
            if (g->kind == TUTUR_SEG_QUOTE)
                ok(&c, xmlTextWriterEndElement(w));
        }
    }
    if (in_list)
        ok(&c, xmlTextWriterEndElement(w));
    return c.rc;
}

int nr_write_title(xmlTextWriterPtr w, const tutur_script *s, const tutur_timeline *tl,
                   const nr_article_markup *m) {
    wctx c = {w, 0};
    if (!s->n_chapters || !s->chapters[0].n_segments ||
        s->chapters[0].segments[0].kind != TUTUR_SEG_TITLE)
        return 0;
    char id[48];
    ok(&c, xmlTextWriterStartElement(w, BAD_CAST "h1"));
    snprintf(id, sizeof id, "%sch-1", m->id_prefix);
    ok(&c, xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST id));
    sentences(&c, &s->chapters[0].segments[0], tl, 0, m);
    ok(&c, xmlTextWriterEndElement(w));
    return c.rc;
}

size_t nr_clips(const tutur_timeline *tl, int64_t from, int64_t to, nr_clip **out) {
    *out = NULL;
    size_t n = 0, cap = 0;
    nr_clip *clips = NULL;
    for (size_t i = 0; i < tl->n_sentences; i++) {
        const tutur_sentence_span *ss = &tl->sentences[i];
        if (ss->start < from || ss->start >= to)
            continue;
        int64_t a = tutur_samples_to_ms(ss->start, tl->rate);
        int64_t b = tutur_samples_to_ms(ss->end, tl->rate);
        if (b <= a && n)
            continue; /* joins the clip before */
        nr_clip *p = nr_grow(clips, &cap, n + 1, sizeof *p);
        if (!p) {
            free(clips);
            return 0;
        }
        clips = p;
        if (n)
            clips[n - 1].end = ss->start;
        clips[n] = (nr_clip){i, n ? ss->start : from, to};
        n++;
    }
    *out = clips;
    return n;
}
