/* tutur.h: the public interface of libtutur, which turns articles into
 * narrated, chaptered audio.
 *
 * Data flows one way through five stages (see doc/architecture.md):
 *
 *   file --READ--> tutur_article --PLAN--> tutur_script --RENDER--> spool + tutur_timeline
 *        --PUBLISH--> .opus, .wav, ...
 *
 * Conventions
 * - Every fallible function returns a tutur_status; the detail (file name,
 *   line, library message) is kept in the tutur_ctx and read with
 *   tutur_ctx_message().  The library never prints, never exits (only
 *   the worker processes it forks do) and leaves the locale and the umask
 *   as they were.
 * - Text is UTF-8.  Sample counts are int64_t at the synthesis rate
 *   (tutur_timeline.rate); seconds and milliseconds are derived from them at
 *   the edge, by tutur_samples_to_ms(), never accumulated.
 * - Create/destroy pairs; every destroy accepts NULL.  Objects returned
 *   through an out-parameter are owned by the caller.
 */
#ifndef TUTUR_H
#define TUTUR_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The version of this header; tutur_version_string() is the library's. */
#define TUTUR_VERSION_MAJOR 0
#define TUTUR_VERSION_MINOR 1
#define TUTUR_VERSION_PATCH 0
#define TUTUR_VERSION_STRING "0.1.0"

/* The library is built with hidden symbols; what this header declares is
 * its interface, and the only thing the shared library exports. */
#if defined(__GNUC__)
#pragma GCC visibility push(default)
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ===== Status ========================================================== */

/* Values are part of the interface and are never renumbered. */
typedef enum tutur_status {
    TUTUR_OK = 0,
    TUTUR_E_NOMEM = 1,      /* out of memory */
    TUTUR_E_IO = 2,         /* a read or write failed */
    TUTUR_E_NOT_FOUND = 3,  /* file, profile or voice does not exist */
    TUTUR_E_IS_DIR = 4,     /* a directory where a file was expected */
    TUTUR_E_EMPTY = 5,      /* the article has nothing to read aloud */
    TUTUR_E_BINARY = 6,     /* the input is not text */
    TUTUR_E_BAD_UTF8 = 7,   /* the input is not valid UTF-8 */
    TUTUR_E_PERMISSION = 8, /* not allowed to read or write */
    TUTUR_E_CONFIG = 9,     /* a voice profile or rule file is malformed */
    TUTUR_E_SYNTH = 10,     /* espeak-ng failed */
    TUTUR_E_ENCODER = 11,   /* the audio encoder failed */
    TUTUR_E_CANCELLED = 12, /* the progress callback asked to stop */
    TUTUR_E_INVALID = 13,   /* an argument is out of range */
    TUTUR_E_TOO_LARGE = 14, /* the input exceeds a limit */
} tutur_status;

/* A static English description of a status; never NULL. */
const char *tutur_strerror(tutur_status status);

/* An ASCII file-name stem for TEXT: lower-case letters, digits and single
 * dashes, at most 80 bytes, "article" when nothing is left.  free() it. */
char *tutur_slugify(const char *text);

/* "0.1.0" */
const char *tutur_version_string(void);
/* The tag of this process's temporary names, "tutur-HOST-PID" (BUF: 40
 * bytes or more): a name that carries it in a folder tutur writes in is
 * removed by a later run once this process is gone (a run killed before
 * it could clean up). */
void tutur_temp_tag(char *buf, size_t size);

/* ===== Context ========================================================= */

/* A context carries the data directories, the progress callback and the
 * message of the last call's failure (every call that takes a context
 * clears it first).  A context is used by one thread at a time; give each
 * thread its own. */
typedef struct tutur_ctx tutur_ctx;

typedef enum tutur_stage {
    TUTUR_STAGE_RENDER = 0, /* done/total count segments */
    TUTUR_STAGE_ENCODE = 1, /* done/total count samples */
} tutur_stage;

typedef struct tutur_progress {
    tutur_stage stage;
    int64_t done;
    int64_t total;
    int64_t audio_samples; /* audio produced so far */
    int rate;              /* sample rate of audio_samples */
} tutur_progress;

/* Called between units of work; return non-zero to cancel the operation,
 * which then fails with TUTUR_E_CANCELLED and removes its partial output. */
typedef int (*tutur_progress_fn)(void *user, const tutur_progress *progress);

tutur_status tutur_ctx_create(tutur_ctx **out);
void tutur_ctx_destroy(tutur_ctx *ctx);
/* The message of the last failure, naming the file and the problem, e.g.
 * "notes.txt: not valid UTF-8 (byte 1234)".  Empty after success. */
const char *tutur_ctx_message(const tutur_ctx *ctx);
void tutur_ctx_set_progress(tutur_ctx *ctx, tutur_progress_fn fn, void *user);
/* Work in CTX stops (TUTUR_E_CANCELLED, partial output removed) soon
 * after *FLAG becomes non-zero: a signal handler's flag, read on every
 * thread the work uses, also where no progress is reported (encoders on
 * side threads).  Several contexts may share one flag; NULL: none. */
void tutur_ctx_set_stop_flag(tutur_ctx *ctx, const volatile sig_atomic_t *flag);
/* Keeps rendered segments and encoded chunks under DIR (created), at most
 * LIMIT_BYTES of them: narrating an edited article again then redoes only
 * what changed.  DIR NULL: no cache (the default).  TUTUR_E_PERMISSION
 * (and no cache) when DIR cannot be written. */
tutur_status tutur_ctx_set_cache(tutur_ctx *ctx, const char *dir, int64_t limit_bytes);
/* Synthesis uses up to N worker processes (one espeak-ng each); 0 or 1:
 * none.  Encoding's cores are tutur_opus_options.jobs. */
