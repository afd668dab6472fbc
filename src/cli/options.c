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
       OPT_RULES, OPT_DATA_DIR, OPT_WAV, OPT_LEXICON, OPT_CAPTIONS, OPT_CHAPTERS_JSON,
       OPT_TRANSCRIPT, OPT_SPLIT, OPT_STRICT, OPT_FORMAT, OPT_MP3, OPT_ALL, OPT_COVER, OPT_CONFIG, OPT_BASE_URL,
       OPT_TITLE, OPT_DESCRIPTION, OPT_AUTHOR, OPT_IMAGE, OPT_LINK, OPT_LANGUAGE,
    OPT_CATEGORY,
    OPT_OWNER_NAME,
    OPT_OWNER_EMAIL,
    OPT_COPYRIGHT,
    OPT_ENCLOSURE,
       OPT_INPUT_FORMAT, OPT_CODE_NOTICE, OPT_HTML, OPT_EPUB, OPT_DAISY, OPT_JOBS, OPT_NO_CACHE,
       OPT_EXPLAIN, OPT_SPOKEN, OPT_FORCE, OPT_SHARD };

/* The commands an option belongs to: one bit per command.  An option
 * given to another command is a usage error, and each command's help
 * lists only its own (both from the table below). */
#define ON(c) (1u << (c))
#define ANY (~0u)
#define NARRATE ON(CMD_NARRATE)
#define READERS (ON(CMD_NARRATE) | ON(CMD_PLAN) | ON(CMD_READ))
#define LANGUAGE (READERS | ON(CMD_NORMALIZE) | ON(CMD_PHONEMES))
#define SPOKEN (ON(CMD_NARRATE) | ON(CMD_PLAN) | ON(CMD_NORMALIZE) | ON(CMD_PHONEMES))
#define VOICE (ON(CMD_NARRATE) | ON(CMD_PHONEMES))
#define FEED ON(CMD_FEED)

