"""A fake Slack Web API on 127.0.0.1 that the real slack_sdk WebClient talks to in tests.

It records every call with its parameters, answers the methods newsbot uses the way Slack does
(auth.test, chat.postMessage with increasing ts, chat.postEphemeral, reactions.add,
conversations.info, conversations.replies and .history of what it posted (metadata only with
include_all_metadata, as Slack), chat.getPermalink, users.conversations and conversations.members
of the channels a test declares with `add_channel`, conversations.open of a direct message
(`dm_channel(user)`, needing im:write); reads paginated by cursor as Slack does, ...),
views.publish of Home tabs (kept in `views`, refused past 100 blocks or with a refused block),
refuses blocks slack_sdk's Block Kit models refuse (invalid_blocks, as Slack does) and text over
40,000 characters (msg_too_long), accepts posts
to response URLs, and can be told to answer the next N calls of a method with
429 + Retry-After or with 500.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block

VALID_BOT_TOKEN = "xoxb-fake-bot-token"
VALID_APP_TOKEN = "xapp-fake-app-token"
BOT_USER_ID = "UBOT000001"
BOT_ID = "BBOT000001"
TEAM_ID = "TFAKE00001"


@dataclass(frozen=True)
class Call:
    """One request the fake received: the Web API method (or "response_url") and its params."""

    method: str
    params: dict[str, Any]
    token: str | None
    at: float


@dataclass
class FakeChannel:
    """A channel the fake knows the members of."""

    id: str
    private: bool
    members: set[str]
    archived: bool = False

    def as_slack(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": f"news-{self.id.lower()}",
            "is_channel": True,
            "is_group": self.private,
            "is_private": self.private,
            "is_archived": self.archived,
            "is_member": BOT_USER_ID in self.members,
        }


@dataclass
class _Failure:
    status: int
    remaining: int
    retry_after: int


@dataclass
class FakeSlack:
    """Start with `with FakeSlack() as slack:`; point WebClient(base_url=slack.api_url) at it."""

    valid_tokens: set[str] = field(default_factory=lambda: {VALID_BOT_TOKEN, VALID_APP_TOKEN})
    # The bot token's scopes (manifest.yml's); a method needing another answers missing_scope.
    scopes: set[str] = field(default_factory=lambda: set(_manifest_scopes()))
    calls: list[Call] = field(default_factory=list)
    _failures: dict[str, _Failure] = field(default_factory=dict)
    _ts: count[int] = field(default_factory=lambda: count(1))
    _epoch: int = field(default_factory=lambda: int(time.time()))
    _posted: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    channels: dict[str, FakeChannel] = field(default_factory=dict)
    # The Home tab each user was last published (views.publish), by user id.
    views: dict[str, dict[str, Any]] = field(default_factory=dict)
    _lock: threading.Condition = field(default_factory=threading.Condition)
    _server: ThreadingHTTPServer | None = None

    # -- lifecycle -------------------------------------------------------------------------------

    def start(self) -> FakeSlack:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            disable_nagle_algorithm = True  # headers and body are two writes; do not delay them

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8")
                status, headers, body = fake._handle(self.path, dict(self.headers.items()), raw)
                payload = json.dumps(body).encode()
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST

            def log_message(self, format: str, *args: Any) -> None:
                pass  # the recorded calls are the log

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._server is not None, "FakeSlack is not started"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def api_url(self) -> str:
        """What SLACK_API_URL / WebClient(base_url=...) should be (with the trailing slash)."""
        return f"{self.base_url}/api/"

    def response_url(self, name: str = "cmd") -> str:
        return f"{self.base_url}/response/{name}"

    # -- test controls ---------------------------------------------------------------------------

    def fail_next(self, method: str, times: int = 1, *, status: int = 429, retry_after: int = 1):
        """Answer the next `times` calls of `method` with `status` (429 carries Retry-After)."""
        with self._lock:
            self._failures[method] = _Failure(status, times, retry_after)

    def add_channel(
        self, channel: str, *, private: bool, members: set[str], archived: bool = False
    ) -> FakeChannel:
        """Declare a channel and who is in it (the bot only if `members` names BOT_USER_ID)."""
        with self._lock:
            self.channels[channel] = FakeChannel(channel, private, set(members), archived)
            return self.channels[channel]

    def calls_of(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(
        self,
        method: str,
        n: int = 1,
        *,
        timeout: float = 10.0,
        where: Callable[[Call], bool] = bool,
    ) -> list[Call]:
        """Block until at least `n` calls of `method` (matching `where`) arrived; return them."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [c for c in self.calls if c.method == method and where(c)]
                if len(found) >= n:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    got = sorted({c.method for c in self.calls})
                    raise TimeoutError(
                        f"{len(found)}/{n} {method} calls after {timeout}s; saw {got}"
                    )
                self._lock.wait(left)

    # -- the fake API ----------------------------------------------------------------------------

    def _handle(
        self, path: str, headers: dict[str, str], raw: str
    ) -> tuple[int, dict[str, str], dict[str, Any]]:
        path, _, query = path.partition("?")
        params = _parse_params(headers, raw, query)
        auth = headers.get("Authorization") or headers.get("authorization") or ""
        token = auth.removeprefix("Bearer ").strip() or params.get("token")
        if path.startswith("/response/"):
            method = "response_url"
        elif path.startswith("/api/"):
            method = path.removeprefix("/api/")
        else:
            return 404, {}, {"ok": False, "error": "not_found"}

        with self._lock:
            failure = self._failures.get(method)
            if failure is not None and failure.remaining > 0:
                failure.remaining -= 1
                self._record(Call(f"{method}!{failure.status}", params, token, time.time()))
                if failure.status == 429:
                    headers_out = {"Retry-After": str(failure.retry_after)}
                    return 429, headers_out, {"ok": False, "error": "ratelimited"}
                return failure.status, {}, {"ok": False, "error": "fatal_error"}
            ts = f"{self._epoch}.{next(self._ts):06d}"
            self._record(Call(method, params, token, time.time()))

        if method == "response_url":
            return 200, {}, {"ok": True}
        if token not in self.valid_tokens:
            return 200, {}, {"ok": False, "error": "invalid_auth" if token else "not_authed"}
        return 200, {}, self._answer(method, params, ts, token)

    def _record(self, call: Call) -> None:
        self.calls.append(call)
        self._lock.notify_all()

    def _answer(self, method: str, params: dict[str, Any], ts: str, token: str) -> dict[str, Any]:
        channel = params.get("channel", "C0FAKE0001")
        if method in _POSTING and not _valid_blocks(params.get("blocks")):
            return {"ok": False, "error": "invalid_blocks"}
        if method in _POSTING and len(str(params.get("text") or "")) > MAX_MESSAGE_TEXT:
            return {"ok": False, "error": "msg_too_long"}
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://fake.slack.test/",
                "team": "Fake Newsroom",
                "user": "newsbot",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method == "apps.connections.open":
            return {"ok": True, "url": "ws://127.0.0.1:9/unused"}
        if method == "chat.postMessage":
            message = {"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID, "ts": ts}
            fields = ("text", "blocks", "thread_ts", "metadata")
            message.update({k: params[k] for k in fields if k in params})
            with self._lock:
                self._posted.setdefault(channel, []).append(message)
            return {"ok": True, "channel": channel, "ts": ts, "message": message}
        if method == "conversations.replies":
            # The bot's own posts in the thread (the fake never sees people's messages).
            parent = params.get("ts")
            with self._lock:
                posted = list(self._posted.get(channel, []))
            thread = [m for m in posted if parent in (m["ts"], m.get("thread_ts"))]
            return {"ok": True, **_messages_page(_shown(thread, params), params)}
        if method == "conversations.open":
            if "im:write" not in self.scopes:
                return {"ok": False, "error": "missing_scope", "needed": "im:write"}
            user = str(params.get("users") or "")
            if not user or "," in user:
                return {"ok": False, "error": "users_list_not_supplied" if not user else "not_im"}
            return {"ok": True, "channel": {"id": dm_channel(user), "is_im": True}}
        if (
            method == "conversations.history"
            and channel.startswith("D")
            and ("im:history" not in self.scopes)
        ):
            return {"ok": False, "error": "missing_scope", "needed": "im:history"}
        if method == "conversations.history":
            # Top-level posts after `oldest`, newest first; thread replies are not in history.
            oldest = float(params.get("oldest") or 0)
            with self._lock:
                posted = list(self._posted.get(channel, []))
            top = [m for m in posted if m.get("thread_ts") in (None, m["ts"])]
            after = [m for m in reversed(top) if float(m["ts"]) > oldest]
            return {"ok": True, **_messages_page(_shown(after, params), params)}
        if method == "chat.getPermalink":
            digits = str(params.get("message_ts", "")).replace(".", "")
            permalink = f"https://fake.slack.test/archives/{channel}/p{digits}"
            return {"ok": True, "channel": channel, "permalink": permalink}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": ts}
        if method == "chat.update":
            return {"ok": True, "channel": channel, "ts": params.get("ts"), "text": ""}
        if method in ("reactions.add", "reactions.remove"):
            return {"ok": True}
        if method == "conversations.info":
            known = self.channels.get(channel)
            if known is not None:
                return {"ok": True, "channel": known.as_slack()}
            info = {"id": channel, "name": f"news-{channel.lower()}", "is_member": True}
            return {"ok": True, "channel": info}
        if method == "users.conversations":
            return self._users_conversations(params)
        if method == "views.publish":
            return self._views_publish(params)
        if method == "conversations.members":
            known = self.channels.get(channel)
            # A private channel the bot is not in does not exist as far as the bot can tell.
            if known is None or (known.private and BOT_USER_ID not in known.members):
                return {"ok": False, "error": "channel_not_found"}
            return {"ok": True, **_page(sorted(known.members), params, "members")}
        return {"ok": False, "error": "unknown_method"}

    def _views_publish(self, params: dict[str, Any]) -> dict[str, Any]:
        """A Home tab view for `user_id`, refused as Slack refuses it: not a home view, over
        100 blocks, or a block the Block Kit models refuse."""
        view = params.get("view")
        if isinstance(view, str):
            view = json.loads(view)
        user = params.get("user_id")
        if not user or not isinstance(view, dict):
            return {"ok": False, "error": "invalid_arguments"}
        blocks = view.get("blocks") or []
        if view.get("type") != "home" or len(blocks) > MAX_VIEW_BLOCKS:
            return {"ok": False, "error": "invalid_arguments"}
        if not _valid_blocks(json.dumps(blocks), limit=MAX_VIEW_BLOCKS):
            return {"ok": False, "error": "invalid_blocks"}
        with self._lock:
            self.views[str(user)] = view
        return {"ok": True, "view": {"id": f"V{len(self.views):09d}", **view}}

    def _users_conversations(self, params: dict[str, Any]) -> dict[str, Any]:
        """The channels `user` (default: the bot) is in that the bot can see, by `types`."""
        user = params.get("user") or BOT_USER_ID
        types = set(str(params.get("types") or "public_channel").split(","))
        unknown = types - {"public_channel", "private_channel", "mpim", "im"}
        if unknown:
            return {"ok": False, "error": "invalid_types"}
        if "private_channel" in types and "groups:read" not in self.scopes:
            return {"ok": False, "error": "missing_scope", "needed": "groups:read"}
        if "public_channel" in types and "channels:read" not in self.scopes:
            return {"ok": False, "error": "missing_scope", "needed": "channels:read"}
        archived_too = str(params.get("exclude_archived", "false")).lower() not in ("1", "true")
        with self._lock:
            found = [
                c.as_slack()
                for c in sorted(self.channels.values(), key=lambda c: c.id)
                if user in c.members
                and ("private_channel" if c.private else "public_channel") in types
                # A bot token sees private channels only where the bot is a member.
                and (not c.private or BOT_USER_ID in c.members)
                and (archived_too or not c.archived)
            ]
        return {"ok": True, **_page(found, params, "channels")}


# chat.postMessage refuses a message whose text is longer (msg_too_long).
MAX_MESSAGE_TEXT = 40_000
MAX_VIEW_BLOCKS = 100  # a Home tab view
_POSTING = frozenset({"chat.postMessage", "chat.postEphemeral", "chat.update"})


def dm_channel(user: str) -> str:
    """The id of the bot's direct message with `user`, as conversations.open gives it."""
    return f"D{user.removeprefix('U')}"


def in_thread(ts: str) -> Callable[[Call], bool]:
    """A `wait_for` filter: the calls posted in the thread of message `ts`."""
    return lambda c: c.params.get("thread_ts") == ts


def thread_reply(slack: FakeSlack, ts: str, *, timeout: float = 30) -> Call:
    """The one message posted in the thread of `ts`, waiting for it."""
    [reply] = slack.wait_for("chat.postMessage", where=in_thread(ts), timeout=timeout)
    return reply


def block_actions(
    message: dict[str, Any], action_id: str, *, user: str, channel: str, response_url: str
) -> dict[str, Any]:
    """The block_actions payload Slack sends when `user` clicks the button `action_id` of
    `message` (a private answer: its `blocks`), as Slack documents it for interactivity."""
    for block in message.get("blocks") or []:
        if block.get("type") != "actions":
            continue
        for element in block.get("elements", []):
            if element.get("action_id") == action_id:
                return {
                    "type": "block_actions",
                    "user": {"id": user, "username": "reporter", "team_id": TEAM_ID},
                    "api_app_id": "AFAKE00001",
                    "token": "legacy-unused",
                    "container": {
                        "type": "message",
                        "message_ts": "1715677300.000100",
                        "channel_id": channel,
                        "is_ephemeral": True,
                    },
                    "trigger_id": "1.2.4",
                    "team": {"id": TEAM_ID, "domain": "fake"},
                    "enterprise": None,
                    "is_enterprise_install": False,
                    "channel": {"id": channel, "name": "news"},
                    "response_url": response_url,
                    "actions": [
                        {
                            "type": "button",
                            "action_id": action_id,
                            "block_id": block.get("block_id", ""),
                            "text": element["text"],
                            "value": element.get("value", ""),
                            "action_ts": "1715677301.000200",
                        }
                    ],
                }
    raise AssertionError(f"no button {action_id!r} in the message")


def _valid_blocks(blocks: Any, *, limit: int = 50) -> bool:
    """Whether Slack would take these blocks: each one as slack_sdk's Block Kit models read it."""
    if blocks is None:
        return True
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    try:
        models = [Block.parse(block) for block in blocks]
        for model in models:
            if model is None:
                return False
            model.validate_json()
    except (SlackObjectFormationError, TypeError, KeyError, AttributeError):
        return False
    return len(blocks) <= limit and all(
        m.to_dict() == b for m, b in zip(models, blocks, strict=True)
    )


def _manifest_scopes() -> list[str]:
    import yaml

    manifest = Path(__file__).resolve().parents[1] / "manifest.yml"
    return list(yaml.safe_load(manifest.read_text())["oauth_config"]["scopes"]["bot"])


def _page(items: list[Any], params: dict[str, Any], key: str) -> dict[str, Any]:
    """One page of `items` from `cursor` (an offset here, opaque to clients as Slack's are)."""
    limit = int(params.get("limit") or 100)
    start = int(params.get("cursor") or 0)
    end = start + max(1, min(limit, 1000))
    next_cursor = str(end) if end < len(items) else ""
    return {key: items[start:end], "response_metadata": {"next_cursor": next_cursor}}


def _messages_page(messages: list[dict[str, Any]], params: dict[str, Any]) -> dict[str, Any]:
    """One page of a conversations.* read: `has_more` and a cursor while messages are left."""
    page = _page(messages, params, "messages")
    return {**page, "has_more": bool(page["response_metadata"]["next_cursor"])}


def _shown(messages: list[dict[str, Any]], params: dict[str, Any]) -> list[dict[str, Any]]:
    """Messages as a conversations.* read returns them: metadata only with include_all_metadata."""
    if str(params.get("include_all_metadata")).lower() in ("1", "true"):
        return messages
    return [{k: v for k, v in m.items() if k != "metadata"} for m in messages]


def _parse_params(headers: dict[str, str], raw: str, query: str) -> dict[str, Any]:
    """JSON bodies as they are; form bodies flattened, with JSON-looking values decoded."""
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    params: dict[str, Any] = dict(parse_qsl(query))
    if "json" in content_type and raw:
        params.update(json.loads(raw))
        return params
    for key, value in parse_qsl(raw, keep_blank_values=True):
        if value[:1] in "[{":
            try:
                params[key] = json.loads(value)
                continue
            except ValueError:
                pass
        params[key] = value
    return params
