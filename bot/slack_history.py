"""What newsbot already posted, read back from Slack: every page of a conversations.history or
conversations.replies read, and the messages of ours that carry a given metadata event.

Posting twice is worse than posting late, so a process that cannot tell whether an earlier
attempt's message reached Slack reads the channel or thread first. Each of our posts carries
message metadata naming what it is (a share's reply, a digest run's part); a thread can hold
more messages than one page, so every page is read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from slack_sdk.errors import SlackApiError

PAGE_SIZE = 200  # conversations.history and .replies allow up to 1,000; Slack advises 200
# Slack errors that say nothing about the request: reading again later may work.
TRANSIENT_ERRORS = frozenset(
    {"ratelimited", "fatal_error", "internal_error", "service_unavailable", "request_timeout"}
)

Message = dict[str, Any]


class SlackUnreadable(Exception):
    """Slack could not tell what is there; `transient` if asking later may work."""

    def __init__(self, reason: str, *, transient: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient


def read_all(call: Callable[..., Any], **params: Any) -> list[Message]:
    """Every message of a paginated conversations.* read, with metadata; SlackUnreadable if not.

    `call` is a WebClient method (conversations_history or conversations_replies).
    """
    messages: list[Message] = []
    cursor: str | None = None
    try:
        while True:
            page = call(include_all_metadata=True, limit=PAGE_SIZE, cursor=cursor, **params)
            messages.extend(page.get("messages") or [])
            cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
            if not page.get("has_more") or cursor is None:
                return messages
    except SlackApiError as exc:
        response = exc.response
        error = str(response.get("error", "error")) if response is not None else "error"
        status = response.status_code if response is not None else 0
        transient = status >= 500 or error in TRANSIENT_ERRORS
        raise SlackUnreadable(f"Slack answered {error} ({status})", transient=transient) from exc
    except OSError as exc:  # connection refused, reset, timed out: Slack unreachable for now
        raise SlackUnreadable(f"Slack unreachable: {exc}", transient=True) from exc


def ours(messages: list[Message], event_type: str) -> Iterator[tuple[Message, dict[str, Any]]]:
    """(message, its metadata's event_payload) of each message carrying `event_type`."""
    for message in messages:
        metadata = message.get("metadata") or {}
        if metadata.get("event_type") == event_type:
            yield message, metadata.get("event_payload") or {}
