"""What an actor is: a name rather than a description, and its kind (person, organisation,
place or group) where the model's entity label and the article's own wording disagree."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from bot.nlp.docmemo import doc_text, lower_case_words
from bot.nlp.lexicon import (
    ACRONYM_SKIP,
    ARTICLES,
    BUSINESS_NOUNS,
    COMMON_NOUN_ACRONYMS,
    COMPANY_NAME_WORDS,
    GENERIC_ACTOR_WORDS,
    INSTITUTION_NAME_WORDS,
    MARKET_INDEX_NAMES,
    NAME_LINK_WORDS,
    PEOPLE_NOUN_SUFFIXES,
    PEOPLE_NOUNS,
    POSSESSIVE_ENDINGS,
    THING_NAME_HEADS,
    VENUE_NAME_WORDS,
)
from bot.nlp.records import Actor

if TYPE_CHECKING:  # the store reads looks_like_name without loading spaCy
    from spacy.tokens import Doc, Token

_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


def normalise(name: str) -> str:
    """Matching key of a name: lower case, no dots, single spaces, straight apostrophes."""
    name = name.replace("’", "'").replace(".", "")
    return " ".join(name.lower().split())


def is_human_noun(token: Token) -> bool:
    """A noun for a person or people: "senators", "MPs", "journalist", "spokesman"."""
    lemma = token.lemma_.lower()
    # A closed list, not "-er"/"-or" endings: "computers" and "indicators" are not people.
    if lemma in PEOPLE_NOUNS or lemma.endswith(PEOPLE_NOUN_SUFFIXES):
        return True
    text = token.text.rstrip("s")
    return text.isupper() and 1 < len(text) <= 4  # MPs, MEPs, CEOs


def is_human_plural(token: Token) -> bool:
    """A plural noun for people: "senators", "MPs"."""
    return token.tag_ in ("NNS", "NNPS") and is_human_noun(token)


def _singular(word: str) -> str:
    for ending, replacement in (("ies", "y"), ("es", ""), ("s", "")):
        if word.endswith(ending) and word[: -len(ending)] + replacement in GENERIC_ACTOR_WORDS:
            return word[: -len(ending)] + replacement
    return word


def is_generic(name: str) -> bool:
    """Whether a name is only words that name no one ("The", "Company", "Public", "the
    statement", "company spokesperson"): a description or a determiner, never an actor.

    Capitals make a name of generic words: an acronym ("WHO", "CO") or a Title Cased name of
    several words ("State Department") names one body.
    """
    written = _WORD.findall(name)
    if len(written) == 1 and len(written[0]) > 1 and written[0].isupper():
        return written[0].lower() in ARTICLES
    if len(written) > 1 and all(w[0].isupper() for w in written):
        return False
    words = [w.lower().replace("’", "'") for w in written]
    for i, word in enumerate(words):
        for ending in POSSESSIVE_ENDINGS:
            if word.endswith(ending):
                words[i] = word[: -len(ending)]
                break
    words = [w.strip(".") for w in words if w.strip(".")]
    return all(w in GENERIC_ACTOR_WORDS or _singular(w) in GENERIC_ACTOR_WORDS for w in words)


def names_a_thing(name: str) -> bool:
    """Whether a name of several words ends in a capitalised noun for a thing, an event or a
    law ("the Clean Rivers Act", "the Northern Music Awards", "Harlow Series", "the Lagos
    Composite"), or is a stock-market index's own name ("the Nikkei 225"): whatever label the
    model gave it, no one acts under it. "Epic Games" or "Rivers" alone are not such."""
    written = _WORD.findall(name)
    last = written[-1] if written else ""
    if len(written) > 1 and last[:1].isupper() and last.lower() in THING_NAME_HEADS:
        return True
    return _market_index(name)


def _market_index(name: str) -> bool:
    """ "Sensex", "the Nikkei 225", "FTSE 100": a known index, with or without its number."""
    words = [w for w in name.lower().split() if w != "the"]
    while words and words[-1].isdigit():
        words.pop()
    return " ".join(words) in MARKET_INDEX_NAMES


def business_appositive(root: Token) -> bool:
    """Whether a name stands beside a noun for a business, either way round: "Hipcricket, a
    mobile marketing company," or "the company that runs the show, Dick Clark Productions"."""
    if root.dep_ == "appos" and root.head.lemma_.lower() in BUSINESS_NOUNS:
        return root.head.i < root.i
    return any(c.dep_ == "appos" and c.lemma_.lower() in BUSINESS_NOUNS for c in root.rights)


def business_noun_before(doc: Doc, start: int, end: int) -> bool:
    """Whether a name comes right after a noun for a business that it is the name of, as a
    title before it: "beauty company Coty", "the retailer Zenbo", "record label Big Machine".
    "Company founder Ann Roe": the noun is the founder's, not the name's."""
    if start == 0:
        return False
    noun = doc[start - 1]
    if noun.lemma_.lower() not in BUSINESS_NOUNS:
        return False
    if noun.dep_ in ("compound", "nmod"):
        return start <= noun.head.i < end
    # Parsed as an appositive with no comma between: "beauty company Zenbo rose".
    return any(t.dep_ == "appos" and t.head.i == noun.i for t in doc[start:end])


def company_name(name: str) -> bool:
    """ "Dick Clark Productions", "Acme Holdings Inc.", "the Hartford Courant": a name ending in
    a word only businesses and publications end theirs with, whatever the model's label."""
    words = name.split()
    return len(words) > 1 and words[-1][:1].isupper() and words[-1].lower() in COMPANY_NAME_WORDS


def institution_name(name: str) -> bool:
    """ "Harlow General Hospital", "the Lindenpark-Klinik", "Harlow State University": a name
    ending in a word for an institution (after a hyphen too) names a body, not a place, as a
    hospital that treats or a university that says something acts. "Hospital" alone is none."""
    last = name.split()[-1] if name.split() else ""
    parts = last.split("-")
    return (len(name.split()) > 1 or len(parts) > 1) and parts[-1].lower() in INSTITUTION_NAME_WORDS


def venue_name(name: str) -> bool:
    """ "Harlow Stadium", "the Zenbo Arena", "Stamfield Bridge": a name of two words or more
    ending in a word for a venue is a place where things happen, not a body that acts,
    whatever label the model gave it. "Arena" alone, or "Arena Media", names no venue."""
    words = name.split()
    return len(words) > 1 and words[-1][:1].isupper() and words[-1].lower() in VENUE_NAME_WORDS


def looks_like_name(text: str) -> bool:
    """Whether a speaker as written can stand as an archive actor: not generic, and every
    word that is not a link word ("of", "and", "de") starts with a capital letter or a digit;
    "China's ambassador to Britain" and "a spokesperson" are descriptions."""
    if not text.strip() or is_generic(text):
        return False
    words = _WORD.findall(text)
    return bool(words) and all(
        w[0].isupper() or w[0].isdigit() or w in NAME_LINK_WORDS for w in words
    )


def _starts(doc: Doc) -> set[int]:
    """Character offsets where a word is capitalised by position alone: sentence and line
    starts, and after an opening quotation mark or a colon."""
    starts = {sent.start_char for sent in doc.sents}
    for token in doc:
        if token.i == 0:
            starts.add(token.idx)
        elif token.is_space or "\n" in doc[token.i - 1].whitespace_:
            starts.add(token.idx + (len(token.text) if token.is_space else 0))
        elif doc[token.i - 1].text in (":", "“", '"', "‘", "(", "-", "—", "–", "•"):
            starts.add(token.idx)
    return starts


# A line that ends as a sentence does: a full stop, question or exclamation mark, or a colon
# introducing what follows, then any closing marks.
_SENTENCE_LINE_END = re.compile(r"[.?!:][\"'”’)\]]*\s*$")


def _line_at(text: str, pos: int) -> str:
    return text[text.rfind("\n", 0, pos) + 1 : (text.find("\n", pos) + 1 or len(text) + 1) - 1]


def names_only_on_label_lines(text: str, actors: Iterable[Actor], title_end: int) -> set[str]:
    """Names of actors written only on lines below the headline that are no sentences:
    headings, list items and labels of a shopping, recipe or results page ("Evening Shake",
    "Blend for two minutes"). An actor of the story is written in its headline or in one of
    its sentences at least once ("Dana Roe said the plan would pass.")."""
    return {
        a.name
        for a in actors
        if a.spans
        and not any(
            s < title_end or _SENTENCE_LINE_END.search(_line_at(text, s)) for s, _ in a.spans
        )
    }


def common_words_capitalised_by_position(
    doc: Doc, actors: Iterable[Actor], in_heading: Callable[[int], bool]
) -> set[str]:
    """Names of one-word actors that are ordinary words: the article writes the word in lower
    case elsewhere, and capitalises it only where any word would be capitalised, at the start
    of a sentence or in a Title Cased heading ("Plague spread fast ... the plague"). "Apple"
    written mid-sentence stays a name."""
    candidates = [
        a for a in actors if " " not in a.name and not a.name.isupper() and a.name[:1].isupper()
    ]
    if not candidates:
        return set()
    lower = lower_case_words(doc)
    found: set[str] = set()
    starts: set[int] | None = None
    text = doc_text(doc)
    for actor in candidates:
        if actor.name.lower() not in lower:
            continue
        if starts is None:
            starts = _starts(doc)
        word_starts = {text.find(actor.name, s, e) for s, e in actor.spans}
        if all(s in starts or in_heading(s) for s in word_starts):
            found.add(actor.name)
    return found


_ACRONYM = re.compile(r"[A-Z][A-Z&]{1,5}s?")
_SPELT_WORD = r"[a-z][\w'’-]*"


# How far around each of its uses an acronym's spelt-out words are looked for (characters):
# five words or so, written out in full. Scanning the whole text for words-then-bracket at
# every lower-case word cost about 15 ms an acronym on a long article.
_SPELT_WINDOW = 300


def _spelt_in_lower_case(acronym: str, text: str) -> bool:
    """Whether the text spells an acronym out in lower-case words, beside it in brackets or
    after "or": "an initial public offering (IPO)", "FIRE (financial independence, retire
    early)", "hypersensitivity pneumonitis, or HP"."""
    letters = acronym.rstrip("s").replace("&", "").lower()
    n = len(letters)
    # The first word may take the capital that opens a sentence or a line: "Binge eating
    # disorder (BED) is common." spells a common noun out as "binge eating disorder" would.
    opening = r"(?:^|(?<=\n)|(?<=[.?!] ))[A-Z][a-z][\w'’-]*"
    words = rf"(?:{_SPELT_WORD}|{opening})(?:[ ,-]+{_SPELT_WORD}){{{n - 1},{n + 2}}}"
    a = re.escape(acronym)
    # Each way of spelling out needs its mark right at the acronym: "(IPO)", "or HP", "FIRE (".
    patterns = [
        (lambda before, after: before.endswith("(") and after.startswith(")"),
         rf"({words})\s*\({a}\)"),
        (lambda before, after: before.endswith(("or ", "or the ")),
         rf"({words}),? or (?:the )?{a}\b"),
        (lambda before, after: after.startswith(" ("),
         rf"\b{a} \(({words})\)"),
    ]  # fmt: skip
    for use in re.finditer(rf"(?<![A-Za-z]){a}(?![A-Za-z])", text):
        before = text[max(0, use.start() - 7) : use.start()]
        after = text[use.end() : use.end() + 2]
        window = text[max(0, use.start() - _SPELT_WINDOW) : use.end() + _SPELT_WINDOW]
        for marked, pattern in patterns:
            if not marked(before, after):
                continue
            for m in re.finditer(pattern, window):
                spelt = [w for w in re.split(r"[ ,-]+", m.group(1)) if w and w not in ACRONYM_SKIP]
                if (
                    "".join(w[0] for w in spelt[-n:]).lower() == letters
                    or "".join(w[0] for w in spelt[:n]).lower() == letters
                ):
                    return True
    return False


def common_noun_acronyms(text: str, actors: Iterable[Actor]) -> set[str]:
    """Names of actors that are acronyms of common nouns: a known one ("IPO", "EVs", "AI") or
    one the article spells out in lower case ("hypersensitivity pneumonitis, or HP"). "The
    Federal Bureau of Investigation (FBI)" is spelt in capitals: a body."""
    found: set[str] = set()
    for actor in actors:
        name = actor.name
        if not _ACRONYM.fullmatch(name):
            continue
        if name.lower() in COMMON_NOUN_ACRONYMS or _spelt_in_lower_case(name, text):
            found.add(name)
    return found


def plural_acronym_classes(text: str, actors: Iterable[Actor]) -> set[str]:
    """Names of actors that are a class of things the article abbreviates in the plural:
    "Intensive Care Units (ICUs)", "Special Purpose Vehicles (SPVs)". One body's acronym takes
    no plural ("the Harlow Care Unit (HCU)")."""
    found: set[str] = set()
    for actor in actors:
        words = [w for w in actor.name.split() if w.lower() not in ACRONYM_SKIP]
        if len(words) < 2 or not words[-1].endswith("s") or not all(w[:1].isupper() for w in words):
            continue
        letters = "".join(w[0] for w in words)
        if re.search(rf"\(\s*{re.escape(letters)}s\s*\)", text):
            found.add(actor.name)
    return found
