/* test_segmenter: reads a plain-text fixture and compares the Article the
 * reader builds with an expectation file, one line per item:
 *     title: TEXT        author: NAME (or -)      date: YYYY-MM-DD (or -)
 *     hN: TEXT           a heading of level N
 *     p: TEXT            a paragraph
 *     li: TEXT           a list item
 * A TEXT ending in "..." matches any text that starts with what precedes it.
 * Usage: test_segmenter DATA_DIR FIXTURE EXPECTED */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tutur.h"

static char *dump(const tutur_article *a) {
    size_t cap = 1 << 20, n = 0;
    char *out = malloc(cap);
    n += (size_t)snprintf(out + n, cap - n, "title: %s\nauthor: %s\ndate: %s\n", a->title,
                          a->author ? a->author : "-", a->date ? a->date : "-");
    for (size_t i = 0; i < a->n_blocks && n < cap; i++) {
        const tutur_block *b = &a->blocks[i];
        switch (b->kind) {
        case TUTUR_BLOCK_HEADING:
            n += (size_t)snprintf(out + n, cap - n, "h%d: %s\n", b->level, b->text);
            break;
        case TUTUR_BLOCK_LIST_ITEM:
            n += (size_t)snprintf(out + n, cap - n, "li: %s\n", b->text);
            break;
        default:
            n += (size_t)snprintf(out + n, cap - n, "p: %s\n", b->text);
            break;
        }
    }
    return out;
}

static char *next_line(char **cursor) {
    char *s = *cursor;
    if (!s || !*s)
        return NULL;
    char *nl = strchr(s, '\n');
    if (nl) {
        *nl = '\0';
        *cursor = nl + 1;
    } else {
        *cursor = s + strlen(s);
    }
    return s;
}

static int matches(const char *got, const char *want) {
    size_t n = strlen(want);
    if (n >= 3 && strcmp(want + n - 3, "...") == 0)
        return strncmp(got, want, n - 3) == 0;
    return strcmp(got, want) == 0;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: test_segmenter DATA_DIR FIXTURE EXPECTED\n");
        return 2;
    }
    tutur_ctx *ctx;
    tutur_lang *lang;
    tutur_article *a;
    tutur_ctx_create(&ctx);
    tutur_ctx_add_data_dir(ctx, argv[1]);
    if (tutur_lang_load(ctx, "id", &lang) != TUTUR_OK ||
        tutur_read_text_file(ctx, argv[2], lang, &a) != TUTUR_OK) {
        fprintf(stderr, "%s\n", tutur_ctx_message(ctx));
        return 1;
    }
    char *got = dump(a), *gcur = got;
    FILE *f = fopen(argv[3], "r");
    if (!f) {
        fprintf(stderr, "%s: cannot open\n", argv[3]);
        return 1;
    }
    char *want = calloc(1, 1 << 20);
    size_t wn = fread(want, 1, (1 << 20) - 1, f);
    want[wn] = '\0';
    fclose(f);
    char *wcur = want;
    int failures = 0, line = 0;
    for (;;) {
        char *g = next_line(&gcur), *w = next_line(&wcur);
        line++;
        if (!g && !w)
            break;
        if (!g || !w || !matches(g, w)) {
            fprintf(stderr, "%s:%d:\n  expected: %s\n  got:      %s\n", argv[3], line,
                    w ? w : "(end)", g ? g : "(end)");
            failures++;
            break;
        }
    }
    free(got);
    free(want);
    tutur_article_destroy(a);
    tutur_lang_destroy(lang);
    tutur_ctx_destroy(ctx);
    return failures ? 1 : 0;
}
