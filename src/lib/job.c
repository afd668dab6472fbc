/* job.c: the narration job (tutur_job_*): for each article, READ, PLAN,
 * RENDER, level and check the speech, then every output asked for, all
 * from the one spool and Timeline, committed together at the end.  The
 * policies a program would otherwise have to copy live here: output names
 * (job_outputs.c), the date when the article gives none, the cache, and
 * the budget of cores (job_batch.c spends it on processes). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "job_internal.h"

/* The cache lives in $XDG_CACHE_HOME/tutur (or ~/.cache/tutur), 1 GiB at
 * most ($TUTUR_CACHE_MB to change).  Without either variable: no cache,
 * and never a home folder created for one. */
static void set_up_cache(tutur_ctx *ctx) {
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    char dir[1024];
    struct stat st;
    if (xdg && xdg[0] == '/')
        snprintf(dir, sizeof dir, "%s/tutur", xdg);
    else if (home && home[0] == '/' && stat(home, &st) == 0 && S_ISDIR(st.st_mode))
        snprintf(dir, sizeof dir, "%s/.cache/tutur", home);
    else
        return;
    const char *mb = getenv("TUTUR_CACHE_MB");
    long limit = mb ? strtol(mb, NULL, 10) : 1024;
    /* the cache only saves time: narrating goes on without one */
    (void)tutur_ctx_set_cache(ctx, dir, (int64_t)(limit > 0 ? limit : 1024) * 1024 * 1024);
    nr_clear(ctx);
}

/* What each output needs comes with it. */
static unsigned with_needs(unsigned want, bool cover) {
    want |= TUTUR_OUTPUT_BIT(TUTUR_OUTPUT_OPUS);
    if (want & TUTUR_OUTPUT_BIT(TUTUR_OUTPUT_PAGE)) /* its tracks */
        want |= TUTUR_OUTPUT_BIT(TUTUR_OUTPUT_CAPTIONS) |
                TUTUR_OUTPUT_BIT(TUTUR_OUTPUT_CHAPTERS_VTT);
    if (want & TUTUR_OUTPUT_BIT(TUTUR_OUTPUT_CAPTIONS))
        want |= TUTUR_OUTPUT_BIT(TUTUR_OUTPUT_CHAPTERS_VTT);
    if (want & (TUTUR_OUTPUT_BIT(TUTUR_OUTPUT_CHAPTER_FILES) |
                TUTUR_OUTPUT_BIT(TUTUR_OUTPUT_PLAYLIST)))
        want |= TUTUR_OUTPUT_BIT(TUTUR_OUTPUT_CHAPTER_FILES) |
                TUTUR_OUTPUT_BIT(TUTUR_OUTPUT_PLAYLIST);
    if (want & (TUTUR_OUTPUT_BIT(TUTUR_OUTPUT_DAISY) | TUTUR_OUTPUT_BIT(TUTUR_OUTPUT_DAISY_ZIP)))
        want |= TUTUR_OUTPUT_BIT(TUTUR_OUTPUT_DAISY) | TUTUR_OUTPUT_BIT(TUTUR_OUTPUT_DAISY_ZIP);
    /* a cover given is a cover offered beside the narration; none, none */
    if (cover)
        want |= TUTUR_OUTPUT_BIT(TUTUR_OUTPUT_COVER);
    else
        want &= ~TUTUR_OUTPUT_BIT(TUTUR_OUTPUT_COVER);
    return want & ((1u << TUTUR_OUTPUT_KINDS) - 1);
}

