"""The `newsbot` command: parses arguments, builds Settings once, and hands off to a sub-command."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence

from pydantic import ValidationError
from tqdm import tqdm

from bot import __version__
from bot.quoting import shown
from bot.settings import Settings

logger = logging.getLogger("bot")

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Libraries whose INFO lines describe their own workings (Alembic's plugins and migration
# context, APScheduler's every job run), not what a person running newsbot needs; -v shows them.
LIBRARY_CHATTER = ("alembic", "apscheduler")


def _print_readable(result: dict) -> None:
    """A summary a person can read: title, site, date, actors with roles, quotes (with --explain,
    the rule that chose each actor's kind and the rules that made each quote)."""
    print(f"== {result['source']}")
    meta = " | ".join(x for x in (result["site"], result["published"]) if x)
    print(f"   {result['title'] or '(no title)'}" + (f"  [{meta}]" if meta else ""))
    if result["authors"]:
        print(f"   by {', '.join(result['authors'])}")
    if result.get("not_article_reason"):
        print(f"   not an article: {result['page_kind']} ({result['not_article_reason']})")
    print(f"   actors ({len(result['actors'])}):")
    for a in result["actors"][:12]:
        role = f", {a['role']}" if a["role"] else ""
        print(f"     - {a['name']} ({a['kind']}{role}) x{a['mentions']}")
        if a.get("explain"):
            print(f"       {_kind_explanation(a['explain'])}")
    if "quotes" in result:
        print(f"   quotes ({len(result['quotes'])}):")
        for q in result["quotes"]:
            said = shown(q["text"], q["kind"], q["speaker"], q["cue"])
            print(f"     - [{q['kind']}] {said.plain()}")
            if "explain" in q:
                print(f"       {_explanation(q)}")


def _failure_line(source: str, error: str) -> str:
    """`nofile.html: no such file`: the source named once, whether or not the reason names it."""
    return error if error.startswith(f"{source}:") else f"{source}: {error}"


def _kind_explanation(why: dict) -> str:
    """`why: kind by majority_of_mentions; mentions person by ner_label:PERSON x3, ...`"""
    votes = ", ".join(f"{m['kind']} by {m['by']} x{m['count']}" for m in why["mentions"])
    return f"why: kind by {why['kind']}; mentions {votes or '-'}"


def _explanation(quote: dict) -> str:
    """Which rules made a quote, its speaker as written and how that became the one shown."""
    why = quote["explain"]
    parts = [f"quote by {why['quote']}", f"cue {quote['cue'] or '-'} by {why['cue'] or '-'}"]
    if quote["speaker"] is not None or why["speaker_as_written"] is not None:
        written = why["speaker_as_written"] or "-"
        kind = quote["speaker_kind"] or "kind unknown"
        parts.append(
            f"speaker “{written}” by {why['speaker'] or '-'}, "
            f"shown as {quote['speaker'] or '-'} ({kind}) by {why['resolution'] or '-'}"
        )
    return "why: " + "; ".join(parts)


def cmd_analyze(args: argparse.Namespace, settings: Settings) -> int:
    from bot.fetch import Fetcher
    from bot.nlp.analyze import Analyzer
    from bot.pipeline import analyze_sources

    analyzer = Analyzer(settings.spacy_model)
    fetcher = Fetcher(
        allow_private=settings.fetch_allow_private, timeout_s=settings.fetch_timeout_s
    )
    results: list[dict] = []
    failed = 0
    progress = tqdm(
        total=len(args.sources), unit="article", file=sys.stderr, disable=len(args.sources) < 2
    )
    try:
        for result in analyze_sources(args.sources, analyzer=analyzer, fetcher=fetcher):
            obj = result.to_json(explain=args.explain)
            if args.jsonl:
                print(json.dumps(obj, ensure_ascii=False), flush=True)
            elif args.json:
                results.append(obj)
            elif not result.error:  # a failure is said once, below
                _print_readable(obj)
            progress.update(1)
            if result.error:
                failed += 1
                progress.write(_failure_line(obj["source"], result.error), file=sys.stderr)
    finally:
        progress.close()
        fetcher.close()
    if args.json:
        out = results[0] if len(results) == 1 else results
        print(json.dumps(out, ensure_ascii=False, indent=1))
    return 1 if failed else 0


def build_parser() -> argparse.ArgumentParser:
    from bot import cli_archive, cli_digest, cli_run

    parser = argparse.ArgumentParser(
        prog="newsbot",
        description="newsbot: news links shared in Slack become an archive of actors and quotes.",
    )
    parser.add_argument("--version", action="version", version=f"newsbot {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug detail")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    analyze = sub.add_parser(
        "analyze",
        help="extract an article's text, actors and quotes (no database needed)",
        description="Analyse each SOURCE: an http(s) URL, an .html/.htm file (optionally .gz) or "
        "a .txt file (the whole file is the body). Prints a readable summary, or JSON.",
    )
    analyze.add_argument("sources", nargs="+", metavar="SOURCE")
    fmt = analyze.add_mutually_exclusive_group()
    fmt.add_argument(
        "--json", action="store_true", help="one JSON object (a list for several sources)"
    )
    fmt.add_argument("--jsonl", action="store_true", help="one JSON object per line per source")
    analyze.add_argument(
        "--explain",
        action="store_true",
        help="say beside each actor which rule chose its kind, and beside each quote which rules "
        "found it, its cue and its speaker (an `explain` key in each actor and quote with "
        "--json/--jsonl)",
    )
    analyze.set_defaults(func=cmd_analyze)

    cli_archive.register(sub)
    cli_digest.register(sub)
    cli_run.register(sub)
    return parser


def log_to_file(path: str) -> None:
    """Send the log to `path` instead of stderr, appending. The log names channels, users and
    links, so a new file is made readable by its owner only; an existing file keeps its mode."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root = logging.getLogger()
    for old in root.handlers[:]:
        root.removeHandler(old)
    root.addHandler(handler)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format=LOG_FORMAT, stream=sys.stderr)
    try:
        settings = Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        print(f"newsbot: configuration is not valid: {problems}", file=sys.stderr)
        return 2
    if settings.log_file:
        try:
            log_to_file(settings.log_file)
        except OSError as exc:
            print(
                f"newsbot: cannot write NEWSBOT_LOG_FILE={settings.log_file} "
                f"({exc.strerror or exc}); check the path.",
                file=sys.stderr,
            )
            return 2
    # The bot logs what it does; one-shot commands only speak up about problems.
    level = settings.log_level or ("INFO" if args.command == "run" else "WARNING")
    logging.getLogger().setLevel("DEBUG" if args.verbose else level.upper())
    if not args.verbose:
        for name in LIBRARY_CHATTER:
            logging.getLogger(name).setLevel(logging.WARNING)
    try:
        return int(args.func(args, settings))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        from bot.store.errors import database_failure

        problem = database_failure(exc, settings.database_url)
        if problem is None:
            raise
        print(f"newsbot: {problem}", file=sys.stderr)
        return 2
