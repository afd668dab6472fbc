/* normalize.c: Indonesian text normalization, display text -> spoken text,
 * so that no digit and no symbol espeak-ng would name reaches it.  The rules
 * follow ../shared/reference/normalize-id.md section 5, in its priority
 * order; each step is a pass over the whole text.  Word lists are data
 * (the .tsv files in voices/LANG/).  Pure: no global state, no locale (PCRE2 with UTF and
 * UCP, libunistring for Unicode). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "lexicon.h"
#include "normalize.h"
#include "number_words.h"
#include "pronounce.h"

/* ===== Compiled patterns =============================================== */

enum {
    RX_BULLET, RX_CITATION, RX_URL, RX_EMAIL, RX_HASHTAG, RX_MENTION, RX_SPACE_PUNCT,
    RX_SPACE_DOT, RX_DEGREE, RX_INITIALS, RX_PHONE, RX_DATE_DMY, RX_DATE_ISO, RX_DATE_PAREN,
    RX_MONTH_ABBR, RX_REGULATION, RX_SLASH_NUM, RX_TIME_CUED, RX_TIME_RANGE, RX_TIME_ZONE, RX_TIME_COLON,
    RX_CURRENCY_RP, RX_CURRENCY_FX, RX_RANGE_NUM, RX_RANGE_DAY, RX_UNIT, RX_ORDINAL, RX_SUFFIX_AN,
    RX_FRACTION, RX_TIMES, RX_OPERATOR, RX_PLUSMINUS, RX_MINUS, RX_NUMBER, RX_ROMAN, RX_ALNUM, RX_HMINUS,
    RX_WORD2, RX_DASH_WORDS, RX_COUNT
};

#define NUM "\\d{1,3}(?:\\.\\d{3})+(?:,\\d+)?|\\d+(?:,\\d+)?"
#define DAYS "Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu|Ahad"

static const char *const patterns[RX_COUNT] = {
    [RX_BULLET] = "^\\s*(?:[•◦▪‣·]\\s*|[*\\-–—]\\s+)",
    [RX_CITATION] = "(?<=[\\p{L}\\p{P}])\\[(?:\\d{1,3}(?:,\\s*\\d{1,3})*|butuh rujukan|citation needed)\\]",
    /* RX_URL and RX_OPERATOR: from domains.tsv and operators.tsv (compile_lists) */
    [RX_EMAIL] = "(?i)\\b([a-z0-9._%+-]+)@((?:[a-z0-9-]+\\.)+[a-z]{2,})\\b",
    [RX_HASHTAG] = "(?<![\\p{L}\\p{N}&])#(\\p{L}[\\p{L}\\p{N}_]*)",
    [RX_MENTION] = "(?<![\\p{L}\\p{N}])@(\\p{L}[\\p{L}\\p{N}_]*)",
    [RX_SPACE_PUNCT] = "(?<=\\p{L})([,;:?!])(?=\\p{L})",
    [RX_SPACE_DOT] = "(?<=\\p{Ll}\\p{Ll})\\.(?=\\p{Lu}\\p{Ll})",
    [RX_DEGREE] = "(?<=, )((?:[A-Z][a-z]{0,3}\\.){2,3})",
    [RX_INITIALS] = "(?<![\\p{L}.])((?:[A-Z]\\.){1,3})(?=\\s*\\p{Lu}\\p{Ll})",
    [RX_PHONE] = "(?<![\\p{N}\\p{L}.,])(\\+\\d{1,3}|\\(0\\d{1,3}\\)|0\\d{2,4})((?:[\\s.-]?\\d{2,5}){1,4})(?!\\d)",
    [RX_DATE_DMY] = "(?<![\\d.,/-])(\\d{1,2})([/.-])(\\d{1,2})\\2(\\d{4})(?![\\d])",
    [RX_DATE_ISO] = "(?<![\\d.,/-])(\\d{4})-(\\d{2})-(\\d{2})(?![\\d])",
    [RX_DATE_PAREN] = "(\\(|\\b(?:" DAYS "),?\\s)(\\d{1,2})/(\\d{1,2})(?=\\)|\\b)",
    [RX_MONTH_ABBR] = NULL, /* built from months.tsv */
    [RX_REGULATION] = "(?<![\\p{L}])(UU|PP|Perpres|Perppu|Permen|Perda|Keppres|Inpres|Kepmen|Perpu|nomor|Nomor)\\s+(\\d+)/(\\d{4})(?!\\d)",
    [RX_SLASH_NUM] = "(?<=\\d)/(?=\\s*\\p{L})",
    [RX_TIME_CUED] = "(?i)\\b(pukul|jam)\\s+(\\d{1,2})[.:](\\d{2})(?:[.:](\\d{2}))?(?:\\s*[-–]\\s*(\\d{1,2})[.:](\\d{2}))?(?:\\s+(WIB|WITA|WIT)\\b)?",
    /* two clock times with a dash: "08.00 - 10.00 WIB" (never a decimal:
     * Indonesian writes those with a comma) */
    [RX_TIME_RANGE] = "(?<![\\d.,])([01]?\\d|2[0-4])[.:]([0-5]\\d)\\s*[-–]\\s*([01]?\\d|2[0-4])[.:]([0-5]\\d)(?![\\d]|[.,]\\d)(?:\\s+(WIB|WITA|WIT)\\b)?",
    [RX_TIME_ZONE] = "(?<![\\d.,])(\\d{1,2})[.:](\\d{2})(?:[.:](\\d{2}))?\\s+(WIB|WITA|WIT)\\b",
    [RX_TIME_COLON] = "(?<![\\d.,:])(\\d{1,2}):(\\d{2})(?::(\\d{2}))?(?![\\d:])",
    [RX_CURRENCY_RP] = "(?<![\\p{L}])(?:Rp\\.?|IDR)\\s?(" NUM ")(?:,-|,–)?(?:\\s?[–—-]\\s?(?:Rp\\.?\\s?)?(" NUM "))?(?:\\s?(ribu|rb|juta|jt|miliar|milyar|M|triliun|trilyun|T)\\b\\.?)?(?:/(\\p{L}+))?",
    [RX_CURRENCY_FX] = "(US\\$|S\\$|A\\$|\\$|€|£|¥|USD|SGD|AUD|EUR|GBP|JPY|RM|MYR)\\s?(" NUM ")(?:\\s?(ribu|juta|miliar|triliun)\\b)?",
    /* Only "A-": B stays for the unit and number passes ("10-15%"). */
    [RX_RANGE_NUM] = "(?<![\\p{L}\\p{N}.,])(" NUM ")\\s?[–—-]\\s?(?=(?:" NUM ")(?![\\p{N}]))",
    [RX_RANGE_DAY] = NULL, /* built from months.tsv */
    [RX_UNIT] = NULL, /* built from units.tsv */
    [RX_ORDINAL] = "(?<![\\p{L}])([kK]e)-(\\d{1,3}(?:\\.\\d{3})*)(?!\\d)",
    [RX_SUFFIX_AN] = "(?<![\\p{N}])'?(\\d{1,3}(?:\\.\\d{3})+|\\d+)-an\\b",
    [RX_FRACTION] = "(?<![\\d/])([1-9])/([2-9]|10)(?![\\d/])",
    [RX_TIMES] = "(?<=\\d)\\s?[x×]\\s?(?=\\d)|(?<=\\d)x(?![\\p{L}\\p{N}])",
    [RX_PLUSMINUS] = "([±~])\\s?(?=\\d|Rp|US\\$|\\$|€)",
    [RX_MINUS] = "(?<![\\p{L}\\p{N}])-(?=\\d)",
    [RX_NUMBER] = "(?<![\\p{L}\\p{N}])(\\d+\\.\\d+(?:\\.\\d+)*(?![\\d])|" NUM ")",
    [RX_ROMAN] = "(?<![\\p{L}\\p{N}])(X{0,3}(?:IX|IV|V?I{0,3}))(?![\\p{L}\\p{N}])",
    [RX_ALNUM] = "(?<![\\p{L}\\p{N}])(?:(\\p{L}+)-?(\\d+)|(\\d+)(\\p{L}+))(?![\\p{L}\\p{N}])",
    [RX_HMINUS] = "(?<![\\p{L}\\p{N}])([A-Z])([+-])(\\d+)(?![\\p{N}])",
    [RX_WORD2] = "(?<![\\p{L}\\p{N}])(\\p{L}\\p{Ll}+)2(?![\\p{L}\\p{N}])",
    [RX_DASH_WORDS] = "(?<=\\p{L})\\s*[—–]\\s*(?=\\p{L})|(?<=\\p{L}) - (?=\\p{L})",
};

struct nr_normalizer {
    pcre2_code *rx[RX_COUNT];
    nr_lex abbrev, acronyms, loanwords, units, letters, months, domains, operators;
    nr_lex scripts; /* writing systems the voice cannot read, and what is said instead */
};

