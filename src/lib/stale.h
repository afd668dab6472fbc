/* stale.h: temporaries that a killed run leaves behind, found and removed
 * by the next run.  Every temporary name tutur makes carries a tag,
 * "tutur-HOST-PID" (HOST: eight hex digits of the host name, so a folder
 * shared between machines is safe); a name with this host's tag whose
 * process no longer runs belongs to a run that was killed (SIGKILL, a
 * power cut) before it could clean up. */
#ifndef TUTUR_STALE_H
#define TUTUR_STALE_H

#include <stddef.h>

/* This process's tag into BUF (at least 40 bytes). */
void nr_temp_tag(char *buf, size_t size);
/* Removes DIR's entries that carry the tag of a dead process of this
 * host: files, links and whole folders (never followed through a link).
 * Each folder is looked at once per process. */
void nr_clean_stale(const char *dir);

#endif
