"""The archive's `newsbot` commands: ingest, quotes, actor, actors, search, said and db upgrade.

bot.cli builds the parser and calls register(); every command opens the database named by
NEWSBOT_DATABASE_URL, brings its schema up to date, and prints readable text or, with --json,
one JSON document.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from tqdm import tqdm

from bot import ANALYZER_VERSION
from bot.clock import utc_now
from bot.settings import Settings
from bot.urls import redact_url
from bot.wording import counted, last_days, sparkline

# The store (SQLAlchemy, SQLModel, the models) is imported by the commands that use it, so that
# building the parser, `newsbot --help` and `newsbot analyze` do not pay a second for it.
if TYPE_CHECKING:
    from sqlmodel import Session

    from bot.store.queries import QuoteView, Timeline

logger = logging.getLogger(__name__)


@contextmanager
def _archive(settings: Settings) -> Iterator[Session]:
    from bot.store.db import make_engine, session_factory, upgrade

    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        with session_factory(engine)() as session:
            yield session
    finally:
        engine.dispose()


def _redacted(obj: Any) -> Any:
    """`obj` with every URL in it as bot.urls.redact_url shows it."""
    if isinstance(obj, str):
        return redact_url(obj) if "://" in obj else obj
    if isinstance(obj, dict):
        return {key: _redacted(value) for key, value in obj.items()}
    if isinstance(obj, list | tuple):
        return [_redacted(value) for value in obj]
    return obj


def _print_json(obj: Any) -> None:
    print(json.dumps(_redacted(obj), ensure_ascii=False, indent=1))


def _since(days: float | None) -> datetime | None:
    return None if days is None else utc_now() - timedelta(days=days)


def _day(value: datetime | None) -> str:
    return value.date().isoformat() if value else "?"


def _short(text: str | None, width: int = 72) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _source(title: str | None, url: str, target: str | None = None) -> str:
    """A title and a link (to `target` in the article when given); articles read from files
    have no link worth showing."""
    if url.startswith("text:"):
        return _short(title)
    return f"{_short(title)} <{redact_url(target or url)}>"


def _print_quote(quote: QuoteView) -> None:
    """The quote as rule 12 shows it, then its article, linked to the quote's place in it."""
    from bot.quoting import fragment_url, shown

    said = shown(quote.text, quote.kind, quote.speaker or quote.speaker_text, quote.cue)
    published = quote.published_at
    when = _day(quote.seen_at)
    if published is not None and published.date() != quote.seen_at.date():
        when += f" (published {_day(published)})"
    print(f"  {when}  {said.plain()}")
    url = quote.article_url
    print(f"              {_source(quote.article_title, url, fragment_url(url, quote.text))}")
    p = quote.provenance
    if p is not None and p.articles > 1:
        where = "this article" if p.article_id == quote.article_id else (p.site or p.url)
        others = counted(p.articles - 1, "other article")
        print(f"              first seen in {where} on {_day(p.seen_at)}, also in {others}")


def _several(name: str, candidates: tuple[Any, ...]) -> None:
    """A name that could mean several people: who they are."""
    who = ", ".join(f"{c.name} ({counted(c.article_count, 'article')})" for c in candidates)
    print(f"“{name}” could be several people: {who}. Ask for one by the full name.")


def _did_you_mean(name: str, suggestions: tuple[str, ...]) -> None:
    print(f"No actor called “{name}” in the archive.", end="")
    print(f" Did you mean: {', '.join(suggestions)}?" if suggestions else "")


# --------------------------------------------------------------------------- ingest


