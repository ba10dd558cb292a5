"""Loads the corpus pickles and prepares normalised, padded features and statistics shared by train/eval/export."""
import os
import pickle

import numpy as np

from . import frontend
from .model import FUTURE, MEL_PER_VIDEO, PAST, WINDOW


def load(corpus_dir, split):
    """All shards {split}_NNN.pkl of a corpus, in shard order."""
    names = sorted(f for f in os.listdir(corpus_dir) if f.startswith(split + "_") and f.endswith(".pkl"))
    if not names:
        raise FileNotFoundError(f"no {split}_*.pkl shards in {corpus_dir}")
    out = []
    for n in names:
        with open(os.path.join(corpus_dir, n), "rb") as f:
            out.extend(pickle.load(f))
    return out


def compute_stats(train):
    rng = np.random.default_rng(0)
    rows = []
    for c in train:
        for m in c["mels"].values():
            m = np.maximum(m.astype(np.float64), frontend.LOG_FLOOR)
            rows.append(m[rng.integers(0, len(m), min(len(m), 40))])
    rows = np.concatenate(rows)
    codes = np.stack([c["code"] for c in train]).astype(np.float64)
    poses = np.concatenate([c["pose"] for c in train]).astype(np.float64)
    return dict(
        prior_mean=rows.mean(0), prior_var=rows.var(0),
        style_mean=codes.mean(0), style_scale=codes.std(0) + 0.005,
        pose_scale=poses.std(0) + 1e-4,
    )


def padded_input(mel, n_frames, stats):
    """CMVN the clip's mel and pad: PAST pad frames in front, then enough pad frames behind so output k (k < n_frames)
    sees mel frames 4k - PAST .. 4k + FUTURE - 1."""
    y = frontend.cmvn_stream(mel.astype(np.float32), stats["prior_mean"], stats["prior_var"])
    pad = frontend.pad_frame(stats["prior_mean"], stats["prior_var"])
    need = MEL_PER_VIDEO * (n_frames - 1) + WINDOW
    back = max(0, need - PAST - len(y))
    out = np.concatenate([np.repeat(pad[None], PAST, 0), y, np.repeat(pad[None], back, 0)])
    return out[:max(need, PAST + len(y))].astype(np.float16)


def normalise_style(code, stats):
    return np.clip((np.asarray(code) - stats["style_mean"]) / stats["style_scale"], -6, 6).astype(np.float32)
