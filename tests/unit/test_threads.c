/* test_threads: one loaded language serves several threads at once, as
 * the header promises (a server normalizing and reading for many
 * requests): every thread gets exactly what one thread alone gets.
 * The normalizer and the rules once shared one PCRE2 match data in the
 * language, and threads overwrote each other's matches. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "tutur.h"

static tutur_lang *lang;
static const char *texts[] = {
    "Pada 17/08/2024 pukul 10.30 WIB, harga BBM naik Rp 1.250,50 per liter (5%).",
    "Lihat https://bps.go.id/harga atau kirim surel ke humas@bps.go.id sebelum 1 Mei.",
    "Bab IV: PT ABC mencatat 3,5 km2 lahan; Dr. Siti, S.H., hadir pukul 08.00-10.00.",
    "Suhu mencapai 36°C dan tekanan 1.013 hPa, kata BMKG pada Senin (12/8/2024).",
};
static const char *page = "Harga Naik Lagi\n\nOleh Siti Aminah\n\nJAKARTA, Senin (12/8/2024) - "
                          "Harga kebutuhan pokok naik.\n\nBaca juga: Harga Turun\n\nPedagang mengeluh.\n";
#define N_TEXTS (sizeof texts / sizeof texts[0])
static char *want[N_TEXTS];
static char *want_page;

static char *read_page(tutur_ctx *ctx) {
    tutur_article *a = NULL;
    char *json = NULL;
    if (tutur_read_text(ctx, "page.txt", page, strlen(page), lang, &a) == TUTUR_OK)
        tutur_article_to_json(ctx, a, &json);
    tutur_article_destroy(a);
    return json;
}

static void *work(void *arg) {
    long *wrong = arg;
    tutur_ctx *ctx; /* one context per thread: its message is the thread's */
    if (tutur_ctx_create(&ctx) != TUTUR_OK)
        return NULL;
    for (int round = 0; round < 60; round++) {
        for (size_t i = 0; i < N_TEXTS; i++) {
            char *got = NULL;
            if (tutur_normalize(ctx, lang, texts[i], &got) != TUTUR_OK || strcmp(got, want[i]))
                (*wrong)++;
            free(got);
        }
        char *json = read_page(ctx);
        if (!json || strcmp(json, want_page))
            (*wrong)++;
        free(json);
    }
    tutur_ctx_destroy(ctx);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 2)
        return 2;
    tutur_ctx *ctx;
    CHECK(tutur_ctx_create(&ctx) == TUTUR_OK);
    CHECK(tutur_ctx_add_data_dir(ctx, argv[1]) == TUTUR_OK);
    CHECK(tutur_lang_load(ctx, "id", &lang) == TUTUR_OK);
    for (size_t i = 0; i < N_TEXTS; i++)
        CHECK(tutur_normalize(ctx, lang, texts[i], &want[i]) == TUTUR_OK);
    CHECK((want_page = read_page(ctx)) != NULL);
    enum { THREADS = 4 };
    pthread_t t[THREADS];
    long wrong[THREADS] = {0};
    for (int i = 0; i < THREADS; i++)
        CHECK(pthread_create(&t[i], NULL, work, &wrong[i]) == 0);
    long total = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        total += wrong[i];
    }
    printf("%d threads x 60 rounds: %ld results differ from one thread's\n", THREADS, total);
    CHECK(total == 0);
    for (size_t i = 0; i < N_TEXTS; i++)
        free(want[i]);
    free(want_page);
    tutur_lang_destroy(lang);
    tutur_ctx_destroy(ctx);
    return CHECK_DONE();
}
