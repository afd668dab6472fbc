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
    char *album; /* the feed's title, from feed.ini in the output directory */
} app;

/* Prints the context's message (or ST's description) and returns the exit
 * code for ST. */
int app_fail(app *a, tutur_status st);
/* Reads an article and plans it with the app's language and profile. */
tutur_status app_read_and_plan(app *a, const char *path, tutur_script **script);

/* tutur narrate */
int cmd_narrate(app *a);
/* tutur feed */
int cmd_feed(app *a);

#endif
