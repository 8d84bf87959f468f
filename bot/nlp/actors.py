"""Finds the key actors of one parsed article: named people, organisations, places and groups.

Every mention of one real-world name ("Donald Trump", "Mr Trump", "Trump's") is folded into one
Actor under its longest full name, with the role the text gives, a mention count, the character
offsets of every mention and a salience score used to rank the actors.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

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
# Honorifics say nothing about what someone does; the other titles are roles.
HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lord", "lady", "prof"}
TITLE_WORDS = {
    "sen": "Senator",
    "rep": "Representative",
    "gov": "Governor",
    "gen": "General",
    "lt": "Lieutenant",
    "col": "Colonel",
    "capt": "Captain",
    "sgt": "Sergeant",
    "adm": "Admiral",
    "rev": "Reverend",
    "pres": "President",
    "sec": "Secretary",
    "senator": "Senator",
    "representative": "Representative",
    "governor": "Governor",
    "president": "President",
    "vice": "Vice",
    "secretary": "Secretary",
    "general": "General",
    "judge": "Judge",
    "justice": "Justice",
    "mayor": "Mayor",
    "chancellor": "Chancellor",
    "minister": "Minister",
    "pope": "Pope",
    "king": "King",
    "queen": "Queen",
    "prince": "Prince",
    "princess": "Princess",
}
TITLES = HONORIFICS | set(TITLE_WORDS)
ARTICLES = {"the", "a", "an"}
POSSESSIVE_ENDINGS = ("'s", "’s", "'", "’")
ACRONYM_SKIP = {"of", "and", "the", "for", "on", "in", "&"}

# Plural nouns for people or bodies of people: "US senators", "Conservative MPs".
HUMAN_PLURALS = {
    "senator",
    "lawmaker",
    "legislator",
    "mp",
    "mep",
    "official",
    "leader",
    "minister",
    "politician",
    "democrat",
    "republican",
    "conservative",
    "liberal",
    "voter",
    "citizen",
    "troop",
    "soldier",
    "diplomat",
    "delegate",
    "lord",
    "peer",
    "congressman",
    "congresswoman",
    "people",
    "police",
    "authority",
    "spook",
    "activist",
    "protester",
    "student",
    "worker",
    "executive",
    "candidate",
    "member",
    "supporter",
    "critic",
    "ally",
    "rebel",
    "militant",
    "immigrant",
    "refugee",
    "expert",
    "scientist",
    "doctor",
    "nurse",
    "farmer",
    "resident",
    "governor",
    "mayor",
    "judge",
    "prosecutor",
    "investigator",
    "agent",
    "negotiator",
    "envoy",
    "regulator",
}
HUMAN_SUFFIXES = ("er", "or", "ist", "ian", "ant", "eer")
SPEECH_VERBS = {
    "say",
    "tell",
    "add",
    "warn",
    "write",
    "argue",
    "claim",
    "insist",
    "state",
    "explain",
    "ask",
    "urge",
    "blast",
    "accuse",
    "note",
    "announce",
    "respond",
    "reply",
    "deny",
    "acknowledge",
    "admit",
    "suggest",
    "describe",
    "tweet",
    "criticize",
    "criticise",
    "declare",
    "testify",
    "predict",
}
# Entity labels we never turn into actors on their own; their text can still be a mention of a
# known actor ("Huawei 5" from "Huawei 5G" is a mention of Huawei).
MAX_ROLE_TOKENS = 14
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


@dataclass(slots=True)
class _Cluster:
    words: frozenset[str] = frozenset()  # name words of a person, to find who owns "Trump"
    mentions: list[_Mention] = field(default_factory=list)
    last: int = -1  # start offset of the latest mention added while walking the text
    size: int = 0  # mentions under its full names, to settle a short name nobody used before


def normalise(name: str) -> str:
    """Matching key of a name: lower case, no dots, single spaces, straight apostrophes."""
    name = name.replace("’", "'").replace(".", "")
    return " ".join(name.lower().split())


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’&-]+", text)


def strip_name(text: str) -> str:
    """A name as written, without leading article, titles and trailing possessive."""
    words = _words(text.strip())
    while words and words[0].lower() in ARTICLES:
        words = words[1:]
    while len(words) > 1 and normalise(words[0]) in TITLES:
        words = words[1:]
    if words:
        last = words[-1]
        for ending in POSSESSIVE_ENDINGS:
            if last.endswith(ending) and len(last) > len(ending):
                words[-1] = last[: -len(ending)]
                break
            if last == ending:
                words = words[:-1]
                break
    return " ".join(words)


def _is_junk(name: str) -> bool:
    """Fragments no reader would call an actor: numbers, dates, lower-case words, one letter."""
    letters = [c for c in name if c.isalpha()]
    if len(letters) < 2:
        return True
    return not any(c.isupper() for c in name)


def _is_human_plural(token: Token) -> bool:
    if token.tag_ not in ("NNS", "NNPS"):
        return False
    lemma = token.lemma_.lower()
    if lemma in HUMAN_PLURALS:
        return True
    text = token.text
    if text.endswith("s") and len(text) > 2 and text[:-1].isupper():  # MPs, MEPs, CEOs
        return True
    return lemma.endswith(HUMAN_SUFFIXES) and not lemma.endswith("ment")


class _Weights:
    """Where a mention sits in the article: the title line and the lead count more."""

    def __init__(self, doc: Doc) -> None:
        text = doc.text
        newline = text.find("\n")
        self.title_end = newline if 0 < newline <= TITLE_LINE_MAX_CHARS else 0
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

    def of(self, start: int, root: Token) -> float:
        weight = 1.0
        if start < self.title_end:
            weight += 2.0
        elif start < self.lead_end:
            weight += 1.0
        if root.dep_ in ("nsubj", "nsubjpass"):
            weight += 0.5
            if root.dep_ == "nsubj" and root.head.lemma_.lower() in SPEECH_VERBS:
                weight += 1.0
        return weight


def _clean_tokens(span: Span) -> tuple[int, int] | None:
    """Token range of a span without leading article or trailing possessive and punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in ARTICLES or doc[start].is_punct):
        start += 1
    while end > start and (
        doc[end - 1].tag_ == "POS"
        or doc[end - 1].is_punct
        or doc[end - 1].text in POSSESSIVE_ENDINGS
        or doc[end - 1].is_space
    ):
        end -= 1
    # A trailing number is an NER fragment ("Huawei 5" from "Huawei 5G"), not part of a name.
    while end > start and doc[end - 1].like_num:
        end -= 1
    return (start, end) if end > start else None


