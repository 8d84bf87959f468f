"""The local Slack over HTTP: one WSGI app serving the page, its JSON API, Slack's Web API (for
the app's WebClient), slash commands' response URLs and, on a host of their own, the samples.

Routes: `/` and `/static/*` (the page), `/local/*` (what the page reads and does: the state,
its updates, a message, a slash command, opening the app's Home or Messages tab), `/api/METHOD`
(Web API, bot token required), `/response/ID` (response_url), and everything under the samples
host. The page has no login: it refuses requests naming another host (a web page elsewhere
cannot reach it through DNS rebinding) and state-changing requests that are not JSON from the
page's own origin (a web page elsewhere cannot post as the person).
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import threading
from collections.abc import Callable, Iterable
from importlib import resources
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from waitress import wasyncore
from waitress.adjustments import Adjustments
from waitress.server import TcpWSGIServer

from bot.localslack.delivery import SLACKBOT, Delivery
from bot.localslack.mrkdwn import emoji_html, esc
from bot.localslack.render import blocks_html, message_html
from bot.localslack.samples import SAMPLES_HOST, sample_page, samples
from bot.localslack.webapi import call
from bot.localslack.workspace import APP_COMMANDS, Message, SlackError, Workspace

logger = logging.getLogger(__name__)

StartResponse = Callable[..., Any]
WsgiResult = Iterable[bytes]

POLL_TIMEOUT_S = 20.0
MAX_BODY_BYTES = 1024 * 1024
MAX_TYPED_CHARS = 4000  # what the page's message box takes, as Slack's does
# Web API fields Slack reads as JSON when they come in a form body.
JSON_FIELDS = frozenset({"blocks", "attachments", "metadata", "view"})
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
STATIC_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
}
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
# Slack's client turns what looks like a web address into a <link>.
_TYPED_URL = re.compile(r"\bhttps?://[^\s<>]+[^\s<>.,;:!?)'\"]")


def wire_text(typed: str) -> str:
    """What a person typed, as Slack's client sends it: `&<>` as entities, URLs as <links>."""
    escaped = typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _TYPED_URL.sub(lambda m: f"<{m.group(0)}>", escaped)


def command_text(typed: str) -> str:
    """A slash command's text as Slack sends it without should_escape: only `&<>` escaped."""
    return typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class HttpError(Exception):
    def __init__(self, status: str, error: str) -> None:
        super().__init__(error)
        self.status = status
        self.error = error


def parse_params(content_type: str, raw: bytes, query: str) -> dict[str, Any]:
    """Web API arguments: the query, then a JSON body or a form whose JSON fields are decoded."""
    params: dict[str, Any] = dict(parse_qsl(query))
    text = raw.decode("utf-8", errors="replace")
    if "json" in content_type:
        if text.strip():
            body = json.loads(text)
            if not isinstance(body, dict):
                raise ValueError("the body is not a JSON object")
            params.update(body)
        return params
    for key, value in parse_qsl(text, keep_blank_values=True):
        params[key] = json.loads(value) if key in JSON_FIELDS and value else value
    return params


