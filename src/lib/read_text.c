/* read_text.c: the plain-text reader, for articles pasted or scraped from
 * web pages.  Plain text has no markup, so structure is inferred:
 *
 * 1. Lines.  Line endings are unified, each line trimmed and its white
 *    space folded.  Lines matching a "drop" rule (breadcrumbs, share rows,
 *    "Back to top": voices/LANG/boilerplate.rules) are removed here, because
 *    what is chrome decides what the remaining lines introduce.
 * 2. Units.  Blank lines separate blocks.  A block whose lines are wrapped
 *    at a width is joined into one paragraph; otherwise (scraped text, one
 *    paragraph a line) each line is a unit of its own.
 * 3. Roles.  The first unit is the title when it looks like one.  A byline
 *    ("Oleh: ...", an "author" rule) near the top or bottom, or a lone name
 *    on the last line, becomes the author.  Headings are numbered lines
 *    ("1. Judul", "2.3 Judul"), "BAB I"-style lines, all-caps lines and
 *    short title-like lines without closing punctuation that introduce a
 *    paragraph.  Everything else is a paragraph or, with a bullet, a list
 *    item.
 * 4. Levels.  Each heading style has a rank (BAB above roman numerals and
 *    all caps, above "1.", above "1.1"); plain title-like headings rank with
 *    the shallowest numbered ones.  The ranks that occur are numbered from 2
 *    (the title is level 1). */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MAX_HEADING_WORDS 15
#define MAX_HEADING_BYTES 140
#define MAX_NAME_WORDS 4

typedef enum style {
    STYLE_NONE = 0, /* not heading-like */
    STYLE_WEAK,     /* short, title-like, no closing punctuation */
    STYLE_CAPS,     /* ALL CAPS */
    STYLE_ROMAN,    /* "IV. Judul" */
    STYLE_NUMBERED, /* "1. Judul", "2.3 Judul" */
    STYLE_BAB,      /* "BAB I", "Bagian 2" */
} style;

typedef enum role {
    ROLE_PARAGRAPH = 0,
    ROLE_LIST_ITEM,
    ROLE_HEADING,
    ROLE_TITLE,
    ROLE_GONE, /* merged, byline or empty */
} role;

typedef struct unit {
    char *text;
    style style;
    int depth;  /* numbering depth of a numbered heading: "1." 1, "1.2" 2 */
    int marker; /* numbering depth of any line that starts "1. ", "2) " */
    role role;
    int rank;
} unit;

typedef struct units {
    unit *items;
    size_t n, cap;
} units;

static bool push_unit(units *u, char *text) {
    if (!text)
        return false;
    if (!*text) {
        free(text);
        return true;
    }
    unit *p = nr_grow(u->items, &u->cap, u->n + 1, sizeof *p);
    if (!p) {
        free(text);
        return false;
    }
    u->items = p;
    u->items[u->n++] = (unit){.text = text};
    return true;
}

/* ----- shape of a line ----- */

static bool is_terminal_punct(uint32_t c) {
    return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == 0x2026 /* … */;
}

static bool ends_sentence(const char *s) {
    uint32_t c = nr_last_char(s);
    return is_terminal_punct(c) || c == '?' || c == '"' || c == 0x201D || c == ')';
}

static bool is_roman_digit(char c) {
    return c == 'I' || c == 'V' || c == 'X' || c == 'L' || c == 'C' || c == 'D' || c == 'M';
}

/* Length of a leading "1.", "1.2", "1.2.3", "1)" marker followed by a
 * space; sets *depth.  0 when there is none. */
static size_t number_marker(const char *s, int *depth) {
    size_t i = 0;
    int d = 0;
    for (;;) {
        size_t start = i;
        while (s[i] >= '0' && s[i] <= '9' && i - start < 3)
            i++;
        if (i == start)
            return 0;
        d++;
        if (s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9') {
            i++;
            continue;
        }
        break;
    }
    if (s[i] == '.' || s[i] == ')')
        i++;
    else if (d == 1)
        return 0; /* "2024 adalah" is a number, not a marker */
    if (s[i] != ' ')
        return 0;
    *depth = d;
    return i + 1;
}

static size_t roman_marker(const char *s) {
    size_t i = 0;
    while (is_roman_digit(s[i]) && i < 6)
        i++;
    if (i == 0 || (s[i] != '.' && s[i] != ')') || s[i + 1] != ' ')
        return 0;
    return i + 2;
}

