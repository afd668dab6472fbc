/* phonemes.c: tutur_phonemes, what tutur says for a line of text in
 * espeak-ng's phoneme mnemonics.  The same path as narration: the text is
 * normalized with the language's data (lexicons included), then each word
 * is said as the synthesizer says it with the pronunciation data set. */
#include <stdlib.h>

#include "internal.h"
#include "synth.h"

tutur_status tutur_phonemes(tutur_ctx *ctx, const tutur_lang *lang, const tutur_profile *profile,
                            const char *text, char **out) {
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
