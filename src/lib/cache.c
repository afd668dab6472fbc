/* cache.c: see cache.h.  Layout: DIR/KIND/ab/abcdef...(64 hex), content
 * followed by its SHA-256.  Least recently used by mtime (a hit touches). */
#define _XOPEN_SOURCE 700 /* nftw */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
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

/* The hex name of KEY: its first two digits name the subdirectory. */
static void key_hex(const uint8_t key[32], char hex[65]) {
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", key[i]);
}

/* A directory under DIRFD, never through a link: someone who can write
 * in the cache must not make tutur read or write elsewhere.  CREATE makes
 * it when missing.  -1 when it is absent or not a real directory. */
static int open_subdir(int dirfd, const char *name, bool create) {
    int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT && create && mkdirat(dirfd, name, 0777) == 0)
        fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    return fd;
}

/* DIR/KIND/ab, the directory of an entry whose name is HEX. */
static int open_entry_dir(const tutur_ctx *ctx, const char *kind, const char *hex, bool create) {
    if (!ctx->cache_dir)
        return -1;
    if (create)
        nr_make_dirs(ctx->cache_dir);
    int top = open(ctx->cache_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC); /* the user's own choice */
    if (top < 0)
        return -1;
    int kind_fd = open_subdir(top, kind, create);
    close(top);
    if (kind_fd < 0)
        return -1;
    char sub[3] = {hex[0], hex[1], '\0'};
    int fd = open_subdir(kind_fd, sub, create);
    close(kind_fd);
    return fd;
}

bool nr_cache_get(const tutur_ctx *ctx, const char *kind, const uint8_t key[32], nr_buf *out) {
    char hex[65];
    key_hex(key, hex);
    int dir = open_entry_dir(ctx, kind, hex, false);
    if (dir < 0)
        return false;
    out->len = 0;
    /* Not a link, not a FIFO that would block, a regular file of a size
     * tutur could have written: anything else is not an entry. */
    int fd = openat(dir, hex + 2, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    bool present = fd >= 0 || errno != ENOENT;
    struct stat st;
    bool ok = fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 32 &&
              st.st_size <= NR_CACHE_MAX_ENTRY && nr_buf_reserve(out, (size_t)st.st_size + 1);
    while (ok && out->len < (size_t)st.st_size) {
        ssize_t n = read(fd, out->data + out->len, (size_t)st.st_size - out->len);
        if (n < 0 && errno == EINTR)
            continue;
        ok = n > 0;
        if (ok)
            out->len += (size_t)n;
    }
    if (fd >= 0)
        close(fd);
    if (ok) {
        uint8_t sum[32];
        struct sha256_ctx h;
        sha256_init(&h);
        sha256_update(&h, out->len - 32, (const uint8_t *)out->data);
        sha256_digest(&h, 32, sum);
        if (memcmp(sum, out->data + out->len - 32, 32) == 0) {
            out->len -= 32;
            utimensat(dir, hex + 2, NULL, AT_SYMLINK_NOFOLLOW); /* recently used */
            close(dir);
            return true;
        }
    }
    if (present)
        unlinkat(dir, hex + 2, 0); /* damaged or not ours: never trusted again */
    close(dir);
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
    if (len + 32 > NR_CACHE_MAX_ENTRY)
        return; /* it could never be read back */
    char hex[65], tmp[32];
    key_hex(key, hex);
    int dir = open_entry_dir(ctx, kind, hex, true);
    if (dir < 0)
        return; /* a cache that cannot be written is no cache: go on */
    /* mkstemp's name, made here because mkstemp takes no directory */
    uint8_t r[6];
    struct sha256_ctx h;
    sha256_init(&h);
    uint64_t salt[3] = {(uint64_t)getpid(), (uint64_t)time(NULL), (uint64_t)(uintptr_t)&h};
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    salt[1] ^= (uint64_t)now.tv_nsec;
    sha256_update(&h, sizeof salt, (const uint8_t *)salt);
    sha256_update(&h, 32, key);
    sha256_digest(&h, sizeof r, r);
    snprintf(tmp, sizeof tmp, ".new-%02x%02x%02x%02x%02x%02x", r[0], r[1], r[2], r[3], r[4], r[5]);
    int fd = openat(dir, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0) {
        close(dir);
        return;
    }
    uint8_t sum[32];
    sha256_init(&h);
    sha256_update(&h, len, data);
    sha256_digest(&h, 32, sum);
    FILE *f = fdopen(fd, "wb");
    bool ok = f && fwrite(data, 1, len, f) == len && fwrite(sum, 1, 32, f) == 32;
    if (f && fclose(f) != 0)
        ok = false;
    else if (!f)
        close(fd);
    if (!ok || renameat(dir, tmp, dir, hex + 2) != 0)
        unlinkat(dir, tmp, 0);
    close(dir);
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
