/* internal.h: helpers shared by the files of libtutur (prefix nr_).
 * Nothing here is part of the public interface. */
#ifndef TUTUR_INTERNAL_H
#define TUTUR_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "tutur.h"

/* ----- allocation (alloc.c) -----
 * Every allocation the library makes goes through these (the macros
 * below), and a failure is remembered, per thread, in nr_alloc_failed.
 * Many helpers answer "not found" with NULL, which out of memory would
 * otherwise turn into a silently shorter text; instead the public calls
 * that build text (the readers, tutur_normalize, tutur_plan) clear the
 * flag when they start and fail with TUTUR_E_NOMEM when it is set at
 * their end (nr_alloc_check). */
extern _Thread_local bool nr_alloc_failed;
void *nr_malloc(size_t n);
void *nr_calloc(size_t n, size_t size);
void *nr_realloc(void *p, size_t n);
#ifndef NR_ALLOC_IMPL
#define malloc(n) nr_malloc(n)
#define calloc(n, size) nr_calloc(n, size)
#define realloc(p, n) nr_realloc(p, n)
#endif
/* The start and the end of a call that must not come out shorter. */
static inline void nr_alloc_begin(void) { nr_alloc_failed = false; }
tutur_status nr_alloc_check(tutur_ctx *ctx, tutur_status st, const char *what);

#define NR_MAX_DATA_DIRS 8
#define NR_MESSAGE_SIZE 512

struct tutur_ctx {
    char message[NR_MESSAGE_SIZE];
    char *data_dirs[NR_MAX_DATA_DIRS];
    size_t n_data_dirs;
    tutur_progress_fn progress;
    void *progress_user;
    int jobs;              /* processes for synthesis (tutur_ctx_set_jobs) */
    char *cache_dir;       /* NULL: no cache */
    int64_t cache_limit;   /* bytes */
    /* what the cache saved, since the context was made */
    int64_t reused_chunks, total_chunks, reused_segments, total_segments;
    const volatile sig_atomic_t *stop; /* tutur_ctx_set_stop_flag */
    tutur_explain_fn explain; /* tutur_ctx_set_explain */
    void *explain_user;
    bool standard_dirs_added; /* tutur_ctx_add_standard_data_dirs was called */
    char looked[2048];        /* where it looked, ", "-separated */
};

/* Before data is looked up: a context given no data directory uses the
 * standard ones (data_dirs.c). */
void nr_data_dirs_ready(tutur_ctx *ctx);

#if defined(__GNUC__)
#define NR_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define NR_PRINTF(f, a)
#endif

/* Whether the caller asked the work to stop (tutur_ctx_set_stop_flag):
 * safe on any thread, cheap enough for inner loops. */
static inline bool nr_stopped(const tutur_ctx *ctx) { return ctx && ctx->stop && *ctx->stop; }

/* Forgets the message of an earlier failure: every public call that takes
 * a context starts with it, so tutur_ctx_message is about the last call. */
static inline void nr_clear(tutur_ctx *ctx) {
    if (ctx)
        ctx->message[0] = '\0';
}

/* Records "fmt..." as the context's message and returns STATUS, so a
 * failure reads: return nr_fail(ctx, TUTUR_E_IO, "%s: %s", path, why); */
tutur_status nr_fail(tutur_ctx *ctx, tutur_status status, const char *fmt, ...) NR_PRINTF(3, 4);
/* Whether anyone listens to explanations (so a reader can skip building them). */
static inline bool nr_explaining(const tutur_ctx *ctx) { return ctx && ctx->explain; }
/* One line of explanation, "fmt..." (tutur_ctx_set_explain); nothing when no
 * one listens.  Long lines are cut. */
void nr_explain(tutur_ctx *ctx, const char *fmt, ...) NR_PRINTF(2, 3);
/* Maps an errno value from open/read/write to a status. */
tutur_status nr_status_from_errno(int err);
/* Asks the progress callback whether to go on; TUTUR_E_CANCELLED if not. */
tutur_status nr_report(tutur_ctx *ctx, const tutur_progress *progress);

/* ----- growable byte buffer (strbuf.c) ----- */
/* A failed append (out of memory) is remembered: nr_buf_take then gives
 * NULL, so a text built by many appends whose results are not each
 * checked can never come out silently shortened. */