def _role_text(tokens: Iterable[Token]) -> str | None:
    words: list[str] = []
    for token in tokens:
        key = normalise(token.text)
        if key in HONORIFICS:
            continue
        words.append(TITLE_WORDS.get(key, token.text) if token.text.endswith(".") else token.text)
        words.append(token.whitespace_)
    text = "".join(words).strip(" ,;:-—–")
    if not any(c.isalpha() for c in text):
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


def _appositive_role(doc: Doc, root: Token, start: int, end: int) -> str | None:
    """The role an appositive gives: "Tom Tugendhat, chair of ...," or "its leader, X,"."""
    for child in root.rights:
        if child.dep_ != "appos" or child.i < end:
            continue
        if child.ent_type_ in ("PERSON", "GPE") or child.pos_ == "PRON" or child.like_num:
            continue
        return _phrase_role(doc, child.left_edge.i, child.right_edge.i + 1, child.i)
    if root.dep_ == "appos" and root.head.i < start and root.head.pos_ in ("NOUN", "PROPN"):
        head = root.head
        if head.ent_type_ in ("", "NORP"):
            return _phrase_role(doc, head.left_edge.i, head.i + 1, head.i)
    return None


def _phrase_role(doc: Doc, start: int, end: int, head: int) -> str | None:
    """A role phrase cut at the first comma after its head, without a leading article."""
    tokens: list[Token] = []
    for token in doc[start:end]:
        if token.i > head and (token.text in (",", ";", "(", "—", "–") or token.dep_ == "relcl"):
            break
        if not tokens and token.lower_ in ARTICLES:
            continue
        tokens.append(token)
    if not tokens or len(tokens) > MAX_ROLE_TOKENS:
        return None
    return _role_text(tokens)