tutur_status tutur_job_create(tutur_ctx *ctx, const tutur_job_options *options,
                              tutur_job **out) {
    nr_clear(ctx);
    *out = NULL;
    static const tutur_job_options defaults = {0};
    const tutur_job_options *o = options ? options : &defaults;
    if (o->jobs < 0 || (unsigned)o->format > TUTUR_FORMAT_HTML)
        return nr_fail(ctx, TUTUR_E_INVALID, "job options: jobs %d, format %d out of range",
                       o->jobs, (int)o->format);
    if (o->shard_count < 0 || o->shard_index < 0 ||
        (o->shard_count > 0 && o->shard_index >= o->shard_count))
        return nr_fail(ctx, TUTUR_E_INVALID, "job options: shard %d of %d out of range",
                       o->shard_index, o->shard_count);
    if (o->writer && (!o->writer->open || !o->writer->write || !o->writer->close))
        return nr_fail(ctx, TUTUR_E_INVALID, "job options: a writer needs open, write and close");
    tutur_job *job = calloc(1, sizeof *job);
    if (!job)
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    job->ctx = ctx;
    tutur_status st = TUTUR_OK;
    if (o->profile)
        job->profile = *o->profile;
    else
        st = tutur_profile_load(ctx, "id", &job->profile);
    if (st == TUTUR_OK)
        st = tutur_profile_check(ctx, &job->profile);
    job->lang = o->lang;
    if (st == TUTUR_OK && !job->lang) {
        st = tutur_lang_load(ctx, job->profile.language, &job->own_lang);
        if (st == TUTUR_OK && job->profile.lexicon[0])
            st = tutur_lang_add_lexicon(ctx, job->own_lang, job->profile.lexicon);
        job->lang = job->own_lang;
    }
    if (st == TUTUR_OK && o->album && !(job->album = nr_strdup(o->album)))
        st = nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    if (st != TUTUR_OK) {
        tutur_job_destroy(job);
        return st;
    }
    job->outputs = with_needs(o->outputs, o->cover != NULL);
    job->format = o->format;
    job->cover = o->cover;
    /* the budget of cores, resolved once */
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    job->jobs = o->jobs > 0 ? o->jobs : cores > 0 ? (int)cores : 1;
    if (job->jobs > 64)
        job->jobs = 64;
    job->strict = o->strict;
    job->force = o->force;
    job->shard_index = o->shard_index;
    job->shard_count = o->shard_count;
    if (o->writer) {
        job->has_writer = true;
        job->writer = *o->writer;
    }
    job->on_event = o->on_event;
    job->user = o->user;
    if (!o->no_cache && !ctx->cache_dir)
        set_up_cache(ctx);
    nr_job_fingerprint(job);
    *out = job;
    return TUTUR_OK;
}

void tutur_job_destroy(tutur_job *job) {
    if (!job)
        return;
    tutur_ctx_trim_cache(job->ctx);
    tutur_lang_destroy(job->own_lang);
    free(job->album);
    free(job);
}

const char *nr_job_label(const tutur_job *job, const char *article) {
    static _Thread_local char label[1200];
    size_t n = job->feed_scratch ? strlen(job->feed_scratch) : 0;
    if (!n || strncmp(article, job->feed_scratch, n) != 0 || article[n] != '/')
        return article;
    char *end;
    unsigned long k = strtoul(article + n + 1, &end, 10);
    const char *page = *end == '/' ? end + 1 : NULL, *dot = page ? strrchr(page, '.') : NULL;
    if (!page || !dot)
        return article;
    snprintf(label, sizeof label, "%s#%.*s", job->feed_names[k], (int)(dot - page), page);
    return label;
}

void nr_job_emit(tutur_job *job, const tutur_job_event *ev) {
    if (!job->on_event)
        return;
    tutur_job_event named = *ev;
    if (ev->article)
        named.article = nr_job_label(job, ev->article);
    job->on_event(job->user, &named);
}

/* The date and time when the article gives none: when the file was last
 * changed (standard input: now), in local time with its zone, ISO 8601.
 * A last resort, said in the event (date_from_file). */
