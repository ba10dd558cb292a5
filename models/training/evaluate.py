"""Evaluation on held-out voices (never trained on), clean and through a telephone band (300-3400 Hz, 8 kHz, GSM).

Metrics (mouth opening = max(jawOpen - mouthClose, 0), the lip gap of our rig):
- mouth MAE: mean |pred - true| over the lower-face weights (mouth, jaw, tongue, cheek puff);
- lag: lag of the peak of the (per-clip normalised, averaged) cross-correlation of predicted vs true mouth opening,
  parabolic sub-frame interpolation, in ms (positive = prediction late);
- r(open): Pearson r of predicted vs true opening; r(loud): of predicted opening vs loudness (dB, 40 ms RMS);
- closure AUC: mouth opening at the centre frame of each consonant separating other consonants (positive) from p/b/m;
- rounding AUC: (mouthPucker + mouthFunnel) separating rounded vowels (uw uh ow) from spread vowels (iy ih ey eh);
- style err: mean |code(pred clip) - requested code| / training spread, requested = the clip's own true code; and
  for a swapped style (another clip's code) the same error against that requested code.
Baseline (named): a loudness follower (opening = loudness mapped to [0, 1]) for lag, r(open) and closure AUC.
"""
import argparse
import json
import os
import pickle

import numpy as np
import torch

from . import data, phones as ph, stylecode
from .model import Decoder
from .rig import IDX, LOWER, mouth_opening

ROUNDED = {"uw", "uh", "ow"}
SPREAD = {"iy", "ih", "ey", "eh"}


def predict(model, clip, copy, stats, code=None):
    x = data.padded_input(clip["mels"][copy], clip["n_frames"], stats).astype(np.float32)
    s = data.normalise_style(clip["code"] if code is None else code, stats)
    with torch.no_grad():
        w, p = model(torch.from_numpy(x)[None], torch.from_numpy(s)[None])
    K = clip["n_frames"]
    return w[0, :K].numpy(), p[0, :K].numpy() * stats["pose_scale"]


