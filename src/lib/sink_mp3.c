/* sink_mp3.c: MP3 files through FFmpeg's libraries (the only file that
 * includes their headers; opened at run time, see ff_load): LAME through
 * libavcodec, the file through
 * libavformat's MP3 muxer, which writes what podcast apps read:
 *
 * - an ID3v2.3 tag (the version every app and Windows reads) with title,
 *   artist, album, date (TYER + TDAT, which mutagen reads as a full date),
 *   language, a COMM comment, the cover (APIC), and a CTOC (top level,
 *   ordered) with one CHAP per chapter: its title and its start and end in
 *   milliseconds from the Timeline;
 * - a Xing "Info" frame with the LAME tag: the frame count (so players and
 *   ffprobe know the exact length, and seek by its table) and the encoder
 *   delay and padding, which gapless decoders (FFmpeg, Apple's, ExoPlayer)
 *   remove: decoded sample k is spool sample k, so every published time
 *   points at the same sound as in the Opus file.
 *
 * Constant bit rate: DAISY players expect it, and CBR seeks exactly.
 *
 * On several cores (see encode_parallel): chunks cut in silences, each
 * encoded by its own LAME, their frames joined.  Every cut is checked
 * where the bit reservoir could reach across it; a join that could be
 * heard is refused and the file encoded on one core instead. */
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/intreadwrite.h>
#include <libavutil/opt.h>
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <unistr.h>

#include "output.h"
#include "spool.h"

#define FEED_SAMPLES 8192
/* A chunk's encoder starts this many frames before the frames kept. */
#define WARM_FRAMES 6
/* Frames of silence needed after a cut: the bit reservoir of the first
 * frames with sound reaches back at most this far (511 bytes; a frame at
 * 32 kbps and up holds more than 128 bytes of main data). */
#define QUIET_AFTER_FRAMES 4
#define MIN_CHUNK_SECONDS 10
#define MAX_CHUNK_SECONDS 60
#define AHEAD_PER_JOB 2
/* |sample| at most this is silence at a cut */
#define SILENT 2

/* FFmpeg's libraries are opened when the first MP3 is written, not linked:
 * they pull in about a hundred shared libraries (every codec Debian builds
 * in), which cost every run of tutur 50 ms before main, MP3 or not.  The
 * headers give the types and the ABI's major versions. */
#define FF_AVUTIL(X) \
    X(av_malloc) \
    X(av_mallocz) \
    X(av_calloc) \
    X(av_free) \
    X(av_freep) \
    X(av_dict_set) \
    X(av_opt_set_int) \
    X(av_log_set_level) \
    X(av_frame_alloc) \
    X(av_frame_unref) \
    X(av_frame_get_buffer) \
    X(av_frame_free) \
    X(av_channel_layout_default) \
    X(av_channel_layout_copy)
#define FF_AVCODEC(X) \
    X(avcodec_find_encoder_by_name) \
    X(avcodec_alloc_context3) \
    X(avcodec_open2) \
    X(avcodec_free_context) \
    X(avcodec_receive_packet) \
    X(avcodec_send_frame) \
    X(avcodec_parameters_from_context) \
    X(av_packet_alloc) \
    X(av_packet_free) \
    X(av_packet_unref) \
    X(av_packet_move_ref) \
    X(av_packet_free_side_data) \
    X(av_packet_new_side_data) \
    X(av_packet_rescale_ts) \
    X(av_new_packet)
#define FF_AVFORMAT(X) \
    X(avformat_alloc_output_context2) \
    X(avformat_new_stream) \
    X(avformat_write_header) \
    X(avformat_free_context) \
    X(av_write_frame) \
    X(av_write_trailer) \
    X(avio_alloc_context) \
    X(avio_context_free) \
    X(avio_flush)
#define FF_POINTER(f) __typeof__(f) *f;
static struct {
    FF_AVUTIL(FF_POINTER) FF_AVCODEC(FF_POINTER) FF_AVFORMAT(FF_POINTER)
} ff;
static char ff_failure[256]; /* why FFmpeg could not be opened, or "" */

static void *ff_open(const char *lib, int major) {
    char name[64];
    snprintf(name, sizeof name, "lib%s.so.%d", lib, major);
    void *h = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (!h && !ff_failure[0])
        snprintf(ff_failure, sizeof ff_failure, "cannot open %s (FFmpeg)", name);
    return h;
}

