"""Offline training recipe for the voice-to-motion decoder (see RESULTS.md and models/training/README.md).

Python lives only here and only for offline recipes; the product runs the exported ONNX model from Java.
Run with the Debian interpreter: /usr/bin/python3 -m models.training.make_all
"""

RECIPE_VERSION = "voice2motion-synth-1"