def _entity_mentions(doc: Doc, weights: _Weights, consumed: set[int]) -> tuple[list, list]:
    """Mentions from named entities, and leftovers of other labels that may name a known actor."""
    mentions: list[_Mention] = []
    others: list[_Mention] = []
    for ent in doc.ents:
        if ent.start in consumed:
            continue
        rng = _clean_tokens(ent)
        if rng is None:
            continue
        start, end = rng
        kind = KIND_OF_LABEL.get(ent.label_)
        root = ent.root
        if (
            kind == "group"
            and root.tag_ not in ("NNS", "NNPS")
            and root.dep_ in ("amod", "compound", "nmod")
        ):
            continue  # "Chinese" in "the Chinese tech firm" modifies, it does not act
        role = None
        span_start = start
        if kind in ("person", "organization", None):
            pre = _premodifier_start(doc, start, end)
            # Titles right before the name belong to the mention ("Mr Trump", "President Trump").
            while span_start > pre and normalise(doc[span_start - 1].text) in TITLES:
                span_start -= 1
            if kind == "person":
                role = _appositive_role(doc, root, start, end) or (
                    _role_text(doc[pre:start]) if pre < start else None
                )
            elif kind == "organization":
                role = _appositive_role(doc, root, start, end)
        surface = doc[span_start:end].text
        name = strip_name(doc[start:end].text)
        if not name or _is_junk(name):
            continue
        if kind == "person":
            role = role or _title_role(doc, start, end)
        mention = _Mention(
            start=doc[span_start].idx,
            end=doc[end - 1].idx + len(doc[end - 1].text),
            surface=strip_name(surface) if span_start == start else surface,
            name=name,
            key=normalise(name),
            kind=kind,
            weight=weights.of(doc[start].idx, root),
            role=role,
        )
        (mentions if kind else others).append(mention)
    return mentions, others


def _title_role(doc: Doc, start: int, end: int) -> str | None:
    """A role from titles inside the entity itself ("Sen. Graham" tagged whole)."""
    titles = []
    for token in doc[start:end]:
        if normalise(token.text) not in TITLES:
            break
        titles.append(token)
    return _role_text(titles) if titles and len(titles) < end - start else None


def _group_mentions(doc: Doc, weights: _Weights, consumed: set[int]) -> list[_Mention]:
    """Plural bodies of people: named ("US senators") and bare ("the senators")."""
    mentions: list[_Mention] = []
    for chunk in doc.noun_chunks:
        head = chunk.root
        if head.ent_type_ or not _is_human_plural(head):
            continue
        # Modifiers after a possessive belong to the head ("the party's Democratic senators");
        # those before it name the possessor, not the group.
        lo = max((t.i + 1 for t in chunk if t.tag_ == "POS" and t.i < head.i), default=chunk.start)
        first = None
        for token in doc[lo : head.i]:
            if token.dep_ not in ("compound", "amod", "nmod"):
                continue
            if token.ent_type_ in ("NORP", "GPE") or (
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
            )
        )
    return mentions


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w.lower() not in ACRONYM_SKIP and w[0].isupper())


def _best(candidates: list[_Cluster], position: int, *, backwards: bool = False) -> _Cluster | None:
    """The referent of a short name: the candidate named most recently before it, else (unless
    only earlier mentions may count) the one named most often."""
    before = [c for c in candidates if 0 <= c.last < position]
    if before:
        return max(before, key=lambda c: c.last)
    if backwards:
        return None
    return max(candidates, key=lambda c: c.size)


