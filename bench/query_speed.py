"""How fast the archive answers at newsroom scale: p50/p95 of every query, ingest rate, size.

Builds a synthetic archive (100,000 articles, 20,000 actors, 1,000,000 quotes at --scale 1)
by bulk insert into a freshly migrated database, then times each query of bot.store.queries
with varied arguments, and the rate of store_analysis. Runs on SQLite, and on PostgreSQL when
NEWSBOT_BENCH_POSTGRES_URL (or NEWSBOT_TEST_POSTGRES_URL) answers; PostgreSQL gets its own
schema, dropped afterwards. The goal: p95 under 50 ms per query, 200+ articles/s stored.

    python bench/query_speed.py [--scale 0.1] [--repeat 100] [--no-postgres] [--keep NAME]

The bulk load takes minutes at full scale. `--keep NAME` keeps the built archive (a SQLite file
`query-speed-NAME.db` in --tmp, a PostgreSQL schema `bench_keep_NAME`) and a later run with the
same NAME, scale and seed times the queries on it again, after bringing its schema to this
tree's newest migration: the same data, no new load. A kept archive is never written into, so
the storing rate is measured only on a fresh one (or with --ingest on a run without --keep).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import inspect
import json
import os
import re
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot import home, home_blocks
from bot.article import Article, article_key
from bot.nlp.records import Actor as ActorRecord
from bot.nlp.records import Analysis, Quote
from bot.store import queries
from bot.store.db import (
    alembic_config,
    current_revision,
    head_revision,
    make_engine,
    session_factory,
    upgrade,
)
from bot.store.linking import lookup_keys, name_key, surname_key
from bot.store.models import key_hash
from bot.store.queries import alerts
from bot.store.quote_keys import quote_keys
from bot.store.search import index_terms
from bot.store.visibility import Viewer
from bot.store.weeks import postgres_week, sqlite_week

FULL = {"articles": 100_000, "actors": 20_000, "quotes": 1_000_000}
ACTORS_PER_ARTICLE = 8
SHARES_PER_ARTICLE = 1.2
CHANNELS = 20
PRIVATE_CHANNELS = 4  # C00..C03: a fifth of the shares, seen only by their members
SPAN_DAYS = 3 * 365
END = datetime(2026, 6, 1, tzinfo=UTC)
GOAL_P95_MS = 50.0
GOAL_HOME_P95_MS = 1000.0  # the whole Home tab, every query of it together
USERS = 300  # people in Slack; each follows FOLLOWED actors
FOLLOWED = 10
COPIED_QUOTES = 0.1
RECENT_QUOTES = 2000
GOAL_INGEST_PER_S = 200.0
SYLLABLES = [c + v for c in "bdklmnrstvz" for v in "aeiou"]
COMMON = tuple(
    """
    the of and to in is that for it as was with be by on not he this are or his from
    at which but have an they you were her she there been one all we their has would
    when will more people government vote budget election war tax health police
    court minister president
    """.split()  # noqa: SIM905
)


# --------------------------------------------------------------------------- synthetic archive


@dataclass
class Synthetic:
    """Everything generated, kept for choosing realistic query arguments afterwards."""

    actor_names: list[str]
    actor_kinds: list[str]
    actor_weights: np.ndarray
    vocabulary: list[str]
    word_weights: np.ndarray
    urls: list[str]
    article_days: np.ndarray
    share_articles: np.ndarray  # the article of each share; its channel is C{article % 20}
    public: np.ndarray  # per article


def _words(rng: np.random.Generator, n: int, syllables: tuple[int, int]) -> list[str]:
    seen: dict[str, None] = {}
    while len(seen) < n:
        k = int(rng.integers(*syllables))
        seen["".join(rng.choice(SYLLABLES, size=k))] = None
    return list(seen)


def _zipf(n: int, s: float) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1) ** s
    return weights / weights.sum()


def make_synthetic(scale: float, rng: np.random.Generator) -> Synthetic:
    n_actors = max(50, int(FULL["actors"] * scale))
    n_articles = max(100, int(FULL["articles"] * scale))
    first = [w.capitalize() for w in _words(rng, 300, (2, 4))]
    last = [w.capitalize() for w in _words(rng, max(200, n_actors // 3), (2, 5))]
    names: dict[str, str] = {}
    while len(names) < n_actors:
        r = rng.random()
        if r < 0.75:
            name, kind = f"{rng.choice(first)} {rng.choice(last)}", "person"
        elif r < 0.9:
            name, kind = (
                f"{rng.choice(last)} {rng.choice(['Party', 'Ministry', 'Bank'])}",
                "organization",
            )
        else:
            name, kind = f"{rng.choice(last)}ville", "place"
        names.setdefault(name, kind)
    vocabulary = [*COMMON, *_words(rng, 20_000, (2, 5))]
    days = np.sort(rng.uniform(0, SPAN_DAYS, size=n_articles))
    shared = rng.integers(0, n_articles, size=int(n_articles * SHARES_PER_ARTICLE))
    in_private = shared % CHANNELS < PRIVATE_CHANNELS
    # Public: shared in a public channel, or never shared (the operator's ingest).
    public = np.ones(n_articles, dtype=bool)
    public[np.unique(shared)] = False
    public[shared[~in_private]] = True
    return Synthetic(
        actor_names=list(names),
        actor_kinds=list(names.values()),
        actor_weights=_zipf(n_actors, 0.9),
        vocabulary=vocabulary,
        word_weights=_zipf(len(vocabulary), 1.0),
        urls=[f"https://news{i % 50}.example.com/2025/story-{i}" for i in range(n_articles)],
        article_days=days,
        share_articles=shared,
        public=public,
    )


def _when(day: float) -> datetime:
    return END - timedelta(days=SPAN_DAYS - day)


class Loader:
    """Bulk insert through the driver: executemany on SQLite, COPY on PostgreSQL."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.postgres = engine.dialect.name == "postgresql"

    def value(self, v: Any) -> Any:
        if isinstance(v, datetime):
            if self.postgres:
                return v
            # The text form SQLAlchemy stores (bot.store.models.UTCDateTime, UTC, no offset).
            return v.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        if isinstance(v, list):
            return json.dumps(v)
        return v

    def load(self, table: str, columns: list[str], rows: Iterator[tuple[Any, ...]]) -> None:
        raw = self.engine.raw_connection()
        try:
            cursor = raw.cursor()
            quoted = ", ".join(f'"{c}"' for c in columns)
            if self.postgres:
                with cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row([self.value(v) for v in row])
            else:
                cursor.execute("BEGIN")
                marks = ", ".join("?" for _ in columns)
                sql = f"INSERT INTO {table} ({quoted}) VALUES ({marks})"
                batch: list[tuple[Any, ...]] = []
                for row in rows:
                    batch.append(tuple(self.value(v) for v in row))
                    if len(batch) >= 50_000:
                        cursor.executemany(sql, batch)
                        batch.clear()
                cursor.executemany(sql, batch)
                cursor.execute("COMMIT")
            raw.commit()
        finally:
            raw.close()


