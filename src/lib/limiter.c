/* limiter.c: a look-ahead true-peak limiter.
 *
 * For sample t the peak of the band-limited signal between t and t+1 is
 * estimated by 4x oversampling (a 12-tap windowed-sinc interpolator per
 * phase, as BS.1770 does to measure true peak); the gain that keeps it
 * under the ceiling is greq[t].  The applied gain is
 *
 *   env[s] = min(min(greq[s-1 .. s+L-1]), release(env[s-1]))
 *   G[q]   = mean(env[q-L+1 .. q])
 *
 * Each env in the mean covers sample q and its neighbour, so G[q] never
 * exceeds what either peak next to q requires, while the mean turns the
 * gain down smoothly over L samples (5 ms) instead of clipping a wave.
 * It recovers with an 80 ms time constant.  Everything runs in rings of
 * RING samples indexed by absolute position. */
#include <math.h>
#include <stdlib.h>

#include "limiter.h"

#define RING 2048 /* > 2 * (L + TAPS) at 96 kHz */
#define MASK (RING - 1)
#define HALF 6 /* taps on each side */
#define PHASES 4

struct nr_limiter {
    float gain, ceiling, release;
    int64_t n_in, n_out; /* samples taken and given */
    int64_t L;
    float x[RING];    /* input after gain, by index */
    float greq[RING]; /* required gain, by index */
    float peak[RING]; /* the interval's oversampled peak, by index */
    float out_peak;   /* the largest peak after gain and limiting */
    float env[RING];
    int64_t dq[RING]; /* indices of greq, increasing values: the sliding min */
    int64_t dq_head, dq_tail;
    double env_sum; /* sum of env over the last L */
    float env0;     /* env before the start */
    float taps[PHASES][2 * HALF];
    float lowest; /* smallest G applied */
};

static float sinc(double x) { return x == 0 ? 1.0f : (float)(sin(M_PI * x) / (M_PI * x)); }

nr_limiter *nr_limiter_create(int rate, double gain_db, double ceiling_dbtp) {
    nr_limiter *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    l->gain = (float)pow(10, gain_db / 20);
    l->ceiling = (float)pow(10, ceiling_dbtp / 20);
    l->release = (float)(1 - exp(-1.0 / (0.080 * rate)));
    l->L = rate / 200 > 1 ? rate / 200 : 1;
    l->lowest = 1;
    for (int k = 1; k < PHASES; k++) {
        double frac = (double)k / PHASES;
        for (int j = 0; j < 2 * HALF; j++) {
            double d = frac - (j - HALF + 1); /* distance to x[t + j - HALF + 1] */
            double w = 0.5 * (1 + cos(M_PI * d / (HALF + 0.5)));
            l->taps[k][j] = sinc(d) * (float)w;
        }
    }
    return l;
}

size_t nr_limiter_latency(const nr_limiter *l) { return (size_t)(l->L - 1 + HALF); }

static float at(const nr_limiter *l, int64_t i) {
    return i < 0 || i >= l->n_in ? 0.0f : l->x[i & MASK];
}

/* The peak between t and t+1, from x[t-HALF+1 .. t+HALF]. */
static float interval_peak(const nr_limiter *l, int64_t t) {
    float p = fabsf(at(l, t));
    if (p * 2 < l->ceiling && fabsf(at(l, t + 1)) * 2 < l->ceiling)
        return p; /* far below the ceiling: no overshoot can reach it */
    for (int k = 1; k < PHASES; k++) {
        float y = 0;
        for (int j = 0; j < 2 * HALF; j++)
            y += l->taps[k][j] * at(l, t + j - HALF + 1);
        if (fabsf(y) > p)
            p = fabsf(y);
    }
    return p;
}

static void push_greq(nr_limiter *l, int64_t t, float g, float p) {
    l->greq[t & MASK] = g;
    l->peak[t & MASK] = p;
    while (l->dq_tail > l->dq_head && l->greq[l->dq[(l->dq_tail - 1) & MASK] & MASK] >= g)
        l->dq_tail--;
    l->dq[l->dq_tail++ & MASK] = t;
}

/* With greq known through T, env[s] for s = T - L + 1 and output q = s. */
static bool step(nr_limiter *l, int64_t T, int16_t *out) {
    int64_t s = T - l->L + 1;
    if (s < 0)
        return false;
    while (l->dq[l->dq_head & MASK] < s - 1)
        l->dq_head++;
    float m = l->greq[l->dq[l->dq_head & MASK] & MASK];
    if (s == 0) { /* before the start, the gain the start needs */
        l->env0 = m;
        l->env_sum = (double)l->L * m;
    }
    float prev = s > 0 ? l->env[(s - 1) & MASK] : l->env0;
    float e = prev + (1 - prev) * l->release;
    if (m < e)
        e = m;
    l->env[s & MASK] = e;
    l->env_sum += e;
    int64_t gone = s - l->L;
    l->env_sum -= gone >= 0 ? l->env[gone & MASK] : l->env0;
    float G = (float)(l->env_sum / (double)l->L);
    if (G > 1)
        G = 1;
    if (G < l->lowest)
        l->lowest = G;
    if (l->peak[s & MASK] * G > l->out_peak)
        l->out_peak = l->peak[s & MASK] * G;
    float y = at(l, s) * G * 32768.0f;
    *out = (int16_t)(y >= 32767.0f ? 32767 : y <= -32768.0f ? -32768 : lrintf(y));
    return true;
}

static size_t advance(nr_limiter *l, int16_t *out) {
    /* x is known through n_in - 1; greq through n_in - 1 - HALF. */
    int64_t t = l->n_in - 1 - HALF;
    if (t < 0)
        return 0;
    float p = interval_peak(l, t);
    push_greq(l, t, p > l->ceiling ? l->ceiling / p : 1.0f, p);
    if (step(l, t, out)) {
        l->n_out++;
        return 1;
    }
    return 0;
}

size_t nr_limiter_push(nr_limiter *l, const int16_t *in, size_t n, int16_t *out) {
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        l->x[l->n_in & MASK] = in[i] / 32768.0f * l->gain;
        l->n_in++;
        k += advance(l, out + k);
    }
    return k;
}

size_t nr_limiter_flush(nr_limiter *l, int16_t *out) {
    int64_t real = l->n_in;
    size_t k = 0;
    if (l->n_in == 0)
        return 0;
    /* Feed silence past the end until every real sample is out. */
    while (l->n_out < real) {
        l->x[l->n_in & MASK] = 0;
        l->n_in++;
        k += advance(l, out + k);
    }
    return k;
}

double nr_limiter_max_reduction_db(const nr_limiter *l) {
    return l->lowest < 1 ? -20 * log10(l->lowest) : 0.0;
}

double nr_limiter_peak_dbtp(const nr_limiter *l) {
    return l->out_peak > 0 ? 20 * log10(l->out_peak) : -HUGE_VAL;
}

void nr_limiter_destroy(nr_limiter *l) { free(l); }
