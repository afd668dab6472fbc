/* read_text.c: the plain-text reader, for articles pasted or scraped from
 * web pages, from a paragraph alone to a whole page with its menus.  Plain
 * text has no markup, so everything is inferred:
 *
 * 1. Units (text_units.c): lines, with hard-wrapped paragraphs joined.
 * 2. Evidence (line_model.c): every unit's length, words, function words,
 *    closing punctuation, capitals, digits, separators, rules, repetition and
 *    the runs of short lines or headlines it is in (its place among its
 *    neighbours is what step 3 weighs); a model learned from labelled pages (voices/LANG/
 *    text-reader.model, written by scripts/tune-text-reader) turns it into
 *    the probability that the unit is article text.
 * 3. The article is the best contiguous run of units: each scores its
 *    log-odds plus a prior, weighted by its length, and the run with the
 *    greatest sum wins (a whole page's menu, related headlines and footer
 *    fall outside it; a selected article is nearly all of it).  Sentences,
 *    list items and marked headings next to it that show no sign of a page
 *    join it: only page chrome is cut away.
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


#include "text_reader.h"


/* ----- evidence ----- */

static int by_text(const void *a, const void *b, void *arg) {
    const nr_units *u = arg;
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
    qsort_r(idx, n, sizeof *idx, by_text, &r->u);
    for (size_t i = 1; i < n; i++)
        if (strcmp(r->u.items[idx[i]].text, r->u.items[idx[i - 1]].text) == 0)
            r->ev[idx[i]].repeated = r->ev[idx[i - 1]].repeated = true;
    free(idx);
    return true;
}

/* A short line: a menu item, a label; not one that introduces what
 * follows ("Bahan-bahan:"). */
static bool short_line(const nr_unit *x, const nr_prose *p) {
    return p->words <= 6 && !p->closed && nr_last_char(x->text) != ':';
}

bool nr_headline_like(const evidence *e) {
    return e->rule == NR_RULE_NONE && e->prose.words >= 4 &&
           (e->prose.title_shape || (e->prose.marker && !e->prose.closed));
}

/* A box a rule's label opens ("Baca Juga", "Berita Terkait" on a line of
 * its own): the headlines listed under it go with the label. */
static void drop_boxes(reader *r) {
    for (size_t i = 0; i + 1 < r->u.n && r->lang; i++) {
        if (r->ev[i].rule != NR_RULE_DROP ||
            !nr_rules_match_only(r->lang->rules, r->u.items[i].text, NR_RULE_BOX, NULL))
            continue;
        size_t j = i + 1;
        while (j < r->u.n && r->ev[j].rule == NR_RULE_NONE && nr_headline_like(&r->ev[j]) &&
               !nr_prose_is_prose(&r->ev[j].prose)) {
            r->ev[j].rule = NR_RULE_DROP;
            nr_explain(r->ctx, "unit %zu \"%.*s\" is in the box unit %zu opens", j + 1,
                       nr_excerpt(r->u.items[j].text), r->u.items[j].text, i + 1);
            j++;
        }
        i = j - 1;
    }
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
        f[NR_F_RULE_META] = nr_is_meta(e->rule);
        f[NR_F_SEPARATORS] = fmin((double)p->separators, 3.0);
        f[NR_F_REPEATED] = e->repeated;
        f[NR_F_LOWER_START] = p->lower_start;
        f[NR_F_LINKISH] = p->linkish;
        f[NR_F_MARKER] = p->marker;
    }
    /* runs of short lines: menus, share rows, headline lists; or the items
     * of a list that the line before them introduces ("Bahan-bahan:") */
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && (short_line(&r->u.items[j], &r->ev[j].prose) || r->ev[j].prose.marker))
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
        while (j < n && nr_headline_like(&r->ev[j]))
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

/* A sign of the page around an article: chrome a rule names, a line in a
 * run of four short ones or more that are no list's items (a menu), one of
 * three headlines or more in a row, an address on a line of its own, a line
 * of separated items. */
static bool page_sign(const evidence *e) {
    return e->rule == NR_RULE_DROP ||
           (e->f[NR_F_BOX] >= log1p(4.0) - 1e-9 && !e->prose.marker &&
            e->f[NR_F_INTRODUCED] == 0) ||
           e->f[NR_F_HEADLINES] >= log1p(3.0) - 1e-9 ||
           (e->prose.linkish && e->prose.words <= 3) || e->prose.separators >= 2;
}

