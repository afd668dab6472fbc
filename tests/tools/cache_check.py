#!/usr/bin/env python3
"""cache_check.py DIR: every cache entry under DIR is whole: its content
ends with the SHA-256 of the rest, and its name is 64 hex digits.  Files
named .new-* are writes in progress (or left by a killed run): not entries."""
import hashlib
import os
import re
import sys

bad, entries = [], 0
for root, _, files in os.walk(sys.argv[1]):
    for f in files:
        if f.startswith(".new-"):
            continue
        entries += 1
        data = open(os.path.join(root, f), "rb").read()
        name = os.path.basename(root) + f
        if not re.fullmatch(r"[0-9a-f]{64}", name) or len(data) < 32 or \
                hashlib.sha256(data[:-32]).digest() != data[-32:]:
            bad.append(os.path.join(root, f))
print(f"{entries} entries, {len(bad)} damaged")
for b in bad:
    print("damaged:", b)
sys.exit(1 if bad or not entries else 0)
