/* pronounce.c: see pronounce.h.
 *
 * A word's vowels come, in this order, from:
 * 1. the list: the voice's own pronunciations.tsv, then g2p-id/lexicon.tsv;
 * 2. the homographs (g2p-id/homographs.tsv), by a simple cue: a number after
 *    it ("per 1 Juli", "seri 3"), a capital inside a sentence (a name), a
 *    verb's prefix on it (menyerang); otherwise the first reading;
 * 3. its root: prefixes (meN-, peN-, ber-, ter-, per-, se-, ke-, di-,
 *    memper-, ku-, kau-; a nasal's lost consonant restored: menulis from
 *    tulis) and suffixes (-kan, -an, -i, -nya, -lah, -kah, -pun, -ku, -mu)
 *    taken off until what is left is in the list; a prefix's e is pepet;
 *    the parts of a reduplication ("sayur-mayur", "berjalan-jalan") each;
 * 4. the rules (g2p-id/e-rules.tsv): weights of the letters around each
 *    e, learned from the list by scripts/make-pronunciations, which builds
 *    the same context keys as contexts() below. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cache.h"
#include "lexicon.h"
#include "pronounce.h"

struct nr_pron {
    nr_lex list;       /* word -> phonemes (espeak-ng mnemonics) */
    nr_lex homographs; /* word -> phonemes 1, flags "phonemes 2<TAB>pos 1<TAB>pos 2" */
    nr_lex rules;      /* context -> weight */
    double *weights;   /* per entry of rules, parsed */
    double bias;
    char digest[65];
};

#define MAX_WORD 64

static void digest_lex(nr_key *k, const nr_lex *lex) {
    for (size_t i = 0; i < lex->n; i++) {
        nr_key_add_str(k, lex->items[i].key);
        nr_key_add_str(k, lex->items[i].value);
        nr_key_add_str(k, lex->items[i].flags ? lex->items[i].flags : "");
    }
}

tutur_status nr_pron_load(tutur_ctx *ctx, const char *dir, nr_pron **out) {
    *out = NULL;
    char path[1200];
    struct stat sb;
    snprintf(path, sizeof path, "%s/g2p-id/lexicon.tsv", dir);
    if (stat(path, &sb) != 0)
        return TUTUR_OK; /* a language without the data: espeak-ng's own rules */
    nr_pron *p = calloc(1, sizeof *p);
    if (!p)
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    tutur_status st = nr_lex_load(ctx, &p->list, path, true);
    snprintf(path, sizeof path, "%s/pronunciations.tsv", dir);
    if (st == TUTUR_OK)
        st = nr_lex_load(ctx, &p->list, path, true); /* later entries win */
    snprintf(path, sizeof path, "%s/g2p-id/homographs.tsv", dir);
    if (st == TUTUR_OK)
        st = nr_lex_load(ctx, &p->homographs, path, true);
    snprintf(path, sizeof path, "%s/g2p-id/e-rules.tsv", dir);
    if (st == TUTUR_OK)
        st = nr_lex_load(ctx, &p->rules, path, false);
    if (st == TUTUR_OK && !(p->weights = calloc(p->rules.n ? p->rules.n : 1, sizeof *p->weights)))
        st = nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    for (size_t i = 0; st == TUTUR_OK && i < p->rules.n; i++) {
        if (!nr_parse_decimal(p->rules.items[i].value, &p->weights[i]))
            st = nr_fail(ctx, TUTUR_E_CONFIG, "%s: '%s' is no weight", path,
                         p->rules.items[i].value);
        else if (strcmp(p->rules.items[i].key, "bias") == 0)
            p->bias = p->weights[i];
    }
    if (st != TUTUR_OK) {
        nr_pron_free(p);
        return st;
    }
    nr_key k;
    uint8_t d[32];
    nr_key_init(&k, "pronunciations");
    digest_lex(&k, &p->list);
    digest_lex(&k, &p->homographs);
    digest_lex(&k, &p->rules);
    nr_key_final(&k, d);
    for (int i = 0; i < 32; i++)
        snprintf(p->digest + 2 * i, 3, "%02x", d[i]);
    *out = p;
    return TUTUR_OK;
}

