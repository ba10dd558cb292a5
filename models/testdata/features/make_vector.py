#!/usr/bin/env python3
"""Regenerates the shared feature test vector (see README.md). NumPy float64, independent of the Java code.

Run from this folder:  /usr/bin/python3 make_vector.py
"""
import numpy as np

SR, WIN, HOP, NFFT, BANDS, NCEP = 16000, 400, 160, 512, 80, 13


def signal():
    t = np.arange(SR) / SR  # 1.0 s
    # linear chirp 100 Hz -> 7000 Hz, plus steady tones, plus white noise with a fixed seed,
    # plus a 50 ms full-scale click train near the end (clipping-like edges).
    f0, f1 = 100.0, 7000.0
    chirp = 0.3 * np.sin(2 * np.pi * (f0 * t + 0.5 * (f1 - f0) * t * t))
    tones = 0.1 * np.sin(2 * np.pi * 440 * t) + 0.05 * np.sin(2 * np.pi * 1000 * t) + 0.03 * np.sin(2 * np.pi * 3000 * t)
    noise = 0.01 * np.random.default_rng(1234).standard_normal(SR)
    x = chirp + tones + noise
    x[14000:14800] = np.sign(np.sin(2 * np.pi * 200 * t[14000:14800])) * 0.95
    return x.astype(np.float32)


def mel_filters():
    mel = lambda f: 2595.0 * np.log10(1.0 + f / 700.0)
    hz = lambda m: 700.0 * (10.0 ** (m / 2595.0) - 1.0)
    edges = hz(np.linspace(mel(0.0), mel(8000.0), BANDS + 2))
    f = np.arange(NFFT // 2 + 1) * SR / NFFT
    fb = np.zeros((BANDS, f.size))
    for m in range(BANDS):
        lo, c, hi = edges[m], edges[m + 1], edges[m + 2]
        up = (f - lo) / (c - lo)
        down = (hi - f) / (hi - c)
        fb[m] = np.where((f > lo) & (f < hi), np.where(f <= c, up, down), 0.0)
    return fb


def logmel(x):
    x = x.astype(np.float64)
    n = np.arange(WIN)
    w = 0.5 - 0.5 * np.cos(2 * np.pi * n / WIN)  # periodic Hann
    frames = (len(x) - WIN) // HOP + 1
    fb = mel_filters()
    out = np.empty((frames, BANDS))
    for i in range(frames):
        seg = np.zeros(NFFT)
        seg[:WIN] = x[i * HOP:i * HOP + WIN] * w
        p = np.abs(np.fft.rfft(seg)) ** 2
        out[i] = np.log(np.maximum(fb @ p, 1e-10))
    return out


def mfcc(lm):
    n = np.arange(BANDS)
    k = np.arange(NCEP)[:, None]
    basis = np.cos(np.pi * k * (2 * n + 1) / (2 * BANDS)) * np.sqrt(2.0 / BANDS)
    basis[0] *= np.sqrt(0.5)
    return lm @ basis.T


if __name__ == "__main__":
    x = signal()
    lm = logmel(x)
    mc = mfcc(lm)
    np.save("signal.npy", x)
    x.astype("<f4").tofile("signal.f32")
    np.save("logmel.npy", lm.astype(np.float32))
    np.save("mfcc.npy", mc.astype(np.float32))
    print("signal", x.shape, "logmel", lm.shape, "mfcc", mc.shape)
