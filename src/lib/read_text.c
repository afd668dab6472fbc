/* read_text.c: the plain-text reader, for articles pasted or scraped from
 * web pages, from a paragraph alone to a whole page with its menus.  Plain
 * text has no markup, so everything is inferred:
 *
 * 1. Units (text_units.c): lines, with hard-wrapped paragraphs joined.
 * 2. Evidence (line_model.c): every unit's length, words, function words,
 *    closing punctuation, capitals, digits, separators, rules, repetition and
 *    neighbours; a model learned from labelled pages (voices/LANG/
 *    text-reader.model, written by scripts/tune-text-reader) turns it into
 *    the probability that the unit is article text.
 * 3. The article is the best contiguous run of units: each scores its
 *    log-odds, weighted by its length, plus a prior, and the run with the
 *    greatest sum wins (a whole page's menu, related headlines and footer
 *    fall outside it; a selected article is nearly all of it).
 * 4. The title is the headline-shaped line just above the run that best
 *    fits it: followed by a dateline or byline, sharing the body's words,
 *    repeated on the page, not one of a list of headlines.  A headline glued
 *    to the caption below it is split off.
 * 5. The dateline and the byline are taken near the title or the run's
 *    ends (rules, "Disusun oleh:" above a name, a name in capitals under
 *    the text).  Inside the run, chrome is dropped: drop rules (applied to
 *    whole joined paragraphs only), and short lines the model gives little
 *    chance (share buttons, a "Baca juga" box).
 * 6. Roles and levels of what is left (text_roles.c).
 * Every decision is explained through the context (tutur read --explain). */
#define _GNU_SOURCE /* qsort_r */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "byline.h"
#include "line_model.h"
#include "text_units.h"

/* What the reader knows of each unit. */
typedef struct evidence {
    nr_rule_action rule;
    char *capture; /* an author or date rule's capture */
    nr_prose prose;
    double f[NR_F_COUNT];
    double p; /* probability of article text */
    bool repeated;
} evidence;

typedef struct reader {
    tutur_ctx *ctx;
    const tutur_lang *lang;
    nr_units u;
    evidence *ev;
    size_t run_first, run_last; /* the article's run, inclusive */
    size_t body_first, body_last; /* its first and last paragraphs of prose */
    size_t title;              /* unit index, or u.n: none */
} reader;

static int excerpt(const char *s) {
    size_t n = strlen(s);
    if (n <= 70)
        return (int)n;
    n = 70;
    while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return (int)n;
}

static bool is_meta(nr_rule_action a) { return a == NR_RULE_AUTHOR || a == NR_RULE_DATE; }

/* ----- evidence ----- */

typedef struct sort_ctx {
    const nr_units *u;
} sort_ctx;

static int by_text(const void *a, const void *b, void *arg) {
    const nr_units *u = ((sort_ctx *)arg)->u;
    return strcmp(u->items[*(const size_t *)a].text, u->items[*(const size_t *)b].text);
}

/* Units whose text occurs more than once (menus, a headline printed
 * twice, related lists); sorted, so a large page costs n log n. */
static bool mark_repeats(reader *r) {
    size_t n = r->u.n;
    size_t *idx = malloc((n ? n : 1) * sizeof *idx);
    if (!idx)
        return false;
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    sort_ctx sc = {&r->u};
    qsort_r(idx, n, sizeof *idx, by_text, &sc);
    for (size_t i = 1; i < n; i++)
        if (strcmp(r->u.items[idx[i]].text, r->u.items[idx[i - 1]].text) == 0)
            r->ev[idx[i]].repeated = r->ev[idx[i - 1]].repeated = true;
    free(idx);
    return true;
}

static bool short_line(const nr_prose *p) { return p->words <= 6 && !p->closed; }

/* A unit worth looking at as a neighbour: four words or more, no rule. */
static bool substantial(const evidence *e) {
    return e->prose.words >= 4 && e->rule == NR_RULE_NONE;
}

static bool headline_like(const evidence *e) {
    return e->rule == NR_RULE_NONE && e->prose.words >= 4 &&
           (e->prose.title_shape || e->prose.marker);
}

