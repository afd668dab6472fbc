/* options.h: the command line of tutur. */
#ifndef TUTUR_CLI_OPTIONS_H
#define TUTUR_CLI_OPTIONS_H

#include <stdbool.h>

typedef enum command {
    CMD_NONE = 0,
    CMD_NARRATE,
    CMD_PLAN,
    CMD_READ,
    CMD_VOICES,
    CMD_NORMALIZE,
    CMD_PHONEMES,
    CMD_FEED,
    CMD_HELP,
    CMD_VERSION,
} command;

typedef struct options {
    command cmd;
    command help_for; /* --help after a command: that command's help */
    bool spoken;          /* phonemes --spoken: what espeak-ng said, and how long */
    const char *output;   /* -o */
    const char *profile;  /* --profile */
    const char *voice;    /* --voice: espeak-ng voice, overrides the profile */
    const char *rules;    /* --rules: extra boilerplate rules */
    const char *lexicon;  /* --lexicon: the user's respellings */
    const char *data_dir; /* --data-dir */
    int rate, pitch, bitrate, complexity; /* -1: from the profile */
    int jobs; /* --jobs: 0 = the number of cores */
    bool no_cache; /* --no-cache */
    bool strict;   /* --strict: a sentence that was not spoken is an error */
    bool force;    /* --force: narrate what is up to date too */
    const char *shard; /* --shard I/N, slurm, k8s/N */
    bool format_mp3; /* --format mp3: -o - writes the MP3 */
    bool wav;
    /* narrate: which outputs beside the Opus file (--all: every one) */
    bool captions, chapters_json, transcript, split, mp3, html, epub, daisy;
    const char *cover; /* --cover IMAGE */
    int input_format;  /* --input-format: a tutur_format */
    const char *code_notice; /* --code-notice TEXT */
    bool explain;      /* read --explain: every decision, with its evidence */
    /* feed: channel fields (also from --config FILE, or DIR/feed.ini) */
    const char *config, *base_url, *title, *description, *author, *image, *link, *language;
    const char *category, *owner_name, *owner_email, *copyright, *enclosure;
    bool quiet;
    char **files;
    int n_files;
} options;

/* Parses argv; on a usage error prints one line to stderr and returns false. */
bool options_parse(int argc, char **argv, options *o);
/* The help of command CMD (CMD_NONE or CMD_HELP: of every command). */
void options_usage(int cmd);

#endif
