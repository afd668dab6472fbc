/* sink_epub.c: an EPUB 3 talking book with media overlays: the article as
 * one XHTML content document with an id on every sentence, one SMIL
 * overlay whose clips come from the Timeline, the navigation document
 * nested by heading level, media:duration and media:active-class,
 * schema.org accessibility metadata, and the narration as MP3 (EPUB 3.3
 * allows Opus, but epubcheck 4.2.6, the validator Debian has, rejects it in
 * overlays).  Zipped in memory (zip_mem.c): "mimetype" first and stored. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output.h"
#include "xhtml_article.h"
#include "xml_out.h"
#include "zip_mem.h"

#define AUDIO "audio/narasi.mp3"

/* SMIL clock value: "0:08:42.506". */
static void clock_value(int64_t samples, int rate, char buf[32]) {
    int64_t ms = tutur_samples_to_ms(samples, rate);
    snprintf(buf, 32, "%lld:%02lld:%02lld.%03lld", (long long)(ms / 3600000),
             (long long)(ms / 60000 % 60), (long long)(ms / 1000 % 60), (long long)(ms % 1000));
}

static const char *container_xml =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
    "  <rootfiles>\n"
    "    <rootfile full-path=\"EPUB/package.opf\" media-type=\"application/oebps-package+xml\"/>\n"
    "  </rootfiles>\n"
    "</container>\n";

static const char *style_css =
    "body{font-family:sans-serif;line-height:1.5}\n"
    ".-epub-media-overlay-active{background-color:#ffe58a;color:#1a1a1a}\n";

static void xhtml_head(nr_xml *x, const char *lang, const char *title) {
    nr_xml_raw(x, "<!DOCTYPE html>\n");
    nr_xml_start(x, "html");
    nr_xml_attr(x, "xmlns", "http://www.w3.org/1999/xhtml");
    nr_xml_attr(x, "xmlns:epub", "http://www.idpf.org/2007/ops");
    nr_xml_attr(x, "lang", lang);
    nr_xml_attr(x, "xml:lang", lang);
    nr_xml_start(x, "head");
    nr_xml_start(x, "meta");
    nr_xml_attr(x, "charset", "utf-8");
    nr_xml_end(x);
    nr_xml_element(x, "title", title[0] ? title : "Tanpa judul");
    nr_xml_start(x, "link");
    nr_xml_attr(x, "rel", "stylesheet");
    nr_xml_attr(x, "type", "text/css");
    nr_xml_attr(x, "href", "style.css");
    nr_xml_end(x);
    nr_xml_end(x);
}

static bool content_doc(nr_xml *x, const tutur_script *s, const tutur_timeline *tl) {
    if (!nr_xml_open(x, true))
        return false;
    xhtml_head(x, s->language, s->title);
    nr_xml_start(x, "body");
    nr_xml_start(x, "main");
    nr_xml_attr(x, "epub:type", "bodymatter");
    nr_article_markup m = {.heading_offset = 0, .times = false, .title = true, .id_prefix = "",
                           .above = 1, .xml_lang = true};
    nr_xml_check(x, nr_write_article(x->w, s, tl, &m));
    nr_xml_end(x);
    nr_xml_end(x);
    nr_xml_end(x);
    return true;
}

/* The table of contents, nested by level; the opening chapter sits with
 * the top-level headings. */
static bool nav_doc(nr_xml *x, const tutur_script *s) {
    if (!nr_xml_open(x, true))
        return false;
    xhtml_head(x, s->language, "Daftar Isi");
    nr_xml_start(x, "body");
    nr_xml_start(x, "nav");
    nr_xml_attr(x, "epub:type", "toc");
    nr_xml_attr(x, "role", "doc-toc");
    nr_xml_attr(x, "id", "toc");
    nr_xml_attr(x, "aria-labelledby", "toc-judul");
    nr_xml_start(x, "h1");
    nr_xml_attr(x, "id", "toc-judul");
    nr_xml_text(x, "Daftar Isi");
    nr_xml_end(x);
    int top = 6;
    for (size_t c = 1; c < s->n_chapters; c++)
        top = s->chapters[c].level < top ? s->chapters[c].level : top;
    int levels[8];
    int depth = 0;
    for (size_t c = 0; c < s->n_chapters; c++) {
        int level = c == 0 ? top : s->chapters[c].level;
        if (depth == 0) {
            nr_xml_start(x, "ol");
            levels[depth++] = level;
        } else if (level > levels[depth - 1] && depth < 7) {
            nr_xml_start(x, "ol"); /* inside the open li */
            levels[depth++] = level;
        } else {
            nr_xml_end(x); /* li */
            while (depth > 1 && level < levels[depth - 1]) {
                nr_xml_end(x); /* ol */
                nr_xml_end(x); /* li */
                depth--;
            }
        }
        char href[48];
        snprintf(href, sizeof href, "text.xhtml#ch-%zu", c + 1);
        nr_xml_start(x, "li");
        nr_xml_start(x, "a");
        nr_xml_attr(x, "href", href);
        nr_xml_text(x, s->chapters[c].title);
        nr_xml_end(x);
    }
    if (depth) {
        nr_xml_end(x); /* li */
        for (; depth > 1; depth--) {
            nr_xml_end(x);
            nr_xml_end(x);
        }
        nr_xml_end(x); /* ol */
    }
    nr_xml_end(x); /* nav */
    nr_xml_end(x);
    nr_xml_end(x);
    return true;
}