static void features(reader *r) {
    size_t n = r->u.n;
    for (size_t i = 0; i < n; i++) {
        evidence *e = &r->ev[i];
        const nr_prose *p = &e->prose;
        double *f = e->f;
        double words = p->words ? (double)p->words : 1.0;
        f[NR_F_BIAS] = 1;
        f[NR_F_LOG_CHARS] = log1p((double)p->chars);
        f[NR_F_WORDS] = p->words >= 40 ? 1.0 : (double)p->words / 40.0;
        f[NR_F_CLOSED] = p->closed;
        f[NR_F_FUNCTION] = (double)p->function_words / words;
        f[NR_F_COMMAS] = fmin((double)p->commas / words, 1.0);
        f[NR_F_CAPITALS] = (double)p->capital_words / words;
        f[NR_F_DIGITS] = p->chars ? (double)p->digits / (double)p->chars : 0;
        f[NR_F_SHORT] = p->words <= 3;
        f[NR_F_TITLE_SHAPE] = p->title_shape;
        f[NR_F_RULE_DROP] = e->rule == NR_RULE_DROP;
        f[NR_F_RULE_META] = is_meta(e->rule);
        f[NR_F_SEPARATORS] = fmin((double)p->separators, 3.0);
        f[NR_F_REPEATED] = e->repeated;
        size_t before = i, after = i + 1;
        while (before > 0 && !substantial(&r->ev[before - 1]))
            before--;
        while (after < n && !substantial(&r->ev[after]))
            after++;
        f[NR_F_PREV_PROSE] = before > 0 && nr_prose_is_prose(&r->ev[before - 1].prose);
        f[NR_F_NEXT_PROSE] = after < n && nr_prose_is_prose(&r->ev[after].prose);
        f[NR_F_LOWER_START] = p->lower_start;
        f[NR_F_LINKISH] = p->linkish;
        f[NR_F_MARKER] = p->marker;
    }
    /* runs of short lines: menus, share rows, headline lists; or the items
     * of a list that the line before them introduces ("Bahan-bahan:") */
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && (short_line(&r->ev[j].prose) || r->ev[j].prose.marker))
            j++;
        bool introduced = j > i && i > 0 && nr_last_char(r->u.items[i - 1].text) == ':' &&
                          r->ev[i - 1].rule == NR_RULE_NONE;
        for (size_t k = i; k < j; k++) {
            r->ev[k].f[NR_F_BOX] = log1p((double)(j - i));
            r->ev[k].f[NR_F_INTRODUCED] = introduced;
        }
        i = j > i ? j : i + 1;
    }
    /* runs of headlines: a list of related articles */
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && headline_like(&r->ev[j]))
            j++;
        for (size_t k = i; k < j && j - i >= 2; k++)
            r->ev[k].f[NR_F_HEADLINES] = log1p((double)(j - i));
        i = j > i ? j : i + 1;
    }
    for (size_t i = 0; i < n; i++)
        r->ev[i].p = r->lang && r->lang->text_model.loaded
                         ? nr_line_model_prob(&r->lang->text_model, r->ev[i].f)
                         : 0.5;
}

/* ----- the article's run ----- */

/* "...sebelum Lebaran." or "...kata dia." */
static bool ends_with_period(const char *s) {
    size_t n = strlen(s);
    while (n && (s[n - 1] == '"' || s[n - 1] == '\'' || s[n - 1] == ')'))
        n--;
    if (n >= 3 && (unsigned char)s[n - 1] == 0x9D && (unsigned char)s[n - 2] == 0x80 &&
        (unsigned char)s[n - 3] == 0xE2)
        n -= 3; /* ” */
    return n && s[n - 1] == '.' && !(n >= 3 && s[n - 2] == '.' && s[n - 3] == '.');
}