static bool starts_with_word_ci(const char *s, const char *word) {
    size_t n = strlen(word);
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != word[i])
            return false;
    }
    return s[n] == ' ';
}

/* "BAB I", "Bab 2 Pendahuluan", "BAGIAN III". */
static bool bab_marker(const char *s) {
    static const char *const words[] = {"bab", "bagian", "chapter", "part"};
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
        if (!starts_with_word_ci(s, words[w]))
            continue;
        const char *p = s + strlen(words[w]) + 1;
        size_t k = 0;
        while (is_roman_digit(p[k]) || (p[k] >= '0' && p[k] <= '9'))
            k++;
        return k > 0 && (p[k] == '\0' || p[k] == ' ' || p[k] == '.' || p[k] == ':');
    }
    return false;
}

/* Short enough to be a heading, and not closed like a sentence. */
static bool title_shaped(const char *s) {
    if (strlen(s) > MAX_HEADING_BYTES || nr_word_count(s) > MAX_HEADING_WORDS)
        return false;
    if (is_terminal_punct(nr_last_char(s)))
        return false;
    uint32_t c = nr_first_char(s);
    return nr_is_upper(c) || (c >= '0' && c <= '9') || c == '"' || c == 0x201C;
}

static style classify(const char *s, int *depth) {
    *depth = 0;
    if (bab_marker(s) && nr_word_count(s) <= MAX_HEADING_WORDS && !ends_sentence(s))
        return STYLE_BAB;
    if (!title_shaped(s))
        return STYLE_NONE;
    size_t k = number_marker(s, depth);
    if (k)
        return nr_first_char(s + k) ? STYLE_NUMBERED : STYLE_NONE;
    if (roman_marker(s))
        return STYLE_ROMAN;
    size_t letters, upper;
    nr_letter_counts(s, &letters, &upper);
    if (letters >= 3 && upper * 10 >= letters * 9)
        return STYLE_CAPS;
    return STYLE_WEAK;
}

/* A lone name: two to four capitalized words of letters. */
static bool name_shaped(const char *s) {
    size_t words = nr_word_count(s);
    if (words < 2 || words > MAX_NAME_WORDS || strlen(s) > 60)
        return false;
    bool word_start = true;
    for (const char *p = s; *p;) {
        uint32_t c = nr_first_char(p);
        size_t k = 1;
        while ((p[k] & 0xC0) == 0x80)
            k++;
        if (c == ' ') {
            word_start = true;
        } else if (word_start) {
            if (!nr_is_upper(c))
                return false;
            word_start = false;
        } else if (!nr_is_letter(c) && c != '.' && c != '\'' && c != '-') {
            return false;
        }
        p += k;
    }
    return true;
}

static bool is_bullet(const char *s, size_t *skip) {
    static const char *const bullets[] = {"- ", "* ", "\xE2\x80\xA2 ", "\xE2\x80\x93 ",
                                          "\xC2\xB7 ", "\xE2\x96\xAA "};
    for (size_t i = 0; i < sizeof bullets / sizeof bullets[0]; i++) {
        size_t n = strlen(bullets[i]);
        if (strncmp(s, bullets[i], n) == 0) {
            *skip = n;
            return true;
        }
    }
    return false;
}

/* ----- 1 and 2: lines to units ----- */

typedef struct line {
    char *text;
} line;

/* Wrapped text: most lines but the last run to near the block's width and
 * stop mid-sentence. */
static bool block_is_wrapped(line *lines, size_t n) {
    if (n < 2)
        return false;
    size_t width = 0, wrapped = 0;
    for (size_t i = 0; i < n; i++)
        if (strlen(lines[i].text) > width)
            width = strlen(lines[i].text);
    if (width < 40)
        return false;
    /* Bulleted or numbered lines are items, never a wrapped paragraph. */
    for (size_t i = 0; i < n; i++) {
        size_t skip;
        int depth;
        if (is_bullet(lines[i].text, &skip) || number_marker(lines[i].text, &depth))
            return false;
    }
    for (size_t i = 0; i + 1 < n; i++)
        if (strlen(lines[i].text) * 10 >= width * 6 && !ends_sentence(lines[i].text))
            wrapped++;
    return wrapped * 2 >= n - 1;
}

