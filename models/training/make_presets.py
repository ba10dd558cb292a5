"""Makes the shipped style presets (models/src/main/resources/io/avatar/models/style/presets/*.json).

Provenance of every preset: the recipe's own motion model (targets.make_targets: the coarticulation model for the
mouth plus the speaking-style generator for brows, blinks and head motion) driven by the phone timings of a fixed set
of sentences spoken by Festival's kal_diphone voice, with one named set of style parameters per preset (below, and
copied into each file's "provenance"). The style code is then computed from those motion clips with
stylecode.style_code (seed 000 Eq. 2), exactly as for the training clips, so every preset lies inside the range the
decoder was trained on. The concatenated motion clip is stored too (it can drive idle motion).

Run from the repository root:  /usr/bin/python3 -m models.training.make_presets
"""
import json
import os

import numpy as np

from . import stylecode, targets, tts
from .rig import ARKIT_NAMES

OUT = os.path.join("models", "src", "main", "resources", "io", "avatar", "models", "style", "presets")
SENTENCES = [
    "Good morning, and thank you all for coming today.",
    "We will look at what happened, and what we plan to do next.",
    "Please remember to bring the papers back before Monday.",
    "The weather was cold, but the people were warm and kind.",
    "Maybe we should try a different approach this time.",
    "I never thought the river could rise so quickly.",
    "Open the window, and let the morning air come in.",
    "Five boxes of books arrived by boat on Thursday.",
]

BASE = dict(amp=0.95, tau=1.0, asym=0.0, smile=0.05, press=0.45, brow=0.25, brow_base=0.05, frown=0.0,
            blink_rate=0.3, blink_pause=0.5, squint=0.08, nod=0.03, sway=0.02, tilt=0.02, energy_pose=0.015,
            sway_hz=0.25)

PRESETS = {
    "neutral": ("a composed, low-key delivery: moderate articulation, little brow or head motion",
                dict(amp=0.8, brow=0.1, nod=0.015, sway=0.01, tilt=0.01, energy_pose=0.008, smile=0.0)),
    "calm": ("solemn and calm: slow, small movements, very still head",
             dict(amp=0.7, tau=1.4, brow=0.05, brow_base=0.02, nod=0.01, sway=0.008, tilt=0.008,
                  energy_pose=0.005, sway_hz=0.12, blink_rate=0.2)),
    "excited": ("excited: wide fast articulation, raised brows, lively nods and tilts",
                dict(amp=1.3, tau=0.75, smile=0.3, brow=0.65, brow_base=0.15, nod=0.085, sway=0.05, tilt=0.05,
                     energy_pose=0.045, sway_hz=0.45, blink_rate=0.45)),
    "storytelling": ("storytelling: expressive brows on stressed words, warm smile, moderate head motion",
                     dict(amp=1.05, smile=0.2, brow=0.55, brow_base=0.08, nod=0.05, sway=0.03, tilt=0.04,
                          energy_pose=0.025, sway_hz=0.3)),
    "ballad": ("ballad (singing): sustained open vowels, slow smooth sway, soft brows",
               dict(amp=1.25, tau=1.5, brow=0.4, brow_base=0.12, nod=0.02, sway=0.055, tilt=0.045,
                    energy_pose=0.02, sway_hz=0.12, blink_rate=0.15)),
    "rap": ("rap: fast crisp articulation, strong rhythmic nods",
            dict(amp=1.1, tau=0.7, press=0.7, brow=0.3, nod=0.09, sway=0.03, tilt=0.02, energy_pose=0.05,
                 sway_hz=0.5, blink_rate=0.35)),
    "opera": ("opera (singing): very wide jaw opening, high brows, slow dramatic tilts",
              dict(amp=1.35, tau=1.45, brow=0.7, brow_base=0.2, nod=0.03, sway=0.04, tilt=0.06,
                   energy_pose=0.03, sway_hz=0.15, blink_rate=0.12)),
}


def main():
    clips = tts.festival_batch("fest_kal", SENTENCES)
    if any(c is None for c in clips):
        raise SystemExit("festival failed to synthesise a preset sentence")
    os.makedirs(OUT, exist_ok=True)
    for name, (text, params) in PRESETS.items():
        style = dict(BASE)
        style.update(params)
        rng = np.random.default_rng(sum(map(ord, name)))
        ws, ps = [], []
        for pcm, phones in clips:
            n = int(np.ceil(len(pcm) / 640))
            w, p, _ = targets.make_targets(phones, pcm, n, style, rng)
            ws.append(w)
            ps.append(p)
        w = np.concatenate(ws)
        p = np.concatenate(ps)
        code = stylecode.style_code(w, p)
        doc = dict(format="avatar-style", version=1, rig="arkit52-v1", fps=25, name=name,
                   provenance=(f"{text}. Made by models/training/make_presets.py: motion of {len(SENTENCES)} "
                               f"Festival kal_diphone sentences from the recipe's coarticulation and style model "
                               f"with parameters {json.dumps(style, sort_keys=True)}; code = seed 000 Eq. 2."),
                   code=[round(float(v), 6) for v in code],
                   motion=dict(frames=int(w.shape[0]), weights=[round(float(v), 4) for v in w.reshape(-1)],
                               pose=[round(float(v), 5) for v in p.reshape(-1)]))
        assert len(ARKIT_NAMES) == 52
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            json.dump(doc, f)
        print(f"{name}: {w.shape[0]} frames, |code| = {np.linalg.norm(code):.3f}")


if __name__ == "__main__":
    main()
