/* zip_mem.h: a zip archive built in memory and written out whole, for the
 * EPUB book and the DAISY book's download (zip_mem.c is the only file that
 * includes libzip's header). */
#ifndef TUTUR_ZIP_MEM_H
#define TUTUR_ZIP_MEM_H

#include <stdbool.h>
#include <stdio.h>

typedef struct nr_zip nr_zip;

/* An empty archive; NULL when out of memory. */
nr_zip *nr_zip_new(void);
/* Adds a copy of DATA[0..LEN) as NAME, stored (STORE) or deflated. */
bool nr_zip_add(nr_zip *z, const char *name, const void *data, size_t len, bool store);
/* Adds the file at PATH as NAME (read when the archive is finished), with
 * the modification time of 1980-01-01 so the same files give the same bytes. */
bool nr_zip_add_file(nr_zip *z, const char *name, const char *path, bool store);
/* Closes the archive and, when OK, writes it to OUT; frees Z either way.
 * False when anything failed. */
bool nr_zip_finish(nr_zip *z, bool ok, FILE *out);

#endif