INGEST_BATCH = 32


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    """Analyse each SOURCE and store it; one failing source does not stop the others.

    Analyses are stored in batches (one transaction each) as they come out of the pipeline.
    With --alert, followers of the actors each stored article quotes then get their direct
    message, as for a link shared in Slack (once per article and person, however often it is
    ingested or shared); without it, nobody is told: ingest loads old articles in bulk as often
    as new ones, and runs without Slack.
    """
    if args.alert and not settings.slack_bot_token:
        print(
            "newsbot: --alert sends follow alerts through Slack, and SLACK_BOT_TOKEN is not set.",
            file=sys.stderr,
        )
        return 2
    from bot.fetch import Fetcher
    from bot.nlp.analyze import Analyzer
    from bot.pipeline import SourceResult, analyze_sources
    from bot.store import queries

    analyzer = Analyzer(settings.spacy_model)
    fetcher = Fetcher(
        allow_private=settings.fetch_allow_private, timeout_s=settings.fetch_timeout_s
    )
    results: list[dict[str, Any]] = []
    pending: list[SourceResult] = []
    progress = tqdm(total=len(args.sources), unit="article", file=sys.stderr, disable=args.quiet)

    def flush(session: Session) -> None:
        ready = [r for r in pending if r.article is not None and r.analysis is not None]
        ids = iter(
            queries.store_analyses(
                session=session,
                items=[(r.article, r.analysis) for r in ready if r.article and r.analysis],
                analyzer_version=ANALYZER_VERSION,
                public=True,  # the operator's choice: everyone in Slack may see it
            )
        )
        for r in pending:
            outcome: dict[str, Any] = {"source": r.source, "error": r.error}
            if r.article is not None and r.analysis is not None:
                outcome |= {
                    "article_id": next(ids),
                    "title": r.article.title,
                    "actors": len(r.analysis.actors),
                    "quotes": len(r.analysis.quotes),
                }
            elif r.source.lower().startswith(("http://", "https://")):
                queries.record_article_failure(
                    session=session, url=r.source, reason=r.error or "failed"
                )
            results.append(outcome)
            if not args.json:
                progress.write(_ingest_line(outcome), file=sys.stdout)
        pending.clear()

    try:
        with _archive(settings) as session:
            for result in analyze_sources(args.sources, analyzer=analyzer, fetcher=fetcher):
                pending.append(result)
                progress.update(1)
                if len(pending) >= INGEST_BATCH:
                    flush(session)
            flush(session)
    finally:
        progress.close()
        fetcher.close()
    failed = sum(1 for r in results if r["error"])
    sent = _alert_followers(settings, results) if args.alert else None
    if args.json:
        _print_json(results)
    else:
        print(f"{len(results) - failed} stored, {failed} failed", end="")
        print(f"; {counted(sent, 'follow alert')} sent" if sent is not None else "")
    return 1 if failed else 0


def _alert_followers(settings: Settings, results: list[dict[str, Any]]) -> int:
    """Send the follow alerts of the stored articles; each outcome gets its alerts' statuses
    (sent, deferred, failed: bot.follow_alerts.deliver). How many were sent."""
    from bot.follow_alerts import Alerter, alert_followers
    from bot.startup import make_client
    from bot.store.db import make_engine, session_factory

    engine = make_engine(settings.database_url)
    try:
        alerter = Alerter(session_factory(engine), make_client(settings))
        for outcome in results:
            if outcome["error"] is None:
                outcome["alerts"] = alert_followers(alerter, outcome["article_id"])
    finally:
        engine.dispose()
    return sum(r.get("alerts", []).count("sent") for r in results)


def _ingest_line(outcome: dict[str, Any]) -> str:
    if outcome["error"]:
        return f"failed  {redact_url(outcome['source'])}: {outcome['error']}"
    return (
        f"stored  #{outcome['article_id']} "
        f"{_short(outcome['title'] or redact_url(outcome['source']))} "
        f"({counted(outcome['actors'], 'actor')}, {counted(outcome['quotes'], 'quote')})"
    )


# --------------------------------------------------------------------------- reading


def cmd_quotes(args: argparse.Namespace, settings: Settings) -> int:
    from bot.store import queries

    with _archive(settings) as session:
        result = queries.quotes_by_actor(
            session=session, name=args.name, since=_since(args.days), limit=args.limit
        )
        placed = queries.with_provenance(session=session, quotes=result.quotes)
        result = replace(result, quotes=placed)
    if args.json:
        _print_json(result.to_json())
        return 0 if result.actors else 1
    if result.candidates:
        _several(args.name, result.candidates)
        return 1
    if not result.actors:
        _did_you_mean(args.name, result.suggestions)
        return 1
    who = ", ".join(f"{a.name} ({a.kind})" for a in result.actors)
    window = f" in {last_days(args.days)}" if args.days is not None else ""
    shown = len(result.quotes)
    count = f"{shown} of {result.total}" if result.total > shown else str(shown)
    print(f"Quotes of {who}{window}, newest first: {count}")
    for quote in result.quotes:
        _print_quote(quote)
    return 0


