/* sink_opus.c: the Ogg Opus sink (libopusenc; the only file that includes
 * opusenc.h).  Mono, voice signal, VBR at the profile's bitrate.  The
 * chapter comments must be in the header, which is written first: that is
 * why RENDER completes the Timeline before any sink runs.
 *
 * Chapters follow the profile every reader accepts (doc/architecture.md):
 * CHAPTERnnn=HH:MM:SS.mmm then CHAPTERnnnNAME=..., numbered from 000, three
 * millisecond digits always. */
#include <errno.h>
#include <math.h>
#include <opusenc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "loudness.h"
#include "ogg_mux.h"
#include "output.h"
#include "spool.h"
#include "synth.h"

#define CHUNK_SAMPLES 8192
#define MAX_CHAPTERS TUTUR_OPUS_MAX_CHAPTERS

static int write_cb(void *user, const unsigned char *ptr, opus_int32 len) {
    tutur_output *o = user;
    return fwrite(ptr, 1, (size_t)len, o->f) != (size_t)len;
}

static int close_cb(void *user) {
    (void)user; /* the output is closed by its owner, on commit */
    return 0;
}

static int serial_from(const char *s) {
    uint32_t h = 2166136261u; /* FNV-1a: the same title gives the same stream */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return (int)(h & 0x7fffffff);
}

/* RFC 7845 5.2.1: the gain, in 1/256 dB, that brings LUFS to EBU R128's
 * -23 LUFS, as a bare integer. */
static int add_r128(OggOpusComments *c, const char *key, double lufs) {
    if (!isfinite(lufs))
        return 0;
    double q = round((-23.0 - lufs) * 256);
    char v[16];
    snprintf(v, sizeof v, "%d", (int)(q > 32767 ? 32767 : q < -32768 ? -32768 : q));
    return ope_comments_add(c, key, v);
}

/* What every file carries: ARTIST, DATE (with the time and zone when
 * known: Vorbis comments take ISO 8601), URL, LANGUAGE, ENCODER. */
static int add_common(OggOpusComments *c, const tutur_script *s) {
    char encoder[128];
    snprintf(encoder, sizeof encoder, "tutur %s (espeak-ng %s)", tutur_version_string(),
             nr_synth_version());
    int rc = 0;
    if (s->author)
        rc = ope_comments_add(c, "ARTIST", s->author);
    if (!rc && (s->published || s->date))
        rc = ope_comments_add(c, "DATE", s->published ? s->published : s->date);
    if (!rc && s->url)
        rc = ope_comments_add(c, "URL", s->url);
    if (!rc)
        rc = ope_comments_add(c, "LANGUAGE", s->language);
    if (!rc)
        rc = ope_comments_add(c, "ENCODER", encoder);
    return rc;
}

/* The picture goes last, after the chapters: readers that stop early
 * (some read only the first kilobytes of the header) still see them. */
static int add_cover(OggOpusComments *c, const tutur_opus_options *opt) {
    if (!opt->cover)
        return 0;
    size_t size;
    const char *data = nr_cover_data(opt->cover, &size);
    return ope_comments_add_picture_from_memory(c, data, size, 3, NULL);
}

static int add_chapters(OggOpusComments *c, const tutur_script *s, const tutur_timeline *tl) {
    size_t n = tl->n_chapters < MAX_CHAPTERS ? tl->n_chapters : MAX_CHAPTERS;
    int rc = 0;
    for (size_t i = 0; !rc && i < n; i++) {
        char key[24], when[13];
        tutur_format_hms(tutur_samples_to_ms(tl->chapter_starts[i], tl->rate), when);
        snprintf(key, sizeof key, "CHAPTER%03zu", i);
        rc = ope_comments_add(c, key, when);
        snprintf(key, sizeof key, "CHAPTER%03zuNAME", i);
        if (!rc)
            rc = ope_comments_add(c, key, s->chapters[i].title);
    }
    return rc;
}

