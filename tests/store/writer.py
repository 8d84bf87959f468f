"""A separate process writing to the archive, for the concurrent-writers test.

Usage: python -m tests.store.writer DATABASE_URL PREFIX COUNT
Stores COUNT articles (all naming the same actors) and records a share of each.
"""

from __future__ import annotations

import sys

from bot.store import queries as q
from bot.store.db import make_engine, session_factory
from tests.store.factories import actor, analysis, article, quote

SHARED_ACTORS = ("Donald Trump", "Ada Lovelace")


def write(url: str, prefix: str, count: int) -> None:
    engine = make_engine(url)
    sessions = session_factory(engine)
    try:
        for i in range(count):
            link = f"https://ex.com/{prefix}/{i}"
            with sessions() as session:
                share_id, _ = q.record_share(
                    session=session,
                    team="T",
                    channel="C",
                    message_ts=f"{prefix}.{i}",
                    thread_ts=None,
                    user="U",
                    url=link,
                )
                article_id = q.store_analysis(
                    session=session,
                    article=article(link),
                    analysis=analysis(
                        [actor(name) for name in SHARED_ACTORS] + [actor(f"Person {prefix} {i}")],
                        [quote(f"{prefix} {i} words", "Donald Trump")],
                    ),
                )
                q.mark_share_done(session=session, share_id=share_id, article_id=article_id)
    finally:
        engine.dispose()


if __name__ == "__main__":
    write(sys.argv[1], sys.argv[2], int(sys.argv[3]))
