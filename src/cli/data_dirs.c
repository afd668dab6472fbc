/* data_dirs.c: see data_dirs.h. */
#include "data_dirs.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "tutur_config.h"

static tutur_status add_if_dir(tutur_ctx *ctx, const char *dir) {
    struct stat st;
    if (!dir || !*dir || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return TUTUR_OK;
    return tutur_ctx_add_data_dir(ctx, dir);
}

tutur_status data_dirs_add(tutur_ctx *ctx, const char *user_dir) {
    char xdg[1024] = "";
    const char *data_home = getenv("XDG_DATA_HOME");
    if (data_home && *data_home)
        snprintf(xdg, sizeof xdg, "%s/tutur/voices", data_home);
    const char *dirs[] = {user_dir, getenv("TUTUR_DATA_DIR"), xdg, TUTUR_VOICES_INSTALLED,
                          TUTUR_VOICES_SOURCE};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        tutur_status st = add_if_dir(ctx, dirs[i]);
        if (st != TUTUR_OK)
            return st;
    }
    return TUTUR_OK;
}
