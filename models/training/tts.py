"""Speech with exact phone timing from three external TTS families (run as tools at training time only).

Each backend returns, per sentence, (pcm float32 at 16 kHz, phones) where phones is a list of
(phone, start_s, end_s, stressed) in the common ARPAbet inventory of phones.py.
- Festival (diphone voices kal/ked from real recordings, HTS slt): Segment relation end times.
- Flite (libflite via ctypes; awb/rms/slt clustergen, kal16 diphone): Segment relation end times.
- espeak-ng (libespeak-ng via ctypes): espeakEVENT_PHONEME events with their sample positions.
"""
import ctypes
import os
import subprocess
import tempfile
import wave

import numpy as np
from scipy.signal import resample_poly

from . import phones as ph


def _to16k(x, sr):
    x = np.asarray(x, dtype=np.float64)
    if sr == 16000:
        return x.astype(np.float32)
    g = np.gcd(int(sr), 16000)
    return resample_poly(x, 16000 // g, int(sr) // g).astype(np.float32)


def read_wav(path):
    with wave.open(path, "rb") as w:
        sr = w.getframerate()
        n = w.getnframes()
        ch = w.getnchannels()
        data = np.frombuffer(w.readframes(n), dtype=np.int16).astype(np.float32) / 32768.0
    if ch > 1:
        data = data.reshape(-1, ch).mean(axis=1)
    return data, sr


def _segments_to_phones(segs, mapper):
    """segs: [(name, end, stress)] in order; start of each = end of previous (0 for the first)."""
    out = []
    prev = 0.0
    for name, end, stress in segs:
        p = mapper(name)
        if end > prev:
            out.append((p, prev, end, bool(stress)))
        prev = max(prev, end)
    return out


# ---------------------------------------------------------------- Festival
FESTIVAL_VOICES = {"fest_kal": "voice_kal_diphone", "fest_ked": "voice_ked_diphone",
                   "fest_slt": "voice_cmu_us_slt_arctic_hts"}

_SCM_HEAD = """(define (dumpu u wav)
  (utt.synth u)
  (utt.save.wave u wav 'riff)
  (format t "UTT %s\\n" wav)
  (mapcar (lambda (s) (format t "%s %f %s\\n" (item.name s) (item.feat s "end")
     (item.feat s "R:SylStructure.parent.stress"))) (utt.relation.items u 'Segment))
  (format t "END\\n"))
"""


def festival_batch(voice, texts, stretch=1.0):
    voice_fn = FESTIVAL_VOICES[voice]
    with tempfile.TemporaryDirectory(prefix="fest") as d:
        scm = os.path.join(d, "b.scm")
        with open(scm, "w") as f:
            f.write(_SCM_HEAD)
            f.write(f"(Parameter.set 'Duration_Stretch {stretch:.3f})\n")
            for i, t in enumerate(texts):
                clean = t.replace('"', "").replace("\\", "")
                f.write(f'(dumpu (Utterance Text "{clean}") "{d}/{i}.wav")\n')
        res = subprocess.run(["festival", "-b", f"({voice_fn})", scm], capture_output=True, text=True, timeout=600)
        if res.returncode != 0:
            raise RuntimeError(f"festival {voice} failed: {res.stderr[-500:]}")
        out = {}
        cur = None
        segs = []
        for line in res.stdout.splitlines():
            if line.startswith("UTT "):
                cur = line[4:].strip()
                segs = []
            elif line.startswith("END") and cur is not None:
                pcm, sr = read_wav(cur)
                out[cur] = (_to16k(pcm, sr), _segments_to_phones(segs, ph.from_festival))
                cur = None
            elif cur is not None:
                parts = line.split()
                if len(parts) == 3:
                    segs.append((parts[0], float(parts[1]), parts[2] not in ("0", "")))
        return [out.get(f"{d}/{i}.wav") for i in range(len(texts))]


# ---------------------------------------------------------------- Flite
class _CstWave(ctypes.Structure):
    _fields_ = [("type", ctypes.c_char_p), ("sample_rate", ctypes.c_int), ("num_samples", ctypes.c_int),
                ("num_channels", ctypes.c_int), ("samples", ctypes.POINTER(ctypes.c_short))]


class Flite:
    VOICES = ["awb", "rms", "slt", "kal16"]

    def __init__(self):
        for lib in ["libflite.so.1", "libflite_usenglish.so.1", "libflite_cmulex.so.1"]:
            ctypes.CDLL(lib, mode=ctypes.RTLD_GLOBAL)
        fl = ctypes.CDLL("libflite.so.1")
        fl.flite_init()
        fl.flite_synth_text.restype = ctypes.c_void_p
        fl.flite_synth_text.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
        fl.utt_wave.restype = ctypes.POINTER(_CstWave)
        fl.utt_wave.argtypes = [ctypes.c_void_p]
        fl.utt_relation.restype = ctypes.c_void_p
        fl.utt_relation.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
        fl.relation_head.restype = ctypes.c_void_p
        fl.relation_head.argtypes = [ctypes.c_void_p]
        fl.item_next.restype = ctypes.c_void_p
        fl.item_next.argtypes = [ctypes.c_void_p]
        fl.ffeature_string.restype = ctypes.c_char_p
        fl.ffeature_string.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
        fl.ffeature_float.restype = ctypes.c_float
        fl.ffeature_float.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
        fl.delete_utterance.argtypes = [ctypes.c_void_p]
        fl.feat_set_float.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_float]
        self.fl = fl
        self.voices = {}

    def _voice(self, v):
        if v not in self.voices:
            lib = ctypes.CDLL(f"libflite_cmu_us_{v}.so.1")
            reg = getattr(lib, f"register_cmu_us_{v}")
            reg.restype = ctypes.c_void_p
            reg.argtypes = [ctypes.c_char_p]
            self.voices[v] = (lib, reg(None))
        return self.voices[v][1]

    def synth(self, v, text, stretch=1.0, f0=None):
        voice = self._voice(v)
        feats = ctypes.cast(voice, ctypes.POINTER(ctypes.c_void_p))[1]  # cst_voice.features
        self.fl.feat_set_float(feats, b"duration_stretch", ctypes.c_float(stretch))
        if f0 is not None:
            self.fl.feat_set_float(feats, b"int_f0_target_mean", ctypes.c_float(f0))
        u = self.fl.flite_synth_text(text.encode(), voice)
        w = self.fl.utt_wave(u).contents
        if not (8000 <= w.sample_rate <= 48000) or w.num_samples <= 0:
            self.fl.delete_utterance(u)
            raise RuntimeError(f"flite {v} returned a bad wave (rate {w.sample_rate})")
        pcm = np.ctypeslib.as_array(w.samples, shape=(w.num_samples,)).astype(np.float32) / 32768.0
        sr = w.sample_rate
        it = self.fl.relation_head(self.fl.utt_relation(u, b"Segment"))
        segs = []
        while it:
            segs.append((self.fl.ffeature_string(it, b"name").decode(), float(self.fl.ffeature_float(it, b"end")),
                         self.fl.ffeature_string(it, b"R:SylStructure.parent.stress").decode() not in ("0", "")))
            it = self.fl.item_next(it)
        self.fl.delete_utterance(u)
        return _to16k(pcm, sr), _segments_to_phones(segs, ph.from_festival)