void nr_pron_free(nr_pron *p) {
    if (!p)
        return;
    nr_lex_free(&p->list);
    nr_lex_free(&p->homographs);
    nr_lex_free(&p->rules);
    free(p->weights);
    free(p);
}

const char *nr_pron_digest(const nr_pron *p) { return p ? p->digest : ""; }

/* ----- a word's vowels from its phonemes ----- */

static size_t count_e(const char *w, size_t n) {
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += w[i] == 'e';
    return k;
}

/* The e-vowels of PHONEMES (espeak mnemonics) into OUT when there is one
 * for each of the N_E letters e; the glottal stop closing them. */
static bool vowels_of(const char *phonemes, size_t n_e, char *out, size_t cap, bool *glottal) {
    size_t k = 0;
    for (const char *s = phonemes; *s; s++) {
        if (*s != 'E' && *s != 'e' && *s != '@')
            continue;
        if (k + 1 >= cap)
            return false;
        out[k++] = *s == '@' ? '@' : 'E';
    }
    out[k] = '\0';
    size_t n = strlen(phonemes);
    *glottal = n && phonemes[n - 1] == '?';
    return k == n_e;
}

static bool from_list(const nr_pron *p, const char *w, size_t n, nr_pron_word *out) {
    const nr_lex_entry *e = nr_lex_find(&p->list, w, n);
    if (!e || !vowels_of(e->value, count_e(w, n), out->vowels, sizeof out->vowels, &out->glottal))
        return false;
    out->glottal &= n && w[n - 1] == 'k';
    out->source = "list";
    out->phonemes = e->value;
    return true;
}

/* ----- homographs ----- */

static const char *const number_words[] = {
    "nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
    "sepuluh", "sebelas", "seratus", "seribu", "sejuta", "setengah",
};

static bool is_number_word(const char *s) {
    if (!s)
        return false;
    if (s[0] >= '0' && s[0] <= '9')
        return true;
    for (size_t i = 0; i < sizeof number_words / sizeof number_words[0]; i++)
        if (strcmp(s, number_words[i]) == 0)
            return true;
    return false;
}

/* The reading of a homograph: 0 or 1.  VERB: it carries a verb's prefix. */
static int homograph_reading(const nr_lex_entry *e, const nr_pron_context *c, bool verb) {
    char pos[2][8] = {"", ""};
    const char *f = e->flags ? strchr(e->flags, '\t') : NULL; /* after phonemes 2 */
    if (f)
        sscanf(f + 1, "%7s\t%7s", pos[0], pos[1]);
    for (int want = 0; want < 3; want++) {
        const char *tag = NULL;
        if (want == 0 && verb)
            tag = "V";
        else if (want == 1 && c && c->next)
            /* a preposition takes what follows ("per orang", "per 1 Juli");
             * a number after a noun counts it ("seri 3") */
            tag = strcmp(pos[0], "P") == 0 || strcmp(pos[1], "P") == 0 ? "P"
                  : is_number_word(c->next)                          ? "N"
                                                                     : NULL;
        else if (want == 2 && c && c->capital)
            tag = "N";
        for (int r = 0; tag && r < 2; r++)
            if (strcmp(pos[r], tag) == 0 && strcmp(pos[1 - r], tag) != 0)
                return r;
    }
    return 0;
}

static bool from_homographs(const nr_pron *p, const char *w, size_t n, const nr_pron_context *c,
                            bool verb, nr_pron_word *out) {
    const nr_lex_entry *e = nr_lex_find(&p->homographs, w, n);
    if (!e)
        return false;
    char second[64] = "";
    if (e->flags)
        snprintf(second, sizeof second, "%.*s", (int)strcspn(e->flags, "\t"), e->flags);
    const char *phonemes = homograph_reading(e, c, verb) ? second : e->value;
    if (!vowels_of(phonemes, count_e(w, n), out->vowels, sizeof out->vowels, &out->glottal))
        return false;
    out->glottal &= n && w[n - 1] == 'k';
    out->source = "homograph";
    return true;
}

