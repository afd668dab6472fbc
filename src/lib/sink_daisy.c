/* sink_daisy.c: a DAISY 2.02 talking book (audioFullText) in a directory:
 *
 *   ncc.html       the navigation centre: every heading at its level (the
 *                  title as h1 class="title"), linked to its SMIL; the
 *                  required metadata, ncc:totalTime among them
 *   content.html   the article, an id on every sentence
 *   babNN.smil     one per chapter: a par per sentence, its text and its
 *                  clip of babNN.mp3; clips tile the chapter, pauses
 *                  included (DAISY players play only what clips cover)
 *   babNN.mp3      the chapter's audio, CBR (DAISY 2.02 allows MP3, WAV
 *                  and MP2 only)
 *   master.smil    the chapters in order
 *
 * XHTML and SMIL are written with libxml2's writer; times are the
 * Timeline's, relative to each chapter's MP3. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output.h"
#include "xhtml_article.h"
#include "xml_out.h"

#define XHTML_DOCTYPE                                                                          \
    "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" "                     \
    "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n"
#define SMIL_DOCTYPE                                                                           \
    "<!DOCTYPE smil PUBLIC \"-//W3C//DTD SMIL 1.0//EN\" "                                   \
    "\"http://www.w3.org/TR/REC-smil/SMIL10.dtd\">\n"

typedef struct book {
    tutur_ctx *ctx;
    const tutur_script *s;
    const tutur_timeline *tl;
    tutur_output *dir;
    const tutur_cover *cover;
    char id[64];
    size_t files;
} book;

static void hms(int64_t samples, int rate, bool fraction, char buf[32]) {
    int64_t ms = tutur_samples_to_ms(samples, rate);
    if (!fraction)
        ms = (ms + 500) / 1000 * 1000; /* to the nearest second */
    if (fraction)
        snprintf(buf, 32, "%02lld:%02lld:%02lld.%03lld", (long long)(ms / 3600000),
                 (long long)(ms / 60000 % 60), (long long)(ms / 1000 % 60),
                 (long long)(ms % 1000));
    else
        snprintf(buf, 32, "%02lld:%02lld:%02lld", (long long)(ms / 3600000),
                 (long long)(ms / 60000 % 60), (long long)(ms / 1000 % 60));
}

static void npt(int64_t samples, int rate, char buf[40]) {
    int64_t ms = tutur_samples_to_ms(samples, rate);
    snprintf(buf, 40, "npt=%lld.%03llds", (long long)(ms / 1000), (long long)(ms % 1000));
}

static tutur_status save(book *b, const char *name, nr_xml *x) {
    size_t len = 0;
    const char *bytes = nr_xml_finish(x, &len);
    char *path = nr_output_file(b->dir, name);
    FILE *f = bytes && path ? fopen(path, "wb") : NULL;
    bool ok = f && fwrite(bytes, 1, len, f) == len;
    if (f && fclose(f) != 0)
        ok = false;
    free(path);
    nr_xml_free(x);
    b->files++;
    return ok ? TUTUR_OK : nr_fail(b->ctx, TUTUR_E_IO, "%s/%s: cannot write", b->dir->path, name);
}

static void meta(nr_xml *x, const char *name, const char *content, const char *scheme) {
    nr_xml_start(x, "meta");
    nr_xml_attr(x, "name", name);
    nr_xml_attr(x, "content", content);
    if (scheme)
        nr_xml_attr(x, "scheme", scheme);
    nr_xml_end(x);
}

static void smil_name(size_t c, char buf[32]) { snprintf(buf, 32, "bab%02zu.smil", c + 1); }
static void mp3_name(size_t c, char buf[32]) { snprintf(buf, 32, "bab%02zu.mp3", c + 1); }

/* The XML declaration, the SMIL 1.0 doctype and the head every SMIL of
 * the book has: DURATION samples in it, ELAPSED before it (-1: not said). */