void tutur_ctx_set_jobs(tutur_ctx *ctx, int n);
/* Removes the least recently used cache entries beyond the limit. */
void tutur_ctx_trim_cache(tutur_ctx *ctx);
/* What the cache saved so far: segments not synthesized again, and Opus
 * chunks not encoded again, of all. */
void tutur_ctx_cache_stats(const tutur_ctx *ctx, int64_t *reused_segments,
                           int64_t *segments, int64_t *reused_chunks, int64_t *chunks);
/* Called by the readers once per decision, with one line of text: a
 * block or line of the input, the role it got (kept, dropped as chrome,
 * heading, title, byline...) and the evidence for it.  `tutur read
 * --explain` prints these lines, so a publisher can see why something was
 * dropped and write a rule.  NULL (the default): no explanations, and no
 * cost. */
typedef void (*tutur_explain_fn)(void *user, const char *line);
void tutur_ctx_set_explain(tutur_ctx *ctx, tutur_explain_fn fn, void *user);
/* Adds a directory searched for voice profiles (NAME.ini) and language data
 * (LANG/), after those added before.  The path is copied. */
tutur_status tutur_ctx_add_data_dir(tutur_ctx *ctx, const char *dir);
/* Adds the standard places, after any added before: $TUTUR_DATA_DIR,
 * $XDG_DATA_HOME/tutur/voices (default ~/.local/share), each of
 * $XDG_DATA_DIRS/tutur/voices (default /usr/local/share:/usr/share), the
 * installed prefix's share/tutur/voices and, only for a program of the
 * build tree, the source tree's voices/.  Missing ones are skipped.  A
 * context that was given no directory at all uses these when it first
 * looks for data. */
tutur_status tutur_ctx_add_standard_data_dirs(tutur_ctx *ctx);
/* Every standard place looked in, ", "-separated (for a message when
 * nothing was found there). */
const char *tutur_ctx_data_dirs_looked(const tutur_ctx *ctx);

/* ===== Voice profile =================================================== */

typedef struct tutur_profile {
    char name[64];         /* file stem, e.g. "id" */
    char path[1024];       /* the INI file it was read from */
    char description[160];
    char language[16];     /* BCP 47, e.g. "id"; names the language data dir */
    char espeak_voice[64]; /* espeak-ng voice name, e.g. "id" */
    char lexicon[1024];    /* the voice's default user lexicon, or "" */
    int rate_wpm;          /* 80..450 */
    int pitch;             /* 0..99 */
    int heading_rate_wpm;  /* headings and title are read at this rate */
    int heading_pitch;
    /* Silences inserted between segments, in milliseconds.  The gap between
     * two segments is the first's pause_after plus the second's pause_before. */
    int pause_after_title_ms;
    int pause_before_heading_ms;
    int pause_after_heading_ms;
    int pause_paragraph_ms;
    int pause_list_item_ms;
    /* A chapter mark is placed this long before its heading's first sound. */
    int chapter_lead_ms;
    int opus_bitrate_kbps;
    int opus_complexity; /* 0..10 */
    int opus_frame_ms;   /* 20, 40 or 60 */
    int mp3_bitrate_kbps; /* constant bit rate of every MP3: 32..160 */
    /* Leveling (tutur_level): the voice's calibrated gain brings a typical
     * article to the target; it is recomputed only when an article's
     * measurement leaves target +- tolerance, so lightly edited articles
     * keep the same gain (and the same samples where the text is the same). */
    double loudness_target_lufs; /* -40..-10; -19 suits mono speech */
    double loudness_gain_db;     /* -20..20 */
    double loudness_tolerance_lu; /* 0.1..3 */
    double true_peak_dbtp;        /* -10..0: the limiter's ceiling */
} tutur_profile;

/* Finds NAME.ini in the data directories (or reads NAME as a path when it
 * contains a '/' or ends in ".ini") and fills *out. */
tutur_status tutur_profile_load(tutur_ctx *ctx, const char *name, tutur_profile *out);
/* Checks the ranges of every field (after command-line overrides). */
tutur_status tutur_profile_check(tutur_ctx *ctx, const tutur_profile *profile);

typedef int (*tutur_profile_visit_fn)(void *user, const tutur_profile *profile);
/* Calls fn for every readable profile in the data directories, first
 * directory first; a name found twice is reported once. */
tutur_status tutur_profile_list(tutur_ctx *ctx, tutur_profile_visit_fn fn, void *user);

/* ===== Language data =================================================== */

/* The rules and word lists of one language, loaded from DATA_DIR/LANG/.
 * Once loaded it is only read: one language may serve any number of
 * threads at once (each with its own context), for reading, planning and
 * normalizing (tests/unit/test_threads.c).  Adding rules, a lexicon or
 * labels changes it: do that before sharing it. */
typedef struct tutur_lang tutur_lang;

tutur_status tutur_lang_load(tutur_ctx *ctx, const char *language, tutur_lang **out);
/* DATE (YYYY-MM-DD) as the language writes it, "1 Mei 2024"; NULL when
 * it is not a date.  free() it. */
char *tutur_lang_date_text(const tutur_lang *lang, const char *date);
/* Adds the rules of a user's file (same format as boilerplate.rules). */
tutur_status tutur_lang_add_rules_file(tutur_ctx *ctx, tutur_lang *lang, const char *path);
/* Adds a user's lexicon: WRITTEN<TAB>SPOKEN lines that override the
 * language's respellings (whole words, any case). */
