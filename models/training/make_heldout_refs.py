"""Held-out evaluation clips for the Java side (`avatar eval motion --reference`): speech from a voice the decoder
never trained on (Festival ked_diphone), its exact phone labels, and the reference motion the recipe's coarticulation
model makes from those labels (neutral style, fixed seed). Writes models/testdata/heldout/{name}.wav/.lab/.ref.json.

Run from the repository root:  /usr/bin/python3 -m models.training.make_heldout_refs
"""
import json
import os
import wave

import numpy as np

from . import targets, tts
from .make_presets import BASE
from .rig import ARKIT_NAMES

OUT = os.path.join("models", "testdata", "heldout")
CLIPS = {
    "ked_bob": "Bob bought a big map of the bay before the boat trip.",
    "ked_move": "Please move the blue boxes over to the window, Mom.",
    "ked_fish": "The old fisherman found five fat fish in the pool.",
}


def main():
    os.makedirs(OUT, exist_ok=True)
    clips = tts.festival_batch("fest_ked", list(CLIPS.values()))
    style = dict(BASE)
    for (name, text), clip in zip(CLIPS.items(), clips):
        if clip is None:
            raise SystemExit(f"festival failed on {name}")
        pcm, phones = clip
        with wave.open(os.path.join(OUT, name + ".wav"), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(16000)
            w.writeframes((np.clip(pcm, -1, 1) * 32767).astype("<i2").tobytes())
        with open(os.path.join(OUT, name + ".lab"), "w") as f:
            f.write("#\n")
            for p, s, e, *_ in phones:
                f.write(f"{e:.3f} 125 {p}\n")
        n = int(np.ceil(len(pcm) / 640))
        wts, pose, _ = targets.make_targets(phones, pcm, n, style, np.random.default_rng(7))
        with open(os.path.join(OUT, name + ".ref.json"), "w") as f:
            json.dump(dict(fps=25, names=list(ARKIT_NAMES),
                           weights=[[round(float(v), 4) for v in row] for row in wts],
                           pose=[[round(float(v), 5) for v in row] for row in pose]), f)
        print(name, len(pcm) / 16000.0, "s", len(phones), "phones", n, "frames")
    with open(os.path.join(OUT, "README.md"), "w") as f:
        f.write("# Held-out evaluation clips\n\nMade by `models/training/make_heldout_refs.py` (Festival "
                "`ked_diphone`, a voice the decoder never trained on; Debian `festvox-kdlpc16k`, free licence, see "
                "`models/src/main/resources/io/avatar/models/samples/sample_speech.md`). `*.lab`: phone end times "
                "(Festival segments, mapped to the recipe's phone set); `*.ref.json`: the recipe's coarticulation "
                "model on those phones (neutral style, seed 7), in docs/MOTION_FORMAT.md.\n\n"
                + "\n".join(f"- `{k}`: \"{v}\"" for k, v in CLIPS.items()) + "\n")


if __name__ == "__main__":
    main()
