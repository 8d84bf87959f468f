"""Lines of a page that are nobody's speech, by an ordered table of rules over each paragraph:
credit lines, bylines, photo credits, editor's notes. Nothing in them is a quote, whatever
verb they use ("Ann Roe contributed reporting", "Photo: Bo Li said ...")."""

from __future__ import annotations

import re
from bisect import bisect_right

from bot.nlp.lexicon import SOCIAL_PLATFORMS
from bot.nlp.quotemarks import paragraphs
from bot.nlp.rules import first

# A credit line or a byline is short; a longer paragraph that mentions reporting is a story.
CREDIT_MAX_WORDS = 40
# A name as bylines write it: capitalised words, initials, particles ("Ann de la Roe").
_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|la|van|von|der|da|del|bin|al))*"

_EDITORS_NOTE = re.compile(
    r"^\W*(?:editor['’]?s['’]?\s+note|note\s+to\s+(?:readers|our\s+readers)|correction|"
    r"clarification|update)\s*[:—–-]",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"\bcontributed(?:\s+\w+){0,2}\s+(?:to|for)\s+(?:this|the)\s+(?:report|story|article)\b|"
    r"(?:^|[;.]\s)\W*(?:additional\s+)?(?:reporting|writing|editing|research|graphics)\s+"
    r"(?:was\s+)?by\b|"
    r"^\W*(?:this|the)\s+(?:story|article|report)\s+(?:was|has\s+been)\s+"
    r"(?:reported|written|edited|produced|updated)\b",
    re.IGNORECASE,
)
_PHOTO = re.compile(
    r"^\W*(?:photo(?:graph)?s?|images?|pictures?|illustrations?|video|graphic|credit)"
    r"(?:\s+(?:by|courtesy(?:\s+of)?))?\s*[:|/—–-]|"
    r"\((?:[^()]*\b(?:photos?|images?|credit)\b[^()]*)\)\s*$|"
    r"\b(?:getty\s+images|ap\s+photo|reuters/|afp\s+via|shutterstock)\b",
    re.IGNORECASE,
)
# The time and date a page stamps before its byline: "5:45 AM PST 11/19/2019", "Nov. 19, 2019
# 10:02 a.m. ET", "Updated 2019-11-19".
_STAMP = (
    r"(?:(?i:updated|posted|published)\s*:?\s*)?"
    r"(?:(?:\d{1,4}[:/.-]\d{1,2}(?:[:/.-]\d{1,4})?|[A-Z][a-z]{2,8}\.?\s+\d{1,2},?(?:\s+\d{4})?"
    r"|\d{4}|(?i:[ap]\.?m\.?)|[A-Z]{2,4})[\s,|·•—–-]*)+"
)
_BYLINE = re.compile(rf"^\W*(?:{_STAMP})?(?i:by)\s+{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*\W*$")
_AUTHOR_BIO = re.compile(
    rf"^{_NAME}\s+(?:is|was)\s+(?:a|an|the)\s+(?:[\w-]+\s+){{0,4}}"
    r"(?:reporter|correspondent|writer|editor|columnist|contributor|journalist|producer)\b"
)
# Lines in which the page speaks of itself or its staff, not of the story.
_CONTACT = re.compile(
    r"\b(?:can|may)\s+be\s+(?:reached|contacted|emailed)\s+at\s+(?:\S+@|\+?\(?\d)", re.IGNORECASE
)
_FOLLOW = re.compile(
    r"(?:^|[.!?]\s)\W*follow\s+(?:[\w.'’@-]+\s+){1,4}on\s+(?:"
    + "|".join(sorted(SOCIAL_PLATFORMS))
    + r")\b",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(
    r"^\W*(?:copyright\b|\(c\)\s*\d{4})|©|\ball rights reserved\b", re.IGNORECASE
)


# A row of a table as pages set it out in text: cells between vertical bars.
_TABLE_ROW = re.compile(r"^\s*\|(?:[^|\n]*\|){2,}\s*$")


def _short(line: str) -> bool:
    return len(line.split()) <= CREDIT_MAX_WORDS


def editors_note(line: str) -> bool | None:
    """ "Editor's note: this story has been updated.": the publication speaking, no quote."""
    return True if _EDITORS_NOTE.search(line) else None


def credit_line(line: str) -> bool | None:
    """ "Jane Roe and John Doe contributed to this report.": who wrote the story."""
    return True if _short(line) and _CREDIT.search(line) else None


def photo_credit(line: str) -> bool | None:
    """ "Photo: Jane Roe / Getty Images": who took a picture (and its caption)."""
    return True if _short(line) and _PHOTO.search(line) else None


def byline(line: str) -> bool | None:
    """ "By Jane Roe and John Doe", "9:15 AM EST 3/2/2021 by Jane Roe": the story's authors,
    after the time the page stamps on it if any."""
    return True if _short(line) and _BYLINE.match(line.strip()) else None


def author_bio(line: str) -> bool | None:
    """ "Jane Roe is a senior reporter covering the courts.": a line about the author."""
    return True if _short(line) and _AUTHOR_BIO.match(line.strip()) else None


def contact_line(line: str) -> bool | None:
    """ "Jane Roe can be reached at jroe@example.com.": how to reach the author."""
    return True if _short(line) and _CONTACT.search(line) else None


def follow_line(line: str) -> bool | None:
    """ "Follow Planet Radio on Instagram and YouTube.", "Her book is out now. Follow her on
    Twitter.": the page sending readers to its own or its author's accounts."""
    return True if _short(line) and _FOLLOW.search(line) else None


def copyright_line(line: str) -> bool | None:
    """ "Copyright 2019 The Daily Planet. All rights reserved.": the page's notice."""
    return True if _short(line) and _COPYRIGHT.search(line) else None


def table_row(line: str) -> bool | None:
    """ "| Ticker | Price | Change |": a row of a table of figures on the page, not a sentence."""
    return True if _TABLE_ROW.match(line) else None


# Any rule that fires makes its line nobody's speech; the order only decides the name shown.
NOT_SPEECH_LINE_RULES = (
    editors_note,
    credit_line,
    photo_credit,
    byline,
    author_bio,
    contact_line,
    follow_line,
    copyright_line,
    table_row,
)


class NotSpeechLines:
    """Which paragraphs of a text are nobody's speech, asked by character offset."""

    def __init__(self, text: str) -> None:
        spans = paragraphs(text)
        self.starts = [s for s, _ in spans]
        self._ends = [e for _, e in spans]
        self.rule: list[str | None] = []
        for start, end in spans:
            fired = first(NOT_SPEECH_LINE_RULES, text[start:end])
            self.rule.append(fired.rule if fired is not None else None)

    def spans(self) -> list[tuple[int, int]]:
        """The (start, end) offsets of every paragraph that is nobody's speech."""
        return [
            (start, end)
            for start, end, rule in zip(self.starts, self._ends, self.rule, strict=True)
            if rule
        ]

    def at(self, offset: int) -> str | None:
        """The rule that makes the paragraph holding `offset` nobody's speech, or None."""
        p = bisect_right(self.starts, offset) - 1
        return self.rule[p] if p >= 0 else None
