/* html_article.c: where the article is in a page (see html_article.h).
 *
 * The way Mozilla Readability does it, with more evidence:
 * 1. Every paragraph-like unit votes for its ancestors: a <p>, <pre>, <td>
 *    or <dd>, and the text an element holds directly (an article written as
 *    loose text with <br><br> between paragraphs).  A unit's vote grows with
 *    its paragraphs (<br><br> counts as a paragraph break, so one <p> of
 *    ten paragraphs is worth ten), its commas and its length, and shrinks
 *    with the share of its text inside links.  The parent gets the whole
 *    vote, the grandparent half, older ancestors less.
 * 2. Candidates start with a bonus or malus from their tag, and from their
 *    class or id (html-content.rules, html-junk.rules); microdata
 *    itemprop=articleBody is a strong bonus.  The final score is the votes
 *    times one minus the candidate's link density: a sidebar of headlines
 *    is mostly links.
 * 3. The best candidate is widened when several near-best candidates share
 *    an ancestor (an article split across boxes), or when its parent scores
 *    higher still.
 * 4. Siblings of the winner that are prose too (a paragraph the template
 *    put outside the box, the second half after an advertisement) join it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "html_article.h"

#define MIN_UNIT_TEXT 25  /* bytes: shorter units do not vote */
#define MIN_ARTICLE_TEXT 250

static const h_node *node(const h_tree *t, uint32_t i) { return &t->nodes[i]; }

/* Counts ',' (and the Indonesian and CJK commas) in every subtree. */
static uint32_t *count_commas(const h_tree *t) {
    uint32_t *c = calloc(t->n, sizeof *c);
    if (!c)
        return NULL;
    for (size_t i = t->n; i-- > 1;) {
        const h_node *n = node(t, (uint32_t)i);
        if (n->tag == H_TEXT) {
            const char *s = h_str(t, n->str);
            for (uint32_t k = 0; k < n->len; k++)
                c[i] += s[k] == ',';
        }
        c[n->parent] += c[i];
    }
    return c;
}

/* Paragraph breaks made of two <br> in a row among I's children. */
static uint32_t double_breaks(const h_tree *t, uint32_t i) {
    uint32_t count = 0;
    bool after_br = false;
    for (uint32_t c = node(t, i)->first; c; c = node(t, c)->next) {
        const h_node *n = node(t, c);
        if (n->tag == H_BR) {
            if (after_br) {
                count++;
                after_br = false;
            } else {
                after_br = true;
            }
        } else if (n->tag == H_TEXT) {
            const char *s = h_str(t, n->str);
            for (uint32_t k = 0; k < n->len; k++)
                if ((unsigned char)s[k] > ' ') {
                    after_br = false;
                    break;
                }
        } else {
            after_br = false;
        }
    }
    return count;
}

/* The text an element holds itself: text nodes and inline elements among
 * its children (not its block children). */
static void direct_text(const h_tree *t, uint32_t i, uint32_t *text, uint32_t *links) {
    *text = *links = 0;
    for (uint32_t c = node(t, i)->first; c; c = node(t, c)->next) {
        const h_node *n = node(t, c);
        if (n->tag == H_TEXT || !h_is_block(n->tag)) {
            *text += n->text_total;
            *links += n->link_total;
        }
    }
}

static double tag_bonus(const h_node *n) {
    switch (n->tag) {
    case H_DIV: case H_ARTICLE: case H_SECTION: case H_MAIN: return 5;
    case H_PRE: case H_TD: case H_BLOCKQUOTE: return 3;
    case H_ADDRESS: case H_OL: case H_UL: case H_DL: case H_DD: case H_DT: case H_LI:
    case H_FORM: return -3;
    case H_H1: case H_H2: case H_H3: case H_H4: case H_H5: case H_H6: case H_TH: return -5;
    default: return 0;
    }
}

static double class_bonus(const h_node *n) {
    double b = 0;
    if (n->flags & HF_CONTENT)
        b += 25;
    if (n->flags & HF_JUNK)
        b -= 25;
    if (n->flags & HF_ARTICLE_BODY)
        b += 50;
    if (n->tag == H_ARTICLE || n->tag == H_MAIN || (n->flags & HF_ROLE_MAIN))
        b += 10;
    return b;
}

static double link_density(const h_node *n) {
    return n->text_total ? (double)n->link_total / (double)n->text_total : 0.0;
}

typedef struct scorer {
    const h_tree *t;
    double *score; /* votes and bonus */
    double *votes; /* votes alone: what siblings are judged by */
    uint8_t *init;
} scorer;

