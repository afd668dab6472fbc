#!/usr/bin/env bash
# --split is safe in a shared output folder (issue 16): a narration again
# removes only the chapter files its earlier playlist recorded, never a
# file it did not write there (even one whose name starts with a digit),
# and never writes or removes through a symbolic link in place of the
# chapter folder.  Chapter file names sort in chapter order.
. "$(dirname "$0")/lib.sh"
cat >art.md <<'MD'
# Kabar Kota

Paragraf pembuka yang singkat.

## Pertama

Isi bagian pertama.

## Kedua

Isi bagian kedua.

## Ketiga

Isi bagian ketiga.
MD
mkdir out
"$TUTUR" narrate -q --split -o out/ art.md || fail "first narration"
ls out/art/ >first.txt
[ "$(wc -l <first.txt)" = 4 ] && pass "four chapter files: $(tr '\n' ' ' <first.txt)" || fail "chapters: $(cat first.txt)"
# someone else's files in the chapter folder
echo mine >out/art/2024-wawancara.opus
echo mine >out/art/99-catatan.opus
# the article loses a heading: its chapter file goes, the others' stay
sed '/^## Kedua/,/^Isi bagian kedua/d' art.md >art2.md && mv art2.md art.md
"$TUTUR" narrate -q --split -o out/ art.md || fail "second narration"
[ ! -e out/art/03-kedua.opus ] && [ -e out/art/03-ketiga.opus ] \
    && pass "the chapter the article lost is removed" || fail "stale chapter: $(ls out/art)"
[ "$(cat out/art/2024-wawancara.opus)" = mine ] && [ "$(cat out/art/99-catatan.opus)" = mine ] \
    && pass "files tutur did not write there are kept" || fail "someone else's files: $(ls out/art)"

# a planted link in place of the chapter folder
mkdir victim && echo theirs >victim/02-pertama.opus && echo theirs >victim/05-lain.opus
rm -rf out/art && ln -s "$SCRATCH/victim" out/art
"$TUTUR" narrate -q --split -o out/ art.md 2>stderr.txt; rc=$?
[ $rc = 1 ] && grep -q 'out/art: not a directory (a symbolic link)' stderr.txt \
    && pass "a symlinked chapter folder is refused: $(cat stderr.txt)" || fail "symlink: rc $rc $(cat stderr.txt)"
[ "$(cat victim/02-pertama.opus)" = theirs ] && [ "$(cat victim/05-lain.opus)" = theirs ] \
    && [ "$(ls victim | wc -l)" = 2 ] && pass "nothing written or removed through it" \
    || fail "through the link: $(ls -l victim)"

# 120 chapters: three digits from the first, so names sort as chapters
{ echo "# Banyak Bab"; echo; echo "Pembuka."; for i in $(seq 1 119); do printf '\n## Bagian %d\n\nIsi %d.\n' "$i" "$i"; done; } >many.md
"$TUTUR" narrate -q --split -o out/ many.md || fail "many chapters"
first=$(ls out/many | head -1); tenth=$(ls out/many | sed -n 10p)
[ "$first" = 001-banyak-bab.opus ] && [ "$tenth" = 010-bagian-9.opus ] \
    && pass "chapter files sort in order: $first, ..., $tenth" || fail "names: $first $tenth"
finish
