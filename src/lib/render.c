/* render.c: RENDER, from the Script to the spool and the Timeline.
 *
 * Layout of the spool, in samples at the synthesizer's rate:
 *
 *   [pause_before][speech of segment][pause_after][pause_before][speech]...
 *
 * Each segment's speech is trimmed of the near-silence espeak-ng puts
 * around it, so every gap is exactly the profile's pauses and a segment's
 * span starts at its first sound.  A chapter mark is placed chapter_lead
 * before the first sound of its heading (inside the silence before it).
 *
 * Trimming streams: leading quiet samples are dropped as they arrive;
 * quiet samples after speech are held back until either speech resumes
 * (they are written) or the segment ends (they are dropped).  So memory
 * does not grow with the length of a segment. */
#include <stdlib.h>
#include <string.h>

#include "spool.h"
#include "synth.h"

/* About -54 dBFS: below it, a sample is silence for trimming. */
#define QUIET_LEVEL 64
/* Quiet runs longer than this inside speech are written out rather than
 * held, which bounds the hold buffer (ten seconds at 22050 Hz). */
#define MAX_HOLD_SAMPLES 220500

typedef struct render {
    tutur_ctx *ctx;
    tutur_spool *spool;
    tutur_timeline *tl;
    size_t cap_cues;
    size_t cap_sentences;
    /* per segment */
    bool heard;           /* a sound has been written */
    int64_t trimmed_lead; /* samples dropped before the first sound */
    int64_t seg_start;    /* spool position of the segment's first sound */
    int16_t *hold;
    size_t n_hold, cap_hold;
    size_t first_cue; /* cues of this segment start here */
    tutur_status failure;
} render;

static int flush_hold(render *r) {
    if (!r->n_hold)
        return 0;
    r->failure = nr_spool_write(r->ctx, r->spool, r->hold, r->n_hold);
    r->n_hold = 0;
    return r->failure != TUTUR_OK;
}

static int on_audio(void *user, const int16_t *pcm, size_t n) {
    render *r = user;
    size_t i = 0;
    if (!r->heard) {
        while (i < n && abs(pcm[i]) < QUIET_LEVEL)
            i++;
        r->trimmed_lead += (int64_t)i;
        if (i == n)
            return 0;
        r->heard = true;
    }
    /* From here on: write loud stretches, hold trailing quiet ones. */
    size_t last_loud = n;
    for (size_t k = n; k > i; k--)
        if (abs(pcm[k - 1]) >= QUIET_LEVEL) {
            last_loud = k;
            break;
        }
    if (last_loud != n) {
        if (flush_hold(r))
            return 1;
        r->failure = nr_spool_write(r->ctx, r->spool, pcm + i, last_loud - i);
        if (r->failure != TUTUR_OK)
            return 1;
        i = last_loud;
    }
    size_t quiet = n - i;
    if (!quiet)
        return 0;
    if (r->n_hold + quiet > MAX_HOLD_SAMPLES) {
        if (flush_hold(r))
            return 1;
        r->failure = nr_spool_write(r->ctx, r->spool, pcm + i, quiet);
        return r->failure != TUTUR_OK;
    }
    int16_t *p = nr_grow(r->hold, &r->cap_hold, r->n_hold + quiet, sizeof *p);
    if (!p) {
        r->failure = nr_fail(r->ctx, TUTUR_E_NOMEM, "out of memory");
        return 1;
    }
    r->hold = p;
    memcpy(r->hold + r->n_hold, pcm + i, quiet * sizeof *pcm);
    r->n_hold += quiet;
    return 0;
}

static void on_cue(void *user, tutur_cue_kind kind, int64_t sample, size_t offset, size_t length) {
    render *r = user;
    tutur_timeline *tl = r->tl;
    tutur_cue *p = nr_grow(tl->cues, &r->cap_cues, tl->n_cues + 1, sizeof *p);
    if (!p)
        return; /* cues are an aid; audio goes on without them */
    tl->cues = p;
    /* Stored relative to the synthesizer's output for now; placed once the
     * segment's trim is known (end_segment). */
    tl->cues[tl->n_cues++] = (tutur_cue){kind, (uint32_t)tl->n_spans, (uint32_t)offset,
                                         (uint32_t)length, sample};
}

/* Sentence k starts where the synthesizer began the first word (or
 * sentence) at or after the start of its spoken text; the first starts
 * with the segment's first sound, and each ends where the next starts. */
static tutur_status place_sentences(render *r, const tutur_segment *seg, int64_t end) {
    tutur_timeline *tl = r->tl;
    tutur_sentence_span *p = nr_grow(tl->sentences, &r->cap_sentences,
                                     tl->n_sentences + seg->n_sentences, sizeof *p);
    if (!p)
        return nr_fail(r->ctx, TUTUR_E_NOMEM, "out of memory");
    tl->sentences = p;
    tutur_sentence_span *out = tl->sentences + tl->n_sentences;
    int64_t seg_start = tl->spans[tl->n_spans].start;
    size_t cue = r->first_cue;
    for (size_t k = 0; k < seg->n_sentences; k++) {
        int64_t at = k == 0 ? seg_start : out[k - 1].start;
        if (k > 0) {
            size_t from = seg->sentences[k].spoken.offset;
            while (cue < tl->n_cues && tl->cues[cue].text_offset < from)
                cue++;
            if (cue < tl->n_cues && tl->cues[cue].sample > at)
                at = tl->cues[cue].sample;
        }
        out[k] = (tutur_sentence_span){(uint32_t)tl->n_spans, (uint32_t)k, at, end};
        if (k > 0)
            out[k - 1].end = at;
    }
    tl->n_sentences += seg->n_sentences;
    return TUTUR_OK;
}