/* ===== Helpers ========================================================= */

typedef struct match {
    const char *s;
    PCRE2_SIZE *ov;
    int n;
} match;

static bool has(const match *m, int g) {
    return g < m->n && m->ov[2 * g] != PCRE2_UNSET && m->ov[2 * g + 1] > m->ov[2 * g];
}
/* An unset group starts nowhere: its text is empty, at the subject. */
static const char *gs(const match *m, int g) {
    return g < m->n && m->ov[2 * g] != PCRE2_UNSET ? m->s + m->ov[2 * g] : m->s;
}
static size_t gl(const match *m, int g) { return has(m, g) ? m->ov[2 * g + 1] - m->ov[2 * g] : 0; }
static bool geq(const match *m, int g, const char *w) {
    return gl(m, g) == strlen(w) && memcmp(gs(m, g), w, gl(m, g)) == 0;
}

static uint64_t gnum(const match *m, int g) {
    uint64_t v = 0;
    for (size_t i = 0; i < gl(m, g); i++)
        if (gs(m, g)[i] >= '0' && gs(m, g)[i] <= '9')
            v = v * 10 + (uint64_t)(gs(m, g)[i] - '0');
    return v;
}

static void space(nr_buf *b) {
    char last = b->len ? b->data[b->len - 1] : ' ';
    if (last != ' ' && last != '(' && last != '"' && last != '[')
        nr_buf_putc(b, ' ');
}

/* Returns false to keep the matched text as it is. */
typedef bool (*repl_fn)(const nr_normalizer *z, const match *m, nr_buf *out);

/* Replaces every match of RX in IN by what FN writes or, without FN, by
 * LITERAL; frees IN, returns the new text.
 *
 * Linear time: PCRE2 checks a subject's UTF-8 on every call, from the
 * offset to the end, unless told not to, which made a paragraph of many
 * numbers cost matches x length (238 KB of amounts: 9 s).  IN is valid
 * UTF-8 (nr_normalize checks it once, and every pass keeps it so: a
 * replacement that is not valid UTF-8 is not made), so the check is
 * skipped. */
static char *replace_by(const nr_normalizer *z, int rx, char *in, repl_fn fn,
                        const char *literal) {
    if (!in || !z->rx[rx])
        return in;
    nr_buf out = {0};
    /* match data of this call's own: one normalizer serves many threads */
    pcre2_match_data *md = pcre2_match_data_create(16, NULL);
    if (!md) {
        free(in);
        return NULL;
    }
    size_t len = strlen(in), pos = 0, copied = 0;
    while (pos <= len) {
        int rc = pcre2_match(z->rx[rx], (PCRE2_SPTR)in, len, pos, PCRE2_NO_UTF_CHECK, md, NULL);
        if (rc == PCRE2_ERROR_NOMATCH || rc == 0)
            break;
        if (rc < 0) { /* out of memory, or a match limit: never a silently skipped pass */
            out.failed = true;
            break;
        }
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        match m = {in, ov, rc};
        size_t start = ov[0], end = ov[1];
        nr_buf piece = {0};
        if (!fn)
            nr_buf_puts(&piece, literal);
        if (piece.failed)
            out.failed = true;
        if ((!fn || fn(z, &m, &piece)) && !piece.failed &&
            (!piece.len || !u8_check((const uint8_t *)piece.data, piece.len))) {
            nr_buf_append(&out, in + copied, start - copied);
            nr_buf_add(&out, &piece);
            copied = end;
        }
        if (piece.failed)
            out.failed = true;
        nr_buf_free(&piece);
        if (out.failed)
            break;
        if (end == start) {
            /* Step over one whole character after an empty match. */
            size_t k = 1;
            while (end + k < len && ((unsigned char)in[end + k] & 0xC0) == 0x80)
                k++;
            pos = end + k;
        } else {
            pos = end;
        }
    }
    nr_buf_append(&out, in + copied, len - copied);
    pcre2_match_data_free(md);
    free(in);
    return nr_buf_take(&out);
}

static char *replace(const nr_normalizer *z, int rx, char *in, repl_fn fn) {
    return replace_by(z, rx, in, fn, NULL);
}

static char *replace_with(const nr_normalizer *z, int rx, char *in, const char *literal) {
    return replace_by(z, rx, in, NULL, literal);
}

static void spell(const nr_normalizer *z, nr_buf *b, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        const nr_lex_entry *e = nr_lex_find(&z->letters, &c, 1);
        if (e) {
            space(b);
            nr_buf_puts(b, e->value);
        } else if (c >= '0' && c <= '9') {
            nr_digits(b, &c, 1);
        }
    }
}

static bool is_vowel(char c) {
    c = (char)(c | 0x20);
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* Step 9.3: can an all-capitals token be read as a word? */
static bool pronounceable(const char *s, size_t n) {
    static const char *const onsets[] = {"ng", "ny", "sy", "kh", "bl", "br", "dr", "fl", "fr",
                                         "gl", "gr", "kl", "kr", "pl", "pr", "sk", "sl", "sm",
                                         "sn", "sp", "st", "sw", "tr", "str"};
    size_t i = 0, vowels = 0;
    while (i < n && !is_vowel(s[i]))
        i++;
    if (i == n)
        return false;
    if (i > 1) {
        bool ok = false;
        for (size_t k = 0; k < sizeof onsets / sizeof onsets[0] && !ok; k++)
            ok = strlen(onsets[k]) == i && strncasecmp(s, onsets[k], i) == 0;
        if (!ok)
            return false;
    }
    size_t run = 0;
    for (; i < n; i++) {
        /* ng and ny are one consonant each */
        if (i + 1 < n && (s[i] | 0x20) == 'n' && ((s[i + 1] | 0x20) == 'g' || (s[i + 1] | 0x20) == 'y'))
            i++;
        if (is_vowel(s[i])) {
            vowels++;
            if (run > 2)
                return false;
            run = 0;
        } else {
            run++;
        }
    }
    if (run > 1 && !(run == 2 && strncasecmp(s + n - 2, "ng", 2) == 0))
        return false;
    return vowels > 0;
}

static void lower_word(nr_buf *b, const char *s, size_t n, bool c_rule) {
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c_rule && c == 'c') {
            char next = i + 1 < n ? (char)(s[i + 1] | 0x20) : 0;
            c = (next == 'e' || next == 'i' || next == 'y') ? 's' : 'k';
        }
        nr_buf_putc(b, c);
    }
}

/* Reads an acronym or capitalized token (step 9); false if it is a word. */
static bool acronym(const nr_normalizer *z, nr_buf *b, const char *s, size_t n) {
    size_t upper = 0, letters = 0;
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)s[i] >= 0x80)
            return false;
        if ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z'))
            letters++;
        if (s[i] >= 'A' && s[i] <= 'Z')
            upper++;
    }
    if (letters != n || n < 2)
        return false;
    const nr_lex_entry *e = nr_lex_find(&z->acronyms, s, n);
    if (e && upper == n) {
        nr_buf_puts(b, e->value);
        return true;
    }
    if (upper == n) {
        if (n <= 3 || !pronounceable(s, n))
            spell(z, b, s, n);
        else
            lower_word(b, s, n, true);
        return true;
    }
    if (n <= 5 && upper >= 2 && upper * 2 >= n) {
        spell(z, b, s, n); /* MoU, SDGs, PPh */
        return true;
    }
    return false;
}

/* ===== Step 1: characters ============================================== */

static bool is_pictograph(ucs4_t c) {
    return (c >= 0x1F000 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF) ||
           (c >= 0x1F1E6 && c <= 0x1F1FF) || c == 0x20E3 || c == 0x200D || c == 0x2B50 ||
           c == 0x2B55 || (c >= 0x2190 && c <= 0x21FF) || (c >= 0x2300 && c <= 0x23FF) ||
           (c >= 0xE0020 && c <= 0xE007F);
}

static char *clean_chars(const char *in) {
    size_t n = 0;
    uint8_t *nfc = u8_normalize(UNINORM_NFC, (const uint8_t *)in, strlen(in), NULL, &n);
    if (!nfc)
        return NULL;
    nr_buf b = {0};
    for (size_t i = 0; i < n;) {
        ucs4_t c;
        int k = u8_mbtouc(&c, nfc + i, n - i);
        if (k <= 0)
            k = 1;
        if (c == 0x200B || c == 0x200C || c == 0xFEFF || c == 0x00AD || c == 0xFE0E ||
            c == 0xFE0F || is_pictograph(c) || (c >= 0x1F3FB && c <= 0x1F3FF) || c < 0x20) {
            if (c == '\n' || c == '\t')
                nr_buf_putc(&b, ' ');
        } else if (c == 0x2212 || c == 0x2010 || c == 0x2011) {
            nr_buf_putc(&b, '-');
        } else if (c == 0xA0 || c == 0x2009 || c == 0x202F || c == 0x2007) {
            nr_buf_putc(&b, ' ');
        } else {
            nr_buf_append(&b, (const char *)nfc + i, (size_t)k);
        }
        i += (size_t)k;
    }
    free(nfc);
    char *out = nr_buf_take(&b);
    if (!out)
        return NULL;
    char *squeezed = nr_squeeze_spaces(out, strlen(out));
    free(out);
    return squeezed;
}

