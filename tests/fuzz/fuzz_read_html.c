/* fuzz_read_html: the html reader, then planning (segmentation and the
 * normalizer) and both JSON forms, on any bytes. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_setup();
    tutur_article *a = NULL;
    if (tutur_read_html(g_ctx, "fuzz", (const char *)data, size, g_lang, &a) == TUTUR_OK)
        fuzz_plan(a);
    return 0;
}
