/* sink_vtt.c: WebVTT, for captions and for a chapters track.
 *
 * Times are the Timeline's, in milliseconds rounded down, so a chapter cue
 * starts on the same millisecond as CHAPTERnnn in the Opus file and
 * startTime in the JSON chapters.  Cue text is escaped (&, <, >) and never
 * holds a blank line or "-->". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"

/* Apple and the BBC keep caption lines short enough to read at a glance. */
#define LINE_MAX_BYTES 65

static int64_t ms(const tutur_timeline *tl, int64_t sample) {
    return tutur_samples_to_ms(sample, tl->rate);
}

static void put_time(FILE *f, int64_t when_ms) {
    char buf[13];
    tutur_format_hms(when_ms, buf);
    fputs(buf, f);
}

/* TEXT[0..n) escaped, broken into lines of at most LINE_MAX_BYTES at spaces
 * when WRAP (a single long word stays whole). */
static void put_text(FILE *f, const char *text, size_t n, bool wrap) {
    size_t col = 0;
    for (size_t i = 0; i < n;) {
        size_t w = i;
        while (w < n && text[w] != ' ')
            w++;
        if (col > 0) {
            if (wrap && col + 1 + (w - i) > LINE_MAX_BYTES) {
                fputc('\n', f);
                col = 0;
            } else {
                fputc(' ', f);
                col++;
            }
        }
        for (size_t k = i; k < w; k++) {
            char c = text[k];
            if (c == '&')
                fputs("&amp;", f);
            else if (c == '<')
                fputs("&lt;", f);
            else if (c == '>')
                fputs("&gt;", f);
            else if (c == '\n' || c == '\r' || c == '\t')
                fputc(' ', f);
            else
                fputc(c, f);
        }
        col += w - i;
        i = w;
        while (i < n && text[i] == ' ')
            i++;
    }
}

static tutur_status finish(tutur_ctx *ctx, tutur_output *o) {
    if (fflush(o->f) != 0 || ferror(o->f))
        return nr_fail(ctx, TUTUR_E_IO, "%s: cannot write", o->path);
    return TUTUR_OK;
}

static const tutur_segment *segment_of(const tutur_script *s, const tutur_timeline *tl,
                                       uint32_t span) {
    const tutur_segment_span *sp = &tl->spans[span];
    return &s->chapters[sp->chapter].segments[sp->segment];
}

/* A cue held back until the next sentence shows whether they must merge:
 * a sentence shorter than a millisecond joins its neighbour in the same
 * segment, so every sentence is in some cue and no cue is empty. */
typedef struct held_cue {
    bool active;
    uint32_t span;
    int64_t start, end;
    nr_buf text;
} held_cue;

static void emit(FILE *f, held_cue *h, int *n) {
    if (!h->active)
        return;
    if (h->end <= h->start)
        h->end = h->start + 1;
    fprintf(f, "\n%d\n", ++*n);
    put_time(f, h->start);
    fputs(" --> ", f);
    put_time(f, h->end);
    fputc('\n', f);
    put_text(f, h->text.data ? h->text.data : "", h->text.len, true);
    fputc('\n', f);
    h->active = false;
    h->text.len = 0;
}

tutur_status tutur_sink_captions(tutur_ctx *ctx, const tutur_script *s, const tutur_timeline *tl,
                                 tutur_output *o) {
    nr_clear(ctx); /* a message is about the last call only */
    fprintf(o->f, "WEBVTT\n");
    held_cue h = {0};
    int n = 0;
    bool ok = true;
    for (size_t i = 0; ok && i < tl->n_sentences; i++) {
        const tutur_sentence_span *ss = &tl->sentences[i];
        const tutur_segment *g = segment_of(s, tl, ss->span);
        const tutur_range *r = &g->sentences[ss->sentence].text;
        int64_t start = ms(tl, ss->start), end = ms(tl, ss->end);
        bool same = h.active && h.span == ss->span;
        if (same && (h.end <= h.start || end <= start)) {
            ok = nr_buf_putc(&h.text, ' ') && nr_buf_append(&h.text, g->text + r->offset,
                                                            r->length);
            h.end = end > h.end ? end : h.end;
            continue;
        }
        emit(o->f, &h, &n);
        h = (held_cue){true, ss->span, start, end, h.text};
        ok = nr_buf_append(&h.text, g->text + r->offset, r->length);
    }
    emit(o->f, &h, &n);
    nr_buf_free(&h.text);
    if (!ok)
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    return finish(ctx, o);
}

tutur_status tutur_sink_chapters_vtt(tutur_ctx *ctx, const tutur_script *s,
                                     const tutur_timeline *tl, tutur_output *o) {
    nr_clear(ctx); /* a message is about the last call only */
    fprintf(o->f, "WEBVTT\n");
    for (size_t c = 0; c < tl->n_chapters && c < s->n_chapters; c++) {
        /* The opening chapter is the title and what precedes the first
         * heading; a heading's chapter holds its subheadings. */
        int64_t end = tl->total;
        for (size_t j = c + 1; j < tl->n_chapters; j++)
            if (c == 0 || s->chapters[j].level <= s->chapters[c].level) {
                end = tl->chapter_starts[j];
                break;
            }
        int64_t a = ms(tl, tl->chapter_starts[c]), b = ms(tl, end);
        fprintf(o->f, "\nchapter-%zu\n", c + 1);
        put_time(o->f, a);
        fputs(" --> ", o->f);
        put_time(o->f, b > a ? b : a + 1);
        fputc('\n', o->f);
        put_text(o->f, s->chapters[c].title, strlen(s->chapters[c].title), false);
        fputc('\n', o->f);
    }
    return finish(ctx, o);
}
