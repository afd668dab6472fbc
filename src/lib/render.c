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
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <unistd.h>

#include "cache.h"
#include "segment_entry.h"
#include "spool.h"
#include "stale.h"
#include "pronounce.h"
#include "synth.h"

/* About -54 dBFS: below it, a sample is silence for trimming. */
#define QUIET_LEVEL 64
/* Quiet runs longer than this inside speech are written out rather than
 * held, which bounds the hold buffer (ten seconds at 22050 Hz). */
#define MAX_HOLD_SAMPLES 220500

typedef struct render {
    tutur_ctx *ctx;
    const char *pronunciation; /* the language's pronunciation data's digest */
    tutur_spool *spool;
    tutur_timeline *tl;
    size_t cap_cues;
    size_t cap_sentences;
    int64_t frame;     /* the Opus frame in samples, 0 when not whole */
    int workers_report;     /* in a worker: where to say what it synthesized */
    int64_t fresh_elsewhere; /* segments the workers synthesized */
    int64_t gap_after; /* silence written after the last segment's speech */
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
    if (nr_stopped(r->ctx)) { /* a long paragraph must not keep a Ctrl-C waiting */
        r->failure = nr_fail(r->ctx, TUTUR_E_CANCELLED, "cancelled");
        return 1;
    }
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

/* ----- the segment cache -----
 * A segment's trimmed audio and its cues depend on its spoken text, the
 * voice and its settings, and espeak-ng's version: that is the key.  The
 * entry: n_cues, the cues (kind, offset, length, sample from the start),
 * n_samples, the samples.  espeak-ng differs by a few samples from run to
 * run, so the cache also makes narrations of the same text identical. */


static void segment_key(const render *r, const tutur_profile *p, const tutur_segment *seg,
                        int rate, int pitch, uint8_t key[32]) {
    nr_key k;
    nr_key_init(&k, "segment");
    nr_key_add_str(&k, nr_synth_version());
    nr_key_add_str(&k, p->espeak_voice);
    nr_key_add_int(&k, rate);
    nr_key_add_int(&k, pitch);
    nr_key_add_int(&k, r->tl->rate);
    nr_key_add_int(&k, QUIET_LEVEL);
    nr_key_add_int(&k, MAX_HOLD_SAMPLES);
    nr_key_add_str(&k, r->pronunciation);
    nr_key_add_str(&k, seg->spoken);
    nr_key_final(&k, key);
}

static bool from_cache(render *r, const tutur_segment *seg, const uint8_t key[32], int64_t *end) {
    if (!r->ctx->cache_dir)
        return false;
    nr_buf b = {0};
    int64_t n_cues = 0, n_samples = 0;
    bool ok = nr_cache_get(r->ctx, "segments", key, &b) &&
              nr_segment_entry_check(b.data, b.len, strlen(seg->spoken), &n_cues, &n_samples);
    size_t cues_at = 8, samples_at = nr_entry_samples_at(n_cues);
    tutur_timeline *tl = r->tl;
    for (int64_t i = 0; ok && i < n_cues; i++) {
        nr_entry_cue c;
        memcpy(&c, b.data + cues_at + (size_t)i * sizeof c, sizeof c);
        tutur_cue *p = nr_grow(tl->cues, &r->cap_cues, tl->n_cues + 1, sizeof *p);
        if (!p)
            break; /* cues are an aid */
        tl->cues = p;
        tl->cues[tl->n_cues++] = (tutur_cue){(tutur_cue_kind)c.kind, (uint32_t)tl->n_spans,
                                             c.offset, c.length, r->seg_start + c.sample};
    }
    if (ok) {
        /* unaligned in the buffer: copied through a small array */
        int16_t pcm[4096];
        for (int64_t i = 0; ok && i < n_samples;) {
            int64_t k = n_samples - i < 4096 ? n_samples - i : 4096;
            memcpy(pcm, b.data + samples_at + 8 + (size_t)i * 2, (size_t)k * 2);
            ok = nr_spool_write(r->ctx, r->spool, pcm, (size_t)k) == TUTUR_OK;
            i += k;
        }
    }
    if (!ok)
        tl->n_cues = r->first_cue;
    nr_buf_free(&b);
    *end = r->spool->samples;
    return ok;
}

static void to_cache(render *r, const uint8_t key[32], int64_t end) {
    if (!r->ctx->cache_dir)
        return;
    tutur_timeline *tl = r->tl;
    int64_t n_cues = (int64_t)(tl->n_cues - r->first_cue), n = end - r->seg_start;
    nr_buf b = {0};
    bool ok = nr_buf_append(&b, (const char *)&n_cues, 8);
    for (size_t i = r->first_cue; ok && i < tl->n_cues; i++) {
        nr_entry_cue c;
        memset(&c, 0, sizeof c); /* no stray padding bytes on disk */
        c.kind = (int32_t)tl->cues[i].kind;
        c.offset = tl->cues[i].text_offset;
        c.length = tl->cues[i].text_length;
        c.sample = tl->cues[i].sample - r->seg_start;
        ok = nr_buf_append(&b, (const char *)&c, sizeof c);
    }
    ok = ok && nr_buf_append(&b, (const char *)&n, 8) && nr_buf_reserve(&b, (size_t)n * 2 + 1) &&
         fflush(r->spool->f) == 0 &&
         nr_spool_pread(r->spool, r->seg_start, (int16_t *)(void *)(b.data + b.len), n) == n;
    if (ok) {
        b.len += (size_t)n * 2;
        nr_cache_put(r->ctx, "segments", key, b.data, b.len);
    }
    nr_buf_free(&b);
}

static tutur_status speak_segment(render *r, nr_synth *synth, const tutur_profile *p,
                                  const tutur_segment *seg, uint32_t chapter, uint32_t index) {
    tutur_timeline *tl = r->tl;
    int64_t before = ms_to_samples(seg->pause_before_ms, tl->rate);
    /* A long pause (four frames or more) is where encoding may cut: the
     * speech after it is moved onto the frame grid, by less than a frame,
     * so its chunk encodes the same whatever length came before. */
    uint32_t flags = 0;
    if (r->frame && tl->n_spans > 0 && r->gap_after + before >= 4 * r->frame) {
        int64_t at = r->spool->samples + before;
        before += (r->frame - at % r->frame) % r->frame;
        flags = TUTUR_SPAN_CUT;
    }
    tutur_status st = nr_spool_write_silence(r->ctx, r->spool, before);
    if (st != TUTUR_OK)
        return st;
    r->heard = false;
    r->trimmed_lead = 0;
    r->n_hold = 0;
    r->seg_start = r->spool->samples;
    r->first_cue = tl->n_cues;
    r->failure = TUTUR_OK;
    bool heading = seg->kind == TUTUR_SEG_HEADING || seg->kind == TUTUR_SEG_TITLE;
    int rate = heading ? p->heading_rate_wpm : p->rate_wpm;
    int pitch = heading ? p->heading_pitch : p->pitch;
    uint8_t key[32];
    segment_key(r, p, seg, rate, pitch, key);
    int64_t end;
    r->ctx->total_segments++;
    if (from_cache(r, seg, key, &end)) {
        r->ctx->reused_segments++;
    } else {
        nr_synth_sink sink = {on_audio, on_cue, r, NULL};
        st = nr_synth_speak(r->ctx, synth, seg->spoken, rate, pitch, &sink);
        if (r->failure != TUTUR_OK)
            return r->failure;
        if (st != TUTUR_OK)
            return st;
        r->n_hold = 0; /* trailing quiet: dropped */
        end = r->spool->samples;
        for (size_t i = r->first_cue; i < tl->n_cues; i++) {
            int64_t s = r->seg_start + tl->cues[i].sample - r->trimmed_lead;
            tl->cues[i].sample = s < r->seg_start ? r->seg_start : s > end ? end : s;
        }
        to_cache(r, key, end);
    }
    tl->spans[tl->n_spans] = (tutur_segment_span){chapter, index, r->seg_start, end, flags};
    st = place_sentences(r, seg, end);
    tl->n_spans++;
    if (st != TUTUR_OK)
        return st;
    r->gap_after = ms_to_samples(seg->pause_after_ms, tl->rate);
    return nr_spool_write_silence(r->ctx, r->spool, r->gap_after);
}

/* ----- synthesis on several cores -----
 * espeak-ng keeps its state in process globals, so more synthesizers mean
 * more processes.  Before the main loop, the segments are split into
 * contiguous ranges of about equal text; a child process (forked after
 * espeak-ng is set up, so it inherits it) synthesizes each range but the
 * first into the segment cache (a private one when there is none).  The
 * main loop renders the first range itself, then waits for each child in
 * turn and finds its segments in the cache: the spool is laid out in one
 * place, as always.  A child that fails costs only time: what it did not
 * store, the main loop synthesizes. */

typedef struct workers {
    pid_t pid[64];
    int report[2];    /* children write how many segments they synthesized */
    size_t first[65]; /* range k is segments [first[k], first[k + 1]) */
    int n;            /* ranges; pid[0] is unused (the caller's own) */
    char *private_cache;
} workers;

static void synthesize_range(render *parent, nr_synth *synth, const tutur_profile *p,
                             const tutur_script *s, size_t from, size_t to) {
    /* the same key inputs as the main loop, or the main loop finds nothing */
    render r = {.ctx = parent->ctx, .pronunciation = parent->pronunciation};
    r.tl = calloc(1, sizeof *r.tl);
    if (!r.tl || nr_spool_create(r.ctx, parent->tl->rate, &r.spool) != TUTUR_OK)
        _exit(1);
    r.tl->rate = parent->tl->rate;
    r.tl->spans = calloc(to - from + 1, sizeof *r.tl->spans);
    if (!r.tl->spans)
        _exit(1);
    size_t k = 0;
    int64_t reused = r.ctx->reused_segments, seen = r.ctx->total_segments;
    for (size_t c = 0; c < s->n_chapters; c++)
        for (size_t i = 0; i < s->chapters[c].n_segments; i++, k++)
            if (k >= from && k < to &&
                speak_segment(&r, synth, p, &s->chapters[c].segments[i], (uint32_t)c,
                              (uint32_t)i) != TUTUR_OK)
                _exit(1);
    /* what was synthesized here is found in the cache by the main loop:
     * it must not count as reused */
    int64_t fresh = (r.ctx->total_segments - seen) - (r.ctx->reused_segments - reused);
    _exit(write(parent->workers_report, &fresh, sizeof fresh) == (ssize_t)sizeof fresh ? 0 : 1);
}

static void start_workers(render *r, nr_synth *synth, const tutur_profile *p,
                          const tutur_script *s, size_t n_segments, workers *w) {
    memset(w, 0, sizeof *w);
    int jobs = r->ctx->jobs;
    if (jobs < 2 || n_segments < (size_t)jobs * 4)
        return;
    if (!r->ctx->cache_dir) {
        const char *tmp = getenv("TMPDIR");
        char dir[1024], tag[40];
        nr_temp_tag(tag, sizeof tag); /* a killed run's is found by the next (stale.h) */
        snprintf(dir, sizeof dir, "%s/%s-segments.XXXXXX", tmp && *tmp ? tmp : "/tmp", tag);
        if (!mkdtemp(dir) || !(w->private_cache = nr_strdup(dir)))
            return;
        r->ctx->cache_dir = w->private_cache;
    }
    /* ranges of about equal spoken text */
    size_t total = 0, k = 0;
    for (size_t c = 0; c < s->n_chapters; c++)
        for (size_t i = 0; i < s->chapters[c].n_segments; i++)
            total += strlen(s->chapters[c].segments[i].spoken) + 1;
    w->n = 1;
    size_t acc = 0;
    for (size_t c = 0; c < s->n_chapters; c++)
        for (size_t i = 0; i < s->chapters[c].n_segments; i++, k++) {
            if (acc >= total * (size_t)w->n / (size_t)jobs && w->n < jobs && k > 0)
                w->first[w->n++] = k;
            acc += strlen(s->chapters[c].segments[i].spoken) + 1;
        }
    w->first[w->n] = n_segments;
    if (pipe(w->report) != 0) {
        w->n = 1;
        return;
    }
    r->workers_report = w->report[1];
    fflush(NULL);
    pid_t parent = getpid();
    for (int j = 1; j < w->n; j++) {
        pid_t pid = fork();
        if (pid == 0) {
#ifdef __linux__
            prctl(PR_SET_PDEATHSIG, SIGKILL); /* no orphan synthesizes on after a SIGKILL */
#endif
            if (getppid() != parent)
                _exit(1);
        }
        if (pid == 0)
            synthesize_range(r, synth, p, s, w->first[j], w->first[j + 1]);
        w->pid[j] = pid > 0 ? pid : 0;
    }
}

/* Before segment K: wait for the worker whose range begins there. */
static void wait_for_range(render *r, workers *w, size_t k) {
    for (int j = 1; j < w->n; j++)
        if (w->first[j] == k && w->pid[j] > 0) {
            int status = 0;
            pid_t got;
            while ((got = waitpid(w->pid[j], &status, 0)) < 0 && errno == EINTR &&
                   !nr_stopped(r->ctx)) {
            }
            if (got != w->pid[j])
                return; /* stopped: stop_workers kills it */
            w->pid[j] = 0;
            int64_t fresh = 0;
            if (WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
                read(w->report[0], &fresh, sizeof fresh) == (ssize_t)sizeof fresh)
                r->fresh_elsewhere += fresh;
        }
}

static void stop_workers(render *r, workers *w) {
    if (w->n > 1) {
        close(w->report[0]);
        close(w->report[1]);
    }
    r->ctx->reused_segments -= r->fresh_elsewhere;
    for (int j = 1; j < w->n; j++)
        if (w->pid[j] > 0) {
            kill(w->pid[j], SIGKILL);
            while (waitpid(w->pid[j], NULL, 0) < 0 && errno == EINTR) {
            }
        }
    if (w->private_cache) {
        r->ctx->cache_dir = NULL;
        nr_remove_tree(w->private_cache);
        free(w->private_cache);
    }
}

tutur_status tutur_render(tutur_ctx *ctx, const tutur_script *script,
                          const tutur_profile *profile, const tutur_lang *lang,
                          tutur_spool **spool_out, tutur_timeline **timeline_out) {
    nr_clear(ctx); /* a message is about the last call only */
    *spool_out = NULL;
    *timeline_out = NULL;
    tutur_status st = tutur_profile_check(ctx, profile);
    if (st != TUTUR_OK)
        return st;
    nr_synth *synth = NULL;
    const struct nr_pron *pron = lang ? lang->pron : NULL;
    render r = {.ctx = ctx, .pronunciation = nr_pron_digest(pron)};
    size_t n_segments = tutur_script_segment_count(script);
    st = nr_synth_create(ctx, profile->espeak_voice, &synth);
    if (st == TUTUR_OK)
        nr_synth_set_pronunciation(synth, pron);
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
    if (st == TUTUR_OK && (int64_t)r.tl->rate * profile->opus_frame_ms % 1000 == 0)
        r.frame = (int64_t)r.tl->rate * profile->opus_frame_ms / 1000;
    workers w = {0};
    if (st == TUTUR_OK)
        start_workers(&r, synth, profile, script, n_segments, &w);
    size_t done = 0;
    for (size_t c = 0; st == TUTUR_OK && c < script->n_chapters; c++) {
        const tutur_chapter *ch = &script->chapters[c];
        int64_t chapter_begin = r.spool->samples;
        for (size_t i = 0; st == TUTUR_OK && i < ch->n_segments; i++) {
            tutur_progress pr = {TUTUR_STAGE_RENDER, (int64_t)done, (int64_t)n_segments,
                                 r.spool->samples, r.tl->rate};
            st = nr_report(ctx, &pr);
            if (st == TUTUR_OK)
                wait_for_range(&r, &w, done);
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
    stop_workers(&r, &w);
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
