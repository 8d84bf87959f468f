"""Who follows which actor: `follow`, `unfollow`, `following`, the actor ids a person follows
(the App Home's "latest quotes by actors you follow") and the followers of some actors (the
alerts for a newly read article).

A name is resolved as `actor NAME` resolves it (archive._find_actors through actor_profile):
a name stored as two kinds is both actors, an ambiguous name gives its candidates, an unknown
one the closest known names. Following needs the actor to appear in an article the person may
see; unfollowing looks only at what they follow, so it never says anything about the archive.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from bot.store.db import write_transaction
from bot.store.models import Follow, table_of, utcnow
from bot.store.queries.archive import actor_profile
from bot.store.queries.records import ActorProfile, ActorRef
from bot.store.queries.tables import ACTORS, insert_ignoring_duplicates
from bot.store.visibility import Viewer

FOLLOWS = table_of(Follow)
# More than anyone reads in one answer; `following` says how many are left out.
MAX_FOLLOWS = 500


@dataclass(frozen=True, slots=True)
class FollowChange:
    """What `follow` or `unfollow` did with a name: the actors now (un)followed, those that
    already were (or were not), and else the names closest to it or the people it may mean."""

    query: str
    changed: tuple[ActorRef, ...] = ()
    unchanged: tuple[ActorRef, ...] = ()
    suggestions: tuple[str, ...] = ()
    candidates: tuple[ActorProfile, ...] = ()
    following: tuple[ActorRef, ...] = ()  # for unfollow of a name not followed: what is

    def to_json(self) -> dict[str, Any]:
        def refs(items: Sequence[ActorRef]) -> list[dict[str, Any]]:
            return [{"id": a.id, "name": a.name, "kind": a.kind} for a in items]

        return {
            "query": self.query,
            "changed": refs(self.changed),
            "unchanged": refs(self.unchanged),
            "suggestions": list(self.suggestions),
            "candidates": [c.to_json() for c in self.candidates],
            "following": refs(self.following),
        }


def followed_actor_ids(*, session: Session, user: str) -> tuple[int, ...]:
    """The ids of the actors `user` (a Slack user id) follows, in id order."""
    rows = session.execute(
        sa.select(FOLLOWS.c.actor_id).where(FOLLOWS.c.user_id == user).order_by(FOLLOWS.c.actor_id)
    )
    return tuple(rows.scalars())


def following(*, session: Session, user: str, limit: int = MAX_FOLLOWS) -> tuple[ActorRef, ...]:
    """The actors `user` follows, by name."""
    rows = session.execute(
        sa.select(ACTORS.c.id, ACTORS.c.name, ACTORS.c.kind)
        .join(FOLLOWS, FOLLOWS.c.actor_id == ACTORS.c.id)
        .where(FOLLOWS.c.user_id == user)
        .order_by(ACTORS.c.name, ACTORS.c.id)
        .limit(limit)
    )
    return tuple(ActorRef(*row) for row in rows)


def followers_of(*, session: Session, actor_ids: Sequence[int]) -> dict[str, set[int]]:
    """Each user following any of `actor_ids`, with the ones of them they follow."""
    found: dict[str, set[int]] = defaultdict(set)
    if not actor_ids:
        return found
    rows = session.execute(
        sa.select(FOLLOWS.c.user_id, FOLLOWS.c.actor_id).where(
            FOLLOWS.c.actor_id.in_(sorted(set(actor_ids)))
        )
    )
    for user, actor_id in rows:
        found[user].add(actor_id)
    return found


def follow(*, session: Session, user: str, name: str, viewer: Viewer | None) -> FollowChange:
    """`user` follows the actor(s) `name` stands for, as `viewer` may see them. Commits."""
    lookup = actor_profile(session=session, name=name, viewer=viewer)
    if not lookup.profiles:
        return FollowChange(name, suggestions=lookup.suggestions, candidates=lookup.candidates)
    refs = [ActorRef(p.id, p.name, p.kind) for p in lookup.profiles]
    before = set(followed_actor_ids(session=session, user=user))
    new = [r for r in refs if r.id not in before]
    if new:
        write_transaction(session)
        insert = insert_ignoring_duplicates(session, FOLLOWS, ["user_id", "actor_id"])
        now = utcnow()
        session.execute(
            insert, [{"user_id": user, "actor_id": r.id, "created_at": now} for r in new]
        )
        session.commit()
    return FollowChange(name, tuple(new), tuple(r for r in refs if r.id in before))


def unfollow(*, session: Session, user: str, name: str) -> FollowChange:
    """`user` stops following the actor(s) `name` stands for among those they follow. Commits.

    A name that means several people is enough when the person follows only one of them.
    """
    lookup = actor_profile(session=session, name=name)
    followed = set(followed_actor_ids(session=session, user=user))
    named = [*lookup.profiles, *lookup.candidates]
    gone = [ActorRef(p.id, p.name, p.kind) for p in named if p.id in followed]
    if not gone:
        return FollowChange(name, following=following(session=session, user=user))
    write_transaction(session)
    session.execute(
        sa.delete(FOLLOWS).where(
            FOLLOWS.c.user_id == user, FOLLOWS.c.actor_id.in_([r.id for r in gone])
        )
    )
    session.commit()
    return FollowChange(name, tuple(gone))
