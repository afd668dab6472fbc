#!/usr/bin/env bash
# Ctrl-C and kill (SIGINT, SIGTERM) stop every command within 0.5 s with
# exit 130, side threads included (the MP3 and DAISY encoders), and leave
# no partial output and no hidden file (issue 16).
. "$(dirname "$0")/lib.sh"
export TMPDIR="$SCRATCH/tmp"
mkdir -p "$TMPDIR"
# a long article: reading and planning it take seconds (more under ASan)
python3 - "$MISSION" <<'PY'
import sys
text = open(sys.argv[1]).read()
open("long.txt", "w").write(text * 300)
open("medium.txt", "w").write(text * 12)
open("huge.txt", "w").write(text * 1200)
PY
limit=0.5
[ -n "${TUTUR_SANITIZED:-}" ] && limit=1.0 # the sanitizers' own teardown

# stop_after DELAY SIGNAL CMD...: runs CMD, sends SIGNAL after DELAY s;
# prints "rc seconds-from-signal-to-exit", or "done" when it ended first.
stop_after() {
    local delay=$1 sig=$2
    shift 2
    "$@" >/dev/null 2>stderr.txt &
    local pid=$!
    sleep "$delay"
    if ! kill -0 "$pid" 2>/dev/null; then wait "$pid"; echo done; return; fi
    local t0
    t0=$(date +%s.%N)
    kill "-$sig" "$pid"
    wait "$pid"
    local rc=$?
    echo "$rc $(echo "$(date +%s.%N) - $t0" | bc)"
}
check() { # NAME RESULT
    local what=$1 rc secs
    read -r rc secs <<<"$2"
    if [ "$rc" = done ]; then fail "$what: ended before the signal"; return; fi
    if [ "$rc" = 130 ] && [ "$(echo "$secs <= $limit" | bc)" = 1 ]; then
        pass "$what: exit 130 after ${secs}s"
    else
        fail "$what: exit $rc after ${secs}s; $(head -c 300 stderr.txt)"
    fi
}
hidden() { find "$@" -name '.*' ! -name . 2>/dev/null; ls -A "$TMPDIR"; }

check "plan, SIGINT while reading" "$(stop_after 0.5 INT "$TUTUR" plan long.txt)"
check "read, SIGTERM" "$(stop_after 0.3 TERM "$TUTUR" read long.txt)"
# (a background job starts with SIGINT ignored until tutur sets its
# handler: the signal is sent once it surely runs)
check "normalize, SIGINT" "$(stop_after 0.5 INT sh -c "exec \"$TUTUR\" normalize <huge.txt")"
mkfifo input
sleep 30 >input &
writer=$!
check "normalize waiting for input, SIGINT" "$(stop_after 0.5 INT sh -c 'exec "$0" normalize <input' "$TUTUR")"
kill $writer 2>/dev/null
mkdir -p out
for delay in 1 3 5; do
    rm -rf out && mkdir out
    check "narrate --mp3 --daisy --epub --split, SIGINT after ${delay}s" \
        "$(stop_after "$delay" INT "$TUTUR" narrate -q --mp3 --daisy --epub --split -o out/ medium.txt)"
    left=$(hidden out; ls -A out)
    [ -z "$left" ] && pass "  and nothing is left in out/ or \$TMPDIR" || fail "  left: $left"
done
rm -rf out && mkdir out
check "narrate -j 2 of two articles, SIGTERM" \
    "$(stop_after 2 TERM "$TUTUR" narrate -q -j 2 -o out/ medium.txt "$MISSION")"
left=$(hidden out; ls -A out | grep -v '^memperkuat')
[ -z "$left" ] && pass "  and nothing partial is left" || fail "  left: $left"

# SIGKILL leaves what no handler could clean; the next run in the same
# folders removes it (its temporaries name their process: stale.c).
for delay in 0.5 1.5 3 4.5; do
    rm -rf out && mkdir out && rm -rf "${TMPDIR:?}"/*
    XDG_CACHE_HOME="$SCRATCH/nocache" "$TUTUR" narrate -q --no-cache -j 2 --mp3 --daisy --split -o out/ medium.txt 2>/dev/null &
    pid=$!
    sleep "$delay"
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    before=$( (hidden out; ls -A "$TMPDIR") | wc -l)
    sleep 0.2 # its synthesis workers die with it (PR_SET_PDEATHSIG)
    pgrep -f "narrate -q --no-cache -j 2 --mp3" >/dev/null && fail "  a worker outlived the run"
    "$TUTUR" narrate -q --no-cache -j 2 -o out/ "$MISSION" || fail "rerun after SIGKILL"
    left=$(hidden out)
    [ -z "$left" ] && pass "SIGKILL after ${delay}s left $before hidden entries; a rerun removed them" \
        || fail "after SIGKILL at ${delay}s and a rerun: $left"
done

# A batch whose worker process is killed: the batch reports it and ends.
rm -rf out && mkdir out
cp medium.txt a.txt && cp medium.txt b.txt
timeout 120 "$TUTUR" narrate -q -j 2 -o out/ a.txt b.txt 2>stderr.txt &
pid=$!
sleep 1.5
batch=$(pgrep -P "$pid" | head -1)        # tutur, under timeout
worker=$(pgrep -P "$batch" | head -1)     # one of its article processes
[ -n "$worker" ] && kill -KILL "$worker"
wait "$pid"; rc=$?
[ "$rc" = 1 ] && pass "a batch whose worker is killed ends with exit 1" || fail "batch with a killed worker: rc $rc $(cat stderr.txt)"
finish