static void choose_run(reader *r) {
    size_t n = r->u.n;
    r->run_first = 0;
    r->run_last = n ? n - 1 : 0;
    if (!n || !r->lang || !r->lang->text_model.loaded)
        return;
    const double *param = r->lang->text_model.param;
    double clip = param[NR_P_CLIP], prior = param[NR_P_PRIOR];
    double best = -INFINITY, sum = 0;
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        double p = fmin(fmax(r->ev[i].p, 1e-9), 1 - 1e-9);
        double logit = fmin(fmax(log(p / (1 - p)), -clip), clip);
        /* a unit counts by its length: a paragraph outweighs a menu item */
        double s = (logit + prior) * log1p((double)r->ev[i].prose.chars / 20.0);
        /* what a rule recognizes (a "Baca juga" line, a dateline) is dealt
         * with by the rule: it neither makes nor breaks the run; nor does a
         * sentence ended by a full stop, or an item of a list introduced by
         * the line above: chrome is rarely either */
        if (r->ev[i].rule != NR_RULE_NONE)
            s = 0;
        else if (s < 0 && (ends_with_period(r->u.items[i].text) ||
                           r->ev[i].f[NR_F_INTRODUCED] > 0))
            s = 0;
        if (sum <= 0) {
            sum = 0;
            start = i;
        }
        sum += s;
        if (sum > best) {
            best = sum;
            r->run_first = start;
            r->run_last = i;
        }
    }
    /* sentences right after the run that count for nothing either way
     * close it */
    while (r->run_last + 1 < n && r->ev[r->run_last + 1].rule == NR_RULE_NONE &&
           (ends_with_period(r->u.items[r->run_last + 1].text) ||
            r->ev[r->run_last + 1].f[NR_F_INTRODUCED] > 0) &&
           r->ev[r->run_last + 1].p >= 0.05)
        r->run_last++;
    /* headings marked as such ("BAB I", "2.", "IV.") right above the run
     * open it, and so does a line that introduces it ("Bahan-bahan:") */
    while (r->run_first > 0 && r->ev[r->run_first - 1].rule == NR_RULE_NONE) {
        int depth;
        const char *above = r->u.items[r->run_first - 1].text;
        nr_style st = nr_text_style(above, &depth);
        if (st != NR_STYLE_BAB && st != NR_STYLE_ROMAN && st != NR_STYLE_NUMBERED &&
            nr_last_char(above) != ':')
            break;
        r->run_first--;
    }
    nr_explain(r->ctx, "article: units %zu to %zu of %zu (score %.1f)", r->run_first + 1,
               r->run_last + 1, n, best);
}

/* The run's first and last paragraphs of prose: the headline is above the
 * first, a closing byline under the last. */
static bool body_paragraph(const reader *r, size_t i) {
    return nr_prose_is_prose(&r->ev[i].prose) && r->ev[i].p >= 0.5;
}

static void find_body(reader *r) {
    r->body_first = r->run_first;
    r->body_last = r->run_last;
    for (size_t i = r->run_first; i <= r->run_last && i < r->u.n; i++)
        if (body_paragraph(r, i)) {
            r->body_first = i;
            break;
        }
    for (size_t i = r->run_last + 1; i-- > r->body_first;)
        if (body_paragraph(r, i)) {
            r->body_last = i;
            break;
        }
}

/* ----- the title ----- */

static void fold_ascii(char *s) {
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s + 32);
}

/* Content words of A (four letters or more, not function words) that
 * B (folded to lower case) holds, as a share of A's. */
static double overlap(const reader *r, const char *a, const char *b) {
    size_t words = 0, found = 0;
    for (const char *p = a; *p;) {
        while (*p == ' ')
            p++;
        size_t k = strcspn(p, " ");
        size_t s = 0, e = k;
        while (s < e && !((unsigned char)p[s] >= 'A'))
            s++;
        while (e > s && strchr(".,;:!?\"')]", p[e - 1]))
            e--;
        if (e - s >= 4 && !nr_wordset_has(&r->lang->function_words, p + s, e - s)) {
            words++;
            char w[64];
            if (e - s < sizeof w) {
                memcpy(w, p + s, e - s);
                w[e - s] = '\0';
                fold_ascii(w);
                found += strstr(b, w) != NULL;
            }
        }
        p += k;
    }
    return words ? (double)found / (double)words : 0;
}

