/* feed.c: an RSS 2.0 podcast feed with the itunes and podcast (Podcasting
 * 2.0) namespaces, over the narrations in a directory, written with
 * libxml2's xmlTextWriter so every text escapes correctly.
 *
 * Everything an item says comes from the narration itself (its tags and
 * exact length, read back with opusfile) and from the files tutur wrote
 * beside it, so the feed can be rebuilt at any time from the directory.
 * Nothing in it depends on the time it was written: the same directory
 * gives the same feed, byte for byte. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "opus_probe.h"
#include "output.h"
#include "xml_out.h"

#define NS_ITUNES "http://www.itunes.com/dtds/podcast-1.0.dtd"
#define NS_PODCAST "https://podcastindex.org/namespace/1.0"
#define NS_ATOM "http://www.w3.org/2005/Atom"

typedef struct item {
    char *file; /* name in the directory */
    char *stem; /* name without ".opus" */
    nr_opus_info info;
    int64_t bytes;
} item;

typedef struct feed {
    tutur_ctx *ctx;
    const char *dir;
    const tutur_feed_channel *ch;
    nr_xml x;
} feed;

/* An element only when there is something to say. */
static void element(feed *f, const char *name, const char *text) {
    if (text)
        nr_xml_element(&f->x, name, text);
}

/* ---- helpers ---------------------------------------------------------- */

static char *path_in(const char *dir, const char *name) {
    nr_buf b = {0};
    nr_buf_puts(&b, dir);
    if (b.len && b.data[b.len - 1] != '/')
        nr_buf_putc(&b, '/');
    nr_buf_puts(&b, name);
    return nr_buf_take(&b);
}

/* BASE/NAME with NAME percent-encoded (RFC 3986 unreserved kept). */
static char *url_of(const char *base, const char *name) {
    nr_buf b = {0};
    nr_buf_puts(&b, base);
    while (b.len && b.data[b.len - 1] == '/')
        b.len--;
    nr_buf_putc(&b, '/');
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '.' || *p == '_' || *p == '~' || *p == '/') {
            nr_buf_putc(&b, (char)*p);
        } else {
            char hex[4];
            snprintf(hex, sizeof hex, "%%%02X", *p);
            nr_buf_puts(&b, hex);
        }
    }
    return nr_buf_take(&b);
}

static int64_t file_size(const char *dir, const char *name) {
    char *p = path_in(dir, name);
    struct stat st;
    int64_t n = p && stat(p, &st) == 0 && S_ISREG(st.st_mode) ? (int64_t)st.st_size : -1;
    free(p);
    return n;
}

/* RFC 2822 date of the DATE tag, in English whatever the locale: its own
 * time and zone when it has them ("2024-05-01T08:30:00+07:00"), else
 * midnight UTC of the day. */
static bool rfc822(const char *date, char buf[40]) {
    static const char *days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int y, m, d, hh = 0, mm = 0, ss = 0, zh = 0, zm = 0;
    char zs = '+';
    if (!date || sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 ||
        d > 31)
        return false;
    if (strlen(date) >= 25 && sscanf(date + 10, "T%2d:%2d:%2d%c%2d:%2d", &hh, &mm, &ss, &zs, &zh,
                                     &zm) != 6)
        hh = mm = ss = zh = zm = 0;
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12};
    time_t t = timegm(&tm);
    struct tm out;
    if (t == (time_t)-1 || !gmtime_r(&t, &out))
        return false;
    snprintf(buf, 40, "%s, %02d %s %04d %02d:%02d:%02d %c%02d%02d", days[out.tm_wday],
             out.tm_mday, months[out.tm_mon], out.tm_year + 1900, hh % 24, mm % 60, ss % 61,
             zs == '-' ? '-' : '+', zh % 15, zm % 60);
    return true;
}

static int by_date_then_name(const void *pa, const void *pb) {
    const item *a = pa, *b = pb;
    const char *da = a->info.date ? a->info.date : "", *db = b->info.date ? b->info.date : "";
    int c = strcmp(db, da); /* newest first */
    return c ? c : strcmp(a->file, b->file);
}

