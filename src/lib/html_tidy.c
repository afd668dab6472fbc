/* html_tidy.c: the HTML reader's clean-up over the blocks it emitted
 * (read_html.c): pictures that repeat the headline or a heading; a name
 * closing the article (the writer); bold one-line paragraphs that introduce
 * text become sub-heads; label-like lines before the article's first and
 * after its last sentence ("Rate artikel ini", "More Photos"); headings that
 * introduce nothing (a "Jangan Lewatkan" box of links).  Every decision is
 * explained through the context. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "byline.h"
#include "html_emit.h"
#include "text_units.h"

/* The start of the character before byte K of S (K > 0). */
static size_t char_before(const char *s, size_t k) {
    do
        k--;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80);
    return k;
}

/* Ends like a sentence: ". ! ? …", or a closing quote or bracket after
 * one ("…kata dia.\"", "(Foto: X.)"); a colon introduces what follows. */
static bool h_closed(const char *s) {
    size_t n = strlen(s);
    if (!n)
        return false;
    size_t k = char_before(s, n);
    uint32_t c = nr_first_char(s + k);
    if ((c == '"' || c == 0x201D || c == '\'' || c == 0x2019 || c == ')') && k > 0)
        c = nr_first_char(s + char_before(s, k));
    else if (c == ':')
        return true;
    return c == '.' || c == '!' || c == '?' || c == 0x2026;
}

void h_tidy_drop(emitter *e, size_t i, const char *why) {
    e->info[i].gone = true;
    const char *s = e->a->blocks[i].text;
    nr_explain(e->ctx, "drop block \"%.*s\": %s", nr_excerpt(s), s, why);
}

static size_t next_kept(const emitter *e, size_t i) {
    while (i < e->a->n_blocks && e->info[i].gone)
        i++;
    return i;
}

/* Sentences with few links, or a long stretch of text. */
static bool prose(const emitter *e, size_t i) {
    const tutur_block *b = &e->a->blocks[i];
    if (b->kind == TUTUR_BLOCK_HEADING || e->info[i].gone || e->info[i].links > 0.3f ||
        (e->info[i].origin != O_TEXT && e->info[i].origin != O_TABLE))
        return false;
    return (h_closed(b->text) && nr_word_count(b->text) >= 4) || strlen(b->text) >= 120;
}

/* A picture whose description is the headline or a heading again. */
static void drop_repeated_pictures(emitter *e) {
    const char *label = nr_lang_label(e->lang, "image", "Gambar");
    size_t skip = label[0] ? strlen(label) + 2 : 0;
    for (size_t i = 0; i < e->a->n_blocks; i++) {
        if (e->info[i].origin != O_IMAGE || strlen(e->a->blocks[i].text) < skip)
            continue;
        const char *d = e->a->blocks[i].text + skip;
        bool again = e->a->title && strcasecmp(d, e->a->title) == 0;
        for (size_t k = 0; k < e->a->n_blocks && !again; k++)
            again = e->a->blocks[k].kind == TUTUR_BLOCK_HEADING &&
                    strcasecmp(d, e->a->blocks[k].text) == 0;
        if (again)
            h_tidy_drop(e, i, "the picture's description repeats the headline or a heading");
    }
}

/* A name on the article's last line, bold or in capitals: the writer. */
static void take_closing_name(emitter *e) {
    size_t last = e->a->n_blocks;
    while (last && e->info[last - 1].gone)
        last--;
    if (!last)
        return;
    tutur_block *b = &e->a->blocks[last - 1];
    size_t letters, upper;
    nr_letter_counts(b->text, &letters, &upper);
    bool caps = letters >= 4 && upper == letters;
    if (b->kind != TUTUR_BLOCK_PARAGRAPH || !(e->info[last - 1].bold || caps) ||
        !nr_name_shaped(b->text, 4) || nr_word_count(b->text) < 2)
        return;
    free(e->closing);
    e->closing = nr_strdup(b->text);
    h_tidy_drop(e, last - 1, "a name closing the article: the writer");
}

static int max_words_of(const char *s) {
    uint32_t c = nr_last_char(s);
    return c == '.' ? 8 : (c == '?' || c == '!') ? 10 : 14;
}

