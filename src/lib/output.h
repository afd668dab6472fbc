/* output.h: the inside of tutur_output, for sinks. */
#ifndef TUTUR_OUTPUT_H
#define TUTUR_OUTPUT_H

#include <stdio.h>

#include "internal.h"

struct tutur_output {
    char *path;     /* final name */
    char *tmp_path; /* where it is written until commit */
    FILE *f;        /* NULL for a directory */
    int fd;
    bool committed;
    bool is_dir;    /* a directory of files, committed as a whole */
    bool unnamed;   /* an O_TMPFILE file: tmp_path does not exist yet */
};

/* The path of NAME inside a directory output's temporary directory;
 * free() it. */
char *nr_output_file(const tutur_output *o, const char *name);

#endif