static tutur_status check_options(tutur_ctx *ctx, const tutur_opus_options *opt, int *frame) {
    *frame = opt->frame_ms == 20   ? OPUS_FRAMESIZE_20_MS
             : opt->frame_ms == 40 ? OPUS_FRAMESIZE_40_MS
             : opt->frame_ms == 60 ? OPUS_FRAMESIZE_60_MS
                                   : 0;
    if (opt->bitrate_kbps < 6 || opt->bitrate_kbps > 256 || opt->complexity < 0 ||
        opt->complexity > 10 || !*frame)
        return !ctx ? TUTUR_E_INVALID
                    : nr_fail(ctx, TUTUR_E_INVALID,
                              "opus: bitrate 6..256 kbit/s, complexity 0..10, frames 20/40/60 ms");
    return TUTUR_OK;
}

/* Sets the encoder up as every narration is: bitrate, VBR, complexity,
 * voice, frame length, serial.  Returns the name of what failed, or NULL. */
static const char *configure(OggOpusEnc *enc, const tutur_opus_options *opt, int frame,
                             int serial) {
    if (ope_encoder_ctl(enc, OPUS_SET_BITRATE(opt->bitrate_kbps * 1000)) != OPE_OK)
        return "bitrate";
    if (ope_encoder_ctl(enc, OPUS_SET_VBR(1)) != OPE_OK)
        return "vbr";
    if (ope_encoder_ctl(enc, OPUS_SET_COMPLEXITY(opt->complexity)) != OPE_OK)
        return "complexity";
    if (ope_encoder_ctl(enc, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE)) != OPE_OK)
        return "signal";
    /* Narration is not interactive: long frames cost nothing in latency,
     * save per-packet overhead, and encode about 12% faster than 20 ms
     * frames at the same bitrate and complexity. */
    if (ope_encoder_ctl(enc, OPUS_SET_EXPERT_FRAME_DURATION(frame)) != OPE_OK)
        return "frame size";
    if (ope_encoder_ctl(enc, OPE_SET_SERIALNO(serial)) != OPE_OK)
        return "serial number";
    return NULL;
}

/* A configured encoder writing through CB to USER. */
static tutur_status new_encoder(tutur_ctx *ctx, const OpusEncCallbacks *cb, void *user,
                                OggOpusComments *comments, int rate,
                                const tutur_opus_options *opt, int serial, const char *name,
                                OggOpusEnc **out) {
    int frame;
    *out = NULL;
    tutur_status st = check_options(ctx, opt, &frame);
    if (st != TUTUR_OK)
        return st;
    int err = 0;
    OggOpusEnc *enc = ope_encoder_create_callbacks(cb, user, comments, rate, 1, 0, &err);
    if (!enc)
        return nr_fail(ctx, TUTUR_E_ENCODER, "%s: cannot create the encoder: %s", name,
                       ope_strerror(err));
    const char *failed = configure(enc, opt, frame, serial);
    if (failed)
        st = nr_fail(ctx, TUTUR_E_ENCODER, "opus: cannot set %s", failed);
    if (st != TUTUR_OK) {
        ope_encoder_destroy(enc);
        return st;
    }
    *out = enc;
    return TUTUR_OK;
}

