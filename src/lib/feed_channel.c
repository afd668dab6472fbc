/* feed_channel.c: a feed's channel fields, from an INI file ([feed]
 * section, read with inih) and the command line; and its podcast:guid. */
#include <ini.h>
#include <nettle/sha1.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "internal.h"

static char **field(tutur_feed_channel *ch, const char *name) {
    struct {
        const char *name;
        char **field;
    } f[] = {
        {"title", &ch->title},       {"description", &ch->description},
        {"author", &ch->author},     {"language", &ch->language},
        {"base_url", &ch->base_url}, {"image", &ch->image},
        {"link", &ch->link},         {"guid", &ch->guid},
        {"category", &ch->category}, {"owner_name", &ch->owner_name},
        {"owner_email", &ch->owner_email}, {"copyright", &ch->copyright},
        {"explicit", &ch->explicit_}, {"type", &ch->type},
        {"enclosure", &ch->enclosure},
    };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (strcmp(f[i].name, name) == 0)
            return f[i].field;
    return NULL;
}

/* Why VALUE cannot go into the feed's XML, or NULL: every field is one
 * line of text, and XML 1.0 allows no control character. */
static const char *unfit(const char *value) {
    if (u8_check((const uint8_t *)value, strlen(value)))
        return "not valid UTF-8";
    for (const unsigned char *p = (const unsigned char *)value; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return "a control character";
    return NULL;
}

tutur_status tutur_feed_channel_set(tutur_ctx *ctx, tutur_feed_channel *ch, const char *name,
                                    const char *value) {
    nr_clear(ctx); /* a message is about the last call only */
    char **f = field(ch, name);
    if (!f)
        return nr_fail(ctx, TUTUR_E_INVALID, "no feed field named %s", name);
    const char *why = unfit(value);
    if (why)
        return nr_fail(ctx, TUTUR_E_INVALID, "feed %s: %s", name, why);
    char *copy = nr_strdup(value);
    if (!copy)
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    free(*f);
    *f = copy;
    return TUTUR_OK;
}

typedef struct load_state {
    tutur_feed_channel *ch;
    char bad[160];
} load_state;

static int on_entry(void *user, const char *section, const char *name, const char *value) {
    load_state *s = user;
    char **f = strcmp(section, "feed") == 0 ? field(s->ch, name) : NULL;
    if (!f) {
        snprintf(s->bad, sizeof s->bad, "unknown key [%s] %s", section, name);
        return 0;
    }
    const char *why = unfit(value);
    if (why) {
        snprintf(s->bad, sizeof s->bad, "%s: %s", name, why);
        return 0;
    }
    char *copy = nr_strdup(value);
    if (!copy) {
        snprintf(s->bad, sizeof s->bad, "out of memory");
        return 0;
    }
    free(*f);
    *f = copy;
    return 1;
}

tutur_status tutur_feed_channel_load(tutur_ctx *ctx, const char *path, tutur_feed_channel *ch) {
    nr_clear(ctx); /* a message is about the last call only */
    FILE *f;
    tutur_status st0 = nr_open_config(ctx, path, "feed settings", false, &f);
    if (st0 != TUTUR_OK)
        return st0;
    load_state s = {ch, ""};
    int rc = ini_parse_file(f, on_entry, &s);
    fclose(f);
    if (rc != 0)
        return nr_fail(ctx, TUTUR_E_CONFIG, "%s:%d: %s", path, rc > 0 ? rc : 0,
                       s.bad[0] ? s.bad : "malformed line");
    return TUTUR_OK;
}

void tutur_feed_channel_clear(tutur_feed_channel *ch) {
    char **all[] = {&ch->title, &ch->description, &ch->author, &ch->language,
                    &ch->base_url, &ch->image, &ch->link, &ch->guid, &ch->category,
                    &ch->owner_name, &ch->owner_email, &ch->copyright, &ch->explicit_,
                    &ch->type, &ch->enclosure};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        free(*all[i]);
        *all[i] = NULL;
    }
}

/* Podcasting 2.0 <podcast:guid>: UUIDv5 (RFC 4122, SHA-1) of the feed URL
 * with its scheme and trailing slashes removed, in the namespace
 * ead4c236-bf58-58c6-a2c6-a6b28d128cb6. */
void tutur_podcast_guid(const char *url, char buf[37]) {
    static const uint8_t ns[16] = {0xea, 0xd4, 0xc2, 0x36, 0xbf, 0x58, 0x58, 0xc6,
                                   0xa2, 0xc6, 0xa6, 0xb2, 0x8d, 0x12, 0x8c, 0xb6};
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    size_t n = strlen(p);
    while (n > 0 && p[n - 1] == '/')
        n--;
    struct sha1_ctx h;
    uint8_t d[SHA1_DIGEST_SIZE];
    sha1_init(&h);
    sha1_update(&h, sizeof ns, ns);
    sha1_update(&h, n, (const uint8_t *)p);
    sha1_digest(&h, sizeof d, d);
    d[6] = (uint8_t)((d[6] & 0x0f) | 0x50);
    d[8] = (uint8_t)((d[8] & 0x3f) | 0x80);
    snprintf(buf, 37,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", d[0], d[1],
             d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12], d[13], d[14],
             d[15]);
}
