/* loudness.h: EBU R128 / ITU-R BS.1770 measurement (libebur128; the only
 * module that includes its header). */
#ifndef TUTUR_LOUDNESS_H
#define TUTUR_LOUDNESS_H

#include "internal.h"

typedef struct nr_meter nr_meter;

/* A meter of integrated loudness for mono audio at RATE, and of true peak
 * when TRUE_PEAK (4x oversampling: the costly part). */
tutur_status nr_meter_create(tutur_ctx *ctx, int rate, bool true_peak, nr_meter **out);
tutur_status nr_meter_add(tutur_ctx *ctx, nr_meter *m, const int16_t *pcm, size_t n);
/* Integrated loudness in LUFS (-HUGE_VAL when nothing was loud enough to
 * be gated in) and true peak in dBTP (-HUGE_VAL for digital silence). */
void nr_meter_result(nr_meter *m, double *lufs, double *peak_dbtp);
void nr_meter_destroy(nr_meter *m);

#endif
