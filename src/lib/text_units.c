/* text_units.c: plain text to units (see text_units.h).
 *
 * Text dumped from a page comes two ways: a paragraph a line (a browser's
 * copy), or paragraphs hard-wrapped at a fixed width (w3m, lynx, e-mail),
 * often ragged.  The width is found for the whole document, as the width
 * most long lines come close to and almost none exceed; a line is then
 * joined to the next exactly when the next line's first word would not have
 * fitted on it, which is what a wrapping program decides.  Short lines
 * (headings, credits, list items) are never joined, however the lines
 * around them are wrapped. */
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "text_units.h"

typedef struct line {
    char *text;   /* trimmed, white space folded */
    size_t width; /* display width of the raw line, indentation included */
    size_t indent;
    size_t first_word; /* characters in its first word */
    int no;            /* line number, from 1 */
} line;

static bool push_unit(nr_units *u, char *text, size_t first_len, int line_no, int n_lines) {
    if (!text)
        return false;
    if (!*text) {
        free(text);
        return true;
    }
    nr_unit *p = nr_grow(u->items, &u->cap, u->n + 1, sizeof *p);
    if (!p) {
        free(text);
        return false;
    }
    u->items = p;
    u->items[u->n++] =
        (nr_unit){.text = text, .first_len = first_len, .line_no = line_no, .n_lines = n_lines};
    return true;
}

static size_t chars_of(const char *s, size_t n) {
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

static bool is_blank(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\f' && s[i] != '\v')
            return false;
    return true;
}

static size_t words_of(const char *s) { return nr_word_count(s); }

/* The width lines were wrapped at: W such that almost no line is wider
 * (2%) and the most lines of four words or more that go on in the next
 * line end within 12 columns of it; 0 when too few do (a quarter of them,
 * and three at least).  A line that ends its block was not wrapped, so it
 * says nothing of the width, except that it is no wider. */
static int wrap_width(const line *lines, size_t n) {
    size_t all[202] = {0}, followed[202] = {0}, long_lines = 0;
    for (size_t i = 0; i < n; i++) {
        if (!lines[i].text || words_of(lines[i].text) < 4)
            continue;
        size_t w = lines[i].width > 201 ? 201 : lines[i].width;
        all[w]++;
        if (i + 1 < n && lines[i + 1].text) {
            followed[w]++;
            long_lines++;
        }
    }
    if (long_lines < 3)
        return 0;
    size_t lines_total = 0;
    for (int w = 0; w < 202; w++)
        lines_total += all[w];
    size_t allowed = lines_total / 50 > 1 ? lines_total / 50 : 1;
    size_t over = 0, best_near = 0;
    int best = 0;
    for (int w = 201; w >= 30; w--) {
        over += w < 201 ? all[w + 1] : 0;
        if (over > allowed)
            break;
        size_t near = 0;
        for (int k = w; k > w - 12; k--)
            near += followed[k];
        if (near >= best_near) {
            best_near = near;
            best = w;
        }
    }
    if (best_near < 3 || best_near * 4 < long_lines)
        return 0;
    return best;
}

static bool starts_item(const char *s) {
    size_t skip;
    if (nr_text_bullet(s, &skip))
        return true;
    size_t d = 0;
    while (s[d] >= '0' && s[d] <= '9' && d < 3)
        d++;
    return d && (s[d] == '.' || s[d] == ')') && s[d + 1] == ' ';
}

static bool ends_sentence(const char *s) {
    uint32_t c = nr_last_char(s);
    return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' ||
           c == 0x2026 || c == '"' || c == 0x201D || c == ')';
}

/* Line A stops in the middle of a sentence: on a comma, or on a function
 * word ("yang", "dan", "di"), which no paragraph ends with. */
static bool stops_mid_sentence(const line *a, const nr_wordset *function_words) {
    const char *t = a->text;
    size_t n = strlen(t);
    if (n && t[n - 1] == ',')
        return true;
    const char *w = strrchr(t, ' ');
    w = w ? w + 1 : t;
    return nr_wordset_has(function_words, w, strlen(w));
}

/* Whether line A continues on line B, B not starting a list item of its
 * own: B's first word would not have fitted on A, or A (a line of five
 * words or more) stops mid-sentence, or B starts in lower case after a line
 * that does not end a sentence. */
static bool continues(const line *a, const line *b, int width, const nr_wordset *fw) {
    /* a line indented far from a sentence's end above it is set apart
     * (centred lines go on only mid-sentence) */
    size_t shift = a->indent > b->indent ? a->indent - b->indent : b->indent - a->indent;
    if (starts_item(b->text) || (shift > 4 && ends_sentence(a->text)))
        return false;
    if (width > 0 && a->width + 1 + b->first_word > (size_t)width)
        return true;
    /* items separated by bars ("Kamis, 5/11 | 1.229 Views") are no prose */
    if (words_of(a->text) < 5 || a->width < 30 || strstr(a->text, " | "))
        return false;
    if (stops_mid_sentence(a, fw))
        return true;
    uint32_t last = nr_last_char(a->text), first = nr_first_char(b->text);
    bool ended = last == '.' || last == '!' || last == '?' || last == ':' || last == ';' ||
                 last == 0x2026 || last == '"' || last == 0x201D;
    return !ended && nr_is_lower(first);
}


/* A block wrapped at its own width in a document too short to tell one:
 * two lines or more of forty columns or more, most running near the
 * block's width and stopping mid-sentence. */
static int block_width(const line *lines, size_t n) {
    if (n < 2)
        return 0;
    size_t width = 0, wrapped = 0;
    for (size_t i = 0; i < n; i++) {
        if (starts_item(lines[i].text))
            return 0;
        if (lines[i].width > width)
            width = lines[i].width;
    }
    size_t full = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        if (lines[i].width * 10 >= width * 6 && !ends_sentence(lines[i].text))
            wrapped++;
        full += lines[i].width * 100 >= width * 85;
    }
    /* two lines that go on near the same width: one long line above short
     * ones (a headline over its dateline) is no wrapping */
    return width >= 40 && full >= 2 && wrapped * 2 >= n - 1 ? (int)width : 0;
}

