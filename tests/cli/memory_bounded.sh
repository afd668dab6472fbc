#!/usr/bin/env bash
# Memory stays bounded: a 128 KB article (the mission body repeated) peaks
# below 64 MB resident.  Complexity 0 keeps the test quick; the encoder's
# memory does not depend on it.
. "$(dirname "$0")/lib.sh"

sed -n '5,$p' "$MISSION" | grep -v -e 'Back to top' -e '^Ron Lee$' >body.txt
{ echo "Artikel Panjang"; echo; } >article.txt
while [ "$(stat -c %s article.txt)" -lt 131072 ]; do cat body.txt >>article.txt; done
size=$(stat -c %s article.txt)
python3 - "$TUTUR" article.txt <<'PY' && pass "128 KB article ($size bytes) within 64 MB" || fail "memory"
import resource, subprocess, sys
subprocess.run([sys.argv[1], "narrate", "-q", "--complexity", "0", "-o", "long.opus", sys.argv[2]], check=True)
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"peak resident: {peak_kb / 1024:.1f} MB")
assert peak_kb < 64 * 1024, peak_kb
PY
finish
