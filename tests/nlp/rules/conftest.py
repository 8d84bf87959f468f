"""Helpers for the rule tests: one sentence parsed, and the site a rule looks at in it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Token

from bot.nlp.actors import extract_actors
from bot.nlp.rules.context import Context, Cue
from bot.nlp.rules.quote_sites import Cues, QuoteSite
from bot.nlp.rules.reported import Reports, ReportSite
from bot.nlp.rules.subjects import VerbSite


def context(nlp: Language, text: str) -> Context:
    doc = nlp(text)
    return Context(doc, extract_actors(doc))


def word(ctx: Context, text: str) -> Token:
    """The first token of the doc that reads `text`."""
    return next(t for t in ctx.doc if t.text == text)


def said_by(cue: Cue | None) -> tuple[str, str | None] | None:
    """A cue as (reporting word, speaker as written), for comparing."""
    if cue is None:
        return None
    return cue.verb.text, cue.subject.text if cue.subject is not None else None


@pytest.fixture
def quote_site(nlp: Language) -> Callable[..., QuoteSite]:
    """The site of quote k (in text order) of a text."""

    def make(text: str, k: int = 0) -> QuoteSite:
        return Cues(context(nlp, text)).site(k)

    return make


@pytest.fixture
def verb_site(nlp: Language) -> Callable[[str, str], VerbSite]:
    """The site of the first token reading `verb` in a text."""

    def make(text: str, verb: str) -> VerbSite:
        ctx = context(nlp, text)
        return VerbSite(ctx.qdoc, ctx.patterns, word(ctx, verb))

    return make


@pytest.fixture
def report_site(nlp: Language) -> Callable[[str, str], ReportSite]:
    """The site of the first token reading `verb` in a text, as reported speech sees it."""

    def make(text: str, verb: str) -> ReportSite:
        ctx = context(nlp, text)
        return ReportSite(Reports(ctx), word(ctx, verb))

    return make


# (word, tag, pos, dep, head index, lemma, entity) of a parse written out by hand.
Row = tuple[str, str, str, str, int, str, str]


def parsed(nlp: Language, rows: list[Row], spaces: list[bool] | None = None) -> Context:
    """A Context over a parse given token by token (the mistakes the rules mend included);
    `spaces` says which words a space follows (by default every word before a non-punct)."""
    words = [r[0] for r in rows]
    if spaces is None:
        spaces = [r[0] != "\n" and i + 1 < len(rows) and rows[i + 1][3] != "punct" for i, r in
                  enumerate(rows)]  # fmt: skip
    ents = [(f"B-{r[6]}" if r[6] and (i == 0 or rows[i - 1][6] != r[6]) else
             f"I-{r[6]}" if r[6] else "O") for i, r in enumerate(rows)]  # fmt: skip
    doc = Doc(
        nlp.vocab,
        words=words,
        spaces=spaces,
        tags=[r[1] for r in rows],
        pos=[r[2] for r in rows],
        deps=[r[3] for r in rows],
        heads=[r[4] for r in rows],
        lemmas=[r[5] for r in rows],
        ents=ents,
    )
    return Context(doc, [])
