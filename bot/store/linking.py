"""One actor across articles: match an analysis's actors to the archive's actors, or add them.

"Trump" in a later article joins the stored "Donald Trump" when nothing else could be meant,
and a "Trump" stored first takes the full name when "Donald Trump" arrives (promotion); two
people sharing a surname stay apart when their first names or roles differ. Matching is on
folded keys (case, accents and punctuation removed) kept in the actor_name table.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import sqlalchemy as sa
from sqlmodel import Session

from bot.nlp.lexicon import NAME_HONORIFICS, NAME_SUFFIXES, STYLED_TITLES, TITLES
from bot.nlp.records import Actor as ActorRecord
from bot.store.db import Rows
from bot.store.models import Actor, ActorName, table_of, utcnow

ACTORS = table_of(Actor)
NAMES = table_of(ActorName)

# Built once: constructing statements per article cost more than running them.
_LOAD_INDEX = (
    sa.select(
        NAMES.c.key,
        NAMES.c.name_kind,
        ACTORS.c.id,
        ACTORS.c.name,
        ACTORS.c.name_key,
        ACTORS.c.kind,
        ACTORS.c.aliases,
        ACTORS.c.roles,
        ACTORS.c.article_count,
    )
    .join(ACTORS, ACTORS.c.id == NAMES.c.actor_id)
    .where(
        sa.or_(
            NAMES.c.key.in_(sa.bindparam("keys", expanding=True)),
            # A surname stored as an actor's whole name, for promotion (not every person of
            # that surname: a common one has hundreds).
            sa.and_(
                NAMES.c.key.in_(sa.bindparam("surnames", expanding=True)),
                NAMES.c.name_kind == "name",
            ),
        )
    )
)
# Whether a stored person other than the given actor has the surname (the bare surname's actor
# could be theirs).
_OTHER_SURNAME_OWNER = (
    sa.select(NAMES.c.actor_id)
    .where(
        NAMES.c.key == sa.bindparam("surname"),
        NAMES.c.name_kind == "surname",
        NAMES.c.actor_id != sa.bindparam("bare_id"),
    )
    .limit(1)
)
# Ids come back in the order of the rows, so the actors of a batch go in as one statement.
_INSERT_ACTORS = sa.insert(ACTORS).returning(ACTORS.c.id, sort_by_parameter_order=True)
_UPDATE_NAMES = (
    sa.update(ACTORS)
    .where(ACTORS.c.id == sa.bindparam("actor_id"))
    .values(
        name=sa.bindparam("new_name"),
        name_key=sa.bindparam("new_name_key"),
        aliases=sa.bindparam("new_aliases"),
        roles=sa.bindparam("new_roles"),
    )
)
# A promoted actor's old name is an alias now.
_DELETE_NAME_ROWS = sa.delete(NAMES).where(
    NAMES.c.key == sa.bindparam("old_key"),
    NAMES.c.actor_id == sa.bindparam("old_actor_id"),
    NAMES.c.name_kind == "name",
)

_DROPPED = re.compile(r"[.'’`]")  # "U.S." -> "us", "O'Brien" -> "obrien"
_SEPARATORS = re.compile(r"[^\w]+")


@lru_cache(maxsize=100_000)  # the same names come back article after article
def name_key(name: str) -> str:
    """A name folded for matching: casefolded, accents and punctuation removed, no honorific."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    tokens = _SEPARATORS.sub(" ", _DROPPED.sub("", bare)).split()
    while len(tokens) > 1 and tokens[0] in NAME_HONORIFICS:
        tokens = tokens[1:]
    return " ".join(tokens)


def surname_key(key: str) -> str | None:
    """The last name of a folded person's name of two or more words ("jr" and such skipped)."""
    tokens = [t for t in key.split() if t not in NAME_SUFFIXES]
    return tokens[-1] if len(tokens) >= 2 else None


# ActorName kinds only lookups read (linking matches on name, alias and surname): the shorter
# word-suffixes of a person's name or alias ("duncan smith", "smith" of "iain duncan smith"),
# and its other words ("iain", "duncan").
LOOKUP_NAME_KINDS = ("suffix", "word")
# Words that a name part never opens: titles and honorifics ("senator", "sen", "mr", "pope",
# "prince"), which many people's aliases hold ("Senator Ted Rowe"), so that asking for
# "senator" does not find every senator (a surname that is such a word still finds its bearer).
NOT_NAME_PART_WORDS = TITLES | STYLED_TITLES


