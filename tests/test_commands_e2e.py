"""/newsbot answers through the real Bolt app and the fake Slack: names found by any part of
them, time windows by when the newsroom first saw an article, counts that agree, and wording
("1 article", not "1 articles")."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.blocks import MORE_ACTION
from bot.clock import utc_now
from bot.nlp.analyze import Analyzer
from bot.store import queries as q
from tests.blockkit import assert_valid_blocks
from tests.slack_harness import Harness, running_app
from tests.store.factories import actor, analysis, article, quote


@pytest.fixture
def harness(tmp_path: Path, analyzer: Analyzer) -> Iterator[Harness]:
    with running_app(tmp_path / "newsbot.db", analyzer) as h:
        yield h


def store(h: Harness, url: str, actors: list[Any], quotes: list[Any], **kw: Any) -> int:
    """An article everyone may see, as `newsbot ingest` stores it."""
    with h.services.sessions() as session:
        [article_id] = q.store_analyses(
            session=session, items=[(article(url, **kw), analysis(actors, quotes))], public=True
        )
    return article_id


def ask(h: Harness, text: str) -> dict[str, Any]:
    response = h.post_command(text, response_url=h.slack.response_url())
    assert response.status_code == 200
    body = response.json()
    assert body["response_type"] == "ephemeral"
    return body


def shown(body: dict[str, Any]) -> str:
    """Everything the answer shows: its blocks' texts, in order."""
    texts: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text"):
                texts.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(body["blocks"])
    return "\n".join(texts)


def test_one_article_and_one_quote_are_singular_in_every_answer(harness: Harness) -> None:
    store(
        harness,
        "https://news.example.com/one",
        [actor("Maria Alvarez", role="senator")],
        [quote("The bridge must be repaired this year", "Maria Alvarez")],
        published=None,  # read today: inside `top month`
    )
    for text in ("actor Maria Alvarez", "quotes Maria Alvarez", "top month", "search bridge"):
        answer = shown(ask(harness, text))
        for plural in ("1 articles", "1 quotes", "1 actors"):
            assert plural not in answer, (text, answer)
    assert "1 article" in shown(ask(harness, "actor Maria Alvarez"))
    assert "1 quote" in shown(ask(harness, "quotes Maria Alvarez"))
    assert "1 quote" in shown(ask(harness, "search bridge"))
    assert "1 article" in shown(ask(harness, "top month"))


def test_quotes_duncan_smith_answers_with_iain_duncan_smiths_quotes(harness: Harness) -> None:
    store(
        harness,
        "https://news.example.com/welfare",
        [actor("Iain Duncan Smith", role="former work and pensions secretary")],
        [quote("Universal credit was always meant to make work pay", "Iain Duncan Smith")],
    )
    answer = shown(ask(harness, "quotes Duncan Smith"))
    assert "Iain Duncan Smith" in answer
    assert "Universal credit was always meant to make work pay" in answer
    profile = shown(ask(harness, "actor duncan smith"))
    assert "Iain Duncan Smith" in profile and "1 quote" in profile


def test_an_ambiguous_name_lists_the_people_it_could_mean(harness: Harness) -> None:
    for n, who in enumerate(("Iain Duncan Smith", "John Smith")):
        store(harness, f"https://news.example.com/{n}", [actor(who)], [quote(f"words {n}", who)])
    for command in ("quotes Smith", "actor Smith"):
        answer = shown(ask(harness, command))
        assert "could be several people" in answer, command
        assert "Iain Duncan Smith" in answer and "John Smith" in answer
        assert "words 0" not in answer and "words 1" not in answer


def test_windows_count_when_the_newsroom_first_saw_the_article(harness: Harness) -> None:
    """An old story shared today is in `top today` and `quotes NAME 1`; its answer shows both
    dates, newest first by when it was shared."""
    store(
        harness,
        "https://news.example.com/archive/2019/bridge",
        [actor("Maria Alvarez", role="senator")],
        [quote("I warned about this bridge years ago", "Maria Alvarez")],
        published="2019-03-01",
    )
    top = shown(ask(harness, "top today"))
    assert "Maria Alvarez" in top and "1 article" in top
    answer = shown(ask(harness, "quotes Maria Alvarez 1"))
    assert "I warned about this bridge years ago" in answer
    assert "(published 1 Mar 2019)" in answer
    assert "Maria Alvarez" in shown(ask(harness, "top week"))


