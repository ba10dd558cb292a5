"""Exports the trained decoder to ONNX (opset 17) + manifest + Java-side test vectors.

Streaming contract (per output video frame at time t seconds, any fps):
  i = round(100 t)  (for 25 fps frame k: i = 4k); input `mel` = CMVN'd LogMel80 frames i-PAST .. i+FUTURE-1
  (frames before the stream start = manifest frontend.pad_frame; the frame i+FUTURE-1 needs audio up to
  t + 115 ms), input `style` = raw 110-number style code (normalised inside the graph).
"""
import argparse
import hashlib
import json
import os
import pickle

import numpy as np
import torch
import torch.nn as nn

from . import RECIPE_VERSION, data, frontend, features
from .model import FUTURE, MEL_PER_VIDEO, PAST, WINDOW, Decoder, n_params
from .rig import ARKIT_NAMES, POSE_NAMES

RES_DIR = os.path.join("models", "src", "main", "resources", "io", "avatar", "models", "decoder")
TESTDATA_DIR = os.path.join("models", "testdata", "decoder")


class Streaming(nn.Module):
    def __init__(self, dec, stats):
        super().__init__()
        self.dec = dec
        self.register_buffer("s_mean", torch.tensor(stats["style_mean"], dtype=torch.float32))
        self.register_buffer("s_scale", torch.tensor(stats["style_scale"], dtype=torch.float32))
        self.register_buffer("p_scale", torch.tensor(stats["pose_scale"], dtype=torch.float32))

    def forward(self, mel, style):
        s = torch.clamp((style - self.s_mean) / self.s_scale, -6.0, 6.0)
        w, p = self.dec(mel, s)
        return w[:, 0, :], p[:, 0, :] * self.p_scale


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def export(run_dir, out_dir=RES_DIR, testdata_dir=TESTDATA_DIR, corpus=None, train_info=None):
    with open(os.path.join(run_dir, "stats.pkl"), "rb") as f:
        stats = pickle.load(f)
    dec = Decoder()
    dec.load_state_dict(torch.load(os.path.join(run_dir, "model.pt")))
    dec.eval()
    m = Streaming(dec, stats).eval()
    os.makedirs(out_dir, exist_ok=True)
    onnx_path = os.path.join(out_dir, "decoder.onnx")
    rng = np.random.default_rng(11)
    mel = torch.from_numpy(rng.standard_normal((2, WINDOW, 80)).astype(np.float32))
    style = torch.from_numpy((stats["style_mean"] + stats["style_scale"] * rng.standard_normal((2, 110)) * 0.5)
                             .astype(np.float32))
    torch.onnx.export(m, (mel, style), onnx_path, opset_version=17, input_names=["mel", "style"],
                      output_names=["weights", "pose"],
                      dynamic_axes={"mel": {0: "batch"}, "style": {0: "batch"}, "weights": {0: "batch"},
                                    "pose": {0: "batch"}}, do_constant_folding=True)
    import onnx
    onnx.checker.check_model(onnx.load(onnx_path))
    size = os.path.getsize(onnx_path)
    if size > 10 * 1024 * 1024:
        raise SystemExit(f"decoder.onnx is {size} bytes, over the 10 MB budget")

    # streaming == training: the window model reproduces the clip model's frames
    xs = torch.from_numpy(rng.standard_normal((1, 4 * 9 + WINDOW, 80)).astype(np.float32))
    sn = torch.clamp((style[:1] - m.s_mean) / m.s_scale, -6, 6)
    with torch.no_grad():
        wc, pc = dec(xs, sn)
        err = max(float((m(xs[:, 4 * k:4 * k + WINDOW], style[:1])[0] - wc[:, k]).abs().max()) for k in range(10))
    if err > 1e-5:
        raise SystemExit(f"window model differs from the clip model by {err}")

    # Java test vectors: one decoder window, and the front end on a real clip's first frames
    with torch.no_grad():
        w_ref, p_ref = m(mel, style)
    os.makedirs(testdata_dir, exist_ok=True)
    t = np.arange(16000 * 0.3) / 16000.0
    pcm = (0.3 * np.sin(2 * np.pi * 220 * t) * np.sin(2 * np.pi * 3 * t) + 0.01 * np.sin(2 * np.pi * 3100 * t)).astype(np.float32)
    lm = features.log_mel(pcm)
    cm = frontend.cmvn_stream(lm, stats["prior_mean"], stats["prior_var"])
    vec = dict(
        description="decoder.onnx test vector: inputs mel [2][82][80] (already CMVN'd), style [2][110] (raw code); "
                    "expected outputs weights [2][52], pose [2][6] (ORT must match within 1e-4). frontend: pcm "
                    "(16 kHz, 0.3 s closed form: 0.3 sin(2 pi 220 t) sin(2 pi 3 t) + 0.01 sin(2 pi 3100 t)) -> "
                    "logmel (docs/FEATURES.md) -> cmvn (manifest frontend, starting from the priors).",
        mel=mel.numpy().round(6).tolist(), style=style.numpy().round(6).tolist(),
        weights=w_ref.numpy().tolist(), pose=p_ref.numpy().tolist(),
        frontend=dict(logmel=lm.tolist(), cmvn=cm.tolist(), tolerance=1e-3))
    # recompute the expected outputs from the rounded inputs so the vector is exact
    with torch.no_grad():
        w2, p2 = m(torch.tensor(vec["mel"]), torch.tensor(vec["style"]))
    vec["weights"], vec["pose"] = w2.numpy().tolist(), p2.numpy().tolist()
    with open(os.path.join(testdata_dir, "decoder_vector.json"), "w") as f:
        json.dump(vec, f)

    manifest = dict(
        name="voice2motion-decoder", recipe_version=RECIPE_VERSION, licence="Apache-2.0 (our own model and data "
        "recipe; training speech synthesised with Festival/Flite/espeak-ng run as external tools, not shipped)",
        onnx="decoder.onnx", onnx_sha256=sha256(onnx_path), onnx_bytes=size, opset=17, params=n_params(dec),
        inputs=[dict(name="mel", dtype="float32", shape=["batch", WINDOW, 80],
                     description="CMVN'd LogMel80 frames i-%d .. i+%d for the output frame at time t, i = round(100 t)"
                                 % (PAST, FUTURE - 1)),
                dict(name="style", dtype="float32", shape=["batch", 110],
                     description="raw style code (docs/STYLE_CODE.md); normalised in the graph by style.mean/scale, "
                                 "clamped to +-6")],
        outputs=[dict(name="weights", dtype="float32", shape=["batch", 52], order=ARKIT_NAMES, range=[0, 1]),
                 dict(name="pose", dtype="float32", shape=["batch", 6], order=POSE_NAMES,
                      units="radians (pitch, yaw, roll), cm (tx, ty, tz)")],
        fps=25, fps_supported=[25, 30], mel_frames_per_second=100, mel_frames_per_video_frame_at_25fps=MEL_PER_VIDEO,
        window=dict(mel_frames=WINDOW, past=PAST, future=FUTURE,
                    rule="output frame at time t uses mel frames round(100 t) - %d .. round(100 t) + %d" % (PAST, FUTURE - 1)),
        lookahead_ms=int(1000 * ((FUTURE - 1) * features.HOP + features.WIN) / features.SR),
        features=dict(name="LogMel80", spec="docs/FEATURES.md"),
        frontend=dict(type="ema_cmvn", alpha=frontend.ALPHA, log_floor=frontend.LOG_FLOOR, var_floor=frontend.VAR_FLOOR,
                      formula="x=max(logmel,log_floor); m+=alpha*(x-m); v+=alpha*((x-m)^2-v); "
                              "y=(x-m)/sqrt(max(v,var_floor)); m,v start at prior_mean/prior_var per stream; "
                              "window slots before the first frame hold pad_frame",
                      prior_mean=np.asarray(stats["prior_mean"]).tolist(), prior_var=np.asarray(stats["prior_var"]).tolist(),
                      pad_frame=frontend.pad_frame(stats["prior_mean"], stats["prior_var"]).tolist()),
        style=dict(spec="docs/STYLE_CODE.md", mean=np.asarray(stats["style_mean"]).tolist(),
                   scale=np.asarray(stats["style_scale"]).tolist(), clamp=6.0,
                   note="scale = per-dimension std of the training clips' codes + 0.005; use it for scale-free "
                        "style distances"),
        pose_scale=np.asarray(stats["pose_scale"]).tolist(),
        mouth_opening="max(jawOpen - mouthClose, 0)",
        training=train_info or {},
        reproduce="/usr/bin/python3 -m models.training.make_all (see models/training/RESULTS.md)",
    )
    with open(os.path.join(out_dir, "decoder.manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    print(f"exported {onnx_path} ({size} bytes, sha256 {manifest['onnx_sha256'][:16]}...), window check {err:.2e}")
    return manifest


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", default="/tmp/voice2motion/run")
    a = ap.parse_args()
    torch.set_num_threads(1)
    info = {}
    p = os.path.join(a.run, "train_log.json")
    if os.path.exists(p):
        with open(p) as f:
            info = json.load(f)
    export(a.run, train_info=info)


if __name__ == "__main__":
    main()