def build_archive(engine: Engine, syn: Synthetic, scale: float, rng: np.random.Generator) -> None:
    loader = Loader(engine)
    n_articles = len(syn.urls)
    n_quotes = max(1000, int(FULL["quotes"] * scale))
    created = END
    now = datetime.now(UTC)

    loader.load(
        "actor",
        ["id", "name", "name_key", "kind", "aliases", "roles", "article_count", "quote_count",
         "created_at"],
        (
            (i + 1, name, name_key(name), kind, [name.split()[-1]] if kind == "person" else [],
             ["minister"] if i % 7 == 0 else [], 0, 0, created)
            for i, (name, kind) in enumerate(zip(syn.actor_names, syn.actor_kinds, strict=True))
        ),
    )  # fmt: skip

    def names() -> Iterator[tuple[Any, ...]]:
        for i, (name, kind) in enumerate(zip(syn.actor_names, syn.actor_kinds, strict=True)):
            key = name_key(name)
            yield key, i + 1, "name"
            surname = surname_key(key) if kind == "person" else None
            if surname:
                yield surname, i + 1, "surname"
                yield surname, i + 1, "alias"
            if kind == "person":
                for part, part_kind in lookup_keys(key):
                    yield part, i + 1, part_kind

    loader.load("actor_name", ["key", "actor_id", "name_kind"], names())

    loader.load(
        "article",
        ["id", "canonical_url", "url_key", "url_hash", "title", "site", "authors",
         "published_at", "fetched_at", "seen_at", "language", "text", "status",
         "analyzer_version", "created_at", "updated_at", "public"],
        (
            (i + 1, url, article_key(url), key_hash(article_key(url)), f"Story {i}",
             url.split("/")[2], ["Reporter"],
             _when(day), _when(day), _when(day), "en", "", "done", "bench", now, now,
             bool(syn.public[i]))
            for i, (url, day) in enumerate(zip(syn.urls, syn.article_days, strict=True))
        ),
    )  # fmt: skip
    loader.load(
        "article_url",
        ["url_key", "url_hash", "article_id", "url", "first_seen_at"],
        ((article_key(u), key_hash(article_key(u)), i + 1, u, now) for i, u in enumerate(syn.urls)),
    )

    # Who appears in which article: popular actors far more often (Zipf).
    cast = rng.choice(
        len(syn.actor_names), size=(n_articles, ACTORS_PER_ARTICLE), p=syn.actor_weights
    )
    links: list[tuple[int, int, datetime]] = []
    for a in range(n_articles):
        seen_at = _when(syn.article_days[a])
        for actor in dict.fromkeys(cast[a].tolist()):
            links.append((a + 1, actor + 1, seen_at))
    loader.load(
        "article_actor",
        ["article_id", "actor_id", "mentions", "salience", "role", "seen_at", "public"],
        ((a, actor, 2, 0.5, None, seen, bool(syn.public[a - 1])) for a, actor, seen in links),
    )

    quote_articles = np.sort(rng.integers(0, n_articles, size=n_quotes))
    speakers = cast[quote_articles, rng.integers(0, ACTORS_PER_ARTICLE, size=n_quotes)]
    lengths = rng.integers(8, 25, size=n_quotes)
    words = rng.choice(len(syn.vocabulary), size=int(lengths.sum()), p=syn.word_weights)

    # A tenth of the quotes are a quote of a recent article again (wire copy, follow-ups):
    # word for word, or trimmed at its end or its start (quote provenance links all three).
    copied = rng.random(n_quotes) < COPIED_QUOTES
    back = rng.integers(1, RECENT_QUOTES, size=n_quotes)
    trim = rng.integers(0, 3, size=n_quotes)

    def quote_rows() -> Iterator[tuple[Any, ...]]:
        offset = 0
        recent: list[str] = [""] * RECENT_QUOTES
        for i in range(n_quotes):
            n = int(lengths[i])
            text = " ".join(syn.vocabulary[w] for w in words[offset : offset + n])
            offset += n
            if copied[i] and i >= back[i]:
                source = recent[(i - int(back[i])) % RECENT_QUOTES].split()
                text = " ".join((source, source[:-2], source[2:])[int(trim[i])])
            recent[i % RECENT_QUOTES] = text
            keys = quote_keys(text)
            a = int(quote_articles[i])
            actor = int(speakers[i]) + 1
            yield (i + 1, a + 1, actor, syn.actor_names[actor - 1], text, "direct", "said", 0,
                   len(text), _when(syn.article_days[a]), bool(syn.public[a]),
                   index_terms(text), keys.words_key, keys.head_key, keys.tail_key)  # fmt: skip

    loader.load(
        "quote",
        ["id", "article_id", "actor_id", "speaker_text", "text", "kind", "cue", "start", "end",
         "seen_at", "public", "terms", "words_key", "head_key", "tail_key"],
        quote_rows(),
    )  # fmt: skip

    loader.load(
        "share",
        ["id", "team", "channel", "channel_type", "message_ts", "url", "url_key", "url_hash",
         "user_id", "shared_at", "status", "article_id", "attempts", "reacted"],
        (
            (i + 1, "T1", f"C{a % CHANNELS:02d}",
             "group" if a % CHANNELS < PRIVATE_CHANNELS else "channel", f"{i}.000100",
             syn.urls[a], article_key(syn.urls[a]), key_hash(article_key(syn.urls[a])),
             f"U{i % 300}",
             _when(syn.article_days[a]) + timedelta(hours=1), "done", int(a) + 1, 1, False)
            for i, a in enumerate(syn.share_articles.tolist())
        ),
    )  # fmt: skip

    # Who follows whom: USERS people, each following FOLLOWED actors, half of them popular.
    follows: set[tuple[str, int]] = set()
    for u in range(USERS):
        popular = rng.choice(len(syn.actor_names), size=FOLLOWED // 2, p=syn.actor_weights)
        anyone = rng.integers(0, len(syn.actor_names), size=FOLLOWED - FOLLOWED // 2)
        follows.update((f"U{u}", int(a) + 1) for a in [*popular, *anyone])
    loader.load(
        "follow", ["user_id", "actor_id", "created_at"], ((u, a, now) for u, a in sorted(follows))
    )
    loader.load(  # digests in some channels, for the Home tab
        "digest_subscription",
        ["channel", "time", "timezone", "weekdays", "notify_empty", "created_at", "updated_at"],
        ((f"C{c:02d}", "08:30", "Europe/Berlin", [0, 1, 2, 3, 4], False, now, now)
         for c in range(0, CHANNELS, 3)),
    )  # fmt: skip

    with engine.begin() as conn:
        # The counters store_analysis keeps, computed once for the bulk-loaded rows.
        conn.execute(
            sa.text(
                "UPDATE actor SET "
                "article_count = (SELECT count(*) FROM article_actor l"
                " WHERE l.actor_id = actor.id),"
                " quote_count = (SELECT count(*) FROM quote q WHERE q.actor_id = actor.id),"
                " first_seen_at = (SELECT min(seen_at) FROM article_actor l"
                " WHERE l.actor_id = actor.id),"
                " last_seen_at = (SELECT max(seen_at) FROM article_actor l"
                " WHERE l.actor_id = actor.id)"
            )
        )
        if loader.postgres:
            for table in ("actor", "article", "quote", "share"):
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
    # SQLite gets no ANALYZE, as the bot runs none (an ANALYZE here was rolled back with the
    # transaction make_engine begins, so the figures were always without statistics).
    if loader.postgres:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")


def count_weeks(engine: Engine) -> None:
    """The weekly counts (actor_week) the writer keeps, computed once for the bulk-loaded rows
    (apart from build_archive, whose code names the data a kept archive was built from)."""
    week = postgres_week if engine.dialect.name == "postgresql" else sqlite_week
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO actor_week (week, actor_id, articles, quotes) "
                "SELECT week, actor_id, sum(a), sum(q) FROM ("
                f"SELECT {week('seen_at')} AS week, actor_id, 1 AS a, 0 AS q FROM article_actor "
                "UNION ALL "
                f"SELECT {week('seen_at')} AS week, actor_id, 0 AS a, 1 AS q FROM quote "
                "WHERE actor_id IS NOT NULL) AS rows GROUP BY week, actor_id"
            )
        )
    if engine.dialect.name == "postgresql":  # as build_archive's tables have theirs
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE actor_week")


