"""Questions asked of the archive: quotes by actor, actor profiles, top actors, quote search,
name suggestions."""

from __future__ import annotations

import difflib
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from bot.store import search, visibility
from bot.store.linking import name_key, surname_key
from bot.store.queries.records import (
    ActorCount,
    ActorLookup,
    ActorProfile,
    ActorQuotes,
    ActorRef,
    QuoteView,
    TopActors,
    quote_select,
    quote_views,
)
from bot.store.queries.tables import ACTORS, ARTICLE_ACTORS, NAMES, QUOTES
from bot.store.queries.windows import top_in_window, window
from bot.store.visibility import Viewer


@dataclass(frozen=True, slots=True)
class _Found:
    """The actors a name stands for, or, when it could mean several people, those people."""

    ids: list[int]
    candidates: list[int]


_EXACT = ("name", "alias")
_PART = ("surname", "suffix")


def _find_actors(session: Session, name: str, viewer: Viewer | None) -> _Found:
    """What `name` names: an actor's name or alias (any case or accents), else a word-suffix of
    a person's name ("Duncan Smith", "Smith"), else another word of it ("Iain").

    A bare surname stored as an actor of its own ("Whitfield") and the one full name it
    belongs to ("Dana Whitfield") are one person, whichever of the two is asked for. A name
    that fits the full names of several people is ambiguous: they become the candidates.
    """
    key = name_key(name)
    if not key:
        return _Found([], [])
    full_name = len(key.split()) > 1
    surname = surname_key(key) if full_name else None
    n = NAMES.c
    # One statement: the rows of the name, and of its surname for _bare_surname, with whether
    # the viewer may see an article of each actor the name names exactly (a probe only for
    # those rows: a CASE evaluates its THEN only when its WHEN holds).
    exact_row = sa.and_(n.key == key, n.name_kind.in_(_EXACT))
    appeared = _appeared(viewer, n.actor_id)
    seen = sa.true() if appeared is None else sa.case((exact_row, appeared), else_=sa.false())
    rows = session.execute(
        sa.select(n.key, n.actor_id, n.name_kind, seen).where(
            n.key.in_([key, surname] if surname else [key])
        )
    ).all()
    by_kind: dict[str, set[int]] = defaultdict(set)
    seen_exact: set[int] = set()
    for row_key, actor_id, name_kind, row_seen in rows:
        if row_key == key:
            by_kind[name_kind].add(actor_id)
            if name_kind in _EXACT and row_seen:
                seen_exact.add(actor_id)
    exact = sorted(seen_exact)
    if exact and full_name:
        of_surname = [(i, kind) for k, i, kind, _ in rows if k == surname]
        return _Found(sorted({*exact, *_bare_surname(session, key, of_surname, viewer)}), [])
    if exact:
        people = _person_keys(session, sorted({*exact, *by_kind["surname"]}))
        if any(people.get(i) == key for i in exact):  # a bare surname, with its full names
            exact = sorted({*exact, *_seen_actors(session, viewer, sorted(by_kind["surname"]))})
        return _unambiguous(exact, people)
    for kinds in (_PART, ("word",)):
        ids = _seen_actors(session, viewer, sorted(set().union(*(by_kind[k] for k in kinds))))
        if ids:
            return _unambiguous(ids, _person_keys(session, ids))
    return _Found([], [])


def _unambiguous(ids: list[int], people: dict[int, str]) -> _Found:
    """`ids`, unless they hold the full names of several people (`people`: the folded names of
    the persons among them, or more): then those are the candidates."""
    full = {i: people[i] for i in ids if i in people and len(people[i].split()) > 1}
    if len(set(full.values())) > 1:
        return _Found([], sorted(full))
    return _Found(ids, [])


