"""Folds the mentions of one article into one cluster per real-world actor: full names own their
short forms ("Iain Duncan Smith" holds "Duncan Smith" and "Smith"), acronyms join their spelt-out
names, and a surname shared by several people goes to the one named last nearby."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.nlp.actor_kinds import company_name, is_generic, normalise
from bot.nlp.actor_mentions import Mention
from bot.nlp.lexicon import (
    ACRONYM_OPTIONAL,
    ACRONYM_SKIP,
    COMPANY_SUFFIXES,
    FAMILIAR_FIRST_NAMES,
    NAME_SUFFIXES,
    NICKNAME_CUES,
)
from bot.nlp.records import ActorKind

# Tie-break between labels given to one name: a person link is the strongest evidence.
KIND_PRIORITY: dict[ActorKind, int] = {"person": 3, "organization": 2, "place": 1, "group": 0}
# How far back (characters, about two sentences) a full name decides who a shared surname means.
SAME_PERSON_WINDOW = 300
# How far back (characters) "Everyone called him Mike" looks for the person it is about.
NICKNAME_WINDOW = 400
# A cue, then one capitalised word that no other capitalised word follows ("known as Mike,"),
# optionally in quotation marks: "known as Mike Ford" names someone, it gives no nickname.
_NICKNAME = re.compile(
    r"\b(?:"
    + "|".join(re.escape(cue) for cue in sorted(NICKNAME_CUES, key=len, reverse=True))
    + r")\s+[\"“‘']?([A-Z][a-z]{1,14})\b(?![\"”’']?[ -]+[A-Z])"
)


@dataclass(slots=True)
class Cluster:
    words: frozenset[str] = frozenset()  # name words of a person, to find who owns "Trump"
    mentions: list[Mention] = field(default_factory=list)
    last: int = -1  # start offset of the latest mention added while walking the text
    size: int = 0  # mentions under its full names, to settle a short name nobody used before
    first: int = -1  # start offset of the first full-name mention of a person
    keys: list[str] = field(default_factory=list)  # a person's full names, as written apart


def initials(name: str, *, company_form: bool = False) -> str:
    """The acronym a name makes: "Acme Power & Light Co." -> "APL", or with its company form
    "APLC" ("SNC" of "Sierra Nevada Corporation")."""
    return "".join(
        w[0]
        for w in name.split()
        if w.lower() not in ACRONYM_SKIP
        and (company_form or w.lower() not in COMPANY_SUFFIXES)
        and w[0].isupper()
    )


def acronym_key(key: str) -> str:
    """An acronym's letters alone: "ap&l" and "a.p.l." are "apl"."""
    return "".join(c for c in key if c.isalnum()) if " " not in key else key


def _name_parts(key: str) -> tuple[str, list[str], str, str] | None:
    """A person's full name as (first name, middle names, surname, generation suffix)."""
    words = key.split()
    suffix = words.pop() if len(words) > 2 and words[-1] in NAME_SUFFIXES else ""
    if len(words) < 2:
        return None
    return words[0], words[1:-1], words[-1], suffix


def nicknames(text: str, mentions: list[Mention]) -> dict[str, str]:
    """The first names people go by in this article, each with the first name of the person it
    is said of: "John Milo Ford was born in 1957. Everyone called him Mike." gives "mike" ->
    "john", so "Mike Ford" is John M. Ford. The person is the one last named in full before the
    cue, within NICKNAME_WINDOW; a name given as it is ("called him John") is no nickname."""
    found: dict[str, str] = {}
    people = sorted(
        (m for m in mentions if m.named and m.kind == "person" and len(m.key.split()) >= 2),
        key=lambda m: m.start,
    )
    for match in _NICKNAME.finditer(text):
        before = [m for m in people if m.end <= match.start()]
        if not before or match.start() - before[-1].start > NICKNAME_WINDOW:
            continue
        parts = _name_parts(before[-1].key)
        nickname = normalise(match.group(1))
        if parts is not None and nickname != parts[0]:
            found.setdefault(nickname, parts[0])
    return found


