"""Reading /newsbot's text: the sub-command, its arguments, Slack's markup and entities."""

from __future__ import annotations

from handlers.invocation import parse


def test_empty_text_means_help() -> None:
    assert parse("").name == "help" and parse(None).name == "help"


def test_sub_command_is_case_insensitive_and_keeps_its_arguments() -> None:
    inv = parse("  QUOTES  Maria Alvarez 7 ", channel="C1", user="U1")
    assert (inv.name, inv.args, inv.channel, inv.user) == ("quotes", "Maria Alvarez 7", "C1", "U1")


def test_slack_wrapped_links_are_unwrapped() -> None:
    assert parse("article <https://a.example/x?a=1|a.example/x>").args == "https://a.example/x?a=1"
