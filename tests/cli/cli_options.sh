#!/usr/bin/env bash
# The command line: help, version, voices, output naming, overrides.
. "$(dirname "$0")/lib.sh"

"$TUTUR" --help >help.txt && grep -q 'tutur narrate' help.txt && pass "--help" || fail "--help"
"$TUTUR" --version | grep -qE '^tutur [0-9]+\.[0-9]+\.[0-9]+$' && pass "--version" || fail "--version"
"$TUTUR" voices >voices.txt || fail "voices exited $?"
grep -qE '^id +id +espeak-ng voice id' voices.txt && grep -q '^id-lambat ' voices.txt \
    && pass "voices lists the profiles" || fail "voices: $(cat voices.txt)"
"$TUTUR" 2>err.txt; [ $? = 2 ] && pass "no command -> 2" || fail "no command"
"$TUTUR" frobnicate 2>err.txt; [ $? = 2 ] && grep -q "unknown command 'frobnicate'" err.txt \
    && pass "unknown command -> 2" || fail "unknown command"

A="$SOURCE_ROOT/tests/data/segment/byline-first.txt"
# -o FILE names the output; standard input is named after its title.
"$TUTUR" narrate -q -o named.opus "$A" && [ -s named.opus ] && pass "-o FILE" || fail "-o FILE"
"$TUTUR" narrate -q -o dir/ - <"$A" && [ -s dir/menanam-cabai-di-pekarangan-rumah.opus ] \
    && pass "standard input is named by its title" || fail "stdin naming: $(ls dir)"
# Overrides reach the file: bitrate shows in the average bitrate, the rate
# in the duration (a faster voice is shorter).
"$TUTUR" narrate -q --bitrate 16 --rate 250 -o fast.opus "$A" || fail "overrides"
python3 - <<'PY' && pass "--bitrate and --rate take effect" || fail "--bitrate/--rate"
import re, subprocess
def info(f):
    out = subprocess.run(["opusinfo", f], capture_output=True, text=True).stdout
    m = re.search(r"Playback length: (\d+)m:([\d.]+)s", out)
    b = re.search(r"Average bitrate: ([\d.]+) kbit/s", out)
    return int(m.group(1)) * 60 + float(m.group(2)), float(b.group(1))
slow_len, slow_rate = info("named.opus")
fast_len, fast_rate = info("fast.opus")
assert fast_len < slow_len * 0.85, (fast_len, slow_len)
assert fast_rate < slow_rate * 0.75, (fast_rate, slow_rate)
PY
# A user lexicon overrides the lists; an entry may give espeak-ng phonemes.
printf 'online\tdaring\nMangga\t[[maNg@]]\n' >mine.tsv
out=$("$TUTUR" normalize --lexicon mine.tsv "Belanja online harga mangga 5%")
[ "$out" = "Belanja daring harga [[maNg@]] lima persen" ] && pass "--lexicon: $out" || fail "--lexicon: $out"
"$TUTUR" narrate -q --lexicon mine.tsv -o lex.opus "$A" && opusinfo -q lex.opus >/dev/null \
    && pass "narration with a phoneme lexicon" || fail "narration with a phoneme lexicon"
printf 'no tab here\n' >broken.tsv
"$TUTUR" normalize --lexicon broken.tsv "x" 2>err.txt; rc=$?
[ $rc = 1 ] && grep -q 'broken.tsv:1: expected WRITTEN<TAB>SPOKEN' err.txt \
    && pass "a broken lexicon is reported with its line" || fail "broken lexicon: rc=$rc $(cat err.txt)"
# The dateline of an article becomes its DATE, with its time in WIB; it is
# not read aloud.
"$TUTUR" narrate -q -o dated.opus "$SOURCE_ROOT/tests/data/segment/news-scrape.txt" || fail "dated"
ffprobe -v error -show_entries stream_tags=DATE -of default=nw=1:nk=1 dated.opus | grep -qx 2024-08-12T10:15:00+07:00 \
    && pass "DATE from the dateline" || fail "DATE: $(ffprobe -v error -show_entries stream_tags -of compact dated.opus)"
