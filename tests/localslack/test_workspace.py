"""The local Slack's Web API answers the real slack_sdk WebClient as Slack documents it (shapes,
errors, threads, pagination, scopes), its response URLs take slash command answers, and its page
refuses what another site or host could send it."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
import yaml
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.article import extract_article
from bot.localslack.newsroom import BOT, PERSON, LocalNewsroom
from bot.localslack.samples import SAMPLES_HOST, sample_page, samples
from bot.localslack.server import wire_text
from bot.localslack.workspace import (
    APP_BOT_EVENTS,
    APP_COMMANDS,
    APP_SCOPES,
    Channel,
    User,
    Workspace,
)
from bot.nlp.analyze import Analyzer
from tests.localslack.conftest import error_of, started

ROOT = Path(__file__).resolve().parents[2]
NEWS = "CLOCALNEWS"
SECRET_ROOM = "GLOCALINVS"


def test_the_app_config_is_the_manifest() -> None:
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text())
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == APP_SCOPES
    assert tuple(c["command"] for c in manifest["features"]["slash_commands"]) == APP_COMMANDS
    assert set(manifest["settings"]["event_subscriptions"]["bot_events"]) == APP_BOT_EVENTS


def test_auth_test_knows_the_bot_and_refuses_other_tokens(newsroom: LocalNewsroom) -> None:
    api = f"{newsroom.url}/api/"
    answer = WebClient(token=newsroom.workspace.bot_token, base_url=api).auth_test()
    assert (answer["user_id"], answer["bot_id"], answer["team"]) == (
        BOT.id,
        BOT.bot_id,
        "Local newsroom",
    )
    assert error_of(WebClient(token="xoxb-guess", base_url=api).auth_test) == "invalid_auth"
    assert error_of(WebClient(base_url=api).auth_test) == "not_authed"
    bot = WebClient(token=newsroom.workspace.bot_token, base_url=api)
    socket_mode = error_of(bot.apps_connections_open, app_token=newsroom.workspace.bot_token)
    assert socket_mode == "not_allowed_token_type"


def test_messages_threads_and_history(client: WebClient) -> None:
    first = client.chat_postMessage(channel=NEWS, text="first")
    reply = client.chat_postMessage(
        channel=NEWS,
        text="in thread",
        thread_ts=first["ts"],
        metadata={"event_type": "t", "event_payload": {"n": 1}},
    )
    second = client.chat_postMessage(channel=NEWS, text="second")
    assert float(first["ts"]) < float(reply["ts"]) < float(second["ts"])
    history = client.conversations_history(channel=NEWS)["messages"]
    assert [m["text"] for m in history] == ["second", "first"]  # newest first, no replies
    assert history[1]["reply_count"] == 1 and history[1]["thread_ts"] == first["ts"]
    thread = client.conversations_replies(channel=NEWS, ts=first["ts"])["messages"]
    assert [m["text"] for m in thread] == ["first", "in thread"]
    assert "metadata" not in thread[1]
    with_metadata = client.conversations_replies(
        channel=NEWS, ts=first["ts"], include_all_metadata=True
    )["messages"]
    assert with_metadata[1]["metadata"]["event_payload"] == {"n": 1}
    # A reply to a reply joins the same thread, as in Slack.
    client.chat_postMessage(channel=NEWS, text="deeper", thread_ts=reply["ts"])
    thread = client.conversations_replies(channel=NEWS, ts=reply["ts"])["messages"]
    assert [m["text"] for m in thread] == ["first", "in thread", "deeper"]


def test_history_pages_by_cursor(client: WebClient) -> None:
    for n in range(5):
        client.chat_postMessage(channel=NEWS, text=f"m{n}")
    seen: list[str] = []
    cursor = None
    while True:
        page = client.conversations_history(channel=NEWS, limit=2, cursor=cursor)
        seen.extend(m["text"] for m in page["messages"])
        cursor = page["response_metadata"]["next_cursor"]
        assert page["has_more"] == bool(cursor)
        if not cursor:
            break
    assert seen == ["m4", "m3", "m2", "m1", "m0"]


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
def test_blocks_over_slacks_limits_are_refused_as_invalid_blocks(client: WebClient) -> None:
    long_text = {"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}
    with pytest.raises(SlackApiError) as caught:
        client.chat_postMessage(channel=NEWS, text="t", blocks=[long_text])
    assert caught.value.response["error"] == "invalid_blocks"
    assert "json-pointer:/blocks/0" in caught.value.response["response_metadata"]["messages"][0]
    divider = {"type": "divider"}
    assert (
        error_of(client.chat_postMessage, channel=NEWS, text="t", blocks=[divider] * 51)
        == "invalid_blocks"
    )
    assert error_of(client.chat_postMessage, channel=NEWS) == "no_text"
    assert client.conversations_history(channel=NEWS)["messages"] == []


def test_reactions(client: WebClient, newsroom: LocalNewsroom) -> None:
    person = newsroom.workspace.post_as_person(PERSON.id, NEWS, "<https://a.example/>")
    client.reactions_add(channel=NEWS, timestamp=person.ts, name="newspaper")
    assert (
        error_of(client.reactions_add, channel=NEWS, timestamp=person.ts, name="newspaper")
        == "already_reacted"
    )
    assert (
        error_of(client.reactions_add, channel=NEWS, timestamp="1.000001", name="newspaper")
        == "message_not_found"
    )
    message = client.conversations_history(channel=NEWS)["messages"][0]
    assert message["reactions"] == [{"name": "newspaper", "users": [BOT.id], "count": 1}]


def test_channels_the_bot_cannot_see(newsroom: LocalNewsroom) -> None:
    workspace = Workspace(
        bot=BOT,
        people=[PERSON],
        channels=[
            Channel("CPUBLIC001", "public", False, {PERSON.id, BOT.id}),
            Channel("GSECRET001", "secret", True, {PERSON.id}),
            Channel("GSHARED001", "shared", True, {PERSON.id, BOT.id}),
            Channel("COUTSIDE01", "outside", False, {PERSON.id}),
        ],
    )
    room = started(workspace)
    try:
        client = WebClient(token=workspace.bot_token, base_url=f"{room.url}/api/")
        assert error_of(client.conversations_info, channel="GSECRET001") == "channel_not_found"
        assert error_of(client.chat_postMessage, channel="CNOWHERE01", text="x") == (
            "channel_not_found"
        )
        assert error_of(client.chat_postMessage, channel="COUTSIDE01", text="x") == (
            "not_in_channel"
        )
        mine = client.users_conversations(user=PERSON.id, types="private_channel")["channels"]
        assert [c["id"] for c in mine] == ["GSHARED001"]  # the bot sees only where it is
        assert error_of(client.users_conversations, types="im,nonsense") == "invalid_types"
    finally:
        room.close()


def test_a_missing_scope_is_named() -> None:
    workspace = Workspace(bot=BOT, people=[PERSON], scopes=APP_SCOPES - {"groups:read"})
    room = started(workspace)
    try:
        client = WebClient(token=workspace.bot_token, base_url=f"{room.url}/api/")
        with pytest.raises(SlackApiError) as caught:
            client.users_conversations(user=PERSON.id, types="private_channel")
        assert caught.value.response["error"] == "missing_scope"
        assert caught.value.response["needed"] == "groups:read"
    finally:
        room.close()


def test_user_conversations_pages(client: WebClient) -> None:
    seen = []
    cursor = None
    for _ in range(5):
        page = client.users_conversations(
            user=PERSON.id, types="public_channel,private_channel", limit=1, cursor=cursor
        )
        seen.extend(c["id"] for c in page["channels"])
        cursor = page["response_metadata"]["next_cursor"]
        if not cursor:
            break
    assert seen == ["CLOCALNEWS", "CLOCALPOLI", SECRET_ROOM]


def test_response_urls_take_five_answers_then_refuse(newsroom: LocalNewsroom) -> None:
    ws = newsroom.workspace
    rid = ws.open_command(NEWS, PERSON.id, "/newsbot article x")
    url = f"{newsroom.url}/response/{rid}"
    answer = {"response_type": "ephemeral", "text": "only you", "replace_original": False}
    assert httpx.post(url, json=answer).json() == {"ok": True}
    shown = [m for m in ws.messages[NEWS].values()]
    assert [(m.text, m.visible_to, m.note) for m in shown] == [
        ("only you", PERSON.id, "/newsbot article x")
    ]
    httpx.post(url, json={"response_type": "in_channel", "text": "for all"})
    assert [
        m["text"]
        for m in WebClient(
            token=ws.bot_token, base_url=f"{newsroom.url}/api/"
        ).conversations_history(channel=NEWS)["messages"]
    ] == ["for all"]  # ephemerals never listed
    for _ in range(3):
        httpx.post(url, json={"text": "again"})
    assert httpx.post(url, json={"text": "sixth"}).json()["error"] == "used_url"
    assert (
        httpx.post(f"{newsroom.url}/response/0-nope", json={"text": "x"}).json()["error"]
        == "expired_url"
    )


def test_the_page_state_and_its_updates(newsroom: LocalNewsroom) -> None:
    base = newsroom.url
    state = httpx.get(f"{base}/local/state").json()
    assert [c["name"] for c in state["channels"]] == ["newsroom", "politics", "investigations"]
    assert state["me"]["id"] == PERSON.id and state["open_host"] is False
    assert [s["url"].split("/")[2] for s in state["samples"]] == [
        f"{SAMPLES_HOST}:{newsroom.server.port}"
    ] * len(samples())
    ws = newsroom.workspace
    ws.add_ephemeral(NEWS, "ULOCALED01", {"text": "for someone else"})
    posted = httpx.post(
        f"{base}/local/message", json={"channel": NEWS, "text": "see https://a.example/x?y=1&z=2"}
    ).json()
    update = httpx.get(
        f"{base}/local/updates", params={"since": state["seq"], "boot": state["boot"]}
    ).json()
    views = update["messages"]
    assert [v["ts"] for v in views] == [posted["ts"]]  # not the other person's ephemeral
    assert ws.messages[NEWS][posted["ts"]].text == "see <https://a.example/x?y=1&amp;z=2>"
    assert 'href="https://a.example/x?y=1&amp;z=2"' in views[0]["html"]
    stale = httpx.get(f"{base}/local/updates", params={"since": 0, "boot": "old"}).json()
    assert stale == {"boot": state["boot"], "reset": True}


def test_what_a_person_types_goes_out_as_slack_sends_it() -> None:
    assert wire_text("read https://x.example/a?b=1&c=2, then <b>") == (
        "read <https://x.example/a?b=1&amp;c=2>, then &lt;b&gt;"
    )
    assert wire_text("(https://x.example/a).") == "(<https://x.example/a>)."


def test_another_host_or_site_cannot_use_the_page(newsroom: LocalNewsroom) -> None:
    base = newsroom.url
    rebound = httpx.get(f"{base}/local/state", headers={"Host": "evil.example"})
    assert rebound.status_code == 421
    form = httpx.post(f"{base}/local/message", data={"channel": NEWS, "text": "hi"})
    assert form.status_code == 415
    foreign = httpx.post(
        f"{base}/local/message",
        json={"channel": NEWS, "text": "hi"},
        headers={"Origin": "https://evil.example"},
    )
    assert foreign.status_code == 403
    assert newsroom.workspace.messages[NEWS] == {}
    page = httpx.get(f"{base}/")
    assert (
        page.status_code == 200 and "script-src 'self'" in page.headers["content-security-policy"]
    )
    assert httpx.get(f"{base}/static/..%2Fserver.py").status_code == 404
    assert httpx.get(f"{base}/static/server.py").status_code == 404


def test_the_samples_host_serves_samples_and_nothing_else(newsroom: LocalNewsroom) -> None:
    port = newsroom.server.port
    host = {"Host": f"{SAMPLES_HOST}:{port}"}
    base = f"http://127.0.0.1:{port}"
    first = samples()[0]
    page = httpx.get(f"{base}/{first.name}", headers=host)
    assert page.status_code == 200 and first.title in page.text
    for path in ("/", "/local/state", "/api/auth.test", "/static/app.js", "/../server.py"):
        assert httpx.get(f"{base}{path}", headers=host).status_code == 404
    auth = httpx.post(
        f"{base}/api/auth.test",
        headers={**host, "Authorization": f"Bearer {newsroom.workspace.bot_token}"},
    )
    assert auth.status_code == 404


def test_the_sample_articles_are_news_with_named_speakers(analyzer: Analyzer) -> None:
    found = samples()
    assert len(found) >= 3
    for sample in found:
        page = sample_page(f"/{sample.name}")
        assert page is not None
        article = extract_article(page.decode("utf-8"), url=f"http://x.localhost/{sample.name}")
        assert article.title == sample.title and article.site
        analysis = analyzer.analyze(article.text)
        people = [a.name for a in analysis.actors if a.kind == "person"]
        direct = [q for q in analysis.quotes if q.kind == "direct" and q.speaker in people]
        assert len(people) >= 3 and len(direct) >= 3, sample.name


def test_a_web_api_body_that_is_not_json_is_an_error(newsroom: LocalNewsroom) -> None:
    answer = httpx.post(
        f"{newsroom.url}/api/chat.postMessage",
        content=b"{not json",
        headers={"Content-Type": "application/json", "Authorization": "Bearer x"},
    )
    assert answer.json() == {"ok": False, "error": "invalid_json"}
    assert json.loads(httpx.post(f"{newsroom.url}/api/no.such").text)["error"] == ("unknown_method")


def test_users_are_known_by_id(client: WebClient) -> None:
    assert client.users_info(user=PERSON.id)["user"]["name"] == PERSON.name
    assert error_of(client.users_info, user="UNOBODY") == "user_not_found"
    assert isinstance(User("U", "n", "N").as_slack()["profile"], dict)