def lookup_keys(key: str) -> list[tuple[str, str]]:
    """(key, name_kind) of the parts a person is also found by when asked for by name: none
    opens with a title or honorific but the surname alone ("judge" of "ann judge")."""
    words = key.split()
    if len(words) < 2:
        return []
    last = len(words) - 1
    suffixes = [
        (" ".join(words[i:]), "suffix")
        for i in range(1, len(words))
        if i == last or words[i] not in NOT_NAME_PART_WORDS
    ]
    others = [
        (w, "word")
        for w in dict.fromkeys(words[:-1])
        if w != words[-1] and w not in NOT_NAME_PART_WORDS
    ]
    return suffixes + others


def persons_compatible(key_a: str, key_b: str) -> bool:
    """Could two folded full names be one person? Same surname and same first name or initial."""
    a, b = key_a.split(), key_b.split()
    if len(a) < 2 or len(b) < 2:
        return True
    if surname_key(key_a) != surname_key(key_b):
        return False
    first_a, first_b = a[0], b[0]
    return first_a == first_b or (min(len(first_a), len(first_b)) == 1 and first_a[0] == first_b[0])


def roles_compatible(role: str | None, roles: Iterable[str]) -> bool:
    """No known role on one side, or one role's words contain the other's."""
    known = [name_key(r) for r in roles]
    if not role or not known:
        return True
    wanted = name_key(role)
    return any(wanted in k or k in wanted for k in known)


@dataclass
class _Known:
    """An actor row as matching sees it; aliases and roles grow as the batch is linked."""

    id: int
    name_key: str
    kind: str
    aliases: list[str]
    roles: list[str]
    changed: bool = False
    alias_keys: set[str] = field(default_factory=set)
    display: str = ""  # the name as written: first written, or the full name it was promoted to
    article_count: int = 0  # stored articles, before this batch


@dataclass
class _Index:
    """Which actors a folded key names, by kind of name ("name", "alias", "surname")."""

    known: dict[int, _Known] = field(default_factory=dict)
    by_key: dict[tuple[str, str], set[int]] = field(default_factory=dict)

    def add(self, key: str, name_kind: str, actor_id: int) -> None:
        self.by_key.setdefault((key, name_kind), set()).add(actor_id)

    def move(self, key: str, name_kind: str, new_kind: str, actor_id: int) -> None:
        self.by_key.get((key, name_kind), set()).discard(actor_id)
        self.add(key, new_kind, actor_id)

    def ids(self, key: str, *name_kinds: str, kind: str) -> set[int]:
        found: set[int] = set()
        for name_kind in name_kinds:
            found |= self.by_key.get((key, name_kind), set())
        return {i for i in found if self.known[i].kind == kind}


def _record_keys(actor: ActorRecord) -> set[str]:
    return {name_key(actor.name), *(name_key(a) for a in actor.aliases)} - {""}


def _record_surname(actor: ActorRecord) -> str | None:
    return surname_key(name_key(actor.name)) if actor.kind == "person" else None


def _load_index(session: Session, actors: Sequence[ActorRecord]) -> _Index:
    keys = set().union(*(_record_keys(a) for a in actors)) if actors else set()
    surnames = {s for s in map(_record_surname, actors) if s} - keys
    index = _Index()
    if not keys:
        return index
    rows = session.execute(_LOAD_INDEX, {"keys": sorted(keys), "surnames": sorted(surnames)})
    for key, name_kind, actor_id, name, akey, kind, aliases, roles, articles in rows:
        if actor_id not in index.known:
            index.known[actor_id] = _Known(
                actor_id,
                akey,
                kind,
                list(aliases),
                list(roles),
                alias_keys=set(),
                display=name,
                article_count=articles,
            )
        if name_kind == "alias":
            index.known[actor_id].alias_keys.add(key)
        index.add(key, name_kind, actor_id)
    return index


def _single(candidates: set[int], role: str | None, index: _Index) -> int | None:
    """The one candidate, or the one whose known roles agree with `role`; else None."""
    if len(candidates) == 1:
        return next(iter(candidates))
    if role and candidates:
        agreeing = {
            i
            for i in candidates
            if index.known[i].roles and roles_compatible(role, index.known[i].roles)
        }
        if len(agreeing) == 1:
            return next(iter(agreeing))
    return None