static int64_t ms_to_samples(int ms, int rate) { return (int64_t)ms * rate / 1000; }

static tutur_status speak_segment(render *r, nr_synth *synth, const tutur_profile *p,
                                  const tutur_segment *seg, uint32_t chapter, uint32_t index) {
    tutur_timeline *tl = r->tl;
    tutur_status st = nr_spool_write_silence(r->ctx, r->spool,
                                             ms_to_samples(seg->pause_before_ms, tl->rate));
    if (st != TUTUR_OK)
        return st;
    r->heard = false;
    r->trimmed_lead = 0;
    r->n_hold = 0;
    r->seg_start = r->spool->samples;
    r->first_cue = tl->n_cues;
    r->failure = TUTUR_OK;
    bool heading = seg->kind == TUTUR_SEG_HEADING || seg->kind == TUTUR_SEG_TITLE;
    nr_synth_sink sink = {on_audio, on_cue, r};
    st = nr_synth_speak(r->ctx, synth, seg->spoken, heading ? p->heading_rate_wpm : p->rate_wpm,
                        heading ? p->heading_pitch : p->pitch, &sink);
    if (r->failure != TUTUR_OK)
        return r->failure;
    if (st != TUTUR_OK)
        return st;
    r->n_hold = 0; /* trailing quiet: dropped */
    int64_t end = r->spool->samples;
    tl->spans[tl->n_spans] = (tutur_segment_span){chapter, index, r->seg_start, end};
    for (size_t i = r->first_cue; i < tl->n_cues; i++) {
        int64_t s = r->seg_start + tl->cues[i].sample - r->trimmed_lead;
        tl->cues[i].sample = s < r->seg_start ? r->seg_start : s > end ? end : s;
    }
    st = place_sentences(r, seg, end);
    tl->n_spans++;
    if (st != TUTUR_OK)
        return st;
    return nr_spool_write_silence(r->ctx, r->spool, ms_to_samples(seg->pause_after_ms, tl->rate));
}

tutur_status tutur_render(tutur_ctx *ctx, const tutur_script *script,
                          const tutur_profile *profile, tutur_spool **spool_out,
                          tutur_timeline **timeline_out) {
    *spool_out = NULL;
    *timeline_out = NULL;
    tutur_status st = tutur_profile_check(ctx, profile);
    if (st != TUTUR_OK)
        return st;
    nr_synth *synth = NULL;
    render r = {.ctx = ctx};
    size_t n_segments = tutur_script_segment_count(script);
    st = nr_synth_create(ctx, profile->espeak_voice, &synth);
    if (st == TUTUR_OK)
        st = nr_spool_create(ctx, nr_synth_rate(synth), &r.spool);
    if (st == TUTUR_OK) {
        r.tl = calloc(1, sizeof *r.tl);
        if (r.tl) {
            r.tl->rate = nr_synth_rate(synth);
            r.tl->spans = calloc(n_segments ? n_segments : 1, sizeof *r.tl->spans);
            r.tl->chapter_starts = calloc(script->n_chapters ? script->n_chapters : 1,
                                          sizeof *r.tl->chapter_starts);
        }
        if (!r.tl || !r.tl->spans || !r.tl->chapter_starts)
            st = nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    }
    int64_t lead = st == TUTUR_OK ? ms_to_samples(profile->chapter_lead_ms, r.tl->rate) : 0;
    size_t done = 0;
    for (size_t c = 0; st == TUTUR_OK && c < script->n_chapters; c++) {
        const tutur_chapter *ch = &script->chapters[c];
        int64_t chapter_begin = r.spool->samples;
        for (size_t i = 0; st == TUTUR_OK && i < ch->n_segments; i++) {
            tutur_progress pr = {TUTUR_STAGE_RENDER, (int64_t)done, (int64_t)n_segments,
                                 r.spool->samples, r.tl->rate};
            st = nr_report(ctx, &pr);
            if (st == TUTUR_OK)
                st = speak_segment(&r, synth, profile, &ch->segments[i], (uint32_t)c,
                                   (uint32_t)i);
            done++;
        }
        if (st != TUTUR_OK)
            break;
        /* The mark: chapter_lead before the first sound, but never before
         * the chapter's own silence begins (nor before the start). */
        int64_t mark = 0;
        if (c > 0) {
            int64_t first_sound = ch->n_segments ? r.tl->spans[done - ch->n_segments].start
                                                 : chapter_begin;
            mark = first_sound - lead;
            if (mark < chapter_begin)
                mark = chapter_begin;
        }
        r.tl->chapter_starts[c] = mark;
    }
    if (st == TUTUR_OK) {
        r.tl->n_chapters = script->n_chapters;
        r.tl->total = r.spool->samples;
        st = nr_spool_finish(ctx, r.spool);
    }
    free(r.hold);
    nr_synth_destroy(synth);
    if (st != TUTUR_OK) {
        tutur_spool_destroy(r.spool);
        tutur_timeline_destroy(r.tl);
        return st;
    }
    tutur_progress pr = {TUTUR_STAGE_RENDER, (int64_t)n_segments, (int64_t)n_segments,
                         r.tl->total, r.tl->rate};
    nr_report(ctx, &pr);
    *spool_out = r.spool;
    *timeline_out = r.tl;
    return TUTUR_OK;
}
