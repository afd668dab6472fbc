/* profile.c: voice profiles, small INI files under voices/ (read with inih).
 *
 *   [voice]      espeak = id, rate = 175, pitch = 50, heading_rate, heading_pitch
 *   [pauses]     after_title, before_heading, after_heading, paragraph,
 *                list_item, chapter_lead   (milliseconds)
 *   [opus]       bitrate (kbit/s), complexity, frame_ms
 *   [loudness]   target (LUFS), gain (dB), tolerance (LU), true_peak (dBTP)
 *   [profile]    description, language, lexicon (a TSV file, relative to
 *                the profile's directory)
 */
#include <dirent.h>
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

static void profile_defaults(tutur_profile *p) {
    memset(p, 0, sizeof *p);
    snprintf(p->language, sizeof p->language, "id");
    snprintf(p->espeak_voice, sizeof p->espeak_voice, "id");
    p->rate_wpm = 175;
    p->pitch = 50;
    p->heading_rate_wpm = 160;
    p->heading_pitch = 45;
    p->pause_after_title_ms = 1200;
    p->pause_before_heading_ms = 900;
    p->pause_after_heading_ms = 600;
    p->pause_paragraph_ms = 700;
    p->pause_list_item_ms = 350;
    p->chapter_lead_ms = 120;
    p->opus_bitrate_kbps = 32;
    p->mp3_bitrate_kbps = 64;
    p->opus_complexity = 10;
    p->opus_frame_ms = 60;
    p->loudness_target_lufs = -19.0;
    p->loudness_gain_db = 0.0;
    p->loudness_tolerance_lu = 0.5;
    p->true_peak_dbtp = -1.0;
}

typedef struct parse_state {
    tutur_profile *p;
    char bad[160];
} parse_state;

static int parse_int(const char *v, int *out) {
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    while (*end == ' ' || *end == '\t')
        end++;
    if (errno || end == v || *end || x < -1000000 || x > 1000000)
        return 0;
    *out = (int)x;
    return 1;
}

static int parse_double(const char *v, double *out) {
    char *end;
    errno = 0;
    double x = strtod(v, &end); /* the C locale: the library never sets one */
    while (*end == ' ' || *end == '\t')
        end++;
    if (errno || end == v || *end || x != x || x < -1000 || x > 1000)
        return 0;
    *out = x;
    return 1;
}

static int on_entry(void *user, const char *section, const char *name, const char *value) {
    parse_state *s = user;
    tutur_profile *p = s->p;
    struct {
        const char *section, *name;
        double *field;
    } reals[] = {
        {"loudness", "target", &p->loudness_target_lufs},
        {"loudness", "gain", &p->loudness_gain_db},
        {"loudness", "tolerance", &p->loudness_tolerance_lu},
        {"loudness", "true_peak", &p->true_peak_dbtp},
    };
    for (size_t i = 0; i < sizeof reals / sizeof reals[0]; i++) {
        if (strcmp(section, reals[i].section) == 0 && strcmp(name, reals[i].name) == 0) {
            if (!parse_double(value, reals[i].field)) {
                snprintf(s->bad, sizeof s->bad, "[%s] %s: not a number: %s", section, name,
                         value);
                return 0;
            }
            return 1;
        }
    }
    struct {
        const char *section, *name;
        int *field;
    } ints[] = {
        {"voice", "rate", &p->rate_wpm},
        {"voice", "pitch", &p->pitch},
        {"voice", "heading_rate", &p->heading_rate_wpm},
        {"voice", "heading_pitch", &p->heading_pitch},
        {"pauses", "after_title", &p->pause_after_title_ms},
        {"pauses", "before_heading", &p->pause_before_heading_ms},
        {"pauses", "after_heading", &p->pause_after_heading_ms},
        {"pauses", "paragraph", &p->pause_paragraph_ms},
        {"pauses", "list_item", &p->pause_list_item_ms},
        {"pauses", "chapter_lead", &p->chapter_lead_ms},
        {"opus", "bitrate", &p->opus_bitrate_kbps},
        {"opus", "complexity", &p->opus_complexity},
        {"opus", "frame_ms", &p->opus_frame_ms},
        {"mp3", "bitrate", &p->mp3_bitrate_kbps},
    };
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        if (strcmp(section, ints[i].section) == 0 && strcmp(name, ints[i].name) == 0) {
            if (!parse_int(value, ints[i].field)) {
                snprintf(s->bad, sizeof s->bad, "[%s] %s: not a whole number: %s", section, name,
                         value);
                return 0;
            }
            return 1;
        }
    }
    if (strcmp(section, "voice") == 0 && strcmp(name, "espeak") == 0)
        snprintf(p->espeak_voice, sizeof p->espeak_voice, "%s", value);
    else if (strcmp(section, "profile") == 0 && strcmp(name, "language") == 0)
        snprintf(p->language, sizeof p->language, "%s", value);
    else if (strcmp(section, "profile") == 0 && strcmp(name, "lexicon") == 0) {
        /* Relative to the profile's own directory. */
        const char *slash = strrchr(p->path, '/');
        if (value[0] == '/' || !slash)
            snprintf(p->lexicon, sizeof p->lexicon, "%s", value);
        else
            snprintf(p->lexicon, sizeof p->lexicon, "%.*s/%s", (int)(slash - p->path), p->path,
                     value);
    } else if (strcmp(section, "profile") == 0 && strcmp(name, "description") == 0)
        snprintf(p->description, sizeof p->description, "%s", value);
    else {
        snprintf(s->bad, sizeof s->bad, "unknown key [%s] %s", section, name);
        return 0;
    }
    return 1;
}

