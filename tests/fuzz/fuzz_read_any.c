/* fuzz_read_any: format detection by content (a name without extension),
 * then whichever reader it chooses, as `tutur narrate` does for stdin. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_setup();
    const char *path = fuzz_file("article", data, size);
    tutur_format f = tutur_detect_format(path, (const char *)data, size);
    tutur_article *a = NULL;
    if (tutur_read_file(g_ctx, path, f, g_lang, &a) == TUTUR_OK)
        fuzz_plan(a);
    return 0;
}
