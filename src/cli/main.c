/* main.c: the tutur program, a thin layer over libtutur: it parses options,
 * calls the stages, reports progress and maps failures to exit codes
 * (0 success, 1 failure, 2 usage error, 130 interrupted). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "data_dirs.h"
#include "options.h"
#include "progress.h"
#include "tutur.h"

enum { EXIT_USAGE = 2, EXIT_INTERRUPTED = 130 };

typedef struct app {
    options opt;
    tutur_ctx *ctx;
    tutur_profile profile;
    tutur_lang *lang;
    progress prog;
} app;

static int fail(app *a, tutur_status st) {
    fprintf(stderr, "tutur: %s\n",
            tutur_ctx_message(a->ctx)[0] ? tutur_ctx_message(a->ctx) : tutur_strerror(st));
    return st == TUTUR_E_CANCELLED ? EXIT_INTERRUPTED : EXIT_FAILURE;
}

static int print_profile(void *user, const tutur_profile *p) {
    (void)user;
    printf("%-12s %-8s espeak-ng voice %-8s %3d wpm  %s\n", p->name, p->language,
           p->espeak_voice, p->rate_wpm, p->description);
    return 0;
}

/* Profile, command-line overrides, then the language data. */
static tutur_status set_up_voice(app *a) {
    tutur_profile *p = &a->profile;
    tutur_status st = tutur_profile_load(a->ctx, a->opt.profile, p);
    if (st != TUTUR_OK)
        return st;
    if (a->opt.voice)
        snprintf(p->espeak_voice, sizeof p->espeak_voice, "%s", a->opt.voice);
    if (a->opt.rate > 0) {
        /* Headings keep their pace relative to the body. */
        p->heading_rate_wpm = p->heading_rate_wpm * a->opt.rate / p->rate_wpm;
        if (p->heading_rate_wpm < 80)
            p->heading_rate_wpm = 80;
        if (p->heading_rate_wpm > 450)
            p->heading_rate_wpm = 450;
        p->rate_wpm = a->opt.rate;
    }
    if (a->opt.pitch >= 0) {
        p->heading_pitch += a->opt.pitch - p->pitch;
        p->heading_pitch = p->heading_pitch < 0 ? 0 : p->heading_pitch > 99 ? 99 : p->heading_pitch;
        p->pitch = a->opt.pitch;
    }
    if (a->opt.bitrate > 0)
        p->opus_bitrate_kbps = a->opt.bitrate;
    if (a->opt.complexity >= 0)
        p->opus_complexity = a->opt.complexity;
    st = tutur_profile_check(a->ctx, p);
    if (st == TUTUR_OK)
        st = tutur_lang_load(a->ctx, p->language, &a->lang);
    if (st == TUTUR_OK && a->opt.rules)
        st = tutur_lang_add_rules_file(a->ctx, a->lang, a->opt.rules);
    if (st == TUTUR_OK && p->lexicon[0])
        st = tutur_lang_add_lexicon(a->ctx, a->lang, p->lexicon);
    if (st == TUTUR_OK && a->opt.lexicon)
        st = tutur_lang_add_lexicon(a->ctx, a->lang, a->opt.lexicon);
    return st;
}

static tutur_status read_and_plan(app *a, const char *path, tutur_script **script) {
    tutur_article *article = NULL;
    tutur_status st = tutur_read_text_file(a->ctx, path, a->lang, &article);
    if (st == TUTUR_OK)
        st = tutur_plan(a->ctx, article, a->lang, &a->profile, script);
    tutur_article_destroy(article);
    return st;
}

