/* job_record.c: incremental narration.  Beside its outputs, a narration
 * records what it was made from: NAME.tutur.json holds a key (SHA-256 of
 * the article's bytes, the options, the profile, the language data and
 * the user's lexicons and rules, and the versions of tutur, espeak-ng,
 * libopus and libopusenc) and every file written with its size and
 * SHA-256.  A later run skips the article when the key is the same and
 * every file is still there, whole. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
#include "job_internal.h"
#include "output.h"
#include "synth.h"

#define RECORD_EXT ".tutur.json"

static void to_hex(const uint8_t d[32], char out[65]) {
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}

void nr_job_fingerprint(tutur_job *job) {
    nr_key k;
    nr_key_init(&k, "job");
    nr_key_add_str(&k, tutur_version_string());
    nr_key_add_str(&k, nr_synth_version());
    nr_key_add_str(&k, nr_opus_versions());
    nr_key_add_int(&k, job->outputs);
    nr_key_add_int(&k, job->format);
    nr_key_add_int(&k, job->strict);
    const tutur_profile *p = &job->profile;
    nr_key_add_str(&k, p->language);
    nr_key_add_str(&k, p->espeak_voice);
    nr_key_add_str(&k, p->lexicon);
    char text[512];
    snprintf(text, sizeof text, "%d|%d|%d|%d|%d|%d|%d|%d|%d|%d|%d|%d|%d|%d|%.6f|%.6f|%.6f|%.6f",
             p->rate_wpm, p->pitch,
             p->heading_rate_wpm, p->heading_pitch, p->pause_after_title_ms,
             p->pause_before_heading_ms, p->pause_after_heading_ms, p->pause_paragraph_ms,
             p->pause_list_item_ms, p->chapter_lead_ms, p->opus_bitrate_kbps,
             p->opus_complexity, p->opus_frame_ms, p->mp3_bitrate_kbps,
             p->loudness_target_lufs, p->loudness_gain_db, p->loudness_tolerance_lu,
             p->true_peak_dbtp);
    nr_key_add_str(&k, text);
    nr_key_add_str(&k, job->album ? job->album : "");
    if (job->cover) {
        const void *data;
        size_t size;
        nr_cover_bytes(job->cover, &data, &size);
        nr_key_add(&k, data, size);
    }
    nr_lang_fingerprint(job->lang, &k);
    nr_key_final(&k, job->fingerprint);
}

bool nr_job_input_hash(tutur_job *job, const char *article, uint8_t hash[32]) {
    if (strcmp(article, "-") == 0)
        return false; /* read once, and never the same twice */
    char *data = NULL;
    size_t len = 0;
    tutur_status st = nr_read_file(job->ctx, article, (size_t)64 << 20, &data, &len);
    nr_clear(job->ctx); /* reading it for narration says what is wrong */
    if (st != TUTUR_OK)
        return false;
    nr_key k;
    nr_key_init(&k, "article");
    nr_key_add(&k, data, len);
    nr_key_final(&k, hash);
    free(data);
    return true;
}

void nr_job_key(tutur_job *job, const char *article, const uint8_t input[32],
                bool date_from_file, const char *album, const char *image, char key[65]) {
    nr_key k;
    nr_key_init(&k, "narration");
    nr_key_add(&k, job->fingerprint, 32);
    nr_key_add(&k, input, 32);
    nr_key_add_str(&k, album ? album : "");
    struct stat st;
    if (date_from_file && stat(article, &st) == 0) /* the date said is the file's */
        nr_key_add_int(&k, (int64_t)st.st_mtime);
    if (image && stat(image, &st) == 0) { /* the article's own cover */
        nr_key_add_str(&k, image);
        nr_key_add_int(&k, (int64_t)st.st_size);
        nr_key_add_int(&k, (int64_t)st.st_mtim.tv_sec);
        nr_key_add_int(&k, (int64_t)st.st_mtim.tv_nsec);
    }
    uint8_t d[32];
    nr_key_final(&k, d);
    to_hex(d, key);
}

/* SHA-256 of the file at PATH, in hex; false when it cannot be read. */
static bool file_hash(const char *path, char out[65]) {
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return false;
    nr_key k;
    nr_key_init(&k, "file");
    static _Thread_local unsigned char buf[65536];
    ssize_t got;
    while ((got = read(fd, buf, sizeof buf)) > 0)
        nr_key_add(&k, buf, (size_t)got);
    close(fd);
    if (got < 0)
        return false;
    uint8_t d[32];
    nr_key_final(&k, d);
    to_hex(d, out);
    return true;
}

