"""Finds the quotes and reported speech of one parsed article and who said each one.

Three passes, each linear in the article: bot.nlp.quotemarks finds the quoted stretches, each
stretch is classified (bot.nlp.rules.kinds: direct, partial, or no quote at all) and attributed
from the words around it (bot.nlp.rules.cues), and reporting words with a reported clause give
the indirect quotes (bot.nlp.rules.reported). A quote with no cue of its own may continue the
speaker of the quote before it. Speakers as written ("he", "the senators") are resolved to the
article's actors by bot.nlp.speakers. Every quote keeps the names of the rules that made it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from bot.nlp.deadline import NO_DEADLINE, Deadline
from bot.nlp.descriptions import unnamed_source_of_report
from bot.nlp.docmemo import not_speech_lines
from bot.nlp.predicates import cue_text
from bot.nlp.records import Actor, Explanation, Quote
from bot.nlp.rules import first
from bot.nlp.rules.context import Context, Cue
from bot.nlp.rules.cues import CUE_RULES, FALLBACK_CUE_RULES
from bot.nlp.rules.echoes import Said, echo_of_attributed_quote
from bot.nlp.rules.kinds import (
    NAME_RULES,
    NOT_A_QUOTE_RULES,
    NOT_SPOKEN_RULES,
    Attributed,
    quote_kind,
    title_in_speakers_phrase,
    unattributed_short_phrase,
)
from bot.nlp.rules.quote_sites import Cues
from bot.nlp.rules.reported import Reports


@dataclass(slots=True)
class _Found:
    """One quote being built: where it is, what kind, how it is attributed, and by which
    rules."""

    start: int
    end: int
    kind: str
    cue: Cue | None
    kind_rule: str
    cue_rule: str | None
    span: Span | None = None  # the quote's words (direct and partial quotes)
    carried: bool = False  # the speaker comes from the quote before


def _subject(cue: Cue | None) -> Token | None:
    return None if cue is None else cue.subject


class _Extractor:
    def __init__(self, doc: Doc, actors: Sequence[Actor], deadline: Deadline) -> None:
        self.doc = doc
        self.deadline = deadline
        self.ctx = Context(doc, actors)
        self.cues = Cues(self.ctx)

    def quotes(self) -> list[_Found]:
        """The direct and partial quotes, attributed."""
        qdoc, cues = self.ctx.qdoc, self.cues
        found: list[_Found] = []
        held: list[_Found] = []  # no speaker found and no quote on its own: maybe an echo
        previous: _Found | None = None
        for k, qs in enumerate(qdoc.qspans):
            self.deadline.check()
            span = qdoc.spans[k]
            if not len(span):
                continue
            site = cues.site(k)
            if first(NAME_RULES, site) is not None:
                continue  # a title or a term, nobody's words
            kind = quote_kind(site)
            partial = kind.finding == "partial"
            fired = first(CUE_RULES, site)
            cue = fired.finding if fired is not None else None
            cue_rule = fired.rule if fired is not None else None
            if partial and title_in_speakers_phrase(site, _subject(cue)):
                cue, cue_rule = None, None
            vouched = cues.vouched(cue.verb) if cue is not None else None
            if vouched is not None:
                cue, cue_rule = vouched, f"{cue_rule}+according_to_after_verb"
            if partial and cue is None and first(NOT_A_QUOTE_RULES, site) is not None:
                held.append(_Found(qs.start, qs.end, kind.finding, None, kind.rule, None, span))
                continue
            item = _Found(qs.start, qs.end, kind.finding, cue, kind.rule, cue_rule, span)
            # '..." Bo Li: "..."': a label right before the quote outranks the paragraph's.
            label = (cues.label_before(span) or cues.label_for(span)) if cue is None else None
            credit = cues.credit_after(span) if cue is None and label is None else None
            if label is not None:
                # A transcript line's own label ("GOWDY: ...") outranks the previous speaker.
                item.cue, item.cue_rule = label, "transcript_label"
            elif credit is not None:  # so does a credit line after it ("— Ann Roe")
                item.cue, item.cue_rule = credit, "dash_credit_after_quote"
            elif (
                _subject(cue) is None
                and previous is not None
                and previous.cue is not None
                and previous.span is not None
                and cues.may_carry(previous.span, previous.cue, span)
            ):
                item.cue, item.carried = previous.cue, True
                item.cue_rule = "carried_from_previous"
            if _subject(item.cue) is None and not item.carried:
                fallback = first(FALLBACK_CUE_RULES, site)
                item.cue = fallback.finding if fallback is not None else None
                item.cue_rule = fallback.rule if fallback is not None else None
                if partial and title_in_speakers_phrase(site, _subject(item.cue)):
                    item.cue, item.cue_rule = None, None
            if _subject(item.cue) is None and partial and unattributed_short_phrase(site):
                held.append(item)
                continue
            said = Attributed(site, kind.finding, item.cue, item.cue_rule)
            if first(NOT_SPOKEN_RULES, said) is not None:
                continue
            found.append(item)
            previous = item
        return self._echoes(found, held)

    def _echoes(self, found: list[_Found], held: list[_Found]) -> list[_Found]:
        """The quotes with no speaker that repeat words someone is quoted saying elsewhere in
        the article (bot.nlp.rules.echoes) become theirs; held ones become quotes again."""
        said = [
            Said(f.start, f.end, self.ctx.text[f.start : f.end], f)
            for f in found
            if _subject(f.cue) is not None
        ]
        if not said:
            return found
        unspoken = [(f, False) for f in found if _subject(f.cue) is None]
        for item, was_held in [*unspoken, *((f, True) for f in held)]:
            words = self.ctx.text[item.start : item.end]
            source = echo_of_attributed_quote(words, item.start, item.end, said)
            if source is None:
                continue
            if was_held:
                found.append(item)
            item.cue, item.carried = source.cue.cue, True
            item.cue_rule = echo_of_attributed_quote.__name__
        found.sort(key=lambda f: (f.start, f.end))
        return found

    def indirect(self) -> list[_Found]:
        """Reported speech, each piece with the rule that reported it."""
        found: list[_Found] = []
        for fired in Reports(self.ctx).all(self.deadline):
            for piece in fired.finding:
                found.append(
                    _Found(piece.start, piece.end, "indirect", piece.cue, fired.rule, fired.rule)
                )
        return found

    def run(self) -> list[Quote]:
        items = self.quotes()
        items += self.indirect()
        items.sort(key=lambda f: (f.start, f.end))
        resolver = self.ctx.resolver
        text = self.ctx.text
        lines = not_speech_lines(self.ctx.doc)
        out: list[Quote] = []
        last_end = -1  # of the reported speech so far: the quotes inside it stay quotes too
        for f in items:
            self.deadline.check()
            if lines.at(f.start) is not None:
                continue  # a credit line, a byline, an editor's note: nobody's speech
            if f.kind == "indirect":
                if f.start < last_end:
                    continue  # overlapping reported speech loses to what came first
                last_end = f.end
            subject = _subject(f.cue)
            speaker = resolver.resolve(subject) if subject is not None else None
            if speaker is None and subject is not None and f.kind == "indirect":
                speaker = unnamed_source_of_report(resolver, subject)
            explanation = Explanation(
                quote=f.kind_rule,
                cue=f.cue_rule if f.cue is not None else None,
                speaker=f.cue.how if f.cue is not None else None,
                resolution=speaker.how if speaker is not None else None,
            )
            out.append(
                Quote(
                    text=text[f.start : f.end],
                    start=f.start,
                    end=f.end,
                    kind=f.kind,  # type: ignore[arg-type]
                    speaker=speaker.name if speaker else None,
                    speaker_kind=speaker.kind if speaker else None,
                    cue=cue_text(f.cue.verb) if f.cue is not None else None,
                    speaker_text=resolver.as_written(subject) if subject is not None else None,
                    explain=explanation,
                )
            )
        return out


def extract_quotes(
    doc: Doc, actors: Sequence[Actor], deadline: Deadline = NO_DEADLINE
) -> list[Quote]:
    """The quotes and reported speech of a parsed text, in text order, with resolved speakers."""
    return _Extractor(doc, actors, deadline).run()
