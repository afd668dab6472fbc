/* limiter.h: gain and a look-ahead true-peak limiter, streaming, for
 * leveling (level.c).  Output lags input by nr_limiter_latency() samples;
 * nr_limiter_flush() returns the rest, so output and input have the same
 * length. */
#ifndef TUTUR_LIMITER_H
#define TUTUR_LIMITER_H

#include "internal.h"

typedef struct nr_limiter nr_limiter;

/* Applies GAIN_DB, then keeps the (4x oversampled) peak at or below
 * CEILING_DBTP.  NULL when out of memory. */
nr_limiter *nr_limiter_create(int rate, double gain_db, double ceiling_dbtp);
/* Takes N samples; writes at most N to OUT and returns how many. */
size_t nr_limiter_push(nr_limiter *l, const int16_t *in, size_t n, int16_t *out);
/* Writes the samples still held (at most nr_limiter_latency()) to OUT. */
size_t nr_limiter_flush(nr_limiter *l, int16_t *out);
size_t nr_limiter_latency(const nr_limiter *l);
/* The deepest gain reduction so far, in dB (0 when it never acted). */
double nr_limiter_max_reduction_db(const nr_limiter *l);
/* The output's true peak as the limiter estimates it (its oversampled
 * interval peaks times the gain applied), in dBTP. */
double nr_limiter_peak_dbtp(const nr_limiter *l);
void nr_limiter_destroy(nr_limiter *l);

#endif
