/* test_level.c: the true-peak limiter keeps the oversampled peak under its
 * ceiling, leaves quiet audio alone, and returns exactly as many samples as
 * it was given; the meter agrees with a known sine. */
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "limiter.h"
#include "loudness.h"

#define RATE 22050

static void sine(int16_t *buf, size_t n, double freq, double amp, double phase) {
    for (size_t i = 0; i < n; i++)
        buf[i] = (int16_t)lrint(amp * 32767 * sin(2 * M_PI * freq * (double)i / RATE + phase));
}

/* Limits N samples of IN in odd-sized pieces; returns the samples out. */
static size_t run(nr_limiter *l, const int16_t *in, size_t n, int16_t *out) {
    size_t got = 0;
    for (size_t i = 0; i < n;) {
        size_t k = n - i < 777 ? n - i : 777;
        got += nr_limiter_push(l, in + i, k, out + got);
        i += k;
    }
    return got + nr_limiter_flush(l, out + got);
}

static void measure(const int16_t *pcm, size_t n, double *lufs, double *peak) {
    tutur_ctx *ctx;
    nr_meter *m;
    tutur_ctx_create(&ctx);
    CHECK(nr_meter_create(ctx, RATE, true, &m) == TUTUR_OK);
    CHECK(nr_meter_add(ctx, m, pcm, n) == TUTUR_OK);
    nr_meter_result(m, lufs, peak);
    nr_meter_destroy(m);
    tutur_ctx_destroy(ctx);
}

int main(void) {
    size_t n = RATE * 3;
    int16_t *in = malloc(n * sizeof *in), *out = malloc((n + 1024) * sizeof *out);
    double lufs, peak;

    /* A 997 Hz sine at -6 dBFS: about -9 LUFS on one channel (BS.1770). */
    sine(in, n, 997, 0.5, 0);
    measure(in, n, &lufs, &peak);
    CHECK(fabs(lufs - (-9.0)) < 0.5);
    CHECK(fabs(peak - (-6.0)) < 0.3);

    /* +8 dB would reach +2 dBTP; the limiter holds it at -3 dBTP. */
    nr_limiter *l = nr_limiter_create(RATE, 8.0, -3.0);
    CHECK(run(l, in, n, out) == n);
    measure(out, n, &lufs, &peak);
    CHECK(peak <= -3.0 + 0.1);
    CHECK(nr_limiter_max_reduction_db(l) > 4.0);
    nr_limiter_destroy(l);

    /* A near-Nyquist sine whose samples miss its crests: the inter-sample
     * peak is what the ceiling bounds. */
    sine(in, n, RATE / 4.0, 0.9, M_PI / 4);
    l = nr_limiter_create(RATE, 0.0, -3.0);
    CHECK(run(l, in, n, out) == n);
    measure(out, n, &lufs, &peak);
    CHECK(peak <= -3.0 + 0.2);
    nr_limiter_destroy(l);

    /* Quiet audio passes with only the gain, sample for sample. */
    sine(in, n, 440, 0.1, 0);
    l = nr_limiter_create(RATE, 6.0206, -1.0);
    CHECK(run(l, in, n, out) == n);
    CHECK(nr_limiter_max_reduction_db(l) == 0.0);
    int worst = 0;
    for (size_t i = 0; i < n; i++)
        worst = abs(out[i] - 2 * in[i]) > worst ? abs(out[i] - 2 * in[i]) : worst;
    CHECK(worst <= 1);
    nr_limiter_destroy(l);

    free(in);
    free(out);
    return CHECK_DONE();
}
