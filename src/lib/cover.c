/* cover.c: cover pictures.  Checked here, by their signature and size, so
 * a wrong file is refused with a clear message before any audio work;
 * libopusenc builds the METADATA_BLOCK_PICTURE from the bytes. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct tutur_cover {
    char *data;
    size_t size;
};

tutur_status tutur_cover_load(tutur_ctx *ctx, const char *path, tutur_cover **out) {
    *out = NULL;
    char *data = NULL;
    size_t size = 0;
    tutur_status st = nr_read_file(ctx, path, TUTUR_COVER_MAX_BYTES, &data, &size);
    if (st == TUTUR_E_TOO_LARGE)
        return nr_fail(ctx, st, "%s: cover picture larger than %d KiB", path,
                       TUTUR_COVER_MAX_BYTES / 1024);
    if (st != TUTUR_OK)
        return st;
    static const unsigned char png[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    static const unsigned char jpeg[3] = {0xff, 0xd8, 0xff};
    bool ok = (size > 8 && memcmp(data, png, 8) == 0) || (size > 3 && memcmp(data, jpeg, 3) == 0);
    if (!ok) {
        free(data);
        return nr_fail(ctx, TUTUR_E_INVALID, "%s: cover picture is not a PNG or JPEG image", path);
    }
    tutur_cover *c = malloc(sizeof *c);
    if (!c) {
        free(data);
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    }
    *c = (tutur_cover){data, size};
    *out = c;
    return TUTUR_OK;
}

const char *nr_cover_data(const tutur_cover *c, size_t *size) {
    *size = c->size;
    return c->data;
}

void tutur_cover_destroy(tutur_cover *c) {
    if (!c)
        return;
    free(c->data);
    free(c);
}
