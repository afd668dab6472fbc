/* fuzz_profile: a voice profile file (INI), loaded and range-checked. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_setup();
    const char *path = fuzz_file("p.ini", data, size);
    tutur_profile p;
    if (tutur_profile_load(g_ctx, path, &p) == TUTUR_OK)
        (void)tutur_profile_check(g_ctx, &p);
    return 0;
}
