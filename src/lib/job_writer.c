/* job_writer.c: a narration handed to the program's writer callbacks
 * instead of left as files.  The encoders go back over what they wrote
 * (Ogg page checksums, the MP3's Info frame and tag, zip directories), so
 * the outputs are made as usual, in a scratch folder of $TMPDIR, and
 * streamed to the writer once every one of them succeeded, in commit
 * order: what the writer receives is complete, and the narration comes
 * last. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "job_internal.h"
#include "stale.h"

/* Streams the file at PATH to the writer as NAME. */
static tutur_status send_file(tutur_job *job, tutur_output_kind kind, const char *path,
                              const char *name) {
    tutur_ctx *ctx = job->ctx;
    const tutur_writer *w = &job->writer;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return nr_fail(ctx, nr_status_from_errno(errno), "%s: %s", path, strerror(errno));
    tutur_status st = w->open(w->user, kind, name) == 0
                          ? TUTUR_OK
                          : nr_fail(ctx, TUTUR_E_IO, "%s: the writer refused it", name);
    static _Thread_local unsigned char buf[65536];
    for (ssize_t got; st == TUTUR_OK && (got = read(fd, buf, sizeof buf)) != 0;) {
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            st = nr_fail(ctx, TUTUR_E_IO, "%s: %s", path, strerror(errno));
        else if (w->write(w->user, buf, (size_t)got) != 0)
            st = nr_fail(ctx, TUTUR_E_IO, "%s: the writer failed", name);
    }
    close(fd);
    if (w->close(w->user) != 0 && st == TUTUR_OK)
        st = nr_fail(ctx, TUTUR_E_IO, "%s: the writer failed to close it", name);
    return st;
}

/* PATH relative to the scratch folder. */
static const char *relative(const tutur_job *job, const char *path) {
    size_t n = strlen(job->scratch);
    return strncmp(path, job->scratch, n) == 0 && path[n] == '/' ? path + n + 1 : path;
}

/* Every file of the DAISY book, by name. */
static tutur_status send_folder(tutur_job *job, const char *dir) {
    char **names;
    size_t n;
    tutur_status st = nr_dir_names(job->ctx, dir, NULL, &names, &n);
    for (size_t i = 0; st == TUTUR_OK && i < n; i++) {
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        st = send_file(job, TUTUR_OUTPUT_DAISY, path, relative(job, path));
    }
    if (n)
        nr_names_free(names, n);
    return st;
}

tutur_status nr_job_deliver(tutur_job *job, const nr_narration *n) {
    tutur_status st = TUTUR_OK;
    for (size_t c = 0; st == TUTUR_OK && c < n->n_parts; c++)
        st = send_file(job, TUTUR_OUTPUT_CHAPTER_FILES, n->part_paths[c],
                       relative(job, n->part_paths[c]));
    if (st == TUTUR_OK && n->paths[TUTUR_OUTPUT_DAISY])
        st = send_folder(job, n->paths[TUTUR_OUTPUT_DAISY]);
    for (int k = TUTUR_OUTPUT_PAGE; st == TUTUR_OK && k >= 0; k--)
        if (n->paths[k])
            st = send_file(job, (tutur_output_kind)k, n->paths[k], relative(job, n->paths[k]));
    return st;
}

/* Empties and removes DIR, a scratch folder of files and folders of
 * files; never through a link. */
static void remove_tree(const char *dir, int depth) {
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (depth > 0 && lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
            remove_tree(path, depth - 1);
        else
            unlink(path);
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

tutur_status nr_job_narrate_to_writer(tutur_job *job, const char *article, const char *dir,
                                      const char *file, int64_t *audio_ms) {
    const char *tmp = getenv("TMPDIR");
    char scratch[1024], tag[40];
    nr_temp_tag(tag, sizeof tag); /* a killed run's folder is removed by the next */
    snprintf(scratch, sizeof scratch, "%s/%s-out.XXXXXX", tmp && *tmp ? tmp : "/tmp", tag);
    if (!mkdtemp(scratch))
        return nr_fail(job->ctx, nr_status_from_errno(errno), "%s: cannot create a scratch "
                       "folder: %s", scratch, strerror(errno));
    /* the names the writer gets are the ones the files would have had */
    char path[1400];
    if (file) {
        const char *slash = strrchr(file, '/');
        snprintf(path, sizeof path, "%s/%s", scratch, slash ? slash + 1 : file);
    }
    (void)dir;
    job->scratch = scratch;
    tutur_status st = nr_job_narrate_files(job, article, scratch, file ? path : NULL, audio_ms);
    job->scratch = NULL;
    remove_tree(scratch, 2);
    return st;
}
