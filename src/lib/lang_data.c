/* lang_data.c: a language's data, loaded from DATA_DIR/LANG/: for now the
 * boilerplate rules (boilerplate.rules); the normalizer's word lists join
 * them here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cache.h"
#include "internal.h"
#include "normalize.h"
#include "pronounce.h"

tutur_status tutur_lang_set_label(tutur_ctx *ctx, tutur_lang *lang, const char *key,
                                  const char *value) {
    nr_clear(ctx); /* a message is about the last call only */
    for (size_t i = 0; i < lang->n_labels; i++)
        if (strcmp(lang->label_keys[i], key) == 0) {
            char *v = nr_strdup(value);
            if (!v)
                return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
            free(lang->label_values[i]);
            lang->label_values[i] = v;
            return TUTUR_OK;
        }
    size_t n = lang->n_labels + 1;
    char **k = realloc(lang->label_keys, n * sizeof *k);
    if (k)
        lang->label_keys = k;
    char **v = k ? realloc(lang->label_values, n * sizeof *v) : NULL;
    if (v)
        lang->label_values = v;
    char *key_copy = v ? nr_strdup(key) : NULL, *value_copy = v ? nr_strdup(value) : NULL;
    if (!key_copy || !value_copy) {
        free(key_copy);
        free(value_copy);
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    }
    lang->label_keys[lang->n_labels] = key_copy;
    lang->label_values[lang->n_labels++] = value_copy;
    return TUTUR_OK;
}

const char *nr_lang_label(const tutur_lang *lang, const char *key, const char *fallback) {
    for (size_t i = 0; lang && i < lang->n_labels; i++)
        if (strcmp(lang->label_keys[i], key) == 0)
            return lang->label_values[i];
    return fallback;
}

/* KEY<TAB>VALUE lines; '#' comments.  An empty VALUE is allowed: the
 * reader then says nothing for that markup. */
static tutur_status load_labels(tutur_ctx *ctx, tutur_lang *lang, const char *path) {
    FILE *f;
    tutur_status st0 = nr_open_config(ctx, path, "language data", false, &f);
    if (st0 != TUTUR_OK)
        return st0;
    char line[1024];
    tutur_status st = TUTUR_OK;
    for (int no = 1; st == TUTUR_OK && fgets(line, sizeof line, f); no++) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        char *tab = strchr(line, '\t');
        if (!tab) {
            st = nr_fail(ctx, TUTUR_E_CONFIG, "%s:%d: expected KEY<TAB>TEXT", path, no);
            break;
        }
        *tab = '\0';
        st = tutur_lang_set_label(ctx, lang, line, tab + 1);
    }
    fclose(f);
    return st;
}

/* One pattern a line; joined into one alternation (*OUT), matched against
 * an element's class and id. */
static tutur_status load_patterns(tutur_ctx *ctx, const char *path, char **out) {
    FILE *f;
    tutur_status st0 = nr_open_config(ctx, path, "language data", false, &f);
    if (st0 != TUTUR_OK)
        return st0;
    nr_buf b = {0};
    char line[1024];
    bool ok = true;
    while (ok && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        ok = (!b.len || nr_buf_putc(&b, '|')) && nr_buf_puts(&b, "(?:") && nr_buf_puts(&b, line) &&
             nr_buf_putc(&b, ')');
    }
    fclose(f);
    if (!ok) {
        nr_buf_free(&b);
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    }
    free(*out);
    *out = b.len ? nr_buf_take(&b) : NULL;
    nr_buf_free(&b);
    return TUTUR_OK;
}