class LocalSlack:
    """The WSGI app. `person` is who the page speaks for; `delivery` is set once the app runs."""

    def __init__(self, workspace: Workspace, *, person: str, open_host: bool) -> None:
        self.workspace = workspace
        self.person = person
        self.open_host = open_host  # bound beyond loopback: any Host header is the page's
        self.delivery: Delivery | None = None
        self.boot = secrets.token_hex(6)  # a restarted server is a new conversation
        # Known once the server is bound: where the app and the samples reach this server.
        self.port = 0
        self.base_url = ""

    @property
    def sample_origin(self) -> str:
        return f"http://{SAMPLES_HOST}:{self.port}"

    # -- dispatch ------------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> WsgiResult:
        host = str(environ.get("HTTP_HOST") or "").lower()
        try:
            if host.rsplit(":", 1)[0] == SAMPLES_HOST:
                return self._sample(environ, start_response)
            if not self._host_allowed(host):
                raise HttpError("421 Misdirected Request", "this page answers only as 127.0.0.1")
            return self._route(environ, start_response)
        except HttpError as exc:
            return _json(start_response, {"ok": False, "error": exc.error}, exc.status)

    def _host_allowed(self, host: str) -> bool:
        if self.open_host:
            return True
        return host in {f"{name}:{self.port}" for name in LOOPBACK_NAMES}

    def _route(self, environ: dict[str, Any], start_response: StartResponse) -> WsgiResult:
        method = environ.get("REQUEST_METHOD", "GET")
        path = str(environ.get("PATH_INFO") or "/")
        if path.startswith("/api/"):
            return self._web_api(path.removeprefix("/api/"), environ, start_response)
        if path.startswith("/response/") and method == "POST":
            answer = self._respond(path.removeprefix("/response/"), environ)
            return _json(start_response, answer)
        if method == "GET":
            if path == "/":
                return self._static("index.html", start_response)
            if path.startswith("/static/"):
                return self._static(path.removeprefix("/static/"), start_response)
            if path == "/local/state":
                return _json(start_response, self.state(), cache=False)
            if path == "/local/updates":
                return _json(start_response, self.updates(environ), cache=False)
        if method == "POST" and path in ("/local/message", "/local/command", "/local/app"):
            body = self._page_body(environ)
            if path == "/local/message":
                return _json(start_response, self.post_message(body))
            if path == "/local/app":
                return _json(start_response, self.open_app(body))
            return _json(start_response, self.run_command(body))
        raise HttpError("404 Not Found", "not_found")

    # -- the page ----------------------------------------------------------------------------

    def _static(self, name: str, start_response: StartResponse) -> WsgiResult:
        suffix = name[name.rfind(".") :] if "." in name else ""
        if suffix not in STATIC_TYPES or "/" in name or name.startswith("."):
            raise HttpError("404 Not Found", "not_found")
        entry = resources.files("bot.localslack") / "static" / name
        if not entry.is_file():
            raise HttpError("404 Not Found", "not_found")
        body = entry.read_bytes()
        start_response("200 OK", [*_page_headers(STATIC_TYPES[suffix]), _length(body)])
        return [body]

    def _sample(self, environ: dict[str, Any], start_response: StartResponse) -> WsgiResult:
        page = sample_page(str(environ.get("PATH_INFO") or "/"))
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or page is None:
            body = b"no such sample article\n"
            start_response("404 Not Found", [("Content-Type", "text/plain"), _length(body)])
            return [body]
        headers = [("Content-Type", "text/html; charset=utf-8"), _length(page)]
        start_response("200 OK", [*headers, ("Content-Security-Policy", "default-src 'none'")])
        return [page]

    def _page_body(self, environ: dict[str, Any]) -> dict[str, Any]:
        """A state-changing request from the page itself: JSON (so another site's form cannot
        send it without a CORS preflight, which is never granted) from this page's origin."""
        if "application/json" not in str(environ.get("CONTENT_TYPE") or ""):
            raise HttpError("415 Unsupported Media Type", "the page sends JSON")
        origin = environ.get("HTTP_ORIGIN")
        if (
            origin is not None
            and urlsplit(origin).netloc.lower() != str(environ.get("HTTP_HOST") or "").lower()
        ):
            raise HttpError("403 Forbidden", "another site cannot post here")
        try:
            body = json.loads(_read(environ))
        except ValueError:
            raise HttpError("400 Bad Request", "the body is not JSON") from None
        if not isinstance(body, dict):
            raise HttpError("400 Bad Request", "the body is not a JSON object")
        return body

    def state(self) -> dict[str, Any]:
        """Everything the page needs to draw itself, and every message it may show."""
        ws = self.workspace
        with ws.lock:
            dm = ws.open_im(self.person)
            channels = [
                {"id": c.id, "name": c.name, "private": c.private, "topic": c.topic}
                for c in ws.channels.values()
                if self.person in c.members and not c.im
            ]
            home = self.home()
            seq = ws.seq
            messages = [self.view(m) for channel in ws.messages.values() for m in channel.values()]
        return {
            "boot": self.boot,
            "seq": seq,
            "team": ws.team_name,
            "me": {"id": self.person, "name": ws.user_name(self.person)},
            "bot": {"id": ws.bot.id, "name": ws.bot.name},
            "commands": list(APP_COMMANDS),
            "open_host": self.open_host,
            "channels": channels,
            # The app's own place in the sidebar: its Home tab and its Messages tab (the DM).
            "app": {"dm": dm.id, "home": home},
            "samples": [{"title": s.title, "url": s.url(self.sample_origin)} for s in samples()],
            "messages": [m for m in messages if m is not None],
        }

    def updates(self, environ: dict[str, Any]) -> dict[str, Any]:
        query = dict(parse_qsl(str(environ.get("QUERY_STRING") or "")))
        if query.get("boot") != self.boot:
            return {"boot": self.boot, "reset": True}
        try:
            since = int(query.get("since") or 0)
        except ValueError:
            raise HttpError("400 Bad Request", "since must be a number") from None
        seq, changed = self.workspace.changes(since, POLL_TIMEOUT_S)
        with self.workspace.lock:
            views = [self.view(m) for m in changed]
            home = self.home()
        answer = {"boot": self.boot, "seq": seq, "messages": [v for v in views if v is not None]}
        if home is not None and home["seq"] > since:
            answer["home"] = home
        return answer

    def home(self) -> dict[str, Any] | None:
        """The person's Home tab as the app last published it (None before it did)."""
        published = self.workspace.views.get(self.person)
        if published is None:
            return None
        blocks = published.view.get("blocks") or []
        return {"seq": published.seq, "html": blocks_html(blocks, self.workspace)}

    def open_app(self, body: dict[str, Any]) -> dict[str, Any]:
        """The person opened the app's Home or Messages tab: Slack tells the app."""
        tab = body.get("tab")
        if tab not in ("home", "messages"):
            raise HttpError("400 Bad Request", "tab must be home or messages")
        if self.delivery is None:
            raise HttpError("503 Service Unavailable", "newsbot is still starting")
        return {"ok": True, "sent": self.delivery.app_home_opened(self.person, str(tab))}

    def view(self, message: Message) -> dict[str, Any] | None:
        """A message as the page draws it (None for someone else's ephemeral message)."""
        if message.visible_to is not None and message.visible_to != self.person:
            return None
        ws = self.workspace
        user = ws.users.get(message.user)
        root = message.thread_ts
        deleted = message.subtype == "message_deleted"
        return {
            "channel": message.channel,
            "ts": message.ts,
            "thread_ts": root,
            "reply": bool(root and root != message.ts and message.subtype != "thread_broadcast"),
            "user": message.user,
            "name": user.real_name if user else message.user,
            "bot": bool(user and user.is_bot),
            "app": message.bot_id is not None,
            "html": "" if deleted else message_html(message.as_slack(), ws),
            "reactions": [
                {
                    "name": name,
                    "emoji": emoji_html(name) or esc(f":{name}:"),
                    "count": len(users),
                    "mine": self.person in users,
                    "who": ", ".join(ws.user_name(u) or u for u in users),
                }
                for name, users in message.reactions.items()
            ],
            "reply_count": len(message.replies),
            "ephemeral": message.visible_to is not None,
            "note": message.note,
            "deleted": deleted,
            "edited": message.edited is not None,
            "seq": message.seq,
        }

    def post_message(self, body: dict[str, Any]) -> dict[str, Any]:
        text = _typed(body)
        if text.startswith("/"):
            return self.run_command(body)
        channel = self.workspace.channels.get(str(body.get("channel")))
        if channel is not None and channel.im:
            # As Slack says when an app's Messages tab is read-only (manifest.yml).
            raise HttpError("400 Bad Request", "Sending messages to this app has been turned off.")
        try:
            message = self.workspace.post_as_person(
                self.person, str(body.get("channel")), wire_text(text), thread_ts=_thread(body)
            )
        except SlackError as exc:
            raise HttpError("400 Bad Request", exc.error) from None
        return {"ok": True, "ts": message.ts}

    def run_command(self, body: dict[str, Any]) -> dict[str, Any]:
        """`/command text` typed in the message box, run as Slack runs it."""
        typed = _typed(body)
        channel, thread_ts = str(body.get("channel")), _thread(body)
        if channel not in self.workspace.channels:
            raise HttpError("400 Bad Request", "channel_not_found")
        command, _, text = typed.partition(" ")
        if command not in APP_COMMANDS:
            notice = (
                f"`{command}` is not a valid command. In Slack, all messages that start with "
                "the “/” character are interpreted as commands."
            )
            self.workspace.add_ephemeral(
                channel,
                self.person,
                {"text": notice},
                sender=SLACKBOT,
                thread_ts=thread_ts,
                note=typed,
            )
            return {"ok": True}
        if self.delivery is None:
            raise HttpError("503 Service Unavailable", "newsbot is still starting")
        response_id = self.workspace.open_command(channel, self.person, typed, thread_ts=thread_ts)
        try:
            self.delivery.command(
                channel=channel,
                user=self.person,
                command=command,
                text=command_text(text.strip()),
                response_url=f"{self.base_url}/response/{response_id}",
                thread_ts=thread_ts,
            )
        except SlackError as exc:
            raise HttpError("502 Bad Gateway", exc.error) from None
        return {"ok": True}

    # -- what the app calls ------------------------------------------------------------------

    def _web_api(
        self, method: str, environ: dict[str, Any], start_response: StartResponse
    ) -> WsgiResult:
        try:
            params = parse_params(
                str(environ.get("CONTENT_TYPE") or ""),
                _read(environ),
                str(environ.get("QUERY_STRING") or ""),
            )
        except ValueError:
            return _json(start_response, {"ok": False, "error": "invalid_json"})
        auth = str(environ.get("HTTP_AUTHORIZATION") or "")
        token = auth.removeprefix("Bearer ").strip() or params.pop("token", None)
        return _json(start_response, call(self.workspace, method, params, token))

    def _respond(self, response_id: str, environ: dict[str, Any]) -> dict[str, Any]:
        try:
            body = json.loads(_read(environ) or b"{}")
        except ValueError:
            return {"ok": False, "error": "invalid_payload"}
        if not isinstance(body, dict):
            return {"ok": False, "error": "invalid_payload"}
        try:
            return self.workspace.respond(response_id, body)
        except SlackError as exc:
            return exc.answer()


