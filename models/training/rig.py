"""The rig vocabulary, mirrored from io.avatar.models.rig.ArkitBlendshape / HeadPose (same order = same index)."""

ARKIT_NAMES = [
    "eyeBlinkLeft", "eyeLookDownLeft", "eyeLookInLeft", "eyeLookOutLeft", "eyeLookUpLeft", "eyeSquintLeft",
    "eyeWideLeft", "eyeBlinkRight", "eyeLookDownRight", "eyeLookInRight", "eyeLookOutRight", "eyeLookUpRight",
    "eyeSquintRight", "eyeWideRight", "jawForward", "jawLeft", "jawRight", "jawOpen", "mouthClose", "mouthFunnel",
    "mouthPucker", "mouthLeft", "mouthRight", "mouthSmileLeft", "mouthSmileRight", "mouthFrownLeft",
    "mouthFrownRight", "mouthDimpleLeft", "mouthDimpleRight", "mouthStretchLeft", "mouthStretchRight",
    "mouthRollLower", "mouthRollUpper", "mouthShrugLower", "mouthShrugUpper", "mouthPressLeft", "mouthPressRight",
    "mouthLowerDownLeft", "mouthLowerDownRight", "mouthUpperUpLeft", "mouthUpperUpRight", "browDownLeft",
    "browDownRight", "browInnerUp", "browOuterUpLeft", "browOuterUpRight", "cheekPuff", "cheekSquintLeft",
    "cheekSquintRight", "noseSneerLeft", "noseSneerRight", "tongueOut",
]
assert len(ARKIT_NAMES) == 52
IDX = {n: i for i, n in enumerate(ARKIT_NAMES)}
POSE_NAMES = ["pitch", "yaw", "roll", "tx", "ty", "tz"]

# Lower face (mouth, jaw, tongue, cheek puff): the lower-face head predicts these (seed 001 upper/lower split).
LOWER = [i for i, n in enumerate(ARKIT_NAMES)
         if n.startswith("jaw") or n.startswith("mouth") or n in ("tongueOut", "cheekPuff")]
UPPER = [i for i in range(52) if i not in LOWER]
assert len(LOWER) + len(UPPER) == 52


def mouth_opening(w):
    """Lip gap proxy used by targets and metrics: jawOpen minus mouthClose, clipped at 0 (ARKit's mouthClose
    closes the lips against an open jaw, so the gap is zero when mouthClose == jawOpen). w: [..., 52]."""
    import numpy as np
    return np.maximum(w[..., IDX["jawOpen"]] - w[..., IDX["mouthClose"]], 0.0)
