/* narrate.c: `tutur narrate`: the command line turned into a narration
 * job (tutur_job, in the library, which owns the stages, the outputs and
 * their names, commit order, the cache and the cores), and the job's
 * events turned into progress, warnings and the summary. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app.h"

typedef struct narrate_run {
    app *a;
    bool reported;  /* an article's failure was printed */
    double started; /* for the batch's pace */
} narrate_run;

static double seconds_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A batch: articles done, audio made, and the time left at the pace so
 * far ("[3/20] 00:24:10 of audio; about 2 min left"). */
static void batch_progress(size_t done, size_t total, int64_t audio_ms, double elapsed) {
    char when[13];
    tutur_format_hms(audio_ms, when);
    double left = elapsed / (double)done * (double)(total - done);
    if (done == total)
        fprintf(stderr, "[%zu/%zu] %s of audio in %.0f s\n", done, total, when, elapsed);
    else if (left < 90)
        fprintf(stderr, "[%zu/%zu] %s of audio; about %.0f s left\n", done, total, when, left);
    else
        fprintf(stderr, "[%zu/%zu] %s of audio; about %.0f min left\n", done, total, when,
                left / 60);
}

/* The sentences that were not spoken as their text predicts: a count
 * (unless the failure's message said it), then each with its place and
 * its first words (at most ten). */
static void report_speech(const tutur_job_event *ev, bool header) {
    const tutur_speech_report *r = ev->speech;
    if (header)
        fprintf(stderr, "tutur: warning: %s: %zu of %zu sentences not spoken as their text "
                        "predicts\n", ev->paths[TUTUR_OUTPUT_OPUS], r->n_issues, r->checked);
    for (size_t i = 0; i < r->n_issues && i < 10; i++) {
        const tutur_speech_issue *is = &r->issues[i];
        const tutur_segment *seg = &ev->script->chapters[is->chapter].segments[is->segment];
        const tutur_range *t = &seg->sentences[is->sentence].text;
        fprintf(stderr, "    chapter %u, paragraph %u: \"%.*s%s\": %s (%lld ms for %d syllables)\n",
                is->chapter + 1, is->segment + 1, t->length > 60 ? 60 : (int)t->length,
                seg->text + t->offset, t->length > 60 ? "..." : "",
                is->silent ? "silent" : "out of range", (long long)is->speech_ms, is->syllables);
    }
}

static void print_summary(app *a, const tutur_job_event *ev) {
    if (ev->speech->n_issues) /* even when quiet: a listener would miss these */
        report_speech(ev, true);
    if (a->opt.quiet)
        return;
    const tutur_timeline *tl = ev->timeline;
    const tutur_loudness *L = &tl->loudness;
    char when[13];
    tutur_format_hms(tutur_samples_to_ms(tl->total, tl->rate), when);
    fprintf(stderr, "%s: %s of audio, %zu chapters, gain %+.1f dB to %.1f LUFS, true peak %.1f dBTP\n",
            ev->paths[TUTUR_OUTPUT_OPUS], when, tl->n_chapters, L->gain_db, L->output_lufs,
            L->output_peak_dbtp);
    if (ev->date_from_file)
        fprintf(stderr, "  %-15s none in the article: the file's time, %s\n", "date",
                ev->script->published ? ev->script->published : ev->script->date);
    int64_t rs, ts, rc, tc;
    tutur_ctx_cache_stats(a->ctx, &rs, &ts, &rc, &tc);
    if (rs || rc)
        fprintf(stderr, "  %-15s %lld of %lld segments and %lld of %lld chunks reused so far\n",
                "cache", (long long)rs, (long long)ts, (long long)rc, (long long)tc);
    for (int k = 1; k < TUTUR_OUTPUT_KINDS; k++) {
        const char *path = ev->paths[k], *what = tutur_output_kind_name((tutur_output_kind)k);
        if (!path)
            continue;
        if (k == TUTUR_OUTPUT_CHAPTER_FILES)
            fprintf(stderr, "  %-15s %s/ (%zu files)\n", what, path, ev->n_chapter_files);
        else
            fprintf(stderr, "  %-15s %s%s\n", what, path, k == TUTUR_OUTPUT_DAISY ? "/" : "");
    }
}