static void smil_head(nr_xml *x, const book *b, int64_t duration, int64_t elapsed) {
    char buf[40];
    nr_xml_raw(x, SMIL_DOCTYPE);
    nr_xml_start(x, "smil");
    nr_xml_start(x, "head");
    meta(x, "dc:format", "Daisy 2.02", NULL);
    meta(x, "dc:title", b->s->title, NULL);
    meta(x, "dc:identifier", b->id, NULL);
    meta(x, "ncc:generator", "tutur", NULL);
    hms(duration, b->tl->rate, true, buf);
    meta(x, "ncc:timeInThisSmil", buf, NULL);
    if (elapsed >= 0) {
        hms(elapsed, b->tl->rate, true, buf);
        meta(x, "ncc:totalElapsedTime", buf, NULL);
    }
    nr_xml_start(x, "layout");
    nr_xml_start(x, "region");
    nr_xml_attr(x, "id", "txtView");
    nr_xml_end(x);
    nr_xml_end(x);
    nr_xml_end(x); /* head */
}

static tutur_status chapter_smil(book *b, size_t c, int64_t elapsed) {
    const tutur_timeline *tl = b->tl;
    int64_t from, to;
    tutur_chapter_range(tl, c, &from, &to);
    nr_clip *clips = NULL;
    size_t n = nr_clips(tl, from, to, &clips);
    nr_xml x;
    if (!nr_xml_open(&x, true)) {
        free(clips);
        return nr_fail(b->ctx, TUTUR_E_NOMEM, "out of memory");
    }
    char name[32], audio[32], buf[40];
    smil_name(c, name);
    mp3_name(c, audio);
    smil_head(&x, b, to - from, elapsed);
    nr_xml_start(&x, "body");
    nr_xml_start(&x, "seq");
    int64_t dur = tutur_samples_to_ms(to, tl->rate) - tutur_samples_to_ms(from, tl->rate);
    snprintf(buf, sizeof buf, "%lld.%03llds", (long long)(dur / 1000), (long long)(dur % 1000));
    nr_xml_attr(&x, "dur", buf);
    for (size_t k = 0; k < n; k++) {
        char id[48], src[48];
        size_t sn = clips[k].sentence + 1;
        nr_xml_start(&x, "par");
        snprintf(id, sizeof id, "par-s%zu", sn);
        nr_xml_attr(&x, "id", id);
        nr_xml_attr(&x, "endsync", "last");
        nr_xml_start(&x, "text");
        snprintf(src, sizeof src, "content.html#s%zu", sn);
        nr_xml_attr(&x, "src", src);
        snprintf(id, sizeof id, "txt-s%zu", sn);
        nr_xml_attr(&x, "id", id);
        nr_xml_end(&x);
        nr_xml_start(&x, "seq");
        nr_xml_start(&x, "audio");
        nr_xml_attr(&x, "src", audio);
        /* relative to the chapter's MP3, in milliseconds of the Timeline */
        int64_t a = clips[k].begin - from, z = clips[k].end - from;
        npt(a, tl->rate, buf);
        nr_xml_attr(&x, "clip-begin", buf);
        npt(z, tl->rate, buf);
        nr_xml_attr(&x, "clip-end", buf);
        snprintf(id, sizeof id, "aud-s%zu", sn);
        nr_xml_attr(&x, "id", id);
        nr_xml_end(&x);
        nr_xml_end(&x);
        nr_xml_end(&x);
    }
    free(clips);
    nr_xml_end(&x);
    nr_xml_end(&x);
    nr_xml_end(&x);
    return save(b, name, &x);
}

