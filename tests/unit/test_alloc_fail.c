/* test_alloc_fail: running out of memory anywhere in the normalizer or a
 * reader is an error, never a shorter text (issue 14).  malloc, calloc
 * and realloc are replaced (glibc allows it) by versions that fail the
 * Nth call once; for N = 1, 2, ... each call either fails with
 * TUTUR_E_NOMEM or gives exactly what it gives with memory to spare.
 * Not built under the sanitizers, which own malloc themselves. */
#define _GNU_SOURCE /* dladdr */
#include <dlfcn.h>
#include <execinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "tutur.h"

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);

static long g_countdown = -1; /* allocations until the one that fails; -1: none */
static bool g_failed;

/* where the failed allocation was made, printed when it was mishandled */
static void *g_where[24];
static int g_depth;

/* Two libraries cannot report their own failures: libxml2 2.9 (Debian
 * 12) loops forever in htmlParseDocument when one of its allocations
 * fails (later versions report it), and md4c 0.4.8 drops a link reference
 * definition it had no memory for and still returns success.  Their own
 * allocations are therefore never failed; all that tutur makes around
 * them, and those of libyaml, PCRE2 and libunistring, are. */
static bool from_unreporting_library(void *caller) {
    Dl_info info;
    return dladdr(caller, &info) && info.dli_fname &&
           (strstr(info.dli_fname, "libxml2") || strstr(info.dli_fname, "libmd4c"));
}

static bool fail_now_from(void *caller) {
    if (g_countdown < 0 || from_unreporting_library(caller))
        return false;
    if (g_countdown-- == 0) {
        g_failed = true;
        g_depth = backtrace(g_where, 24); /* allocates nothing once loaded */
        return true;
    }
    return false;
}
#define fail_now() fail_now_from(__builtin_return_address(0))
void *malloc(size_t n) { return fail_now() ? NULL : __libc_malloc(n); }
void *calloc(size_t n, size_t k) { return fail_now() ? NULL : __libc_calloc(n, k); }
void *realloc(void *p, size_t n) { return fail_now() ? NULL : __libc_realloc(p, n); }

static tutur_ctx *ctx;
static tutur_lang *lang;

typedef tutur_status (*run_fn)(const char *in, char **out);

static tutur_status run_normalize(const char *in, char **out) {
    return tutur_normalize(ctx, lang, in, out);
}

/* READER's Article as JSON (the JSON made with memory to spare). */
static tutur_status read_json(tutur_status (*reader)(tutur_ctx *, const char *, const char *,
                                                     size_t, const tutur_lang *, tutur_article **),
                              const char *in, char **out) {
    tutur_article *a = NULL;
    *out = NULL;
    tutur_status st = reader(ctx, "test", in, strlen(in), lang, &a);
    long saved = g_countdown;
    g_countdown = -1;
    if (st == TUTUR_OK)
        st = tutur_article_to_json(ctx, a, out);
    tutur_article_destroy(a);
    g_countdown = saved;
    return st;
}
static tutur_status run_text(const char *in, char **out) { return read_json(tutur_read_text, in, out); }
static tutur_status run_markdown(const char *in, char **out) {
    return read_json(tutur_read_markdown, in, out);
}
static tutur_status run_html(const char *in, char **out) { return read_json(tutur_read_html, in, out); }

static void each_failure(const char *what, run_fn fn, const char *in) {
    char *want = NULL;
    CHECK(fn(in, &want) == TUTUR_OK);
    if (!want)
        return;
    long n = 0, errors = 0, wrong = 0;
    for (;; n++) {
        char *got = NULL;
        g_failed = false;
        g_countdown = n;
        tutur_status st = fn(in, &got);
        g_countdown = -1;
        if (!g_failed) { /* fewer than n + 1 allocations: all have been failed once */
            CHECK(st == TUTUR_OK && got && strcmp(got, want) == 0);
            free(got);
            break;
        }
        if (st == TUTUR_OK && (!got || strcmp(got, want) != 0)) {
            if (wrong++ < 3)
                fprintf(stderr, "FAIL: %s: allocation %ld failed, yet OK with a different result:\n"
                                "  got  %.300s\n  want %.300s\n", what, n, got ? got : "(null)",
                        want);
            if (wrong <= 3)
                backtrace_symbols_fd(g_where, g_depth, 2);
        } else if (st != TUTUR_OK) {
            errors++;
            if (st != TUTUR_E_NOMEM && wrong++ < 3)
                fprintf(stderr, "FAIL: %s: allocation %ld failed: status %d (%s), not out of memory\n",
                        what, n, st, tutur_ctx_message(ctx));
        }
        free(got);
    }
    CHECK(wrong == 0);
    printf("%s: %ld allocations, each failed once: %ld errors, %ld same results\n", what, n,
           errors, n - errors);
    free(want);
}

int main(int argc, char **argv) {
    if (argc < 2)
        return 2;
    g_depth = backtrace(g_where, 24); /* loads libgcc's unwinder before any failure */
    CHECK(tutur_ctx_create(&ctx) == TUTUR_OK);
    CHECK(tutur_ctx_add_data_dir(ctx, argv[1]) == TUTUR_OK);
    CHECK(tutur_lang_load(ctx, "id", &lang) == TUTUR_OK);
    each_failure("normalize", run_normalize,
                 "Pada 17/08/2024 pukul 10.30 WIB, harga BBM naik Rp 1.250,50 per liter (5%). "
                 "Lihat https://bps.go.id/harga atau kirim surel ke humas@bps.go.id. "
                 "Bab IV: PT ABC mencatat 3,5 km2 lahan; Dr. Siti, S.H., hadir. #HargaNaik @bps");
    each_failure("read_text", run_text,
                 "Harga Naik Lagi\n\nOleh Siti Aminah\n\nJAKARTA, Senin (12/8/2024) - Harga "
                 "kebutuhan pokok naik.\n\nBaca juga: Harga Turun\n\nPedagang mengeluh.\n");
    each_failure("read_markdown", run_markdown,
                 "---\ntitle: Harga Naik\nauthor: Siti\ndate: 2024-08-12\n---\n\n# Harga Naik\n\n"
                 "Paragraf *pertama* dengan [tautan][1].\n\n## Bagian\n\n- satu\n- dua\n\n[1]: https://x.id\n");
    each_failure("read_html", run_html,
                 "<html><head><title>Harga Naik</title><meta name=\"author\" content=\"Siti\"></head>"
                 "<body><nav>Beranda</nav><article><h1>Harga Naik</h1><p>Harga &amp; tarif naik "
                 "pada 12 Agustus 2024.</p><h2>Dampak</h2><p>Pedagang mengeluh.</p></article></body></html>");
    tutur_lang_destroy(lang);
    tutur_ctx_destroy(ctx);
    return CHECK_DONE();
}
