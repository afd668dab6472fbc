/* test_pronounce: how words are said (pronounce.h) with the id voice's
 * data: IPA in espeak-ng's mnemonics, words found in the list, through
 * their roots (prefixes, suffixes, a nasal's lost consonant, doubled
 * words), homographs chosen by their cues, and the rules for the rest. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pronounce.h"
#include "tutur.h"

static void ipa(const char *in, const char *want) {
    char *got = nr_ipa_to_espeak(in);
    if (want)
        CHECK_STR(got ? got : "(null)", want);
    else
        CHECK(got == NULL);
    free(got);
}

static void test_ipa(void) {
    ipa("/bapəda/", "bap'@da");         /* stress: the last syllable but one */
    ipa("bəˈlas", "b@l'as");            /* a stress mark kept, on the vowel */
    ipa("/ɲaɲi/", "n^'an^i");
    ipa("tʃərita", "tS@R'ita");
    ipa("dʒalan", "dZ'alan");
    ipa("/anaʔ/", "'ana?");             /* the glottal stop */
    ipa("/tɛh/", "t'Eh");               /* one syllable */
    ipa("/me.rah/", "m'ERah");          /* taling e, syllable dots ignored */
    ipa("/ŋaŋa/", "N'aNa");
    ipa("/bapəʁa/", NULL);              /* no Indonesian phoneme for it */
}

/* WORD's vowels, glottal stop and source, as found with CONTEXT. */
static void word(const nr_pron *p, const char *w, const char *next, bool capital,
                 const char *vowels, bool glottal, const char *source) {
    nr_pron_context c = {next, capital};
    nr_pron_word got;
    bool found = nr_pron_word_find(p, w, strlen(w), &c, &got);
    CHECK(found);
    if (!found) {
        fprintf(stderr, "  %s: not found\n", w);
        return;
    }
    CHECK_STR(got.vowels, vowels);
    CHECK(got.glottal == glottal);
    CHECK_STR(got.source, source);
}

static void test_words(const char *data_dir) {
    tutur_ctx *ctx = NULL;
    CHECK(tutur_ctx_create(&ctx) == TUTUR_OK);
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/id", data_dir);
    nr_pron *p = NULL;
    CHECK(nr_pron_load(ctx, dir, &p) == TUTUR_OK && p);
    if (!p) {
        tutur_ctx_destroy(ctx);
        return;
    }
    /* the list, and the voice's own additions to it */
    word(p, "merah", NULL, false, "E", false, "list");
    word(p, "belas", NULL, false, "@", false, "list");
    word(p, "Anak", NULL, false, "", true, "list");
    word(p, "karena", NULL, false, "@", false, "list");      /* pronunciations.tsv */
    word(p, "september", NULL, false, "EE@", false, "list");
    /* roots: prefixes (pepet), suffixes, the nasal's lost consonant */
    word(p, "menulis", NULL, false, "@", false, "root");
    word(p, "keberangkatannya", NULL, false, "@@", false, "root");
    word(p, "perbelanjaannya", NULL, false, "@@", false, "root");
    word(p, "terselenggaranya", NULL, false, "@@@", false, "root");
    word(p, "sepengetahuannya", NULL, false, "@@@", false, "root");
    /* doubled words, each part */
    word(p, "berjalan-jalan", NULL, false, "@", false, "root");
    word(p, "bergerak-geraklah", NULL, false, "@@@", false, "root");
    word(p, "merah-merah", NULL, false, "EE", false, "list");
    /* homographs: a verb's prefix, a capital inside a sentence (a name), a
     * preposition before what follows, else the first reading */
    word(p, "serang", NULL, false, "@", false, "homograph");
    word(p, "Serang", NULL, true, "E", false, "homograph");
    word(p, "per", "orang", false, "@", false, "homograph");
    word(p, "per", NULL, false, "E", false, "homograph");
    word(p, "apel", NULL, false, "@", false, "homograph");
    word(p, "seri", "tiga", false, "E", false, "homograph");
    /* the rules: made-up words no list has */
    word(p, "pelebongan", NULL, false, "@@", false, "rules");
    word(p, "sebrotak", NULL, false, "@", true, "rules");
    /* nothing to say: no e, no final k */
    nr_pron_word none;
    CHECK(!nr_pron_word_find(p, "rumah", 5, NULL, &none));
    CHECK(!nr_pron_word_find(p, "sayur-mayur", 11, NULL, &none));
    CHECK(strlen(nr_pron_digest(p)) == 64);
    nr_pron_free(p);
    tutur_ctx_destroy(ctx);
}

int main(int argc, char **argv) {
    if (argc != 2)
        return 2;
    test_ipa();
    test_words(argv[1]);
    return CHECK_DONE();
}