def _same_first_name(a: str, b: str, nicknames: Mapping[str, str] | None = None) -> bool:
    """ "Pat" and "Patrick", "Bill" and "William": one person's first name, whole or familiar,
    or the name the article says someone went by ("Mike" of John M. Ford)."""
    if a == b:
        return True
    if nicknames and (nicknames.get(a) == b or nicknames.get(b) == a):
        return True
    short, long = sorted((a, b), key=len)
    if len(short) >= 3 and len(short) < len(long) and long.startswith(short):
        return True
    familiar = FAMILIAR_FIRST_NAMES
    return long in familiar.get(short, ()) or short in familiar.get(long, ())


def same_person(a: str, b: str, nicknames: Mapping[str, str] | None = None) -> bool:
    """Whether two full names (normalised keys) the article writes apart name one person: the
    same surname, first names that are one name whole or familiar ("Pat Carlineo", "Patrick
    Carlineo Jr."), middle names that agree by initial where both give them ("Patrick W.
    Carlineo"), and no two generation suffixes that differ ("Jr." and "Sr." are two people)."""
    pa, pb = _name_parts(a), _name_parts(b)
    if pa is None or pb is None or pa[2] != pb[2]:
        return False
    if not _same_first_name(pa[0], pb[0], nicknames):
        return False
    if pa[3] and pb[3] and pa[3] != pb[3]:
        return False
    return not pa[1] or not pb[1] or [w[0] for w in pa[1]] == [w[0] for w in pb[1]]


def _trim_headline_names(mentions: list[Mention]) -> None:
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


def _products_of_makers(by_key: dict[str, list[Mention]], kind_of: dict[str, ActorKind]) -> None:
    """ "Dell Alienware", "Nintendo Switch Lite", "Acme Roadster": a "person" whose first word is
    a name the article uses alone as an organisation's, and whom it never gives a title or a
    role, is the maker's name and a model: a product, not someone of that first name (and not
    the owner of the maker's short name). "Ford" the company beside "Ford Hale, a spokesman"
    keeps its person."""
    for key, group in by_key.items():
        words = key.split()
        if len(words) < 2 or kind_of[key] != "person" or kind_of.get(words[0]) != "organization":
            continue
        if any(m.role or normalise(m.surface) != key for m in group):
            continue
        kind_of[key] = "organization"
        for m in group:
            m.kind, m.kind_by, m.product_hint = "organization", "maker_name_first", True


def _places_named_for_companies(
    by_key: dict[str, list[Mention]], kind_of: dict[str, ActorKind]
) -> None:
    """ "Harlow Airways ordered 30 jets ... Harlow said the order": a name the model took for a
    place is a company's short name when the article names a company after it ("Harlow
    Airways", "Harlow Bank") and never writes it as a scene ("in Harlow", "flights to
    Harlow"). "New York Times ... talks in New York" keeps its city."""
    for key, group in by_key.items():
        if kind_of[key] != "place" or any(m.scene or m.kind != "place" for m in group):
            continue
        if not any(
            kind_of.get(full) == "organization"
            and full.startswith(key + " ")
            and company_name(by_key[full][0].name)
            for full in by_key
        ):
            continue
        kind_of[key] = "organization"
        for m in group:
            m.kind, m.kind_by = "organization", "short_name_of_a_company"


def _first_offset(group: list[Mention]) -> int:
    return min((m.start for m in group if not m.in_title), default=-1)


def _shortened_to_first_word(
    key: str, by_key: dict[str, list[Mention]], kind_of: dict[str, ActorKind]
) -> bool:
    """ "Harlow Outfitters said ... Harlow will close ten stores": an organisation named in full
    first goes by its first word after, when the article tags that word alone as an organisation
    too and never writes the full name as a product ("the new Zenbo Roadster ... Zenbo said" is
    the maker, named after its model) nor only before a noun it describes. Two organisations
    sharing the first word keep it apart (the caller drops a word that two names of several
    words begin with)."""
    words = key.split()
    short = words[0]
    if len(words) < 2 or kind_of[key] != "organization" or kind_of.get(short) != "organization":
        return False
    if is_generic(by_key[key][0].name.split()[0]) or any(m.product_hint for m in by_key[key]):
        return False
    if all(m.modifier for m in by_key[key]):
        # "the Zenbo Play Racer 2 port ... Zenbo's offices": the full name only ever describes
        # a thing (a game, a model), which is no organisation the maker goes by for short.
        return False
    full, alone = _first_offset(by_key[key]), _first_offset(by_key[short])
    return 0 <= full < alone