def _person_keys(session: Session, ids: Sequence[int]) -> dict[int, str]:
    """The folded names of the persons among `ids`."""
    rows = session.execute(
        sa.select(ACTORS.c.id, ACTORS.c.name_key).where(
            ACTORS.c.id.in_(ids), ACTORS.c.kind == "person"
        )
    )
    return dict(rows.tuples().all())


def _bare_surname(
    session: Session, key: str, of_surname: list[tuple[int, str]], viewer: Viewer | None
) -> list[int]:
    """The actors named by `key`'s surname alone, when no other full name has that surname.
    `of_surname`: the (actor_id, name_kind) rows of the surname's key."""
    bare = [i for i, kind in of_surname if kind == "name"]
    if not bare:  # the usual case: nothing more to read
        return []
    owners = {i for i, kind in of_surname if kind == "surname"}
    people = _person_keys(session, sorted({*bare, *owners}))
    if any(people[i] != key for i in owners if i in people):
        return []
    return _seen_actors(session, viewer, [i for i in bare if i in people])


def _profiles(session: Session, actor_ids: Sequence[int]) -> list[ActorProfile]:
    a = ACTORS.c
    rows = session.execute(
        sa.select(
            a.id,
            a.name,
            a.kind,
            a.aliases,
            a.roles,
            a.article_count,
            a.quote_count,
            a.first_seen_at,
            a.last_seen_at,
        )
        .where(a.id.in_(actor_ids))
        .order_by(a.article_count.desc(), a.id)
    ).all()
    return [
        ActorProfile(
            id=r.id,
            name=r.name,
            kind=r.kind,
            aliases=tuple(r.aliases),
            roles=tuple(r.roles),
            article_count=r.article_count,
            quote_count=r.quote_count,
            first_seen=r.first_seen_at,
            last_seen=r.last_seen_at,
        )
        for r in rows
    ]


def _prefix_range(prefix: str) -> tuple[str, str]:
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


SUGGESTION_CANDIDATES = 2000


def suggest_names(
    *, session: Session, name: str, limit: int = 5, viewer: Viewer | None = None
) -> tuple[str, ...]:
    """The known actor names closest to `name`, for "no such actor, did you mean ...".

    Candidates are names and aliases sharing a three-letter prefix with a word of `name`, or,
    when none of those is close, a two-letter prefix ("Trmp" finds "Trump"): index ranges, so
    this stays fast on a large archive. They are ranked by difflib similarity; the result is
    each matching actor's canonical name, best first. With a `viewer`, only actors of articles
    they may see are suggested.
    """
    key = name_key(name)
    if not key:
        return ()
    scored = _close_actors(session, key, prefix=3) or _close_actors(session, key, prefix=2)
    if not scored:
        return ()
    best = sorted(scored, key=lambda i: (-scored[i], i))[: limit * 3]
    best = _seen_actors(session, viewer, best)
    id_names = session.execute(sa.select(ACTORS.c.id, ACTORS.c.name).where(ACTORS.c.id.in_(best)))
    names: dict[int, str] = {actor_id: actor_name for actor_id, actor_name in id_names}
    ranked = sorted(best, key=lambda i: (-scored[i], names[i]))
    return tuple(dict.fromkeys(names[i] for i in ranked))[:limit]


def _close_actors(session: Session, key: str, *, prefix: int) -> dict[int, float]:
    """Actor ids whose names share `prefix` letters with a word of `key`, with their similarity
    (0.6 and over only)."""
    n = NAMES.c
    found: dict[str, set[int]] = defaultdict(set)
    for token in dict.fromkeys(key.split()):
        low, high = _prefix_range(token[:prefix])
        rows = session.execute(
            sa.select(n.key, n.actor_id)
            .where(n.key >= low, n.key < high)
            .limit(SUGGESTION_CANDIDATES)
        ).all()
        for cand_key, actor_id in rows:
            found[cand_key].add(actor_id)
    scored: dict[int, float] = {}
    for cand_key, actor_ids in found.items():
        score = max(
            difflib.SequenceMatcher(None, key, cand_key).ratio(),
            # "Trumpp" against the surname of "Donald Trump": compare word with word too
            *(difflib.SequenceMatcher(None, t, cand_key).ratio() for t in key.split()),
        )
        if score >= 0.6:
            for actor_id in actor_ids:
                scored[actor_id] = max(score, scored.get(actor_id, 0.0))
    return scored


