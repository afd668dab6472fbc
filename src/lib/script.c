/* script.c: the Script, what will be said. */
#include <stdlib.h>

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
        }
        free(ch->segments);
        free(ch->title);
    }
    free(s->chapters);
    free(s->title);
    free(s->author);
    free(s->date);
    free(s->language);
    free(s);
}
