/* sentences.c: where a sentence ends in written Indonesian.
 *
 * A sentence ends after '.', '!', '?' or '…' (and any closing quotes or
 * brackets after them) when a space follows and the next word opens a
 * sentence: a capital letter, a digit, or an opening quote or bracket.
 * A period does not end a sentence after
 * - a single capital letter: an initial ("A. Rahman");
 * - a capitalized abbreviation from abbreviations.tsv ("Jl.", "Dr.", "No.");
 * - a lower-case abbreviation followed by a digit ("hlm. 5");
 * - a single word: the number of a heading or list item ("1.", "II."),
 *   rarely a sentence of its own ("Ya."), and then joining costs nothing.
 * A lower-case abbreviation before a capital ("... dll. Kemudian") ends one.
 * Being wrong costs little: a caption cue splits or joins, the audio is the
 * same. */
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "sentences.h"

static bool is_closer(uint32_t c) {
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == 0x201D || c == 0x2019 ||
           c == 0xBB;
}

static bool is_opener(uint32_t c) {
    return c == '"' || c == '\'' || c == '(' || c == '[' || c == 0x201C || c == 0x2018 ||
           c == 0xAB;
}

static bool opens_sentence(const char *s) {
    uint32_t c = nr_first_char(s);
    return nr_is_upper(c) || (c >= '0' && c <= '9') || is_opener(c);
}

/* Does the period at TEXT[dot] end a sentence, judged by the word it ends? */
static bool period_ends(const nr_normalizer *z, const char *text, size_t dot, const char *next) {
    size_t w = dot;
    while (w > 0 && text[w - 1] != ' ' && text[w - 1] != '(' && text[w - 1] != '"')
        w--;
    size_t len = dot - w; /* without the period */
    if (len == 0)
        return true;
    if (len == 1 && text[w] >= 'A' && text[w] <= 'Z')
        return false;
    bool capitalized;
    if (nr_normalizer_is_abbreviation(z, text + w, len + 1, &capitalized))
        return !capitalized && !(next[0] >= '0' && next[0] <= '9');
    return true;
}

static bool push(tutur_range **v, size_t *n, size_t *cap, const char *text, size_t from,
                 size_t to) {
    while (from < to && text[from] == ' ')
        from++;
    while (to > from && text[to - 1] == ' ')
        to--;
    if (to == from)
        return true;
    tutur_range *p = nr_grow(*v, cap, *n + 1, sizeof *p);
    if (!p)
        return false;
    *v = p;
    (*v)[(*n)++] = (tutur_range){from, to - from};
    return true;
}

tutur_status nr_split_sentences(const nr_normalizer *z, const char *text, tutur_range **out,
                                size_t *n) {
    *out = NULL;
    *n = 0;
    size_t cap = 0, len = strlen(text), start = 0;
    for (size_t i = 0; i < len;) {
        ucs4_t c;
        int k = u8_mbtouc(&c, (const uint8_t *)text + i, len - i);
        size_t mark = i;
        i += (size_t)(k > 0 ? k : 1);
        if (c != '.' && c != '!' && c != '?' && c != 0x2026)
            continue;
        /* The run of terminators and closers after it belongs to it. */
        while (i < len) {
            k = u8_mbtouc(&c, (const uint8_t *)text + i, len - i);
            if (c != '.' && c != '!' && c != '?' && c != 0x2026 && !is_closer(c))
                break;
            i += (size_t)(k > 0 ? k : 1);
        }
        if (i >= len || text[i] != ' ' || !opens_sentence(text + i + 1))
            continue;
        if (text[mark] == '.' && i == mark + 1 &&
            (!memchr(text + start, ' ', mark - start) || !period_ends(z, text, mark, text + i + 1)))
            continue;
        if (!push(out, n, &cap, text, start, i))
            goto nomem;
        start = i + 1;
    }
    if (push(out, n, &cap, text, start, len))
        return TUTUR_OK;
nomem:
    free(*out);
    *out = NULL;
    *n = 0;
    return TUTUR_E_NOMEM;
}