tutur_status tutur_lang_add_lexicon(tutur_ctx *ctx, tutur_lang *lang, const char *path);
/* Sets what the readers say for a kind of markup: "image" (the label
 * before an image's description), "code" (said instead of a code block;
 * "" says nothing), "table" (said before a table's rows). */
tutur_status tutur_lang_set_label(tutur_ctx *ctx, tutur_lang *lang, const char *key,
                                  const char *value);
void tutur_lang_destroy(tutur_lang *lang);

/* What tutur says for TEXT, as espeak-ng's phoneme mnemonics, a word at a
 * time separated by spaces (the form `espeak-ng -x` prints): TEXT
 * normalized, the lists and rules of LANG's pronunciation data applied,
 * with PROFILE's espeak-ng voice.  free() *OUT. */
tutur_status tutur_phonemes(tutur_ctx *ctx, const tutur_lang *lang, const tutur_profile *profile,
                            const char *text, char **out);
/* What espeak-ng actually says for TEXT in narration, at PROFILE's body
 * rate and pitch: the phonemes of its phoneme events (pauses left out, a
 * space between words) and the length of the audio in milliseconds.  An
 * audit of what reaches the listener: markup read aloud or dropped shows
 * here.  free() *OUT. */
tutur_status tutur_spoken(tutur_ctx *ctx, const tutur_lang *lang, const tutur_profile *profile,
                          const char *text, char **out, int64_t *ms);

/* The spoken form of TEXT: numbers, dates, currency, abbreviations,
 * acronyms, URLs and symbols put into words (doc/architecture.md).  A pure
 * function of the text and the language data: the same text always gives
 * the same words, on any thread.  Out of memory anywhere in it is
 * TUTUR_E_NOMEM, never shorter words.  *out is freed with free(). */
tutur_status tutur_normalize(tutur_ctx *ctx, const tutur_lang *lang, const char *text,
                             char **out);

/* ===== Article (READ) ================================================== */

typedef enum tutur_block_kind {
    TUTUR_BLOCK_HEADING = 0,
    TUTUR_BLOCK_PARAGRAPH = 1,
    TUTUR_BLOCK_LIST_ITEM = 2,
    TUTUR_BLOCK_QUOTE = 3,
} tutur_block_kind;

typedef struct tutur_block {
    tutur_block_kind kind;
    int level; /* headings: 2..6 (the title is level 1) */
    char *text;
    char *lang; /* a language the markup gives this block (BCP 47), or NULL */
} tutur_block;

typedef struct tutur_article {
    char *title;    /* never NULL after a successful read */
    char *author;   /* NULL when unknown */
    char *date;     /* YYYY-MM-DD or NULL */
    char *published; /* the same day with its time and zone, ISO 8601
                      * ("2024-05-01T08:30:00+07:00"), when the source gives them */
    char *url;      /* the article's own address (canonical, og:url, front matter) */
    char *language; /* NULL: the profile's language */
    char *source;   /* the file name, or "-" */
    tutur_block *blocks;
    size_t n_blocks;
    /* What a site generator's source says (front matter; the file's
     * place in a Hugo or Jekyll tree), NULL when it says nothing: */
    char *slug;        /* the article's name in the site: front matter slug, a page
                        * bundle's folder, a Jekyll post's file name less its date */
    char *description; /* its summary, for players and feeds */
    char *image;       /* its picture: a path relative to the article, or a URL */
    char *updated;     /* when it last changed (lastmod), as written */
    bool draft;        /* not published (draft: true, published: false) */
} tutur_article;

typedef enum tutur_format {
    TUTUR_FORMAT_AUTO = 0, /* by file extension, then by content */
    TUTUR_FORMAT_TEXT = 1,
    TUTUR_FORMAT_MARKDOWN = 2,
    TUTUR_FORMAT_HTML = 3,
} tutur_format;

/* The format of a file: its extension (.txt, .md/.markdown, .html/.htm/
 * .xhtml) when it has a known one, else a look at its first bytes. */
tutur_format tutur_detect_format(const char *path, const char *data, size_t len);
/* "text", "markdown", "html" (and "auto"). */
const char *tutur_format_name(tutur_format format);

/* Reads an article in any format; PATH "-" reads standard input.  Page
 * chrome is recognized by LANG's rules (and, in HTML, by the markup). */
tutur_status tutur_read_file(tutur_ctx *ctx, const char *path, tutur_format format,
                             const tutur_lang *lang, tutur_article **out);
/* Markdown (CommonMark with tables, via md4c), with YAML or TOML front
 * matter; NAME is used in messages and as the source. */
tutur_status tutur_read_markdown(tutur_ctx *ctx, const char *name, const char *text, size_t len,
                                 const tutur_lang *lang, tutur_article **out);
/* An HTML page (bytes in any declared charset), keeping only the article:
 * libxml2's HTML parser, no network, no external entities. */
tutur_status tutur_read_html(tutur_ctx *ctx, const char *name, const char *data, size_t len,
                             const tutur_lang *lang, tutur_article **out);

/* Reads a plain-text article (text pasted or scraped from a web page).
 * PATH "-" reads standard input.  Page chrome is recognized by LANG's rules. */
tutur_status tutur_read_text_file(tutur_ctx *ctx, const char *path, const tutur_lang *lang,
                                  tutur_article **out);
/* The same on text in memory; NAME is used in messages and as the source. */
tutur_status tutur_read_text(tutur_ctx *ctx, const char *name, const char *text, size_t len,
                             const tutur_lang *lang, tutur_article **out);
void tutur_article_destroy(tutur_article *article);
/* The Article as JSON (what `tutur read` prints); free() it. */
tutur_status tutur_article_to_json(tutur_ctx *ctx, const tutur_article *article, char **out);

