/* level.c: leveling, between RENDER and PUBLISH.  The spool is measured
 * (integrated loudness, BS.1770), given one gain, passed through the
 * true-peak limiter and measured again; every sink then reads the leveled
 * spool, so all outputs share one loudness.
 *
 * The gain is the voice profile's calibrated gain while that lands the
 * article within the tolerance of the target; only an article that falls
 * outside gets its own gain (to 0.1 dB), in a second pass.  So a lightly
 * edited article keeps its gain, and its unchanged stretches keep their
 * samples.
 *
 * The limiter's ceiling sits CODEC_MARGIN_DB under the profile's true
 * peak: Opus and MP3 coding add overshoot of their own, and the promise is
 * about the decoded files. */
#include <math.h>
#include <stdlib.h>

#include "limiter.h"
#include "loudness.h"
#include "spool.h"

#define CODEC_MARGIN_DB 1.5
/* Opus at speech bitrates and MP3 measure about 0.3 LU below their PCM
 * (measured on the mission article with ffmpeg's ebur128). */
#define CODEC_LOSS_LU 0.3
#define CHUNK 8192

typedef struct pass_result {
    double input_lufs, output_lufs, output_peak, limited_db;
    tutur_spool *leveled;
} pass_result;

static tutur_status write_out(tutur_ctx *ctx, tutur_spool *to, nr_meter *m, const int16_t *pcm,
                              size_t n) {
    tutur_status st = nr_spool_write(ctx, to, pcm, n);
    return st == TUTUR_OK ? nr_meter_add(ctx, m, pcm, n) : st;
}

/* One pass: gain and limiter from SPOOL into a new spool, both metered. */
static tutur_status level_pass(tutur_ctx *ctx, const tutur_profile *p, tutur_spool *spool,
                               double gain, pass_result *r) {
    *r = (pass_result){0};
    nr_limiter *lim = nr_limiter_create(spool->rate, gain, p->true_peak_dbtp - CODEC_MARGIN_DB);
    nr_meter *out_m = NULL;
    int16_t *in = malloc(CHUNK * sizeof *in);
    int16_t *out = malloc((CHUNK + (lim ? nr_limiter_latency(lim) : 0)) * sizeof *out);
    tutur_status st = lim && in && out ? TUTUR_OK : nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    if (st == TUTUR_OK)
        st = nr_spool_create(ctx, spool->rate, &r->leveled);
    if (st == TUTUR_OK)
        st = nr_meter_create(ctx, spool->rate, false, &out_m);
    for (int64_t pos = 0; st == TUTUR_OK && pos < spool->samples;) {
        if (nr_stopped(ctx)) {
            st = nr_fail(ctx, TUTUR_E_CANCELLED, "cancelled");
            break;
        }
        int64_t n = tutur_spool_read(spool, pos, in, CHUNK);
        if (n <= 0) {
            st = nr_fail(ctx, TUTUR_E_IO, "cannot read the audio spool");
            break;
        }
        pos += n;
        st = write_out(ctx, r->leveled, out_m, out, nr_limiter_push(lim, in, (size_t)n, out));
    }
    if (st == TUTUR_OK)
        st = write_out(ctx, r->leveled, out_m, out, nr_limiter_flush(lim, out));
    if (st == TUTUR_OK && r->leveled->samples != spool->samples)
        st = nr_fail(ctx, TUTUR_E_INVALID, "leveling changed the length of the audio");
    if (st == TUTUR_OK)
        st = nr_spool_finish(ctx, r->leveled);
    if (st == TUTUR_OK) {
        double peak;
        nr_meter_result(out_m, &r->output_lufs, &peak);
        /* what the speech measured before: the output less the gain and
         * what the limiter took (close enough for a report, and a meter
         * pass cheaper) */
        r->input_lufs = r->output_lufs - gain;
        /* the limiter's own oversampled estimate: a second true-peak meter
         * would cost as much as all the rest of leveling */
        r->output_peak = nr_limiter_peak_dbtp(lim);
        r->limited_db = nr_limiter_max_reduction_db(lim);
    } else {
        tutur_spool_destroy(r->leveled);
        r->leveled = NULL;
    }
    nr_meter_destroy(out_m);
    nr_limiter_destroy(lim);
    free(in);
    free(out);
    return st;
}

tutur_status tutur_level(tutur_ctx *ctx, const tutur_profile *p, tutur_spool *spool,
                         tutur_timeline *tl) {
    nr_clear(ctx); /* a message is about the last call only */
    /* The PCM aims a little above the target: the codecs take it off. */
    double aim = p->loudness_target_lufs + CODEC_LOSS_LU;
    double gain = p->loudness_gain_db;
    pass_result r;
    tutur_status st = level_pass(ctx, p, spool, gain, &r);
    if (st == TUTUR_OK && isfinite(r.output_lufs) &&
        fabs(r.output_lufs - aim) > p->loudness_tolerance_lu) {
        /* This article is not like the calibration: its own gain. */
        gain = round((gain + aim - r.output_lufs) * 10) / 10;
        gain = gain > 40 ? 40 : gain < -40 ? -40 : gain;
        tutur_spool_destroy(r.leveled);
        st = level_pass(ctx, p, spool, gain, &r);
    }
    if (st != TUTUR_OK)
        return st;
    tl->loudness = (tutur_loudness){r.input_lufs, gain, r.limited_db, r.output_lufs,
                                    r.output_peak, true};
    nr_spool_replace(spool, r.leveled);
    return TUTUR_OK;
}
