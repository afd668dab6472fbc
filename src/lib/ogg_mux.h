/* ogg_mux.h: Ogg pages in and out (libogg; the only module that includes
 * ogg.h), for joining Opus packets that independent encoders produced into
 * one logical stream. */
#ifndef TUTUR_OGG_MUX_H
#define TUTUR_OGG_MUX_H

#include <stdio.h>

#include "internal.h"

typedef struct nr_packet {
    unsigned char *data;
    long len;
    int64_t granule; /* of the page it ends, or -1 */
} nr_packet;

typedef struct nr_packets {
    nr_packet *items;
    size_t n, cap;
} nr_packets;

/* Splits one Ogg stream held in memory into its packets, in order. */
bool nr_ogg_packets(const unsigned char *bytes, size_t len, nr_packets *out);
void nr_packets_free(nr_packets *p);

typedef struct nr_ogg_writer nr_ogg_writer;

nr_ogg_writer *nr_ogg_writer_new(int serial, FILE *f);
/* Adds a packet ending at GRANULE.  A header (BOS, or FLUSH) is flushed
 * onto pages of its own, as RFC 7845 wants for OpusHead and OpusTags. */
bool nr_ogg_write(nr_ogg_writer *w, const unsigned char *data, long len, int64_t granule,
                  bool bos, bool eos, bool flush);
/* Frees the writer; false if any write failed. */
bool nr_ogg_writer_close(nr_ogg_writer *w);

#endif
