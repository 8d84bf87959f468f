"""The checks `newsbot run` makes before anything heavy loads: the tokens are there, and Slack
accepts them. Imports only slack_sdk, and only when it asks Slack, so that a missing token is
reported before Bolt, the database or the model are even imported."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.error import URLError

from bot.settings import Settings

if TYPE_CHECKING:
    from slack_sdk import WebClient

SETUP_HINT = 'see "Creating the Slack app" in README.md to create the app from manifest.yml'
# 429s are retried after Retry-After: Slack did not act on a rate-limited call, so a retry never
# posts twice. 5xx answers are not retried for the same reason reversed: Slack may have acted.
RATE_LIMIT_RETRIES = 3


class StartupError(Exception):
    """Configuration that stops start-up; str() is one sentence a person can act on."""


def make_client(settings: Settings) -> WebClient:
    """The Web API client, pointed at SLACK_API_URL, retrying connection errors and 429s."""
    from slack_sdk import WebClient
    from slack_sdk.http_retry.builtin_handlers import (
        ConnectionErrorRetryHandler,
        RateLimitErrorRetryHandler,
    )

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
    from slack_sdk.errors import SlackApiError

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
        raise StartupError(unreachable(settings, exc)) from exc


def unreachable(settings: Settings, exc: Exception) -> str:
    return (
        f"could not reach Slack at SLACK_API_URL={settings.slack_api_url} ({exc}); check the "
        "network or the variable."
    )
