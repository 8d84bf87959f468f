"""Finds the key actors of one parsed article: named people, organisations, places and groups.

Every mention of one real-world name ("Donald Trump", "Mr Trump", "Trump's") is folded into one
Actor under its longest full name, with the role the text gives, a mention count, the character
offsets of every mention and a salience score used to rank the actors.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from bot.nlp.deadline import NO_DEADLINE, Deadline
from bot.nlp.lexicon import (
    ABBREVIATED_TITLES,
    ACRONYM_SKIP,
    ARTICLES,
    HONORIFICS,
    NOT_NAME_PREFIXES,
    PEOPLE_NOUN_SUFFIXES,
    PEOPLE_NOUNS,
    POSSESSIVE_ENDINGS,
    QUANTITY_MODIFIERS,
    SALIENCE_SPEECH_VERBS,
    STANCE_PREFIXES,
    TITLE_WORDS,
    TITLES,
)
from bot.nlp.quotemarks import DOUBLE_QUOTE_MARKS
from bot.nlp.records import Actor, ActorKind

KIND_OF_LABEL: dict[str, ActorKind] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
}
# Tie-break between labels given to one name: a person link is the strongest evidence.
KIND_PRIORITY: dict[ActorKind, int] = {"person": 3, "organization": 2, "place": 1, "group": 0}

# People and organisations act; places and collective nouns are more often the setting.
KIND_WEIGHT: dict[ActorKind, float] = {
    "person": 1.2,
    "organization": 1.0,
    "group": 0.9,
    "place": 0.75,
}
NAME_PUNCT = {".", "-", "&"}
DASHES = {"-", "--", "–", "—"}
# Function words that open no name; not VERB or AUX, which the tagger gives to "Iain", "Will".
NOT_NAME_POS = {"ADV", "ADP", "CCONJ", "SCONJ", "PRON", "PART", "INTJ"}

# The longest role phrase read before or beside a name.
MAX_ROLE_TOKENS = 14
# How far back (characters, about two sentences) a full name decides who a shared surname means.
SAME_PERSON_WINDOW = 300
TITLE_LINE_MAX_CHARS = 200


@dataclass(slots=True)
class _Mention:
    start: int  # character offsets of the mention in doc.text
    end: int
    surface: str  # as written, without article or possessive
    name: str  # surface without titles: what is matched
    key: str  # normalised name
    kind: ActorKind | None
    weight: float
    role: str | None = None
    head: str = ""  # lemma of the head noun, for group mentions
    named: bool = True  # False for "the senators": it may only join a named group
    in_title: bool = False  # in the headline, where names are cut short and Title Cased
    modifier: bool = False  # "the Bill Clinton era": names a thing, not the person acting


@dataclass(slots=True)
class _Cluster:
    words: frozenset[str] = frozenset()  # name words of a person, to find who owns "Trump"
    mentions: list[_Mention] = field(default_factory=list)
    last: int = -1  # start offset of the latest mention added while walking the text
    size: int = 0  # mentions under its full names, to settle a short name nobody used before
    first: int = -1  # start offset of the first full-name mention of a person


def normalise(name: str) -> str:
    """Matching key of a name: lower case, no dots, single spaces, straight apostrophes."""
    name = name.replace("’", "'").replace(".", "")
    return " ".join(name.lower().split())


def strip_name(text: str) -> str:
    """A name as written, without leading article, titles and trailing possessive."""
    words = text.split()
    while words and words[0].lower() in ARTICLES:
        words = words[1:]
    while len(words) > 1 and normalise(words[0]) in TITLES:
        words = words[1:]
    if words:
        for ending in POSSESSIVE_ENDINGS:
            if words[-1].endswith(ending):
                words[-1] = words[-1][: -len(ending)]
                break
    return " ".join(w for w in words if w)


def _is_junk(name: str) -> bool:
    """Fragments no reader would call an actor: numbers, dates, lower-case words, one letter,
    social-media handles and links, "Team Clinton" (a campaign, not a person)."""
    letters = [c for c in name if c.isalpha()]
    if len(letters) < 2 or not any(c.isupper() for c in name):
        return True
    if "@" in name or name[0] == "#" or "http" in name or "www." in name:
        return True
    if name.split("-")[0] in STANCE_PREFIXES:  # "pro-Cruz" is a stance
        return True
    return name.split()[0].lower() in NOT_NAME_PREFIXES


def _is_human_noun(token: Token) -> bool:
    """A noun for a person or people: "senators", "MPs", "journalist", "spokesman"."""
    lemma = token.lemma_.lower()
    # A closed list, not "-er"/"-or" endings: "computers" and "indicators" are not people.
    if lemma in PEOPLE_NOUNS or lemma.endswith(PEOPLE_NOUN_SUFFIXES):
        return True
    text = token.text.rstrip("s")
    return text.isupper() and 1 < len(text) <= 4  # MPs, MEPs, CEOs


def _is_human_plural(token: Token) -> bool:
    return token.tag_ in ("NNS", "NNPS") and _is_human_noun(token)


def _is_heading(line: str) -> bool:
    """A short line in Title Case without a closing full stop: a heading, not a sentence."""
    line = line.strip()
    if not line or len(line) > TITLE_LINE_MAX_CHARS or line.endswith((".", '"', "”")):
        return False
    long_words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", line) if len(w) >= 4]
    return len(long_words) >= 3 and all(w[0].isupper() for w in long_words)


class _Weights:
    """Where a mention sits in the article: the title line and the lead count more."""

    def __init__(self, doc: Doc) -> None:
        text = doc.text
        newline = text.find("\n")
        self.title_end = newline if 0 < newline <= TITLE_LINE_MAX_CHARS else 0
        # Title Cased lines further down (a live blog's "Chris Christie Address Heroin") crop
        # and run names together just as the headline does.
        self.headings: list[tuple[int, int]] = []
        pos = 0
        for line in text.split("\n"):
            if pos > self.title_end and _is_heading(line):
                self.headings.append((pos, pos + len(line)))
            pos += len(line) + 1
        self.heading_starts = [lo for lo, _ in self.headings]
        # The lead: the first two sentences after the title.
        self.lead_end = 0
        count = 0
        for sent in doc.sents:
            if sent.start_char < self.title_end:
                continue
            count += 1
            self.lead_end = sent.end_char
            if count == 2:
                break

    def in_heading(self, pos: int) -> bool:
        """Whether a character lies in the headline or a Title Cased line."""
        if pos < self.title_end:
            return True
        # Headings are lines, in text order and apart: only the last one starting at or
        # before pos can hold it.
        h = bisect_right(self.heading_starts, pos) - 1
        return h >= 0 and pos < self.headings[h][1]

    def of(self, start: int, root: Token) -> float:
        weight = 1.0
        if start < self.title_end:
            weight += 2.0
        elif start < self.lead_end:
            weight += 1.0
        if root.dep_ in ("nsubj", "nsubjpass"):
            weight += 0.5
            if root.dep_ == "nsubj" and root.head.lemma_.lower() in SALIENCE_SPEECH_VERBS:
                weight += 1.0
        return weight


def _clean_tokens(span: Span, weights: _Weights) -> tuple[int, int] | None:
    """Token range of the name in an entity: without leading article or sentence opener, cut
    before a possessive, quote or pronoun inside it and without trailing possessive, number or
    lower-case noun."""
    start, end = span.start, span.end
    doc = span.doc
    # A name never runs over a line break ("CNN's Fault\nTed Cruz" from a headline above):
    # keep the line that holds the entity's head.
    root = span.root.i
    for token in doc[start:end]:
        if token.is_space or "\n" in token.whitespace_:
            cut = token.i if token.is_space else token.i + 1
            if cut <= root and not (token.is_space and token.i == root):
                start = token.i + 1
            else:
                end = cut
                break
    # NER sweeps in sentence openers ("Later Duncan Smith"): names start with a name word.
    while start < end and (
        doc[start].lower_ in ARTICLES
        or doc[start].is_punct
        or doc[start].tag_ == "POS"
        or doc[start].text in POSSESSIVE_ENDINGS
        or doc[start].pos_ in NOT_NAME_POS
        or (doc[start].is_lower and doc[start].pos_ != "PROPN")  # "convention Rules Committee"
    ):
        start += 1
    # "12 March", "35 buyers": a name does not open with a bare number ("3M" is not bare).
    if start < end and doc[start].like_num and not any(c.isalpha() for c in doc[start].text):
        return None
    for token in doc[start + 1 : end]:
        # A spaced dash after a dateline: "ROME - Bernie Sanders" names Sanders.
        if token.text in DASHES and doc[token.i - 1].whitespace_:
            start = token.i + 1
    for token in doc[start + 1 : end]:
        # "Obama’s ‘pivot", "Fox News Channel’s The Kelly File", and in a Title Cased headline
        # "Obama To Asians Worried", "Donald Trump Ties Hillary Clinton": the name ends here.
        if (
            token.tag_ == "POS"
            or (token.is_punct and token.text not in NAME_PUNCT)
            or token.pos_ in ("PART", "PRON", "SCONJ", "AUX")
            or (weights.in_heading(token.idx) and token.pos_ == "VERB")
        ):
            end = token.i
            break
    while end > start and (
        doc[end - 1].is_punct or doc[end - 1].text in POSSESSIVE_ENDINGS or doc[end - 1].is_space
    ):
        end -= 1
    # A trailing number is an NER fragment ("Huawei 5" from "Huawei 5G"), and a trailing
    # common noun is not part of the name ("Republican National Committee members").
    while end > start + 1 and (
        doc[end - 1].like_num or (doc[end - 1].pos_ == "NOUN" and doc[end - 1].is_lower)
    ):
        end -= 1
    if end == start + 1 and doc[start].like_num:
        return None
    return (start, end) if end > start else None


def _role_text(tokens: Iterable[Token]) -> str | None:
    """The role as written, honorifics dropped and abbreviated titles spelt out."""
    words: list[str] = []
    for token in tokens:
        key = normalise(token.text)
        if key in HONORIFICS:
            continue
        # "his chief strategist", "One candidate": the determiner means nothing out of context.
        if not words and (token.pos_ in ("DET", "NUM") or token.tag_ == "PRP$"):
            continue
        if token.tag_ in ("WDT", "WP", "WP$"):  # "whose war heroism": a clause, not a role
            return None
        word = ABBREVIATED_TITLES.get(key, token.text)
        if not words and token.is_sent_start and token.pos_ != "PROPN" and not token.ent_type_:
            # "Former Tory party leader X said" opens a sentence: the role is "former ...".
            word = word[:1].lower() + word[1:]
        words.append(word + token.whitespace_)
    text = "".join(words).strip(" ,;:-—–")
    # Quotation marks mean the parser ran a quote into the name: "“Welcome home, Joe”".
    if not any(c.isalpha() for c in text) or any(q in text for q in DOUBLE_QUOTE_MARKS):
        return None
    if " " in text and text.isupper():  # "NEXT GOP DEBATE STAGE": a shouted headline
        return None
    return text


def _premodifier_start(doc: Doc, start: int, end: int) -> int:
    """First token of the chain of compounds and modifiers that lean on the name from the left."""
    inside = set(range(start, end))
    i = start - 1
    while i >= 0 and start - i <= MAX_ROLE_TOKENS:
        token = doc[i]
        if token.dep_ not in ("compound", "amod", "nmod", "poss", "case", "punct", "npadvmod"):
            break
        if token.is_punct and token.text not in ("-",):
            break
        if token.head.i not in inside or token.head.i <= i:
            break
        inside.add(i)
        i -= 1
    return i + 1


def _appositive(
    doc: Doc, root: Token, start: int, end: int, *, person: bool
) -> tuple[str, Token] | None:
    """The role an appositive gives, with its head noun: "Tom Tugendhat, chair of ...," or
    "the party's former leader, Iain Duncan Smith,". A person's role is headed by a noun for
    a person ("a suggestion from Cruz's mother" is a misparse)."""
    for child in root.rights:
        if child.dep_ != "appos" or child.i < end:
            continue
        # "a broker", "chair of ...", "a Republican from ...": not another name, pronoun or age.
        if child.pos_ != "NOUN" and child.ent_type_ != "NORP":
            continue
        if person and not _is_role_head(child):
            continue
        role = _phrase_role(doc, child.left_edge.i, child.right_edge.i + 1, child.i)
        return (role, child) if role else None
    if root.dep_ == "appos" and root.head.i < start and root.head.pos_ in ("NOUN", "PROPN"):
        head = root.head
        if head.ent_type_ in ("", "NORP") and (_is_role_head(head) or not person):
            role = _phrase_role(doc, head.left_edge.i, head.i + 1, head.i, closed=False)
            return (role, head) if role else None
    return None


def _phrase_role(doc: Doc, start: int, end: int, head: int, *, closed: bool = True) -> str | None:
    """A role phrase cut at the first comma after its head, without a leading article."""
    tokens: list[Token] = []
    for token in doc[start:end]:
        if token.i > head and (
            token.text in (",", ";", "(", "—", "–")
            or token.dep_ == "relcl"
            or token.tag_ in ("WDT", "WP", "WP$")
        ):
            break
        if not tokens and (token.lower_ in ARTICLES or token.pos_ == "ADV"):
            continue  # "now the Republican Party's nominee"
        tokens.append(token)
        if len(tokens) > MAX_ROLE_TOKENS:
            return None  # too long for a role, however far the phrase runs
    # One person holds a role in the singular; "Trump or Democratic contenders" is a misparse.
    if not tokens or len(tokens) > MAX_ROLE_TOKENS or doc[head].tag_ in ("NNS", "NNPS"):
        return None
    # A true appositive is closed by punctuation; "According to Rep. Gowdy, Congressional
    # probing of ... was" is a misparsed clause, not a role.
    after = tokens[-1].i + 1
    if closed and after < len(doc) and not (doc[after].is_punct or doc[after].is_space):
        return None
    return _role_text(tokens)


def _entity_mentions(
    doc: Doc, weights: _Weights, consumed: set[int]
) -> tuple[list[_Mention], list[_Mention]]:
    """Mentions from named entities, and leftovers of other labels that may name a known actor."""
    mentions: list[_Mention] = []
    others: list[_Mention] = []
    for ent in doc.ents:
        if ent.start in consumed:
            continue
        rng = _clean_tokens(ent, weights)
        if rng is None:
            continue
        start, end = rng
        kind = KIND_OF_LABEL.get(ent.label_)
        root = ent.root
        if (
            kind == "group"
            and root.tag_ not in ("NNS", "NNPS")
            and (root.dep_ in ("amod", "compound", "nmod") or root.tag_ == "JJ")
        ):
            continue  # "Chinese" in "the Chinese tech firm" modifies, it does not act
        name_start = start
        while end - name_start > 1 and normalise(doc[name_start].text) in TITLES:
            name_start += 1
        name = " ".join(doc[name_start:end].text.split())
        if _is_junk(name):
            continue
        span_start, role = start, None
        if kind in ("person", "organization", None):
            pre = _premodifier_start(doc, start, end)
            # Titles right before the name belong to the mention ("Mr Trump", "President Trump").
            while span_start > pre and normalise(doc[span_start - 1].text) in TITLES:
                span_start -= 1
            appositive = _appositive(doc, root, start, end, person=kind == "person")
            if appositive:
                role = appositive[0]
                # "Maryam Violet, an Iranian journalist," is a person whatever NER said.
                if kind == "organization" and _is_human_noun(appositive[1]):
                    kind = "person"
            if kind == "person" and role is None:
                role = _premodifier_role(doc[pre:name_start])
        mention = _Mention(
            start=doc[span_start].idx,
            end=doc[end - 1].idx + len(doc[end - 1].text),
            surface=" ".join(doc[span_start:end].text.split()),
            name=name,
            key=normalise(name),
            kind=kind,
            weight=weights.of(doc[start].idx, root),
            role=role,
            in_title=weights.in_heading(doc[start].idx),
            modifier=root.dep_ == "compound" and root.head.pos_ == "NOUN",
        )
        # Labels outside KIND_OF_LABEL (PRODUCT, LAW, ...) never make an actor, but their text
        # can be one more mention of a known actor ("Huawei 5" cut from "Huawei 5G" is Huawei).
        (mentions if kind else others).append(mention)
    return mentions, others


def _premodifier_role(tokens: Span) -> str | None:
    """A role before the name ("US President", "former Tory party leader") needs a noun or a
    title, not just an adjective ("the ubiquitous Donald Trump")."""
    heads = [t for t in tokens if normalise(t.text) not in HONORIFICS]
    # "fellow candidates Ted Cruz and ...": plural; "Rahm Emanuel Obama": another name.
    if not heads or heads[-1].tag_ in ("NNS", "NNPS") or not _is_role_head(heads[-1]):
        return None
    return _role_text(tokens)


def _is_role_head(token: Token) -> bool:
    """A word that can head a person's role: "leader", "Senator", "Democrat", "columnist"."""
    if token.ent_type_ in ("PERSON", "ORG", "GPE"):
        return normalise(token.text) in TITLE_WORDS
    return (
        token.ent_type_ == "NORP"
        or normalise(token.text) in TITLE_WORDS
        or (token.pos_ in ("NOUN", "PROPN") and _is_human_noun(token))
    )


