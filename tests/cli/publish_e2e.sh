#!/usr/bin/env bash
# Publishing, end to end: `tutur narrate --all --cover` on the mission
# article and on an article whose title needs escaping everywhere, checked
# by the tools their users have (tests/tools/publish_check.py: opusinfo,
# ffprobe, ffmpeg ebur128, the W3C WebVTT parser); then `tutur feed` over
# both, checked with xmllint, Python's feedparser and podcast-partytime.
. "$(dirname "$0")/lib.sh"
TOOLS="$SOURCE_ROOT/tests/tools"
HARGA="$SOURCE_ROOT/tests/data/publish/harga-dan-diskon.txt"
export NODE_PATH="$TOOLS/node_modules"

ffmpeg -v error -f lavfi -i color=c=navy:s=1400x1400 -frames:v 1 cover.png || fail "cannot make a cover"

for article in "$MISSION" "$HARGA"; do
    slug=$(basename "$article" .txt)
    "$TUTUR" narrate -q --all --cover cover.png -o out/ "$article" 2>err.txt \
        || fail "narrate --all $slug exited $?: $(cat err.txt)"
    "$TUTUR" plan "$article" >"$slug.plan.json" || fail "plan $slug"
    for ext in opus mp3 vtt chapters.vtt chapters.json txt m3u8; do
        [ -s "out/$slug.$ext" ] || fail "no out/$slug.$ext"
    done
    python3 "$TOOLS/publish_check.py" out "$slug" "$slug.plan.json" -19 >check.txt 2>&1 \
        && pass "$slug: every output checks out" || fail "$slug: $(cat check.txt)"
    cat check.txt
    # The cover is a front-cover picture after the chapter comments.
    opusinfo "out/$slug.opus" >info.txt
    last_chapter=$(grep -n 'CHAPTER[0-9]*NAME=' info.txt | tail -1 | cut -d: -f1)
    picture=$(grep -n 'METADATA_BLOCK_PICTURE' info.txt | cut -d: -f1)
    [ -n "$picture" ] && [ "$picture" -gt "$last_chapter" ] \
        && pass "$slug: cover after the chapters" || fail "$slug: cover missing or before chapters"
    grep -qE '^\s*R128_TRACK_GAIN=-?[0-9]+$' info.txt \
        && pass "$slug: R128_TRACK_GAIN is a bare Q7.8 integer" || fail "$slug: R128_TRACK_GAIN"
    # The MP3 as podcast apps read it: chapters (mutagen, eyeD3, ffprobe),
    # date, comment, cover, exact length, and the same sound at every
    # chapter start as the Opus file (tests/tools/mp3_check.py).
    /usr/bin/python3 "$TOOLS/mp3_check.py" out "$slug" --cover >mp3check.txt 2>&1 \
        && pass "$slug: MP3 chapters, tags and timing" || fail "$slug: MP3: $(grep FAIL mp3check.txt)"
    cat mp3check.txt
    ffprobe -v error -show_entries stream=codec_name:stream_disposition=attached_pic -of csv \
        "out/$slug.opus" | grep -q 'png,.*1' && pass "$slug: ffprobe sees the cover" \
        || fail "$slug: ffprobe does not see the cover"
done
ls -A out | grep -q '^\.' && fail "temporary files left in out/"

# MP3 tags survive.
ffprobe -v error -show_entries format_tags=title,artist -of json out/harga-dan-diskon.mp3 >mp3.json
python3 - <<'PY' || fail "MP3 tags"
import json
t = json.load(open("mp3.json"))["format"]["tags"]
assert t["title"] == 'Harga & "Diskon" <Spesial>: Belanja Cerdas di Jakarta', t
assert t["artist"] == "Siti Nurhaliza & Tim", t
PY

# A light edit keeps the gain (the voice's calibrated one), so unchanged
# passages keep their samples.
sed 's/selalu ramai/selalu sangat ramai/' "$HARGA" >edited.txt
for f in "$HARGA" edited.txt; do
    "$TUTUR" narrate -o gain/ "$f" 2>&1 | grep -o 'gain [-+][0-9.]* dB'
done >gains.txt
[ "$(sort -u gains.txt | wc -l)" = 1 ] && pass "an edit keeps the gain: $(head -1 gains.txt)" \
    || fail "gain changed with a light edit: $(tr '\n' ' ' <gains.txt)"

# The feed over both narrations.
title='Narasi & <Kabar> "Pilihan" — Jakarta'
cp cover.png out/cover.png
"$TUTUR" feed -q --base-url "https://contoh.id/narasi/" --title "$title" --author "Tim Redaksi" \
    --owner-email redaksi@contoh.id --category "News/Politics" out 2>err.txt \
    || fail "feed exited $?: $(cat err.txt)"