def auc(pos, neg):
    pos = np.asarray(pos, dtype=np.float64)
    neg = np.asarray(neg, dtype=np.float64)
    if len(pos) == 0 or len(neg) == 0:
        return float("nan")
    allv = np.concatenate([pos, neg])
    ranks = np.argsort(np.argsort(allv, kind="mergesort"), kind="mergesort") + 1.0
    # average ranks for ties
    order = np.argsort(allv, kind="mergesort")
    sv = allv[order]
    r = np.empty(len(allv))
    i = 0
    while i < len(sv):
        j = i
        while j + 1 < len(sv) and sv[j + 1] == sv[i]:
            j += 1
        r[order[i:j + 1]] = 0.5 * (i + j) + 1.0
        i = j + 1
    ranks = r
    return float((ranks[:len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def _centre_frames(clip, names_ok):
    out = []
    for p, s, e, _ in clip["phones"]:
        if names_ok(p):
            k = int(round(0.5 * (s + e) * 25))
            if 0 <= k < clip["n_frames"]:
                out.append((p, k))
    return out


def xcorr_lag(preds, trues, max_lag=8):
    acc = np.zeros(2 * max_lag + 1)
    n = 0
    for a, b in zip(preds, trues):
        if len(a) < 3 * max_lag or np.std(a) < 1e-6 or np.std(b) < 1e-6:
            continue
        a = (a - a.mean()) / a.std()
        b = (b - b.mean()) / b.std()
        for i, L in enumerate(range(-max_lag, max_lag + 1)):
            if L >= 0:
                acc[i] += np.mean(a[L:] * b[:len(b) - L])
            else:
                acc[i] += np.mean(a[:L] * b[-L:])
        n += 1
    acc /= max(n, 1)
    i = int(np.argmax(acc))
    frac = 0.0
    if 0 < i < len(acc) - 1:
        den = acc[i - 1] - 2 * acc[i] + acc[i + 1]
        frac = 0.5 * (acc[i - 1] - acc[i + 1]) / den if den != 0 else 0.0
    return (i - max_lag + frac) * 40.0


def loud_follower(en_db):
    return np.clip((en_db - (np.max(en_db) - 40.0)) / 40.0, 0, 1)


def predict_all(model, clips, stats, copy, swap=True):
    """Per clip: (w, p) with its own code and (w2, p2, other_code) with another clip's code (or None)."""
    out = []
    for i, c in enumerate(clips):
        w, p = predict(model, c, copy, stats)
        sw = None
        if swap and c["n_frames"] >= 10:
            other = clips[(i + 7) % len(clips)]["code"]
            w2, p2 = predict(model, c, copy, stats, code=other)
            sw = (w2, p2, other)
        out.append((w, p, sw))
    return out


def metrics(model, clips, stats, copy="clean", swap=True, cached=None):
    if cached is None:
        cached = predict_all(model, clips, stats, copy, swap)
    preds, trues, louds, base = [], [], [], []
    mae = []
    cl_pos, cl_neg, cl_pos_b, cl_neg_b, cl_pos_t, cl_neg_t = [], [], [], [], [], []
    rd_pos, rd_neg = [], []
    st_err, st_err_swap, st_err_own_swap, st_err_meancode = [], [], [], []
    for i, c in enumerate(clips):
        w, p, sw = cached[i]
        op = mouth_opening(w)
        opt = mouth_opening(c["weights"])
        en = c["energy_db"] if copy == "clean" else c["energy_db_tel"]
        lf = loud_follower(en)
        preds.append(op); trues.append(opt); louds.append(en); base.append(lf)
        mae.append(np.mean(np.abs(w[:, LOWER] - c["weights"][:, LOWER])))
        for name, k in _centre_frames(c, lambda q: q in ph.CONSONANTS):
            (cl_neg if name in ph.BILABIAL else cl_pos).append(op[k])
            (cl_neg_b if name in ph.BILABIAL else cl_pos_b).append(lf[k])
            (cl_neg_t if name in ph.BILABIAL else cl_pos_t).append(opt[k])
        rnd = w[:, IDX["mouthPucker"]] + w[:, IDX["mouthFunnel"]]
        for name, k in _centre_frames(c, lambda q: q in ROUNDED or q in SPREAD):
            (rd_pos if name in ROUNDED else rd_neg).append(rnd[k])
        if c["n_frames"] >= 10:
            code = stylecode.style_code(w, p)
            st_err.append(np.mean(np.abs(code - c["code"]) / stats["style_scale"]))
            st_err_meancode.append(np.mean(np.abs(stats["style_mean"] - c["code"]) / stats["style_scale"]))
            if sw is not None:
                w2, p2, other = sw
                code2 = stylecode.style_code(w2, p2)
                st_err_swap.append(np.mean(np.abs(code2 - other) / stats["style_scale"]))
                st_err_own_swap.append(np.mean(np.abs(code2 - c["code"]) / stats["style_scale"]))
    cat = np.concatenate
    r_open = float(np.corrcoef(cat(preds), cat(trues))[0, 1])
    r_loud = float(np.corrcoef(cat(preds), cat(louds))[0, 1])
    r_true_loud = float(np.corrcoef(cat(trues), cat(louds))[0, 1])
    out = dict(
        mouth_mae=float(np.mean(mae)), lag_ms=xcorr_lag(preds, trues), r_open=r_open, r_loud=r_loud,
        closure_auc=auc(cl_pos, cl_neg), rounding_auc=auc(rd_pos, rd_neg),
        rounding_gap=float(np.mean(rd_pos) - np.mean(rd_neg)) if rd_pos and rd_neg else float("nan"),
        style_err=float(np.mean(st_err)) if st_err else float("nan"),
        style_err_meancode=float(np.mean(st_err_meancode)) if st_err_meancode else float("nan"),
        base_lag_ms=xcorr_lag(base, trues), base_r_open=float(np.corrcoef(cat(base), cat(trues))[0, 1]),
        base_closure_auc=auc(cl_pos_b, cl_neg_b), true_closure_auc=auc(cl_pos_t, cl_neg_t), true_r_loud=r_true_loud,
        n_clips=len(clips), n_bilabial=len(cl_neg), n_other_cons=len(cl_pos),
    )
    if swap and st_err_swap:
        out["style_err_swap"] = float(np.mean(st_err_swap))
        out["style_err_swap_vs_own"] = float(np.mean(st_err_own_swap))
    return out


def quick(model, clips, stats):
    model.eval()
    m = metrics(model, clips, stats, "clean", swap=False)
    model.train()
    return {k: m[k] for k in ("mouth_mae", "lag_ms", "r_open", "closure_auc", "rounding_auc", "style_err")}


GROUPS = {"festival ked (diphone, real recordings)": "fest_ked", "flite rms (clustergen)": "flite_rms",
          "espeak-ng 4 held-out variants": "espeak"}

COLS = [("mouth_mae", "mouth MAE", "{:.4f}"), ("lag_ms", "lag ms", "{:+.1f}"), ("r_open", "r(open)", "{:.3f}"),
        ("r_loud", "r(loud)", "{:.3f}"), ("closure_auc", "p/b/m AUC", "{:.3f}"), ("rounding_auc", "round AUC", "{:.3f}"),
        ("rounding_gap", "round gap", "{:.3f}"), ("style_err", "style err", "{:.3f}"),
        ("style_err_swap", "swap err", "{:.3f}"), ("style_err_swap_vs_own", "swap vs own", "{:.3f}"),
        ("base_lag_ms", "LF lag", "{:+.1f}"), ("base_r_open", "LF r(open)", "{:.3f}"),
        ("base_closure_auc", "LF p/b/m AUC", "{:.3f}")]


def run(corpus, run_dir):
    ev = data.load(corpus, "eval")
    with open(os.path.join(run_dir, "stats.pkl"), "rb") as f:
        stats = pickle.load(f)
    model = Decoder()
    model.load_state_dict(torch.load(os.path.join(run_dir, "model.pt")))
    model.eval()
    rows = []
    cache = {copy: predict_all(model, ev, stats, copy) for copy in ("clean", "tel")}
    for gname, fam in GROUPS.items():
        sel = [i for i, c in enumerate(ev) if c["job"]["family"] == fam]
        for copy in ("clean", "tel"):
            m = metrics(model, [ev[i] for i in sel], stats, copy, cached=[cache[copy][i] for i in sel])
            rows.append((gname, copy, m))
    allm = {copy: metrics(model, ev, stats, copy, cached=cache[copy]) for copy in ("clean", "tel")}
    for copy in ("clean", "tel"):
        rows.append(("all held-out", copy, allm[copy]))
    head = "| voices | audio | clips | " + " | ".join(c[1] for c in COLS) + " |"
    lines = [head, "|" + "---|" * (len(COLS) + 3)]
    for g, copy, m in rows:
        lines.append(f"| {g} | {copy} | {m['n_clips']} | " + " | ".join(f.format(m.get(k, float('nan'))) for k, _, f in COLS) + " |")
    table = "\n".join(lines)
    print(table)
    extra = {copy: dict(true_closure_auc=allm[copy]["true_closure_auc"], true_r_loud=allm[copy]["true_r_loud"],
                        style_err_meancode=allm[copy]["style_err_meancode"]) for copy in allm}
    extra["real"] = real_speech(model, stats)
    print("real speech (alsa-utils recordings):", json.dumps(extra["real"]))
    with open(os.path.join(run_dir, "eval.json"), "w") as f:
        json.dump(dict(rows=[(g, c, m) for g, c, m in rows], extra=extra), f, indent=1)
    return table, rows, extra


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="/tmp/voice2motion/corpus")
    ap.add_argument("--run", default="/tmp/voice2motion/run")
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    run(a.corpus, a.run)


if __name__ == "__main__":
    main()


REAL_DIR = "/usr/share/sounds/alsa"


def real_speech(model, stats, code=None):
    """Real human speech check (no phone timing exists for it): the eight alsa-utils channel announcements
    ("Front Center", ...; Debian package alsa-utils), concatenated with 0.3 s pauses, clean and through the
    telephone band. Reports r(predicted opening, loudness dB) over all frames and over speech frames (loudness within
    40 dB of the peak), the lag of the best correlation, and the mean opening on the package's Noise.wav."""
    from scipy.signal import resample_poly

    from . import augment, features, targets, tts
    names = ["Front_Center", "Front_Left", "Front_Right", "Rear_Center", "Rear_Left", "Rear_Right", "Side_Left",
             "Side_Right"]
    parts = []
    for n in names:
        p = os.path.join(REAL_DIR, n + ".wav")
        if not os.path.exists(p):
            return None
        x, sr = tts.read_wav(p)
        parts += [resample_poly(x, 1, sr // 16000).astype(np.float32), np.zeros(4800, np.float32)]
    speech = np.concatenate(parts)
    noise, sr = tts.read_wav(os.path.join(REAL_DIR, "Noise.wav"))
    noise = resample_poly(noise, 1, sr // 16000).astype(np.float32)
    code = stats["style_mean"] if code is None else code
    out = {}
    for cond in ("clean", "tel"):
        x = speech if cond == "clean" else augment.telephone(speech, None, "gsm")
        K = int(len(x) / 16000 * 25)
        clip = dict(mels={cond: features.log_mel(x)}, n_frames=K, code=code)
        w, _ = predict(model, clip, cond, stats)
        op = mouth_opening(w)
        en = targets.energy_envelope(x, K)
        sp = en > en.max() - 40
        lags = {}
        for L in range(-6, 7):
            a, b = (op[L:], en[:len(en) - L]) if L >= 0 else (op[:L], en[-L:])
            lags[L * 40] = float(np.corrcoef(a, b)[0, 1])
        nclip = dict(mels={"n": features.log_mel(noise)}, n_frames=int(len(noise) / 16000 * 25), code=code)
        wn, _ = predict(model, nclip, "n", stats)
        out[cond] = dict(r_loud=float(np.corrcoef(op, en)[0, 1]), r_loud_speech=float(np.corrcoef(op[sp], en[sp])[0, 1]),
                         best_lag_ms=max(lags, key=lags.get), mean_open_speech=float(op[sp].mean()),
                         mean_open_noise=float(mouth_opening(wn).mean()), seconds=len(x) / 16000)
    return out