def _group_mentions(doc: Doc, weights: _Weights, consumed: set[int]) -> list[_Mention]:
    """Plural bodies of people: named ("US senators") and bare ("the senators")."""
    mentions: list[_Mention] = []
    for chunk in doc.noun_chunks:
        head = chunk.root
        if head.ent_type_ or not _is_human_plural(head):
            continue
        # Modifiers after a possessive belong to the head ("the party's Democratic senators");
        # those before it name the possessor, not the group.
        # So do quotation marks: "the United States’ “stalwart allies".
        lo = max(
            (
                t.i + 1
                for t in chunk
                if t.i < head.i and (t.tag_ == "POS" or (t.is_punct and t.text not in NAME_PUNCT))
            ),
            default=chunk.start,
        )
        first = None
        for token in doc[lo : head.i]:
            if token.dep_ not in ("compound", "amod", "nmod"):
                continue
            capitalised = token.is_title or token.is_upper  # not "muslim terrorists"
            if token.lower_ in QUANTITY_MODIFIERS:  # "Many people", "Several experts" are no name
                continue
            if (capitalised and token.ent_type_ in ("NORP", "GPE")) or (
                not token.ent_type_
                and token.is_title
                and not token.is_sent_start
                and token.pos_ in ("PROPN", "ADJ")
            ):
                first = token.i
                break
        named = first is not None
        if first is None:
            first = chunk.start
            while first < head.i and (doc[first].pos_ in ("DET", "PRON") or doc[first].is_punct):
                first += 1
            # Only "the senators", "twenty senators" point back at a named group; "minority
            # voters" are a different set of people than "Democratic voters".
            if any(
                t.pos_ not in ("DET", "NUM", "PRON") and t.lower_ not in QUANTITY_MODIFIERS
                for t in doc[first : head.i]
            ):
                continue
        else:
            consumed.update(t.i for t in doc[first : head.i] if t.ent_type_ == "NORP")
        span = doc[first : head.i + 1]
        mentions.append(
            _Mention(
                start=span.start_char,
                end=span.end_char,
                surface=span.text,
                name=span.text,
                key=normalise(span.text),
                kind="group",
                weight=weights.of(span.start_char, head),
                head=head.lemma_.lower(),
                named=named,
                in_title=weights.in_heading(span.start_char),
            )
        )
    return mentions


