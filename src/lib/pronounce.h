/* pronounce.h: how a language's words are said where espeak-ng's rules
 * guess wrong (pronounce.c): for Indonesian, whether each letter e is pepet
 * (a schwa, "belas") or taling (a front e, "merah"), and whether a final k
 * is a glottal stop ("anak").  From a pronunciation list shipped with the
 * voice (voices/LANG/g2p-id/), a word's root in it (affixes stripped), or
 * rules learned from it.  No espeak-ng here: synth_espeak.c applies it. */
#ifndef TUTUR_PRONOUNCE_H
#define TUTUR_PRONOUNCE_H

#include "internal.h"

typedef struct nr_pron nr_pron;

/* Loads the pronunciation data under DIR (a language's data directory):
 * g2p-id/lexicon.tsv, g2p-id/homographs.tsv, g2p-id/e-rules.tsv and the
 * voice's own pronunciations.tsv.  *OUT is NULL when DIR has none. */
tutur_status nr_pron_load(tutur_ctx *ctx, const char *dir, nr_pron **out);
void nr_pron_free(nr_pron *p);
/* A digest of the data, for cache keys: audio made with other data is
 * other audio. */
const char *nr_pron_digest(const nr_pron *p);

/* What tutur wants said for a word. */
typedef struct nr_pron_word {
    char vowels[24];    /* per letter e: 'E' (taling) or '@' (pepet), NUL-ended */
    bool glottal;       /* its final k is a glottal stop */
    const char *source; /* "list", "homograph", "root", "rules" */
    const char *phonemes; /* the list's whole entry for the word, or NULL */
} nr_pron_word;

/* The context a word is said in: the word after it and its own spelling. */
typedef struct nr_pron_context {
    const char *next; /* the next word (NUL-ended), or NULL */
    bool capital;     /* written with a capital inside a sentence: a name */
} nr_pron_context;

/* WORD (LEN bytes of letters, perhaps joined by hyphens; any case): its
 * pronunciation, or false when it has no letter e nor a final k to say. */
bool nr_pron_word_find(const nr_pron *p, const char *word, size_t len,
                       const nr_pron_context *context, nr_pron_word *out);

/* WORD (LEN bytes) said letter by letter as Indonesian spelling reads,
 * with W's vowels and glottal stop, stressed on the last syllable but one,
 * in espeak-ng's mnemonics: for a word whose e-vowels espeak-ng's own
 * phonemes cannot be matched with ("pasien", which it says "p'asin").
 * NULL when out of memory. */
char *nr_pron_spell(const char *word, size_t len, const nr_pron_word *w);
/* PHONEMES with a primary stress on the last syllable but one when they
 * have none ("b@las" -> "b@l'as").  NULL when out of memory. */
char *nr_pron_stress(const char *phonemes);

/* A pronunciation in IPA ("/bapeda/", "bəˈlas") in espeak-ng's mnemonics
 * ("b'apeda", "b@l'as"); stressed on the last syllable but one when no
 * stress is marked.  NULL when a symbol has no espeak-ng phoneme. */
char *nr_ipa_to_espeak(const char *ipa);

#endif
