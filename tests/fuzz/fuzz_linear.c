/* fuzz_linear: the slow-input harness.  Quadratic behaviour hides in
 * small inputs and shows in large ones made of the same thing (a page of
 * amounts, of entities, of "a. " lines), so each input is a pattern that
 * is repeated to 32 KB and to 256 KB and given to one stage (the first
 * byte chooses: the normalizer, or a reader followed by planning).  Eight
 * times the input may take eight times as long; taking more than 24 times
 * as long, in the best of three timings, is a failure.  (The first 600 s
 * run found a false alarm: with a cut-off last repetition, the small and
 * the big document were not the same kind of document.) */
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
    /* whole repetitions, the big input being eight small ones: a pattern
     * cut short at the end can change what the whole document is (a
     * Markdown link definition completed by the end of the file turns
     * every "[2]" into a link), which is no question of time */
    size_t small_len = (32u << 10) / n * n, big_len = 8 * small_len;
    char *small = tile(p, n, small_len), *big = tile(p, n, big_len);
    double ts = best_of(stage, small, small_len, 1), tb = best_of(stage, big, big_len, 1);
    /* below 20 ms the clock and the allocator decide; only then confirm */
    if (tb > 0.02 && tb > 24 * ts) {
        ts = best_of(stage, small, small_len, 3);
        tb = best_of(stage, big, big_len, 3);
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
