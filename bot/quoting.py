"""How a quote is shown to a person (DESIGN.md rule 12), and the link to its place in the article.

Quotation marks go only around words the article itself quotes (direct and partial quotes).
Reported speech is shown as what it is, the speaker and the whole reported clause ("Donald Trump
has warned that ..."), never in quotation marks: any marks the article put inside the clause
stay, as they are the speaker's own words. Both Slack (bot.blocks, bot.digest_blocks) and the
command line build their quotes from `Shown`, so every answer says it the same way.

Each quote links to its place in the article with a URL text fragment
(https://wicg.github.io/scroll-to-text-fragment/), which browsers scroll to and highlight.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from bot.nlp.lexicon import DOCUMENT_NOUNS, SPEECH_NOUNS, words

VERBATIM_KINDS = frozenset({"direct", "partial"})
# A quote longer than this many words is linked by its first and last words (textStart,textEnd):
# a long fragment makes a long URL, and one that crosses paragraphs would not match as a whole.
FRAGMENT_EDGE_WORDS = 5
FRAGMENT_WHOLE_WORDS = 2 * FRAGMENT_EDGE_WORDS + 2
# Reporting verbs that take the listener as object ("told reporters that"): "X told that ..."
# is not English, so the clause follows the cue after a colon instead.
_OBJECT_CUES = words(
    """tell tells told telling assure assured assures inform informed informs remind reminded
    reminds urge urged urges ask asked asks advise advised advises brief briefed briefs promise
    promised promises"""
)
# A clause that starts with one of these reads on from the cue without "that".
_CLAUSE_OPENERS = words("that whether if how why what when where who which")
# A verbatim quote ends where the article's sentence goes on ("We will not accept this," said);
# that comma belongs to the sentence, not to what is shown.
_TRAILING = ",;:"
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Shown:
    """A quote as shown: `verbatim` words go in quotation marks, credited to `speaker`;
    reported `words` follow the speaker between `before` and `after` ("According to " X ",",
    or X " said that"), unquoted."""

    words: str
    verbatim: bool
    speaker: str
    before: str = ""
    after: str = ""

    def plain(self) -> str:
        """One line for a terminal: `“words” — Speaker` or `Speaker said that words`."""
        if self.verbatim:
            return f"“{self.words}” — {self.speaker}"
        return f"{self.before}{self.speaker}{self.after} {self.words}"


def shown(text: str, kind: str, speaker: str | None, cue: str | None) -> Shown:
    """How the quote `text` (of `kind`, said by `speaker`, reported with `cue`) is shown."""
    who = speaker or "unattributed"
    words = _SPACE.sub(" ", text).strip()
    if kind in VERBATIM_KINDS:
        return Shown(words.rstrip(_TRAILING).rstrip(), True, who)
    before, after = reported_lead(cue, words)
    return Shown(words, False, who, before, after)


def reported_lead(cue: str | None, clause: str) -> tuple[str, str]:
    """What goes before and after the speaker to introduce a reported `clause` by `cue`:
    ("According to ", ",") or ("", " said that") or ("", " (told):")."""
    cue = _SPACE.sub(" ", cue or "").strip()
    first_word = clause.split(" ", 1)[0].lower() if clause else ""
    lowered = cue.lower()
    if not cue:
        return "", ":"
    if lowered == "according to":
        return "According to ", ","
    head = lowered.split(" ", 1)[0]
    if head in SPEECH_NOUNS or head in DOCUMENT_NOUNS or head in _OBJECT_CUES:
        return "", f" ({cue}):"
    if first_word in _CLAUSE_OPENERS:
        return "", f" {cue}"
    if first_word == "to":  # "urged ministers to ...": no "that" before an infinitive
        return "", f" ({cue}):"
    return "", f" {cue} that"


def _escape_char(c: str) -> str:
    return "".join(f"%{b:02X}" for b in c.encode("utf-8"))


# -- text fragments ------------------------------------------------------------------------------


def _encode(term: str) -> str:
    """A text directive term, percent-encoded: the spec requires it of "-", "," and "&" (they
    separate the directive's parts) and of what a URL cannot hold; the rest of the
    punctuation goes too ("_", "~"), so no formatting character of Slack's mrkdwn shows up in
    a link. Browsers decode every escape before matching."""
    return "".join(c if c.isascii() and c.isalnum() else _escape_char(c) for c in term)


def fragment_url(url: str, text: str) -> str:
    """`url` with a text fragment that points at `text` in the page (any fragment it had goes:
    the highlight is the point of the link). Long quotes are matched by their first and last
    words."""
    words = _SPACE.sub(" ", text).strip().rstrip(_TRAILING).split(" ")
    words = [w for w in words if w]
    if not words:
        return url
    if len(words) <= FRAGMENT_WHOLE_WORDS:
        directive = _encode(" ".join(words))
    else:
        start = " ".join(words[:FRAGMENT_EDGE_WORDS])
        end = " ".join(words[-FRAGMENT_EDGE_WORDS:])
        directive = f"{_encode(start)},{_encode(end)}"
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    return urlunsplit(parts._replace(fragment=f":~:text={directive}"))