/* ----- roots ----- */

static const char *const prefixes[] = {"memper", "diper", "mem", "men", "meng", "meny", "me",
                                       "pem", "pen", "peng", "peny", "pe", "ber", "bel", "be",
                                       "ter", "te", "per", "se", "ke", "di", "ku", "kau"};
static const char *const inner_prefixes[] = {"per", "ber", "ter", "ke", "se"};
static const char *const suffixes[] = {"kannya", "annya", "inya", "kan", "an", "i", "nya",
                                       "lah", "kah", "pun", "ku", "mu"};

/* The consonant a nasal prefix swallowed ("menulis" from "tulis"). */
static char lost_consonant(const char *prefix) {
    if (!strcmp(prefix, "mem") || !strcmp(prefix, "pem"))
        return 'p';
    if (!strcmp(prefix, "men") || !strcmp(prefix, "pen"))
        return 't';
    if (!strcmp(prefix, "meng") || !strcmp(prefix, "peng"))
        return 'k';
    if (!strcmp(prefix, "meny") || !strcmp(prefix, "peny"))
        return 's';
    return 0;
}

static bool verbal(const char *prefix) {
    return prefix[0] == 'm' || !strcmp(prefix, "di") || !strcmp(prefix, "diper") ||
           !strcmp(prefix, "ter");
}

typedef struct root_search {
    const nr_pron *p;
    const char *word;
    size_t n;
    const nr_pron_context *c;
    size_t best_len;
    nr_pron_word best;
} root_search;

/* STEM (with PREFIX_E pepets before it) without each suffix: a root? */
static void try_stem(root_search *rs, const char *stem, size_t len, size_t prefix_e, bool verb) {
    for (size_t s = 0; s <= sizeof suffixes / sizeof suffixes[0]; s++) {
        size_t cut = 0;
        if (s) {
            const char *suf = suffixes[s - 1];
            cut = strlen(suf);
            if (len < cut + 2 || memcmp(stem + len - cut, suf, cut) != 0)
                continue;
        }
        size_t root_len = len - cut;
        if (root_len < 2 || root_len <= rs->best_len ||
            (root_len == rs->n && memcmp(stem, rs->word, root_len) == 0))
            continue;
        nr_pron_word w = {0};
        if (!from_list(rs->p, stem, root_len, &w) &&
            !from_homographs(rs->p, stem, root_len, rs->c, verb, &w))
            continue;
        size_t root_e = strlen(w.vowels);
        if (prefix_e + root_e != count_e(rs->word, rs->n) || prefix_e + root_e >= sizeof w.vowels)
            continue;
        memmove(w.vowels + prefix_e, w.vowels, root_e + 1);
        memset(w.vowels, '@', prefix_e);
        w.glottal &= cut == 0; /* "anaknya": the k is no longer final */
        w.source = "root";
        w.phonemes = NULL;
        rs->best = w;
        rs->best_len = root_len;
    }
}

static bool from_root(const nr_pron *p, const char *w, size_t n, const nr_pron_context *c,
                      nr_pron_word *out) {
    root_search rs = {.p = p, .word = w, .n = n, .c = c};
    char buf[MAX_WORD + 2];
    try_stem(&rs, w, n, 0, false);
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        const char *pre = prefixes[i];
        size_t pl = strlen(pre);
        if (n < pl + 3 || memcmp(w, pre, pl) != 0)
            continue;
        size_t pe = count_e(pre, pl);
        bool verb = verbal(pre);
        const char *rest = w + pl;
        size_t rl = n - pl;
        try_stem(&rs, rest, rl, pe, verb);
        char lost = lost_consonant(pre);
        if (lost && rl + 1 < sizeof buf) {
            buf[0] = lost;
            memcpy(buf + 1, rest, rl);
            try_stem(&rs, buf, rl + 1, pe, verb);
        }
        for (size_t k = 0; k < sizeof inner_prefixes / sizeof inner_prefixes[0]; k++) {
            const char *p2 = inner_prefixes[k];
            size_t l2 = strlen(p2);
            if (rl >= l2 + 3 && memcmp(rest, p2, l2) == 0)
                try_stem(&rs, rest + l2, rl - l2, pe + count_e(p2, l2), verb);
        }
    }
    if (!rs.best_len)
        return false;
    *out = rs.best;
    return true;
}

