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
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)

import handlers
from bot.services import Services
from bot.settings import Settings
from handlers import links

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
SETUP_HINT = 'see "Creating the Slack app" in README.md to create the app from manifest.yml'
# 429s are retried after Retry-After: Slack did not act on a rate-limited call, so a retry never
# posts twice. 5xx answers are not retried for the same reason reversed: Slack may have acted.
RATE_LIMIT_RETRIES = 3


class StartupError(Exception):
    """Configuration that stops start-up; str() is one sentence a person can act on."""


def make_client(settings: Settings) -> WebClient:
    """The Web API client, pointed at SLACK_API_URL, retrying connection errors and 429s."""
    base_url = (
        settings.slack_api_url
        if settings.slack_api_url.endswith("/")
        else f"{settings.slack_api_url}/"
    )
    return WebClient(
        token=settings.slack_bot_token,
        base_url=base_url,
        retry_handlers=[
            ConnectionErrorRetryHandler(),
            RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
        ],
    )


def check_settings(settings: Settings, *, http: bool) -> None:
    """Refuse to start without the tokens the chosen mode needs, naming the missing variable."""
    if not settings.slack_bot_token:
        raise StartupError(f"SLACK_BOT_TOKEN is not set (the bot token, xoxb-...); {SETUP_HINT}.")
    if http and not settings.slack_signing_secret:
        raise StartupError(
            "SLACK_SIGNING_SECRET is not set, and HTTP mode needs it to verify Slack's requests "
            f"(or set SLACK_APP_TOKEN for Socket Mode); {SETUP_HINT}."
        )
    if not http and not (settings.slack_app_token or "").startswith("xapp-"):
        raise StartupError(
            "SLACK_APP_TOKEN must be an app-level token (xapp-...) with the connections:write "
            f"scope for Socket Mode; {SETUP_HINT}."
        )


def verify_credentials(settings: Settings, *, http: bool) -> None:
    """Check the variables, then ask Slack (auth.test) whether it accepts the tokens."""
    check_settings(settings, http=http)
    client = make_client(settings)
    variable = "SLACK_BOT_TOKEN"
    try:
        client.auth_test()
        if not http:
            variable = "SLACK_APP_TOKEN"
            client.apps_connections_open(app_token=settings.slack_app_token or "")
    except SlackApiError as exc:
        error = exc.response.get("error", "error")
        raise StartupError(
            f"Slack rejected {variable} ({error}); check the token or {SETUP_HINT}."
        ) from exc
    except (URLError, OSError) as exc:
        raise StartupError(_unreachable(settings, exc)) from exc


def _unreachable(settings: Settings, exc: Exception) -> str:
    return (
        f"could not reach Slack at SLACK_API_URL={settings.slack_api_url} ({exc}); check the "
        "network or the variable."
    )


def build_app(settings: Settings, services: Services, *, start_worker: bool = True) -> App:
    """The Bolt app with every listener registered; calls auth.test, so bad tokens stop here.

    Listeners run before the request is acknowledged (process_before_response): a shared link
    is recorded as a pending share before Slack hears back. Slow work goes to the worker pool
    or to lazy listeners.
    """
    client = make_client(settings)
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
        raise StartupError(_unreachable(settings, exc)) from exc

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

    def job(share_id: int) -> None:
        links.process_share(share_id, services=services, client=client)

    if not services.worker.running:
        # The first sweep resumes the shares a previous run left pending.
        services.worker.start(job, sweep=lambda: links.pending_share_ids(services))


def _slack_error(exc: BoltError) -> str:
    cause = exc.__cause__ or exc.__context__
    response = getattr(cause, "response", None)
    if response is not None and isinstance(response.data, dict):
        return str(response.data.get("error", "error"))
    return str(exc).splitlines()[0]
