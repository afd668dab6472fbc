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
#include <stdio.h>
#include <string.h>

#include "output.h"
#include "xhtml_article.h"
#include "xml_out.h"

static const char style[] =
    "body{font:1.125rem/1.6 system-ui,sans-serif;color:#1a1a1a;background:#fff;margin:0}"
    "main{max-width:42rem;margin:0 auto;padding:1rem}"
    "a{color:#0b57d0}a:focus,button:focus,input:focus{outline:3px solid #1a1a1a;outline-offset:2px}"
    "audio{width:100%}.meta{color:#4a4a4a}"
    ".aktif{background:#ffe58a;color:#1a1a1a;border-radius:.2em}"
    ".ikuti{display:none}.js .ikuti{display:block}"
    "nav ol{padding-left:1.5rem}nav ul.bernomor{list-style:none;padding-left:0}"
    ".waktu{color:#4a4a4a;font-variant-numeric:tabular-nums}"
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}"
    ".sampul{max-width:12rem;height:auto;display:block}"
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
    "var pin=null,pinAt=-1,st=d.getElementById('status');"
    /* a chapter's mark is a moment before its heading is heard: from the
     * mark until the heading, the heading (not the last sentence before)
     * is the one lit */
    "function light(e){if(e===cur)return;"
    "if(cur){cur.classList.remove('aktif');cur.removeAttribute('aria-current');}"
    "cur=e;if(!e)return;e.classList.add('aktif');e.setAttribute('aria-current','true');"
    "if(f&&f.checked&&!a.paused&&e.scrollIntoView)"
    "e.scrollIntoView({block:'nearest',behavior:calm?'auto':'smooth'});}"
    "function show(){var t=a.currentTime;if(pin&&t>=pinAt-0.001&&t<parseFloat(pin.getAttribute('data-begin')))"
    "return light(pin);pin=null;var i=at(t);light(i<0?null:s[i]);}"
    "function tick(){show();if(!a.paused)requestAnimationFrame(tick);}"
    "a.addEventListener('timeupdate',show);a.addEventListener('seeked',show);"
    "a.addEventListener('play',function(){requestAnimationFrame(tick);});"
    "[].forEach.call(d.querySelectorAll('a[data-start]'),function(l){"
    "l.addEventListener('click',function(ev){ev.preventDefault();"
    "var t=parseFloat(l.getAttribute('data-start'));a.currentTime=t;"
    "pin=d.querySelector(l.getAttribute('href')+' span[data-begin]');pinAt=t;show();"
    "if(st)st.textContent=(a.paused?'Dijeda di ':'Diputar dari ')+l.getAttribute('data-label')+"
    "(a.paused?'. Tekan putar untuk mendengarkan.':'.');});});"
    "})();";

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

static void player(nr_xml *p, const tutur_script *s, const tutur_page_links *l) {
    if (l->cover) {
        nr_xml_start(p, "img");
        nr_xml_attr(p, "class", "sampul");
        nr_xml_attr(p, "src", l->cover);
        nr_xml_attr(p, "alt", ""); /* the title is said right above it */
        nr_xml_end(p);
    }
    char name[512];
    snprintf(name, sizeof name, "Narasi: %s", s->title);
    nr_xml_start(p, "audio");
    nr_xml_attr(p, "id", "pemutar");
    nr_xml_attr(p, "aria-label", name);
    nr_xml_attr(p, "controls", "controls");
    nr_xml_attr(p, "preload", "metadata");
    nr_xml_start(p, "source");
    nr_xml_attr(p, "src", l->opus);
    nr_xml_attr(p, "type", "audio/ogg; codecs=opus");
    nr_xml_end(p);
    if (l->mp3) {
        nr_xml_start(p, "source");
        nr_xml_attr(p, "src", l->mp3);
        nr_xml_attr(p, "type", "audio/mpeg");
        nr_xml_end(p);
    }
    if (l->captions) {
        nr_xml_start(p, "track");
        nr_xml_attr(p, "kind", "captions");
        nr_xml_attr(p, "src", l->captions);
        nr_xml_attr(p, "srclang", l->language);
        nr_xml_attr(p, "label", "Teks");
        nr_xml_end(p);
    }
    if (l->chapters) {
        nr_xml_start(p, "track");
        nr_xml_attr(p, "kind", "chapters");
        nr_xml_attr(p, "src", l->chapters);
        nr_xml_attr(p, "srclang", l->language);
        nr_xml_attr(p, "label", "Bab");
        nr_xml_end(p);
    }
    nr_xml_start(p, "a");
    nr_xml_attr(p, "href", l->opus);
    nr_xml_text(p, "Unduh narasi");
    nr_xml_end(p);
    nr_xml_end(p);
}

