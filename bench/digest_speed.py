"""How long building a channel's digest takes when 500 articles were shared in its period.

Stores a synthetic archive through the real store_analysis (500 articles shared in the digest's
channel during the period, each with 8 actors and 8 quotes, plus articles shared in other
channels and before the period), then times the whole build: the archive query, the Digest
and every Block Kit message of the thread, and says how many messages the thread has (at
most 10 however many articles). Nothing is posted. Goal: under 1 s.

    python bench/digest_speed.py [--articles 500] [--noise 1000] [--repeat 5] [--database-url URL]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.article import Article
from bot.digest_blocks import build_digest_messages
from bot.digest_post import prepare_digest
from bot.nlp.records import Actor, Analysis, Quote
from bot.store import queries
from bot.store.db import make_engine, session_factory, upgrade

GOAL_S = 1.0
CHANNEL = "CBENCH0001"
END = datetime(2026, 6, 1, 7, 0, tzinfo=UTC)
SYLLABLES = [c + v for c in "bdklmnrstvz" for v in "aeiou"]
KINDS = ("person", "person", "person", "organization", "place", "group")
QUOTE_KINDS = ("direct", "direct", "partial", "indirect")
_TEXT = (
    "the budget vote will go ahead next week as planned and the council must answer for the "
    "bridge repairs that families have waited a decade to see while the minister says money "
    "is already there"
)
WORDS = tuple(_TEXT.split())


def _name(rng: random.Random) -> str:
    def word() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()

    return f"{word()} {word()}"


def synthetic_analysis(rng: random.Random, people: list[str]) -> Analysis:
    names = rng.sample(people, 8)
    actors = tuple(
        Actor(
            name=name,
            kind=KINDS[i % len(KINDS)],  # type: ignore[arg-type]
            aliases=(),
            role=rng.choice([None, "minister", "mayor of Riverton", "union leader"]),
            mentions=rng.randint(1, 9),
            salience=round(1.0 / (i + 1), 3),
        )
        for i, name in enumerate(names)
    )
    quotes = []
    start = 0
    for _ in range(8):
        text = " ".join(rng.choices(WORDS, k=rng.choice((3, 12, 25, 40))))
        quotes.append(
            Quote(
                text=text,
                start=start,
                end=start + len(text),
                kind=rng.choice(QUOTE_KINDS),  # type: ignore[arg-type]
                speaker=rng.choice(names[:5]),
                speaker_kind="person",
                cue="said",
            )
        )
        start += len(text) + 40
    return Analysis(actors=actors, quotes=tuple(quotes))


def build_archive(url: str, *, articles: int, noise: int, seed: int) -> None:
    """`articles` shared in CHANNEL in the 24 h before END; `noise` elsewhere or earlier."""
    rng = random.Random(seed)
    people = [_name(rng) for _ in range(400)]
    engine = make_engine(url)
    upgrade(engine)
    sessions = session_factory(engine)
    started = time.perf_counter()
    with sessions() as session:
        for n in range(articles + noise):
            in_period = n < articles
            link = f"https://news.example.com/{n}/story"
            article_id = queries.store_analysis(
                session=session,
                article=Article(
                    url=link,
                    canonical_url=link,
                    title=f"Story {n}: {' '.join(rng.choices(WORDS, k=8))}",
                    site="Example News",
                    authors=("A. Writer",),
                    published=None,
                    language="en",
                    text="",
                ),
                analysis=synthetic_analysis(rng, people),
                fetched_at=END - timedelta(days=rng.uniform(0, 3)),
            )
            # Noise: half shared in another channel in the period, half here but days before.
            shared_at = END - timedelta(hours=rng.uniform(0.1, 23.9))
            channel = CHANNEL
            if not in_period and n % 2:
                channel = "COTHER0001"
            elif not in_period:
                shared_at -= timedelta(days=2)
            share_id, _ = queries.record_share(
                session=session,
                team=None,
                channel=channel,
                message_ts=f"{int(shared_at.timestamp())}.{n:06d}",
                thread_ts=None,
                user=f"U{rng.randint(1, 12):08d}",
                url=link,
                shared_at=shared_at,
            )
            queries.mark_share_done(session=session, share_id=share_id, article_id=article_id)
    print(f"archive: {articles + noise} articles stored in {time.perf_counter() - started:.1f} s")
    engine.dispose()


def time_digest(url: str, repeat: int) -> tuple[list[float], int, int]:
    engine = make_engine(url)
    sessions = session_factory(engine)
    timings: list[float] = []
    articles = messages = 0
    for _ in range(repeat):
        started = time.perf_counter()
        digest = prepare_digest(sessions, channel=CHANNEL, period_end=END, timezone="Europe/London")
        thread = build_digest_messages(digest)
        timings.append(time.perf_counter() - started)
        articles, messages = len(digest.articles), len(thread)
    engine.dispose()
    return timings, articles, messages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--noise", type=int, default=1000, help="articles outside the period")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'digest-bench.db'}"
        build_archive(url, articles=args.articles, noise=args.noise, seed=args.seed)
        timings, articles, messages = time_digest(url, args.repeat)
    median, worst = statistics.median(timings), max(timings)
    print(f"digest of {articles} articles -> {messages} messages")
    print(f"build time: median {median:.3f} s, max {worst:.3f} s over {len(timings)} runs")
    print(f"goal < {GOAL_S:.1f} s: {'met' if worst < GOAL_S else 'NOT met'} "
          f"(ratio {worst / GOAL_S:.2f})")  # fmt: skip
    return 0 if worst < GOAL_S else 1


if __name__ == "__main__":
    sys.exit(main())
