"""The local Slack on a free port (`newsroom`) with a WebClient for its bot (`client`), and
where the browser test left its screenshots, said at the end of the run."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.localslack.newsroom import LocalNewsroom
from bot.localslack.workspace import Workspace


def started(workspace: Workspace | None = None) -> LocalNewsroom:
    if workspace is None:
        return LocalNewsroom("127.0.0.1", 0)
    return LocalNewsroom("127.0.0.1", 0, workspace=workspace)


@pytest.fixture
def newsroom() -> Iterator[LocalNewsroom]:
    room = started()
    try:
        yield room
    finally:
        room.close()


@pytest.fixture
def client(newsroom: LocalNewsroom) -> WebClient:
    return WebClient(token=newsroom.workspace.bot_token, base_url=f"{newsroom.url}/api/")


def error_of(call: Any, **kwargs: Any) -> str:
    """The error Slack's answer names when `call(**kwargs)` is refused."""
    with pytest.raises(SlackApiError) as caught:
        call(**kwargs)
    return str(caught.value.response["error"])


def pytest_terminal_summary(terminalreporter: Any) -> None:
    browser = sys.modules.get("tests.localslack.test_browser")
    written = getattr(browser, "WRITTEN", [])
    if written:
        terminalreporter.write_line(
            f"local newsroom screenshots ({len(written)}): {written[0].parent}"
        )