/* Text in a writing system the voice cannot read (Arabic, Hebrew, Han,
 * Cyrillic...) is not sent to it: espeak-ng would spell it out code
 * point by code point, a minute of noise for a line.  Each run of two or
 * more such letters (with the spaces and punctuation between them) is
 * replaced by a short notice from scripts.tsv, "teks beraksara Arab".
 * A lone letter (a Greek alpha in a formula) is left to the voice. */
typedef enum script_class { SC_OTHER, SC_OURS, SC_FOREIGN } script_class;

static script_class classify(ucs4_t c, const char **script) {
    *script = NULL;
    if (!uc_is_property_alphabetic(c))
        return SC_OTHER;
    const uc_script_t *sc = uc_script(c);
    if (!sc || strcmp(sc->name, "Latin") == 0 || strcmp(sc->name, "Common") == 0 ||
        strcmp(sc->name, "Inherited") == 0)
        return sc && strcmp(sc->name, "Latin") == 0 ? SC_OURS : SC_OTHER;
    *script = sc->name;
    return SC_FOREIGN;
}

static char *foreign_scripts(const nr_normalizer *z, char *in) {
    if (!in)
        return NULL;
    size_t n = strlen(in);
    const uint8_t *u = (const uint8_t *)in;
    nr_buf b = {0};
    size_t copied = 0;
    for (size_t i = 0; i < n;) {
        ucs4_t c;
        int k = u8_mbtouc(&c, u + i, n - i);
        const char *script;
        if (classify(c, &script) != SC_FOREIGN) {
            i += (size_t)(k > 0 ? k : 1);
            continue;
        }
        /* the run: up to the last foreign letter before a letter of ours */
        size_t start = i, end = i, letters = 0;
        const char *first = script;
        for (size_t j = i; j < n;) {
            ucs4_t d;
            int m = u8_mbtouc(&d, u + j, n - j);
            m = m > 0 ? m : 1;
            const char *sj;
            script_class cls = classify(d, &sj);
            if (cls == SC_OURS)
                break;
            if (cls == SC_FOREIGN || uc_is_general_category(d, UC_CATEGORY_M)) {
                letters += cls == SC_FOREIGN;
                end = j + (size_t)m;
            }
            j += (size_t)m;
        }
        if (letters < 2) {
            i = end;
            continue;
        }
        const nr_lex_entry *e = nr_lex_find(&z->scripts, first, strlen(first));
        if (!e)
            e = nr_lex_find(&z->scripts, "*", 1);
        nr_buf_append(&b, in + copied, start - copied);
        nr_buf_puts(&b, e ? e->value : "");
        copied = i = end;
    }
    if (copied == 0) {
        nr_buf_free(&b);
        return in;
    }
    nr_buf_puts(&b, in + copied);
    free(in);
    return nr_buf_take(&b);
}

/* ===== Step 2: line structure ========================================== */

/* "Beranda » Berita » Nasional" -> "Beranda, Berita, Nasional". */
/* The next SEP at or after P, or NULL.  A plain loop: the sanitizers'
 * strstr measures the whole rest of the string on every call, which made
 * a line of thousands of separators quadratic under ASan (fuzz_linear). */
static const char *next_sep(const char *p, const char *sep) {
    size_t n = strlen(sep);
    for (; *p; p++)
        if (*p == sep[0] && strncmp(p, sep, n) == 0)
            return p;
    return NULL;
}

static char *breadcrumbs(char *in) {
    static const char *const seps[] = {" » ", " › ", " > ", " / ", "»", "›"};
    size_t parts = 1;
    const char *sep = NULL;
    for (size_t k = 0; k < sizeof seps / sizeof seps[0] && !sep; k++)
        if (strstr(in, seps[k]))
            sep = seps[k];
    if (!sep)
        return in;
    for (const char *p = next_sep(in, sep); p; p = next_sep(p + 1, sep))
        parts++;
    /* Every part short and without sentence punctuation. */
    char *copy = nr_strdup(in);
    if (!copy)
        return in;
    bool ok = parts >= 2;
    for (char *p = copy; ok && p;) {
        char *next = (char *)next_sep(p, sep);
        if (next)
            *next = '\0';
        ok = nr_word_count(p) >= 1 && nr_word_count(p) <= 4 && !strpbrk(p, ".!?,;");
        p = next ? next + strlen(sep) : NULL;
    }
    free(copy);
    if (!ok)
        return in;
    nr_buf b = {0};
    for (const char *p = in;;) {
        const char *next = next_sep(p, sep);
        nr_buf_append(&b, p, next ? (size_t)(next - p) : strlen(p));
        while (b.len && b.data[b.len - 1] == ' ')
            b.len--;
        if (!next)
            break;
        nr_buf_puts(&b, ", ");
        p = next + strlen(sep);
        while (*p == ' ')
            p++;
    }
    free(in);
    return nr_buf_take(&b);
}

/* An all-capitals line (a heading): common words and pronounceable words
 * become lower case; acronyms stay for step 9. */
static char *caps_line(const nr_normalizer *z, char *in) {
    static const char *const common[] = {"DI", "KE", "DAN", "YANG", "INI", "ITU", "ADA", "DARI",
                                         "PADA", "UNTUK", "AKAN", "JADI", "BISA", "KINI", "USAI",
                                         "SAAT", "AGAR", "OLEH", "TAK", "PUN", "SE", "YA",
                                         "BAB"};
    size_t words = 0;
    for (const char *p = in; *p;) {
        while (*p && !((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
                       (unsigned char)*p >= 0x80))
            p++;
        const char *w = p;
        while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (unsigned char)*p >= 0x80)
            p++;
        if (p == w)
            continue;
        for (const char *q = w; q < p; q++)
            if (!(*q >= 'A' && *q <= 'Z'))
                return in;
        words++;
    }
    if (words < 2)
        return in;
    nr_buf b = {0};
    for (const char *p = in; *p;) {
        if (!(*p >= 'A' && *p <= 'Z')) {
            nr_buf_putc(&b, *p++);
            continue;
        }
        const char *w = p;
        while (*p >= 'A' && *p <= 'Z')
            p++;
        size_t n = (size_t)(p - w);
        bool is_common = false;
        for (size_t k = 0; k < sizeof common / sizeof common[0] && !is_common; k++)
            is_common = strlen(common[k]) == n && memcmp(common[k], w, n) == 0;
        if (is_common ||
            (n >= 4 && pronounceable(w, n) && !nr_lex_find(&z->acronyms, w, n)))
            lower_word(&b, w, n, false);
        else
            nr_buf_append(&b, w, n);
    }
    free(in);
    return nr_buf_take(&b);
}

/* ===== Step 3: URLs, e-mail, hashtags, mentions ======================== */

static void host(const nr_normalizer *z, nr_buf *b, const char *s, size_t n) {
    size_t i = 0;
    bool first = true;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != '.')
            j++;
        if (!first) {
            space(b);
            nr_buf_puts(b, "titik");
        }
        first = false;
        const char *w = s + i;
        size_t len = j - i;
        const nr_lex_entry *known = nr_lex_find(&z->domains, w, len);
        space(b);
        if (known)
            nr_buf_puts(b, known->value);
        /* Spelling a long name letter by letter helps nobody: long labels
         * are read as words even when they are not Indonesian. */
        else if (len <= 3 || (len <= 6 && !pronounceable(w, len)))
            spell(z, b, w, len);
        else
            lower_word(b, w, len, false);
        i = j + 1;
    }
}

/* A path made of words ("/anggaran", "/berita-terkini/ekonomi") is read;
 * one with numbers, file names or queries is a machine's and is not. */
static bool path_of_words(const char *s, size_t n) {
    size_t parts = 0, part = 0;
    for (size_t i = 1; i <= n; i++) {
        char c = i < n ? s[i] : '/';
        if (c == '/') {
            parts += part > 0;
            if (part > 24)
                return false;
            part = 0;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                   ((c == '-' || c == '_') && part > 0)) {
            part++;
        } else {
            return false;
        }
    }
    return parts > 0 && parts <= 3;
}

