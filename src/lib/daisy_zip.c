/* daisy_zip.c: a DAISY book (a directory) as one zip file, for the
 * listening page's downloads: a folder is not a download.  The files go
 * under the book's folder name, sorted (so the same book gives the same
 * zip); MP3 is stored, text deflated. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zip.h>

#include "output.h"

static int by_name(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char **list_files(const char *dir, size_t *n) {
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **names = NULL;
    size_t cap = 0;
    struct dirent *e;
    bool ok = true;
    while (ok && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char **p = nr_grow(names, &cap, *n + 1, sizeof *p);
        ok = p && (p[*n] = nr_strdup(e->d_name));
        if (p)
            names = p;
        if (ok)
            (*n)++;
    }
    closedir(d);
    if (!ok) {
        for (size_t i = 0; i < *n; i++)
            free(names[i]);
        free(names);
        return NULL;
    }
    qsort(names, *n, sizeof *names, by_name);
    return names ? names : calloc(1, sizeof *names);
}

tutur_status tutur_daisy_zip(tutur_ctx *ctx, tutur_output *book, tutur_output *o) {
    if (!book->is_dir)
        return nr_fail(ctx, TUTUR_E_INVALID, "%s: not a book directory", book->path);
    const char *folder = strrchr(book->path, '/');
    folder = folder ? folder + 1 : book->path;
    size_t n = 0;
    char **names = list_files(book->tmp_path, &n);
    if (!names)
        return nr_fail(ctx, TUTUR_E_IO, "%s: cannot list the book", book->path);
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *buf = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_t *za = NULL;
    if (buf) {
        zip_source_keep(buf);
        za = zip_open_from_source(buf, ZIP_TRUNCATE, &ze);
    }
    bool ok = za != NULL;
    for (size_t i = 0; ok && i < n; i++) {
        char *path = nr_output_file(book, names[i]);
        nr_buf entry = {0};
        nr_buf_puts(&entry, folder);
        nr_buf_putc(&entry, '/');
        nr_buf_puts(&entry, names[i]);
        zip_source_t *src = path ? zip_source_file(za, path, 0, -1) : NULL;
        zip_int64_t at = src ? zip_file_add(za, nr_buf_cstr(&entry), src, ZIP_FL_ENC_UTF_8) : -1;
        if (at < 0 && src)
            zip_source_free(src);
        size_t len = strlen(names[i]);
        bool stored = len > 4 && strcmp(names[i] + len - 4, ".mp3") == 0;
        ok = at >= 0 && zip_set_file_compression(za, (zip_uint64_t)at,
                                                 stored ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0) == 0 &&
             zip_file_set_mtime(za, (zip_uint64_t)at, 315532800, 0) == 0; /* 1980: stable bytes */
        nr_buf_free(&entry);
        free(path);
    }
    if (za && (!ok || zip_close(za) != 0)) {
        zip_discard(za);
        ok = false;
    }
    if (ok && zip_source_open(buf) == 0) {
        char chunk[65536];
        zip_int64_t k;
        while ((k = zip_source_read(buf, chunk, sizeof chunk)) > 0)
            if (fwrite(chunk, 1, (size_t)k, o->f) != (size_t)k)
                ok = false;
        ok = ok && k == 0 && fflush(o->f) == 0;
        zip_source_close(buf);
    } else {
        ok = false;
    }
    if (buf)
        zip_source_free(buf);
    zip_error_fini(&ze);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return ok ? TUTUR_OK : nr_fail(ctx, TUTUR_E_IO, "%s: cannot write the zip", o->path);
}