/* A bold one-line paragraph shaped like a sub-head: short, not a rule's
 * (a byline, "Baca juga"), not ended by a comma or a colon. */
static bool bold_candidate(const emitter *e, size_t i) {
    const tutur_block *b = &e->a->blocks[i];
    if (e->info[i].gone || !e->info[i].bold || b->kind != TUTUR_BLOCK_PARAGRAPH)
        return false;
    uint32_t last = nr_last_char(b->text);
    return strlen(b->text) <= 100 && nr_word_count(b->text) <= (size_t)max_words_of(b->text) &&
           last != ',' && last != ';' && last != ':' &&
           !(e->lang && nr_rules_match(e->lang->rules, b->text, NULL) != NR_RULE_NONE);
}

/* Bold one-line paragraphs that introduce text, directly or through the
 * bold sub-head under them ("BAB I" over "Pasal 1"), are sub-heads.  Their
 * levels start one below the heading of the markup before them; a kind of
 * sub-head ranks by its style (text_roles.c: "BAB" above numbered lines,
 * above plain ones), so every "Pasal" shares a level under every "BAB". */
static void bold_headings(emitter *e) {
    size_t n = e->a->n_blocks;
    bool *introduces = calloc(n ? n : 1, sizeof *introduces);
    if (!introduces) {
        e->st = TUTUR_E_NOMEM;
        return;
    }
    for (size_t i = n; i-- > 0;) {
        if (!bold_candidate(e, i))
            continue;
        size_t j = next_kept(e, i + 1);
        if (j == n)
            continue;
        const tutur_block *next = &e->a->blocks[j];
        introduces[i] = (!e->info[j].bold && e->info[j].origin == O_TEXT &&
                         (next->kind == TUTUR_BLOCK_PARAGRAPH ||
                          next->kind == TUTUR_BLOCK_LIST_ITEM ||
                          next->kind == TUTUR_BLOCK_QUOTE)) ||
                        introduces[j];
    }
    /* strongest first: "BAB", Roman numerals, capitals, numbers, plain */
    static const nr_style order[] = {NR_STYLE_BAB, NR_STYLE_ROMAN, NR_STYLE_CAPS,
                                     NR_STYLE_NUMBERED, NR_STYLE_WEAK};
    size_t start = 0;
    int base = 2;
    while (start < n) {
        /* a section: up to the next heading of the markup */
        size_t end = start;
        while (end < n && (e->info[end].gone || e->a->blocks[end].kind != TUTUR_BLOCK_HEADING))
            end++;
        bool present[8] = {false};
        for (size_t i = start; i < end; i++) {
            int depth;
            nr_style st = introduces[i] ? nr_text_style(e->a->blocks[i].text, &depth)
                                        : NR_STYLE_NONE;
            if (introduces[i])
                present[st == NR_STYLE_NONE ? NR_STYLE_WEAK : st] = true;
        }
        for (size_t i = start; i < end; i++) {
            if (!introduces[i])
                continue;
            tutur_block *b = &e->a->blocks[i];
            int depth, rank = 0;
            nr_style st = nr_text_style(b->text, &depth);
            if (st == NR_STYLE_NONE)
                st = NR_STYLE_WEAK;
            for (size_t k = 0; k < sizeof order / sizeof order[0] && order[k] != st; k++)
                rank += present[order[k]];
            b->kind = TUTUR_BLOCK_HEADING;
            b->level = base + rank > 6 ? 6 : base + rank;
            nr_explain(e->ctx, "heading (level %d) \"%.*s\": a bold line of its own that "
                               "introduces text", b->level, nr_excerpt(b->text), b->text);
        }
        if (end < n)
            base = e->a->blocks[end].level + 1;
        start = end + 1;
    }
    free(introduces);
}

/* A heading must introduce something: one whose section (until the next
 * heading of its level or above) holds no text is a box of links. */
