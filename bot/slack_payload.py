"""The types of the fields of Slack's request bodies that Bolt and newsbot's listeners read.

A body whose fields have other types (a number where Slack sends text, a string where it sends
an object) would fail deep inside Bolt or a listener with a traceback; `problem` names it first,
in one sentence, so the request is refused as malformed. Fields not listed here are not read and
pass unchecked; every listed field may be absent or null, as in Slack's own payloads.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

TEXT: tuple[type, ...] = (str,)
FLAG: tuple[type, ...] = (bool,)
NUMBER: tuple[type, ...] = (int, float)
ID_OR_OBJECT: tuple[type, ...] = (str, dict)  # `team`, `user`, `channel`: an id or {id: ...}


@dataclass(frozen=True)
class Obj:
    """A JSON object whose listed fields must have the given shapes."""

    fields: Mapping[str, Shape]


@dataclass(frozen=True)
class ListOf:
    """A JSON array whose every item has one shape."""

    item: Shape


Shape = tuple[type, ...] | Obj | ListOf

ANY_OBJECT = Obj({})

AUTHORIZATION = Obj(
    {
        "team_id": TEXT,
        "user_id": TEXT,
        "enterprise_id": TEXT,
        "is_bot": FLAG,
        "is_enterprise_install": FLAG,
    }
)

# A message as newsbot reads it (handlers.links): who, where, when, its text and its unfurls.
MESSAGE = Obj(
    {
        "type": TEXT,
        "subtype": TEXT,
        "text": TEXT,
        "user": TEXT,
        "bot_id": TEXT,
        "bot_profile": ANY_OBJECT,
        "team": TEXT,
        "user_team": TEXT,
        "ts": TEXT,
        "thread_ts": TEXT,
        "attachments": ListOf(ANY_OBJECT),
    }
)

MESSAGE_EVENT = Obj(
    {
        **MESSAGE.fields,
        "channel": TEXT,
        "channel_type": TEXT,
        "event_ts": TEXT,
        "message": MESSAGE,
        "previous_message": MESSAGE,
    }
)

# Any other event: only what Bolt reads to route it and to build its context.
EVENT = Obj(
    {
        "type": TEXT,
        "subtype": TEXT,
        "user": ID_OR_OBJECT,
        "team": ID_OR_OBJECT,
        "user_team": TEXT,
        "channel": ID_OR_OBJECT,
        "thread_ts": TEXT,
        "message": ANY_OBJECT,
        "previous_message": ANY_OBJECT,
        "item": ANY_OBJECT,
    }
)

# The outer body: an Events API envelope, a slash command or an interaction payload.
ENVELOPE = Obj(
    {
        "type": TEXT,
        "token": TEXT,
        "challenge": TEXT,
        "team_id": TEXT,
        "api_app_id": TEXT,
        "enterprise_id": TEXT,
        "event_id": TEXT,
        "event_time": NUMBER,
        "is_enterprise_install": FLAG,
        "is_ext_shared_channel": FLAG,
        "authorizations": ListOf(AUTHORIZATION),
        "team": ID_OR_OBJECT,
        "enterprise": ID_OR_OBJECT,
        "user": ID_OR_OBJECT,
        "channel": ID_OR_OBJECT,
        "view": ANY_OBJECT,
        "command": TEXT,
        "text": TEXT,
        "channel_id": TEXT,
        "user_id": TEXT,
        "trigger_id": TEXT,
        "response_url": TEXT,
        "response_urls": ListOf(ANY_OBJECT),
        "thread_ts": TEXT,
    }
)

_NAMES = {str: "text", bool: "true/false", int: "a number", float: "a number", dict: "an object"}


def problem(body: Any) -> str | None:
    """None when `body` (a parsed request body) has the shapes above, else what is wrong."""
    if not isinstance(body, dict):
        return "the body is not a JSON object"
    found = _problem(body, ENVELOPE, "body")
    if found:
        return found
    if body.get("type") == "event_callback":
        event = body.get("event")
        if not isinstance(event, dict) or not isinstance(event.get("type"), str):
            return "event_callback without an event object with a type"
        return _problem(event, MESSAGE_EVENT if event["type"] == "message" else EVENT, "event")
    return None


def _problem(value: Any, shape: Shape, path: str) -> str | None:
    if value is None:
        return None
    if isinstance(shape, Obj):
        if not isinstance(value, dict):
            return f"{path} must be an object"
        for name, inner in shape.fields.items():
            found = _problem(value.get(name), inner, f"{path}.{name}")
            if found:
                return found
        return None
    if isinstance(shape, ListOf):
        if not isinstance(value, list):
            return f"{path} must be a list"
        for i, item in enumerate(value):
            found = _problem(item, shape.item, f"{path}[{i}]")
            if found:
                return found
        return None
    # A form body (a slash command) carries its flags as the words Slack writes them.
    if shape == FLAG and value in ("true", "false"):
        return None
    # bool is an int in Python; a flag is not a number and a number is not a flag.
    if isinstance(value, shape) and not (isinstance(value, bool) and bool not in shape):
        return None
    return f"{path} must be {' or '.join(dict.fromkeys(_NAMES[t] for t in shape))}"