static void free_items(item *items, size_t n) {
    for (size_t i = 0; i < n; i++) {
        free(items[i].file);
        free(items[i].stem);
        nr_opus_info_free(&items[i].info);
    }
    free(items);
}

static tutur_status collect(feed *f, item **out, size_t *n_out) {
    *out = NULL;
    *n_out = 0;
    DIR *d = opendir(f->dir);
    if (!d)
        return nr_fail(f->ctx, TUTUR_E_NOT_FOUND, "%s: cannot open the directory", f->dir);
    item *items = NULL;
    size_t n = 0, cap = 0;
    tutur_status st = TUTUR_OK;
    struct dirent *e;
    while (st == TUTUR_OK && (e = readdir(d))) {
        if (nr_stopped(f->ctx)) {
            st = nr_fail(f->ctx, TUTUR_E_CANCELLED, "cancelled");
            break;
        }
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len <= 5 || strcmp(e->d_name + len - 5, ".opus") != 0)
            continue;
        item *p = nr_grow(items, &cap, n + 1, sizeof *p);
        if (!p) {
            st = nr_fail(f->ctx, TUTUR_E_NOMEM, "out of memory");
            break;
        }
        items = p;
        item *it = &items[n];
        *it = (item){nr_strdup(e->d_name), nr_strndup(e->d_name, len - 5), {0}, 0};
        n++;
        char *path = path_in(f->dir, e->d_name);
        if (!it->file || !it->stem || !path) {
            free(path);
            st = nr_fail(f->ctx, TUTUR_E_NOMEM, "out of memory");
            break;
        }
        st = nr_opus_probe(f->ctx, path, &it->info);
        free(path);
        it->bytes = file_size(f->dir, it->file);
    }
    closedir(d);
    if (st != TUTUR_OK) {
        free_items(items, n);
        return st;
    }
    if (n > 1) /* qsort wants a real array even for no items */
        qsort(items, n, sizeof *items, by_date_then_name);
    *out = items;
    *n_out = n;
    return TUTUR_OK;
}

/* STEM + EXT when that file is in the folder (the name, freed by the
 * caller), else NULL. */
static char *beside(feed *f, const item *it, const char *ext, int64_t *bytes) {
    nr_buf b = {0};
    nr_buf_puts(&b, it->stem);
    nr_buf_puts(&b, ext);
    char *name = nr_buf_take(&b);
    int64_t n = name ? file_size(f->dir, name) : -1;
    if (bytes)
        *bytes = n;
    if (n < 0) {
        free(name);
        return NULL;
    }
    return name;
}

/* A link element to STEM+EXT when that file exists. */
static void sidecar(feed *f, const item *it, const char *ext, const char *element_name,
                    const char *type, const char *rel) {
    char *name = beside(f, it, ext, NULL);
    if (!name)
        return;
    char *url = url_of(f->ch->base_url, name);
    nr_xml_start(&f->x, element_name);
    nr_xml_attr(&f->x, "url", url ? url : "");
    nr_xml_attr(&f->x, "type", type);
    if (rel)
        nr_xml_attr(&f->x, "rel", rel);
    nr_xml_end(&f->x);
    free(url);
    free(name);
}

/* The item's picture: the cover narrate wrote beside it (--cover). */
static char *item_cover(feed *f, const item *it) {
    char *name = beside(f, it, ".jpg", NULL);
    if (!name)
        name = beside(f, it, ".png", NULL);
    return name;
}

static void enclosure(feed *f, const char *name, int64_t bytes, const char *type) {
    char buf[32];
    char *url = url_of(f->ch->base_url, name);
    nr_xml_start(&f->x, "enclosure");
    nr_xml_attr(&f->x, "url", url ? url : "");
    snprintf(buf, sizeof buf, "%lld", (long long)bytes);
    nr_xml_attr(&f->x, "length", buf);
    nr_xml_attr(&f->x, "type", type);
    nr_xml_end(&f->x);
    free(url);
}

