"""LogMel80 exactly as docs/FEATURES.md specifies (numpy, float64 internally, float32 out).

window 400 periodic Hann, hop 160, not centred, FFT 512 (zero-padded at the end), power |X_k|^2 for k = 0..256,
80 HTK mel triangles with 82 edges equally spaced in mel between 0 and 8000 Hz evaluated at k*16000/512 (peak 1, no
area normalisation), ln(max(e, 1e-10)). A frame is emitted only once its 400 samples are in (no padding).
"""
import numpy as np

SR = 16000
WIN = 400
HOP = 160
NFFT = 512
NMEL = 80
FLOOR = 1e-10


def hann_periodic(n=WIN):
    i = np.arange(n, dtype=np.float64)
    return 0.5 - 0.5 * np.cos(2.0 * np.pi * i / n)


def hz_to_mel(f):
    return 2595.0 * np.log10(1.0 + np.asarray(f, dtype=np.float64) / 700.0)


def mel_to_hz(m):
    return 700.0 * (10.0 ** (np.asarray(m, dtype=np.float64) / 2595.0) - 1.0)


def mel_filterbank():
    """[80, 257] triangular weights."""
    edges_hz = mel_to_hz(np.linspace(hz_to_mel(0.0), hz_to_mel(8000.0), NMEL + 2))
    f = np.arange(NFFT // 2 + 1, dtype=np.float64) * SR / NFFT
    fb = np.zeros((NMEL, NFFT // 2 + 1))
    for m in range(NMEL):
        lo, c, hi = edges_hz[m], edges_hz[m + 1], edges_hz[m + 2]
        up = (f - lo) / (c - lo)
        down = (hi - f) / (hi - c)
        fb[m] = np.maximum(0.0, np.minimum(up, down))
    return fb


_FB = mel_filterbank()
_WINDOW = hann_periodic()


def num_frames(n_samples):
    return 0 if n_samples < WIN else 1 + (n_samples - WIN) // HOP


def log_mel(pcm):
    """pcm: 1-D float array at 16 kHz in [-1, 1]. Returns [frames, 80] float32."""
    x = np.asarray(pcm, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError(f"log_mel expects mono 1-D PCM, got shape {x.shape}")
    n = num_frames(len(x))
    if n == 0:
        return np.zeros((0, NMEL), dtype=np.float32)
    idx = np.arange(WIN)[None, :] + HOP * np.arange(n)[:, None]
    frames = x[idx] * _WINDOW[None, :]
    spec = np.fft.rfft(frames, n=NFFT, axis=1)
    power = spec.real ** 2 + spec.imag ** 2
    mel = power @ _FB.T
    return np.log(np.maximum(mel, FLOOR)).astype(np.float32)


def log_mel_naive(pcm):
    """Deliberately literal re-implementation (explicit DFT sums, per-bin triangle formula) used as a self-check."""
    x = np.asarray(pcm, dtype=np.float64)
    n = num_frames(len(x))
    out = np.zeros((n, NMEL))
    k = np.arange(257)
    t = np.arange(WIN)
    basis = np.exp(-2j * np.pi * np.outer(k, t) / NFFT)  # zero padding to 512 only changes the normaliser N
    edges = [700.0 * (10 ** (m / 2595.0) - 1.0) for m in np.linspace(0.0, 2595.0 * np.log10(1 + 8000 / 700.0), 82)]
    for i in range(n):
        seg = x[160 * i:160 * i + 400] * np.array([0.5 - 0.5 * np.cos(2 * np.pi * j / 400) for j in range(400)])
        p = np.abs(basis @ seg) ** 2
        for m in range(80):
            e = 0.0
            for kk in range(257):
                f = kk * 16000.0 / 512.0
                if edges[m] < f < edges[m + 2]:
                    wgt = (f - edges[m]) / (edges[m + 1] - edges[m]) if f <= edges[m + 1] else \
                        (edges[m + 2] - f) / (edges[m + 2] - edges[m + 1])
                    e += wgt * p[kk]
            out[i, m] = np.log(max(e, 1e-10))
    return out


def self_check():
    rng = np.random.default_rng(7)
    t = np.arange(3200) / SR
    pcm = 0.3 * np.sin(2 * np.pi * 440 * t) + 0.05 * rng.standard_normal(len(t))
    pcm[1000:1400] = 0.0
    a = log_mel(pcm)
    b = log_mel_naive(pcm)
    assert a.shape == b.shape == (num_frames(len(pcm)), 80), (a.shape, b.shape)
    err = float(np.max(np.abs(a - b)))
    if err > 1e-4:
        raise AssertionError(f"log_mel differs from the naive implementation by {err}")
    return err


if __name__ == "__main__":
    print("features self-check max |fast - naive| =", self_check())