/* ===== Script (PLAN) =================================================== */

typedef enum tutur_segment_kind {
    TUTUR_SEG_TITLE = 0,
    TUTUR_SEG_HEADING = 1,
    TUTUR_SEG_PARAGRAPH = 2,
    TUTUR_SEG_LIST_ITEM = 3,
    TUTUR_SEG_QUOTE = 4,
} tutur_segment_kind;

/* Bytes [offset, offset + length) of a string. */
typedef struct tutur_range {
    size_t offset;
    size_t length;
} tutur_range;

/* One sentence of a segment, in the written text and in the spoken text
 * (the spoken text is the sentences' spoken forms joined by spaces). */
typedef struct tutur_sentence {
    tutur_range text;
    tutur_range spoken;
} tutur_sentence;

typedef struct tutur_segment {
    tutur_segment_kind kind;
    char *text;   /* as the author wrote it */
    char *spoken; /* what the synthesizer is given */
    int pause_before_ms;
    int pause_after_ms;
    tutur_sentence *sentences; /* at least one */
    size_t n_sentences;
    char *lang; /* the block's language from the markup, or NULL */
} tutur_segment;

typedef struct tutur_chapter {
    char *title;
    int level; /* 1 for the opening chapter, else the heading's level */
    tutur_segment *segments;
    size_t n_segments;
} tutur_chapter;

typedef struct tutur_script {
    char *title;
    char *author;   /* may be NULL */
    char *date;     /* may be NULL */
    char *published; /* ISO 8601 with time and zone, or NULL */
    char *url;       /* the article's address, or NULL */
    char *language;
    tutur_chapter *chapters;
    size_t n_chapters;
    char *description; /* the source's own summary, or NULL */
} tutur_script;

/* Turns an article into what will be said: one chapter per heading, the
 * first opening with the title; boilerplate dropped; pauses from PROFILE. */
tutur_status tutur_plan(tutur_ctx *ctx, const tutur_article *article, const tutur_lang *lang,
                        const tutur_profile *profile, tutur_script **out);
void tutur_script_destroy(tutur_script *script);
/* The total number of segments in all chapters. */
size_t tutur_script_segment_count(const tutur_script *script);
/* The Script as JSON (schema in doc/architecture.md), NUL-terminated; the
 * caller frees it with free(). */
tutur_status tutur_script_to_json(tutur_ctx *ctx, const tutur_script *script, char **out);

/* ===== Timeline and spool (RENDER) ===================================== */

typedef enum tutur_cue_kind {
    TUTUR_CUE_SENTENCE = 0,
    TUTUR_CUE_WORD = 1,
} tutur_cue_kind;

/* Where one segment's audio lies in the spool, in samples. */
typedef struct tutur_segment_span {
    uint32_t chapter;
    uint32_t segment; /* index within the chapter */
    int64_t start;    /* first sample after the pause before it */
    int64_t end;      /* one past its last sample of speech */
    uint32_t flags;   /* TUTUR_SPAN_CUT */
} tutur_segment_span;

/* The segment starts on the encoder's frame grid after a pause long enough
 * to cut the audio there: encoders of chunks cut at such places give
 * packets that do not depend on what came before (doc/architecture.md). */
#define TUTUR_SPAN_CUT 1u

typedef struct tutur_cue {
    tutur_cue_kind kind;
    uint32_t span;        /* index into tutur_timeline.spans */
    uint32_t text_offset; /* bytes into the segment's spoken text */
    uint32_t text_length; /* bytes */
    int64_t sample;       /* absolute sample where it starts */
} tutur_cue;

/* Where one sentence is heard: from the synthesizer's position of its
 * first word to the next sentence's (the last ends with its segment), so
 * a segment's sentences tile its span without gaps or overlap. */
typedef struct tutur_sentence_span {
    uint32_t span;     /* index into tutur_timeline.spans */
    uint32_t sentence; /* index into the segment's sentences */
    int64_t start;
    int64_t end;
} tutur_sentence_span;

/* What leveling found and did (all in dB; -HUGE_VAL for silence). */
typedef struct tutur_loudness {
    double measured_lufs;   /* the speech before leveling: output less the gain (a report) */
    double gain_db;         /* applied to every sample */
    double limited_db;      /* deepest gain reduction of the true-peak limiter */
    double output_lufs;     /* integrated loudness after gain and limiter */
    double output_peak_dbtp; /* true peak after gain and limiter */
    bool leveled;
} tutur_loudness;

typedef struct tutur_timeline {
    int rate;                /* samples per second */
    int64_t total;           /* samples in the spool */
    int64_t *chapter_starts; /* n_chapters marks; the first is 0 */
    size_t n_chapters;
    tutur_segment_span *spans;
    size_t n_spans;
    tutur_cue *cues;
    size_t n_cues;
    tutur_sentence_span *sentences;
    size_t n_sentences;
    tutur_loudness loudness;
} tutur_timeline;

/* Milliseconds at or before SAMPLES (rounded down, so a mark derived from
 * it is never later than the sample it names). */
int64_t tutur_samples_to_ms(int64_t samples, int rate);
/* "HH:MM:SS.mmm" (always three millisecond digits) into buf[13]. */
void tutur_format_hms(int64_t ms, char buf[13]);

/* The rendered PCM: mono signed 16-bit at the timeline's rate, on disk. */
typedef struct tutur_spool tutur_spool;

/* Reads up to N samples starting at sample FROM; returns how many were read
 * (0 at the end), or -1 on a read error. */
int64_t tutur_spool_read(tutur_spool *spool, int64_t from, int16_t *buf, int64_t n);
void tutur_spool_destroy(tutur_spool *spool);

