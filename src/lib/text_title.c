/* text_title.c: the plain-text reader's metadata (see read_text.c): the
 * headline just above the article, by a learned model of the evidence
 * (the share of its content words the body holds, a dateline or byline
 * under it, repetition, being one of a list of headlines, shortness,
 * paragraphs between it and the body); a headline glued to the caption
 * under it is split off, one in capitals on two lines joined; the dateline
 * and the byline near the title and the article's ends. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "byline.h"
#include "text_reader.h"

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
    while (a > 0 && nr_headline_like(&r->ev[a - 1]))
        a--;
    while (b + 1 < r->u.n && nr_headline_like(&r->ev[b + 1]))
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
        if (nr_is_meta(r->ev[k].rule)) {
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

static bool all_caps(const char *s) {
    size_t letters, upper;
    nr_letter_counts(s, &letters, &upper);
    return letters >= 4 && upper == letters;
}

/* A headline in capitals printed on two lines: the line above or below the
 * chosen one, in capitals too, shaped like a headline, joins it. */
static void join_caps_title(reader *r) {
    size_t t = r->title;
    if (!all_caps(r->u.items[t].text))
        return;
    for (int side = 0; side < 2; side++) {
        size_t o = side == 0 ? t - 1 : t + 1;
        if ((side == 0 && t == 0) || o >= r->u.n || r->ev[o].rule != NR_RULE_NONE ||
            r->u.items[o].role == NR_ROLE_GONE || !all_caps(r->u.items[o].text) ||
            !headline_shaped(r->u.items[o].text, strlen(r->u.items[o].text)) ||
            strlen(r->u.items[o].text) + strlen(r->u.items[t].text) > 200)
            continue;
        size_t first = side == 0 ? o : t, second = side == 0 ? t : o;
        nr_buf b = {0};
        nr_buf_puts(&b, r->u.items[first].text);
        nr_buf_putc(&b, ' ');
        nr_buf_puts(&b, r->u.items[second].text);
        char *joined = nr_buf_take(&b);
        if (!joined)
            return;
        free(r->u.items[t].text);
        r->u.items[t].text = joined;
        r->u.items[o].role = NR_ROLE_GONE;
        nr_explain(r->ctx, "title: unit %zu joins it, the headline's other line in capitals",
                   o + 1);
        if (r->run_first <= o)
            r->run_first = o + 1;
        return;
    }
}

void nr_text_choose_title(reader *r) {
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
                       nr_excerpt(x->text) < (int)(whole ? strlen(x->text) : x->first_len)
                           ? nr_excerpt(x->text)
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
        join_caps_title(r);
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

char *nr_text_take_date(reader *r) {
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

char *nr_text_take_author(reader *r) {
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
        /* in capitals; or right under the article's last paragraph, the
         * run's last line or the page's last, and not one of a list of
         * headlines */
        bool caps = letters >= 4 && upper == letters;
        bool under = i == r->body_last + 1 || i + 1 == last || next_unruled(r, i + 1) == r->u.n;
        if (!caps && (!under || r->ev[i].f[NR_F_HEADLINES] > 0))
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
