"""The page's own voice, which is no actor of its story: the dateline that opens the body
("HANOI, Vietnam (AP) —"), wire credits and credit lines ("Jane Roe contributed to this
report"), and the publisher the page's metadata names."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.nlp.lexicon import WIRE_SERVICES
from bot.nlp.records import Actor, Analysis, KindExplanation
from bot.nlp.rules.lines import NotSpeechLines

# A dateline: a place in capitals ("WASHINGTON", "HANOI, Vietnam"), or a place and its region
# ("New York, NY"), then a wire credit in brackets and/or a dash or colon, before the story.
# A wire credit names an agency ("(AP)"): a side's record in brackets ("Harlow (4-0):") is none.
_PLACE_WORD = r"[A-Z][\w.'’-]*"
_DATELINE = re.compile(
    rf"""(?P<place>{_PLACE_WORD}(?:[ ]{_PLACE_WORD}){{0,3}}
        (?P<region>(?:,[ ]{_PLACE_WORD}(?:[ ]{_PLACE_WORD}){{0,3}}){{0,3}}))
    [ ]*(?P<wire>\((?=[^()\n]*[A-Za-z])[^()\n]{{1,40}}\))?
    [ ]*(?P<dash>[—–]|--?(?=[ ])|:(?=[ ]))?[ ]*""",
    re.VERBOSE,
)
# A line of its own holding only a place and its region in capitals ("BAAR, SWITZERLAND").
_DATELINE_LINE = re.compile(r"[A-Z][A-Z.'’ -]*(?:, [A-Z][A-Z.'’ -]*){1,3}")


def squashed(text: str) -> str:
    """Letters and digits only, case-folded: "CBS News" and "cbsnews" are one spelling."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _dateline_end(text: str, start: int) -> int | None:
    """Where the story starts after a dateline opening the paragraph at `start`, or None.

    A place alone and a dash is a dateline only in capitals ("MADRID —"), as "Trump: ..." or
    "Smith — ..." opens a sentence about someone; a region after a comma or a wire credit in
    brackets makes a dateline of a place in any case ("New York, NY –", "Hong Kong (CNN)").
    """
    newline = text.find("\n", start)
    line_end = len(text) if newline < 0 else newline
    if _DATELINE_LINE.fullmatch(text, start, line_end) and any(
        c.islower() for c in text[line_end:]
    ):
        return line_end
    m = _DATELINE.match(text, start, line_end)
    if m is None or not (m.group("wire") or m.group("dash")):
        return None
    capitals = m.group("place").replace(" ", "").replace(".", "").isupper()
    if not (capitals or m.group("region") or m.group("wire")):
        return None
    if m.group("region") and not (m.group("wire") or m.group("dash")):
        return None
    return m.end()


def voice_spans(text: str, lines: NotSpeechLines | None = None) -> list[tuple[int, int]]:
    """Character ranges of the text in the page's own voice: the dateline opening the first
    paragraph of the story (or the one after a headline), and the lines that are nobody's
    speech (bot.nlp.rules.lines: credit lines, bylines, photo credits, "Follow her on
    Twitter")."""
    spans: list[tuple[int, int]] = []
    starts = [0]
    first_newline = text.find("\n")
    if first_newline >= 0:
        starts.append(len(text) - len(text[first_newline:].lstrip()))
    for start in starts:
        end = _dateline_end(text, start)
        if end is not None:
            spans.append((start, end))
            break
    spans.extend((lines or NotSpeechLines(text)).spans())
    return spans


def _name_words(text: str) -> list[str]:
    words = [squashed(w) for w in text.split()]
    words = [w for w in words if w]
    return words[1:] if words[:1] == ["the"] else words


def is_outlet(name: str, site: str | None) -> bool:
    """Whether an organisation's name is a news agency or the page's publisher: the same
    letters as the site's name ("CNBC", "The Hill", "NJ.com"), its first words ("CNN" of "CNN
    Business") or the same brand in capitals opening both ("CBS DFW" on "CBS News")."""
    key = squashed(name)
    if not key:
        return False
    if key in WIRE_SERVICES:
        return True
    if not site:
        return False
    words, site_words = _name_words(name), _name_words(site)
    if not words or not site_words:
        return False
    if "".join(words) == "".join(site_words):
        return True
    shorter, longer = sorted((words, site_words), key=len)
    if longer[: len(shorter)] == shorter:
        return True
    brand, site_brand = name.split()[0], site.split()[0]
    if len(brand) >= 2 and brand.isupper() and brand == site_brand:
        return True
    return _site_initials(name, site)


def _site_initials(name: str, site: str) -> bool:
    """ "TRD" on "The Real Deal New York", "WSJ" on "The Wall Street Journal": three letters or
    more in capitals, the first letters of the site's first words (its "The" counted or not)."""
    if not (name.isupper() and " " not in name):
        return False
    key = squashed(name)
    words = [squashed(w) for w in site.split()]
    words = [w for w in words if w]
    spellings = {"".join(w[0] for w in words), "".join(w[0] for w in _name_words(site))}
    return len(key) >= 3 and any(s.startswith(key) for s in spellings)


def publisher_last(analysis: Analysis, site: str | None) -> Analysis:
    """The analysis with the page's publisher and news agencies ranked after every actor of
    the story, at no salience: still found by name, never a key actor. An actor named exactly
    as the site is its publisher, an organisation, whatever kind the model gave the name."""
    site_key = "".join(_name_words(site)) if site else ""
    outlets: list[Actor] = []
    story: list[Actor] = []
    for a in analysis.actors:
        if site_key and a.kind != "place" and "".join(_name_words(a.name)) == site_key:
            why = KindExplanation("named_as_the_site", a.explain.mentions if a.explain else ())
            outlets.append(replace(a, kind="organization", explain=why))
        elif a.kind == "organization" and is_outlet(a.name, site):
            outlets.append(a)
        else:
            story.append(a)
    if not outlets:
        return analysis
    total = sum(a.salience for a in story) or 1.0
    ranked: list[Actor] = [replace(a, salience=a.salience / total) for a in story]
    ranked.extend(replace(a, salience=0.0) for a in outlets)
    return replace(analysis, actors=tuple(ranked))
