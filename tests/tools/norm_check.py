#!/usr/bin/env python3
"""Runs `tutur normalize` over a TSV of cases (input TAB expected) and
compares as normalize-id.md section 5.0 says: case-insensitively, every
character that is not a letter or digit read as a space.

Usage: norm_check.py TUTUR CASES.tsv [KNOWN_GAPS.txt]
A case listed in KNOWN_GAPS (one input per line) may fail; any other
failure, or a listed case that now passes, fails the run (so the list
only shrinks)."""
import re
import subprocess
import sys


def canon(s):
    return " ".join(re.sub(r"[^\w]|_", " ", s.lower()).split())


def main():
    tutur, cases_path = sys.argv[1], sys.argv[2]
    gaps = set()
    if len(sys.argv) > 3:
        gaps = {l.rstrip("\n") for l in open(sys.argv[3], encoding="utf-8")
                if l.strip() and not l.startswith("#")}
    cases = [l.rstrip("\n").split("\t", 1) for l in open(cases_path, encoding="utf-8") if "\t" in l]
    out = subprocess.run([tutur, "normalize"], input="\n".join(c[0] for c in cases) + "\n",
                         capture_output=True, text=True, check=True).stdout.split("\n")
    passed, bad = 0, 0
    for (src, want), got in zip(cases, out):
        ok = canon(got) == canon(want)
        passed += ok
        if ok and src in gaps:
            print(f"NOW PASSES (remove from the gap list): {src}")
            bad += 1
        elif not ok and src not in gaps:
            print(f"FAIL: {src}\n   want: {want}\n   got:  {got}")
            bad += 1
        elif not ok:
            print(f"known gap: {src}\n   want: {want}\n   got:  {got}")
    print(f"{passed} of {len(cases)} cases match ({100 * passed / len(cases):.1f}%)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