static bool ends_with_period(const char *s);

static bool extends_run(const reader *r, size_t i) {
    const evidence *e = &r->ev[i];
    const char *t = r->u.items[i].text;
    if (page_sign(e) || e->rule != NR_RULE_NONE)
        return false;
    int depth;
    nr_style st = nr_text_style(t, &depth);
    return ends_with_period(t) || e->prose.marker || nr_last_char(t) == ':' ||
           e->prose.words >= 12 || st == NR_STYLE_BAB || st == NR_STYLE_ROMAN ||
           st == NR_STYLE_NUMBERED || st == NR_STYLE_CAPS;
}

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
        if (r->ev[i].rule != NR_RULE_NONE || r->ev[i].caption)
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
    /* Sentences, list items, lines that introduce them and marked headings
     * next to the run, with no sign of a page, are the article's too (a list
     * of ingredients, a closing line): only page chrome is cut away. */
    while (r->run_first > 0 && extends_run(r, r->run_first - 1))
        r->run_first--;
    while (r->run_last + 1 < n && extends_run(r, r->run_last + 1))
        r->run_last++;
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
        else if (r->title < r->u.n && strcmp(x->text, r->u.items[r->title].text) == 0)
            why = "the headline again";
        else if (e->p < keep && !e->prose.marker && !e->prose.closed &&
                 nr_last_char(x->text) != ':' && e->prose.words <= 8) {
            int depth;
            nr_style s = nr_text_style(x->text, &depth);
            /* a line of its own that introduces a paragraph is a heading
             * ("Penutup"), not a label */
            bool heading = s == NR_STYLE_WEAK && e->f[NR_F_BOX] < log1p(2.0) && i + 1 < r->u.n &&
                           (r->ev[i + 1].prose.closed || nr_prose_is_prose(&r->ev[i + 1].prose));
            if ((s == NR_STYLE_NONE || s == NR_STYLE_WEAK) && !heading)
                why = "a short line that looks like chrome";
        }
        if (why) {
            x->role = NR_ROLE_GONE;
            nr_explain(r->ctx, "drop unit %zu \"%.*s\": %s (p=%.2f)", i + 1, nr_excerpt(x->text),
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
                   x->n_lines - 1, e->p, f, nr_excerpt(x->text), x->text);
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
                   nr_excerpt(x->text), x->text);
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
    nr_clear(ctx); /* a message is about the last call only */
    *out = NULL;
    nr_alloc_begin();
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
            e->caption = lang && e->rule == NR_RULE_NONE &&
                         nr_rules_match_only(lang->rules, r.u.items[i].text, NR_RULE_CAPTION, NULL);
        }
        if (!mark_repeats(&r))
            st = TUTUR_E_NOMEM;
        drop_boxes(&r);
    }
    if (st == TUTUR_OK && r.u.n) {
        features(&r);
        explain_units(&r);
        choose_run(&r);
        find_body(&r);
        nr_text_choose_title(&r);
        if (r.title < r.u.n)
            r.u.items[r.title].role = NR_ROLE_TITLE;
        a->date = nr_text_take_date(&r);
        a->author = nr_text_take_author(&r);
        drop_chrome(&r);
        nr_text_assign_roles(&r.u);
        explain_roles(&r);
        st = build(&r, a);
    }
    for (size_t i = 0; r.ev && i < r.u.n; i++)
        free(r.ev[i].capture);
    free(r.ev);
    nr_text_units_free(&r.u);
    if (st == TUTUR_OK && nr_alloc_failed)
        st = TUTUR_E_NOMEM; /* somewhere a "not found" may have been "no memory" */
    if (st == TUTUR_OK && a->n_blocks == 0)
        st = nr_fail(ctx, TUTUR_E_EMPTY, "%s: nothing to read aloud (only page chrome)", name);
    else if (st == TUTUR_E_NOMEM)
        nr_fail(ctx, st, "%s: out of memory", name);
    if (st != TUTUR_OK) {
        tutur_article_destroy(a);
        return st;
    }
    nr_article_clean(a);
    *out = a;
    return TUTUR_OK;
}

tutur_status tutur_read_text_file(tutur_ctx *ctx, const char *path, const tutur_lang *lang,
                                  tutur_article **out) {
    nr_clear(ctx); /* a message is about the last call only */
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