static bool flush_block(nr_units *u, line *lines, size_t n, int width,
                        const nr_wordset *fw) {
    if (!width)
        width = block_width(lines, n);
    size_t i = 0;
    while (i < n) {
        size_t j = i + 1;
        while (j < n && continues(&lines[j - 1], &lines[j], width, fw))
            j++;
        if (j == i + 1) {
            char *text = lines[i].text;
            lines[i].text = NULL; /* push_unit owns it now, even when it fails */
            if (!push_unit(u, text, strlen(text), lines[i].no, 1))
                return false;
        } else {
            /* the first line stays known: a headline glued to what follows
             * it can be split off again */
            size_t first = strlen(lines[i].text);
            nr_buf joined = {0};
            for (size_t k = i; k < j; k++) {
                if (joined.len)
                    nr_buf_putc(&joined, ' ');
                nr_buf_puts(&joined, lines[k].text);
                free(lines[k].text);
                lines[k].text = NULL;
            }
            if (!push_unit(u, nr_buf_take(&joined), first, lines[i].no, (int)(j - i)))
                return false;
        }
        i = j;
    }
    return true;
}

tutur_status nr_text_units(const char *text, size_t len, const nr_wordset *function_words,
                           nr_units *u) {
    memset(u, 0, sizeof *u);
    line *lines = NULL;
    size_t n = 0, cap = 0;
    bool ok = true;
    /* every line first: the wrap width belongs to the whole document */
    for (size_t i = 0; ok && i <= len;) {
        size_t end = i;
        while (end < len && text[end] != '\n' && text[end] != '\r')
            end++;
        line l = {.no = (int)n + 1};
        if (!is_blank(text + i, end - i)) {
            size_t raw_end = end;
            while (raw_end > i && (text[raw_end - 1] == ' ' || text[raw_end - 1] == '\t'))
                raw_end--;
            size_t indent = 0;
            while (i + indent < raw_end && (text[i + indent] == ' ' || text[i + indent] == '\t'))
                indent++;
            l.indent = indent;
            l.width = chars_of(text + i, raw_end - i);
            l.text = nr_squeeze_spaces(text + i, end - i);
            if (!l.text) {
                ok = false;
                break;
            }
            l.first_word = chars_of(l.text, strcspn(l.text, " "));
        }
        line *p = nr_grow(lines, &cap, n + 1, sizeof *p);
        if (!p) {
            free(l.text);
            ok = false;
            break;
        }
        lines = p;
        lines[n++] = l;
        if (end < len && text[end] == '\r' && end + 1 < len && text[end + 1] == '\n')
            end++;
        i = end + 1;
    }
    int width = ok ? wrap_width(lines, n) : 0;
    u->wrap_width = width;
    size_t start = 0;
    for (size_t i = 0; ok && i <= n; i++) {
        if (i < n && lines[i].text)
            continue;
        ok = flush_block(u, lines + start, i - start, width, function_words);
        start = i + 1;
    }
    for (size_t i = 0; i < n; i++)
        free(lines[i].text);
    free(lines);
    if (!ok) {
        nr_text_units_free(u);
        return TUTUR_E_NOMEM;
    }
    return TUTUR_OK;
}

void nr_text_units_free(nr_units *u) {
    for (size_t i = 0; i < u->n; i++)
        free(u->items[i].text);
    free(u->items);
    memset(u, 0, sizeof *u);
}
