"""manifest.yml creates the app in one step, validates against Slack's schema, and declares
exactly the events, command and scopes the code uses."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / ".." / "shared" / "slack" / "manifest.schema.json"
CODE = [*ROOT.joinpath("bot").rglob("*.py"), *ROOT.joinpath("handlers").rglob("*.py")]

# The bot scopes each Web API method newsbot calls needs (from Slack's method reference), for
# the conversation types newsbot works in: public and private channels. A method the code
# starts calling must be added here.
METHOD_SCOPES: dict[str, tuple[str, ...]] = {
    "auth_test": (),
    "apps_connections_open": (),  # app-level token (connections:write), not a bot scope
    "chat_getPermalink": (),
    "chat_postMessage": ("chat:write",),
    "chat_postEphemeral": ("chat:write",),
    "chat_update": ("chat:write",),
    "reactions_add": ("reactions:write",),
    "conversations_replies": ("channels:history", "groups:history"),
    # Digests read their channel's history; follow alerts read the direct message's.
    "conversations_history": ("channels:history", "groups:history", "im:history"),
    # Only of private channels: which followers may hear of an article shared there.
    "conversations_members": ("groups:read",),
    "conversations_open": ("im:write",),  # the direct message of a follow alert
    # types=private_channel: who may see what private channels shared (handlers.members); and
    # public_channel too for the Home tab's "digests of your channels".
    "users_conversations": ("groups:read", "channels:read"),
    "views_publish": (),  # the Home tab
}
# What each subscribed event needs: a message event by the conversation type it covers;
# app_home_opened nothing.
EVENT_SCOPES = {
    "message.channels": "channels:history",
    "message.groups": "groups:history",
    "app_home_opened": None,
}
# Slack API methods as slack_sdk names them: client.chat_postMessage(...), etc., called or
# handed to a reader of every page (read_all(client.conversations_history, ...)).
METHOD_CALL = re.compile(
    r"\.((?:auth|apps|chat|reactions|conversations|users|files|views)_\w+)(?=\(|,)"
)


def manifest() -> dict:
    return yaml.safe_load(ROOT.joinpath("manifest.yml").read_text())


def code_text() -> str:
    return "\n".join(p.read_text() for p in CODE)


def test_manifest_validates_against_slacks_published_schema() -> None:
    if not SCHEMA.exists():
        pytest.skip(f"{SCHEMA} is absent: Slack's manifest schema lives in ../shared")
    jsonschema.validate(manifest(), json.loads(SCHEMA.read_text()))


def test_manifest_sets_up_bot_command_events_and_socket_mode() -> None:
    m = manifest()
    assert m["features"]["bot_user"]["display_name"]
    [command] = m["features"]["slash_commands"]
    assert command["command"] == "/newsbot"
    assert "quotes" in command["usage_hint"]
    assert set(m["settings"]["event_subscriptions"]["bot_events"]) == set(EVENT_SCOPES)
    assert m["settings"]["socket_mode_enabled"] is True


def test_every_command_and_event_the_code_listens_to_is_declared() -> None:
    text = code_text()
    commands = set(re.findall(r"\.command\(\s*\"(/[\w-]+)\"", text))
    events = set(re.findall(r"\.event\(\s*\"(\w+)\"", text))
    assert commands == {"/newsbot"}
    declared = {c["command"] for c in manifest()["features"]["slash_commands"]}
    assert commands == declared
    bot_events = manifest()["settings"]["event_subscriptions"]["bot_events"]
    for event in events:
        assert any(e == event or e.startswith(event + ".") for e in bot_events), event


def test_scopes_are_exactly_those_the_code_needs() -> None:
    used = set(METHOD_CALL.findall(code_text()))
    assert "chat_postMessage" in used and "reactions_add" in used  # the scan sees the calls
    unknown = used - set(METHOD_SCOPES)
    assert not unknown, f"add the scope of {sorted(unknown)} to METHOD_SCOPES and the manifest"
    needed = {scope for m in used for scope in METHOD_SCOPES[m]}
    needed |= {scope for scope in EVENT_SCOPES.values() if scope} | {"commands"}
    assert set(manifest()["oauth_config"]["scopes"]["bot"]) == needed


def test_interactivity_is_on_for_the_more_button() -> None:
    """Long /newsbot answers end in a "More" button: Slack sends its clicks only to an app with
    interactivity on, and the app listens for that button."""
    from bot.blocks import MORE_ACTION

    assert manifest()["settings"]["interactivity"]["is_enabled"] is True
    assert "app.action(blocks.MORE_ACTION)" in ROOT.joinpath("handlers", "__init__.py").read_text()
    assert MORE_ACTION


def test_home_tab_is_on_and_its_event_is_listened_to() -> None:
    """The Home tab shows only when the manifest turns it on, and Slack sends app_home_opened
    only to an app subscribed to it; handlers.register listens for it."""
    m = manifest()
    assert m["features"]["app_home"]["home_tab_enabled"] is True
    assert "app_home_opened" in m["settings"]["event_subscriptions"]["bot_events"]
    registered = ROOT.joinpath("handlers", "__init__.py").read_text()
    assert 'app.event("app_home_opened")(home.on_app_home_opened)' in registered