def _untagged_mentions(doc: Doc, weights: _Weights, mentions: list[_Mention]) -> list[_Mention]:
    """Single-word names NER missed ("... with Merkel and Google"), when the article tags them
    elsewhere, alone or as the surname of a person. One pass over the tokens."""
    words = {m.key for m in mentions if " " not in m.key}
    words.update(m.key.split()[-1] for m in mentions if m.kind == "person")
    found: list[_Mention] = []
    for token in doc:
        if token.ent_iob_ != "O" or token.pos_ != "PROPN" or normalise(token.text) not in words:
            continue
        # Part of a longer untagged name ("John Smith" is not "Smith" of "Iain Duncan Smith").
        before = doc[token.i - 1] if token.i > 0 else None
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if (
            before is not None and before.pos_ == "PROPN" and normalise(before.text) not in TITLES
        ) or (after is not None and after.pos_ == "PROPN"):
            continue
        span_start = before if before is not None and normalise(before.text) in TITLES else token
        found.append(
            _Mention(
                start=span_start.idx,
                end=token.idx + len(token.text),
                surface=doc[span_start.i : token.i + 1].text,
                name=token.text,
                key=normalise(token.text),
                kind=None,
                weight=weights.of(token.idx, token),
                in_title=weights.in_heading(token.idx),
            )
        )
    return found


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w.lower() not in ACRONYM_SKIP and w[0].isupper())