# Newest first: by when the newsroom first saw the article, and an article's quotes in the
# order it gives them.
NEWEST_FIRST = (
    QUOTES.c.seen_at.desc(),
    QUOTES.c.article_id.desc(),
    QUOTES.c.start,
    QUOTES.c.id,
)


def newest_first(view: QuoteView) -> tuple[float, int, int, int]:
    return (-view.seen_at.timestamp(), -view.article_id, view.start, view.id)


def quotes_by_actor(
    *,
    session: Session,
    name: str,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 20,
    offset: int = 0,
    viewer: Viewer | None = None,
) -> ActorQuotes:
    """Quotes of the actor(s) `name` stands for (_find_actors), newest first: the `limit` after
    the first `offset`, optionally within [since, until), and how many there are in all.

    An unknown name gives no quotes and the closest known names as `suggestions`; a name that
    could mean several people gives them as `candidates`. With a `viewer`, only what they may
    see counts (bot.store.visibility): an actor found only in articles hidden from them is
    unknown.
    """
    found = _find_actors(session, name, viewer)
    if found.candidates:
        return ActorQuotes(name, (), (), candidates=_candidates(session, found, viewer))
    if not found.ids:
        return ActorQuotes(name, (), (), suggest_names(session=session, name=name, viewer=viewer))
    profiles = _profiles(session, found.ids)
    refs = tuple(ActorRef(p.id, p.name, p.kind) for p in profiles)
    seen = visibility.visible(viewer, QUOTES.c.public, QUOTES.c.article_id)
    views: list[QuoteView] = []
    # One indexed, already ordered scan per actor, merged here: an IN list would make the
    # database sort every quote of every matching actor.
    for actor_id in found.ids:
        rows = session.execute(
            quote_select()
            .where(QUOTES.c.actor_id == actor_id, *window(QUOTES.c.seen_at, since, until), *seen)
            .order_by(*NEWEST_FIRST)
            .limit(offset + limit)
        ).all()
        views += quote_views(rows)
    views.sort(key=newest_first)
    if since is None and until is None:
        # All time: the actors' counters, as `actor` shows them, so the two answers agree.
        if viewer is not None:
            profiles = _as_seen_by(session, viewer, profiles)
        total = sum(p.quote_count for p in profiles)
    else:
        total = session.execute(
            sa.select(sa.func.count()).where(
                QUOTES.c.actor_id.in_(found.ids), *window(QUOTES.c.seen_at, since, until), *seen
            )
        ).scalar_one()
    return ActorQuotes(
        name, refs, tuple(views[offset : offset + limit]), total=total, offset=offset
    )


CANDIDATES_SHOWN = 10


def _candidates(session: Session, found: _Found, viewer: Viewer | None) -> tuple[ActorProfile, ...]:
    """The people an ambiguous name could mean, the most written-about first."""
    profiles = _profiles(session, found.candidates)
    if viewer is not None:
        profiles = _as_seen_by(session, viewer, profiles)
    profiles.sort(key=lambda p: (-p.article_count, p.id))
    return tuple(profiles[:CANDIDATES_SHOWN])


