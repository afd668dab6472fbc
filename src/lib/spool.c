/* spool.c: see spool.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spool.h"
#include "stale.h"

tutur_status nr_spool_create(tutur_ctx *ctx, int rate, tutur_spool **out) {
    *out = NULL;
    const char *dir = getenv("TMPDIR");
    dir = dir && *dir ? dir : "/tmp";
    /* every narration makes a spool: the moment to clear what killed
     * runs left in the temporary folder (their synthesis workers' space) */
    nr_clean_stale(dir);
    char path[1024], tag[40];
    nr_temp_tag(tag, sizeof tag);
    snprintf(path, sizeof path, "%s/%s-spool.XXXXXX", dir, tag);
    int fd = mkstemp(path);
    if (fd < 0) {
        int err = errno;
        return nr_fail(ctx, nr_status_from_errno(err), "%s: cannot create the audio spool: %s",
                       path, strerror(err));
    }
    unlink(path);
    tutur_spool *s = calloc(1, sizeof *s);
    if (!s || !(s->f = fdopen(fd, "w+b"))) {
        free(s);
        close(fd);
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    }
    s->rate = rate;
    *out = s;
    return TUTUR_OK;
}

static tutur_status write_fail(tutur_ctx *ctx) {
    int err = errno;
    return nr_fail(ctx, nr_status_from_errno(err), "cannot write the audio spool: %s",
                   strerror(err));
}

tutur_status nr_spool_write(tutur_ctx *ctx, tutur_spool *s, const int16_t *pcm, size_t n) {
    if (n && fwrite(pcm, sizeof *pcm, n, s->f) != n)
        return write_fail(ctx);
    s->samples += (int64_t)n;
    return TUTUR_OK;
}

tutur_status nr_spool_write_silence(tutur_ctx *ctx, tutur_spool *s, int64_t n) {
    static const int16_t zeros[1024];
    while (n > 0) {
        size_t k = n > 1024 ? 1024 : (size_t)n;
        tutur_status st = nr_spool_write(ctx, s, zeros, k);
        if (st != TUTUR_OK)
            return st;
        n -= (int64_t)k;
    }
    return TUTUR_OK;
}

tutur_status nr_spool_finish(tutur_ctx *ctx, tutur_spool *s) {
    if (fflush(s->f) != 0)
        return write_fail(ctx);
    s->reading = true;
    return TUTUR_OK;
}

void nr_spool_replace(tutur_spool *s, tutur_spool *newer) {
    fclose(s->f);
    *s = *newer;
    free(newer);
}

int64_t nr_spool_pread(const tutur_spool *s, int64_t from, int16_t *buf, int64_t n) {
    if (from < 0 || n < 0)
        return -1;
    if (from >= s->samples)
        return 0;
    if (n > s->samples - from)
        n = s->samples - from;
    size_t want = (size_t)n * sizeof *buf, got = 0;
    while (got < want) {
        ssize_t r = pread(fileno(s->f), (char *)buf + got, want - got,
                          (off_t)(from * (int64_t)sizeof *buf) + (off_t)got);
        if (r <= 0)
            return -1;
        got += (size_t)r;
    }
    return n;
}

/* Positioned reads share no file offset, so sinks may read at once. */
int64_t tutur_spool_read(tutur_spool *s, int64_t from, int16_t *buf, int64_t n) {
    return nr_spool_pread(s, from, buf, n);
}

void tutur_spool_destroy(tutur_spool *s) {
    if (!s)
        return;
    if (s->f)
        fclose(s->f);
    free(s);
}
