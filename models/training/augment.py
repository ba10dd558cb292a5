"""Audio augmentation: noise at an SNR, synthetic-room reverb, telephone band (300-3400 Hz at 8 kHz, optional GSM /
G.711 round trip), lossy codecs (Opus, MP3, GSM via ffmpeg), gain, pitch shift (sox). All at 16 kHz float."""
import io
import subprocess
import wave

import numpy as np
from scipy.signal import butter, fftconvolve, resample_poly, sosfilt, lfilter

SR = 16000
_BP = butter(4, [300, 3400], btype="bandpass", fs=SR, output="sos")


def _wav_bytes(pcm, sr):
    b = io.BytesIO()
    with wave.open(b, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sr)
        w.writeframes((np.clip(pcm, -1, 1) * 32767).astype(np.int16).tobytes())
    return b.getvalue()


def _run(cmd, data):
    r = subprocess.run(cmd, input=data, capture_output=True, timeout=60)
    if r.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed: {r.stderr[-300:]!r}")
    return r.stdout


def ffmpeg_roundtrip(pcm, sr, codec_args, fmt):
    enc = _run(["ffmpeg", "-v", "error", "-f", "wav", "-i", "pipe:0"] + codec_args + ["-f", fmt, "pipe:1"],
               _wav_bytes(pcm, sr))
    dec = _run(["ffmpeg", "-v", "error", "-f", fmt, "-i", "pipe:0", "-f", "s16le", "-ac", "1", "-ar", str(sr),
                "pipe:1"], enc)
    out = np.frombuffer(dec, dtype=np.int16).astype(np.float32) / 32768.0
    return _align_len(out, len(pcm))


def _align_len(x, n):
    if len(x) >= n:
        return x[:n]
    return np.concatenate([x, np.zeros(n - len(x), np.float32)])


CODECS = {
    "opus8": (["-c:a", "libopus", "-b:a", "8k", "-application", "voip"], "ogg"),
    "opus16": (["-c:a", "libopus", "-b:a", "16k"], "ogg"),
    "mp3_24": (["-c:a", "libmp3lame", "-b:a", "24k"], "mp3"),
    "gsm": (["-ar", "8000", "-c:a", "libgsm"], "gsm"),
}


def codec(pcm, name):
    args, fmt = CODECS[name]
    y = ffmpeg_roundtrip(pcm, SR, args, fmt)
    # codecs add a small fixed delay; remove it by cross-correlation so phone times stay exact
    return _undelay(pcm, y)


def _undelay(ref, y, max_lag=1600):
    """Remove a constant delay (either sign) of y against ref, found by cross-correlation."""
    n = min(len(ref), len(y), 64000)
    a = ref[:n].astype(np.float64)
    b = y[:n].astype(np.float64)
    c = fftconvolve(b, a[::-1], mode="full")
    mid = n - 1
    seg = c[mid - max_lag:mid + max_lag + 1]
    lag = int(np.argmax(seg)) - max_lag
    if lag > 0:
        return _align_len(y[lag:], len(ref))
    if lag < 0:
        return _align_len(np.concatenate([np.zeros(-lag, np.float32), y]), len(ref))
    return y


def telephone(pcm, rng=None, kind="gsm"):
    """Band-pass 300-3400 Hz, 8 kHz, optional codec (gsm | mulaw | none), back to 16 kHz."""
    x = sosfilt(_BP, pcm.astype(np.float64))
    x8 = resample_poly(x, 1, 2)
    if kind == "mulaw":
        mu = 255.0
        q = np.sign(x8) * np.log1p(mu * np.minimum(np.abs(x8), 1)) / np.log1p(mu)
        q = np.round(q * 127) / 127
        x8 = np.sign(q) * ((1 + mu) ** np.abs(q) - 1) / mu
    elif kind == "gsm":
        args = ["-c:a", "libgsm"]
        y = ffmpeg_roundtrip(x8.astype(np.float32), 8000, args, "gsm")
        x8 = _undelay(x8.astype(np.float32), y, max_lag=600)
    y = resample_poly(np.asarray(x8, dtype=np.float64), 2, 1)
    return _align_len(y.astype(np.float32), len(pcm))