# A batch reports articles done, audio made and the time left.
printf 'Catatan Pendek\n\nIni catatan pertama.\n' >satu.txt
printf 'Catatan Lain\n\nIni catatan kedua.\n' >dua.txt
"$TUTUR" narrate -o batch/ satu.txt dua.txt 2>batch.txt
grep -qE '^\[1/2\] [0-9:.]+ of audio; about [0-9]+ (s|min) left$' batch.txt \
    && grep -qE '^\[2/2\] [0-9:.]+ of audio in [0-9]+ s$' batch.txt \
    && pass "batch progress: $(grep '^\[' batch.txt | tr '\n' ' ')" || fail "batch progress: $(cat batch.txt)"
# Empty paths are usage errors, never read before their first byte; a feed
# of an empty folder has no items (UBSan, in the sanitized run, once caught
# qsort being given no array).
"$TUTUR" narrate -o "" "$MISSION" 2>err.txt; rc=$?
[ $rc = 2 ] && [ "$(wc -l <err.txt)" = 1 ] && pass "-o \"\": $(cat err.txt)" || fail "-o empty: rc $rc $(cat err.txt)"
"$TUTUR" feed "" 2>err.txt; rc=$?
[ $rc = 2 ] && [ "$(wc -l <err.txt)" = 1 ] && pass "feed \"\": $(cat err.txt)" || fail "feed empty: rc $rc $(cat err.txt)"
mkdir -p empty-folder
"$TUTUR" feed -q --base-url https://contoh.id/ empty-folder 2>err.txt && grep -q '<channel>' empty-folder/feed.xml \
    && ! grep -q '<item>' empty-folder/feed.xml && pass "a feed of an empty folder has no items" \
    || fail "empty folder feed: $(cat err.txt)"
# -o names the Opus narration: a name another output would take is a
# usage error before any work, not an MP3 or a transcript silently lost.
for o in "x.mp3 --mp3" "x.txt --transcript" "x.html"; do
    rm -rf named && mkdir named
    read -r name flag <<<"$o"
    "$TUTUR" narrate -q -o "named/$name" $flag "$SOURCE_ROOT/tests/data/segment/byline-first.txt" 2>stderr.txt; rc=$?
    [ $rc = 2 ] && grep -q "the narration is Ogg Opus: name it NAME.opus" stderr.txt && [ -z "$(ls -A named)" ] \
        && pass "-o $o -> $(cat stderr.txt)" || fail "-o $o: rc=$rc $(cat stderr.txt); $(ls -A named)"
done
# More chapters than an Opus file can mark: said before the long work
# (the narration itself is not needed: it is stopped once warned).
{ echo "# Buku Besar"; echo; echo "Pembuka."; for i in $(seq 1 1000); do printf '\n## Bab %d\n' "$i"; done; } >many.md
"$TUTUR" narrate -q -o many/ many.md 2>many.txt &
pid=$!
for _ in $(seq 1 100); do grep -q warning many.txt && break; sleep 0.2; done
kill -INT $pid 2>/dev/null; wait $pid
grep -q 'warning: many.md: 1001 chapters; the Opus file marks the first 1000' many.txt \
    && pass "1001 chapters -> $(head -1 many.txt)" || fail "no chapter-count warning: $(cat many.txt)"
# An option of another command is a usage error; each command's help
# lists its own options.
"$TUTUR" voices --mp3 >/dev/null 2>stderr.txt; rc=$?
[ $rc = 2 ] && grep -q "tutur: --mp3 does not belong to 'tutur voices'" stderr.txt \
    && pass "voices --mp3 -> $(cat stderr.txt)" || fail "voices --mp3: rc=$rc $(cat stderr.txt)"
