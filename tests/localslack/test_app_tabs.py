"""The app's own place in the local Slack: conversations.open gives the bot one direct message
per person (its Messages tab, read-only for the person), views.publish keeps each person's Home
tab, and the page shows both, as Slack documents them and the real slack_sdk client calls them."""

from __future__ import annotations

import json

import httpx
from slack_sdk import WebClient

from bot.localslack.newsroom import BOT, COLLEAGUE, PERSON, LocalNewsroom
from bot.localslack.workspace import APP_SCOPES, Workspace
from tests.localslack.conftest import error_of, started
from tests.localslack.htmlcheck import assert_safe, visible_text

HOME = {
    "type": "home",
    "blocks": [
        {"type": "header", "text": {"type": "plain_text", "text": "Most quoted this week"}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "*Ada Lovelace* <b>bold?</b>"}},
    ],
}


def test_conversations_open_gives_one_direct_message_per_person(client: WebClient) -> None:
    opened = client.conversations_open(users=PERSON.id)
    dm = opened["channel"]["id"]
    assert dm.startswith("D") and "already_open" not in opened.data
    again = client.conversations_open(users=PERSON.id, return_im=True)
    assert again["channel"] == {"id": dm, "is_im": True, "user": PERSON.id, "is_open": True}
    assert again["already_open"] is True and again["no_op"] is True
    other = client.conversations_open(users=COLLEAGUE.id)["channel"]["id"]
    assert other != dm
    assert error_of(client.conversations_open, users="") == "users_list_not_supplied"
    assert error_of(client.conversations_open, users="UNOBODY001") == "user_not_found"
    assert error_of(client.conversations_open, users=BOT.id) == "cannot_dm_bot"
    assert error_of(client.conversations_open, users=f"{PERSON.id},{COLLEAGUE.id}") == (
        "method_not_supported_for_channel_type"
    )


def test_the_bot_writes_and_reads_its_direct_message_with_the_im_scopes(
    client: WebClient, newsroom: LocalNewsroom
) -> None:
    dm = client.conversations_open(users=PERSON.id)["channel"]["id"]
    posted = client.chat_postMessage(channel=dm, text="Ada Lovelace is quoted")
    history = client.conversations_history(channel=dm)["messages"]
    assert [m["ts"] for m in history] == [posted["ts"]]
    # A DM is no channel: channel listings leave it out unless asked for ims (im:read).
    listed = client.users_conversations(user=PERSON.id, types="public_channel,private_channel")
    assert dm not in [c["id"] for c in listed["channels"]]
    assert error_of(client.users_conversations, user=PERSON.id, types="im") == "missing_scope"
    # The page shows it as the app's Messages tab, not among the channels.
    state = httpx.get(f"{newsroom.url}/local/state").json()
    assert state["app"]["dm"] == dm and dm not in [c["id"] for c in state["channels"]]
    shown = [m for m in state["messages"] if m["channel"] == dm]
    assert [visible_text(m["html"]) for m in shown] == ["Ada Lovelace is quoted"]
    # Read-only for the person, as the manifest's messages_tab_read_only_enabled says.
    refused = httpx.post(f"{newsroom.url}/local/message", json={"channel": dm, "text": "hi"})
    assert refused.status_code == 400 and "turned off" in refused.json()["error"]


def test_without_im_write_no_direct_message_opens() -> None:
    workspace = Workspace(bot=BOT, people=[PERSON], scopes=APP_SCOPES - {"im:write"})
    room = started(workspace)
    try:
        client = WebClient(token=workspace.bot_token, base_url=f"{room.url}/api/")
        assert error_of(client.conversations_open, users=PERSON.id) == "missing_scope"
    finally:
        room.close()


def test_views_publish_keeps_each_persons_home_tab_and_the_page_shows_it(
    client: WebClient, newsroom: LocalNewsroom
) -> None:
    base = newsroom.url
    state = httpx.get(f"{base}/local/state").json()
    assert state["app"]["home"] is None
    answer = client.views_publish(user_id=PERSON.id, view=HOME)
    assert answer["view"]["type"] == "home" and answer["view"]["blocks"] == HOME["blocks"]
    first_id = answer["view"]["id"]
    update = httpx.get(
        f"{base}/local/updates", params={"since": state["seq"], "boot": state["boot"]}
    ).json()
    html = update["home"]["html"]
    assert_safe(html)
    assert "Most quoted this week" in visible_text(html) and "<b>bold?</b>" not in html
    # Published again: the same view replaced; another person's Home is theirs alone.
    replaced = {**HOME, "blocks": HOME["blocks"][:1]}
    assert client.views_publish(user_id=PERSON.id, view=replaced)["view"]["id"] == first_id
    client.views_publish(user_id=COLLEAGUE.id, view=HOME)
    home = httpx.get(f"{base}/local/state").json()["app"]["home"]
    assert visible_text(home["html"]) == "Most quoted this week"
    assert json.dumps(newsroom.workspace.views[COLLEAGUE.id].view) == json.dumps(HOME)


def test_views_publish_refuses_what_slack_refuses(client: WebClient) -> None:
    many = {"type": "home", "blocks": [{"type": "divider"}] * 101}
    assert error_of(client.views_publish, user_id=PERSON.id, view=many) == "invalid_blocks"
    assert client.views_publish(user_id=PERSON.id, view={**many, "blocks": many["blocks"][:100]})
    bad = {"type": "home", "blocks": [{"type": "section"}]}  # a section needs text or fields
    assert error_of(client.views_publish, user_id=PERSON.id, view=bad) == "invalid_blocks"
    modal = {**HOME, "type": "modal"}
    assert error_of(client.views_publish, user_id=PERSON.id, view=modal) == "invalid_arguments"
    assert error_of(client.views_publish, user_id="UNOBODY001", view=HOME) == "user_not_found"


def test_the_page_cannot_open_the_app_before_it_runs(newsroom: LocalNewsroom) -> None:
    """Opening a tab is Slack telling the app; with no app connected the page says so."""
    answer = httpx.post(f"{newsroom.url}/local/app", json={"tab": "home"})
    assert answer.status_code == 503 and "still starting" in answer.json()["error"]
    wrong = httpx.post(f"{newsroom.url}/local/app", json={"tab": "settings"})
    assert wrong.status_code == 400