def cmd_actor(args: argparse.Namespace, settings: Settings) -> int:
    from bot.store import queries

    with _archive(settings) as session:
        lookup = queries.actor_profile(session=session, name=args.name)
        timeline = None
        if lookup.profiles:
            ids = [p.id for p in lookup.profiles]
            timeline = queries.actor_timeline(session=session, actor_ids=ids, now=utc_now())
    if args.json:
        _print_json({**lookup.to_json(), "timeline": timeline.to_json() if timeline else None})
        return 0 if lookup.profiles else 1
    if lookup.candidates:
        _several(args.name, lookup.candidates)
        return 1
    if not lookup.profiles:
        _did_you_mean(args.name, lookup.suggestions)
        return 1
    for profile in lookup.profiles:
        print(f"{profile.name} ({profile.kind})")
        if profile.roles:
            print(f"  roles:    {'; '.join(profile.roles)}")
        if profile.aliases:
            print(f"  also:     {', '.join(profile.aliases)}")
        print(
            f"  in {counted(profile.article_count, 'article')}, "
            f"{counted(profile.quote_count, 'quote')}"
        )
        print(f"  seen:     {_day(profile.first_seen)} to {_day(profile.last_seen)}")
    if timeline is not None:
        _print_timeline(timeline)
    return 0


def _print_timeline(timeline: Timeline) -> None:
    weeks = len(timeline.mentions.counts)
    print(f"  last {weeks} weeks, one mark a week to {_day(timeline.until)}:")
    for label, weekly, noun in (
        ("articles", timeline.mentions, "article"),
        ("quotes", timeline.quotes, "quote"),
    ):
        counts = " ".join(str(n) for n in weekly.counts)
        total = counted(weekly.total, noun)
        print(f"    {label + ':':<9} {sparkline(weekly.counts)}  {counts}  ({total})")
    if timeline.outlets:
        shown = ", ".join(f"{o.outlet} ({counted(o.count, 'quote')})" for o in timeline.outlets)
        print(f"  quoted most in: {shown}")
    if timeline.companions:
        shown = ", ".join(f"{c.name} ({counted(c.count, 'article')})" for c in timeline.companions)
        print(f"  appears most with: {shown}")


def cmd_actors(args: argparse.Namespace, settings: Settings) -> int:
    from bot.store import queries

    with _archive(settings) as session:
        top = queries.top_actors(session=session, since=_since(args.days), limit=args.limit)
    if args.json:
        _print_json(top.to_json())
        return 0
    window = last_days(args.days) if args.days is not None else "all time"
    for title, counts, unit in (
        ("In most articles", top.by_articles, "article"),
        ("Most quoted", top.by_quotes, "quote"),
    ):
        print(f"{title} ({window}):")
        if not counts:
            print("  nobody yet")
        for rank, c in enumerate(counts, 1):
            print(f"  {rank:>2}. {c.name} ({c.kind}): {counted(c.count, unit)}")
    return 0


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from bot.store import queries
    from bot.store.search import parse

    words = " ".join(args.words)
    problem = parse(words).problem
    if problem:
        print(problem, file=sys.stderr)
        return 2
    with _archive(settings) as session:
        found = queries.search_quotes(session=session, words=words, limit=args.limit)
        found = queries.with_provenance(session=session, quotes=found)
    if args.json:
        _print_json({"query": words, "quotes": [q.to_json() for q in found]})
        return 0
    print(f"Quotes with “{words}”, newest first: {len(found)}")
    for quote in found:
        _print_quote(quote)
    return 0


def cmd_said(args: argparse.Namespace, settings: Settings) -> int:
    """Who said WORDS, earliest first, each with the quote where they first appeared."""
    from bot.store import queries

    words = " ".join(args.words)
    with _archive(settings) as session:
        result = queries.said(session=session, words=words)
    if args.json:
        _print_json(result.to_json())
        return 2 if result.problem else 0 if result.found else 1
    if result.problem:
        print(result.problem, file=sys.stderr)
        return 2
    if not result.found:
        print(f"No quote in the archive holds the words “{words}”.")
        return 1
    print(f"Who said “{words}”, earliest first: {counted(len(result.found), 'speaker')}")
    for found in result.found:
        who = found.speaker or "an unattributed speaker"
        print(f"{who}, seen saying it in {counted(found.articles, 'article')}; first appeared:")
        _print_quote(found.first)
    return 0


