"""One command that reproduces the shipped decoder:

    /usr/bin/python3 -m models.training.make_all [--threads 2] [--workers 2]

from the repository root. Steps: feature/style self-checks and the style test vector -> synthetic corpus
(/tmp/voice2motion/corpus, never committed) -> training -> evaluation on held-out voices (clean + telephone) ->
ONNX export + manifest into models/src/main/resources/io/avatar/models/decoder/ -> models/training/RESULTS.md.
Needs the Debian packages festival festvox-kallpc16k festvox-kdlpc16k festvox-us-slt-hts flite espeak-ng ffmpeg sox
python3-torch python3-onnx python3-numpy python3-scipy.
"""
import argparse
import json
import os
import subprocess
import sys
import time

import torch

from . import RECIPE_VERSION, evaluate, export, features, stylecode


def sh(args):
    print("+", " ".join(args), flush=True)
    subprocess.run(args, check=True)


def write_results(path, cmd, table, extra, train_log, manifest, corpus_log):
    tl = train_log or {}
    lines = [
        "# Voice-to-motion decoder: training recipe results",
        "",
        f"Recipe `{RECIPE_VERSION}`, produced by:",
        "",
        "```",
        cmd,
        "```",
        "",
        f"Corpus: {corpus_log}",
        f"Model: {manifest['params']} parameters, ONNX {manifest['onnx_bytes']} bytes (sha256 `{manifest['onnx_sha256']}`), "
        f"window {manifest['window']['mel_frames']} mel frames ({manifest['window']['past']} past + "
        f"{manifest['window']['future']} incl. current/future), look-ahead {manifest['lookahead_ms']} ms.",
        f"Training: {tl.get('steps_done')} steps x {tl.get('args', {}).get('batch')} clips x "
        f"{tl.get('args', {}).get('frames')} frames, {tl.get('seconds', 0) / 60:.1f} min wall with "
        f"{tl.get('args', {}).get('threads')} thread(s) on a shared 2-core machine.",
        "",
        "## Held-out voices (never trained on)",
        "",
        "Festival `ked_diphone`, Flite `rms`, espeak-ng `en-gb-scotland+m7`, `en-us+f4`, `en-gb-x-gbcwmd+klatt2`, "
        "`en-us+f2`; `tel` = band-pass 300-3400 Hz, 8 kHz, GSM 06.10 round trip. Columns: see the docstring of "
        "`models/training/evaluate.py`. `LF` = the named loudness-follower baseline (mouth opening = loudness). "
        "`style err` = mean |code(predicted clip) - requested| / training spread with the clip's own code requested; "
        "`swap err` = the same when another clip's code is requested (and `swap vs own`: distance of that output to "
        "the clip's own code; swap err < swap vs own means the requested style is followed).",
        "",
        table,
        "",
        f"Ground truth for reference (all held-out, clean): p/b/m AUC of the true opening "
        f"{extra['clean']['true_closure_auc']:.3f}, r(true opening, loudness) {extra['clean']['true_r_loud']:.3f}; "
        f"style err of always predicting the mean training code {extra['clean']['style_err_meancode']:.3f}.",
        "",
        "Reference from ../shared/design/DEPENDENCIES.md (a different, throwaway model measured on *real* 8 kHz speech): "
        "r(loudness) 0.59-0.63, p/b/m AUC 0.72. Our numbers are on held-out *synthetic* voices, which is the only "
        "held-out speech with exact phone timing we have; real-speech validation is still to do.",
        "",
        "## Real human speech (no phone timing available)",
        "",
        "The eight alsa-utils channel announcements (`/usr/share/sounds/alsa/*.wav`, one real male speaker, "
        f"{(extra.get('real') or {}).get('clean', {}).get('seconds', 0):.1f} s with pauses), style = mean training code. "
        "r = Pearson r of predicted mouth opening vs loudness (dB) at 0 lag over all frames / over speech frames only; "
        "best lag = lag of the best correlation (positive = mouth after loudness); mean opening on speech vs on the "
        "package's Noise.wav (the mouth should stay shut on noise).",
        "",
        "| audio | r(loud) all | r(loud) speech | best lag ms | mean open speech | mean open noise |",
        "|---|---|---|---|---|---|",
    ] + [f"| {c} | {r['r_loud']:.3f} | {r['r_loud_speech']:.3f} | {r['best_lag_ms']:+d} | {r['mean_open_speech']:.3f} | "
         f"{r['mean_open_noise']:.3f} |" for c, r in (extra.get('real') or {}).items()] + [
        "",
        "## Training curve (quick eval on a third of the held-out clips, clean)",
        "",
        "| step | mouth MAE | lag ms | r(open) | p/b/m AUC | round AUC | style err |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in tl.get("log", []):
        lines.append(f"| {r['step']} | {r['mouth_mae']:.4f} | {r['lag_ms']:+.1f} | {r['r_open']:.3f} | "
                     f"{r['closure_auc']:.3f} | {r['rounding_auc']:.3f} | {r['style_err']:.3f} |")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", default="/tmp/voice2motion")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--train-clips", type=int, default=1800)
    ap.add_argument("--eval-clips-per-voice", type=int, default=40)
    ap.add_argument("--corpus-minutes", type=float, default=0.0)
    ap.add_argument("--steps", type=int, default=11341)
    ap.add_argument("--minutes", type=float, default=0.0, help="training wall-clock budget (0 = --steps only)")
    ap.add_argument("--skip-corpus", action="store_true")
    ap.add_argument("--skip-train", action="store_true")
    a = ap.parse_args()
    if not os.path.isdir(os.path.join("models", "training")):
        raise SystemExit("run from the repository root")
    torch.set_num_threads(a.threads)
    cmd = "/usr/bin/python3 -m models.training.make_all " + " ".join(sys.argv[1:])
    print("features self-check:", features.self_check())
    stylecode.self_check()
    stylecode.make_test_vector(os.path.join("models", "testdata", "style", "stylecode_vector.json"))
    corpus = os.path.join(a.work, "corpus")
    run = os.path.join(a.work, "run")
    py = [sys.executable, "-m"]
    if not a.skip_corpus:
        sh(py + ["models.training.corpus", "--out", corpus, "--train-clips", str(a.train_clips),
                 "--eval-clips-per-voice", str(a.eval_clips_per_voice), "--workers", str(a.workers),
                 "--max-minutes", str(a.corpus_minutes)])
    if not a.skip_train:
        sh(py + ["models.training.train", "--corpus", corpus, "--out", run, "--steps", str(a.steps),
                 "--threads", str(a.threads), "--minutes", str(a.minutes)])
    table, rows, extra = evaluate.run(corpus, run)
    with open(os.path.join(run, "train_log.json")) as f:
        tl = json.load(f)
    from . import data
    tr = data.load(corpus, "train")
    ev = data.load(corpus, "eval")
    fams = sorted({c["job"]["family"] for c in tr})
    corpus_log = (f"{len(tr)} training clips ({sum(c['n_frames'] for c in tr) / 25 / 3600:.2f} h clean, each also in a "
                  f"telephone-band copy and a room/noise/codec/pitch copy) from families {', '.join(fams)}; "
                  f"{len(ev)} held-out clips ({sum(c['n_frames'] for c in ev) / 25 / 3600:.2f} h).")
    manifest = export.export(run, train_info=dict(steps=tl["steps_done"], seconds=round(tl["seconds"]),
                                                  corpus=corpus_log, eval=[(g, c, m) for g, c, m in rows]))
    write_results(os.path.join("models", "training", "RESULTS.md"), cmd, table, extra, tl, manifest, corpus_log)
    print("wrote models/training/RESULTS.md")


if __name__ == "__main__":
    main()
