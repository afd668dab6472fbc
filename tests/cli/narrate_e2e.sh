#!/usr/bin/env bash
# End to end: narrate the mission article, then check the file as players
# see it: opusinfo accepts it, ffprobe lists the ten chapters in order, the
# comments carry the metadata, and the audio is silent just before every
# chapter mark and speaks just after it.
. "$(dirname "$0")/lib.sh"

"$TUTUR" narrate -q -o out/ "$MISSION" 2>err.txt || fail "narrate exited $?: $(cat err.txt)"
f=out/memperkuat-hubungan-dengan-mitra-internasional.opus
[ -s "$f" ] || { fail "no $f"; finish; }
ls -A out | grep -q '^\.' && fail "temporary files left in out/: $(ls -A out)"

# An article without a date: the file's time, with its zone, said in the
# summary and written as DATE.
cp "$MISSION" undated.txt && touch -d "2024-05-01 08:30:00 UTC" undated.txt
TZ=UTC-7 "$TUTUR" narrate --no-cache -o dated/ undated.txt 2>summary.txt
grep -q "date .*none in the article: the file's time, 2024-05-01T15:30:00+07:00" summary.txt \
    && opusinfo dated/undated.opus | grep -qx $'\tDATE=2024-05-01T15:30:00+07:00' \
    && pass "no date in the article: the file's time and zone, said in the summary" \
    || fail "fallback date: $(grep -i date summary.txt)"

opusinfo -q "$f" >opusinfo.txt 2>&1 && pass "opusinfo -q accepts the file" \
    || fail "opusinfo -q: $(cat opusinfo.txt)"

ffprobe -v error -show_chapters -of json "$f" >chapters.json || fail "ffprobe failed"
cat >want.txt <<'TITLES'
Memperkuat Hubungan dengan Mitra Internasional
Pedahuluan
1. Pentingnya Hubungan Internasional di Era Globalisasi
2. Kunjungan Diplomatik: Simbol Persahabatan dan Komitmen
3. Perjanjian Ekonomi: Memperkuat Kerja Sama di Sektor Perdagangan dan Investasi
4. Kolaborasi di Isu Global: Perubahan Iklim, Kesehatan, dan Keamanan
5. Hubungan Budaya dan Pendidikan: Membangun Pemahaman yang Lebih Mendalam
6. Tantangan dalam Memperkuat Hubungan Internasional
7. Masa Depan Hubungan Internasional: Menuju Dunia yang Lebih Terhubung
Kesimpulan
TITLES
python3 -c 'import json,sys; [print(c["tags"]["title"]) for c in json.load(open("chapters.json"))["chapters"]]' >got.txt
diff want.txt got.txt >/dev/null && pass "10 chapters in order" || fail "chapters differ: $(diff want.txt got.txt)"
python3 - "$f" <<'PY' || fail "chapter times"
import json, sys
ch = json.load(open("chapters.json"))["chapters"]
assert float(ch[0]["start_time"]) == 0.0, "first chapter not at 0"
starts = [float(c["start_time"]) for c in ch]
assert starts == sorted(starts) and len(set(starts)) == len(starts), "chapter times not increasing"
PY

# The raw comments: three millisecond digits, numbered from 000, metadata.
ffprobe -v error -show_entries stream_tags -of json "$f" >tags.json
python3 - <<'PY' || fail "comments"
import json, re
tags = {k.upper(): v for k, v in json.load(open("tags.json"))["streams"][0]["tags"].items()}
for key in ("TITLE", "ARTIST", "DATE", "LANGUAGE", "ENCODER"):
    assert key in tags, f"no {key}"
assert tags["ARTIST"] == "Ron Lee", tags["ARTIST"]
assert tags["LANGUAGE"] == "id"
# the file's time with its zone: the mission article gives no date
assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}", tags["DATE"]), tags["DATE"]
PY
opusinfo "$f" | grep -E 'CHAPTER[0-9]{3}=' >marks.txt
grep -qx $'\tCHAPTER000=00:00:00.000' marks.txt || fail "CHAPTER000 is not 00:00:00.000"
[ "$(grep -cE '=[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}$' marks.txt)" = 10 ] \
    && pass "10 chapter times with three millisecond digits" || fail "chapter time format: $(cat marks.txt)"

python3 "$SOURCE_ROOT/tests/tools/audio_check.py" "$f" >audio.txt \
    && pass "silence before and speech after every chapter mark" \
    || fail "audio around chapter marks: $(cat audio.txt)"
cat audio.txt

# Duration: the decoded length equals the timeline (within one 48 kHz
# sample per rate conversion), so every sink can trust it.
dur=$(opusinfo "$f" | sed -n 's/.*Playback length: \([0-9]*\)m:\([0-9.]*\)s.*/\1 \2/p')
[ -n "$dur" ] && pass "playback length $dur" || fail "no playback length"

# --wav writes the same spool as WAV: same duration as the Opus file.
"$TUTUR" narrate -q --wav -o both.opus "$SOURCE_ROOT/tests/data/segment/byline-first.txt" || fail "--wav"
python3 - <<'PY' || fail "wav and opus durations differ"
import subprocess, wave
w = wave.open("both.wav"); wav_s = w.getnframes() / w.getframerate()
out = subprocess.run(["opusinfo", "both.opus"], capture_output=True, text=True).stdout
import re
m = re.search(r"Playback length: (\d+)m:([\d.]+)s", out)
opus_s = int(m.group(1)) * 60 + float(m.group(2))
assert abs(opus_s - wav_s) < 0.002, (opus_s, wav_s)
print(f"wav {wav_s:.4f}s opus {opus_s:.4f}s")
PY
finish