static void drop_empty_sections(emitter *e) {
    for (size_t i = e->a->n_blocks; i-- > 0;) {
        const tutur_block *b = &e->a->blocks[i];
        if (e->info[i].gone || b->kind != TUTUR_BLOCK_HEADING)
            continue;
        bool content = false;
        for (size_t j = i + 1; j < e->a->n_blocks && !content; j++) {
            if (e->info[j].gone)
                continue;
            if (e->a->blocks[j].kind == TUTUR_BLOCK_HEADING) {
                if (e->a->blocks[j].level <= b->level)
                    break;
                continue; /* a sub-section of its own: judged by itself */
            }
            content = true;
        }
        bool sub = false; /* a kept sub-heading counts as content */
        for (size_t j = i + 1; j < e->a->n_blocks && !content && !sub; j++) {
            if (e->info[j].gone)
                continue;
            if (e->a->blocks[j].kind != TUTUR_BLOCK_HEADING || e->a->blocks[j].level <= b->level)
                break;
            sub = true;
        }
        if (!content && !sub)
            h_tidy_drop(e, i, "a heading that introduces no text");
    }
}

/* Lines shaped like labels ("Rate artikel ini", "More Photos", "Credits
 * (2)") before the article's first sentence or after its last. */
static bool label_like(const emitter *e, size_t i) {
    const tutur_block *b = &e->a->blocks[i];
    if (e->info[i].origin != O_TEXT || b->kind == TUTUR_BLOCK_HEADING)
        return false;
    return e->info[i].links > 0.5f || (!h_closed(b->text) && nr_word_count(b->text) <= 8);
}

static void trim_edges(emitter *e) {
    size_t first = e->a->n_blocks, last = 0;
    for (size_t i = 0; i < e->a->n_blocks; i++)
        if (prose(e, i)) {
            if (first == e->a->n_blocks)
                first = i;
            last = i;
        }
    if (first == e->a->n_blocks)
        return; /* no sentence anywhere: nothing to measure by */
    for (size_t i = 0; i < first; i++)
        if (!e->info[i].gone && e->a->blocks[i].kind == TUTUR_BLOCK_PARAGRAPH && label_like(e, i))
            h_tidy_drop(e, i, "a label before the article's first sentence");
    /* a list the last sentence introduces ("...berikut:") belongs to it */
    bool introduced = nr_last_char(e->a->blocks[last].text) == ':';
    for (size_t i = last + 1; i < e->a->n_blocks; i++) {
        if (e->info[i].gone)
            continue;
        if (introduced && e->a->blocks[i].kind == TUTUR_BLOCK_LIST_ITEM)
            continue;
        introduced = false;
        if (label_like(e, i) || (e->a->blocks[i].kind == TUTUR_BLOCK_LIST_ITEM &&
                                 e->info[i].origin == O_TEXT &&
                                 !h_closed(e->a->blocks[i].text) &&
                                 nr_word_count(e->a->blocks[i].text) <= 4))
            h_tidy_drop(e, i, "a label after the article's last sentence");
    }
}

static void compact(emitter *e) {
    size_t keep = 0;
    for (size_t i = 0; i < e->a->n_blocks; i++) {
        if (e->info[i].gone) {
            free(e->a->blocks[i].text);
            free(e->a->blocks[i].lang);
            continue;
        }
        e->info[keep] = e->info[i];
        e->a->blocks[keep++] = e->a->blocks[i];
    }
    e->a->n_blocks = keep;
}

static void explain_blocks(emitter *e) {
    if (!nr_explaining(e->ctx))
        return;
    static const char *const kinds[] = {"heading", "paragraph", "list item", "quote"};
    for (size_t i = 0; i < e->a->n_blocks; i++) {
        const tutur_block *b = &e->a->blocks[i];
        char role[32];
        if (b->kind == TUTUR_BLOCK_HEADING)
            snprintf(role, sizeof role, "heading %d", b->level);
        else
            snprintf(role, sizeof role, "%s", kinds[b->kind]);
        nr_explain(e->ctx, "keep %s \"%.*s\" (%zu words, %.0f%% links%s%s)", role,
                   nr_excerpt(b->text), b->text, nr_word_count(b->text), 100 * e->info[i].links,
                   e->info[i].bold ? ", bold" : "", prose(e, i) ? ", prose" : "");
    }
}

void h_tidy(emitter *e) {
    drop_repeated_pictures(e);
    take_closing_name(e);
    bold_headings(e);
    trim_edges(e);
    drop_empty_sections(e);
    compact(e);
    explain_blocks(e);
}