def _trim_headline_names(mentions: list[_Mention]) -> None:
    """A Title Cased headline runs names into the words around them ("Obama To Asians",
    "This Cable News Panel Just Dismissed Bernie Sanders"): a headline name the body never
    uses is cut to its longest run of words that the body does use."""
    body: set[str] = set()
    for m in mentions:
        if not m.in_title and m.named:
            body.add(m.key)
            if m.kind == "person":
                body.update(m.key.split())
    for m in mentions:
        if not m.in_title or m.key in body:
            continue
        words = m.name.split()
        name = next(
            (
                " ".join(words[i : i + n])
                for n in range(len(words) - 1, 0, -1)
                for i in range(len(words) - n + 1)
                if normalise(" ".join(words[i : i + n])) in body
            ),
            None,
        )
        if name is None:
            continue
        # The name sits inside the mention as written: move the span onto it.
        offset = m.surface.rfind(name) if name in m.surface else -1
        if offset < 0:
            continue
        m.start, m.end = m.start + offset, m.start + offset + len(name)
        m.surface, m.name, m.key = name, name, normalise(name)


class _Recent:
    """Which of several clusters was named last before a position, kept up as the text is
    walked in order (so a cluster's `last` only grows) instead of asking every one of them:
    an article can name thousands of people who share a surname."""

    def __init__(self, candidates: list[_Cluster]) -> None:
        self.candidates = candidates
        self.rank = {id(c): r for r, c in enumerate(candidates)}
        self.moves: list[tuple[int, _Cluster]] = []  # (last, cluster), in the order they moved
        # Who the article names first: ties (headline-only names) fall to the most named.
        key = [(c.first < 0, c.first, -c.size) for c in candidates]
        self.first_named = [c for c, k in zip(candidates, key, strict=True) if k == min(key)]

    def moved(self, cluster: _Cluster) -> None:
        if self.moves and self.moves[-1][1] is cluster:
            self.moves.pop()
        self.moves.append((cluster.last, cluster))

    def latest_before(self, position: int) -> _Cluster | None:
        """The cluster whose last mention is the latest before position (the first listed on
        a tie); an older move of a cluster that has moved since no longer counts."""
        best: _Cluster | None = None
        for last, c in reversed(self.moves):
            if best is not None and last < best.last:
                break
            if last >= position or c.last != last:
                continue
            if best is None or self.rank[id(c)] < self.rank[id(best)]:
                best = c
        return best