def actor_profile(*, session: Session, name: str, viewer: Viewer | None = None) -> ActorLookup:
    """Kind, roles, aliases, article and quote counts and last sighting of what `name` names.

    Several actors may answer to one name (the same name stored as two kinds): all are given,
    the most written-about first. An unknown name gives the closest known names instead, and
    a name that could mean several people gives them as `candidates`. With a `viewer`,
    counts, sightings and roles come from the articles they may see only.
    """
    found = _find_actors(session, name, viewer)
    if found.candidates:
        return ActorLookup(name, (), candidates=_candidates(session, found, viewer))
    if not found.ids:
        return ActorLookup(name, (), suggest_names(session=session, name=name, viewer=viewer))
    profiles = _profiles(session, found.ids)
    if viewer is not None:
        profiles = _as_seen_by(session, viewer, profiles)
        profiles.sort(key=lambda p: (-p.article_count, p.id))
    return ActorLookup(name, tuple(profiles))


def _appeared(viewer: Viewer | None, actor_id: Any) -> sa.ColumnElement[bool] | None:
    """The actor `actor_id` appears in at least one article `viewer` may see (None: the
    operator, who sees every article)."""
    if viewer is None:
        return None
    links = ARTICLE_ACTORS.c

    def appears(*conditions: sa.ColumnElement[bool]) -> sa.Exists:
        return sa.exists().where(links.actor_id == actor_id, *conditions)

    # A public link, else a private one shared with the viewer: two probes of the (public,
    # actor_id, ...) index that stop at the first row. As one EXISTS of either, PostgreSQL
    # read every link of a popular actor (37,000 rows, 22 ms) to find the first.
    appeared: sa.ColumnElement[bool] = appears(links.public.is_(True))
    if viewer.channels:
        shared = visibility.shared_in(viewer.channels, links.article_id)
        appeared = sa.or_(appeared, appears(links.public.is_(False), shared))
    return appeared


def _seen_actors(session: Session, viewer: Viewer | None, actor_ids: list[int]) -> list[int]:
    """The actors of `actor_ids` that appear in at least one article `viewer` may see."""
    appeared = _appeared(viewer, ACTORS.c.id)
    if appeared is None or not actor_ids:
        return actor_ids
    seen = set(
        session.execute(sa.select(ACTORS.c.id).where(ACTORS.c.id.in_(actor_ids), appeared))
        .scalars()
        .all()
    )
    return [actor_id for actor_id in actor_ids if actor_id in seen]


@dataclass(frozen=True, slots=True)
class _Hidden:
    """Per actor, what the articles hidden from a viewer hold of them."""

    articles: dict[int, int]
    quotes: dict[int, int]
    roles: dict[int, set[str]]  # folded (name_key)


def _hidden_of(
    session: Session, viewer: Viewer, actor_ids: list[int], with_roles: list[int]
) -> _Hidden:
    """The links and quotes of `actor_ids` in articles hidden from `viewer`, counted, and the
    roles those links give the actors of `with_roles`: one statement (a round trip each was
    what a loaded database server made the profile wait for)."""
    links = ARTICLE_ACTORS.c
    counted = [
        sa.select(
            sa.literal(tag).label("tag"),
            c.actor_id,
            sa.func.count().label("n"),
            sa.null().label("role"),
        )
        .where(c.actor_id.in_(actor_ids), visibility.hidden(viewer, c.public, c.article_id))
        .group_by(c.actor_id)
        for tag, c in enumerate((links, QUOTES.c))
    ]
    if with_roles:
        counted.append(
            sa.select(sa.literal(2), links.actor_id, sa.literal(0), links.role)
            .distinct()
            .where(
                links.actor_id.in_(with_roles),
                links.role.is_not(None),
                visibility.hidden(viewer, links.public, links.article_id),
            )
        )
    found = _Hidden({}, {}, defaultdict(set))
    for tag, actor_id, n, role in session.execute(sa.union_all(*counted)):
        if tag == 2:
            found.roles[actor_id].add(name_key(role))
        else:
            (found.articles, found.quotes)[tag][actor_id] = n
    return found


