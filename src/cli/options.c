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
       OPT_TRANSCRIPT, OPT_SPLIT, OPT_STRICT, OPT_MP3, OPT_ALL, OPT_COVER, OPT_CONFIG, OPT_BASE_URL,
       OPT_TITLE, OPT_DESCRIPTION, OPT_AUTHOR, OPT_IMAGE, OPT_LINK, OPT_LANGUAGE,
    OPT_CATEGORY,
    OPT_OWNER_NAME,
    OPT_OWNER_EMAIL,
    OPT_COPYRIGHT,
    OPT_ENCLOSURE,
       OPT_INPUT_FORMAT, OPT_CODE_NOTICE, OPT_HTML, OPT_EPUB, OPT_DAISY, OPT_JOBS, OPT_NO_CACHE,
       OPT_EXPLAIN, OPT_SPOKEN };

void options_usage(void) {
    fputs("Usage: tutur narrate [OPTIONS] ARTICLE...   narrate articles into Ogg Opus files\n"
          "       tutur plan [OPTIONS] ARTICLE         print what would be said, as JSON\n"
          "       tutur read [OPTIONS] ARTICLE         print what was found in ARTICLE, as JSON\n"
          "       tutur read --explain ARTICLE         print every block or line, the role it got and why\n"
          "       tutur normalize [TEXT...]            print the spoken form of each line\n"
          "       tutur phonemes [OPTIONS] [TEXT...]   print what is said for each line, in espeak-ng's phonemes\n"
          "       tutur phonemes --spoken [TEXT...]    print what espeak-ng said (its phoneme events) and how long\n"
          "       tutur voices                         list the voice profiles\n"
          "       tutur feed [OPTIONS] DIR             write DIR/feed.xml, a podcast feed of DIR\n"
          "\n"
          "ARTICLE is a plain-text, Markdown or HTML file, or - for standard input.\n"
          "\n"
          "Options:\n"
          "  -o, --output PATH     the output file (one article) or directory (default: out/)\n"
          "      --input-format F  read ARTICLE as text, markdown or html (default: auto)\n"
          "      --code-notice T   say T instead of a code block (\"\" says nothing)\n"
          "      --captions        also write SLUG.vtt (captions) and SLUG.chapters.vtt\n"
          "      --chapters-json   also write SLUG.chapters.json (Podcasting 2.0 chapters)\n"
          "      --transcript      also write SLUG.txt, the article as plain text\n"
          "      --split           also write SLUG/NN-CHAPTER.opus per chapter, and SLUG.m3u8\n"
          "      --mp3             also write SLUG.mp3\n"
          "      --html            also write SLUG.html, a listening page (with the captions)\n"
          "      --all             all of the above\n"
          "      --epub            also write SLUG.epub, a talking book (EPUB 3, media overlays)\n"
          "      --daisy           also write SLUG.daisy/, a DAISY 2.02 talking book\n"
          "      --cover IMAGE     embed a PNG or JPEG (at most 512 KiB) as the cover\n"
          "      --profile NAME    voice profile, by name or INI path (default: id)\n"
          "      --voice NAME      espeak-ng voice, overriding the profile's\n"
          "      --rate WPM        speaking rate in words per minute (80-450)\n"
          "      --pitch N         voice pitch (0-99)\n"
          "      --bitrate KBPS    Opus bitrate in kbit/s (6-256, default 32)\n"
          "      --complexity N    Opus encoder complexity (0-10, default 10)\n"
          "  -j, --jobs N          encode on N cores at once (default: all of them)\n"
          "      --no-cache        neither use nor fill the cache ($XDG_CACHE_HOME/tutur)\n"
          "      --strict          fail (and write nothing) when a sentence was not spoken\n"
          "      --wav             also write a WAV file beside the Opus file\n"
          "      --rules FILE      extra boilerplate rules (see voices/id/boilerplate.rules)\n"
          "      --lexicon FILE    your respellings, WRITTEN<TAB>SPOKEN a line (SPOKEN: words,\n"
          "                        [[espeak-ng phonemes]] or /IPA/)\n"
          "      --data-dir DIR    look for voice profiles and language data in DIR first\n"
          "\n"
          "Feed options (or keys of the same names in --config FILE, default DIR/feed.ini):\n"
          "      --base-url URL    where DIR is published (required)\n"
          "      --title, --description, --author, --image URL, --link URL, --language\n"
          "      --category 'News' or 'News/Politics' (Apple's list; default News)\n"
          "      --owner-name NAME, --owner-email ADDRESS (Apple and Spotify verify by it)\n"
          "      --copyright TEXT\n"
          "      --enclosure mp3|opus  the item's enclosure (default: the MP3 when there is\n"
          "                        one; the other file is a podcast:alternateEnclosure)\n"
          "      (feed.ini also takes explicit = true|false, type = episodic|serial)\n"
          "\n"
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
        {"input-format", required_argument, NULL, OPT_INPUT_FORMAT},
        {"code-notice", required_argument, NULL, OPT_CODE_NOTICE},
        {"captions", no_argument, NULL, OPT_CAPTIONS},
        {"chapters-json", no_argument, NULL, OPT_CHAPTERS_JSON},
        {"transcript", no_argument, NULL, OPT_TRANSCRIPT},
        {"split", no_argument, NULL, OPT_SPLIT},
        {"strict", no_argument, NULL, OPT_STRICT},
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
