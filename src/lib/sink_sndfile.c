/* sink_sndfile.c: the spool through libsndfile (the only file that
 * includes sndfile.h): 16-bit PCM WAV, and MP3 for players and book
 * formats that take no Opus (Apple Podcasts, DAISY 2.02). */
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
        if (n <= 0)
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
    SF_INFO info = {.samplerate = tl->rate, .channels = 1,
                    .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16};
    SNDFILE *sf = open_output(o, &info);
    if (!sf)
        return nr_fail(ctx, TUTUR_E_IO, "%s: %s", o->path, sf_strerror(NULL));
    return write_spool(ctx, sf, spool, 0, tl->total, o->path);
}

tutur_status nr_mp3_write(tutur_ctx *ctx, const tutur_script *s, const char *title, int rate,
                          tutur_spool *spool, int64_t from, int64_t to, int fd,
                          const char *name) {
    SF_INFO info = {.samplerate = rate, .channels = 1,
                    .format = SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III};
    if (!sf_format_check(&info))
        return nr_fail(ctx, TUTUR_E_ENCODER, "%s: this libsndfile cannot write MP3", name);
    SNDFILE *sf = sf_open_fd(fd, SFM_WRITE, &info, 0);
    if (!sf)
        return nr_fail(ctx, TUTUR_E_IO, "%s: %s", name, sf_strerror(NULL));
    /* Constant bit rate: DAISY players and validators expect it, and CBR
     * seeks exactly by byte offset in players without a seek table. */
    int mode = SF_BITRATE_MODE_CONSTANT;
    sf_command(sf, SFC_SET_BITRATE_MODE, &mode, sizeof mode);
    /* ID3 tags are written with the first samples, so they go first. */
    sf_set_string(sf, SF_STR_TITLE, title ? title : s->title);
    if (title)
        sf_set_string(sf, SF_STR_ALBUM, s->title);
    if (s->author)
        sf_set_string(sf, SF_STR_ARTIST, s->author);
    if (s->date)
        sf_set_string(sf, SF_STR_DATE, s->date);
    char software[64];
    snprintf(software, sizeof software, "tutur %s", tutur_version_string());
    sf_set_string(sf, SF_STR_SOFTWARE, software);
    return write_spool(ctx, sf, spool, from, to, name);
}

tutur_status tutur_sink_mp3(tutur_ctx *ctx, const tutur_script *s, const tutur_timeline *tl,
                            tutur_spool *spool, tutur_output *o) {
    fflush(o->f);
    return nr_mp3_write(ctx, s, NULL, tl->rate, spool, 0, tl->total, fileno(o->f), o->path);
}
