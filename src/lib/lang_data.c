/* lang_data.c: a language's data, loaded from DATA_DIR/LANG/: for now the
 * boilerplate rules (boilerplate.rules); the normalizer's word lists join
 * them here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

tutur_status tutur_lang_load(tutur_ctx *ctx, const char *language, tutur_lang **out) {
    *out = NULL;
    if (!language[0] || strchr(language, '/') || strlen(language) >= 16)
        return nr_fail(ctx, TUTUR_E_INVALID, "bad language code '%s'", language);
    tutur_lang *lang = calloc(1, sizeof *lang);
    if (!lang || !(lang->rules = nr_rules_new())) {
        free(lang);
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    }
    snprintf(lang->language, sizeof lang->language, "%s", language);
    /* The first data directory that has the language wins, so a user's
     * directory (added first) replaces the installed data as a whole. */
    for (size_t i = 0; i < ctx->n_data_dirs; i++) {
        char path[1024];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s/boilerplate.rules", ctx->data_dirs[i], language);
        if (stat(path, &st) != 0)
            continue;
        tutur_status s = nr_rules_load(ctx, lang->rules, path);
        if (s != TUTUR_OK) {
            tutur_lang_destroy(lang);
            return s;
        }
        break;
    }
    *out = lang;
    return TUTUR_OK;
}

tutur_status tutur_lang_add_rules_file(tutur_ctx *ctx, tutur_lang *lang, const char *path) {
    return nr_rules_load(ctx, lang->rules, path);
}

void tutur_lang_destroy(tutur_lang *lang) {
    if (!lang)
        return;
    nr_rules_free(lang->rules);
    free(lang);
}
