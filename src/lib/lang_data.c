/* lang_data.c: a language's data, loaded from DATA_DIR/LANG/: for now the
 * boilerplate rules (boilerplate.rules); the normalizer's word lists join
 * them here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"
#include "normalize.h"

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
    char dir[1024] = "";
    for (size_t i = 0; i < ctx->n_data_dirs && !dir[0]; i++) {
        struct stat st;
        snprintf(dir, sizeof dir, "%s/%s", ctx->data_dirs[i], language);
        if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
            dir[0] = '\0';
    }
    tutur_status s = TUTUR_OK;
    if (dir[0]) {
        char path[1100];
        struct stat st;
        snprintf(path, sizeof path, "%s/boilerplate.rules", dir);
        if (stat(path, &st) == 0)
            s = nr_rules_load(ctx, lang->rules, path);
        snprintf(path, sizeof path, "%s/months.tsv", dir);
        if (s == TUTUR_OK)
            s = nr_rules_load_months(ctx, lang->rules, path);
    }
    if (s == TUTUR_OK)
        s = nr_normalizer_create(ctx, dir[0] ? dir : NULL, &lang->normalizer);
    if (s != TUTUR_OK) {
        tutur_lang_destroy(lang);
        return s;
    }
    *out = lang;
    return TUTUR_OK;
}

tutur_status tutur_lang_add_rules_file(tutur_ctx *ctx, tutur_lang *lang, const char *path) {
    return nr_rules_load(ctx, lang->rules, path);
}

tutur_status tutur_lang_add_lexicon(tutur_ctx *ctx, tutur_lang *lang, const char *path) {
    return nr_normalizer_add_lexicon(ctx, lang->normalizer, path);
}

tutur_status tutur_normalize(tutur_ctx *ctx, const tutur_lang *lang, const char *text,
                             char **out) {
    *out = NULL;
    size_t len = strlen(text);
    tutur_status st = nr_check_text(ctx, "text", text, len);
    if (st == TUTUR_E_EMPTY) {
        *out = nr_strdup("");
        return *out ? TUTUR_OK : nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    }
    if (st != TUTUR_OK)
        return st;
    *out = nr_normalize(lang->normalizer, text);
    return *out ? TUTUR_OK : nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
}

void tutur_lang_destroy(tutur_lang *lang) {
    if (!lang)
        return;
    nr_rules_free(lang->rules);
    nr_normalizer_destroy(lang->normalizer);
    free(lang);
}
