#!/usr/bin/env bash
# Encoding one narration on several cores gives the single encoder's
# stream in all that matters: the same decoded length as the spool, the
# same chapters, opusinfo's approval, a signal-to-noise ratio within 0.5 dB,
# and no discontinuity in the silences where the chunks are joined
# (tests/tools/chunk_check.py).
. "$(dirname "$0")/lib.sh"

ARTICLE="$SOURCE_ROOT/tests/data/publish/harga-dan-diskon.txt"
"$TUTUR" narrate -q -j 1 --wav -o one.opus "$ARTICLE" || fail "narrate -j 1"
"$TUTUR" narrate -q -j 2 --wav -o two.opus "$ARTICLE" || fail "narrate -j 2"
"$TUTUR" narrate -q -j 4 -o four.opus "$ARTICLE" || fail "narrate -j 4"
# the second run takes every segment from the cache the first filled
cmp -s one.wav two.wav && pass "the same spool either way" || fail "the spools differ"
# chunked encoders make other bytes: proof the parallel path ran
cmp -s one.opus two.opus && fail "-j 2 made the single encoder's bytes: not encoded in chunks" \
    || pass "-j 2 encoded in chunks"
for f in two.opus four.opus; do
    opusinfo -q "$f" >info.txt 2>&1 && pass "opusinfo -q accepts $f" || fail "opusinfo $f: $(cat info.txt)"
done
for f in one two four; do
    ffprobe -v error -show_chapters -of csv "$f.opus" | cut -d, -f2- >"$f.chapters"
    opusinfo "$f.opus" | grep -E 'Playback length' >"$f.length"
done
cmp -s one.chapters two.chapters && cmp -s one.chapters four.chapters \
    && pass "chapters identical" || fail "chapters differ"
cmp -s one.length two.length && cmp -s one.length four.length \
    && pass "playback length identical: $(cat one.length | tr -d '\t')" || fail "lengths differ"
/usr/bin/python3 "$SOURCE_ROOT/tests/tools/chunk_check.py" one.opus two.opus two.wav >q.txt 2>&1 \
    && pass "quality: $(tr '\n' ' ' <q.txt)" || fail "quality: $(cat q.txt)"
/usr/bin/python3 "$SOURCE_ROOT/tests/tools/chunk_check.py" one.opus four.opus two.wav >q.txt 2>&1 \
    && pass "quality with 4 encoders: $(tr '\n' ' ' <q.txt)" || fail "quality (4): $(cat q.txt)"
# Without a cache the synthesis workers share a private one in TMPDIR,
# removed when done.
mkdir -p tmp
TMPDIR="$SCRATCH/tmp" "$TUTUR" narrate -q --no-cache -j 2 -o nocache.opus "$ARTICLE" \
    && opusinfo -q nocache.opus >/dev/null || fail "narrate --no-cache -j 2"
[ -z "$(ls -A tmp)" ] && pass "no temporary files left by the workers" || fail "left in TMPDIR: $(ls -A tmp)"
finish
