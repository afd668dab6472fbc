#!/usr/bin/python3
"""chunk_check.py ONE.opus MANY.opus SPOOL.wav: the stream encoded on
several cores (MANY) against the single encoder's (ONE), both decoded with
opusdec and compared with the spool they came from (resampled by sox):

- the decoded lengths are equal and match the spool's (within one 48 kHz
  sample per 22050 Hz sample's rounding);
- MANY's signal-to-noise ratio against the spool is within 0.5 dB of ONE's;
- wherever the spool is silent (where every cut between chunks lies), the
  two decodings differ by less than -50 dBFS: no click at any joint.
Debian's Python, for numpy.
"""
import os
import subprocess
import sys
import tempfile
import wave

import numpy as np


def read(path):
    with wave.open(path) as w:
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64), w.getframerate()


one, many, spool = sys.argv[1:4]
tmp = tempfile.mkdtemp()
for src, dst in ((one, "one.wav"), (many, "many.wav")):
    subprocess.run(["opusdec", "--quiet", "--rate", "48000", "--force-wav", src,
                    os.path.join(tmp, dst)], check=True)
subprocess.run(["sox", spool, "-r", "48000", os.path.join(tmp, "ref.wav")], check=True)
a, _ = read(os.path.join(tmp, "one.wav"))
b, _ = read(os.path.join(tmp, "many.wav"))
ref, _ = read(os.path.join(tmp, "ref.wav"))
failures = 0
if len(a) != len(b) or abs(len(a) - len(ref)) > 1:
    print(f"FAIL: lengths one {len(a)}, many {len(b)}, spool at 48 kHz {len(ref)}")
    failures += 1
n = min(len(a), len(b), len(ref))
a, b, ref = a[:n], b[:n], ref[:n]


def snr(x):
    return 10 * np.log10(np.sum(ref ** 2) / np.sum((x - ref) ** 2))


sa, sb = snr(a), snr(b)
print(f"SNR against the spool: one encoder {sa:.2f} dB, several {sb:.2f} dB")
if abs(sa - sb) > 0.5:
    print("FAIL: SNR differs by more than 0.5 dB")
    failures += 1
# silent stretches of the spool, 30 ms clear of any sound
loud = np.abs(ref) > 8
win = 1440
near = np.convolve(loud.astype(np.float64), np.ones(2 * win + 1), mode="same") > 0
silent = ~near
worst = np.max(np.abs(b - a)[silent]) if silent.any() else 0.0
worst_db = 20 * np.log10(max(worst, 1e-9) / 32768)
print(f"in {silent.sum() / 48000:.1f} s of silence the decodings differ by at most {worst_db:.1f} dBFS")
if worst_db > -50:
    print("FAIL: a discontinuity in silence")
    failures += 1
sys.exit(1 if failures else 0)
