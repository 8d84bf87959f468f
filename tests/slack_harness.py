"""The whole Slack app on 127.0.0.1 for end-to-end tests and the latency bench.

The real Bolt app serves its real HTTP endpoint in a thread; its real slack_sdk WebClient talks
to tests.fakeslack; article pages come from tests.pageserver; the archive is a real SQLite file.
Requests into the app are signed with the v0 scheme exactly as Slack signs them.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from itertools import count
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
from slack_bolt import App
from slack_sdk.signature import SignatureVerifier

from bot.app import EVENTS_PATH, build_app
from bot.fetch import Fetcher
from bot.http_server import SlackHTTPServer
from bot.nlp.analyze import Analyzer
from bot.replays import ReplayGuard
from bot.services import Services
from bot.settings import Settings
from bot.store.db import make_engine, session_factory, upgrade
from bot.worker import WorkerPool
from tests.fakeslack import BOT_USER_ID, TEAM_ID, VALID_BOT_TOKEN, FakeSlack, block_actions
from tests.pageserver import PageServer

SIGNING_SECRET = "e2e-signing-secret"
CHANNEL = "CNEWS00001"
USER = "UREPORTER1"

_PEOPLE = (
    ("Maria Alvarez", "Senator", "the chair of the Senate Commerce Committee"),
    ("Tom Becker", "Mayor", "the mayor of Riverton"),
    ("Aisha Khan", "Dr.", "an economist at the Brookfield Institute"),
    ("Luis Ortega", "Governor", "the governor of the state"),
)
_SAID = (
    '“{claim},” {title} {name} said on Tuesday.',
    '{name}, {role}, said the plan was “{claim}.”',
    '“We cannot wait any longer,” said {name}. “{claim}.”',
    "{name} told reporters that the council would vote on the budget next week.",
)  # fmt: skip
_CLAIMS = (
    "This bridge has been unsafe for a decade and the families who cross it deserve better",
    "The money is already in the budget and the only thing missing is the will to spend it",
    "Every study we commissioned says the repairs will pay for themselves within ten years",
    "We will hold hearings in every county before a single contract is signed",
)
_FILLER = (
    "The Riverton bridge carries about forty thousand vehicles a day across the Green River, "
    "and engineers rated its deck in poor condition in an inspection last spring. The state "
    "transportation department has proposed a repair programme that would close two lanes for "
    "eighteen months while crews replace the steel supports and resurface the roadway."
)


def article_html(title: str, words: int = 400, *, seed: int = 0) -> str:
    """A news page of about `words` words with named speakers and quotes (our own text)."""
    paragraphs: list[str] = []
    total = 0
    for i in count(seed):
        if total >= words:
            break
        name, title_word, role = _PEOPLE[i % len(_PEOPLE)]
        claim = _CLAIMS[(i // 2) % len(_CLAIMS)]
        said = _SAID[i % len(_SAID)].format(name=name, title=title_word, role=role, claim=claim)
        para = f"{said} {_FILLER}" if i % 2 else said
        paragraphs.append(para)
        total += len(para.split())
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title}</title><meta property='og:title' content='{title}'>"
        "<meta property='og:site_name' content='Riverton Ledger'>"
        "<meta name='author' content='Jo Writer'>"
        "<meta property='article:published_time' content='2024-05-14T09:00:00Z'>"
        f"</head><body><article><h1>{title}</h1>{body}</article></body></html>"
    )


# Slack signs every delivery afresh, retries included, so no two of its requests share a
# signature. Here a body sent again within the same second gets the next second's timestamp
# (Bolt accepts timestamps up to 5 minutes either side of its clock). A body retried several
# times a second for long (a soak sender while the bot restarts under load) would run its
# stamps past those 5 minutes and be refused as unsigned: a stamp runs at most STAMP_LEAD_S
# ahead of the clock, and the sender waits for the clock beyond that.
STAMP_LEAD_S = 60
_last_stamp: dict[tuple[str, str], int] = {}
_stamp_lock = threading.Lock()


def _next_stamp(secret: str, body: str) -> int:
    while True:
        with _stamp_lock:
            now = int(time.time())
            stamp = max(now, _last_stamp.get((secret, body), 0) + 1)
            if stamp <= now + STAMP_LEAD_S:
                _last_stamp[(secret, body)] = stamp
                return stamp
        time.sleep(stamp - STAMP_LEAD_S - time.time())


def signed_headers(body: str, *, secret: str = SIGNING_SECRET, content_type: str) -> dict[str, str]:
    timestamp = str(_next_stamp(secret, body))
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": signature or "",
    }


def message_event(text: str, ts: str, *, channel: str = CHANNEL, **extra: Any) -> dict[str, Any]:
    event = {
        "type": "message",
        "channel": channel,
        "channel_type": "channel",
        "user": USER,
        "text": text,
        "ts": ts,
        "team": TEAM_ID,
        "event_ts": ts,
    }
    event.update(extra)
    return event


def event_body(event: dict[str, Any], event_id: str) -> str:
    """The Events API envelope Slack posts around one event."""
    return json.dumps(
        {
            "token": "legacy-unused",
            "team_id": TEAM_ID,
            "api_app_id": "AFAKE00001",
            "event": event,
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "authorizations": [
                {"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True, "enterprise_id": None}
            ],
        }
    )


@dataclass
class Harness:
    """Everything of one running app; post_* send signed requests to its HTTP endpoint."""

    slack: FakeSlack
    site: PageServer
    app: App
    server: SlackHTTPServer
    services: Services
    http: httpx.Client

    @property
    def events_url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}{EVENTS_PATH}"

    def post(self, body: str, content_type: str, **headers: str) -> httpx.Response:
        signed = signed_headers(body, content_type=content_type)
        return self.http.post(self.events_url, content=body, headers={**signed, **headers})

    def post_event(
        self, event: dict[str, Any], *, event_id: str, retry_num: int | None = None
    ) -> httpx.Response:
        extra = {}
        if retry_num is not None:
            extra = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        return self.post(event_body(event, event_id), "application/json", **extra)

    def post_command(
        self, text: str, *, response_url: str, channel: str = CHANNEL, user: str = USER
    ) -> httpx.Response:
        form = {
            "token": "legacy-unused",
            "team_id": TEAM_ID,
            "channel_id": channel,
            "channel_name": "news",
            "user_id": user,
            "user_name": "reporter",
            "command": "/newsbot",
            "text": text,
            "response_url": response_url,
            "trigger_id": "1.2.3",
            "api_app_id": "AFAKE00001",
        }
        return self.post(urlencode(form), "application/x-www-form-urlencoded")

    def click(
        self, message: dict[str, Any], action_id: str, *, response_url: str, channel: str = CHANNEL
    ) -> httpx.Response:
        """Click a button of a private answer, as `USER` in `channel`."""
        payload = block_actions(
            message, action_id, user=USER, channel=channel, response_url=response_url
        )
        return self.post(interaction_body(payload), "application/x-www-form-urlencoded")


def interaction_body(payload: dict[str, Any]) -> str:
    """An interaction as Slack posts it: the JSON payload in one form field."""
    return urlencode({"payload": json.dumps(payload)})


def harness_settings(
    slack: FakeSlack, db: Path, *, workers: int = 2, database_url: str | None = None
) -> Settings:
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        SLACK_BOT_TOKEN=VALID_BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=slack.api_url,
        NEWSBOT_DATABASE_URL=database_url or f"sqlite:///{db}",
        NEWSBOT_FETCH_ALLOW_PRIVATE=True,
        NEWSBOT_WORKERS=workers,
    )


@contextmanager
def running_app(
    db: Path,
    analyzer: Analyzer,
    *,
    workers: int = 2,
    slack: FakeSlack | None = None,
    site: PageServer | None = None,
    fetcher: Fetcher | None = None,
    database_url: str | None = None,
) -> Iterator[Harness]:
    """Start the app and its HTTP server (and a fake Slack, page server, fetcher unless given);
    the archive is the SQLite file `db` unless `database_url` names another."""
    with ExitStack() as stack:
        fake = slack if slack is not None else stack.enter_context(FakeSlack())
        pages = site if site is not None else stack.enter_context(PageServer())
        settings = harness_settings(fake, db, workers=workers, database_url=database_url)
        engine = make_engine(settings.database_url)
        upgrade(engine)
        fetcher = fetcher or Fetcher(allow_private=True, timeout_s=10.0)
        services = Services(
            sessions=session_factory(engine),
            analyzer=analyzer,
            fetcher=fetcher,
            worker=WorkerPool(workers),
        )
        app = build_app(settings, services)
        server = SlackHTTPServer(
            app,
            "127.0.0.1",
            0,
            signing_secret=SIGNING_SECRET,
            replays=ReplayGuard(services.sessions),
        )
        server.serve_in_thread()
        try:
            with httpx.Client(timeout=30.0) as http:
                yield Harness(fake, pages, app, server, services, http)
        finally:
            server.shutdown()
            services.worker.stop()
            fetcher.close()
            engine.dispose()