/* The first LEN bytes of S could be a headline: two to thirty words,
 * starting with a capital or a digit, not ended like a sentence. */
static bool headline_shaped(const char *s, size_t len) {
    char buf[512];
    if (len >= sizeof buf || len < 8)
        return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    size_t words = nr_word_count(buf);
    uint32_t first = nr_first_char(buf), last = nr_last_char(buf);
    return words >= 2 && words <= 30 && last != '.' && last != ',' && last != ';' &&
           last != ':' && (nr_is_upper(first) || (first >= '0' && first <= '9')) &&
           !nr_inner_sentence_end(buf);
}

/* Paragraphs between I and the run: a headline stands right above its
 * article, with only a dateline, a caption, labels and lists between. */
static size_t distance(const reader *r, size_t i) {
    size_t d = 0;
    for (size_t k = i + 1; k < r->body_first; k++)
        d += r->ev[k].rule == NR_RULE_NONE && nr_prose_is_prose(&r->ev[k].prose);
    return d;
}

/* Consecutive headline-shaped lines around unit I: a list of headlines. */
static size_t headline_run(const reader *r, size_t i) {
    size_t a = i, b = i;
    while (a > 0 && headline_like(&r->ev[a - 1]))
        a--;
    while (b + 1 < r->u.n && headline_like(&r->ev[b + 1]))
        b++;
    return b - a + 1;
}

/* The evidence that unit I (its first LEN bytes) is the headline. */
static void title_features(const reader *r, size_t i, size_t len, bool glued, const char *body,
                           double *f) {
    const nr_unit *x = &r->u.items[i];
    char buf[512];
    memcpy(buf, x->text, len);
    buf[len] = '\0';
    memset(f, 0, NR_T_COUNT * sizeof *f);
    f[NR_T_BIAS] = 1;
    f[NR_T_OVERLAP] = overlap(r, buf, body);
    for (size_t k = i + 1; k < r->u.n && k <= i + 3; k++)
        if (is_meta(r->ev[k].rule)) {
            f[NR_T_META] = 1;
            break;
        }
    f[NR_T_REPEATED] = r->ev[i].repeated;
    f[NR_T_LIST] = headline_run(r, i) >= 3;
    f[NR_T_SHORT] = nr_word_count(buf) < 3;
    f[NR_T_DISTANCE] = (double)distance(r, i);
    f[NR_T_GLUED] = glued;
}

/* Splits unit I after its first line: the headline and what follows. */
static bool split_first_line(reader *r, size_t i) {
    nr_unit *p = nr_grow(r->u.items, &r->u.cap, r->u.n + 1, sizeof *p);
    evidence *q = p ? realloc(r->ev, (r->u.n + 1) * sizeof *q) : NULL;
    if (p)
        r->u.items = p;
    if (!q)
        return false;
    r->ev = q;
    nr_unit *x = &r->u.items[i];
    char *rest = nr_strdup(x->text + x->first_len + (x->text[x->first_len] == ' '));
    char *head = nr_strndup(x->text, x->first_len);
    if (!rest || !head) {
        free(rest);
        free(head);
        return false;
    }
    memmove(r->u.items + i + 1, r->u.items + i, (r->u.n - i) * sizeof *r->u.items);
    memmove(r->ev + i + 1, r->ev + i, (r->u.n - i) * sizeof *r->ev);
    r->u.n++;
    free(r->u.items[i].text);
    r->u.items[i] = (nr_unit){.text = head, .first_len = strlen(head),
                              .line_no = r->u.items[i + 1].line_no, .n_lines = 1};
    r->u.items[i + 1].text = rest;
    r->u.items[i + 1].line_no++;
    r->u.items[i + 1].first_len = 0;
    r->u.items[i + 1].n_lines--;
    r->ev[i].capture = NULL; /* the copy keeps the original's capture */
    r->ev[i].rule = NR_RULE_NONE;
    if (r->run_first > i)
        r->run_first++;
    if (r->run_last >= i)
        r->run_last++;
    if (r->body_first >= i)
        r->body_first++;
    if (r->body_last >= i)
        r->body_last++;
    return true;
}