def add_noise(pcm, snr_db, rng):
    kind = rng.integers(3)
    n = rng.standard_normal(len(pcm))
    if kind == 1:  # pink-ish
        n = lfilter([0.049922035, -0.095993537, 0.050612699, -0.004408786], [1, -2.494956002, 2.017265875, -0.522189400], n)
    elif kind == 2:  # brown-ish / hum-like
        n = lfilter([1.0], [1, -0.98], n)
    sp = np.mean(pcm.astype(np.float64) ** 2) + 1e-12
    nz = np.mean(n ** 2) + 1e-12
    return (pcm + n * np.sqrt(sp / nz / 10 ** (snr_db / 10))).astype(np.float32)


def reverb(pcm, rt60, rng, wet=0.5):
    n = int(SR * min(rt60 * 1.2, 1.0))
    t = np.arange(n) / SR
    ir = rng.standard_normal(n) * np.exp(-6.9 * t / rt60)
    ir[: int(0.003 * SR)] = 0.0
    ir = ir / np.sqrt(np.sum(ir ** 2))
    ir[0] = 1.0 / wet
    y = fftconvolve(pcm.astype(np.float64), ir)[: len(pcm)]
    y *= np.sqrt(np.mean(pcm.astype(np.float64) ** 2) / (np.mean(y ** 2) + 1e-12))
    return y.astype(np.float32)


def gain(pcm, db):
    return np.clip(pcm * 10 ** (db / 20), -1, 1).astype(np.float32)


def pitch(pcm, cents):
    out = _run(["sox", "-t", "wav", "-", "-t", "wav", "-", "pitch", str(int(cents))], _wav_bytes(pcm, SR))
    with wave.open(io.BytesIO(out), "rb") as w:
        y = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).astype(np.float32) / 32768.0
    return _undelay(pcm, _align_len(y, len(pcm)))


def random_chain(pcm, rng, which):
    """which = 'phone' (telephone-band copy) or 'room' (reverb/noise/codec/pitch copy). Returns (pcm, description)."""
    desc = []
    x = pcm
    if which == "room":
        if rng.random() < 0.4:
            c = float(rng.uniform(-350, 350))
            x = pitch(x, c)
            desc.append(f"pitch{c:+.0f}c")
        if rng.random() < 0.6:
            rt = float(rng.uniform(0.15, 0.8))
            x = reverb(x, rt, rng, wet=float(rng.uniform(0.3, 0.8)))
            desc.append(f"reverb{rt:.2f}")
        if rng.random() < 0.7:
            snr = float(rng.choice([5, 10, 15, 20, 30]))
            x = add_noise(x, snr, rng)
            desc.append(f"noise{snr:.0f}dB")
        if rng.random() < 0.25:
            cn = str(rng.choice(["opus8", "opus16", "mp3_24"]))
            x = codec(x, cn)
            desc.append(cn)
    else:
        if rng.random() < 0.3:
            rt = float(rng.uniform(0.15, 0.5))
            x = reverb(x, rt, rng, wet=float(rng.uniform(0.3, 0.8)))
            desc.append(f"reverb{rt:.2f}")
        if rng.random() < 0.6:
            snr = float(rng.choice([10, 15, 20, 30]))
            x = add_noise(x, snr, rng)
            desc.append(f"noise{snr:.0f}dB")
        kind = str(rng.choice(["gsm", "mulaw", "none"]))
        x = telephone(x, rng, kind)
        desc.append(f"tel-{kind}")
    db = float(rng.uniform(-18, 6))
    x = gain(x, db)
    desc.append(f"gain{db:+.0f}dB")
    return x, "+".join(desc)
