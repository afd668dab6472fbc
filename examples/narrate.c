/* narrate: what another program does to narrate an article with
 * libtutur: five calls.  The job reads and plans the article, renders it
 * with the "id" voice, levels it, and writes the narration with its
 * captions and chapters beside it, exactly as
 *
 *     tutur narrate --captions --chapters-json -o DIR ARTICLE
 *
 * does (the same bytes).  Built against the installed library:
 *
 *     cc narrate.c $(pkg-config --cflags --libs tutur) -o narrate
 *     ./narrate ARTICLE DIR
 *
 * Voice data is found in the standard places ($TUTUR_DATA_DIR,
 * $XDG_DATA_HOME/tutur/voices, $XDG_DATA_DIRS, the installed prefix). */
#include <stdio.h>
#include <tutur.h>

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: narrate ARTICLE DIR\n");
        return 2;
    }
    tutur_job_options options = {
        .outputs = TUTUR_OUTPUT_BIT(TUTUR_OUTPUT_CAPTIONS) |
                   TUTUR_OUTPUT_BIT(TUTUR_OUTPUT_CHAPTERS_JSON),
    };
    tutur_ctx *ctx = NULL;
    tutur_job *job = NULL;
    tutur_status st = tutur_ctx_create(&ctx);                   /* 1 */
    if (st == TUTUR_OK)
        st = tutur_job_create(ctx, &options, &job);             /* 2 */
    if (st == TUTUR_OK)
        st = tutur_job_narrate(job, argv[1], argv[2], NULL);    /* 3 */
    if (st != TUTUR_OK)
        fprintf(stderr, "narrate: %s\n", ctx ? tutur_ctx_message(ctx) : "out of memory");
    tutur_job_destroy(job);                                     /* 4 */
    tutur_ctx_destroy(ctx);                                     /* 5 */
    return st == TUTUR_OK ? 0 : 1;
}
