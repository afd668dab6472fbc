/* test_units: pure helpers of libtutur: time formatting, slugs, profile
 * checks, rules, plan pauses, JSON. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "tutur.h"

static void test_time(void) {
    char buf[13];
    tutur_format_hms(0, buf);
    CHECK_STR(buf, "00:00:00.000");
    tutur_format_hms(3500, buf);
    CHECK_STR(buf, "00:00:03.500");
    tutur_format_hms(3600000 + 61 * 1000 + 7, buf);
    CHECK_STR(buf, "01:01:01.007");
    /* Rounded down: a mark is never after the sample it names. */
    CHECK(tutur_samples_to_ms(22049, 22050) == 999);
    CHECK(tutur_samples_to_ms(22050, 22050) == 1000);
    CHECK(tutur_samples_to_ms(-5, 22050) == 0);
    /* No floating-point drift over hours. */
    CHECK(tutur_samples_to_ms((int64_t)22050 * 36000 + 11025, 22050) == 36000500);
}

static void test_slug(void) {
    char *s = tutur_slugify("Memperkuat Hubungan: dengan Mitra (2024)!");
    CHECK_STR(s, "memperkuat-hubungan-dengan-mitra-2024");
    free(s);
    s = tutur_slugify("«»…");
    CHECK_STR(s, "article");
    free(s);
    s = tutur_slugify("Café Ümlaut");
    CHECK_STR(s, "caf-mlaut");
    free(s);
}

static void test_profile(const char *data_dir) {
    tutur_ctx *ctx;
    tutur_profile p;
    tutur_ctx_create(&ctx);
    tutur_ctx_add_data_dir(ctx, data_dir);
    CHECK(tutur_profile_load(ctx, "id", &p) == TUTUR_OK);
    CHECK_STR(p.espeak_voice, "id");
    CHECK(p.opus_bitrate_kbps == 32 && p.opus_complexity == 10);
    CHECK(p.pause_before_heading_ms + p.pause_paragraph_ms > p.pause_paragraph_ms);
    p.rate_wpm = 900;
    CHECK(tutur_profile_check(ctx, &p) == TUTUR_E_INVALID);
    CHECK(strstr(tutur_ctx_message(ctx), "rate") != NULL);
    CHECK(tutur_profile_load(ctx, "no-such-voice", &p) == TUTUR_E_NOT_FOUND);
    CHECK(strstr(tutur_ctx_message(ctx), "no-such-voice") != NULL);
    tutur_ctx_destroy(ctx);
}

static void test_plan(const char *data_dir) {
    tutur_ctx *ctx;
    tutur_lang *lang;
    tutur_profile p;
    tutur_article *a;
    tutur_script *s;
    tutur_ctx_create(&ctx);
    tutur_ctx_add_data_dir(ctx, data_dir);
    CHECK(tutur_profile_load(ctx, "id", &p) == TUTUR_OK);
    CHECK(tutur_lang_load(ctx, "id", &lang) == TUTUR_OK);
    const char *text = "Judul Artikel\n\nPembuka artikel ini.\n\nBagian Pertama\n\n"
                       "Isi bagian pertama.\n\n- satu\n- dua\n\nPenutup.\n";
    CHECK(tutur_read_text(ctx, "mem", text, strlen(text), lang, &a) == TUTUR_OK);
    CHECK(tutur_plan(ctx, a, lang, &p, &s) == TUTUR_OK);
    CHECK(s->n_chapters == 2);
    CHECK_STR(s->chapters[0].title, "Judul Artikel");
    CHECK(s->chapters[0].level == 1);
    CHECK(s->chapters[0].segments[0].kind == TUTUR_SEG_TITLE);
    CHECK(s->chapters[0].segments[0].pause_after_ms == p.pause_after_title_ms);
    const tutur_chapter *c1 = &s->chapters[1];
    CHECK_STR(c1->title, "Bagian Pertama");
    CHECK(c1->n_segments == 5);
    CHECK(c1->segments[0].kind == TUTUR_SEG_HEADING);
    CHECK(c1->segments[0].pause_before_ms == p.pause_before_heading_ms);
    CHECK(c1->segments[2].kind == TUTUR_SEG_LIST_ITEM);
    CHECK(c1->segments[2].pause_after_ms == p.pause_list_item_ms);
    /* The last item of a list is followed by a paragraph's pause. */
    CHECK(c1->segments[3].pause_after_ms == p.pause_paragraph_ms);
    char *json;
    CHECK(tutur_script_to_json(ctx, s, &json) == TUTUR_OK);
    CHECK(strstr(json, "\"pause_before_ms\"") && strstr(json, "\"spoken\""));
    free(json);
    tutur_script_destroy(s);
    tutur_article_destroy(a);
    tutur_lang_destroy(lang);
    tutur_ctx_destroy(ctx);
}

/* Sentences: split where a reader would stop, never after an initial, a
 * capitalized abbreviation or a heading's number; the spoken ranges point
 * at each sentence's own spoken words. */
