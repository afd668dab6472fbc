/* line_model.c: see line_model.h. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unistr.h>

#include "internal.h"

static const char *const feature_names[NR_F_COUNT] = {
    "bias", "log_chars", "words", "closed", "function", "commas", "capitals", "digits",
    "short", "title_shape", "rule_drop", "rule_meta", "separators", "repeated", "box",
    "lower_start", "linkish", "marker", "introduced", "headlines",
};

static const char *const param_names[NR_P_COUNT] = {"param.prior", "param.clip", "param.keep"};

static const char *const title_names[NR_T_COUNT] = {
    "title.bias", "title.overlap", "title.meta", "title.repeated", "title.list", "title.short",
    "title.distance", "title.glued",
};

const char *nr_feature_name(nr_feature f) { return feature_names[f]; }
const char *nr_title_feature_name(nr_title_feature f) { return title_names[f]; }

tutur_status nr_line_model_load(tutur_ctx *ctx, const char *path, nr_line_model *m) {
    memset(m, 0, sizeof *m);
    m->param[NR_P_CLIP] = 4.0;
    m->param[NR_P_KEEP] = 0.5;
    FILE *f;
    tutur_status st0 = nr_open_config(ctx, path, "language data", false, &f);
    if (st0 != TUTUR_OK)
        return st0;
    char line[256];
    tutur_status st = TUTUR_OK;
    for (int no = 1; st == TUTUR_OK && fgets(line, sizeof line, f); no++) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        char *tab = strchr(line, '\t');
        double v = 0;
        if (!tab || !nr_parse_decimal(tab + 1, &v)) {
            st = nr_fail(ctx, TUTUR_E_CONFIG, "%s:%d: expected NAME<TAB>NUMBER", path, no);
            break;
        }
        *tab = '\0';
        bool known = false;
        for (int k = 0; k < NR_F_COUNT && !known; k++)
            if (strcmp(line, feature_names[k]) == 0) {
                m->w[k] = v;
                known = true;
            }
        for (int k = 0; k < NR_P_COUNT && !known; k++)
            if (strcmp(line, param_names[k]) == 0) {
                m->param[k] = v;
                known = true;
            }
        for (int k = 0; k < NR_T_COUNT && !known; k++)
            if (strcmp(line, title_names[k]) == 0) {
                m->title[k] = v;
                known = true;
            }
        if (!known)
            st = nr_fail(ctx, TUTUR_E_CONFIG, "%s:%d: unknown feature '%s'", path, no, line);
    }
    fclose(f);
    m->loaded = st == TUTUR_OK;
    return st;
}

double nr_line_model_prob(const nr_line_model *m, const double *f) {
    double z = 0;
    for (int k = 0; k < NR_F_COUNT; k++)
        z += m->w[k] * f[k];
    return 1.0 / (1.0 + exp(-z));
}

double nr_line_model_title(const nr_line_model *m, const double *f) {
    double z = 0;
    for (int k = 0; k < NR_T_COUNT; k++)
        z += m->title[k] * f[k];
    return z;
}

/* ----- word sets ----- */