/* Encodes spool samples [from, to) with COMMENTS into O, on one core. */
static tutur_status encode_serial(tutur_ctx *ctx, OggOpusComments *comments, tutur_spool *spool,
                                  int rate, int64_t from, int64_t to,
                                  const tutur_opus_options *opt, int serial, tutur_output *o) {
    OpusEncCallbacks cb = {write_cb, close_cb};
    OggOpusEnc *enc = NULL;
    tutur_status st = new_encoder(ctx, &cb, o, comments, rate, opt, serial, o->path, &enc);
    if (st != TUTUR_OK)
        return st;
    int16_t pcm[CHUNK_SAMPLES];
    int64_t pos = from;
    while (st == TUTUR_OK && pos < to) {
        int64_t want = to - pos < CHUNK_SAMPLES ? to - pos : CHUNK_SAMPLES;
        int64_t n = tutur_spool_read(spool, pos, pcm, want);
        if (n <= 0) {
            st = nr_fail(ctx, TUTUR_E_IO, "cannot read the audio spool");
            break;
        }
        int rc = ope_encoder_write(enc, pcm, (int)n);
        if (rc != OPE_OK) {
            st = nr_fail(ctx, rc == OPE_WRITE_FAIL ? TUTUR_E_IO : TUTUR_E_ENCODER, "%s: %s",
                         o->path, rc == OPE_WRITE_FAIL ? strerror(errno) : ope_strerror(rc));
            break;
        }
        pos += n;
        if (((pos - from) / CHUNK_SAMPLES) % 16 == 0 || pos == to) {
            tutur_progress pr = {TUTUR_STAGE_ENCODE, pos - from, to - from, to - from, rate};
            st = nr_report(ctx, &pr);
        }
    }
    if (st == TUTUR_OK) {
        int rc = ope_encoder_drain(enc);
        if (rc != OPE_OK)
            st = nr_fail(ctx, TUTUR_E_ENCODER, "%s: %s", o->path, ope_strerror(rc));
    }
    ope_encoder_destroy(enc);
    return st;
}

/* ===== Encoding one stream on several cores ============================
 *
 * The audio is cut into chunks at pauses, each chunk is encoded by its own
 * encoder on its own thread, and their packets are joined into one Ogg
 * stream.  This gives the same stream a single encoder would, packet for
 * packet in time, because
 * - every cut is a whole number of frames from the start (a frame is 60 ms:
 *   1323 samples at 22050 Hz, 2880 at 48 kHz), so every encoder's packets
 *   fall on the same 48 kHz grid and carry the same pre-skip;
 * - each encoder after the first starts WARMUP frames before its cut and
 *   those packets are dropped; the cut lies in a pause with at least that
 *   much silence before it and a frame after it, so the encoder's look-ahead
 *   and the decoder's state at the joint see the same silence either way.
 * Headers (and so the comments, chapters and cover) come from an encoder
 * of their own, so chunks carry no metadata and can be cached by their
 * audio alone; granule positions are counted afresh; the end is trimmed
 * to the exact length, as the last encoder trimmed its own. */

#define WARMUP_FRAMES 2
/* A chunk holds at most this much audio, and workers run at most
 * AHEAD_PER_JOB chunks per worker ahead of the joining: memory stays
 * bounded however long the narration. */
#define MAX_CHUNK_SECONDS 60
#define AHEAD_PER_JOB 2

typedef struct chunk {
    int64_t feed_from, feed_to; /* spool samples given to the encoder */
    int64_t first;              /* grid index of the encoder's first packet */
    int64_t keep_from, keep_to; /* grid indices of the packets kept */
    nr_buf ogg;                 /* the encoder's Ogg output, until joined */
    tutur_status st;
    bool finished;
    bool cached; /* taken from the cache, not encoded */
} chunk;

typedef struct pool {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    chunk *chunks;
    size_t n, next, joined, window;
    int64_t samples_done;
    bool cancel;
    const tutur_ctx *ctx; /* its cache only: threads never call nr_fail */
    OggOpusComments *plain;
    tutur_spool *spool;
    int rate, serial;
    const tutur_opus_options *opt;
} pool;

static int chunk_write_cb(void *user, const unsigned char *ptr, opus_int32 len) {
    chunk *c = user;
    return !nr_buf_append(&c->ogg, (const char *)ptr, (size_t)len);
}

/* The cache key of a chunk: its audio and everything that shapes its
 * packets (libopus's version, the settings, the warm-up). */
static void chunk_key(const pool *p, const chunk *c, const int16_t *pcm, size_t n,
                      uint8_t key[32]) {
    nr_key k;
    nr_key_init(&k, "opus-chunk");
    nr_key_add_str(&k, opus_get_version_string());
    nr_key_add_int(&k, p->rate);
    nr_key_add_int(&k, p->opt->bitrate_kbps);
    nr_key_add_int(&k, p->opt->complexity);
    nr_key_add_int(&k, p->opt->frame_ms);
    nr_key_add_int(&k, c->keep_from - c->first); /* warm-up frames */
    nr_key_add(&k, pcm, n * sizeof *pcm);
    nr_key_final(&k, key);
}

