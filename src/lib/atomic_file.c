/* atomic_file.c: outputs are written to a temporary name in their own
 * directory (so the rename cannot cross file systems) and renamed into
 * place only on success.  A failed or interrupted run leaves any earlier
 * output as it was. */
#define _GNU_SOURCE /* O_TMPFILE, linkat, nftw */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"
#include "stale.h"

/* A new output for PATH with its temporary name "DIR/.NAME.TAG.XXXXXX"
 * (a hidden file beside the final one, so the rename stays on one file
 * system; TAG names this process, so that the next run in the folder
 * can tell a killed run's leftovers: stale.h); NULL when out of memory.
 * The folder's leftovers are removed here. */
static tutur_output *new_output(const char *path) {
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    char dir[1024], tag[40];
    snprintf(dir, sizeof dir, "%.*s", dir_len ? (int)dir_len : 1, dir_len ? path : ".");
    nr_clean_stale(dir);
    nr_temp_tag(tag, sizeof tag);
    tutur_output *o = calloc(1, sizeof *o);
    nr_buf tmp = {0};
    nr_buf_append(&tmp, path, dir_len);
    nr_buf_putc(&tmp, '.');
    nr_buf_puts(&tmp, path + dir_len);
    nr_buf_putc(&tmp, '.');
    nr_buf_puts(&tmp, tag);
    nr_buf_puts(&tmp, ".XXXXXX");
    if (!o || !(o->path = nr_strdup(path)) || !(o->tmp_path = nr_buf_take(&tmp))) {
        nr_buf_free(&tmp);
        tutur_output_destroy(o);
        return NULL;
    }
    o->fd = -1;
    return o;
}

/* The process's umask, read without changing it: umask() can only be read
 * by setting it, and a thread creating a file at that moment would get
 * the temporary value.  Linux says it in /proc/self/status. */
static mode_t current_umask(void) {
    FILE *f = fopen("/proc/self/status", "re");
    char line[128];
    long mask = -1;
    while (f && mask < 0 && fgets(line, sizeof line, f))
        if (strncmp(line, "Umask:", 6) == 0)
            mask = strtol(line + 6, NULL, 8);
    if (f)
        fclose(f);
    if (mask >= 0)
        return (mode_t)mask;
    mode_t m = umask(0); /* no /proc: the old way */
    umask(m);
    return m;
}

tutur_status tutur_output_open(tutur_ctx *ctx, const char *path, tutur_output **out) {
    nr_clear(ctx); /* a message is about the last call only */
    *out = NULL;
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return nr_fail(ctx, TUTUR_E_IS_DIR, "%s: is a directory", path);
    tutur_output *o = new_output(path);
    if (!o)
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    /* An unnamed file in the target's directory (O_TMPFILE): a run killed
     * even by SIGKILL leaves nothing behind.  It gets a name only at
     * commit.  File systems without it get a hidden temporary name. */
    mode_t mask = current_umask();
    char dir[1024];
    snprintf(dir, sizeof dir, "%.*s", dir_len ? (int)dir_len : 1, dir_len ? path : ".");
    /* read and write: some sinks (the MP3's tag) go back over what they wrote */
    o->fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0666 & ~mask);
    if (o->fd >= 0)
        o->unnamed = true;
    else
        o->fd = mkstemp(o->tmp_path);
    if (o->fd < 0) {
        int err = errno;
        tutur_status s = nr_status_from_errno(err);
        free(o->tmp_path);
        o->tmp_path = NULL;
        tutur_output_destroy(o);
        return nr_fail(ctx, s, "%s: cannot write in this directory: %s", dir, strerror(err));
    }
    o->f = fdopen(o->fd, "w+b");
    if (!o->f) {
        close(o->fd);
        tutur_output_destroy(o);
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    }
    /* mkstemp makes the file 0600; an output is an ordinary file. */
    if (!o->unnamed)
        fchmod(o->fd, 0666 & ~mask);
    *out = o;
    return TUTUR_OK;
}