/* "1 menit 23 detik": a time as it is said, for screen readers. */
static void spoken_time(int64_t samples, int rate, char buf[64]) {
    int64_t t = tutur_samples_to_ms(samples, rate) / 1000;
    int64_t h = t / 3600, m = t / 60 % 60, sec = t % 60;
    int n = 0;
    buf[0] = '\0';
    if (h)
        n += snprintf(buf + n, 64 - (size_t)n, "%lld jam ", (long long)h);
    if (m)
        n += snprintf(buf + n, 64 - (size_t)n, "%lld menit ", (long long)m);
    if (sec || (!h && !m))
        n += snprintf(buf + n, 64 - (size_t)n, "%lld detik ", (long long)sec);
    if (n > 0)
        buf[n - 1] = '\0';
}

/* Whether a heading carries its own number ("3. Pentingnya...", "BAB II",
 * "IV. Penutup", "2.1 Latar"): a numbered list would say it twice. */
static bool self_numbered(const char *t) {
    if (strncmp(t, "BAB ", 4) == 0 || strncmp(t, "Bab ", 4) == 0)
        return true;
    size_t k = strspn(t, "0123456789");
    if (k == 0)
        k = strspn(t, "IVXLC");
    return k > 0 && (t[k] == '.' || t[k] == ')' || t[k] == ' ') && t[k + 1] != '\0';
}

static void chapter_list(nr_xml *p, const tutur_script *s, const tutur_timeline *tl) {
    nr_xml_start(p, "nav");
    nr_xml_attr(p, "aria-labelledby", "bab-judul");
    nr_xml_start(p, "h2");
    nr_xml_attr(p, "id", "bab-judul");
    nr_xml_text(p, "Bab");
    nr_xml_end(p);
    size_t numbered = 0;
    for (size_t c = 1; c < s->n_chapters; c++)
        numbered += self_numbered(s->chapters[c].title);
    bool own = s->n_chapters > 1 && numbered * 2 >= s->n_chapters - 1;
    nr_xml_start(p, own ? "ul" : "ol");
    if (own)
        nr_xml_attr(p, "class", "bernomor");
    for (size_t c = 0; c < s->n_chapters && c < tl->n_chapters; c++) {
        char href[32], at[32], when[32], said[64], label[600];
        snprintf(href, sizeof href, "#ch-%zu", c + 1);
        nr_seconds(tl->chapter_starts[c], tl->rate, at);
        clock(tl->chapter_starts[c], tl->rate, when);
        spoken_time(tl->chapter_starts[c], tl->rate, said);
        snprintf(label, sizeof label, "%s, mulai %s", s->chapters[c].title, said);
        nr_xml_start(p, "li");
        nr_xml_start(p, "a");
        nr_xml_attr(p, "href", href);
        nr_xml_attr(p, "data-start", at);
        nr_xml_attr(p, "data-label", label);
        nr_xml_text(p, s->chapters[c].title);
        nr_xml_end(p);
        nr_xml_text(p, " ");
        nr_xml_start(p, "span");
        nr_xml_attr(p, "class", "waktu");
        nr_xml_start(p, "span");
        nr_xml_attr(p, "class", "sr");
        nr_xml_text(p, "mulai ");
        nr_xml_text(p, said);
        nr_xml_end(p);
        nr_xml_start(p, "span");
        nr_xml_attr(p, "aria-hidden", "true");
        nr_xml_text(p, when);
        nr_xml_end(p);
        nr_xml_end(p);
        nr_xml_end(p);
    }
    nr_xml_end(p);
    nr_xml_end(p);
}

static void downloads(nr_xml *p, const tutur_page_links *l) {
    if (!l->n_downloads)
        return;
    nr_xml_start(p, "section");
    nr_xml_attr(p, "aria-labelledby", "unduh-judul");
    nr_xml_start(p, "h2");
    nr_xml_attr(p, "id", "unduh-judul");
    nr_xml_text(p, "Unduhan");
    nr_xml_end(p);
    nr_xml_start(p, "ul");
    for (size_t i = 0; i < l->n_downloads; i++) {
        const tutur_page_file *d = &l->downloads[i];
        char size[32], label[512];
        human_size(d->bytes, size);
        snprintf(label, sizeof label, "%s (%s, %s)", d->label, d->kind, size);
        nr_xml_start(p, "li");
        nr_xml_start(p, "a");
        nr_xml_attr(p, "href", d->href);
        nr_xml_attr(p, "download", "");
        nr_xml_text(p, label);
        nr_xml_end(p);
        nr_xml_end(p);
    }
    nr_xml_end(p);
    nr_xml_end(p);
}

