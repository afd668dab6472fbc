/* main.c: the tutur program, a thin layer over libtutur: it parses options,
 * calls the stages, reports progress and maps failures to exit codes
 * (0 success, 1 failure, 2 usage error, 130 interrupted). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "app.h"

int app_fail(app *a, tutur_status st) {
    fprintf(stderr, "tutur: %s\n",
            tutur_ctx_message(a->ctx)[0] ? tutur_ctx_message(a->ctx) : tutur_strerror(st));
    return st == TUTUR_E_CANCELLED ? EXIT_INTERRUPTED : EXIT_FAILURE;
}

static int print_profile(void *user, const tutur_profile *p) {
    ++*(int *)user;
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
    if (st == TUTUR_OK && a->opt.code_notice)
        st = tutur_lang_set_label(a->ctx, a->lang, "code", a->opt.code_notice);
    return st;
}

static tutur_status read_and_plan(app *a, const char *path, tutur_script **script) {
    tutur_article *article = NULL;
    tutur_status st = tutur_read_file(a->ctx, path, (tutur_format)a->opt.input_format, a->lang,
                                      &article);
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
        return app_fail(a, st);
    puts(json);
    free(json);
    return fflush(stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

static void print_explanation(void *user, const char *line) {
    (void)user;
    puts(line);
}

static int cmd_read(app *a) {
    tutur_article *article = NULL;
    char *json = NULL;
    if (a->opt.explain)
        tutur_ctx_set_explain(a->ctx, print_explanation, NULL);
    tutur_status st = tutur_read_file(a->ctx, a->opt.files[0], (tutur_format)a->opt.input_format,
                                      a->lang, &article);
    if (st == TUTUR_OK && !a->opt.explain)
        st = tutur_article_to_json(a->ctx, article, &json);
    if (st == TUTUR_OK && a->opt.explain)
        printf("= title: %s\n= author: %s\n= date: %s\n", article->title,
               article->author ? article->author : "(none)",
               article->date ? article->date : "(none)");
    tutur_article_destroy(article);
    if (st != TUTUR_OK)
        return app_fail(a, st);
    if (json)
        puts(json);
    free(json);
    return fflush(stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

static int normalize_line(app *a, const char *line) {
    char *spoken = NULL;
    tutur_status st = tutur_normalize(a->ctx, a->lang, line, &spoken);
    if (st != TUTUR_OK)
        return app_fail(a, st);
    puts(spoken);
    free(spoken);
    return EXIT_SUCCESS;
}

static int phonemes_line(app *a, const char *line) {
    char *said = NULL;
    int64_t ms = 0;
    tutur_status st = a->opt.spoken
                          ? tutur_spoken(a->ctx, a->lang, &a->profile, line, &said, &ms)
                          : tutur_phonemes(a->ctx, a->lang, &a->profile, line, &said);
    if (st != TUTUR_OK)
        return app_fail(a, st);
    if (a->opt.spoken)
        printf("%s\t%lld\n", said, (long long)ms);
    else
        puts(said);
    free(said);
    return EXIT_SUCCESS;
}

/* One line out per line in: from the arguments, or standard input. */
static int each_line(app *a, int (*line_fn)(app *, const char *)) {
    int rc = EXIT_SUCCESS;
    for (int i = 0; i < a->opt.n_files; i++)
        if (line_fn(a, a->opt.files[i]) != EXIT_SUCCESS)
            rc = EXIT_FAILURE;
    if (a->opt.n_files)
        return rc;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, stdin)) >= 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (line_fn(a, line) != EXIT_SUCCESS)
            rc = EXIT_FAILURE;
    }
    free(line);
    return fflush(stdout) == 0 ? rc : EXIT_FAILURE;
}

int main(int argc, char **argv) {
    app a;
    memset(&a, 0, sizeof a);
    if (!options_parse(argc, argv, &a.opt))
        return EXIT_USAGE;
    if (a.opt.cmd == CMD_HELP) {
        options_usage(a.opt.help_for);
        return EXIT_SUCCESS;
    }
    if (a.opt.cmd == CMD_VERSION) {
        printf("tutur %s\n", tutur_version_string());
        return EXIT_SUCCESS;
    }
    struct stat sb;
    if (a.opt.data_dir && (stat(a.opt.data_dir, &sb) != 0 || !S_ISDIR(sb.st_mode))) {
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
    tutur_ctx_set_stop_flag(a.ctx, progress_stop_flag());
    /* Commands that write no file stop at once on a signal. */
    progress_exit_on_signal(a.opt.cmd != CMD_NARRATE && a.opt.cmd != CMD_FEED);
    int rc;
    /* --data-dir first, then the standard places (XDG, the prefix) */
    tutur_status st = a.opt.data_dir ? tutur_ctx_add_data_dir(a.ctx, a.opt.data_dir) : TUTUR_OK;
    if (st == TUTUR_OK)
        st = tutur_ctx_add_standard_data_dirs(a.ctx);
    if (st != TUTUR_OK) {
        rc = app_fail(&a, st);
    } else if (a.opt.cmd == CMD_VOICES) {
        int found = 0;
        tutur_profile_list(a.ctx, print_profile, &found);
        rc = EXIT_SUCCESS;
        if (!found) {
            fprintf(stderr, "tutur: no voice profiles found; looked in %s%s%s\n",
                    a.opt.data_dir ? a.opt.data_dir : "", a.opt.data_dir ? ", " : "",
                    tutur_ctx_data_dirs_looked(a.ctx));
            rc = EXIT_FAILURE;
        }
    } else if (a.opt.cmd == CMD_FEED) {
        rc = cmd_feed(&a);
    } else if ((st = set_up_voice(&a)) != TUTUR_OK) {
        rc = app_fail(&a, st);
    } else {
        rc = a.opt.cmd == CMD_PLAN        ? cmd_plan(&a)
             : a.opt.cmd == CMD_READ      ? cmd_read(&a)
             : a.opt.cmd == CMD_NORMALIZE ? each_line(&a, normalize_line)
             : a.opt.cmd == CMD_PHONEMES  ? each_line(&a, phonemes_line)
                                          : cmd_narrate(&a);
    }
    tutur_lang_destroy(a.lang);
    tutur_ctx_destroy(a.ctx);
    return rc;
}
