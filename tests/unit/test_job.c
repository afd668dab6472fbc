/* test_job: the narration job through its public interface, as a server
 * would use it: outputs handed to writer callbacks arrive complete, under
 * names relative to the output folder, chapter files first and the
 * narration last, with nothing left in the scratch folder; the events
 * come in order with the results; a batch tries every article and counts
 * the failures; options out of range are refused. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "tutur.h"

typedef struct delivered {
    tutur_output_kind kind[64];
    char name[64][128];
    long bytes[64];
    int n, open, closes;
    unsigned char opus_head[4];
} delivered;

static int w_open(void *user, tutur_output_kind kind, const char *name) {
    delivered *d = user;
    if (d->n == 64 || d->open)
        return -1;
    d->kind[d->n] = kind;
    snprintf(d->name[d->n], sizeof d->name[0], "%s", name);
    d->bytes[d->n] = 0;
    d->open = 1;
    return 0;
}

static int w_write(void *user, const unsigned char *data, size_t len) {
    delivered *d = user;
    if (d->kind[d->n] == TUTUR_OUTPUT_OPUS && d->bytes[d->n] == 0 && len >= 4)
        memcpy(d->opus_head, data, 4);
    d->bytes[d->n] += (long)len;
    return d->open ? 0 : -1;
}

static int w_close(void *user) {
    delivered *d = user;
    d->open = 0;
    d->n++;
    d->closes++;
    return 0;
}

typedef struct events {
    char seq[32];
    size_t n;
    tutur_status last_status;
    char opus_name[128];
    size_t chapter_files;
    size_t batch_done, batch_total;
} events;

static void on_event(void *user, const tutur_job_event *ev) {
    events *e = user;
    if (e->n + 1 < sizeof e->seq)
        e->seq[e->n++] = "BPDX"[ev->kind];
    if (ev->kind == TUTUR_JOB_DONE) {
        e->last_status = ev->status;
        snprintf(e->opus_name, sizeof e->opus_name, "%s",
                 ev->paths && ev->paths[TUTUR_OUTPUT_OPUS] ? ev->paths[TUTUR_OUTPUT_OPUS] : "");
        e->chapter_files = ev->n_chapter_files;
    }
    if (ev->kind == TUTUR_JOB_BATCH) {
        e->batch_done = ev->done;
        e->batch_total = ev->total;
    }
}

static int entries(const char *dir) {
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += e->d_name[0] != '.';
    if (d)
        closedir(d);
    return n;
}

static const char *article =
    "Harga Beras Naik\n\nOleh Siti Aminah\n\nHarga beras naik lagi pekan ini.\n\n"
    "## Di Pasar\n\nPedagang mengeluh.\n\n## Di Sawah\n\nPetani menunggu panen.\n";

int main(int argc, char **argv) {
    (void)argc;
    (void)argv;
    char tmp[] = "/tmp/test_job.XXXXXX";
    if (!mkdtemp(tmp))
        return 1;
    char scratch[64], path[200], dir[100];
    snprintf(scratch, sizeof scratch, "%s/tmp", tmp);
    mkdir(scratch, 0700);
    setenv("TMPDIR", scratch, 1);
    snprintf(path, sizeof path, "%s/harga-beras.md", tmp);
    FILE *f = fopen(path, "w");
    fputs(article, f);
    fclose(f);

    tutur_ctx *ctx = NULL;
    CHECK(tutur_ctx_create(&ctx) == TUTUR_OK);
    delivered d = {0};
    events ev = {0};
    tutur_writer writer = {w_open, w_write, w_close, &d};
    tutur_job_options o = {
        .outputs = TUTUR_OUTPUT_BIT(TUTUR_OUTPUT_CHAPTER_FILES) |
                   TUTUR_OUTPUT_BIT(TUTUR_OUTPUT_CAPTIONS) |
                   TUTUR_OUTPUT_BIT(TUTUR_OUTPUT_DAISY),
        .jobs = 2,
        .no_cache = true,
        .writer = &writer,
        .on_event = on_event,
        .user = &ev,
    };
    tutur_job *job = NULL;
    CHECK(tutur_job_create(ctx, &o, &job) == TUTUR_OK);
    CHECK(job && tutur_job_narrate(job, path, "site", NULL) == TUTUR_OK);
    if (ctx && tutur_ctx_message(ctx)[0])
        fprintf(stderr, "message: %s\n", tutur_ctx_message(ctx));
    CHECK_STR(ev.seq, "BPD");
    CHECK(ev.last_status == TUTUR_OK);
    CHECK_STR(ev.opus_name, "harga-beras.opus");
    CHECK(ev.chapter_files == 3);
    /* what the writer got: 3 chapter files, the DAISY book's files, then
     * the playlist, the DAISY zip, chapters track, captions, narration */
    CHECK(d.n >= 3 + 4 + 5);
    CHECK(d.closes == d.n && !d.open);
    CHECK(d.kind[0] == TUTUR_OUTPUT_CHAPTER_FILES && d.kind[2] == TUTUR_OUTPUT_CHAPTER_FILES);
    CHECK(strncmp(d.name[0], "harga-beras/01-", 15) == 0 && strstr(d.name[0], ".opus"));
    CHECK(strncmp(d.name[2], "harga-beras/03-", 15) == 0);
    CHECK(d.kind[3] == TUTUR_OUTPUT_DAISY && strncmp(d.name[3], "harga-beras.daisy/", 18) == 0);
    int last = d.n - 1;
    CHECK(d.kind[last] == TUTUR_OUTPUT_OPUS);
    CHECK_STR(d.name[last], "harga-beras.opus");
    CHECK(memcmp(d.opus_head, "OggS", 4) == 0);
    bool ncc = false, playlist = false, captions = false;
    for (int i = 0; i < d.n; i++) {
        CHECK(d.bytes[i] > 0);
        CHECK(d.name[i][0] != '/' && !strstr(d.name[i], "tutur-"));
        ncc |= strcmp(d.name[i], "harga-beras.daisy/ncc.html") == 0;
        playlist |= d.kind[i] == TUTUR_OUTPUT_PLAYLIST && !strcmp(d.name[i], "harga-beras.m3u8");
        captions |= d.kind[i] == TUTUR_OUTPUT_CAPTIONS && !strcmp(d.name[i], "harga-beras.vtt");
    }
    CHECK(ncc && playlist && captions);
    CHECK(entries(scratch) == 0); /* the scratch folder is gone */
    CHECK(access("site", F_OK) != 0); /* and no file was written */
    tutur_job_destroy(job);

    /* a batch into files: one good article, one missing; every one tried */
    memset(&ev, 0, sizeof ev);
    tutur_job_options fo = {.jobs = 2, .no_cache = true, .on_event = on_event, .user = &ev};
    job = NULL;
    CHECK(tutur_job_create(ctx, &fo, &job) == TUTUR_OK);
    snprintf(dir, sizeof dir, "%s/out", tmp);
    char missing[100];
    snprintf(missing, sizeof missing, "%s/missing.txt", tmp);
    const char *both[] = {missing, path};
    size_t failed = 99;
    CHECK(job && tutur_job_narrate_all(job, both, 2, dir, &failed) == TUTUR_E_NOT_FOUND);
    CHECK(failed == 1);
    CHECK(ev.batch_done == 2 && ev.batch_total == 2);
    snprintf(path, sizeof path, "%s/harga-beras.opus", dir);
    struct stat sb;
    CHECK(stat(path, &sb) == 0 && sb.st_size > 1000);
    CHECK(entries(dir) == 2); /* the narration and its record: nothing of the failure */
    snprintf(path, sizeof path, "%s/harga-beras.tutur.json", dir);
    CHECK(stat(path, &sb) == 0 && sb.st_size > 100);
    /* a narration named as another output is refused */
    snprintf(path, sizeof path, "%s/x.vtt", dir);
    CHECK(tutur_job_narrate(job, both[1], NULL, path) == TUTUR_E_INVALID);
    CHECK(strstr(tutur_ctx_message(ctx), "name it NAME.opus") != NULL);
    tutur_job_destroy(job);

    /* options out of range */
    tutur_job_options bad = {.jobs = -1};
    job = NULL;
    CHECK(tutur_job_create(ctx, &bad, &job) == TUTUR_E_INVALID && job == NULL);
    tutur_writer half = {w_open, NULL, w_close, &d};
    tutur_job_options bad_writer = {.writer = &half};
    CHECK(tutur_job_create(ctx, &bad_writer, &job) == TUTUR_E_INVALID && job == NULL);
    tutur_ctx_destroy(ctx);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    if (system(cmd) != 0)
        return 1;
    return CHECK_DONE();
}