# --------------------------------------------------------------------------- timing


@dataclass(frozen=True)
class Timing:
    name: str
    p50_ms: float
    p95_ms: float
    runs: int
    # This process's CPU per run: on SQLite the whole query, on PostgreSQL the client's part.
    # What a machine shared with others leaves alone, where it stretches the wall times.
    cpu_p50_ms: float = 0.0
    # With --split, per call p50/p95: the statements as this process waited for them (round
    # trips, planning, execution), their execution on the server alone (PostgreSQL), the rest
    # of the wall time (this process's Python), and the longest garbage collection of a call.
    statements: tuple[float, float] | None = None
    server: tuple[float, float] | None = None
    python: tuple[float, float] | None = None
    gc_max_ms: float = 0.0


_DURATION = re.compile(r"duration: ([0-9.]+) ms")
_FLUSH = "SELECT 1 AS bench_flush"


class Split:
    """Where each call's wall time goes (--split): the statements' time as this process sees it
    (from sending a statement to its execute returning: on PostgreSQL with every row received,
    so round trips, planning and execution; on SQLite only the first row, the rest being
    computed as they are fetched, in the Python column), each statement's execution on the
    server (PostgreSQL's auto_explain, reporting every statement's duration to this client as
    a notice; it needs a superuser, else there is no server column), and this process's
    garbage collections.

    auto_explain reports a statement when its portal closes, which may be at the next
    statement: `flush` runs one more, untimed, after each call."""

    def __init__(self, engine: Engine) -> None:
        self.statements_ms = 0.0
        self.server_ms: list[float] = []
        self.gc_ms = [0.0, 0.0]  # in this call, the longest
        self._gc_start = 0.0
        self.explains = False
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)
        if engine.dialect.name == "postgresql":
            event.listen(engine, "connect", self._on_connect)
            engine.dispose()  # connections opened before get the notices too
        gc.callbacks.append(self._gc)

    def _on_connect(self, dbapi: Any, _record: Any) -> None:
        cursor = dbapi.cursor()
        try:
            for setting in (
                "LOAD 'auto_explain'",
                "SET auto_explain.log_min_duration = 0",
                "SET auto_explain.log_level = notice",
                "SET client_min_messages = notice",
            ):
                cursor.execute(setting)
            dbapi.commit()
            self.explains = True
        except Exception:  # not a superuser (or no auto_explain): no server column
            dbapi.rollback()
            return
        dbapi.add_notice_handler(self._notice)

    def _notice(self, diagnostic: Any) -> None:
        text = diagnostic.message_primary or ""
        found = _DURATION.search(text)
        if found and _FLUSH not in text:
            self.server_ms.append(float(found.group(1)))

    def _before(self, conn: Any, *_: Any) -> None:
        conn.info["bench_started"] = time.perf_counter()

    def _after(self, conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        if statement != _FLUSH:
            self.statements_ms += (time.perf_counter() - conn.info["bench_started"]) * 1000

    def _gc(self, phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_start = time.perf_counter()
        else:
            self.gc_ms[0] += (time.perf_counter() - self._gc_start) * 1000

    def reset(self) -> None:
        self.statements_ms, self.server_ms, self.gc_ms[0] = 0.0, [], 0.0

    def close(self, engine: Engine) -> None:
        event.remove(engine, "before_cursor_execute", self._before)
        event.remove(engine, "after_cursor_execute", self._after)
        gc.callbacks.remove(self._gc)


def time_query(
    name: str,
    repeat: int,
    call: Callable[[int], object],
    split: Split | None = None,
    flush: Callable[[], object] | None = None,
) -> Timing:
    call(0)  # warm the caches the way a running bot has them warm
    if flush is not None:
        flush()
    samples, cpu, parts = [], [], []
    for i in range(repeat):
        if split is not None:
            split.reset()
        start, cpu_start = time.perf_counter(), time.process_time()
        call(i)
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - cpu_start) * 1000)
        if split is not None:
            if flush is not None:
                flush()
            split.gc_ms[1] = max(split.gc_ms[1], split.gc_ms[0])
            waited = split.statements_ms
            parts.append((waited, sum(split.server_ms), samples[-1] - waited))
    p50, p95 = np.percentile(samples, [50, 95])
    timing = Timing(name, float(p50), float(p95), repeat, float(np.median(cpu)))
    if split is None:
        return timing

    def pair(column: int) -> tuple[float, float]:
        low, high = np.percentile([p[column] for p in parts], [50, 95])
        return float(low), float(high)

    gc_max, split.gc_ms[1] = split.gc_ms[1], 0.0
    return replace(
        timing,
        statements=pair(0),
        server=pair(1) if split.explains else None,
        python=pair(2),
        gc_max_ms=gc_max,
    )


