/* spool.h: the rendered PCM on disk (mono int16, native endian), so memory
 * stays bounded however long the article.  The file is unlinked as soon as
 * it is created: nothing is left behind, even when the process is killed. */
#ifndef TUTUR_SPOOL_H
#define TUTUR_SPOOL_H

#include <stdio.h>

#include "internal.h"

struct tutur_spool {
    FILE *f;
    int64_t samples; /* written so far */
    int rate;
    bool reading;
};

tutur_status nr_spool_create(tutur_ctx *ctx, int rate, tutur_spool **out);
tutur_status nr_spool_write(tutur_ctx *ctx, tutur_spool *spool, const int16_t *pcm, size_t n);
tutur_status nr_spool_write_silence(tutur_ctx *ctx, tutur_spool *spool, int64_t n);
/* Flushes what was written; reads may follow. */
tutur_status nr_spool_finish(tutur_ctx *ctx, tutur_spool *spool);
/* tutur_spool_read for threads: a positioned read that shares nothing. */
int64_t nr_spool_pread(const tutur_spool *spool, int64_t from, int16_t *buf, int64_t n);
/* SPOOL takes the content of NEWER (finished, same rate), which is freed. */
void nr_spool_replace(tutur_spool *spool, tutur_spool *newer);

#endif
