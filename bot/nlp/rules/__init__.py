"""Attribution rules as data: ordered tables of small named functions, and the runner.

A rule looks at one thing (a quote and the words around it, a reporting verb, a speaker as
written, an actor's mentions) and returns its finding, or None when it does not apply. A table's
order is its precedence: `first` tries the rules in order and reports which one fired, so
`newsbot analyze --explain` can say which rule produced each quote, its cue and its speaker.

To add or move a rule: write it as a function with a one-line example sentence in its
docstring, put it in its table where it should take precedence, and give it a test in
tests/nlp/rules/ on a sentence it fires on and one it must not fire on. The tables:

- bot.nlp.rules.subjects.SUBJECT_RULES: who speaks through a reporting verb (as written).
- bot.nlp.rules.cues.CUE_RULES, FALLBACK_CUE_RULES: a quote's reporting verb and its speaker.
- bot.nlp.rules.kinds.NAME_RULES, DIRECT_RULES, NOT_A_QUOTE_RULES, NOT_SPOKEN_RULES: what a
  quoted stretch is (a title or term, a direct or partial quote, nobody's words).
- bot.nlp.rules.reported.REPORTED_RULES: reported speech ("said that ...", "according to").
- bot.nlp.rules.lines.NOT_SPEECH_LINE_RULES: lines that are nobody's speech (credit lines,
  bylines, photo credits, editor's notes).
- bot.nlp.rules.echoes.echo_of_attributed_quote: a quote with no speaker of its own that
  repeats words the article quotes someone saying elsewhere is theirs.

How a speaker as written becomes an actor of the article is bot.nlp.speakers' work; it names
its way in `Speaker.how`, which `--explain` shows too. An actor's kind is chosen by the rules of
bot.nlp.actors (`_to_actor`) from its mentions' kinds, each mention naming the rule that gave it
its kind (`Mention.kind_by`); `Actor.explain` carries both to `--explain`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

Site = TypeVar("Site")
Finding = TypeVar("Finding")


@dataclass(frozen=True, slots=True)
class Fired(Generic[Finding]):
    """What a table found and the name of the rule that found it."""

    rule: str
    finding: Finding


def first(table: Sequence[Callable[[Site], Finding | None]], site: Site) -> Fired[Finding] | None:
    """The finding of the first rule of `table` that has one for `site`, with its name."""
    for rule in table:
        finding = rule(site)
        if finding is not None:
            return Fired(rule.__name__, finding)
    return None