def _match(actor: ActorRecord, index: _Index) -> int | None:
    key = name_key(actor.name)
    exact = index.ids(key, "name", kind=actor.kind)
    if exact:
        return min(exact)
    single_word = len(key.split()) == 1
    # The name, or any full-name alias, is a name or alias of a stored actor.
    keys = {key} | {k for k in map(name_key, actor.aliases) if len(k.split()) >= 2}
    candidates: set[int] = set()
    for k in keys:
        found = index.ids(k, "name", "alias", kind=actor.kind)
        if actor.kind == "person":
            # An alias "Trump" of Donald Trump must not pull in "Ivanka Trump".
            found = {i for i in found if persons_compatible(k, index.known[i].name_key)}
        candidates |= found
    if single_word:
        candidates = {i for i in candidates if roles_compatible(actor.role, index.known[i].roles)}
    if candidates:
        return _single(candidates, actor.role, index)
    if actor.kind == "person" and single_word:
        # A bare surname: the one stored person of that surname whose roles do not disagree.
        by_surname = {
            i
            for i in index.ids(key, "surname", kind=actor.kind)
            if roles_compatible(actor.role, index.known[i].roles)
        }
        return _single(by_surname, actor.role, index)
    return None


def _bare_to_promote(session: Session, actor: ActorRecord, key: str, index: _Index) -> int | None:
    """ "Trump" stored as an actor of its own, and now "Donald Trump", whom nothing in the
    archive matched: the bare surname's actor, when it is the only person stored under that
    surname alone, no other person's full name has that surname, the roles do not disagree
    (a stored "Smith", a plumber, is not "John Smith", a senator), and the bare surname is
    known for someone in the news (`_public_figure`)."""
    surname = surname_key(key) if actor.kind == "person" else None
    if surname is None:
        return None
    bare = index.ids(surname, "name", kind="person")
    if len(bare) != 1 or index.ids(surname, "surname", kind="person") - bare:
        return None  # two bare ones, or a full name of this batch has it
    actor_id = next(iter(bare))
    known = index.known[actor_id]
    if not _public_figure(known) or not roles_compatible(actor.role, known.roles):
        return None
    if actor_id < _PENDING_ID:  # a stored one: is a stored full name of that surname there?
        owner = session.execute(_OTHER_SURNAME_OWNER, {"surname": surname, "bare_id": actor_id})
        if owner.first() is not None:
            return None
    return actor_id


def _public_figure(known: _Known) -> bool:
    """Whether a bare surname's actor was written as someone's public name: with a role or a
    title ("President Trump", "Justice Roberts"), or in more than one article. A surname
    written once and bare is as often a player in a match report or a relative in a death
    notice ("Davis scored twice") as the famous person who shares it."""
    titled = any(len(name_key(a).split()) > 1 for a in known.aliases)
    return bool(known.roles) or titled or known.article_count > 1


def _promote(known: _Known, actor: ActorRecord, key: str, index: _Index) -> list[str]:
    """Give a bare surname's actor the full name `key` of `actor`; its old name becomes an
    alias. Return the keys that changed kind: the old name, now an alias."""
    old_key, old_name = known.name_key, known.display
    known.name_key, known.display, known.changed = key, actor.name, True
    if old_name and old_name not in known.aliases:
        known.aliases.insert(0, old_name)
    known.alias_keys.add(old_key)
    index.move(old_key, "name", "alias", known.id)
    index.add(key, "name", known.id)
    return [old_key]


def _extend(known: _Known, actor: ActorRecord) -> list[str]:
    """Add the record's names and role to a stored actor; return the new alias keys."""
    new_keys: list[str] = []
    for alias in (actor.name, *actor.aliases):
        k = name_key(alias)
        if k and k != known.name_key and k not in known.alias_keys:
            known.alias_keys.add(k)
            if alias not in known.aliases:
                known.aliases.append(alias)
            new_keys.append(k)
            known.changed = True
    if actor.role and name_key(actor.role) not in {name_key(r) for r in known.roles}:
        known.roles.append(actor.role)
        known.changed = True
    return new_keys


# Actors created while linking get ids from here until the batch's one INSERT gives them real
# ones; above any real id, so "the lowest id" still means "the oldest actor".
_PENDING_ID = 1 << 62


@dataclass(frozen=True)
class Linked:
    """The archive actor id of each record, and the actor_name rows the caller must insert
    (in the same transaction: left to the caller so they can go with its other inserts)."""

    ids: list[int]
    names: Rows