static void ff_resolve(void *h, const char *name, void *slot) {
    void *p = h ? dlsym(h, name) : NULL;
    if (!p && h && !ff_failure[0])
        snprintf(ff_failure, sizeof ff_failure, "FFmpeg has no %s", name);
    memcpy(slot, &p, sizeof p); /* a function pointer from dlsym, as POSIX allows */
}

/* Opens the three libraries once; FFmpeg's log is silenced (process-wide,
 * as FFmpeg's logging is: a program embedding libtutur that wants it sets
 * its own level afterwards); every failure is reported through the
 * context instead. */
static void ff_load(void) {
    void *u = ff_open("avutil", LIBAVUTIL_VERSION_MAJOR);
    void *c = ff_open("avcodec", LIBAVCODEC_VERSION_MAJOR);
    void *f = ff_open("avformat", LIBAVFORMAT_VERSION_MAJOR);
#define FF_RESOLVE_U(n) ff_resolve(u, #n, &ff.n);
#define FF_RESOLVE_C(n) ff_resolve(c, #n, &ff.n);
#define FF_RESOLVE_F(n) ff_resolve(f, #n, &ff.n);
    FF_AVUTIL(FF_RESOLVE_U)
    FF_AVCODEC(FF_RESOLVE_C)
    FF_AVFORMAT(FF_RESOLVE_F)
    if (!ff_failure[0])
        ff.av_log_set_level(AV_LOG_QUIET);
}

/* ===== one encoder ====================================================== */

typedef struct packets {
    AVPacket **items;
    size_t n, cap;
} packets;

static void packets_free(packets *p) {
    for (size_t i = 0; i < p->n; i++)
        ff.av_packet_free(&p->items[i]);
    free(p->items);
    *p = (packets){0};
}

static AVCodecContext *open_encoder(int rate, int kbps) {
    const AVCodec *codec = ff.avcodec_find_encoder_by_name("libmp3lame");
    AVCodecContext *c = codec ? ff.avcodec_alloc_context3(codec) : NULL;
    if (!c)
        return NULL;
    c->sample_rate = rate;
    c->sample_fmt = AV_SAMPLE_FMT_S16P;
    ff.av_channel_layout_default(&c->ch_layout, 1);
    c->bit_rate = (int64_t)kbps * 1000;
    c->time_base = (AVRational){1, rate};
    /* LAME -q 5 ("good speed, reasonable quality"): -q 2 took 2.5 times
     * and -q 3 1.2 times as long; espeak-ng's formant speech at 64 kbit/s
     * sounds no different, and --mp3 must stay cheap beside the Opus file */
    c->compression_level = 5;
    if (ff.avcodec_open2(c, codec, NULL) < 0)
        ff.avcodec_free_context(&c);
    return c;
}

/* Moves the encoder's packets out; KEEP_FROM/KEEP_TO are output times
 * (samples from the stream's start, as the packets' pts plus BASE). */
static int drain(AVCodecContext *c, AVPacket *pkt, int64_t base, int64_t keep_from,
                 int64_t keep_to, packets *out) {
    int rc;
    while ((rc = ff.avcodec_receive_packet(c, pkt)) == 0) {
        int64_t at = pkt->pts + base;
        if (at < keep_from || at >= keep_to) {
            ff.av_packet_unref(pkt);
            continue;
        }
        AVPacket **p = nr_grow(out->items, &out->cap, out->n + 1, sizeof *p);
        AVPacket *copy = p ? ff.av_packet_alloc() : NULL;
        if (!copy) {
            ff.av_packet_unref(pkt);
            return AVERROR(ENOMEM);
        }
        out->items = p;
        ff.av_packet_move_ref(copy, pkt);
        /* the delay and padding are the stream's, set when joined */
        ff.av_packet_free_side_data(copy);
        copy->pts = copy->dts = at;
        out->items[out->n++] = copy;
    }
    return rc == AVERROR(EAGAIN) || rc == AVERROR_EOF ? 0 : rc;
}

/* Encodes spool samples [FROM + feed_from, FROM + feed_to) and keeps the
 * packets whose output time lies in [keep_from, keep_to). */