/* ----- rules ----- */

static bool vowel(char c) { return c == 'a' || c == 'i' || c == 'u' || c == 'e' || c == 'o'; }

static double rule_weight(const nr_pron *p, const char *key) {
    const nr_lex_entry *e = nr_lex_find(&p->rules, key, strlen(key));
    return e ? p->weights[e - p->rules.items] : 0.0;
}

/* "^w$" [FROM, FROM+LEN) clamped to it. */
static void slice(char *dst, const char *w, long from, long len, long n) {
    long a = from < 0 ? 0 : from, b = from + len > n ? n : from + len;
    long k = b > a ? b - a : 0;
    memcpy(dst, w + a, (size_t)k);
    dst[k] = '\0';
}

/* Pepet or taling for the e at WORD[I], as scripts/make-pronunciations
 * learned: the same keys, the same sum. */
static char rule_vowel(const nr_pron *p, const char *word, size_t n, size_t i) {
    char w[MAX_WORD + 3];
    w[0] = '^';
    memcpy(w + 1, word, n);
    w[n + 1] = '$';
    w[n + 2] = '\0';
    long wn = (long)n + 2, j = (long)i + 1;
    int syl = 0;
    for (size_t k = i + 1; k < n; k++)
        syl += vowel(word[k]) && !vowel(word[k - 1]);
    if (syl > 3)
        syl = 3;
    double z = p->bias;
    char key[96], l[8], r[8];
    for (long m = 4; m >= 1; m--) {
        slice(l, w, j - m, m, wn);
        slice(r, w, j + 1, m, wn);
        snprintf(key, sizeof key, "L%ld R%ld %s_%s s%d", m, m, l, r, syl);
        z += rule_weight(p, key);
        snprintf(key, sizeof key, "L%ld R%ld %s_%s", m, m, l, r);
        z += rule_weight(p, key);
        slice(l, w, j - m - 1, m + 1, wn);
        slice(r, w, j + 1, m - 1, wn);
        snprintf(key, sizeof key, "L%ld R%ld %s_%s", m + 1, m - 1, l, r);
        z += rule_weight(p, key);
        if (m > 1)
            slice(l, w, j - m + 1, m - 1, wn);
        else
            l[0] = '\0';
        slice(r, w, j + 1, m + 1, wn);
        snprintf(key, sizeof key, "L%ld R%ld %s_%s", m - 1, m + 1, l, r);
        z += rule_weight(p, key);
    }
    slice(r, w, j + 1, 2, wn);
    snprintf(key, sizeof key, "R2 _%s s%d", r, syl);
    z += rule_weight(p, key);
    slice(l, w, j - 2, 2, wn);
    snprintf(key, sizeof key, "L2 %s_ s%d", l, syl);
    z += rule_weight(p, key);
    char end[8];
    slice(end, w, wn - 5, 5, wn);
    snprintf(key, sizeof key, "end %s s%d", end, syl);
    z += rule_weight(p, key);
    snprintf(key, sizeof key, "s%d", syl);
    z += rule_weight(p, key);
    return z >= 0 ? '@' : 'E';
}

static bool from_rules(const nr_pron *p, const char *w, size_t n, nr_pron_word *out) {
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (w[i] == 'e') {
            if (k + 1 >= sizeof out->vowels)
                return false;
            out->vowels[k++] = rule_vowel(p, w, n, i);
        }
    out->vowels[k] = '\0';
    /* Every final k after a vowel in the list but one is a glottal stop
     * (2,062 of 2,063): the same for words it lacks. */
    out->glottal = n >= 2 && w[n - 1] == 'k' && vowel(w[n - 2]);
    out->source = "rules";
    return true;
}