class _Recent:
    """Which of several clusters was named last before a position, kept up as the text is
    walked in order (so a cluster's `last` only grows) instead of asking every one of them:
    an article can name thousands of people who share a surname."""

    def __init__(self, candidates: list[Cluster]) -> None:
        self.candidates = candidates
        self.rank = {id(c): r for r, c in enumerate(candidates)}
        self.moves: list[tuple[int, Cluster]] = []  # (last, cluster), in the order they moved
        # Who the article names first: ties (headline-only names) fall to the most named.
        key = [(c.first < 0, c.first, -c.size) for c in candidates]
        self.first_named = [c for c, k in zip(candidates, key, strict=True) if k == min(key)]

    def moved(self, cluster: Cluster) -> None:
        if self.moves and self.moves[-1][1] is cluster:
            self.moves.pop()
        self.moves.append((cluster.last, cluster))

    def latest_before(self, position: int) -> Cluster | None:
        """The cluster whose last mention is the latest before position (the first listed on
        a tie); an older move of a cluster that has moved since no longer counts."""
        best: Cluster | None = None
        for last, c in reversed(self.moves):
            if best is not None and last < best.last:
                break
            if last >= position or c.last != last:
                continue
            if best is None or self.rank[id(c)] < self.rank[id(best)]:
                best = c
        return best


def _best(candidates: _Recent, position: int, *, window: int | None) -> Cluster | None:
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


def _titled_surname(
    m: Mention, titled: dict[str, Cluster | None], recent: _Recent
) -> Cluster | None:
    """Who a surname several people share means: the one named last nearby (see _best), but a
    title and the surname ("Governor Roe") mean one person all article long, whoever else of
    that surname is named between ("Governor Dana Roe ... her son Sam Roe ... Governor Roe")."""
    title = normalise(m.surface)
    if title == m.key:
        return _best(recent, m.start, window=SAME_PERSON_WINDOW)
    if title not in titled:
        titled[title] = _best(recent, m.start, window=SAME_PERSON_WINDOW)
    return titled[title]


# The lengths of a short form made of the parts of a one-word name ("VW"), and the shortest
# such name: "AP" beside "Apex" is a wire's credit, no part of it.
_COMPOUND_SHORT_FORM_LENGTHS = (2, 3)
_COMPOUND_NAME_MIN = 6


def compound_short_form(short: str, name: str) -> bool:
    """Whether capitals are the short form of a one-word name made of words run together:
    its first letter, then letters that open its later parts ("VW" of "Volkswagen", "ZB" of
    "Zenbank"). A short form that goes on with the name's second letter spells its opening
    ("AP" of "Apex", "AT" of "Atlantica"), none of its parts."""
    if not (short.isalpha() and short.isupper() and len(short) in _COMPOUND_SHORT_FORM_LENGTHS):
        return False
    if " " in name or len(name) < _COMPOUND_NAME_MIN or not name[:1].isupper():
        return False
    short, word = short.lower(), name.lower()
    if short[0] != word[0] or short[1] == word[1]:
        return False
    at = 1
    for letter in short[1:]:
        at = word.find(letter, at + 1)
        if at < 0:
            return False
    return True


def _compound_spelt_by(
    key: str, by_key: Mapping[str, list[Mention]], kind_of: Mapping[str, ActorKind]
) -> str | None:
    """The one organisation written out in full before its short form is first used
    (`compound_short_form`), or None: "Volkswagen showed a car ... VW said" is one carmaker."""
    short = by_key[key][0].name
    first_short = min((m.start for m in by_key[key] if not m.in_title), default=-1)
    fits = [
        k
        for k, kind in kind_of.items()
        if kind == "organization"
        and k != key
        and compound_short_form(short, by_key[k][0].name)
        and min((m.start for m in by_key[k] if not m.in_title), default=-1) < first_short
    ]
    return fits[0] if len(fits) == 1 else None