static tutur_status encode_range(tutur_spool *spool, int rate, int kbps, int64_t from,
                                 int64_t feed_from, int64_t feed_to, int64_t keep_from,
                                 int64_t keep_to, const volatile bool *cancel,
                                 const tutur_ctx *ctx, packets *out) {
    AVCodecContext *c = open_encoder(rate, kbps);
    AVFrame *f = ff.av_frame_alloc();
    AVPacket *pkt = ff.av_packet_alloc();
    tutur_status st = c && f && pkt ? TUTUR_OK : TUTUR_E_ENCODER;
    int rc = 0;
    for (int64_t pos = feed_from; st == TUTUR_OK && pos < feed_to && !*cancel;) {
        if (nr_stopped(ctx)) { /* a side thread: no progress reports stop it */
            st = TUTUR_E_CANCELLED;
            break;
        }
        int64_t n = feed_to - pos < c->frame_size ? feed_to - pos : c->frame_size;
        ff.av_frame_unref(f);
        f->nb_samples = (int)n;
        f->format = c->sample_fmt;
        f->sample_rate = rate;
        if (ff.av_channel_layout_copy(&f->ch_layout, &c->ch_layout) < 0 ||
            ff.av_frame_get_buffer(f, 0) < 0) {
            st = TUTUR_E_NOMEM;
            break;
        }
        if (nr_spool_pread(spool, from + pos, (int16_t *)(void *)f->data[0], n) != n) {
            st = TUTUR_E_IO;
            break;
        }
        f->pts = pos - feed_from;
        rc = ff.avcodec_send_frame(c, f);
        if (rc >= 0)
            rc = drain(c, pkt, feed_from, keep_from, keep_to, out);
        if (rc < 0)
            st = rc == AVERROR(ENOMEM) ? TUTUR_E_NOMEM : TUTUR_E_ENCODER;
        pos += n;
    }
    if (st == TUTUR_OK && !*cancel) {
        rc = ff.avcodec_send_frame(c, NULL);
        if (rc >= 0)
            rc = drain(c, pkt, feed_from, keep_from, keep_to, out);
        if (rc < 0)
            st = TUTUR_E_ENCODER;
    }
    ff.av_packet_free(&pkt);
    ff.av_frame_free(&f);
    ff.avcodec_free_context(&c);
    return st;
}

/* ===== the bit reservoir at a join ======================================
 * An MP3 frame's main data may begin in earlier frames (main_data_begin
 * bytes back).  After a join those bytes are another encoder's: harmless
 * only while the frames reaching back code nothing (part2_3_length 0, as in
 * silence).  Mono only (tutur's audio is mono). */

typedef struct frame_info {
    int main_data_begin;
    int side_bytes; /* header, CRC and side information */
    bool codes_sound;
} frame_info;

/* N bits (at most 16) from bit AT of S, most significant first. */
static unsigned side_bits(const uint8_t *s, int at, int n) {
    unsigned v = 0;
    for (int i = at; i < at + n; i++)
        v = v << 1 | ((s[i / 8] >> (7 - i % 8)) & 1);
    return v;
}

static bool parse_frame(const uint8_t *d, int size, frame_info *fi) {
    if (size < 4 || d[0] != 0xff || (d[1] & 0xe0) != 0xe0 || ((d[1] >> 1) & 3) != 1)
        return false; /* not Layer III */
    bool mpeg1 = ((d[1] >> 3) & 3) == 3;
    bool crc = !(d[1] & 1);
    bool mono = ((d[3] >> 6) & 3) == 3;
    if (!mono)
        return false;
    int at = 4 + (crc ? 2 : 0);
    fi->side_bytes = at + (mpeg1 ? 17 : 9);
    if (size < fi->side_bytes)
        return false;
    const uint8_t *s = d + at;
    if (mpeg1) {
        /* main_data_begin 9, private 5, scfsi 4; a granule is 59 bits and
         * starts with part2_3_length (12) */
        fi->main_data_begin = (int)side_bits(s, 0, 9);
        fi->codes_sound = side_bits(s, 18, 12) || side_bits(s, 18 + 59, 12);
    } else {
        /* main_data_begin 8, private 1, then the one granule */
        fi->main_data_begin = (int)side_bits(s, 0, 8);
        fi->codes_sound = side_bits(s, 9, 12) != 0;
    }
    return true;
}