def run_queries(
    engine: Engine,
    syn: Synthetic,
    repeat: int,
    seed: int,
    only: tuple[str, ...] = (),
    split: bool = False,
) -> list[Timing]:
    rng = np.random.default_rng(seed)
    sessions = session_factory(engine)
    n = len(syn.actor_names)
    # Popular and obscure actors alike: half by popularity, half uniformly.
    picks = np.concatenate(
        [rng.choice(n, size=repeat, p=syn.actor_weights), rng.integers(0, n, size=repeat)]
    )
    rng.shuffle(picks)
    names = [syn.actor_names[i] for i in picks]
    ids = [int(i) + 1 for i in picks]
    spoken = [name.upper() if i % 3 == 0 else name.split()[-1] if i % 3 == 1 else name
              for i, name in enumerate(names)]  # fmt: skip
    misspelt = [name[:-1] + "x" for name in names]
    words = [
        " ".join(rng.choice(syn.vocabulary, size=int(rng.integers(1, 3)), p=syn.word_weights))
        for _ in range(repeat)
    ]
    # Words people would search for: the vocabulary by frequency, without the common words.
    rarer = syn.word_weights[len(COMMON) :] / syn.word_weights[len(COMMON) :].sum()
    pairs = rng.choice(syn.vocabulary[len(COMMON) :], size=(repeat, 2), p=rarer)
    forms = ('"{} {}"', "{} OR {}", "{} -{}")
    operators = [forms[i % 3].format(*pairs[i]) for i in range(repeat)]
    ends = [_when(float(d)) for d in rng.uniform(30, SPAN_DAYS, size=repeat)]
    urls = [syn.urls[int(i)].replace("https://", "http://www.") + "/?utm_source=x"
            for i in rng.integers(0, len(syn.urls), size=repeat)]  # fmt: skip
    week, month = timedelta(days=7), timedelta(days=30)
    # Someone asking in Slack: in the channel they ask in and one private channel (its
    # articles are theirs to see besides the public ones), or in none.
    viewers = [
        Viewer.of([f"C{i % CHANNELS:02d}", f"C{i % PRIVATE_CHANNELS:02d}" if i % 2 else None])
        for i in range(repeat)
    ]

    with sessions() as s:
        n_quotes = int(s.execute(sa.text("SELECT max(id) FROM quote")).scalar_one())
        shown = [rng.integers(1, n_quotes + 1, size=15).tolist() for _ in range(repeat)]
        picked = sa.select(sa.column("text")).select_from(sa.table("quote"))
        # Words someone remembers of a quote: a run of five from its second word on.
        remembered = [
            " ".join(s.execute(picked.where(sa.column("id") == int(i))).scalar_one().split()[1:6])
            for i in rng.integers(1, n_quotes + 1, size=repeat)
        ]
    articles = rng.integers(1, len(syn.urls) + 1, size=repeat).tolist()

    timings: list[Timing] = []
    with sessions() as s:
        cases: list[tuple[str, Callable[[int], object]]] = [
            ("quotes_by_actor", lambda i: queries.quotes_by_actor(session=s, name=spoken[i])),
            (
                "quotes_by_actor 30 days",
                lambda i: queries.quotes_by_actor(
                    session=s, name=names[i], since=ends[i] - month, until=ends[i]
                ),
            ),
            ("actor_profile", lambda i: queries.actor_profile(session=s, name=spoken[i])),
            (
                "unknown name -> suggestions",
                lambda i: queries.actor_profile(session=s, name=misspelt[i]),
            ),
            ("top_actors all time", lambda i: queries.top_actors(session=s)),
            (
                "top_actors 7 days",
                lambda i: queries.top_actors(session=s, since=ends[i] - week, until=ends[i]),
            ),
            (
                "top_actors 30 days",
                lambda i: queries.top_actors(session=s, since=ends[i] - month, until=ends[i]),
            ),
            ("search_quotes", lambda i: queries.search_quotes(session=s, words=words[i])),
            (
                "count_search (15 of N)",
                lambda i: queries.count_search(session=s, words=words[i], viewer=viewers[i]),
            ),
            (
                "search_quotes phrase/OR/NOT",
                lambda i: queries.search_quotes(session=s, words=operators[i]),
            ),
            (
                "quotes_by_actor, Slack viewer",
                lambda i: queries.quotes_by_actor(session=s, name=spoken[i], viewer=viewers[i]),
            ),
            (
                "actor_profile, Slack viewer",
                lambda i: queries.actor_profile(session=s, name=spoken[i], viewer=viewers[i]),
            ),
            (
                "suggestions, Slack viewer",
                lambda i: queries.actor_profile(session=s, name=misspelt[i], viewer=viewers[i]),
            ),
            (
                "top_actors 7 days, viewer",
                lambda i: queries.top_actors(
                    session=s, since=ends[i] - week, until=ends[i], viewer=viewers[i]
                ),
            ),
            (
                "top_actors 30 days, viewer",
                lambda i: queries.top_actors(
                    session=s, since=ends[i] - month, until=ends[i], viewer=viewers[i]
                ),
            ),
            (
                "search_quotes, Slack viewer",
                lambda i: queries.search_quotes(session=s, words=words[i], viewer=viewers[i]),
            ),
            (
                "channel_articles 1 day",
                lambda i: queries.channel_articles(
                    session=s,
                    channel=f"C{i % CHANNELS:02d}",
                    since=ends[i] - timedelta(days=1),
                    until=ends[i],
                ),
            ),
            (
                "channel_articles 7 days",
                lambda i: queries.channel_articles(
                    session=s, channel=f"C{i % CHANNELS:02d}", since=ends[i] - week, until=ends[i]
                ),
            ),
            ("find_article", lambda i: queries.find_article(session=s, url=urls[i])),
            (
                "actor_timeline",
                lambda i: queries.actor_timeline(session=s, actor_ids=[ids[i]], now=ends[i]),
            ),
            (
                "actor_timeline, Slack viewer",
                lambda i: queries.actor_timeline(
                    session=s, actor_ids=[ids[i]], now=ends[i], viewer=viewers[i]
                ),
            ),
            ("home: trending", lambda i: queries.trending(session=s, now=ends[i])),
            (
                "home: trending, Slack viewer",
                lambda i: queries.trending(session=s, now=ends[i], viewer=viewers[i]),
            ),
            (
                "home: followed_quotes, viewer",
                lambda i: queries.followed_quotes(
                    session=s, user=f"U{i % USERS}", now=ends[i], viewer=viewers[i]
                ),
            ),
            (
                "followed_actor_ids",
                lambda i: queries.followed_actor_ids(session=s, user=f"U{i % USERS}"),
            ),
            (
                "alert audience of an article",
                lambda i: alerts.alert_audience(session=s, article_id=articles[i]),
            ),
            (
                "provenance of 15 quotes, viewer",
                lambda i: queries.provenance(session=s, quote_ids=shown[i], viewer=viewers[i]),
            ),
            (
                "said WORDS, Slack viewer",
                lambda i: queries.said(session=s, words=remembered[i], viewer=viewers[i]),
            ),
        ]
        cases = [(name, call) for name, call in cases if not only or any(w in name for w in only)]
        splitter = Split(engine) if split else None
        for name, call in cases:
            flush = (lambda: s.execute(sa.text(_FLUSH))) if splitter else None
            timings.append(time_query(name, repeat, call, splitter, flush))
            s.rollback()  # end the read transaction, as one Slack request would
        if splitter is not None:
            splitter.close(engine)

    def home_tab(i: int) -> object:
        # What handlers.home does once Slack said which channels the person is in.
        channels = frozenset({f"C{i % CHANNELS:02d}", f"C{(i + 7) % CHANNELS:02d}"})
        data = home.gather(
            sessions, user=f"U{i % USERS}", channels=channels, viewer=viewers[i], now=ends[i]
        )
        return home_blocks.build_home(data)

    if not only or any(w in "home tab (whole)" for w in only):
        timings.append(time_query("home tab (whole)", repeat, home_tab))
    return timings