static tutur_status load_path(tutur_ctx *ctx, const char *path, tutur_profile *out) {
    profile_defaults(out);
    snprintf(out->path, sizeof out->path, "%s", path);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strcspn(base, ".");
    snprintf(out->name, sizeof out->name, "%.*s", (int)(n < 63 ? n : 63), base);
    FILE *f;
    tutur_status st = nr_open_config(ctx, path, "voice profile", false, &f);
    if (st != TUTUR_OK)
        return st;
    parse_state s = {out, ""};
    int rc = ini_parse_file(f, on_entry, &s);
    fclose(f);
    if (rc != 0)
        return nr_fail(ctx, TUTUR_E_CONFIG, "%s:%d: %s", path, rc > 0 ? rc : 0,
                       s.bad[0] ? s.bad : "malformed line");
    return tutur_profile_check(ctx, out);
}

/* A BCP 47 tag's shape: two or three letters, then subtags of letters
 * and digits after hyphens ("id", "ms-MY", "jv-Latn"). */
static bool language_tag(const char *s) {
    size_t n = 0;
    while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z'))
        n++;
    if (n < 2 || n > 3)
        return false;
    for (s += n; *s;) {
        if (*s++ != '-')
            return false;
        size_t k = 0;
        while ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') ||
               (s[k] >= '0' && s[k] <= '9'))
            k++;
        if (k < 1 || k > 8)
            return false;
        s += k;
    }
    return true;
}

