#!/usr/bin/env bash
# Whole sites as input (issue 15): a Hugo content tree with page bundles,
# a draft, a list page and shortcodes; a Jekyll tree with dated posts,
# Liquid tags, drafts and layouts; names that would collide.
. "$(dirname "$0")/lib.sh"
site="$SOURCE_ROOT/tests/data/site"
cp -r "$site/hugo" "$site/jekyll" .
said() { "$TUTUR" plan "$1" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(" | ".join(s["spoken"] for c in d["chapters"] for s in c["segments"]))'; }

"$TUTUR" narrate --no-cache -o out/ hugo/content 2>hugo.log; rc=$?
[ $rc = 0 ] && [ "$(cd out && ls *.opus | tr '\n' ' ')" = "harga-cabai.opus post-a.opus " ] \
    && pass "Hugo: bundles named by folder and slug: $(ls out | tr '\n' ' ')" \
    || fail "Hugo: rc $rc, $(ls out | tr '\n' ' '), $(cat hugo.log)"
grep -q 'draft-c.md: draft, skipped' hugo.log && grep -q '2 narrated, 1 skipped' hugo.log \
    && pass "the draft is skipped and the summary says so" || fail "draft: $(cat hugo.log)"
ffprobe -v error -show_entries stream_tags=TITLE,DATE,ARTIST -of default=nw=1 out/harga-cabai.opus >tags.txt
grep -q 'TITLE=Harga Cabai Turun' tags.txt && grep -q 'DATE=2024-05-02' tags.txt && grep -q 'ARTIST=Siti Aminah' tags.txt \
    && pass "TOML front matter: $(tr '\n' ' ' <tags.txt)" || fail "tags: $(cat tags.txt)"
"$TUTUR" feed --base-url https://example.org/narasi/ --link https://example.org/ out >/dev/null 2>&1 \
    && grep -q '<link>https://example.org/2024/04/panen-raya/</link>' out/feed.xml \
    && pass "the front matter's url is the item's link, on the site" || fail "url: $(grep '<link>' out/feed.xml)"
[ -s out/harga-cabai.png ] && opusinfo out/harga-cabai.opus 2>/dev/null | grep -qi 'METADATA_BLOCK_PICTURE\|picture' \
    && pass "the front matter's image is the episode's cover, embedded and beside it" \
    || fail "cover: $(ls out | tr '\n' ' ')"
grep -q 'note: .*post-a/index.md: its image is not a PNG or JPEG' hugo.log && [ ! -e out/post-a.png ] && [ ! -e out/post-a.jpg ] \
    && pass "an image that is not there is a note, not a failure" || fail "missing image: $(grep -i image hugo.log)"
a=$(said hugo/content/posts/post-a/index.md)
case "$a" in
*"Sawah menguning di Karawang."*"Harga gabah kering panen naik sedikit."*) pass "a figure's caption and a paired shortcode's text are said" ;;
*) fail "shortcode text lost: $a" ;;
esac
case "$a" in
*youtube*|*catatan*|*figure*|*"{{"*) fail "shortcode markup said: $a" ;;
*) pass "shortcodes themselves are not said" ;;
esac
opusinfo out/post-a.opus 2>/dev/null | grep -q 'Petani Karawang memanen padi lebih awal' \
    && pass "the front matter's description is the narration's summary" || fail "description: $(opusinfo out/post-a.opus | grep -i comment)"

"$TUTUR" narrate --no-cache --transcript -o jekyll/audio/ jekyll 2>jekyll.log; rc=$?
[ $rc = 0 ] && [ "$(ls jekyll/audio | tr '\n' ' ')" = "harga-beras.opus harga-beras.tutur.json harga-beras.txt " ] \
    && pass "Jekyll: _posts narrated by name, _drafts and _layouts left out: $(ls jekyll/audio | tr '\n' ' ')" \
    || fail "Jekyll: rc $rc, $(ls jekyll/audio | tr '\n' ' '), $(cat jekyll.log)"
ffprobe -v error -show_entries stream_tags=DATE -of default=nw=1 jekyll/audio/harga-beras.opus | grep -q 'DATE=2024-05-01' \
    && ! grep -q 'none in the article' jekyll.log && pass "the post's date is its file name's" \
    || fail "Jekyll date: $(ffprobe -v error -show_entries stream_tags -of default=nw=1 jekyll/audio/harga-beras.opus)"
j=$(said jekyll/_posts/2024-05-01-harga-beras.md)
case "$j" in
*include*|*iklan*|*site*|*penyunting*|*"{%"*) fail "Liquid said: $j" ;;
*"Harga beras naik lagi di pasar induk."*"Pedagang mengeluh"*) pass "Liquid tags, output and comments are not said: $j" ;;
*) fail "Jekyll text: $j" ;;
esac
# again, with the output folder inside the tree: its transcripts are not articles
"$TUTUR" narrate --no-cache --transcript -o jekyll/audio/ jekyll 2>again.log \
    && [ "$(ls jekyll/audio | wc -l)" = 3 ] && grep -q '0 narrated, 1 skipped' again.log \
    && pass "the output folder inside the tree is not read as articles; the post is up to date" \
    || fail "again: $(ls jekyll/audio | tr '\n' ' '), $(cat again.log)"

# two articles under one name: refused before anything is written
mkdir -p col/a
printf -- '---\ntitle: "Satu"\nslug: berita\n---\nIsi pertama.\n' >col/a/index.md
printf -- '---\ntitle: "Dua"\n---\nIsi kedua.\n' >col/berita.md
printf 'Tiga\n\nIsi ketiga yang lain.\n' >col/lain.txt
"$TUTUR" narrate --no-cache -o colout/ col 2>col.log; rc=$?
[ $rc = 1 ] && [ -z "$(ls colout 2>/dev/null)" ] && grep -q 'berita.opus: both col/a/index.md and col/berita.md' col.log \
    && [ "$(wc -l <col.log)" = 1 ] && pass "colliding names: $(cat col.log)" \
    || fail "collision: rc $rc, $(ls colout 2>/dev/null | tr '\n' ' '), $(cat col.log)"
# an empty tree
mkdir empty
"$TUTUR" narrate -o eout/ empty 2>empty.log; rc=$?
[ $rc = 1 ] && grep -q 'empty: no articles in the folder' empty.log && pass "an empty folder: $(cat empty.log)" \
    || fail "empty: rc $rc $(cat empty.log)"
finish