/* Whether the packets after a join decode as they would in one stream. */
static bool join_is_clean(const packets *p) {
    int64_t behind = 0; /* main-data bytes of this chunk's frames so far */
    for (size_t i = 0; i < p->n && behind < 512; i++) {
        frame_info fi;
        if (!parse_frame(p->items[i]->data, p->items[i]->size, &fi))
            return false;
        if (fi.codes_sound && fi.main_data_begin > behind)
            return false;
        behind += p->items[i]->size - fi.side_bytes;
    }
    return true;
}

/* ===== chunks on several cores ========================================== */

typedef struct chunk {
    int64_t feed_from, feed_to; /* samples from the stream's start */
    int64_t keep_from, keep_to; /* output times kept */
    packets out;
    tutur_status st;
    bool finished;
} chunk;

typedef struct pool {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    chunk *chunks;
    size_t n, next, joined, window;
    volatile bool cancel;
    tutur_spool *spool;
    int rate, kbps;
    int64_t from;
    const tutur_ctx *ctx;
} pool;

static void *encode_chunks(void *arg) {
    pool *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->cancel && p->next < p->n && p->next >= p->joined + p->window)
            pthread_cond_wait(&p->cv, &p->mu);
        if (p->cancel || p->next >= p->n)
            break;
        chunk *c = &p->chunks[p->next++];
        pthread_mutex_unlock(&p->mu);
        tutur_status st = encode_range(p->spool, p->rate, p->kbps, p->from, c->feed_from,
                                       c->feed_to, c->keep_from, c->keep_to, &p->cancel,
                                       p->ctx, &c->out);
        pthread_mutex_lock(&p->mu);
        c->st = st;
        c->finished = true;
        pthread_cond_broadcast(&p->cv);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* Whether spool samples [a, b) are all silent. */
static bool silent(tutur_spool *spool, int64_t a, int64_t b) {
    int16_t pcm[FEED_SAMPLES];
    for (int64_t pos = a; pos < b;) {
        int64_t n = b - pos < FEED_SAMPLES ? b - pos : FEED_SAMPLES;
        if (nr_spool_pread(spool, pos, pcm, n) != n)
            return false;
        for (int64_t i = 0; i < n; i++)
            if (pcm[i] > SILENT || pcm[i] < -SILENT)
                return false;
        pos += n;
    }
    return true;
}

/* Cuts in the pauses between segments.  Output frame k of the stream
 * holds samples [k * F - delay, (k + 1) * F - delay); a chunk's encoder
 * starts a whole number of frames from the stream's start, WARM_FRAMES of
 * output before its cut, so its frames fall on the same grid.  A cut needs
 * silence from its encoder's first sample (less a frame) to
 * QUIET_AFTER_FRAMES after it.  Returns the number of chunks. */
static size_t plan_chunks(const tutur_timeline *tl, tutur_spool *spool, int64_t from, int64_t to,
                          int64_t frame, int64_t delay, int jobs, chunk **out) {
    *out = NULL;
    int64_t total = to - from;
    int64_t step = total / ((int64_t)jobs * 4);
    if (step < (int64_t)MIN_CHUNK_SECONDS * tl->rate)
        step = (int64_t)MIN_CHUNK_SECONDS * tl->rate;
    if (step > (int64_t)MAX_CHUNK_SECONDS * tl->rate)
        step = (int64_t)MAX_CHUNK_SECONDS * tl->rate;
    int64_t *cuts = malloc((tl->n_spans + 2) * sizeof *cuts);
    if (!cuts)
        return 0;
    size_t n = 0;
    cuts[n++] = -delay; /* the first chunk keeps everything from its start */
    int64_t before = WARM_FRAMES * frame - delay + frame, after = QUIET_AFTER_FRAMES * frame;
    for (size_t i = 0; i + 1 < tl->n_spans; i++) {
        int64_t gap_from = tl->spans[i].end - from, gap_to = tl->spans[i + 1].start - from;
        if (gap_to - gap_from < before + after || gap_to < cuts[n - 1] + step)
            continue;
        /* the first grid time with room before it */
        int64_t cut = gap_from + before + delay;
        cut = (cut + frame - 1) / frame * frame - delay;
        if (cut + after > gap_to || cut - before < 0 || cut + after >= total ||
            !silent(spool, from + cut - before, from + cut + after))
            continue;
        cuts[n++] = cut;
    }
    chunk *c = calloc(n, sizeof *c);
    for (size_t k = 0; c && k < n; k++) {
        c[k].keep_from = cuts[k];
        c[k].keep_to = k + 1 < n ? cuts[k + 1] : INT64_MAX;
        c[k].feed_from = k ? cuts[k] + delay - WARM_FRAMES * frame : 0;
        /* enough after the last kept frame for the encoder's look-ahead */
        c[k].feed_to = k + 1 < n ? cuts[k + 1] + delay + 2 * frame : total;
        if (c[k].feed_to > total)
            c[k].feed_to = total;
    }
    free(cuts);
    *out = c;
    return c ? n : 0;
}

