"""bot/lede.py: the lede a thread reply shows is the article's first sentence, 300 characters
at most, cut between words."""

from __future__ import annotations

import pytest

from bot.lede import MAX_LEDE_CHARS, lede


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The council voted on Monday. It met again.", "The council voted on Monday."),
        ("Mr. Smith went to Riverton. He stayed.", "Mr. Smith went to Riverton."),
        ("U.S. officials said the talks failed. More.", "U.S. officials said the talks failed."),
        ("J. K. Rowling wrote a book! It sold.", "J. K. Rowling wrote a book!"),
        ("“We will not go,” she said. Then she left.", "“We will not go,” she said."),
        (
            "Growth was 0.2% in May, data showed. The pound rose.",
            "Growth was 0.2% in May, data showed.",
        ),
        ("\n\nA headline-less first paragraph\n\nSecond one.", "A headline-less first paragraph"),
        ("   \n  ", None),
    ],
)
def test_the_lede_is_the_first_sentence(text: str, expected: str | None) -> None:
    assert lede(text) == expected


def test_a_long_first_sentence_is_cut_between_words_with_an_ellipsis() -> None:
    text = "The bridge " + "carries traffic across the river and " * 20 + "stays open."
    shown = lede(text)
    assert shown is not None and len(shown) <= MAX_LEDE_CHARS and shown.endswith("…")
    assert text.startswith(shown[:-1]) and text[len(shown) - 1] == " "