def _best(candidates: _Recent, position: int, *, window: int | None) -> _Cluster | None:
    """The referent of a short name shared by several actors.

    With a window (people): the one named within `window` characters before it, the latest if
    several ("Bill Clinton spoke. Clinton said"); else the one the article names first (its
    subject comes first), then the one it names most -- an aside about "Bill Clinton" does not
    capture every later "Mrs. Clinton". Without (groups): the latest named before it, or none.
    """
    latest = candidates.latest_before(position)
    if window is None or (latest is not None and position - latest.last <= window):
        return latest
    first = candidates.first_named
    return min(first, key=lambda c: (-len(c.mentions), candidates.rank[id(c)]))


def _cluster(mentions: list[_Mention], others: list[_Mention]) -> list[_Cluster]:
    """Fold mentions into one cluster per real-world actor."""
    _trim_headline_names(mentions)
    by_key: dict[str, list[_Mention]] = {}
    for m in mentions:
        if m.named:
            by_key.setdefault(m.key, []).append(m)
    kind_of: dict[str, ActorKind] = {}
    for key, group in by_key.items():
        votes = Counter(m.kind for m in group if m.kind)
        kind_of[key] = max(votes, key=lambda k: (votes[k], KIND_PRIORITY[k]))

    # "Bernie Sanders" tagged ORG where "Sanders" alone is a PERSON is a person's full name.
    for key in kind_of:
        if " " in key and kind_of.get(key.split()[-1]) == "person":
            kind_of[key] = "person"

    cluster_of: dict[str, _Cluster] = {}
    ambiguous: dict[str, list[_Cluster]] = {}
    # Full person names own their shorter forms: longest names first, so "Iain Duncan Smith"
    # exists before "Duncan Smith" and "Smith" look for a holder.
    owners: dict[str, list[_Cluster]] = {}  # name word -> person clusters whose name holds it

    def holders_of(key: str) -> list[_Cluster]:
        # Each owners list is in the order the clusters were made, so the holders of every word
        # come out of the shortest list in the same order as out of any other.
        words = set(key.split())
        shortest = min((owners.get(w, []) for w in words), key=len)
        return [c for c in shortest if words <= c.words]

    def join(key: str, holders: list[_Cluster]) -> None:
        if len(holders) == 1:
            cluster_of[key] = holders[0]
        else:
            ambiguous[key] = holders  # settled mention by mention, see _best

    person_keys = sorted(
        (k for k, kind in kind_of.items() if kind == "person" and " " in k),
        key=lambda k: -len(k.split()),
    )
    for key in person_keys:
        holders = holders_of(key)
        if holders:
            join(key, holders)
        else:
            first = min((m.start for m in by_key[key] if not m.in_title), default=-1)
            new = cluster_of[key] = _Cluster(words=frozenset(key.split()), first=first)
            for word in new.words:
                owners.setdefault(word, []).append(new)

    # Short forms of other names join their full form: acronyms ("CCP", "UK") and trailing
    # words ("Select Committee" of "House Select Committee"), when only one full form fits.
    longer: dict[str, str | None] = {}
    for key in sorted((k for k in kind_of if " " in k and kind_of[k] != "person"), key=len):
        words = key.split()
        short_forms = {_initials(by_key[key][0].name).lower()}
        short_forms.update(" ".join(words[i:]) for i in range(1, len(words) - 1))
        for form in short_forms - {"", key}:
            longer[form] = key if form not in longer else None

    for key, kind in kind_of.items():
        if key in cluster_of or key in ambiguous:
            continue
        holders = holders_of(key)
        # A part of a person's name is that person, whatever NER said ("Nieto" tagged GPE after
        # "Enrique Peña Nieto"); a name only ever tagged as a place stays one when it came
        # first outside the headline ("Washington" ... "Denzel Washington").
        first = min((m.start for m in by_key[key] if not m.in_title), default=-1)
        if holders and (
            kind != "place"
            or any(m.kind == "person" for m in by_key[key])
            or any(c.first < first for c in holders)
        ):
            join(key, holders)
            continue
        target = longer.get(key) or key
        cluster_of[key] = cluster_of.setdefault(target, _Cluster())

    groups_by_head: dict[str, list[_Cluster]] = {}
    grouped: set[tuple[str, frozenset[str], int]] = set()
    for m in mentions:
        if m.kind == "group" and m.named and m.head:
            heads = groups_by_head.setdefault(m.head, [])
            # Clusters compare by value, and here they differ only in their person's name words
            # and first offset: the groups not held by a person all count as the first one.
            c = cluster_of[m.key]
            if (m.head, c.words, c.first) not in grouped:
                grouped.add((m.head, c.words, c.first))
                heads.append(c)

    for key, owner in cluster_of.items():
        owner.size += len(by_key[key])

    for key in {m.key for m in others} - cluster_of.keys() - ambiguous.keys():
        holders = holders_of(key)
        if holders:
            join(key, holders)

    known = [m for m in others if m.key in cluster_of or m.key in ambiguous]
    recent_group = {head: _Recent(group) for head, group in groups_by_head.items()}
    recent_person = {key: _Recent(holders) for key, holders in ambiguous.items()}
    watching: dict[int, list[_Recent]] = {}
    for recent in (*recent_group.values(), *recent_person.values()):
        for c in recent.candidates:
            watching.setdefault(id(c), []).append(recent)
    nobody = _Recent([])
    clusters: list[_Cluster] = []
    for m in sorted([*mentions, *known], key=lambda m: m.start):
        cluster: _Cluster | None
        if not m.named:
            # "the senators" refers back to a group already named, never forward: the "MPs" of
            # a headline are not the "Conservative MPs" of the last paragraph.
            cluster = _best(recent_group.get(m.head, nobody), m.start, window=None)
        elif m.key in ambiguous:
            cluster = _best(recent_person[m.key], m.start, window=SAME_PERSON_WINDOW)
        else:
            cluster = cluster_of[m.key]
        if cluster is None:
            continue
        if m.kind is None:
            m.kind = kind_of.get(m.key)
        if not cluster.mentions:
            clusters.append(cluster)
        cluster.mentions.append(m)
        # Only a full name restarts the window: "Clinton" right after "Bill Clinton" is Bill,
        # but a run of "Clinton"s does not keep an aside about Bill going all article long.
        if not m.modifier and m.key not in ambiguous:
            cluster.last = m.start
            for recent in watching.get(id(cluster), ()):
                recent.moved(cluster)
    return clusters