/* Between the title and the run, headings marked as such ("RINGKASAN",
 * "BAB I") and lines recognized by a rule (a dateline, a byline) belong to
 * the article: it then starts right under the title. */
static void open_run_at_title(reader *r) {
    if (r->title >= r->run_first)
        return;
    for (size_t i = r->title + 1; i < r->run_first; i++) {
        int depth;
        nr_style st = nr_text_style(r->u.items[i].text, &depth);
        if (r->ev[i].rule == NR_RULE_NONE && st != NR_STYLE_BAB && st != NR_STYLE_ROMAN &&
            st != NR_STYLE_NUMBERED && st != NR_STYLE_CAPS)
            return;
    }
    r->run_first = r->title + 1;
}

static void choose_title(reader *r) {
    r->title = r->u.n;
    if (!r->u.n)
        return;
    /* the body's first words, to compare headlines with (a glued headline
     * is compared with what follows its own first line) */
    nr_buf body = {0};
    for (size_t k = r->body_first; k <= r->run_last && body.len < 1500; k++) {
        const nr_unit *x = &r->u.items[k];
        nr_buf_puts(&body, k == r->body_first && x->n_lines > 1 ? x->text + x->first_len
                                                                : x->text);
        nr_buf_putc(&body, ' ');
    }
    nr_buf_cstr(&body);
    fold_ascii(body.data);
    const char *b = body.data;
    double best = -1e9;
    size_t best_i = r->u.n;
    bool best_glued = false;
    size_t from = r->body_first > 40 ? r->body_first - 40 : 0;
    for (size_t i = from; i <= r->body_first && i < r->u.n; i++) {
        const nr_unit *x = &r->u.items[i];
        const evidence *e = &r->ev[i];
        if (e->rule != NR_RULE_NONE)
            continue;
        bool whole = i < r->body_first && headline_shaped(x->text, strlen(x->text)) &&
                     strlen(x->text) < 300;
        /* a headline glued to the caption or paragraph under it: its line
         * stops without punctuation and the next starts a new sentence */
        bool glued = !whole && x->n_lines > 1 && headline_shaped(x->text, x->first_len) &&
                     nr_is_upper(nr_first_char(x->text + x->first_len + 1));
        if (!whole && !glued)
            continue;
        double tf[NR_T_COUNT];
        title_features(r, i, whole ? strlen(x->text) : x->first_len, glued, b, tf);
        double s = r->lang ? nr_line_model_title(&r->lang->text_model, tf) : 0;
        if (nr_explaining(r->ctx)) {
            char f[200];
            size_t k = 0;
            for (int j = 1; j < NR_T_COUNT; j++)
                k += (size_t)snprintf(f + k, sizeof f - k, "%s%s=%.3g", j > 1 ? "," : "",
                                      nr_title_feature_name((nr_title_feature)j) + 6, tf[j]);
            nr_explain(r->ctx, "title candidate unit %zu (line %d+%d) score=%.2f [%s] \"%.*s\"",
                       i + 1, x->line_no, whole ? x->n_lines - 1 : 0, s, f,
                       excerpt(x->text) < (int)(whole ? strlen(x->text) : x->first_len)
                           ? excerpt(x->text)
                           : (int)(whole ? strlen(x->text) : x->first_len),
                       x->text);
        }
        if (s >= best) {
            best = s;
            best_i = i;
            best_glued = !whole;
        }
    }
    nr_buf_free(&body);
    if (best_i < r->u.n && best > 0) {
        nr_explain(r->ctx, "title: unit %zu%s, score %.2f", best_i + 1,
                   best_glued ? " (its first line, glued to what follows)" : "", best);
        if (best_glued && !split_first_line(r, best_i))
            return;
        r->title = best_i;
        if (best_i >= r->run_first)
            r->run_first = best_i + 1; /* what came before the headline is not the article */
        open_run_at_title(r);
        return;
    }
    /* no headline stands out: the first unit, when shaped like one */
    size_t first = 0;
    while (first < r->u.n && r->ev[first].rule != NR_RULE_NONE)
        first++;
    int depth;
    nr_style s = first < r->u.n ? nr_text_style(r->u.items[first].text, &depth) : NR_STYLE_NONE;
    if (first + 1 < r->u.n && s != NR_STYLE_NONE && s != NR_STYLE_NUMBERED) {
        nr_explain(r->ctx, "title: unit %zu, the first line, shaped like a heading", first + 1);
        r->title = first;
        if (r->run_first <= first)
            r->run_first = first + 1;
        open_run_at_title(r);
    }
}

