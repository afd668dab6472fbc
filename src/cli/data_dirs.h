/* data_dirs.h: where voice profiles and language data are looked for. */
#ifndef TUTUR_CLI_DATA_DIRS_H
#define TUTUR_CLI_DATA_DIRS_H

#include "tutur.h"

/* Adds, in order: USER_DIR (--data-dir), $TUTUR_DATA_DIR, the user's
 * $XDG_DATA_HOME/tutur/voices (default ~/.local/share), each of
 * $XDG_DATA_DIRS/tutur/voices (default /usr/local/share:/usr/share), the
 * installed data of the configured prefix, and, only for the binary in
 * the build tree (not an installed one), the source tree's voices/.
 * Missing ones are skipped. */
tutur_status data_dirs_add(tutur_ctx *ctx, const char *user_dir);
/* Every directory data_dirs_add looked in, ", "-separated. */
const char *data_dirs_looked(void);

#endif