static int cmp_words(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

tutur_status nr_wordset_load(tutur_ctx *ctx, const char *path, nr_wordset *set) {
    memset(set, 0, sizeof *set);
    FILE *f;
    tutur_status st0 = nr_open_config(ctx, path, "language data", false, &f);
    if (st0 != TUTUR_OK)
        return st0;
    char line[128];
    size_t cap = 0;
    tutur_status st = TUTUR_OK;
    while (st == TUTUR_OK && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n \t")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        char **p = nr_grow(set->words, &cap, set->n + 1, sizeof *p);
        char *w = p ? nr_strdup(line) : NULL;
        if (!w) {
            if (p)
                set->words = p;
            st = nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
            break;
        }
        set->words = p;
        set->words[set->n++] = w;
    }
    fclose(f);
    if (set->n)
        qsort(set->words, set->n, sizeof *set->words, cmp_words);
    return st;
}

bool nr_wordset_has(const nr_wordset *set, const char *word, size_t len) {
    char key[48];
    if (!set || !set->n || len == 0 || len >= sizeof key)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = word[i];
        key[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    key[len] = '\0';
    const char *k = key;
    return bsearch(&k, set->words, set->n, sizeof *set->words, cmp_words) != NULL;
}

void nr_wordset_free(nr_wordset *set) {
    for (size_t i = 0; i < set->n; i++)
        free(set->words[i]);
    free(set->words);
    memset(set, 0, sizeof *set);
}

/* ----- what a unit's text says ----- */

static bool is_space(ucs4_t c) { return c == ' ' || c == '\t' || uc_is_property_white_space(c); }

static bool closing_mark(ucs4_t c) {
    return c == '.' || c == '!' || c == '?' || c == 0x2026;
}

static bool bullet(ucs4_t c) {
    return c == '-' || c == '*' || c == 0x2022 || c == 0x2013 || c == 0xB7 || c == 0x25AA ||
           c == 0x25CF || c == 0x25E6 || c == 0x2023;
}

void nr_prose_measure(const nr_wordset *function_words, const char *text, nr_prose *out) {
    memset(out, 0, sizeof *out);
    size_t n = strlen(text);
    ucs4_t last = 0, before_last = 0, first = 0;
    size_t word_start = 0;
    bool in_word = false, word_capital = false;
    for (size_t i = 0; i <= n;) {
        ucs4_t c = 0;
        int k = 1;
        if (i < n) {
            k = u8_mbtouc(&c, (const uint8_t *)text + i, n - i);
            if (k <= 0)
                k = 1;
        }
        bool space = i == n || is_space(c);
        if (space && in_word) {
            /* a word ends: strip its punctuation for the function-word test */
            size_t a = word_start, b = i;
            while (a < b && !((unsigned char)text[a] >= 'A' || (text[a] >= '0' && text[a] <= '9')))
                a++;
            while (b > a && strchr(".,;:!?\"')]”’", text[b - 1]))
                b--;
            if (nr_wordset_has(function_words, text + a, b - a))
                out->function_words++;
            if (word_capital)
                out->capital_words++;
            if ((i - word_start == 1 && strchr("|»·•/›>", text[word_start])) ||
                (i - word_start == 2 && strncmp(text + word_start, "»", 2) == 0) ||
                (i - word_start == 2 && strncmp(text + word_start, "·", 2) == 0))
                out->separators++;
            in_word = false;
        }
        if (i == n)
            break;
        if (!space) {
            if (!in_word) {
                in_word = true;
                word_start = i;
                out->words++;
                word_capital = uc_is_upper(c);
            }
            if (!first)
                first = c;
            before_last = last;
            last = c;
        }
        out->chars++;
        if (c >= '0' && c <= '9')
            out->digits++;
        if (c == ',')
            out->commas++;
        i += (size_t)k;
    }
    bool quote = last == '"' || last == 0x201D || last == '\'' || last == 0x2019 || last == ')';
    out->closed = closing_mark(last) || (quote && (closing_mark(before_last) || before_last == ','));
    out->lower_start = uc_is_lower(first);
    out->title_shape = out->words <= 15 && n <= 140 && !out->closed && last != ',' &&
                       last != ';' && last != ':' && (uc_is_upper(first) || uc_is_digit(first) ||
                                                       first == '"' || first == 0x201C);
    out->linkish = strstr(text, "http") || strstr(text, "www.") || strstr(text, ".com") ||
                   strchr(text, '@') || (first == '#');
    size_t d = 0;
    while (text[d] >= '0' && text[d] <= '9' && d < 3)
        d++;
    out->marker = (bullet(first) && n > 1 && (text[1] == ' ' || (unsigned char)text[1] >= 0x80)) ||
                  (d && (text[d] == '.' || text[d] == ')') && text[d + 1] == ' ');
}

bool nr_prose_is_prose(const nr_prose *p) {
    return (p->closed && p->words >= 6) || p->words >= 25;
}
