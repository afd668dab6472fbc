/* synth.h: the synthesizer, a thin wrapper over libespeak-ng (the only
 * module that includes its headers).  espeak-ng keeps its state in process
 * globals, so there is at most one nr_synth per process; parallel work
 * uses worker processes. */
#ifndef TUTUR_SYNTH_H
#define TUTUR_SYNTH_H

#include "internal.h"

typedef struct nr_synth nr_synth;

typedef struct nr_synth_sink {
    /* PCM as it is produced; non-zero cancels. */
    int (*audio)(void *user, const int16_t *pcm, size_t n);
    /* A sentence or word starts at SAMPLE (counted from the start of this
     * call's audio); the text is TEXT[offset, offset+length) in bytes. */
    void (*cue)(void *user, tutur_cue_kind kind, int64_t sample, size_t offset, size_t length);
    void *user;
    /* Optional: each phoneme espeak-ng speaks (its mnemonic) and where. */
    void (*phoneme)(void *user, const char *name, int64_t sample);
} nr_synth_sink;

/* Initializes espeak-ng (once per process) and selects VOICE. */
tutur_status nr_synth_create(tutur_ctx *ctx, const char *voice, nr_synth **out);
/* Samples per second of the audio it produces. */
int nr_synth_rate(const nr_synth *synth);
/* Speaks TEXT (UTF-8, NUL-terminated) at RATE_WPM and PITCH into SINK. */
tutur_status nr_synth_speak(tutur_ctx *ctx, nr_synth *synth, const char *text, int rate_wpm,
                            int pitch, const nr_synth_sink *sink);
/* Says words as PRON says (pronounce.h) where espeak-ng's own rules would
 * not; NULL: espeak-ng's own.  PRON outlives SYNTH. */
struct nr_pron;
void nr_synth_set_pronunciation(nr_synth *synth, const struct nr_pron *pron);
/* The phonemes tutur says for TEXT (spoken words), espeak-ng's mnemonics a
 * word, separated by spaces: `tutur phonemes`.  free() *OUT. */
tutur_status nr_synth_phonemes(tutur_ctx *ctx, nr_synth *synth, const char *text, char **out);
/* What espeak-ng says for TEXT as narration would say it, from its phoneme
 * events: mnemonics, words separated by spaces (pauses left out), and the
 * length of the audio in samples.  `tutur phonemes --spoken`.  free() *OUT. */
tutur_status nr_synth_spoken(tutur_ctx *ctx, nr_synth *synth, const char *text, int rate_wpm,
                             int pitch, char **out, int64_t *samples);
/* A version string for cache keys and the ENCODER tag, e.g. "1.51". */
const char *nr_synth_version(void);
void nr_synth_destroy(nr_synth *synth);

#endif