def _as_seen_by(
    session: Session, viewer: Viewer, profiles: list[ActorProfile]
) -> list[ActorProfile]:
    """The profiles without what the articles hidden from `viewer` added to them.

    The actors' counters cover the whole archive; their hidden links and quotes are few index
    entries (public, actor_id, article_id), so they are counted, for all the actors at once,
    and taken off.
    """
    ids = [p.id for p in profiles]
    hidden = _hidden_of(session, viewer, ids, [p.id for p in profiles if p.roles])
    return [
        _without_hidden(
            session,
            viewer,
            p,
            hidden.articles.get(p.id, 0),
            hidden.quotes.get(p.id, 0),
            hidden.roles.get(p.id, set()),
        )
        for p in profiles
    ]


def _without_hidden(
    session: Session,
    viewer: Viewer,
    profile: ActorProfile,
    hidden_articles: int,
    hidden_quotes: int,
    hidden_roles: set[str],
) -> ActorProfile:
    if not hidden_articles and not hidden_quotes:
        return profile
    links = ARTICLE_ACTORS.c
    seen = [
        links.actor_id == profile.id,
        *visibility.visible(viewer, links.public, links.article_id),
    ]
    # The first and the last sighting the viewer may see, in one statement.
    first, last = session.execute(
        sa.select(
            sa.select(links.seen_at)
            .where(*seen)
            .order_by(links.seen_at)
            .limit(1)
            .scalar_subquery(),
            sa.select(links.seen_at)
            .where(*seen)
            .order_by(links.seen_at.desc())
            .limit(1)
            .scalar_subquery(),
        )
    ).one()

    def shown(role: str) -> bool:
        # A role hidden articles gave is shown only if an article the viewer sees gives it too.
        if name_key(role) not in hidden_roles:
            return True
        given = sa.select(links.article_id).where(*seen, links.role == role).limit(1)
        return session.execute(given).first() is not None

    return replace(
        profile,
        roles=tuple(r for r in profile.roles if shown(r)),
        article_count=profile.article_count - hidden_articles,
        quote_count=profile.quote_count - hidden_quotes,
        first_seen=first,
        last_seen=last,
    )


def _all_time_counts(
    session: Session, column: sa.Column[int], limit: int
) -> tuple[ActorCount, ...]:
    rows = session.execute(
        sa.select(ACTORS.c.id, ACTORS.c.name, ACTORS.c.kind, column)
        .where(column > 0)
        .order_by(column.desc(), ACTORS.c.id)
        .limit(limit)
    ).all()
    return tuple(ActorCount(*row) for row in rows)


def top_actors(
    *,
    session: Session,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 10,
    viewer: Viewer | None = None,
) -> TopActors:
    """The actors in most articles and with most quotes, within [since, until) or all time.

    With a `viewer`, counted over the articles they may see only.
    """
    all_time = since is None and until is None

    # Nothing hidden is an empty list; else the hidden ids, or their subquery.
    hidden: Any = [] if viewer is None else visibility.hidden_ids(session, viewer, since, until)
    none_hidden = isinstance(hidden, list) and not hidden

    def ranking(table: sa.Table, counter: sa.Column[int]) -> tuple[ActorCount, ...]:
        def ranked(k: int) -> tuple[ActorCount, ...]:
            # Kept as counters on the actor: ranking all time needs no scan of every link.
            return _all_time_counts(session, counter, k)

        if not all_time:
            # The biggest weekly counts first, the few actors read counted exactly
            # (bot.store.queries.windows), the hidden articles' rows taken off.
            return top_in_window(session, table, since, until, limit, hidden=hidden)
        if none_hidden:
            return ranked(limit)
        # Counted here, not by GROUP BY: grouping, SQLite walks the actor index instead.
        minus = Counter(
            session.execute(
                sa.select(table.c.actor_id).where(
                    table.c.article_id.in_(hidden), table.c.actor_id.is_not(None)
                )
            ).scalars()
        )
        return _top_without(ranked, minus, limit)

    return TopActors(
        since,
        until,
        ranking(ARTICLE_ACTORS, ACTORS.c.article_count),
        ranking(QUOTES, ACTORS.c.quote_count),
    )


