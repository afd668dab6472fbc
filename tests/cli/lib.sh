# lib.sh: helpers for the command-line tests.  Each test runs in its own
# scratch directory and reports failures as "FAIL: ..." lines.
set -u
: "${TUTUR:?TUTUR must name the tutur binary}"
: "${SOURCE_ROOT:?SOURCE_ROOT must name the source tree}"
MISSION="$SOURCE_ROOT/articles/memperkuat-hubungan-dengan-mitra-internasional.txt"
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/tutur-test.XXXXXX")
chmod 755 "$SCRATCH"
trap 'rm -rf "$SCRATCH"' EXIT
cd "$SCRATCH" || exit 1
# Each test has a cache of its own, gone with it: no run sees another's.
export XDG_CACHE_HOME="$SCRATCH/cache"
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }
finish() {
    if [ "$failures" -ne 0 ]; then echo "$failures failed"; exit 1; fi
    echo "all passed"; exit 0
}
