"""A real `newsbot run --http` subprocess, and a sender that delivers signed events to it as Slack
does (retrying while the bot is down), for the soak, fault and replica tests.

The bot runs in its own working directory (so no developer `.env` is read), logs to a file the
tests scan afterwards, and talks to the fake Slack Web API of the test process.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

from bot.app import EVENTS_PATH
from tests.fakeslack import TEAM_ID, VALID_APP_TOKEN, VALID_BOT_TOKEN, FakeSlack
from tests.limits import PROCESS_START_LIMIT_S
from tests.slack_harness import SIGNING_SECRET, event_body, signed_headers

ROOT = Path(__file__).resolve().parents[2]
# Every secret the bot is given; none of them may ever appear in its logs.
SECRETS = (VALID_BOT_TOKEN, VALID_APP_TOKEN, SIGNING_SECRET)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bot_env(
    slack: FakeSlack,
    database_url: str,
    *,
    allow_private: bool = True,
    fetch_timeout_s: float = 5.0,
    workers: int = 3,
    log_level: str = "INFO",
    **extra: str,
) -> dict[str, str]:
    """The environment of a bot pointed at `slack` and `database_url`, with every secret set."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "NEWSBOT_"))}
    env.update(
        SLACK_BOT_TOKEN=VALID_BOT_TOKEN,
        SLACK_APP_TOKEN=VALID_APP_TOKEN,  # set so the log scan can look for it; --http wins
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=slack.api_url,
        NEWSBOT_DATABASE_URL=database_url,
        NEWSBOT_FETCH_ALLOW_PRIVATE="true" if allow_private else "false",
        NEWSBOT_FETCH_TIMEOUT=str(fetch_timeout_s),
        NEWSBOT_WORKERS=str(workers),
        NEWSBOT_LOG_LEVEL=log_level,
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


@dataclass
class BotProcess:
    """One bot, started, SIGKILLed and restarted on the same port, database and log file."""

    workdir: Path
    env: Mapping[str, str]
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None
    starts: int = 0
    kills: int = 0

    @property
    def log_path(self) -> Path:
        return self.workdir / "newsbot.log"

    @property
    def events_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{EVENTS_PATH}"

    @property
    def pid(self) -> int:
        assert self.proc is not None, "the bot is not running"
        return self.proc.pid

    def start(self, timeout: float = PROCESS_START_LIMIT_S) -> float:
        """Start the bot and wait until it serves HTTP; return how long that took."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "bot", "run", "--http", "--host", "127.0.0.1",
                 "--port", str(self.port)],
                cwd=self.workdir,
                env=dict(self.env, PYTHONPATH=str(ROOT)),
                stdout=log,
                stderr=log,
            )  # fmt: skip
        self.starts += 1
        deadline = started + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"newsbot exited with {self.proc.returncode}: {self.log_tail()}")
            try:
                httpx.get(f"http://127.0.0.1:{self.port}/", timeout=1.0)
                return time.monotonic() - started
            except httpx.TransportError:
                time.sleep(0.1)
        raise TimeoutError(f"newsbot did not listen within {timeout} s: {self.log_tail()}")

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind, as when a machine dies."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)
        self.proc = None
        self.kills += 1

    def stop(self) -> None:
        """SIGTERM and wait, the way a deploy stops the bot."""
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.proc = None

    def rss_kb(self) -> int:
        """Resident memory of the running bot, from /proc/PID/status."""
        return self._status_kb("VmRSS:")

    def peak_rss_kb(self) -> int:
        """The most resident memory the bot has had so far."""
        return self._status_kb("VmHWM:")

    def _status_kb(self, field: str) -> int:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
        raise RuntimeError(f"no {field} line")

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def log_tail(self, chars: int = 3000) -> str:
        return self.log_text()[-chars:]


@dataclass
class SlackSender:
    """Delivers signed requests like Slack: an answer other than 2xx (or none) is retried."""

    url: str
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=10.0))
    retries: int = 0  # deliveries beyond the first, over all events
    pause_s: float = 0.5
    give_up_s: float = 300.0  # Slack retries for far longer; a soak restart takes seconds

    def post_event(self, event: dict[str, Any], event_id: str) -> httpx.Response:
        return self._deliver(event_body(event, event_id), "application/json")

    def post_command(self, text: str, *, channel: str, response_url: str) -> httpx.Response:
        form = {
            "token": "legacy-unused",
            "team_id": TEAM_ID,
            "channel_id": channel,
            "channel_name": "news",
            "user_id": "UREPORTER1",
            "user_name": "reporter",
            "command": "/newsbot",
            "text": text,
            "response_url": response_url,
            "trigger_id": "1.2.3",
            "api_app_id": "AFAKE00001",
        }
        return self._deliver(urlencode(form), "application/x-www-form-urlencoded")

    def _deliver(self, body: str, content_type: str) -> httpx.Response:
        give_up = time.monotonic() + self.give_up_s
        attempt = 0
        while time.monotonic() < give_up:
            headers = signed_headers(body, content_type=content_type)
            if attempt:
                self.retries += 1
                headers |= {"X-Slack-Retry-Num": str(attempt), "X-Slack-Retry-Reason": "http_error"}
            attempt += 1
            try:
                response = self.http.post(self.url, content=body, headers=headers)
            except httpx.TransportError:
                time.sleep(self.pause_s)
                continue
            if response.status_code < 500:
                return response
            time.sleep(self.pause_s)
        raise TimeoutError(f"{self.url} did not take the request in {self.give_up_s} s")

    def close(self) -> None:
        self.http.close()


def secrets_in(text: str) -> list[str]:
    """Which of the bot's secrets (or a recognisable piece of one) appear in `text`."""
    return [s for s in SECRETS if s in text or s[-12:] in text]
