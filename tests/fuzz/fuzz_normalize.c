/* fuzz_normalize: the normalizer on any text (up to its first NUL, as
 * every caller passes it). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_setup();
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    char *out = NULL;
    if (tutur_normalize(g_ctx, g_lang, text, &out) == TUTUR_OK)
        free(out);
    free(text);
    return 0;
}