/* ===== the file ========================================================= */

typedef struct mux {
    AVFormatContext *fmt;
    AVStream *audio;
    int fd;
    int64_t n_packets;
    AVPacket *last; /* held back: the stream's padding goes on it */
    int64_t total;  /* samples */
    int delay, frame;
    bool ok;
} mux;

static int fd_write(void *opaque, uint8_t *buf, int size) { /* const in FFmpeg 6 */
    mux *m = opaque;
    for (int done = 0; done < size;) {
        ssize_t w = write(m->fd, buf + done, (size_t)(size - done));
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return AVERROR(EIO);
        done += (int)w;
    }
    return size;
}

static int64_t fd_seek(void *opaque, int64_t offset, int whence) {
    mux *m = opaque;
    if (whence == AVSEEK_SIZE)
        return -1;
    off_t at = lseek(m->fd, (off_t)offset, whence & ~AVSEEK_FORCE);
    return at < 0 ? AVERROR(errno) : at;
}

static void set_tag(AVDictionary **d, const char *key, const char *value) {
    if (value && *value)
        ff.av_dict_set(d, key, value, 0);
}

/* The ID3v2.3 COMM frame (UTF-16 with BOM, as v2.3 wants): FFmpeg's
 * writer has none, so it goes into the tag's padding afterwards. */
static uint8_t *comm_frame(const char *text, const char *language, size_t *len) {
    size_t n16 = 0;
    uint16_t *u16 = text ? u8_to_u16((const uint8_t *)text, strlen(text), NULL, &n16) : NULL;
    if (!u16)
        return NULL;
    /* encoding, language, BOM + empty description + 00 00, BOM + text */
    size_t body = 1 + 3 + 4 + 2 + n16 * 2;
    uint8_t *f = malloc(10 + body);
    if (f) {
        memcpy(f, "COMM", 4);
        AV_WB32(f + 4, (uint32_t)body);
        f[8] = f[9] = 0;
        uint8_t *p = f + 10;
        *p++ = 1; /* UTF-16 with BOM */
        memcpy(p, language && strlen(language) == 3 ? language : "und", 3);
        p += 3;
        *p++ = 0xff, *p++ = 0xfe, *p++ = 0, *p++ = 0; /* empty description */
        *p++ = 0xff, *p++ = 0xfe;
        for (size_t i = 0; i < n16; i++, p += 2)
            AV_WL16(p, u16[i]);
        *len = 10 + body;
    }
    free(u16);
    return f;
}

/* Writes FRAME into the padding of the ID3v2.3 tag at the file's start. */
static bool put_in_padding(int fd, const uint8_t *frame, size_t len) {
    uint8_t h[10];
    if (pread(fd, h, 10, 0) != 10 || memcmp(h, "ID3", 3) != 0 || h[3] != 3)
        return false;
    size_t size = (size_t)(h[6] & 0x7f) << 21 | (size_t)(h[7] & 0x7f) << 14 |
                  (size_t)(h[8] & 0x7f) << 7 | (h[9] & 0x7f);
    uint8_t *tag = malloc(size);
    bool ok = tag && pread(fd, tag, size, 10) == (ssize_t)size;
    size_t at = 0;
    while (ok && at + 10 <= size && tag[at] != 0) {
        size_t fl = AV_RB32(tag + at + 4);
        at += 10 + fl;
    }
    ok = ok && at + len <= size && pwrite(fd, frame, len, (off_t)(10 + at)) == (ssize_t)len;
    free(tag);
    return ok;
}