static void alternate(feed *f, const char *name, int64_t bytes, const char *type,
                      const char *codecs, const char *title) {
    char buf[32];
    char *url = url_of(f->ch->base_url, name);
    nr_xml_start(&f->x, "podcast:alternateEnclosure");
    nr_xml_attr(&f->x, "type", type);
    snprintf(buf, sizeof buf, "%lld", (long long)bytes);
    nr_xml_attr(&f->x, "length", buf);
    nr_xml_attr(&f->x, "codecs", codecs);
    nr_xml_attr(&f->x, "title", title);
    nr_xml_start(&f->x, "podcast:source");
    nr_xml_attr(&f->x, "uri", url ? url : "");
    nr_xml_end(&f->x);
    nr_xml_end(&f->x);
    free(url);
}

/* The description, then a line per chapter ("00:01:23 Title"), which
 * Apple Podcasts, Spotify and YouTube turn into chapters (three or more,
 * the first at 00:00:00). */
static char *description(const item *it) {
    const nr_opus_info *in = &it->info;
    nr_buf b = {0};
    const char *text = in->description ? in->description : in->title ? in->title : it->stem;
    nr_buf_puts(&b, text);
    if (in->n_chapters >= 3) {
        nr_buf_puts(&b, "\n\nBab:");
        for (size_t c = 0; c < in->n_chapters; c++) {
            nr_buf_putc(&b, '\n');
            nr_buf_append(&b, in->chapters[c].start, strcspn(in->chapters[c].start, "."));
            nr_buf_putc(&b, ' ');
            nr_buf_puts(&b, in->chapters[c].name);
        }
    }
    return nr_buf_take(&b);
}

/* A path on the publisher's site ("/2024/05/panen/", a Hugo url or a
 * Jekyll permalink) as an address: on the channel's link (the site), else
 * where the narrations are published; NULL when PATH is not a path. */
static char *on_site(const tutur_feed_channel *ch, const char *path) {
    const char *site = ch->link ? ch->link : ch->base_url;
    if (!path || path[0] != '/' || path[1] == '/' || !site)
        return NULL;
    const char *host = strstr(site, "://");
    if (!host)
        return NULL;
    const char *end = strchr(host + 3, '/');
    size_t origin = end ? (size_t)(end - site) : strlen(site);
    size_t n = origin + strlen(path) + 1;
    char *url = malloc(n);
    if (url)
        snprintf(url, n, "%.*s%s", (int)origin, site, path);
    return url;
}

static void write_item(feed *f, const item *it, const char *channel_guid,
                       const char *channel_image) {
    const nr_opus_info *in = &it->info;
    char buf[64];
    nr_xml_start(&f->x, "item");
    element(f, "title", in->title ? in->title : it->stem);
    char *desc = description(it);
    element(f, "description", desc);
    free(desc);
    if (in->artist)
        element(f, "itunes:author", in->artist);
    if (rfc822(in->date, buf))
        element(f, "pubDate", buf);
    /* the article's own address, else its listening page */
    char *page = beside(f, it, ".html", NULL);
    char *page_url = page ? url_of(f->ch->base_url, page) : NULL;
    char *site_url = !nr_is_web_url(in->url) ? on_site(f->ch, in->url) : NULL;
    element(f, "link", nr_is_web_url(in->url) ? in->url : site_url ? site_url : page_url);
    free(site_url);
    free(page);
    free(page_url);
    /* Stable across re-narrations, regenerations and a move of the files. */
    nr_buf guid = {0};
    nr_buf_puts(&guid, channel_guid);
    nr_buf_putc(&guid, '/');
    nr_buf_puts(&guid, it->stem);
    nr_xml_start(&f->x, "guid");
    nr_xml_attr(&f->x, "isPermaLink", "false");
    nr_xml_text(&f->x, nr_buf_cstr(&guid));
    nr_xml_end(&f->x);
    nr_buf_free(&guid);
    /* Apple Podcasts, Spotify and Overcast take MP3 and not Opus: the MP3
     * is the enclosure when it exists, the Opus file the alternate. */
    int64_t mp3_bytes = -1;
    char *mp3 = beside(f, it, ".mp3", &mp3_bytes);
    bool mp3_first = mp3 && !(f->ch->enclosure && strcmp(f->ch->enclosure, "opus") == 0);
    if (mp3_first)
        enclosure(f, mp3, mp3_bytes, "audio/mpeg");
    else
        enclosure(f, it->file, it->bytes, "audio/ogg");
    char *cover = item_cover(f, it);
    char *cover_url = cover ? url_of(f->ch->base_url, cover) : NULL;
    const char *image = cover_url ? cover_url : channel_image;
    if (image) {
        nr_xml_start(&f->x, "itunes:image");
        nr_xml_attr(&f->x, "href", image);
        nr_xml_end(&f->x);
    }
    free(cover);
    free(cover_url);
    int64_t secs = (in->samples_48k + 24000) / 48000;
    snprintf(buf, sizeof buf, "%lld", (long long)secs); /* seconds: Apple's preference */
    element(f, "itunes:duration", buf);
    element(f, "itunes:explicit", f->ch->explicit_ ? f->ch->explicit_ : "false");
    element(f, "itunes:episodeType", "full");
    sidecar(f, it, ".chapters.json", "podcast:chapters", "application/json+chapters", NULL);
    sidecar(f, it, ".vtt", "podcast:transcript", "text/vtt", "captions");
    sidecar(f, it, ".txt", "podcast:transcript", "text/plain", NULL);
    if (mp3_first)
        alternate(f, it->file, it->bytes, "audio/ogg", "opus", "Opus");
    else if (mp3)
        alternate(f, mp3, mp3_bytes, "audio/mpeg", "mp3", "MP3");
    free(mp3);
    nr_xml_end(&f->x);
}

