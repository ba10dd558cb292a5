"""Trains the decoder on the synthetic corpus. Run via make_all (or: python3 -m models.training.train --help)."""
import argparse
import json
import math
import os
import pickle
import time

import numpy as np
import torch

from . import data, evaluate
from .model import WINDOW, Decoder, n_params
from .rig import IDX, LOWER

COPY_P = {"clean": 0.3, "phone": 0.35, "room": 0.35}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="/tmp/voice2motion/corpus")
    ap.add_argument("--out", default="/tmp/voice2motion/run")
    ap.add_argument("--steps", type=int, default=8000)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--frames", type=int, default=64)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--minutes", type=float, default=0.0,
                    help="wall-clock budget: the cosine schedule runs on max(step/steps, elapsed/budget) and training "
                         "stops when either ends (for shared machines; 0 = steps only)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    os.makedirs(a.out, exist_ok=True)
    t0 = time.time()
    train = data.load(a.corpus, "train")
    ev = data.load(a.corpus, "eval")
    stats = data.compute_stats(train)
    with open(os.path.join(a.out, "stats.pkl"), "wb") as f:
        pickle.dump(stats, f)
    clips = []
    for c in train:
        ins = {k: data.padded_input(m, c["n_frames"], stats) for k, m in c["mels"].items()}
        clips.append(dict(ins=ins, w=c["weights"], pose=(c["pose"] / stats["pose_scale"]).astype(np.float32),
                          s=data.normalise_style(c["code"], stats), K=c["n_frames"]))
    # sparse-target rebalancing: per channel, active (> 0.05) and inactive frames get equal total weight
    allw = np.concatenate([c["weights"] for c in train])
    p_act = (allw > 0.05).mean(0)
    w_act = np.clip(0.5 / np.maximum(p_act, 1e-6), 0.5, 8.0)
    w_ina = np.clip(0.5 / np.maximum(1 - p_act, 1e-6), 0.5, 8.0)
    imp = np.ones(52)
    imp[LOWER] = 2.0
    w_act_t = torch.tensor(w_act * imp, dtype=torch.float32)
    w_ina_t = torch.tensor(w_ina * imp, dtype=torch.float32)
    imp_t = torch.tensor(imp, dtype=torch.float32)
    print(f"loaded {len(train)} train clips ({sum(c['K'] for c in clips) / 25 / 3600:.2f} h clean), {len(ev)} eval clips "
          f"in {time.time() - t0:.0f}s; sparse active fractions: jawOpen {p_act[IDX['jawOpen']]:.2f} "
          f"mouthClose {p_act[IDX['mouthClose']]:.2f} pucker {p_act[IDX['mouthPucker']]:.2f} "
          f"rollLower {p_act[IDX['mouthRollLower']]:.2f} tongueOut {p_act[IDX['tongueOut']]:.2f}", flush=True)

    model = Decoder()
    print("params", n_params(model), flush=True)
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=1e-4)
    L = a.frames
    lens = np.array([c["K"] for c in clips], dtype=np.float64)
    pick_p = lens / lens.sum()
    copies = list(COPY_P)
    cp = np.array([COPY_P[k] for k in copies])
    j_open, j_close = IDX["jawOpen"], IDX["mouthClose"]
    log = []
    t_start = time.time()
    step = 0
    frac = 0.0
    while frac < 1.0:
        step += 1
        frac = step / a.steps
        if a.minutes:
            frac = max(frac, (time.time() - t_start) / (60.0 * a.minutes))
        lr = a.lr * min(1.0, step / 200) * 0.5 * (1 + math.cos(math.pi * min(frac, 1.0)))
        for g in opt.param_groups:
            g["lr"] = lr
        xb = np.zeros((a.batch, 4 * (L - 1) + WINDOW, 80), np.float32)
        wb = np.zeros((a.batch, L, 52), np.float32)
        pb = np.zeros((a.batch, L, 6), np.float32)
        mb = np.zeros((a.batch, L), np.float32)
        sb = np.zeros((a.batch, 110), np.float32)
        for b in range(a.batch):
            c = clips[rng.choice(len(clips), p=pick_p)]
            m = c["ins"][copies[rng.choice(len(copies), p=cp)]]
            n = min(L, c["K"])
            k0 = int(rng.integers(0, c["K"] - n + 1))
            seg = m[4 * k0: 4 * (k0 + n - 1) + WINDOW]
            xb[b, :len(seg)] = seg
            wb[b, :n] = c["w"][k0:k0 + n]
            pb[b, :n] = c["pose"][k0:k0 + n]
            mb[b, :n] = 1.0
            sb[b] = c["s"]
        x, wt, pt, mk, s = map(torch.from_numpy, (xb, wb, pb, mb, sb))
        w, p = model(x, s)
        mk3 = mk[:, :, None]
        nm = mk.sum() + 1e-6
        ew = torch.where(wt > 0.05, w_act_t, w_ina_t)
        l_w = ((w - wt).abs() * ew * mk3).sum() / nm / 52
        op_p = torch.relu(w[..., j_open] - w[..., j_close])
        op_t = torch.relu(wt[..., j_open] - wt[..., j_close])
        l_open = ((op_p - op_t).abs() * (1 + 4 * (op_t < 0.01).float()) * mk).sum() / nm
        mv = (mk[:, 1:] * mk[:, :-1])[:, :, None]
        nv = mv.sum() + 1e-6
        l_vel = (((w[:, 1:] - w[:, :-1]) - (wt[:, 1:] - wt[:, :-1])).abs() * imp_t * mv).sum() / nv / 52 * 4
        l_pose = ((p - pt).abs() * mk3).sum() / nm / 6 * 0.3
        l_pvel = (((p[:, 1:] - p[:, :-1]) - (pt[:, 1:] - pt[:, :-1])).abs() * mv).sum() / nv / 6 * 2.0
        loss = l_w + l_open + l_vel + l_pose + l_pvel
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        if step % 200 == 0 or step == 1:
            el = time.time() - t_start
            print(f"step {step} loss {loss.item():.4f} (w {l_w.item():.4f} open {l_open.item():.4f} vel {l_vel.item():.4f} "
                  f"pose {l_pose.item():.4f} pvel {l_pvel.item():.4f}) lr {lr:.2e} {el:.0f}s "
                  f"({el / step:.3f} s/step)", flush=True)
        if step % 250 == 0 or frac >= 1.0:
            torch.save(model.state_dict(), os.path.join(a.out, "model.pt"))
        if step % 500 == 0 or frac >= 1.0:
            r = evaluate.quick(model, ev[::3], stats)
            log.append(dict(step=step, **r))
            print(f"  eval@{step}: " + " ".join(f"{k} {v:.3f}" for k, v in r.items()), flush=True)
    with open(os.path.join(a.out, "train_log.json"), "w") as f:
        json.dump(dict(args=vars(a), steps_done=step, log=log, seconds=time.time() - t0, params=n_params(model)), f, indent=1)
    print(f"training done in {time.time() - t0:.0f}s", flush=True)


if __name__ == "__main__":
    main()