/* One word without hyphens, lower case. */
static bool part(const nr_pron *p, const char *w, size_t n, const nr_pron_context *c,
                 nr_pron_word *out) {
    memset(out, 0, sizeof *out);
    return from_list(p, w, n, out) || from_homographs(p, w, n, c, false, out) ||
           from_root(p, w, n, c, out) || from_rules(p, w, n, out);
}

bool nr_pron_word_find(const nr_pron *p, const char *word, size_t len,
                       const nr_pron_context *context, nr_pron_word *out) {
    memset(out, 0, sizeof *out);
    if (!p || len == 0 || len > MAX_WORD)
        return false;
    char w[MAX_WORD + 1];
    for (size_t i = 0; i < len; i++) {
        char c = word[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (!(c >= 'a' && c <= 'z') && c != '-')
            return false;
        w[i] = c;
    }
    w[len] = '\0';
    if (!memchr(w, 'e', len) && w[len - 1] != 'k')
        return false;
    /* a reduplication: each part on its own ("sayur-mayur") */
    if (memchr(w, '-', len)) {
        if (from_list(p, w, len, out))
            return true;
        size_t start = 0, k = 0;
        for (size_t i = 0; i <= len; i++) {
            if (i < len && w[i] != '-')
                continue;
            nr_pron_word one;
            if (i > start) {
                if (!part(p, w + start, i - start, context, &one))
                    return false;
                size_t m = strlen(one.vowels);
                if (k + m >= sizeof out->vowels)
                    return false;
                memcpy(out->vowels + k, one.vowels, m + 1);
                k += m;
                out->glottal = one.glottal;
                /* the source of the least certain part */
                if (!out->source || strcmp(out->source, "list") == 0 ||
                    strcmp(one.source, "rules") == 0)
                    out->source = one.source;
            }
            start = i + 1;
        }
        return true;
    }
    return part(p, w, len, context, out);
}

/* ----- IPA ----- */

static const struct {
    const char *ipa, *espeak;
} ipa_map[] = {
    {"tʃ", "tS"}, {"dʒ", "dZ"}, {"ʃ", "S"}, {"ʒ", "Z"}, {"ŋ", "N"}, {"ɲ", "n^"}, {"ə", "@"},
    {"ɛ", "E"},   {"ɔ", "O"},   {"ʔ", "?"}, {"ɡ", "g"}, {"x", "x"}, {"j", "j"},  {"r", "R"},
    {"a", "a"},   {"b", "b"},   {"c", "tS"}, {"d", "d"}, {"e", "E"}, {"f", "f"}, {"g", "g"},
    {"h", "h"},   {"i", "i"},   {"k", "k"}, {"l", "l"}, {"m", "m"},  {"n", "n"},  {"o", "o"},
    {"p", "p"},   {"s", "s"},   {"t", "t"}, {"u", "u"}, {"v", "v"},  {"w", "w"},  {"y", "j"},
    {"z", "z"},   {"ˈ", "'"},   {"ˌ", ","},
};

static bool espeak_vowel(const char *s) {
    return strchr("aeiouE@O", s[0]) != NULL;
}

char *nr_ipa_to_espeak(const char *ipa) {
    nr_buf b = {0};
    bool stressed = false;
    char mark = 0;
    size_t n = strlen(ipa);
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)ipa[i];
        if (c == '/' || c == ' ' || c == '.' || c == '[' || c == ']') {
            i++;
            continue;
        }
        if (strncmp(ipa + i, "ː", 2) == 0) { /* length: espeak-ng's own */
            i += 2;
            continue;
        }
        size_t k = 0;
        for (; k < sizeof ipa_map / sizeof ipa_map[0]; k++)
            if (strncmp(ipa + i, ipa_map[k].ipa, strlen(ipa_map[k].ipa)) == 0)
                break;
        if (k == sizeof ipa_map / sizeof ipa_map[0]) {
            nr_buf_free(&b);
            return NULL;
        }
        const char *ph = ipa_map[k].espeak;
        i += strlen(ipa_map[k].ipa);
        if (ph[0] == '\'' || ph[0] == ',') {
            /* IPA marks the syllable, espeak-ng the vowel: held until it */
            mark = ph[0];
            stressed |= ph[0] == '\'';
            continue;
        }
        if (mark && espeak_vowel(ph)) {
            nr_buf_putc(&b, mark);
            mark = 0;
        }
        nr_buf_puts(&b, ph);
    }
    char *s = nr_buf_take(&b);
    if (!s || !s[0] || stressed)
        return s;
    char *out = nr_pron_stress(s);
    free(s);
    return out;
}