static bool url(const nr_normalizer *z, const match *m, nr_buf *out) {
    host(z, out, gs(m, 2), gl(m, 2));
    const char *p = gs(m, 3);
    size_t n = gl(m, 3);
    if (n && path_of_words(p, n))
        for (size_t i = 0; i < n; i++) {
            if (p[i] == '/') {
                if (i + 1 < n)
                    nr_buf_puts(out, " garis miring ");
            } else {
                char c = p[i] == '-' || p[i] == '_' ? ' ' : p[i];
                nr_buf_putc(out, c >= 'A' && c <= 'Z' ? (char)(c + 32) : c);
            }
        }
    return true;
}

/* A sign between values, in words from operators.tsv ("x < 5"); one that
 * may stand alone before a number ("<" in ">30 derajat") there too.
 * Anything else ("C++", "->", "<br>") is left to the symbol pass. */
static bool is_value_char(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           c >= 0x80 || c == ')' || c == '%';
}

static bool operator_words(const nr_normalizer *z, const match *m, nr_buf *out) {
    size_t start = m->ov[0], end = m->ov[1], len = strlen(m->s);
    const nr_lex_entry *e = nr_lex_find(&z->operators, gs(m, 1), gl(m, 1));
    if (!e)
        return false;
    size_t a = start, b = end;
    while (a > 0 && m->s[a - 1] == ' ')
        a--;
    while (b < len && m->s[b] == ' ')
        b++;
    unsigned char left = a > 0 ? (unsigned char)m->s[a - 1] : 0;
    unsigned char right = b < len ? (unsigned char)m->s[b] : 0;
    bool number_after = (right >= '0' && right <= '9') || right == '-' ||
                        (right == 'R' && b + 1 < len && m->s[b + 1] == 'p') || right == '$';
    bool value_after = right && right != ')' && right != '%' &&
                       (is_value_char(right) || right == '(' || number_after);
    bool binary = left && is_value_char(left) && value_after;
    bool before = e->flags && strstr(e->flags, "before") && number_after &&
                  (!left || left == '(' || a < start);
    if (!binary && !before)
        return false;
    if (left && left != '(')
        nr_buf_putc(out, ' ');
    nr_buf_puts(out, e->value);
    nr_buf_putc(out, ' ');
    return true;
}

static bool email(const nr_normalizer *z, const match *m, nr_buf *out) {
    const char *s = gs(m, 1);
    for (size_t i = 0; i < gl(m, 1); i++) {
        if (s[i] == '.')
            nr_buf_puts(out, " titik ");
        else if (s[i] == '_')
            nr_buf_puts(out, " garis bawah ");
        else if (s[i] == '-')
            nr_buf_puts(out, " strip ");
        else
            nr_buf_putc(out, s[i]);
    }
    nr_buf_puts(out, " et");
    host(z, out, gs(m, 2), gl(m, 2));
    return true;
}

/* "IndonesiaMaju2024" -> "Indonesia Maju 2024". */
static void split_camel(nr_buf *b, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        char c = s[i], p = i ? s[i - 1] : 0;
        bool boundary = i && ((p >= 'a' && p <= 'z' && c >= 'A' && c <= 'Z') ||
                              (((p | 0x20) >= 'a' && (p | 0x20) <= 'z') && c >= '0' && c <= '9'));
        if (c == '_') {
            nr_buf_putc(b, ' ');
            continue;
        }
        if (boundary)
            nr_buf_putc(b, ' ');
        nr_buf_putc(b, c);
    }
}

static bool hashtag(const nr_normalizer *z, const match *m, nr_buf *out) {
    nr_buf_puts(out, "tagar ");
    split_camel(out, gs(m, 1), gl(m, 1));
    return true;
}

static bool mention(const nr_normalizer *z, const match *m, nr_buf *out) {
    split_camel(out, gs(m, 1), gl(m, 1));
    return true;
}

/* ===== Step 4: spacing ================================================= */

static bool punct_space(const nr_normalizer *z, const match *m, nr_buf *out) {
    nr_buf_append(out, gs(m, 1), gl(m, 1));
    nr_buf_putc(out, ' ');
    return true;
}

/* ===== Step 5: abbreviations, degrees, initials ======================== */

static bool degree(const nr_normalizer *z, const match *m, nr_buf *out) {
    const char *s = gs(m, 1);
    size_t n = gl(m, 1);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && s[j] != '.')
            j++;
        bool vowel = false;
        for (size_t k = i; k < j; k++)
            vowel |= is_vowel(s[k]);
        space(out);
        if (j - i > 1 && vowel)
            lower_word(out, s + i, j - i, false);
        else
            spell(z, out, s + i, j - i);
        i = j + 1;
    }
    nr_buf_putc(out, '.');
    return true;
}

static bool initials(const nr_normalizer *z, const match *m, nr_buf *out) {
    if (nr_lex_find(&z->abbrev, gs(m, 1), gl(m, 1)))
        return false; /* K.H., H.: the table reads them */
    spell(z, out, gs(m, 1), gl(m, 1));
    return true;
}

bool nr_normalizer_is_abbreviation(const nr_normalizer *z, const char *word, size_t n,
                                   bool *capitalized) {
    *capitalized = n > 0 && word[0] >= 'A' && word[0] <= 'Z';
    return z && nr_lex_find(&z->abbrev, word, n) != NULL;
}

static bool is_word_byte(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           (unsigned char)c >= 0x80;
}

/* Whole-token lookups: abbreviations (exact case, trailing period part of
 * the key), loanwords (any case). */
/* The length of the code point at S if it is not a letter, a mark or a
 * digit (quote marks, guillemets, dashes outside ASCII); else 0. */
static size_t non_word_cp(const char *s, size_t n) {
    if ((unsigned char)s[0] < 0x80)
        return 0;
    ucs4_t c;
    int k = u8_mbtouc(&c, (const uint8_t *)s, n);
    if (k <= 0)
        return 0;
    return uc_is_alpha(c) || uc_is_digit(c) ||
                   uc_is_general_category(c, UC_CATEGORY_M)
               ? 0
               : (size_t)k;
}

static char *tokens(const nr_normalizer *z, char *in, const nr_lex *lex, bool with_dot) {
    nr_buf b = {0};
    size_t n = strlen(in);
    for (size_t i = 0; i < n;) {
        size_t punct = non_word_cp(in + i, n - i);
        if (punct) { /* "«Bappeda»": the word inside is looked up */
            nr_buf_append(&b, in + i, punct);
            i += punct;
            continue;
        }
        if (!is_word_byte(in[i]) && !(in[i] == '/' && i + 1 < n && in[i + 1] == 'd')) {
            nr_buf_putc(&b, in[i++]);
            continue;
        }
        size_t j = i;
        while (j < n && (is_word_byte(in[j]) || in[j] == '-' || in[j] == '/' ||
                         (with_dot && in[j] == '.' && j + 1 < n && is_word_byte(in[j + 1]))))
            j++;
        for (size_t k = i; k < j;) { /* the word ends at a quote mark */
            size_t p = non_word_cp(in + k, j - k);
            if (p) {
                j = k;
                break;
            }
            k++;
        }
        while (j > i && (in[j - 1] == '-' || in[j - 1] == '/'))
            j--;
        if (j == i)
            j = i + 1;
        size_t len = j - i;
        const nr_lex_entry *e = NULL;
        if (with_dot && j < n && in[j] == '.')
            e = nr_lex_find(lex, in + i, len + 1);
        if (e) {
            len++;
        } else {
            e = nr_lex_find(lex, in + i, len);
        }
        if (e && e->flags && strcmp(e->flags, "before-name") == 0) {
            /* Only before a capitalized word, and not after a name word. */
            size_t k = i + len;
            while (k < n && in[k] == ' ')
                k++;
            bool before_name = k < n && in[k] >= 'A' && in[k] <= 'Z';
            bool after_name = i >= 2 && in[i - 1] == ' ' && is_word_byte(in[i - 2]);
            if (!before_name || after_name)
                e = NULL;
        }
        if (e) {
            /* Keep a capital at the start of a sentence for loanwords. */
            nr_buf_puts(&b, e->value);
        } else {
            nr_buf_append(&b, in + i, len);
        }
        i += len;
    }
    free(in);
    return nr_buf_take(&b);
}

/* ===== Step 6: numbers ================================================= */

static bool phone(const nr_normalizer *z, const match *m, nr_buf *out) {
    size_t digits = 0;
    for (size_t i = 0; i < (size_t)(m->ov[1] - m->ov[0]); i++)
        digits += m->s[m->ov[0] + i] >= '0' && m->s[m->ov[0] + i] <= '9';
    if (digits < 9)
        return false;
    const char *s = m->s + m->ov[0];
    size_t n = m->ov[1] - m->ov[0];
    bool group_open = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '+') {
            space(out);
            nr_buf_puts(out, "plus");
        } else if (c >= '0' && c <= '9') {
            nr_digits(out, &c, 1);
            group_open = true;
        } else if (group_open && (c == ' ' || c == '-' || c == '.' || c == ')')) {
            nr_buf_putc(out, ',');
            group_open = false;
        }
    }
    return true;
}