tutur_status tutur_lang_load(tutur_ctx *ctx, const char *language, tutur_lang **out) {
    nr_clear(ctx); /* a message is about the last call only */
    *out = NULL;
    if (!language[0] || strchr(language, '/') || strlen(language) >= 16)
        return nr_fail(ctx, TUTUR_E_INVALID, "bad language code '%s'", language);
    tutur_lang *lang = calloc(1, sizeof *lang);
    if (!lang || !(lang->rules = nr_rules_new())) {
        free(lang);
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    }
    snprintf(lang->language, sizeof lang->language, "%s", language);
    /* The first data directory that has the language wins, so a user's
     * directory (added first) replaces the installed data as a whole. */
    char dir[1024] = "";
    nr_data_dirs_ready(ctx);
    for (size_t i = 0; i < ctx->n_data_dirs && !dir[0]; i++) {
        struct stat st;
        snprintf(dir, sizeof dir, "%s/%s", ctx->data_dirs[i], language);
        if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
            dir[0] = '\0';
    }
    tutur_status s = TUTUR_OK;
    if (dir[0]) {
        char path[1100];
        struct stat st;
        snprintf(path, sizeof path, "%s/boilerplate.rules", dir);
        if (stat(path, &st) == 0)
            s = nr_rules_load(ctx, lang->rules, path);
        snprintf(path, sizeof path, "%s/months.tsv", dir);
        if (s == TUTUR_OK)
            s = nr_rules_load_months(ctx, lang->rules, path);
        snprintf(path, sizeof path, "%s/labels.tsv", dir);
        if (s == TUTUR_OK && stat(path, &st) == 0)
            s = load_labels(ctx, lang, path);
        snprintf(path, sizeof path, "%s/html-junk.rules", dir);
        if (s == TUTUR_OK && stat(path, &st) == 0)
            s = load_patterns(ctx, path, &lang->html_junk);
        snprintf(path, sizeof path, "%s/html-content.rules", dir);
        if (s == TUTUR_OK && stat(path, &st) == 0)
            s = load_patterns(ctx, path, &lang->html_content);
        snprintf(path, sizeof path, "%s/function-words.txt", dir);
        if (s == TUTUR_OK && stat(path, &st) == 0)
            s = nr_wordset_load(ctx, path, &lang->function_words);
        snprintf(path, sizeof path, "%s/text-reader.model", dir);
        if (s == TUTUR_OK && stat(path, &st) == 0)
            s = nr_line_model_load(ctx, path, &lang->text_model);
        if (s == TUTUR_OK)
            s = nr_pron_load(ctx, dir, &lang->pron);
    }
    snprintf(lang->dir, sizeof lang->dir, "%s", dir);
    if (s == TUTUR_OK)
        s = nr_normalizer_create(ctx, dir[0] ? dir : NULL, &lang->normalizer);
    if (s != TUTUR_OK) {
        tutur_lang_destroy(lang);
        return s;
    }
    *out = lang;
    return TUTUR_OK;
}

/* Remembers a user's file added to LANG, for nr_lang_fingerprint. */
static tutur_status remember(tutur_ctx *ctx, tutur_lang *lang, const char *path) {
    char **grown = realloc(lang->added, (lang->n_added + 1) * sizeof *grown);
    if (!grown)
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    lang->added = grown;
    if (!(grown[lang->n_added] = nr_strdup(path)))
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    lang->n_added++;
    return TUTUR_OK;
}

tutur_status tutur_lang_add_rules_file(tutur_ctx *ctx, tutur_lang *lang, const char *path) {
    nr_clear(ctx); /* a message is about the last call only */
    tutur_status st = nr_rules_load(ctx, lang->rules, path);
    return st == TUTUR_OK ? remember(ctx, lang, path) : st;
}

tutur_status tutur_lang_add_lexicon(tutur_ctx *ctx, tutur_lang *lang, const char *path) {
    nr_clear(ctx); /* a message is about the last call only */
    tutur_status st = nr_normalizer_add_lexicon(ctx, lang->normalizer, path);
    return st == TUTUR_OK ? remember(ctx, lang, path) : st;
}

static void add_file(nr_key *k, const char *path, const char *name) {
    struct stat st;
    nr_key_add_str(k, name);
    if (stat(path, &st) == 0) {
        nr_key_add_int(k, (int64_t)st.st_size);
        nr_key_add_int(k, (int64_t)st.st_mtim.tv_sec);
        nr_key_add_int(k, (int64_t)st.st_mtim.tv_nsec);
    }
}