static const struct help_line {
    int opt;           /* the option's getopt value; 0: a heading */
    unsigned commands; /* where it belongs */
    const char *text;
} help[] = {
    {'o', NARRATE, "  -o, --output PATH     the narration (NAME.opus, one article) or the directory (default: out/);\n"
                   "                        - writes the one narration to standard output"},
    {OPT_FORMAT, NARRATE, "      --format F        with -o -: opus (default) or mp3"},
    {'o', FEED, "  -o, --output PATH     the feed file (default: DIR/feed.xml)"},
    {OPT_INPUT_FORMAT, READERS, "      --input-format F  read ARTICLE as text, markdown or html (default: auto)"},
    {OPT_CODE_NOTICE, READERS, "      --code-notice T   say T instead of a code block (\"\" says nothing)"},
    {OPT_EXPLAIN, ON(CMD_READ), "      --explain         print every block or line, the role it got and why"},
    {OPT_SPOKEN, ON(CMD_PHONEMES), "      --spoken          print what espeak-ng said (its phoneme events) and how long"},
    {OPT_CAPTIONS, NARRATE, "      --captions        also write SLUG.vtt (captions) and SLUG.chapters.vtt"},
    {OPT_CHAPTERS_JSON, NARRATE, "      --chapters-json   also write SLUG.chapters.json (Podcasting 2.0 chapters)"},
    {OPT_TRANSCRIPT, NARRATE, "      --transcript      also write SLUG.txt, the article as plain text"},
    {OPT_SPLIT, NARRATE, "      --split           also write SLUG/NN-CHAPTER.opus per chapter, and SLUG.m3u8"},
    {OPT_MP3, NARRATE, "      --mp3             also write SLUG.mp3"},
    {OPT_HTML, NARRATE, "      --html            also write SLUG.html, a listening page (with the captions)"},
    {OPT_ALL, NARRATE, "      --all             all of the above"},
    {OPT_EPUB, NARRATE, "      --epub            also write SLUG.epub, a talking book (EPUB 3, media overlays)"},
    {OPT_DAISY, NARRATE, "      --daisy           also write SLUG.daisy/, a DAISY 2.02 talking book"},
    {OPT_COVER, NARRATE, "      --cover IMAGE     embed a PNG or JPEG (at most 512 KiB) as the cover"},
    {OPT_PROFILE, LANGUAGE, "      --profile NAME    voice profile, by name or INI path (default: id)"},
    {OPT_VOICE, VOICE, "      --voice NAME      espeak-ng voice, overriding the profile's"},
    {OPT_RATE, VOICE, "      --rate WPM        speaking rate in words per minute (80-450)"},
    {OPT_PITCH, VOICE, "      --pitch N         voice pitch (0-99)"},
    {OPT_BITRATE, NARRATE, "      --bitrate KBPS    Opus bitrate in kbit/s (6-256, default 32)"},
    {OPT_COMPLEXITY, NARRATE, "      --complexity N    Opus encoder complexity (0-10, default 10)"},
    {'j', NARRATE, "  -j, --jobs N          encode on N cores at once (default: all of them)"},
    {OPT_NO_CACHE, NARRATE, "      --no-cache        neither use nor fill the cache ($XDG_CACHE_HOME/tutur)"},
    {OPT_STRICT, NARRATE, "      --strict          fail (and write nothing) when a sentence was not spoken"},
    {OPT_FORCE, NARRATE, "      --force           narrate articles whose outputs are up to date too"},
    {OPT_SHARD, NARRATE, "      --shard I/N       narrate only share I of N (1..N) of the articles; 'slurm' takes\n"
                         "                        them from a Slurm array job, 'k8s/N' from an Indexed Job"},
    {OPT_WAV, NARRATE, "      --wav             also write a WAV file beside the Opus file"},
    {OPT_RULES, READERS, "      --rules FILE      extra boilerplate rules (see voices/id/boilerplate.rules)"},
    {OPT_LEXICON, SPOKEN, "      --lexicon FILE    your respellings, WRITTEN<TAB>SPOKEN a line (SPOKEN: words,\n"
                          "                        [[espeak-ng phonemes]] or /IPA/)"},
    {0, FEED, "\nFeed settings (or keys of the same names in --config FILE, default DIR/feed.ini):"},
    {OPT_CONFIG, FEED, "      --config FILE     the feed settings file"},
    {OPT_BASE_URL, FEED, "      --base-url URL    where DIR is published (required)"},
    {OPT_TITLE, FEED, "      --title TEXT"},
    {OPT_DESCRIPTION, FEED, "      --description TEXT"},
    {OPT_AUTHOR, FEED, "      --author NAME"},
    {OPT_IMAGE, FEED, "      --image URL       the channel's picture"},
    {OPT_LINK, FEED, "      --link URL        the publisher's web site"},
    {OPT_LANGUAGE, FEED, "      --language TAG    the feed's language (default: the narrations')"},
    {OPT_CATEGORY, FEED, "      --category C      'News' or 'News/Politics' (Apple's list; default News)"},
    {OPT_OWNER_NAME, FEED, "      --owner-name NAME"},
    {OPT_OWNER_EMAIL, FEED, "      --owner-email ADDRESS  (Apple and Spotify verify the owner by it)"},
    {OPT_COPYRIGHT, FEED, "      --copyright TEXT"},
    {OPT_ENCLOSURE, FEED, "      --enclosure mp3|opus  the item's enclosure (default: the MP3 when there is\n"
                          "                        one; the other file is a podcast:alternateEnclosure)\n"
                          "      (feed.ini also takes explicit = true|false, type = episodic|serial)"},
    {0, ANY, ""},
    {OPT_DATA_DIR, ANY, "      --data-dir DIR    look for voice profiles and language data in DIR first"},
    {'q', ANY, "  -q, --quiet           no progress on standard error"},
    {'h', ANY, "  -h, --help            show this help"},
    {'V', ANY, "  -V, --version         show the version"},
};

static const struct {
    command cmd;
    const char *name, *usage;
} commands[] = {
    {CMD_NARRATE, "narrate", "tutur narrate [OPTIONS] ARTICLE...   narrate articles into Ogg Opus files"},
    {CMD_PLAN, "plan", "tutur plan [OPTIONS] ARTICLE         print what would be said, as JSON"},
    {CMD_READ, "read", "tutur read [OPTIONS] ARTICLE         print what was found in ARTICLE, as JSON"},
    {CMD_NORMALIZE, "normalize", "tutur normalize [OPTIONS] [TEXT...]  print the spoken form of each line"},
    {CMD_PHONEMES, "phonemes", "tutur phonemes [OPTIONS] [TEXT...]   print what is said for each line, in espeak-ng's phonemes"},
    {CMD_VOICES, "voices", "tutur voices                         list the voice profiles"},
    {CMD_FEED, "feed", "tutur feed [OPTIONS] DIR             write DIR/feed.xml, a podcast feed of DIR"},
};

