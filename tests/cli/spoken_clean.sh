#!/usr/bin/env bash
# No digit and no symbol that espeak-ng would name reaches it: `tutur plan`
# on the mission article, every segmenter fixture and a deliberately dirty
# article, checking each segment's spoken text.  An all-caps heading keeps
# its words in lower case, its acronyms spelled.
. "$(dirname "$0")/lib.sh"

for f in "$MISSION" "$SOURCE_ROOT"/tests/data/segment/*.txt "$SOURCE_ROOT/tests/data/dirty-article.txt"; do
    "$TUTUR" plan "$f" >plan.json 2>err.txt || { fail "$f: plan: $(cat err.txt)"; continue; }
    python3 - "$f" <<'PY' && pass "$(basename "$f")" || fail "$(basename "$f")"
import json, re, sys
plan = json.load(open("plan.json"))
bad = 0
for c in plan["chapters"]:
    for s in c["segments"]:
        # Allowed: letters (any script), spaces, hyphens, and the pause marks.
        left = re.sub(r"[^\W\d_]|[ \-.,;:?!…()\"“”'‘’]", "", s["spoken"])
        if left:
            print(f"  symbols {left!r} in: {s['spoken'][:120]}")
            bad += 1
sys.exit(1 if bad else 0)
PY
done

"$TUTUR" plan "$SOURCE_ROOT/tests/data/dirty-article.txt" >dirty.json
python3 - <<'PY' && pass "all-caps heading lower-cased, acronyms spelled" || fail "all-caps heading"
import json
plan = json.load(open("dirty.json"))
assert plan["title"] == "HARGA BERAS NAIK 15% MENJELANG NATAL", plan["title"]
spoken = plan["chapters"][0]["segments"][0]["spoken"]
assert spoken == "harga beras naik lima belas persen menjelang natal", spoken
assert plan["date"] == "2024-08-12", plan["date"]
PY
finish
