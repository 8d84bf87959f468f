"""A shared page that is no news article (here a recipe, by its schema.org type) end to end: a
different reaction and one line saying what it is, kept in the archive with its reason, and in
no digest, `top` answer or actor count; `/newsbot article URL` says why."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from slack_sdk import WebClient

from bot.digest_post import Poster, post_digest
from bot.nlp.analyze import Analyzer
from bot.store import queries as q
from tests.fakeslack import VALID_BOT_TOKEN, thread_reply
from tests.slack_harness import CHANNEL, Harness, article_html, message_event, running_app

RECIPE_TITLE = "A plum crumble for autumn"
RECIPE_LD = {"@context": "https://schema.org", "@type": ["Recipe", "BlogPosting"]}
RECIPE = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{RECIPE_TITLE}</title><meta property="og:type" content="article">
<script type="application/ld+json">{json.dumps(RECIPE_LD)}</script></head><body><article>
<h1>{RECIPE_TITLE}</h1>
<p>&ldquo;Plums want a slow oven and a patient cook,&rdquo; said Harriet Pemberton, who has
baked this crumble every autumn for forty years in her kitchen in Riverton.</p>
<p>Halve and stone a kilo of ripe plums and lay them in a buttered dish with two spoons of
brown sugar and a pinch of cinnamon. Rub cold butter into flour and oats until it looks like
rough sand, scatter it over the fruit and bake for forty minutes until the juice bubbles up at
the edges. Serve it warm with custard or cold cream.</p>
<p>Harriet Pemberton said the crumble keeps for three days in a cool larder.</p>
</article></body></html>"""


@pytest.fixture
def harness(tmp_path: Path, analyzer: Analyzer) -> Iterator[Harness]:
    with running_app(tmp_path / "newsbot.db", analyzer) as h:
        yield h


def test_a_recipe_gets_no_article_reply_and_stays_out_of_the_digest_and_top(
    harness: Harness,
) -> None:
    recipe_url = harness.site.html("/food/crumble", RECIPE)
    news_url = harness.site.html("/news/bridge", article_html("Bridge repairs approved", 300))
    harness.post_event(message_event(f"<{recipe_url}>", "1715677200.000100"), event_id="EvR")
    harness.post_event(message_event(f"<{news_url}>", "1715677201.000100"), event_id="EvN")
    recipe_reply = thread_reply(harness.slack, "1715677200.000100")
    thread_reply(harness.slack, "1715677201.000100")
    harness.services.worker.join()

    reactions = {
        c.params["timestamp"]: c.params["name"] for c in harness.slack.calls_of("reactions.add")
    }
    assert reactions == {"1715677200.000100": "page_facing_up", "1715677201.000100": "newspaper"}
    # One line saying what the page is, and none of an article's answer.
    blocks = recipe_reply.params["blocks"]
    assert len(blocks) == 1 and blocks[0]["type"] == "context"
    line = html.unescape(blocks[0]["elements"][0]["text"])
    assert "\n" not in line and "is not a news article: it is a recipe" in line
    assert "Pemberton" not in str(blocks) and "Quotes" not in str(blocks)

    with harness.services.sessions() as session:
        stored = q.find_article(session=session, url=recipe_url)
        top = q.top_actors(session=session, since=None, until=None, limit=50)
        quotes = q.quotes_by_actor(session=session, name="Harriet Pemberton", since=None, limit=5)
    assert stored is not None and stored.page_kind == "a recipe"
    assert stored.not_article_reason == "the page declares itself a schema.org Recipe"
    names = [c.name for c in (*top.by_articles, *top.by_quotes)]
    assert "Maria Alvarez" in names and not any("Pemberton" in n for n in names)
    assert quotes.quotes == ()

    answer = harness.post_command(
        f"article {recipe_url}", response_url=harness.slack.response_url("a")
    )
    assert answer.status_code == 200
    [private] = harness.slack.wait_for("response_url", timeout=30)
    assert "not a news article: it is a recipe (the page declares itself a schema.org Recipe)" in (
        html.unescape(str(private.params["blocks"]))
    )

    client = WebClient(token=VALID_BOT_TOKEN, base_url=harness.slack.api_url)
    poster = Poster(harness.services.sessions, client, min_interval=0.0)
    end = harness.services.clock() + timedelta(minutes=1)
    outcome = post_digest(poster, channel=CHANNEL, period_end=end, timezone="UTC")
    assert outcome.status == "done"
    digest = [
        str(c.params)
        for c in harness.slack.calls_of("chat.postMessage")
        if "newsbot_digest" in str(c.params.get("metadata"))
    ]
    assert digest and "Bridge repairs approved" in "".join(digest)
    assert "crumble" not in "".join(digest).lower() and "Pemberton" not in "".join(digest)
