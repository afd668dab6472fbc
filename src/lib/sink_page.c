/* sink_page.c: the listening page, one self-contained HTML file per
 * article: the player (Opus, and MP3 when made), the chapter list, the
 * transcript with the sentence being spoken highlighted, the captions and
 * chapters as <track>s, and downloads with their sizes.
 *
 * Without JavaScript it is a readable transcript with working downloads
 * and chapter links (to the transcript's headings).  With it, a chapter
 * link moves playback to the chapter, and the spoken sentence gets the
 * class "aktif" and aria-current="true", scrolled into view only while
 * playing, only when "Ikuti teks" is on, instantly when the reader prefers
 * reduced motion; focus never moves.  All times come from the Timeline
 * (data-begin on every sentence), the same as the captions'. */
#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <string.h>

#include "output.h"
#include "xhtml_article.h"

static const char style[] =
    "body{font:1.125rem/1.6 system-ui,sans-serif;color:#1a1a1a;background:#fff;margin:0}"
    "main{max-width:42rem;margin:0 auto;padding:1rem}"
    "a{color:#0b57d0}a:focus,button:focus,input:focus{outline:3px solid #1a1a1a;outline-offset:2px}"
    "audio{width:100%}.meta{color:#4a4a4a}"
    ".aktif{background:#ffe58a;color:#1a1a1a;border-radius:.2em}"
    ".ikuti{display:none}.js .ikuti{display:block}"
    "nav ol{padding-left:1.5rem}.waktu{color:#4a4a4a;font-variant-numeric:tabular-nums}"
    "@media (prefers-reduced-motion:reduce){*{scroll-behavior:auto!important}}";

/* Kept free of "</": it sits raw inside <script>. */
static const char script[] =
    "(function(){"
    "var d=document,a=d.getElementById('pemutar');if(!a)return;"
    "d.documentElement.className+=' js';"
    "var s=[].slice.call(d.querySelectorAll('#transkrip span[data-begin]'));"
    "var b=s.map(function(e){return parseFloat(e.getAttribute('data-begin'));});"
    "var f=d.getElementById('ikuti'),cur=null;"
    "var calm=window.matchMedia&&matchMedia('(prefers-reduced-motion: reduce)').matches;"
    "function at(t){var lo=0,hi=b.length-1,r=-1;while(lo<=hi){var m=(lo+hi)>>1;"
    "if(b[m]<=t+0.0005){r=m;lo=m+1;}else hi=m-1;}return r;}"
    "function show(){var i=at(a.currentTime),e=i<0?null:s[i];if(e===cur)return;"
    "if(cur){cur.classList.remove('aktif');cur.removeAttribute('aria-current');}"
    "cur=e;if(!e)return;e.classList.add('aktif');e.setAttribute('aria-current','true');"
    "if(f&&f.checked&&!a.paused&&e.scrollIntoView)"
    "e.scrollIntoView({block:'nearest',behavior:calm?'auto':'smooth'});}"
    "function tick(){show();if(!a.paused)requestAnimationFrame(tick);}"
    "a.addEventListener('timeupdate',show);a.addEventListener('seeked',show);"
    "a.addEventListener('play',function(){requestAnimationFrame(tick);});"
    "[].forEach.call(d.querySelectorAll('a[data-start]'),function(l){"
    "l.addEventListener('click',function(ev){ev.preventDefault();"
    "a.currentTime=parseFloat(l.getAttribute('data-start'));show();});});"
    "})();";

typedef struct page {
    xmlTextWriterPtr w;
    int rc;
} page;

static void ok(page *p, int rc) {
    if (rc < 0 && p->rc == 0)
        p->rc = rc;
}
static void start(page *p, const char *name) {
    ok(p, xmlTextWriterStartElement(p->w, BAD_CAST name));
}
static void end(page *p) { ok(p, xmlTextWriterEndElement(p->w)); }
static void attr(page *p, const char *name, const char *value) {
    ok(p, xmlTextWriterWriteAttribute(p->w, BAD_CAST name, BAD_CAST value));
}
static void text(page *p, const char *t) { ok(p, xmlTextWriterWriteString(p->w, BAD_CAST t)); }
static void element(page *p, const char *name, const char *t) {
    start(p, name);
    text(p, t);
    end(p);
}

/* "2,1 MB", "830 kB": Indonesian decimal comma. */
static void human_size(int64_t bytes, char buf[32]) {
    if (bytes >= 1000 * 1000)
        snprintf(buf, 32, "%lld,%lld MB", (long long)(bytes / 1000000),
                 (long long)(bytes % 1000000 / 100000));
    else
        snprintf(buf, 32, "%lld kB", (long long)((bytes + 999) / 1000));
}

static void clock(int64_t samples, int rate, char buf[32]) {
    int64_t s = tutur_samples_to_ms(samples, rate) / 1000;
    if (s >= 3600)
        snprintf(buf, 32, "%lld:%02lld:%02lld", (long long)(s / 3600), (long long)(s / 60 % 60),
                 (long long)(s % 60));
    else
        snprintf(buf, 32, "%02lld:%02lld", (long long)(s / 60), (long long)(s % 60));
}