static void on_event(void *user, const tutur_job_event *ev) {
    narrate_run *run = user;
    app *a = run->a;
    switch (ev->kind) {
    case TUTUR_JOB_BEGIN:
        progress_begin(&a->prog, strcmp(ev->article, "-") == 0 ? "standard input" : ev->article);
        progress_exit_on_signal(true); /* reading: nothing written yet */
        break;
    case TUTUR_JOB_PLANNED:
        progress_exit_on_signal(false); /* outputs are opened next: they clean up */
        if (ev->script->n_chapters > TUTUR_OPUS_MAX_CHAPTERS)
            fprintf(stderr, "tutur: warning: %s: %zu chapters; the Opus file marks the first %d "
                            "(CHAPTER000 to CHAPTER999), the chapters JSON and WebVTT mark them "
                            "all\n", ev->article, ev->script->n_chapters, TUTUR_OPUS_MAX_CHAPTERS);
        break;
    case TUTUR_JOB_DONE:
        progress_exit_on_signal(false);
        progress_end(&a->prog);
        if (ev->skipped) {
            if (!a->opt.quiet)
                fprintf(stderr, "%s: %s, skipped\n", ev->article, ev->skipped);
            break;
        }
        if (ev->notice)
            fprintf(stderr, "tutur: note: %s: %s\n", ev->article, ev->notice);
        if (ev->status == TUTUR_OK) {
            print_summary(a, ev);
            break;
        }
        fprintf(stderr, "tutur: %s\n", ev->message[0] ? ev->message : tutur_strerror(ev->status));
        if (ev->speech->n_issues)
            report_speech(ev, false); /* --strict: the message said how many */
        run->reported = true;
        break;
    case TUTUR_JOB_BATCH:
        if (a->opt.quiet)
            break;
        if (ev->total > 1)
            batch_progress(ev->done, ev->total, ev->audio_ms, seconds_now() - run->started);
        if (ev->done == ev->total && ev->other_shards)
            fprintf(stderr, "%zu narrated, %zu skipped, %zu left to other shards\n", ev->done,
                    ev->skipped_count, ev->other_shards);
        else if (ev->done == ev->total && ev->skipped_count)
            fprintf(stderr, "%zu narrated, %zu skipped\n", ev->done, ev->skipped_count);
        break;
    }
}

static int exit_code(app *a, narrate_run *run, tutur_status st) {
    if (st == TUTUR_OK)
        return EXIT_SUCCESS;
    if (st == TUTUR_E_CANCELLED)
        return EXIT_INTERRUPTED;
    return run->reported ? EXIT_FAILURE : app_fail(a, st);
}

/* -o -: the one narration goes to standard output, for pipes. */
typedef struct to_stdout {
    tutur_output_kind wanted; /* Opus, or the MP3 with --format mp3 */
    bool passing;             /* the file being handed over is the wanted one */
} to_stdout;

static int stdout_open(void *user, tutur_output_kind kind, const char *name) {
    (void)name;
    to_stdout *s = user;
    s->passing = kind == s->wanted;
    return 0;
}

static int stdout_write(void *user, const unsigned char *data, size_t len) {
    to_stdout *s = user;
    return s->passing && fwrite(data, 1, len, stdout) != len ? -1 : 0;
}

static int stdout_close(void *user) {
    to_stdout *s = user;
    return s->passing && fflush(stdout) != 0 ? -1 : 0;
}

