/* fuzz_feed_ini: the [feed] section of out/feed.ini. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_setup();
    const char *path = fuzz_file("feed.ini", data, size);
    tutur_feed_channel ch = {0};
    (void)tutur_feed_channel_load(g_ctx, path, &ch);
    tutur_feed_channel_clear(&ch);
    return 0;
}
