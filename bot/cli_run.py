"""`newsbot run`: start the Slack app in Socket Mode, or in HTTP mode on Bolt's /slack/events."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from types import FrameType
from typing import TYPE_CHECKING

from bot.settings import Settings

if TYPE_CHECKING:  # Bolt, the model and the database load only when `run` runs
    from slack_bolt import App
    from sqlalchemy import Engine

    from bot.services import Services

logger = logging.getLogger(__name__)

DEFAULT_PORT = 3000


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    run = subparsers.add_parser(
        "run",
        help="start the Slack app (Socket Mode when SLACK_APP_TOKEN is set, else HTTP)",
        description="Start newsbot in Slack. With SLACK_APP_TOKEN set it connects in Socket Mode; "
        "with --http (or without an app token) it serves Bolt's /slack/events on --port and "
        "needs SLACK_SIGNING_SECRET.",
    )
    run.add_argument(
        "--http", action="store_true", help="serve HTTP even if SLACK_APP_TOKEN is set"
    )
    run.add_argument(
        "--port",
        type=int,
        default=None,
        help=f"HTTP port (default: $PORT or {DEFAULT_PORT})",
    )
    run.add_argument("--host", default="0.0.0.0", help="HTTP address to bind (default: 0.0.0.0)")
    run.set_defaults(func=cmd_run)


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import StartupError, verify_credentials

    http = bool(args.http or not settings.slack_app_token)
    try:
        port = args.port if args.port is not None else int(os.environ.get("PORT", DEFAULT_PORT))
    except ValueError:
        print(f"newsbot: PORT must be a number, not {os.environ.get('PORT')!r}.", file=sys.stderr)
        return 2
    try:
        # Before the model loads: a wrong token should cost a second, not a model load.
        verify_credentials(settings, http=http)
    except StartupError as exc:
        print(f"newsbot: {exc}", file=sys.stderr)
        return 2

    services = None
    scheduler_started = False
    try:
        engine, services = build_services(settings)
        from bot.app import build_app
        from bot.digest_post import Poster
        from bot.schedule import start_scheduler

        app = build_app(settings, services)
        # Digests run in the bot process; the job store is the archive's database, so every
        # replica sees the same jobs and DigestRun claims keep each digest to one post.
        start_scheduler(
            engine=engine,
            poster=Poster(sessions=services.sessions, client=app.client, clock=services.clock),
            default_timezone=settings.timezone,
        )
        scheduler_started = True
        if http:
            return _serve_http(app, settings, services, host=args.host, port=port)
        return _serve_socket_mode(app, settings)
    except StartupError as exc:
        print(f"newsbot: {exc}", file=sys.stderr)
        return 2
    finally:
        if scheduler_started:
            from bot.schedule import stop_scheduler

            stop_scheduler()
        if services is not None:
            services.worker.stop()
            services.fetcher.close()


def build_services(settings: Settings) -> tuple[Engine, Services]:
    """Open (and upgrade) the database, load the model once, make the fetcher and worker pool."""
    from bot.fetch import Fetcher
    from bot.language import load_language_model
    from bot.nlp.analyze import Analyzer
    from bot.services import Services
    from bot.store.db import make_engine, session_factory, upgrade
    from bot.worker import WorkerPool

    engine = make_engine(settings.database_url)
    upgrade(engine)
    load_language_model()  # with the spaCy model, not on the first link
    analyzer = Analyzer(
        settings.spacy_model, timeout_s=settings.analysis_timeout_s, pipelines=settings.workers
    )
    analyzer.load_in_background()  # one pipeline per worker, so no article waits on another
    return engine, Services(
        sessions=session_factory(engine),
        analyzer=analyzer,
        fetcher=Fetcher(
            allow_private=settings.fetch_allow_private, timeout_s=settings.fetch_timeout_s
        ),
        worker=WorkerPool(settings.workers),
    )


def _stop_on_sigterm(stop: threading.Event) -> None:
    def handler(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, handler)


def _serve_http(app: App, settings: Settings, services: Services, *, host: str, port: int) -> int:
    from bot.app import EVENTS_PATH
    from bot.http_server import SlackHTTPServer
    from bot.replays import ReplayGuard

    try:
        server = SlackHTTPServer(
            app,
            host,
            port,
            signing_secret=settings.slack_signing_secret or "",
            replays=ReplayGuard(services.sessions),
        )
    except OSError as exc:
        print(
            f"newsbot: cannot listen on {host}:{port} ({exc}); choose another --port.",
            file=sys.stderr,
        )
        return 2
    logger.info("newsbot is listening on http://%s:%d%s", host, server.port, EVENTS_PATH)
    stop = threading.Event()
    _stop_on_sigterm(stop)
    server.serve_in_thread()
    try:
        stop.wait()
    finally:
        server.shutdown()
    return 0


def _serve_socket_mode(app: App, settings: Settings) -> int:
    from slack_bolt.adapter.socket_mode import SocketModeHandler
    from slack_sdk.errors import SlackApiError

    from bot.app import SETUP_HINT

    handler = SocketModeHandler(app, settings.slack_app_token)
    try:
        handler.connect()
    except SlackApiError as exc:
        error = exc.response.get("error", "error") if exc.response is not None else "error"
        print(
            f"newsbot: Slack rejected SLACK_APP_TOKEN ({error}); it must be an app-level token "
            f"with connections:write and Socket Mode on; {SETUP_HINT}.",
            file=sys.stderr,
        )
        return 2
    logger.info("newsbot is connected to Slack in Socket Mode")
    stop = threading.Event()
    _stop_on_sigterm(stop)
    try:
        stop.wait()
    finally:
        handler.close()
    return 0