static tutur_status chapter_mp3(book *b, tutur_spool *spool, size_t c) {
    int64_t from, to;
    tutur_chapter_range(b->tl, c, &from, &to);
    char name[32];
    mp3_name(c, name);
    char *path = nr_output_file(b->dir, name);
    int fd = path ? open(path, O_RDWR | O_CREAT | O_TRUNC, 0666) : -1;
    char software[64];
    nr_mp3_tags t;
    nr_mp3_tags_of(b->s, software, &t);
    t.title = b->s->chapters[c].title;
    t.album = b->s->title;
    char track[48];
    snprintf(track, sizeof track, "%zu/%zu", c + 1, b->s->n_chapters);
    t.track = track;
    t.cover = b->cover;
    /* one core: the book's chapters are short and the Opus encoders are busy */
    tutur_status st = fd < 0 ? nr_fail(b->ctx, TUTUR_E_IO, "%s: cannot write", b->dir->path)
                             : nr_mp3_write(b->ctx, &t, b->tl, spool, from, to, 1, fd, name);
    if (fd >= 0 && close(fd) != 0 && st == TUTUR_OK)
        st = nr_fail(b->ctx, TUTUR_E_IO, "%s/%s: cannot write", b->dir->path, name);
    free(path);
    b->files++;
    return st;
}

static void xhtml_head(nr_xml *x, const tutur_script *s, const char *title) {
    nr_xml_raw(x, XHTML_DOCTYPE);
    nr_xml_start(x, "html");
    nr_xml_attr(x, "xmlns", "http://www.w3.org/1999/xhtml");
    nr_xml_attr(x, "lang", s->language);
    nr_xml_attr(x, "xml:lang", s->language);
    nr_xml_start(x, "head");
    nr_xml_start(x, "meta");
    nr_xml_attr(x, "http-equiv", "Content-type");
    nr_xml_attr(x, "content", "text/html; charset=utf-8");
    nr_xml_end(x);
    nr_xml_element(x, "title", title[0] ? title : "Tanpa judul");
}

static tutur_status content(book *b) {
    nr_xml x;
    if (!nr_xml_open(&x, true))
        return nr_fail(b->ctx, TUTUR_E_NOMEM, "out of memory");
    xhtml_head(&x, b->s, b->s->title);
    nr_xml_end(&x); /* head */
    nr_xml_start(&x, "body");
    nr_article_markup m = {.heading_offset = 0, .times = false, .title = true, .id_prefix = "",
                           .above = 1, .xml_lang = true};
    nr_xml_check(&x, nr_write_article(x.w, b->s, b->tl, &m));
    nr_xml_end(&x);
    nr_xml_end(&x);
    return save(b, "content.html", &x);
}

static tutur_status ncc(book *b) {
    const tutur_script *s = b->s;
    const tutur_timeline *tl = b->tl;
    nr_xml x;
    if (!nr_xml_open(&x, true))
        return nr_fail(b->ctx, TUTUR_E_NOMEM, "out of memory");
    char buf[64];
    int depth = 1;
    for (size_t c = 1; c < s->n_chapters; c++)
        depth = s->chapters[c].level > depth ? s->chapters[c].level : depth;
    xhtml_head(&x, s, s->title);
    meta(&x, "dc:title", s->title, NULL);
    meta(&x, "dc:creator", s->author ? s->author : "tidak diketahui", NULL);
    if (s->date)
        meta(&x, "dc:date", s->date, "yyyy-mm-dd");
    meta(&x, "dc:format", "Daisy 2.02", NULL);
    meta(&x, "dc:identifier", b->id, NULL);
    meta(&x, "dc:language", s->language, "ISO 639");
    meta(&x, "dc:publisher", "tutur", NULL);
    meta(&x, "ncc:charset", "utf-8", NULL);
    snprintf(buf, sizeof buf, "%d", depth);
    meta(&x, "ncc:depth", buf, NULL);
    /* the files of the book: this ncc, content, master and the chapters */
    snprintf(buf, sizeof buf, "%zu", 3 + 2 * s->n_chapters);
    meta(&x, "ncc:files", buf, NULL);
    meta(&x, "ncc:footnotes", "0", NULL);
    snprintf(buf, sizeof buf, "tutur %s", tutur_version_string());
    meta(&x, "ncc:generator", buf, NULL);
    meta(&x, "ncc:maxPageNormal", "0", NULL);
    meta(&x, "ncc:multimediaType", "audioFullText", NULL);
    meta(&x, "ncc:narrator", "espeak-ng", NULL);
    meta(&x, "ncc:pageFront", "0", NULL);
    meta(&x, "ncc:pageNormal", "0", NULL);
    meta(&x, "ncc:pageSpecial", "0", NULL);
    meta(&x, "ncc:prodNotes", "0", NULL);
    meta(&x, "ncc:setInfo", "1 of 1", NULL);
    meta(&x, "ncc:sidebars", "0", NULL);
    snprintf(buf, sizeof buf, "%zu", s->n_chapters);
    meta(&x, "ncc:tocItems", buf, NULL);
    hms(tl->total, tl->rate, false, buf);
    meta(&x, "ncc:totalTime", buf, NULL);
    nr_xml_end(&x); /* head */
    nr_xml_start(&x, "body");
    for (size_t c = 0; c < s->n_chapters; c++) {
        int64_t from, to;
        tutur_chapter_range(tl, c, &from, &to);
        nr_clip *clips = NULL;
        size_t n = nr_clips(tl, from, to, &clips);
        char tag[4], id[32], href[64], smil[32];
        snprintf(tag, sizeof tag, "h%d", c == 0 ? 1 : s->chapters[c].level);
        snprintf(id, sizeof id, "ncc-%zu", c + 1);
        smil_name(c, smil);
        if (n)
            snprintf(href, sizeof href, "%s#par-s%zu", smil, clips[0].sentence + 1);
        else
            snprintf(href, sizeof href, "%s", smil);
        free(clips);
        nr_xml_start(&x, tag);
        if (c == 0)
            nr_xml_attr(&x, "class", "title");
        nr_xml_attr(&x, "id", id);
        nr_xml_start(&x, "a");
        nr_xml_attr(&x, "href", href);
        nr_xml_text(&x, s->chapters[c].title);
        nr_xml_end(&x);
        nr_xml_end(&x);
    }
    nr_xml_end(&x);
    nr_xml_end(&x);
    return save(b, "ncc.html", &x);
}