static bool smil_doc(nr_xml *x, const tutur_timeline *tl) {
    nr_clip *clips = NULL;
    size_t n = nr_clips(tl, 0, tl->total, &clips);
    if ((!n && tl->n_sentences) || !nr_xml_open(x, true)) {
        free(clips);
        return false;
    }
    nr_xml_start(x, "smil");
    nr_xml_attr(x, "xmlns", "http://www.w3.org/ns/SMIL");
    nr_xml_attr(x, "xmlns:epub", "http://www.idpf.org/2007/ops");
    nr_xml_attr(x, "version", "3.0");
    nr_xml_start(x, "body");
    for (size_t k = 0; k < n; k++) {
        char id[32], src[48], a[32], b[32];
        snprintf(id, sizeof id, "par%zu", clips[k].sentence + 1);
        snprintf(src, sizeof src, "text.xhtml#s%zu", clips[k].sentence + 1);
        clock_value(clips[k].begin, tl->rate, a);
        clock_value(clips[k].end, tl->rate, b);
        nr_xml_start(x, "par");
        nr_xml_attr(x, "id", id);
        nr_xml_start(x, "text");
        nr_xml_attr(x, "src", src);
        nr_xml_end(x);
        nr_xml_start(x, "audio");
        nr_xml_attr(x, "src", AUDIO);
        nr_xml_attr(x, "clipBegin", a);
        nr_xml_attr(x, "clipEnd", b);
        nr_xml_end(x);
        nr_xml_end(x);
    }
    nr_xml_end(x);
    nr_xml_end(x);
    free(clips);
    return true;
}

static void meta(nr_xml *x, const char *property, const char *refines, const char *value) {
    nr_xml_start(x, "meta");
    nr_xml_attr(x, "property", property);
    if (refines)
        nr_xml_attr(x, "refines", refines);
    nr_xml_text(x, value);
    nr_xml_end(x);
}

static void item(nr_xml *x, const char *id, const char *href, const char *type,
                 const char *properties, const char *overlay) {
    nr_xml_start(x, "item");
    nr_xml_attr(x, "id", id);
    nr_xml_attr(x, "href", href);
    nr_xml_attr(x, "media-type", type);
    if (properties)
        nr_xml_attr(x, "properties", properties);
    if (overlay)
        nr_xml_attr(x, "media-overlay", overlay);
    nr_xml_end(x);
}

static const char *cover_name(const tutur_cover *c) {
    return nr_cover_is_png(c) ? "cover.png" : "cover.jpg";
}

static const char *cover_type(const tutur_cover *c) {
    return nr_cover_is_png(c) ? "image/png" : "image/jpeg";
}