/* Synthesizes every segment of SCRIPT with espeak-ng into a spool and builds
 * the timeline, saying words as LANG's pronunciation data says (the letter
 * e, final glottal stops) where espeak-ng's own rules would not; LANG NULL:
 * espeak-ng's own.  Memory stays bounded whatever the length of the
 * article. */
tutur_status tutur_render(tutur_ctx *ctx, const tutur_script *script,
                          const tutur_profile *profile, const tutur_lang *lang,
                          tutur_spool **spool_out, tutur_timeline **timeline_out);
void tutur_timeline_destroy(tutur_timeline *timeline);

/* Brings the spool to the profile's loudness target and true-peak ceiling,
 * in place, and records what it did in timeline->loudness.  Sample count
 * and the Timeline's times are unchanged. */
tutur_status tutur_level(tutur_ctx *ctx, const tutur_profile *profile, tutur_spool *spool,
                         tutur_timeline *timeline);

/* ===== Speech check ===================================================== */

/* A sentence whose audio is not what its text predicts. */
typedef struct tutur_speech_issue {
    uint32_t chapter, segment, sentence; /* where, as in the Script */
    int syllables;     /* what its spoken text has */
    int64_t speech_ms; /* what its audio holds: time above the quiet level */
    bool silent;       /* no speech at all */
} tutur_speech_issue;

typedef struct tutur_speech_report {
    size_t checked; /* sentences with words to say */
    tutur_speech_issue *issues;
    size_t n_issues;
} tutur_speech_report;

/* Checks that every sentence was spoken: its speech time per syllable
 * within a wide band (a silent sentence, one cut short, or one read out
 * as a stream of symbols is outside it).  Clear the report with
 * tutur_speech_report_clear. */
tutur_status tutur_check_speech(tutur_ctx *ctx, const tutur_script *script,
                                const tutur_timeline *timeline, tutur_spool *spool,
                                tutur_speech_report *out);
void tutur_speech_report_clear(tutur_speech_report *report);

/* ===== Output files (PUBLISH) ========================================== */

/* An output written to a temporary name in its destination directory and
 * renamed into place by tutur_output_commit(); destroying it uncommitted
 * removes the temporary file and leaves any earlier file untouched. */
typedef struct tutur_output tutur_output;

tutur_status tutur_output_open(tutur_ctx *ctx, const char *path, tutur_output **out);
tutur_status tutur_output_commit(tutur_ctx *ctx, tutur_output *output);
/* The same for a directory of files (a DAISY book): written in a temporary
 * directory beside PATH, which replaces any earlier PATH on commit. */
tutur_status tutur_output_open_dir(tutur_ctx *ctx, const char *path, tutur_output **out);
void tutur_output_destroy(tutur_output *output);
const char *tutur_output_path(const tutur_output *output);

/* A cover picture for embedding: a PNG or JPEG of at most
 * TUTUR_COVER_MAX_BYTES, checked when loaded. */
typedef struct tutur_cover tutur_cover;
#define TUTUR_COVER_MAX_BYTES (512 * 1024)

tutur_status tutur_cover_load(tutur_ctx *ctx, const char *path, tutur_cover **out);
void tutur_cover_destroy(tutur_cover *cover);
/* The picture's size in pixels, from its header. */
void tutur_cover_size(const tutur_cover *cover, int *width, int *height);
/* Whether podcast directories take it as it is: square, 1400 to 3000
 * pixels a side (Apple Podcasts' rule). */
bool tutur_cover_fits_podcasts(const tutur_cover *cover);

typedef struct tutur_opus_options {
    int bitrate_kbps; /* 6..256 */
    int complexity;   /* 0..10 */
    int frame_ms;     /* 20, 40 or 60 */
    int serialno;     /* Ogg stream serial number; 0 picks one from the title */
    const tutur_cover *cover; /* METADATA_BLOCK_PICTURE after the chapters, or NULL */
    int jobs; /* encoders run at once on chunks cut at pauses; 0 or 1: one */
} tutur_opus_options;

/* Encodes the spool as mono Ogg Opus with the script's metadata and one
 * CHAPTERnnn/CHAPTERnnnNAME pair per chapter, into OUTPUT (not committed).
 * R128_TRACK_GAIN comes from timeline->loudness when it was leveled. */
/* Chapters an Opus file can mark: CHAPTER000..CHAPTER999 (the comment
 * names have three digits).  Later chapters are in the JSON and VTT only. */
#define TUTUR_OPUS_MAX_CHAPTERS 1000

tutur_status tutur_sink_opus(tutur_ctx *ctx, const tutur_script *script,
                             const tutur_timeline *timeline, tutur_spool *spool,
                             const tutur_opus_options *options, tutur_output *output);

/* Samples [*from, *to) of chapter C: from its mark to the next one's (the
 * last to the end), so the chapters tile the whole narration. */
void tutur_chapter_range(const tutur_timeline *timeline, size_t c, int64_t *from, int64_t *to);

/* Chapter C alone as Ogg Opus: TITLE is the chapter's title, ALBUM the
 * article's, TRACKNUMBER C+1 of the chapter count; its own R128 track gain
 * and the whole narration's as the album gain. */
tutur_status tutur_sink_opus_chapter(tutur_ctx *ctx, const tutur_script *script,
                                     const tutur_timeline *timeline, tutur_spool *spool,
                                     size_t c, const tutur_opus_options *options,
                                     tutur_output *output);

/* A short description of the article for players and feeds: the one its
 * source gives, else its first paragraph, cut at a word boundary to at
 * most MAX bytes.  free() it;
 * NULL when the article has no paragraph or memory ran out. */
