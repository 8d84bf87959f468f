"""bot/home_blocks.py and the sparkline: the Home view stays a valid Block Kit home view of a
dozen blocks whatever the archive holds, shows names as written (never as markup), and the
sparkline tells none from a few."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.home import ChannelDigest, HomeData
from bot.home_blocks import build_home, build_home_failure
from bot.store.queries import ActorCount, QuoteView, Trending, Weekly
from bot.wording import sparkline
from tests.blockkit import assert_valid_view

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def test_sparkline_scales_to_the_largest_and_keeps_none_apart_from_some() -> None:
    assert sparkline([0, 1, 4, 8]) == "▁▃▅█"
    assert sparkline([1, 100]) == "▂█"  # one is not none
    assert sparkline([0, 0, 0]) == "▁▁▁"
    assert sparkline([5, 5]) == "██"
    assert sparkline([]) == ""


def weekly(*counts: int) -> Weekly:
    return Weekly(tuple(NOW - timedelta(days=7 * (8 - i)) for i in range(8)), counts)


def quote_view(i: int) -> QuoteView:
    return QuoteView(
        id=i, text=f"<!channel> *big* news {i} " + "x" * 2900, kind="direct", cue="said",
        speaker="Maria Alvarez", speaker_text="Alvarez", actor_id=1, article_id=i,
        article_title="A <story|link>", article_url=f"https://news.example.com/{i}",
        site="Ledger", seen_at=NOW, start=0, end=10,
    )  # fmt: skip


def test_a_full_home_is_a_valid_view_of_few_blocks_with_names_escaped() -> None:
    trending = tuple(
        Trending(ActorCount(i, f"<@U123> *Name* {i}" + "y" * 300, "person", 9 - i),
                 weekly(0, 1, 2, 3, 4, 5, 6, 7))
        for i in range(8)
    )  # fmt: skip
    digests = tuple(
        ChannelDigest(f"C{i:09d}", "08:30", "Europe/Berlin", "every day", NOW) for i in range(60)
    )
    data = HomeData(NOW, trending, digests, 12, tuple(quote_view(i) for i in range(5)))
    view = build_home(data)
    assert_valid_view(view)
    assert len(view["blocks"]) < 20
    text = str(view)
    assert "<@U123>" not in text and "<!channel>" not in text and "<story|link>" not in text
    assert "<#C000000000>" in text  # a channel id is a channel mention
    assert "`▁▃▄▅▅▆▇█` 28 articles in 8 weeks" in text  # 0..7 a week, against 7


def test_a_channel_that_is_no_slack_id_is_not_written_as_markup() -> None:
    digest = ChannelDigest("<!here>", "08:30", "UTC", "every day", None)
    view = build_home(HomeData(NOW, (), (digest,)))
    assert_valid_view(view)
    assert "<!here>" not in str(view) and "<#" not in str(view)


def test_follows_section_says_how_to_follow_when_following_no_one() -> None:
    view = build_home(HomeData(NOW, (), (), following=0))
    assert_valid_view(view)
    assert "`/newsbot follow NAME`" in str(view)
    assert_valid_view(build_home_failure())