/* ----- dateline and byline ----- */

static char *take_date(reader *r) {
    size_t from = r->title < r->u.n ? r->title : 0;
    for (int pass = 0; pass < 2; pass++) {
        size_t a = pass ? 0 : from, b = pass ? 6 : r->run_first + 3;
        for (size_t i = a; i < r->u.n && i < b; i++) {
            evidence *e = &r->ev[i];
            if (e->rule == NR_RULE_DATE && r->u.items[i].role != NR_ROLE_GONE) {
                r->u.items[i].role = NR_ROLE_GONE;
                nr_explain(r->ctx, "date: unit %zu, a dateline", i + 1);
                char *d = e->capture;
                e->capture = NULL;
                if (d)
                    return d;
            }
        }
    }
    return NULL;
}

static bool near_edges(const reader *r, size_t i) {
    size_t top = r->title < r->u.n ? r->title : r->run_first;
    return (i + 1 >= top && i <= r->run_first + 3) ||
           (i + 3 >= r->run_last && i <= r->run_last + 5) || i < 4 || i + 3 >= r->u.n;
}

/* Two to four words shaped like a name, on a line of their own, none of
 * them a function word ("Komentari Artikel Ini" is no name). */
static bool lone_name(const reader *r, const char *s) {
    size_t words = nr_word_count(s);
    if (words < 2 || words > 4 || strlen(s) > 60 || !nr_name_shaped(s, 4))
        return false;
    for (const char *p = s; *p;) {
        size_t k = strcspn(p, " ");
        if (r->lang && nr_wordset_has(&r->lang->function_words, p, k))
            return false;
        p += k;
        while (*p == ' ')
            p++;
    }
    return true;
}

static size_t next_unruled(const reader *r, size_t i) {
    while (i < r->u.n && (r->ev[i].rule != NR_RULE_NONE || r->u.items[i].role == NR_ROLE_GONE))
        i++;
    return i;
}

static char *take_author(reader *r) {
    const tutur_lang *lang = r->lang;
    for (size_t i = 0; i < r->u.n; i++) {
        evidence *e = &r->ev[i];
        if (r->u.items[i].role == NR_ROLE_GONE || !near_edges(r, i))
            continue;
        if (e->rule == NR_RULE_AUTHOR && e->capture &&
            !nr_is_organisation(lang, e->capture, NULL)) {
            r->u.items[i].role = NR_ROLE_GONE;
            nr_explain(r->ctx, "author: unit %zu, a byline", i + 1);
            char *name = e->capture;
            e->capture = NULL;
            char *clean = nr_byline_name(lang, name, true, NULL);
            if (clean) {
                free(name);
                return clean;
            }
            return name;
        }
        /* "Disusun oleh:" on a line, the name on the next */
        if (lang && i + 1 < r->u.n &&
            nr_rules_match_only(lang->rules, r->u.items[i].text, NR_RULE_WRITER, NULL) &&
            nr_name_shaped(r->u.items[i + 1].text, 6)) {
            char *name = nr_byline_name(lang, r->u.items[i + 1].text, true, NULL);
            if (name) {
                r->u.items[i].role = r->u.items[i + 1].role = NR_ROLE_GONE;
                nr_explain(r->ctx, "author: unit %zu, a name under a writer's label", i + 2);
                return name;
            }
        }
    }
    /* a lone name closing the article, or one in capitals just after it */
    size_t last = r->run_last + 1;
    while (last > r->run_first && (r->u.items[last - 1].role == NR_ROLE_GONE ||
                                   r->ev[last - 1].rule == NR_RULE_DROP))
        last--;
    for (size_t i = r->body_last + 1; i < r->u.n && i <= r->run_last + 4; i++) {
        const char *s = r->u.items[i].text;
        int depth;
        nr_style st = nr_text_style(s, &depth);
        if (r->u.items[i].role == NR_ROLE_GONE || r->ev[i].rule != NR_RULE_NONE ||
            !lone_name(r, s) || nr_is_organisation(lang, s, NULL) || st == NR_STYLE_BAB ||
            st == NR_STYLE_ROMAN || st == NR_STYLE_NUMBERED)
            continue;
        size_t letters, upper;
        nr_letter_counts(s, &letters, &upper);
        /* the run's last line, the first line after the article's last
         * paragraph or after the run, or capitals */
        bool after = next_unruled(r, r->body_last + 1) == i ||
                     (i > r->run_last && next_unruled(r, r->run_last + 1) == i);
        if (i + 1 != last && !after && !(letters >= 4 && upper == letters))
            continue;
        char *name = nr_byline_name(lang, s, true, NULL);
        if (name) {
            r->u.items[i].role = NR_ROLE_GONE;
            nr_explain(r->ctx, "author: unit %zu, a name closing the article", i + 1);
            return name;
        }
    }
    return NULL;
}

