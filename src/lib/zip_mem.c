/* zip_mem.c: see zip_mem.h. */
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "zip_mem.h"

struct nr_zip {
    zip_error_t ze;
    zip_source_t *buf; /* the archive's bytes, kept past zip_close */
    zip_t *za;
};

nr_zip *nr_zip_new(void) {
    nr_zip *z = calloc(1, sizeof *z);
    if (!z)
        return NULL;
    zip_error_init(&z->ze);
    z->buf = zip_source_buffer_create(NULL, 0, 0, &z->ze);
    if (z->buf) {
        zip_source_keep(z->buf);
        z->za = zip_open_from_source(z->buf, ZIP_TRUNCATE, &z->ze);
    }
    if (!z->za) {
        nr_zip_finish(z, false, NULL);
        return NULL;
    }
    return z;
}

static bool added(nr_zip *z, zip_source_t *src, const char *name, bool store, bool fixed_time) {
    if (!src)
        return false;
    zip_int64_t at = zip_file_add(z->za, name, src, ZIP_FL_ENC_UTF_8);
    if (at < 0) {
        zip_source_free(src);
        return false;
    }
    return zip_set_file_compression(z->za, (zip_uint64_t)at, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                                    0) == 0 &&
           (!fixed_time || zip_file_set_mtime(z->za, (zip_uint64_t)at, 315532800, 0) == 0);
}

/* libzip reads sources only at zip_close: the bytes are copied and handed
 * over. */
bool nr_zip_add(nr_zip *z, const char *name, const void *data, size_t len, bool store) {
    void *copy = malloc(len ? len : 1);
    if (!copy)
        return false;
    memcpy(copy, data, len);
    zip_source_t *src = zip_source_buffer(z->za, copy, len, 1);
    if (!src)
        free(copy);
    return added(z, src, name, store, false);
}

bool nr_zip_add_file(nr_zip *z, const char *name, const char *path, bool store) {
    return added(z, zip_source_file(z->za, path, 0, -1), name, store, true);
}

bool nr_zip_finish(nr_zip *z, bool ok, FILE *out) {
    if (!z)
        return false;
    if (z->za && (!ok || zip_close(z->za) != 0)) {
        zip_discard(z->za);
        ok = false;
    }
    if (ok && out && zip_source_open(z->buf) == 0) {
        char chunk[65536];
        zip_int64_t n;
        while ((n = zip_source_read(z->buf, chunk, sizeof chunk)) > 0)
            if (fwrite(chunk, 1, (size_t)n, out) != (size_t)n)
                ok = false;
        ok = ok && n == 0 && fflush(out) == 0;
        zip_source_close(z->buf);
    } else {
        ok = false;
    }
    if (z->buf)
        zip_source_free(z->buf);
    zip_error_fini(&z->ze);
    free(z);
    return ok;
}
