/* fuzz_feed_input: a feed or CMS export given to tutur narrate: detected,
 * expanded into pages, and each page read back. */
#include <dirent.h>
#include <sys/stat.h>

#include "feed_input.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_setup();
    const char *path = fuzz_file("feed.xml", data, size);
    char root[32], dir[128];
    if (nr_feed_kind_of((const char *)data, size, root) == NR_NOT_XML)
        return 0;
    snprintf(dir, sizeof dir, "%s/pages", g_dir);
    mkdir(dir, 0700);
    nr_site_list list = {0};
    (void)nr_feed_expand(g_ctx, path, (const char *)data, size, dir, &list);
    for (size_t i = 0; i < list.n && i < 8; i++) {
        tutur_article *a = NULL;
        if (tutur_read_file(g_ctx, list.paths[i], TUTUR_FORMAT_AUTO, g_lang, &a) == TUTUR_OK)
            tutur_article_destroy(a);
    }
    nr_site_list_clear(&list);
    /* every page, also those of an expansion that failed half way */
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));) {
        char page[400];
        snprintf(page, sizeof page, "%s/%s", dir, e->d_name);
        if (e->d_name[0] != '.')
            unlink(page);
    }
    if (d)
        closedir(d);
    return 0;
}
