#!/usr/bin/env python3
"""tv_music.py OUT.wav RATE: the TV condition's music bed for asr_corpus.sh.

Sixteen seconds, made here and the same every time: four chords (A minor,
F, G, E minor, two seconds each) with a second harmonic, plucked on every
half second, a bass note on every second and a soft noise beat, 16-bit
mono, peak at half of full scale. The corpus loops it."""
import math
import random
import struct
import sys
import wave


def main():
    out, rate = sys.argv[1], int(sys.argv[2])
    random.seed(11)
    chords = [(57, 60, 64), (53, 57, 60), (55, 59, 62), (52, 55, 59)]

    def hz(m):
        return 440.0 * 2 ** ((m - 69) / 12)

    x = []
    for i in range(16 * rate):
        t = i / rate
        c = chords[int(t / 2) % 4]
        beat = t % 0.5
        pluck = 0.4 + 0.6 * math.exp(-beat * 3.0)
        v = 0.12 * pluck * sum(math.sin(2 * math.pi * hz(m) * t) + 0.3 * math.sin(4 * math.pi * hz(m) * t)
                               for m in c)
        v += 0.25 * math.sin(2 * math.pi * hz(c[0] - 12) * t) * math.exp(-(t % 1.0) * 2.0)
        if beat < 0.03:
            v += 0.3 * (random.random() * 2 - 1) * (1 - beat / 0.03)
        x.append(v)
    peak = max(abs(v) for v in x)
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"".join(struct.pack("<h", int(v / peak * 0.5 * 32767)) for v in x))


main()
