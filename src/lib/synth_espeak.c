/* synth_espeak.c: speech through libespeak-ng's C API in synchronous mode:
 * one espeak_ng_Synthesize call per segment, audio and events delivered to
 * our callback on this thread.  Timing comes from event sample counts, not
 * from the millisecond audio_position.  No end pause is requested, so the
 * audio ends at the last sound and the pauses between segments are exact
 * sample counts chosen by the caller. */
#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "synth.h"

struct nr_synth {
    int rate;
    int cur_wpm, cur_pitch;
};

/* The state of one nr_synth_speak call; espeak's callback has no user
 * pointer of its own, so it arrives through the events' user_data. */
typedef struct call {
    const nr_synth_sink *sink;
    const size_t *cp_to_byte; /* code point index -> byte offset */
    size_t n_cps;
    size_t text_len;
    int64_t delivered;
    bool cancelled;
    bool rate_changed;
} call;

static bool g_initialized = false;

static size_t cp_byte(const call *c, int cp_index) {
    if (cp_index < 0)
        return 0;
    if ((size_t)cp_index >= c->n_cps)
        return c->text_len;
    return c->cp_to_byte[cp_index];
}

static int on_synth(short *wav, int numsamples, espeak_EVENT *events) {
    call *c = events ? events[0].user_data : NULL;
    if (!c)
        return 0;
    int64_t before = c->delivered;
    int64_t after = before + (numsamples > 0 ? numsamples : 0);
    for (espeak_EVENT *e = events; e->type != espeakEVENT_LIST_TERMINATED; e++) {
        if (e->type == espeakEVENT_SAMPLERATE) {
            /* Every voice here runs at one rate; a change mid-stream would
             * mislabel audio, so it stops the call. */
            c->rate_changed = e->id.number != 0 && e->id.number != espeak_ng_GetSampleRate();
            continue;
        }
        if (e->type != espeakEVENT_SENTENCE && e->type != espeakEVENT_WORD)
            continue;
        if (e->type == espeakEVENT_WORD && e->length == 0)
            continue;
        /* 'sample' is documented as internal; clamp it to this buffer. */
        int64_t s = e->sample;
        if (s < before)
            s = before;
        if (s > after)
            s = after;
        size_t from = cp_byte(c, e->text_position - 1);
        size_t to = e->type == espeakEVENT_WORD ? cp_byte(c, e->text_position - 1 + e->length)
                                                 : from;
        if (c->sink->cue)
            c->sink->cue(c->sink->user,
                         e->type == espeakEVENT_SENTENCE ? TUTUR_CUE_SENTENCE : TUTUR_CUE_WORD, s,
                         from, to > from ? to - from : 0);
    }
    if (wav && numsamples > 0) {
        c->delivered = after;
        if (c->sink->audio(c->sink->user, (const int16_t *)wav, (size_t)numsamples) != 0) {
            c->cancelled = true;
            return 1;
        }
    }
    return c->rate_changed ? 1 : 0;
}

static tutur_status espeak_fail(tutur_ctx *ctx, espeak_ng_STATUS status, const char *what) {
    char msg[256];
    espeak_ng_GetStatusCodeMessage(status, msg, sizeof msg);
    return nr_fail(ctx, TUTUR_E_SYNTH, "espeak-ng: %s: %s", what, msg);
}

tutur_status nr_synth_create(tutur_ctx *ctx, const char *voice, nr_synth **out) {
    *out = NULL;
    if (!g_initialized) {
        espeak_ng_ERROR_CONTEXT ectx = NULL;
        espeak_ng_InitializePath(getenv("ESPEAK_DATA_PATH"));
        espeak_ng_STATUS st = espeak_ng_Initialize(&ectx);
        if (st != ENS_OK) {
            espeak_ng_ClearErrorContext(&ectx);
            return espeak_fail(ctx, st, "cannot initialize");
        }
        /* Synchronous: no audio device, no thread; the callback runs inside
         * espeak_ng_Synthesize.  The buffer size bounds events per callback. */
        st = espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 300, NULL);
        if (st != ENS_OK)
            return espeak_fail(ctx, st, "cannot set up output");
        espeak_SetSynthCallback(on_synth);
        g_initialized = true;
    }
    espeak_ng_STATUS st = espeak_ng_SetVoiceByName(voice);
    if (st != ENS_OK)
        return nr_fail(ctx, TUTUR_E_NOT_FOUND, "espeak-ng voice '%s' not found", voice);
    nr_synth *s = calloc(1, sizeof *s);
    if (!s)
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    s->rate = espeak_ng_GetSampleRate();
    s->cur_wpm = s->cur_pitch = -1;
    *out = s;
    return TUTUR_OK;
}

int nr_synth_rate(const nr_synth *s) { return s->rate; }

const char *nr_synth_version(void) {
    const char *path = NULL;
    return espeak_Info(&path);
}

tutur_status nr_synth_speak(tutur_ctx *ctx, nr_synth *s, const char *text, int rate_wpm,
                            int pitch, const nr_synth_sink *sink) {
    size_t len = strlen(text);
    if (u8_check((const uint8_t *)text, len))
        return nr_fail(ctx, TUTUR_E_BAD_UTF8, "text for espeak-ng is not valid UTF-8");
    /* Control characters and U+FFFD garble espeak-ng's reading of what
     * follows; blank them byte for byte so offsets stay the same. */
    char *clean = nr_strndup(text, len);
    size_t *map = malloc((len + 1) * sizeof *map);
    if (!clean || !map) {
        free(clean);
        free(map);
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    }
    size_t n_cps = 0;
    for (size_t i = 0; i < len;) {
        ucs4_t c;
        int k = u8_mbtouc(&c, (const uint8_t *)clean + i, len - i);
        if (c < 0x20 || c == 0x7F || c == 0xFFFD)
            memset(clean + i, ' ', (size_t)k);
        map[n_cps++] = i;
        i += (size_t)k;
    }
    if (rate_wpm != s->cur_wpm) {
        espeak_ng_SetParameter(espeakRATE, rate_wpm, 0);
        s->cur_wpm = rate_wpm;
    }
    if (pitch != s->cur_pitch) {
        espeak_ng_SetParameter(espeakPITCH, pitch, 0);
        s->cur_pitch = pitch;
    }
    call c = {sink, map, n_cps, len, 0, false, false};
    espeak_ng_STATUS st = espeak_ng_Synthesize(clean, len + 1, 0, POS_CHARACTER, 0,
                                               espeakCHARS_UTF8, NULL, &c);
    free(clean);
    free(map);
    if (c.cancelled)
        return nr_fail(ctx, TUTUR_E_CANCELLED, "cancelled");
    if (c.rate_changed)
        return nr_fail(ctx, TUTUR_E_SYNTH, "espeak-ng changed its sample rate mid-article");
    if (st != ENS_OK && st != ENS_SPEECH_STOPPED)
        return espeak_fail(ctx, st, "synthesis failed");
    return TUTUR_OK;
}

void nr_synth_destroy(nr_synth *s) { free(s); }