static tutur_status encode_chunk(pool *p, size_t i) {
    chunk *c = &p->chunks[i];
    size_t n = (size_t)(c->feed_to - c->feed_from);
    int16_t *pcm = malloc(n * sizeof *pcm + 1);
    if (!pcm)
        return TUTUR_E_NOMEM;
    if (nr_spool_pread(p->spool, c->feed_from, pcm, (int64_t)n) != (int64_t)n) {
        free(pcm);
        return TUTUR_E_IO;
    }
    uint8_t key[32];
    chunk_key(p, c, pcm, n, key);
    if (nr_cache_get(p->ctx, "opus", key, &c->ogg)) {
        free(pcm);
        c->cached = true;
        return TUTUR_OK;
    }
    OpusEncCallbacks cb = {chunk_write_cb, close_cb};
    int frame, err = 0;
    tutur_status st = check_options(NULL, p->opt, &frame);
    OggOpusEnc *enc = NULL;
    if (st == TUTUR_OK)
        enc = ope_encoder_create_callbacks(&cb, c, p->plain, p->rate, 1, 0, &err);
    if (st == TUTUR_OK && (!enc || configure(enc, p->opt, frame, p->serial)))
        st = TUTUR_E_ENCODER;
    for (size_t pos = 0; st == TUTUR_OK && pos < n && !p->cancel;) {
        if (nr_stopped(p->ctx)) { /* the joining thread may be waiting for this chunk */
            st = TUTUR_E_CANCELLED;
            break;
        }
        size_t k = n - pos < CHUNK_SAMPLES ? n - pos : CHUNK_SAMPLES;
        if (ope_encoder_write(enc, pcm + pos, (int)k) != OPE_OK)
            st = TUTUR_E_ENCODER;
        pos += k;
    }
    if (st == TUTUR_OK && !p->cancel && ope_encoder_drain(enc) != OPE_OK)
        st = TUTUR_E_ENCODER;
    if (enc)
        ope_encoder_destroy(enc);
    free(pcm);
    if (st == TUTUR_OK && !p->cancel)
        nr_cache_put(p->ctx, "opus", key, c->ogg.data, c->ogg.len);
    return st;
}

/* A worker: takes chunks in order until none is left, never more than
 * the window ahead of the joining.  Failures stay in the chunk; the
 * calling thread reports them. */
static void *encode_chunks(void *arg) {
    pool *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->cancel && p->next < p->n && p->next >= p->joined + p->window)
            pthread_cond_wait(&p->cv, &p->mu);
        if (p->cancel || p->next >= p->n)
            break;
        size_t i = p->next++;
        pthread_mutex_unlock(&p->mu);
        tutur_status st = encode_chunk(p, i);
        pthread_mutex_lock(&p->mu);
        p->chunks[i].st = st;
        p->chunks[i].finished = true;
        p->samples_done += p->chunks[i].feed_to - p->chunks[i].feed_from;
        pthread_cond_broadcast(&p->cv);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* Where to cut [FROM, TO) into chunks.  On the frame grid from the start
 * of the narration, every segment RENDER marked TUTUR_SPAN_CUT is a cut,
 * one frame before its speech: the cuts then depend on the text alone, so
 * an edit leaves the other chunks' audio (and encoding) as it was.
 * Elsewhere (a chapter file starts at its mark), about JOBS * 8 chunks of
 * equal length, each cut a whole number of frames from FROM in a pause
 * with the warm-up before it and a frame after it.  No chunk is longer
 * than MAX_CHUNK_SECONDS where a pause allows.  Returns the number of
 * chunks (1: no usable pause). */
