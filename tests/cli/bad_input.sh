#!/usr/bin/env bash
# Bad input: one clear line on stderr naming the file and the problem, exit
# status 1 (2 for bad options), and no output file.  An existing output is
# left untouched when a run fails or is interrupted.
. "$(dirname "$0")/lib.sh"

# expect STATUS PATTERN -- ARGS...: runs tutur narrate into a fresh out/.
expect() {
    local want=$1 pattern=$2; shift 3
    rm -rf out && mkdir out
    "$TUTUR" narrate -q -o out/ "$@" >stdout.txt 2>stderr.txt
    local rc=$? lines
    lines=$(wc -l <stderr.txt)
    if [ "$rc" != "$want" ]; then fail "$*: exit $rc, expected $want ($(cat stderr.txt))"
    elif [ "$lines" != 1 ]; then fail "$*: $lines lines on stderr: $(cat stderr.txt)"
    elif ! grep -qE "$pattern" stderr.txt; then fail "$*: message '$(cat stderr.txt)' lacks /$pattern/"
    elif [ -n "$(ls -A out)" ]; then fail "$*: output left behind: $(ls -A out)"
    else pass "$* -> $(cat stderr.txt)"; fi
}

printf '' >empty.txt
printf '  \n\t\n   \n' >blank.txt
head -c 4096 "$TUTUR" >binary.txt
printf 'Judul\n\nKalimat dengan huruf \xe9 Latin-1.\n' >latin1.txt
printf 'Beranda \xc2\xbb Berita\n\nBack to top\n' >chrome-only.txt
mkdir adir

expect 1 'missing\.txt: no such file' -- missing.txt
expect 1 'adir: no articles in the folder' -- adir  # a folder is a site: this one has none
expect 1 'empty\.txt: the article is empty' -- empty.txt
expect 1 'blank\.txt: the article is empty' -- blank.txt
expect 1 'binary\.txt: not a text file' -- binary.txt
expect 1 'latin1\.txt: not valid UTF-8 \(byte 28\)' -- latin1.txt
expect 1 'chrome-only\.txt: nothing to read aloud' -- chrome-only.txt
expect 2 'rate' -- --rate fast "$MISSION"
expect 2 'rate' -- --rate 1000 "$MISSION"
expect 2 'unknown option' -- --no-such-option "$MISSION"
expect 2 'no article' --
expect 1 "voice profile 'nope' not found" -- --profile nope "$MISSION"

# A good article among bad ones is still narrated; the run fails.
rm -rf out && mkdir out
"$TUTUR" narrate -q -o out/ missing.txt "$SOURCE_ROOT/tests/data/segment/byline-first.txt" 2>stderr.txt
rc=$?
[ $rc = 1 ] && [ -s out/byline-first.opus ] && pass "batch goes on past a bad article" \
    || fail "batch: rc=$rc, $(ls out)"

