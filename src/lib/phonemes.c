/* phonemes.c: tutur_phonemes and tutur_spoken, what tutur says for a line
 * of text in espeak-ng's phoneme mnemonics: planned (each word as the
 * synthesizer will say it) and heard (espeak-ng's phoneme events while it
 * speaks).  The same path as narration: the text is normalized with the
 * language's data (lexicons included), the pronunciation data is set. */
#include <stdlib.h>

#include "internal.h"
#include "synth.h"

tutur_status tutur_phonemes(tutur_ctx *ctx, const tutur_lang *lang, const tutur_profile *profile,
                            const char *text, char **out) {
    nr_clear(ctx); /* a message is about the last call only */
    *out = NULL;
    char *spoken = NULL;
    tutur_status st = tutur_normalize(ctx, lang, text, &spoken);
    nr_synth *synth = NULL;
    if (st == TUTUR_OK)
        st = nr_synth_create(ctx, profile->espeak_voice, &synth);
    if (st == TUTUR_OK) {
        nr_synth_set_pronunciation(synth, lang->pron);
        st = nr_synth_phonemes(ctx, synth, spoken, out);
    }
    nr_synth_destroy(synth);
    free(spoken);
    return st;
}

tutur_status tutur_spoken(tutur_ctx *ctx, const tutur_lang *lang, const tutur_profile *profile,
                          const char *text, char **out, int64_t *ms) {
    nr_clear(ctx); /* a message is about the last call only */
    *out = NULL;
    *ms = 0;
    char *spoken = NULL;
    tutur_status st = tutur_normalize(ctx, lang, text, &spoken);
    nr_synth *synth = NULL;
    if (st == TUTUR_OK)
        st = nr_synth_create(ctx, profile->espeak_voice, &synth);
    int64_t samples = 0;
    if (st == TUTUR_OK) {
        nr_synth_set_pronunciation(synth, lang->pron);
        st = nr_synth_spoken(ctx, synth, spoken, profile->rate_wpm, profile->pitch, out, &samples);
    }
    if (st == TUTUR_OK)
        *ms = tutur_samples_to_ms(samples, nr_synth_rate(synth));
    nr_synth_destroy(synth);
    free(spoken);
    return st;
}