static size_t plan_chunks(const tutur_timeline *tl, int64_t from, int64_t to, int64_t frame,
                          int jobs, chunk **out) {
    *out = NULL;
    /* cuts[0] = FROM, then every cut: chunk k is [cuts[k], cuts[k + 1]) */
    int64_t *cuts = malloc((tl->n_spans + 1) * sizeof *cuts);
    if (!cuts)
        return 0;
    size_t n = 0;
    cuts[n++] = from;
    bool grid = from % frame == 0;
    int64_t step = (to - from) / ((int64_t)jobs * 8);
    if (step > (int64_t)MAX_CHUNK_SECONDS * tl->rate)
        step = (int64_t)MAX_CHUNK_SECONDS * tl->rate;
    for (size_t i = 0; i + 1 < tl->n_spans; i++) {
        int64_t gap_from = tl->spans[i].end, gap_to = tl->spans[i + 1].start, cut;
        if (grid) {
            if (!(tl->spans[i + 1].flags & TUTUR_SPAN_CUT))
                continue;
            cut = gap_to - frame;
        } else {
            if (gap_to <= cuts[n - 1] + step)
                continue;
            cut = gap_from + (WARMUP_FRAMES + 1) * frame;
            cut = from + (cut - from + frame - 1) / frame * frame;
        }
        if (cut > cuts[n - 1] && cut < to && cut + frame <= gap_to &&
            cut - WARMUP_FRAMES * frame >= gap_from)
            cuts[n++] = cut;
    }
    chunk *c = calloc(n, sizeof *c);
    for (size_t k = 0; c && k < n; k++) {
        /* every chunk but the first starts its encoder WARMUP_FRAMES early */
        c[k].feed_from = cuts[k] - (k > 0 ? WARMUP_FRAMES * frame : 0);
        c[k].feed_to = k + 1 < n ? cuts[k + 1] : to;
        c[k].first = (c[k].feed_from - from) / frame;
        c[k].keep_from = (cuts[k] - from) / frame;
        c[k].keep_to = k + 1 < n ? (cuts[k + 1] - from) / frame : INT64_MAX;
    }
    free(cuts);
    *out = c;
    return c ? n : 0;
}

typedef struct joiner {
    nr_ogg_writer *w;
    int64_t granule;
    int64_t frame48;
    bool ok;
    int write_err; /* errno of a failed write: a full disk is not a bad join */
} joiner;

/* Appends chunk C's kept packets to the stream, then frees its Ogg
 * output. */
static void join_chunk(joiner *j, chunk *c, bool last_chunk) {
    nr_packets pk = {0};
    j->ok = j->ok && nr_ogg_packets((const unsigned char *)c->ogg.data, c->ogg.len, &pk) &&
            pk.n >= 3;
    nr_buf_free(&c->ogg);
    for (size_t i = 2; j->ok && i < pk.n; i++) {
        int64_t index = c->first + (int64_t)(i - 2);
        if (index < c->keep_from || index >= c->keep_to)
            continue;
        const nr_packet *pkt = &pk.items[i];
        int samples = opus_packet_get_nb_samples(pkt->data, pkt->len, 48000);
        bool last = last_chunk && i + 1 == pk.n;
        if (samples != j->frame48 && !last_chunk) {
            j->ok = false; /* not on the grid: cannot join safely */
            break;
        }
        j->granule += samples;
        /* the exact end, as the last encoder trimmed it */
        int64_t g = last ? c->first * j->frame48 + pkt->granule : j->granule;
        errno = 0;
        j->ok = nr_ogg_write(j->w, pkt->data, pkt->len, g, false, last, false);
        if (!j->ok)
            j->write_err = errno ? errno : EIO;
    }
    nr_packets_free(&pk);
}

static int buf_write_cb(void *user, const unsigned char *ptr, opus_int32 len) {
    return !nr_buf_append(user, (const char *)ptr, (size_t)len);
}

