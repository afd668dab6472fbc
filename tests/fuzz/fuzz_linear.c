/* fuzz_linear: the slow-input harness.  Quadratic behaviour hides in
 * small inputs and shows in large ones made of the same thing (a page of
 * amounts, of entities, of "a. " lines), so each input is a pattern that
 * is repeated to 32 KB and to 256 KB and given to one stage (the first
 * byte chooses: the normalizer, or a reader followed by planning).  Eight
 * times the input may take eight times as long; taking more than 24 times
 * as long, in the best of three timings, is a failure. */
#include <time.h>

#include "fuzz_common.h"

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static char *tile(const uint8_t *p, size_t n, size_t size) {
    char *s = malloc(size + 1);
    if (!s)
        abort();
    for (size_t i = 0; i < size; i++)
        s[i] = p[i % n] ? (char)p[i % n] : ' '; /* NULs would end the text early */
    s[size] = '\0';
    return s;
}

static void run(int stage, const char *text, size_t len) {
    tutur_article *a = NULL;
    tutur_status st = TUTUR_OK;
    switch (stage) {
    case 0: {
        char *out = NULL;
        if (tutur_normalize(g_ctx, g_lang, text, &out) == TUTUR_OK)
            free(out);
        return;
    }
    case 1: st = tutur_read_text(g_ctx, "fuzz", text, len, g_lang, &a); break;
    case 2: st = tutur_read_markdown(g_ctx, "fuzz", text, len, g_lang, &a); break;
    default: st = tutur_read_html(g_ctx, "fuzz", text, len, g_lang, &a); break;
    }
    if (st == TUTUR_OK)
        fuzz_plan(a);
}

static double best_of(int stage, const char *text, size_t len, int tries) {
    double best = 1e30;
    for (int i = 0; i < tries; i++) {
        double t0 = now();
        run(stage, text, len);
        double t = now() - t0;
        best = t < best ? t : best;
    }
    return best;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_setup();
    if (size < 2 || size > 4096)
        return 0;
    int stage = data[0] & 3;
    const uint8_t *p = data + 1;
    size_t n = size - 1;
    enum { SMALL = 32 << 10, BIG = 256 << 10 };
    char *small = tile(p, n, SMALL), *big = tile(p, n, BIG);
    double ts = best_of(stage, small, SMALL, 1), tb = best_of(stage, big, BIG, 1);
    /* below 20 ms the clock and the allocator decide; only then confirm */
    if (tb > 0.02 && tb > 24 * ts) {
        ts = best_of(stage, small, SMALL, 3);
        tb = best_of(stage, big, BIG, 3);
        if (tb > 0.02 && tb > 24 * ts) {
            fprintf(stderr, "fuzz_linear: stage %d, 8x the input took %.1fx the time (%.3f s / %.3f s)\n",
                    stage, tb / ts, tb, ts);
            abort();
        }
    }
    free(small);
    free(big);
    return 0;
}
