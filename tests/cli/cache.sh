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

# Hostile entries (issue 16): whoever can write in the cache must not make
# a run hang, read without end, write elsewhere, or use forged contents.
export XDG_CACHE_HOME="$SCRATCH/cache-hostile"
"$TUTUR" narrate -q -o h0.opus "$ARTICLE" || fail "hostile: first run"
segs="$XDG_CACHE_HOME/tutur/segments"
[ -d "$segs" ] || segs=$(find "$XDG_CACHE_HOME" -type d -name segments | head -1)
entries=($(find "$segs" -type f ! -name '.new-*' | sort))
[ ${#entries[@]} -ge 4 ] || fail "hostile: only ${#entries[@]} segment entries in $segs"
# 1: a FIFO, 2: a link to /dev/zero, 3: a forged entry whose checksum is
# right but whose cue starts after its audio ends
rm -f "${entries[0]}" && mkfifo "${entries[0]}"
rm -f "${entries[1]}" && ln -s /dev/zero "${entries[1]}"
python3 - "${entries[2]}" <<'PY' || fail "hostile: forging"
import hashlib, struct, sys
path = sys.argv[1]
data = bytearray(open(path, "rb").read()[:-32])
(n_cues,) = struct.unpack_from("<q", data, 0)
assert n_cues > 0, "an entry without cues"
n_samples_at = 8 + 24 * n_cues
(n_samples,) = struct.unpack_from("<q", data, n_samples_at)
struct.pack_into("<q", data, 8 + 16, n_samples + 48000 * 3600)  # the first cue: an hour late
open(path, "wb").write(bytes(data) + hashlib.sha256(data).digest())
PY
timeout 120 "$TUTUR" narrate -o h1.opus "$ARTICLE" 2>h1.txt; rc=$?
read -r rs _ ts _ <<<"$(stats h1.txt)"
[ "$rc" = 0 ] && opusinfo -q h1.opus >/dev/null && [ -n "$ts" ] && [ $((ts - rs)) = 3 ] \
    && pass "a FIFO, a link to /dev/zero and a forged entry are not used: $(stats h1.txt)" \
    || fail "hostile entries: rc $rc, $(cat h1.txt)"
[ -f "${entries[0]}" ] && [ ! -L "${entries[1]}" ] && [ -f "${entries[1]}" ] \
    && python3 "$SOURCE_ROOT/tests/tools/cache_check.py" "$XDG_CACHE_HOME" >/dev/null \
    && pass "and are replaced by real entries" || fail "hostile entries not replaced: $(ls -l "${entries[0]}" "${entries[1]}")"
# a symlinked segments/ folder: nothing is read or written through it
mkdir elsewhere
rm -rf "$segs" && ln -s "$SCRATCH/elsewhere" "$segs"
timeout 120 "$TUTUR" narrate -q -o h2.opus "$ARTICLE"; rc=$?
[ "$rc" = 0 ] && opusinfo -q h2.opus >/dev/null && [ -z "$(ls -A elsewhere)" ] \
    && pass "a symlinked segments folder is not written through" \
    || fail "symlinked segments: rc $rc, $(ls -A elsewhere | wc -l) files written elsewhere"

export XDG_CACHE_HOME="$SCRATCH/cache-none"
"$TUTUR" narrate -q --no-cache -o none.opus "$ARTICLE" && [ ! -e "$XDG_CACHE_HOME" ] \
    && pass "--no-cache leaves no cache" || fail "--no-cache"
finish