static const nr_lex_entry *month_entry(const nr_normalizer *z, unsigned m) {
    char key[4];
    snprintf(key, sizeof key, "%u", m);
    return nr_lex_find(&z->months, key, strlen(key));
}

static const char *month_name(const nr_normalizer *z, unsigned m) {
    const nr_lex_entry *e = month_entry(z, m);
    return e ? e->value : NULL;
}

char *nr_date_display(const nr_normalizer *z, const char *iso) {
    unsigned y, m, d;
    if (!z || !iso || sscanf(iso, "%4u-%2u-%2u", &y, &m, &d) != 3 || d < 1 || d > 31)
        return NULL;
    const char *name = m >= 1 && m <= 12 ? month_name(z, m) : NULL;
    if (!name)
        return NULL;
    nr_buf b = {0};
    char num[16];
    snprintf(num, sizeof num, "%u ", d);
    nr_buf_puts(&b, num);
    nr_buf_append(&b, name, strcspn(name, "\t"));
    snprintf(num, sizeof num, " %u", y);
    nr_buf_puts(&b, num);
    return nr_buf_take(&b);
}

static bool date_words(const nr_normalizer *z, nr_buf *out, uint64_t d, uint64_t m, const match *mm,
                       int year_group) {
    const char *name = m >= 1 && m <= 12 ? month_name(z, (unsigned)m) : NULL;
    if (d < 1 || d > 31 || !name)
        return false;
    space(out);
    nr_cardinal(out, d);
    nr_buf_putc(out, ' ');
    /* The month list's value is "Name<TAB>abbr..." up to the tab. */
    nr_buf_puts(out, name);
    if (year_group) {
        nr_buf_putc(out, ' ');
        nr_cardinal(out, gnum(mm, year_group));
    }
    return true;
}

static bool date_dmy(const nr_normalizer *z, const match *m, nr_buf *out) {
    return date_words(z, out, gnum(m, 1), gnum(m, 3), m, 4);
}

static bool date_iso(const nr_normalizer *z, const match *m, nr_buf *out) {
    return date_words(z, out, gnum(m, 3), gnum(m, 2), m, 1);
}

static bool date_paren(const nr_normalizer *z, const match *m, nr_buf *out) {
    nr_buf_append(out, gs(m, 1), gl(m, 1));
    return date_words(z, out, gnum(m, 2), gnum(m, 3), m, 0);
}

static bool month_abbr(const nr_normalizer *z, const match *m, nr_buf *out) {
    for (unsigned k = 1; k <= 12; k++) {
        const nr_lex_entry *e = month_entry(z, k);
        if (!e)
            continue;
        for (const char *p = e->flags; p && *p;) {
            size_t len = strcspn(p, " ");
            if (len == gl(m, 1) && memcmp(p, gs(m, 1), len) == 0) {
                nr_buf_puts(out, e->value);
                return true;
            }
            p += len;
            while (*p == ' ')
                p++;
        }
    }
    return false;
}

static bool regulation(const nr_normalizer *z, const match *m, nr_buf *out) {
    nr_buf_append(out, gs(m, 1), gl(m, 1));
    nr_buf_putc(out, ' ');
    nr_cardinal(out, gnum(m, 2));
    nr_buf_puts(out, " tahun ");
    nr_cardinal(out, gnum(m, 3));
    return true;
}

static void zone(nr_buf *out, const char *z, size_t n) {
    space(out);
    if (n == 3 && memcmp(z, "WIB", 3) == 0)
        nr_buf_puts(out, "we i be");
    else if (n == 4 && memcmp(z, "WITA", 4) == 0)
        nr_buf_puts(out, "wita");
    else
        nr_buf_puts(out, "we i te");
}

static bool clock(nr_buf *out, uint64_t h, uint64_t mi, bool has_s, uint64_t s) {
    if (h > 24 || mi > 59 || s > 59)
        return false;
    space(out);
    nr_cardinal(out, h);
    if (mi) {
        nr_buf_puts(out, " lewat");
        nr_cardinal(out, mi);
        nr_buf_puts(out, " menit");
    }
    if (has_s && s) {
        nr_cardinal(out, s);
        nr_buf_puts(out, " detik");
    }
    return true;
}

static bool time_cued(const nr_normalizer *z, const match *m, nr_buf *out) {
    nr_buf piece = {0};
    nr_buf_append(&piece, gs(m, 1), gl(m, 1));
    bool ok = clock(&piece, gnum(m, 2), gnum(m, 3), has(m, 4), gnum(m, 4));
    if (ok && has(m, 5)) {
        nr_buf_puts(&piece, " sampai");
        ok = clock(&piece, gnum(m, 5), gnum(m, 6), false, 0);
    }
    if (ok && has(m, 7))
        zone(&piece, gs(m, 7), gl(m, 7));
    if (ok)
        nr_buf_add(out, &piece);
    nr_buf_free(&piece);
    return ok;
}

static bool time_range(const nr_normalizer *z, const match *m, nr_buf *out) {
    nr_buf_puts(out, "pukul");
    if (!clock(out, gnum(m, 1), gnum(m, 2), false, 0))
        return false;
    nr_buf_puts(out, " sampai");
    if (!clock(out, gnum(m, 3), gnum(m, 4), false, 0))
        return false;
    if (has(m, 5))
        zone(out, gs(m, 5), gl(m, 5));
    return true;
}

static bool time_zone(const nr_normalizer *z, const match *m, nr_buf *out) {
    nr_buf_puts(out, "pukul");
    if (!clock(out, gnum(m, 1), gnum(m, 2), has(m, 3), gnum(m, 3)))
        return false;
    zone(out, gs(m, 4), gl(m, 4));
    return true;
}

static bool time_colon(const nr_normalizer *z, const match *m, nr_buf *out) {
    /* "skor 2:1" is a score, not a time: one digit after the colon never
     * matches (two are required), so only check the preceding word. */
    size_t start = m->ov[0];
    if (start >= 5 && strncasecmp(m->s + start - 5, "skor ", 5) == 0)
        return false;
    bool cued = start >= 6 && (strncasecmp(m->s + start - 6, "pukul ", 6) == 0);
    cued |= start >= 4 && strncasecmp(m->s + start - 4, "jam ", 4) == 0;
    if (!cued)
        nr_buf_puts(out, "pukul");
    return clock(out, gnum(m, 1), gnum(m, 2), has(m, 3), gnum(m, 3));
}

static const char *scale_word(const char *s, size_t n) {
    static const char *const map[][2] = {{"ribu", "ribu"},       {"rb", "ribu"},
                                         {"juta", "juta"},       {"jt", "juta"},
                                         {"miliar", "miliar"},   {"milyar", "miliar"},
                                         {"M", "miliar"},        {"triliun", "triliun"},
                                         {"trilyun", "triliun"}, {"T", "triliun"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strlen(map[i][0]) == n && memcmp(map[i][0], s, n) == 0)
            return map[i][1];
    return NULL;
}

static void unit_after_per(const nr_normalizer *z, nr_buf *out, const char *u, size_t n) {
    const nr_lex_entry *e = nr_lex_find(&z->units, u, n);
    nr_buf_puts(out, " per ");
    if (e)
        nr_buf_puts(out, e->value);
    else
        nr_buf_append(out, u, n);
}

static bool currency_rp(const nr_normalizer *z, const match *m, nr_buf *out) {
    const char *s = gs(m, 1);
    size_t n = gl(m, 1);
    const char *comma = memchr(s, ',', n);
    const char *scale = has(m, 3) ? scale_word(gs(m, 3), gl(m, 3)) : NULL;
    size_t int_len = comma ? (size_t)(comma - s) : n;
    size_t dec_len = comma ? n - int_len - 1 : 0;
    bool zero_dec = comma && strspn(comma + 1, "0") >= dec_len;
    space(out);
    if (scale || !comma || zero_dec) {
        if (!nr_number(out, s, zero_dec ? int_len : n))
            return false;
    } else if (!nr_number(out, s, int_len)) {
        return false;
    }
    if (has(m, 2)) {
        /* A range: the currency is said once, at the end. */
        nr_buf_puts(out, " sampai ");
        if (!nr_number(out, gs(m, 2), gl(m, 2)))
            return false;
    }
    if (scale) {
        nr_buf_putc(out, ' ');
        nr_buf_puts(out, scale);
    }
    nr_buf_puts(out, " rupiah");
    if (!scale && comma && !zero_dec && dec_len == 2) {
        uint64_t sen = (uint64_t)(comma[1] - '0') * 10 + (uint64_t)(comma[2] - '0');
        nr_cardinal(out, sen);
        nr_buf_puts(out, " sen");
    } else if (!scale && comma && !zero_dec) {
        nr_buf_puts(out, " koma");
        nr_digits(out, comma + 1, dec_len);
    }
    if (has(m, 4))
        unit_after_per(z, out, gs(m, 4), gl(m, 4));
    return true;
}

static bool currency_fx(const nr_normalizer *z, const match *m, nr_buf *out) {
    static const char *const names[][2] = {
        {"US$", "dolar Amerika Serikat"}, {"USD", "dolar Amerika Serikat"},
        {"S$", "dolar Singapura"},        {"SGD", "dolar Singapura"},
        {"A$", "dolar Australia"},        {"AUD", "dolar Australia"},
        {"$", "dolar"},                   {"€", "euro"},
        {"EUR", "euro"},                  {"£", "paun sterling"},
        {"GBP", "paun sterling"},         {"¥", "yen"},
        {"JPY", "yen"},                   {"RM", "ringgit"},
        {"MYR", "ringgit"}};
    const char *name = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && !name; i++)
        if (geq(m, 1, names[i][0]))
            name = names[i][1];
    space(out);
    if (!name || !nr_number(out, gs(m, 2), gl(m, 2)))
        return false;
    if (has(m, 3)) {
        nr_buf_putc(out, ' ');
        nr_buf_append(out, gs(m, 3), gl(m, 3));
    }
    nr_buf_putc(out, ' ');
    nr_buf_puts(out, name);
    return true;
}

