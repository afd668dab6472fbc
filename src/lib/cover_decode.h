/* cover_decode.h: a cover picture decoded in full (libpng, libjpeg). */
#ifndef TUTUR_COVER_DECODE_H
#define TUTUR_COVER_DECODE_H

#include <stdbool.h>
#include <stddef.h>

/* True when DATA (N bytes, a PNG when PNG, else a JPEG) decodes without
 * error or warning to a picture of at most 8000 pixels a side; *W and *H
 * receive its size.  Otherwise WHY says what is wrong. */
bool nr_cover_decodes(const char *data, size_t n, bool png, int *w, int *h, char *why,
                      size_t why_size);

#endif