/* "out/a.opus" -> "a.opus" relative to the record's folder, "out/". */
static const char *relative_to(const char *path, const char *folder, size_t folder_len) {
    return strncmp(path, folder, folder_len) == 0 ? path + folder_len : path;
}

static size_t folder_len(const char *base) {
    const char *slash = strrchr(base, '/');
    return slash ? (size_t)(slash - base) + 1 : 0;
}

bool nr_job_is_current(tutur_job *job, const char *base, const char *key) {
    if (job->force)
        return false;
    char path[2048];
    snprintf(path, sizeof path, "%s" RECORD_EXT, base);
    struct stat sb;
    if (lstat(path, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > (1 << 20))
        return false;
    json_t *root = json_load_file(path, 0, NULL);
    const char *recorded = json_string_value(json_object_get(root, "key"));
    json_t *files = json_object_get(root, "files");
    bool current = recorded && strcmp(recorded, key) == 0 && json_array_size(files) > 0;
    size_t dir_len = folder_len(base);
    for (size_t i = 0; current && i < json_array_size(files); i++) {
        json_t *f = json_array_get(files, i);
        const char *name = json_string_value(json_object_get(f, "name"));
        const char *sha = json_string_value(json_object_get(f, "sha256"));
        json_int_t bytes = json_integer_value(json_object_get(f, "bytes"));
        char file[2048], have[65];
        /* names are plain relative paths, never out of the folder */
        current = name && sha && name[0] != '/' && !strstr(name, "..");
        if (current)
            snprintf(file, sizeof file, "%.*s%s", (int)dir_len, base, name);
        current = current && lstat(file, &sb) == 0 && S_ISREG(sb.st_mode) &&
                  sb.st_size == (off_t)bytes && file_hash(file, have) && strcmp(have, sha) == 0;
    }
    json_decref(root);
    return current;
}

static bool add_entry(json_t *files, const char *path, size_t dir_len, const char *base) {
    char sha[65];
    struct stat sb;
    if (stat(path, &sb) != 0 || !file_hash(path, sha))
        return false;
    json_t *e = json_pack("{s:s, s:I, s:s}", "name", relative_to(path, base, dir_len), "bytes",
                          (json_int_t)sb.st_size, "sha256", sha);
    return e && json_array_append_new(files, e) == 0;
}

tutur_status nr_job_write_record(tutur_job *job, const nr_narration *n, const char *key) {
    json_t *files = json_array();
    size_t dir_len = folder_len(n->base);
    bool ok = files != NULL;
    for (int k = 0; ok && k < TUTUR_OUTPUT_KINDS; k++)
        if (n->paths[k] && k != TUTUR_OUTPUT_CHAPTER_FILES && k != TUTUR_OUTPUT_DAISY)
            ok = add_entry(files, n->paths[k], dir_len, n->base);
    for (size_t c = 0; ok && c < n->n_parts; c++)
        ok = add_entry(files, n->part_paths[c], dir_len, n->base);
    const char *daisy = n->paths[TUTUR_OUTPUT_DAISY];
    DIR *d = daisy && ok ? opendir(daisy) : NULL;
    for (struct dirent *e; d && ok && (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", daisy, e->d_name);
        ok = add_entry(files, path, dir_len, n->base);
    }
    if (d)
        closedir(d);
    json_t *root = ok ? json_pack("{s:s, s:s, s:s, s:o}", "tutur", tutur_version_string(),
                                  "key", key, "article", n->article, "files", files)
                      : NULL;
    if (!root)
        json_decref(files);
    char *text = root ? json_dumps(root, JSON_INDENT(1)) : NULL;
    json_decref(root);
    if (!text)
        return nr_fail(job->ctx, TUTUR_E_NOMEM, "%s: cannot record the narration", n->base);
    char path[2048];
    snprintf(path, sizeof path, "%s" RECORD_EXT, n->base);
    tutur_output *o = NULL;
    tutur_status st = tutur_output_open(job->ctx, path, &o);
    if (st == TUTUR_OK && (fputs(text, o->f) < 0 || fputc('\n', o->f) < 0))
        st = nr_fail(job->ctx, TUTUR_E_IO, "%s: cannot write: %s", path, strerror(errno));
    if (st == TUTUR_OK)
        st = tutur_output_commit(job->ctx, o);
    tutur_output_destroy(o);
    free(text);
    return st;
}
