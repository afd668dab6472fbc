/* cache.c: see cache.h.  Layout: DIR/KIND/ab/abcdef...(64 hex), content
 * followed by its SHA-256.  Least recently used by mtime (a hit touches). */
#define _XOPEN_SOURCE 700 /* nftw */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"

void nr_key_init(nr_key *k, const char *kind) {
    sha256_init(&k->h);
    nr_key_add_str(k, "tutur-cache-1");
    nr_key_add_str(k, kind);
}
void nr_key_add(nr_key *k, const void *data, size_t len) {
    sha256_update(&k->h, len, data);
}
void nr_key_add_int(nr_key *k, int64_t v) { nr_key_add(k, &v, sizeof v); }
void nr_key_add_str(nr_key *k, const char *s) {
    if (!s)
        s = ""; /* absent data (no pronunciation list) keys like empty data */
    nr_key_add_int(k, (int64_t)strlen(s)); /* lengths keep "ab"+"c" from "a"+"bc" */
    nr_key_add(k, s, strlen(s));
}
void nr_key_final(nr_key *k, uint8_t digest[32]) { sha256_digest(&k->h, 32, digest); }

static bool entry_path(const tutur_ctx *ctx, const char *kind, const uint8_t key[32],
                       char *path, size_t size, size_t *dir_len) {
    if (!ctx->cache_dir)
        return false;
    char hex[65];
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", key[i]);
    int n = snprintf(path, size, "%s/%s/%.2s", ctx->cache_dir, kind, hex);
    if (n < 0 || (size_t)n >= size)
        return false;
    *dir_len = (size_t)n;
    n = snprintf(path + n, size - (size_t)n, "/%s", hex + 2);
    return n > 0 && (size_t)n < size - *dir_len;
}

bool nr_cache_get(const tutur_ctx *ctx, const char *kind, const uint8_t key[32], nr_buf *out) {
    char path[1200];
    size_t dir_len;
    if (!entry_path(ctx, kind, key, path, sizeof path, &dir_len))
        return false;
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    out->len = 0;
    char chunk[65536];
    size_t n;
    bool ok = true;
    while (ok && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        ok = nr_buf_append(out, chunk, n);
    ok = ok && !ferror(f);
    fclose(f);
    if (ok && out->len >= 32) {
        uint8_t sum[32];
        struct sha256_ctx h;
        sha256_init(&h);
        sha256_update(&h, out->len - 32, (const uint8_t *)out->data);
        sha256_digest(&h, 32, sum);
        if (memcmp(sum, out->data + out->len - 32, 32) == 0) {
            out->len -= 32;
            utimensat(AT_FDCWD, path, NULL, 0); /* recently used */
            return true;
        }
    }
    unlink(path); /* damaged: never trusted again */
    out->len = 0;
    return false;
}

/* mkdir -p */
void nr_make_dirs(const char *dir) {
    char p[1100];
    snprintf(p, sizeof p, "%s", dir);
    for (char *s = p + 1; *s; s++)
        if (*s == '/') {
            *s = '\0';
            mkdir(p, 0777);
            *s = '/';
        }
    mkdir(p, 0777);
}

void nr_cache_put(const tutur_ctx *ctx, const char *kind, const uint8_t key[32],
                  const void *data, size_t len) {
    char path[1200], tmp[1300], kind_dir[1100];
    size_t dir_len;
    if (!entry_path(ctx, kind, key, path, sizeof path, &dir_len))
        return;
    snprintf(kind_dir, sizeof kind_dir, "%s/%s", ctx->cache_dir, kind);
    nr_make_dirs(kind_dir);
    path[dir_len] = '\0';
    mkdir(path, 0777);
    path[dir_len] = '/';
    snprintf(tmp, sizeof tmp, "%.*s/.new-XXXXXX", (int)dir_len, path);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return; /* a cache that cannot be written is no cache: go on */
    uint8_t sum[32];
    struct sha256_ctx h;
    sha256_init(&h);
    sha256_update(&h, len, data);
    sha256_digest(&h, 32, sum);
    FILE *f = fdopen(fd, "wb");
    bool ok = f && fwrite(data, 1, len, f) == len && fwrite(sum, 1, 32, f) == 32;
    if (f && fclose(f) != 0)
        ok = false;
    else if (!f)
        close(fd);
    if (!ok || rename(tmp, path) != 0)
        unlink(tmp);
}

/* ----- trimming ----- */

typedef struct entry {
    char *path;
    time_t used;
    off_t size;
} entry;

static entry *g_entries;
static size_t g_n, g_cap;
static off_t g_total;

static int collect(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    if (flag != FTW_F)
        return 0;
    /* a write that a killed run left behind */
    if (strncmp(path + ftw->base, ".new-", 5) == 0) {
        if (st->st_mtime < time(NULL) - 600)
            unlink(path);
        return 0;
    }
    entry *p = nr_grow(g_entries, &g_cap, g_n + 1, sizeof *p);
    if (!p)
        return 1;
    g_entries = p;
    g_entries[g_n++] = (entry){nr_strdup(path), st->st_mtime, st->st_size};
    g_total += st->st_size;
    return 0;
}

static int older_first(const void *a, const void *b) {
    const entry *x = a, *y = b;
    return x->used < y->used ? -1 : x->used > y->used;
}

void nr_cache_trim(const tutur_ctx *ctx) {
    if (!ctx->cache_dir || ctx->cache_limit <= 0)
        return;
    /* One trim at a time per process; callers are not concurrent. */
    g_entries = NULL;
    g_n = g_cap = 0;
    g_total = 0;
    nftw(ctx->cache_dir, collect, 16, FTW_PHYS);
    if (g_total > ctx->cache_limit) {
        qsort(g_entries, g_n, sizeof *g_entries, older_first);
        for (size_t i = 0; i < g_n && g_total > ctx->cache_limit * 9 / 10; i++)
            if (g_entries[i].path && unlink(g_entries[i].path) == 0)
                g_total -= g_entries[i].size;
    }
    for (size_t i = 0; i < g_n; i++)
        free(g_entries[i].path);
    free(g_entries);
    g_entries = NULL;
}
