/* job_batch.c: tutur_job_narrate_all: many articles on the job's cores.
 * One worker process per article at a time, up to the budget, each with
 * one encoder: espeak-ng allows one synthesizer per process, and whole
 * articles keep every core busy through synthesis and leveling too.  The
 * last articles get the cores the batch no longer needs.  Each worker
 * reports its audio length through a pipe and its status as its exit
 * code. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "job_internal.h"

enum { MAX_WORKERS = 64 };

static off_t size_of(const char *path) {
    struct stat st;
    return strcmp(path, "-") != 0 && stat(path, &st) == 0 ? st.st_size : 0;
}

static int larger_first(const void *x, const void *y) {
    off_t a = size_of(*(const char *const *)x), b = size_of(*(const char *const *)y);
    return a < b ? 1 : a > b ? -1 : 0;
}

/* A worker process goes when the process that started it goes, even by
 * SIGKILL: no orphan goes on writing in the output or temporary folder. */
static void die_with_parent(pid_t parent) {
#ifdef __linux__
    prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
    if (getppid() != parent)
        _exit(TUTUR_E_CANCELLED); /* it went before prctl took effect */
}

static void batch_event(tutur_job *job, size_t done, size_t total, int64_t audio_ms) {
    tutur_job_event ev = {.kind = TUTUR_JOB_BATCH, .done = done, .total = total,
                          .audio_ms = audio_ms};
    nr_job_emit(job, &ev);
}

/* One after another in this process. */
static tutur_status one_by_one(tutur_job *job, const char *const *articles, size_t n,
                               const char *dir, size_t *failed) {
    tutur_status first = TUTUR_OK;
    int64_t audio_ms = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t ms = 0;
        tutur_status st = nr_job_narrate_one(job, articles[i], dir, NULL, &ms);
        if (st == TUTUR_E_CANCELLED)
            return st;
        if (st != TUTUR_OK) {
            ++*failed;
            if (first == TUTUR_OK)
                first = st;
        }
        audio_ms += ms;
        batch_event(job, i + 1, n, audio_ms);
    }
    return first;
}

static tutur_status in_workers(tutur_job *job, const char **order, size_t n, const char *dir,
                               size_t *failed) {
    tutur_ctx *ctx = job->ctx;
    int workers = job->jobs < MAX_WORKERS ? job->jobs : MAX_WORKERS;
    int budget = job->jobs;
    size_t next = 0, done = 0;
    int running = 0;
    pid_t pids[MAX_WORKERS];
    int fds[2];
    /* Workers write their audio length (8 bytes, atomic in a pipe) just
     * before they exit; the parent sums whatever is there after each exit,
     * without blocking: a worker killed before writing must not hang it. */
    pid_t parent = getpid();
    if (pipe(fds) != 0)
        return nr_fail(ctx, TUTUR_E_IO, "cannot make a pipe: %s", strerror(errno));
    if (fcntl(fds[0], F_SETFL, O_NONBLOCK) != 0 || fcntl(fds[0], F_SETFD, FD_CLOEXEC) != 0) {
        close(fds[0]);
        close(fds[1]);
        return nr_fail(ctx, TUTUR_E_IO, "cannot set up a pipe: %s", strerror(errno));
    }
    int64_t audio_ms = 0;
    tutur_status first = TUTUR_OK;
    bool stopping = false;
    while (done < n) {
        while (!stopping && running < workers && next < n) {
            fflush(NULL); /* nothing buffered is written twice */
            size_t left = n - next;
            int share = left >= (size_t)workers ? 1 : budget / (int)left;
            pid_t pid = fork();
            if (pid == 0) {
                close(fds[0]);
                die_with_parent(parent);
                job->jobs = share;
                int64_t ms = 0;
                tutur_status st = nr_job_narrate_one(job, order[next], dir, NULL, &ms);
                if (write(fds[1], &ms, sizeof ms) != (ssize_t)sizeof ms && st == TUTUR_OK)
                    st = TUTUR_E_IO;
                _exit((int)st);
            }
            if (pid < 0) {
                first = nr_fail(ctx, TUTUR_E_IO, "cannot start a worker: %s", strerror(errno));
                stopping = true;
                break;
            }
            pids[running++] = pid;
            next++;
        }
        if (!running)
            break;
        int status = 0;
        pid_t pid = waitpid(-1, &status, 0);
        if (pid < 0) {
            if (errno == EINTR && nr_stopped(ctx) && !stopping) {
                stopping = true; /* workers stop on the same signal, or on this */
                for (int k = 0; k < running; k++)
                    kill(pids[k], SIGTERM);
                first = TUTUR_E_CANCELLED;
            } else if (errno != EINTR) {
                break; /* no child left to wait for */
            }
            continue;
        }
        bool ours = false;
        for (int k = 0; k < running && !ours; k++)
            if (pids[k] == pid) {
                pids[k] = pids[running - 1];
                ours = true;
            }
        if (!ours)
            continue; /* a child of the program's own */
        running--;
        done++;
        tutur_status st = WIFEXITED(status) ? (tutur_status)WEXITSTATUS(status)
                          : stopping        ? TUTUR_E_CANCELLED
                                            : TUTUR_E_IO;
        int64_t ms = 0;
        while (read(fds[0], &ms, sizeof ms) == (ssize_t)sizeof ms)
            audio_ms += ms;
        if (st == TUTUR_E_CANCELLED) {
            stopping = true;
            first = TUTUR_E_CANCELLED;
        } else if (st != TUTUR_OK) {
            ++*failed;
            if (first == TUTUR_OK)
                first = st;
        }
        if (!stopping)
            batch_event(job, done, n, audio_ms);
    }
    close(fds[0]);
    close(fds[1]);
    if (first == TUTUR_E_CANCELLED)
        return nr_fail(ctx, first, "stopped");
    if (first != TUTUR_OK && !ctx->message[0])
        nr_fail(ctx, first, "%zu of %zu articles failed", *failed, n);
    return first;
}

tutur_status tutur_job_narrate_all(tutur_job *job, const char *const *articles, size_t n,
                                   const char *dir, size_t *failed) {
    tutur_ctx *ctx = job->ctx;
    nr_clear(ctx);
    size_t no_count = 0;
    if (!failed)
        failed = &no_count;
    *failed = 0;
    if (!dir || !*dir)
        return nr_fail(ctx, TUTUR_E_INVALID, "narrate: a folder to narrate into, please");
    struct stat sb;
    if (!job->has_writer && !(stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode)) && mkdir(dir, 0777) != 0)
        return nr_fail(ctx, nr_status_from_errno(errno), "%s: cannot create the output "
                       "directory: %s", dir, strerror(errno));
    if (n <= 1 || job->jobs <= 1 || job->has_writer)
        return one_by_one(job, articles, n, dir, failed);
    /* The longest first: the batch ends with short articles, not with one
     * long one on a single core while the others idle. */
    const char **order = malloc(n * sizeof *order);
    if (!order)
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    memcpy(order, articles, n * sizeof *order);
    qsort(order, n, sizeof *order, larger_first);
    int jobs = job->jobs;
    tutur_status st = in_workers(job, order, n, dir, failed);
    job->jobs = jobs;
    free(order);
    return st;
}