tutur_status tutur_sink_page(tutur_ctx *ctx, const tutur_script *s, const tutur_timeline *tl,
                             const tutur_page_links *links, tutur_output *o) {
    nr_clear(ctx); /* a message is about the last call only */
    nr_xml p;
    if (!nr_xml_open(&p, false))
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    /* chapter headings sit under the "Transkrip" h2 */
    nr_article_markup m = {.heading_offset = 1, .times = true, .title = false, .id_prefix = "",
                           .above = 2};
    nr_xml_raw(&p, "<!DOCTYPE html>\n");
    nr_xml_start(&p, "html");
    nr_xml_attr(&p, "lang", links->language);
    nr_xml_start(&p, "head");
    nr_xml_start(&p, "meta");
    nr_xml_attr(&p, "charset", "utf-8");
    nr_xml_end(&p);
    nr_xml_start(&p, "meta");
    nr_xml_attr(&p, "name", "viewport");
    nr_xml_attr(&p, "content", "width=device-width, initial-scale=1");
    nr_xml_end(&p);
    nr_xml_element(&p, "title", s->title[0] ? s->title : "Tanpa judul");
    nr_xml_start(&p, "style");
    nr_xml_raw(&p, style);
    nr_xml_end(&p);
    nr_xml_end(&p); /* head */
    nr_xml_start(&p, "body");
    nr_xml_start(&p, "main");
    nr_xml_check(&p, nr_write_title(p.w, s, tl, &m));
    if (s->author || s->date) {
        nr_xml_start(&p, "p");
        nr_xml_attr(&p, "class", "meta");
        if (s->author)
            nr_xml_text(&p, s->author);
        if (s->author && s->date)
            nr_xml_text(&p, " · ");
        if (s->date) {
            nr_xml_start(&p, "time");
            nr_xml_attr(&p, "datetime", s->published ? s->published : s->date);
            nr_xml_text(&p, links->date_text ? links->date_text : s->date);
            nr_xml_end(&p);
        }
        nr_xml_end(&p);
    }
    player(&p, s, links);
    /* where a chapter link went, said by screen readers */
    nr_xml_start(&p, "p");
    nr_xml_attr(&p, "id", "status");
    nr_xml_attr(&p, "class", "sr");
    nr_xml_attr(&p, "role", "status");
    nr_xml_text(&p, "");
    nr_xml_end(&p);
    nr_xml_start(&p, "p");
    nr_xml_attr(&p, "class", "ikuti");
    nr_xml_start(&p, "label");
    nr_xml_start(&p, "input");
    nr_xml_attr(&p, "type", "checkbox");
    nr_xml_attr(&p, "id", "ikuti");
    nr_xml_attr(&p, "checked", "checked");
    nr_xml_end(&p);
    nr_xml_text(&p, " Ikuti teks yang sedang dibacakan");
    nr_xml_end(&p);
    nr_xml_end(&p);
    chapter_list(&p, s, tl);
    nr_xml_start(&p, "section");
    nr_xml_attr(&p, "id", "transkrip");
    nr_xml_attr(&p, "aria-labelledby", "transkrip-judul");
    nr_xml_start(&p, "h2");
    nr_xml_attr(&p, "id", "transkrip-judul");
    nr_xml_text(&p, "Transkrip");
    nr_xml_end(&p);
    nr_xml_check(&p, nr_write_article(p.w, s, tl, &m));
    nr_xml_end(&p); /* section */
    downloads(&p, links);
    nr_xml_end(&p); /* main */
    nr_xml_start(&p, "script");
    nr_xml_raw(&p, script);
    nr_xml_end(&p);
    nr_xml_end(&p); /* body */
    nr_xml_end(&p); /* html */
    size_t len = 0;
    const char *bytes = nr_xml_finish(&p, &len);
    tutur_status st = TUTUR_OK;
    if (!bytes)
        st = nr_fail(ctx, TUTUR_E_INVALID, "%s: cannot write the page", o->path);
    else if (fwrite(bytes, 1, len, o->f) != len || fputc('\n', o->f) == EOF ||
             fflush(o->f) != 0)
        st = nr_fail(ctx, TUTUR_E_IO, "%s: cannot write", o->path);
    nr_xml_free(&p);
    return st;
}