static void player(page *p, const tutur_page_links *l) {
    start(p, "audio");
    attr(p, "id", "pemutar");
    attr(p, "controls", "controls");
    attr(p, "preload", "metadata");
    start(p, "source");
    attr(p, "src", l->opus);
    attr(p, "type", "audio/ogg; codecs=opus");
    end(p);
    if (l->mp3) {
        start(p, "source");
        attr(p, "src", l->mp3);
        attr(p, "type", "audio/mpeg");
        end(p);
    }
    if (l->captions) {
        start(p, "track");
        attr(p, "kind", "captions");
        attr(p, "src", l->captions);
        attr(p, "srclang", l->language);
        attr(p, "label", "Teks");
        end(p);
    }
    if (l->chapters) {
        start(p, "track");
        attr(p, "kind", "chapters");
        attr(p, "src", l->chapters);
        attr(p, "srclang", l->language);
        attr(p, "label", "Bab");
        end(p);
    }
    start(p, "a");
    attr(p, "href", l->opus);
    text(p, "Unduh narasi");
    end(p);
    end(p);
}

static void chapter_list(page *p, const tutur_script *s, const tutur_timeline *tl) {
    start(p, "nav");
    attr(p, "aria-labelledby", "bab-judul");
    start(p, "h2");
    attr(p, "id", "bab-judul");
    text(p, "Bab");
    end(p);
    start(p, "ol");
    for (size_t c = 0; c < s->n_chapters && c < tl->n_chapters; c++) {
        char href[32], at[32], when[32];
        snprintf(href, sizeof href, "#ch-%zu", c + 1);
        nr_seconds(tl->chapter_starts[c], tl->rate, at);
        clock(tl->chapter_starts[c], tl->rate, when);
        start(p, "li");
        start(p, "a");
        attr(p, "href", href);
        attr(p, "data-start", at);
        text(p, s->chapters[c].title);
        end(p);
        text(p, " ");
        start(p, "span");
        attr(p, "class", "waktu");
        text(p, when);
        end(p);
        end(p);
    }
    end(p);
    end(p);
}

static void downloads(page *p, const tutur_page_links *l) {
    if (!l->n_downloads)
        return;
    start(p, "section");
    attr(p, "aria-labelledby", "unduh-judul");
    start(p, "h2");
    attr(p, "id", "unduh-judul");
    text(p, "Unduhan");
    end(p);
    start(p, "ul");
    for (size_t i = 0; i < l->n_downloads; i++) {
        const tutur_page_file *d = &l->downloads[i];
        char size[32], label[512];
        human_size(d->bytes, size);
        snprintf(label, sizeof label, "%s (%s, %s)", d->label, d->kind, size);
        start(p, "li");
        start(p, "a");
        attr(p, "href", d->href);
        attr(p, "download", "");
        text(p, label);
        end(p);
        end(p);
    }
    end(p);
    end(p);
}

tutur_status tutur_sink_page(tutur_ctx *ctx, const tutur_script *s, const tutur_timeline *tl,
                             const tutur_page_links *links, tutur_output *o) {
    xmlBufferPtr buf = xmlBufferCreate();
    page p = {buf ? xmlNewTextWriterMemory(buf, 0) : NULL, 0};
    if (!p.w) {
        xmlBufferFree(buf);
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    }
    nr_article_markup m = {.heading_offset = 1, .times = true, .title = false, .id_prefix = ""};
    ok(&p, xmlTextWriterWriteRaw(p.w, BAD_CAST "<!DOCTYPE html>\n"));
    start(&p, "html");
    attr(&p, "lang", links->language);
    start(&p, "head");
    start(&p, "meta");
    attr(&p, "charset", "utf-8");
    end(&p);
    start(&p, "meta");
    attr(&p, "name", "viewport");
    attr(&p, "content", "width=device-width, initial-scale=1");
    end(&p);
    element(&p, "title", s->title);
    start(&p, "style");
    ok(&p, xmlTextWriterWriteRaw(p.w, BAD_CAST style));
    end(&p);
    end(&p); /* head */
    start(&p, "body");
    start(&p, "main");
    ok(&p, nr_write_title(p.w, s, tl, &m));
    if (s->author || s->date) {
        char meta[256];
        snprintf(meta, sizeof meta, "%s%s%s", s->author ? s->author : "",
                 s->author && s->date ? " · " : "", s->date ? s->date : "");
        start(&p, "p");
        attr(&p, "class", "meta");
        text(&p, meta);
        end(&p);
    }
    player(&p, links);
    start(&p, "p");
    attr(&p, "class", "ikuti");
    start(&p, "label");
    start(&p, "input");
    attr(&p, "type", "checkbox");
    attr(&p, "id", "ikuti");
    attr(&p, "checked", "checked");
    end(&p);
    text(&p, " Ikuti teks yang sedang dibacakan");
    end(&p);
    end(&p);
    chapter_list(&p, s, tl);
    start(&p, "section");
    attr(&p, "id", "transkrip");
    attr(&p, "aria-labelledby", "transkrip-judul");
    start(&p, "h2");
    attr(&p, "id", "transkrip-judul");
    text(&p, "Transkrip");
    end(&p);
    ok(&p, nr_write_article(p.w, s, tl, &m));
    end(&p); /* section */
    downloads(&p, links);
    end(&p); /* main */
    start(&p, "script");
    ok(&p, xmlTextWriterWriteRaw(p.w, BAD_CAST script));
    end(&p);
    end(&p); /* body */
    end(&p); /* html */
    ok(&p, xmlTextWriterEndDocument(p.w));
    xmlFreeTextWriter(p.w);
    tutur_status st = TUTUR_OK;
    if (p.rc < 0)
        st = nr_fail(ctx, TUTUR_E_INVALID, "%s: cannot write the page", o->path);
    else if (fwrite(xmlBufferContent(buf), 1, (size_t)xmlBufferLength(buf), o->f) !=
                 (size_t)xmlBufferLength(buf) ||
             fputc('\n', o->f) == EOF || fflush(o->f) != 0)
        st = nr_fail(ctx, TUTUR_E_IO, "%s: cannot write", o->path);
    xmlBufferFree(buf);
    return st;
}