static tutur_status master(book *b) {
    nr_xml x;
    if (!nr_xml_open(&x, true))
        return nr_fail(b->ctx, TUTUR_E_NOMEM, "out of memory");
    smil_head(&x, b, b->tl->total, -1);
    nr_xml_start(&x, "body");
    for (size_t c = 0; c < b->s->n_chapters; c++) {
        char smil[32], id[32];
        smil_name(c, smil);
        snprintf(id, sizeof id, "ms_%04zu", c + 1);
        nr_xml_start(&x, "ref");
        nr_xml_attr(&x, "src", smil);
        nr_xml_attr(&x, "title", b->s->chapters[c].title);
        nr_xml_attr(&x, "id", id);
        nr_xml_end(&x);
    }
    nr_xml_end(&x);
    nr_xml_end(&x);
    return save(b, "master.smil", &x);
}

tutur_status tutur_sink_daisy(tutur_ctx *ctx, const tutur_script *s, const tutur_timeline *tl,
                              tutur_spool *spool, const tutur_cover *cover, tutur_output *dir) {
    nr_clear(ctx); /* a message is about the last call only */
    if (!dir->is_dir)
        return nr_fail(ctx, TUTUR_E_INVALID, "%s: a DAISY book needs a directory", dir->path);
    if (tl->n_chapters != s->n_chapters)
        return nr_fail(ctx, TUTUR_E_INVALID, "timeline does not match the script");
    book b = {ctx, s, tl, dir, cover, "", 0};
    snprintf(b.id, sizeof b.id, "tutur-%016llx", (unsigned long long)nr_script_id(s));
    tutur_status st = TUTUR_OK;
    int64_t elapsed = 0;
    for (size_t c = 0; st == TUTUR_OK && c < s->n_chapters; c++) {
        st = chapter_smil(&b, c, elapsed);
        if (st == TUTUR_OK)
            st = chapter_mp3(&b, spool, c);
        int64_t from, to;
        tutur_chapter_range(tl, c, &from, &to);
        elapsed += to - from;
    }
    if (st == TUTUR_OK)
        st = content(&b);
    if (st == TUTUR_OK)
        st = master(&b);
    if (st == TUTUR_OK)
        st = ncc(&b);
    return st;
}
