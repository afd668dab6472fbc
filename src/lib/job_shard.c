/* job_shard.c: which shard narrates which article (tutur_job_options
 * shard_index/shard_count): consistent hashing with bounded loads
 * (Mirrokni, Thorup and Zadimoghaddam, 2018).
 *
 * Each article ranks the shards by a hash of its output name and the
 * shard's number, and goes to the first shard in its ranking whose load
 * stays within (1 + EPSILON) times the average; articles are placed in
 * the order of a hash of their names.  Every shard is given the same
 * articles, so every shard computes the same placement.  Plain hashing
 * (name mod N) would move no article when others are added, but leaves
 * shards uneven: 20 articles fell 13 to 7.  Bounded loads keep every
 * shard within a few percent of the average, weighted by how much each
 * article has to say, and adding an article moves only the few that
 * overflow. */
#include <math.h>
#include <string.h>

#include "cache.h"
#include "job_internal.h"

#define EPSILON 0.05

static uint64_t hash2(const char *name, int shard) {
    const char *slash = strrchr(name, '/'); /* the file name, not the folder */
    nr_key k;
    nr_key_init(&k, "shard");
    nr_key_add_str(&k, slash ? slash + 1 : name);
    nr_key_add_int(&k, shard);
    uint8_t d[32];
    nr_key_final(&k, d);
    uint64_t h = 0;
    for (int i = 0; i < 8; i++)
        h = h << 8 | d[i];
    return h;
}

typedef struct item {
    size_t index;
    uint64_t order;
} item;

static int by_order(const void *a, const void *b) {
    uint64_t x = ((const item *)a)->order, y = ((const item *)b)->order;
    return x < y ? -1 : x > y;
}

tutur_status nr_shard_assign(tutur_ctx *ctx, const char *const *names, const double *weights,
                             size_t n, int count, int *shard) {
    item *items = malloc((n ? n : 1) * sizeof *items);
    double *load = calloc((size_t)count, sizeof *load);
    uint64_t *rank = malloc((size_t)count * sizeof *rank);
    int *pref = malloc((size_t)count * sizeof *pref);
    if (!items || !load || !rank || !pref) {
        free(items), free(load), free(rank), free(pref);
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    }
    double total = 0;
    for (size_t i = 0; i < n; i++) {
        items[i] = (item){i, hash2(names[i], -1)};
        total += weights[i] > 0 ? weights[i] : 1;
    }
    qsort(items, n, sizeof *items, by_order);
    double cap = (1 + EPSILON) * total / count;
    for (size_t j = 0; j < n; j++) {
        size_t i = items[j].index;
        double w = weights[i] > 0 ? weights[i] : 1;
        /* this article's ranking of the shards (insertion sort: N is small) */
        for (int s = 0; s < count; s++) {
            uint64_t h = hash2(names[i], s);
            int k = s;
            while (k > 0 && rank[k - 1] > h) {
                rank[k] = rank[k - 1];
                pref[k] = pref[k - 1];
                k--;
            }
            rank[k] = h;
            pref[k] = s;
        }
        int chosen = -1, lightest = pref[0];
        for (int k = 0; k < count && chosen < 0; k++) {
            if (load[pref[k]] + w <= cap)
                chosen = pref[k];
            if (load[pref[k]] < load[lightest])
                lightest = pref[k];
        }
        if (chosen < 0)
            chosen = lightest; /* nowhere within bounds: the lightest */
        shard[i] = chosen;
        load[chosen] += w;
    }
    free(items), free(load), free(rank), free(pref);
    return TUTUR_OK;
}