static const char *command_name(command c) {
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (commands[i].cmd == c)
            return commands[i].name;
    return "tutur";
}

/* Whether option OPT (a getopt value) belongs to command C. */
static bool belongs(int opt, command c) {
    for (size_t i = 0; i < sizeof help / sizeof help[0]; i++)
        if (help[i].opt == opt && (help[i].commands & ON(c)))
            return true;
    return false;
}

void options_usage(int cmd) {
    bool all = cmd == CMD_NONE || cmd == CMD_HELP;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (all || commands[i].cmd == (command)cmd)
            printf("%s %s\n", i == 0 || !all ? "Usage:" : "      ", commands[i].usage);
    if (all || cmd == CMD_NARRATE || cmd == CMD_PLAN || cmd == CMD_READ)
        puts("\nARTICLE is a plain-text, Markdown or HTML file, or - for standard input.");
    puts("\nOptions:");
    for (size_t i = 0; i < sizeof help / sizeof help[0]; i++)
        if (all ? help[i].opt != 'o' || help[i].commands == NARRATE
                : (help[i].commands & ON(cmd)) != 0)
            puts(help[i].text);
    if (!all)
        puts("\nSee 'tutur --help' for every command.");
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
        {"input-format", required_argument, NULL, OPT_INPUT_FORMAT},
        {"code-notice", required_argument, NULL, OPT_CODE_NOTICE},
        {"captions", no_argument, NULL, OPT_CAPTIONS},
        {"chapters-json", no_argument, NULL, OPT_CHAPTERS_JSON},
        {"transcript", no_argument, NULL, OPT_TRANSCRIPT},
        {"split", no_argument, NULL, OPT_SPLIT},
        {"strict", no_argument, NULL, OPT_STRICT},
        {"force", no_argument, NULL, OPT_FORCE},
        {"shard", required_argument, NULL, OPT_SHARD},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"mp3", no_argument, NULL, OPT_MP3},
        {"all", no_argument, NULL, OPT_ALL},
        {"html", no_argument, NULL, OPT_HTML},
        {"jobs", required_argument, NULL, 'j'},
        {"no-cache", no_argument, NULL, OPT_NO_CACHE},
        {"explain", no_argument, NULL, OPT_EXPLAIN},
        {"spoken", no_argument, NULL, OPT_SPOKEN},
        {"epub", no_argument, NULL, OPT_EPUB},
        {"daisy", no_argument, NULL, OPT_DAISY},
        {"cover", required_argument, NULL, OPT_COVER},
        {"config", required_argument, NULL, OPT_CONFIG},
        {"base-url", required_argument, NULL, OPT_BASE_URL},
        {"title", required_argument, NULL, OPT_TITLE},
        {"description", required_argument, NULL, OPT_DESCRIPTION},
        {"author", required_argument, NULL, OPT_AUTHOR},
        {"image", required_argument, NULL, OPT_IMAGE},
        {"link", required_argument, NULL, OPT_LINK},
        {"language", required_argument, NULL, OPT_LANGUAGE},
        {"category", required_argument, NULL, OPT_CATEGORY},
        {"owner-name", required_argument, NULL, OPT_OWNER_NAME},
        {"owner-email", required_argument, NULL, OPT_OWNER_EMAIL},
        {"copyright", required_argument, NULL, OPT_COPYRIGHT},
        {"enclosure", required_argument, NULL, OPT_ENCLOSURE},
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
        else if (strcmp(c, "read") == 0)
            o->cmd = CMD_READ;
        else if (strcmp(c, "normalize") == 0)
            o->cmd = CMD_NORMALIZE;
        else if (strcmp(c, "phonemes") == 0)
            o->cmd = CMD_PHONEMES;
        else if (strcmp(c, "feed") == 0)
            o->cmd = CMD_FEED;
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
    while ((ch = getopt_long(argc, argv, ":o:j:qhV", longs, NULL)) != -1) {
        if (ch != ':' && ch != '?' && o->cmd != CMD_NONE && o->cmd != CMD_HELP &&
            !belongs(ch, o->cmd)) {
            const char *name = "?";
            for (size_t k = 0; longs[k].name; k++)
                if (longs[k].val == ch)
                    name = longs[k].name;
            fprintf(stderr, "tutur: --%s does not belong to 'tutur %s' (see 'tutur %s --help')\n",
                    name, command_name(o->cmd), command_name(o->cmd));
            return false;
        }
        switch (ch) {
        case 'o': o->output = optarg; break;
        case OPT_PROFILE: o->profile = optarg; break;
        case OPT_VOICE: o->voice = optarg; break;
        case OPT_RULES: o->rules = optarg; break;
        case OPT_LEXICON: o->lexicon = optarg; break;
        case OPT_DATA_DIR: o->data_dir = optarg; break;
        case OPT_WAV: o->wav = true; break;
        case OPT_CAPTIONS: o->captions = true; break;
        case OPT_CHAPTERS_JSON: o->chapters_json = true; break;
        case OPT_TRANSCRIPT: o->transcript = true; break;
        case OPT_SPLIT: o->split = true; break;
        case OPT_STRICT: o->strict = true; break;
        case OPT_FORCE: o->force = true; break;
        case OPT_SHARD: o->shard = optarg; break;
        case OPT_FORMAT:
            if (strcmp(optarg, "opus") != 0 && strcmp(optarg, "mp3") != 0) {
                fprintf(stderr, "tutur: --format: expected opus or mp3, got '%s'\n", optarg);
                return false;
            }
            o->format_mp3 = strcmp(optarg, "mp3") == 0;
            break;
        case OPT_MP3: o->mp3 = true; break;
        case OPT_HTML: o->html = true; break;
        case OPT_NO_CACHE: o->no_cache = true; break;
        case OPT_EXPLAIN: o->explain = true; break;
        case OPT_SPOKEN: o->spoken = true; break;
        case 'j': if (!parse_int("jobs", optarg, 1, 64, &o->jobs)) return false; break;
        case OPT_EPUB: o->epub = true; break;
        case OPT_DAISY: o->daisy = true; break;
        case OPT_ALL:
            o->captions = o->chapters_json = o->transcript = o->split = o->mp3 = o->html = true;
            break;
        case OPT_COVER: o->cover = optarg; break;
        case OPT_CODE_NOTICE: o->code_notice = optarg; break;
        case OPT_INPUT_FORMAT:
            if (strcmp(optarg, "auto") == 0)
                o->input_format = 0;
            else if (strcmp(optarg, "text") == 0 || strcmp(optarg, "txt") == 0)
                o->input_format = 1;
            else if (strcmp(optarg, "markdown") == 0 || strcmp(optarg, "md") == 0)
                o->input_format = 2;
            else if (strcmp(optarg, "html") == 0)
                o->input_format = 3;
            else {
                fprintf(stderr, "tutur: --input-format: expected text, markdown, html or auto, "
                                "got '%s'\n", optarg);
                return false;
            }
            break;
        case OPT_CONFIG: o->config = optarg; break;
        case OPT_BASE_URL: o->base_url = optarg; break;
        case OPT_TITLE: o->title = optarg; break;
        case OPT_DESCRIPTION: o->description = optarg; break;
        case OPT_AUTHOR: o->author = optarg; break;
        case OPT_IMAGE: o->image = optarg; break;
        case OPT_LINK: o->link = optarg; break;
        case OPT_LANGUAGE: o->language = optarg; break;
        case OPT_CATEGORY: o->category = optarg; break;
        case OPT_OWNER_NAME: o->owner_name = optarg; break;
        case OPT_OWNER_EMAIL: o->owner_email = optarg; break;
        case OPT_COPYRIGHT: o->copyright = optarg; break;
        case OPT_ENCLOSURE:
            if (strcmp(optarg, "mp3") != 0 && strcmp(optarg, "opus") != 0) {
                fprintf(stderr, "tutur: --enclosure: expected mp3 or opus, got '%s'\n", optarg);
                return false;
            }
            o->enclosure = optarg;
            break;
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
        case 'h':
            o->help_for = o->cmd;
            o->cmd = CMD_HELP;
            return true;
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
    if (o->explain && o->cmd != CMD_READ) {
        fputs("tutur: --explain belongs to 'tutur read'\n", stderr);
        return false;
    }
    if (o->spoken && o->cmd != CMD_PHONEMES) {
        fputs("tutur: --spoken belongs to 'tutur phonemes'\n", stderr);
        return false;
    }
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
    case CMD_READ:
        if (o->n_files != 1) {
            fprintf(stderr, "tutur: %s: give exactly one article\n",
                    o->cmd == CMD_PLAN ? "plan" : "read");
            return false;
        }
        break;
    case CMD_FEED:
        if (o->n_files != 1) {
            fputs("tutur: feed: give exactly one directory\n", stderr);
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