static bool range_num(const nr_normalizer *z, const match *m, nr_buf *out) {
    static const char *const score_words[] = {"skor ", "menang ", "kalah ", "unggul ",
                                              "imbang ", "takluk "};
    size_t start = m->ov[0];
    for (size_t i = 0; i < sizeof score_words / sizeof score_words[0]; i++) {
        size_t k = strlen(score_words[i]);
        if (start >= k && strncasecmp(m->s + start - k, score_words[i], k) == 0) {
            space(out);
            return nr_number(out, gs(m, 1), gl(m, 1)) && (nr_buf_putc(out, ' '), true);
        }
    }
    space(out);
    if (!nr_number(out, gs(m, 1), gl(m, 1)))
        return false;
    nr_buf_puts(out, " sampai ");
    return true;
}

static bool range_day(const nr_normalizer *z, const match *m, nr_buf *out) {
    nr_buf_append(out, gs(m, 1), gl(m, 1));
    nr_buf_puts(out, " sampai ");
    nr_buf_append(out, gs(m, 2), gl(m, 2));
    return true;
}

static bool number_or_fraction(nr_buf *out, const char *s, size_t n) {
    static const char *const fr[][2] = {
        {"½", "setengah"}, {"¼", "seperempat"}, {"¾", "tiga perempat"}, {"⅓", "sepertiga"}};
    for (size_t i = 0; i < 4; i++)
        if (strlen(fr[i][0]) == n && memcmp(fr[i][0], s, n) == 0) {
            space(out);
            nr_buf_puts(out, fr[i][1]);
            return true;
        }
    if (n && s[0] == '-') {
        space(out);
        nr_buf_puts(out, "minus");
        s++, n--;
    }
    space(out);
    return nr_number(out, s, n);
}

static bool unit(const nr_normalizer *z, const match *m, nr_buf *out) {
    const nr_lex_entry *e = nr_lex_find(&z->units, gs(m, 2), gl(m, 2));
    if (!e || !number_or_fraction(out, gs(m, 1), gl(m, 1)))
        return false;
    nr_buf_putc(out, ' ');
    nr_buf_puts(out, e->value);
    return true;
}

static bool ordinal(const nr_normalizer *z, const match *m, nr_buf *out) {
    uint64_t v;
    if (!nr_parse_grouped(gs(m, 2), gl(m, 2), &v))
        return false;
    nr_ordinal(out, v);
    return true;
}

static bool suffix_an(const nr_normalizer *z, const match *m, nr_buf *out) {
    uint64_t v;
    if (!nr_parse_grouped(gs(m, 1), gl(m, 1), &v))
        return false;
    space(out);
    nr_cardinal(out, v);
    nr_buf_puts(out, "an");
    return true;
}

static bool fraction(const nr_normalizer *z, const match *m, nr_buf *out) {
    uint64_t a = gnum(m, 1), b = gnum(m, 2);
    if (a >= b)
        return false;
    space(out);
    if (a > 1) {
        nr_cardinal(out, a);
        nr_buf_putc(out, ' ');
    }
    nr_buf_puts(out, a == 1 ? "se" : "");
    if (b == 2) {
        nr_buf_puts(out, a == 1 ? "tengah" : "perdua");
        return true;
    }
    nr_fused(out, "per", b);
    return true;
}

static bool plusminus(const nr_normalizer *z, const match *m, nr_buf *out) {
    nr_buf_puts(out, geq(m, 1, "~") ? "sekitar " : "kurang lebih ");
    return true;
}

static bool number(const nr_normalizer *z, const match *m, nr_buf *out) {
    const char *s = gs(m, 1);
    size_t n = gl(m, 1);
    space(out);
    if (nr_number(out, s, n))
        return true;
    /* "3.14", "2.0.1": digits with "titik", the meaning being unknown. */
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && s[j] != '.')
            j++;
        nr_digits(out, s + i, j - i);
        if (j < n)
            nr_buf_puts(out, " titik");
        i = j + 1;
    }
    return true;
}

/* ===== Step 7: Roman numerals ========================================== */

static unsigned roman_value(const char *s, size_t n) {
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned x = s[i] == 'X' ? 10 : s[i] == 'V' ? 5 : 1;
        unsigned next = i + 1 < n ? (s[i + 1] == 'X' ? 10 : s[i + 1] == 'V' ? 5 : 1) : 0;
        v = x < next ? v - x : v + x;
    }
    return v;
}

static bool roman(const nr_normalizer *z, const match *m, nr_buf *out) {
    static const char *const nouns[] = {"bab", "pasal", "jilid", "kelas", "lantai", "kodam",
                                        "pangdam", "golongan", "gol.", "tahap", "gelombang",
                                        "sesi", "babak", "seri", "kuartal", "triwulan",
                                        "semester", "tingkat", "dati"};
    size_t n = gl(m, 1), start = m->ov[0];
    if (!n)
        return false;
    /* The word before. */
    size_t e = start;
    while (e > 0 && m->s[e - 1] == ' ')
        e--;
    size_t b = e;
    while (b > 0 && m->s[b - 1] != ' ')
        b--;
    const char *prev = m->s + b;
    size_t plen = e - b;
    bool noun = false;
    for (size_t i = 0; i < sizeof nouns / sizeof nouns[0] && !noun; i++)
        noun = strlen(nouns[i]) == plen && strncasecmp(prev, nouns[i], plen) == 0;
    bool abad = plen == 4 && strncasecmp(prev, "abad", 4) == 0;
    bool capital = plen > 1 && prev[0] >= 'A' && prev[0] <= 'Z' && prev[1] >= 'a' &&
                   prev[1] <= 'z' && e == start - 1;
    unsigned v = roman_value(gs(m, 1), n);
    if (noun) {
        space(out);
        nr_cardinal(out, v);
        return true;
    }
    if (abad || capital) {
        space(out);
        if (v == 1) {
            nr_buf_puts(out, capital && !abad ? "Pertama" : "pertama");
            return true;
        }
        size_t at = out->len;
        nr_ordinal(out, v);
        if (capital && !abad) {
            size_t k = at;
            while (k < out->len && out->data[k] == ' ')
                k++;
            if (k < out->len && out->data[k] >= 'a' && out->data[k] <= 'z')
                out->data[k] = (char)(out->data[k] - 'a' + 'A');
        }
        return true;
    }
    /* "IV. Judul" opening a line numbers a section. */
    bool marker = start == 0 && m->s[m->ov[1]] == '.' && m->s[m->ov[1] + 1] == ' ';
    if (n == 1 && !marker)
        return false; /* a lone I, V or X elsewhere is a letter */
    space(out);
    nr_cardinal(out, v);
    return true;
}

/* ===== Steps 8 and 9: alphanumerics and acronyms ======================= */

static bool alnum(const nr_normalizer *z, const match *m, nr_buf *out) {
    int letters = has(m, 1) ? 1 : 4, digits = has(m, 1) ? 2 : 3;
    space(out);
    if (has(m, 1)) {
        if (!acronym(z, out, gs(m, letters), gl(m, letters))) {
            const nr_lex_entry *e = nr_lex_find(&z->loanwords, gs(m, letters), gl(m, letters));
            if (e)
                nr_buf_puts(out, e->value);
            else if (gl(m, letters) <= 2)
                spell(z, out, gs(m, letters), gl(m, letters));
            else
                nr_buf_append(out, gs(m, letters), gl(m, letters));
        }
        nr_number(out, gs(m, digits), gl(m, digits));
    } else {
        nr_number(out, gs(m, digits), gl(m, digits));
        space(out);
        if (!acronym(z, out, gs(m, letters), gl(m, letters)))
            spell(z, out, gs(m, letters), gl(m, letters));
    }
    return true;
}

