#!/usr/bin/env bash
# The MP3 encoded on several cores (chunks cut in pauses, joined) against
# one core, on decoded audio: the same length as the PCM to the sample,
# aligned to it (the LAME delay removed by the Info frame), the same
# quality (SNR against the PCM), no click at any join (the loudest decoded
# sample in the quiet stretches of the PCM), and really made of chunks.
. "$(dirname "$0")/lib.sh"
# The second run takes its segments from the cache the first filled, so
# both MP3s encode the same PCM (espeak-ng in worker processes says things
# a few samples differently).
export XDG_CACHE_HOME="$SCRATCH/cache"
for j in 1 4; do
    "$TUTUR" narrate -q --mp3 --wav -j $j -o "j$j/" "$MISSION" 2>err.txt \
        || fail "narrate -j $j: $(cat err.txt)"
done
slug=$(basename "$MISSION" .txt)
/usr/bin/python3 - "j1/$slug" "j4/$slug" <<'PY' && pass "MP3 on 4 cores = on one core, to the sample" || fail "parallel MP3"
import subprocess, sys, wave
import numpy as np
one, four = sys.argv[1], sys.argv[2]
w = wave.open(one + ".wav")
pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(float)
def decode(p):
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", p, "-f", "s16le", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, dtype="<i2").astype(float)
w4 = wave.open(four + ".wav")
assert w4.readframes(w4.getnframes()) == pcm.astype("<i2").tobytes(), "the two runs' PCM differ"
a, b = decode(one + ".mp3"), decode(four + ".mp3")
assert len(a) == len(pcm) == len(b), (len(a), len(b), len(pcm))
def snr(x):
    return 10 * np.log10(np.sum(pcm ** 2) / np.sum((pcm - x) ** 2))
def lag(x):
    seg = slice(100000, 300000)
    return min(range(-8, 9), key=lambda l: np.sum((pcm[seg] - np.roll(x, -l)[seg]) ** 2))
print(f"SNR one core {snr(a):.2f} dB, four cores {snr(b):.2f} dB; lags {lag(a)} {lag(b)}")
assert lag(a) == 0 and lag(b) == 0
assert snr(b) >= snr(a) - 0.2, "joins cost quality"
# stretches of digital silence in the PCM (pauses) stay near silent decoded
quiet = np.convolve((np.abs(pcm) <= 2).astype(float), np.ones(2205), "same") >= 2205
print(f"loudest decoded sample in {quiet.sum() / 22050:.1f} s of pauses: one core {np.abs(a[quiet]).max():.0f}, four {np.abs(b[quiet]).max():.0f}")
assert np.abs(b[quiet]).max() <= max(64, 2 * np.abs(a[quiet]).max())
assert open(one + ".mp3", "rb").read() != open(four + ".mp3", "rb").read(), "four cores fell back to one"
PY
finish
