/* feed_cmd.c: `tutur feed DIR`: the channel from DIR/feed.ini (or
 * --config FILE) and the command line, the items from the narrations in
 * DIR; written to DIR/feed.xml (or -o FILE), atomically. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"

static char *in_dir(const char *dir, const char *name) {
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", name);
    return p;
}

/* How many narrations in DIR have no MP3 beside them. */
static int without_mp3(const char *dir) {
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len <= 5 || strcmp(e->d_name + len - 5, ".opus") != 0)
            continue;
        char name[1024];
        snprintf(name, sizeof name, "%.*s.mp3", (int)(len - 5), e->d_name);
        char *path = in_dir(dir, name);
        n += path && access(path, F_OK) != 0;
        free(path);
    }
    closedir(d);
    return n;
}

int cmd_feed(app *a) {
    const options *o = &a->opt;
    const char *dir = o->files[0];
    if (!dir[0] || (o->output && !o->output[0])) {
        fprintf(stderr, "tutur: feed: %s is empty\n", dir[0] ? "the output path" : "the directory");
        return EXIT_USAGE;
    }
    tutur_feed_channel ch = {0};
    tutur_output *out = NULL;
    char *default_config = in_dir(dir, "feed.ini");
    char *path = o->output ? strdup(o->output) : in_dir(dir, "feed.xml");
    tutur_status st = default_config && path ? TUTUR_OK : TUTUR_E_NOMEM;
    if (st == TUTUR_OK && o->config)
        st = tutur_feed_channel_load(a->ctx, o->config, &ch);
    else if (st == TUTUR_OK && access(default_config, F_OK) == 0)
        st = tutur_feed_channel_load(a->ctx, default_config, &ch);
    struct {
        const char *name, *value;
    } given[] = {
        {"base_url", o->base_url}, {"title", o->title}, {"description", o->description},
        {"author", o->author},     {"image", o->image}, {"link", o->link},
        {"language", o->language},     {"category", o->category},
        {"owner_name", o->owner_name}, {"owner_email", o->owner_email},
        {"copyright", o->copyright},   {"enclosure", o->enclosure},
    };
    for (size_t i = 0; st == TUTUR_OK && i < sizeof given / sizeof given[0]; i++)
        if (given[i].value)
            st = tutur_feed_channel_set(a->ctx, &ch, given[i].name, given[i].value);
    size_t n = 0;
    if (st == TUTUR_OK)
        st = tutur_output_open(a->ctx, path, &out);
    if (st == TUTUR_OK)
        st = tutur_feed_write(a->ctx, dir, &ch, out, &n);
    if (st == TUTUR_OK)
        st = tutur_output_commit(a->ctx, out);
    int rc = EXIT_SUCCESS;
    if (st != TUTUR_OK) {
        rc = app_fail(a, st);
    } else if (!o->quiet) {
        fprintf(stderr, "%s: %zu episode%s\n", path, n, n == 1 ? "" : "s");
        /* what Apple Podcasts and Spotify ask for before they list a feed */
        int opus_only = without_mp3(dir);
        if (opus_only)
            fprintf(stderr, "  warning: %d narration%s without an MP3: Apple Podcasts, Spotify and "
                            "Overcast play no Opus (narrate with --mp3)\n", opus_only,
                    opus_only == 1 ? "" : "s");
        if (!ch.owner_email)
            fprintf(stderr, "  warning: no owner e-mail (--owner-email): Apple Podcasts and "
                            "Spotify verify the feed by it\n");
        char *jpg = in_dir(dir, "cover.jpg"), *png = in_dir(dir, "cover.png");
        if (!ch.image && jpg && png && access(jpg, F_OK) != 0 && access(png, F_OK) != 0)
            fprintf(stderr, "  warning: no channel picture (--image, or cover.jpg in %s): the "
                            "newest episode's cover stands in, if any\n", dir);
        free(jpg);
        free(png);
    }
    tutur_output_destroy(out);
    tutur_feed_channel_clear(&ch);
    free(default_config);
    free(path);
    return rc;
}
