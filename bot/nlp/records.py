"""The records the analysis engine hands to the rest of newsbot: frozen, JSON-ready, no spaCy."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

ActorKind = Literal["person", "organization", "place", "group"]
QuoteKind = Literal["direct", "partial", "indirect"]


@dataclass(frozen=True, slots=True)
class KindExplanation:
    """Which rule gave an actor its kind, and the kinds its named mentions voted for with the
    rule that gave each one, so a wrong kind can be traced (`newsbot analyze --explain`);
    never stored."""

    rule: str  # the actor rule that decided ("majority_of_mentions", "written_as_organisation")
    # (kind, mention rule, how many mentions): ("person", "ner_label:PERSON", 3)
    mentions: tuple[tuple[ActorKind, str, int], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.rule,
            "mentions": [{"kind": k, "by": by, "count": n} for k, by, n in self.mentions],
        }


@dataclass(frozen=True, slots=True)
class Actor:
    """One real-world actor of one article, under its canonical name."""

    name: str
    kind: ActorKind
    aliases: tuple[str, ...]
    role: str | None
    mentions: int
    salience: float
    # Character offsets (start, end) of every mention in the analysed text, in text order. Used
    # to attribute quotes; not part of the public JSON.
    spans: tuple[tuple[int, int], ...] = ()
    explain: KindExplanation | None = field(default=None, compare=False)

    def to_json(self, *, explain: bool = False) -> dict[str, Any]:
        """The actor of DESIGN.md's interface; with `explain`, also which rule chose its kind."""
        out: dict[str, Any] = {
            "name": self.name,
            "kind": self.kind,
            "aliases": list(self.aliases),
            "role": self.role,
            "mentions": self.mentions,
            "salience": round(self.salience, 4),
        }
        if explain:
            out["explain"] = self.explain.to_json() if self.explain is not None else None
        return out


@dataclass(frozen=True, slots=True)
class Explanation:
    """Which rules of bot.nlp.rules made one quote, so a wrong one can be traced to its rule
    (`newsbot analyze --explain`); never stored."""

    quote: str  # the rule that found the quote and its kind ("sentence_opening_a_clause")
    cue: str | None  # the rule that found its reporting word ("reporting_verb_after_quote")
    speaker: str | None  # the rules that found its speaker as written ("parsed_subject")
    resolution: str | None  # how the speaker as written became the one shown ("pronoun")

    def to_json(self) -> dict[str, Any]:
        return {
            "quote": self.quote,
            "cue": self.cue,
            "speaker": self.speaker,
            "resolution": self.resolution,
        }


@dataclass(frozen=True, slots=True)
class Quote:
    """One quote or piece of reported speech, with offsets of `text` in the analysed text."""

    text: str
    start: int
    end: int
    kind: QuoteKind
    speaker: str | None  # canonical actor name, never a bare pronoun
    speaker_kind: ActorKind | None
    cue: str | None  # the reporting verb or phrase ("said", "according to")
    speaker_text: str | None = None  # the speaker as written ("he", "the senators")
    explain: Explanation | None = field(default=None, compare=False)

    def to_json(self, *, explain: bool = False) -> dict[str, Any]:
        """The quote of DESIGN.md's interface; with `explain`, also which rules made it and
        its speaker as written."""
        out: dict[str, Any] = {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "speaker": self.speaker,
            "speaker_kind": self.speaker_kind,
            "cue": self.cue,
        }
        if explain:
            rules = self.explain.to_json() if self.explain is not None else {}
            out["explain"] = {**rules, "speaker_as_written": self.speaker_text}
        return out


@dataclass(frozen=True, slots=True)
class Analysis:
    """Actors ranked by salience and quotes in text order, for one text."""

    actors: tuple[Actor, ...]
    quotes: tuple[Quote, ...]
