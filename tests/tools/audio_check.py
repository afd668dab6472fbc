#!/usr/bin/env python3
"""Checks what a listener hears around chapter marks in an Opus file.

Decodes the file with ffmpeg (48 kHz mono s16), reads the chapters with
ffprobe, and for every chapter but the first checks that the 100 ms before
its start are silent (peak below -50 dBFS) and that speech (a 10 ms window
with RMS above -40 dBFS) begins within 300 ms after it.  Prints one line per
chapter and exits 1 on any failure."""
import json
import math
import subprocess
import sys

RATE = 48000
SILENCE_DBFS = -50.0
SPEECH_DBFS = -40.0


def dbfs(x):
    return 20 * math.log10(x / 32768.0) if x > 0 else -200.0


def main(path):
    chapters = json.loads(subprocess.run(
        ["ffprobe", "-v", "error", "-show_chapters", "-of", "json", path],
        check=True, capture_output=True).stdout)["chapters"]
    raw = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", path, "-f", "s16le", "-ac", "1", "-ar", str(RATE), "-"],
        check=True, capture_output=True).stdout
    n = len(raw) // 2
    pcm = memoryview(raw).cast("h")
    failures = 0

    def window_rms(a, b):
        b = min(b, n)
        if b <= a:
            return 0.0
        return math.sqrt(sum(pcm[i] * pcm[i] for i in range(a, b)) / (b - a))

    # The first sound must be at the start: the decoder is aligned with the
    # spool (pre-skip applied), and tutur trims espeak's leading silence.
    first = next((i for i in range(0, min(n, RATE)) if abs(pcm[i]) > 327), None)
    print(f"first sound at {first / RATE * 1000 if first is not None else -1:.1f} ms")
    for ch in chapters[1:]:
        start = round(float(ch["start_time"]) * RATE)
        title = ch.get("tags", {}).get("title", "?")
        before = pcm[max(0, start - RATE // 10):start]
        peak = max((abs(v) for v in before), default=0)
        onset = None
        for w in range(start, min(n, start + RATE * 3 // 10), RATE // 100):
            if dbfs(window_rms(w, w + RATE // 100)) > SPEECH_DBFS:
                onset = (w - start) / RATE * 1000
                break
        ok = dbfs(peak) < SILENCE_DBFS and onset is not None
        failures += not ok
        print(f"{'ok ' if ok else 'BAD'} {float(ch['start_time']):9.3f}s  before: {dbfs(peak):7.1f} dBFS"
              f"  speech after: {onset if onset is not None else 'none':>6} ms  {title}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
