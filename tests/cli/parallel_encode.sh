#!/usr/bin/env bash
# Encoding one narration on several cores gives the single encoder's
# stream in all that matters: the same decoded length as the spool, the
# same chapters, opusinfo's approval, a signal-to-noise ratio within 0.5 dB,
# and no discontinuity in the silences where the chunks are joined
# (tests/tools/chunk_check.py).
. "$(dirname "$0")/lib.sh"

ARTICLE="$SOURCE_ROOT/tests/data/publish/harga-dan-diskon.txt"
"$TUTUR" narrate -q -j 1 --no-cache --wav -o single.opus "$ARTICLE" || fail "narrate -j 1 --no-cache"
"$TUTUR" narrate -q -j 1 --wav -o one.opus "$ARTICLE" || fail "narrate -j 1"
"$TUTUR" narrate -q -j 2 --wav -o two.opus "$ARTICLE" || fail "narrate -j 2"
"$TUTUR" narrate -q -j 4 -o four.opus "$ARTICLE" || fail "narrate -j 4"
# the second run takes every segment from the cache the first filled
cmp -s one.wav two.wav && pass "the same spool either way" || fail "the spools differ"
cmp -s single.wav one.wav && pass "the same spool with and without the cache" || fail "spools differ (cache)"
# chunked encoders make other bytes: proof the parallel path ran
cmp -s single.opus two.opus && fail "-j 2 made the single encoder's bytes: not encoded in chunks" \
    || pass "-j 2 encoded in chunks"
# with a cache, one core encodes the same chunks one after another (and
# keeps them): the same bytes as two cores
cmp -s one.opus two.opus && pass "-j 1 with a cache: the same chunks, the same bytes as -j 2" \
    || fail "-j 1 with a cache differs from -j 2"
for f in two.opus four.opus; do
    opusinfo -q "$f" >info.txt 2>&1 && pass "opusinfo -q accepts $f" || fail "opusinfo $f: $(cat info.txt)"
done
for f in single two four; do
    ffprobe -v error -show_chapters -of csv "$f.opus" | cut -d, -f2- >"$f.chapters"
    opusinfo "$f.opus" | grep -E 'Playback length' >"$f.length"
done
cmp -s single.chapters two.chapters && cmp -s single.chapters four.chapters \
    && pass "chapters identical" || fail "chapters differ"
cmp -s single.length two.length && cmp -s single.length four.length \
    && pass "playback length identical: $(cat single.length | tr -d '\t')" || fail "lengths differ"
/usr/bin/python3 "$SOURCE_ROOT/tests/tools/chunk_check.py" single.opus two.opus two.wav >q.txt 2>&1 \
    && pass "quality: $(tr '\n' ' ' <q.txt)" || fail "quality: $(cat q.txt)"
/usr/bin/python3 "$SOURCE_ROOT/tests/tools/chunk_check.py" single.opus four.opus two.wav >q.txt 2>&1 \
    && pass "quality with 4 encoders: $(tr '\n' ' ' <q.txt)" || fail "quality (4): $(cat q.txt)"
# Without a cache the synthesis workers share a private one in TMPDIR,
# removed when done.
mkdir -p tmp
TMPDIR="$SCRATCH/tmp" "$TUTUR" narrate -q --no-cache -j 2 -o nocache.opus "$ARTICLE" \
    && opusinfo -q nocache.opus >/dev/null || fail "narrate --no-cache -j 2"
[ -z "$(ls -A tmp)" ] && pass "no temporary files left by the workers" || fail "left in TMPDIR: $(ls -A tmp)"
finish