def cluster_mentions(
    mentions: list[Mention], others: list[Mention], text: str = ""
) -> list[Cluster]:
    """Fold mentions into one cluster per real-world actor; `text` is the article's, read for
    the names people go by."""
    called = nicknames(text, mentions) if text else {}  # before headline names are cut short
    _trim_headline_names(mentions)
    by_key: dict[str, list[Mention]] = {}
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
    _products_of_makers(by_key, kind_of)
    _places_named_for_companies(by_key, kind_of)

    cluster_of: dict[str, Cluster] = {}
    ambiguous: dict[str, list[Cluster]] = {}
    # Full person names own their shorter forms: longest names first, so "Iain Duncan Smith"
    # exists before "Duncan Smith" and "Smith" look for a holder.
    owners: dict[str, list[Cluster]] = {}  # name word -> person clusters whose name holds it

    def holders_of(key: str) -> list[Cluster]:
        # Each owners list is in the order the clusters were made, so the holders of every word
        # come out of the shortest list in the same order as out of any other.
        words = set(key.split())
        shortest = min((owners.get(w, []) for w in words), key=len)
        return [c for c in shortest if words <= c.words]

    def join(key: str, holders: list[Cluster]) -> None:
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
            continue
        # "Pat Carlineo" after "Patrick Carlineo Jr.": one person when only one fits.
        parts = _name_parts(key)
        alike = [
            c
            for c in (owners.get(parts[2], []) if parts else [])
            if any(same_person(key, k, called) for k in c.keys)
        ]
        if len(alike) == 1:
            same = alike[0]
            cluster_of[key] = same
            same.keys.append(key)
            for word in set(key.split()) - same.words:
                owners.setdefault(word, []).append(same)
            same.words |= frozenset(key.split())
        else:
            first = min((m.start for m in by_key[key] if not m.in_title), default=-1)
            new = cluster_of[key] = Cluster(words=frozenset(key.split()), first=first, keys=[key])
            for word in new.words:
                owners.setdefault(word, []).append(new)

    # Short forms of other names join their full form: acronyms ("CCP", "UK") and trailing
    # words ("Select Committee" of "House Select Committee"), when only one full form fits.
    longer: dict[str, str | None] = {}
    last_word_of: dict[str, str | None] = {}
    first_word_of: dict[str, str | None] = {}
    for key in sorted((k for k in kind_of if " " in k and kind_of[k] != "person"), key=len):
        words = key.split()
        name = by_key[key][0].name
        short_forms = {initials(name).lower(), initials(name, company_form=True).lower()}
        kept = " ".join(w for w in name.split() if w.lower() not in ACRONYM_OPTIONAL)
        if kept != name:
            short_forms.add(initials(kept).lower())
        short_forms.update(" ".join(words[i:]) for i in range(1, len(words) - 1))
        for form in short_forms - {"", key}:
            longer[form] = key if form not in longer else None
        # "Taliban" of "the Afghan Taliban", "Chargers" of "Los Angeles Chargers": an
        # organisation's last word is its short name when the article tags it alone as one
        # too, and it is a name ("Committee" of "House Select Committee" is a description).
        last = by_key[key][0].name.split()[-1]
        if kind_of[key] == "organization" and not is_generic(last):
            form = words[-1]
            last_word_of[form] = key if form not in last_word_of else None
        shortened = _shortened_to_first_word(key, by_key, kind_of)
        first_word_of[words[0]] = key if shortened and words[0] not in first_word_of else None

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
        target = longer.get(key) or longer.get(acronym_key(key))
        if target is None and kind == "organization":
            target = last_word_of.get(key) or first_word_of.get(key)
        if target is None and kind == "organization":
            target = _compound_spelt_by(key, by_key, kind_of)
        target = target or key
        cluster_of[key] = cluster_of.setdefault(target, Cluster())

    groups_by_head: dict[str, list[Cluster]] = {}
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
    titled: dict[str, Cluster | None] = {}
    clusters: list[Cluster] = []
    for m in sorted([*mentions, *known], key=lambda m: m.start):
        cluster: Cluster | None
        if not m.named:
            # "the senators" refers back to a group already named, never forward: the "MPs" of
            # a headline are not the "Conservative MPs" of the last paragraph.
            cluster = _best(recent_group.get(m.head, nobody), m.start, window=None)
        elif m.key in ambiguous:
            cluster = _titled_surname(m, titled, recent_person[m.key])
        else:
            cluster = cluster_of[m.key]
        if cluster is None:
            continue
        if m.kind is None:
            m.kind = kind_of.get(m.key)
            m.kind_by = "same_name_elsewhere" if m.kind else None
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
