#!/usr/bin/env bash
# Accessible delivery, end to end: `tutur narrate --all --epub --daisy`,
# then each result checked by the tool its readers' world uses: the
# listening page in headless Chromium (Playwright) with axe-core, the EPUB
# with epubcheck and Ace by DAISY, the DAISY book with tests/tools/
# daisy_check.py.  A missing tool fails the test: nothing is skipped.
. "$(dirname "$0")/lib.sh"
TOOLS="$SOURCE_ROOT/tests/tools"
export NODE_PATH="$TOOLS/node_modules"
EPUBCHECK=/usr/share/java/epubcheck.jar

for tool in /usr/bin/chromium /usr/bin/chromium-headless-shell "$EPUBCHECK" \
            "$NODE_PATH/playwright-core" "$NODE_PATH/axe-core" "$NODE_PATH/.bin/ace-cli"; do
    [ -e "$tool" ] || fail "missing tool: $tool (scripts/setup installs it)"
done
command -v java >/dev/null || fail "missing tool: java"
[ "$failures" = 0 ] || finish

opus_seconds() { # exact playback length: last granule minus pre-skip
    python3 - "$1" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read()
pre = struct.unpack_from("<H", d, d.find(b"OpusHead") + 10)[0]
print((struct.unpack_from("<q", d, d.rfind(b"OggS") + 6)[0] - pre) / 48000)
PY
}

ffmpeg -v error -f lavfi -i color=c=navy:s=1400x1400 -frames:v 1 cover.png || fail "cannot make a cover"
for article in "$SOURCE_ROOT/tests/data/publish/harga-dan-diskon.txt" \
               "$SOURCE_ROOT/tests/data/read/post-yaml.md"; do
    slug=$(basename "${article%.*}")
    "$TUTUR" narrate -q --all --epub --daisy --cover cover.png -o out/ "$article" 2>err.txt \
        || { fail "narrate $slug exited $?: $(cat err.txt)"; continue; }
    "$TUTUR" plan "$article" >"$slug.plan.json"

    # The page: self-contained, then in the browser.
    grep -qiE '<script[^>]+src=|<link[^>]+stylesheet|@import|@font-face|url\(' "out/$slug.html" \
        && fail "$slug.html loads something from outside" || pass "$slug.html is self-contained"
    HOME="$SCRATCH" timeout 300 node "$TOOLS/page_check.js" out "$slug.html" "$(opus_seconds "out/$slug.opus")" \
        >page.txt 2>&1 && pass "$slug: listening page in Chromium" || fail "$slug: page"
    cat page.txt
    # Headings that carry their own numbers are not numbered again.
    if [ "$slug" = harga-dan-diskon ]; then want='<ul class="bernomor">'; else want='<ol>'; fi
    grep -A1 'id="bab-judul"' "out/$slug.html" | tail -1 | grep -qF "$want" && pass "$slug: chapter list: $want" || fail "$slug: chapter list is not $want"
    # The cover and the DAISY archive reach the page; the archive holds the book.
    grep -q "<img class=\"sampul\" src=\"$slug.png\"" "out/$slug.html" && cmp -s cover.png "out/$slug.png" \
        && pass "$slug: the page shows the cover" || fail "$slug: no cover on the page"
    grep -q "href=\"$slug.daisy.zip\"" "out/$slug.html" \
        && unzip -l "out/$slug.daisy.zip" | grep -q "$slug.daisy/ncc.html" \
        && pass "$slug: the DAISY book is a download (an archive with ncc.html)" || fail "$slug: DAISY archive"
    /usr/bin/python3 -c "import mutagen.id3,sys; sys.exit(0 if mutagen.id3.ID3(sys.argv[1]).getall('APIC') else 1)" \
        "out/$slug.daisy/bab01.mp3" && pass "$slug: the DAISY MP3s carry the cover" || fail "$slug: DAISY cover"
    unzip -l "out/$slug.epub" | grep -q "EPUB/cover.png" && unzip -p "out/$slug.epub" EPUB/package.opf | grep -q 'properties="cover-image"' \
        && pass "$slug: the EPUB carries the cover (cover-image)" || fail "$slug: EPUB cover"

    # The EPUB.
    java -jar "$EPUBCHECK" "out/$slug.epub" >epubcheck.txt 2>&1
    grep -q 'Messages: 0 fatals / 0 errors / 0 warnings' epubcheck.txt \
        && pass "$slug: epubcheck, 0 errors and 0 warnings" || fail "$slug: epubcheck: $(cat epubcheck.txt)"
    rm -rf ace
    PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium-headless-shell HOME="$SCRATCH" timeout 300 \
        "$NODE_PATH/.bin/ace-cli" -s -f -o ace "out/$slug.epub" >ace.txt 2>&1
    python3 - ace/report.json <<'PY' >acecheck.txt 2>&1 \
        && pass "$slug: Ace, no serious or critical violations" || fail "$slug: Ace: $(cat acecheck.txt ace.txt | tail -20)"
import json, sys
r = json.load(open(sys.argv[1]))
bad = [t["earl:test"]["dct:title"] + ": " + t["earl:result"].get("dct:description", "")[:120]
       for a in r.get("assertions", []) for t in a.get("assertions", [])
       if t["earl:test"]["earl:impact"] in ("serious", "critical")]
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY

    # The DAISY book.
    python3 "$TOOLS/daisy_check.py" "out/$slug.daisy" "$slug.plan.json" >daisy.txt 2>&1 \
        && pass "$slug: DAISY 2.02 book" || fail "$slug: DAISY: $(cat daisy.txt)"
    cat daisy.txt
done
ls -A out | grep -q '^\.' && fail "temporary files or directories left in out/: $(ls -A out | grep '^\.')"
finish
