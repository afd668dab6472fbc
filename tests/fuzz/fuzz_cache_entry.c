/* fuzz_cache_entry: a segment entry in the cache, read back and checked
 * as narration does before using it.  Half the inputs are stored with a
 * valid checksum (a forged entry), half as raw bytes (a damaged one). */
#include "cache.h"
#include "fuzz_common.h"
#include "segment_entry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_setup();
    static bool cache_set;
    if (!cache_set) {
        char dir[128];
        snprintf(dir, sizeof dir, "%s/cache", g_dir);
        if (tutur_ctx_set_cache(g_ctx, dir, 0) != TUTUR_OK)
            abort();
        cache_set = true;
    }
    if (size < 2)
        return 0;
    bool forged = data[0] & 1;
    size_t text_len = data[1];
    uint8_t key[32] = {0};
    if (forged) {
        nr_cache_put(g_ctx, "segments", key, data + 2, size - 2);
    } else {
        char path[256];
        snprintf(path, sizeof path, "%s/cache/segments/00", g_dir);
        nr_make_dirs(path);
        snprintf(path, sizeof path, "%s/cache/segments/00/%062d", g_dir, 0);
        FILE *f = fopen(path, "wb");
        if (!f || fwrite(data + 2, 1, size - 2, f) != size - 2 || fclose(f) != 0)
            abort();
    }
    nr_buf b = {0};
    int64_t n_cues, n_samples;
    if (nr_cache_get(g_ctx, "segments", key, &b) &&
        nr_segment_entry_check(b.data, b.len, text_len, &n_cues, &n_samples)) {
        /* what narration then reads: every cue and every sample */
        int64_t sum = 0;
        for (int64_t i = 0; i < n_cues; i++) {
            nr_entry_cue c;
            memcpy(&c, b.data + 8 + (size_t)i * sizeof c, sizeof c);
            sum += c.sample + c.offset + c.length;
        }
        for (int64_t i = 0; i < n_samples; i++) {
            int16_t v;
            memcpy(&v, b.data + nr_entry_samples_at(n_cues) + 8 + (size_t)i * 2, 2);
            sum += v;
        }
        if (sum == INT64_MIN)
            abort(); /* keeps the reads from being optimized away */
    }
    nr_buf_free(&b);
    return 0;
}