static tutur_status mux_open(tutur_ctx *ctx, mux *m, const nr_mp3_tags *t,
                             const AVCodecContext *enc, const tutur_timeline *tl, int64_t from,
                             int64_t to, size_t comm_len, const char *name) {
    if (ff.avformat_alloc_output_context2(&m->fmt, NULL, "mp3", NULL) < 0)
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    AVFormatContext *fmt = m->fmt;
    uint8_t *buf = ff.av_malloc(65536);
    fmt->pb = buf ? ff.avio_alloc_context(buf, 65536, 1, m, NULL, fd_write, fd_seek) : NULL;
    if (!fmt->pb) {
        ff.av_free(buf);
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    }
    /* bit-exact: the same narration gives the same bytes, and the tag
     * names tutur (TENC) rather than FFmpeg */
    fmt->flags |= AVFMT_FLAG_CUSTOM_IO | AVFMT_FLAG_BITEXACT;
    fmt->metadata_header_padding = (int)comm_len + 16;
    ff.av_opt_set_int(fmt->priv_data, "id3v2_version", 3, 0);
    ff.av_opt_set_int(fmt->priv_data, "write_xing", 1, 0);
    m->audio = ff.avformat_new_stream(fmt, NULL);
    if (!m->audio || ff.avcodec_parameters_from_context(m->audio->codecpar, enc) < 0)
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    m->audio->time_base = (AVRational){1, tl->rate};
    AVDictionary **md = &fmt->metadata;
    set_tag(md, "title", t->title);
    set_tag(md, "artist", t->artist);
    set_tag(md, "album", t->album);
    set_tag(md, "date", t->date);
    set_tag(md, "language", t->language);
    set_tag(md, "track", t->track);
    set_tag(md, "encoded_by", t->software);
    if (t->chapters) {
        size_t n = tl->n_chapters;
        fmt->chapters = ff.av_calloc(n ? n : 1, sizeof *fmt->chapters);
        for (size_t c = 0; fmt->chapters && c < n; c++) {
            int64_t a, b;
            tutur_chapter_range(tl, c, &a, &b);
            AVChapter *ch = ff.av_mallocz(sizeof *ch);
            if (!ch)
                break;
            fmt->chapters[fmt->nb_chapters++] = ch;
            ch->id = (int64_t)c;
            ch->time_base = (AVRational){1, 1000};
            ch->start = tutur_samples_to_ms(a - from, tl->rate);
            ch->end = tutur_samples_to_ms((b < to ? b : to) - from, tl->rate);
            ff.av_dict_set(&ch->metadata, "title", t->chapters->chapters[c].title, 0);
        }
        if (fmt->nb_chapters != n)
            return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    }
    AVStream *pic = NULL;
    size_t pic_size = 0;
    const char *pic_data = t->cover ? nr_cover_data(t->cover, &pic_size) : NULL;
    if (pic_data) {
        pic = ff.avformat_new_stream(fmt, NULL);
        if (!pic)
            return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
        pic->disposition = AV_DISPOSITION_ATTACHED_PIC;
        pic->codecpar->codec_type = AVMEDIA_TYPE_VIDEO;
        pic->codecpar->codec_id = nr_cover_is_png(t->cover) ? AV_CODEC_ID_PNG : AV_CODEC_ID_MJPEG;
        tutur_cover_size(t->cover, &pic->codecpar->width, &pic->codecpar->height);
        ff.av_dict_set(&pic->metadata, "comment", "Cover (front)", 0);
    }
    if (ff.avformat_write_header(fmt, NULL) < 0)
        return nr_fail(ctx, TUTUR_E_IO, "%s: cannot write the MP3 header", name);
    if (pic) {
        AVPacket *pkt = ff.av_packet_alloc();
        int rc = pkt ? ff.av_new_packet(pkt, (int)pic_size) : AVERROR(ENOMEM);
        if (rc == 0) {
            memcpy(pkt->data, pic_data, pic_size);
            pkt->stream_index = pic->index;
            pkt->flags |= AV_PKT_FLAG_KEY;
            rc = ff.av_write_frame(fmt, pkt);
        }
        ff.av_packet_free(&pkt);
        if (rc < 0)
            return nr_fail(ctx, TUTUR_E_IO, "%s: cannot write the cover", name);
    }
    m->ok = true;
    return TUTUR_OK;
}

static void mux_write(mux *m, AVPacket *p) {
    if (!m->ok)
        return;
    ff.av_packet_rescale_ts(p, (AVRational){1, m->audio->codecpar->sample_rate},
                         m->audio->time_base);
    p->stream_index = m->audio->index;
    m->ok = ff.av_write_frame(m->fmt, p) >= 0;
    m->n_packets++;
}