/* The channel's picture: --image (or image in feed.ini), else a cover.jpg
 * or cover.png in the folder, else the newest item's cover.  A URL; NULL
 * when there is none. */
static char *channel_image(feed *f, const item *items, size_t n) {
    if (f->ch->image)
        return nr_strdup(f->ch->image);
    static const char *const names[] = {"cover.jpg", "cover.png", "cover.jpeg"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (file_size(f->dir, names[i]) > 0)
            return url_of(f->ch->base_url, names[i]);
    for (size_t i = 0; i < n; i++) {
        char *cover = item_cover(f, &items[i]);
        if (cover) {
            char *url = url_of(f->ch->base_url, cover);
            free(cover);
            return url;
        }
    }
    return NULL;
}

/* itunes:category: "News" or "News/Politics" (a sub-category inside). */
static void category(feed *f) {
    const char *c = f->ch->category && f->ch->category[0] ? f->ch->category : "News";
    const char *slash = strchr(c, '/');
    char *top = slash ? nr_strndup(c, (size_t)(slash - c)) : nr_strdup(c);
    nr_xml_start(&f->x, "itunes:category");
    nr_xml_attr(&f->x, "text", top ? top : c);
    if (slash && slash[1]) {
        nr_xml_start(&f->x, "itunes:category");
        nr_xml_attr(&f->x, "text", slash + 1);
        nr_xml_end(&f->x);
    }
    nr_xml_end(&f->x);
    free(top);
}

static void write_channel(feed *f, const item *items, size_t n, const char *guid) {
    const tutur_feed_channel *ch = f->ch;
    const char *title = ch->title ? ch->title : "tutur";
    const char *link = ch->link ? ch->link : ch->base_url;
    const char *language = ch->language ? ch->language
                           : n && items[0].info.language ? items[0].info.language
                                                          : "id";
    const char *owner = ch->owner_name ? ch->owner_name : ch->author;
    nr_xml_start(&f->x, "channel");
    element(f, "title", title);
    element(f, "link", link);
    element(f, "description", ch->description ? ch->description : title);
    element(f, "language", language);
    if (ch->copyright) {
        element(f, "copyright", ch->copyright);
    } else if (owner) {
        nr_buf c = {0};
        nr_buf_puts(&c, "© ");
        nr_buf_puts(&c, owner);
        element(f, "copyright", nr_buf_cstr(&c));
        nr_buf_free(&c);
    }
    char generator[64];
    snprintf(generator, sizeof generator, "tutur %s", tutur_version_string());
    element(f, "generator", generator);
    char *self = url_of(ch->base_url, "feed.xml");
    nr_xml_start(&f->x, "atom:link");
    nr_xml_attr(&f->x, "href", self ? self : "");
    nr_xml_attr(&f->x, "rel", "self");
    nr_xml_attr(&f->x, "type", "application/rss+xml");
    nr_xml_end(&f->x);
    free(self);
    char *image = channel_image(f, items, n);
    if (image) {
        nr_xml_start(&f->x, "image");
        element(f, "url", image);
        element(f, "title", title);
        element(f, "link", link);
        nr_xml_end(&f->x);
        nr_xml_start(&f->x, "itunes:image");
        nr_xml_attr(&f->x, "href", image);
        nr_xml_end(&f->x);
    }
    if (ch->author)
        element(f, "itunes:author", ch->author);
    if (owner || ch->owner_email) {
        nr_xml_start(&f->x, "itunes:owner");
        element(f, "itunes:name", owner);
        element(f, "itunes:email", ch->owner_email);
        nr_xml_end(&f->x);
    }
    category(f);
    element(f, "itunes:explicit", ch->explicit_ ? ch->explicit_ : "false");
    element(f, "itunes:type", ch->type ? ch->type : "episodic");
    element(f, "podcast:guid", guid);
    for (size_t i = 0; i < n; i++)
        write_item(f, &items[i], guid, image);
    free(image);
    nr_xml_end(&f->x);
}

tutur_status tutur_feed_write(tutur_ctx *ctx, const char *dir, const tutur_feed_channel *ch,
                              tutur_output *o, size_t *n_items) {
    nr_clear(ctx); /* a message is about the last call only */
    *n_items = 0;
    if (!ch->base_url || !ch->base_url[0])
        return nr_fail(ctx, TUTUR_E_INVALID,
                       "%s: the feed needs a base URL (--base-url, or base_url in feed.ini)",
                       dir);
    const struct {
        const char *name, *value, *a, *b;
    } choice[] = {{"explicit", ch->explicit_, "true", "false"},
                  {"type", ch->type, "episodic", "serial"},
                  {"enclosure", ch->enclosure, "mp3", "opus"}};
    for (size_t i = 0; i < sizeof choice / sizeof choice[0]; i++)
        if (choice[i].value && strcmp(choice[i].value, choice[i].a) != 0 &&
            strcmp(choice[i].value, choice[i].b) != 0)
            return nr_fail(ctx, TUTUR_E_INVALID, "%s: feed %s must be %s or %s, not '%s'", dir,
                           choice[i].name, choice[i].a, choice[i].b, choice[i].value);
    feed f = {ctx, dir, ch, {0}};
    item *items = NULL;
    size_t n = 0;
    tutur_status st = collect(&f, &items, &n);
    if (st != TUTUR_OK)
        return st;
    char guid[37];
    if (ch->guid) {
        snprintf(guid, sizeof guid, "%s", ch->guid);
    } else {
        char *self = url_of(ch->base_url, "feed.xml");
        tutur_podcast_guid(self ? self : ch->base_url, guid);
        free(self);
    }
    if (!nr_xml_open(&f.x, true)) {
        free_items(items, n);
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    }
    nr_xml_start(&f.x, "rss");
    nr_xml_attr(&f.x, "version", "2.0");
    nr_xml_attr(&f.x, "xmlns:itunes", NS_ITUNES);
    nr_xml_attr(&f.x, "xmlns:podcast", NS_PODCAST);
    nr_xml_attr(&f.x, "xmlns:atom", NS_ATOM);
    write_channel(&f, items, n, guid);
    nr_xml_end(&f.x);
    size_t len = 0;
    const char *bytes = nr_xml_finish(&f.x, &len);
    if (!bytes)
        st = nr_fail(ctx, TUTUR_E_INVALID, "%s: cannot write the feed (text not UTF-8?)", dir);
    else if (fwrite(bytes, 1, len, o->f) != len || fflush(o->f) != 0)
        st = nr_fail(ctx, TUTUR_E_IO, "%s: cannot write", o->path);
    nr_xml_free(&f.x);
    *n_items = n;
    free_items(items, n);
    return st;
}
