"""Which message events become shares, and which links in them count as articles."""

from __future__ import annotations

from typing import Any

import pytest

from handlers.links import is_article_link, parse_message_event, urls_in_message

BOT = "UBOT"


def event(text: str, **extra: Any) -> dict[str, Any]:
    base = {"type": "message", "channel": "C1", "channel_type": "channel", "user": "U1"}
    return {**base, "text": text, "ts": "1.000001", **extra}


def test_links_come_from_slack_markup_with_and_without_labels() -> None:
    message = event(
        "see <https://a.example/x?a=1&amp;b=2|the story> and <https://b.example/y> "
        "but not <@U123> or <#C1|news> or <!here>"
    )
    assert urls_in_message(message) == ["https://a.example/x?a=1&b=2", "https://b.example/y"]


def test_unfurl_attachments_add_their_links_once() -> None:
    message = event(
        "<https://a.example/x>",
        attachments=[{"from_url": "https://a.example/x"}, {"original_url": "https://c.example/z"}],
    )
    assert urls_in_message(message) == ["https://a.example/x", "https://c.example/z"]


@pytest.mark.parametrize(
    "url",
    [
        "https://acme.slack.com/archives/C1/p123",
        "https://files.slack.com/files-pri/T1/report.pdf",
        "https://cdn.example/photo.JPG",
        "https://news.example/report.pdf",
        "https://news.example/clip.mp4",
    ],
)
def test_slack_images_and_files_are_not_articles(url: str) -> None:
    assert not is_article_link(url)


def test_an_ordinary_article_is_an_article() -> None:
    assert is_article_link("https://news.example/2024/05/bridge-repairs.html")


def test_plain_message_in_a_channel_is_a_share() -> None:
    parsed = parse_message_event(event("<https://a.example/x>", team="T1"), bot_user_id=BOT)
    assert parsed is not None
    assert (parsed.channel, parsed.ts, parsed.user, parsed.urls) == (
        "C1",
        "1.000001",
        "U1",
        ("https://a.example/x",),
    )
    assert parsed.thread_ts is None


def test_thread_reply_keeps_its_thread() -> None:
    parsed = parse_message_event(event("<https://a.example/x>", thread_ts="0.5"), bot_user_id=BOT)
    assert parsed is not None and parsed.thread_ts == "0.5"


@pytest.mark.parametrize(
    "extra",
    [
        {"user": BOT},
        {"bot_id": "B1"},
        {"subtype": "bot_message", "bot_id": "B2"},
        {"subtype": "channel_join"},
        {"subtype": "message_deleted"},
        {"channel_type": "im"},
    ],
)
def test_bots_ourselves_and_non_messages_are_ignored(extra: dict[str, Any]) -> None:
    assert parse_message_event(event("<https://a.example/x>", **extra), bot_user_id=BOT) is None


def test_edit_adding_a_link_is_read_from_the_edited_message() -> None:
    changed = {
        "type": "message",
        "subtype": "message_changed",
        "channel": "C1",
        "channel_type": "group",
        "ts": "9.0",
        "message": {"type": "message", "user": "U1", "text": "<https://a.example/x>", "ts": "1.5"},
        "previous_message": {"type": "message", "user": "U1", "text": "soon", "ts": "1.5"},
    }
    parsed = parse_message_event(changed, bot_user_id=BOT)
    assert parsed is not None and parsed.ts == "1.5" and parsed.urls == ("https://a.example/x",)


def test_edits_of_bot_messages_are_ignored() -> None:
    changed = {
        "type": "message",
        "subtype": "message_changed",
        "channel": "C1",
        "message": {"type": "message", "bot_id": "B1", "text": "<https://a.example/x>", "ts": "1"},
    }
    assert parse_message_event(changed, bot_user_id=BOT) is None


def test_message_without_links_is_not_a_share() -> None:
    assert parse_message_event(event("no links here, just <@U2>"), bot_user_id=BOT) is None