typedef struct nr_buf {
    char *data; /* NUL-terminated whenever len > 0 or after nr_buf_cstr */
    size_t len;
    size_t cap;
    bool failed; /* an append or reserve failed: the contents are incomplete */
} nr_buf;

bool nr_buf_reserve(nr_buf *b, size_t extra);
bool nr_buf_append(nr_buf *b, const char *s, size_t n);
bool nr_buf_puts(nr_buf *b, const char *s);
bool nr_buf_putc(nr_buf *b, char c);
/* Appends FROM's contents, and its failure: a piece built in a buffer of
 * its own that ran out of memory fails the whole. */
bool nr_buf_add(nr_buf *b, const nr_buf *from);
/* Returns the NUL-terminated contents ("" when empty); the buffer keeps them. */
const char *nr_buf_cstr(nr_buf *b);
/* Hands over the contents (caller frees); the buffer becomes empty.
 * NULL when out of memory, now or at any append before. */
char *nr_buf_take(nr_buf *b);
void nr_buf_free(nr_buf *b);

/* Makes room for NEED elements of ELEM bytes in ITEMS, whose capacity is
 * *CAP (doubling, from 8).  Returns the array, moved or not, with *CAP
 * updated; NULL when out of memory (ITEMS is then unchanged). */
void *nr_grow(void *items, size_t *cap, size_t need, size_t elem);

/* The entries of DIR but hidden ones (and those KEEP, when given,
 * rejects), in name order; free them with nr_names_free (dir_names.c). */
tutur_status nr_dir_names(tutur_ctx *ctx, const char *dir, bool (*keep)(const char *name),
                          char ***names, size_t *n);
void nr_names_free(char **names, size_t n);

char *nr_strdup(const char *s);
char *nr_strndup(const char *s, size_t n);

/* ----- text helpers (text_util.c), locale independent ----- */
/* Copies S[0..n) with runs of white space (ASCII and Unicode spaces) folded
 * to one ASCII space and the ends trimmed. */
char *nr_squeeze_spaces(const char *s, size_t n);
/* "-1.25" as a double, whatever the process's locale (strtod follows it,
 * and espeak-ng sets one): sign, digits, an optional point and digits. */
bool nr_parse_decimal(const char *s, double *out);
/* Number of words (runs of non-space) in S. */
size_t nr_word_count(const char *s);
/* Unicode letter counts of S: all letters, and the upper-case ones. */
void nr_letter_counts(const char *s, size_t *letters, size_t *upper);
/* The last code point of S (0 for ""). */
uint32_t nr_last_char(const char *s);
/* The first code point of S (0 for ""). */
uint32_t nr_first_char(const char *s);
bool nr_is_upper(uint32_t c);
bool nr_is_lower(uint32_t c);
/* How many bytes of S an explanation quotes ("%.*s"): 70 at most, cut
 * at a character. */
int nr_excerpt(const char *s);
/* S holds the end of a sentence before its own end ("Foto bersama. Foto:
 * Antara"): not a headline or a heading. */
bool nr_inner_sentence_end(const char *s);
bool nr_is_letter(uint32_t c);
/* Whether S has a letter of the Latin alphabet, the only one the voices
 * read (other writing systems become a notice: normalize.c). */
bool nr_has_latin_letter(const char *s);
/* An ASCII slug: lower-case letters, digits and single '-'; "" never (falls
 * back to "article").  Caller frees. */

/* ----- boilerplate rules (boilerplate.c) ----- */
typedef enum nr_rule_action {
    NR_RULE_NONE = 0,
    NR_RULE_DROP,   /* page chrome: not part of the article */
    NR_RULE_AUTHOR, /* a byline; capture group 1 is the author */
    NR_RULE_DATE,   /* a dateline; groups day, month, year give the date */
    NR_RULE_ORG,    /* a name that is an organisation, not a writer */
    NR_RULE_WRITER, /* a label ("Penulis", "Author") whose value names the writer */
    NR_RULE_BOX,    /* a label that opens a box of headlines ("Baca Juga") */
    NR_RULE_CAPTION, /* a photo's caption ending with its credit ("... Foto: Antara") */
} nr_rule_action;

