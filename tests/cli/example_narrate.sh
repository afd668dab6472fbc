#!/usr/bin/env bash
# The library's narration job as another program uses it: examples/narrate.c
# narrates in five calls and writes the same bytes as `tutur narrate` with
# the same options; the writer callbacks (here through -o -) deliver the
# same narration as the file.
. "$(dirname "$0")/lib.sh"
: "${EXAMPLE_NARRATE:?EXAMPLE_NARRATE must name the example program}"
src="$SOURCE_ROOT/examples/narrate.c"
# every call into the library, but the message read on failure
calls=$(grep -o 'tutur_[a-z_]*(' "$src" | grep -v '^tutur_ctx_message(' | wc -l)
[ "$calls" -le 5 ] && pass "the example makes $calls library calls" \
    || fail "the example makes $calls calls: $(grep -o 'tutur_[a-z_]*(' "$src" | tr '\n' ' ')"
md="$SOURCE_ROOT/tests/data/publish/harga-dan-diskon.txt"
for article in "$MISSION" "$md"; do
    name=$(basename "$article")
    rm -rf cli ex
    # each with a cache of its own, empty (cached chunks are the same bytes
    # as encoded ones: tests/cli/cache.sh)
    XDG_CACHE_HOME="$SCRATCH/cache-cli-$name" "$TUTUR" narrate --quiet --captions --chapters-json -o cli/ "$article" 2>cli.log \
        || fail "$name: tutur narrate: $(cat cli.log)"
    XDG_CACHE_HOME="$SCRATCH/cache-ex-$name" "$EXAMPLE_NARRATE" "$article" ex 2>ex.log || fail "$name: the example: $(cat ex.log)"
    [ "$(ls cli)" = "$(ls ex)" ] && [ -n "$(ls ex)" ] && pass "$name: the same files: $(ls ex | tr '\n' ' ')" \
        || fail "$name: files: $(ls cli | tr '\n' ' ') against $(ls ex | tr '\n' ' ')"
    for f in cli/*; do
        cmp -s "$f" "ex/${f#cli/}" || fail "$name: ${f#cli/} differs"
    done
    [ $failures = 0 ] && pass "$name: every file is byte for byte the same"
done
# writer callbacks: the narration streamed to a pipe is the file's bytes
XDG_CACHE_HOME="$SCRATCH/cache-pipe" "$TUTUR" narrate --quiet -o - "$md" >piped.opus 2>pipe.log || fail "-o -: $(cat pipe.log)"
stem=$(basename "$md" .txt)
cmp -s piped.opus "cli/$stem.opus" && pass "the writer delivers the narration's bytes ($(stat -c %s piped.opus) bytes)" \
    || fail "-o - differs from the file: $(stat -c %s piped.opus cli/$stem.opus | tr '\n' ' ')"
# a failure is one message and no output
mkdir bad && printf '\x00\x01binary' >bad/x.txt
"$EXAMPLE_NARRATE" bad/x.txt exbad 2>bad.log; rc=$?
[ $rc = 1 ] && [ "$(wc -l <bad.log)" = 1 ] && grep -q 'x.txt' bad.log && [ -z "$(ls exbad 2>/dev/null)" ] \
    && pass "a bad article: $(cat bad.log)" || fail "bad article: rc $rc, $(cat bad.log), $(ls exbad 2>/dev/null)"
finish