def _top_without(
    ranked: Callable[[int], tuple[ActorCount, ...]], minus: Mapping[int, int], limit: int
) -> tuple[ActorCount, ...]:
    """The top `limit` of a ranking by count once `minus` is taken off some actors' counts.

    `ranked(k)` is the top k over everything (count desc, id asc). An actor below the top k
    can have no more than the k-th count, so once the `limit`-th count afterwards is higher,
    the answer is known; and only the actors in `minus` can fall, so the top `limit + len(minus)`
    always holds it (any actor below has `limit` unaffected actors ranked above it).
    """
    if not minus:
        return ranked(limit)
    bound = limit + len(minus)
    k = min(limit * 3, bound)
    while True:
        before = ranked(k)
        after = [(c.count - minus.get(c.id, 0), c.id, c) for c in before]
        after.sort(key=lambda item: (-item[0], item[1]))
        top = [replace(c, count=n) for n, _, c in after[:limit] if n > 0]
        exhausted = len(before) < k or k >= bound
        if exhausted or (len(top) == limit and top[-1].count > before[-1].count):
            return tuple(top)
        k = min(k * 4, bound)


def search_quotes(
    *,
    session: Session,
    words: str,
    limit: int = 20,
    offset: int = 0,
    viewer: Viewer | None = None,
) -> tuple[QuoteView, ...]:
    """Quotes matching the search `words`, newest first (the `limit` after the first `offset`):
    every word (in any form: "vote" finds "voting"), "exact phrases", `a OR b`, and none of
    `-word` / `NOT word` (bot.store.search).

    A query with nothing to look for (only common words, only exclusions) finds nothing;
    search.parse(words).problem says why. SQLite answers from the FTS5 index, PostgreSQL from
    the tsvector GIN index; both index the same terms, kept in step by the database itself.
    """
    found = _search_ids(session, words, viewer)
    if found is None:
        return ()
    ids_query, id_column = found
    # One statement, the page's ids joined to their rows: a second round trip waits for a CPU
    # again on a busy server.
    page = ids_query.order_by(id_column.desc()).limit(limit).offset(offset).subquery()
    rows = session.execute(
        quote_select().join(page, QUOTES.c.id == page.c[0]).order_by(QUOTES.c.id.desc())
    ).all()
    return tuple(quote_views(rows))


def search_texts(
    *,
    session: Session,
    words: str,
    limit: int,
    before: int | None = None,
    viewer: Viewer | None = None,
    phrase: str | None = None,
    among: int = 0,
) -> list[tuple[int, str]]:
    """The ids and texts of the quotes matching `words` with ids below `before`, newest first:
    candidates read page after page, each page starting where the last ended (an offset would
    find and skip every earlier page's quotes again, reading n pages in n(n+1)/2 pages' time).

    With a `phrase` (words that must follow each other), on PostgreSQL only: the first `limit`
    holding it among the `among` newest matching `words`. The phrase is checked on the rows
    read for the words, never through the search index (which would walk the long lists of
    the common words in it). SQLite ignores it: the caller checks the words."""
    found = _search_ids(session, words, viewer)
    if found is None:
        return []
    ids_query, id_column = found
    if before is not None:
        ids_query = ids_query.where(id_column < before)
    if phrase and among and session.get_bind().dialect.name == "postgresql":
        span = _phrase_span(session, words, among)
        return _phrase_holders(session, ids_query, id_column, phrase, limit, among, span)
    page = ids_query.order_by(id_column.desc()).limit(limit).subquery()
    texts = (
        sa.select(QUOTES.c.id, QUOTES.c.text)
        .join(page, QUOTES.c.id == page.c[0])
        .order_by(QUOTES.c.id.desc())
    )
    return [(int(i), str(t)) for i, t in session.execute(texts)]


