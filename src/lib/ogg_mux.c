/* ogg_mux.c: see ogg_mux.h. */
#include <ogg/ogg.h>
#include <stdlib.h>
#include <string.h>

#include "ogg_mux.h"

bool nr_ogg_packets(const unsigned char *bytes, size_t len, nr_packets *out) {
    ogg_sync_state oy;
    ogg_stream_state os;
    ogg_page og;
    ogg_packet op;
    bool started = false, ok = true;
    ogg_sync_init(&oy);
    char *buf = ogg_sync_buffer(&oy, (long)len);
    if (!buf) {
        ogg_sync_clear(&oy);
        return false;
    }
    memcpy(buf, bytes, len);
    ogg_sync_wrote(&oy, (long)len);
    while (ok && ogg_sync_pageout(&oy, &og) == 1) {
        if (!started) {
            ogg_stream_init(&os, ogg_page_serialno(&og));
            started = true;
        }
        ogg_stream_pagein(&os, &og);
        int r;
        while (ok && (r = ogg_stream_packetout(&os, &op)) != 0) {
            if (r < 0)
                continue; /* a gap: cannot happen in memory */
            nr_packet *p = nr_grow(out->items, &out->cap, out->n + 1, sizeof *p);
            unsigned char *copy = malloc((size_t)op.bytes + 1);
            if (!p || !copy) {
                free(copy);
                ok = false;
                break;
            }
            out->items = p;
            memcpy(copy, op.packet, (size_t)op.bytes);
            out->items[out->n++] = (nr_packet){copy, op.bytes, op.granulepos};
        }
    }
    if (started)
        ogg_stream_clear(&os);
    ogg_sync_clear(&oy);
    return ok;
}

void nr_packets_free(nr_packets *p) {
    for (size_t i = 0; i < p->n; i++)
        free(p->items[i].data);
    free(p->items);
    *p = (nr_packets){0};
}

struct nr_ogg_writer {
    ogg_stream_state os;
    FILE *f;
    int64_t packetno;
    bool failed;
};

nr_ogg_writer *nr_ogg_writer_new(int serial, FILE *f) {
    nr_ogg_writer *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    if (ogg_stream_init(&w->os, serial) != 0) {
        free(w);
        return NULL;
    }
    w->f = f;
    return w;
}

static void put_page(nr_ogg_writer *w, const ogg_page *og) {
    if (fwrite(og->header, 1, (size_t)og->header_len, w->f) != (size_t)og->header_len ||
        fwrite(og->body, 1, (size_t)og->body_len, w->f) != (size_t)og->body_len)
        w->failed = true;
}

bool nr_ogg_write(nr_ogg_writer *w, const unsigned char *data, long len, int64_t granule,
                  bool bos, bool eos, bool flush) {
    ogg_packet op = {(unsigned char *)data, len, bos, eos, granule, w->packetno++};
    if (ogg_stream_packetin(&w->os, &op) != 0)
        return !(w->failed = true);
    ogg_page og;
    if (flush || bos || eos) {
        while (ogg_stream_flush(&w->os, &og))
            put_page(w, &og);
    } else {
        while (ogg_stream_pageout(&w->os, &og))
            put_page(w, &og);
    }
    return !w->failed;
}

bool nr_ogg_writer_close(nr_ogg_writer *w) {
    if (!w)
        return false;
    bool ok = !w->failed;
    ogg_stream_clear(&w->os);
    free(w);
    return ok;
}
