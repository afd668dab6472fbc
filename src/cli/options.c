/* options.c: strict command-line parsing (getopt_long).  A number that does
 * not parse completely, or lies outside its range, is a usage error. */
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_PROFILE = 0x100, OPT_VOICE, OPT_RATE, OPT_PITCH, OPT_BITRATE, OPT_COMPLEXITY,
       OPT_RULES, OPT_DATA_DIR, OPT_WAV, OPT_LEXICON };

void options_usage(void) {
    fputs("Usage: tutur narrate [OPTIONS] ARTICLE...   narrate articles into Ogg Opus files\n"
          "       tutur plan [OPTIONS] ARTICLE         print what would be said, as JSON\n"
          "       tutur normalize [TEXT...]            print the spoken form of each line\n"
          "       tutur voices                         list the voice profiles\n"
          "\n"
          "ARTICLE is a plain-text file, or - for standard input.\n"
          "\n"
          "Options:\n"
          "  -o, --output PATH     the output file (one article) or directory (default: out/)\n"
          "      --profile NAME    voice profile, by name or INI path (default: id)\n"
          "      --voice NAME      espeak-ng voice, overriding the profile's\n"
          "      --rate WPM        speaking rate in words per minute (80-450)\n"
          "      --pitch N         voice pitch (0-99)\n"
          "      --bitrate KBPS    Opus bitrate in kbit/s (6-256, default 32)\n"
          "      --complexity N    Opus encoder complexity (0-10, default 10)\n"
          "      --wav             also write a WAV file beside the Opus file\n"
          "      --rules FILE      extra boilerplate rules (see voices/id/boilerplate.rules)\n"
          "      --lexicon FILE    your respellings, WRITTEN<TAB>SPOKEN a line\n"
          "      --data-dir DIR    look for voice profiles and language data in DIR first\n"
          "  -q, --quiet           no progress on standard error\n"
          "  -h, --help            show this help\n"
          "  -V, --version         show the version\n",
          stdout);
}

static bool parse_int(const char *opt, const char *arg, int lo, int hi, int *out) {
    char *end;
    errno = 0;
    long v = strtol(arg, &end, 10);
    if (errno || end == arg || *end || v < lo || v > hi) {
        fprintf(stderr, "tutur: --%s: expected a whole number from %d to %d, got '%s'\n", opt,
                lo, hi, arg);
        return false;
    }
    *out = (int)v;
    return true;
}

bool options_parse(int argc, char **argv, options *o) {
    static const struct option longs[] = {
        {"output", required_argument, NULL, 'o'},
        {"profile", required_argument, NULL, OPT_PROFILE},
        {"voice", required_argument, NULL, OPT_VOICE},
        {"rate", required_argument, NULL, OPT_RATE},
        {"pitch", required_argument, NULL, OPT_PITCH},
        {"bitrate", required_argument, NULL, OPT_BITRATE},
        {"complexity", required_argument, NULL, OPT_COMPLEXITY},
        {"rules", required_argument, NULL, OPT_RULES},
        {"lexicon", required_argument, NULL, OPT_LEXICON},
        {"data-dir", required_argument, NULL, OPT_DATA_DIR},
        {"wav", no_argument, NULL, OPT_WAV},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    *o = (options){.profile = "id", .rate = -1, .pitch = -1, .bitrate = -1, .complexity = -1};
    int first = 1;
    if (argc > 1 && argv[1][0] != '-') {
        const char *c = argv[1];
        if (strcmp(c, "narrate") == 0)
            o->cmd = CMD_NARRATE;
        else if (strcmp(c, "plan") == 0)
            o->cmd = CMD_PLAN;
        else if (strcmp(c, "normalize") == 0)
            o->cmd = CMD_NORMALIZE;
        else if (strcmp(c, "voices") == 0)
            o->cmd = CMD_VOICES;
        else if (strcmp(c, "help") == 0)
            o->cmd = CMD_HELP;
        else {
            fprintf(stderr, "tutur: unknown command '%s' (try 'tutur --help')\n", c);
            return false;
        }
        first = 2;
    }
    optind = first;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, ":o:qhV", longs, NULL)) != -1) {
        switch (ch) {
        case 'o': o->output = optarg; break;
        case OPT_PROFILE: o->profile = optarg; break;
        case OPT_VOICE: o->voice = optarg; break;
        case OPT_RULES: o->rules = optarg; break;
        case OPT_LEXICON: o->lexicon = optarg; break;
        case OPT_DATA_DIR: o->data_dir = optarg; break;
        case OPT_WAV: o->wav = true; break;
        case OPT_RATE: if (!parse_int("rate", optarg, 80, 450, &o->rate)) return false; break;
        case OPT_PITCH: if (!parse_int("pitch", optarg, 0, 99, &o->pitch)) return false; break;
        case OPT_BITRATE:
            if (!parse_int("bitrate", optarg, 6, 256, &o->bitrate))
                return false;
            break;
        case OPT_COMPLEXITY:
            if (!parse_int("complexity", optarg, 0, 10, &o->complexity))
                return false;
            break;
        case 'q': o->quiet = true; break;
        case 'h': o->cmd = CMD_HELP; return true;
        case 'V': o->cmd = CMD_VERSION; return true;
        case ':':
            fprintf(stderr, "tutur: option '%s' needs a value\n", argv[optind - 1]);
            return false;
        default:
            fprintf(stderr, "tutur: unknown option '%s' (try 'tutur --help')\n",
                    argv[optind - 1]);
            return false;
        }
    }
    o->files = argv + optind;
    o->n_files = argc - optind;
    switch (o->cmd) {
    case CMD_NONE:
        fputs("tutur: no command given (try 'tutur --help')\n", stderr);
        return false;
    case CMD_NARRATE:
        if (o->n_files == 0) {
            fputs("tutur: narrate: no article given\n", stderr);
            return false;
        }
        break;
    case CMD_PLAN:
        if (o->n_files != 1) {
            fputs("tutur: plan: give exactly one article\n", stderr);
            return false;
        }
        break;
    case CMD_VOICES:
        if (o->n_files) {
            fputs("tutur: voices takes no arguments\n", stderr);
            return false;
        }
        break;
    default:
        break;
    }
    return true;
}
