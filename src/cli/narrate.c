/* narrate.c: `tutur narrate`: for each article, READ, PLAN, RENDER, level,
 * then every output the options ask for, all from the one spool and
 * Timeline.  Outputs are opened (as temporary files) before the long work,
 * so an unwritable directory is reported at once, and committed together
 * at the end: a failure leaves no output and any earlier one untouched. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app.h"

typedef enum output_kind {
    OUT_OPUS,
    OUT_WAV,
    OUT_MP3,
    OUT_CAPTIONS,
    OUT_CHAPTERS_VTT,
    OUT_CHAPTERS_JSON,
    OUT_TRANSCRIPT,
    OUT_PLAYLIST,
    OUT_EPUB,
    OUT_COVER,     /* the cover beside the narration, for the page and the feed */
    OUT_DAISY_ZIP, /* the DAISY book as one download */
    OUT_PAGE, /* last: it lists the others with their sizes */
    OUT_COUNT,
} output_kind;

static const struct {
    const char *ext;
    const char *what;
} kinds[OUT_COUNT] = {
    [OUT_OPUS] = {".opus", "narration"},
    [OUT_WAV] = {".wav", "WAV"},
    [OUT_MP3] = {".mp3", "MP3"},
    [OUT_CAPTIONS] = {".vtt", "captions"},
    [OUT_CHAPTERS_VTT] = {".chapters.vtt", "chapters track"},
    [OUT_CHAPTERS_JSON] = {".chapters.json", "chapters JSON"},
    [OUT_TRANSCRIPT] = {".txt", "transcript"},
    [OUT_PLAYLIST] = {".m3u8", "playlist"},
    [OUT_EPUB] = {".epub", "EPUB 3 book"},
    [OUT_COVER] = {".png", "cover"}, /* or .jpg: the picture's own type */
    [OUT_DAISY_ZIP] = {".daisy.zip", "DAISY book zip"},
    [OUT_PAGE] = {".html", "listening page"},
};

typedef struct narration {
    tutur_script *script;
    tutur_spool *spool;
    tutur_timeline *tl;
    char *base; /* the output path without ".opus" */
    char *paths[OUT_COUNT];
    tutur_output *outs[OUT_COUNT];
    /* --daisy: a directory */
    char *daisy_path;
    tutur_output *daisy;
    /* --split */
    char *split_dir;
    bool made_split_dir;
    bool reported; /* a failure already printed */
    bool date_from_file; /* the article gives no date: the file's time */
    size_t n_parts;
    char **part_paths; /* as written */
    char **part_names; /* as the playlist names them: "slug/01-x.opus" */
    tutur_output **parts;
    tutur_speech_report speech; /* sentences that were not spoken as predicted */
    char **old_parts; /* what the earlier playlist named, in split_dir */
    size_t n_old_parts;
} narration;

