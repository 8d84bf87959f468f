"""The local newsroom with the real app behind it, as `newsbot run` wires it without tokens: a
shared sample link becomes a signed event, the app fetches the sample from its own origin and
answers with a reaction and a thread reply; `/newsbot` answers privately; `digest now` posts the
digest in the channel; opening the app's Home tab shows the view it publishes, and a follow
alert arrives in the person's DM with the bot. Everything crosses real HTTP both ways."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.cli_run import app_behind
from bot.localslack.newsroom import BOT, COLLEAGUE, PERSON, LocalNewsroom
from bot.localslack.samples import samples
from bot.localslack.server import wire_text
from bot.localslack.workspace import Message
from bot.nlp.analyze import Analyzer
from bot.settings import Settings
from tests.localslack.htmlcheck import assert_safe, visible_text

NEWS = "CLOCALNEWS"
SAMPLE = "eastmouth-flood-barrier.html"


@pytest.fixture
def newsroom(tmp_path: Path, analyzer: Analyzer) -> Iterator[LocalNewsroom]:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, NEWSBOT_DATABASE_URL=f"sqlite:///{tmp_path / 'local.db'}", NEWSBOT_WORKERS=2
    )
    room = LocalNewsroom("127.0.0.1", 0)
    try:
        with app_behind(room, settings):
            yield room
    finally:
        room.close()


def wait_for(
    room: LocalNewsroom, found: Callable[[list[Message]], Any], timeout: float = 30.0
) -> Any:
    """Poll the workspace until `found(messages of #newsroom)` is truthy; return it."""
    deadline = time.monotonic() + timeout
    while True:
        with room.workspace.lock:
            messages = list(room.workspace.messages[NEWS].values())
        result = found(messages)
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"not found within {timeout}s: {[m.text for m in messages]}")
        time.sleep(0.1)


def page(room: LocalNewsroom, path: str, body: dict[str, Any]) -> dict[str, Any]:
    answer = httpx.post(f"{room.url}{path}", json=body, timeout=10)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def share_sample(room: LocalNewsroom) -> Message:
    url = next(s.url(room.sample_origin) for s in samples() if s.name == SAMPLE)
    ts = page(room, "/local/message", {"channel": NEWS, "text": url})["ts"]
    return wait_for(
        room,
        lambda ms: next((m for m in ms if m.thread_ts == ts and m.ts != ts), None),
    )


def test_a_shared_sample_gets_a_reaction_and_a_reply_with_actors_and_quotes(
    newsroom: LocalNewsroom,
) -> None:
    reply = share_sample(newsroom)
    parent = newsroom.workspace.messages[NEWS][reply.thread_ts or ""]
    assert parent.user == PERSON.id and parent.reactions == {"newspaper": [BOT.id]}
    assert parent.replies == [reply.ts]
    html = newsroom.slack.view(reply)["html"]  # type: ignore[index]
    assert_safe(html)
    text = visible_text(html)
    assert "Eastmouth council approves £40m flood barrier" in text
    assert "Key actors" in text and "Priya Nandakumar" in text
    assert "“This is the most important decision this council has taken" in text


def test_slash_commands_answer_only_the_person(newsroom: LocalNewsroom) -> None:
    share_sample(newsroom)
    page(newsroom, "/local/message", {"channel": NEWS, "text": "/newsbot quotes Priya Nandakumar"})
    answer = wait_for(newsroom, lambda ms: next((m for m in ms if m.visible_to), None))
    assert answer.visible_to == PERSON.id and answer.note == "/newsbot quotes Priya Nandakumar"
    assert "Four hundred homes" in visible_text(newsroom.slack.view(answer)["html"])  # type: ignore[index]
    page(newsroom, "/local/command", {"channel": NEWS, "text": "/unknown thing"})
    notice = wait_for(newsroom, lambda ms: next((m for m in ms if m.user == "USLACKBOT"), None))
    assert "is not a valid command" in notice.text


def test_digest_now_posts_the_digest_in_the_channel(newsroom: LocalNewsroom) -> None:
    share_sample(newsroom)
    page(newsroom, "/local/command", {"channel": NEWS, "text": "/newsbot digest now"})

    def digest(messages: list[Message]) -> Message | None:
        return next(
            (
                m
                for m in messages
                if m.user == BOT.id and not m.visible_to and not m.thread_ts and m.blocks
            ),
            None,
        )

    parent = wait_for(newsroom, digest, timeout=60)
    assert parent.blocks and parent.blocks[0]["type"] == "header"
    wait_for(newsroom, lambda ms: len(newsroom.workspace.messages[NEWS][parent.ts].replies) >= 2)
    html = newsroom.slack.view(parent)["html"]  # type: ignore[index]
    # Who shared is a count: a digest pings no one.
    assert "News digest" in visible_text(html) and "@you" not in visible_text(html)
    assert "shared by 1 person" in visible_text(html)


def test_the_app_refuses_private_links_but_reads_its_samples(newsroom: LocalNewsroom) -> None:
    private = f"{newsroom.url}/"  # the page itself: loopback, and not the samples' origin
    ts = page(newsroom, "/local/message", {"channel": NEWS, "text": private})["ts"]
    reply = wait_for(
        newsroom, lambda ms: next((m for m in ms if m.thread_ts == ts and m.ts != ts), None)
    )
    assert "private network" in reply.text
    assert newsroom.workspace.messages[NEWS][ts].reactions == {"warning": [BOT.id]}


def wait(found: Callable[[], Any], timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while not (result := found()):
        if time.monotonic() > deadline:
            raise AssertionError(f"not found within {timeout}s")
        time.sleep(0.1)
    return result


def test_opening_the_app_home_tab_shows_the_view_the_app_publishes(
    newsroom: LocalNewsroom,
) -> None:
    share_sample(newsroom)
    assert page(newsroom, "/local/app", {"tab": "home"})["sent"] is True
    home = wait(newsroom.slack.home)
    assert_safe(home["html"])
    text = visible_text(home["html"])
    assert "Your newsroom this week" in text and "Priya Nandakumar" in text
    # The Messages tab is the app's DM with the person: no Home view is published for it.
    seq = home["seq"]
    page(newsroom, "/local/app", {"tab": "messages"})
    time.sleep(1.0)
    assert newsroom.slack.home()["seq"] == seq  # type: ignore[index]


def test_a_followed_actor_quoted_in_a_colleagues_share_arrives_as_a_direct_message(
    newsroom: LocalNewsroom,
) -> None:
    """Sam shares the sample; you follow its main speaker; Sam shares it again elsewhere and
    newsbot opens your DM with the bot (conversations.open) and tells you there."""
    ws = newsroom.workspace
    url = next(s.url(newsroom.sample_origin) for s in samples() if s.name == SAMPLE)
    first = ws.post_as_person(COLLEAGUE.id, NEWS, wire_text(url))
    wait_for(newsroom, lambda ms: any(m.thread_ts == first.ts and m.ts != first.ts for m in ms))
    page(newsroom, "/local/command", {"channel": NEWS, "text": "/newsbot follow Priya Nandakumar"})
    wait_for(newsroom, lambda ms: any("You now follow" in m.text for m in ms if m.visible_to))
    ws.post_as_person(COLLEAGUE.id, "CLOCALPOLI", wire_text(url))
    dm = ws.open_im(PERSON.id).id
    alert = wait(lambda: next(iter(ws.messages[dm].values()), None), timeout=60)
    assert alert.user == BOT.id and alert.visible_to is None
    html = newsroom.slack.view(alert)["html"]  # type: ignore[index]
    assert_safe(html)
    text = visible_text(html)
    assert "Priya Nandakumar, whom you follow, is quoted in" in text
    assert "Eastmouth council approves £40m flood barrier" in text
    state = httpx.get(f"{newsroom.url}/local/state").json()
    assert state["app"]["dm"] == dm
    assert [m["ts"] for m in state["messages"] if m["channel"] == dm] == [alert.ts]
