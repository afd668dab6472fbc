/* cover_decode.c: a cover picture is decoded in full before it is
 * accepted (the only file that includes png.h and jpeglib.h): a truncated
 * or fake picture with the right signature would otherwise be embedded in
 * every output and shown broken by every player. */
#include <setjmp.h>
#include <stdio.h> /* before jpeglib.h, which uses FILE and size_t */
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>

#include "cover_decode.h"

/* Far above what podcast apps take (3000), far below a memory bomb. */
#define MAX_SIDE 8000

static bool decode_png(const char *data, size_t n, int *w, int *h, char *why, size_t why_size) {
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&img, data, n)) {
        snprintf(why, why_size, "%s", img.message);
        return false;
    }
    if (img.width == 0 || img.height == 0 || img.width > MAX_SIDE || img.height > MAX_SIDE) {
        snprintf(why, why_size, "%ux%u pixels", img.width, img.height);
        png_image_free(&img);
        return false;
    }
    img.format = PNG_FORMAT_RGBA;
    void *pixels = malloc(PNG_IMAGE_SIZE(img));
    bool ok = pixels && png_image_finish_read(&img, NULL, pixels, 0, NULL);
    if (!ok)
        snprintf(why, why_size, "%s", pixels ? img.message : "out of memory");
    free(pixels);
    png_image_free(&img);
    *w = (int)img.width;
    *h = (int)img.height;
    return ok;
}

typedef struct jpeg_failure {
    struct jpeg_error_mgr mgr;
    jmp_buf back;
    char message[JMSG_LENGTH_MAX];
} jpeg_failure;

static void jpeg_fails(j_common_ptr c) {
    jpeg_failure *f = (jpeg_failure *)(void *)c->err;
    c->err->format_message(c, f->message);
    longjmp(f->back, 1);
}

/* A warning (a truncated file, corrupt data) is a failure too: libjpeg
 * would fill the missing rows with grey. */
static void jpeg_warns(j_common_ptr c, int level) {
    if (level < 0)
        jpeg_fails(c);
}

static bool decode_jpeg(const char *data, size_t n, int *w, int *h, char *why, size_t why_size) {
    struct jpeg_decompress_struct c;
    jpeg_failure f;
    memset(&f, 0, sizeof f);
    c.err = jpeg_std_error(&f.mgr);
    f.mgr.error_exit = jpeg_fails;
    f.mgr.emit_message = jpeg_warns;
    JSAMPLE *volatile row = NULL;
    if (setjmp(f.back)) {
        snprintf(why, why_size, "%s", f.message);
        free(row);
        jpeg_destroy_decompress(&c);
        return false;
    }
    jpeg_create_decompress(&c);
    jpeg_mem_src(&c, (const unsigned char *)data, (unsigned long)n);
    jpeg_read_header(&c, TRUE);
    if (c.image_width == 0 || c.image_height == 0 || c.image_width > MAX_SIDE ||
        c.image_height > MAX_SIDE) {
        snprintf(why, why_size, "%ux%u pixels", c.image_width, c.image_height);
        jpeg_destroy_decompress(&c);
        return false;
    }
    jpeg_start_decompress(&c);
    row = malloc((size_t)c.output_width * (size_t)c.output_components);
    if (!row) {
        snprintf(why, why_size, "out of memory");
        jpeg_destroy_decompress(&c);
        return false;
    }
    while (c.output_scanline < c.output_height) {
        JSAMPROW rows[1] = {row};
        jpeg_read_scanlines(&c, rows, 1);
    }
    jpeg_finish_decompress(&c);
    *w = (int)c.image_width;
    *h = (int)c.image_height;
    free(row);
    jpeg_destroy_decompress(&c);
    return true;
}

bool nr_cover_decodes(const char *data, size_t n, bool png, int *w, int *h, char *why,
                      size_t why_size) {
    why[0] = '\0';
    return png ? decode_png(data, n, w, h, why, why_size) : decode_jpeg(data, n, w, h, why, why_size);
}