static bool flush_block(units *u, line *lines, size_t n) {
    if (!n)
        return true;
    if (!block_is_wrapped(lines, n)) {
        for (size_t i = 0; i < n; i++) {
            if (!push_unit(u, lines[i].text))
                return false;
            lines[i].text = NULL;
        }
        return true;
    }
    size_t first = 0, width = 0;
    for (size_t i = 0; i < n; i++)
        if (strlen(lines[i].text) > width)
            width = strlen(lines[i].text);
    /* A heading directly above wrapped text: clearly shorter than the
     * paragraph's lines, or marked by number or capitals. */
    int depth;
    style s = classify(lines[0].text, &depth);
    if (s != STYLE_NONE && (s != STYLE_WEAK || strlen(lines[0].text) * 10 < width * 6)) {
        if (!push_unit(u, lines[0].text))
            return false;
        lines[0].text = NULL;
        first = 1;
    }
    nr_buf joined = {0};
    for (size_t i = first; i < n; i++) {
        if (joined.len)
            nr_buf_putc(&joined, ' ');
        nr_buf_puts(&joined, lines[i].text);
        free(lines[i].text);
        lines[i].text = NULL;
    }
    return push_unit(u, nr_buf_take(&joined));
}

static bool is_blank(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\f' && s[i] != '\v')
            return false;
    return true;
}

static tutur_status split_units(const char *text, size_t len, const tutur_lang *lang, units *u) {
    line *lines = NULL;
    size_t n = 0, cap = 0;
    bool ok = true;
    size_t i = 0;
    while (ok && i <= len) {
        size_t end = i;
        while (end < len && text[end] != '\n' && text[end] != '\r')
            end++;
        if (is_blank(text + i, end - i)) {
            ok = flush_block(u, lines, n);
            n = 0;
        } else {
            char *l = nr_squeeze_spaces(text + i, end - i);
            if (!l) {
                ok = false;
                break;
            }
            if (lang && nr_rules_match(lang->rules, l, NULL) == NR_RULE_DROP) {
                free(l);
            } else {
                line *p = nr_grow(lines, &cap, n + 1, sizeof *p);
                if (!p) {
                    free(l);
                    ok = false;
                    break;
                }
                lines = p;
                lines[n++].text = l;
            }
        }
        if (end < len && text[end] == '\r' && end + 1 < len && text[end + 1] == '\n')
            end++;
        i = end + 1;
    }
    if (ok)
        ok = flush_block(u, lines, n);
    else
        for (size_t k = 0; k < n; k++)
            free(lines[k].text);
    free(lines);
    return ok ? TUTUR_OK : TUTUR_E_NOMEM;
}

/* ----- 3 and 4: roles and levels ----- */

static int style_rank(const unit *x) {
    switch (x->style) {
    case STYLE_BAB: return 0;
    case STYLE_ROMAN: case STYLE_CAPS: return 1;
    case STYLE_NUMBERED: return 1 + x->depth;
    default: return -1; /* assigned later */
    }
}

/* Picks the dateline: a "date" rule in the first units.  Consumed. */
static char *take_date(units *u, const tutur_lang *lang) {
    for (size_t i = 0; i < u->n && i < 6 && lang; i++) {
        unit *x = &u->items[i];
        char *date = NULL;
        if (x->role == ROLE_GONE)
            continue;
        if (nr_rules_match(lang->rules, x->text, &date) == NR_RULE_DATE) {
            x->role = ROLE_GONE;
            if (date)
                return date;
        }
        free(date); /* another rule's capture */
    }
    return NULL;
}

/* Picks the byline: an "author" rule near either end, else a lone name as
 * the last unit.  The unit is consumed. */
static char *take_author(units *u, const tutur_lang *lang) {
    for (size_t i = 0; i < u->n; i++) {
        if (i >= 4 && i + 3 < u->n)
            continue;
        unit *x = &u->items[i];
        if (x->role == ROLE_GONE)
            continue;
        char *name = NULL;
        if (lang && nr_rules_match(lang->rules, x->text, &name) == NR_RULE_AUTHOR && name) {
            x->role = ROLE_GONE;
            return name;
        }
        free(name);
    }
    for (size_t i = u->n; i-- > 1;) {
        unit *x = &u->items[i];
        if (x->role == ROLE_GONE)
            continue;
        if (name_shaped(x->text)) {
            x->role = ROLE_GONE;
            return nr_strdup(x->text);
        }
        break;
    }
    return NULL;
}

