#!/usr/bin/env bash
# Hostile and broken articles for the Markdown and HTML readers: tutur
# either reads what is there or says in one line why not; it never crashes,
# never hangs, and never reads the network.
. "$(dirname "$0")/lib.sh"

# Run tutur with no network at all when a user namespace allows it.
NONET=()
unshare -rn true 2>/dev/null && NONET=(unshare -rn)

reads() { # FILE WHAT: tutur read succeeds and finds WHAT
    local f=$1 what=$2
    timeout 60 "${NONET[@]}" "$TUTUR" read "$f" >got.json 2>err.txt
    local rc=$?
    if [ $rc -eq 0 ] && grep -qF -- "$what" got.json; then pass "$f: read"
    else fail "$f: rc $rc, $(head -c 300 err.txt)"; fi
}
refuses() { # FILE WORDS: tutur plan exits 1 with one line naming the file
    local f=$1 words=$2
    timeout 60 "$TUTUR" plan "$f" >/dev/null 2>err.txt
    local rc=$?
    if [ $rc -eq 1 ] && [ "$(wc -l <err.txt)" = 1 ] && grep -qF "$f" err.txt && grep -qiF "$words" err.txt; then
        pass "$f refused: $(cat err.txt)"
    else fail "$f: rc $rc, $(cat err.txt)"; fi
}

printf '<html><body><div><p>Paragraf pertama tanpa penutup<p>Paragraf kedua <b>tebal <i>miring</b> salah</i><ul><li>satu<li>dua</div></span></table>' >unclosed.html
reads unclosed.html "Paragraf kedua"

python3 -c "print('<html><body>' + '<div>' * 10000 + '<p>Teks di kedalaman.</p>' + '</div>' * 10000)" >deep.html
reads deep.html "Teks di kedalaman."

python3 -c "print('<html><body><article><h1>Entitas</h1><p>' + '&amp;&lt;&gt;&quot;&#233;&#x1F600;&eacute;&nbsp;&bogus; ' * 20000 + 'akhir.</p></article>')" >entities.html
reads entities.html "akhir."

# External entities and remote resources are never fetched.
cat >remote.html <<'HTML'
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd" [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>
<html><head><link rel="stylesheet" href="http://127.0.0.1:9/a.css"><script src="http://127.0.0.1:9/a.js"></script></head>
<body><article><h1>Judul Jarak Jauh</h1><p>Isi artikel &x; tetap dibaca.</p><img src="http://127.0.0.1:9/a.png" alt="Foto jauh"></article></body></html>
HTML
reads remote.html "tetap dibaca"

python3 -c "import random,sys; random.seed(7); sys.stdout.buffer.write(bytes(random.randrange(256) for _ in range(4096)))" >binary.html
refuses binary.html "binary"
printf '' >empty.html
refuses empty.html "empty"
printf -- '---\ntitle: Hanya Judul\nauthor: Siapa\n---\n' >front-only.md
refuses front-only.md "only front matter"
printf '<html><head><title>Kosong</title></head><body><nav><a>Beranda</a></nav></body></html>' >chrome-only.html
refuses chrome-only.html "no article text"

# Forcing and detecting the format; standard input is sniffed.
printf '# Judul Markdown\n\nIsi paragraf.\n' >notes.txt
"$TUTUR" read notes.txt | grep -qF '"title": "# Judul Markdown"' \
    && pass "a .txt file is read as text, whatever it looks like" || fail ".txt read as Markdown"
"$TUTUR" read --input-format markdown notes.txt | grep -q '"title": "Judul Markdown"' \
    && pass "--input-format markdown" || fail "--input-format markdown"
printf '<!doctype html><html><body><article><h1>Dari Stdin</h1><p>Isi.</p></article></body></html>' \
    | "$TUTUR" read - | grep -q '"title": "Dari Stdin"' && pass "HTML on standard input is detected" \
    || fail "HTML on standard input"
"$TUTUR" read --input-format pdf notes.txt 2>err.txt; [ $? = 2 ] && pass "--input-format pdf is a usage error" \
    || fail "--input-format pdf: $(cat err.txt)"

# A 20 MB page: read, in bounded memory (the benchmark times it).
python3 - <<'PY'
import random
random.seed(1)
parts = ['<html><head><title>Halaman Besar</title>', '<script>' + 'var x=1;' * 200000 + '</script>',
         '</head><body><nav>' + '<a href="/">menu</a>' * 5000 + '</nav><article><h1>Halaman Besar</h1>']
size, i = sum(map(len, parts)), 0
while size < 20 * 1024 * 1024:
    p = (f'<div class="blok-{i}"><h2>Bagian {i}</h2><p>Paragraf nomor {i} berisi teks yang cukup panjang '
         f'tentang berbagai hal &amp; sesuatu yang menarik untuk dibaca pendengar.</p>'
         f'<div class="share"><a>Facebook</a><a>Twitter</a></div><span>catatan kecil</span></div>\n')
    parts.append(p); size += len(p); i += 1
parts.append('</article></body></html>')
open('big.html', 'w').write(''.join(parts))
PY
if /usr/bin/time -f "%M" -o rss.txt "$TUTUR" read big.html >big.json 2>err.txt \
    && grep -q "Bagian 1000" big.json; then
    if [ -n "${TUTUR_SANITIZED:-}" ]; then
        pass "20 MB page read (memory not checked under sanitizers)"
    elif [ "$(tail -1 rss.txt)" -lt 204800 ]; then
        pass "20 MB page read in $(($(tail -1 rss.txt) / 1024)) MB"
    else
        fail "20 MB page took $(tail -1 rss.txt) KB"
    fi
else
    fail "20 MB page: $(cat err.txt)"
fi
finish