char *tutur_script_summary(const tutur_script *script, size_t max);

/* Writes the spool as 16-bit PCM WAV into OUTPUT (not committed). */
tutur_status tutur_sink_wav(tutur_ctx *ctx, const tutur_timeline *timeline, tutur_spool *spool,
                            tutur_output *output);

typedef struct tutur_mp3_options {
    int bitrate_kbps;         /* constant: 8..160 at 22050 Hz */
    const tutur_cover *cover; /* APIC, or NULL */
    const char *album;        /* the feed's title when known, or NULL */
    int jobs;                 /* LAME encoders run at once on chunks cut in pauses */
} tutur_mp3_options;

/* The spool as MP3 for podcast apps: constant bit rate, the LAME Info
 * frame (exact length, gapless delay and padding), an ID3v2.3 tag with the
 * script's metadata, its summary as the comment, the cover, and a CTOC
 * with one CHAP per chapter at the Timeline's times, into OUTPUT. */
tutur_status tutur_sink_mp3(tutur_ctx *ctx, const tutur_script *script,
                            const tutur_timeline *timeline, tutur_spool *spool,
                            const tutur_mp3_options *options, tutur_output *output);

/* Captions: WebVTT with one cue per sentence, as written, timed by the
 * synthesizer's own word positions (tutur_timeline.sentences). */
tutur_status tutur_sink_captions(tutur_ctx *ctx, const tutur_script *script,
                                 const tutur_timeline *timeline, tutur_output *output);
/* A WebVTT chapters track: one cue per chapter, nested by heading level
 * (a chapter lasts until the next heading of its level or above). */
tutur_status tutur_sink_chapters_vtt(tutur_ctx *ctx, const tutur_script *script,
                                     const tutur_timeline *timeline, tutur_output *output);
/* Podcasting 2.0 chapters (JSON, version 1.2.0): startTime and title. */
tutur_status tutur_sink_chapters_json(tutur_ctx *ctx, const tutur_script *script,
                                      const tutur_timeline *timeline, tutur_output *output);
/* The article as plain text (UTF-8): title, byline, headings, paragraphs. */
tutur_status tutur_sink_transcript(tutur_ctx *ctx, const tutur_script *script,
                                   tutur_output *output);
/* An extended M3U playlist of the per-chapter files: PATHS[c] is chapter
 * c's file, as the playlist should name it (relative to the playlist). */
tutur_status tutur_sink_playlist(tutur_ctx *ctx, const tutur_script *script,
                                 const tutur_timeline *timeline, const char *const *paths,
                                 tutur_output *output);

/* ===== Accessible delivery =========================================== */

/* A file the listening page offers for download. */
typedef struct tutur_page_file {
    const char *href;  /* relative to the page */
    const char *label; /* "Narasi lengkap", a chapter's title... */
    const char *kind;  /* "Opus", "MP3", "WebVTT"... */
    int64_t bytes;
} tutur_page_file;

typedef struct tutur_page_links {
    const char *language; /* BCP 47 for lang= */
    const char *opus;     /* the narration, relative to the page */
    const char *mp3;      /* or NULL */
    const char *captions; /* WebVTT captions, or NULL */
    const char *chapters; /* WebVTT chapters track, or NULL */
    const tutur_page_file *downloads;
    size_t n_downloads;
    const char *cover;     /* the cover picture, or NULL */
    const char *date_text; /* the date as people write it ("1 Mei 2024"), or NULL */
} tutur_page_links;

/* The listening page: one self-contained HTML file (no external script,
 * style or font) with the player, chapter links, the transcript with the
 * spoken sentence highlighted, tracks and downloads. */
tutur_status tutur_sink_page(tutur_ctx *ctx, const tutur_script *script,
                             const tutur_timeline *timeline, const tutur_page_links *links,
                             tutur_output *output);

/* An EPUB 3 talking book: the article as XHTML with an id per sentence, a
 * media overlay timed by the Timeline, a navigation document nested by
 * heading level, accessibility metadata, the narration as MP3, and COVER
 * (or NULL) as the cover image. */
tutur_status tutur_sink_epub(tutur_ctx *ctx, const tutur_script *script,
                             const tutur_timeline *timeline, tutur_spool *spool,
                             const tutur_cover *cover, tutur_output *output);

/* The DAISY book in BOOK (a directory output, written, not committed) as
 * one zip file into OUTPUT, its files under the book's folder name. */
tutur_status tutur_daisy_zip(tutur_ctx *ctx, tutur_output *book, tutur_output *output);
/* The cover picture's bytes into OUTPUT, and the file extension its type
 * wants (".png" or ".jpg"). */
tutur_status tutur_cover_write(tutur_ctx *ctx, const tutur_cover *cover, tutur_output *output);
const char *tutur_cover_extension(const tutur_cover *cover);

/* A DAISY 2.02 talking book into a directory output: ncc.html with every
 * heading at its level, content.html with an id per sentence, one SMIL
 * and one MP3 per chapter (with COVER, or NULL, as its picture),
 * master.smil.  Clips tile each chapter's audio. */
tutur_status tutur_sink_daisy(tutur_ctx *ctx, const tutur_script *script,
                              const tutur_timeline *timeline, tutur_spool *spool,
                              const tutur_cover *cover, tutur_output *dir);

/* Bytes written so far to an uncommitted output (for download sizes). */
int64_t tutur_output_size(tutur_output *output);

/* ===== Narration job =================================================== */

