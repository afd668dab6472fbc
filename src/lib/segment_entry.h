/* segment_entry.h: the layout of a rendered segment in the cache, and the
 * check every entry passes before it is used.  An entry is n_cues (int64),
 * the cues, n_samples (int64), the samples (int16), all in the machine's
 * byte order.  The cache's checksum only finds damage; whoever can write
 * the cache can also forge a checksum, so the contents are checked too. */
#ifndef TUTUR_SEGMENT_ENTRY_H
#define TUTUR_SEGMENT_ENTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct nr_entry_cue {
    int32_t kind;            /* a tutur_cue_kind */
    uint32_t offset, length; /* bytes of the segment's spoken text */
    int64_t sample;          /* from the segment's first sample */
} nr_entry_cue;

/* True when DATA (LEN bytes) is a well-formed entry for a spoken text of
 * TEXT_LEN bytes: its counts agree with its length, every cue is of a
 * known kind, names text inside the segment's and starts within its
 * audio.  *N_CUES and *N_SAMPLES receive the counts.  The cues start at
 * DATA + 8, the samples at nr_entry_samples_at(*N_CUES) + 8. */
bool nr_segment_entry_check(const char *data, size_t len, size_t text_len, int64_t *n_cues,
                            int64_t *n_samples);
static inline size_t nr_entry_samples_at(int64_t n_cues) {
    return 8 + (size_t)n_cues * sizeof(nr_entry_cue);
}

#endif