xmllint --noout --nonet out/feed.xml && pass "xmllint accepts the feed" || fail "xmllint"
/usr/bin/python3 - "$title" <<'PY' && pass "feedparser: no bozo, enclosures, titles" || fail "feedparser"
import feedparser, os, sys, uuid
d = feedparser.parse("out/feed.xml")
assert not d.bozo, d.bozo_exception
assert d.feed.title == sys.argv[1], d.feed.title
want_guid = str(uuid.uuid5(uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"), "contoh.id/narasi/feed.xml"))
assert d.feed.get("podcast_guid") == want_guid, (d.feed.get("podcast_guid"), want_guid)
titles = {e.title for e in d.entries}
assert titles == {"Memperkuat Hubungan dengan Mitra Internasional",
                  'Harga & "Diskon" <Spesial>: Belanja Cerdas di Jakarta'}, titles
for e in d.entries:
    enc = e.enclosures[0]
    name = enc.href.rsplit("/", 1)[1]
    assert int(enc.length) == os.path.getsize("out/" + name), (enc.length, name)
    assert enc.type == "audio/mpeg", enc.type
    assert e.get("itunes_duration"), e
    assert e.id and e.published
PY
/usr/bin/python3 - <<'PY' && pass "podcastparser (gPodder): MP3 enclosures, durations, links, chapter lines" || fail "podcastparser"
import os, podcastparser
f = podcastparser.parse("https://contoh.id/narasi/feed.xml", open("out/feed.xml", "rb"))
assert len(f["episodes"]) == 2, f
for e in f["episodes"]:
    enc = e["enclosures"][0]
    assert enc["mime_type"] == "audio/mpeg", enc
    assert enc["file_size"] == os.path.getsize("out/" + enc["url"].rsplit("/", 1)[1]), enc
    assert e["total_time"] > 0 and e["link"].startswith("https://contoh.id/narasi/"), e
    assert "\n00:00:00 " in e["description"], e["description"]
PY
/usr/bin/python3 "$TOOLS/apple_feed_check.py" out/feed.xml out >apple.txt 2>&1 \
    && pass "Apple's feed requirements: $(tail -1 apple.txt)" || fail "Apple's requirements: $(cat apple.txt)"
# The checker has teeth: a feed with an Opus enclosure and no owner fails it.
"$TUTUR" feed -q --base-url "https://contoh.id/narasi/" --enclosure opus -o opus-feed.xml out
/usr/bin/python3 "$TOOLS/apple_feed_check.py" opus-feed.xml out >apple2.txt 2>&1 \
    && fail "the Apple checker accepted an Opus enclosure" \
    || { grep -q "enclosure type audio/ogg" apple2.txt && grep -q "owner" apple2.txt \
         && pass "the Apple checker refuses an Opus enclosure and a missing owner"; } \
    || fail "Apple checker: $(cat apple2.txt)"
grep -q '<podcast:alternateEnclosure type="audio/mpeg"[^>]*codecs="mp3"' opus-feed.xml \
    && pass "--enclosure opus: the MP3 is the alternate" || fail "--enclosure opus"
node "$TOOLS/feed_check.js" out/feed.xml >partytime.txt 2>&1 \
    && pass "podcast-partytime finds the guid, chapters and transcripts" \
    || fail "partytime: $(cat partytime.txt)"

# The same directory gives the same feed.
cp out/feed.xml feed1.xml
"$TUTUR" feed -q --base-url "https://contoh.id/narasi/" --title "$title" --author "Tim Redaksi" \
    --owner-email redaksi@contoh.id --category "News/Politics" out
cmp -s feed1.xml out/feed.xml && pass "feed is reproducible" || fail "feed changed on a rerun"

# Bad covers are refused before any work, with no output.
printf 'not a picture' >cover.txt
head -c 600000 /dev/urandom | cat cover.png - >big.png
# ... and so are pictures that only look right: a PNG cut short, a JPEG
# whose signature is followed by noise (issue 16: decoded, not sniffed)
head -c "$(($(stat -c %s cover.png) / 2))" cover.png >truncated.png
ffmpeg -v error -f lavfi -i color=c=teal:s=1400x1400 -frames:v 1 whole.jpg || fail "cannot make a JPEG"
head -c 400 whole.jpg >fake.jpg && head -c 3000 /dev/urandom >>fake.jpg
for bad in cover.txt big.png missing.png truncated.png fake.jpg; do
    rm -rf bad && mkdir bad
    "$TUTUR" narrate -q --cover "$bad" -o bad/ "$HARGA" 2>err.txt
    rc=$?
    [ "$rc" = 1 ] && [ "$(wc -l <err.txt)" = 1 ] && grep -q "$bad" err.txt && [ -z "$(ls -A bad)" ] \
        && pass "--cover $bad refused: $(cat err.txt)" || fail "--cover $bad: rc $rc, $(cat err.txt)"
done
# The MP3's album is the feed's title when the folder's feed.ini names one.
mkdir -p album && printf '[feed]\ntitle = Kanal Uji & Coba\n' >album/feed.ini
"$TUTUR" narrate -q --mp3 -o album/ "$HARGA" \
    && /usr/bin/python3 -c "import mutagen.id3,sys; sys.exit(0 if str(mutagen.id3.ID3(sys.argv[1])['TALB']) == 'Kanal Uji & Coba' else 1)" \
       album/harga-dan-diskon.mp3 && pass "the MP3's album is the feed's title" || fail "MP3 album"
# A cover podcast directories would refuse is used, with a warning.
ffmpeg -v error -f lavfi -i color=c=navy:s=64x48 -frames:v 1 small.jpg
"$TUTUR" narrate --cover small.jpg -o small/ "$HARGA" 2>err.txt \
    && grep -q "warning: small.jpg: the cover is 64x48 pixels" err.txt && [ -s small/harga-dan-diskon.jpg ] \
    && pass "a 64x48 cover: $(grep warning err.txt)" || fail "small cover: $(cat err.txt)"
"$TUTUR" feed -q out/ 2>err.txt && fail "feed without a base URL succeeded" \
    || pass "feed without a base URL: $(cat err.txt)"
finish