def _to_actor(cluster: _Cluster) -> Actor:
    named = [m for m in cluster.mentions if m.named]
    votes = Counter(m.kind for m in named if m.kind)
    kind: ActorKind = max(votes, key=lambda k: (votes[k], KIND_PRIORITY[k]))
    if votes["person"] and any(" " in m.key for m in named if m.kind == "person"):
        kind = "person"
    # Headlines Title Case and crop names ("Donald Trump Ties Hillary Clinton"): prefer the body.
    body = [m for m in named if not m.in_title] or named
    canonical = max(body, key=lambda m: (len(m.name.split()), len(m.name), -m.start)).name
    aliases: list[str] = []
    seen = {normalise(canonical)}
    for m in cluster.mentions:
        for form in (m.surface, m.name):
            key = normalise(form)
            if key not in seen:
                seen.add(key)
                aliases.append(form)
    role = next((m.role for m in cluster.mentions if m.role), None)
    spans = tuple(sorted({(m.start, m.end) for m in cluster.mentions}))
    return Actor(
        name=canonical,
        kind=kind,
        aliases=tuple(aliases),
        role=role,
        mentions=len(spans),
        salience=KIND_WEIGHT[kind] * sum(m.weight for m in cluster.mentions),
        spans=spans,
    )


def extract_actors(doc: Doc, deadline: Deadline = NO_DEADLINE) -> list[Actor]:
    """The actors of one parsed article, most salient first."""
    weights = _Weights(doc)
    consumed: set[int] = set()
    groups = _group_mentions(doc, weights, consumed)
    deadline.check()
    mentions, others = _entity_mentions(doc, weights, consumed)
    deadline.check()
    others.extend(_untagged_mentions(doc, weights, mentions))
    deadline.check()
    clusters = _cluster([*mentions, *groups], others)
    deadline.check()
    actors = [_to_actor(c) for c in clusters]
    total = sum(a.salience for a in actors) or 1.0
    ranked = sorted(actors, key=lambda a: (-a.salience, a.spans[0] if a.spans else (0, 0)))
    return [replace(a, salience=a.salience / total) for a in ranked]


