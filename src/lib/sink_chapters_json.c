/* sink_chapters_json.c: Podcasting 2.0 JSON chapters (version 1.2.0),
 * read by podcast apps from the feed's <podcast:chapters> link.
 *
 * startTime is in seconds with millisecond precision, from the same
 * millisecond as the Opus CHAPTERnnn comments: printed with just enough
 * significant digits for the longest time, so 12.345 stays "12.345". */
#include <jansson.h>
#include <stdlib.h>

#include "output.h"

tutur_status tutur_sink_chapters_json(tutur_ctx *ctx, const tutur_script *s,
                                      const tutur_timeline *tl, tutur_output *o) {
    nr_clear(ctx); /* a message is about the last call only */
    json_t *chapters = json_array();
    json_t *root = json_pack("{s:s, s:s, s:o}", "version", "1.2.0", "title", s->title,
                             "chapters", chapters);
    bool ok = root && (!s->author || json_object_set_new(root, "author",
                                                         json_string(s->author)) == 0);
    int64_t last_ms = 0;
    for (size_t c = 0; ok && c < tl->n_chapters && c < s->n_chapters; c++) {
        int64_t when = tutur_samples_to_ms(tl->chapter_starts[c], tl->rate);
        last_ms = when;
        json_t *jc = json_pack("{s:f, s:s}", "startTime", (double)when / 1000.0, "title",
                               s->chapters[c].title);
        ok = jc && json_array_append_new(chapters, jc) == 0;
    }
    int digits = 4; /* "0.001" needs one integer digit and three decimals */
    for (int64_t whole = last_ms / 1000; whole >= 10; whole /= 10)
        digits++;
    char *text = ok ? json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                                           JSON_REAL_PRECISION(digits))
                    : NULL;
    json_decref(root);
    if (!text)
        return nr_fail(ctx, TUTUR_E_NOMEM, "cannot build the chapters JSON");
    fputs(text, o->f);
    fputc('\n', o->f);
    free(text);
    if (fflush(o->f) != 0 || ferror(o->f))
        return nr_fail(ctx, TUTUR_E_IO, "%s: cannot write", o->path);
    return TUTUR_OK;
}
