"""`newsbot run`: start the Slack app in Socket Mode, in HTTP mode on Bolt's /slack/events, or,
without Slack tokens, against the built-in local Slack (bot/localslack) in the browser."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TYPE_CHECKING

from bot.settings import Settings

if TYPE_CHECKING:  # Bolt, the model and the database load only when `run` runs
    from slack_bolt import App
    from sqlalchemy import Engine

    from bot.localslack.newsroom import LocalNewsroom
    from bot.services import Services

logger = logging.getLogger(__name__)

DEFAULT_PORT = 3000


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    run = subparsers.add_parser(
        "run",
        help="start the Slack app (Socket Mode when SLACK_APP_TOKEN is set, else HTTP; "
        "a local newsroom in the browser when no Slack token is set)",
        description="Start newsbot in Slack. With SLACK_APP_TOKEN set it connects in Socket Mode; "
        "with --http (or without an app token) it serves Bolt's /slack/events on --port and "
        "needs SLACK_SIGNING_SECRET. With none of SLACK_BOT_TOKEN, SLACK_APP_TOKEN and "
        "SLACK_SIGNING_SECRET set (or with --local) it starts a local newsroom instead: a "
        "small Slack in the browser at http://127.0.0.1:PORT, with no login.",
    )
    mode = run.add_mutually_exclusive_group()
    mode.add_argument(
        "--http", action="store_true", help="serve HTTP even if SLACK_APP_TOKEN is set"
    )
    mode.add_argument(
        "--local",
        action="store_true",
        help="run the local newsroom in the browser even if Slack tokens are set",
    )
    run.add_argument(
        "--port",
        type=int,
        default=None,
        help=f"HTTP port, or the local newsroom's page (default: $PORT or {DEFAULT_PORT})",
    )
    run.add_argument(
        "--host",
        default=None,
        help="address to bind (default: 0.0.0.0 for Slack in HTTP mode, 127.0.0.1 for the "
        "local newsroom; 0.0.0.0 opens its page, which has no login, to other machines)",
    )
    run.set_defaults(func=cmd_run)


def wants_local(args: argparse.Namespace, settings: Settings) -> bool:
    """The local newsroom: asked for, or no Slack token of any kind set (and not --http)."""
    tokens = (settings.slack_bot_token, settings.slack_app_token, settings.slack_signing_secret)
    return bool(args.local or not (args.http or any(tokens)))


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    try:
        port = args.port if args.port is not None else int(os.environ.get("PORT", DEFAULT_PORT))
    except ValueError:
        print(f"newsbot: PORT must be a number, not {os.environ.get('PORT')!r}.", file=sys.stderr)
        return 2
    if wants_local(args, settings):
        verbose = bool(getattr(args, "verbose", False))
        return run_local(settings, host=args.host or "127.0.0.1", port=port, verbose=verbose)
    from bot.startup import StartupError, verify_credentials

    http = bool(args.http or not settings.slack_app_token)
    host = args.host or "0.0.0.0"
    try:
        # Before the model loads: a wrong token should cost a second, not a model load.
        verify_credentials(settings, http=http)
        with started_bot(settings) as app_services:
            app, services = app_services
            if http:
                return _serve_http(app, settings, services, host=host, port=port)
            return _serve_socket_mode(app, settings)
    except StartupError as exc:
        print(f"newsbot: {exc}", file=sys.stderr)
        return 2


@contextmanager
def started_bot(
    settings: Settings, *, allowed_origins: tuple[str, ...] = ()
) -> Iterator[tuple[App, Services]]:
    """The app with its services and digest scheduler running; all stopped on the way out."""
    from bot.app import build_app
    from bot.digest_post import Poster
    from bot.schedule import start_scheduler, stop_scheduler

    services = None
    scheduler_started = False
    try:
        engine, services = build_services(settings, allowed_origins=allowed_origins)
        app = build_app(settings, services)
        # Digests run in the bot process; the job store is the archive's database, so every
        # replica sees the same jobs and DigestRun claims keep each digest to one post.
        start_scheduler(
            engine=engine,
            poster=Poster(sessions=services.sessions, client=app.client, clock=services.clock),
            default_timezone=settings.timezone,
        )
        scheduler_started = True
        yield app, services
    finally:
        if scheduler_started:
            stop_scheduler()
        if services is not None:
            services.worker.stop()
            services.fetcher.close()


def run_local(settings: Settings, *, host: str, port: int, verbose: bool) -> int:
    """The real app against the local Slack (bot/localslack): prints the page's address once
    everything is ready, runs until SIGTERM or Ctrl-C."""
    if not (settings.log_level or verbose):
        logging.getLogger().setLevel(logging.WARNING)  # the page is where things happen
    from bot.app import StartupError
    from bot.localslack.newsroom import LocalNewsroom

    try:
        newsroom = LocalNewsroom(host, port)
    except OSError as exc:
        print(
            f"newsbot: cannot listen on {host}:{port} ({exc.strerror or exc}); "
            "choose another --port (or PORT).",
            file=sys.stderr,
        )
        return 2
    try:
        with app_behind(newsroom, settings):
            # The one line `make run` prints: the page itself says what it is and who can open it.
            print(f"open {newsroom.url}", flush=True)
            stop = threading.Event()
            _stop_on_sigterm(stop)
            stop.wait()
        return 0
    except StartupError as exc:
        print(f"newsbot: {exc}", file=sys.stderr)
        return 2
    finally:
        newsroom.close()


@contextmanager
def app_behind(newsroom: LocalNewsroom, settings: Settings) -> Iterator[App]:
    """The real app, over its real HTTP server, answering the local Slack's events and commands
    (and calling its Web API) until the block ends."""
    from bot.app import EVENTS_PATH, verify_credentials
    from bot.http_server import SlackHTTPServer
    from bot.replays import ReplayGuard

    local = newsroom.app_settings(settings)
    verify_credentials(local, http=True)
    with started_bot(local, allowed_origins=(newsroom.sample_origin,)) as (app, services):
        # The app's own endpoint is for the local Slack alone: loopback, any free port.
        server = SlackHTTPServer(
            app,
            "127.0.0.1",
            0,
            signing_secret=newsroom.signing_secret,
            replays=ReplayGuard(services.sessions),
        )
        server.serve_in_thread()
        try:
            newsroom.connect(f"http://127.0.0.1:{server.port}{EVENTS_PATH}")
            yield app
        finally:
            newsroom.disconnect()
            server.shutdown()


def build_services(
    settings: Settings, *, allowed_origins: tuple[str, ...] = ()
) -> tuple[Engine, Services]:
    """Open (and upgrade) the database, load the model once, make the fetcher and worker pool.

    `allowed_origins` are fetched even though their address is private (the local newsroom's
    sample pages)."""
    from bot.allocator import fix_mmap_threshold
    from bot.fetch import Fetcher
    from bot.language import load_language_model
    from bot.nlp.analyze import Analyzer, pipelines_for
    from bot.services import Services
    from bot.store.db import make_engine, session_factory, upgrade
    from bot.worker import WorkerPool

    fix_mmap_threshold()  # before the models load: large blocks go back to the system when freed
    engine = make_engine(settings.database_url)
    upgrade(engine)
    load_language_model()  # with the spaCy model, not on the first link
    analyzer = Analyzer(
        settings.spacy_model,
        timeout_s=settings.analysis_timeout_s,
        pipelines=pipelines_for(settings.workers),
    )
    analyzer.load_in_background()  # one pipeline per CPU, so no article waits while one is idle
    return engine, Services(
        sessions=session_factory(engine),
        analyzer=analyzer,
        fetcher=Fetcher(
            allow_private=settings.fetch_allow_private,
            timeout_s=settings.fetch_timeout_s,
            allowed_origins=allowed_origins,
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
    stop = threading.Event()
    _stop_on_sigterm(stop)  # before saying so: whoever reads "listening" may stop it at once
    logger.info("newsbot is listening on http://%s:%d%s", host, server.port, EVENTS_PATH)
    server.serve_in_thread()
    try:
        stop.wait()
    finally:
        server.shutdown()
    return 0


def _serve_socket_mode(app: App, settings: Settings) -> int:
    from slack_bolt.adapter.socket_mode import SocketModeHandler
    from slack_sdk.errors import SlackApiError

    from bot.startup import SETUP_HINT

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