# Permission problems, as an unprivileged user when the tests run as root.
as_user() {
    if [ "$(id -u)" = 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"
    else "$@"; fi
}
printf 'Judul\n\nIsi artikel.\n' >secret.txt && chmod 000 secret.txt
mkdir -p rw ro && chmod 777 rw && chmod 555 ro
as_user "$TUTUR" narrate -q -o rw/ secret.txt 2>stderr.txt; rc=$?
[ $rc = 1 ] && grep -q 'secret.txt: cannot open: Permission denied' stderr.txt && [ -z "$(ls -A rw)" ] \
    && pass "unreadable file -> $(cat stderr.txt)" || fail "unreadable: rc=$rc $(cat stderr.txt)"
cp "$SOURCE_ROOT/tests/data/segment/byline-first.txt" ok.txt && chmod 644 ok.txt
as_user "$TUTUR" narrate -q -o ro/ ok.txt 2>stderr.txt; rc=$?
[ $rc = 1 ] && grep -q 'ro/: cannot write in this directory: Permission denied' stderr.txt \
    && [ -z "$(ls -A ro)" ] && pass "unwritable directory -> $(cat stderr.txt)" \
    || fail "unwritable: rc=$rc $(cat stderr.txt)"

# An existing output survives a failing run (the voice fails after the
# output was opened) and an interrupted one (SIGINT mid-way).
rm -rf out && mkdir out && echo "earlier narration" >out/ok.opus
"$TUTUR" narrate -q -o out/ --voice no-such-espeak-voice ok.txt 2>stderr.txt; rc=$?
[ $rc = 1 ] && grep -q "espeak-ng voice 'no-such-espeak-voice' not found" stderr.txt \
    && [ "$(cat out/ok.opus)" = "earlier narration" ] && [ "$(ls -A out)" = ok.opus ] \
    && pass "failed run leaves the earlier output" || fail "failed run: rc=$rc $(cat stderr.txt); $(ls -A out)"
for i in 1 2 3 4 5 6; do cat "$MISSION"; done >long.txt
echo "earlier narration" >out/long.opus
"$TUTUR" narrate -q -o out/ long.txt 2>stderr.txt & pid=$!
sleep 1.5; kill -INT $pid; wait $pid; rc=$?
[ $rc = 130 ] && [ "$(cat out/long.opus)" = "earlier narration" ] && [ -z "$(ls -A out | grep '^\.')" ] \
    && pass "interrupted run leaves the earlier output (exit 130)" \
    || fail "interrupt: rc=$rc $(cat stderr.txt); $(ls -A out)"
# A FIFO named .opus in a published folder: an error naming it, not a hang.
mkdir -p fifo-feed && mkfifo fifo-feed/x.opus
timeout 20 "$TUTUR" feed --base-url https://example.org/ fifo-feed 2>stderr.txt; rc=$?
[ $rc = 1 ] && grep -q 'x.opus: not a regular file' stderr.txt \
    && pass "a FIFO in a feed folder -> $(cat stderr.txt)" || fail "FIFO feed: rc=$rc $(cat stderr.txt)"
# Settings that name a missing file, a directory or a FIFO are errors,
# never silently ignored (issue 16).
printf 'Judul\n\nIsi artikel yang pendek.\n' >short.txt
mkdir -p adir && mkfifo afifo
grep -v '^lexicon' "$SOURCE_ROOT/voices/id.ini" >good.ini
{ cat good.ini; } | sed 's/^\[profile\]$/[profile]\nlexicon = nothere.tsv/' >nolex.ini
sed 's/^language *=.*/language = ../' good.ini >dotdot.ini
grep -q '^language' dotdot.ini || sed -i 's/^\[profile\]$/[profile]\nlanguage = ../' dotdot.ini
config_case() { # WHAT EXPECTED-MESSAGE ARGS...
    local what=$1 want=$2
    shift 2
    timeout 20 "$TUTUR" plan "$@" short.txt >/dev/null 2>stderr.txt; local rc=$?
    [ $rc = 1 ] && grep -q -- "$want" stderr.txt && pass "$what -> $(cat stderr.txt)" \
        || fail "$what: rc=$rc $(cat stderr.txt)"
}
config_case "a missing --lexicon" "nothere.tsv: cannot open the lexicon: No such file" --lexicon nothere.tsv
config_case "a directory as --lexicon" "adir: the lexicon is a directory, not a file" --lexicon adir
config_case "a FIFO as --lexicon" "afifo: the lexicon is not a regular file" --lexicon afifo
config_case "a directory as --rules" "adir: the rules file is a directory, not a file" --rules adir
config_case "a directory as --profile" "adir/: the voice profile is a directory, not a file" --profile adir/
config_case "a profile's missing lexicon" "nothere.tsv: cannot open the lexicon" --profile ./nolex.ini
config_case "language = .. in a profile" "language '..' is not a language tag" --profile ./dotdot.ini
# feed.ini goes into XML: invalid UTF-8 or a control character is an
# error naming the line, never written raw into feed.xml.
mkdir -p badfeed && printf '[feed]\nbase_url = https://example.org/\ntitle = Kabar \xff\xfe Kota\n' >badfeed/feed.ini
"$TUTUR" feed badfeed 2>stderr.txt; rc=$?
[ $rc = 1 ] && grep -q 'feed.ini:3: title: not valid UTF-8' stderr.txt && [ ! -e badfeed/feed.xml ] \
    && pass "invalid UTF-8 in feed.ini -> $(cat stderr.txt)" || fail "feed.ini UTF-8: rc=$rc $(cat stderr.txt)"
mkdir -p emptyfeed
"$TUTUR" feed --base-url https://example.org/ --title "$(printf 'Kabar\aKota')" emptyfeed 2>stderr.txt; rc=$?
[ $rc != 0 ] && grep -q 'title: a control character' stderr.txt && [ ! -e emptyfeed/feed.xml ] \
    && pass "a control character in --title -> $(cat stderr.txt)" || fail "--title BEL: rc=$rc $(cat stderr.txt)"
# A full disk under the spool says so (not "cancelled"): a file size
# limit stands in for the full disk (SIGXFSZ ignored, so writes fail).
rm -rf full && mkdir full
(trap '' XFSZ; ulimit -f 1000; exec "$TUTUR" narrate -q --no-cache -j 1 -o full/ "$MISSION") 2>stderr.txt; rc=$?
[ $rc = 1 ] && tail -1 stderr.txt | grep -q 'cannot write the audio spool: File too large' \
    && ! grep -q cancelled stderr.txt && [ -z "$(ls -A full)" ] \
    && pass "a full spool -> $(tail -1 stderr.txt)" || fail "full spool: rc=$rc $(cat stderr.txt)"
finish