static bool hminus(const nr_normalizer *z, const match *m, nr_buf *out) {
    spell(z, out, gs(m, 1), 1);
    nr_buf_puts(out, geq(m, 2, "+") ? " plus" : " min");
    nr_cardinal(out, gnum(m, 3));
    return true;
}

/* A lexicon entry may give espeak-ng phonemes, "[[b@las]]": the length of
 * such a span at S, kept as it is by the later passes; 0 if none. */
static size_t phonemes_at(const char *s) {
    if (s[0] != '[' || s[1] != '[' || s[2] == '[') /* "[[[x]]]": the first is a bracket */
        return 0;
    const char *end = strstr(s + 2, "]]");
    return end && !memchr(s + 2, ' ', (size_t)(end - s - 2)) ? (size_t)(end - s) + 2 : 0;
}

static char *acronyms(const nr_normalizer *z, char *in) {
    nr_buf b = {0};
    size_t n = strlen(in);
    for (size_t i = 0; i < n;) {
        char c = in[i];
        bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        size_t ph = phonemes_at(in + i);
        if (ph) {
            nr_buf_append(&b, in + i, ph);
            i += ph;
            continue;
        }
        if (!letter || (i && is_word_byte(in[i - 1]))) {
            nr_buf_putc(&b, in[i++]);
            continue;
        }
        size_t j = i;
        while (j < n && is_word_byte(in[j]))
            j++;
        if (!acronym(z, &b, in + i, j - i))
            nr_buf_append(&b, in + i, j - i);
        i = j;
    }
    free(in);
    return nr_buf_take(&b);
}

/* ===== Steps 10 to 12 ================================================== */

static bool word2(const nr_normalizer *z, const match *m, nr_buf *out) {
    nr_buf_append(out, gs(m, 1), gl(m, 1));
    nr_buf_putc(out, '-');
    lower_word(out, gs(m, 1), gl(m, 1), false);
    return true;
}

static char *symbols(char *in) {
    nr_buf b = {0};
    size_t n = strlen(in);
    for (size_t i = 0; i < n; i++) {
        char c = in[i];
        size_t ph = phonemes_at(in + i);
        if (ph) {
            nr_buf_append(&b, in + i, ph);
            i += ph - 1;
            continue;
        }
        if (c == '&') {
            nr_buf_puts(&b, " dan ");
        } else if (c == '/') {
            nr_buf_putc(&b, ' ');
        } else if (strchr("*#|~^_<>=+@\\{}[]$%", c)) {
            nr_buf_putc(&b, ' ');
        } else if (c >= '0' && c <= '9') {
            nr_digits(&b, &c, 1); /* a digit nothing else read: say it */
            nr_buf_putc(&b, ' ');
        } else if ((unsigned char)c == 0xC2 && i + 1 < n &&
                   ((unsigned char)in[i + 1] == 0xB0 || (unsigned char)in[i + 1] == 0xA7 ||
                    (unsigned char)in[i + 1] == 0xB1)) {
            nr_buf_putc(&b, ' '); /* ° § ± left over */
            i++;
        } else {
            nr_buf_putc(&b, c);
        }
    }
    free(in);
    char *out = nr_buf_take(&b);
    char *sq = out ? nr_squeeze_spaces(out, strlen(out)) : NULL;
    free(out);
    return sq;
}

/* ===== The pipeline ==================================================== */

/* S when it is valid UTF-8 (else freed: NULL), for the passes that do not
 * go through replace_by, which may take words from the user's lexicon. */
static char *checked_utf8(char *s) {
    if (s && u8_check((const uint8_t *)s, strlen(s))) {
        free(s);
        return NULL;
    }
    return s;
}

char *nr_normalize(const nr_normalizer *z, const char *text) {
    char *s = checked_utf8(foreign_scripts(z, clean_chars(text)));
    if (!s)
        return NULL;
    s = replace_with(z, RX_BULLET, s, "");
    s = replace_with(z, RX_CITATION, s, "");
    if (s)
        s = checked_utf8(breadcrumbs(s));
    if (s)
        s = checked_utf8(caps_line(z, s));
    s = replace(z, RX_EMAIL, s, email);
    s = replace(z, RX_URL, s, url);
    s = replace(z, RX_HASHTAG, s, hashtag);
    s = replace(z, RX_MENTION, s, mention);
    s = replace(z, RX_SPACE_PUNCT, s, punct_space);
    s = replace_with(z, RX_SPACE_DOT, s, ". ");
    s = replace(z, RX_DEGREE, s, degree);
    s = replace(z, RX_INITIALS, s, initials);
    if (s)
        s = checked_utf8(tokens(z, s, &z->abbrev, true));
    s = replace(z, RX_PHONE, s, phone);
    s = replace(z, RX_DATE_DMY, s, date_dmy);
    s = replace(z, RX_DATE_ISO, s, date_iso);
    s = replace(z, RX_DATE_PAREN, s, date_paren);
    s = replace(z, RX_MONTH_ABBR, s, month_abbr);
    s = replace(z, RX_REGULATION, s, regulation);
    s = replace(z, RX_TIME_CUED, s, time_cued);
    s = replace(z, RX_TIME_RANGE, s, time_range);
    s = replace(z, RX_TIME_ZONE, s, time_zone);
    s = replace(z, RX_TIME_COLON, s, time_colon);
    s = replace(z, RX_PLUSMINUS, s, plusminus);
    s = replace(z, RX_CURRENCY_RP, s, currency_rp);
    s = replace(z, RX_CURRENCY_FX, s, currency_fx);
    s = replace_with(z, RX_SLASH_NUM, s, " ");
    s = replace(z, RX_RANGE_NUM, s, range_num);
    s = replace(z, RX_RANGE_DAY, s, range_day);
    s = replace(z, RX_UNIT, s, unit);
    s = replace(z, RX_ORDINAL, s, ordinal);
    s = replace(z, RX_SUFFIX_AN, s, suffix_an);
    s = replace(z, RX_FRACTION, s, fraction);
    s = replace_with(z, RX_TIMES, s, " kali ");
    s = replace(z, RX_OPERATOR, s, operator_words);
    s = replace(z, RX_HMINUS, s, hminus);
    s = replace_with(z, RX_MINUS, s, "minus ");
    s = replace(z, RX_WORD2, s, word2);
    s = replace(z, RX_ALNUM, s, alnum);
    s = replace(z, RX_NUMBER, s, number);
    s = replace(z, RX_ROMAN, s, roman);
    if (s)
        s = checked_utf8(tokens(z, s, &z->loanwords, false));
    if (s)
        s = checked_utf8(acronyms(z, s));
    s = replace_with(z, RX_DASH_WORDS, s, ", ");
    if (s)
        s = symbols(s);
    return s;
}

/* ===== Set-up ========================================================== */

static int longest_first(const void *a, const void *b) {
    size_t x = strlen(((const nr_lex_entry *)a)->key), y = strlen(((const nr_lex_entry *)b)->key);
    return x < y ? 1 : x > y ? -1 : 0;
}

static tutur_status compile(tutur_ctx *ctx, nr_normalizer *z, int i, const char *pattern) {
    int err;
    PCRE2_SIZE off;
    z->rx[i] = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                             PCRE2_UTF | PCRE2_UCP | PCRE2_MULTILINE, &err, &off, NULL);
    if (!z->rx[i]) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(err, msg, sizeof msg);
        return nr_fail(ctx, TUTUR_E_CONFIG, "normalizer pattern %d at %zu: %s", i, (size_t)off,
                       (const char *)msg);
    }
    pcre2_jit_compile(z->rx[i], PCRE2_JIT_COMPLETE); /* faster when available */
    return TUTUR_OK;
}

static void append_escaped(nr_buf *b, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (strchr("\\^$.|?*+()[]{}/", s[i]))
            nr_buf_putc(b, '\\');
        nr_buf_putc(b, s[i]);
    }
}

/* Month patterns from months.tsv: other spellings after a day number
 * ("17 Agt 1945"), and ranges of days or months ("Senin–Jumat"). */