/* A job narrates articles the way `tutur narrate` does, and is what the
 * program itself calls: it reads and plans each article, renders, levels
 * and checks its speech, writes every output asked for from the one spool
 * and Timeline, and commits them together (the narration last, so a reader
 * who sees it can trust what stands beside it).  It owns the policies:
 * output names, the date when the article gives none, the one budget of
 * cores for encoder threads and worker processes, and the cache.
 *
 *     tutur_ctx_create(&ctx);
 *     tutur_job_create(ctx, NULL, &job);            (the "id" voice, Opus only)
 *     tutur_job_narrate(job, "article.md", "out", NULL);
 *     tutur_job_destroy(job);
 *     tutur_ctx_destroy(ctx);
 *
 * Threads and processes: a job uses its context on the calling thread and
 * on encoder threads it starts and joins within a call; synthesis and
 * tutur_job_narrate_all fork worker processes (each narrates with a copy
 * of the job, calls the event callback there, and exits).  The calling
 * process's umask, locale, signal dispositions and working directory are
 * left as they were. */
typedef struct tutur_job tutur_job;

/* The files a narration can have.  Values are part of the interface. */
typedef enum tutur_output_kind {
    TUTUR_OUTPUT_OPUS = 0,          /* NAME.opus: the narration, always made */
    TUTUR_OUTPUT_WAV = 1,           /* NAME.wav: the leveled PCM */
    TUTUR_OUTPUT_MP3 = 2,           /* NAME.mp3: for podcast apps */
    TUTUR_OUTPUT_CAPTIONS = 3,      /* NAME.vtt: a cue per sentence */
    TUTUR_OUTPUT_CHAPTERS_VTT = 4,  /* NAME.chapters.vtt */
    TUTUR_OUTPUT_CHAPTERS_JSON = 5, /* NAME.chapters.json: Podcasting 2.0 */
    TUTUR_OUTPUT_TRANSCRIPT = 6,    /* NAME.txt */
    TUTUR_OUTPUT_PLAYLIST = 7,      /* NAME.m3u8 of the chapter files */
    TUTUR_OUTPUT_EPUB = 8,          /* NAME.epub: EPUB 3 with media overlays */
    TUTUR_OUTPUT_COVER = 9,         /* NAME.png or NAME.jpg: the cover, when one is given */
    TUTUR_OUTPUT_DAISY_ZIP = 10,    /* NAME.daisy.zip */
    TUTUR_OUTPUT_PAGE = 11,         /* NAME.html: the listening page */
    TUTUR_OUTPUT_CHAPTER_FILES = 12, /* NAME/NN-title.opus, one per chapter */
    TUTUR_OUTPUT_DAISY = 13,        /* NAME.daisy/: the DAISY 2.02 book */
    TUTUR_OUTPUT_KINDS = 14,
} tutur_output_kind;

#define TUTUR_OUTPUT_BIT(kind) (1u << (kind))
/* What KIND is, in a few English words ("captions", "DAISY 2.02 book"). */
const char *tutur_output_kind_name(tutur_output_kind kind);
/* The kind of file NAME's extension says it is (".json": the chapters
 * JSON, ".jpg": a cover...); TUTUR_OUTPUT_KINDS when none.  A narration
 * is named NAME.opus or without an extension; another output's
 * extension is refused (it would be written beside the narration). */
tutur_output_kind tutur_output_kind_of(const char *name);
/* What an output needs comes with it: the page its two WebVTT tracks,
 * the chapter files their playlist, the DAISY book its zip. */

/* What a job reports: the start of an article, its plan (before any
 * output exists), its end (success or not), and in a batch each article
 * finished, in the calling process. */
typedef enum tutur_job_event_kind {
    TUTUR_JOB_BEGIN = 0,
    TUTUR_JOB_PLANNED = 1,
    TUTUR_JOB_DONE = 2,
    TUTUR_JOB_BATCH = 3,
} tutur_job_event_kind;

typedef struct tutur_job_event {
    tutur_job_event_kind kind;
    const char *article;  /* the file, "-" for standard input */
    /* TUTUR_JOB_PLANNED and TUTUR_JOB_DONE (NULL when reading failed): */
    const tutur_script *script;
    /* TUTUR_JOB_DONE: */
    tutur_status status;
    const char *message;   /* why it failed ("" on success) */
    const tutur_timeline *timeline;      /* NULL unless rendered */
    const tutur_speech_report *speech;   /* sentences not spoken as predicted */
    bool date_from_file;   /* no date in the article: the file's time */
    const char *skipped;   /* nothing made, and why: "draft", "up to date" (status OK) */
    const char *notice;    /* something of the article left out, and why, or NULL */
    /* the files written, by kind (NULL: not made); CHAPTER_FILES and
     * DAISY name folders.  With a writer: names relative to the folder. */
    const char *const *paths;
    size_t n_chapter_files;
    /* TUTUR_JOB_BATCH: articles done of all, those skipped, those left to
     * other shards, and the audio made so far */
    size_t done, total, skipped_count, other_shards;
    int64_t audio_ms;
} tutur_job_event;

typedef void (*tutur_job_event_fn)(void *user, const tutur_job_event *event);

/* Outputs delivered to a program instead of written as files (the way
 * libopusenc takes OpusEncCallbacks): a server streams them to a socket
 * or object storage.  The job makes them in a scratch folder of $TMPDIR
 * (encoders go back over what they wrote) and, once all succeeded, hands
 * each over in commit order: open with its kind and its name relative to
 * the output folder ("a.opus", "a/01-bab.opus", "a.daisy/ncc.html"),
 * its bytes in pieces, close.  A non-zero return fails the job. */
typedef struct tutur_writer {
    int (*open)(void *user, tutur_output_kind kind, const char *name);
    int (*write)(void *user, const unsigned char *data, size_t len);
    int (*close)(void *user);
    void *user;
} tutur_writer;

