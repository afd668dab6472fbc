/* level.c: leveling, between RENDER and PUBLISH.  The spool is measured
 * (integrated loudness, BS.1770), given one gain, passed through the
 * true-peak limiter and measured again; every sink then reads the leveled
 * spool, so all outputs share one loudness.
 *
 * The gain is the voice profile's calibrated gain while that lands the
 * article within the tolerance of the target; only an article that falls
 * outside gets its own gain (to 0.1 dB).  So a lightly edited article keeps
 * its gain, and its unchanged stretches keep their samples.
 *
 * The limiter's ceiling sits CODEC_MARGIN_DB under the profile's true
 * peak: Opus and MP3 coding add overshoot of their own, and the promise is
 * about the decoded files. */
#include <math.h>
#include <stdlib.h>

#include "limiter.h"
#include "loudness.h"
#include "spool.h"

#define CODEC_MARGIN_DB 1.0
#define CHUNK 8192

static tutur_status measure(tutur_ctx *ctx, tutur_spool *spool, double *lufs) {
    nr_meter *m = NULL;
    tutur_status st = nr_meter_create(ctx, spool->rate, &m);
    int16_t buf[CHUNK];
    for (int64_t pos = 0; st == TUTUR_OK && pos < spool->samples;) {
        int64_t n = tutur_spool_read(spool, pos, buf, CHUNK);
        if (n <= 0)
            st = nr_fail(ctx, TUTUR_E_IO, "cannot read the audio spool");
        else
            st = nr_meter_add(ctx, m, buf, (size_t)n);
        pos += n;
    }
    double peak;
    if (st == TUTUR_OK)
        nr_meter_result(m, lufs, &peak);
    nr_meter_destroy(m);
    return st;
}

static double choose_gain(const tutur_profile *p, double measured) {
    if (!isfinite(measured))
        return p->loudness_gain_db; /* too short or too quiet to measure */
    double off = measured + p->loudness_gain_db - p->loudness_target_lufs;
    if (fabs(off) <= p->loudness_tolerance_lu)
        return p->loudness_gain_db;
    double g = round((p->loudness_target_lufs - measured) * 10) / 10;
    return g > 40 ? 40 : g < -40 ? -40 : g;
}

static tutur_status write_out(tutur_ctx *ctx, tutur_spool *to, nr_meter *m, const int16_t *pcm,
                              size_t n) {
    tutur_status st = nr_spool_write(ctx, to, pcm, n);
    return st == TUTUR_OK ? nr_meter_add(ctx, m, pcm, n) : st;
}

tutur_status tutur_level(tutur_ctx *ctx, const tutur_profile *profile, tutur_spool *spool,
                         tutur_timeline *tl) {
    double measured = -HUGE_VAL;
    tutur_status st = measure(ctx, spool, &measured);
    if (st != TUTUR_OK)
        return st;
    double gain = choose_gain(profile, measured);
    nr_limiter *lim =
        nr_limiter_create(spool->rate, gain, profile->true_peak_dbtp - CODEC_MARGIN_DB);
    tutur_spool *leveled = NULL;
    nr_meter *m = NULL;
    int16_t *in = malloc(CHUNK * sizeof *in);
    int16_t *out = malloc((CHUNK + (lim ? nr_limiter_latency(lim) : 0)) * sizeof *out);
    if (!lim || !in || !out)
        st = nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    if (st == TUTUR_OK)
        st = nr_spool_create(ctx, spool->rate, &leveled);
    if (st == TUTUR_OK)
        st = nr_meter_create(ctx, spool->rate, &m);
    for (int64_t pos = 0; st == TUTUR_OK && pos < spool->samples;) {
        int64_t n = tutur_spool_read(spool, pos, in, CHUNK);
        if (n <= 0) {
            st = nr_fail(ctx, TUTUR_E_IO, "cannot read the audio spool");
            break;
        }
        pos += n;
        st = write_out(ctx, leveled, m, out, nr_limiter_push(lim, in, (size_t)n, out));
    }
    if (st == TUTUR_OK)
        st = write_out(ctx, leveled, m, out, nr_limiter_flush(lim, out));
    if (st == TUTUR_OK && leveled->samples != spool->samples)
        st = nr_fail(ctx, TUTUR_E_INVALID, "leveling changed the length of the audio");
    if (st == TUTUR_OK)
        st = nr_spool_finish(ctx, leveled);
    if (st == TUTUR_OK) {
        tutur_loudness *L = &tl->loudness;
        L->measured_lufs = measured;
        L->gain_db = gain;
        L->limited_db = nr_limiter_max_reduction_db(lim);
        nr_meter_result(m, &L->output_lufs, &L->output_peak_dbtp);
        L->leveled = true;
        nr_spool_replace(spool, leveled);
        leveled = NULL;
    }
    tutur_spool_destroy(leveled);
    nr_meter_destroy(m);
    nr_limiter_destroy(lim);
    free(in);
    free(out);
    return st;
}
