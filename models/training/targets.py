"""Rig targets from timed phones: a Cohen-Massaro style coarticulation model (dominance functions) for the mouth,
plus sampled speaking styles for the upper face and head pose. Everything is evaluated at 25 fps video frame
times t_k = k / 25 s.

Lip closure on p/b/m is exact: mouthClose = jawOpen * c(t) with c = 1 on a plateau around every bilabial's centre
(at least +-21 ms, so at least one 25 fps frame lands on it), hence the lip gap jawOpen - mouthClose is exactly 0.
"""
import numpy as np

from . import phones as ph
from .rig import IDX

FPS = 25.0

# articulatory channels: jaw, pucker, funnel, spread, tuck (lower lip under teeth), tongue out, lowerDown, upperUp
CH = ["jaw", "pucker", "funnel", "spread", "tuck", "tongue", "lowerDown", "upperUp"]
_T = {  # phone: targets (missing channels = 0)
    "sil": dict(jaw=0.03),
    "iy": dict(jaw=0.14, spread=0.55, lowerDown=0.1), "ih": dict(jaw=0.22, spread=0.35, lowerDown=0.15),
    "ey": dict(jaw=0.32, spread=0.35, lowerDown=0.2), "eh": dict(jaw=0.42, spread=0.3, lowerDown=0.25),
    "ae": dict(jaw=0.6, spread=0.25, lowerDown=0.35, upperUp=0.1), "aa": dict(jaw=0.72, lowerDown=0.35),
    "ah": dict(jaw=0.5, lowerDown=0.25), "ao": dict(jaw=0.58, funnel=0.5, pucker=0.25, lowerDown=0.2),
    "ax": dict(jaw=0.3, lowerDown=0.1), "er": dict(jaw=0.26, funnel=0.35, pucker=0.2),
    "uh": dict(jaw=0.26, pucker=0.5, funnel=0.35), "uw": dict(jaw=0.16, pucker=0.85, funnel=0.3),
    "ow": dict(jaw=0.42, funnel=0.55, pucker=0.45), "aw": dict(jaw=0.62, lowerDown=0.3),
    "ay": dict(jaw=0.66, lowerDown=0.3), "oy": dict(jaw=0.5, funnel=0.5, pucker=0.3),
    "p": dict(jaw=0.1), "b": dict(jaw=0.1), "m": dict(jaw=0.08),
    "f": dict(jaw=0.1, tuck=0.65, upperUp=0.25), "v": dict(jaw=0.1, tuck=0.6, upperUp=0.2),
    "th": dict(jaw=0.16, tongue=0.3), "dh": dict(jaw=0.15, tongue=0.22),
    "t": dict(jaw=0.14), "d": dict(jaw=0.14), "n": dict(jaw=0.13), "s": dict(jaw=0.09, spread=0.2),
    "z": dict(jaw=0.09, spread=0.2), "l": dict(jaw=0.18), "r": dict(jaw=0.2, pucker=0.35, funnel=0.3),
    "sh": dict(jaw=0.12, funnel=0.55, pucker=0.3, upperUp=0.2), "zh": dict(jaw=0.12, funnel=0.55, pucker=0.3),
    "ch": dict(jaw=0.12, funnel=0.5, pucker=0.3, upperUp=0.15), "jh": dict(jaw=0.12, funnel=0.5, pucker=0.3),
    "k": dict(jaw=0.2), "g": dict(jaw=0.2), "ng": dict(jaw=0.18), "hh": dict(jaw=0.3),
    "w": dict(jaw=0.14, pucker=0.85, funnel=0.35), "y": dict(jaw=0.14, spread=0.35),
}
# second target of diphthongs (the first half uses _T, the second half glides here)
_DIPH = {"ay": dict(jaw=0.2, spread=0.4), "aw": dict(jaw=0.22, pucker=0.6, funnel=0.3),
         "oy": dict(jaw=0.18, spread=0.35), "ey": dict(jaw=0.18, spread=0.5), "ow": dict(jaw=0.2, pucker=0.75, funnel=0.35)}

_LIP_STRONG = {"p", "b", "m", "f", "v", "w", "uw", "ow", "oy", "sh", "zh", "ch", "jh", "iy", "uh", "ao", "r"}


def _vec(d):
    return np.array([d.get(c, 0.0) for c in CH])


def _dominance(phone):
    """(alpha for jaw-like channels, alpha for lip channels)."""
    if phone == "sil":
        return 0.6, 0.6
    if phone in ph.VOWELS:
        return 1.0, 1.0 if phone in _LIP_STRONG else 0.5
    if phone == "hh":
        return 0.15, 0.1
    lip = 1.5 if phone in _LIP_STRONG else 0.12  # non-labial consonants let rounding spread across them
    jaw = 0.7 if phone in ("k", "g", "ng", "l", "r", "y") else 0.9
    return jaw, lip


def smoothstep(x):
    x = np.clip(x, 0.0, 1.0)
    return x * x * (3 - 2 * x)


