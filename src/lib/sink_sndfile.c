/* sink_sndfile.c: the spool through libsndfile (the only file that
 * includes sndfile.h) as 16-bit PCM WAV.  (MP3 is sink_mp3.c's: libsndfile
 * writes no Info frame and no chapters.) */
#include <sndfile.h>
#include <stdio.h>

#include "output.h"

#define CHUNK_SAMPLES 8192

static tutur_status write_spool(tutur_ctx *ctx, SNDFILE *sf, tutur_spool *spool, int64_t from,
                                int64_t to, const char *path) {
    tutur_status st = TUTUR_OK;
    short pcm[CHUNK_SAMPLES];
    for (int64_t pos = from; pos < to && st == TUTUR_OK;) {
        int64_t want = to - pos < CHUNK_SAMPLES ? to - pos : CHUNK_SAMPLES;
        int64_t n = tutur_spool_read(spool, pos, pcm, want);
        if (nr_stopped(ctx))
            st = nr_fail(ctx, TUTUR_E_CANCELLED, "cancelled");
        else if (n <= 0)
            st = nr_fail(ctx, TUTUR_E_IO, "cannot read the audio spool");
        else if (sf_write_short(sf, pcm, n) != n)
            st = nr_fail(ctx, TUTUR_E_IO, "%s: %s", path, sf_strerror(sf));
        pos += n > 0 ? n : 0;
    }
    if (sf_close(sf) != 0 && st == TUTUR_OK)
        st = nr_fail(ctx, TUTUR_E_IO, "%s: cannot finish the file", path);
    return st;
}

static SNDFILE *open_output(tutur_output *o, SF_INFO *info) {
    fflush(o->f);
    return sf_open_fd(fileno(o->f), SFM_WRITE, info, 0);
}

tutur_status tutur_sink_wav(tutur_ctx *ctx, const tutur_timeline *tl, tutur_spool *spool,
                            tutur_output *o) {
    nr_clear(ctx); /* a message is about the last call only */
    SF_INFO info = {.samplerate = tl->rate, .channels = 1,
                    .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16};
    SNDFILE *sf = open_output(o, &info);
    if (!sf)
        return nr_fail(ctx, TUTUR_E_IO, "%s: %s", o->path, sf_strerror(NULL));
    return write_spool(ctx, sf, spool, 0, tl->total, o->path);
}

