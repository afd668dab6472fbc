/* job_outputs.c: the files of one narration: their names, opening them
 * as temporary files before the long work (an unwritable folder is
 * reported at once), writing them all from the one spool and Timeline,
 * and committing them together, the narration last. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "job_internal.h"

static const struct {
    const char *ext;
    const char *what;
} kinds[TUTUR_OUTPUT_KINDS] = {
    [TUTUR_OUTPUT_OPUS] = {".opus", "narration"},
    [TUTUR_OUTPUT_WAV] = {".wav", "WAV"},
    [TUTUR_OUTPUT_MP3] = {".mp3", "MP3"},
    [TUTUR_OUTPUT_CAPTIONS] = {".vtt", "captions"},
    [TUTUR_OUTPUT_CHAPTERS_VTT] = {".chapters.vtt", "chapters track"},
    [TUTUR_OUTPUT_CHAPTERS_JSON] = {".chapters.json", "chapters JSON"},
    [TUTUR_OUTPUT_TRANSCRIPT] = {".txt", "transcript"},
    [TUTUR_OUTPUT_PLAYLIST] = {".m3u8", "playlist"},
    [TUTUR_OUTPUT_EPUB] = {".epub", "EPUB 3 book"},
    [TUTUR_OUTPUT_COVER] = {".png", "cover"}, /* or .jpg: the picture's own type */
    [TUTUR_OUTPUT_DAISY_ZIP] = {".daisy.zip", "DAISY book zip"},
    [TUTUR_OUTPUT_PAGE] = {".html", "listening page"},
    [TUTUR_OUTPUT_CHAPTER_FILES] = {"", "chapter files"},
    [TUTUR_OUTPUT_DAISY] = {".daisy", "DAISY 2.02 book"},
};

tutur_output_kind tutur_output_kind_of(const char *name) {
    const char *dot = strrchr(name, '.'), *slash = strrchr(name, '/');
    if (!dot || (slash && dot < slash))
        return TUTUR_OUTPUT_KINDS;
    if (strcasecmp(dot, ".jpg") == 0 || strcasecmp(dot, ".jpeg") == 0)
        return TUTUR_OUTPUT_COVER;
    for (int k = 0; k < TUTUR_OUTPUT_KINDS; k++) {
        const char *ext = strrchr(kinds[k].ext, '.'); /* ".json" of ".chapters.json" */
        if (ext && k != TUTUR_OUTPUT_DAISY && strcasecmp(dot, ext) == 0)
            return (tutur_output_kind)k;
    }
    return TUTUR_OUTPUT_KINDS;
}
const char *tutur_output_kind_name(tutur_output_kind kind) {
    return (unsigned)kind < TUTUR_OUTPUT_KINDS ? kinds[kind].what : "output";
}

static char *concat(const char *a, const char *b, const char *c) {
    size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s%s%s", a, b, c);
    return p;
}