def _cluster(mentions: list[_Mention], others: list[_Mention]) -> list[_Cluster]:
    """Fold mentions into one cluster per real-world actor."""
    by_key: dict[str, list[_Mention]] = {}
    for m in mentions:
        if m.named:
            by_key.setdefault(m.key, []).append(m)
    kind_of: dict[str, ActorKind] = {}
    for key, group in by_key.items():
        votes = Counter(m.kind for m in group if m.kind)
        kind_of[key] = max(votes, key=lambda k: (votes[k], KIND_PRIORITY[k]))

    cluster_of: dict[str, _Cluster] = {}
    ambiguous: dict[str, list[_Cluster]] = {}
    # Full person names own their shorter forms: longest names first, so "Iain Duncan Smith"
    # exists before "Duncan Smith" and "Smith" look for a holder.
    owners: dict[str, list[_Cluster]] = {}  # name word -> person clusters whose name holds it
    person_keys = sorted(
        (k for k, kind in kind_of.items() if kind == "person" and " " in k),
        key=lambda k: -len(k.split()),
    )
    for key in person_keys:
        words = key.split()
        holders = [c for c in owners.get(words[-1], []) if set(words) <= c.words]
        if len(holders) == 1:
            cluster_of[key] = holders[0]
        elif holders:
            ambiguous[key] = holders
        else:
            new = cluster_of[key] = _Cluster(words=frozenset(words))
            for word in words:
                owners.setdefault(word, []).append(new)

    # Acronyms of organisations and places ("CCP", "UK") join their spelt-out names.
    spelt = {
        _initials(group[0].name).lower(): key
        for key, group in by_key.items()
        if " " in key and kind_of[key] != "person"
    }
    for key, kind in kind_of.items():
        if key in cluster_of or key in ambiguous:
            continue
        holders = owners.get(key, []) if " " not in key else []
        # A single word that is part of a person's name is that person, whatever NER said,
        # unless it is only ever tagged as a place ("Jordan" beside "Michael Jordan" is rare).
        if holders and (kind != "place" or any(m.kind == "person" for m in by_key[key])):
            if len(holders) == 1:
                cluster_of[key] = holders[0]
            else:
                ambiguous[key] = holders
            continue
        target = spelt.get(key) if " " not in key else None
        if target and target != key:
            cluster_of[key] = cluster_of.setdefault(target, _Cluster())
        else:
            cluster_of.setdefault(key, _Cluster())

    groups_by_head: dict[str, list[_Cluster]] = {}
    for m in mentions:
        if m.kind == "group" and m.named and m.head:
            heads = groups_by_head.setdefault(m.head, [])
            if cluster_of[m.key] not in heads:
                heads.append(cluster_of[m.key])

    for key, owner in cluster_of.items():
        owner.size += len(by_key[key])

    known = [m for m in others if m.key in cluster_of or m.key in ambiguous]
    clusters: list[_Cluster] = []
    for m in sorted([*mentions, *known], key=lambda m: m.start):
        cluster: _Cluster | None
        if not m.named:
            # "the senators" refers back to a group already named, never forward: the "MPs" of
            # a headline are not the "Conservative MPs" of the last paragraph.
            cluster = _best(groups_by_head.get(m.head, []), m.start, backwards=True)
        elif m.key in ambiguous:
            cluster = _best(ambiguous[m.key], m.start)
        else:
            cluster = cluster_of[m.key]
        if cluster is None:
            continue
        if m.kind is None:
            m.kind = kind_of.get(m.key)
        if not cluster.mentions:
            clusters.append(cluster)
        cluster.mentions.append(m)
        cluster.last = m.start
    return clusters


def _to_actor(cluster: _Cluster) -> Actor:
    named = [m for m in cluster.mentions if m.named]
    votes = Counter(m.kind for m in named if m.kind)
    kind: ActorKind = max(votes, key=lambda k: (votes[k], KIND_PRIORITY[k]))
    if votes["person"] and any(" " in m.key for m in named if m.kind == "person"):
        kind = "person"
    canonical = max(named, key=lambda m: (len(m.name.split()), len(m.name), -m.start)).name
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


def extract_actors(doc: Doc) -> list[Actor]:
    """The actors of one parsed article, most salient first."""
    weights = _Weights(doc)
    consumed: set[int] = set()
    groups = _group_mentions(doc, weights, consumed)
    mentions, others = _entity_mentions(doc, weights, consumed)
    clusters = _cluster([*mentions, *groups], others)
    actors = [_to_actor(c) for c in clusters]
    total = sum(a.salience for a in actors) or 1.0
    ranked = sorted(actors, key=lambda a: (-a.salience, a.spans[0] if a.spans else (0, 0)))
    return [
        Actor(
            name=a.name,
            kind=a.kind,
            aliases=a.aliases,
            role=a.role,
            mentions=a.mentions,
            salience=a.salience / total,
            spans=a.spans,
        )
        for a in ranked
    ]


def match_actor(name: str, actors: Sequence[Actor]) -> Actor | None:
    """The article's actor a name as written refers to ("Sen. Graham", "Trump's"), or None.

    Exact names and aliases win; otherwise a name whose words all belong to one actor's name and
    that ends like it ("Trump", "Duncan Smith", "senators") matches, the most salient such actor
    first. Acronyms match spelt-out names. Phrases that are not names ("Clinton campaign") do not.
    """
    key = normalise(strip_name(name))
    if not key:
        return None
    for actor in actors:
        if key == normalise(actor.name) or any(
            key == normalise(strip_name(a)) for a in actor.aliases
        ):
            return actor
    words = key.split()
    for actor in actors:
        actor_words = normalise(actor.name).split()
        if set(words) <= set(actor_words) and (words[-1] == actor_words[-1] or len(words) == 1):
            if len(words) == 1 and actor.kind == "group" and words[0] != actor_words[-1]:
                continue
            return actor
    if " " not in key:
        for actor in actors:
            if actor.kind != "person" and _initials(actor.name).lower() == key:
                return actor
    return None
