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

#include "cache.h"
#include "job_internal.h"
#include "feed_input.h"
#include "site_walk.h"
#include "stale.h"

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
                          .audio_ms = audio_ms, .skipped_count = job->batch_skipped,
                          .other_shards = job->batch_other_shards};
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

void nr_job_skipped(tutur_job *job, const char *path, const char *why) {
    const char *none[TUTUR_OUTPUT_KINDS] = {0};
    tutur_job_event ev = {.kind = TUTUR_JOB_DONE, .article = path, .status = TUTUR_OK,
                          .message = "", .paths = none, .skipped = why};
    tutur_speech_report empty = {0};
    ev.speech = &empty;
    nr_job_emit(job, &ev);
}

typedef struct entry {
    const char *path;
    char *base; /* DIR/STEM, or NULL when not known before narrating */
    const char *skip; /* why it is not narrated, or NULL */
    double weight;    /* how much it has to say */
    char key[65];     /* what its record would say ("" when it has none) */
} entry;

static int by_base(const void *x, const void *y) {
    const entry *a = *(const entry *const *)x, *b = *(const entry *const *)y;
    return strcmp(a->base, b->base);
}

/* Every article's name before anything is written: drafts are left out,
 * and two articles under one name are refused, naming both. */
static tutur_status name_all(tutur_job *job, entry *e, size_t n, const char *dir) {
    tutur_ctx *ctx = job->ctx;
    size_t named = 0;
    entry **order = malloc((n ? n : 1) * sizeof *order);
    if (!order)
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        e[i].skip = nr_job_skip_reason(job, e[i].path, dir, NULL, true, &e[i].base,
                                       &e[i].weight, e[i].key);
        if (e[i].base && !e[i].skip)
            order[named++] = &e[i];
    }
    nr_clear(ctx);
    qsort(order, named, sizeof *order, by_base);
    tutur_status st = TUTUR_OK;
    for (size_t i = 1; i < named && st == TUTUR_OK; i++)
        if (strcmp(order[i - 1]->base, order[i]->base) == 0) {
            char first[1200];
            snprintf(first, sizeof first, "%s", nr_job_label(job, order[i - 1]->path));
            st = nr_fail(ctx, TUTUR_E_INVALID, "%s.opus: both %s and %s would be narrated "
                         "there; give one of them another name (a slug in its front matter, "
                         "or another file name)", order[i]->base, first,
                         nr_job_label(job, order[i]->path));
        }
    free(order);
    return st;
}

/* Marks the articles another shard narrates.  Every article but drafts
 * takes part, up to date or not, so every machine places them alike;
 * standard input (named only once read) is the first shard's. */