tutur_status tutur_profile_check(tutur_ctx *ctx, const tutur_profile *p) {
    nr_clear(ctx); /* a message is about the last call only */
    struct {
        const char *what;
        int value, lo, hi;
    } r[] = {
        {"rate", p->rate_wpm, 80, 450},
        {"pitch", p->pitch, 0, 99},
        {"heading_rate", p->heading_rate_wpm, 80, 450},
        {"heading_pitch", p->heading_pitch, 0, 99},
        {"after_title", p->pause_after_title_ms, 0, 10000},
        {"before_heading", p->pause_before_heading_ms, 0, 10000},
        {"after_heading", p->pause_after_heading_ms, 0, 10000},
        {"paragraph", p->pause_paragraph_ms, 0, 10000},
        {"list_item", p->pause_list_item_ms, 0, 10000},
        {"chapter_lead", p->chapter_lead_ms, 0, 250},
        {"bitrate", p->opus_bitrate_kbps, 6, 256},
        {"complexity", p->opus_complexity, 0, 10},
        {"mp3 bitrate", p->mp3_bitrate_kbps, 32, 160},
    };
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++)
        if (r[i].value < r[i].lo || r[i].value > r[i].hi)
            return nr_fail(ctx, TUTUR_E_INVALID, "%s: %s %d is outside %d..%d",
                           p->path[0] ? p->path : p->name, r[i].what, r[i].value, r[i].lo,
                           r[i].hi);
    struct {
        const char *what;
        double value, lo, hi;
    } d[] = {
        {"loudness target", p->loudness_target_lufs, -40, -10},
        {"loudness gain", p->loudness_gain_db, -20, 20},
        {"loudness tolerance", p->loudness_tolerance_lu, 0.1, 3},
        {"true_peak", p->true_peak_dbtp, -10, 0},
    };
    for (size_t i = 0; i < sizeof d / sizeof d[0]; i++)
        if (!(d[i].value >= d[i].lo && d[i].value <= d[i].hi))
            return nr_fail(ctx, TUTUR_E_INVALID, "%s: %s %g is outside %g..%g",
                           p->path[0] ? p->path : p->name, d[i].what, d[i].value, d[i].lo,
                           d[i].hi);
    if (p->opus_frame_ms != 20 && p->opus_frame_ms != 40 && p->opus_frame_ms != 60)
        return nr_fail(ctx, TUTUR_E_INVALID, "%s: frame_ms must be 20, 40 or 60",
                       p->path[0] ? p->path : p->name);
    /* A chapter mark must precede its heading by silence, so the lead has to
     * fit in the gap before a heading. */
    if (p->chapter_lead_ms > p->pause_before_heading_ms)
        return nr_fail(ctx, TUTUR_E_INVALID, "%s: chapter_lead exceeds before_heading",
                       p->path[0] ? p->path : p->name);
    if (!p->espeak_voice[0] || !p->language[0])
        return nr_fail(ctx, TUTUR_E_CONFIG, "%s: espeak voice and language must be set",
                       p->path[0] ? p->path : p->name);
    if (!language_tag(p->language))
        /* it names a folder of language data: ".." or "a/b" would leave the data */
        return nr_fail(ctx, TUTUR_E_CONFIG, "%s: language '%s' is not a language tag (id, jv, ms-MY)",
                       p->path[0] ? p->path : p->name, p->language);
    return TUTUR_OK;
}

static bool is_path(const char *name) {
    size_t n = strlen(name);
    return strchr(name, '/') || (n > 4 && strcmp(name + n - 4, ".ini") == 0);
}

tutur_status tutur_profile_load(tutur_ctx *ctx, const char *name, tutur_profile *out) {
    nr_clear(ctx); /* a message is about the last call only */
    if (is_path(name))
        return load_path(ctx, name, out);
    nr_data_dirs_ready(ctx);
    for (size_t i = 0; i < ctx->n_data_dirs; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s.ini", ctx->data_dirs[i], name);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
            return load_path(ctx, path, out);
    }
    return nr_fail(ctx, TUTUR_E_NOT_FOUND,
                   "voice profile '%s' not found ('tutur voices' lists them)", name);
}

static int by_name(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

tutur_status tutur_profile_list(tutur_ctx *ctx, tutur_profile_visit_fn fn, void *user) {
    nr_clear(ctx); /* a message is about the last call only */
    char *seen[256];
    size_t n_seen = 0;
    tutur_status st = TUTUR_OK;
    nr_data_dirs_ready(ctx);
    for (size_t d = 0; d < ctx->n_data_dirs && st == TUTUR_OK; d++) {
        DIR *dir = opendir(ctx->data_dirs[d]);
        if (!dir)
            continue;
        char *names[256];
        size_t n = 0;
        struct dirent *e;
        while ((e = readdir(dir)) && n < 256) {
            size_t len = strlen(e->d_name);
            if (len > 4 && strcmp(e->d_name + len - 4, ".ini") == 0 && e->d_name[0] != '.')
                names[n++] = nr_strndup(e->d_name, len - 4);
        }
        closedir(dir);
        qsort(names, n, sizeof names[0], by_name);
        for (size_t i = 0; i < n; i++) {
            bool dup = !names[i];
            for (size_t j = 0; j < n_seen && !dup; j++)
                dup = strcmp(seen[j], names[i]) == 0;
            if (!dup && st == TUTUR_OK) {
                char path[1024];
                tutur_profile p;
                snprintf(path, sizeof path, "%s/%s.ini", ctx->data_dirs[d], names[i]);
                if (load_path(ctx, path, &p) == TUTUR_OK && fn(user, &p) != 0)
                    st = TUTUR_E_CANCELLED;
                if (n_seen < 256) {
                    seen[n_seen++] = names[i];
                    continue;
                }
            }
            free(names[i]);
        }
    }
    for (size_t j = 0; j < n_seen; j++)
        free(seen[j]);
    ctx->message[0] = '\0';
    return st;
}