static void test_sentences(const char *data_dir) {
    tutur_ctx *ctx;
    tutur_lang *lang;
    tutur_profile p;
    tutur_article *a;
    tutur_script *s;
    tutur_ctx_create(&ctx);
    tutur_ctx_add_data_dir(ctx, data_dir);
    CHECK(tutur_profile_load(ctx, "id", &p) == TUTUR_OK);
    CHECK(tutur_lang_load(ctx, "id", &lang) == TUTUR_OK);
    const char *text = "Judul\n\n"
                       "Rapat di Jl. Sudirman dipimpin Dr. A. Rahman. Hasilnya 25% lebih baik! "
                       "Apa sebabnya? \"Kerja keras,\" katanya. Buku, pena, dll. Semua dibawa.\n";
    CHECK(tutur_read_text(ctx, "mem", text, strlen(text), lang, &a) == TUTUR_OK);
    CHECK(tutur_plan(ctx, a, lang, &p, &s) == TUTUR_OK);
    const tutur_segment *g = &s->chapters[0].segments[1];
    const char *want[] = {"Rapat di Jl. Sudirman dipimpin Dr. A. Rahman.",
                          "Hasilnya 25% lebih baik!", "Apa sebabnya?",
                          "\"Kerja keras,\" katanya.", "Buku, pena, dll.", "Semua dibawa."};
    CHECK(g->n_sentences == 6);
    for (size_t k = 0; k < g->n_sentences && k < 6; k++) {
        char buf[128];
        snprintf(buf, sizeof buf, "%.*s", (int)g->sentences[k].text.length,
                 g->text + g->sentences[k].text.offset);
        CHECK_STR(buf, want[k]);
    }
    if (g->n_sentences == 6) {
        char buf[128];
        snprintf(buf, sizeof buf, "%.*s", (int)g->sentences[1].spoken.length,
                 g->spoken + g->sentences[1].spoken.offset);
        CHECK_STR(buf, "Hasilnya dua puluh lima persen lebih baik!");
        CHECK(g->sentences[5].spoken.offset + g->sentences[5].spoken.length == strlen(g->spoken));
    }
    tutur_script_destroy(s);
    tutur_article_destroy(a);
    tutur_lang_destroy(lang);
    tutur_ctx_destroy(ctx);
}

static void test_bad_text(void) {
    tutur_ctx *ctx;
    tutur_article *a;
    tutur_ctx_create(&ctx);
    CHECK(tutur_read_text(ctx, "x.txt", "  \n\t\n", 5, NULL, &a) == TUTUR_E_EMPTY);
    CHECK(strstr(tutur_ctx_message(ctx), "x.txt") != NULL);
    CHECK(tutur_read_text(ctx, "x.txt", "ab\xff", 3, NULL, &a) == TUTUR_E_BAD_UTF8);
    CHECK(tutur_read_text(ctx, "x.txt", "a\0b", 3, NULL, &a) == TUTUR_E_BINARY);
    /* a success after a failure: the message is about the last call */
    CHECK(tutur_read_text(ctx, "ok.txt", "Judul\n\nIsi artikel.\n", 20, NULL, &a) == TUTUR_OK);
    CHECK_STR(tutur_ctx_message(ctx), "");
    tutur_article_destroy(a);
    tutur_ctx_destroy(ctx);
}

/* The plain-text reader's model is language data: a malformed weight is a
 * configuration error naming the file and line; a good one is read in any
 * locale (espeak-ng sets one where "0.5" is no number). */
static void test_reader_model(void) {
    char dir[] = "/tmp/tutur-model-XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(!"mkdtemp");
        return;
    }
    char path[128];
    snprintf(path, sizeof path, "%s/xx", dir);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/xx/text-reader.model", dir);
    FILE *f = fopen(path, "w");
    fputs("# weights\nbias\t-1.5\nclosed\t2\nparam.keep\t0.25\n", f);
    fclose(f);
    tutur_ctx *ctx;
    tutur_lang *lang = NULL;
    tutur_ctx_create(&ctx);
    tutur_ctx_add_data_dir(ctx, dir);
    setlocale(LC_NUMERIC, "de_DE.UTF-8"); /* a decimal comma, where installed */
    CHECK(tutur_lang_load(ctx, "xx", &lang) == TUTUR_OK);
    setlocale(LC_NUMERIC, "C");
    tutur_lang_destroy(lang);
    f = fopen(path, "w");
    fputs("bias\t-1.5\nclosed\ttwo\n", f);
    fclose(f);
    CHECK(tutur_lang_load(ctx, "xx", &lang) == TUTUR_E_CONFIG);
    CHECK(strstr(tutur_ctx_message(ctx), "text-reader.model:2") != NULL);
    f = fopen(path, "w");
    fputs("no_such_feature\t1\n", f);
    fclose(f);
    CHECK(tutur_lang_load(ctx, "xx", &lang) == TUTUR_E_CONFIG);
    CHECK(strstr(tutur_ctx_message(ctx), "no_such_feature") != NULL);
    tutur_ctx_destroy(ctx);
    remove(path);
    snprintf(path, sizeof path, "%s/xx", dir);
    rmdir(path);
    rmdir(dir);
}

int main(int argc, char **argv) {
    if (argc != 2)
        return 2;
    /* the header's version is the library's (meson's project version) */
    CHECK_STR(tutur_version_string(), TUTUR_VERSION_STRING);
    test_time();
    test_slug();
    test_profile(argv[1]);
    test_plan(argv[1]);
    test_sentences(argv[1]);
    test_bad_text();
    test_reader_model();
    return CHECK_DONE();
}