/* Does a syllable's vowel start at S[I]?  Vowels side by side are
 * syllables of their own ("pa-si-en"), but for the diphthongs ai, au and
 * oi before a consonant or the end ("pan-tai"), written aI, aU, oI by
 * espeak-ng. */
static bool nucleus_at(const char *s, size_t i) {
    char c = s[i];
    if (!espeak_vowel(s + i) && c != 'I' && c != 'U')
        return false;
    if (c == 'I' || c == 'U')
        return i == 0;
    if (i == 0 || !espeak_vowel(s + i - 1))
        return true;
    char p = s[i - 1], next = s[i + 1];
    bool diphthong = ((p == 'a' && (c == 'i' || c == 'u')) || (p == 'o' && c == 'i')) &&
                     !espeak_vowel(s + i + 1) && next != 'I' && next != 'U';
    return !diphthong;
}

char *nr_pron_stress(const char *s) {
    if (strchr(s, '\''))
        return nr_strdup(s);
    /* Indonesian stresses the last syllable but one; espeak-ng writes the
     * mark just before the stressed vowel ("b@l'as" has two syllables). */
    size_t len = strlen(s), nuclei = 0, at = 0;
    for (size_t i = 0; i < len; i++)
        nuclei += nucleus_at(s, i);
    for (size_t i = 0, seen = 0; nuclei >= 2 && i < len; i++)
        if (nucleus_at(s, i) && ++seen == nuclei - 1) {
            at = i;
            break;
        }
    if (nuclei == 1)
        for (at = 0; at < len && !espeak_vowel(s + at); at++)
            ;
    char *out = malloc(len + 2);
    if (!out)
        return NULL;
    memcpy(out, s, at);
    out[at] = '\'';
    memcpy(out + at + 1, s + at, len - at + 1);
    return out;
}

char *nr_pron_spell(const char *word, size_t len, const nr_pron_word *w) {
    static const struct {
        const char *letters, *phonemes;
    } spelling[] = {{"ngg", "Ng"}, {"ng", "N"}, {"ny", "n^"}, {"sy", "S"}, {"kh", "x"},
                    {"c", "tS"},   {"j", "dZ"}, {"y", "j"},   {"r", "R"},  {"q", "k"},
                    {"x", "ks"}};
    nr_buf b = {0};
    size_t k = 0;
    for (size_t i = 0; i < len;) {
        char c = word[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c == '-' || c == '\'') {
            i++;
            continue;
        }
        if (c == 'e') {
            nr_buf_putc(&b, w->vowels[k] ? w->vowels[k] : '@');
            k += w->vowels[k] != '\0';
            i++;
            continue;
        }
        if (c == 'k' && i + 1 == len && w->glottal) {
            nr_buf_putc(&b, '?');
            i++;
            continue;
        }
        size_t m = 0;
        for (size_t t = 0; t < sizeof spelling / sizeof spelling[0] && !m; t++) {
            size_t l = strlen(spelling[t].letters);
            if (i + l <= len && strncasecmp(word + i, spelling[t].letters, l) == 0) {
                nr_buf_puts(&b, spelling[t].phonemes);
                m = l;
            }
        }
        if (!m) {
            nr_buf_putc(&b, c);
            m = 1;
        }
        i += m;
    }
    char *s = nr_buf_take(&b);
    if (!s)
        return NULL;
    char *out = nr_pron_stress(s);
    free(s);
    return out;
}