def link_actors(session: Session, actors: Sequence[ActorRecord]) -> Linked:
    """The archive actor id of each record (same order), adding actors, aliases and roles.

    Records are linked in order, each seeing the actors, aliases and roles the records before
    it added, so linking a whole batch at once gives what linking it article by article would.
    Runs inside the caller's writing transaction; the caller serialises writers (SQLite's
    write lock, an advisory lock on PostgreSQL) so two articles cannot create one actor twice.
    """
    index = _load_index(session, actors)
    created: list[_Known] = []
    new_names: list[tuple[str, int, str]] = []
    ids: list[int] = []
    demoted: list[tuple[str, int]] = []  # (old key, actor id) of promoted actors' old names
    for actor in actors:
        key = name_key(actor.name) or actor.name.strip().casefold()
        actor_id = _match(actor, index)
        promoted = False
        if actor_id is None:
            actor_id = _bare_to_promote(session, actor, key, index)
            if actor_id is not None:
                promoted = True
                for old_key in _promote(index.known[actor_id], actor, key, index):
                    demoted.append((old_key, actor_id))
                    new_names.append((old_key, actor_id, "alias"))
                new_names.append((key, actor_id, "name"))
                surname = surname_key(key)
                if surname:
                    index.add(surname, "surname", actor_id)
                    new_names.append((surname, actor_id, "surname"))
        if actor_id is None:
            aliases = list(dict.fromkeys(a for a in actor.aliases if name_key(a) != key))
            actor_id = _PENDING_ID + len(created)
            roles = [actor.role] if actor.role else []
            known = _Known(actor_id, key, actor.kind, aliases, roles, display=actor.name)
            created.append(known)
            index.known[actor_id] = known
            index.add(key, "name", actor_id)
            new_names.append((key, actor_id, "name"))
            surname = surname_key(key) if actor.kind == "person" else None
            if surname:
                index.add(surname, "surname", actor_id)
                new_names.append((surname, actor_id, "surname"))
            alias_keys = {name_key(a) for a in aliases} - {"", key}
            known.alias_keys = set(alias_keys)
        else:
            alias_keys = set(_extend(index.known[actor_id], actor))
        for alias_key in sorted(alias_keys):
            index.add(alias_key, "alias", actor_id)
            new_names.append((alias_key, actor_id, "alias"))
        if actor.kind == "person":
            new = [key] if actor_id >= _PENDING_ID or promoted else []
            new_names += [
                (part, actor_id, kind)
                for name in (*new, *sorted(alias_keys))
                for part, kind in lookup_keys(name)
            ]
        ids.append(actor_id)
    # An actor created in this batch and promoted in it never had its old name stored.
    gone = set(demoted)
    new_names = [(k, i, nk) for k, i, nk in new_names if nk != "name" or (k, i) not in gone]
    real = _insert_created(session, created)
    names = [
        {"key": k, "actor_id": real.get(i, i), "name_kind": nk}
        for k, i, nk in dict.fromkeys(new_names)
    ]
    stored_demoted = [{"old_key": k, "old_actor_id": i} for k, i in demoted if i < _PENDING_ID]
    if stored_demoted:
        session.execute(_DELETE_NAME_ROWS, stored_demoted)
    changed = [k for k in index.known.values() if k.changed and k.id not in real]
    if changed:
        session.execute(
            _UPDATE_NAMES,
            [
                {
                    "actor_id": k.id,
                    "new_name": k.display,
                    "new_name_key": k.name_key,
                    "new_aliases": k.aliases,
                    "new_roles": k.roles,
                }
                for k in changed
            ],
        )
    # A part may already be known from another of the actor's names.
    return Linked([real.get(i, i) for i in ids], Rows(NAMES, names, skip_taken=True))


def _insert_created(session: Session, created: Sequence[_Known]) -> dict[int, int]:
    """Insert the actors linking created, with the aliases and roles they ended the batch with,
    in one statement; their pending id -> real id."""
    if not created:
        return {}
    now = utcnow()
    rows = [
        {
            "name": k.display,
            "name_key": k.name_key,
            "kind": k.kind,
            "aliases": k.aliases,
            "roles": k.roles,
            "created_at": now,
        }
        for k in created
    ]
    real = session.execute(_INSERT_ACTORS, rows).scalars().all()
    return {k.id: actor_id for k, actor_id in zip(created, real, strict=True)}