def cmd_db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from bot.store.db import current_revision, make_engine, upgrade

    engine = make_engine(settings.database_url)
    try:
        before = current_revision(engine)
        upgrade(engine)
        after = current_revision(engine)
    finally:
        engine.dispose()
    if args.json:
        _print_json({"database": engine.url.render_as_string(), "from": before, "to": after})
    elif before == after:
        print(f"database schema already at {after}")
    else:
        print(f"database schema upgraded from {before or 'nothing'} to {after}")
    return 0


# --------------------------------------------------------------------------- parser


def _json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON document")


def _days_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--days",
        type=float,
        metavar="N",
        help="only articles first seen (shared or stored) in the last N days (default: all time)",
    )


def _limit_flag(parser: argparse.ArgumentParser, default: int) -> None:
    parser.add_argument(
        "--limit", type=int, default=default, metavar="N", help=f"at most N (default {default})"
    )


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the archive's sub-commands to the `newsbot` parser."""
    ingest = subparsers.add_parser(
        "ingest",
        help="analyse sources and store them in the archive",
        description="Analyse each SOURCE (an http(s) URL, an .html/.htm(.gz) or .txt file) and "
        "store the article, its actors and its quotes. Re-ingesting an article replaces its "
        "analysis.",
    )
    ingest.add_argument("sources", nargs="+", metavar="SOURCE")
    ingest.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    ingest.add_argument(
        "--alert",
        action="store_true",
        help="send follow alerts for the stored articles, as for links shared in Slack (needs "
        "SLACK_BOT_TOKEN; off by default, as ingest often loads old articles)",
    )
    _json_flag(ingest)
    ingest.set_defaults(func=cmd_ingest)

    quotes = subparsers.add_parser(
        "quotes",
        help="quotes of an actor, newest first",
        description="Quotes of the actor NAME, newest first: a name or alias an article used, or "
        "for a person any ending or other word of it ('Duncan Smith', 'Smith'); case and accents "
        "do not matter. A name that fits several people lists them.",
    )
    quotes.add_argument("name", metavar="NAME")
    _days_flag(quotes)
    _limit_flag(quotes, 20)
    _json_flag(quotes)
    quotes.set_defaults(func=cmd_quotes)

    actor = subparsers.add_parser(
        "actor", help="what the archive knows of an actor", description="Profile of NAME."
    )
    actor.add_argument("name", metavar="NAME")
    _json_flag(actor)
    actor.set_defaults(func=cmd_actor)

    actors = subparsers.add_parser(
        "actors",
        help="the actors in most articles and the most quoted",
        description="The top actors by articles and by quotes.",
    )
    _days_flag(actors)
    _limit_flag(actors, 10)
    _json_flag(actors)
    actors.set_defaults(func=cmd_actors)

    search = subparsers.add_parser(
        "search",
        help="quotes containing words",
        description=(
            "Quotes matching WORDS, newest first: every word in any form (vote, votes, voting), "
            '"exact phrases", a OR b for either, -word or NOT word to leave out. Common words '
            "(the, of) count only inside a phrase. Quote the whole query when it has a -word."
        ),
    )
    search.add_argument("words", nargs="+", metavar="WORDS")
    _limit_flag(search, 20)
    _json_flag(search)
    search.set_defaults(func=cmd_search)

    said = subparsers.add_parser(
        "said",
        help="who said these words, and where they first appeared",
        description=(
            "Who said WORDS (at least 3 words of a quote, in order; case, accents and "
            "punctuation do not matter), earliest first: for each speaker the quote where the "
            "words first appeared and in how many articles they were seen saying them."
        ),
    )
    said.add_argument("words", nargs="+", metavar="WORDS")
    _json_flag(said)
    said.set_defaults(func=cmd_said)

    db = subparsers.add_parser(
        "db", help="database maintenance", description="Maintain the archive database."
    )
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_upgrade = db_sub.add_parser(
        "upgrade",
        help="bring the database schema up to date",
        description="Apply every pending migration to NEWSBOT_DATABASE_URL.",
    )
    _json_flag(db_upgrade)
    db_upgrade.set_defaults(func=cmd_db_upgrade)
