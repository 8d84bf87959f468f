"""The one map from Slack's events and commands to newsbot's listener functions."""

from __future__ import annotations

from slack_bolt import App

from handlers import commands, links


def register(app: App) -> None:
    app.event("message")(links.on_message)
    # The ack answers quick sub-commands at once; the lazy half answers slow ones (analysing an
    # article) through response_url after Slack has its ack.
    app.command("/newsbot")(ack=commands.on_newsbot, lazy=[commands.answer_slow_newsbot])
