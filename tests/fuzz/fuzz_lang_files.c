/* fuzz_lang_files: a user's lexicon and a user's rules file, added to a
 * fresh copy of the language, which then normalizes a sentence that uses
 * both (the loaded entries are exercised, not only parsed). */
#include <dirent.h>
#include <sys/stat.h>

#include "fuzz_common.h"

/* A data directory with the language's files but not its pronunciation
 * list (normalizing does not use it, and loading its 25,000 words on
 * every run would leave the fuzzer a few runs a second). */
static tutur_ctx *light_ctx(void) {
    static tutur_ctx *ctx;
    if (ctx)
        return ctx;
    char dir[160], from[1200], to[1200];
    snprintf(dir, sizeof dir, "%s/voices", g_dir);
    mkdir(dir, 0777);
    snprintf(dir, sizeof dir, "%s/voices/id", g_dir);
    mkdir(dir, 0777);
    DIR *d = opendir(FUZZ_VOICES "/id");
    if (!d)
        abort();
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, "g2p-id") == 0)
            continue;
        snprintf(from, sizeof from, "%s/id/%s", FUZZ_VOICES, e->d_name);
        snprintf(to, sizeof to, "%s/%s", dir, e->d_name);
        if (symlink(from, to) != 0)
            abort();
    }
    closedir(d);
    snprintf(dir, sizeof dir, "%s/voices", g_dir);
    if (tutur_ctx_create(&ctx) != TUTUR_OK || tutur_ctx_add_data_dir(ctx, dir) != TUTUR_OK)
        abort();
    return ctx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_setup();
    tutur_ctx *ctx = light_ctx();
    tutur_lang *lang = NULL;
    if (tutur_lang_load(ctx, "id", &lang) != TUTUR_OK)
        abort();
    /* the first byte chooses the loader, the rest is the file */
    bool rules = size > 0 && (data[0] & 1);
    const char *path = fuzz_file("user.tsv", size ? data + 1 : data, size ? size - 1 : 0);
    tutur_status st = rules ? tutur_lang_add_rules_file(ctx, lang, path)
                            : tutur_lang_add_lexicon(ctx, lang, path);
    if (st == TUTUR_OK) {
        char *out = NULL;
        if (tutur_normalize(ctx, lang, "Rp 5.000 di SMA 3, Bab II dan kata-kata lain.", &out) ==
            TUTUR_OK)
            free(out);
    }
    tutur_lang_destroy(lang);
    return 0;
}
