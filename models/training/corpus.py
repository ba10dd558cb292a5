"""Builds the synthetic training/evaluation corpus: TTS clips with exact phone timing -> rig targets with a sampled
speaking style -> log-mel features of the clean audio and of augmented copies. Writes pickles under --out
(default /tmp/voice2motion/corpus; never committed).

Held-out (never trained on): Festival ked_diphone, Flite rms, espeak-ng en-gb-scotland+m7, en-us+f4,
en-gb-x-gbcwmd+klatt2, en-us+f2.
"""
import argparse
import multiprocessing as mp
import os
import pickle
import time

import numpy as np

from . import augment, features, sentences, stylecode, targets, tts

ESPEAK_TRAIN_ACCENTS = ["en-us", "en", "en-gb-x-rp", "en-029", "en-us-nyc", "en-gb-x-gbclan"]
ESPEAK_TRAIN_VARIANTS = ["", "+m1", "+m2", "+m3", "+m4", "+m5", "+m6", "+m8", "+f1", "+f3", "+f5", "+klatt",
                         "+klatt3", "+klatt4", "+Andy", "+adam", "+Alicia", "+david", "+linda", "+john"]
HELD_OUT = {"fest_ked": ["fest_ked"], "flite_rms": ["flite_rms"],
            "espeak_ho": ["en-gb-scotland+m7", "en-us+f4", "en-gb-x-gbcwmd+klatt2", "en-us+f2"]}
# training mix: family -> share
TRAIN_MIX = [("fest_kal", 0.19), ("fest_slt", 0.14), ("flite_awb", 0.15), ("flite_slt", 0.12),
             ("flite_kal16", 0.08), ("espeak", 0.32)]


def plan(n_train, n_eval_per_voice, seed):
    rng = np.random.default_rng(seed)
    jobs = []
    fams = [f for f, _ in TRAIN_MIX]
    p = np.array([s for _, s in TRAIN_MIX])
    for fam, voices in HELD_OUT.items():
        for i in range(n_eval_per_voice * (1 if fam != "espeak_ho" else 1)):
            v = voices[i % len(voices)]
            jobs.append(dict(split="eval", family=fam if fam != "espeak_ho" else "espeak", voice=v,
                             seed=int(rng.integers(1 << 31)), n_sent=int(rng.integers(1, 4))))
    for i in range(n_train):
        fam = str(rng.choice(fams, p=p / p.sum()))
        voice = fam
        if fam == "espeak":
            voice = str(rng.choice(ESPEAK_TRAIN_ACCENTS)) + str(rng.choice(ESPEAK_TRAIN_VARIANTS))
        jobs.append(dict(split="train", family=fam, voice=voice, seed=int(rng.integers(1 << 31)), n_sent=int(rng.integers(1, 4))))
    return jobs


_FLITE = None
_ESPEAK = None


def _synth(job, texts, rng):
    global _FLITE, _ESPEAK
    fam = job["family"]
    if fam.startswith("fest_"):
        stretch = float(rng.uniform(0.85, 1.25))
        res = tts.festival_batch(job["voice"], texts, stretch)
        return [r for r in res if r is not None], f"stretch{stretch:.2f}"
    if fam.startswith("flite_") or job["voice"].startswith("flite_"):
        if _FLITE is None:
            _FLITE = tts.Flite()
        v = job["voice"].split("_", 1)[1]
        stretch = float(rng.uniform(0.85, 1.25))
        f0 = float(rng.uniform(85, 140)) if v in ("awb", "rms", "kal16") else float(rng.uniform(150, 210))
        return [_FLITE.synth(v, t, stretch, f0) for t in texts], f"stretch{stretch:.2f} f0{f0:.0f}"
    if _ESPEAK is None:
        _ESPEAK = tts.Espeak()
    rate = int(rng.uniform(125, 230))
    pitch = int(rng.uniform(25, 75))
    prange = int(rng.uniform(30, 80))
    return [_ESPEAK.synth(job["voice"], t, rate, pitch, prange) for t in texts], f"rate{rate} pitch{pitch} range{prange}"


