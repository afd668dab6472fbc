#!/usr/bin/env bash
# Incremental narration (issue 15): a re-run skips what is up to date,
# narrates again what changed (the article, an option, the user's
# lexicon) or what was damaged or removed, and --force narrates all.
. "$(dirname "$0")/lib.sh"
mkdir site
for n in satu dua tiga; do
    printf 'Berita %s\n\nHarga beras di pasar %s naik pekan ini.\n\nPedagang berharap harga turun.\n' "$n" "$n" >site/$n.txt
done
run() { "$TUTUR" narrate --captions -o out/ "$@" site 2>run.log; }
all_narrated() { grep -q '^\[3/3\]' run.log && ! grep -q skipped run.log; }
summary() { grep -E '^[0-9]+ narrated' run.log || tail -1 run.log; }
run || fail "first run: $(cat run.log)"
[ -s out/satu.tutur.json ] && python3 -c '
import json, sys
r = json.load(open("out/satu.tutur.json"))
names = sorted(f["name"] for f in r["files"])
assert names == ["satu.chapters.vtt", "satu.opus", "satu.vtt"], names
assert len(r["key"]) == 64 and all(len(f["sha256"]) == 64 for f in r["files"])
' && pass "each narration records its key and its files" || fail "record: $(cat out/satu.tutur.json)"
before=$(stat -c %Y.%s out/*.opus | tr '\n' ' ')
sleep 1
run && grep -q '0 narrated, 3 skipped' run.log && [ "$(grep -c 'up to date, skipped' run.log)" = 3 ] \
    && [ "$(stat -c %Y.%s out/*.opus | tr '\n' ' ')" = "$before" ] \
    && pass "unchanged: $(summary), the files untouched" || fail "unchanged: $(cat run.log)"
printf '\nSatu paragraf baru.\n' >>site/dua.txt
run && grep -q '1 narrated, 2 skipped' run.log && grep -q 'out/dua.opus:' run.log \
    && pass "one article edited: $(summary)" || fail "edited: $(cat run.log)"
head -c 20 out/tiga.vtt >cut && mv cut out/tiga.vtt
rm out/satu.chapters.vtt
run && grep -q '2 narrated, 1 skipped' run.log && [ -s out/satu.chapters.vtt ] \
    && python3 -c 'import sys; sys.exit(0 if open("out/tiga.vtt").read().startswith("WEBVTT") and len(open("out/tiga.vtt").read()) > 100 else 1)' \
    && pass "a damaged and a missing output are made again: $(summary)" || fail "damaged: $(cat run.log)"
run --rate 150 && all_narrated && pass "another option narrates all again" || fail "option: $(cat run.log)"
printf 'pasar\tpekan raya\n' >lex.tsv
run --rate 150 --lexicon lex.tsv && all_narrated && pass "a user's lexicon added: all again" || fail "lexicon: $(cat run.log)"
run --rate 150 --lexicon lex.tsv && grep -q '0 narrated, 3 skipped' run.log \
    && pass "the same lexicon again: $(summary)" || fail "lexicon unchanged: $(cat run.log)"
printf 'pasar\tpasar raya\n' >lex.tsv
run --rate 150 --lexicon lex.tsv && all_narrated && pass "the lexicon edited: all again" || fail "lexicon edited: $(cat run.log)"
run --rate 150 --lexicon lex.tsv --force && all_narrated \
    && pass "--force narrates what is up to date" || fail "--force: $(cat run.log)"
# one file named with -o, and standard input (never skipped: it cannot be read twice)
"$TUTUR" narrate -o one.opus site/satu.txt 2>/dev/null && "$TUTUR" narrate -o one.opus site/satu.txt 2>one.log \
    && grep -q 'up to date, skipped' one.log && pass "-o FILE: up to date, skipped" || fail "-o FILE: $(cat one.log)"
"$TUTUR" narrate -o in/ - <site/tiga.txt 2>/dev/null && "$TUTUR" narrate -o in/ - <site/tiga.txt 2>in.log \
    && ! grep -q skipped in.log && [ ! -e in/berita-tiga.tutur.json ] && pass "standard input is narrated every time, without a record" \
    || fail "stdin: $(cat in.log) $(ls in)"
finish