static tutur_status leave_to_other_shards(tutur_job *job, entry *e, size_t n) {
    const char **names = malloc((n ? n : 1) * sizeof *names);
    double *weights = malloc((n ? n : 1) * sizeof *weights);
    int *shard = malloc((n ? n : 1) * sizeof *shard);
    size_t *which = malloc((n ? n : 1) * sizeof *which);
    tutur_status st = names && weights && shard && which
                          ? TUTUR_OK
                          : nr_fail(job->ctx, TUTUR_E_NOMEM, "out of memory");
    size_t m = 0;
    for (size_t i = 0; st == TUTUR_OK && i < n; i++) {
        if (strcmp(e[i].path, "-") == 0 || (e[i].skip && strcmp(e[i].skip, "draft") == 0))
            continue;
        names[m] = e[i].base ? e[i].base : e[i].path;
        weights[m] = e[i].weight;
        which[m++] = i;
    }
    if (st == TUTUR_OK)
        st = nr_shard_assign(job->ctx, names, weights, m, job->shard_count, shard);
    for (size_t k = 0; st == TUTUR_OK && k < m; k++)
        if (shard[k] != job->shard_index) {
            e[which[k]].skip = "another shard";
            job->batch_other_shards++;
        }
    for (size_t i = 0; st == TUTUR_OK && job->shard_index != 0 && i < n; i++)
        if (strcmp(e[i].path, "-") == 0 && !e[i].skip) {
            e[i].skip = "another shard";
            job->batch_other_shards++;
        }
    free(names), free(weights), free(shard), free(which);
    return st;
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
    /* folders stand for the articles in them */
    nr_site_list list = {0};
    tutur_status st = TUTUR_OK;
    char scratch[1024] = ""; /* the pages of feeds given, while the batch runs */
    for (size_t i = 0; i < n && st == TUTUR_OK; i++) {
        struct stat sb;
        char *data = NULL;
        size_t len = 0;
        char root[32];
        nr_feed_kind kind = NR_NOT_XML;
        if (strcmp(articles[i], "-") != 0 && stat(articles[i], &sb) == 0 && S_ISREG(sb.st_mode) &&
            nr_read_file(ctx, articles[i], (size_t)64 << 20, &data, &len) == TUTUR_OK)
            kind = nr_feed_kind_of(data, len, root);
        nr_clear(ctx); /* reading it as an article says what is wrong */
        if (kind == NR_FEED_RSS || kind == NR_FEED_ATOM || kind == NR_FEED_WXR) {
            if (!scratch[0]) {
                const char *tmp = getenv("TMPDIR");
                char tag[40];
                nr_temp_tag(tag, sizeof tag); /* a killed run's is removed by the next */
                snprintf(scratch, sizeof scratch, "%s/%s-feed.XXXXXX", tmp && *tmp ? tmp : "/tmp",
                         tag);
                if (!mkdtemp(scratch)) {
                    st = nr_fail(ctx, nr_status_from_errno(errno), "%s: %s", scratch,
                                 strerror(errno));
                    scratch[0] = '\0';
                }
            }
            /* each feed's pages in a folder of its own, numbered as it was given */
            char sub[1100];
            snprintf(sub, sizeof sub, "%s/%zu", scratch, i);
            if (st == TUTUR_OK && mkdir(sub, 0700) != 0)
                st = nr_fail(ctx, nr_status_from_errno(errno), "%s: %s", sub, strerror(errno));
            if (st == TUTUR_OK)
                st = nr_feed_expand(ctx, articles[i], data, len, sub, &list);
            free(data);
            continue;
        }
        free(data);
        if (strcmp(articles[i], "-") != 0 && stat(articles[i], &sb) == 0 && S_ISDIR(sb.st_mode)) {
            st = nr_site_walk(ctx, articles[i], dir, &list);
        } else {
            char *copy = nr_strdup(articles[i]);
            char **grown = copy ? realloc(list.paths, (list.n + 1) * sizeof *grown) : NULL;
            if (!grown) {
                free(copy);
                st = nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
            } else {
                list.paths = grown;
                list.paths[list.n++] = copy;
            }
        }
    }
    if (scratch[0]) {
        job->feed_scratch = scratch;
        job->feed_names = articles;
    }
    entry *e = st == TUTUR_OK ? calloc(list.n ? list.n : 1, sizeof *e) : NULL;
    if (st == TUTUR_OK && !e)
        st = nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    for (size_t i = 0; e && i < list.n; i++)
        e[i].path = list.paths[i];
    if (st == TUTUR_OK)
        st = name_all(job, e, list.n, dir);
    if (st == TUTUR_OK && !job->has_writer)
        st = nr_job_make_dir(ctx, dir);
    /* what is left to narrate */
    const char **todo = st == TUTUR_OK ? malloc((list.n ? list.n : 1) * sizeof *todo) : NULL;
    size_t n_todo = 0;
    job->batch_skipped = 0;
    if (st == TUTUR_OK && !todo)
        st = nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    job->batch_other_shards = 0;
    if (st == TUTUR_OK && job->shard_count > 1)
        st = leave_to_other_shards(job, e, list.n);
    /* up to date: looked at only for this shard's articles (a shared
     * folder holds every shard's outputs; each needs hashing to trust) */
    for (size_t i = 0; st == TUTUR_OK && i < list.n; i++)
        if (!e[i].skip && e[i].base && e[i].key[0] && nr_job_is_current(job, e[i].base, e[i].key))
            e[i].skip = "up to date";
    for (size_t i = 0; st == TUTUR_OK && i < list.n; i++) {
        if (e[i].skip && strcmp(e[i].skip, "another shard") == 0) {
            continue; /* not this machine's to narrate or to mention */
        } else if (e[i].skip) {
            nr_job_skipped(job, e[i].path, e[i].skip);
            job->batch_skipped++;
        } else {
            todo[n_todo++] = e[i].path;
        }
    }
    if (st == TUTUR_OK && n_todo == 0)
        batch_event(job, 0, 0, 0);
    else if (st == TUTUR_OK && (n_todo == 1 || job->has_writer))
        st = one_by_one(job, todo, n_todo, dir, failed);
    else if (st == TUTUR_OK) {
        /* A process per article, on one core too: espeak-ng keeps state
         * from one text to the next (a sentence can come out a few samples
         * longer after another article), so each article starts from the
         * same state, and a batch, a shard of it and the article alone
         * give the same bytes.  The longest first: the batch ends with short articles, not with
         * one long one on a single core while the others idle. */
        qsort(todo, n_todo, sizeof *todo, larger_first);
        int jobs = job->jobs;
        st = in_workers(job, todo, n_todo, dir, failed);
        job->jobs = jobs;
    }
    free(todo);
    for (size_t i = 0; e && i < list.n; i++)
        free(e[i].base);
    free(e);
    for (size_t i = 0; scratch[0] && i < list.n; i++)
        if (strncmp(list.paths[i], scratch, strlen(scratch)) == 0)
            unlink(list.paths[i]);
    for (size_t i = 0; scratch[0] && i < n; i++) {
        char sub[1100];
        snprintf(sub, sizeof sub, "%s/%zu", scratch, i);
        rmdir(sub); /* only the feeds' folders exist */
    }
    if (scratch[0])
        rmdir(scratch);
    job->feed_scratch = NULL;
    job->feed_names = NULL;
    nr_site_list_clear(&list);
    return st;
}
