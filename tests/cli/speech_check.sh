#!/usr/bin/env bash
# Nothing dropped (issue 16): every sentence's audio is checked against
# what its text predicts; a sentence that came out silent is reported in
# the summary, and --strict makes it an error that writes nothing.  Text
# in a writing system the voice cannot read becomes a short notice, and
# an article with nothing the voice can read is refused.
. "$(dirname "$0")/lib.sh"
ARTICLE="$SOURCE_ROOT/tests/data/publish/harga-dan-diskon.txt"
"$TUTUR" narrate -o clean.opus "$ARTICLE" 2>clean.txt || fail "first narration"
grep -q 'not spoken' clean.txt && fail "a clean narration reports: $(grep -A3 'not spoken' clean.txt)" \
    || pass "a clean narration reports nothing"

# Silence one paragraph: its cache entry keeps its cues and length, its
# samples become zeros (with a checksum that matches, as a bad synthesis
# stored and read back would be).
victim=$(find "$XDG_CACHE_HOME" -path '*segments*' -type f ! -name '.new-*' -printf '%s %p\n' | sort -n | tail -1 | cut -d' ' -f2)
python3 - "$victim" <<'PY' || fail "silencing"
import hashlib, struct, sys
path = sys.argv[1]
data = bytearray(open(path, "rb").read()[:-32])
(n_cues,) = struct.unpack_from("<q", data, 0)
at = 8 + 24 * n_cues
(n,) = struct.unpack_from("<q", data, at)
data[at + 8:at + 8 + 2 * n] = bytes(2 * n)
open(path, "wb").write(bytes(data) + hashlib.sha256(data).digest())
PY
"$TUTUR" narrate -q -o silenced.opus "$ARTICLE" 2>silenced.txt; rc=$?
[ $rc = 0 ] && grep -q 'warning: silenced.opus: [1-9][0-9]* of [0-9]* sentences not spoken' silenced.txt \
    && grep -q ': silent (0 ms for [0-9]* syllables)' silenced.txt \
    && pass "a silenced paragraph is reported: $(head -2 silenced.txt | tr '\n' ' ')" \
    || fail "silenced: rc $rc $(cat silenced.txt)"
"$TUTUR" narrate -q --strict -o strict.opus "$ARTICLE" 2>strict.txt; rc=$?
[ $rc = 1 ] && [ ! -e strict.opus ] && grep -q 'sentences not spoken as their text predicts (--strict: nothing written)' strict.txt \
    && pass "--strict makes it an error and writes nothing" || fail "--strict: rc $rc $(cat strict.txt)"

# Other writing systems: a notice instead of a minute of spelled symbols
cat >scripts.md <<'MD'
# Berita Dunia

Paragraf pertama dalam bahasa Indonesia yang biasa saja.

مرحبا بكم في هذا المقال الطويل عن الاقتصاد والسياسة في المنطقة العربية اليوم

这是一个很长的中文句子，讲述了经济和政治的发展。

Paragraf terakhir juga biasa.
MD
"$TUTUR" plan scripts.md >plan.json || fail "plan scripts.md"
python3 - plan.json <<'PY' && pass "Arabic and Han text become notices in what is said" || fail "notices: $(grep spoken plan.json)"
import json, sys
spoken = [seg["spoken"] for ch in json.load(open(sys.argv[1]))["chapters"] for seg in ch["segments"]]
assert any(s.startswith("teks beraksara Arab") for s in spoken), spoken
assert any(s.startswith("teks beraksara Tionghoa") for s in spoken), spoken
assert not any("\u0627" in s or "\u7ecf" in s for s in spoken), spoken
PY
"$TUTUR" narrate --transcript -o scripts.opus scripts.md 2>scripts.log || fail "narrate scripts.md: $(cat scripts.log)"
secs=$(ffprobe -v error -show_entries format=duration -of csv=p=0 scripts.opus)
[ "$(echo "$secs < 20" | bc)" = 1 ] && ! grep -q 'not spoken' scripts.log \
    && pass "and the narration is ${secs}s, every sentence spoken" || fail "scripts narration: ${secs}s $(cat scripts.log)"
grep -q 'الاقتصاد' scripts.txt && pass "the transcript keeps the text as written" || fail "transcript: $(cat scripts.txt)"

# Nothing the voice can read: refused
printf '# 🎉🎉\n\n😀 🚀 👍\n' >emoji.md
"$TUTUR" narrate -q -o emoji.opus emoji.md 2>stderr.txt; rc=$?
[ $rc = 1 ] && [ ! -e emoji.opus ] && grep -q 'emoji.md: nothing to read aloud' stderr.txt \
    && pass "an emoji-only article is refused: $(cat stderr.txt)" || fail "emoji: rc $rc $(cat stderr.txt)"
finish
