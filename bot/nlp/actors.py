"""Finds the key actors of one parsed article: named people, organisations, places and groups.

Every mention of one real-world name ("Donald Trump", "Mr Trump", "Trump's") is folded into one
Actor under its longest full name, with the role the text gives, a mention count, the character
offsets of every mention and a salience score used to rank the actors.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc

from bot.nlp.actor_bodies import (
    group_mentions,
    lower_case_names,
    state_body_mentions,
    untagged_organisations,
)
from bot.nlp.actor_kinds import (
    common_noun_acronyms,
    common_words_capitalised_by_position,
    is_generic,
    names_a_thing,
    names_only_on_label_lines,
    normalise,
    plural_acronym_classes,
)
from bot.nlp.actor_mentions import Mention, entity_mentions, strip_name, untagged_mentions
from bot.nlp.actor_names import (
    KIND_PRIORITY,
    Cluster,
    acronym_key,
    cluster_mentions,
    initials,
)
from bot.nlp.deadline import NO_DEADLINE, Deadline
from bot.nlp.docmemo import doc_text, not_speech_lines
from bot.nlp.first_names import is_first_name
from bot.nlp.lexicon import (
    CELESTIAL_BODIES,
    PERSON_ONLY_TITLES,
    POSSESSIVE_ENDINGS,
    STYLED_TITLES,
)
from bot.nlp.mention_weights import Weights
from bot.nlp.outlets import voice_spans
from bot.nlp.records import Actor, ActorKind, KindExplanation

__all__ = ["ActorIndex", "extract_actors", "match_actor", "normalise", "strip_name"]

# People and organisations act; places and collective nouns are more often the setting.
KIND_WEIGHT: dict[ActorKind, float] = {
    "person": 1.2,
    "organization": 1.0,
    "group": 0.9,
    "place": 0.75,
}
# What a person the article names without a role counts for, beside one it introduces.
UNINTRODUCED_PERSON_WEIGHT = KIND_WEIGHT["organization"]

# What a group of people named only once counts for ("US politicians weighed in").
PASSING_GROUP_WEIGHT = 0.5
# What a product counts for ("the new Sportback"), beside the people and bodies that act.
PRODUCT_WEIGHT = 0.3
# What a mention of a place as the scene counts for, beside one where it acts.
SETTING_WEIGHT = 0.3
# The share of a name's mentions before a noun it describes that makes it a thing's name.
MOSTLY = 0.75
# What an organisation named in the role of one of the story's people counts for, beside one
# named as often elsewhere.
EMPLOYER_WEIGHT = 1.5
# Each further mention adds less: a product or a setting named twenty times ("Stadia", "the
# United States") does not outrank the people named five times who act in the story.
MENTIONS_EXPONENT = 0.8


def _kind_weight(kind: ActorKind, role: str | None) -> float:
    """What an actor's kind counts for. A person the article introduces by a role ("Acme's
    chief executive, Dana Roe, said") is one of the story's people; one named in passing
    without any ("a producer who has worked with the likes of Dana Roe") weighs no more than
    an organisation named as often."""
    if kind == "person" and role is None:
        return UNINTRODUCED_PERSON_WEIGHT
    if kind == "person" and _died_before_the_story(role):
        return KIND_WEIGHT[kind] * SETTING_WEIGHT
    return KIND_WEIGHT[kind]


def _died_before_the_story(role: str | None) -> bool:
    """Whether a person's role says they had died before the story ("the late Sen. Dana Roe
    was held there"): named as its history, not one of its actors. "Roe, late for the vote,"
    gives no role."""
    return role is not None and role.split()[0].lower() == "late"


def _passing_group(kind: ActorKind, mentions: int) -> bool:
    """Whether a group of people is named once only, in passing ("US politicians weighed in on
    the row"): a description of whoever spoke up, not a body the story follows, as "Democrats"
    named through an article are."""
    return kind == "group" and mentions == 1


def _weight(mention: Mention, kind: ActorKind) -> float:
    # A place named only as the scene ("talks in Hanoi", "US officials") is no actor of the
    # story; one that acts ("China warned", "Vietnam's navy") is.
    return mention.weight if kind != "place" or mention.acts else mention.weight * SETTING_WEIGHT


def _names_a_thing(named: list[Mention], kind: ActorKind) -> bool:
    """Whether a name is written as a thing's rather than an actor's: as a product more often
    than as an organisation ("the new Sportback", "MacBook models"), or only ever before a
    noun it describes ("Feather Duvet Lung disease", "a Retina display"), never on its own as
    "Trump" is beside "the Trump administration"."""
    if kind != "place" and _sold_more_than_it_employs(named):
        return True
    return bool(named) and _describes_nouns(named)


def _describes_nouns(named: list[Mention]) -> bool:
    """Whether a name stands before a noun it describes in all but a few of its mentions and
    is never the subject of a sentence: a programme's or a product line's ("Acme Lunar Services
    (ALS) contracts", "ALS missions", "an ALS task order", "the on-ramp to ALS"). An
    organisation written so just as often also acts ("Acme officials ... Acme said")."""
    modifying = sum(m.modifier for m in named)
    return modifying > MOSTLY * len(named) and not any(m.subject for m in named)


def _sold_more_than_it_employs(named: list[Mention]) -> bool:
    """Whether an article writes a name as a thing sold more often than as an organisation:
    "the new Volta" four times beside one "Volta and Acme Media" is a model; a maker written
    as an employer ("a vice president at Zenbo") as often as its products carry its name
    ("Zenbo games") is no product of its own."""
    sold = sum(m.product_hint for m in named)
    return sold > sum(m.org_hint for m in named)


def _unconfirmed_person(name: str, named: list[Mention]) -> bool:
    """Whether a name the model took for a person's is never written as one: its first word
    is no given name, and the article gives it no role and never its last word alone as
    people's surnames are ("Event Horizon" of "films from Alien to Event Horizon", "Harlow
    Switch Lite"), or, a single word, no title either and never the subject of a clause
    ("the Herengracht", "in the Zenbo browser"). "Rusmik Oza ... Oza said", "U.S. Attorney
    Nealy Cox", "Sen. Oza" and "Okafor signed the order" are people; so is "Adele", a given
    name."""
    words = name.split()
    if not words[0].isalpha() or is_first_name(words[0]):
        return False
    if len(words) == 1:
        return not any(m.role or _titled(m) or m.subject for m in named)
    return not any(m.role or (m.name == words[-1] and m.name != name) for m in named)


# Rules that find a side in a match in a name's mention: "Harlow beat Leeds", "Harlow (4-0)".
SIDE_IN_A_MATCH = frozenset({"place_playing_as_a_team", "record_after_name"})


def _a_city_playing_as_a_team(named: list[Mention]) -> bool:
    """Whether a one-word name the model took for a person's is a place written as a side in a
    match result ("Harlow beat Leeds 3-1 ... Harlow has won three in a row", "Harlow (4-0):"):
    the city's or the school's team. A person called so ("Ann Jordan ... Jordan beat Smith") is
    given a full name or a role."""
    return any(m.kind_by in SIDE_IN_A_MATCH for m in named) and all(
        " " not in m.key and m.role is None for m in named
    )


def _titled(mention: Mention) -> bool:
    words = mention.surface.split()
    return len(words) > 1 and normalise(words[0]) in PERSON_ONLY_TITLES


def _written_as_organisation(named: list[Mention]) -> bool:
    """A one-word "person" the article never gives a first name, title or role, and writes
    as an organisation at least once ("the Steelers", "a manager at Zenbo")."""
    return all(" " not in m.key and m.role is None and m.surface == m.name for m in named) and any(
        m.org_hint for m in named
    )


def _kind_votes(named: list[Mention]) -> defaultdict[ActorKind, float]:
    """The model's labels for a name, each counted by the weight of its mention: a name that
    acts as a subject tells its kind more surely than one modifying a noun ("the Trump
    administration", "Trump voters"), which counts only when the name never stands alone."""
    standing = [m for m in named if m.kind and not m.modifier] or [m for m in named if m.kind]
    votes: defaultdict[ActorKind, float] = defaultdict(float)
    for m in standing:
        if m.kind:
            votes[m.kind] += m.weight
    return votes


# Inner capitals of people's names: "McDonald", "MacKenzie", "DeShawn", "LeBron", "DiCaprio".
_NAME_PREFIXES = ("Mc", "Mac", "De", "Di", "Da", "La", "Le", "Van", "Von", "Fitz", "O'", "O’")
_BRAND_CAPITAL = re.compile(r"[a-z]{2,}[A-Z]")


def _brand_spelling(named: list[Mention]) -> bool:
    """A one-word "person" spelt as brands are, with a capital inside after a run of lower-case
    letters ("SoftBank", "SpaceX", "YouTube"); people's names with inner capitals start with a
    particle ("McDonald", "LeBron")."""
    return all(
        " " not in m.name
        and _BRAND_CAPITAL.search(m.name) is not None
        and not m.name.startswith(_NAME_PREFIXES)
        for m in named
    )


def _styled_name(name: str, mentions: list[Mention]) -> str:
    """ "Prince Andrew", not "Andrew": someone known by one name keeps the title that goes with
    it, as the article writes it."""
    for m in mentions:
        words = m.surface.split()
        if len(words) == 2 and words[1] == name and normalise(words[0]) in STYLED_TITLES:
            return m.surface
    return name


def _full_person_name(mention: Mention, named: list[Mention]) -> bool:
    """Whether a mention tagged as a person gives a full name: two words or more, the first of
    them not a name the same actor goes by alone as an organisation ("Rob Goldman, President
    Ascom North America" beside "Ascom" tagged eleven times as a company is the company's
    regional arm)."""
    if mention.kind != "person" or " " not in mention.key:
        return False
    return not _starts_with_organisation(mention, named)


def _starts_with_organisation(mention: Mention, named: list[Mention]) -> bool:
    first = mention.key.split()[0]
    return " " in mention.key and any(m.key == first and m.kind == "organization" for m in named)


def _possessive_of(name: str, names: set[str]) -> bool:
    """Whether a name is another of the actor's names in the possessive: "Zentra's" beside
    "Zentra said" is Zentra; a shop known only as "Harlow's" keeps its name."""
    return any(name.endswith(e) and name[: -len(e)] in names for e in POSSESSIVE_ENDINGS)


def _mention_kinds(named: list[Mention]) -> tuple[tuple[ActorKind, str, int], ...]:
    """How many named mentions each rule gave each kind, most first, for --explain."""
    tally = Counter((m.kind, m.kind_by or "unknown") for m in named if m.kind)
    return tuple((k, by, n) for (k, by), n in tally.most_common())


def _to_actor(cluster: Cluster) -> Actor:
    named = [m for m in cluster.mentions if m.named]
    votes = _kind_votes(named)
    kind: ActorKind = max(votes, key=lambda k: (votes[k], KIND_PRIORITY[k]))
    kind_by = "majority_of_mentions"
    if votes["person"] and any(_full_person_name(m, named) for m in named):
        kind, kind_by = "person", "full_name_tagged_person"
    elif kind == "person" and _written_as_organisation(named):
        kind, kind_by = "organization", "written_as_organisation"
    elif kind == "person" and _brand_spelling(named):
        kind, kind_by = "organization", "spelt_as_brand"
    elif kind == "person" and _a_city_playing_as_a_team(named):
        kind, kind_by = "organization", "place_playing_as_a_team"
    elif kind == "place" and any(m.kind_by in SIDE_IN_A_MATCH for m in named):
        # "Spain beat Russia" once: Spain is its team all the match report long.
        kind, kind_by = "organization", "place_playing_as_a_team"
    elif kind == "place" and any(m.governs for m in named):
        # "Beijing said", "China has denounced the ruling": the place stands for its government.
        kind, kind_by = "organization", "place_acting_as_its_government"
    elif (
        kind != "person"
        and votes["person"]
        and any(_titled(m) and not _starts_with_organisation(m, named) for m in named)
    ):
        # "Trump" tagged ORG in "the Trump administration", after "President Trump"
        kind, kind_by = "person", "titled_as_person"
    # A place standing for its government is still the scene where the article sets things
    # ("tariffs on goods from the United States"): it weighs as a place.
    weighed: ActorKind = "place" if kind_by == "place_acting_as_its_government" else kind
    # "Europa" tagged a place or a group: a body in space, the scene of the story wherever it
    # stands in a sentence ("plumes on Europa", "Europa's ocean").
    scene = kind in ("place", "group") and all(normalise(m.name) in CELESTIAL_BODIES for m in named)
    if scene:
        kind, kind_by, weighed = "place", "celestial_body", "place"
    # Headlines Title Case and crop names ("Donald Trump Ties Hillary Clinton"): prefer the body.
    body = [m for m in named if not m.in_title] or named
    bare = {m.name for m in body}
    canonical = max(
        body,
        key=lambda m: (
            len(m.name.split()),
            not _possessive_of(m.name, bare),
            # "FRANCE" of a heading in capitals ("FRANCE WINS") is "France" where the text
            # writes it so; an acronym is in capitals everywhere.
            not m.name.isupper(),
            len(m.name),
            -m.start,
        ),
    ).name
    if kind == "person" and " " not in canonical:
        canonical = _styled_name(canonical, body)
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
        salience=_kind_weight(weighed, role)
        * sum(m.weight * SETTING_WEIGHT if scene else _weight(m, weighed) for m in cluster.mentions)
        ** MENTIONS_EXPONENT
        * (PRODUCT_WEIGHT if _names_a_thing(named, weighed) else 1.0)
        * (PRODUCT_WEIGHT if kind == "person" and _unconfirmed_person(canonical, named) else 1.0)
        * (PASSING_GROUP_WEIGHT if _passing_group(kind, len(spans)) else 1.0)
        # A body in space never acts, however often the story goes back to it.
        * (SETTING_WEIGHT if scene else 1.0),
        spans=spans,
        explain=KindExplanation(kind_by, _mention_kinds(named)),
    )


def _a_side_in_a_match(actor: Actor) -> bool:
    """Whether a name made of a common word is a club's, written as a side in a match result:
    "a loss to the Chiefs" names a team, where "the chiefs" alone names no one."""
    tally = actor.explain.mentions if actor.explain else ()
    return any(by == "team_in_a_match_result" for _, by, _ in tally)


def employs_someone(actor: Actor, roles: list[str]) -> bool:
    """Whether an organisation is named in the role of one of the story's people ("Dana Roe,
    a vice president at Zenbo", "Zenbo defensive captain Sam Poole"): the side that person acts
    for. "Zen" is no part of a role that names "Zenbo"."""
    if actor.kind != "organization":
        return False
    name = re.compile(rf"(?<!\w){re.escape(actor.name)}(?!\w)")
    return any(name.search(role) for role in roles)


def extract_actors(doc: Doc, deadline: Deadline = NO_DEADLINE) -> list[Actor]:
    """The actors of one parsed article, most salient first."""
    weights = Weights(doc)
    consumed: set[int] = set()
    bodies = state_body_mentions(doc, weights, consumed)
    groups = [*bodies, *group_mentions(doc, weights, consumed)]
    deadline.check()
    mentions, others = entity_mentions(doc, weights, consumed)
    mentions.extend(untagged_organisations(doc, weights))
    mentions.extend(lower_case_names(doc, weights))
    deadline.check()
    others.extend(untagged_mentions(doc, weights, mentions))
    deadline.check()
    text = doc_text(doc)
    voice = voice_spans(text, not_speech_lines(doc))
    if voice:
        # A dateline, wire credit or credit line names the page's sources, not the story's.
        mentions, groups, others = (
            [m for m in found if not any(lo <= m.start < hi for lo, hi in voice)]
            for found in (mentions, groups, others)
        )
    clusters = cluster_mentions([*mentions, *groups], others, text)
    deadline.check()
    actors = [
        a
        for a in (_to_actor(c) for c in clusters)
        if (not is_generic(a.name) or _a_side_in_a_match(a)) and not names_a_thing(a.name)
    ]
    common = common_words_capitalised_by_position(doc, actors, weights.in_heading)
    common |= common_noun_acronyms(text, actors)
    common |= plural_acronym_classes(text, actors)
    common |= names_only_on_label_lines(text, actors, weights.title_end)
    actors = [a for a in actors if a.name not in common]
    roles = [a.role for a in actors if a.kind == "person" and a.role]
    actors = [
        replace(a, salience=a.salience * EMPLOYER_WEIGHT) if employs_someone(a, roles) else a
        for a in actors
    ]
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
                self.initials.setdefault(initials(actor.name).lower(), i)

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
        if " " not in key and acronym_key(key) in self.initials:
            return self.actors[self.initials[acronym_key(key)]]
        return None
