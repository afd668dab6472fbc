/* progress.c: see progress.h. */
#include "progress.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t g_signal = 0;
static volatile sig_atomic_t g_exit_at_once = 0;

static void on_signal(int sig) {
    g_signal = sig;
    if (g_exit_at_once)
        _exit(130); /* EXIT_INTERRUPTED; _exit is async-signal-safe */
}

void progress_catch_signals(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

int progress_interrupted(void) { return g_signal; }

const volatile sig_atomic_t *progress_stop_flag(void) { return &g_signal; }

void progress_exit_on_signal(bool on) {
    g_exit_at_once = on;
    if (on && g_signal)
        _exit(130); /* it came while cleaning up was still needed */
}

void progress_init(progress *p, bool quiet) {
    *p = (progress){.quiet = quiet, .tty = isatty(STDERR_FILENO) != 0, .last_percent = -1,
                    .last_stage = -1};
}

void progress_begin(progress *p, const char *name) {
    p->name = name;
    p->last_percent = -1;
    p->last_stage = -1;
}

int progress_callback(void *user, const tutur_progress *pr) {
    progress *p = user;
    if (g_signal)
        return 1;
    if (p->quiet || pr->total <= 0)
        return 0;
    /* Rendering is the first half of the bar, encoding the second. */
    int percent = (int)(pr->done * 50 / pr->total) + (pr->stage == TUTUR_STAGE_ENCODE ? 50 : 0);
    if (p->tty) {
        if (percent == p->last_percent)
            return 0;
        int filled = percent * 30 / 100;
        fprintf(stderr, "\r%-30.30s [%.*s%*s] %3d%%", p->name, filled,
                "##############################", 30 - filled, "", percent);
        fflush(stderr);
    } else if ((int)pr->stage != p->last_stage) {
        fprintf(stderr, "%s: %s\n", p->name,
                pr->stage == TUTUR_STAGE_RENDER ? "synthesizing" : "encoding");
    }
    p->last_percent = percent;
    p->last_stage = (int)pr->stage;
    return 0;
}

void progress_end(progress *p) {
    if (!p->quiet && p->tty && p->last_percent >= 0)
        fputs("\r\033[K", stderr);
    p->last_percent = -1;
}
