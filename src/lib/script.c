/* script.c: the Script, what will be said. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

size_t tutur_script_segment_count(const tutur_script *script) {
    size_t n = 0;
    for (size_t c = 0; c < script->n_chapters; c++)
        n += script->chapters[c].n_segments;
    return n;
}

void tutur_script_destroy(tutur_script *s) {
    if (!s)
        return;
    for (size_t c = 0; c < s->n_chapters; c++) {
        tutur_chapter *ch = &s->chapters[c];
        for (size_t i = 0; i < ch->n_segments; i++) {
            free(ch->segments[i].text);
            free(ch->segments[i].spoken);
            free(ch->segments[i].sentences);
            free(ch->segments[i].lang);
        }
        free(ch->segments);
        free(ch->title);
    }
    free(s->chapters);
    free(s->title);
    free(s->author);
    free(s->date);
    free(s->published);
    free(s->url);
    free(s->language);
    free(s->description);
    free(s);
}

/* TEXT cut at the last space that leaves room for the ellipsis. */
static char *cut_to(const char *text, size_t max) {
    size_t n = strlen(text);
    if (n <= max)
        return nr_strdup(text);
    size_t cut = max > 4 ? max - 4 : 0;
    while (cut > 0 && text[cut] != ' ')
        cut--;
    if (cut == 0)
        return NULL;
    nr_buf b = {0};
    nr_buf_append(&b, text, cut);
    nr_buf_puts(&b, "\xE2\x80\xA6"); /* … */
    return nr_buf_take(&b);
}

char *tutur_script_summary(const tutur_script *s, size_t max) {
    if (s->description && s->description[0])
        return cut_to(s->description, max);
    for (size_t c = 0; c < s->n_chapters; c++)
        for (size_t i = 0; i < s->chapters[c].n_segments; i++) {
            const tutur_segment *g = &s->chapters[c].segments[i];
            if (g->kind == TUTUR_SEG_PARAGRAPH && g->text[0])
                return cut_to(g->text, max);
        }
    return NULL;
}

uint64_t nr_script_id(const tutur_script *s) {
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    const char *parts[] = {s->title, s->author ? s->author : "", s->date ? s->date : ""};
    for (size_t i = 0; i < 3; i++)
        for (const char *p = parts[i]; *p; p++)
            h = (h ^ (unsigned char)*p) * 1099511628211ull;
    return h;
}