def _typed(body: dict[str, Any]) -> str:
    text = body.get("text")
    if not isinstance(text, str) or not text.strip():
        raise HttpError("400 Bad Request", "no_text")
    if len(text) > MAX_TYPED_CHARS:
        raise HttpError("400 Bad Request", "msg_too_long")
    return text.strip()


def _thread(body: dict[str, Any]) -> str | None:
    thread = body.get("thread_ts")
    return thread if isinstance(thread, str) and thread else None


def _read(environ: dict[str, Any]) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise HttpError("400 Bad Request", "bad_content_length") from None
    return bytes(environ["wsgi.input"].read(min(length, MAX_BODY_BYTES)))


def _length(body: bytes) -> tuple[str, str]:
    return ("Content-Length", str(len(body)))


def _page_headers(content_type: str) -> list[tuple[str, str]]:
    return [
        ("Content-Type", content_type),
        ("Content-Security-Policy", CSP),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
        ("Cache-Control", "no-cache"),
    ]


def _json(
    start_response: StartResponse,
    data: dict[str, Any],
    status: str = "200 OK",
    *,
    cache: bool = True,
) -> WsgiResult:
    body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    headers = [*_page_headers("application/json; charset=utf-8"), _length(body)]
    if not cache:
        headers.append(("Cache-Control", "no-store"))
    start_response(status, headers)
    return [body]


