#!/usr/bin/env bash
# tutur read --explain: every block or line, the role it got and the
# evidence, so a publisher can see why something was dropped.
. "$(dirname "$0")/lib.sh"
DATA="$SOURCE_ROOT/tests/data"

has() { # FILE TEXT WHAT: the explanation of FILE holds a line with TEXT
    if grep -qF -- "$2" "$1"; then pass "$3"; else fail "$3: no line with '$2'"; fi
}

# A whole page pasted as text: the run chosen, the headline weighed, chrome
# dropped with its reason, the article kept, the metadata at the end.
"$TUTUR" read --explain "$DATA/segment/page-paste.txt" >text.txt 2>err.txt ||
    fail "read --explain (text) exited $?: $(cat err.txt)"
has text.txt "article: units " "the article's run"
has text.txt "title candidate unit " "headline candidates with their evidence"
has text.txt "overlap=" "title evidence named"
has text.txt '"Beranda": outside the article' "menu line dropped, with why"
has text.txt '"Copyright © 2024 Warta Kota Pelabuhan": outside the article' "footer dropped"
has text.txt "keep unit " "kept units listed"
has text.txt "function=" "line evidence named"
has text.txt "= title: Pasar Ikan Baru Dibuka di Pelabuhan Sunda Kelapa" "title at the end"
has text.txt "= date: 2024-06-12" "date at the end"
grep -q '^{' text.txt && fail "--explain printed JSON too"

# An HTML page: the candidates for the article, the widgets dropped by what
# they are, the writer found in an author card.
"$TUTUR" read --explain "$DATA/read/widgets-inside.html" >html.txt 2>err.txt ||
    fail "read --explain (html) exited $?: $(cat err.txt)"
has html.txt "article: candidate 1: element" "article candidates scored"
has html.txt "Antrean Imigrasi Mengular di Pagi Hari Sen\": mostly links" "headline list dropped, with why"
has html.txt "the picture's description repeats the headline" "repeated picture dropped"
has html.txt "drop list: credits" "credits list dropped"
has html.txt "author: the writer in the credits" "writer from the credits"
has html.txt "keep paragraph " "kept blocks listed"

# --explain belongs to `read`.
"$TUTUR" plan --explain "$DATA/segment/page-paste.txt" >/dev/null 2>err.txt
rc=$?
[ $rc -eq 2 ] && grep -q "explain" err.txt && pass "plan --explain refused" ||
    fail "plan --explain: rc $rc, $(cat err.txt)"
finish
