"""Builds the Bolt app: Web API client, credentials check, listeners, services, worker wiring.

This is the only module that imports `handlers`; everything a listener needs arrives through
Bolt's context as `context["services"]`.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.error import URLError

from slack_bolt import App
from slack_bolt.error import BoltError
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped

import handlers
from bot.allocator import HeapTrimmer
from bot.services import Services
from bot.settings import Settings
from bot.startup import SETUP_HINT, StartupError, make_client, unreachable
from bot.startup import verify_credentials as verify_credentials  # the app's own check
from handlers import links

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


def _not_the_token_warning(record: logging.LogRecord) -> bool:
    # Bolt reads SLACK_BOT_TOKEN from the environment even when handed a client, then warns
    # that it will not use it: true, and nothing a person running newsbot can act on.
    return record.getMessage() != warning_client_prioritized_and_token_skipped()


def build_app(settings: Settings, services: Services, *, start_worker: bool = True) -> App:
    """The Bolt app with every listener registered; calls auth.test, so bad tokens stop here.

    Listeners run before the request is acknowledged (process_before_response): a shared link
    is recorded as a pending share before Slack hears back. Slow work goes to the worker pool
    or to lazy listeners.
    """
    client = make_client(settings)
    bolt_logger = logging.getLogger("slack_bolt.App")
    if _not_the_token_warning not in bolt_logger.filters:
        bolt_logger.addFilter(_not_the_token_warning)
    try:
        app = App(
            client=client,
            signing_secret=settings.slack_signing_secret or "",
            process_before_response=True,
            name="newsbot",
        )
    except BoltError as exc:
        raise StartupError(
            f"Slack rejected SLACK_BOT_TOKEN ({_slack_error(exc)}); check the token or "
            f"{SETUP_HINT}."
        ) from exc
    except (URLError, OSError) as exc:
        raise StartupError(unreachable(settings, exc)) from exc

    def attach_services(context: Any, next: Any) -> None:
        context["services"] = services
        next()

    app.use(attach_services)
    handlers.register(app)
    if start_worker:
        start_share_worker(app, services)
    return app


def start_share_worker(app: App, services: Services) -> None:
    """Start the worker pool on this app's client and resume the shares left pending."""
    client = app.client
    trim = HeapTrimmer()

    def job(share_id: int) -> None:
        links.process_share(share_id, services=services, client=client)
        trim()  # the page's and the analysis's freed memory back to the system, now and then

    if not services.worker.running:
        # The first sweep resumes the shares a previous run left pending.
        services.worker.start(job, sweep=lambda: links.pending_share_ids(services))


def _slack_error(exc: BoltError) -> str:
    cause = exc.__cause__ or exc.__context__
    response = getattr(cause, "response", None)
    if response is not None and isinstance(response.data, dict):
        return str(response.data.get("error", "error"))
    return str(exc).splitlines()[0]
