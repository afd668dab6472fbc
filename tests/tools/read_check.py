#!/usr/bin/env python3
"""read_check.py TUTUR ARTICLE EXPECT: runs `tutur plan ARTICLE` and checks it
against EXPECT, lines of

    title: TEXT          the title, exactly
    author: TEXT         the author, exactly ("-": none found)
    date: YYYY-MM-DD     the date
    published: ISO 8601  the date with its time and zone ("-": none)
    url: URL             the article's own address ("-": none)
    chapter: LEVEL TEXT  the chapters, all of them, in order
    say: TEXT            said somewhere (in a segment's written text)
    not: TEXT            said nowhere (case-insensitive)
"""
import json
import subprocess
import sys

tutur, article, expect = sys.argv[1:4]
r = subprocess.run([tutur, "plan", article], capture_output=True, text=True)
if r.returncode != 0:
    print(f"FAIL: tutur plan exited {r.returncode}: {r.stderr.strip()}")
    sys.exit(1)
plan = json.loads(r.stdout)
texts = [g["text"] for c in plan["chapters"] for g in c["segments"]]
everything = "\n".join(texts)
chapters = [f'{c["level"]} {c["title"]}' for c in plan["chapters"]]
want_chapters = []
failures = 0


def fail(msg):
    global failures
    failures += 1
    print("FAIL:", msg)


for line in open(expect, encoding="utf-8"):
    line = line.rstrip("\n")
    if not line or line.startswith("#"):
        continue
    key, _, value = line.partition(": ")
    if key in ("title", "author", "date", "published", "url"):
        got = plan[key] if plan[key] is not None else "-"
        if got != value:
            fail(f"{key}: got {got!r}, want {value!r}")
    elif key == "chapter":
        want_chapters.append(value)
    elif key == "say":
        if value not in everything:
            fail(f"not said: {value!r}")
    elif key == "not":
        if value.lower() in everything.lower():
            fail(f"said but should not be: {value!r}")
    else:
        fail(f"unknown key in {expect}: {key}")
if want_chapters and chapters != want_chapters:
    fail("chapters differ:\n  got  " + "\n       ".join(chapters) +
         "\n  want " + "\n       ".join(want_chapters))
print(f"{article}: {'ok' if not failures else str(failures) + ' failed'} "
      f"({len(chapters)} chapters, {len(texts)} segments)")
sys.exit(1 if failures else 0)