typedef struct nr_rules nr_rules;
nr_rules *nr_rules_new(void);
void nr_rules_free(nr_rules *rules);
/* Adds the rules of a file: lines "ACTION<space>PATTERN", '#' comments. */
tutur_status nr_rules_load(tutur_ctx *ctx, nr_rules *rules, const char *path);
/* Month names for datelines, from months.tsv (N<TAB>NAME<TAB>OTHERS). */
tutur_status nr_rules_load_months(tutur_ctx *ctx, nr_rules *rules, const char *path);
/* Matches one block (trimmed, single-spaced) against the rules; for AUTHOR
 * sets *capture to the name, for DATE to "YYYY-MM-DD" (caller frees; a
 * date that does not parse leaves it NULL). */
nr_rule_action nr_rules_match(const nr_rules *rules, const char *block, char **capture);
/* Whether a rule of ACTION matches (org and writer rules are only asked
 * this way); *capture as above. */
bool nr_rules_match_only(const nr_rules *rules, const char *block, nr_rule_action action,
                         char **capture);

struct nr_normalizer;
#include "line_model.h"
struct tutur_lang {
    char language[16];
    nr_rules *rules;
    struct nr_normalizer *normalizer;
    /* labels.tsv: words the readers speak for markup ("image", "code"...) */
    char **label_keys, **label_values;
    size_t n_labels;
    /* html-junk.rules: class/id patterns of page chrome in HTML */
    char *html_junk; /* one PCRE2 alternation, or NULL */
    /* html-content.rules: class/id patterns of article content */
    char *html_content;
    /* function-words.txt and text-reader.model: the plain-text reader's
     * evidence and its weights (line_model.h) */
    nr_wordset function_words;
    nr_line_model text_model;
    /* g2p-id/ and pronunciations.tsv: how words are said (pronounce.h) */
    struct nr_pron *pron;
    /* where it was loaded from, and the user's files added since: what an
     * incremental narration checks for changes (nr_lang_fingerprint) */
    char dir[1024];
    char **added;
    size_t n_added;
};
struct nr_key;
/* Adds to K what the language's narration depends on: every data file's
 * name, size and time, the files added, the labels set. */
void nr_lang_fingerprint(const tutur_lang *lang, struct nr_key *k);
/* The picture's bytes (cover.c). */
void nr_cover_bytes(const tutur_cover *cover, const void **data, size_t *size);
/* "libopus 1.3.1, libopusenc 0.2.1" (sink_opus.c, the one file that
 * includes opusenc.h). */
const char *nr_opus_versions(void);

/* "2024-05-01T08:30:00+07:00" from an ISO 8601 date and time with a
 * zone ("2024-05-01 08:30+0700", "...Z", fractions dropped); NULL when S
 * gives no time or no zone.  free() it. */
char *nr_iso_datetime(const char *s);
/* Whether S is an absolute http(s) address. */
bool nr_is_web_url(const char *s);
/* The ISO 639-2 code of a BCP 47 language tag ("id" -> "ind"), or NULL. */
const char *nr_iso639_2(const char *bcp47);
/* The language's label KEY, or FALLBACK when it has none. */
const char *nr_lang_label(const tutur_lang *lang, const char *key, const char *fallback);

/* ----- reading files (file_read.c) ----- */
/* Reads a whole text file ("-" = stdin) and checks it is a non-empty, UTF-8
 * text; a leading BOM is removed.  *out is NUL-terminated; caller frees. */
tutur_status nr_read_text_file(tutur_ctx *ctx, const char *path, char **out, size_t *len);
/* Reads PATH ("-": standard input) whole, NUL-terminated, at most MAX
 * bytes (TUTUR_E_TOO_LARGE beyond). */
/* Opens PATH, a file of settings or language data, for reading: it must
 * be a regular file (a directory or a FIFO is an error, not an empty or
 * endless file).  WHAT names it in messages ("voice profile").
 * MISSING_OK: a file that does not exist gives *OUT NULL and TUTUR_OK. */
tutur_status nr_open_config(tutur_ctx *ctx, const char *path, const char *what, bool missing_ok,
                            FILE **out);
