"""Where the quotation marks of a text open and close: quoted spans from the text alone.

Paragraph by paragraph (so one unbalanced mark costs one paragraph at most): curly, straight and
angle double quotes, single quotes told apart from apostrophes (don't, D’Souza, the ’90s), a
closing mark some sites print as an opener, typewriter '' for a double quote, and quotes that
run over several paragraphs (each new paragraph reopens the quote, only the last one closes it).
Marks that delimit a markup attribute's value (an embedded post's `author="@jane"`) quote
nobody.
No parse is needed, so this module is tested without loading spaCy.
"""

from __future__ import annotations

from dataclasses import dataclass

# Double opening marks, each with the mark that closes it.
OPENERS = {"“": "”", "„": "”", "«": "»", '"': '"'}
CLOSERS = {"”", "»", '"'}
SINGLE_OPEN = {"‘", "'"}
SINGLE_CLOSE = {"’", "'"}
ALL_MARKS = "“”„«»\"‘’'"
# What may stand before an opening mark, and after a closing one (besides other marks).
OPENING_CONTEXT = " \t([{—–-/:;"
CLOSING_FOLLOW = " \t.,;:!?)]}—–-…"
# Marks as they appear in a role or a name run into a quote, typewriter pairs included.
DOUBLE_QUOTE_MARKS = ('"', "“", "”", "''", "``", "«", "»")


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    """A stretch of text between quotation marks, offsets excluding the marks."""

    start: int
    end: int
    single: bool  # between single quotes
    closed: bool  # ended by a closing mark (not by the end of its paragraph)
    continued: bool  # continues a quote that opened in an earlier paragraph


def paragraphs(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of every line of text that is not blank."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _is_opening(text: str, i: int, start: int) -> bool:
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before in OPENING_CONTEXT or before in "“‘«") and not after.isspace()


def _is_closing(text: str, i: int, end: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < end else " "
    return not before.isspace() and (after in CLOSING_FOLLOW or after in "”’»\"'")


def _attribute_value_end(text: str, i: int, end: int) -> int:
    """Where the value of a markup attribute opened at i ends (after its closing mark), or -1
    when the mark at i opens none: a straight mark right after '=' (`<post author="@jane">`)
    delimits a value, closed by the same mark within the paragraph."""
    if text[i] not in "\"'" or i == 0 or text[i - 1] != "=":
        return -1
    close = text.find(text[i], i + 1, end)
    return -1 if close < 0 else close + 1


def _scan_paragraph(text: str, start: int, end: int, continued: bool) -> tuple[list, bool]:
    """Quoted spans of one paragraph; also whether a double quote is still open at its end."""
    found: list[QuotedSpan] = []
    double_at = -1
    single_at = -1
    is_continued = False
    i = start
    while i < end:
        c = text[i]
        value_end = _attribute_value_end(text, i, end) if double_at < 0 else -1
        if value_end >= 0:
            i = value_end  # an attribute's value in markup: nobody's words
            continue
        if c in "“„«" or (c == '"' and double_at < 0):
            if c == '"' and not _is_opening(text, i, start) and _is_closing(text, i, end):
                i += 1  # a stray closing straight quote: nothing to open
                continue
            # A second opening mark while one is open means the first never closed: drop it.
            double_at = i
            single_at = -1
            is_continued = continued and not found and text[start:i].strip() == ""
        elif c in CLOSERS and double_at >= 0:
            if c == "»" or c == "”" or c == '"':
                found.append(QuotedSpan(double_at + 1, i, False, True, is_continued))
                double_at = -1
                is_continued = False
        elif c == "”" and double_at < 0 and _is_opening(text, i, start):
            double_at = i  # a closing mark used as an opener, as some sites print them
        elif double_at < 0 and c in SINGLE_OPEN and single_at < 0:
            after = text[i + 1] if i + 1 < end else " "
            if _is_opening(text, i, start) and after.isalpha():
                single_at = i
        elif double_at < 0 and c in SINGLE_CLOSE and single_at >= 0:
            after = text[i + 1] if i + 1 < end else " "
            # Letter-mark-letter is an apostrophe (don't, D’Souza), never a closing quote.
            if not after.isalnum() and _is_closing(text, i, end):
                found.append(QuotedSpan(single_at + 1, i, True, True, False))
                single_at = -1
        i += 1
    still_open = double_at >= 0
    if still_open:
        found.append(QuotedSpan(double_at + 1, end, False, False, is_continued))
    return found, still_open


# Two single marks some sites print for one double quote ("mislead voters,’’ he said").
DOUBLED_SINGLES = ("''", "’’", "‘‘")


def _typewriter_doubles(text: str) -> str:
    """The text with each pair of single marks used as a double quote ('', ’’ or ‘‘) turned into
    one straight double quote and a space on its outer side, keeping every offset."""
    if not any(pair in text for pair in DOUBLED_SINGLES):
        return text
    chars = list(text)
    for pair in DOUBLED_SINGLES:
        i = text.find(pair)
        while i >= 0:
            after = text[i + 2] if i + 2 < len(text) else " "
            chars[i : i + 2] = [" ", '"'] if not after.isspace() else ['"', " "]
            i = text.find(pair, i + 2)
    return "".join(chars)


def find_quoted_spans(text: str) -> list[QuotedSpan]:
    """Every quoted stretch, paragraph by paragraph; unclosed quotes end with their paragraph."""
    spans: list[QuotedSpan] = []
    open_from_before = False
    text = _typewriter_doubles(text)
    for start, end in paragraphs(text):
        first = text[start:end].lstrip()[:1]
        continued = open_from_before and first in OPENERS
        found, open_from_before = _scan_paragraph(text, start, end, continued)
        spans.extend(found)
    return [s for s in (_trim(text, s) for s in spans) if s is not None]


def _trim(text: str, span: QuotedSpan) -> QuotedSpan | None:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if not any(c.isalnum() for c in text[start:end]):
        return None
    return QuotedSpan(start, end, span.single, span.closed, span.continued)


def touches_mark(text: str) -> bool:
    """Whether a token longer than one character starts or ends with a quotation mark (a mark
    the tokenizer glued to a word: '"We', 'it."')."""
    return len(text) > 1 and (text[0] in ALL_MARKS or text[-1] in ALL_MARKS)
