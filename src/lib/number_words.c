/* number_words.c: see number_words.h.  Short scale: ribu 10^3, juta 10^6,
 * miliar 10^9, triliun 10^12; "satu juta", not "sejuta" (normalize-id.md). */
#include <string.h>

#include "number_words.h"

static const char *const ones[] = {"nol",   "satu",  "dua",     "tiga",    "empat",
                                   "lima",  "enam",  "tujuh",   "delapan", "sembilan"};

static void sep(nr_buf *b) {
    if (b->len && b->data[b->len - 1] != ' ' && b->data[b->len - 1] != '-')
        nr_buf_putc(b, ' ');
}

static void below_thousand(nr_buf *b, unsigned n) {
    unsigned h = n / 100, r = n % 100;
    if (h) {
        sep(b);
        if (h == 1)
            nr_buf_puts(b, "seratus");
        else {
            nr_buf_puts(b, ones[h]);
            nr_buf_puts(b, " ratus");
        }
    }
    if (!r)
        return;
    sep(b);
    if (r < 10)
        nr_buf_puts(b, ones[r]);
    else if (r == 10)
        nr_buf_puts(b, "sepuluh");
    else if (r == 11)
        nr_buf_puts(b, "sebelas");
    else if (r < 20) {
        nr_buf_puts(b, ones[r - 10]);
        nr_buf_puts(b, " belas");
    } else {
        nr_buf_puts(b, ones[r / 10]);
        nr_buf_puts(b, " puluh");
        if (r % 10) {
            nr_buf_putc(b, ' ');
            nr_buf_puts(b, ones[r % 10]);
        }
    }
}

void nr_cardinal(nr_buf *b, uint64_t n) {
    static const struct {
        uint64_t scale;
        const char *word;
    } scales[] = {{1000000000000000ull, "biliar"}, {1000000000000ull, "triliun"},
                  {1000000000ull, "miliar"},       {1000000ull, "juta"}};
    if (n == 0) {
        sep(b);
        nr_buf_puts(b, "nol");
        return;
    }
    for (size_t i = 0; i < sizeof scales / sizeof scales[0]; i++) {
        if (n >= scales[i].scale) {
            nr_cardinal(b, n / scales[i].scale);
            nr_buf_putc(b, ' ');
            nr_buf_puts(b, scales[i].word);
            n %= scales[i].scale;
            if (!n)
                return;
        }
    }
    if (n >= 1000) {
        unsigned t = (unsigned)(n / 1000);
        sep(b);
        if (t == 1)
            nr_buf_puts(b, "seribu");
        else {
            below_thousand(b, t);
            nr_buf_puts(b, " ribu");
        }
        n %= 1000;
    }
    if (n)
        below_thousand(b, (unsigned)n);
}

void nr_digits(nr_buf *b, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (s[i] >= '0' && s[i] <= '9') {
            sep(b);
            nr_buf_puts(b, ones[s[i] - '0']);
        }
}

bool nr_parse_grouped(const char *s, size_t n, uint64_t *v) {
    uint64_t x = 0;
    size_t digits_in_group = 0, groups = 0;
    bool dotted = memchr(s, '.', n) != NULL;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.') {
            if ((groups == 0 && (digits_in_group == 0 || digits_in_group > 3)) ||
                (groups > 0 && digits_in_group != 3))
                return false;
            groups++;
            digits_in_group = 0;
            continue;
        }
        if (s[i] < '0' || s[i] > '9' || x > 1844674407370955ull)
            return false;
        x = x * 10 + (uint64_t)(s[i] - '0');
        digits_in_group++;
    }
    if (!digits_in_group || (dotted && digits_in_group != 3))
        return false;
    *v = x;
    return true;
}

bool nr_number(nr_buf *b, const char *s, size_t n) {
    const char *comma = memchr(s, ',', n);
    size_t int_len = comma ? (size_t)(comma - s) : n;
    uint64_t v;
    if (!nr_parse_grouped(s, int_len, &v))
        return false;
    if (int_len > 1 && s[0] == '0' && !memchr(s, '.', int_len))
        nr_digits(b, s, int_len); /* "05", "007": read as written */
    else
        nr_cardinal(b, v);
    if (comma && comma + 1 < s + n) {
        sep(b);
        nr_buf_puts(b, "koma");
        nr_digits(b, comma + 1, (size_t)(s + n - comma - 1));
    }
    return true;
}

void nr_fused(nr_buf *b, const char *prefix, uint64_t n) {
    nr_buf_puts(b, prefix);
    size_t at = b->len;
    nr_cardinal(b, n);
    /* nr_cardinal put a space before its first word: fuse it to PREFIX. */
    if (b->len > at && b->data[at] == ' ') {
        memmove(b->data + at, b->data + at + 1, b->len - at);
        b->len--;
    }
}

void nr_ordinal(nr_buf *b, uint64_t n) {
    sep(b);
    nr_fused(b, "ke", n);
}
