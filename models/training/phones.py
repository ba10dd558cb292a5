"""One common phone inventory (ARPAbet, lower case, plus 'sil') and the mappings from Festival/Flite and espeak-ng."""

VOWELS = ["aa", "ae", "ah", "ao", "aw", "ax", "ay", "eh", "er", "ey", "ih", "iy", "ow", "oy", "uh", "uw"]
CONSONANTS = ["b", "ch", "d", "dh", "f", "g", "hh", "jh", "k", "l", "m", "n", "ng", "p", "r", "s", "sh", "t", "th",
              "v", "w", "y", "z", "zh"]
INVENTORY = ["sil"] + VOWELS + CONSONANTS
BILABIAL = {"p", "b", "m"}

_FEST = {"pau": "sil", "h#": "sil", "#": "sil", "brth": "sil", "sil": "sil", "axr": "er", "el": "l", "em": "m",
         "en": "n", "dx": "d", "hv": "hh", "ix": "ih", "ux": "uw", "nx": "n"}


def from_festival(name):
    n = name.lower()
    n = _FEST.get(n, n)
    if n not in INVENTORY:
        raise KeyError(f"unmapped Festival/Flite phone '{name}'")
    return n


# espeak-ng English phoneme mnemonics -> ARPAbet. Diphthong+r / schwa combinations map to their main vowel
# (the coarticulation model sees the first target; the r colouring is small on the lips).
_ESPEAK = {
    "@": "ax", "@-": "ax", "@2": "ax", "@5": "ax", "@L": "ax", "3": "er", "3:": "er", "@r": "er", "3:r": "er",
    "a": "ae", "a#": "ax", "aa": "aa", "A:": "aa", "A": "aa", "A@": "aa", "A:r": "aa", "0": "aa", "02": "aa",
    "aI": "ay", "aI@": "ay", "aI3": "ay", "aU": "aw", "aU@": "aw", "e": "eh", "E": "eh", "E2": "eh", "e@": "eh",
    "eI": "ey", "i": "iy", "i:": "iy", "i@": "ih", "i@3": "ih", "I": "ih", "I#": "ih", "I2": "ih", "I@": "ih",
    "O": "ao", "O:": "ao", "O@": "ao", "o@": "ao", "OI": "oy", "oU": "ow", "@U": "ow", "oU#": "ow", "o": "ow",
    "u:": "uw", "u": "uw", "U": "uh", "U@": "uh", "V": "ah", "aU#": "aw", "eI#": "ey", "I3": "ih", "3#": "er",
    "p": "p", "b": "b", "t": "t", "d": "d", "k": "k", "g": "g", "f": "f", "v": "v", "T": "th", "D": "dh",
    "s": "s", "z": "z", "S": "sh", "Z": "zh", "h": "hh", "tS": "ch", "dZ": "jh", "m": "m", "n": "n", "N": "ng",
    "l": "l", "r": "r", "w": "w", "j": "y", "t#": "t", "d#": "d", "?": "t", "x": "k", "n-": "n", "l-": "l",
    "m-": "m", "r-": "r", "l/": "l", "l/2": "l", "r/": "r", "z/2": "z", "s2": "s", "z2": "z", "tS2": "ch",
    "w#": "w", "R": "r", "*": "r", "n2": "n", "t2": "t", "d2": "d", "k2": "k", "_": "sil", "_:": "sil", "_!": "sil",
    "||": "sil", "_^_": "sil", ";": "sil", "": "sil", "W": "w", "C": "hh", "hw": "w", "t3": "t", "r-3": "r",
}


def from_espeak(name):
    n = name.strip()
    if n in _ESPEAK:
        return _ESPEAK[n]
    core = n.rstrip(";:'\",.%=/#23!")
    for cand in (core, core.rstrip("-"), core[:2], core[:1]):
        if cand in _ESPEAK:
            return _ESPEAK[cand]
    raise KeyError(f"unmapped espeak-ng phoneme '{name}'")
