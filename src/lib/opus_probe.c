/* opus_probe.c: see opus_probe.h. */
#include <errno.h>
#include <fcntl.h>
#include <opusfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "opus_probe.h"

static char *tag(const OpusTags *tags, const char *name) {
    const char *v = opus_tags_query(tags, name, 0);
    return v && *v ? nr_strdup(v) : NULL;
}

/* CHAPTER001, CHAPTER002... until one is missing (the chapter extension
 * numbers them from 000 or 001). */
static void chapters(const OpusTags *tags, nr_opus_info *out) {
    for (int k = 0; k < 1000; k++) {
        char key[32];
        snprintf(key, sizeof key, "CHAPTER%03d", k);
        const char *start = opus_tags_query(tags, key, 0);
        if (!start) {
            if (k == 0)
                continue;
            break;
        }
        snprintf(key, sizeof key, "CHAPTER%03dNAME", k);
        const char *name = opus_tags_query(tags, key, 0);
        nr_opus_chapter *p = realloc(out->chapters, (out->n_chapters + 1) * sizeof *p);
        if (!p)
            return;
        out->chapters = p;
        p[out->n_chapters] = (nr_opus_chapter){nr_strdup(start), nr_strdup(name ? name : "")};
        if (!p[out->n_chapters].start || !p[out->n_chapters].name) {
            free(p[out->n_chapters].start);
            free(p[out->n_chapters].name);
            return;
        }
        out->n_chapters++;
    }
}

tutur_status nr_opus_probe(tutur_ctx *ctx, const char *path, nr_opus_info *out) {
    *out = (nr_opus_info){0};
    int err = 0;
    /* Opened without blocking and checked to be a file: a FIFO or a device
     * named .opus in a published folder must not hang or flood the feed. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat sb;
    if (fd < 0)
        return nr_fail(ctx, nr_status_from_errno(errno), "%s: %s", path, strerror(errno));
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return nr_fail(ctx, TUTUR_E_INVALID, "%s: not a regular file", path);
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    OpusFileCallbacks cb;
    void *stream = op_fdopen(&cb, fd, "rb");
    if (!stream) {
        close(fd);
        return nr_fail(ctx, TUTUR_E_IO, "%s: cannot read", path);
    }
    OggOpusFile *of = op_open_callbacks(stream, &cb, NULL, 0, &err);
    if (!of)
        cb.close(stream); /* opusfile keeps no stream it could not open */
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
        out->url = tag(tags, "URL");
        chapters(tags, out);
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
    free(i->url);
    for (size_t k = 0; k < i->n_chapters; k++) {
        free(i->chapters[k].start);
        free(i->chapters[k].name);
    }
    free(i->chapters);
    *i = (nr_opus_info){0};
}