class WsgiServer:
    """A WSGI app served by waitress on host:port in a thread of its own, until shutdown()."""

    def __init__(
        self, app: Callable[..., WsgiResult], host: str, port: int, *, threads: int
    ) -> None:
        adjustments = Adjustments(
            host=host,
            port=port,
            threads=threads,
            max_request_body_size=MAX_BODY_BYTES,
            # Longer than a long poll, so a waiting page is not cut off.
            channel_timeout=POLL_TIMEOUT_S * 3,
            asyncore_use_poll=True,
            log_socket_errors=False,
            ident="newsbot-local",
        )
        self._map: dict[int, Any] = {}
        self._server = TcpWSGIServer(app, map=self._map, adj=adjustments)
        self._stop = threading.Event()
        # The serving thread closes the trigger's pipe on its way out; pulling it after that
        # would write to a closed (or reused) descriptor, so the two never overlap.
        self._closing = threading.Lock()
        self._closed = False
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._server.effective_port)

    def serve_in_thread(self) -> None:
        self._thread = threading.Thread(target=self._serve, name="localslack-http", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        try:
            while not self._stop.is_set():
                wasyncore.loop(timeout=1.0, map=self._map, use_poll=True, count=1)
        finally:
            self._close()

    def _close(self) -> None:
        with self._closing:
            if self._closed:
                return
            self._closed = True
            wasyncore.close_all(self._map, ignore_all=True)
        self._server.task_dispatcher.shutdown(timeout=2)

    def shutdown(self) -> None:
        if self._thread is None:
            self._stop.set()
            self._close()
            return
        with self._closing:
            self._stop.set()
            if not self._closed:
                self._server.pull_trigger()  # wakes the loop now rather than within a second
        self._thread.join(timeout=10)