tutur_status nr_read_file(tutur_ctx *ctx, const char *path, size_t max, char **out, size_t *len);
/* rm -r PATH, quietly (atomic_file.c). */
void nr_remove_tree(const char *path);
/* The bytes of a loaded cover picture. */
const char *nr_cover_data(const tutur_cover *cover, size_t *size);
/* Checks TEXT is UTF-8 text (no NUL, no control characters but white space);
 * on failure records "NAME: problem". */
tutur_status nr_check_text(tutur_ctx *ctx, const char *name, const char *text, size_t len);

/* ----- articles (article.c) ----- */
tutur_article *nr_article_new(const char *source);
tutur_status nr_article_add(tutur_article *a, tutur_block_kind kind, int level, const char *text);
/* The same, with the block's language from the markup (or NULL). */
tutur_status nr_article_add_in(tutur_article *a, tutur_block_kind kind, int level,
                               const char *text, const char *lang);
/* Heading levels as the markup used them, shifted so the highest is 2 (the
 * title is level 1); without a title, the first heading's text (else "").
 * For readers of marked-up formats. */
tutur_status nr_article_finish(tutur_article *a);
/* The end of a markup reader: A to *OUT when ST is fine and A has blocks;
 * else destroyed, with "SOURCE: EMPTY_WHY" or an out-of-memory message. */
tutur_status nr_article_deliver(tutur_ctx *ctx, tutur_article *a, tutur_status st,
                                const char *empty_why, tutur_article **out);
/* A dateline read with its time ("Kamis, 5 Nov 2015 10:00 WIB" gives
 * "2015-11-05T10:00:00+07:00") is the day in `date` and the whole in
 * `published`, unless the metadata gave a time already. */
void nr_article_split_date(tutur_article *a);
/* What every reader does last: control characters out of the title, the
 * author and the blocks (they would make every XML output invalid), and
 * the date split (nr_article_split_date). */
void nr_article_clean(tutur_article *a);
/* Bylines and datelines near either end become metadata (rules). */
tutur_status nr_article_take_bylines(tutur_article *a, const tutur_lang *lang);
/* What is said for an image: "Gambar: DESCRIPTION" (the language's image
 * label); "" for an empty description; NULL when out of memory. */
char *nr_image_text(const tutur_lang *lang, const char *description);
/* Whether TEXT has a NUL byte or many control characters (binary data). */
bool nr_looks_binary(const char *text, size_t len);

/* A stable identifier of the article (title, author, date), for books:
 * narrating the same article again keeps it. */
uint64_t nr_script_id(const tutur_script *s);

/* ----- MP3 (sink_mp3.c, the only user of FFmpeg's libraries) ----- */
typedef struct nr_mp3_tags {
    const char *title, *artist, *album, *date; /* date: YYYY-MM-DD... */
    const char *language;                       /* ISO 639-2, or NULL */
    const char *comment, *track, *software;
    const tutur_script *chapters; /* a CHAP per chapter of the Timeline, or NULL */
    const tutur_cover *cover;     /* APIC, or NULL */
    int bitrate_kbps;
} nr_mp3_tags;
/* Spool samples [FROM, TO) as CBR MP3 with an ID3v2.3 tag and the LAME
 * Info frame into the open file FD (left open, written from its current
 * position, seekable); on up to JOBS cores.  NAME is used in messages. */
tutur_status nr_mp3_write(tutur_ctx *ctx, const nr_mp3_tags *tags, const tutur_timeline *tl,
                          tutur_spool *spool, int64_t from, int64_t to, int jobs, int fd,
                          const char *name);
/* The tags every MP3 of the script carries (title, artist, date,
 * language, software); the strings stay the script's. SOFTWARE is a
 * buffer of 64 bytes. */
void nr_mp3_tags_of(const tutur_script *s, char software[64], nr_mp3_tags *tags);
/* Whether the cover is a PNG (else a JPEG); its size in pixels. */
bool nr_cover_is_png(const tutur_cover *cover);

/* ----- HTML (read_html.c, the only user of libxml2's HTML parser) ----- */
/* The text of an HTML fragment (tags dropped, entities decoded, script
 * and style left out, white space squeezed).  NULL when out of memory. */
char *nr_html_fragment_text(const char *html, size_t len);
/* Appends the character an HTML entity ("&amp;", "&#233;") stands for;
 * an unknown entity is appended as written. */
bool nr_html_entity(nr_buf *out, const char *entity, size_t len);

#endif
