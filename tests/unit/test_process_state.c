/* test_process_state: the library leaves the process as it found it
 * (issue 14): narrating does not change the locale (espeak-ng sets one
 * while it starts) nor the umask (reading it used to mean setting it,
 * which a thread creating files at that moment would inherit). */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "tutur.h"

static long umask_now(void) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long mask = -1;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "Umask:", 6) == 0)
            mask = strtol(line + 6, NULL, 8);
    if (f)
        fclose(f);
    return mask;
}

int main(int argc, char **argv) {
    if (argc < 3)
        return 2;
    setlocale(LC_ALL, "C"); /* what a program that never calls setlocale has */
    umask(027);
    char *before = strdup(setlocale(LC_ALL, NULL));
    tutur_ctx *ctx;
    tutur_lang *lang;
    tutur_profile p;
    CHECK(tutur_ctx_create(&ctx) == TUTUR_OK);
    CHECK(tutur_ctx_add_data_dir(ctx, argv[1]) == TUTUR_OK);
    CHECK(tutur_profile_load(ctx, "id", &p) == TUTUR_OK);
    CHECK(tutur_lang_load(ctx, "id", &lang) == TUTUR_OK);
    char *said = NULL;
    int64_t ms = 0;
    CHECK(tutur_spoken(ctx, lang, &p, "Harga naik 5 persen pada Senin.", &said, &ms) == TUTUR_OK);
    CHECK(ms > 0);
    free(said);
    char path[1024];
    snprintf(path, sizeof path, "%s/state.txt", argv[2]);
    tutur_output *o = NULL;
    CHECK(tutur_output_open(ctx, path, &o) == TUTUR_OK);
    CHECK(umask_now() == 027); /* looked at while the output was opened */
    if (o)
        CHECK(tutur_output_commit(ctx, o) == TUTUR_OK);
    tutur_output_destroy(o);
    struct stat sb;
    CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0640); /* 0666 & ~027 */
    const char *after = setlocale(LC_ALL, NULL);
    if (strcmp(before, after) != 0)
        fprintf(stderr, "locale before: %s\nlocale after:  %s\n", before, after);
    CHECK_STR(after, before);
    CHECK(umask_now() == 027);
    free(before);
    tutur_lang_destroy(lang);
    tutur_ctx_destroy(ctx);
    return CHECK_DONE();
}