/* OpusHead and OpusTags (the comments, chapters and cover) from an encoder
 * of its own (given one frame of silence, whose packets are dropped),
 * written on pages of their own: so the chunks carry no
 * metadata, and a changed title or chapter time re-encodes nothing. */
static bool write_headers(OggOpusComments *comments, int rate, const tutur_opus_options *opt,
                          int serial, nr_ogg_writer *w) {
    nr_buf ogg = {0};
    OpusEncCallbacks cb = {buf_write_cb, close_cb};
    int frame, err = 0;
    OggOpusEnc *enc = check_options(NULL, opt, &frame) == TUTUR_OK
                          ? ope_encoder_create_callbacks(&cb, &ogg, comments, rate, 1, 0, &err)
                          : NULL;
    /* A frame of silence: libopusenc asserts when drained with no audio. */
    static const int16_t silence[2880];
    bool ok = enc && !configure(enc, opt, frame, serial) &&
              ope_encoder_write(enc, silence, rate * opt->frame_ms / 1000 > 2880 ? 2880 : rate * opt->frame_ms / 1000) == OPE_OK &&
              ope_encoder_drain(enc) == OPE_OK;
    if (enc)
        ope_encoder_destroy(enc);
    nr_packets pk = {0};
    ok = ok && nr_ogg_packets((const unsigned char *)ogg.data, ogg.len, &pk) && pk.n >= 2 &&
         nr_ogg_write(w, pk.items[0].data, pk.items[0].len, 0, true, false, true) &&
         nr_ogg_write(w, pk.items[1].data, pk.items[1].len, 0, false, false, true);
    nr_packets_free(&pk);
    nr_buf_free(&ogg);
    return ok;
}

static tutur_status encode_parallel(tutur_ctx *ctx, OggOpusComments *comments,
                                    tutur_spool *spool, const tutur_timeline *tl, int64_t from,
                                    int64_t to, const tutur_opus_options *opt, int serial,
                                    tutur_output *o, bool *done) {
    *done = false;
    int frame_ms = opt->frame_ms;
    int64_t frame = (int64_t)tl->rate * frame_ms / 1000;
    /* On one core too when there is a cache: the chunks are then encoded
     * one after another and the cache keeps them, so an edited article (or
     * a batch, whose workers have a core each) re-encodes only the chunks
     * that changed.  Without a cache, one encoder is quicker. */
    int jobs = opt->jobs > 1 ? opt->jobs : 1;
    if ((jobs < 2 && !ctx->cache_dir) || frame * 1000 != (int64_t)tl->rate * frame_ms)
        return TUTUR_OK;
    chunk *c = NULL;
    size_t n = plan_chunks(tl, from, to, frame, jobs, &c);
    if (n < 2) {
        free(c);
        return TUTUR_OK; /* too short, or no pause: one encoder */
    }
    *done = true;
    int workers = jobs < (int)n ? jobs : (int)n;
    workers = workers > 64 ? 64 : workers;
    pool p = {.chunks = c, .n = n, .window = (size_t)workers * AHEAD_PER_JOB, .ctx = ctx,
              .spool = spool, .rate = tl->rate, .serial = serial, .opt = opt};
    p.plain = ope_comments_create();
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.cv, NULL);
    joiner j = {nr_ogg_writer_new(serial, o->f), 0, 48 * frame_ms, true, 0};
    bool headers = j.w && write_headers(comments, tl->rate, opt, serial, j.w);
    pthread_t threads[64];
    int started = 0;
    for (int i = 0; p.plain && headers && i < workers; i++)
        if (pthread_create(&threads[i], NULL, encode_chunks, &p) == 0)
            started++;
    tutur_status st = started ? TUTUR_OK : nr_fail(ctx, TUTUR_E_NOMEM, "cannot start encoders");
    /* Joining, progress and cancelling stay on this thread. */
    pthread_mutex_lock(&p.mu);
    while (st == TUTUR_OK && p.joined < n) {
        if (p.chunks[p.joined].finished) {
            size_t k = p.joined;
            pthread_mutex_unlock(&p.mu);
            if (c[k].st == TUTUR_E_CANCELLED)
                st = nr_fail(ctx, c[k].st, "cancelled");
            else if (c[k].st != TUTUR_OK)
                st = nr_fail(ctx, c[k].st, "%s: encoding failed", o->path);
            else
                join_chunk(&j, &c[k], k + 1 == n);
            if (st == TUTUR_OK && !j.ok && j.write_err)
                st = nr_fail(ctx, nr_status_from_errno(j.write_err), "%s: cannot write: %s",
                             o->path, strerror(j.write_err));
            else if (st == TUTUR_OK && !j.ok)
                st = nr_fail(ctx, TUTUR_E_ENCODER, "%s: cannot join the encoded chunks",
                             o->path);
            pthread_mutex_lock(&p.mu);
            p.joined++;
            pthread_cond_broadcast(&p.cv);
            continue;
        }
        pthread_cond_wait(&p.cv, &p.mu);
        tutur_progress pr = {TUTUR_STAGE_ENCODE, p.samples_done, to - from, to - from, tl->rate};
        pthread_mutex_unlock(&p.mu);
        st = nr_report(ctx, &pr);
        pthread_mutex_lock(&p.mu);
    }
    p.cancel = st != TUTUR_OK;
    pthread_cond_broadcast(&p.cv);
    pthread_mutex_unlock(&p.mu);
    for (int i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    if (!nr_ogg_writer_close(j.w) && st == TUTUR_OK)
        st = nr_fail(ctx, TUTUR_E_IO, "%s: cannot write", o->path);
    if (st == TUTUR_OK && fflush(o->f) != 0)
        st = nr_fail(ctx, TUTUR_E_IO, "%s: cannot write", o->path);
    for (size_t k = 0; k < n; k++) {
        nr_buf_free(&c[k].ogg);
        ctx->reused_chunks += c[k].cached;
        ctx->total_chunks++;
    }
    free(c);
    if (p.plain)
        ope_comments_destroy(p.plain);
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.cv);
    return st;
}