def build_clip(job):
    rng = np.random.default_rng(job["seed"])
    texts = sentences.sentences(job["n_sent"], job["seed"])
    parts, settings = _synth(job, texts, rng)
    pcm_parts = []
    phones = []
    off = 0.0
    for k, (pcm, phs) in enumerate(parts):
        if k > 0:
            gap = float(rng.uniform(0.1, 0.6))
            n = int(gap * 16000)
            pcm_parts.append(np.zeros(n, np.float32))
            phones.append(("sil", off, off + n / 16000, False))
            off += n / 16000
        pcm_parts.append(pcm)
        dur = len(pcm) / 16000
        for p, s, e, st in phs:
            s2, e2 = off + s, off + min(e, dur)
            if e2 > s2:
                phones.append((p, s2, e2, st))
        off += dur
    pcm = np.concatenate(pcm_parts).astype(np.float32)
    pcm = pcm / (np.max(np.abs(pcm)) + 1e-9) * float(rng.uniform(0.3, 0.95))
    # a faint noise floor so the clean copy is not digitally silent between words
    pcm = (pcm + rng.standard_normal(len(pcm)).astype(np.float32) * float(10 ** rng.uniform(-4.5, -3.5)))
    n_frames = int(len(pcm) / 16000 * 25)
    style = targets.sample_style(rng)
    w, pose, en = targets.make_targets(phones, pcm, n_frames, style, rng)
    code = stylecode.style_code(w, pose)
    clip = dict(job=job, texts=texts, settings=settings, phones=phones, weights=w.astype(np.float32),
                pose=pose.astype(np.float32), code=code.astype(np.float32), energy_db=en.astype(np.float32),
                style=style, n_frames=n_frames)
    mels = {"clean": features.log_mel(pcm).astype(np.float16)}
    descs = {"clean": "clean"}
    if job["split"] == "train":
        for which in ("phone", "room"):
            y, d = augment.random_chain(pcm, rng, which)
            mels[which] = features.log_mel(y).astype(np.float16)
            descs[which] = d
    else:
        y = augment.telephone(pcm, rng, "gsm")
        mels["tel"] = features.log_mel(y).astype(np.float16)
        descs["tel"] = "bandpass300-3400+8kHz+GSM"
        clip["energy_db_tel"] = targets.energy_envelope(y, n_frames).astype(np.float32)
    clip["mels"] = mels
    clip["aug"] = descs
    return clip


def _safe(job):
    try:
        return build_clip(job)
    except Exception as e:  # reported and counted by the driver, never silently dropped
        return {"error": f"{job['voice']}: {type(e).__name__}: {e}", "job": job}


def _flush(out_dir, split, clips, shard_no):
    path = os.path.join(out_dir, f"{split}_{shard_no:03d}.pkl")
    with open(path + ".tmp", "wb") as f:
        pickle.dump(clips, f, protocol=4)
    os.replace(path + ".tmp", path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="/tmp/voice2motion/corpus")
    ap.add_argument("--train-clips", type=int, default=1500)
    ap.add_argument("--eval-clips-per-voice", type=int, default=40)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--max-minutes", type=float, default=0.0, help="stop early (keeping every finished shard)")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    for f in os.listdir(a.out):
        if f.endswith(".pkl"):
            os.remove(os.path.join(a.out, f))
    jobs = plan(a.train_clips, a.eval_clips_per_voice, a.seed)
    t0 = time.time()
    pending = {"train": [], "eval": []}
    shards = {"train": 0, "eval": 0}
    count = {"train": 0, "eval": 0}
    frames = {"train": 0, "eval": 0}
    errors = []
    pool = mp.Pool(a.workers)
    try:
        for i, c in enumerate(pool.imap(_safe, jobs, chunksize=2)):
            if "error" in c:
                errors.append(c["error"])
            else:
                sp = c["job"]["split"]
                pending[sp].append(c)
                count[sp] += 1
                frames[sp] += c["n_frames"]
                if len(pending[sp]) >= 50:
                    _flush(a.out, sp, pending[sp], shards[sp])
                    shards[sp] += 1
                    pending[sp] = []
            if (i + 1) % 50 == 0:
                print(f"{i + 1}/{len(jobs)} clips, {time.time() - t0:.0f}s, train audio {frames['train'] / 25 / 3600:.2f} h, "
                      f"eval {count['eval']} clips, errors {len(errors)}", flush=True)
            if a.max_minutes and time.time() - t0 > 60 * a.max_minutes:
                print(f"stopping at the {a.max_minutes} min budget", flush=True)
                break
    finally:
        pool.terminate()
    for sp in pending:
        if pending[sp]:
            _flush(a.out, sp, pending[sp], shards[sp])
    for e in errors[:20]:
        print("ERROR", e)
    if len(errors) > 0.02 * max(1, count["train"] + count["eval"]):
        raise SystemExit(f"{len(errors)} clips failed")
    print(f"done in {time.time() - t0:.0f}s: train {count['train']} clips {frames['train'] / 25 / 3600:.2f} h clean "
          f"(x3 with augmented copies), eval {count['eval']} clips {frames['eval'] / 25 / 3600:.2f} h, errors {len(errors)}")


if __name__ == "__main__":
    main()