/* The stream's delay goes on its first packet and its padding on its
 * last, so each packet is held back until the next arrives. */
static void mux_push(mux *m, AVPacket *pkt) {
    if (m->last) {
        if (m->n_packets == 0) {
            uint8_t *sd = ff.av_packet_new_side_data(m->last, AV_PKT_DATA_SKIP_SAMPLES, 10);
            if (sd)
                AV_WL32(sd, (uint32_t)m->delay);
        }
        mux_write(m, m->last);
        ff.av_packet_free(&m->last);
    }
    m->last = pkt;
}

static void mux_finish(mux *m) {
    if (m->last) {
        int64_t end = m->last->pts + m->frame;
        uint8_t *sd = ff.av_packet_new_side_data(m->last, AV_PKT_DATA_SKIP_SAMPLES, 10);
        if (sd) {
            AV_WL32(sd, (uint32_t)m->delay);
            AV_WL32(sd + 4, (uint32_t)(end > m->total ? end - m->total : 0));
        }
        mux_write(m, m->last);
        ff.av_packet_free(&m->last);
    }
    m->ok = m->ok && ff.av_write_trailer(m->fmt) >= 0;
}

static void mux_close(mux *m) {
    ff.av_packet_free(&m->last);
    if (m->fmt) {
        if (m->fmt->pb) {
            ff.av_freep(&m->fmt->pb->buffer);
            ff.avio_context_free(&m->fmt->pb);
        }
        ff.avformat_free_context(m->fmt);
    }
    m->fmt = NULL;
}

typedef struct job {
    tutur_ctx *ctx;
    const nr_mp3_tags *t;
    const tutur_timeline *tl;
    tutur_spool *spool;
    int64_t from, to;
    int fd;
    const char *name;
} job;

/* The packets of CHUNKS in order into M; false when a join would be
 * heard (the caller encodes on one core instead). */
static tutur_status run_chunks(job *j, mux *m, chunk *c, size_t n, int jobs, bool *clean) {
    *clean = true;
    int workers = jobs < (int)n ? jobs : (int)n;
    workers = workers > 64 ? 64 : workers < 1 ? 1 : workers;
    pool p = {.chunks = c, .n = n, .window = (size_t)workers * AHEAD_PER_JOB,
              .spool = j->spool, .rate = j->tl->rate, .kbps = j->t->bitrate_kbps,
              .from = j->from, .ctx = j->ctx};
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.cv, NULL);
    pthread_t threads[64];
    int started = 0;
    for (int i = 0; i < workers; i++)
        if (pthread_create(&threads[i], NULL, encode_chunks, &p) == 0)
            started++;
    tutur_status st = started ? TUTUR_OK : nr_fail(j->ctx, TUTUR_E_NOMEM, "cannot start encoders");
    pthread_mutex_lock(&p.mu);
    while (st == TUTUR_OK && *clean && p.joined < n) {
        if (!c[p.joined].finished) {
            pthread_cond_wait(&p.cv, &p.mu);
            continue;
        }
        size_t k = p.joined;
        pthread_mutex_unlock(&p.mu);
        if (c[k].st == TUTUR_E_CANCELLED)
            st = nr_fail(j->ctx, c[k].st, "cancelled");
        else if (c[k].st != TUTUR_OK)
            st = nr_fail(j->ctx, c[k].st, "%s: MP3 encoding failed", j->name);
        else if (k > 0 && !join_is_clean(&c[k].out))
            *clean = false;
        for (size_t i = 0; st == TUTUR_OK && *clean && i < c[k].out.n; i++) {
            mux_push(m, c[k].out.items[i]);
            c[k].out.items[i] = NULL;
        }
        packets_free(&c[k].out);
        pthread_mutex_lock(&p.mu);
        p.joined++;
        pthread_cond_broadcast(&p.cv);
    }
    p.cancel = true;
    pthread_cond_broadcast(&p.cv);
    pthread_mutex_unlock(&p.mu);
    for (int i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    for (size_t k = 0; k < n; k++)
        packets_free(&c[k].out);
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.cv);
    return st;
}

