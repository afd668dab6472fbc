/* opus_probe.h: what a finished narration says of itself, read back with
 * libopusfile (the only module that includes opusfile.h): its tags and its
 * exact playback length (RFC 7845: last granule minus pre-skip). */
#ifndef TUTUR_OPUS_PROBE_H
#define TUTUR_OPUS_PROBE_H

#include "internal.h"

typedef struct nr_opus_chapter {
    char *start; /* "HH:MM:SS.mmm", as written */
    char *name;
} nr_opus_chapter;

typedef struct nr_opus_info {
    char *title, *artist, *date, *language, *description, *url;
    nr_opus_chapter *chapters; /* CHAPTERnnn and CHAPTERnnnNAME, in order */
    size_t n_chapters;
    int64_t samples_48k;
} nr_opus_info;

tutur_status nr_opus_probe(tutur_ctx *ctx, const char *path, nr_opus_info *out);
void nr_opus_info_free(nr_opus_info *info);

#endif
