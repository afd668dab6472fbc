/* daisy_zip.c: a DAISY book (a directory) as one zip file, for the
 * listening page's downloads: a folder is not a download.  The files go
 * under the book's folder name, sorted (so the same book gives the same
 * zip); MP3 is stored, text deflated. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "output.h"
#include "zip_mem.h"

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
    nr_clear(ctx); /* a message is about the last call only */
    if (!book->is_dir)
        return nr_fail(ctx, TUTUR_E_INVALID, "%s: not a book directory", book->path);
    const char *folder = strrchr(book->path, '/');
    folder = folder ? folder + 1 : book->path;
    size_t n = 0;
    char **names = list_files(book->tmp_path, &n);
    if (!names)
        return nr_fail(ctx, TUTUR_E_IO, "%s: cannot list the book", book->path);
    nr_zip *z = nr_zip_new();
    bool ok = z != NULL;
    for (size_t i = 0; ok && i < n; i++) {
        char *path = nr_output_file(book, names[i]);
        nr_buf entry = {0};
        nr_buf_puts(&entry, folder);
        nr_buf_putc(&entry, '/');
        nr_buf_puts(&entry, names[i]);
        size_t len = strlen(names[i]);
        bool stored = len > 4 && strcmp(names[i] + len - 4, ".mp3") == 0;
        ok = path && nr_buf_cstr(&entry) && nr_zip_add_file(z, nr_buf_cstr(&entry), path, stored);
        nr_buf_free(&entry);
        free(path);
    }
    ok = nr_zip_finish(z, ok, o->f);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return ok ? TUTUR_OK : nr_fail(ctx, TUTUR_E_IO, "%s: cannot write the zip", o->path);
}