def many_quotes(h: Harness, n: int) -> None:
    """`n` quotes of Maria Alvarez, one article each, the i-th seen i hours ago."""
    now = utc_now()
    with h.services.sessions() as session:
        for i in range(n):
            q.store_analyses(
                session=session,
                items=[
                    (
                        article(f"https://news.example.com/{i}", title=f"Story {i}"),
                        analysis(
                            [actor("Maria Alvarez")], [quote(f"quote number {i}", "Maria Alvarez")]
                        ),
                    )
                ],
                public=True,
                fetched_at=now - timedelta(hours=i),
            )


def test_a_long_answer_says_how_many_and_more_shows_the_rest(harness: Harness) -> None:
    many_quotes(harness, 21)
    first = ask(harness, "quotes Maria Alvarez")
    text = shown(first)
    assert text.startswith("15 of 21 quotes from *Maria Alvarez*")
    assert "quote number 0" in text and "quote number 14" in text
    assert "quote number 15" not in text  # newest first: the oldest wait for More
    url = harness.slack.response_url("more")
    clicked = harness.click(first, MORE_ACTION, response_url=url)
    assert clicked.status_code == 200
    [page] = harness.slack.wait_for(
        "response_url", where=lambda c: c.params.get("replace_original")
    )
    rest = shown(page.params)
    assert rest.startswith("Quotes 16–21 of 21 from *Maria Alvarez*")
    assert [f"quote number {i}" in rest for i in (15, 20)] == [True, True]
    assert "quote number 14" not in rest
    assert all(b["type"] != "actions" for b in page.params["blocks"])  # nothing more to show


def test_actor_shows_recent_quotes_and_agrees_with_quotes_on_counts(harness: Harness) -> None:
    many_quotes(harness, 5)
    profile = shown(ask(harness, "actor Maria Alvarez"))
    assert "In 5 articles with 5 quotes" in profile
    assert "*Recent quotes* (3 of 5 quotes)" in profile
    assert "quote number 0" in profile and "quote number 3" not in profile
    assert shown(ask(harness, "quotes Maria Alvarez")).startswith("5 quotes from *Maria Alvarez*")


def test_a_long_search_says_how_many_and_more_shows_the_rest(harness: Harness) -> None:
    many_quotes(harness, 21)
    first = ask(harness, "search quote number")
    assert shown(first).startswith("15 of 21 quotes containing “quote number”")
    url = harness.slack.response_url("more-search")
    assert harness.click(first, MORE_ACTION, response_url=url).status_code == 200
    [page] = harness.slack.wait_for(
        "response_url", where=lambda c: c.params.get("replace_original")
    )
    rest = shown(page.params)
    assert rest.startswith("Quotes 16–21 of 21 containing “quote number”")
    assert "quote number 0" in rest  # stored first: the oldest in the archive


def test_actor_shows_weeks_outlets_and_who_they_appear_with(harness: Harness) -> None:
    """`/newsbot actor NAME`: articles and quotes per week over the last 8 weeks as sparklines,
    the outlets quoting them most, the actors in most of their articles."""
    now = utc_now()
    for n, days, site, others in (
        (1, 1, "Riverton Ledger", [actor("Tom Becker")]),
        (2, 2, "Riverton Ledger", [actor("Tom Becker"), actor("Aisha Khan")]),
        (3, 16, "Valley Courier", []),
    ):
        with harness.services.sessions() as session:
            q.store_analyses(
                session=session,
                public=True,
                fetched_at=now - timedelta(days=days),
                items=[
                    (
                        article(f"https://news.example.com/{n}", site=site, published=None),
                        analysis(
                            [actor("Maria Alvarez"), *others],
                            [quote(f"Claim number {n}", "Maria Alvarez")],
                        ),
                    )
                ],
            )
    body = ask(harness, "actor Maria Alvarez")
    assert_valid_blocks(body)
    answer = shown(body)
    assert "`▁▁▁▁▁▅▁█` 3 articles · `▁▁▁▁▁▅▁█` 3 quotes" in answer
    assert "*Quoted most in:* Riverton Ledger (2 quotes), Valley Courier (1 quote)" in answer
    assert "*Appears most with:* *Tom Becker* (2 articles), *Aisha Khan* (1 article)" in answer