/* ----- chrome inside the article ----- */

static void drop_chrome(reader *r) {
    double keep = r->lang && r->lang->text_model.loaded
                      ? r->lang->text_model.param[NR_P_KEEP]
                      : 0;
    for (size_t i = 0; i < r->u.n; i++) {
        nr_unit *x = &r->u.items[i];
        evidence *e = &r->ev[i];
        if (x->role == NR_ROLE_GONE || i == r->title)
            continue;
        const char *why = NULL;
        if (i < r->run_first || i > r->run_last)
            why = "outside the article";
        else if (e->rule == NR_RULE_DROP)
            why = "a drop rule";
        else if (e->rule == NR_RULE_DATE || e->rule == NR_RULE_AUTHOR)
            why = "a dateline or byline";
        else if (e->p < keep && !e->prose.marker && !e->prose.closed &&
                 nr_last_char(x->text) != ':' && e->prose.words <= 8) {
            int depth;
            nr_style s = nr_text_style(x->text, &depth);
            if (s == NR_STYLE_NONE || s == NR_STYLE_WEAK)
                why = "a short line that looks like chrome";
        }
        if (why) {
            x->role = NR_ROLE_GONE;
            nr_explain(r->ctx, "drop unit %zu \"%.*s\": %s (p=%.2f)", i + 1, excerpt(x->text),
                       x->text, why, e->p);
        }
    }
}

static void explain_units(reader *r) {
    if (!nr_explaining(r->ctx))
        return;
    for (size_t i = 0; i < r->u.n; i++) {
        const evidence *e = &r->ev[i];
        char f[400];
        size_t k = 0;
        for (int j = 1; j < NR_F_COUNT && k < sizeof f - 40; j++)
            k += (size_t)snprintf(f + k, sizeof f - k, "%s%s=%.3g", j > 1 ? "," : "",
                                  nr_feature_name((nr_feature)j), e->f[j]);
        const nr_unit *x = &r->u.items[i];
        nr_explain(r->ctx, "unit %zu (line %d+%d) p=%.3f [%s] \"%.*s\"", i + 1, x->line_no,
                   x->n_lines - 1, e->p, f, excerpt(x->text), x->text);
    }
}

static void explain_roles(reader *r) {
    if (!nr_explaining(r->ctx))
        return;
    static const char *const roles[] = {"paragraph", "list item", "heading", "title", "gone"};
    for (size_t i = 0; i < r->u.n; i++) {
        const nr_unit *x = &r->u.items[i];
        if (x->role == NR_ROLE_GONE || x->role == NR_ROLE_TITLE)
            continue;
        nr_explain(r->ctx, "keep unit %zu as %s%s: \"%.*s\"", i + 1, roles[x->role],
                   x->role == NR_ROLE_HEADING ? (x->style == NR_STYLE_WEAK ? " (introduces text)"
                                                                           : " (marked)")
                                              : "",
                   excerpt(x->text), x->text);
    }
}