@dataclass(frozen=True)
class IngestRate:
    per_second: float
    cpu_ms: float  # this process's CPU per article: what a machine shared with others hides
    p95_ms: float  # per store_analysis call, or per batch


def run_ingest(engine: Engine, syn: Synthetic, count: int, seed: int, batch: int) -> IngestRate:
    """Rate of storing analyses like real ones: one transaction each (batch 1, as the Slack
    worker does) or `batch` per store_analyses transaction (as `newsbot ingest` does)."""
    rng = np.random.default_rng(seed)
    sessions = session_factory(engine)
    n = len(syn.actor_names)
    prepared: list[tuple[Article, Analysis]] = []
    casts = rng.choice(n, size=(count, ACTORS_PER_ARTICLE), p=syn.actor_weights)
    texts = rng.choice(syn.vocabulary, size=(count, 10, 12), p=syn.word_weights)
    for i in range(count):
        actors = [
            ActorRecord(syn.actor_names[p], syn.actor_kinds[p], (), None, 3, 0.4)
            for p in dict.fromkeys(casts[i].tolist())
        ] + [ActorRecord(f"Newcomer {i} Person", "person", (), "spokesperson", 1, 0.1)]
        quotes = [
            Quote(" ".join(texts[i, k]), k * 100, k * 100 + 60, "direct",
                  actors[k % len(actors)].name, "person", "said")
            for k in range(10)
        ]  # fmt: skip
        url = f"https://ingest.example.com/{uuid.uuid4().hex}"
        article = Article(url, url, f"Ingested {i}", "Ingest", (), "2026-05-30", "en", "x " * 2000)
        prepared.append((article, Analysis(tuple(actors), tuple(quotes))))
    samples = []
    start, cpu = time.perf_counter(), time.process_time()
    with sessions() as s:
        for first in range(0, count, batch):
            t0 = time.perf_counter()
            if batch == 1:
                article, analysis = prepared[first]
                queries.store_analysis(session=s, article=article, analysis=analysis)
            else:
                queries.store_analyses(session=s, items=prepared[first : first + batch])
            samples.append((time.perf_counter() - t0) * 1000)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    return IngestRate(count / elapsed, cpu / count * 1000, float(np.percentile(samples, 95)))


