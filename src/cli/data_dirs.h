/* data_dirs.h: where voice profiles and language data are looked for. */
#ifndef TUTUR_CLI_DATA_DIRS_H
#define TUTUR_CLI_DATA_DIRS_H

#include "tutur.h"

/* Adds, in order: USER_DIR (--data-dir), $TUTUR_DATA_DIR, the user's
 * $XDG_DATA_HOME/tutur/voices, the installed data, and the source tree's
 * voices/ (for a build that is not installed).  Missing ones are skipped. */
tutur_status data_dirs_add(tutur_ctx *ctx, const char *user_dir);

#endif
