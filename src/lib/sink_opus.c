/* sink_opus.c: the Ogg Opus sink (libopusenc; the only file that includes
 * opusenc.h).  Mono, voice signal, VBR at the profile's bitrate.  The
 * chapter comments must be in the header, which is written first: that is
 * why RENDER completes the Timeline before any sink runs.
 *
 * Chapters follow the profile every reader accepts (doc/architecture.md):
 * CHAPTERnnn=HH:MM:SS.mmm then CHAPTERnnnNAME=..., numbered from 000, three
 * millisecond digits always. */
#include <errno.h>
#include <opusenc.h>
#include <stdio.h>
#include <string.h>

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

static tutur_status add_comments(tutur_ctx *ctx, OggOpusComments *c, const tutur_script *s,
                                 const tutur_timeline *tl) {
    char encoder[128];
    snprintf(encoder, sizeof encoder, "tutur %s (espeak-ng %s)", tutur_version_string(),
             nr_synth_version());
    int rc = ope_comments_add(c, "TITLE", s->title);
    if (!rc && s->author)
        rc = ope_comments_add(c, "ARTIST", s->author);
    if (!rc && s->date)
        rc = ope_comments_add(c, "DATE", s->date);
    if (!rc)
        rc = ope_comments_add(c, "LANGUAGE", s->language);
    if (!rc)
        rc = ope_comments_add(c, "ENCODER", encoder);
    size_t n = tl->n_chapters < MAX_CHAPTERS ? tl->n_chapters : MAX_CHAPTERS;
    for (size_t i = 0; !rc && i < n; i++) {
        char key[24], when[13];
        tutur_format_hms(tutur_samples_to_ms(tl->chapter_starts[i], tl->rate), when);
        snprintf(key, sizeof key, "CHAPTER%03zu", i);
        rc = ope_comments_add(c, key, when);
        snprintf(key, sizeof key, "CHAPTER%03zuNAME", i);
        if (!rc)
            rc = ope_comments_add(c, key, s->chapters[i].title);
    }
    if (rc)
        return nr_fail(ctx, TUTUR_E_ENCODER, "cannot add comments: %s", ope_strerror(rc));
    return TUTUR_OK;
}

tutur_status tutur_sink_opus(tutur_ctx *ctx, const tutur_script *s, const tutur_timeline *tl,
                             tutur_spool *spool, const tutur_opus_options *opt,
                             tutur_output *o) {
    int frame = opt->frame_ms == 20   ? OPUS_FRAMESIZE_20_MS
                : opt->frame_ms == 40 ? OPUS_FRAMESIZE_40_MS
                : opt->frame_ms == 60 ? OPUS_FRAMESIZE_60_MS
                                      : 0;
    if (opt->bitrate_kbps < 6 || opt->bitrate_kbps > 256 || opt->complexity < 0 ||
        opt->complexity > 10 || !frame)
        return nr_fail(ctx, TUTUR_E_INVALID,
                       "opus: bitrate 6..256 kbit/s, complexity 0..10, frames 20/40/60 ms");
    if (tl->n_chapters != s->n_chapters)
        return nr_fail(ctx, TUTUR_E_INVALID, "timeline does not match the script");
    OggOpusComments *comments = ope_comments_create();
    if (!comments)
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    tutur_status st = add_comments(ctx, comments, s, tl);
    OggOpusEnc *enc = NULL;
    if (st == TUTUR_OK) {
        OpusEncCallbacks cb = {write_cb, close_cb};
        int err = 0;
        enc = ope_encoder_create_callbacks(&cb, o, comments, tl->rate, 1, 0, &err);
        if (!enc)
            st = nr_fail(ctx, TUTUR_E_ENCODER, "%s: cannot create the encoder: %s", o->path,
                         ope_strerror(err));
    }
    ope_comments_destroy(comments);
    if (st == TUTUR_OK) {
        struct {
            const char *what;
            int rc;
        } ctl[] = {
            {"bitrate", ope_encoder_ctl(enc, OPUS_SET_BITRATE(opt->bitrate_kbps * 1000))},
            {"vbr", ope_encoder_ctl(enc, OPUS_SET_VBR(1))},
            {"complexity", ope_encoder_ctl(enc, OPUS_SET_COMPLEXITY(opt->complexity))},
            {"signal", ope_encoder_ctl(enc, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE))},
            /* Narration is not interactive: long frames cost nothing in
             * latency, save per-packet overhead, and encode about 12%
             * faster than 20 ms frames at the same bitrate and complexity. */
            {"frame size", ope_encoder_ctl(enc, OPUS_SET_EXPERT_FRAME_DURATION(frame))},
            {"serial number", ope_encoder_ctl(enc, OPE_SET_SERIALNO(
                                  opt->serialno ? opt->serialno : serial_from(s->title)))},
        };
        for (size_t i = 0; i < sizeof ctl / sizeof ctl[0] && st == TUTUR_OK; i++)
            if (ctl[i].rc != OPE_OK)
                st = nr_fail(ctx, TUTUR_E_ENCODER, "opus: cannot set %s: %s", ctl[i].what,
                             ope_strerror(ctl[i].rc));
    }
    int16_t pcm[CHUNK_SAMPLES];
    int64_t pos = 0;
    while (st == TUTUR_OK && pos < tl->total) {
        int64_t n = tutur_spool_read(spool, pos, pcm, CHUNK_SAMPLES);
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
        if ((pos / CHUNK_SAMPLES) % 16 == 0 || pos == tl->total) {
            tutur_progress pr = {TUTUR_STAGE_ENCODE, pos, tl->total, tl->total, tl->rate};
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