static size_t next_live(const units *u, size_t i) {
    while (i < u->n && u->items[i].role == ROLE_GONE)
        i++;
    return i;
}

static void assign_roles(units *u) {
    for (size_t i = 0; i < u->n; i++) {
        unit *x = &u->items[i];
        if (x->role != ROLE_GONE) {
            x->style = classify(x->text, &x->depth);
            if (!number_marker(x->text, &x->marker))
                x->marker = 0;
        }
    }

    /* Title: the first unit, when it is shaped like a heading. */
    size_t first = next_live(u, 0);
    if (first < u->n && u->items[first].style != STYLE_NONE &&
        u->items[first].style != STYLE_NUMBERED && next_live(u, first + 1) < u->n)
        u->items[first].role = ROLE_TITLE;

    for (size_t i = first; i < u->n; i++) {
        unit *x = &u->items[i];
        if (x->role != ROLE_PARAGRAPH || x->style == STYLE_NONE)
            continue;
        size_t j = next_live(u, i + 1);
        if (j == u->n)
            continue; /* a heading introduces something */
        unit *next = &u->items[j];
        if (x->style == STYLE_WEAK) {
            /* Weak headings must introduce a paragraph or a marked heading;
             * a question introduces only a paragraph. */
            if (next->style == STYLE_NONE ||
                (next->style > STYLE_WEAK && nr_last_char(x->text) != '?'))
                x->role = ROLE_HEADING;
            continue;
        }
        if (x->style == STYLE_NUMBERED && next->style == STYLE_NUMBERED &&
            next->depth == x->depth) {
            /* "1. Tepung\n2. Gula": a run of numbered lines at one depth
             * with nothing between them is a list, not a set of sections. */
            size_t k = i;
            while (k < u->n && (u->items[k].role == ROLE_GONE ||
                                (u->items[k].style == STYLE_NUMBERED &&
                                 u->items[k].depth == x->depth))) {
                if (u->items[k].role != ROLE_GONE)
                    u->items[k].role = ROLE_LIST_ITEM;
                k++;
            }
            i = k - 1;
            continue;
        }
        x->role = ROLE_HEADING;
    }

    /* Numbered lines that are not headings, next to one another, are the
     * items of a numbered list. */
    for (size_t i = 0; i < u->n; i++) {
        unit *x = &u->items[i];
        if (x->role != ROLE_PARAGRAPH || !x->marker)
            continue;
        size_t j = next_live(u, i + 1);
        bool next_item = j < u->n && u->items[j].marker == x->marker &&
                         (u->items[j].role == ROLE_PARAGRAPH ||
                          u->items[j].role == ROLE_LIST_ITEM);
        bool prev_item = false;
        for (size_t k = i; k-- > 0;) {
            if (u->items[k].role == ROLE_GONE)
                continue;
            prev_item = u->items[k].role == ROLE_LIST_ITEM && u->items[k].marker == x->marker;
            break;
        }
        if (next_item || prev_item)
            x->role = ROLE_LIST_ITEM;
    }

    /* "BAB I" on its own line followed by its name: one heading. */
    for (size_t i = 0; i < u->n; i++) {
        unit *x = &u->items[i];
        if (x->role != ROLE_HEADING || x->style != STYLE_BAB || nr_word_count(x->text) > 3)
            continue;
        size_t j = next_live(u, i + 1);
        if (j < u->n && u->items[j].role == ROLE_HEADING &&
            (u->items[j].style == STYLE_CAPS || u->items[j].style == STYLE_WEAK)) {
            nr_buf b = {0};
            nr_buf_puts(&b, x->text);
            nr_buf_puts(&b, ": ");
            nr_buf_puts(&b, u->items[j].text);
            char *merged = nr_buf_take(&b);
            if (merged) {
                free(x->text);
                x->text = merged;
                u->items[j].role = ROLE_GONE;
            }
        }
    }

    /* Levels: weak headings rank with the shallowest numbered headings. */
    int weak_rank = 99, used[16] = {0};
    for (size_t i = 0; i < u->n; i++)
        if (u->items[i].role == ROLE_HEADING && u->items[i].style == STYLE_NUMBERED &&
            style_rank(&u->items[i]) < weak_rank)
            weak_rank = style_rank(&u->items[i]);
    if (weak_rank == 99)
        weak_rank = 2;
    for (size_t i = 0; i < u->n; i++) {
        unit *x = &u->items[i];
        if (x->role != ROLE_HEADING)
            continue;
        int r = style_rank(x);
        x->rank = r < 0 ? weak_rank : r > 15 ? 15 : r;
        used[x->rank] = 1;
    }
    int level_of[16], level = 2;
    for (int r = 0; r < 16; r++) {
        level_of[r] = level > 6 ? 6 : level;
        if (used[r])
            level++;
    }
    for (size_t i = 0; i < u->n; i++)
        if (u->items[i].role == ROLE_HEADING)
            u->items[i].rank = level_of[u->items[i].rank];
}

