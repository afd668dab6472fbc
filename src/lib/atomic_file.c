/* atomic_file.c: outputs are written to a temporary name in their own
 * directory (so the rename cannot cross file systems) and renamed into
 * place only on success.  A failed or interrupted run leaves any earlier
 * output as it was. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"

tutur_status tutur_output_open(tutur_ctx *ctx, const char *path, tutur_output **out) {
    *out = NULL;
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return nr_fail(ctx, TUTUR_E_IS_DIR, "%s: is a directory", path);
    tutur_output *o = calloc(1, sizeof *o);
    nr_buf tmp = {0};
    nr_buf_append(&tmp, path, dir_len);
    nr_buf_putc(&tmp, '.');
    nr_buf_puts(&tmp, path + dir_len);
    nr_buf_puts(&tmp, ".XXXXXX");
    if (!o || !(o->path = nr_strdup(path)) || !(o->tmp_path = nr_buf_take(&tmp))) {
        tutur_output_destroy(o);
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    }
    o->fd = mkstemp(o->tmp_path);
    if (o->fd < 0) {
        int err = errno;
        char dir[1024];
        snprintf(dir, sizeof dir, "%.*s", dir_len ? (int)dir_len : 1, dir_len ? path : ".");
        tutur_status s = nr_status_from_errno(err);
        free(o->tmp_path);
        o->tmp_path = NULL;
        tutur_output_destroy(o);
        return nr_fail(ctx, s, "%s: cannot write in this directory: %s", dir, strerror(err));
    }
    o->f = fdopen(o->fd, "wb");
    if (!o->f) {
        close(o->fd);
        tutur_output_destroy(o);
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    }
    /* mkstemp makes the file 0600; an output is an ordinary file. */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(o->fd, 0666 & ~mask);
    *out = o;
    return TUTUR_OK;
}

const char *tutur_output_path(const tutur_output *o) { return o->path; }

int64_t tutur_output_size(tutur_output *o) {
    struct stat st;
    if (o->committed)
        return stat(o->path, &st) == 0 ? (int64_t)st.st_size : -1;
    if (o->f && fflush(o->f) != 0)
        return -1;
    return fstat(o->fd, &st) == 0 ? (int64_t)st.st_size : -1;
}

tutur_status tutur_output_commit(tutur_ctx *ctx, tutur_output *o) {
    int err = 0;
    if (o->f) {
        if (fflush(o->f) != 0 || fsync(fileno(o->f)) != 0)
            err = errno;
        if (fclose(o->f) != 0 && !err)
            err = errno;
        o->f = NULL;
    }
    if (!err && rename(o->tmp_path, o->path) != 0)
        err = errno;
    if (err)
        return nr_fail(ctx, nr_status_from_errno(err), "%s: cannot write: %s", o->path,
                       strerror(err));
    o->committed = true;
    return TUTUR_OK;
}

void tutur_output_destroy(tutur_output *o) {
    if (!o)
        return;
    if (o->f)
        fclose(o->f);
    if (!o->committed && o->tmp_path)
        unlink(o->tmp_path);
    free(o->tmp_path);
    free(o->path);
    free(o);
}
