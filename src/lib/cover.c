/* cover.c: cover pictures.  Checked here, by their signature, byte size
 * and the pixel size in their header, so a wrong file is refused with a
 * clear message before any audio work, and decoded in full
 * (cover_decode.c); libopusenc builds the
 * METADATA_BLOCK_PICTURE from the bytes, FFmpeg the MP3's APIC. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cover_decode.h"
#include "output.h"

struct tutur_cover {
    char *data;
    size_t size;
    bool png;
    int width, height;
};

static unsigned be16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }

/* The pixel size from the header: PNG's IHDR, or a JPEG's start-of-frame
 * marker (walked to from marker to marker).  False when there is none. */
static bool picture_size(const unsigned char *d, size_t n, bool png, int *w, int *h) {
    if (png) {
        if (n < 24 || memcmp(d + 12, "IHDR", 4) != 0)
            return false;
        *w = (int)(be16(d + 16) << 16 | be16(d + 18));
        *h = (int)(be16(d + 20) << 16 | be16(d + 22));
        return *w > 0 && *h > 0;
    }
    for (size_t at = 2; at + 9 < n;) {
        if (d[at] != 0xff)
            return false;
        unsigned marker = d[at + 1];
        if (marker == 0xff) { /* fill byte */
            at++;
            continue;
        }
        bool sof = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 &&
                   marker != 0xcc;
        if (sof) {
            *h = (int)be16(d + at + 5);
            *w = (int)be16(d + at + 7);
            return *w > 0 && *h > 0;
        }
        if (marker == 0xd9 || marker == 0xda) /* end, or scan before any frame */
            return false;
        at += 2 + be16(d + at + 2);
    }
    return false;
}

tutur_status tutur_cover_load(tutur_ctx *ctx, const char *path, tutur_cover **out) {
    nr_clear(ctx); /* a message is about the last call only */
    *out = NULL;
    char *data = NULL;
    size_t size = 0;
    tutur_status st = nr_read_file(ctx, path, TUTUR_COVER_MAX_BYTES, &data, &size);
    if (st == TUTUR_E_TOO_LARGE)
        return nr_fail(ctx, st, "%s: cover picture larger than %d KiB", path,
                       TUTUR_COVER_MAX_BYTES / 1024);
    if (st != TUTUR_OK)
        return st;
    static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    static const unsigned char jpeg[3] = {0xff, 0xd8, 0xff};
    bool ok = (size > 8 && memcmp(data, png_sig, 8) == 0) || (size > 3 && memcmp(data, jpeg, 3) == 0);
    if (!ok) {
        free(data);
        return nr_fail(ctx, TUTUR_E_INVALID, "%s: cover picture is not a PNG or JPEG image", path);
    }
    bool png = memcmp(data, png_sig, 8) == 0;
    int w = 0, h = 0;
    if (!picture_size((const unsigned char *)data, size, png, &w, &h)) {
        free(data);
        return nr_fail(ctx, TUTUR_E_INVALID, "%s: cover picture has no readable %s header", path,
                       png ? "PNG" : "JPEG");
    }
    char why[200];
    if (!nr_cover_decodes(data, size, png, &w, &h, why, sizeof why)) {
        free(data);
        return nr_fail(ctx, TUTUR_E_INVALID, "%s: cover picture is not a whole %s image (%s)",
                       path, png ? "PNG" : "JPEG", why);
    }
    tutur_cover *c = malloc(sizeof *c);
    if (!c) {
        free(data);
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    }
    *c = (tutur_cover){data, size, png, w, h};
    *out = c;
    return TUTUR_OK;
}

const char *nr_cover_data(const tutur_cover *c, size_t *size) {
    *size = c->size;
    return c->data;
}

bool nr_cover_is_png(const tutur_cover *c) { return c->png; }

void tutur_cover_size(const tutur_cover *c, int *width, int *height) {
    *width = c->width;
    *height = c->height;
}

bool tutur_cover_fits_podcasts(const tutur_cover *c) {
    return c->width == c->height && c->width >= 1400 && c->width <= 3000;
}

void tutur_cover_destroy(tutur_cover *c) {
    if (!c)
        return;
    free(c->data);
    free(c);
}

void nr_cover_bytes(const tutur_cover *cover, const void **data, size_t *size) {
    *data = cover->data;
    *size = cover->size;
}

const char *tutur_cover_extension(const tutur_cover *c) { return c->png ? ".png" : ".jpg"; }

tutur_status tutur_cover_write(tutur_ctx *ctx, const tutur_cover *c, tutur_output *o) {
    nr_clear(ctx); /* a message is about the last call only */
    if (fwrite(c->data, 1, c->size, o->f) != c->size || fflush(o->f) != 0)
        return nr_fail(ctx, TUTUR_E_IO, "%s: cannot write", o->path);
    return TUTUR_OK;
}