# --------------------------------------------------------------------------- kept archives

KEPT_TABLE = "bench_archive"  # in a kept archive: what it was built from


def archive_recipe(scale: float, seed: int) -> dict[str, str]:
    """What makes two builds the same data: scale, seed and the code that generates it."""
    code = "".join(inspect.getsource(f) for f in (make_synthetic, build_archive, _when, _zipf))
    sizes = (FULL, ACTORS_PER_ARTICLE, SHARES_PER_ARTICLE, CHANNELS, PRIVATE_CHANNELS)
    constants = repr((*sizes, SPAN_DAYS, END, USERS, FOLLOWED, COPIED_QUOTES, RECENT_QUOTES))
    digest = hashlib.sha256((code + constants + repr(COMMON)).encode()).hexdigest()[:16]
    return {"scale": repr(scale), "seed": str(seed), "code": digest}


def kept_recipe(engine: Engine) -> dict[str, str] | None:
    """The recipe a kept archive was built from, if it was built whole by a tree whose
    migrations this tree knows (an archive of a newer schema cannot be brought to this one)."""
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text(f"SELECT key, value FROM {KEPT_TABLE}")).tuples()
            recipe = {str(k): str(v) for k, v in rows}
        revision = current_revision(engine)
        if revision is None:
            return None
        ScriptDirectory.from_config(alembic_config()).get_revision(revision)
    except (sa.exc.DBAPIError, CommandError):
        return None
    return recipe


