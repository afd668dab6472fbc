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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loudness.h"
#include "output.h"
#include "synth.h"

#define CHUNK_SAMPLES 8192
#define MAX_CHAPTERS 1000 /* CHAPTER000..CHAPTER999 */

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

/* What every file carries: ARTIST, DATE, LANGUAGE, ENCODER. */
static int add_common(OggOpusComments *c, const tutur_script *s) {
    char encoder[128];
    snprintf(encoder, sizeof encoder, "tutur %s (espeak-ng %s)", tutur_version_string(),
             nr_synth_version());
    int rc = 0;
    if (s->author)
        rc = ope_comments_add(c, "ARTIST", s->author);
    if (!rc && s->date)
        rc = ope_comments_add(c, "DATE", s->date);
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
        return nr_fail(ctx, TUTUR_E_INVALID,
                       "opus: bitrate 6..256 kbit/s, complexity 0..10, frames 20/40/60 ms");
    return TUTUR_OK;
}

/* Encodes spool samples [from, to) with COMMENTS into O. */
static tutur_status encode(tutur_ctx *ctx, OggOpusComments *comments, tutur_spool *spool,
                           int rate, int64_t from, int64_t to, const tutur_opus_options *opt,
                           int serial, tutur_output *o) {
    int frame;
    tutur_status st = check_options(ctx, opt, &frame);
    if (st != TUTUR_OK)
        return st;
    OpusEncCallbacks cb = {write_cb, close_cb};
    int err = 0;
    OggOpusEnc *enc = ope_encoder_create_callbacks(&cb, o, comments, rate, 1, 0, &err);
    if (!enc)
        return nr_fail(ctx, TUTUR_E_ENCODER, "%s: cannot create the encoder: %s", o->path,
                       ope_strerror(err));
    struct {
        const char *what;
        int rc;
    } ctl[] = {
        {"bitrate", ope_encoder_ctl(enc, OPUS_SET_BITRATE(opt->bitrate_kbps * 1000))},
        {"vbr", ope_encoder_ctl(enc, OPUS_SET_VBR(1))},
        {"complexity", ope_encoder_ctl(enc, OPUS_SET_COMPLEXITY(opt->complexity))},
        {"signal", ope_encoder_ctl(enc, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE))},
        /* Narration is not interactive: long frames cost nothing in
         * latency, save per-packet overhead, and encode about 12% faster
         * than 20 ms frames at the same bitrate and complexity. */
        {"frame size", ope_encoder_ctl(enc, OPUS_SET_EXPERT_FRAME_DURATION(frame))},
        {"serial number", ope_encoder_ctl(enc, OPE_SET_SERIALNO(serial))},
    };
    for (size_t i = 0; i < sizeof ctl / sizeof ctl[0] && st == TUTUR_OK; i++)
        if (ctl[i].rc != OPE_OK)
            st = nr_fail(ctx, TUTUR_E_ENCODER, "opus: cannot set %s: %s", ctl[i].what,
                         ope_strerror(ctl[i].rc));
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

static tutur_status comment_fail(tutur_ctx *ctx, int rc) {
    if (rc == OPE_INVALID_PICTURE)
        return nr_fail(ctx, TUTUR_E_INVALID, "the cover picture cannot be read as PNG or JPEG");
    return nr_fail(ctx, rc == OPE_ALLOC_FAIL ? TUTUR_E_NOMEM : TUTUR_E_ENCODER,
                   "cannot add comments: %s", ope_strerror(rc));
}

tutur_status tutur_sink_opus(tutur_ctx *ctx, const tutur_script *s, const tutur_timeline *tl,
                             tutur_spool *spool, const tutur_opus_options *opt,
                             tutur_output *o) {
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
                         : encode(ctx, c, spool, tl->rate, 0, tl->total, opt,
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
    tutur_status st = nr_meter_create(ctx, rate, &m);
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
    st = rc ? comment_fail(ctx, rc) : encode(ctx, c, spool, tl->rate, from, to, opt, serial, o);
    ope_comments_destroy(c);
    return st;
}
