"""Decoder front end: streaming cepstral-style mean and variance normalisation of the LogMel80 frames (an
exponential moving average, so Java can apply it frame by frame with O(1) state). Exactly, per mel frame t and bin j:

    x_t   = max(logmel_t, LOG_FLOOR)
    m_t   = m_{t-1} + ALPHA * (x_t - m_{t-1})            m_{-1} = prior_mean   (from the manifest)
    v_t   = v_{t-1} + ALPHA * ((x_t - m_t)^2 - v_{t-1})   v_{-1} = prior_var    (from the manifest)
    y_t   = (x_t - m_t) / sqrt(max(v_t, VAR_FLOOR))

The state starts from the priors at the start of each stream (session). The decoder's window of mel frames before
the first real frame is filled with PAD = (max(ln 1e-10, LOG_FLOOR) - prior_mean) / sqrt(prior_var) (silence).
"""
import numpy as np
from scipy.signal import lfilter

ALPHA = 1.0 / 300.0  # 3 s time constant at 100 frames/s
LOG_FLOOR = -16.0
VAR_FLOOR = 0.25


def cmvn_stream(mel, prior_mean, prior_var):
    """mel [T, 80] -> normalised float32 [T, 80] (float64 maths, the same recursion as the Java loop)."""
    x = np.maximum(np.asarray(mel, dtype=np.float64), LOG_FLOOR)
    a = ALPHA
    m = lfilter([a], [1.0, -(1.0 - a)], x, axis=0, zi=((1.0 - a) * prior_mean)[None, :])[0]
    d2 = (x - m) ** 2
    v = lfilter([a], [1.0, -(1.0 - a)], d2, axis=0, zi=((1.0 - a) * prior_var)[None, :])[0]
    return ((x - m) / np.sqrt(np.maximum(v, VAR_FLOOR))).astype(np.float32)


def cmvn_stream_loop(mel, prior_mean, prior_var):
    """Literal per-frame loop (what Java does); used to check cmvn_stream."""
    m = np.array(prior_mean, dtype=np.float64)
    v = np.array(prior_var, dtype=np.float64)
    out = np.zeros(np.shape(mel), dtype=np.float32)
    for t, row in enumerate(np.asarray(mel, dtype=np.float64)):
        x = np.maximum(row, LOG_FLOOR)
        m = m + ALPHA * (x - m)
        v = v + ALPHA * ((x - m) ** 2 - v)
        out[t] = (x - m) / np.sqrt(np.maximum(v, VAR_FLOOR))
    return out


def pad_frame(prior_mean, prior_var):
    return ((max(np.log(1e-10), LOG_FLOOR) - prior_mean) / np.sqrt(prior_var)).astype(np.float32)