const char *tutur_output_path(const tutur_output *o) { return o->path; }

int64_t tutur_output_size(tutur_output *o) {
    struct stat st;
    if (o->is_dir)
        return -1;
    if (o->committed)
        return stat(o->path, &st) == 0 ? (int64_t)st.st_size : -1;
    if (o->f && fflush(o->f) != 0)
        return -1;
    return fstat(o->fd, &st) == 0 ? (int64_t)st.st_size : -1;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void nr_remove_tree(const char *path) { nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS); }

tutur_status tutur_output_open_dir(tutur_ctx *ctx, const char *path, tutur_output **out) {
    nr_clear(ctx); /* a message is about the last call only */
    *out = NULL;
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISDIR(st.st_mode))
        return nr_fail(ctx, TUTUR_E_INVALID, "%s: exists and is not a directory", path);
    tutur_output *o = new_output(path);
    if (!o)
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    o->is_dir = true;
    if (!mkdtemp(o->tmp_path)) {
        int err = errno;
        free(o->tmp_path);
        o->tmp_path = NULL;
        tutur_output_destroy(o);
        return nr_fail(ctx, nr_status_from_errno(err), "%s: cannot create a directory beside it: %s",
                       path, strerror(err));
    }
    mode_t mask = current_umask();
    chmod(o->tmp_path, 0777 & ~mask);
    *out = o;
    return TUTUR_OK;
}

char *nr_output_file(const tutur_output *o, const char *name) {
    nr_buf b = {0};
    nr_buf_puts(&b, o->tmp_path);
    nr_buf_putc(&b, '/');
    nr_buf_puts(&b, name);
    return nr_buf_take(&b);
}

/* An earlier directory of the same name is moved aside, the new one put
 * in its place, and the old one removed: at every moment the name holds a
 * whole book. */
static int commit_dir(tutur_output *o) {
    struct stat st;
    if (stat(o->path, &st) != 0)
        return rename(o->tmp_path, o->path) == 0 ? 0 : errno;
    nr_buf old = {0};
    nr_buf_puts(&old, o->tmp_path);
    nr_buf_puts(&old, ".old");
    const char *aside = nr_buf_cstr(&old);
    int err = 0;
    if (rename(o->path, aside) != 0)
        err = errno;
    else if (rename(o->tmp_path, o->path) != 0) {
        err = errno;
        rename(aside, o->path); /* put the old one back */
    } else {
        nr_remove_tree(aside);
    }
    nr_buf_free(&old);
    return err;
}

tutur_status tutur_output_commit(tutur_ctx *ctx, tutur_output *o) {
    nr_clear(ctx); /* a message is about the last call only */
    int err = 0;
    if (o->is_dir) {
        err = commit_dir(o);
        if (err)
            return nr_fail(ctx, nr_status_from_errno(err), "%s: cannot put in place: %s", o->path,
                           strerror(err));
        o->committed = true;
        return TUTUR_OK;
    }
    if (o->f) {
        if (fflush(o->f) != 0 || fsync(fileno(o->f)) != 0)
            err = errno;
    }
    if (!err && o->unnamed) {
        /* name it (a fresh temporary name), then rename over the target */
        char proc[64];
        snprintf(proc, sizeof proc, "/proc/self/fd/%d", fileno(o->f));
        int tmp = mkstemp(o->tmp_path);
        if (tmp < 0 || (close(tmp), unlink(o->tmp_path)) != 0 ||
            linkat(AT_FDCWD, proc, AT_FDCWD, o->tmp_path, AT_SYMLINK_FOLLOW) != 0)
            err = errno ? errno : EIO;
        else
            o->unnamed = false; /* the temporary name now exists */
    }
    if (o->f) {
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
    if (!o->committed && o->tmp_path && !o->unnamed) {
        if (o->is_dir)
            nr_remove_tree(o->tmp_path);
        else
            unlink(o->tmp_path);
    }
    free(o->tmp_path);
    free(o->path);
    free(o);
}
