/* synth_espeak.c: speech through libespeak-ng's C API in synchronous mode:
 * one espeak_ng_Synthesize call per segment, audio and events delivered to
 * our callback on this thread.  Timing comes from event sample counts, not
 * from the millisecond audio_position.  No end pause is requested, so the
 * audio ends at the last sound and the pauses between segments are exact
 * sample counts chosen by the caller. */
#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>
#include <locale.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "pronounce.h"
#include "synth.h"

/* espeak-ng's phonemes of single words, remembered: an article says the
 * same words again and again. */
typedef struct word_cache {
    char **words, **phonemes;
    size_t n, cap; /* open addressing; cap a power of two */
} word_cache;

struct nr_synth {
    int rate;
    int cur_wpm, cur_pitch;
    const nr_pron *pron;
    word_cache cache;
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
        if (e->type == espeakEVENT_PHONEME && c->sink->phoneme) {
            char name[sizeof e->id.string + 1] = {0};
            memcpy(name, e->id.string, sizeof e->id.string);
            int64_t at = e->sample < before ? before : e->sample > after ? after : e->sample;
            c->sink->phoneme(c->sink->user, name, at);
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

static tutur_status create(tutur_ctx *ctx, const char *voice, nr_synth **out) {
    *out = NULL;
    if (!g_initialized) {
        /* Synchronous: no audio device, no thread; the callback runs inside
         * espeak_ng_Synthesize.  The buffer size bounds events per callback.
         * The older entry point is the one that can ask for phoneme events
         * (`tutur phonemes --spoken`); narration ignores them. */
        /* espeak-ng sets the process's locale as it starts: put back */
        char *global = nr_strdup(setlocale(LC_ALL, NULL));
        int rc = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 300, getenv("ESPEAK_DATA_PATH"),
                                   espeakINITIALIZE_PHONEME_EVENTS | espeakINITIALIZE_DONT_EXIT);
        if (global)
            setlocale(LC_ALL, global);
        free(global);
        if (rc <= 0)
            return nr_fail(ctx, TUTUR_E_SYNTH, "espeak-ng: cannot initialize (is espeak-ng-data "
                                               "installed?)");
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

/* ----- pronunciation: words espeak-ng would get wrong, as phonemes ----- */

static uint32_t hash_word(const char *w) {
    uint32_t h = 2166136261u;
    for (; *w; w++)
        h = (h ^ (uint8_t)*w) * 16777619u;
    return h;
}

static void cache_clear(word_cache *c) {
    for (size_t i = 0; i < c->cap; i++) {
        free(c->words[i]);
        free(c->phonemes[i]);
    }
    free(c->words);
    free(c->phonemes);
    memset(c, 0, sizeof *c);
}

/* espeak-ng's phonemes for WORD alone (NUL-ended), or NULL. */
static const char *espeak_word(nr_synth *s, const char *word) {
    word_cache *c = &s->cache;
    if (c->n * 2 >= c->cap) {
        if (c->cap >= (1u << 17))
            cache_clear(c); /* bounded: a huge text just recomputes */
        size_t cap = c->cap ? c->cap * 2 : 1024;
        char **w = calloc(cap, sizeof *w), **p = calloc(cap, sizeof *p);
        if (!w || !p) {
            free(w);
            free(p);
            return NULL;
        }
        for (size_t i = 0; i < c->cap; i++)
            if (c->words[i]) {
                size_t k = hash_word(c->words[i]) & (cap - 1);
                while (w[k])
                    k = (k + 1) & (cap - 1);
                w[k] = c->words[i];
                p[k] = c->phonemes[i];
            }
        free(c->words);
        free(c->phonemes);
        c->words = w;
        c->phonemes = p;
        c->cap = cap;
    }
    size_t k = hash_word(word) & (c->cap - 1);
    while (c->words[k]) {
        if (strcmp(c->words[k], word) == 0)
            return c->phonemes[k];
        k = (k + 1) & (c->cap - 1);
    }
    const void *ptr = word;
    const char *ph = espeak_TextToPhonemes(&ptr, espeakCHARS_UTF8, 0);
    char *w = nr_strdup(word), *p = nr_squeeze_spaces(ph ? ph : "", ph ? strlen(ph) : 0);
    if (!w || !p) {
        free(w);
        free(p);
        return NULL;
    }
    c->words[k] = w;
    c->phonemes[k] = p;
    c->n++;
    return p;
}

/* ESPEAK (one word's phonemes) with each e-vowel as WANT says and a final k
 * made a glottal stop; NULL when nothing changes. */
static char *adjust(const char *espeak, const char *word, size_t len, const nr_pron_word *want) {
    if (strchr(espeak, ' '))
        return NULL;
    size_t n = strlen(espeak), vowels = 0;
    for (size_t i = 0; i < n; i++)
        vowels += espeak[i] == 'E' || espeak[i] == 'e' || espeak[i] == '@';
    if (vowels != strlen(want->vowels))
        /* espeak-ng lost or added a vowel ("pasien" said "p'asin"): the
         * list's own phonemes, else the spelling, said whole */
        return want->phonemes && want->phonemes[0] != '?' ? nr_pron_stress(want->phonemes)
                                                          : nr_pron_spell(word, len, want);
    char *out = nr_strdup(espeak);
    if (!out)
        return NULL;
    bool changed = false;
    for (size_t i = 0, k = 0; i < n; i++) {
        if (out[i] != 'E' && out[i] != 'e' && out[i] != '@')
            continue;
        char v = want->vowels[k++];
        if ((v == '@') != (out[i] == '@')) {
            out[i] = v == '@' ? '@' : 'E';
            changed = true;
        }
    }
    if (want->glottal && n && out[n - 1] == 'k') {
        out[n - 1] = '?';
        changed = true;
    }
    if (!changed) {
        free(out);
        return NULL;
    }
    return out;
}

static bool espeak_vowel(char c) { return c && strchr("aeiouE@O", c) != NULL; }

/* PHONEMES (one word, espeak-ng's mnemonics, as -x prints them) as they are
 * to be read inside [[ ]] so that they sound as espeak-ng says the word
 * from text.  From text, espeak-ng gives an unstressed last syllable
 * "diminished" stress and puts a very short pause before a word that
 * starts with a vowel; -x shows neither, and phoneme input lacks both.
 * Measured on 375 words of article text, each in two frames: without the
 * marks a word lasted 3.7% shorter (median) than from text, with them 0%
 * (90% within 2.8%).  NULL when out of memory. */
static char *for_synthesis(const char *phonemes) {
    size_t n = strlen(phonemes), last = n, nuclei = 0;
    for (size_t i = 0; i < n; i++)
        if (espeak_vowel(phonemes[i]) && (i == 0 || !espeak_vowel(phonemes[i - 1]))) {
            last = i;
            nuclei++;
        }
    const char *primary = strchr(phonemes, '\'');
    bool diminish = nuclei >= 2 && primary && primary < phonemes + last && last > 0 &&
                    phonemes[last - 1] != '\'' && phonemes[last - 1] != ',' &&
                    !strchr(phonemes + last, '\'') && !strchr(phonemes + last, ',');
    size_t k = 0;
    while (phonemes[k] == '\'' || phonemes[k] == ',')
        k++;
    bool pause = espeak_vowel(phonemes[k]);
    char *out = malloc(n + 5);
    if (!out)
        return NULL;
    snprintf(out, n + 5, "%s%.*s%s%s", pause ? "_|" : "", (int)(diminish ? last : n), phonemes,
             diminish ? "%%" : "", diminish ? phonemes + last : "");
    return out;
}

static bool word_byte(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* The end of the word that starts at TEXT[I]: letters, and hyphens between
 * letters ("berjalan-jalan" is one word to say). */
static size_t word_end(const char *text, size_t i, size_t len) {
    while (i < len && (word_byte(text[i]) ||
                       (text[i] == '-' && i + 1 < len && word_byte(text[i + 1]))))
        i++;
    return i;
}

/* The phonemes to say for the word at TEXT[i, j) instead of espeak-ng's
 * own, or NULL to leave it to espeak-ng.  *ESPEAK gets espeak-ng's. */
static char *pronounce(nr_synth *s, const char *text, size_t i, size_t j, size_t len,
                       const char **espeak) {
    *espeak = NULL;
    char word[72];
    if (j - i >= sizeof word)
        return NULL;
    memcpy(word, text + i, j - i);
    word[j - i] = '\0';
    *espeak = espeak_word(s, word);
    if (!s->pron || !*espeak)
        return NULL;
    /* the next word, and whether this one is a name inside a sentence */
    char next[72] = "";
    size_t a = j;
    while (a < len && !word_byte(text[a]) && text[a] != '.' && text[a] != '[')
        a++;
    size_t b = a;
    while (b < len && (word_byte(text[b]) || text[b] == '-'))
        b++;
    if (b > a && b - a < sizeof next) {
        for (size_t k = a; k < b; k++)
            next[k - a] = (char)(text[k] >= 'A' && text[k] <= 'Z' ? text[k] + 32 : text[k]);
        next[b - a] = '\0';
    }
    size_t before = i;
    while (before > 0 && text[before - 1] == ' ')
        before--;
    bool capital = text[i] >= 'A' && text[i] <= 'Z' && before > 0 &&
                   !strchr(".!?\"", text[before - 1]);
    nr_pron_context c = {next[0] ? next : NULL, capital};
    nr_pron_word want;
    if (!nr_pron_word_find(s->pron, word, j - i, &c, &want))
        return NULL;
    return adjust(*espeak, word, j - i, &want);
}

/* The length of a "[[phonemes]]" span at S, or 0. */
static size_t phoneme_span(const char *s) {
    if (s[0] != '[' || s[1] != '[' || s[2] == '[') /* "[[[x]]": the first is a bracket */
        return 0;
    const char *end = strstr(s + 2, "]]");
    return end ? (size_t)(end - s) + 2 : 0;
}

typedef struct spoken {
    nr_buf text; /* what espeak-ng reads */
    size_t *map; /* per code point of it: the byte of the original it stands for */
    size_t n, cap;
} spoken;

static bool map_to(spoken *o, size_t from_byte, size_t bytes, size_t original) {
    size_t cps = 0;
    for (size_t k = 0; k < bytes; k++)
        cps += ((unsigned char)o->text.data[from_byte + k] & 0xC0) != 0x80;
    size_t *m = nr_grow(o->map, &o->cap, o->n + cps + 1, sizeof *m);
    if (!m)
        return false;
    o->map = m;
    for (size_t k = 0; k < cps; k++)
        o->map[o->n++] = original;
    return true;
}

/* TEXT as espeak-ng is to read it: control characters blanked, words
 * whose pronunciation espeak-ng would get wrong as [[phonemes]], a space
 * before every [[ that follows a character (espeak-ng drops a span right
 * after a bracket or quote mark: "(", '"', "“", "«"...).  Every code point knows the byte of TEXT it stands for. */
static bool prepare(nr_synth *s, const char *text, size_t len, spoken *o) {
    memset(o, 0, sizeof *o);
    bool ok = true;
    for (size_t i = 0; ok && i < len;) {
        size_t start = o->text.len;
        size_t ph = phoneme_span(text + i);
        if (ph) {
            if (i > 0 && text[i - 1] != ' ')
                ok = nr_buf_putc(&o->text, ' ') && map_to(o, start, 1, i);
            start = o->text.len;
            ok = ok && nr_buf_append(&o->text, text + i, ph) && map_to(o, start, ph, i);
            i += ph;
            continue;
        }
        if (word_byte(text[i]) && (i == 0 || !word_byte(text[i - 1]))) {
            size_t j = word_end(text, i, len);
            const char *espeak;
            char *said = pronounce(s, text, i, j, len, &espeak);
            char *marked = said ? for_synthesis(said) : NULL;
            free(said);
            said = marked;
            if (said) {
                if (i > 0 && text[i - 1] != ' ')
                    ok = nr_buf_putc(&o->text, ' ') && map_to(o, start, 1, i);
                start = o->text.len;
                ok = ok && nr_buf_puts(&o->text, "[[") && nr_buf_puts(&o->text, said) &&
                     map_to(o, start, o->text.len - start, i) && nr_buf_puts(&o->text, "]]") &&
                     map_to(o, o->text.len - 2, 2, j);
                free(said);
            } else {
                ok = nr_buf_append(&o->text, text + i, j - i) && map_to(o, start, j - i, i);
                /* map_to gave every code point the word's start: use their own */
                for (size_t k = 0, cp = o->n - (j - i); ok && k < j - i; k++)
                    o->map[cp + k] = i + k; /* ASCII letters: one byte each */
            }
            i = j;
            continue;
        }
        ucs4_t c;
        int k = u8_mbtouc(&c, (const uint8_t *)text + i, len - i);
        if (k <= 0)
            k = 1;
        /* Control characters and U+FFFD garble espeak-ng's reading of what
         * follows: blanked. */
        if (c < 0x20 || c == 0x7F || c == 0xFFFD) {
            for (int b = 0; b < k && ok; b++)
                ok = nr_buf_putc(&o->text, ' ') && map_to(o, o->text.len - 1, 1, i + (size_t)b);
        } else {
            ok = nr_buf_append(&o->text, text + i, (size_t)k) && map_to(o, start, (size_t)k, i);
        }
        i += (size_t)k;
    }
    ok = ok && nr_buf_putc(&o->text, '\0');
    if (ok)
        o->text.len--;
    return ok;
}

void nr_synth_set_pronunciation(nr_synth *s, const nr_pron *pron) { s->pron = pron; }

static tutur_status phonemes(tutur_ctx *ctx, nr_synth *s, const char *text, char **out) {
    *out = NULL;
    size_t len = strlen(text);
    if (u8_check((const uint8_t *)text, len))
        return nr_fail(ctx, TUTUR_E_BAD_UTF8, "text for espeak-ng is not valid UTF-8");
    nr_buf b = {0};
    bool ok = true;
    for (size_t i = 0; ok && i < len;) {
        size_t ph = phoneme_span(text + i);
        if (ph) {
            ok = (!b.len || nr_buf_putc(&b, ' ')) && nr_buf_append(&b, text + i + 2, ph - 4);
            i += ph;
            continue;
        }
        if (!word_byte(text[i])) {
            i++;
            continue;
        }
        size_t j = word_end(text, i, len);
        const char *espeak;
        char *said = pronounce(s, text, i, j, len, &espeak);
        const char *word = said ? said : espeak;
        if (word && word[0])
            ok = (!b.len || nr_buf_putc(&b, ' ')) && nr_buf_puts(&b, word);
        free(said);
        i = j;
    }
    if (!ok) {
        nr_buf_free(&b);
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    }
    *out = nr_buf_take(&b);
    if (!*out && !(*out = nr_strdup("")))
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    return TUTUR_OK;
}

typedef struct spoken_sink {
    nr_buf phonemes;
    int64_t samples;
    bool word_started;
} spoken_sink;

static int spoken_audio(void *user, const int16_t *pcm, size_t n) {
    (void)pcm;
    ((spoken_sink *)user)->samples += (int64_t)n;
    return 0;
}

static void spoken_cue(void *user, tutur_cue_kind kind, int64_t sample, size_t offset,
                       size_t length) {
    (void)sample, (void)offset, (void)length;
    if (kind == TUTUR_CUE_WORD)
        ((spoken_sink *)user)->word_started = true;
}

static void spoken_phoneme(void *user, const char *name, int64_t sample) {
    (void)sample;
    spoken_sink *k = user;
    if (!name[0] || name[0] == '_')
        return; /* pauses */
    if (k->word_started && k->phonemes.len)
        nr_buf_putc(&k->phonemes, ' ');
    k->word_started = false;
    nr_buf_puts(&k->phonemes, name);
}

tutur_status nr_synth_spoken(tutur_ctx *ctx, nr_synth *s, const char *text, int rate_wpm,
                             int pitch, char **out, int64_t *samples) {
    spoken_sink k = {0};
    nr_synth_sink sink = {spoken_audio, spoken_cue, &k, spoken_phoneme};
    tutur_status st = nr_synth_speak(ctx, s, text, rate_wpm, pitch, &sink);
    *samples = k.samples;
    *out = NULL;
    if (st == TUTUR_OK && !(*out = nr_buf_take(&k.phonemes)) && !(*out = nr_strdup("")))
        st = nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    nr_buf_free(&k.phonemes);
    return st;
}

static tutur_status speak(tutur_ctx *ctx, nr_synth *s, const char *text, int rate_wpm,
                          int pitch, const nr_synth_sink *sink) {
    size_t len = strlen(text);
    if (u8_check((const uint8_t *)text, len))
        return nr_fail(ctx, TUTUR_E_BAD_UTF8, "text for espeak-ng is not valid UTF-8");
    spoken o;
    if (!prepare(s, text, len, &o)) {
        nr_buf_free(&o.text);
        free(o.map);
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    }
    char *clean = o.text.data ? o.text.data : (char *)"";
    size_t *map = o.map;
    size_t n_cps = o.n;
    if (rate_wpm != s->cur_wpm) {
        espeak_ng_SetParameter(espeakRATE, rate_wpm, 0);
        s->cur_wpm = rate_wpm;
    }
    if (pitch != s->cur_pitch) {
        espeak_ng_SetParameter(espeakPITCH, pitch, 0);
        s->cur_pitch = pitch;
    }
    call c = {sink, map, n_cps, len, 0, false, false};
    espeak_ng_STATUS st = espeak_ng_Synthesize(clean, strlen(clean) + 1, 0, POS_CHARACTER, 0,
                                               espeakCHARS_UTF8 | espeakPHONEMES, NULL, &c);
    nr_buf_free(&o.text);
    free(map);
    if (c.cancelled) /* the sink stopped it and said why (a full disk is no Ctrl-C) */
        return TUTUR_E_CANCELLED;
    if (c.rate_changed)
        return nr_fail(ctx, TUTUR_E_SYNTH, "espeak-ng changed its sample rate mid-article");
    if (st != ENS_OK && st != ENS_SPEECH_STOPPED)
        return espeak_fail(ctx, st, "synthesis failed");
    return TUTUR_OK;
}

/* ----- the locale espeak-ng runs in -----
 * espeak-ng wants a UTF-8 character type and sets it for the whole
 * process when it starts.  The library must not change its host's locale
 * (issue 14): the global one is put back after espeak-ng starts, and
 * every call into espeak-ng runs in a thread-local UTF-8 locale instead
 * (uselocale), so espeak-ng sees what it always saw. */
static locale_t g_utf8;
static pthread_once_t g_utf8_once = PTHREAD_ONCE_INIT;

static void make_utf8(void) {
    locale_t c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    if (!c)
        return;
    g_utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", c);
    if (!g_utf8)
        g_utf8 = newlocale(LC_CTYPE_MASK, "en_US.UTF-8", c);
    if (!g_utf8)
        freelocale(c);
}

static locale_t enter_utf8(void) {
    pthread_once(&g_utf8_once, make_utf8);
    return g_utf8 ? uselocale(g_utf8) : (locale_t)0;
}

static void leave_utf8(locale_t prev) {
    if (g_utf8 && prev)
        uselocale(prev);
}

tutur_status nr_synth_create(tutur_ctx *ctx, const char *voice, nr_synth **out) {
    locale_t prev = enter_utf8();
    tutur_status st = create(ctx, voice, out);
    leave_utf8(prev);
    return st;
}

tutur_status nr_synth_phonemes(tutur_ctx *ctx, nr_synth *s, const char *text, char **out) {
    locale_t prev = enter_utf8();
    tutur_status st = phonemes(ctx, s, text, out);
    leave_utf8(prev);
    return st;
}

tutur_status nr_synth_speak(tutur_ctx *ctx, nr_synth *s, const char *text, int rate_wpm,
                            int pitch, const nr_synth_sink *sink) {
    locale_t prev = enter_utf8();
    tutur_status st = speak(ctx, s, text, rate_wpm, pitch, sink);
    leave_utf8(prev);
    return st;
}

void nr_synth_destroy(nr_synth *s) {
    if (!s)
        return;
    cache_clear(&s->cache);
    free(s);
}
