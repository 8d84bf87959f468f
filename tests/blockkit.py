"""Block Kit as Slack reads it: every message newsbot builds is checked against slack_sdk's block
models (`slack_sdk.models.blocks`), besides the dict assertions of each test.

`assert_valid_blocks(message)` takes a bot.blocks.Message, a DigestMessage, or the parameters a
message was posted or answered with (as tests.fakeslack records them): a plain-text fallback, at
most 50 blocks, each parsed by the model of its type with nothing the model does not know (a
typo'd field), and within the model's limits (section text 3,000 characters, header text 150,
context elements 10, ...).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from slack_sdk.models.blocks import Block

from bot.blocks import MAX_BLOCKS, Message
from bot.digest_blocks import DigestMessage

Sent = Message | DigestMessage | Mapping[str, Any]


def _text_and_blocks(sent: Sent) -> tuple[str, list[dict[str, Any]]]:
    if isinstance(sent, DigestMessage):
        sent = sent.message
    if isinstance(sent, Message):
        return sent.text, list(sent.blocks)
    return str(sent.get("text") or ""), list(sent.get("blocks") or [])


def assert_valid_blocks(sent: Sent) -> None:
    """The message as Slack's Block Kit models read it (see the module docstring)."""
    text, blocks = _text_and_blocks(sent)
    assert text.strip(), "every message needs a plain-text fallback for notifications"
    assert 0 < len(blocks) <= MAX_BLOCKS, len(blocks)
    for block in blocks:
        model = Block.parse(block)
        assert model is not None, f"not a Block Kit block: {block}"
        model.validate_json()  # raises SlackObjectFormationError past a limit
        assert model.to_dict() == block, f"fields the model does not know: {block}"


def assert_all_valid(messages: Iterable[Sent]) -> None:
    for sent in messages:
        assert_valid_blocks(sent)


MAX_VIEW_BLOCKS = 100  # a Home tab or modal view


def assert_valid_view(view: Mapping[str, Any]) -> None:
    """A Home tab view as Slack reads it: type home, 1 to 100 blocks, each as the models read
    it, and the whole view as slack_sdk's View model reads it."""
    from slack_sdk.models.views import View

    assert view["type"] == "home", view.get("type")
    blocks = list(view["blocks"])
    assert 0 < len(blocks) <= MAX_VIEW_BLOCKS, len(blocks)
    for block in blocks:
        model = Block.parse(block)
        assert model is not None, f"not a Block Kit block: {block}"
        model.validate_json()
        assert model.to_dict() == block, f"fields the model does not know: {block}"
    View(type="home", blocks=blocks).validate_json()