static tutur_status fallback_date(tutur_ctx *ctx, const char *path, tutur_script *s) {
    struct stat st;
    time_t when = strcmp(path, "-") != 0 && stat(path, &st) == 0 ? st.st_mtime : time(NULL);
    struct tm tm;
    char buf[40];
    if (!localtime_r(&when, &tm) || !strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S%z", &tm))
        return TUTUR_OK;
    size_t n = strlen(buf); /* +0700 -> +07:00 */
    if (n == 24) {
        memmove(buf + 23, buf + 22, 3); /* with the NUL */
        buf[22] = ':';
    }
    free(s->published);
    s->date = nr_strndup(buf, 10);
    s->published = nr_strdup(buf);
    return s->date && s->published ? TUTUR_OK : nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
}

/* The MP3's album: the one given, else the feed's title when the output
 * folder has feed settings (`tutur feed` reads the same file). */
char *nr_job_album(tutur_job *job, const char *dir, const char *file) {
    if (job->album)
        return nr_strdup(job->album);
    if (file || !dir)
        return NULL;
    size_t len = strlen(dir);
    char ini[1100];
    snprintf(ini, sizeof ini, "%s%sfeed.ini", dir, len && dir[len - 1] == '/' ? "" : "/");
    tutur_feed_channel ch = {0};
    char *album = NULL;
    if (access(ini, R_OK) == 0 && tutur_feed_channel_load(job->ctx, ini, &ch) == TUTUR_OK &&
        ch.title)
        album = nr_strdup(ch.title);
    tutur_feed_channel_clear(&ch);
    nr_clear(job->ctx); /* unreadable settings are `tutur feed`'s to report */
    return album;
}

/* The file a site's article names as its image: beside the article (a
 * page bundle's resource, or a path relative to the article); NULL for an
 * address on the web.  free() it. */
char *nr_article_image_path(const char *article, const char *image) {
    if (!image || !image[0] || strstr(image, "://") || image[0] == '/' || strcmp(article, "-") == 0)
        return NULL;
    const char *slash = strrchr(article, '/');
    size_t dir = slash ? (size_t)(slash - article) + 1 : 0, n = dir + strlen(image) + 1;
    char *path = malloc(n);
    if (path)
        snprintf(path, n, "%.*s%s", (int)dir, article, image);
    return path;
}

/* The article's own picture as the cover, when the job has none: a PNG
 * or JPEG it names.  One that cannot be used is a notice, not a failure. */
static void article_cover(tutur_job *job, nr_narration *n, const tutur_article *a) {
    char *path = nr_article_image_path(n->article, a->image);
    if (!path)
        return;
    if (tutur_cover_load(job->ctx, path, &n->own_cover) == TUTUR_OK)
        n->cover = n->own_cover;
    else
        n->notice = "its image is not a PNG or JPEG file of at most 512 KiB beside it: no cover";
    nr_clear(job->ctx);
    n->image_path = path;
}

static tutur_status read_and_plan(tutur_job *job, nr_narration *n) {
    tutur_article *article = NULL;
    tutur_status st = tutur_read_file(job->ctx, n->article, job->format, job->lang, &article);
    if (st == TUTUR_OK && article->slug && !(n->slug = nr_strdup(article->slug)))
        st = nr_fail(job->ctx, TUTUR_E_NOMEM, "out of memory");
    n->cover = job->cover;
    if (st == TUTUR_OK && !n->cover)
        article_cover(job, n, article);
    if (st == TUTUR_OK)
        st = tutur_plan(job->ctx, article, job->lang, &job->profile, &n->script);
    tutur_article_destroy(article);
    if (st == TUTUR_OK && !n->script->date) {
        n->date_from_file = true;
        st = fallback_date(job->ctx, n->article, n->script);
    }
    return st;
}

static void emit_done(tutur_job *job, const nr_narration *n, tutur_status st) {
    tutur_job_event ev = {.kind = TUTUR_JOB_DONE, .article = n->article, .script = n->script};
    ev.status = st;
    ev.message = tutur_ctx_message(job->ctx);
    ev.timeline = n->tl;
    ev.speech = &n->speech;
    ev.date_from_file = n->date_from_file;
    /* with a writer, the names it was given (relative to the scratch folder) */
    const char *names[TUTUR_OUTPUT_KINDS];
    size_t skip = job->scratch ? strlen(job->scratch) + 1 : 0;
    for (int k = 0; k < TUTUR_OUTPUT_KINDS; k++)
        names[k] = n->paths[k] && skip && strlen(n->paths[k]) > skip ? n->paths[k] + skip
                                                                     : n->paths[k];
    ev.paths = names;
    ev.n_chapter_files = n->n_parts;
    ev.notice = n->notice;
    nr_job_emit(job, &ev);
}

tutur_status nr_job_narrate_files(tutur_job *job, const char *article, const char *dir,
                                  const char *file, int64_t *audio_ms) {
    tutur_ctx *ctx = job->ctx;
    nr_narration n = {.article = article};
    tutur_job_event begin = {.kind = TUTUR_JOB_BEGIN, .article = article};
    nr_job_emit(job, &begin);
    /* what the narration is made from, hashed before it is read: a file
     * changed meanwhile is narrated again next time, never skipped */
    uint8_t input[32];
    bool recorded = !job->scratch && nr_job_input_hash(job, article, input);
    char *album = nr_job_album(job, dir, file);
    tutur_status st = read_and_plan(job, &n);
    if (st == TUTUR_OK) {
        tutur_job_event planned = {.kind = TUTUR_JOB_PLANNED, .article = article,
                                   .script = n.script};
        nr_job_emit(job, &planned);
    }
    if (st == TUTUR_OK)
        st = nr_narration_name(job, &n, dir, file);
    if (st == TUTUR_OK)
        st = nr_narration_open(job, &n);
    if (st == TUTUR_OK)
        st = tutur_render(ctx, n.script, &job->profile, job->lang, &n.spool, &n.tl);
    if (st == TUTUR_OK)
        st = tutur_level(ctx, &job->profile, n.spool, n.tl);
    if (st == TUTUR_OK)
        st = tutur_check_speech(ctx, n.script, n.tl, n.spool, &n.speech);
    if (st == TUTUR_OK && job->strict && n.speech.n_issues)
        st = nr_fail(ctx, TUTUR_E_INVALID, "%s: %zu of %zu sentences not spoken as their text "
                     "predicts (--strict: nothing written)", n.paths[TUTUR_OUTPUT_OPUS],
                     n.speech.n_issues, n.speech.checked);
    if (st == TUTUR_OK)
        st = nr_narration_write(job, &n, album);
    if (st == TUTUR_OK)
        st = nr_narration_commit(job, &n);
    if (st == TUTUR_OK && recorded) {
        char key[65];
        nr_job_key(job, article, input, n.date_from_file, album, n.image_path, key);
        /* without its record the narration is only made again next time */
        (void)nr_job_write_record(job, &n, key);
    }
    free(album);
    if (st == TUTUR_OK && job->scratch)
        st = nr_job_deliver(job, &n);
    if (st == TUTUR_OK)
        nr_clear(ctx);
    if (st == TUTUR_OK && audio_ms)
        *audio_ms = tutur_samples_to_ms(n.tl->total, n.tl->rate);
    emit_done(job, &n, st);
    nr_narration_free(&n);
    return st;
}

tutur_status nr_job_narrate_one(tutur_job *job, const char *article, const char *dir,
                                const char *file, int64_t *audio_ms) {
    if (audio_ms)
        *audio_ms = 0;
    tutur_ctx_set_jobs(job->ctx, job->jobs); /* synthesis workers */
    return job->has_writer ? nr_job_narrate_to_writer(job, article, dir, file, audio_ms)
                           : nr_job_narrate_files(job, article, dir, file, audio_ms);
}

const char *nr_job_skip_reason(tutur_job *job, const char *article, const char *dir,
                               const char *file, bool drafts_skipped, char **base,
                               double *weight, char *key) {
    if (base)
        *base = NULL;
    if (key)
        key[0] = '\0';
    if (weight)
        *weight = 0;
    uint8_t input[32];
    if (job->scratch || job->has_writer || !nr_job_input_hash(job, article, input))
        return NULL;
    tutur_article *a = NULL;
    const char *why = NULL;
    if (tutur_read_file(job->ctx, article, job->format, job->lang, &a) != TUTUR_OK) {
        nr_clear(job->ctx); /* its narration says why */
        return NULL;
    }
    char *path_base = NULL;
    if (file) {
        const char *slash = strrchr(file, '/'), *dot = strrchr(file, '.');
        size_t len = dot && (!slash || dot > slash + 1) ? (size_t)(dot - file) : strlen(file);
        path_base = nr_strndup(file, len);
    } else {
        char *stem = nr_output_stem(article, a->slug, a->title);
        size_t n = stem ? strlen(dir) + strlen(stem) + 2 : 0;
        path_base = stem ? malloc(n) : NULL;
        if (path_base)
            snprintf(path_base, n, "%s%s%s", dir, dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/",
                     stem);
        free(stem);
    }
    /* What there is to say, a predictor of the time it takes: its letters,
     * numbers counting more (a digit is said as a word or more), and a
     * fixed cost per article (about 150 letters' worth, measured). */
    if (weight)
        *weight = 150;
    for (size_t i = 0; weight && i < a->n_blocks; i++)
        for (const char *c = a->blocks[i].text; *c; c++)
            *weight += *c >= '0' && *c <= '9' ? 5 : 1;
    if (a->draft && drafts_skipped) {
        why = "draft";
    } else if (path_base) {
        char own[65], *album = nr_job_album(job, dir, file);
        char *image = job->cover ? NULL : nr_article_image_path(article, a->image);
        nr_job_key(job, article, input, !a->date, album, image, key ? key : own);
        free(image);
        free(album);
        /* with KEY, the caller checks, when the article is its to narrate */
        if (!key && nr_job_is_current(job, path_base, own))
            why = "up to date";
    }
    tutur_article_destroy(a);
    if (base)
        *base = path_base;
    else
        free(path_base);
    return why;
}

/* A folder to narrate into: made when missing (one level, like mkdir);
 * another process (a shard) making it at the same moment is no error. */
tutur_status nr_job_make_dir(tutur_ctx *ctx, const char *dir) {
    struct stat st;
    if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
        return TUTUR_OK;
    if (mkdir(dir, 0777) == 0 || (errno == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode)))
        return TUTUR_OK;
    return nr_fail(ctx, nr_status_from_errno(errno), "%s: cannot create the output directory: %s",
                   dir, strerror(errno));
}

tutur_status tutur_job_narrate(tutur_job *job, const char *article, const char *dir,
                               const char *file) {
    tutur_ctx *ctx = job->ctx;
    nr_clear(ctx);
    if (!article || (!file && (!dir || !*dir)) || (file && !*file))
        return nr_fail(ctx, TUTUR_E_INVALID, "narrate: an article and a folder or file name, "
                       "please");
    tutur_output_kind kind = file ? tutur_output_kind_of(file) : TUTUR_OUTPUT_KINDS;
    if (kind != TUTUR_OUTPUT_KINDS && kind != TUTUR_OUTPUT_OPUS)
        return nr_fail(ctx, TUTUR_E_INVALID, "%s: the narration is Ogg Opus: name it NAME.opus "
                       "(the %s goes beside it)", file, tutur_output_kind_name(kind));
    if (!file && !job->has_writer) {
        tutur_status st = nr_job_make_dir(ctx, dir);
        if (st != TUTUR_OK)
            return st;
    }
    const char *why = nr_job_skip_reason(job, article, dir, file, false, NULL, NULL, NULL);
    if (why) {
        nr_job_skipped(job, article, why);
        return TUTUR_OK;
    }
    return nr_job_narrate_one(job, article, dir, file, NULL);
}