static int cmd_plan(app *a) {
    tutur_script *script = NULL;
    char *json = NULL;
    tutur_status st = read_and_plan(a, a->opt.files[0], &script);
    if (st == TUTUR_OK)
        st = tutur_script_to_json(a->ctx, script, &json);
    tutur_script_destroy(script);
    if (st != TUTUR_OK)
        return fail(a, st);
    puts(json);
    free(json);
    return fflush(stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

static int normalize_line(app *a, const char *line) {
    char *spoken = NULL;
    tutur_status st = tutur_normalize(a->ctx, a->lang, line, &spoken);
    if (st != TUTUR_OK)
        return fail(a, st);
    puts(spoken);
    free(spoken);
    return EXIT_SUCCESS;
}

/* One line out per line in: from the arguments, or standard input. */
static int cmd_normalize(app *a) {
    int rc = EXIT_SUCCESS;
    for (int i = 0; i < a->opt.n_files; i++)
        if (normalize_line(a, a->opt.files[i]) != EXIT_SUCCESS)
            rc = EXIT_FAILURE;
    if (a->opt.n_files)
        return rc;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, stdin)) >= 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (normalize_line(a, line) != EXIT_SUCCESS)
            rc = EXIT_FAILURE;
    }
    free(line);
    return fflush(stdout) == 0 ? rc : EXIT_FAILURE;
}

static bool is_dir(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* "articles/My Notes.txt" -> "my-notes"; standard input -> the title's. */
static char *output_stem(const char *path, const tutur_script *script) {
    if (strcmp(path, "-") == 0)
        return tutur_slugify(script->title);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    char *stem = dot && dot != base ? strndup(base, (size_t)(dot - base)) : strdup(base);
    char *slug = stem ? tutur_slugify(stem) : NULL;
    free(stem);
    return slug;
}

static char *join_path(const char *dir, const char *stem, const char *ext) {
    size_t n = strlen(dir) + strlen(stem) + strlen(ext) + 3;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", stem, ext);
    return p;
}

/* Same stem as the Opus file, another extension: "x.opus" -> "x.wav". */
static char *sibling_path(const char *opus_path, const char *ext) {
    const char *slash = strrchr(opus_path, '/');
    const char *dot = strrchr(opus_path, '.');
    size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - opus_path) : strlen(opus_path);
    char *p = malloc(stem + strlen(ext) + 1);
    if (p)
        sprintf(p, "%.*s%s", (int)stem, opus_path, ext);
    return p;
}

/* The DATE comment when the article gives none: the day the file was last
 * changed (standard input: today), in local time. */
static char *fallback_date(const char *path) {
    struct stat st;
    time_t when = strcmp(path, "-") != 0 && stat(path, &st) == 0 ? st.st_mtime : time(NULL);
    struct tm tm;
    char buf[16];
    if (!localtime_r(&when, &tm) || !strftime(buf, sizeof buf, "%Y-%m-%d", &tm))
        return NULL;
    return strdup(buf);
}

static void print_summary(app *a, const char *path, const tutur_timeline *tl, bool wav) {
    if (a->opt.quiet)
        return;
    char when[13];
    tutur_format_hms(tutur_samples_to_ms(tl->total, tl->rate), when);
    fprintf(stderr, "%s: %s of audio, %zu chapters%s\n", path, when, tl->n_chapters,
            wav ? " (and .wav)" : "");
    const tutur_loudness *L = &tl->loudness;
    fprintf(stderr, "loudness: measured %.1f LUFS, gain %+.1f dB, limiter %.1f dB, now %.1f LUFS, peak %.1f dBTP\n",
            L->measured_lufs, L->gain_db, L->limited_db, L->output_lufs, L->output_peak_dbtp);
}