# ---------------------------------------------------------------- espeak-ng
class _EspeakEvent(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint), ("text_position", ctypes.c_int),
                ("length", ctypes.c_int), ("audio_position", ctypes.c_int), ("sample", ctypes.c_int),
                ("user_data", ctypes.c_void_p), ("id", ctypes.c_char * 8)]


_CB = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_EspeakEvent))
_EV_PHONEME = 7
_EV_LIST_TERMINATED = 0


class Espeak:
    def __init__(self):
        lib = ctypes.CDLL("libespeak-ng.so.1")
        # AUDIO_OUTPUT_SYNCHRONOUS = 2; espeakINITIALIZE_PHONEME_EVENTS | espeakINITIALIZE_DONT_EXIT
        self.sr = lib.espeak_Initialize(2, 0, None, 0x0001 | 0x8000)
        if self.sr <= 0:
            raise RuntimeError("espeak_Initialize failed")
        self.lib = lib
        self.chunks = []
        self.events = []
        self._cb = _CB(self._callback)
        lib.espeak_SetSynthCallback(self._cb)
        lib.espeak_Synth.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint,
                                     ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]

    def _callback(self, wav, num, ev):
        if num > 0:
            self.chunks.append(np.ctypeslib.as_array(wav, shape=(num,)).copy())
        i = 0
        while ev[i].type != _EV_LIST_TERMINATED:
            if ev[i].type == _EV_PHONEME:
                self.events.append((ev[i].id.decode("utf-8", "replace"), ev[i].sample))
            i += 1
        return 0

    def synth(self, voice, text, rate=170, pitch=50, prange=50):
        if self.lib.espeak_SetVoiceByName(voice.encode()) != 0:
            raise RuntimeError(f"espeak-ng has no voice '{voice}'")
        self.lib.espeak_SetParameter(1, int(rate), 0)   # espeakRATE
        self.lib.espeak_SetParameter(3, int(pitch), 0)  # espeakPITCH
        self.lib.espeak_SetParameter(4, int(prange), 0)  # espeakRANGE
        self.chunks, self.events = [], []
        b = text.encode()
        self.lib.espeak_Synth(b, len(b) + 1, 0, 1, 0, 0, None, None)
        self.lib.espeak_Synchronize()
        pcm = np.concatenate(self.chunks).astype(np.float32) / 32768.0 if self.chunks else np.zeros(0, np.float32)
        dur = len(pcm) / self.sr
        phs = []
        for k, (name, samp) in enumerate(self.events):
            start = samp / self.sr
            end = self.events[k + 1][1] / self.sr if k + 1 < len(self.events) else dur
            if end <= start:
                continue
            p = ph.from_espeak(name)
            phs.append((p, start, end, False))
        # leading silence before the first phoneme event
        if phs and phs[0][1] > 0:
            phs.insert(0, ("sil", 0.0, phs[0][1], False))
        return _to16k(pcm, self.sr), phs
