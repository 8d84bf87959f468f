"""Names titled "Mx" are keyed as those titled "Mr" or "Ms" are: without the honorific. Since
4347237 bot.store.linking.name_key drops a leading "Mx" ("Mx Jo Rowe" -> "jo rowe"), so a person
stored before under "mx jo rowe" was no longer found by name, and the next article naming them
made a second actor. Here the keys of stored names and aliases (actor.name_key, and actor_name's
"name", "alias" and "surname" rows) become what name_key makes now. An actor whose new name key
another actor of its kind already holds keeps its old one: they are two actors, and merging
them is no job for a schema change. The parts a person is found by ("suffix", "word") are the
same for both keys but for the whole name after "Mx" ("jo rowe"), a part that finds the same
person and stays. Downgrading puts the old keys back.

Revision ID: 0020_mx_name_keys
Revises: 0019_actor_weeks_by_writer
Create Date: 2026-12-03 07:45:00
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020_mx_name_keys"
down_revision: str | None = "0019_actor_weeks_by_writer"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# bot.store.linking.name_key and its honorifics as of this revision (before it: without "mx"),
# and surname_key's suffixes: a migration keeps its own copy.
BEFORE = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "prof"})
AFTER = BEFORE | {"mx"}
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_DROPPED = re.compile(r"[.'’`]")
_SEPARATORS = re.compile(r"[^\w]+")

ACTORS = sa.table(
    "actor",
    sa.column("id", sa.Integer),
    sa.column("name", sa.Text),
    sa.column("name_key", sa.Text),
    sa.column("kind", sa.String),
    sa.column("aliases", sa.JSON),
)
NAMES = sa.table("actor_name", sa.column("key"), sa.column("actor_id"), sa.column("name_kind"))


def _fold(name: str, honorifics: frozenset[str]) -> str:
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    tokens = _SEPARATORS.sub(" ", _DROPPED.sub("", bare)).split()
    while len(tokens) > 1 and tokens[0] in honorifics:
        tokens = tokens[1:]
    return " ".join(tokens)


def _surname(key: str) -> str | None:
    tokens = [t for t in key.split() if t not in NAME_SUFFIXES]
    return tokens[-1] if len(tokens) >= 2 else None


def _moves(strings: Sequence[str], old: Callable[[str], str], new: Callable[[str], str]) -> dict:
    """Old key -> new key of the names written `strings`, where the two folds differ. A key
    that another of the strings keeps as it is stays."""
    targets: dict[str, set[str]] = {}
    for s in strings:
        targets.setdefault(old(s), set()).add(new(s))
    return {k: next(iter(t)) for k, t in targets.items() if k and len(t) == 1 and k not in t}


def _rekey(old_honorifics: frozenset[str], new_honorifics: frozenset[str]) -> None:
    bind = op.get_bind()
    old = lambda s: _fold(s, old_honorifics)  # noqa: E731
    new = lambda s: _fold(s, new_honorifics)  # noqa: E731
    titled = sa.or_(
        sa.func.lower(ACTORS.c.name).like("%mx%"),
        sa.func.lower(sa.cast(ACTORS.c.aliases, sa.Text)).like("%mx%"),
    )
    candidates = bind.execute(
        sa.select(ACTORS.c.id, ACTORS.c.name, ACTORS.c.name_key, ACTORS.c.kind, ACTORS.c.aliases)
        .where(titled)
        .order_by(ACTORS.c.id)
    ).all()
    taken = set(bind.execute(sa.select(ACTORS.c.name_key, ACTORS.c.kind)).tuples())
    for actor_id, name, name_key, kind, aliases in candidates:
        aliases = aliases or []
        moves = _moves([name, *aliases], old, new)
        renamed = moves.get(name_key)
        if renamed is not None and (renamed, kind) in taken:
            del moves[name_key]  # another actor is called that: this one keeps its key
            renamed = None
        rows = (
            bind.execute(
                sa.select(NAMES.c.key, NAMES.c.name_kind).where(
                    NAMES.c.actor_id == actor_id,
                    NAMES.c.name_kind.in_(("name", "alias", "surname")),
                )
            )
            .tuples()
            .all()
        )
        have = set(rows)
        wanted = {(moves.get(k, k), nk) for k, nk in rows if nk != "surname"}
        if renamed is None:
            wanted |= {row for row in have if row[1] == "surname"}
        else:
            taken.discard((name_key, kind))
            taken.add((renamed, kind))
            bind.execute(sa.update(ACTORS).where(ACTORS.c.id == actor_id).values(name_key=renamed))
            surname = _surname(renamed) if kind == "person" else None
            wanted |= {(surname, "surname")} if surname else set()
        key = renamed or name_key
        # An alias written as it was folds as it now does: also one that folded into a key of
        # another name of the actor ("Mx Kim Lee" of Kim Lee had no row of its own after).
        held = {k for k, nk in have if nk != "surname"}
        wanted |= {(new(a), "alias") for a in aliases if old(a) in held and new(a)}
        wanted.discard((key, "alias"))  # an alias is never the name itself
        gone, added = have - wanted, wanted - have
        for k, nk in sorted(gone):
            bind.execute(
                sa.delete(NAMES).where(
                    NAMES.c.key == k, NAMES.c.actor_id == actor_id, NAMES.c.name_kind == nk
                )
            )
        if added:
            bind.execute(
                sa.insert(NAMES),
                [{"key": k, "actor_id": actor_id, "name_kind": nk} for k, nk in sorted(added)],
            )


def upgrade() -> None:
    _rekey(BEFORE, AFTER)


def downgrade() -> None:
    _rekey(AFTER, BEFORE)