static void vote(scorer *s, uint32_t i, double v) {
    if (!s->init[i]) {
        s->init[i] = 1;
        s->score[i] = tag_bonus(node(s->t, i)) + class_bonus(node(s->t, i));
    }
    s->score[i] += v;
    s->votes[i] += v;
}

/* Step 1: every unit's vote, to its ancestors. */
static void cast_votes(scorer *s, const uint32_t *commas) {
    const h_tree *t = s->t;
    for (uint32_t i = 1; i < t->n; i++) {
        const h_node *n = node(t, i);
        if (n->tag == H_TEXT || (n->flags & HF_CHROME))
            continue;
        uint32_t text, links;
        uint32_t first; /* the first ancestor that gets the whole vote */
        if (n->tag == H_P || n->tag == H_PRE || n->tag == H_TD || n->tag == H_DD) {
            text = n->text_total;
            links = n->link_total;
            first = n->parent;
        } else if (n->tag == H_DIV || n->tag == H_SECTION || n->tag == H_ARTICLE ||
                   n->tag == H_MAIN || n->tag == H_BODY) {
            /* loose text: the element is its text's paragraph container */
            direct_text(t, i, &text, &links);
            first = i;
        } else {
            continue;
        }
        if (text < MIN_UNIT_TEXT || !first)
            continue;
        double paragraphs = 1.0 + double_breaks(t, i);
        /* an element's direct text has at most its own commas */
        double c = n->tag == H_P || n->tag == H_PRE || n->tag == H_TD || n->tag == H_DD
                       ? commas[i]
                       : fmin(commas[i], text / 20.0);
        double v = paragraphs + c + fmin(text / 100.0, 3.0 * paragraphs);
        v *= 1.0 - (double)links / (double)text;
        uint32_t a = first;
        for (int level = 0; a && level < 5; level++, a = node(t, a)->parent) {
            if (node(t, a)->flags & HF_CHROME)
                break;
            vote(s, a, level == 0 ? v : level == 1 ? v / 2 : v / (level * 3));
        }
    }
}

static bool inside(const h_tree *t, uint32_t i, uint32_t ancestor) {
    for (; i; i = node(t, i)->parent)
        if (i == ancestor)
            return true;
    return false;
}

static uint32_t element_children(const h_tree *t, uint32_t i) {
    uint32_t n = 0;
    for (uint32_t c = node(t, i)->first; c; c = node(t, c)->next)
        n += node(t, c)->tag != H_TEXT;
    return n;
}

/* A sibling of the winner joins it when it scores well, or is a paragraph
 * of prose with few links. */
static bool joins(const scorer *s, uint32_t c, uint32_t win, double threshold) {
    const h_node *n = node(s->t, c);
    if (n->tag == H_TEXT || (n->flags & HF_CHROME))
        return false;
    if (s->init[c] && s->votes[c] * (1.0 - link_density(n)) >= threshold)
        return true;
    /* another box of the winner's class with prose in it: the article
     * split into pages, or into one box a paragraph */
    if (n->cls && n->cls == node(s->t, win)->cls && s->votes[c] > 0 && link_density(n) < 0.5)
        return true;
    /* the article's picture, with its caption */
    uint32_t end = h_subtree_end(s->t, c);
    for (uint32_t k = c; k < end; k++)
        if (node(s->t, k)->tag == H_FIGCAPTION)
            return link_density(n) < 0.3 && n->text_total < 600;
    if (n->tag != H_P)
        return false;
    double ld = link_density(n);
    if (n->text_total > 80 && ld < 0.25)
        return true;
    if (n->text_total == 0 || ld > 0)
        return false;
    /* a short paragraph with no links that ends a sentence */
    uint32_t last = n->last;
    while (last && node(s->t, last)->tag != H_TEXT)
        last = node(s->t, last)->last;
    if (!last)
        return false;
    const char *str = h_str(s->t, node(s->t, last)->str);
    uint32_t k = node(s->t, last)->len;
    while (k && (unsigned char)str[k - 1] <= ' ')
        k--;
    return k && strchr(".!?\"", str[k - 1]);
}

static bool push(h_article *out, uint32_t i) {
    uint32_t *p = nr_grow(out->nodes, &out->cap, out->n + 1, sizeof *p);
    if (!p)
        return false;
    out->nodes = p;
    out->nodes[out->n++] = i;
    return true;
}

