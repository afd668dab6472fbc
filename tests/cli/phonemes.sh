#!/usr/bin/env bash
# `tutur phonemes`: a table of lines with known answers (numbers said with
# their schwas, words from the list, through their roots and affixes,
# homographs by their cues, glottal stops), the user's lexicon before the
# shipped list, IPA entries converted, a bad IPA entry refused.
. "$(dirname "$0")/lib.sh"

TABLE="$SOURCE_ROOT/tests/data/phonemes.tsv"
grep -v '^#' "$TABLE" | cut -f1 >in.txt
grep -v '^#' "$TABLE" | cut -f2 >want.txt
"$TUTUR" phonemes <in.txt >got.txt 2>err.txt || fail "phonemes: $(cat err.txt)"
if diff want.txt got.txt >diff.txt; then
    pass "phonemes table ($(wc -l <in.txt) lines)"
else
    paste in.txt got.txt | diff <(paste in.txt want.txt) - | sed 's/^/  /'
    fail "phonemes table"
fi

# one output line per input line, arguments before standard input
n=$("$TUTUR" phonemes "satu" "" "dua belas" | wc -l)
[ "$n" = 3 ] && pass "one line out per line in" || fail "got $n lines for 3"

# the user's lexicon wins over the list; IPA between slashes is converted
printf 'belas\t[[b'"'"'Elas]]\nBappeda\t/bapəda/\nKemenkeu\t/kəˈmɛnkeu/\n' >lex.tsv
got=$("$TUTUR" phonemes --lexicon lex.tsv "dua belas" "Bappeda" "Kemenkeu")
want=$(printf "d'ua b'Elas\nbap'@da\nk@m'EnkEu")
[ "$got" = "$want" ] && pass "lexicon first, IPA converted" || fail "lexicon: got '$got'"

# the profile's lexicon too
sed "s|^lexicon *=.*||" "$SOURCE_ROOT/voices/id.ini" >p.ini
printf '\n[profile]\nlexicon = lex.tsv\n' >>p.ini
got=$("$TUTUR" phonemes --profile ./p.ini "dua belas" 2>&1)
[ "$got" = "d'ua b'Elas" ] && pass "profile lexicon" || fail "profile lexicon: '$got'"

# a sound espeak-ng has no phoneme for: one line naming the file, exit 1
printf 'Bappeda\t/bapəʁa/\n' >bad.tsv
"$TUTUR" phonemes --lexicon bad.tsv "Bappeda" >out.txt 2>err.txt
rc=$?
if [ $rc = 1 ] && [ "$(wc -l <err.txt)" = 1 ] && grep -q 'bad.tsv' err.txt && [ ! -s out.txt ]; then
    pass "bad IPA refused: $(cat err.txt)"
else
    fail "bad IPA: rc=$rc, $(cat err.txt)"
fi
finish
