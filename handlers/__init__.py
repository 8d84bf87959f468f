"""The one map from Slack's events and commands to newsbot's listener functions."""

from __future__ import annotations

from slack_bolt import App

from bot import blocks
from handlers import commands, home, links


def register(app: App) -> None:
    # The links of a message are recorded before the ack; the lazy half answers, once, those
    # beyond the number read from one message.
    app.event("message")(ack=links.on_message, lazy=[links.answer_unread_links])
    # The ack answers quick sub-commands at once; the lazy half answers slow ones (analysing an
    # article) through response_url after Slack has its ack.
    app.command("/newsbot")(ack=commands.on_newsbot, lazy=[commands.answer_slow_newsbot])
    # The "More" button under a long answer shows its next page.
    app.action(blocks.MORE_ACTION)(commands.on_more)
    # The Home tab: built afresh from the archive each time someone opens it.
    app.event("app_home_opened")(home.on_app_home_opened)