bool h_find_article(tutur_ctx *ctx, const h_tree *t, h_article *out) {
    memset(out, 0, sizeof *out);
    /* microdata that names the body is the publisher's own word */
    uint32_t marked = 0;
    for (uint32_t i = 1; i < t->n; i++)
        if ((node(t, i)->flags & HF_ARTICLE_BODY) && node(t, i)->text_total >= MIN_ARTICLE_TEXT &&
            (!marked || node(t, i)->text_total > node(t, marked)->text_total))
            marked = i;
    if (marked) {
        nr_explain(ctx, "article: element %u, itemprop=articleBody (%u bytes of text)", marked,
                   node(t, marked)->text_total);
        return push(out, marked);
    }
    uint32_t *commas = count_commas(t);
    scorer s = {t, calloc(t->n, sizeof(double)), calloc(t->n, sizeof(double)), calloc(t->n, 1)};
    if (!commas || !s.score || !s.votes || !s.init) {
        free(commas);
        free(s.score);
        free(s.votes);
        free(s.init);
        return false;
    }
    cast_votes(&s, commas);
    /* Step 2: the best candidates, scored with their link density. */
    enum { TOP = 5 };
    uint32_t top[TOP] = {0};
    double best[TOP] = {0};
    for (uint32_t i = 1; i < t->n; i++) {
        if (!s.init[i])
            continue;
        double v = s.score[i] * (1.0 - link_density(node(t, i)));
        s.score[i] = v;
        for (int k = 0; k < TOP; k++)
            if (!top[k] || v > best[k]) {
                memmove(top + k + 1, top + k, (TOP - 1 - (size_t)k) * sizeof *top);
                memmove(best + k + 1, best + k, (TOP - 1 - (size_t)k) * sizeof *best);
                top[k] = i;
                best[k] = v;
                break;
            }
    }
    uint32_t win = top[0];
    bool ok = true;
    if (!win) {
        nr_explain(ctx, "article: no paragraph anywhere; the whole page");
        ok = push(out, 0);
        goto done;
    }
    for (int k = 0; k < TOP && top[k]; k++)
        nr_explain(ctx, "article: candidate %d: element %u (<%s>), score %.1f (%u bytes, %.0f%% "
                        "links)", k + 1, top[k], h_tag_name(node(t, top[k])->tag), best[k],
                   node(t, top[k])->text_total, 100 * link_density(node(t, top[k])));
    /* Step 3: near-best candidates elsewhere widen the choice to the
     * ancestor that holds three of them. */
    for (uint32_t a = node(t, win)->parent; a && node(t, a)->tag != H_BODY;
         a = node(t, a)->parent) {
        int held = 0; /* by their votes: a class's bonus alone widens nothing */
        for (int k = 1; k < TOP; k++)
            held += top[k] && best[k] >= 0.75 * best[0] &&
                    s.votes[top[k]] >= 0.75 * s.votes[top[0]] && inside(t, top[k], a);
        if (held >= 3) {
            nr_explain(ctx, "article: widened to element %u, which holds %d near-best "
                            "candidates", a, held);
            win = a;
            break;
        }
    }
    /* A parent that scores higher holds more of the article. */
    double last = s.init[win] ? s.score[win] : 0, floor = last / 3;
    for (uint32_t a = node(t, win)->parent; a && node(t, a)->tag != H_BODY;
         a = node(t, a)->parent) {
        if (!s.init[a])
            continue;
        if (s.score[a] < floor)
            break;
        if (s.score[a] > last) {
            nr_explain(ctx, "article: its parent element %u scores higher (%.1f)", a,
                       s.score[a]);
            win = a;
            break;
        }
        last = s.score[a];
    }
    while (node(t, win)->parent && node(t, node(t, win)->parent)->tag != H_BODY &&
           element_children(t, node(t, win)->parent) == 1)
        win = node(t, win)->parent;
    /* Step 4: siblings that are prose join. */
    uint32_t parent = node(t, win)->parent;
    double threshold = fmax(10.0, 0.2 * (s.init[win] ? s.votes[win] : 0));
    if (!parent || node(t, win)->tag == H_BODY) {
        ok = push(out, win);
        goto done;
    }
    for (uint32_t c = node(t, parent)->first; c && ok; c = node(t, c)->next) {
        if (c == win || joins(&s, c, win, threshold)) {
            if (c != win)
                nr_explain(ctx, "article: sibling element %u (<%s>) joins (%u bytes, votes %.1f)",
                           c, h_tag_name(node(t, c)->tag), node(t, c)->text_total,
                           s.votes[c]);
            ok = push(out, c);
        }
    }
done:
    free(commas);
    free(s.score);
    free(s.votes);
    free(s.init);
    return ok;
}

void h_article_free(h_article *a) {
    free(a->nodes);
    memset(a, 0, sizeof *a);
}