def expand_phones(phones):
    """Split diphthongs into two targets; returns list of (name, start, end, target_vec, stressed)."""
    out = []
    for p, s, e, st in phones:
        if p in _DIPH:
            m = s + 0.45 * (e - s)
            out.append((p, s, m, _vec(_T[p]), st))
            out.append((p, m, e, _vec(_DIPH[p]), st))
        else:
            out.append((p, s, e, _vec(_T[p]), st))
    return out


def articulators(phones, t, tau_scale=1.0):
    """Blend targets with exponential dominance functions. Returns [len(t), 8]."""
    segs = expand_phones(phones)
    num = np.zeros((len(t), len(CH)))
    den = np.zeros((len(t), len(CH))) + 1e-6
    jaw_ch = np.array([1, 0, 0, 0, 0, 1, 1, 0], dtype=bool)
    for name, s, e, tgt, _ in segs:
        c = 0.5 * (s + e)
        half = 0.5 * (e - s)
        a_jaw, a_lip = _dominance(name)
        if name == "sil" and (e - s) > 0.3:
            a_jaw = a_lip = 2.0  # long pauses: the mouth comes to rest
        hold = 0.3 * half
        d = np.abs(t - c) - hold
        d = np.maximum(d, 0.0)
        tau_fwd = 0.045 * tau_scale  # carry-over
        tau_back = 0.06 * tau_scale  # anticipation
        tau_lip_back = 0.12 * tau_scale if name in ("uw", "ow", "w", "uh", "oy", "sh", "zh", "ch", "jh") else tau_back
        before = t < c
        dj = a_jaw * np.exp(-d / np.where(before, tau_back, tau_fwd))
        dl = a_lip * np.exp(-d / np.where(before, tau_lip_back, tau_fwd))
        D = np.where(jaw_ch[None, :], dj[:, None], dl[:, None])
        num += D * tgt[None, :]
        den += D
    return num / den


def closure(phones, t, ramp=0.03):
    c = np.zeros(len(t))
    press = np.zeros(len(t))
    for p, s, e, _ in phones:
        if p not in ph.BILABIAL:
            continue
        ctr = 0.5 * (s + e)
        half = max(0.35 * (e - s), 0.021)
        dist = np.abs(t - ctr) - half
        v = np.where(dist <= 0, 1.0, 1.0 - smoothstep(dist / ramp))
        c = np.maximum(c, v)
        press = np.maximum(press, v * (1.0 if p in ("p", "b") else 0.6))
    return c, press


def infer_stress(phones):
    """espeak-ng gives no stress: call a vowel stressed when it is long for this utterance."""
    vd = [e - s for p, s, e, _ in phones if p in ph.VOWELS]
    if not vd:
        return phones
    thr = 1.15 * float(np.median(vd))
    return [(p, s, e, (st or (p in ph.VOWELS and (e - s) > thr))) for p, s, e, st in phones]


def sample_style(rng):
    return dict(
        amp=rng.uniform(0.55, 1.35), tau=rng.uniform(0.7, 1.5), asym=rng.uniform(-0.12, 0.12),
        smile=rng.uniform(0.0, 0.35) * (rng.random() < 0.6), press=rng.uniform(0.25, 0.7),
        brow=rng.uniform(0.0, 0.7), brow_base=rng.uniform(0.0, 0.2), frown=rng.uniform(0.0, 0.25) * (rng.random() < 0.35),
        blink_rate=rng.uniform(0.1, 0.5), blink_pause=rng.uniform(0.2, 0.9), squint=rng.uniform(0.0, 0.3),
        nod=rng.uniform(0.0, 0.09), sway=rng.uniform(0.005, 0.06), tilt=rng.uniform(0.0, 0.06),
        energy_pose=rng.uniform(0.0, 0.05), sway_hz=rng.uniform(0.1, 0.5),
    )


def _bump(t, c, rise, decay):
    x = t - c
    return np.where(x < 0, np.exp(-(x / rise) ** 2), np.exp(-x / decay))


def energy_envelope(pcm, n_frames):
    """Loudness in dB per 25 fps frame (RMS over 40 ms centred at the frame time)."""
    out = np.zeros(n_frames)
    for k in range(n_frames):
        c = int(k * 640)
        seg = pcm[max(0, c - 320):c + 320]
        out[k] = 10 * np.log10(np.mean(seg.astype(np.float64) ** 2) + 1e-10) if len(seg) else -100.0
    return out


