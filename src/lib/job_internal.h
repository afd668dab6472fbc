/* job_internal.h: the parts of a narration job (job.c, job_outputs.c,
 * job_batch.c, job_writer.c). */
#ifndef TUTUR_JOB_INTERNAL_H
#define TUTUR_JOB_INTERNAL_H

#include "internal.h"

struct tutur_job {
    tutur_ctx *ctx;
    tutur_profile profile;
    const tutur_lang *lang;
    tutur_lang *own_lang; /* loaded by the job when none was given */
    unsigned outputs;     /* with what each output needs */
    tutur_format format;
    const tutur_cover *cover;
    char *album; /* given, or NULL */
    int jobs;    /* resolved: 1..64 */
    bool strict;
    bool has_writer;
    tutur_writer writer;
    tutur_job_event_fn on_event;
    void *user;
    const char *scratch; /* with a writer: the folder the outputs are made in */
    bool force;          /* narrate even what is up to date */
    int shard_index, shard_count; /* shard_count 0 or 1: all */
    uint8_t fingerprint[32]; /* what every narration of the job depends on */
    /* feeds given to tutur_job_narrate_all: their articles are pages in
     * feed_scratch/K/, K indexing feed_names */
    const char *feed_scratch;
    const char *const *feed_names;
    /* of the batch being narrated, for its events */
    size_t batch_skipped, batch_other_shards;
};

/* One article on its way through the job: its script, audio, and the
 * outputs, opened as temporary files and committed together. */
typedef struct nr_narration {
    const char *article;
    char *slug; /* the article's name in its site, or NULL */
    const tutur_cover *cover; /* the job's, else the article's own image */
    tutur_cover *own_cover;
    char *image_path; /* the article's own image file, whether usable or not */
    const char *notice; /* what the listener's program should hear of (static) */
    tutur_script *script;
    tutur_spool *spool;
    tutur_timeline *tl;
    char *base; /* the output path without ".opus" */
    char *paths[TUTUR_OUTPUT_KINDS]; /* CHAPTER_FILES and DAISY: folders */
    tutur_output *outs[TUTUR_OUTPUT_KINDS]; /* DAISY: a directory output */
    bool made_split_dir;
    bool date_from_file;
    size_t n_parts;
    char **part_paths; /* as written */
    char **part_names; /* as the playlist names them: "slug/01-x.opus" */
    tutur_output **parts;
    char **old_parts; /* what the earlier playlist named, in the chapter folder */
    size_t n_old_parts;
    tutur_speech_report speech;
} nr_narration;

/* job_outputs.c */
/* The file-name stem of an article: its site's slug, else its file
 * name's, else (standard input) its title's.  free() it. */
char *nr_output_stem(const char *path, const char *slug, const char *title);
/* The paths of every output the job makes, from the article's name (or
 * FILE), refusing two outputs under one name and one that is the article. */
tutur_status nr_narration_name(tutur_job *job, nr_narration *n, const char *dir,
                               const char *file);
/* Opens them all (temporary names), the chapter files and the DAISY book. */
tutur_status nr_narration_open(tutur_job *job, nr_narration *n);
/* Writes every output from the spool and Timeline (not committed). */
tutur_status nr_narration_write(tutur_job *job, nr_narration *n, const char *album);
/* Renames everything into place, the narration last, then removes the
 * chapter files of an earlier narration that this one no longer has. */
tutur_status nr_narration_commit(tutur_job *job, nr_narration *n);
void nr_narration_free(nr_narration *n);

/* job.c: one article as files; job_writer.c: through the writer. */
tutur_status nr_job_narrate_files(tutur_job *job, const char *article, const char *dir,
                                  const char *file, int64_t *audio_ms);
tutur_status nr_job_narrate_to_writer(tutur_job *job, const char *article, const char *dir,
                                      const char *file, int64_t *audio_ms);
/* Either, as the job says. */
tutur_status nr_job_narrate_one(tutur_job *job, const char *article, const char *dir,
                                const char *file, int64_t *audio_ms);
/* job_writer.c: the committed outputs of N to the writer, in commit order. */
tutur_status nr_job_deliver(tutur_job *job, const nr_narration *n);
/* job_record.c: incremental narration. */
/* The job's fingerprint (versions, options, profile, language data). */
void nr_job_fingerprint(tutur_job *job);
/* SHA-256 of ARTICLE's bytes; false for standard input or an unreadable file. */
bool nr_job_input_hash(tutur_job *job, const char *article, uint8_t hash[32]);
/* The key a narration of ARTICLE records (hex). */
void nr_job_key(tutur_job *job, const char *article, const uint8_t input[32],
                bool date_from_file, const char *album, const char *image, char key[65]);
/* Whether BASE.tutur.json has KEY and every file it lists is intact. */
bool nr_job_is_current(tutur_job *job, const char *base, const char *key);
/* Writes BASE.tutur.json for N, committed. */
tutur_status nr_job_write_record(tutur_job *job, const nr_narration *n, const char *key);
/* job.c: makes the output folder DIR when missing (one level). */
tutur_status nr_job_make_dir(tutur_ctx *ctx, const char *dir);
/* job.c: the MP3's album: the one given, else the title in DIR/feed.ini. */
char *nr_job_album(tutur_job *job, const char *dir, const char *file);
/* Why ARTICLE is not to be narrated into DIR (or as FILE): "draft" (when
 * DRAFTS_SKIPPED), "up to date", or NULL; *BASE (or NULL) receives its
 * output path without extension when it could be known, *WEIGHT (or
 * NULL) how much it has to say.  With KEY (65 bytes), the key its record
 * would have goes there ("" when none) and "up to date" is left to the
 * caller (nr_job_is_current), who may have no need to look. */
const char *nr_job_skip_reason(tutur_job *job, const char *article, const char *dir,
                               const char *file, bool drafts_skipped, char **base,
                               double *weight, char *key);
/* job_shard.c: SHARD[i] (0..COUNT-1) for each of N articles named NAMES[i]
 * (their output paths) weighing WEIGHTS[i] (how much each has to say). */
tutur_status nr_shard_assign(tutur_ctx *ctx, const char *const *names, const double *weights,
                             size_t n, int count, int *shard);
/* job_batch.c: an article skipped, said as its DONE event. */
void nr_job_skipped(tutur_job *job, const char *path, const char *why);
/* How events name ARTICLE: "feed.xml#slug" for a feed's article, else
 * itself. */
const char *nr_job_label(const tutur_job *job, const char *article);
/* job.c: the file an article's front-matter image names, beside it;
 * NULL for none or an address.  free() it. */
char *nr_article_image_path(const char *article, const char *image);
/* Hands the event to the job's callback, if any. */
void nr_job_emit(tutur_job *job, const tutur_job_event *ev);

#endif
