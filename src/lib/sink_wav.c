/* sink_wav.c: the spool as 16-bit PCM WAV, through libsndfile. */
#include <sndfile.h>
#include <stdio.h>

#include "output.h"

#define CHUNK_SAMPLES 8192

tutur_status tutur_sink_wav(tutur_ctx *ctx, const tutur_timeline *tl, tutur_spool *spool,
                            tutur_output *o) {
    SF_INFO info = {.samplerate = tl->rate, .channels = 1,
                    .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16};
    fflush(o->f);
    SNDFILE *sf = sf_open_fd(fileno(o->f), SFM_WRITE, &info, 0);
    if (!sf)
        return nr_fail(ctx, TUTUR_E_IO, "%s: %s", o->path, sf_strerror(NULL));
    tutur_status st = TUTUR_OK;
    short pcm[CHUNK_SAMPLES];
    for (int64_t pos = 0; pos < tl->total && st == TUTUR_OK;) {
        int64_t n = tutur_spool_read(spool, pos, pcm, CHUNK_SAMPLES);
        if (n <= 0)
            st = nr_fail(ctx, TUTUR_E_IO, "cannot read the audio spool");
        else if (sf_write_short(sf, pcm, n) != n)
            st = nr_fail(ctx, TUTUR_E_IO, "%s: %s", o->path, sf_strerror(sf));
        pos += n > 0 ? n : 0;
    }
    if (sf_close(sf) != 0 && st == TUTUR_OK)
        st = nr_fail(ctx, TUTUR_E_IO, "%s: cannot finish the file", o->path);
    return st;
}