static bool is_dir(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static char *concat(const char *a, const char *b, const char *c) {
    size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s%s%s", a, b, c);
    return p;
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

/* The output path without its extension: -o FILE, or DIR/STEM. */
static char *output_base(const char *path, const char *given, const char *dir,
                         const tutur_script *script) {
    if (given) {
        const char *slash = strrchr(given, '/');
        const char *dot = strrchr(given, '.');
        size_t n = dot && (!slash || dot > slash + 1) ? (size_t)(dot - given) : strlen(given);
        return strndup(given, n);
    }
    char *stem = output_stem(path, script);
    char *base = stem ? concat(dir, dir[strlen(dir) - 1] == '/' ? "" : "/", stem) : NULL;
    free(stem);
    return base;
}

/* The date and time when the article gives none: when the file was last
 * changed (standard input: now), in local time with its zone, ISO 8601.
 * A last resort, said in the summary. */
static void fallback_date(const char *path, tutur_script *s) {
    struct stat st;
    time_t when = strcmp(path, "-") != 0 && stat(path, &st) == 0 ? st.st_mtime : time(NULL);
    struct tm tm;
    char buf[40];
    if (!localtime_r(&when, &tm) || !strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S%z", &tm))
        return;
    size_t n = strlen(buf); /* +0700 -> +07:00 */
    if (n == 24) {
        memmove(buf + 23, buf + 22, 3); /* with the NUL */
        buf[22] = ':';
    }
    s->date = strndup(buf, 10);
    s->published = strdup(buf);
}

static bool same_file(const char *a, const char *b) {
    struct stat x, y;
    return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

static bool wanted(const options *o, output_kind k) {
    switch (k) {
    case OUT_OPUS: return true;
    case OUT_WAV: return o->wav;
    case OUT_MP3: return o->mp3;
    case OUT_CAPTIONS:
    case OUT_CHAPTERS_VTT: return o->captions || o->html; /* the page's tracks */
    case OUT_PAGE: return o->html;
    case OUT_EPUB: return o->epub;
    case OUT_CHAPTERS_JSON: return o->chapters_json;
    case OUT_TRANSCRIPT: return o->transcript;
    case OUT_PLAYLIST: return o->split;
    case OUT_COVER: return o->cover != NULL;
    case OUT_DAISY_ZIP: return o->daisy;
    case OUT_COUNT: break;
    }
    return false;
}

/* SPLIT_DIR/NN-slug.opus for every chapter, NN wide enough to sort. */
static void read_old_parts(narration *n);

static tutur_status open_parts(app *a, narration *n) {
    const tutur_script *s = n->script;
    if (strcmp(n->base, n->paths[OUT_OPUS]) == 0) {
        fprintf(stderr, "tutur: %s: name the narration NAME.opus to put chapter files in NAME/\n",
                n->base);
        n->reported = true;
        return TUTUR_E_INVALID;
    }
    n->split_dir = strdup(n->base);
    struct stat sb;
    if (n->split_dir && lstat(n->split_dir, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
        /* a link would send the chapter files, and the removal of old
         * ones, into a folder someone else chose */
        fprintf(stderr, "tutur: %s: not a directory (%s); chapter files go only into a real "
                        "directory\n", n->split_dir,
                S_ISLNK(sb.st_mode) ? "a symbolic link" : "a file");
        n->reported = true;
        return TUTUR_E_INVALID;
    }
    read_old_parts(n);
    n->n_parts = s->n_chapters;
    n->part_paths = calloc(s->n_chapters, sizeof *n->part_paths);
    n->part_names = calloc(s->n_chapters, sizeof *n->part_names);
    n->parts = calloc(s->n_chapters, sizeof *n->parts);
    if (!n->split_dir || !n->part_paths || !n->part_names || !n->parts)
        return TUTUR_E_NOMEM;
    if (!is_dir(n->split_dir)) {
        if (mkdir(n->split_dir, 0777) != 0) {
            fprintf(stderr, "tutur: %s: cannot create the directory: %s\n", n->split_dir,
                    strerror(errno));
            n->reported = true;
            return TUTUR_E_IO;
        }
        n->made_split_dir = true;
    }
    const char *dir_name = strrchr(n->split_dir, '/');
    dir_name = dir_name ? dir_name + 1 : n->split_dir;
    /* as many digits as the last number needs (at least two), so the
     * files sort in chapter order whatever their count */
    int width = 2;
    for (size_t k = s->n_chapters; k >= 100 && width < 20; k /= 10)
        width++;
    for (size_t c = 0; c < s->n_chapters; c++) {
        char *slug = tutur_slugify(s->chapters[c].title);
        char name[128];
        snprintf(name, sizeof name, "%0*zu-%.80s.opus", width & 31, c + 1, slug ? slug : "bab");
        free(slug);
        n->part_paths[c] = concat(n->split_dir, "/", name);
        n->part_names[c] = concat(dir_name, "/", name);
        if (!n->part_paths[c] || !n->part_names[c])
            return TUTUR_E_NOMEM;
        tutur_status st = tutur_output_open(a->ctx, n->part_paths[c], &n->parts[c]);
        if (st != TUTUR_OK)
            return st;
    }
    return TUTUR_OK;
}

static const char *base_name(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* The page links its siblings by name and offers them with their sizes,
 * measured from the files as written (not yet renamed into place). */
static tutur_status write_page(app *a, narration *n, tutur_output *o) {
    tutur_page_file files[OUT_COUNT + 2];
    size_t k = 0;
    static const struct {
        output_kind kind;
        const char *label, *format;
    } offered[] = {
        {OUT_OPUS, "Narasi lengkap", "Opus"},
        {OUT_MP3, "Narasi lengkap", "MP3"},
        {OUT_CAPTIONS, "Teks dengan waktu", "WebVTT"},
        {OUT_TRANSCRIPT, "Transkrip", "teks"},
        {OUT_CHAPTERS_JSON, "Daftar bab", "JSON"},
        {OUT_PLAYLIST, "Daftar putar per bab", "M3U8"},
        {OUT_EPUB, "Buku bicara", "EPUB 3"},
        {OUT_DAISY_ZIP, "Buku bicara", "DAISY 2.02, zip"},
    };
    for (size_t i = 0; i < sizeof offered / sizeof offered[0]; i++) {
        tutur_output *f = n->outs[offered[i].kind];
        if (!f)
            continue;
        files[k++] = (tutur_page_file){base_name(n->paths[offered[i].kind]), offered[i].label,
                                       offered[i].format, tutur_output_size(f)};
    }
    /* the podcast feed of the folder, when `tutur feed` has made one */
    char *feed = concat(n->base, "", "");
    char *slash = feed ? strrchr(feed, '/') : NULL;
    if (slash)
        slash[1] = '\0';
    char *feed_path = feed ? concat(slash ? feed : "", "feed.xml", "") : NULL;
    struct stat fst;
    if (feed_path && stat(feed_path, &fst) == 0 && S_ISREG(fst.st_mode))
        files[k++] = (tutur_page_file){"feed.xml", "Umpan podcast", "RSS", (int64_t)fst.st_size};
    free(feed);
    free(feed_path);
    tutur_page_file *all = malloc((k + n->n_parts) * sizeof *all);
    if (!all)
        return TUTUR_E_NOMEM;
    memcpy(all, files, k * sizeof *all);
    for (size_t c = 0; c < n->n_parts; c++)
        all[k++] = (tutur_page_file){n->part_names[c], n->script->chapters[c].title, "Opus",
                                     tutur_output_size(n->parts[c])};
    tutur_page_links links = {
        n->script->language,
        base_name(n->paths[OUT_OPUS]),
        n->outs[OUT_MP3] ? base_name(n->paths[OUT_MP3]) : NULL,
        base_name(n->paths[OUT_CAPTIONS]),
        base_name(n->paths[OUT_CHAPTERS_VTT]),
        all,
        k,
        n->outs[OUT_COVER] ? base_name(n->paths[OUT_COVER]) : NULL,
        NULL,
    };
    char *date_text = tutur_lang_date_text(a->lang, n->script->date);
    links.date_text = date_text;
    tutur_status st = tutur_sink_page(a->ctx, n->script, n->tl, &links, o);
    free(date_text);
    free(all);
    return st;
}

/* The MP3 encoders (MP3, EPUB, DAISY, and WAV) run on a thread of their
 * own while the Opus files are encoded, with a context of their own for
 * their messages; the text sidecars and the page follow. */
typedef struct side_job {
    narration *n;
    tutur_ctx *ctx;
    const tutur_mp3_options *mp3;
    tutur_status st;
} side_job;

static void *side_sinks(void *arg) {
    side_job *j = arg;
    narration *n = j->n;
    tutur_status st = TUTUR_OK;
    if (n->daisy)
        st = tutur_sink_daisy(j->ctx, n->script, n->tl, n->spool, j->mp3->cover, n->daisy);
    if (st == TUTUR_OK && n->daisy && n->outs[OUT_DAISY_ZIP])
        st = tutur_daisy_zip(j->ctx, n->daisy, n->outs[OUT_DAISY_ZIP]);
    if (st == TUTUR_OK && n->outs[OUT_WAV])
        st = tutur_sink_wav(j->ctx, n->tl, n->spool, n->outs[OUT_WAV]);
    if (st == TUTUR_OK && n->outs[OUT_MP3])
        st = tutur_sink_mp3(j->ctx, n->script, n->tl, n->spool, j->mp3, n->outs[OUT_MP3]);
    if (st == TUTUR_OK && n->outs[OUT_EPUB])
        st = tutur_sink_epub(j->ctx, n->script, n->tl, n->spool, j->mp3->cover,
                             n->outs[OUT_EPUB]);
    j->st = st;
    return NULL;
}

static tutur_status write_outputs(app *a, narration *n, const tutur_cover *cover) {
    const tutur_profile *p = &a->profile;
    tutur_opus_options oo = {p->opus_bitrate_kbps, p->opus_complexity, p->opus_frame_ms, 0,
                             cover, a->opt.jobs};
    tutur_ctx *ctx = a->ctx;
    tutur_script *s = n->script;
    tutur_timeline *tl = n->tl;
    tutur_mp3_options mo = {p->mp3_bitrate_kbps, cover, a->album, a->opt.jobs};
    side_job side = {n, NULL, &mo, TUTUR_OK};
    pthread_t thread;
    bool threaded = (n->daisy || n->outs[OUT_WAV] || n->outs[OUT_MP3] || n->outs[OUT_EPUB]) &&
                    tutur_ctx_create(&side.ctx) == TUTUR_OK;
    if (threaded) {
        /* no progress on that thread; the signal still stops it */
        tutur_ctx_set_stop_flag(side.ctx, progress_stop_flag());
        threaded = pthread_create(&thread, NULL, side_sinks, &side) == 0;
    }
    if (!threaded && side.ctx) {
        tutur_ctx_destroy(side.ctx);
        side.ctx = NULL;
    }
    tutur_status st = tutur_sink_opus(ctx, s, tl, n->spool, &oo, n->outs[OUT_OPUS]);
    for (size_t c = 0; st == TUTUR_OK && c < n->n_parts; c++)
        st = tutur_sink_opus_chapter(ctx, s, tl, n->spool, c, &oo, n->parts[c]);
    if (threaded) {
        pthread_join(thread, NULL);
        if (st == TUTUR_OK && side.st != TUTUR_OK) {
            fprintf(stderr, "tutur: %s\n", tutur_ctx_message(side.ctx));
            n->reported = true;
            st = side.st;
        }
        tutur_ctx_destroy(side.ctx);
    } else if (st == TUTUR_OK) {
        side.ctx = ctx;
        side_sinks(&side);
        st = side.st;
    }
    for (int k = OUT_CAPTIONS; st == TUTUR_OK && k < OUT_COUNT; k++) {
        tutur_output *o = n->outs[k];
        if (!o)
            continue;
        switch ((output_kind)k) {
        case OUT_CAPTIONS: st = tutur_sink_captions(ctx, s, tl, o); break;
        case OUT_CHAPTERS_VTT: st = tutur_sink_chapters_vtt(ctx, s, tl, o); break;
        case OUT_CHAPTERS_JSON: st = tutur_sink_chapters_json(ctx, s, tl, o); break;
        case OUT_TRANSCRIPT: st = tutur_sink_transcript(ctx, s, o); break;
        case OUT_PLAYLIST:
            st = tutur_sink_playlist(ctx, s, tl, (const char *const *)n->part_names, o);
            break;
        case OUT_COVER: st = tutur_cover_write(ctx, cover, o); break;
        case OUT_PAGE: st = write_page(a, n, o); break;
        default: break;
        }
    }
    return st;
}

/* Sidecars and parts first, the narration last: a reader that sees the
 * .opus file can trust what stands beside it. */
static tutur_status commit_all(app *a, narration *n) {
    tutur_status st = TUTUR_OK;
    for (size_t c = 0; st == TUTUR_OK && c < n->n_parts; c++)
        st = tutur_output_commit(a->ctx, n->parts[c]);
    if (st == TUTUR_OK && n->daisy)
        st = tutur_output_commit(a->ctx, n->daisy);
    for (int k = OUT_COUNT - 1; st == TUTUR_OK && k >= 0; k--)
        if (n->outs[k])
            st = tutur_output_commit(a->ctx, n->outs[k]);
    return st;
}

/* The chapter files the earlier narration recorded writing: the entries
 * of its playlist that name a plain file in the chapter folder.  Read
 * before the new playlist replaces it.  Nothing else in the folder is
 * ever removed: a file tutur did not write there is not tutur's. */
static void read_old_parts(narration *n) {
    FILE *f = n->paths[OUT_PLAYLIST] ? fopen(n->paths[OUT_PLAYLIST], "r") : NULL;
    if (!f)
        return;
    const char *dir_name = strrchr(n->split_dir, '/');
    dir_name = dir_name ? dir_name + 1 : n->split_dir;
    size_t dir_len = strlen(dir_name), cap = 0, line_cap = 0;
    char *line = NULL;
    ssize_t len;
    while ((len = getline(&line, &line_cap, f)) > 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        const char *name = line + dir_len + 1;
        if (line[0] == '#' || strncmp(line, dir_name, dir_len) != 0 || line[dir_len] != '/' ||
            !*name || strchr(name, '/') || name[0] == '.')
            continue;
        if (n->n_old_parts == cap) {
            char **p = realloc(n->old_parts, (cap = cap ? 2 * cap : 16) * sizeof *p);
            if (!p)
                break;
            n->old_parts = p;
        }
        if (!(n->old_parts[n->n_old_parts] = strdup(name)))
            break;
        n->n_old_parts++;
    }
    free(line);
    fclose(f);
}

/* Chapter files of the earlier narration that this one no longer has
 * (the article lost a heading, or one was renamed): regular files only,
 * in the folder itself, never through a link. */
static void remove_stale_parts(narration *n) {
    int dir = open(n->split_dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dir < 0)
        return;
    for (size_t k = 0; k < n->n_old_parts; k++) {
        bool current = false;
        for (size_t c = 0; c < n->n_parts && !current; c++)
            current = strcmp(strrchr(n->part_paths[c], '/') + 1, n->old_parts[k]) == 0;
        struct stat sb;
        if (!current && fstatat(dir, n->old_parts[k], &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
            S_ISREG(sb.st_mode))
            unlinkat(dir, n->old_parts[k], 0);
    }
    close(dir);
}

/* The sentences that were not spoken as their text predicts: a count,
 * then each with its place and its first words (at most ten). */
static void report_speech(const narration *n, FILE *f, bool strict) {
    const tutur_speech_report *r = &n->speech;
    fprintf(f, "tutur: %s%s: %zu of %zu sentences not spoken as their text predicts%s\n",
            strict ? "" : "warning: ", n->paths[OUT_OPUS], r->n_issues, r->checked,
            strict ? " (--strict: nothing written)" : "");
    for (size_t i = 0; i < r->n_issues && i < 10; i++) {
        const tutur_speech_issue *is = &r->issues[i];
        const tutur_segment *seg = &n->script->chapters[is->chapter].segments[is->segment];
        const tutur_range *t = &seg->sentences[is->sentence].text;
        fprintf(f, "    chapter %u, paragraph %u: \"%.*s%s\": %s (%lld ms for %d syllables)\n",
                is->chapter + 1, is->segment + 1, t->length > 60 ? 60 : (int)t->length,
                seg->text + t->offset,
                t->length > 60 ? "..." : "", is->silent ? "silent" : "out of range",
                (long long)is->speech_ms, is->syllables);
    }
}

static void print_summary(app *a, const narration *n) {
    if (n->speech.n_issues) /* even when quiet: a listener would miss these */
        report_speech(n, stderr, false);
    if (a->opt.quiet)
        return;
    const tutur_timeline *tl = n->tl;
    const tutur_loudness *L = &tl->loudness;
    char when[13];
    tutur_format_hms(tutur_samples_to_ms(tl->total, tl->rate), when);
    fprintf(stderr, "%s: %s of audio, %zu chapters, gain %+.1f dB to %.1f LUFS, true peak %.1f dBTP\n",
            n->paths[OUT_OPUS], when, tl->n_chapters, L->gain_db, L->output_lufs,
            L->output_peak_dbtp);
    if (n->date_from_file)
        fprintf(stderr, "  %-15s none in the article: the file's time, %s\n", "date",
                n->script->published ? n->script->published : n->script->date);
    int64_t rs, ts, rc, tc;
    tutur_ctx_cache_stats(a->ctx, &rs, &ts, &rc, &tc);
    if (rs || rc)
        fprintf(stderr, "  %-15s %lld of %lld segments and %lld of %lld chunks reused so far\n",
                "cache", (long long)rs, (long long)ts, (long long)rc, (long long)tc);
    for (int k = 1; k < OUT_COUNT; k++)
        if (n->outs[k])
            fprintf(stderr, "  %-15s %s\n", kinds[k].what, n->paths[k]);
    if (n->n_parts)
        fprintf(stderr, "  %-15s %s/ (%zu files)\n", "chapter files", n->split_dir, n->n_parts);
    if (n->daisy)
        fprintf(stderr, "  %-15s %s/\n", "DAISY 2.02 book", n->daisy_path);
}

static void narration_free(narration *n) {
    for (int k = 0; k < OUT_COUNT; k++) {
        tutur_output_destroy(n->outs[k]);
        free(n->paths[k]);
    }
    for (size_t c = 0; c < n->n_parts; c++) {
        if (n->parts)
            tutur_output_destroy(n->parts[c]);
        if (n->part_paths)
            free(n->part_paths[c]);
        if (n->part_names)
            free(n->part_names[c]);
    }
    if (n->made_split_dir)
        rmdir(n->split_dir); /* only when a failure left it empty */
    for (size_t k = 0; k < n->n_old_parts; k++)
        free(n->old_parts[k]);
    free(n->old_parts);
    free(n->parts);
    free(n->part_paths);
    free(n->part_names);
    free(n->split_dir);
    free(n->base);
    tutur_output_destroy(n->daisy);
    free(n->daisy_path);
    tutur_speech_report_clear(&n->speech);
    tutur_spool_destroy(n->spool);
    tutur_timeline_destroy(n->tl);
    tutur_script_destroy(n->script);
}

static int narrate_one(app *a, const char *path, const char *given, const char *out_dir,
                       const tutur_cover *cover, int64_t *audio_ms) {
    narration n = {0};
    progress_begin(&a->prog, strcmp(path, "-") == 0 ? "standard input" : path);
    progress_exit_on_signal(true); /* nothing written yet */
    tutur_status st = app_read_and_plan(a, path, &n.script);
    progress_exit_on_signal(false);
    if (st == TUTUR_OK && !n.script->date) {
        free(n.script->published);
        n.script->published = NULL;
        fallback_date(path, n.script);
        n.date_from_file = true;
    }
    if (st == TUTUR_OK && n.script->n_chapters > TUTUR_OPUS_MAX_CHAPTERS)
        fprintf(stderr, "tutur: warning: %s: %zu chapters; the Opus file marks the first %d "
                        "(CHAPTER000 to CHAPTER999), the chapters JSON and WebVTT mark them all\n",
                path, n.script->n_chapters, TUTUR_OPUS_MAX_CHAPTERS);
    if (st == TUTUR_OK && !(n.base = output_base(path, given, out_dir, n.script)))
        st = TUTUR_E_NOMEM;
    for (int k = 0; st == TUTUR_OK && k < OUT_COUNT; k++) {
        if (!wanted(&a->opt, (output_kind)k))
            continue;
        /* -o names the narration itself exactly; the rest go beside it. */
        const char *ext = k == OUT_COVER && cover ? tutur_cover_extension(cover) : kinds[k].ext;
        n.paths[k] = k == OUT_OPUS && given ? strdup(given) : concat(n.base, ext, "");
        if (n.paths[k] && same_file(path, n.paths[k])) {
            /* "notes.txt" narrated beside itself: the transcript would
             * replace the article */
            fprintf(stderr, "tutur: %s: the %s would replace the article; narrate into another "
                            "directory (-o)\n", path, kinds[k].what);
            n.reported = true;
            st = TUTUR_E_INVALID;
            break;
        }
        if (!n.paths[k])
            st = TUTUR_E_NOMEM;
    }
    /* Two outputs under one name: the one committed last would replace the
     * other without a word.  Refused before anything is opened. */
    for (int k = 0; st == TUTUR_OK && k < OUT_COUNT; k++)
        for (int m = k + 1; st == TUTUR_OK && m < OUT_COUNT; m++)
            if (n.paths[k] && n.paths[m] && strcmp(n.paths[k], n.paths[m]) == 0) {
                fprintf(stderr, "tutur: %s: both the %s and the %s would be written there; name "
                                "the narration NAME.opus\n", n.paths[k], kinds[k].what,
                        kinds[m].what);
                n.reported = true;
                st = TUTUR_E_INVALID;
            }
    for (int k = 0; st == TUTUR_OK && k < OUT_COUNT; k++)
        if (n.paths[k])
            st = tutur_output_open(a->ctx, n.paths[k], &n.outs[k]);
    if (st == TUTUR_OK && a->opt.split)
        st = open_parts(a, &n);
    if (st == TUTUR_OK && a->opt.daisy) {
        n.daisy_path = concat(n.base, ".daisy", "");
        st = n.daisy_path ? tutur_output_open_dir(a->ctx, n.daisy_path, &n.daisy) : TUTUR_E_NOMEM;
    }
    if (st == TUTUR_OK)
        st = tutur_render(a->ctx, n.script, &a->profile, a->lang, &n.spool, &n.tl);
    if (st == TUTUR_OK)
        st = tutur_level(a->ctx, &a->profile, n.spool, n.tl);
    if (st == TUTUR_OK)
        st = tutur_check_speech(a->ctx, n.script, n.tl, n.spool, &n.speech);
    if (st == TUTUR_OK && a->opt.strict && n.speech.n_issues) {
        report_speech(&n, stderr, true);
        n.reported = true;
        st = TUTUR_E_INVALID;
    }
    if (st == TUTUR_OK)
        st = write_outputs(a, &n, cover);
    if (st == TUTUR_OK)
        st = commit_all(a, &n);
    progress_end(&a->prog);
    int rc = EXIT_SUCCESS;
    if (st == TUTUR_OK) {
        *audio_ms = tutur_samples_to_ms(n.tl->total, n.tl->rate);
        n.made_split_dir = false;
        if (n.n_parts)
            remove_stale_parts(&n);
        print_summary(a, &n);
    } else if (n.reported) {
        rc = EXIT_FAILURE;
    } else {
        rc = app_fail(a, st);
    }
    narration_free(&n);
    return rc;
}

/* A worker process goes when the process that started it goes, even by
 * SIGKILL: no orphan goes on writing in the output or temporary folder. */
static void die_with_parent(pid_t parent) {
#ifdef __linux__
    prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
    if (getppid() != parent)
        _exit(EXIT_FAILURE); /* it went before prctl took effect */
}

static double seconds_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A batch: articles done, audio made, and the time left at the pace so
 * far ("[3/20] 00:24:10 of audio; about 2 min left"). */
static void batch_progress(int done, int total, int64_t audio_ms, double elapsed) {
    char when[13];
    tutur_format_hms(audio_ms, when);
    double left = elapsed / done * (total - done);
    if (done == total)
        fprintf(stderr, "[%d/%d] %s of audio in %.0f s\n", done, total, when, elapsed);
    else if (left < 90)
        fprintf(stderr, "[%d/%d] %s of audio; about %.0f s left\n", done, total, when, left);
    else
        fprintf(stderr, "[%d/%d] %s of audio; about %.0f min left\n", done, total, when,
                left / 60);
}

/* The cache lives in $XDG_CACHE_HOME/tutur (or ~/.cache/tutur), 1 GiB at
 * most ($TUTUR_CACHE_MB to change).  Without either variable: no cache. */
static void set_up_cache(app *a) {
    if (a->opt.no_cache)
        return;
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    char dir[1024];
    if (xdg && xdg[0] == '/')
        snprintf(dir, sizeof dir, "%s/tutur", xdg);
    else if (home && home[0] == '/' && is_dir(home)) /* never create a home */
        snprintf(dir, sizeof dir, "%s/.cache/tutur", home);
    else
        return;
    const char *mb = getenv("TUTUR_CACHE_MB");
    long limit = mb ? strtol(mb, NULL, 10) : 1024;
    /* the cache only saves time: narrating goes on without one */
    (void)tutur_ctx_set_cache(a->ctx, dir, (int64_t)(limit > 0 ? limit : 1024) * 1024 * 1024);
}

/* A batch on several cores: one process per article at a time, up to
 * WORKERS, each with one encoder (espeak-ng allows one synthesizer per
 * process, and whole articles keep every core busy through synthesis and
 * leveling too).  Each child reports its audio length through a pipe. */
static off_t size_of(const char *path) {
    struct stat st;
    return strcmp(path, "-") != 0 && stat(path, &st) == 0 ? st.st_size : 0;
}

static int larger_first(const void *x, const void *y) {
    off_t a = size_of(*(char *const *)x), b = size_of(*(char *const *)y);
    return a < b ? 1 : a > b ? -1 : 0;
}

static int narrate_batch(app *a, const char *out, const tutur_cover *cover, int workers) {
    int n = a->opt.n_files, next = 0, done = 0, running = 0, rc = EXIT_SUCCESS;
    /* The longest first: the batch ends with short articles, not with one
     * long one on a single core while the others idle. */
    char **order = malloc((size_t)n * sizeof *order);
    if (!order)
        return EXIT_FAILURE;
    memcpy(order, a->opt.files, (size_t)n * sizeof *order);
    qsort(order, (size_t)n, sizeof *order, larger_first);
    pid_t pids[64];
    int fds[2];
    if (workers > 64)
        workers = 64;
    /* Children write their audio length (8 bytes, atomic in a pipe) just
     * before they exit; the parent sums whatever is there after each exit,
     * without blocking: a child killed before writing must not hang it. */
    pid_t parent = getpid();
    if (pipe(fds) != 0 || fcntl(fds[0], F_SETFL, O_NONBLOCK) != 0)
        return EXIT_FAILURE;
    int64_t audio_ms = 0;
    double started = seconds_now();
    a->opt.jobs = 1;
    tutur_ctx_set_jobs(a->ctx, 1);
    a->prog.tty = false; /* lines, not redrawn bars, from several processes */
    bool stopping = false;
    while (done < n) {
        while (!stopping && running < workers && next < n) {
            fflush(stdout);
            fflush(stderr);
            /* the last articles get the cores the batch no longer needs */
            int left = n - next;
            a->opt.jobs = left >= workers ? 1 : workers / left;
            pid_t pid = fork();
            if (pid == 0) {
                close(fds[0]);
                die_with_parent(parent);
                int64_t ms = 0;
                int r = narrate_one(a, order[next], NULL, out, cover, &ms);
                if (write(fds[1], &ms, sizeof ms) != (ssize_t)sizeof ms)
                    r = EXIT_FAILURE;
                _exit(r);
            }
            if (pid < 0) {
                fprintf(stderr, "tutur: cannot start a worker: %s\n", strerror(errno));
                stopping = true;
                rc = EXIT_FAILURE;
                break;
            }
            pids[running++] = pid;
            next++;
        }
        if (!running)
            break;
        int status = 0;
        pid_t pid = wait(&status);
        if (pid < 0) {
            if (errno == EINTR && progress_interrupted() && !stopping) {
                stopping = true; /* children clean up on the same signal */
                for (int k = 0; k < running; k++)
                    kill(pids[k], SIGTERM);
                rc = EXIT_INTERRUPTED;
            }
            continue;
        }
        for (int k = 0; k < running; k++)
            if (pids[k] == pid) {
                pids[k] = pids[running - 1];
                break;
            }
        running--;
        done++;
        int r = WIFEXITED(status) ? WEXITSTATUS(status) : EXIT_FAILURE;
        int64_t ms = 0;
        while (read(fds[0], &ms, sizeof ms) == (ssize_t)sizeof ms)
            audio_ms += ms;
        if (r == EXIT_INTERRUPTED) {
            stopping = true;
            rc = EXIT_INTERRUPTED;
        } else if (r != EXIT_SUCCESS && rc == EXIT_SUCCESS) {
            rc = r;
        }
        if (!a->opt.quiet && !stopping)
            batch_progress(done, n, audio_ms, seconds_now() - started);
    }
    close(fds[0]);
    close(fds[1]);
    free(order);
    return rc;
}

/* Empties and removes DIR, a scratch folder of files only. */
static void remove_tree(const char *dir) {
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *p = concat(dir, "/", e->d_name);
        if (p)
            unlink(p);
        free(p);
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

/* -o -: the one narration to standard output, for pipes (Ogg Opus, or
 * MP3 with --format mp3).  It is made in a scratch folder of TMPDIR (the
 * writers go back over what they wrote) and then copied out whole. */
static int narrate_to_stdout(app *a) {
    const options *o = &a->opt;
    if (o->n_files != 1) {
        fputs("tutur: -o -: give exactly one article\n", stderr);
        return EXIT_USAGE;
    }
    if (o->captions || o->chapters_json || o->transcript || o->split || o->html || o->epub ||
        o->daisy || o->wav || (o->mp3 && !o->format_mp3)) {
        fputs("tutur: -o -: only the narration goes to standard output; write other outputs "
              "into a directory (-o DIR)\n", stderr);
        return EXIT_USAGE;
    }
    if (isatty(STDOUT_FILENO)) {
        fputs("tutur: -o -: standard output is a terminal; pipe or redirect it\n", stderr);
        return EXIT_USAGE;
    }
    const char *tmp = getenv("TMPDIR");
    char dir[1024], tag[40];
    tutur_temp_tag(tag, sizeof tag); /* a killed run's folder is removed by the next */
    snprintf(dir, sizeof dir, "%s/%s-stdout.XXXXXX", tmp && *tmp ? tmp : "/tmp", tag);
    if (!mkdtemp(dir)) {
        fprintf(stderr, "tutur: %s: cannot create a scratch folder: %s\n", dir, strerror(errno));
        return EXIT_FAILURE;
    }
    char *path = concat(dir, "/narration.opus", "");
    a->opt.mp3 = o->format_mp3;
    a->opt.output = path;
    a->opt.quiet = true; /* no summary: it would name the scratch files (progress stays) */
    int rc = path ? EXIT_SUCCESS : EXIT_FAILURE;
    tutur_cover *cover = NULL;
    if (rc == EXIT_SUCCESS && o->cover && tutur_cover_load(a->ctx, o->cover, &cover) != TUTUR_OK)
        rc = app_fail(a, TUTUR_E_INVALID);
    if (rc == EXIT_SUCCESS) {
        tutur_ctx_set_jobs(a->ctx, a->opt.jobs);
        int64_t ms = 0;
        rc = narrate_one(a, o->files[0], path, dir, cover, &ms);
    }
    if (rc == EXIT_SUCCESS) {
        char *result = o->format_mp3 ? concat(dir, "/narration.mp3", "") : strdup(path);
        FILE *f = result ? fopen(result, "rb") : NULL;
        char buf[65536];
        size_t n;
        while (f && (n = fread(buf, 1, sizeof buf, f)) > 0)
            if (fwrite(buf, 1, n, stdout) != n)
                break;
        if (!f || ferror(f) || fflush(stdout) != 0) {
            fprintf(stderr, "tutur: -o -: cannot write to standard output: %s\n", strerror(errno));
            rc = EXIT_FAILURE;
        }
        if (f)
            fclose(f);
        free(result);
    }
    tutur_cover_destroy(cover);
    remove_tree(dir);
    free(path);
    tutur_ctx_trim_cache(a->ctx);
    return rc;
}

int cmd_narrate(app *a) {
    set_up_cache(a);
    const char *out = a->opt.output ? a->opt.output : "out";
    size_t len = strlen(out);
    if (len == 0) {
        fprintf(stderr, "tutur: -o: the output path is empty\n");
        return EXIT_USAGE;
    }
    if (a->opt.format_mp3 && strcmp(out, "-") != 0) {
        fputs("tutur: --format belongs to -o - (the MP3 beside a file: --mp3)\n", stderr);
        return EXIT_USAGE;
    }
    if (strcmp(out, "-") == 0) {
        if (a->opt.jobs <= 0) {
            long cores = sysconf(_SC_NPROCESSORS_ONLN);
            a->opt.jobs = cores > 64 ? 64 : cores > 0 ? (int)cores : 1;
        }
        return narrate_to_stdout(a);
    }
    bool single_file = a->opt.n_files == 1 && a->opt.output && out[len - 1] != '/' && !is_dir(out);
    const char *dot = strrchr(out, '.'), *slash = strrchr(out, '/');
    for (int k = 1; single_file && dot && (!slash || dot > slash) && k < OUT_COUNT; k++) {
        const char *ext = strrchr(kinds[k].ext, '.'); /* ".json" of ".chapters.json" */
        if (strcasecmp(dot, ext) == 0 || (k == OUT_COVER && strcasecmp(dot, ".jpg") == 0)) {
            fprintf(stderr, "tutur: -o %s: the narration is Ogg Opus: name it NAME.opus (the %s "
                            "goes beside it)\n", out, kinds[k].what);
            return EXIT_USAGE;
        }
    }
    tutur_cover *cover = NULL;
    if (a->opt.cover) {
        tutur_status st = tutur_cover_load(a->ctx, a->opt.cover, &cover);
        if (st != TUTUR_OK)
            return app_fail(a, st);
    }
    /* The MP3's album is the feed's title when the output directory has
     * feed settings (`tutur feed` reads the same file). */
    char *ini = single_file ? NULL : concat(out, out[len - 1] == '/' ? "" : "/", "feed.ini");
    tutur_feed_channel ch = {0};
    if (ini && access(ini, R_OK) == 0 && tutur_feed_channel_load(a->ctx, ini, &ch) == TUTUR_OK &&
        ch.title)
        a->album = strdup(ch.title);
    tutur_feed_channel_clear(&ch);
    free(ini);
    if (cover && !tutur_cover_fits_podcasts(cover) && !a->opt.quiet) {
        int w, h;
        tutur_cover_size(cover, &w, &h);
        fprintf(stderr, "tutur: warning: %s: the cover is %dx%d pixels; podcast directories want "
                        "a square of 1400 to 3000\n", a->opt.cover, w, h);
    }
    if (!single_file && !is_dir(out) && mkdir(out, 0777) != 0) {
        fprintf(stderr, "tutur: %s: cannot create the output directory: %s\n", out,
                strerror(errno));
        tutur_cover_destroy(cover);
        return EXIT_FAILURE;
    }
    /* --jobs, or every core: resolved once, here */
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (a->opt.jobs <= 0)
        a->opt.jobs = cores > 64 ? 64 : cores > 0 ? (int)cores : 1;
    int jobs = a->opt.jobs;
    if (a->opt.n_files > 1 && jobs > 1) {
        int r = narrate_batch(a, out, cover, jobs);
        tutur_cover_destroy(cover);
        tutur_ctx_trim_cache(a->ctx);
        return r;
    }
    tutur_ctx_set_jobs(a->ctx, jobs); /* synthesis workers */
    int rc = EXIT_SUCCESS;
    int64_t audio_ms = 0;
    double started = seconds_now();
    for (int i = 0; i < a->opt.n_files; i++) {
        int64_t ms = 0;
        int r = narrate_one(a, a->opt.files[i], single_file ? out : NULL, out, cover, &ms);
        if (r == EXIT_INTERRUPTED) {
            rc = r;
            break;
        }
        if (r != EXIT_SUCCESS)
            rc = r;
        audio_ms += ms;
        if (a->opt.n_files > 1 && !a->opt.quiet)
            batch_progress(i + 1, a->opt.n_files, audio_ms, seconds_now() - started);
    }
    tutur_cover_destroy(cover);
    tutur_ctx_trim_cache(a->ctx);
    return rc;
}
