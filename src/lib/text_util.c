/* text_util.c: small Unicode-aware text helpers.  They use libunistring
 * rather than <ctype.h>, so they do not depend on the process locale (which
 * espeak-ng changes). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unistr.h>

#include "internal.h"

/* Decodes one code point; invalid bytes decode as U+FFFD and advance 1. */
static size_t next_char(const char *s, size_t n, uint32_t *c) {
    ucs4_t uc;
    int k = u8_mbtouc(&uc, (const uint8_t *)s, n);
    *c = uc;
    return k > 0 ? (size_t)k : 1;
}

static bool is_space(uint32_t c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
           uc_is_property_white_space(c) || c == 0x200B || c == 0xFEFF;
}

bool nr_is_upper(uint32_t c) { return uc_is_upper(c); }
bool nr_is_lower(uint32_t c) { return uc_is_lower(c); }
bool nr_is_letter(uint32_t c) { return uc_is_alpha(c); }

char *nr_squeeze_spaces(const char *s, size_t n) {
    nr_buf b = {0};
    bool pending = false;
    size_t i = 0;
    if (!nr_buf_reserve(&b, n))
        return NULL;
    while (i < n) {
        uint32_t c;
        size_t k = next_char(s + i, n - i, &c);
        if (is_space(c)) {
            pending = b.len > 0;
        } else {
            if (pending)
                nr_buf_putc(&b, ' ');
            pending = false;
            nr_buf_append(&b, s + i, k);
        }
        i += k;
    }
    return nr_buf_take(&b);
}

size_t nr_word_count(const char *s) {
    size_t words = 0, n = strlen(s), i = 0;
    bool in_word = false;
    while (i < n) {
        uint32_t c;
        i += next_char(s + i, n - i, &c);
        if (is_space(c)) {
            in_word = false;
        } else if (!in_word) {
            in_word = true;
            words++;
        }
    }
    return words;
}

void nr_letter_counts(const char *s, size_t *letters, size_t *upper) {
    size_t n = strlen(s), i = 0;
    *letters = *upper = 0;
    while (i < n) {
        uint32_t c;
        i += next_char(s + i, n - i, &c);
        if (uc_is_alpha(c)) {
            (*letters)++;
            if (uc_is_upper(c))
                (*upper)++;
        }
    }
}

uint32_t nr_first_char(const char *s) {
    uint32_t c = 0;
    if (*s)
        next_char(s, strlen(s), &c);
    return c;
}

uint32_t nr_last_char(const char *s) {
    size_t n = strlen(s);
    if (!n)
        return 0;
    const uint8_t *start = (const uint8_t *)s;
    ucs4_t c;
    return u8_prev(&c, start + n, start) ? c : (uint8_t)s[n - 1];
}

char *tutur_slugify(const char *s) {
    nr_buf b = {0};
    bool dash = false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (dash && b.len)
                nr_buf_putc(&b, '-');
            dash = false;
            nr_buf_putc(&b, (char)c);
        } else if (c < 0x80 || (c & 0xC0) == 0xC0) {
            /* ASCII punctuation or the first byte of a non-ASCII character
             * separates words; continuation bytes are skipped. */
            dash = true;
        }
        if (b.len >= 80)
            break;
    }
    if (!b.len)
        nr_buf_puts(&b, "article");
    return nr_buf_take(&b);
}

bool nr_inner_sentence_end(const char *s) {
    for (const char *p = strpbrk(s, ".!?"); p; p = strpbrk(p + 1, ".!?")) {
        if (p[1] != ' ' || !p[2])
            continue;
        /* the word before: three letters or more, not an abbreviation */
        const char *w = p;
        size_t letters = 0, lower = 0;
        while (w > s && w[-1] != ' ') {
            w--;
            unsigned char c = (unsigned char)*w;
            letters += (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80 ||
                       (c >= '0' && c <= '9');
            lower += (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        }
        uint32_t next = nr_first_char(p + 2);
        if (letters >= 3 && lower && (nr_is_upper(next) || next == '(' || next == '"' ||
                                      next == 0x201C))
            return true;
    }
    return false;
}

int nr_excerpt(const char *s) {
    size_t n = strlen(s);
    if (n <= 70)
        return (int)n;
    n = 70;
    while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return (int)n;
}

bool nr_parse_decimal(const char *s, double *out) {
    double v = 0, scale = 1;
    bool neg = *s == '-', digits = false, point = false;
    if (*s == '-' || *s == '+')
        s++;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9') {
            digits = true;
            if (point)
                v += (*s - '0') * (scale /= 10);
            else
                v = v * 10 + (*s - '0');
        } else if (*s == '.' && !point) {
            point = true;
        } else {
            return false;
        }
    }
    *out = neg ? -v : v;
    return digits;
}

char *nr_iso_datetime(const char *s) {
    if (!s)
        return NULL;
    while (*s == ' ')
        s++;
    int y, mo, d, h, mi, sec = 0, n = 0;
    char sep;
    if (sscanf(s, "%4d-%2d-%2d%c%2d:%2d%n", &y, &mo, &d, &sep, &h, &mi, &n) != 6 ||
        (sep != 'T' && sep != ' ') || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59)
        return NULL;
    const char *p = s + n;
    if (*p == ':') {
        int k = 0;
        if (sscanf(p, ":%2d%n", &sec, &k) != 1 || sec > 60)
            return NULL;
        p += k;
        if (*p == '.' || *p == ',')
            for (p++; *p >= '0' && *p <= '9'; p++) {
            }
    }
    while (*p == ' ')
        p++;
    char zone[16];
    if (*p == 'Z' || *p == 'z') {
        snprintf(zone, sizeof zone, "+00:00");
    } else if (*p == '+' || *p == '-') {
        int zh, zm = 0;
        if (strlen(p) >= 5 && p[3] == ':' ? sscanf(p + 1, "%2d:%2d", &zh, &zm) != 2
                                          : sscanf(p + 1, "%2d%2d", &zh, &zm) < 1)
            return NULL;
        if (zh < 0 || zh > 14 || zm < 0 || zm > 59)
            return NULL;
        snprintf(zone, sizeof zone, "%c%02d:%02d", *p, zh, zm);
    } else {
        return NULL; /* a time without a zone: which day it was is unsure */
    }
    char *out = malloc(96);
    if (out)
        snprintf(out, 96, "%04d-%02d-%02dT%02d:%02d:%02d%s", y, mo, d, h, mi, sec, zone);
    return out;
}

bool nr_is_web_url(const char *s) {
    return s && (strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0) &&
           !strpbrk(s, " \t\n\"<>");
}

bool nr_has_latin_letter(const char *s) {
    const uint8_t *u = (const uint8_t *)s;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        ucs4_t c;
        int k = u8_mbtouc(&c, u + i, n - i);
        const uc_script_t *sc = uc_is_property_alphabetic(c) ? uc_script(c) : NULL;
        if (sc && strcmp(sc->name, "Latin") == 0)
            return true;
        i += (size_t)(k > 0 ? k : 1);
    }
    return false;
}