static int narrate_one(app *a, const char *path, const char *opus_path_given,
                       const char *out_dir) {
    tutur_script *script = NULL;
    tutur_spool *spool = NULL;
    tutur_timeline *tl = NULL;
    tutur_output *opus = NULL, *wav = NULL;
    char *stem = NULL, *opus_path = NULL, *wav_path = NULL;
    progress_begin(&a->prog, strcmp(path, "-") == 0 ? "standard input" : path);
    tutur_status st = read_and_plan(a, path, &script);
    if (st == TUTUR_OK && !script->date)
        script->date = fallback_date(path);
    if (st == TUTUR_OK) {
        if (opus_path_given) {
            opus_path = strdup(opus_path_given);
        } else {
            stem = output_stem(path, script);
            opus_path = stem ? join_path(out_dir, stem, ".opus") : NULL;
        }
        wav_path = opus_path && a->opt.wav ? sibling_path(opus_path, ".wav") : NULL;
        if (!opus_path || (a->opt.wav && !wav_path))
            st = TUTUR_E_NOMEM;
    }
    /* Outputs are opened before the long work, so an unwritable directory
     * is reported at once. */
    if (st == TUTUR_OK)
        st = tutur_output_open(a->ctx, opus_path, &opus);
    if (st == TUTUR_OK && wav_path)
        st = tutur_output_open(a->ctx, wav_path, &wav);
    if (st == TUTUR_OK)
        st = tutur_render(a->ctx, script, &a->profile, &spool, &tl);
    if (st == TUTUR_OK)
        st = tutur_level(a->ctx, &a->profile, spool, tl);
    if (st == TUTUR_OK) {
        tutur_opus_options oo = {a->profile.opus_bitrate_kbps, a->profile.opus_complexity,
                                 a->profile.opus_frame_ms, 0};
        st = tutur_sink_opus(a->ctx, script, tl, spool, &oo, opus);
    }
    if (st == TUTUR_OK && wav)
        st = tutur_sink_wav(a->ctx, tl, spool, wav);
    if (st == TUTUR_OK && wav)
        st = tutur_output_commit(a->ctx, wav);
    if (st == TUTUR_OK)
        st = tutur_output_commit(a->ctx, opus);
    progress_end(&a->prog);
    int rc = EXIT_SUCCESS;
    if (st == TUTUR_OK)
        print_summary(a, opus_path, tl, wav != NULL);
    else
        rc = fail(a, st);
    tutur_output_destroy(opus);
    tutur_output_destroy(wav);
    tutur_spool_destroy(spool);
    tutur_timeline_destroy(tl);
    tutur_script_destroy(script);
    free(stem);
    free(opus_path);
    free(wav_path);
    return rc;
}

static int cmd_narrate(app *a) {
    const char *out = a->opt.output ? a->opt.output : "out";
    size_t len = strlen(out);
    bool single_file = a->opt.n_files == 1 && a->opt.output && out[len - 1] != '/' && !is_dir(out);
    if (!single_file && !is_dir(out) && mkdir(out, 0777) != 0) {
        fprintf(stderr, "tutur: %s: cannot create the output directory: %s\n", out,
                strerror(errno));
        return EXIT_FAILURE;
    }
    int rc = EXIT_SUCCESS;
    for (int i = 0; i < a->opt.n_files; i++) {
        int r = narrate_one(a, a->opt.files[i], single_file ? out : NULL, out);
        if (r == EXIT_INTERRUPTED)
            return r;
        if (r != EXIT_SUCCESS)
            rc = r;
    }
    return rc;
}

int main(int argc, char **argv) {
    app a;
    memset(&a, 0, sizeof a);
    if (!options_parse(argc, argv, &a.opt))
        return EXIT_USAGE;
    if (a.opt.cmd == CMD_HELP) {
        options_usage();
        return EXIT_SUCCESS;
    }
    if (a.opt.cmd == CMD_VERSION) {
        printf("tutur %s\n", tutur_version_string());
        return EXIT_SUCCESS;
    }
    if (a.opt.data_dir && !is_dir(a.opt.data_dir)) {
        fprintf(stderr, "tutur: --data-dir %s: not a directory\n", a.opt.data_dir);
        return EXIT_USAGE;
    }
    if (tutur_ctx_create(&a.ctx) != TUTUR_OK) {
        fputs("tutur: out of memory\n", stderr);
        return EXIT_FAILURE;
    }
    progress_init(&a.prog, a.opt.quiet);
    progress_catch_signals();
    tutur_ctx_set_progress(a.ctx, progress_callback, &a.prog);
    int rc;
    tutur_status st = data_dirs_add(a.ctx, a.opt.data_dir);
    if (st != TUTUR_OK) {
        rc = fail(&a, st);
    } else if (a.opt.cmd == CMD_VOICES) {
        tutur_profile_list(a.ctx, print_profile, NULL);
        rc = EXIT_SUCCESS;
    } else if ((st = set_up_voice(&a)) != TUTUR_OK) {
        rc = fail(&a, st);
    } else {
        rc = a.opt.cmd == CMD_PLAN        ? cmd_plan(&a)
             : a.opt.cmd == CMD_NORMALIZE ? cmd_normalize(&a)
                                          : cmd_narrate(&a);
    }
    tutur_lang_destroy(a.lang);
    tutur_ctx_destroy(a.ctx);
    return rc;
}
