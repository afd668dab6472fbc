#!/usr/bin/env python3
"""daisy_check.py BOOK_DIR PLAN.json: a DAISY 2.02 book as the DAISY
Pipeline's checks and players see it.

- every file is well-formed (xmllint --noout --nonet);
- ncc.html has the required metadata; ncc:totalTime equals the sum of the
  SMIL clip durations within 1 s, and each SMIL's ncc:timeInThisSmil its
  own clips within 0.5 s;
- every heading of the article is in the NCC at its level (the title as
  h1 class="title"), in order, linked to a par of an existing SMIL;
- every clip lies within its MP3's duration (ffprobe), clips run in order
  without overlap, and every text src names an id of content.html.
"""
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

XHTML = "{http://www.w3.org/1999/xhtml}"
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def seconds(hms):
    h, m, s = hms.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


def npt(v):
    return float(re.fullmatch(r"npt=([\d.]+)s", v).group(1))


book, plan_path = sys.argv[1], sys.argv[2]
plan = json.load(open(plan_path))
files = sorted(os.listdir(book))
for f in files:
    if f.endswith((".html", ".smil")):
        r = subprocess.run(["xmllint", "--noout", "--nonet", os.path.join(book, f)],
                           capture_output=True, text=True)
        if r.returncode:
            fail(f"xmllint {f}: {r.stderr.strip()}")

ncc = ET.parse(os.path.join(book, "ncc.html")).getroot()
meta = {m.get("name"): m.get("content") for m in ncc.iter(XHTML + "meta") if m.get("name")}
for key in ("dc:title", "dc:creator", "dc:language", "dc:format", "dc:identifier",
            "ncc:totalTime", "ncc:tocItems", "ncc:multimediaType", "ncc:generator", "ncc:files"):
    if key not in meta:
        fail(f"ncc.html has no {key}")
if meta.get("ncc:multimediaType") != "audioFullText":
    fail(f"ncc:multimediaType is {meta.get('ncc:multimediaType')}")
if meta.get("dc:format") != "Daisy 2.02":
    fail("dc:format is not Daisy 2.02")

content_ids = {e.get("id") for e in ET.parse(os.path.join(book, "content.html")).getroot().iter()
               if e.get("id")}
headings = [e for e in ncc.find(XHTML + "body") if re.fullmatch(XHTML + r"h[1-6]", e.tag)]
got = [(int(e.tag[-1]), "".join(e.itertext()).strip()) for e in headings]
want = [(1 if i == 0 else c["level"], c["title"]) for i, c in enumerate(plan["chapters"])]
if got != want:
    fail(f"NCC headings {got} != article's {want}")
if headings and headings[0].get("class") != "title":
    fail("the first NCC heading is not class=title")
if meta.get("ncc:tocItems") != str(len(headings)):
    fail(f"ncc:tocItems {meta.get('ncc:tocItems')} for {len(headings)} headings")

total_clips = 0.0
smil_pars = {}
for f in [f for f in files if re.fullmatch(r"bab\d+\.smil", f)]:
    root = ET.parse(os.path.join(book, f)).getroot()
    smeta = {m.get("name"): m.get("content") for m in root.iter("meta")}
    clips, last_end = 0.0, 0.0
    for par in root.iter("par"):
        smil_pars.setdefault(f, set()).add(par.get("id"))
        text = par.find("text")
        target = text.get("src").split("#")[1]
        if target not in content_ids:
            fail(f"{f}: text src {text.get('src')} names no element")
        for audio in par.iter("audio"):
            a, b = npt(audio.get("clip-begin")), npt(audio.get("clip-end"))
            if not (b > a >= last_end - 1e-9):
                fail(f"{f}: clip {a}..{b} out of order or empty")
            last_end = b
            clips += b - a
            mp3 = os.path.join(book, audio.get("src"))
            if not os.path.exists(mp3):
                fail(f"{f}: {audio.get('src')} missing")
                continue
            dur = float(subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration",
                                        "-of", "csv=p=0", mp3], capture_output=True, text=True).stdout)
            if b > dur + 0.001:
                fail(f"{f}: clip ends at {b} s, {audio.get('src')} lasts {dur} s")
    if abs(seconds(smeta["ncc:timeInThisSmil"]) - clips) > 0.5:
        fail(f"{f}: ncc:timeInThisSmil {smeta['ncc:timeInThisSmil']} but clips sum to {clips:.3f} s")
    total_clips += clips
if abs(seconds(meta["ncc:totalTime"]) - total_clips) > 1.0:
    fail(f"ncc:totalTime {meta['ncc:totalTime']} but clips sum to {total_clips:.3f} s")
for h in headings:
    href = h.find(XHTML + "a").get("href")
    smil, _, frag = href.partition("#")
    if frag not in smil_pars.get(smil, set()):
        fail(f"NCC link {href} names no par")
print(f"{book}: {'ok' if not failures else str(len(failures)) + ' failed'} "
      f"({len(headings)} headings, {total_clips:.1f} s of clips, totalTime {meta.get('ncc:totalTime')})")
sys.exit(1 if failures else 0)