def record_recipe(engine: Engine, recipe: dict[str, str]) -> None:
    with engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE TABLE {KEPT_TABLE} (key VARCHAR PRIMARY KEY, value VARCHAR)")
        conn.execute(
            sa.text(f"INSERT INTO {KEPT_TABLE} (key, value) VALUES (:key, :value)"),
            [{"key": k, "value": v} for k, v in recipe.items()],
        )


# --------------------------------------------------------------------------- databases


@contextmanager
def sqlite_engine(
    directory: Path | None, keep: str = "", recipe: dict[str, str] | None = None
) -> Iterator[tuple[Engine, Callable[[], int]]]:
    if keep:
        path = (directory or Path(tempfile.gettempdir())) / f"query-speed-{keep}.db"
        engine = make_engine(f"sqlite:///{path}")
        if path.exists() and kept_recipe(engine) != recipe:
            engine.dispose()
            for stale in path.parent.glob(path.name + "*"):
                stale.unlink()
            engine = make_engine(f"sqlite:///{path}")

        def kept_size() -> int:
            return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))

        try:
            yield engine, kept_size
        finally:
            engine.dispose()
        return
    with tempfile.TemporaryDirectory(dir=directory) as tmp:
        path = Path(tmp) / "bench.db"
        engine = make_engine(f"sqlite:///{path}")

        def size() -> int:
            return sum(p.stat().st_size for p in Path(tmp).iterdir())

        try:
            yield engine, size
        finally:
            engine.dispose()


@contextmanager
def postgres_engine(
    url: str, keep: str = "", recipe: dict[str, str] | None = None
) -> Iterator[tuple[Engine, Callable[[], int]]]:
    schema = f"bench_keep_{keep}" if keep else f"bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    in_schema = (
        make_url(url)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )
    engine = make_engine(in_schema)
    if keep and kept_recipe(engine) != recipe:
        engine.dispose()
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
        engine = make_engine(in_schema)

    def size() -> int:
        with engine.connect() as conn:
            return int(
                conn.execute(
                    sa.text(
                        "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                        "JOIN pg_namespace n ON n.oid = c.relnamespace "
                        "WHERE n.nspname = :s AND c.relkind IN ('r', 'm')"
                    ),
                    {"s": schema},
                ).scalar_one()
            )

    try:
        yield engine, size
    finally:
        engine.dispose()
        if not keep:
            with admin.begin() as conn:
                conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


def postgres_url() -> str | None:
    url = os.environ.get("NEWSBOT_BENCH_POSTGRES_URL") or os.environ.get(
        "NEWSBOT_TEST_POSTGRES_URL"
    )
    if not url:
        return None
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError as exc:
        print(f"PostgreSQL at {url} is unreachable, skipped: {exc.orig}")
        return None
    finally:
        engine.dispose()
    return url


