#!/usr/bin/env python3
"""publish_check.py DIR SLUG PLAN.json TARGET_LUFS: checks every output of
`tutur narrate --all` for one article as its users' tools see it.

- opusinfo -q accepts the narration and every chapter file;
- the chapter starts in the Opus comments, the JSON chapters and the WebVTT
  chapters track are the same millisecond; ffprobe agrees;
- the chapter files' exact lengths (last granule - pre-skip) add up to the
  narration's within 20 ms per chapter, and the playlist lists them in order;
- the captions (validated by vtt_check.js) hold every sentence of the plan,
  in order, and the chapters track the plan's chapter titles;
- every audio output (Opus, MP3, each chapter file) measures within 1 LU of
  the target by ffmpeg's ebur128, with a true peak at or below -1 dBTP.
"""
import html
import json
import os
import re
import struct
import subprocess
import sys

TOOLS = os.path.dirname(os.path.abspath(__file__))
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def run(*cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def opus_length_samples(path):
    """Exact playback length at 48 kHz: last granule minus pre-skip."""
    data = open(path, "rb").read()
    head = data.find(b"OpusHead")
    pre_skip = struct.unpack_from("<H", data, head + 10)[0]
    last = data.rfind(b"OggS")
    granule = struct.unpack_from("<q", data, last + 6)[0]
    return granule - pre_skip


def loudness(path):
    r = run("ffmpeg", "-hide_banner", "-nostats", "-i", path, "-af", "ebur128=peak=true",
            "-f", "null", "-")
    i = re.findall(r"^\s+I:\s+(-?[\d.]+|-inf) LUFS", r.stderr, re.M)
    p = re.findall(r"^\s+Peak:\s+(-?[\d.]+|-inf) dBFS", r.stderr, re.M)
    return float(i[-1]), float(p[-1])


def words(text):
    return " ".join(html.unescape(text).split())


def main():
    out_dir, slug, plan_path, target = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    plan = json.load(open(plan_path))
    base = os.path.join(out_dir, slug)
    opus = base + ".opus"

    # Structure of every Ogg Opus file.
    parts = [l.strip() for l in open(base + ".m3u8") if l.strip() and not l.startswith("#")]
    for f in [opus] + [os.path.join(out_dir, p) for p in parts]:
        r = run("opusinfo", "-q", f)
        if r.returncode != 0:
            fail(f"opusinfo -q {f}: {r.stdout}{r.stderr}")

    # One set of chapter times everywhere.
    info = run("opusinfo", opus).stdout
    comment_ms = []
    for h, m, s, ms in re.findall(r"CHAPTER\d{3}=(\d\d):(\d\d):(\d\d)\.(\d{3})", info):
        comment_ms.append(((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(ms))
    js = json.load(open(base + ".chapters.json"))
    if js.get("version") != "1.2.0":
        fail(f"chapters JSON version {js.get('version')}")
    json_ms = [round(c["startTime"] * 1000) for c in js["chapters"]]
    r = run("node", os.path.join(TOOLS, "vtt_check.js"), base + ".vtt", base + ".chapters.vtt")
    if r.returncode != 0:
        fail(f"WebVTT: {r.stderr.strip()}")
        return
    vtt = json.loads(r.stdout)
    vtt_ms = [c["start"] for c in vtt["chapters"]]
    probe = json.loads(run("ffprobe", "-v", "error", "-show_chapters", "-of", "json",
                           opus).stdout)["chapters"]
    probe_ms = [round(float(c["start_time"]) * 1000) for c in probe]
    n = len(plan["chapters"])
    if not (len(comment_ms) == len(json_ms) == len(vtt_ms) == len(probe_ms) == n):
        fail(f"chapter counts: plan {n}, comments {len(comment_ms)}, JSON {len(json_ms)}, "
             f"VTT {len(vtt_ms)}, ffprobe {len(probe_ms)}")
    elif not (comment_ms == json_ms == vtt_ms == probe_ms):
        fail(f"chapter times differ:\n comments {comment_ms}\n json {json_ms}\n"
             f" vtt {vtt_ms}\n ffprobe {probe_ms}")
    else:
        print(f"ok: {n} chapters at the same milliseconds in comments, JSON, WebVTT, ffprobe")
    titles = [c["title"] for c in plan["chapters"]]
    if [c["title"] for c in js["chapters"]] != titles:
        fail("JSON chapter titles differ from the plan")
    if [words(c["text"]) for c in vtt["chapters"]] != [words(t) for t in titles]:
        fail("WebVTT chapter titles differ from the plan")

    # Per-chapter files add up.
    whole = opus_length_samples(opus)
    lengths = [opus_length_samples(os.path.join(out_dir, p)) for p in parts]
    if len(parts) != n:
        fail(f"{len(parts)} chapter files for {n} chapters")
    diff_ms = abs(sum(lengths) - whole) / 48
    if diff_ms > 20 * n:
        fail(f"chapter files add up to {sum(lengths)/48000:.3f} s, whole {whole/48000:.3f} s")
    else:
        print(f"ok: chapter files add up to the narration within {diff_ms:.1f} ms")
    for k, (p, length) in enumerate(zip(parts, lengths)):
        want = (json_ms[k + 1] if k + 1 < n else whole / 48) - json_ms[k]
        if abs(length / 48 - want) > 20:
            fail(f"{p}: {length/48:.0f} ms, chapter is {want:.0f} ms")

    # Captions: every sentence, in order.
    sentences = [t["text"] for c in plan["chapters"] for g in c["segments"]
                 for t in g["sentences"] if t["text"]]
    said = words(" ".join(c["text"] for c in vtt["captions"]))
    if said != words(" ".join(sentences)):
        fail("captions do not hold the plan's sentences in order")
    else:
        print(f"ok: {len(vtt['captions'])} caption cues hold all {len(sentences)} sentences")

    # Loudness of every audio output.
    for f in [opus, base + ".mp3"] + [os.path.join(out_dir, p) for p in parts]:
        i, peak = loudness(f)
        if abs(i - target) > 1.0 or peak > -1.0:
            fail(f"{os.path.basename(f)}: {i} LUFS, peak {peak} dBTP")
    print(f"ok: loudness checked on {len(parts) + 2} audio files")


main()
sys.exit(1 if failures else 0)