static tutur_status compile_months(tutur_ctx *ctx, nr_normalizer *z) {
    nr_buf names = {0}, others = {0};
    for (size_t i = 0; i < z->months.n; i++) {
        const nr_lex_entry *e = &z->months.items[i];
        nr_buf_putc(&names, '|');
        append_escaped(&names, e->value, strlen(e->value));
        for (const char *p = e->flags; p && *p;) {
            size_t len = strcspn(p, " ");
            if (len) {
                if (others.len)
                    nr_buf_putc(&others, '|');
                append_escaped(&others, p, len);
            }
            p += len;
            while (*p == ' ')
                p++;
        }
    }
    nr_buf b = {0};
    tutur_status st = TUTUR_OK;
    if (others.len) {
        nr_buf_puts(&b, "(?<=\\d\\s)(");
        nr_buf_puts(&b, nr_buf_cstr(&others));
        nr_buf_puts(&b, ")\\.?(?=\\s+\\d{4}|\\s|$)");
        st = compile(ctx, z, RX_MONTH_ABBR, nr_buf_cstr(&b));
        b.len = 0;
    }
    if (st == TUTUR_OK) {
        const char *alt = nr_buf_cstr(&names);
        nr_buf_puts(&b, "\\b(" DAYS);
        nr_buf_puts(&b, alt);
        nr_buf_puts(&b, ")\\s?[–—-]\\s?(" DAYS);
        nr_buf_puts(&b, alt);
        nr_buf_puts(&b, ")\\b");
        st = compile(ctx, z, RX_RANGE_DAY, nr_buf_cstr(&b));
    }
    nr_buf_free(&b);
    nr_buf_free(&names);
    nr_buf_free(&others);
    return st;
}

/* The unit pattern, from units.tsv: number, optional space, a unit that is
 * not followed by a letter or digit.  Longest units first. */
static tutur_status compile_units(tutur_ctx *ctx, nr_normalizer *z) {
    if (!z->units.n)
        return TUTUR_OK;
    nr_lex_entry *sorted = malloc(z->units.n * sizeof *sorted);
    if (!sorted)
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    memcpy(sorted, z->units.items, z->units.n * sizeof *sorted);
    qsort(sorted, z->units.n, sizeof *sorted, longest_first);
    nr_buf b = {0};
    nr_buf_puts(&b, "(?<![\\p{L}\\p{N}.,])(-?(?:" NUM ")|[½¼¾⅓])\\s?(");
    for (size_t i = 0; i < z->units.n; i++) {
        if (i)
            nr_buf_putc(&b, '|');
        append_escaped(&b, sorted[i].key, strlen(sorted[i].key));
    }
    nr_buf_puts(&b, ")(?![\\p{L}\\p{N}])");
    free(sorted);
    tutur_status st = compile(ctx, z, RX_UNIT, nr_buf_cstr(&b));
    nr_buf_free(&b);
    return st;
}

static int longer_key_first(const void *a, const void *b) {
    size_t x = strlen(*(char *const *)a), y = strlen(*(char *const *)b);
    return x < y ? 1 : x > y ? -1 : 0;
}

/* "a|b|c" of the keys of LEX (those whose flags hold FLAG, when given),
 * escaped, longest first so that "<=" wins over "<". */
static void alternation(nr_buf *b, const nr_lex *lex, const char *flag) {
    const char **keys = malloc((lex->n ? lex->n : 1) * sizeof *keys);
    size_t n = 0;
    for (size_t i = 0; keys && i < lex->n; i++)
        if (!flag || (lex->items[i].flags && strstr(lex->items[i].flags, flag)))
            keys[n++] = lex->items[i].key;
    if (keys)
        qsort(keys, n, sizeof *keys, longer_key_first);
    for (size_t i = 0; keys && i < n; i++) {
        if (i)
            nr_buf_putc(b, '|');
        append_escaped(b, keys[i], strlen(keys[i]));
    }
    free(keys);
}

/* Web addresses (the endings in domains.tsv) and signs (operators.tsv).
 * An address with its scheme or "www." needs no known ending. */
static tutur_status compile_lists(tutur_ctx *ctx, nr_normalizer *z) {
    nr_buf b = {0};
    tutur_status st = TUTUR_OK;
    nr_buf_puts(&b, "(?i)(?|\\b(https?://)((?:[a-z0-9-]+\\.)+[a-z][a-z0-9-]*)"
                    "|(?<![\\p{L}\\p{N}@.-])()(www\\.(?:[a-z0-9-]+\\.)*[a-z][a-z0-9-]*)"
                    "|(?<![\\p{L}\\p{N}@.-])()((?:[a-z0-9-]+\\.)+(?:");
    alternation(&b, &z->domains, "ending");
    nr_buf_puts(&b, ")))(?![\\p{L}\\p{N}-])(/[^\\s]*[^\\s.,;:!?)\"”])?");
    if (z->domains.n)
        st = compile(ctx, z, RX_URL, nr_buf_cstr(&b));
    b.len = 0;
    if (st == TUTUR_OK && z->operators.n) {
        nr_buf_puts(&b, " *(");
        alternation(&b, &z->operators, NULL);
        nr_buf_puts(&b, ") *");
        st = compile(ctx, z, RX_OPERATOR, nr_buf_cstr(&b));
    }
    nr_buf_free(&b);
    return st;
}

tutur_status nr_normalizer_create(tutur_ctx *ctx, const char *lang_dir, nr_normalizer **out) {
    *out = NULL;
    nr_normalizer *z = calloc(1, sizeof *z);
    if (!z)
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    struct {
        nr_lex *lex;
        const char *file;
        bool fold;
    } lists[] = {{&z->abbrev, "abbreviations.tsv", false}, {&z->acronyms, "acronym-words.tsv", false},
                 {&z->loanwords, "loanwords.tsv", true},   {&z->units, "units.tsv", false},
                 {&z->letters, "letters.tsv", false},      {&z->months, "months.tsv", false},
                 {&z->domains, "domains.tsv", true},       {&z->operators, "operators.tsv", false},
                 {&z->scripts, "scripts.tsv", false}};
    tutur_status st = TUTUR_OK;
    for (size_t i = 0; i < sizeof lists / sizeof lists[0] && st == TUTUR_OK && lang_dir; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", lang_dir, lists[i].file);
        st = nr_lex_load(ctx, lists[i].lex, path, lists[i].fold);
    }
    for (int i = 0; i < RX_COUNT && st == TUTUR_OK; i++)
        if (patterns[i])
            st = compile(ctx, z, i, patterns[i]);
    if (st == TUTUR_OK)
        st = compile_units(ctx, z);
    if (st == TUTUR_OK)
        st = compile_months(ctx, z);
    if (st == TUTUR_OK)
        st = compile_lists(ctx, z);
    if (st != TUTUR_OK) {
        nr_normalizer_destroy(z);
        return st;
    }
    *out = z;
    return TUTUR_OK;
}

/* An entry's spoken form in IPA between slashes ("/bapeda/"), as a
 * dictionary prints it, becomes espeak-ng's phonemes, "[[b'apeda]]". */
static tutur_status ipa_entry(tutur_ctx *ctx, const char *path, nr_lex_entry *e) {
    size_t n = strlen(e->value);
    if (n < 3 || e->value[0] != '/' || e->value[n - 1] != '/')
        return TUTUR_OK;
    char *phonemes = nr_ipa_to_espeak(e->value);
    if (!phonemes)
        return nr_fail(ctx, TUTUR_E_CONFIG,
                       "%s: '%s': %s holds a sound espeak-ng has no phoneme for "
                       "(see README, 'Pronunciation')", path, e->key, e->value);
    size_t m = strlen(phonemes);
    char *spoken = malloc(m + 5);
    if (!spoken) {
        free(phonemes);
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    }
    snprintf(spoken, m + 5, "[[%s]]", phonemes);
    free(phonemes);
    free(e->value);
    e->value = spoken;
    return TUTUR_OK;
}

tutur_status nr_normalizer_add_lexicon(tutur_ctx *ctx, nr_normalizer *z, const char *path) {
    /* A user's entries override: abbreviations and respellings alike. */
    size_t before = z->loanwords.n;
    FILE *f; /* a user's lexicon must exist: a mistyped name is not an empty list */
    tutur_status st = nr_open_config(ctx, path, "lexicon", false, &f);
    if (st != TUTUR_OK)
        return st;
    st = nr_lex_read(ctx, &z->loanwords, f, path, true); /* the file checked is the file read */
    for (size_t i = 0; st == TUTUR_OK && i < z->loanwords.n; i++)
        if (z->loanwords.items[i].order >= before)
            st = ipa_entry(ctx, path, &z->loanwords.items[i]);
    return st;
}

void nr_normalizer_destroy(nr_normalizer *z) {
    if (!z)
        return;
    for (int i = 0; i < RX_COUNT; i++)
        pcre2_code_free(z->rx[i]);
    nr_lex_free(&z->abbrev);
    nr_lex_free(&z->acronyms);
    nr_lex_free(&z->loanwords);
    nr_lex_free(&z->units);
    nr_lex_free(&z->letters);
    nr_lex_free(&z->months);
    nr_lex_free(&z->domains);
    nr_lex_free(&z->operators);
    nr_lex_free(&z->scripts);
    free(z);
}
