"""`newsbot run` stops at start-up, naming the variable and the README section, when the Slack
configuration is missing or rejected; it checks the tokens with Slack before loading anything."""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.cli_run import cmd_run, register
from bot.settings import Settings
from tests.fakeslack import VALID_APP_TOKEN, VALID_BOT_TOKEN, FakeSlack
from tests.limits import PROCESS_START_LIMIT_S
from tests.slack_harness import SIGNING_SECRET, signed_headers

README_SECTION = "Creating the Slack app"


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


def run(settings: Settings, *argv: str) -> int:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["run", *argv])
    return cmd_run(args, settings)


def settings(slack: FakeSlack, **values: str | None) -> Settings:
    base = {"SLACK_API_URL": slack.api_url, "NEWSBOT_DATABASE_URL": "sqlite://"}
    return Settings(_env_file=None, **{**base, **values})  # type: ignore[call-arg]


def test_missing_bot_token_names_the_variable_and_readme_section(slack, capsys) -> None:
    assert run(settings(slack, SLACK_SIGNING_SECRET="s"), "--http") == 2
    err = capsys.readouterr().err
    assert "SLACK_BOT_TOKEN is not set" in err and README_SECTION in err
    assert slack.calls == []


def test_http_mode_without_signing_secret_is_refused(slack, capsys) -> None:
    assert run(settings(slack, SLACK_BOT_TOKEN=VALID_BOT_TOKEN)) == 2
    err = capsys.readouterr().err
    assert "SLACK_SIGNING_SECRET is not set" in err and README_SECTION in err


def test_rejected_bot_token_stops_after_auth_test(slack, capsys) -> None:
    s = settings(slack, SLACK_BOT_TOKEN="xoxb-revoked", SLACK_SIGNING_SECRET="s")
    assert run(s, "--http") == 2
    err = capsys.readouterr().err
    assert "Slack rejected SLACK_BOT_TOKEN (invalid_auth)" in err and README_SECTION in err
    assert [c.method for c in slack.calls] == ["auth.test"]


def test_rejected_app_token_stops_socket_mode_start_up(slack, capsys) -> None:
    s = settings(slack, SLACK_BOT_TOKEN=VALID_BOT_TOKEN, SLACK_APP_TOKEN="xapp-revoked")
    assert run(s) == 2
    err = capsys.readouterr().err
    assert "Slack rejected SLACK_APP_TOKEN (invalid_auth)" in err and README_SECTION in err


def test_bot_token_in_place_of_app_token_is_named(slack, capsys) -> None:
    s = settings(slack, SLACK_BOT_TOKEN=VALID_BOT_TOKEN, SLACK_APP_TOKEN=VALID_BOT_TOKEN)
    assert run(s) == 2
    assert "SLACK_APP_TOKEN must be an app-level token" in capsys.readouterr().err


def test_unreachable_slack_names_slack_api_url(capsys) -> None:
    s = Settings(  # type: ignore[call-arg]
        _env_file=None,
        SLACK_API_URL="http://127.0.0.1:9/api/",
        SLACK_BOT_TOKEN=VALID_BOT_TOKEN,
        SLACK_APP_TOKEN=VALID_APP_TOKEN,
    )
    assert run(s) == 2
    assert (
        "could not reach Slack at SLACK_API_URL=http://127.0.0.1:9/api/" in capsys.readouterr().err
    )


def test_http_mode_serves_slack_events_until_sigterm(slack: FakeSlack, tmp_path: Path) -> None:
    """`newsbot run --http` as a process: answers a signed url_verification, stops on SIGTERM."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": VALID_BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack.api_url,
        "NEWSBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'run.db'}",
    }
    env.pop("SLACK_APP_TOKEN", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--port", str(port), "--host", "127.0.0.1"],
        env=env,
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        body = json.dumps({"type": "url_verification", "challenge": "c-123", "token": "t"})
        deadline = time.monotonic() + PROCESS_START_LIMIT_S
        while True:
            try:
                answer = httpx.post(
                    f"http://127.0.0.1:{port}/slack/events",
                    content=body,
                    headers=signed_headers(body, content_type="application/json"),
                )
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                assert time.monotonic() < deadline, "newsbot run did not start listening"
                time.sleep(0.2)
        assert answer.status_code == 200 and answer.json() == {"challenge": "c-123"}
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert "auth.test" in {c.method for c in slack.calls}


def test_a_log_file_that_cannot_be_written_stops_start_up_naming_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main

    monkeypatch.chdir(tmp_path)  # no developer .env
    monkeypatch.setenv("NEWSBOT_LOG_FILE", str(tmp_path / "missing-dir" / "newsbot.log"))
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "cannot write NEWSBOT_LOG_FILE=" in err and "check the path" in err
