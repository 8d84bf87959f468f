"""The attribution rules that are fixed shapes of the parse, written as spaCy DependencyMatcher
patterns ('"...," said X', "according to X", "As X put it", "X's statement").

The patterns are data in DependencyMatcher's own format (tests/nlp/rules/test_patterns.py checks
that spaCy's DependencyMatcher finds exactly what we find with them). We do not run spaCy's
matcher over each doc: it tries the cartesian product of every node's candidate tokens (every
"to" and every prepositional object of the page for "according to X"), which cost more than all
our other rules together on PolNeAR and grows with the cube of a page. `DocPatterns` matches a
pattern anchored at the one token a rule asks about, which costs what a hand-written check of
that token would.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from spacy.tokens import Doc, Token

from bot.nlp.lexicon import SPEECH_NOUNS

Pattern = Sequence[Mapping[str, Any]]

# "according to the report": the source is the object of "to".
ACCORDING_TO: Pattern = [
    {"RIGHT_ID": "according", "RIGHT_ATTRS": {"LOWER": "according"}},
    {"LEFT_ID": "according", "REL_OP": ">", "RIGHT_ID": "to", "RIGHT_ATTRS": {"LOWER": "to"}},
    {"LEFT_ID": "to", "REL_OP": ">", "RIGHT_ID": "source", "RIGHT_ATTRS": {"DEP": "pobj"}},
]
# '"...," said Ann Roe', '"...," beamed Ann Roe': a verb whose named subject follows it.
INVERTED_SPEAKER: Pattern = [
    {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"POS": "VERB"}},
    {
        "LEFT_ID": "verb",
        "REL_OP": ">++",
        "RIGHT_ID": "speaker",
        "RIGHT_ATTRS": {"DEP": "nsubj", "POS": "PROPN"},
    },
]
# "As Ann Roe put it, '...'": the parser makes the speaker an object of "as".
AS_SPEAKER: Pattern = [
    {"RIGHT_ID": "as", "RIGHT_ATTRS": {"LOWER": "as", "DEP": {"IN": ["prep", "mark"]}}},
    {
        "LEFT_ID": "as",
        "REL_OP": ">",
        "RIGHT_ID": "speaker",
        "RIGHT_ATTRS": {"DEP": "pobj", "POS": "PROPN"},
    },
]
# "Trump's tweet", "her statement": a speech noun and its owner (lemmas compared lower-cased).
SPEECH_NOUN_LEMMA = "(?i)^(" + "|".join(re.escape(w) for w in sorted(SPEECH_NOUNS)) + ")$"
OWNED_SPEECH_NOUN: Pattern = [
    {"RIGHT_ID": "noun", "RIGHT_ATTRS": {"LEMMA": {"REGEX": SPEECH_NOUN_LEMMA}}},
    {"LEFT_ID": "noun", "REL_OP": ">", "RIGHT_ID": "owner", "RIGHT_ATTRS": {"DEP": "poss"}},
]
PATTERNS: dict[str, Pattern] = {
    "according_to": ACCORDING_TO,
    "inverted_speaker": INVERTED_SPEAKER,
    "as_speaker": AS_SPEAKER,
    "owned_speech_noun": OWNED_SPEECH_NOUN,
}

_ATTRS: dict[str, Callable[[Token], str]] = {
    "ORTH": lambda t: t.orth_,
    "TEXT": lambda t: t.text,
    "LOWER": lambda t: t.lower_,
    "LEMMA": lambda t: t.lemma_,
    "POS": lambda t: t.pos_,
    "TAG": lambda t: t.tag_,
    "DEP": lambda t: t.dep_,
    "ENT_TYPE": lambda t: t.ent_type_,
}
# The relations a pattern may use, as DependencyMatcher defines them: the tokens in relation
# `op` to token `t`.
_RELATIONS: dict[str, Callable[[Token], Iterator[Token]]] = {
    ">": lambda t: t.children,
    ">++": lambda t: t.rights,
    ">--": lambda t: t.lefts,
    "<": lambda t: iter(() if t.head.i == t.i else (t.head,)),
}


def _fits(token: Token, attrs: Mapping[str, Any]) -> bool:
    """Whether a token has the attributes of a pattern node (a value, or IN/NOT_IN/REGEX)."""
    for name, wanted in attrs.items():
        value = _ATTRS[name](token)
        if isinstance(wanted, str):
            if value != wanted:
                return False
        elif (
            ("IN" in wanted and value not in wanted["IN"])
            or ("NOT_IN" in wanted and value in wanted["NOT_IN"])
            or ("REGEX" in wanted and not re.search(wanted["REGEX"], value))
        ):
            return False
    return True


def check_pattern(pattern: Pattern) -> None:
    """Raise ValueError unless every node of `pattern` uses what `matches_at` understands."""
    seen: set[str] = set()
    for n, node in enumerate(pattern):
        unknown = set(node.get("RIGHT_ATTRS", {})) - _ATTRS.keys()
        if unknown:
            raise ValueError(f"pattern node {n}: attributes {sorted(unknown)} not supported")
        if n and (node.get("REL_OP") not in _RELATIONS or node.get("LEFT_ID") not in seen):
            raise ValueError(f"pattern node {n}: relation or LEFT_ID not supported")
        seen.add(node["RIGHT_ID"])


def matches_at(pattern: Pattern, token: Token) -> list[tuple[int, ...]]:
    """Every match of `pattern` whose first node is `token`, as spaCy's DependencyMatcher
    reports them: token indices in the order of the pattern's nodes, in text order."""
    if not _fits(token, pattern[0]["RIGHT_ATTRS"]):
        return []
    doc = token.doc
    found: list[tuple[int, ...]] = []

    def extend(bound: dict[str, int], n: int) -> None:
        if n == len(pattern):
            found.append(tuple(bound[node["RIGHT_ID"]] for node in pattern))
            return
        node = pattern[n]
        for other in _RELATIONS[node["REL_OP"]](doc[bound[node["LEFT_ID"]]]):
            if _fits(other, node["RIGHT_ATTRS"]):
                extend({**bound, node["RIGHT_ID"]: other.i}, n + 1)

    extend({pattern[0]["RIGHT_ID"]: token.i}, 1)
    return sorted(found)


for _pattern in PATTERNS.values():
    check_pattern(_pattern)


class DocPatterns:
    """The patterns' matches in one doc, each worked out once per token a rule asks about."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._matches: dict[tuple[str, int], list[tuple[int, ...]]] = {}

    def at(self, name: str, token: Token) -> list[tuple[int, ...]]:
        """The matches of PATTERNS[name] anchored at `token`."""
        key = (name, token.i)
        if key not in self._matches:
            self._matches[key] = matches_at(PATTERNS[name], token)
        return self._matches[key]

    def according_source(self, token: Token) -> Token | None:
        """The object of "according to" when `token` is its "according" (of the first "to"
        with an object, the first object)."""
        found = self.at("according_to", token)
        return self.doc[found[0][2]] if found else None

    def inverted(self, token: Token) -> bool:
        """Whether `token` is a verb with a named subject after it."""
        return bool(self.at("inverted_speaker", token))

    def as_speakers(self, token: Token) -> list[Token]:
        """The named objects of an "as" ("As Ann Roe put it"), in text order."""
        return [self.doc[m[1]] for m in self.at("as_speaker", token)]

    def owners(self, token: Token) -> list[Token]:
        """The owners of a speech noun ("Trump's tweet"), in text order."""
        return [self.doc[m[1]] for m in self.at("owned_speech_noun", token)]