typedef struct tutur_job_options {
    const tutur_profile *profile; /* copied; NULL: the profile "id" */
    /* Borrowed, and used by every article; NULL: the profile's language
     * loaded with the profile's lexicon. */
    const tutur_lang *lang;
    unsigned outputs;       /* TUTUR_OUTPUT_BIT()s beside the narration */
    tutur_format format;    /* of every input; 0: each by its name and content */
    const tutur_cover *cover; /* borrowed: embedded, and written beside; NULL: each
                               * article's own image (front matter), if any */
    const char *album;      /* the MP3's album; NULL: the title in the output
                             * folder's feed.ini, when it has one */
    int jobs;               /* cores for threads and processes; 0: every one */
    bool no_cache;          /* without a cache on CTX: none (default: the
                             * standard one, $XDG_CACHE_HOME/tutur or
                             * ~/.cache/tutur, $TUTUR_CACHE_MB MiB, 1024) */
    bool strict;            /* a sentence not spoken as predicted fails the article */
    bool force;             /* narrate articles whose outputs are up to date too */
    /* tutur_job_narrate_all narrates only shard SHARD_INDEX (0-based) of
     * SHARD_COUNT: the articles whose output name hashes there, so that N
     * machines given the same articles and the same SHARD_COUNT narrate
     * each article once, and adding articles moves no other.  0: all. */
    int shard_index, shard_count;
    const tutur_writer *writer; /* NULL: files */
    tutur_job_event_fn on_event;
    void *user;
} tutur_job_options;

/* OPTIONS NULL: all defaults.  The job uses CTX (its data directories,
 * progress, stop flag and cache) until it is destroyed. */
tutur_status tutur_job_create(tutur_ctx *ctx, const tutur_job_options *options, tutur_job **out);
/* Narrates ARTICLE ("-": standard input) as FILE (NAME.opus, the others
 * beside it as NAME.*) or, FILE NULL, into the folder DIR (created) under
 * a name made from the article's file name (from the title for standard
 * input).  Nothing is left behind on failure, and earlier files stay.
 * Beside the outputs, NAME.tutur.json records what they were made from
 * (the article's bytes, the options, profile and language data, the
 * versions of tutur, espeak-ng and the encoders) and each file's size and
 * SHA-256: when nothing changed and every file is intact, the article is
 * skipped (the DONE event says "up to date"), unless options.force. */
tutur_status tutur_job_narrate(tutur_job *job, const char *article, const char *dir,
                               const char *file);
/* Narrates N articles into DIR, on the job's cores: the longest first, a
 * worker process per article, up to the budget at once (one at a time in
 * this process when there is one core or a writer).  An article that is a
 * folder stands for the articles in it, at any depth: a Hugo or Jekyll
 * content tree (page bundles are named by their folder or front-matter
 * slug, Jekyll posts by their file name less its date; what a generator
 * keeps for itself, "_" and hidden names, is left out).  Drafts are
 * skipped.  Two articles that would have the same name are refused,
 * naming both, before anything is written.  Every other article is tried;
 * the first failure's status is returned and *FAILED (or NULL) counts
 * them. */
tutur_status tutur_job_narrate_all(tutur_job *job, const char *const *articles, size_t n,
                                   const char *dir, size_t *failed);
/* Trims the cache to its limit. */
void tutur_job_destroy(tutur_job *job);

/* ===== Podcast feed ==================================================== */

/* The channel of a feed.  Strings are owned (free with
 * tutur_feed_channel_clear); NULL: unset. */
typedef struct tutur_feed_channel {
    char *title, *description, *author, *language;
    char *base_url; /* where the directory is published; required */
    char *image;    /* URL of the cover picture */
    char *link;     /* the publisher's web site; default base_url */
    char *guid;     /* podcast:guid; default: UUIDv5 of the feed's URL */
    char *category; /* itunes:category, "News" or "News/Politics"; default News */
    char *owner_name, *owner_email; /* itunes:owner */
    char *copyright;
    char *explicit_; /* "true" or "false" (default) */
    char *type;      /* itunes:type: "episodic" (default) or "serial" */
    char *enclosure; /* "mp3" (default, when the MP3 exists) or "opus" */
} tutur_feed_channel;

/* Reads the [feed] section of an INI file (keys as the fields above, with
 * base_url) into CH, replacing fields it sets. */
tutur_status tutur_feed_channel_load(tutur_ctx *ctx, const char *path, tutur_feed_channel *ch);
/* Sets one field (NAME as in the INI file) to a copy of VALUE. */
tutur_status tutur_feed_channel_set(tutur_ctx *ctx, tutur_feed_channel *ch, const char *name,
                                    const char *value);
void tutur_feed_channel_clear(tutur_feed_channel *ch);

/* Writes an RSS 2.0 feed (itunes and podcast namespaces) of the narrations
 * in DIR (the .opus files) into OUTPUT: one item per file, newest first, with the
 * enclosure's exact length, the duration from its last granule, and links
 * to the chapters JSON, captions, transcript and MP3 found beside it.
 * *N_ITEMS receives the number of items. */
tutur_status tutur_feed_write(tutur_ctx *ctx, const char *dir, const tutur_feed_channel *ch,
                              tutur_output *output, size_t *n_items);

/* The podcast:guid of a feed at URL: a UUIDv5 of the URL without its
 * scheme and trailing slashes, in the Podcast Index namespace.  buf[37]. */
void tutur_podcast_guid(const char *url, char buf[37]);

#ifdef __cplusplus
}
#endif

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#endif /* TUTUR_H */