/* Every file under DIR, in name order, two levels deep (g2p-id/). */
static void add_dir(nr_key *k, const char *dir, const char *rel, int depth) {
    char **names;
    size_t n;
    if (nr_dir_names(NULL, dir, NULL, &names, &n) != TUTUR_OK)
        return;
    for (size_t i = 0; i < n; i++) {
        char path[2048], name[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        snprintf(name, sizeof name, "%s%s", rel, names[i]);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            if (depth < 2) {
                char sub[1100];
                snprintf(sub, sizeof sub, "%s/", name);
                add_dir(k, path, sub, depth + 1);
            }
        } else {
            add_file(k, path, name);
        }
    }
    if (n)
        nr_names_free(names, n);
}

void nr_lang_fingerprint(const tutur_lang *lang, nr_key *k) {
    nr_key_add_str(k, lang->language);
    if (lang->dir[0])
        add_dir(k, lang->dir, "", 0);
    for (size_t i = 0; i < lang->n_added; i++)
        add_file(k, lang->added[i], lang->added[i]);
    for (size_t i = 0; i < lang->n_labels; i++) {
        nr_key_add_str(k, lang->label_keys[i]);
        nr_key_add_str(k, lang->label_values[i]);
    }
}

tutur_status tutur_normalize(tutur_ctx *ctx, const tutur_lang *lang, const char *text,
                             char **out) {
    nr_clear(ctx); /* a message is about the last call only */
    *out = NULL;
    size_t len = strlen(text);
    tutur_status st = nr_check_text(ctx, "text", text, len);
    if (st == TUTUR_E_EMPTY) {
        *out = nr_strdup("");
        return *out ? TUTUR_OK : nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    }
    if (st != TUTUR_OK)
        return st;
    nr_alloc_begin();
    *out = nr_normalize(lang->normalizer, text);
    if (*out && nr_alloc_failed) {
        free(*out);
        *out = NULL;
    }
    return *out ? TUTUR_OK : nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
}

void tutur_lang_destroy(tutur_lang *lang) {
    if (!lang)
        return;
    nr_rules_free(lang->rules);
    nr_normalizer_destroy(lang->normalizer);
    for (size_t i = 0; i < lang->n_labels; i++) {
        free(lang->label_keys[i]);
        free(lang->label_values[i]);
    }
    free(lang->label_keys);
    free(lang->label_values);
    free(lang->html_junk);
    free(lang->html_content);
    nr_wordset_free(&lang->function_words);
    nr_pron_free(lang->pron);
    for (size_t i = 0; i < lang->n_added; i++)
        free(lang->added[i]);
    free(lang->added);
    free(lang);
}

/* ID3's TLAN wants ISO 639-2; BCP 47 gives the two-letter code where
 * there is one (mapped here for the languages tutur has data for, and
 * their neighbours) and the three-letter one otherwise (kept). */
const char *nr_iso639_2(const char *bcp47) {
    static const char *const map[][2] = {
        {"id", "ind"}, {"ms", "msa"}, {"jv", "jav"}, {"su", "sun"}, {"en", "eng"},
        {"nl", "nld"}, {"ar", "ara"}, {"zh", "zho"}, {"tl", "tgl"}, {"vi", "vie"},
    };
    if (!bcp47)
        return NULL;
    size_t n = strcspn(bcp47, "-_");
    if (n == 3 && !bcp47[3])
        return bcp47; /* already ISO 639-2/3 ("ace", Acehnese) */
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (n == 2 && strncmp(bcp47, map[i][0], 2) == 0)
            return map[i][1];
    return NULL;
}

char *tutur_lang_date_text(const tutur_lang *lang, const char *date) {
    return lang ? nr_date_display(lang->normalizer, date) : NULL;
}
