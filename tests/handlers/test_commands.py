"""/newsbot sub-commands: day windows, the documented names, and help for anything unknown."""

from __future__ import annotations

import pytest

from handlers.commands import answer_unknown, known_names, split_days
from handlers.invocation import parse


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("Maria Alvarez 7", ("Maria Alvarez", 7)),
        ("Maria Alvarez", ("Maria Alvarez", None)),
        ("Alvarez 0", ("Alvarez", 1)),
        ("7", ("7", None)),  # a name alone, even a numeric one, is a name
    ],
)
def test_quotes_takes_an_optional_trailing_day_count(
    args: str, expected: tuple[str, int | None]
) -> None:
    assert split_days(args) == expected


def test_every_documented_sub_command_is_handled() -> None:
    from bot.blocks import COMMAND_HELP

    documented = {usage.split()[0] for usage, _ in COMMAND_HELP}
    assert documented == set(known_names())


@pytest.mark.parametrize(("typed", "closest"), [("qoutes", "quotes"), ("serch", "search")])
def test_unknown_sub_command_answers_help_with_the_closest(typed: str, closest: str) -> None:
    answer = answer_unknown(parse(typed))
    first = answer.blocks[0]["text"]["text"]
    assert f"`{typed}`" in first and f"/newsbot {closest}" in first


def test_nonsense_gets_help_without_a_guess() -> None:
    answer = answer_unknown(parse("xyzzy"))
    assert "Did you mean" not in answer.blocks[0]["text"]["text"]
    assert "/newsbot quotes" in str(answer.blocks)