static bool stdout_usable(const options *o) {
    if (o->n_files != 1) {
        fputs("tutur: -o -: give exactly one article\n", stderr);
        return false;
    }
    if (o->captions || o->chapters_json || o->transcript || o->split || o->html || o->epub ||
        o->daisy || o->wav || (o->mp3 && !o->format_mp3)) {
        fputs("tutur: -o -: only the narration goes to standard output; write other outputs "
              "into a directory (-o DIR)\n", stderr);
        return false;
    }
    if (isatty(STDOUT_FILENO)) {
        fputs("tutur: -o -: standard output is a terminal; pipe or redirect it\n", stderr);
        return false;
    }
    return true;
}

/* A whole number from TEXT, all of it; -1 when it is not one. */
static long whole(const char *text) {
    if (!text || !*text)
        return -1;
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    return *end || errno || v < 0 ? -1 : v;
}

/* --shard I/N (I from 1), "slurm" (a Slurm array job's task among the
 * array's), or "k8s/N" (a Kubernetes Indexed Job's completion index, of
 * N completions): *INDEX from 0.  False, with the message, when it does
 * not make sense. */
static bool shard_from(const char *arg, int *index, int *count) {
    long i = -1, n = -1;
    const char *slash = strchr(arg, '/');
    if (strcmp(arg, "slurm") == 0) {
        const char *id = getenv("SLURM_ARRAY_TASK_ID"), *min = getenv("SLURM_ARRAY_TASK_MIN");
        i = whole(id) - (min ? whole(min) : 0);
        n = whole(getenv("SLURM_ARRAY_TASK_COUNT"));
        if (!id || n < 1) {
            fputs("tutur: --shard slurm: not in a Slurm array job (SLURM_ARRAY_TASK_ID and "
                  "SLURM_ARRAY_TASK_COUNT are not set)\n", stderr);
            return false;
        }
    } else if ((strncmp(arg, "k8s/", 4) == 0 || strncmp(arg, "kubernetes/", 11) == 0) && slash) {
        i = whole(getenv("JOB_COMPLETION_INDEX"));
        n = whole(slash + 1);
        if (i < 0) {
            fputs("tutur: --shard k8s/N: JOB_COMPLETION_INDEX is not set (an Indexed Job "
                  "sets it)\n", stderr);
            return false;
        }
    } else if (slash) {
        char first[24];
        snprintf(first, sizeof first, "%.*s", (int)(slash - arg < 23 ? slash - arg : 23), arg);
        i = whole(first) - 1;
        n = whole(slash + 1);
    }
    if (n < 1 || n > 1000000 || i < 0 || i >= n) {
        fprintf(stderr, "tutur: --shard %s: give I/N with 1 <= I <= N, 'slurm' or 'k8s/N'\n",
                arg);
        return false;
    }
    *index = (int)i;
    *count = (int)n;
    return true;
}