/* Encodes spool samples [from, to) into O: on several cores when the
 * options allow and the audio has pauses to cut at, else on one. */
static tutur_status encode(tutur_ctx *ctx, OggOpusComments *comments, tutur_spool *spool,
                           const tutur_timeline *tl, int64_t from, int64_t to,
                           const tutur_opus_options *opt, int serial, tutur_output *o) {
    bool done = false;
    tutur_status st = encode_parallel(ctx, comments, spool, tl, from, to, opt, serial, o, &done);
    if (st != TUTUR_OK || done)
        return st;
    return encode_serial(ctx, comments, spool, tl->rate, from, to, opt, serial, o);
}

static tutur_status comment_fail(tutur_ctx *ctx, int rc) {
    if (rc == OPE_INVALID_PICTURE)
        return nr_fail(ctx, TUTUR_E_INVALID, "the cover picture cannot be read as PNG or JPEG");
    return nr_fail(ctx, rc == OPE_ALLOC_FAIL ? TUTUR_E_NOMEM : TUTUR_E_ENCODER,
                   "cannot add comments: %s", ope_strerror(rc));
}

tutur_status tutur_sink_opus(tutur_ctx *ctx, const tutur_script *s, const tutur_timeline *tl,
                             tutur_spool *spool, const tutur_opus_options *opt,
                             tutur_output *o) {
    nr_clear(ctx); /* a message is about the last call only */
    if (tl->n_chapters != s->n_chapters)
        return nr_fail(ctx, TUTUR_E_INVALID, "timeline does not match the script");
    OggOpusComments *c = ope_comments_create();
    if (!c)
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    char *summary = tutur_script_summary(s, 600);
    int rc = ope_comments_add(c, "TITLE", s->title);
    if (!rc)
        rc = add_common(c, s);
    if (!rc && summary)
        rc = ope_comments_add(c, "DESCRIPTION", summary);
    if (!rc && tl->loudness.leveled)
        rc = add_r128(c, "R128_TRACK_GAIN", tl->loudness.output_lufs);
    if (!rc)
        rc = add_chapters(c, s, tl);
    if (!rc)
        rc = add_cover(c, opt);
    free(summary);
    tutur_status st = rc ? comment_fail(ctx, rc)
                         : encode(ctx, c, spool, tl, 0, tl->total, opt,
                                  opt->serialno ? opt->serialno : serial_from(s->title), o);
    ope_comments_destroy(c);
    return st;
}

