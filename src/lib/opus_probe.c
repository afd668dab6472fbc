/* opus_probe.c: see opus_probe.h. */
#include <opusfile.h>
#include <stdlib.h>

#include "opus_probe.h"

static char *tag(const OpusTags *tags, const char *name) {
    const char *v = opus_tags_query(tags, name, 0);
    return v && *v ? nr_strdup(v) : NULL;
}

tutur_status nr_opus_probe(tutur_ctx *ctx, const char *path, nr_opus_info *out) {
    *out = (nr_opus_info){0};
    int err = 0;
    OggOpusFile *of = op_open_file(path, &err);
    if (!of)
        return nr_fail(ctx, TUTUR_E_INVALID, "%s: not a readable Ogg Opus file (opusfile error %d)",
                       path, err);
    const OpusTags *tags = op_tags(of, -1);
    if (tags) {
        out->title = tag(tags, "TITLE");
        out->artist = tag(tags, "ARTIST");
        out->date = tag(tags, "DATE");
        out->language = tag(tags, "LANGUAGE");
        out->description = tag(tags, "DESCRIPTION");
    }
    out->samples_48k = op_pcm_total(of, -1);
    op_free(of);
    if (out->samples_48k < 0) {
        nr_opus_info_free(out);
        return nr_fail(ctx, TUTUR_E_INVALID, "%s: cannot tell the length of this Ogg Opus file",
                       path);
    }
    return TUTUR_OK;
}

void nr_opus_info_free(nr_opus_info *i) {
    free(i->title);
    free(i->artist);
    free(i->date);
    free(i->language);
    free(i->description);
    *i = (nr_opus_info){0};
}
