/* text_roles.c: the roles of plain-text units (see text_units.h).
 *
 * Each unit gets a heading style: "BAB I"-style lines, Roman numerals, all
 * caps, numbered ("1.", "2.3"), or weak (short, capitalized, no closing
 * punctuation).  A weak unit is a heading only when it introduces a
 * paragraph (or a marked heading; a question only a paragraph).  A run of
 * numbered lines at one depth with nothing between them is a list, not a set
 * of sections; numbered lines that are sentences, next to each other, are
 * list items too.  "BAB I" alone on a line merges with the name on the next
 * line.  Levels: BAB ranks above Roman numerals and all caps, above "1.",
 * above "1.2"; weak headings rank with the shallowest numbered headings.
 * The ranks that occur are numbered from 2 (the title is level 1). */
#include <stdlib.h>
#include <string.h>

#include "text_units.h"

#define MAX_HEADING_WORDS 15
#define MAX_HEADING_BYTES 140

typedef nr_unit unit;
typedef nr_units units;
typedef nr_style style;
#define STYLE_NONE NR_STYLE_NONE
#define STYLE_WEAK NR_STYLE_WEAK
#define STYLE_CAPS NR_STYLE_CAPS
#define STYLE_ROMAN NR_STYLE_ROMAN
#define STYLE_NUMBERED NR_STYLE_NUMBERED
#define STYLE_BAB NR_STYLE_BAB
#define ROLE_PARAGRAPH NR_ROLE_PARAGRAPH
#define ROLE_LIST_ITEM NR_ROLE_LIST_ITEM
#define ROLE_HEADING NR_ROLE_HEADING
#define ROLE_TITLE NR_ROLE_TITLE
#define ROLE_GONE NR_ROLE_GONE

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
    /* a dash at the end leads into the text ("JAKARTA -") */
    uint32_t last = nr_last_char(s);
    if (is_terminal_punct(last) || last == '-' || last == 0x2013 || last == 0x2014 ||
        nr_inner_sentence_end(s))
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

static int style_rank(const unit *x) {
    switch (x->style) {
    case STYLE_BAB: return 0;
    case STYLE_ROMAN: case STYLE_CAPS: return 1;
    case STYLE_NUMBERED: return 1 + x->depth;
    default: return -1; /* assigned later */
    }
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

    for (size_t i = 0; i < u->n; i++) {
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


nr_style nr_text_style(const char *s, int *depth) { return classify(s, depth); }

bool nr_text_bullet(const char *s, size_t *skip) { return is_bullet(s, skip); }

void nr_text_assign_roles(nr_units *u) { assign_roles(u); }