void tutur_chapter_range(const tutur_timeline *tl, size_t c, int64_t *from, int64_t *to) {
    *from = c < tl->n_chapters ? tl->chapter_starts[c] : tl->total;
    *to = c + 1 < tl->n_chapters ? tl->chapter_starts[c + 1] : tl->total;
}

static tutur_status chapter_loudness(tutur_ctx *ctx, tutur_spool *spool, int rate, int64_t from,
                                     int64_t to, double *lufs) {
    nr_meter *m = NULL;
    tutur_status st = nr_meter_create(ctx, rate, false, &m);
    int16_t pcm[CHUNK_SAMPLES];
    for (int64_t pos = from; st == TUTUR_OK && pos < to;) {
        int64_t n = tutur_spool_read(spool, pos, pcm, to - pos < CHUNK_SAMPLES ? to - pos
                                                                               : CHUNK_SAMPLES);
        st = n > 0 ? nr_meter_add(ctx, m, pcm, (size_t)n)
                   : nr_fail(ctx, TUTUR_E_IO, "cannot read the audio spool");
        pos += n;
    }
    double peak;
    if (st == TUTUR_OK)
        nr_meter_result(m, lufs, &peak);
    nr_meter_destroy(m);
    return st;
}

tutur_status tutur_sink_opus_chapter(tutur_ctx *ctx, const tutur_script *s,
                                     const tutur_timeline *tl, tutur_spool *spool, size_t ci,
                                     const tutur_opus_options *opt, tutur_output *o) {
    nr_clear(ctx); /* a message is about the last call only */
    if (tl->n_chapters != s->n_chapters || ci >= s->n_chapters)
        return nr_fail(ctx, TUTUR_E_INVALID, "no chapter %zu in this narration", ci + 1);
    int64_t from, to;
    tutur_chapter_range(tl, ci, &from, &to);
    double lufs = -HUGE_VAL;
    tutur_status st = chapter_loudness(ctx, spool, tl->rate, from, to, &lufs);
    if (st != TUTUR_OK)
        return st;
    OggOpusComments *c = ope_comments_create();
    if (!c)
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    char num[32];
    int rc = ope_comments_add(c, "TITLE", s->chapters[ci].title);
    if (!rc)
        rc = ope_comments_add(c, "ALBUM", s->title);
    if (!rc)
        rc = add_common(c, s);
    snprintf(num, sizeof num, "%zu", ci + 1);
    if (!rc)
        rc = ope_comments_add(c, "TRACKNUMBER", num);
    snprintf(num, sizeof num, "%zu", s->n_chapters);
    if (!rc)
        rc = ope_comments_add(c, "TRACKTOTAL", num);
    if (!rc)
        rc = add_r128(c, "R128_TRACK_GAIN", lufs);
    if (!rc && tl->loudness.leveled)
        rc = add_r128(c, "R128_ALBUM_GAIN", tl->loudness.output_lufs);
    if (!rc)
        rc = add_cover(c, opt);
    /* Each part is its own logical stream: a serial of its own. */
    int serial = (opt->serialno ? opt->serialno : serial_from(s->title)) ^ (int)(ci + 1);
    st = rc ? comment_fail(ctx, rc) : encode(ctx, c, spool, tl, from, to, opt, serial, o);
    ope_comments_destroy(c);
    return st;
}

const char *nr_opus_versions(void) {
    static _Thread_local char v[160];
    snprintf(v, sizeof v, "%s, %s", opus_get_version_string(), ope_get_version_string());
    return v;
}
