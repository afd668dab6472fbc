#!/usr/bin/python3
"""mp3_check.py DIR SLUG [--cover]: the MP3 as podcast apps read it.

- mutagen: an ID3v2 CTOC (top level, ordered) over one CHAP per chapter,
  with the Opus file's chapter titles and starts; the recording date (TDRC)
  is the Opus DATE's day; COMM holds the description; APIC the cover.
- eyeD3: the same chapters and titles.
- ffprobe: the same chapters, and the duration read from the Info frame
  (no "Estimating duration from bitrate").
- Decoded sound (ffmpeg honours the LAME delay, as Apple's and Android's
  players do): at every chapter start, the first sound after the mark in the
  MP3 is within 5 ms of the first sound after it in the Opus file.
"""
import json
import subprocess
import sys

import eyed3
import mutagen.id3
import mutagen.oggopus
import numpy as np

d, slug = sys.argv[1], sys.argv[2]
want_cover = "--cover" in sys.argv
mp3, opus = f"{d}/{slug}.mp3", f"{d}/{slug}.opus"
bad = []


def check(ok, what):
    print(("ok: " if ok else "FAIL: ") + what)
    if not ok:
        bad.append(what)


def chapters(path):
    out = subprocess.run(["ffprobe", "-v", "warning", "-show_chapters", "-show_format", "-of", "json", path],
                         capture_output=True, text=True, check=True)
    j = json.loads(out.stdout)
    return [(float(c["start_time"]), c["tags"].get("title")) for c in j["chapters"]], out.stderr, j


oc, _, oj = chapters(opus)
mc, err, mj = chapters(mp3)
check(len(oc) >= 2 and [t for _, t in mc] == [t for _, t in oc], f"ffprobe: {len(mc)} MP3 chapters, titles as in the Opus file")
check(all(abs(a - b) <= 0.001 for (a, _), (b, _) in zip(mc, oc)), "ffprobe: MP3 chapter starts = Opus chapter starts")
check("Estimating" not in err and "estimat" not in err.lower(), f"ffprobe reads the duration from the Info frame ({mj['format']['duration']} s)")

tags = mutagen.id3.ID3(mp3)
toc = [f for f in tags.getall("CTOC")]
chaps = {f.element_id: f for f in tags.getall("CHAP")}
check(len(toc) == 1 and toc[0].flags & mutagen.id3.CTOCFlags.TOP_LEVEL and toc[0].flags & mutagen.id3.CTOCFlags.ORDERED,
      "mutagen: one CTOC, top level and ordered")
ordered = [chaps[e] for e in toc[0].child_element_ids] if toc else []
titles = [str(c.sub_frames.get("TIT2", "")) for c in ordered]
check(titles == [t for _, t in oc], f"mutagen: CHAP titles in CTOC order = Opus titles ({len(titles)})")
check(all(abs(c.start_time / 1000 - s) <= 0.001 for c, (s, _) in zip(ordered, oc)), "mutagen: CHAP start times in ms")
check(all(ordered[i].end_time == ordered[i + 1].start_time for i in range(len(ordered) - 1)), "mutagen: chapters tile the audio")
odate = (mutagen.oggopus.OggOpus(opus).tags.get("DATE") or [None])[0]
tdrc = str(tags.get("TDRC", ""))
check(bool(odate) and tdrc == odate[:10], f"mutagen: recording date {tdrc!r} (Opus DATE {odate!r})")
check(bool(tags.getall("COMM")) and len(str(tags.getall("COMM")[0])) > 20, "mutagen: COMM holds the description")
check(bool(tags.getall("APIC")) == want_cover, f"mutagen: APIC {'present' if want_cover else 'absent'}")

e = eyed3.load(mp3)
etitles = [c.title for c in e.tag.chapters]
check(sorted(etitles) == sorted(t for _, t in oc) and len(e.tag.table_of_contents) == 1,
      f"eyeD3: {len(etitles)} chapters and a table of contents")


def decode(path):
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-ac", "1", "-ar", "22050", "-f", "s16le", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(raw, dtype="<i2").astype(np.int32)


a, b = decode(opus), decode(mp3)
check(abs(len(a) - len(b)) <= 1, f"decoded lengths: Opus {len(a)}, MP3 {len(b)} samples")


def onset(x, t):
    i = int(t * 22050)
    loud = np.nonzero(np.abs(x[i:i + 22050 * 5]) > 1000)[0]
    return (i + loud[0]) / 22050 if len(loud) else None


worst = 0.0
for t, title in oc[1:]:
    p, q = onset(a, t), onset(b, t)
    if p is None or q is None:
        check(False, f"no sound after chapter {title!r}")
        continue
    worst = max(worst, abs(p - q))
check(worst <= 0.005, f"decoded sound at chapter starts: MP3 within {worst * 1000:.1f} ms of Opus")
sys.exit(1 if bad else 0)