def make_targets(phones, pcm, n_frames, style, rng):
    """Returns weights [n_frames, 52] in [0, 1] and pose [n_frames, 6]."""
    t = np.arange(n_frames) / FPS
    phones = infer_stress(phones) if not any(st for *_, st in phones) else phones
    art = articulators(phones, t, style["tau"])
    c, press = closure(phones, t)
    a = style["amp"]
    jaw = np.clip(art[:, 0] * a, 0, 1)
    w = np.zeros((n_frames, 52))
    L, R = 1.0 + style["asym"], 1.0 - style["asym"]

    def lr(name, v):
        w[:, IDX[name + "Left"]] = np.clip(v * L, 0, 1)
        w[:, IDX[name + "Right"]] = np.clip(v * R, 0, 1)

    w[:, IDX["jawOpen"]] = jaw
    w[:, IDX["mouthClose"]] = jaw * c  # lip gap = jaw (1 - c): exactly 0 on the closure plateau
    w[:, IDX["mouthPucker"]] = np.clip(art[:, 1] * a, 0, 1)
    w[:, IDX["mouthFunnel"]] = np.clip(art[:, 2] * a * (1 - 0.7 * c), 0, 1)
    lr("mouthStretch", 0.55 * art[:, 3] * a)
    lr("mouthSmile", style["smile"] + 0.25 * art[:, 3] * a)
    w[:, IDX["mouthRollLower"]] = np.clip(art[:, 4] * a + 0.15 * c, 0, 1)
    w[:, IDX["mouthRollUpper"]] = np.clip(0.2 * c * style["press"], 0, 1)
    w[:, IDX["tongueOut"]] = np.clip(art[:, 5] * a, 0, 1)
    lr("mouthLowerDown", 0.6 * art[:, 6] * a * (1 - c))
    lr("mouthUpperUp", 0.6 * art[:, 7] * a)
    lr("mouthPress", press * style["press"])
    w[:, IDX["mouthShrugLower"]] = np.clip(0.3 * c * style["press"] + 0.2 * art[:, 2] * a, 0, 1)
    w[:, IDX["cheekPuff"]] = np.clip(0.08 * c * a, 0, 1)

    # upper face: brow raises on stressed vowels, baseline expression, blinks at pauses and at random
    en = energy_envelope(pcm, n_frames)
    en_n = np.clip((en - (np.max(en) - 45)) / 45.0, 0, 1)
    brow = np.zeros(n_frames)
    stress_bumps = np.zeros(n_frames)
    sign = 1.0
    roll_bumps = np.zeros(n_frames)
    for p, s, e, st in phones:
        if st and p in ph.VOWELS:
            k = min(n_frames - 1, int(round(0.5 * (s + e) * FPS)))
            g = 0.5 + 0.5 * en_n[k]
            brow += g * _bump(t, s, 0.06, 0.25)
            stress_bumps += g * _bump(t, 0.5 * (s + e), 0.08, 0.2)
            roll_bumps += sign * g * _bump(t, 0.5 * (s + e), 0.15, 0.4)
            sign = -sign if rng.random() < 0.5 else sign
    brow = np.clip(brow, 0, 1.2)
    w[:, IDX["browInnerUp"]] = np.clip(style["brow_base"] + style["brow"] * brow, 0, 1)
    lr("browOuterUp", np.clip(0.8 * style["brow"] * brow + 0.5 * style["brow_base"], 0, 1))
    lr("browDown", np.full(n_frames, style["frown"]) * (1 - 0.5 * np.clip(brow, 0, 1)))
    lr("eyeWide", 0.3 * style["brow"] * brow)
    lr("eyeSquint", style["squint"] + 0.6 * style["smile"] + 0.1 * stress_bumps * style["brow"])
    lr("cheekSquint", 0.5 * style["smile"])
    blink = np.zeros(n_frames)
    times = []
    for p, s, e, _ in phones:
        if p == "sil" and e - s > 0.12 and rng.random() < style["blink_pause"]:
            times.append(s + 0.05)
    dur = n_frames / FPS
    n_rand = rng.poisson(style["blink_rate"] * dur * 0.5)
    times += list(rng.uniform(0, dur, n_rand))
    for tb in times:
        x = t - tb
        blink = np.maximum(blink, np.where(x < 0, np.exp(-(x / 0.04) ** 2), np.exp(-(x / 0.08) ** 2)))
    lr("eyeBlink", blink)
    lr("eyeLookDown", 0.1 * style["squint"] * np.ones(n_frames))

    # head pose: nods on stress, energy-following, slow sway, tilts alternating with stress
    ph0 = rng.uniform(0, 2 * np.pi, 4)
    f = style["sway_hz"]
    sway = np.sin(2 * np.pi * f * t + ph0[0]) + 0.5 * np.sin(2 * np.pi * 1.7 * f * t + ph0[1])
    sway2 = np.sin(2 * np.pi * 0.8 * f * t + ph0[2]) + 0.4 * np.sin(2 * np.pi * 2.3 * f * t + ph0[3])
    en_s = np.convolve(en_n, np.ones(5) / 5, mode="same")
    pose = np.zeros((n_frames, 6))
    pose[:, 0] = style["nod"] * stress_bumps + style["energy_pose"] * (en_s - en_s.mean()) + 0.3 * style["sway"] * sway2
    pose[:, 1] = style["sway"] * sway + 0.5 * style["energy_pose"] * en_s
    pose[:, 2] = style["tilt"] * roll_bumps + 0.3 * style["sway"] * sway2
    pose[:, 3] = 8.0 * pose[:, 1]  # cm: turning the head moves the face centre sideways
    pose[:, 4] = -6.0 * pose[:, 0]
    pose[:, 5] = 1.5 * style["energy_pose"] * 10 * (en_s - en_s.mean())
    return np.clip(w, 0, 1), pose, en
