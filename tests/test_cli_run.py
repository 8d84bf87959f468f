"""`newsbot run` stops at start-up, naming the variable and the README section, when the Slack
configuration is missing or rejected; it checks the tokens with Slack before loading anything."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest

from bot.cli_run import cmd_run, register
from bot.settings import Settings
from tests.fakeslack import VALID_APP_TOKEN, VALID_BOT_TOKEN, FakeSlack

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
