#!/usr/bin/env bash
# The cache: a second narration of the same article reuses every segment
# and chunk and gives the same bytes; after a one-paragraph edit only that
# paragraph is synthesized and encoded again; a damaged entry is noticed
# and replaced; a run killed at any moment leaves no output and no damaged
# entry; --no-cache touches nothing.
. "$(dirname "$0")/lib.sh"
export XDG_CACHE_HOME="$SCRATCH/cache"
ARTICLE="$SOURCE_ROOT/tests/data/publish/harga-dan-diskon.txt"
stats() { grep -o '[0-9]* of [0-9]* segments and [0-9]* of [0-9]* chunks' "$1"; }

"$TUTUR" narrate -o cold.opus "$ARTICLE" 2>cold.txt || fail "cold run"
"$TUTUR" narrate -o warm.opus "$ARTICLE" 2>warm.txt || fail "warm run"
read -r rs _ ts _ _ rc _ tc _ <<<"$(stats warm.txt)"
[ -n "$ts" ] && [ "$rs" = "$ts" ] && [ "$rc" = "$tc" ] \
    && pass "a second run reuses everything: $(stats warm.txt)" || fail "warm run: $(cat warm.txt)"
cmp -s cold.opus warm.opus && pass "and gives the same bytes" || fail "warm output differs"

sed 's/Tubuh menyukai keteraturan/Tubuh sangat menyukai keteraturan/; s/Buat daftar belanja sebelum berangkat/Tulis daftar belanja sebelum berangkat/' \
    "$ARTICLE" >edited.txt
"$TUTUR" narrate -o edited.opus edited.txt 2>edited.log || fail "edited run"
read -r rs _ ts _ _ rc _ tc _ <<<"$(stats edited.log)"
# the totals count both runs of this process: only this run's are read
[ -n "$ts" ] && [ $((ts - rs)) = 1 ] && [ $((tc - rc)) -le 2 ] \
    && pass "one paragraph edited: $(stats edited.log)" || fail "edited: $(cat edited.log)"
opusinfo -q edited.opus >/dev/null && pass "the edited narration is sound" || fail "opusinfo edited"

python3 "$SOURCE_ROOT/tests/tools/cache_check.py" "$XDG_CACHE_HOME" >check.txt \
    && pass "cache entries whole: $(cat check.txt)" || fail "cache: $(cat check.txt)"
victim=$(find "$XDG_CACHE_HOME" -type f ! -name '.new-*' | head -1)
printf 'X' | dd of="$victim" bs=1 seek=40 conv=notrunc 2>/dev/null
"$TUTUR" narrate -q -o again.opus "$ARTICLE" && opusinfo -q again.opus >/dev/null \
    && python3 "$SOURCE_ROOT/tests/tools/cache_check.py" "$XDG_CACHE_HOME" >check.txt \
    && pass "a damaged entry is noticed and replaced: $(cat check.txt)" || fail "damaged entry: $(cat check.txt)"

# Killed at several moments: no output, no temporary file, no damaged entry.
for delay in 0.3 0.8 1.5 2.5; do
    export XDG_CACHE_HOME="$SCRATCH/cache-kill-$delay"
    rm -rf killed && mkdir killed
    "$TUTUR" narrate -q --all -o killed/ "$MISSION" &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    leftovers=$(find killed -name '.*' -newer lib.sh 2>/dev/null; ls -A killed | grep '^\.')
    if [ -z "$leftovers" ] && { [ ! -d "$XDG_CACHE_HOME" ] || python3 "$SOURCE_ROOT/tests/tools/cache_check.py" "$XDG_CACHE_HOME" >/dev/null || ! find "$XDG_CACHE_HOME" -type f ! -name '.new-*' | grep -q .; }; then
        pass "killed after ${delay}s: no partial output, no damaged entry"
    else
        fail "killed after ${delay}s: $leftovers $(python3 "$SOURCE_ROOT/tests/tools/cache_check.py" "$XDG_CACHE_HOME")"
    fi
done

export XDG_CACHE_HOME="$SCRATCH/cache-none"
"$TUTUR" narrate -q --no-cache -o none.opus "$ARTICLE" && [ ! -e "$XDG_CACHE_HOME" ] \
    && pass "--no-cache leaves no cache" || fail "--no-cache"
finish
