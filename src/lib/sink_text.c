/* sink_text.c: plain-text outputs: the transcript (the article as
 * written, for podcast:transcript and for reading) and the M3U8 playlist
 * of per-chapter files. */
#include <stdio.h>

#include "output.h"

static tutur_status finish(tutur_ctx *ctx, tutur_output *o) {
    if (fflush(o->f) != 0 || ferror(o->f))
        return nr_fail(ctx, TUTUR_E_IO, "%s: cannot write", o->path);
    return TUTUR_OK;
}

tutur_status tutur_sink_transcript(tutur_ctx *ctx, const tutur_script *s, tutur_output *o) {
    nr_clear(ctx); /* a message is about the last call only */
    FILE *f = o->f;
    fprintf(f, "%s\n", s->title);
    if (s->author)
        fprintf(f, "%s\n", s->author);
    if (s->date)
        fprintf(f, "%s\n", s->date);
    for (size_t c = 0; c < s->n_chapters; c++)
        for (size_t i = 0; i < s->chapters[c].n_segments; i++) {
            const tutur_segment *g = &s->chapters[c].segments[i];
            switch (g->kind) {
            case TUTUR_SEG_TITLE:
                break; /* already at the top */
            case TUTUR_SEG_HEADING:
                fprintf(f, "\n\n%s\n", g->text);
                break;
            case TUTUR_SEG_LIST_ITEM:
                fprintf(f, "\n- %s", g->text);
                break;
            case TUTUR_SEG_QUOTE:
                fprintf(f, "\n\n> %s", g->text);
                break;
            case TUTUR_SEG_PARAGRAPH:
                fprintf(f, "\n\n%s", g->text);
                break;
            }
        }
    fputc('\n', f);
    return finish(ctx, o);
}

tutur_status tutur_sink_playlist(tutur_ctx *ctx, const tutur_script *s, const tutur_timeline *tl,
                                 const char *const *paths, tutur_output *o) {
    nr_clear(ctx); /* a message is about the last call only */
    FILE *f = o->f;
    fprintf(f, "#EXTM3U\n#PLAYLIST:%s\n", s->title);
    for (size_t c = 0; c < tl->n_chapters && c < s->n_chapters; c++) {
        int64_t from, to;
        tutur_chapter_range(tl, c, &from, &to);
        int64_t dur_ms = tutur_samples_to_ms(to - from, tl->rate);
        fprintf(f, "#EXTINF:%lld.%03lld,%s\n%s\n", (long long)(dur_ms / 1000),
                (long long)(dur_ms % 1000), s->chapters[c].title, paths[c]);
    }
    return finish(ctx, o);
}
