/* cache.h: a content-addressed cache on disk: rendered segments and
 * encoded chunks, keyed by SHA-256 of everything that determines them, so
 * narrating an edited article again redoes only what changed.
 *
 * Entries are written to a temporary name and renamed (a killed run leaves
 * no half entry) and carry the SHA-256 of their content, checked on every
 * read (a damaged entry is a miss, and is removed).  Nothing in the cache
 * is trusted: entries and their folders are opened without following
 * links or blocking, must be regular files of a bounded size, and their
 * readers range-check what they hold. */
#ifndef TUTUR_CACHE_H
#define TUTUR_CACHE_H

#include <nettle/sha2.h>

#include "internal.h"

/* The largest entry read or written: far above a segment of speech
 * (ten minutes are 29 MB), far below what would exhaust memory. */
#define NR_CACHE_MAX_ENTRY ((int64_t)256 << 20)

typedef struct nr_key {
    struct sha256_ctx h;
} nr_key;

void nr_key_init(nr_key *k, const char *kind);
void nr_key_add(nr_key *k, const void *data, size_t len);
void nr_key_add_int(nr_key *k, int64_t v);
void nr_key_add_str(nr_key *k, const char *s);
void nr_key_final(nr_key *k, uint8_t digest[32]);

/* DIR/KIND when the context has a cache directory; false otherwise. */
bool nr_cache_get(const tutur_ctx *ctx, const char *kind, const uint8_t key[32], nr_buf *out);
void nr_cache_put(const tutur_ctx *ctx, const char *kind, const uint8_t key[32],
                  const void *data, size_t len);
/* mkdir -p DIR, quietly. */
void nr_make_dirs(const char *dir);
/* Removes the least recently used entries beyond the context's limit. */
void nr_cache_trim(const tutur_ctx *ctx);

#endif
