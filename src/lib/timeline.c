/* timeline.c: the one place where sample counts become milliseconds and
 * clock times.  Everything downstream derives its times from here. */
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"

int64_t tutur_samples_to_ms(int64_t samples, int rate) {
    if (rate <= 0 || samples <= 0)
        return 0;
    return samples * 1000 / rate; /* floor: a mark never falls after its sample */
}

void tutur_format_hms(int64_t ms, char buf[13]) {
    if (ms < 0)
        ms = 0;
    int64_t h = ms / 3600000;
    if (h > 99)
        h = 99; /* the chapter format has two hour digits */
    snprintf(buf, 13, "%02d:%02d:%02d.%03d", (int)h, (int)(ms / 60000 % 60),
             (int)(ms / 1000 % 60), (int)(ms % 1000));
}

void tutur_timeline_destroy(tutur_timeline *t) {
    if (!t)
        return;
    free(t->chapter_starts);
    free(t->spans);
    free(t->cues);
    free(t->sentences);
    free(t);
}
