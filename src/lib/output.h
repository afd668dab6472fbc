/* output.h: the inside of tutur_output, for sinks. */
#ifndef TUTUR_OUTPUT_H
#define TUTUR_OUTPUT_H

#include <stdio.h>

#include "internal.h"

struct tutur_output {
    char *path;     /* final name */
    char *tmp_path; /* where it is written until commit */
    FILE *f;
    int fd;
    bool committed;
};

#endif
