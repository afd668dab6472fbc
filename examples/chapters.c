/* chapters: what another program does with libtutur: read an article,
 * plan what would be said, and print its chapters with the spoken form of
 * their first paragraph.  Built against the installed tutur.h and
 * libtutur through pkg-config:
 *
 *     cc chapters.c $(pkg-config --cflags --libs tutur) -o chapters
 *     ./chapters ARTICLE
 *
 * Voice data is looked for in $TUTUR_DATA_DIR, else in the installed
 * prefix's share/tutur/voices. */
#include <stdio.h>
#include <stdlib.h>
#include <tutur.h>

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: chapters ARTICLE\n");
        return 2;
    }
    const char *data = getenv("TUTUR_DATA_DIR");
    tutur_ctx *ctx = NULL;
    tutur_profile profile;
    tutur_lang *lang = NULL;
    tutur_article *article = NULL;
    tutur_script *script = NULL;
    tutur_status st = tutur_ctx_create(&ctx);
    if (st == TUTUR_OK && data)
        st = tutur_ctx_add_data_dir(ctx, data);
    if (st == TUTUR_OK)
        st = tutur_profile_load(ctx, "id", &profile);
    if (st == TUTUR_OK)
        st = tutur_lang_load(ctx, profile.language, &lang);
    if (st == TUTUR_OK)
        st = tutur_read_file(ctx, argv[1], TUTUR_FORMAT_AUTO, lang, &article);
    if (st == TUTUR_OK)
        st = tutur_plan(ctx, article, lang, &profile, &script);
    if (st == TUTUR_OK) {
        printf("%s (libtutur %s)\n", script->title, tutur_version_string());
        for (size_t c = 0; c < script->n_chapters; c++) {
            const tutur_chapter *ch = &script->chapters[c];
            const char *first = ch->n_segments > 1 ? ch->segments[1].spoken : "";
            printf("%zu. %s: %.60s\n", c + 1, ch->title, first);
        }
    } else {
        fprintf(stderr, "chapters: %s\n", ctx ? tutur_ctx_message(ctx) : "out of memory");
    }
    tutur_script_destroy(script);
    tutur_article_destroy(article);
    tutur_lang_destroy(lang);
    tutur_ctx_destroy(ctx);
    return st == TUTUR_OK ? 0 : 1;
}
