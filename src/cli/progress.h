/* progress.h: progress on standard error: a redrawn bar on a terminal,
 * plain lines otherwise (screen readers read lines, not redrawn bars),
 * nothing when quiet.  SIGINT and SIGTERM cancel through it. */
#ifndef TUTUR_CLI_PROGRESS_H
#define TUTUR_CLI_PROGRESS_H

#include <stdbool.h>

#include "tutur.h"

typedef struct progress {
    bool quiet;
    bool tty;
    const char *name; /* the article being narrated */
    int last_percent;
    int last_stage;
} progress;

void progress_init(progress *p, bool quiet);
/* Installs the signal handlers that make progress_callback cancel. */
void progress_catch_signals(void);
/* Non-zero once SIGINT or SIGTERM arrived. */
int progress_interrupted(void);
/* The flag the signal handlers set, for tutur_ctx_set_stop_flag. */
const volatile sig_atomic_t *progress_stop_flag(void);
/* ON: while nothing is being written (reading, planning, printing), a
 * signal ends the process at once with exit 130: there is nothing to
 * clean up, and a long read must not keep Ctrl-C waiting.  Off: the
 * signal only sets the flag and the work stops and cleans up itself. */
void progress_exit_on_signal(bool on);
int progress_callback(void *user, const tutur_progress *pr);
void progress_begin(progress *p, const char *name);
/* Ends the bar line, if any. */
void progress_end(progress *p);

#endif