def match_actor(name: str, actors: Sequence[Actor]) -> Actor | None:
    """The article's actor a name as written refers to ("Sen. Graham", "Trump's"), or None.

    Exact names and aliases win; otherwise a name whose words all belong to one actor's name and
    that ends like it ("Trump", "Duncan Smith", "senators") matches, the most salient such actor
    first. Acronyms match spelt-out names. Phrases that are not names ("Clinton campaign") do not.
    """
    return ActorIndex(actors).match(name)


class ActorIndex:
    """match_actor for many names against one article's actors, each look-up at the price of
    the few actors that share a word with the name rather than all of them."""

    def __init__(self, actors: Sequence[Actor]) -> None:
        self.actors = actors
        self.exact: dict[str, int] = {}  # normalised name or alias -> first actor with it
        self.single: dict[str, int] = {}  # a name word -> first actor a one-word name means
        self.holding: dict[str, list[int]] = {}  # a name word -> actors whose name has it
        self.initials: dict[str, int] = {}
        self.words: list[list[str]] = []
        for i, actor in enumerate(actors):
            self.exact.setdefault(normalise(actor.name), i)
            for alias in actor.aliases:
                self.exact.setdefault(normalise(strip_name(alias)), i)
            words = normalise(actor.name).split()
            self.words.append(words)
            for word in dict.fromkeys(words):
                self.holding.setdefault(word, []).append(i)
                # "Democrats" may mean the group "House Democrats", not "Democratic senators".
                if actor.kind != "group" or word == words[-1]:
                    self.single.setdefault(word, i)
            if actor.kind != "person":
                self.initials.setdefault(_initials(actor.name).lower(), i)

    def match(self, name: str) -> Actor | None:
        key = normalise(strip_name(name))
        if not key:
            return None
        if key in self.exact:
            return self.actors[self.exact[key]]
        words = key.split()
        if len(words) == 1 and words[0] in self.single:
            return self.actors[self.single[words[0]]]
        if len(words) > 1:
            wanted = set(words)
            shortest = min((self.holding.get(w, []) for w in wanted), key=len)
            for i in shortest:
                if self.words[i][-1] == words[-1] and wanted <= set(self.words[i]):
                    return self.actors[i]
        if " " not in key and key in self.initials:
            return self.actors[self.initials[key]]
        return None
