#!/usr/bin/env bash
# `tutur plan` on the mission article: metadata, no chrome, every body
# paragraph present and whole, headings with levels, pauses longer before
# headings than between paragraphs.
. "$(dirname "$0")/lib.sh"

"$TUTUR" plan "$MISSION" >plan.json 2>err.txt || fail "plan exited $?: $(cat err.txt)"
[ -s err.txt ] && fail "plan wrote to stderr: $(cat err.txt)"
python3 - "$MISSION" <<'PY' && pass "plan of the mission article" || fail "plan of the mission article"
import json, re, sys
plan = json.load(open("plan.json"))
src = open(sys.argv[1], encoding="utf-8").read()
assert plan["author"] == "Ron Lee", plan["author"]
assert plan["title"] == "Memperkuat Hubungan dengan Mitra Internasional"
assert plan["language"] == "id"
segs = [s for c in plan["chapters"] for s in c["segments"]]
for s in segs:
    for bad in ("Beranda", "Back to top"):
        assert bad not in s["text"] and bad not in s["spoken"], (bad, s["text"])
    assert s["text"] != "Ron Lee", "byline read as body"
    assert s["spoken"].strip(), "empty spoken text"
texts = {s["text"] for s in segs}
# Every body paragraph (a line ending like a sentence) appears whole.
paras = [l.strip() for l in src.splitlines() if len(l.strip()) > 60 and l.strip()[-1] in ".!?"]
assert len(paras) >= 15, len(paras)
missing = [p[:60] for p in paras if " ".join(p.split()) not in texts]
assert not missing, missing
assert len(plan["chapters"]) == 10
assert plan["chapters"][0]["level"] == 1
assert all(c["level"] == 2 for c in plan["chapters"][1:])
assert all(c["segments"][0]["kind"] == "heading" for c in plan["chapters"][1:])
head = plan["chapters"][1]["segments"][0]
para = plan["chapters"][0]["segments"][-1]
assert head["pause_before_ms"] + para["pause_after_ms"] > para["pause_after_ms"] > 0
for k in ("kind", "text", "spoken", "pause_before_ms", "pause_after_ms"):
    assert k in head
PY

# Standard input reads the same article.
"$TUTUR" plan - <"$MISSION" >stdin.json || fail "plan -"
cmp -s plan.json stdin.json && pass "plan - reads standard input" || fail "plan - differs from plan FILE"

# A user's rules file extends the language's rules.
printf 'drop ^Kesimpulan$\n' >extra.rules
"$TUTUR" plan --rules extra.rules "$MISSION" >extra.json || fail "plan --rules"
grep -q '"title": "Kesimpulan"' extra.json && fail "--rules did not drop the heading" || pass "--rules extends the rules"
printf 'drop (unclosed\n' >broken.rules
"$TUTUR" plan --rules broken.rules "$MISSION" >/dev/null 2>err.txt; rc=$?
[ $rc = 1 ] && grep -q 'broken.rules:1: bad pattern' err.txt && pass "a broken rule is reported with its line" \
    || fail "broken rules: rc=$rc $(cat err.txt)"
finish