static bool is_dir(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool same_file(const char *a, const char *b) {
    struct stat x, y;
    return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

static const char *base_name(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* "articles/My Notes.txt" -> "my-notes"; a slug "Harga Naik" -> "harga-naik";
 * standard input -> the title's. */
char *nr_output_stem(const char *path, const char *slug, const char *title) {
    if (slug && slug[0])
        return tutur_slugify(slug);
    if (strcmp(path, "-") == 0)
        return tutur_slugify(title);
    const char *base = base_name(path);
    const char *dot = strrchr(base, '.');
    char *stem = dot && dot != base ? nr_strndup(base, (size_t)(dot - base)) : nr_strdup(base);
    char *made = stem ? tutur_slugify(stem) : NULL;
    free(stem);
    return made;
}

/* The output path without its extension: FILE less its extension, or
 * DIR/STEM. */
static char *output_base(const nr_narration *n, const char *file, const char *dir) {
    if (file) {
        const char *slash = strrchr(file, '/');
        const char *dot = strrchr(file, '.');
        size_t len = dot && (!slash || dot > slash + 1) ? (size_t)(dot - file) : strlen(file);
        return nr_strndup(file, len);
    }
    char *stem = nr_output_stem(n->article, n->slug, n->script->title);
    size_t len = strlen(dir);
    char *base = stem ? concat(dir, len && dir[len - 1] == '/' ? "" : "/", stem) : NULL;
    free(stem);
    return base;
}

tutur_status nr_narration_name(tutur_job *job, nr_narration *n, const char *dir,
                               const char *file) {
    tutur_ctx *ctx = job->ctx;
    if (!(n->base = output_base(n, file, dir)))
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    for (int k = 0; k < TUTUR_OUTPUT_KINDS; k++) {
        bool wanted = job->outputs & TUTUR_OUTPUT_BIT(k);
        if (k == TUTUR_OUTPUT_COVER)
            wanted = n->cover != NULL; /* a cover given is offered beside the narration */
        if (!wanted)
            continue;
        /* FILE names the narration itself exactly; the rest go beside it */
        const char *ext = k == TUTUR_OUTPUT_COVER ? tutur_cover_extension(n->cover)
                                                  : kinds[k].ext;
        n->paths[k] = k == TUTUR_OUTPUT_OPUS && file ? nr_strdup(file) : concat(n->base, ext, "");
        if (!n->paths[k])
            return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
        if (strcmp(n->article, "-") != 0 && same_file(n->article, n->paths[k]))
            /* "notes.txt" narrated beside itself: the transcript would
             * replace the article */
            return nr_fail(ctx, TUTUR_E_INVALID, "%s: the %s would replace the article; narrate "
                           "into another directory (-o)", n->article, kinds[k].what);
    }
    if (n->paths[TUTUR_OUTPUT_CHAPTER_FILES] &&
        strcmp(n->base, n->paths[TUTUR_OUTPUT_OPUS]) == 0)
        return nr_fail(ctx, TUTUR_E_INVALID, "%s: name the narration NAME.opus to put chapter "
                       "files in NAME/", n->base);
    /* Two outputs under one name: the one committed last would replace the
     * other without a word.  Refused before anything is opened. */
    for (int k = 0; k < TUTUR_OUTPUT_KINDS; k++)
        for (int m = k + 1; m < TUTUR_OUTPUT_KINDS; m++)
            if (n->paths[k] && n->paths[m] && strcmp(n->paths[k], n->paths[m]) == 0)
                return nr_fail(ctx, TUTUR_E_INVALID, "%s: both the %s and the %s would be "
                               "written there; name the narration NAME.opus", n->paths[k],
                               kinds[k].what, kinds[m].what);
    return TUTUR_OK;
}

/* The chapter files the earlier narration recorded writing: the entries
 * of its playlist that name a plain file in the chapter folder.  Read
 * before the new playlist replaces it.  Nothing else in the folder is
 * ever removed: a file tutur did not write there is not tutur's. */
static void read_old_parts(nr_narration *n) {
    const char *split_dir = n->paths[TUTUR_OUTPUT_CHAPTER_FILES];
    FILE *f = n->paths[TUTUR_OUTPUT_PLAYLIST] ? fopen(n->paths[TUTUR_OUTPUT_PLAYLIST], "re")
                                               : NULL;
    if (!f)
        return;
    const char *dir_name = base_name(split_dir);
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
        char **p = nr_grow(n->old_parts, &cap, n->n_old_parts + 1, sizeof *p);
        if (!p)
            break;
        n->old_parts = p;
        if (!(n->old_parts[n->n_old_parts] = nr_strdup(name)))
            break;
        n->n_old_parts++;
    }
    free(line); /* getline's own allocation */
    fclose(f);
}

/* Chapter files of the earlier narration that this one no longer has
 * (the article lost a heading, or one was renamed): regular files only,
 * in the folder itself, never through a link. */
static void remove_stale_parts(nr_narration *n) {
    int dir = open(n->paths[TUTUR_OUTPUT_CHAPTER_FILES],
                   O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dir < 0)
        return;
    for (size_t k = 0; k < n->n_old_parts; k++) {
        bool current = false;
        for (size_t c = 0; c < n->n_parts && !current; c++)
            current = strcmp(base_name(n->part_paths[c]), n->old_parts[k]) == 0;
        struct stat sb;
        if (!current && fstatat(dir, n->old_parts[k], &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
            S_ISREG(sb.st_mode))
            unlinkat(dir, n->old_parts[k], 0);
    }
    close(dir);
}

/* NAME/NN-slug.opus for every chapter, NN wide enough to sort. */
static tutur_status open_parts(tutur_job *job, nr_narration *n) {
    tutur_ctx *ctx = job->ctx;
    const tutur_script *s = n->script;
    const char *split_dir = n->paths[TUTUR_OUTPUT_CHAPTER_FILES];
    struct stat sb;
    if (lstat(split_dir, &sb) == 0 && !S_ISDIR(sb.st_mode))
        /* a link would send the chapter files, and the removal of old
         * ones, into a folder someone else chose */
        return nr_fail(ctx, TUTUR_E_INVALID, "%s: not a directory (%s); chapter files go only "
                       "into a real directory", split_dir,
                       S_ISLNK(sb.st_mode) ? "a symbolic link" : "a file");
    read_old_parts(n);
    n->n_parts = s->n_chapters;
    n->part_paths = calloc(s->n_chapters, sizeof *n->part_paths);
    n->part_names = calloc(s->n_chapters, sizeof *n->part_names);
    n->parts = calloc(s->n_chapters, sizeof *n->parts);
    if (!n->part_paths || !n->part_names || !n->parts)
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    if (!is_dir(split_dir)) {
        if (mkdir(split_dir, 0777) != 0)
            return nr_fail(ctx, nr_status_from_errno(errno), "%s: cannot create the directory: "
                           "%s", split_dir, strerror(errno));
        n->made_split_dir = true;
    }
    const char *dir_name = base_name(split_dir);
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
        n->part_paths[c] = concat(split_dir, "/", name);
        n->part_names[c] = concat(dir_name, "/", name);
        if (!n->part_paths[c] || !n->part_names[c])
            return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
        tutur_status st = tutur_output_open(ctx, n->part_paths[c], &n->parts[c]);
        if (st != TUTUR_OK)
            return st;
    }
    return TUTUR_OK;
}

tutur_status nr_narration_open(tutur_job *job, nr_narration *n) {
    tutur_status st = TUTUR_OK;
    for (int k = 0; st == TUTUR_OK && k < TUTUR_OUTPUT_KINDS; k++) {
        if (!n->paths[k] || k == TUTUR_OUTPUT_CHAPTER_FILES)
            continue;
        st = k == TUTUR_OUTPUT_DAISY ? tutur_output_open_dir(job->ctx, n->paths[k], &n->outs[k])
                                     : tutur_output_open(job->ctx, n->paths[k], &n->outs[k]);
    }
    if (st == TUTUR_OK && n->paths[TUTUR_OUTPUT_CHAPTER_FILES])
        st = open_parts(job, n);
    return st;
}

/* The page links its siblings by name and offers them with their sizes,
 * measured from the files as written (not yet renamed into place). */
static tutur_status write_page(tutur_job *job, nr_narration *n, tutur_output *o) {
    tutur_page_file files[TUTUR_OUTPUT_KINDS + 2];
    size_t k = 0;
    static const struct {
        tutur_output_kind kind;
        const char *label, *format;
    } offered[] = {
        {TUTUR_OUTPUT_OPUS, "Narasi lengkap", "Opus"},
        {TUTUR_OUTPUT_MP3, "Narasi lengkap", "MP3"},
        {TUTUR_OUTPUT_CAPTIONS, "Teks dengan waktu", "WebVTT"},
        {TUTUR_OUTPUT_TRANSCRIPT, "Transkrip", "teks"},
        {TUTUR_OUTPUT_CHAPTERS_JSON, "Daftar bab", "JSON"},
        {TUTUR_OUTPUT_PLAYLIST, "Daftar putar per bab", "M3U8"},
        {TUTUR_OUTPUT_EPUB, "Buku bicara", "EPUB 3"},
        {TUTUR_OUTPUT_DAISY_ZIP, "Buku bicara", "DAISY 2.02, zip"},
    };
    for (size_t i = 0; i < sizeof offered / sizeof offered[0]; i++) {
        tutur_output *f = n->outs[offered[i].kind];
        if (f)
            files[k++] = (tutur_page_file){base_name(n->paths[offered[i].kind]), offered[i].label,
                                           offered[i].format, tutur_output_size(f)};
    }
    /* the podcast feed of the folder, when `tutur feed` has made one */
    char *folder = nr_strdup(n->base);
    char *slash = folder ? strrchr(folder, '/') : NULL;
    if (slash)
        slash[1] = '\0';
    char *feed_path = folder ? concat(slash ? folder : "", "feed.xml", "") : NULL;
    struct stat fst;
    if (feed_path && stat(feed_path, &fst) == 0 && S_ISREG(fst.st_mode))
        files[k++] = (tutur_page_file){"feed.xml", "Umpan podcast", "RSS", (int64_t)fst.st_size};
    free(folder);
    free(feed_path);
    tutur_page_file *all = malloc((k + n->n_parts) * sizeof *all);
    if (!all)
        return nr_fail(job->ctx, TUTUR_E_NOMEM, "out of memory");
    memcpy(all, files, k * sizeof *all);
    for (size_t c = 0; c < n->n_parts; c++)
        all[k++] = (tutur_page_file){n->part_names[c], n->script->chapters[c].title, "Opus",
                                     tutur_output_size(n->parts[c])};
    tutur_page_links links = {
        n->script->language,
        base_name(n->paths[TUTUR_OUTPUT_OPUS]),
        n->outs[TUTUR_OUTPUT_MP3] ? base_name(n->paths[TUTUR_OUTPUT_MP3]) : NULL,
        base_name(n->paths[TUTUR_OUTPUT_CAPTIONS]),
        base_name(n->paths[TUTUR_OUTPUT_CHAPTERS_VTT]),
        all,
        k,
        n->outs[TUTUR_OUTPUT_COVER] ? base_name(n->paths[TUTUR_OUTPUT_COVER]) : NULL,
        NULL,
    };
    char *date_text = tutur_lang_date_text(job->lang, n->script->date);
    links.date_text = date_text;
    tutur_status st = tutur_sink_page(job->ctx, n->script, n->tl, &links, o);
    free(date_text);
    free(all);
    return st;
}

/* The MP3 encoders (MP3, EPUB, DAISY, and WAV) run on a thread of their
 * own while the Opus files are encoded, with a context of their own for
 * their messages; the text sidecars and the page follow. */
typedef struct side_job {
    nr_narration *n;
    tutur_ctx *ctx;
    const tutur_mp3_options *mp3;
    tutur_status st;
} side_job;

static void *side_sinks(void *arg) {
    side_job *j = arg;
    nr_narration *n = j->n;
    tutur_output **outs = n->outs;
    tutur_status st = TUTUR_OK;
    if (outs[TUTUR_OUTPUT_DAISY])
        st = tutur_sink_daisy(j->ctx, n->script, n->tl, n->spool, j->mp3->cover,
                              outs[TUTUR_OUTPUT_DAISY]);
    if (st == TUTUR_OK && outs[TUTUR_OUTPUT_DAISY] && outs[TUTUR_OUTPUT_DAISY_ZIP])
        st = tutur_daisy_zip(j->ctx, outs[TUTUR_OUTPUT_DAISY], outs[TUTUR_OUTPUT_DAISY_ZIP]);
    if (st == TUTUR_OK && outs[TUTUR_OUTPUT_WAV])
        st = tutur_sink_wav(j->ctx, n->tl, n->spool, outs[TUTUR_OUTPUT_WAV]);
    if (st == TUTUR_OK && outs[TUTUR_OUTPUT_MP3])
        st = tutur_sink_mp3(j->ctx, n->script, n->tl, n->spool, j->mp3, outs[TUTUR_OUTPUT_MP3]);
    if (st == TUTUR_OK && outs[TUTUR_OUTPUT_EPUB])
        st = tutur_sink_epub(j->ctx, n->script, n->tl, n->spool, j->mp3->cover,
                             outs[TUTUR_OUTPUT_EPUB]);
    j->st = st;
    return NULL;
}

tutur_status nr_narration_write(tutur_job *job, nr_narration *n, const char *album) {
    const tutur_profile *p = &job->profile;
    tutur_opus_options oo = {p->opus_bitrate_kbps, p->opus_complexity, p->opus_frame_ms, 0,
                             n->cover, job->jobs};
    tutur_ctx *ctx = job->ctx;
    tutur_script *s = n->script;
    tutur_timeline *tl = n->tl;
    tutur_output **outs = n->outs;
    tutur_mp3_options mo = {p->mp3_bitrate_kbps, n->cover, album, job->jobs};
    side_job side = {n, NULL, &mo, TUTUR_OK};
    pthread_t thread;
    bool threaded = (outs[TUTUR_OUTPUT_DAISY] || outs[TUTUR_OUTPUT_WAV] ||
                     outs[TUTUR_OUTPUT_MP3] || outs[TUTUR_OUTPUT_EPUB]) &&
                    tutur_ctx_create(&side.ctx) == TUTUR_OK;
    if (threaded) {
        /* no progress on that thread; the stop flag still stops it */
        tutur_ctx_set_stop_flag(side.ctx, ctx->stop);
        threaded = pthread_create(&thread, NULL, side_sinks, &side) == 0;
    }
    if (!threaded && side.ctx) {
        tutur_ctx_destroy(side.ctx);
        side.ctx = NULL;
    }
    tutur_status st = tutur_sink_opus(ctx, s, tl, n->spool, &oo, outs[TUTUR_OUTPUT_OPUS]);
    for (size_t c = 0; st == TUTUR_OK && c < n->n_parts; c++)
        st = tutur_sink_opus_chapter(ctx, s, tl, n->spool, c, &oo, n->parts[c]);
    if (threaded) {
        pthread_join(thread, NULL);
        if (st == TUTUR_OK && side.st != TUTUR_OK)
            st = nr_fail(ctx, side.st, "%s", tutur_ctx_message(side.ctx));
        tutur_ctx_destroy(side.ctx);
    } else if (st == TUTUR_OK) {
        side.ctx = ctx;
        side_sinks(&side);
        st = side.st;
    }
    for (int k = TUTUR_OUTPUT_CAPTIONS; st == TUTUR_OK && k < TUTUR_OUTPUT_KINDS; k++) {
        tutur_output *o = outs[k];
        if (!o)
            continue;
        switch ((tutur_output_kind)k) {
        case TUTUR_OUTPUT_CAPTIONS: st = tutur_sink_captions(ctx, s, tl, o); break;
        case TUTUR_OUTPUT_CHAPTERS_VTT: st = tutur_sink_chapters_vtt(ctx, s, tl, o); break;
        case TUTUR_OUTPUT_CHAPTERS_JSON: st = tutur_sink_chapters_json(ctx, s, tl, o); break;
        case TUTUR_OUTPUT_TRANSCRIPT: st = tutur_sink_transcript(ctx, s, o); break;
        case TUTUR_OUTPUT_PLAYLIST:
            st = tutur_sink_playlist(ctx, s, tl, (const char *const *)n->part_names, o);
            break;
        case TUTUR_OUTPUT_COVER: st = tutur_cover_write(ctx, n->cover, o); break;
        case TUTUR_OUTPUT_PAGE: st = write_page(job, n, o); break;
        default: break;
        }
    }
    return st;
}

/* Chapter files and the DAISY book first, then the sidecars from the
 * page back, the narration last: a reader that sees the .opus file can
 * trust what stands beside it. */
tutur_status nr_narration_commit(tutur_job *job, nr_narration *n) {
    tutur_status st = TUTUR_OK;
    for (size_t c = 0; st == TUTUR_OK && c < n->n_parts; c++)
        st = tutur_output_commit(job->ctx, n->parts[c]);
    if (st == TUTUR_OK && n->outs[TUTUR_OUTPUT_DAISY])
        st = tutur_output_commit(job->ctx, n->outs[TUTUR_OUTPUT_DAISY]);
    for (int k = TUTUR_OUTPUT_PAGE; st == TUTUR_OK && k >= 0; k--)
        if (n->outs[k])
            st = tutur_output_commit(job->ctx, n->outs[k]);
    if (st == TUTUR_OK) {
        n->made_split_dir = false;
        if (n->n_parts)
            remove_stale_parts(n);
    }
    return st;
}

void nr_narration_free(nr_narration *n) {
    for (int k = 0; k < TUTUR_OUTPUT_KINDS; k++)
        tutur_output_destroy(n->outs[k]);
    for (size_t c = 0; c < n->n_parts; c++) {
        if (n->parts)
            tutur_output_destroy(n->parts[c]);
        if (n->part_paths)
            free(n->part_paths[c]);
        if (n->part_names)
            free(n->part_names[c]);
    }
    if (n->made_split_dir)
        rmdir(n->paths[TUTUR_OUTPUT_CHAPTER_FILES]); /* only when a failure left it empty */
    for (int k = 0; k < TUTUR_OUTPUT_KINDS; k++)
        free(n->paths[k]);
    for (size_t k = 0; k < n->n_old_parts; k++)
        free(n->old_parts[k]);
    free(n->old_parts);
    free(n->parts);
    free(n->part_paths);
    free(n->part_names);
    free(n->base);
    free(n->slug);
    tutur_cover_destroy(n->own_cover);
    free(n->image_path);
    tutur_speech_report_clear(&n->speech);
    tutur_spool_destroy(n->spool);
    tutur_timeline_destroy(n->tl);
    tutur_script_destroy(n->script);
}