# A phrase's candidates are read among the newest ids first when the words are frequent enough
# that this many times the candidates wanted are expected there (PostgreSQL's statistics).
PHRASE_SPAN_MARGIN = 2.0
TERM_SHARES_FOR_S = 3600.0  # how long the statistics read are used before reading them again
# Per database: when read, the share of the quotes holding each of the most common terms, and
# how many quotes there are.
_TERM_SHARES: dict[str, tuple[float, dict[str, float], float]] = {}


def _term_shares(session: Session) -> tuple[dict[str, float], float]:
    """PostgreSQL's statistics of the search vector: the share of the quotes holding each of
    its most common terms (10,000 of them, migration 0021), and the number of quotes."""
    bind = session.get_bind()
    key = str(bind.engine.url)
    cached = _TERM_SHARES.get(key)
    if cached is not None and time.monotonic() - cached[0] < TERM_SHARES_FOR_S:
        return cached[1], cached[2]
    row = session.execute(
        sa.text(
            "SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs, c.reltuples"
            " FROM pg_class c LEFT JOIN pg_stats s ON s.schemaname = current_schema()"
            " AND s.tablename = 'quote' AND s.attname = 'text_tsv'"
            " WHERE c.oid = 'quote'::regclass"
        )
    ).one()
    terms, shares, quotes = row
    found = dict(zip(terms or (), shares or (), strict=False))  # the shares end with 3 others
    _TERM_SHARES[key] = (time.monotonic(), found, float(quotes or 0))
    return found, float(quotes or 0)


def _phrase_span(session: Session, words: str, among: int) -> int | None:
    """How many of the newest ids to read a phrase's `among` candidates among first, or None to
    read them over all ids at once: `words` must be words only (no phrase, OR or exclusion,
    whose share the statistics do not give), frequent enough that the span is less than the
    whole table."""
    query = search.parse(words)
    terms = [g[0].terms for g in query.groups]
    if query.problem or query.excluded or any(len(g) > 1 for g in query.groups):
        return None
    if any(len(t) != 1 for t in terms):
        return None
    shares, quotes = _term_shares(session)
    share = 1.0
    for (t,) in terms:
        share *= shares.get(t, 0.0)
    if share <= 0.0:
        return None
    span = int(PHRASE_SPAN_MARGIN * among / share)
    return span if span < quotes else None


def _phrase_holders(
    session: Session,
    ids_query: sa.Select[Any],
    id_column: Any,
    phrase: str,
    limit: int,
    among: int,
    span: int | None,
) -> list[tuple[int, str]]:
    """search_texts with a phrase, on PostgreSQL: the first `limit` holding `phrase` among the
    `among` newest quotes of `ids_query`, newest first; in one statement over all ids when
    `span` is None (_phrase_span).

    Read in two parts. The quotes of a word are found in the search index in no order, so the
    newest `among` of a word in 2% of the quotes (20,000 at 1M) meant reading all of its rows
    to sort them (16,522 table pages for one). So the candidates among the newest ids are
    read first (the id range and the word's index entries combined before any row is read:
    2,997 pages for that word); only when they are fewer than `among` does a second statement
    read the candidates over all ids (the first one's rows again, from the cache)."""
    if span is None:
        whole = _holders_statement(ids_query, id_column, phrase, among)
        found = session.execute(
            sa.select(whole.held.c.id, whole.held.c.text)
            .order_by(whole.held.c.id.desc())
            .limit(limit)
        )
        return [(int(i), str(t)) for i, t in found]
    latest = QUOTES.alias("latest")
    newest_id = sa.select(sa.func.max(latest.c.id)).scalar_subquery()
    boundary = newest_id - span
    first = _holders_statement(
        ids_query.where(id_column > boundary), id_column, phrase, among, boundary
    )
    rows = session.execute(
        sa.select(first.stats.c.n, first.stats.c.boundary, first.held.c.id, first.held.c.text)
        .select_from(first.stats.outerjoin(first.held, sa.true()))
        .order_by(first.held.c.id.desc())
        .limit(limit)
    ).all()
    read, below = int(rows[0].n), rows[0].boundary
    held = [(int(r.id), str(r.text)) for r in rows if r.id is not None]
    if read >= among or len(held) >= limit or below is None or below < 1:
        return held
    # The statement over all ids, as before: one over the ids below the range only (`id <=`
    # and a smaller limit) was planned as a walk down the whole table for a phrase of common
    # words, which the planner thinks frequent (79,237 pages instead of 33,432).
    return _phrase_holders(session, ids_query, id_column, phrase, limit, among, None)