static bool package_doc(nr_xml *x, const tutur_script *s, const tutur_timeline *tl,
                        const tutur_cover *cover) {
    if (!nr_xml_open(x, true))
        return false;
    char id[64], duration[32], modified[32];
    snprintf(id, sizeof id, "urn:tutur:%016llx", (unsigned long long)nr_script_id(s));
    clock_value(tl->total, tl->rate, duration);
    /* dcterms:modified from the article's date: the same article gives the
     * same package. */
    snprintf(modified, sizeof modified, "%sT00:00:00Z", s->date ? s->date : "2000-01-01");
    nr_xml_start(x, "package");
    nr_xml_attr(x, "xmlns", "http://www.idpf.org/2007/opf");
    nr_xml_attr(x, "version", "3.0");
    nr_xml_attr(x, "unique-identifier", "uid");
    nr_xml_attr(x, "xml:lang", s->language);
    nr_xml_start(x, "metadata");
    nr_xml_attr(x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
    nr_xml_start(x, "dc:identifier");
    nr_xml_attr(x, "id", "uid");
    nr_xml_text(x, id);
    nr_xml_end(x);
    nr_xml_element(x, "dc:title", s->title[0] ? s->title : "Tanpa judul");
    nr_xml_element(x, "dc:language", s->language);
    if (s->author)
        nr_xml_element(x, "dc:creator", s->author);
    if (s->date)
        nr_xml_element(x, "dc:date", s->date);
    meta(x, "dcterms:modified", NULL, modified);
    meta(x, "media:duration", "#mo", duration);
    meta(x, "media:duration", NULL, duration);
    meta(x, "media:narrator", NULL, "espeak-ng (tutur)");
    meta(x, "media:active-class", NULL, "-epub-media-overlay-active");
    meta(x, "schema:accessMode", NULL, "textual");
    meta(x, "schema:accessMode", NULL, "auditory");
    meta(x, "schema:accessModeSufficient", NULL, "textual");
    meta(x, "schema:accessModeSufficient", NULL, "auditory");
    meta(x, "schema:accessModeSufficient", NULL, "textual,auditory");
    meta(x, "schema:accessibilityFeature", NULL, "synchronizedAudioText");
    meta(x, "schema:accessibilityFeature", NULL, "structuralNavigation");
    meta(x, "schema:accessibilityFeature", NULL, "tableOfContents");
    meta(x, "schema:accessibilityFeature", NULL, "readingOrder");
    meta(x, "schema:accessibilityHazard", NULL, "none");
    meta(x, "schema:accessibilitySummary", NULL,
         "Artikel lengkap dengan narasi suara sintetis yang diselaraskan per kalimat. "
         "Navigasi per judul bagian tersedia melalui daftar isi.");
    nr_xml_end(x);
    nr_xml_start(x, "manifest");
    item(x, "nav", "nav.xhtml", "application/xhtml+xml", "nav", NULL);
    item(x, "text", "text.xhtml", "application/xhtml+xml", NULL, "mo");
    item(x, "mo", "text.smil", "application/smil+xml", NULL, NULL);
    item(x, "audio", AUDIO, "audio/mpeg", NULL, NULL);
    item(x, "css", "style.css", "text/css", NULL, NULL);
    if (cover)
        item(x, "cover", cover_name(cover), cover_type(cover), "cover-image", NULL);
    nr_xml_end(x);
    nr_xml_start(x, "spine");
    nr_xml_start(x, "itemref");
    nr_xml_attr(x, "idref", "text");
    nr_xml_end(x);
    nr_xml_end(x);
    nr_xml_end(x);
    return true;
}

static bool add_xml(nr_zip *za, const char *name, nr_xml *x) {
    size_t len = 0;
    const char *bytes = nr_xml_finish(x, &len);
    return bytes && nr_zip_add(za, name, bytes, len, false);
}

tutur_status tutur_sink_epub(tutur_ctx *ctx, const tutur_script *s, const tutur_timeline *tl,
                             tutur_spool *spool, const tutur_cover *cover, tutur_output *o) {
    nr_clear(ctx); /* a message is about the last call only */
    /* The MP3 first, into an unlinked temporary file. */
    FILE *mp3 = tmpfile();
    if (!mp3)
        return nr_fail(ctx, TUTUR_E_IO, "%s: cannot create a temporary file", o->path);
    char software[64];
    nr_mp3_tags t;
    nr_mp3_tags_of(s, software, &t);
    t.cover = cover;
    tutur_status st = nr_mp3_write(ctx, &t, tl, spool, 0, tl->total, 1, fileno(mp3), o->path);
    nr_zip *za = st == TUTUR_OK ? nr_zip_new() : NULL;
    nr_xml docs[4] = {{0}};
    bool ok = za != NULL;
    ok = ok && nr_zip_add(za, "mimetype", "application/epub+zip", 20, true);
    ok = ok && nr_zip_add(za, "META-INF/container.xml", container_xml, strlen(container_xml), false);
    ok = ok && package_doc(&docs[0], s, tl, cover) && add_xml(za, "EPUB/package.opf", &docs[0]);
    ok = ok && nav_doc(&docs[1], s) && add_xml(za, "EPUB/nav.xhtml", &docs[1]);
    ok = ok && content_doc(&docs[2], s, tl) && add_xml(za, "EPUB/text.xhtml", &docs[2]);
    ok = ok && smil_doc(&docs[3], tl) && add_xml(za, "EPUB/text.smil", &docs[3]);
    ok = ok && nr_zip_add(za, "EPUB/style.css", style_css, strlen(style_css), false);
    if (ok && cover) {
        size_t size = 0;
        const char *data = nr_cover_data(cover, &size);
        char name[32];
        snprintf(name, sizeof name, "EPUB/%s", cover_name(cover));
        ok = nr_zip_add(za, name, data, size, true); /* pictures do not deflate */
    }
    if (ok) {
        /* MP3 does not deflate: stored.  It is read into memory; a
         * narration's MP3 is a few megabytes. */
        long n = fseek(mp3, 0, SEEK_END) == 0 ? ftell(mp3) : -1;
        char *bytes = n >= 0 && fseek(mp3, 0, SEEK_SET) == 0 ? malloc((size_t)n + 1) : NULL;
        ok = bytes && fread(bytes, 1, (size_t)n, mp3) == (size_t)n &&
             nr_zip_add(za, "EPUB/" AUDIO, bytes, (size_t)n, true);
        free(bytes);
    }
    ok = nr_zip_finish(za, ok, o->f);
    for (size_t i = 0; i < 4; i++)
        nr_xml_free(&docs[i]);
    if (mp3)
        fclose(mp3);
    if (st == TUTUR_OK && !ok)
        st = nr_fail(ctx, TUTUR_E_IO, "%s: cannot write the EPUB", o->path);
    return st;
}
