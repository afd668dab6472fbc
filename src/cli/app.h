/* app.h: what the commands of the tutur program share. */
#ifndef TUTUR_CLI_APP_H
#define TUTUR_CLI_APP_H

#include "options.h"
#include "progress.h"
#include "tutur.h"

enum { EXIT_USAGE = 2, EXIT_INTERRUPTED = 130 };

typedef struct app {
    options opt;
    tutur_ctx *ctx;
    tutur_profile profile;
    tutur_lang *lang;
    progress prog;
} app;

/* Prints the context's message (or ST's description) and returns the exit
 * code for ST. */
int app_fail(app *a, tutur_status st);

/* tutur narrate */
int cmd_narrate(app *a);
/* tutur feed */
int cmd_feed(app *a);

#endif