/* A title for an article without one: its first words. */
static char *fallback_title(const nr_units *u) {
    size_t i = 0;
    while (i < u->n && u->items[i].role == NR_ROLE_GONE)
        i++;
    if (i == u->n)
        return nr_strdup("Artikel");
    const char *s = u->items[i].text;
    size_t words = 0, end = 0;
    for (size_t k = 0; s[k] && words < 8; k++) {
        if (s[k] == ' ')
            words++;
        end = k + 1;
    }
    while (end && (strchr(".,;:!", s[end - 1]) || s[end - 1] == ' '))
        end--;
    return nr_strndup(s, end);
}

static tutur_status build(reader *r, tutur_article *a) {
    tutur_status st = TUTUR_OK;
    for (size_t i = 0; i < r->u.n && st == TUTUR_OK; i++) {
        nr_unit *x = &r->u.items[i];
        size_t skip = 0;
        switch (x->role) {
        case NR_ROLE_TITLE:
            if (!a->title && !(a->title = nr_strdup(x->text)))
                st = TUTUR_E_NOMEM;
            break;
        case NR_ROLE_HEADING:
            st = nr_article_add(a, TUTUR_BLOCK_HEADING, x->rank, x->text);
            break;
        case NR_ROLE_LIST_ITEM:
            st = nr_article_add(a, TUTUR_BLOCK_LIST_ITEM, 0, x->text);
            break;
        case NR_ROLE_PARAGRAPH:
            if (nr_text_bullet(x->text, &skip))
                st = nr_article_add(a, TUTUR_BLOCK_LIST_ITEM, 0, x->text + skip);
            else
                st = nr_article_add(a, TUTUR_BLOCK_PARAGRAPH, 0, x->text);
            break;
        case NR_ROLE_GONE:
            break;
        }
    }
    if (st == TUTUR_OK && !a->title && !(a->title = fallback_title(&r->u)))
        st = TUTUR_E_NOMEM;
    return st;
}

tutur_status tutur_read_text(tutur_ctx *ctx, const char *name, const char *text, size_t len,
                             const tutur_lang *lang, tutur_article **out) {
    *out = NULL;
    tutur_status st = nr_check_text(ctx, name, text, len);
    if (st != TUTUR_OK)
        return st;
    reader r = {.ctx = ctx, .lang = lang};
    tutur_article *a = nr_article_new(name);
    st = a ? nr_text_units(text, len, lang ? &lang->function_words : NULL, &r.u)
           : TUTUR_E_NOMEM;
    if (st == TUTUR_OK && r.u.n &&
        !(r.ev = calloc(r.u.n, sizeof *r.ev)))
        st = TUTUR_E_NOMEM;
    if (st == TUTUR_OK && r.u.n) {
        if (r.u.wrap_width)
            nr_explain(ctx, "text: wrapped at %d columns", r.u.wrap_width);
        for (size_t i = 0; i < r.u.n; i++) {
            evidence *e = &r.ev[i];
            e->rule = lang ? nr_rules_match(lang->rules, r.u.items[i].text, &e->capture)
                           : NR_RULE_NONE;
            nr_prose_measure(lang ? &lang->function_words : NULL, r.u.items[i].text, &e->prose);
        }
        if (!mark_repeats(&r))
            st = TUTUR_E_NOMEM;
    }
    if (st == TUTUR_OK && r.u.n) {
        features(&r);
        explain_units(&r);
        choose_run(&r);
        find_body(&r);
        choose_title(&r);
        if (r.title < r.u.n)
            r.u.items[r.title].role = NR_ROLE_TITLE;
        a->date = take_date(&r);
        a->author = take_author(&r);
        drop_chrome(&r);
        nr_text_assign_roles(&r.u);
        explain_roles(&r);
        st = build(&r, a);
    }
    for (size_t i = 0; r.ev && i < r.u.n; i++)
        free(r.ev[i].capture);
    free(r.ev);
    nr_text_units_free(&r.u);
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