"$TUTUR" plan --base-url https://x.id/ "$MISSION" >/dev/null 2>stderr.txt; rc=$?
[ $rc = 2 ] && grep -q "tutur: --base-url does not belong to 'tutur plan'" stderr.txt \
    && pass "plan --base-url -> $(cat stderr.txt)" || fail "plan --base-url: rc=$rc $(cat stderr.txt)"
"$TUTUR" read --help >help.txt; rc=$?
[ $rc = 0 ] && grep -q -- '--explain' help.txt && ! grep -q -- '--mp3' help.txt && grep -q '^Usage: tutur read' help.txt \
    && pass "read --help lists read's options only" || fail "read --help: $(cat help.txt)"
"$TUTUR" narrate --help >help.txt
grep -q -- '--mp3' help.txt && ! grep -q -- '--base-url' help.txt && ! grep -q -- '--explain' help.txt \
    && pass "narrate --help lists narrate's options only" || fail "narrate --help: $(cat help.txt)"
"$TUTUR" feed --help | grep -q -- '--owner-email' && pass "feed --help lists the feed settings" || fail "feed --help"
# An installed tutur never reads the build's source tree, and with no
# voice data anywhere, `tutur voices` says where it looked.
cp "$TUTUR" ./tutur-elsewhere
env -u TUTUR_DATA_DIR HOME=/nonexistent XDG_DATA_HOME= XDG_DATA_DIRS="$SCRATCH/none" ./tutur-elsewhere voices >out.txt 2>stderr.txt; rc=$?
if [ -d /usr/local/share/tutur/voices ]; then
    pass "(an installed tutur's data exists here: the no-data case is not checked)"
else
    [ $rc = 1 ] && [ ! -s out.txt ] && grep -q "no voice profiles found; looked in /nonexistent/.local/share/tutur/voices, $SCRATCH/none/tutur/voices" stderr.txt \
        && pass "voices without data -> $(cat stderr.txt)" || fail "voices without data: rc=$rc $(cat out.txt stderr.txt)"
fi
# -o -: the one narration to standard output, for pipes
export TMPDIR="$SCRATCH/tmp-stdout" && mkdir -p "$TMPDIR"
ART="$SOURCE_ROOT/tests/data/segment/byline-first.txt"
"$TUTUR" narrate -q -o - "$ART" >piped.opus 2>stderr.txt; rc=$?
[ $rc = 0 ] && opusinfo piped.opus >info.txt 2>&1 && grep -q CHAPTER000 info.txt && [ -z "$(ls -A "$TMPDIR")" ] \
    && pass "-o - writes the Ogg Opus narration to standard output ($(stat -c %s piped.opus) bytes)" \
    || fail "-o -: rc=$rc $(cat stderr.txt) $(ls -A "$TMPDIR")"
"$TUTUR" narrate -q -o - --format mp3 "$ART" | ffprobe -v error -show_entries format=format_name -of csv=p=0 - >fmt.txt 2>&1
[ "$(cat fmt.txt)" = mp3 ] && pass "-o - --format mp3 writes an MP3" || fail "-o - --format mp3: $(cat fmt.txt)"
"$TUTUR" narrate -q -o - --captions "$ART" >/dev/null 2>stderr.txt; rc=$?
[ $rc = 2 ] && grep -q 'only the narration goes to standard output' stderr.txt \
    && pass "-o - --captions -> $(cat stderr.txt)" || fail "-o - --captions: rc=$rc $(cat stderr.txt)"
"$TUTUR" narrate -q -o - "$ART" "$ART" >/dev/null 2>stderr.txt; rc=$?
[ $rc = 2 ] && grep -q 'give exactly one article' stderr.txt && pass "-o - with two articles -> $(cat stderr.txt)" \
    || fail "-o - two articles: rc=$rc $(cat stderr.txt)"
unset TMPDIR
finish
