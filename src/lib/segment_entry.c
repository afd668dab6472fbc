/* segment_entry.c: see segment_entry.h. */
#include <string.h>

#include "segment_entry.h"
#include "tutur.h"

bool nr_segment_entry_check(const char *data, size_t len, size_t text_len, int64_t *n_cues,
                            int64_t *n_samples) {
    int64_t nc = 0, ns = 0;
    if (len < 16)
        return false;
    memcpy(&nc, data, 8);
    /* bounded before any arithmetic: no product below can overflow */
    if (nc < 0 || (uint64_t)nc > len / sizeof(nr_entry_cue))
        return false;
    size_t at = nr_entry_samples_at(nc);
    if (len < at + 8)
        return false;
    memcpy(&ns, data + at, 8);
    if (ns < 0 || (uint64_t)ns > (len - at - 8) / 2 || len != at + 8 + (size_t)ns * 2)
        return false;
    for (int64_t i = 0; i < nc; i++) {
        nr_entry_cue c;
        memcpy(&c, data + 8 + (size_t)i * sizeof c, sizeof c);
        if ((c.kind != TUTUR_CUE_SENTENCE && c.kind != TUTUR_CUE_WORD) || c.offset > text_len ||
            c.length > text_len - c.offset || c.sample < 0 || c.sample > ns)
            return false;
    }
    *n_cues = nc;
    *n_samples = ns;
    return true;
}