static unsigned outputs_asked(const options *o) {
    unsigned want = 0;
    const struct {
        bool on;
        tutur_output_kind kind;
    } map[] = {
        {o->wav, TUTUR_OUTPUT_WAV},
        {o->mp3 || o->format_mp3, TUTUR_OUTPUT_MP3},
        {o->captions, TUTUR_OUTPUT_CAPTIONS},
        {o->chapters_json, TUTUR_OUTPUT_CHAPTERS_JSON},
        {o->transcript, TUTUR_OUTPUT_TRANSCRIPT},
        {o->split, TUTUR_OUTPUT_CHAPTER_FILES},
        {o->epub, TUTUR_OUTPUT_EPUB},
        {o->daisy, TUTUR_OUTPUT_DAISY},
        {o->html, TUTUR_OUTPUT_PAGE},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (map[i].on)
            want |= TUTUR_OUTPUT_BIT(map[i].kind);
    return want;
}

int cmd_narrate(app *a) {
    const options *o = &a->opt;
    const char *out = o->output ? o->output : "out";
    size_t len = strlen(out);
    bool to_pipe = strcmp(out, "-") == 0;
    if (len == 0) {
        fprintf(stderr, "tutur: -o: the output path is empty\n");
        return EXIT_USAGE;
    }
    if (o->format_mp3 && !to_pipe) {
        fputs("tutur: --format belongs to -o - (the MP3 beside a file: --mp3)\n", stderr);
        return EXIT_USAGE;
    }
    if (to_pipe && !stdout_usable(o))
        return EXIT_USAGE;
    int shard_index = 0, shard_count = 0;
    if (o->shard && !shard_from(o->shard, &shard_index, &shard_count))
        return EXIT_USAGE;
    struct stat sb;
    /* one article (not a folder of them) and -o naming a file; a shard
     * always narrates into a folder */
    bool single_file = !to_pipe && !o->shard && o->n_files == 1 && o->output && out[len - 1] != '/' &&
                       !(stat(out, &sb) == 0 && S_ISDIR(sb.st_mode)) &&
                       !(stat(o->files[0], &sb) == 0 && S_ISDIR(sb.st_mode));
    tutur_output_kind named = single_file ? tutur_output_kind_of(out) : TUTUR_OUTPUT_KINDS;
    if (named != TUTUR_OUTPUT_KINDS && named != TUTUR_OUTPUT_OPUS) {
        fprintf(stderr, "tutur: -o %s: the narration is Ogg Opus: name it NAME.opus (the %s "
                        "goes beside it)\n", out, tutur_output_kind_name(named));
        return EXIT_USAGE;
    }
    tutur_cover *cover = NULL;
    if (o->cover) {
        tutur_status st = tutur_cover_load(a->ctx, o->cover, &cover);
        if (st != TUTUR_OK)
            return app_fail(a, st);
        if (!tutur_cover_fits_podcasts(cover) && !o->quiet) {
            int w, h;
            tutur_cover_size(cover, &w, &h);
            fprintf(stderr, "tutur: warning: %s: the cover is %dx%d pixels; podcast directories "
                            "want a square of 1400 to 3000\n", o->cover, w, h);
        }
    }
    narrate_run run = {a, false, seconds_now()};
    to_stdout pipe_out = {o->format_mp3 ? TUTUR_OUTPUT_MP3 : TUTUR_OUTPUT_OPUS, false};
    tutur_writer writer = {stdout_open, stdout_write, stdout_close, &pipe_out};
    tutur_job_options jo = {
        .profile = &a->profile,
        .lang = a->lang,
        .outputs = outputs_asked(o),
        .format = (tutur_format)o->input_format,
        .cover = cover,
        .jobs = o->jobs,
        .no_cache = o->no_cache,
        .strict = o->strict,
        .force = o->force,
        .shard_index = shard_index,
        .shard_count = shard_count,
        .writer = to_pipe ? &writer : NULL,
        .on_event = on_event,
        .user = &run,
    };
    if (to_pipe)
        a->opt.quiet = true; /* no summary: it would name scratch files (progress stays) */
    /* several processes write lines, not redrawn bars */
    if (o->n_files > 1 && o->jobs != 1 && !to_pipe && sysconf(_SC_NPROCESSORS_ONLN) > 1)
        a->prog.tty = false;
    tutur_job *job = NULL;
    tutur_status st = tutur_job_create(a->ctx, &jo, &job);
    if (st != TUTUR_OK) {
        tutur_cover_destroy(cover);
        return app_fail(a, st);
    }
    if (to_pipe)
        st = tutur_job_narrate(job, o->files[0], ".", "narration.opus");
    else if (single_file)
        st = tutur_job_narrate(job, o->files[0], NULL, out);
    else
        st = tutur_job_narrate_all(job, (const char *const *)o->files, (size_t)o->n_files, out,
                                   NULL);
    int rc = exit_code(a, &run, st);
    tutur_job_destroy(job);
    tutur_cover_destroy(cover);
    return rc;
}
