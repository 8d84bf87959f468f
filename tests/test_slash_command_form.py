"""A slash command as Slack really posts it in HTTP mode is answered, not refused as malformed.

Slack's form carries `is_enterprise_install=false` (and an empty `enterprise_id`); the request
checks of bot/slack_payload.py once took the word for a wrongly typed flag and answered 400, so
no `/newsbot` command worked over HTTP. The local newsroom's first slash command found it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

from bot.nlp.analyze import Analyzer
from tests.slack_harness import CHANNEL, USER, Harness, running_app


@pytest.fixture
def harness(tmp_path: Path, analyzer: Analyzer) -> Iterator[Harness]:
    with running_app(tmp_path / "newsbot.db", analyzer) as h:
        yield h


def slack_form(text: str, response_url: str, **overrides: str) -> str:
    """Every field of Slack's slash command form, in the order Slack writes them."""
    form = {
        "token": "legacy-unused",
        "team_id": "TFAKE00001",
        "team_domain": "newsroom",
        "channel_id": CHANNEL,
        "channel_name": "news",
        "user_id": USER,
        "user_name": "reporter",
        "command": "/newsbot",
        "text": text,
        "api_app_id": "AFAKE00001",
        "is_enterprise_install": "false",
        "enterprise_id": "",
        "response_url": response_url,
        "trigger_id": "1.2.3",
    }
    return urlencode({**form, **overrides})


@pytest.mark.parametrize("flag", ["false", "true"])
def test_slack_form_with_enterprise_flag_is_answered(harness: Harness, flag: str) -> None:
    body = slack_form("help", harness.slack.response_url(), is_enterprise_install=flag)
    answer = harness.post(body, "application/x-www-form-urlencoded")
    assert answer.status_code == 200, answer.text
    assert answer.json()["response_type"] == "ephemeral"
    assert "newsbot commands" in answer.json()["text"]


def test_a_flag_that_is_not_a_word_for_true_or_false_is_still_refused(harness: Harness) -> None:
    body = slack_form("help", harness.slack.response_url(), is_enterprise_install="maybe")
    answer = harness.post(body, "application/x-www-form-urlencoded")
    assert answer.status_code == 400
    assert "is_enterprise_install" in answer.text