def bench(label: str, engine: Engine, size: Callable[[], int], args: argparse.Namespace) -> bool:
    rng = np.random.default_rng(args.seed)
    syn = make_synthetic(args.scale, rng)
    recipe = archive_recipe(args.scale, args.seed)
    reused = bool(args.keep) and kept_recipe(engine) == recipe
    if reused:
        # The same data; only migrations newer than the kept archive run (and, on PostgreSQL,
        # ANALYZE afterwards, as after a bulk load, so new indexes have their statistics).
        before = current_revision(engine)
        upgrade(engine)
        if engine.dialect.name == "postgresql" and current_revision(engine) != before:
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
        load = f"kept archive '{args.keep}' reused (schema {before} -> {head_revision()})"
    else:
        upgrade(engine)
        t0 = time.perf_counter()
        build_archive(engine, syn, args.scale, rng)
        count_weeks(engine)
        load = f"bulk load {time.perf_counter() - t0:.1f} s"
        if args.keep:
            record_recipe(engine, recipe)
    with engine.connect() as conn:
        counts = {
            t: conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar_one()
            for t in ("article", "actor", "quote", "article_actor", "share")
        }
    print(f"\n== {label}: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
    print(f"   {load}; database size {size() / 1e6:,.0f} MB")
    only = tuple(w for w in args.only.split(",") if w)
    timings = run_queries(engine, syn, args.repeat, args.seed, only, args.split)
    ingests = []
    if args.keep and args.ingest:
        print("   (storing rate not measured: a kept archive is not written into)")
    elif args.ingest:
        ingests = [
            ("store_analysis, 1 per transaction",
             run_ingest(engine, syn, args.ingest, args.seed, batch=1), "call"),
            ("store_analyses, 32 per transaction",
             run_ingest(engine, syn, args.ingest, args.seed + 1, batch=32), "batch"),
        ]  # fmt: skip
    heads = f"{'p50 ms':>8} {'p95 ms':>8} {'CPU p50':>8}"
    print(f"   {'query':<30} {heads}   goal p95 < {GOAL_P95_MS:g} ms")
    ok = True
    for t in timings:
        goal = GOAL_HOME_P95_MS if t.name == "home tab (whole)" else GOAL_P95_MS
        met = t.p95_ms < goal
        ok &= met
        mark = "ok" if met else "SLOW"
        if goal != GOAL_P95_MS:
            mark += f" (goal {goal:g} ms)"
        print(f"   {t.name:<30} {t.p50_ms:8.2f} {t.p95_ms:8.2f} {t.cpu_p50_ms:8.2f}   {mark}")
        if t.statements is not None and t.python is not None:
            parts = [("statements", t.statements), ("server", t.server), ("Python", t.python)]
            shown = ", ".join(f"{k} {v[0]:.1f}/{v[1]:.1f}" for k, v in parts if v is not None)
            print(f"   {'':<30} {shown}, longest GC {t.gc_max_ms:.0f} ms")
    for label, rate, unit in ingests:
        met = rate.per_second >= GOAL_INGEST_PER_S
        ok &= met
        print(
            f"   {label}: {rate.per_second:,.0f} articles/s "
            f"(CPU {rate.cpu_ms:.1f} ms/article here, p95 {rate.p95_ms:.1f} ms per {unit}), "
            f"goal {GOAL_INGEST_PER_S:g}/s: {'ok' if met else 'SLOW'}"
        )
    print(f"   database size after ingest {size() / 1e6:,.0f} MB")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of full size")
    parser.add_argument("--repeat", type=int, default=100, help="timed runs per query")
    parser.add_argument(
        "--ingest", type=int, default=1000, help="analyses stored for the rate (0: none)"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--tmp", type=Path, default=None, help="where the SQLite file goes")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument(
        "--keep",
        default="",
        metavar="NAME",
        help="keep the built archive under NAME and reuse it when built from the same data",
    )
    parser.add_argument(
        "--only", default="", help="time only the queries whose names hold one of these, a,b"
    )
    parser.add_argument(
        "--split",
        action="store_true",
        help="also print p50/p95 per call of the statements' time, their execution on the "
        "server (PostgreSQL, auto_explain: needs a superuser) and this process's Python",
    )
    args = parser.parse_args(argv)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"scale {args.scale:g} on {os.cpu_count()} CPUs, load average {load} at start")
    ok = True
    if not args.no_sqlite:
        recipe = archive_recipe(args.scale, args.seed)
        with sqlite_engine(args.tmp, args.keep, recipe) as (engine, size):
            ok &= bench("SQLite", engine, size, args)
    url = None if args.no_postgres else postgres_url()
    if url:
        with postgres_engine(url, args.keep, archive_recipe(args.scale, args.seed)) as (
            engine,
            size,
        ):
            ok &= bench("PostgreSQL", engine, size, args)
    elif not args.no_postgres:
        print("\n(no PostgreSQL: set NEWSBOT_BENCH_POSTGRES_URL to include it)")
    print("\nall goals met" if ok else "\nsome goals missed")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