@dataclass(frozen=True)
class _Holders:
    stats: sa.Subquery  # one row: n, the candidates read; boundary, the id range's lower end
    held: sa.Subquery  # id, text of the candidates holding the phrase


def _holders_statement(
    ids_query: sa.Select[Any], id_column: Any, phrase: str, among: int, boundary: Any = None
) -> _Holders:
    newest = (
        ids_query.add_columns(sa.literal_column("quote.text_tsv").label("tsv"))
        .order_by(id_column.desc())
        .limit(among)
        .cte("newest")
    )
    # ts_match_vq is the @@ operator as a function, in the outer query: nothing lets the
    # planner read it through an index or walk the table for it.
    holds = sa.text("ts_match_vq(newest.tsv, to_tsquery('simple', :phrase))").bindparams(
        sa.bindparam("phrase", search.tsquery(search.phrase(phrase)), literal_execute=True)
    )
    held = (
        sa.select(QUOTES.c.id, QUOTES.c.text)
        .join(newest, QUOTES.c.id == newest.c[0])
        .where(holds)
        .subquery("held")
    )
    lower = (sa.null() if boundary is None else boundary).label("boundary")
    stats = sa.select(sa.func.count().label("n"), lower).select_from(newest)
    return _Holders(stats.subquery("stats"), held)


SEARCH_COUNT_CAP = 1000


def count_search(
    *, session: Session, words: str, viewer: Viewer | None = None, cap: int = SEARCH_COUNT_CAP
) -> int:
    """How many quotes search_quotes has for `words`, counted up to `cap` + 1 only: a common
    word's count would cost a walk through much of the index ("more than 1,000" is enough)."""
    found = _search_ids(session, words, viewer)
    if found is None:
        return 0
    ids_query, _ = found
    capped = ids_query.limit(cap + 1).subquery()
    return int(session.execute(sa.select(sa.func.count()).select_from(capped)).scalar_one())


def _search_ids(
    session: Session, words: str, viewer: Viewer | None
) -> tuple[sa.Select[Any], Any] | None:
    """The ids of the quotes matching `words` that `viewer` may see, unordered, and the id
    column to order them by; None when the query has nothing to look for."""
    query = search.parse(words)
    if query.problem:
        return None
    seen = visibility.visible(viewer, QUOTES.c.public, QUOTES.c.article_id)
    if session.get_bind().dialect.name == "postgresql":
        # The query's text is written into the statement (its terms are [a-z0-9] only), not
        # bound: a statement prepared once and planned generically would guess every word as
        # frequent as any other, and read a rare word's few quotes by walking all of them.
        match = sa.text("quote.text_tsv @@ to_tsquery('simple', :query)").bindparams(
            sa.bindparam("query", search.tsquery(query), literal_execute=True)
        )
        return sa.select(QUOTES.c.id).where(match, *seen), QUOTES.c.id
    fts = search.fts5_match(query)
    index = sa.table("quote_fts", sa.column("rowid", sa.Integer))
    ids_query = sa.select(index.c.rowid).where(sa.text("quote_fts MATCH :fts").bindparams(fts=fts))
    if seen:
        ids_query = ids_query.join(QUOTES, QUOTES.c.id == index.c.rowid).where(*seen)
    return ids_query, index.c.rowid