/* A title for an article without one: its first words. */
static char *fallback_title(const units *u) {
    size_t i = next_live(u, 0);
    if (i == u->n)
        return nr_strdup("Artikel");
    const char *s = u->items[i].text;
    size_t words = 0, end = 0;
    for (size_t k = 0; s[k] && words < 8; k++) {
        if (s[k] == ' ')
            words++;
        end = k + 1;
    }
    while (end && (is_terminal_punct((unsigned char)s[end - 1]) || s[end - 1] == ' '))
        end--;
    return nr_strndup(s, end);
}

tutur_status tutur_read_text(tutur_ctx *ctx, const char *name, const char *text, size_t len,
                             const tutur_lang *lang, tutur_article **out) {
    *out = NULL;
    tutur_status st = nr_check_text(ctx, name, text, len);
    if (st != TUTUR_OK)
        return st;
    units u = {0};
    tutur_article *a = nr_article_new(name);
    st = a ? split_units(text, len, lang, &u) : TUTUR_E_NOMEM;
    if (st == TUTUR_OK) {
        a->date = take_date(&u, lang);
        a->author = take_author(&u, lang);
        assign_roles(&u);
        for (size_t i = 0; i < u.n && st == TUTUR_OK; i++) {
            unit *x = &u.items[i];
            size_t skip = 0;
            switch (x->role) {
            case ROLE_TITLE:
                if (!a->title && !(a->title = nr_strdup(x->text)))
                    st = TUTUR_E_NOMEM;
                break;
            case ROLE_HEADING:
                st = nr_article_add(a, TUTUR_BLOCK_HEADING, x->rank, x->text);
                break;
            case ROLE_LIST_ITEM:
                st = nr_article_add(a, TUTUR_BLOCK_LIST_ITEM, 0, x->text);
                break;
            case ROLE_PARAGRAPH:
                if (is_bullet(x->text, &skip))
                    st = nr_article_add(a, TUTUR_BLOCK_LIST_ITEM, 0, x->text + skip);
                else
                    st = nr_article_add(a, TUTUR_BLOCK_PARAGRAPH, 0, x->text);
                break;
            case ROLE_GONE:
                break;
            }
        }
        if (st == TUTUR_OK && !a->title && !(a->title = fallback_title(&u)))
            st = TUTUR_E_NOMEM;
    }
    for (size_t i = 0; i < u.n; i++)
        free(u.items[i].text);
    free(u.items);
    if (st == TUTUR_OK && a->n_blocks == 0)
        st = nr_fail(ctx, TUTUR_E_EMPTY, "%s: nothing to read aloud (only page chrome)", name);
    else if (st == TUTUR_E_NOMEM)
        nr_fail(ctx, st, "%s: out of memory", name);
    if (st != TUTUR_OK) {
        tutur_article_destroy(a);
        return st;
    }
    *out = a;
    return TUTUR_OK;
}

tutur_status tutur_read_text_file(tutur_ctx *ctx, const char *path, const tutur_lang *lang,
                                  tutur_article **out) {
    char *text;
    size_t len;
    *out = NULL;
    tutur_status st = nr_read_text_file(ctx, path, &text, &len);
    if (st != TUTUR_OK)
        return st;
    st = tutur_read_text(ctx, strcmp(path, "-") == 0 ? "standard input" : path, text, len, lang,
                         out);
    free(text);
    return st;
}