static tutur_status write_file(job *j, int jobs, const uint8_t *comm, size_t comm_len,
                               bool *clean) {
    const tutur_timeline *tl = j->tl;
    AVCodecContext *enc = open_encoder(tl->rate, j->t->bitrate_kbps);
    if (!enc)
        return nr_fail(j->ctx, TUTUR_E_ENCODER, "%s: no MP3 encoder (FFmpeg's libmp3lame) at %d Hz, %d kbps",
                       j->name, tl->rate, j->t->bitrate_kbps);
    mux m = {.fd = j->fd, .total = j->to - j->from, .delay = enc->initial_padding,
             .frame = enc->frame_size};
    tutur_status st = mux_open(j->ctx, &m, j->t, enc, tl, j->from, j->to, comm_len, j->name);
    chunk *c = NULL;
    size_t n = 0;
    if (st == TUTUR_OK) {
        n = jobs > 1 ? plan_chunks(tl, j->spool, j->from, j->to, enc->frame_size,
                                   enc->initial_padding, jobs, &c)
                     : 0;
        if (n == 0) {
            free(c);
            c = calloc(1, sizeof *c);
            if (c)
                *c = (chunk){.feed_from = 0, .feed_to = j->to - j->from,
                             .keep_from = INT64_MIN, .keep_to = INT64_MAX};
            n = c ? 1 : 0;
        }
        st = n ? run_chunks(j, &m, c, n, jobs, clean)
               : nr_fail(j->ctx, TUTUR_E_NOMEM, "out of memory");
    }
    free(c);
    if (st == TUTUR_OK && *clean) {
        mux_finish(&m);
        ff.avio_flush(m.fmt->pb);
        if (!m.ok)
            st = nr_fail(j->ctx, TUTUR_E_IO, "%s: cannot write: %s", j->name, strerror(errno));
        else if (comm && !put_in_padding(j->fd, comm, comm_len))
            st = nr_fail(j->ctx, TUTUR_E_IO, "%s: cannot write the comment", j->name);
    }
    mux_close(&m);
    ff.avcodec_free_context(&enc);
    return st;
}

tutur_status nr_mp3_write(tutur_ctx *ctx, const nr_mp3_tags *t, const tutur_timeline *tl,
                          tutur_spool *spool, int64_t from, int64_t to, int jobs, int fd,
                          const char *name) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, ff_load);
    if (ff_failure[0])
        return nr_fail(ctx, TUTUR_E_ENCODER, "%s: cannot write MP3: %s", name, ff_failure);
    job j = {ctx, t, tl, spool, from, to, fd, name};
    size_t comm_len = 0;
    uint8_t *comm = t->comment ? comm_frame(t->comment, t->language, &comm_len) : NULL;
    if (t->comment && !comm)
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    bool clean = true;
    tutur_status st = write_file(&j, jobs, comm, comm_len, &clean);
    if (st == TUTUR_OK && !clean) {
        /* a join could be heard: start again on one core */
        if (ftruncate(fd, 0) != 0 || lseek(fd, 0, SEEK_SET) != 0)
            st = nr_fail(ctx, TUTUR_E_IO, "%s: cannot write: %s", name, strerror(errno));
        else
            st = write_file(&j, 1, comm, comm_len, &clean);
    }
    free(comm);
    return st;
}

void nr_mp3_tags_of(const tutur_script *s, char software[64], nr_mp3_tags *t) {
    snprintf(software, 64, "tutur %s", tutur_version_string());
    *t = (nr_mp3_tags){.title = s->title, .artist = s->author, .date = s->date,
                       .language = nr_iso639_2(s->language), .software = software,
                       .bitrate_kbps = 64};
}

tutur_status tutur_sink_mp3(tutur_ctx *ctx, const tutur_script *s, const tutur_timeline *tl,
                            tutur_spool *spool, const tutur_mp3_options *opt,
                            tutur_output *o) {
    nr_clear(ctx); /* a message is about the last call only */
    if (tl->n_chapters != s->n_chapters)
        return nr_fail(ctx, TUTUR_E_INVALID, "timeline does not match the script");
    char software[64];
    nr_mp3_tags t;
    nr_mp3_tags_of(s, software, &t);
    char *summary = tutur_script_summary(s, 600);
    t.comment = summary;
    t.album = opt->album;
    t.chapters = s;
    t.cover = opt->cover;
    if (opt->bitrate_kbps > 0)
        t.bitrate_kbps = opt->bitrate_kbps;
    fflush(o->f);
    tutur_status st = nr_mp3_write(ctx, &t, tl, spool, 0, tl->total, opt->jobs, fileno(o->f),
                                   o->path);
    free(summary);
    return st;
}
