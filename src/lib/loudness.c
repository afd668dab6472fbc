/* loudness.c: the meter, over libebur128.  Mono: BS.1770 weights the one
 * channel as a single channel (mono speech at -19 LUFS plays about as loud
 * as stereo at -16 on two speakers, hence the default target). */
#include <ebur128.h>
#include <math.h>
#include <stdlib.h>

#include "loudness.h"

struct nr_meter {
    ebur128_state *st;
};

tutur_status nr_meter_create(tutur_ctx *ctx, int rate, bool true_peak, nr_meter **out) {
    *out = NULL;
    nr_meter *m = calloc(1, sizeof *m);
    if (m)
        m->st = ebur128_init(1, (unsigned long)rate,
                             EBUR128_MODE_I | (true_peak ? EBUR128_MODE_TRUE_PEAK : 0));
    if (!m || !m->st) {
        free(m);
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory for the loudness meter");
    }
    *out = m;
    return TUTUR_OK;
}

tutur_status nr_meter_add(tutur_ctx *ctx, nr_meter *m, const int16_t *pcm, size_t n) {
    if (ebur128_add_frames_short(m->st, pcm, n) != EBUR128_SUCCESS)
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory in the loudness meter");
    return TUTUR_OK;
}

void nr_meter_result(nr_meter *m, double *lufs, double *peak_dbtp) {
    double l = -HUGE_VAL, p = 0;
    if (ebur128_loudness_global(m->st, &l) != EBUR128_SUCCESS)
        l = -HUGE_VAL;
    if (!(m->st->mode & EBUR128_MODE_TRUE_PEAK) ||
        ebur128_true_peak(m->st, 0, &p) != EBUR128_SUCCESS)
        p = 0;
    *lufs = l;
    *peak_dbtp = p > 0 ? 20 * log10(p) : -HUGE_VAL;
}

void nr_meter_destroy(nr_meter *m) {
    if (!m)
        return;
    ebur128_destroy(&m->st);
    free(m);
}
