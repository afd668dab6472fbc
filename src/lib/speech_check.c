/* speech_check.c: nothing dropped (issue 16).  After synthesis, each
 * sentence's audio is compared with what its text predicts: the time
 * spent speaking (10 ms frames above a quiet level) per syllable of its
 * spoken text.  espeak-ng says an Indonesian syllable in 130 to 270 ms at
 * the profile's rates; the band below is more than twice as wide each
 * way, so only a sentence that came out silent, cut short, or as a stream
 * of spelled symbols (text without a vowel that still made sound) falls
 * outside it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define FRAME_MS 10
/* -45 dBFS: quieter than any spoken syllable after leveling, louder than
 * the dither-free silence between words. */
#define QUIET_RMS 184.0
/* Measured on the sample articles and the 15 corpus pages (631
 * sentences): 133 to 268 ms per syllable, median 163. */
#define MIN_MS_PER_SYLLABLE 60
#define MAX_MS_PER_SYLLABLE 600

/* Syllables of spoken Indonesian: groups of vowel letters (a diphthong,
 * ai/au/oi, counts once, as the group it is). */
static int syllables(const char *s, size_t n) {
    int count = 0;
    bool in_vowel = false;
    for (size_t i = 0; i < n; i++) {
        char c = (char)(s[i] | 0x20);
        bool v = c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
        bool letter = (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z');
        if (v && letter && !in_vowel)
            count++;
        in_vowel = v && letter;
    }
    return count;
}

/* Milliseconds of FROM..TO that are speech. */
static int64_t speech_ms(tutur_spool *spool, int64_t from, int64_t to, int rate) {
    int64_t frame = (int64_t)rate * FRAME_MS / 1000, active = 0;
    int16_t *buf = malloc((size_t)frame * sizeof *buf);
    if (!buf || frame <= 0) {
        free(buf);
        return -1;
    }
    for (int64_t pos = from; pos + frame <= to; pos += frame) {
        if (tutur_spool_read(spool, pos, buf, frame) != frame)
            break;
        double sum = 0;
        for (int64_t i = 0; i < frame; i++)
            sum += (double)buf[i] * buf[i];
        if (sqrt(sum / (double)frame) > QUIET_RMS)
            active++;
    }
    free(buf);
    return active * FRAME_MS;
}

tutur_status tutur_check_speech(tutur_ctx *ctx, const tutur_script *s, const tutur_timeline *tl,
                                tutur_spool *spool, tutur_speech_report *out) {
    nr_clear(ctx); /* a message is about the last call only */
    *out = (tutur_speech_report){0};
    size_t cap = 0;
    for (size_t k = 0; k < tl->n_sentences; k++) {
        if (nr_stopped(ctx)) {
            tutur_speech_report_clear(out);
            return nr_fail(ctx, TUTUR_E_CANCELLED, "cancelled");
        }
        const tutur_sentence_span *ss = &tl->sentences[k];
        const tutur_segment_span *sp = &tl->spans[ss->span];
        const tutur_segment *seg = &s->chapters[sp->chapter].segments[sp->segment];
        const tutur_sentence *sen = &seg->sentences[ss->sentence];
        int syl = syllables(seg->spoken + sen->spoken.offset, sen->spoken.length);
        int64_t ms = speech_ms(spool, ss->start, ss->end, tl->rate);
        if (ms < 0)
            return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
        if (syl == 0 && ms <= MAX_MS_PER_SYLLABLE)
            continue; /* no word to say, and nothing much said */
        out->checked++;
        if (syl > 0 && ms >= (int64_t)syl * MIN_MS_PER_SYLLABLE &&
            ms <= (int64_t)syl * MAX_MS_PER_SYLLABLE)
            continue;
        tutur_speech_issue *p = nr_grow(out->issues, &cap, out->n_issues + 1, sizeof *p);
        if (!p) {
            tutur_speech_report_clear(out);
            return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
        }
        out->issues = p;
        out->issues[out->n_issues++] = (tutur_speech_issue){
            sp->chapter, sp->segment, ss->sentence, syl, ms, ms == 0};
    }
    return TUTUR_OK;
}

void tutur_speech_report_clear(tutur_speech_report *r) {
    free(r->issues);
    *r = (tutur_speech_report){0};
}
