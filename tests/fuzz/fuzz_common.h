/* fuzz_common.h: what every libFuzzer harness shares: one context with
 * the source tree's voice data, the Indonesian language and profile
 * loaded once, and a scratch file for loaders that take a path.
 * Built only by scripts/fuzz (meson -Dfuzz=true, clang). */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tutur.h"

#ifndef FUZZ_VOICES
#error "FUZZ_VOICES: the voices directory, set by tests/fuzz/meson.build"
#endif

static tutur_ctx *g_ctx;
static tutur_lang *g_lang;
static tutur_profile g_profile;
static char g_dir[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The context, language and profile every run uses; aborts when the data
 * cannot be loaded, since every run would then test nothing. */
static inline void fuzz_setup(void) {
    if (g_ctx)
        return;
    if (tutur_ctx_create(&g_ctx) != TUTUR_OK ||
        tutur_ctx_add_data_dir(g_ctx, FUZZ_VOICES) != TUTUR_OK ||
        tutur_profile_load(g_ctx, "id", &g_profile) != TUTUR_OK ||
        tutur_lang_load(g_ctx, "id", &g_lang) != TUTUR_OK) {
        fprintf(stderr, "fuzz: cannot load the voice data in %s\n", FUZZ_VOICES);
        abort();
    }
    snprintf(g_dir, sizeof g_dir, "/tmp/tutur-fuzz-XXXXXX");
    if (!mkdtemp(g_dir))
        abort();
}

/* DATA written to a file of the scratch directory; its path. */
static inline const char *fuzz_file(const char *name, const uint8_t *data, size_t size) {
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", g_dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
    return path;
}

/* The article's plan and its JSON: everything after reading. */
static inline void fuzz_plan(tutur_article *a) {
    tutur_script *s = NULL;
    if (tutur_plan(g_ctx, a, g_lang, &g_profile, &s) == TUTUR_OK) {
        char *json = NULL;
        if (tutur_script_to_json(g_ctx, s, &json) == TUTUR_OK)
            free(json);
        tutur_script_destroy(s);
    }
    char *json = NULL;
    if (tutur_article_to_json(g_ctx, a, &json) == TUTUR_OK)
        free(json);
    tutur_article_destroy(a);
}

#endif
