"""The local workspace's state: people, channels, direct messages with the bot, messages and
each person's Home tab, in memory (bot.localslack.webapi answers the Web API over it).

`post_as_person`, `add_ephemeral` and `respond` are what a person's client and Slack's
response_url do. Every change bumps a sequence number, and `changes` waits for the next one, so
the page can follow the conversation.
"""

from __future__ import annotations

import itertools
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block

# What newsbot's manifest.yml asks for (tests/localslack check that they agree).
APP_SCOPES = frozenset(
    {
        "channels:history",
        "channels:read",
        "groups:history",
        "groups:read",
        "chat:write",
        "im:history",
        "im:write",
        "reactions:write",
        "commands",
    }
)
APP_COMMANDS = ("/newsbot",)
APP_ID = "ALOCALNEWS"  # the app's id in this workspace (api_app_id in what Slack sends it)
APP_BOT_EVENTS = frozenset({"message.channels", "message.groups", "app_home_opened"})

MAX_BLOCKS = 50
MAX_VIEW_BLOCKS = 100  # a Home tab holds twice a message's blocks
MAX_TEXT_CHARS = 40_000


@dataclass
class User:
    id: str
    name: str
    real_name: str
    is_bot: bool = False
    bot_id: str | None = None

    def as_slack(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "real_name": self.real_name,
            "is_bot": self.is_bot,
            "profile": {"display_name": self.name, "real_name": self.real_name},
        }


@dataclass
class Channel:
    id: str
    name: str
    private: bool
    members: set[str]
    topic: str = ""
    archived: bool = False
    # A direct message between the bot and this person (Slack's "im"), else None.
    im_user: str | None = None

    @property
    def im(self) -> bool:
        return self.im_user is not None

    @property
    def kind(self) -> str:
        """The conversation's type as conversations.list's `types` names it."""
        if self.im:
            return "im"
        return "private_channel" if self.private else "public_channel"

    def as_slack(self, viewer: str) -> dict[str, Any]:
        if self.im:
            return {"id": self.id, "is_im": True, "user": self.im_user, "is_open": True}
        return {
            "id": self.id,
            "name": self.name,
            "is_channel": not self.private,
            "is_group": self.private,
            "is_private": self.private,
            "is_archived": self.archived,
            "is_member": viewer in self.members,
            "topic": {"value": self.topic},
            "num_members": len(self.members),
        }


@dataclass
class Message:
    """A message as the workspace keeps it; `as_slack` is what the Web API returns."""

    channel: str
    ts: str
    user: str
    text: str = ""
    blocks: list[Any] | None = None
    attachments: list[Any] | None = None
    thread_ts: str | None = None
    metadata: dict[str, Any] | None = None
    bot_id: str | None = None
    subtype: str | None = None
    # Ephemeral messages are seen by one person and are never in the history.
    visible_to: str | None = None
    reactions: dict[str, list[str]] = field(default_factory=dict)
    replies: list[str] = field(default_factory=list)
    edited: str | None = None
    # What the page shows above an ephemeral answer (the command it answers), if anything.
    note: str | None = None
    seq: int = 0

    def as_slack(self, *, metadata: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "message", "user": self.user, "text": self.text}
        out["ts"] = self.ts
        for key in ("blocks", "attachments", "thread_ts", "bot_id", "subtype"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.replies:
            out["reply_count"] = len(self.replies)
            out["latest_reply"] = self.replies[-1]
        if self.reactions:
            out["reactions"] = [
                {"name": name, "users": list(users), "count": len(users)}
                for name, users in self.reactions.items()
            ]
        if self.edited:
            out["edited"] = {"user": self.user, "ts": self.edited}
        if metadata and self.metadata is not None:
            out["metadata"] = self.metadata
        return out


class SlackError(Exception):
    """A Web API error answer: {"ok": false, "error": code, ...extra}."""

    def __init__(self, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.extra = extra

    def answer(self) -> dict[str, Any]:
        return {"ok": False, "error": self.error, **self.extra}


@dataclass
class PendingCommand:
    """Where a slash command was typed, for the answers posted to its response_url."""

    channel: str
    user: str
    text: str
    thread_ts: str | None = None
    answers: int = 0


# Slack accepts five answers to one response_url (in 30 minutes).
MAX_RESPONSES = 5


def flag(value: Any) -> bool:
    return str(value).lower() in ("1", "true")


@dataclass
class HomeView:
    """A person's Home tab as views.publish left it."""

    id: str
    user: str
    view: dict[str, Any]
    hash: str
    seq: int = 0

    def as_slack(self, team_id: str, app_id: str) -> dict[str, Any]:
        return {
            **self.view,
            "id": self.id,
            "team_id": team_id,
            "app_id": app_id,
            "bot_id": app_id,
            "hash": self.hash,
        }


def block_problems(blocks: Any, *, limit: int = MAX_BLOCKS) -> list[str]:
    """Why Slack would refuse these blocks (invalid_blocks), as its response_metadata says."""
    if not isinstance(blocks, list):
        return ["[ERROR] blocks must be a list [json-pointer:/blocks]"]
    problems: list[str] = []
    if len(blocks) > limit:
        problems.append(f"[ERROR] no more than {limit} items allowed [json-pointer:/blocks]")
    for i, raw in enumerate(blocks):
        where = f"[json-pointer:/blocks/{i}]"
        if not isinstance(raw, dict) or not isinstance(raw.get("type"), str):
            problems.append(f"[ERROR] a block must be an object with a type {where}")
            continue
        try:
            block = Block.parse(raw)
            if block is not None:
                block.validate_json()
        except (SlackObjectFormationError, KeyError, TypeError, ValueError, AttributeError) as e:
            problems.append(f"[ERROR] {e} {where}")
    return problems


class Workspace:
    """One team: its people, the bot, channels and messages, and the bot token's scopes."""

    def __init__(
        self,
        *,
        team_id: str = "TLOCAL0001",
        team_name: str = "Local newsroom",
        bot: User,
        people: Iterable[User] = (),
        channels: Iterable[Channel] = (),
        bot_token: str | None = None,
        scopes: Iterable[str] = APP_SCOPES,
        url: str = "http://127.0.0.1/",
    ) -> None:
        self.team_id = team_id
        self.team_name = team_name
        self.bot = bot
        self.url = url
        self.bot_token = bot_token or f"xoxb-local-{secrets.token_hex(12)}"
        self.scopes = set(scopes)
        self.users: dict[str, User] = {bot.id: bot, **{p.id: p for p in people}}
        self.channels: dict[str, Channel] = {c.id: c for c in channels}
        self.messages: dict[str, dict[str, Message]] = {c: {} for c in self.channels}
        self.commands: dict[str, PendingCommand] = {}
        self.views: dict[str, HomeView] = {}  # by user
        self.seq = 0
        self.lock = threading.Condition()
        self._last_ts = 0.0
        self._response_ids = itertools.count(1)
        # Called with each new message everyone in its channel sees (Slack's message events).
        self.listeners: list[Callable[[Message], None]] = []

    # -- names (mrkdwn.Directory) ----------------------------------------------------------------

    def user_name(self, user_id: str) -> str | None:
        user = self.users.get(user_id)
        return user.name if user else None

    def channel_name(self, channel_id: str) -> str | None:
        channel = self.channels.get(channel_id)
        return channel.name if channel else None

    # -- changes ---------------------------------------------------------------------------------

    def new_ts(self) -> str:
        """A ts unique in the workspace and later than every earlier one, as Slack's are."""
        now = max(time.time(), self._last_ts + 0.000001)
        self._last_ts = now
        return f"{now:.6f}"

    def touch(self, message: Message) -> None:
        message.seq = self.bump()

    def bump(self) -> int:
        """A new sequence number for a change, and a word to those waiting for one."""
        self.seq += 1
        self.lock.notify_all()
        return self.seq

    def changes(self, since: int, timeout: float) -> tuple[int, list[Message]]:
        """Messages changed after sequence number `since`, waiting up to `timeout` for one."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while self.seq <= since:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self.lock.wait(left)
            changed = [
                m for channel in self.messages.values() for m in channel.values() if m.seq > since
            ]
            return self.seq, sorted(changed, key=lambda m: m.seq)

    # -- direct messages and Home tabs ------------------------------------------------------------

    def open_im(self, user: str) -> Channel:
        """The bot's direct message with `user` (one per person, made the first time)."""
        with self.lock:
            if user not in self.users or self.users[user].is_bot:
                raise SlackError("user_not_found")
            found = next((c for c in self.channels.values() if c.im_user == user), None)
            if found is None:
                members = {user, self.bot.id}
                found = Channel(f"D{user[1:]}", self.bot.name, True, members, im_user=user)
                self.channels[found.id] = found
                self.messages[found.id] = {}
            return found

    def publish_home(self, user: str, view: Any) -> HomeView:
        """A person's Home tab, replaced as views.publish replaces it."""
        if not isinstance(view, dict) or view.get("type") != "home":
            raise SlackError("invalid_arguments")
        problems = block_problems(view.get("blocks"), limit=MAX_VIEW_BLOCKS)
        if problems:
            raise SlackError("invalid_blocks", response_metadata={"messages": problems})
        with self.lock:
            if user not in self.users or self.users[user].is_bot:
                raise SlackError("user_not_found")
            old = self.views.get(user)
            home = HomeView(
                old.id if old else f"VLOCAL{len(self.views) + 1:04d}",
                user,
                dict(view),
                f"{time.time():.6f}.{secrets.token_hex(4)}",
            )
            home.seq = self.bump()
            self.views[user] = home
            return home

    # -- what people and Slack itself do -----------------------------------------------------------

    def channel(self, channel_id: Any) -> Channel:
        channel = self.channels.get(str(channel_id or ""))
        if channel is None:
            raise SlackError("channel_not_found")
        return channel

    def add_message(self, message: Message) -> Message:
        """Store a message (the caller holds the lock); a reply is noted on its parent."""
        self.messages[message.channel][message.ts] = message
        if message.thread_ts and message.thread_ts != message.ts:
            parent = self.messages[message.channel].get(message.thread_ts)
            if parent is not None and message.visible_to is None:
                parent.replies.append(message.ts)
                if parent.thread_ts is None:
                    parent.thread_ts = parent.ts
                self.touch(parent)
        self.touch(message)
        if message.visible_to is None:
            for listener in self.listeners:
                listener(message)
        return message

    def post_as_person(
        self, user: str, channel_id: str, text: str, *, thread_ts: str | None = None
    ) -> Message:
        """A person's message, with `text` already in Slack's wire form (entities, <links>)."""
        with self.lock:
            channel = self.channel(channel_id)
            if user not in channel.members:
                raise SlackError("not_in_channel")
            thread = self._thread_parent(channel.id, thread_ts)
            message = Message(channel.id, self.new_ts(), user, text, thread_ts=thread)
            return self.add_message(message)

    def _thread_parent(self, channel: str, thread_ts: Any) -> str | None:
        """The thread a reply goes to: its parent's thread (Slack threads are one level)."""
        if not thread_ts:
            return None
        parent = self.messages[channel].get(str(thread_ts))
        if parent is None:
            return str(thread_ts)
        return parent.thread_ts or parent.ts

    def add_ephemeral(
        self,
        channel_id: str,
        user: str,
        payload: dict[str, Any],
        *,
        sender: str | None = None,
        thread_ts: str | None = None,
        note: str | None = None,
    ) -> Message:
        """A message only `user` sees (a slash command's answer, Slackbot's notices)."""
        with self.lock:
            channel = self.channel(channel_id)
            message = Message(
                channel.id,
                self.new_ts(),
                sender or self.bot.id,
                str(payload.get("text") or ""),
                blocks=payload.get("blocks") or None,
                attachments=payload.get("attachments") or None,
                thread_ts=self._thread_parent(channel.id, thread_ts),
                bot_id=self.bot.bot_id if (sender or self.bot.id) == self.bot.id else None,
                visible_to=user,
                note=note,
            )
            return self.add_message(message)

    def open_command(
        self, channel: str, user: str, text: str, *, thread_ts: str | None = None
    ) -> str:
        """A response_url id for a slash command typed in `channel` by `user`."""
        with self.lock:
            response_id = f"{next(self._response_ids)}-{secrets.token_hex(8)}"
            self.commands[response_id] = PendingCommand(channel, user, text, thread_ts)
            return response_id

    def respond(self, response_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """A post to a slash command's response_url: an ephemeral or in-channel answer."""
        with self.lock:
            command = self.commands.get(response_id)
            if command is None:
                raise SlackError("expired_url")
            if command.answers >= MAX_RESPONSES:
                raise SlackError("used_url")
            command.answers += 1
        problems = block_problems(body["blocks"]) if "blocks" in body else []
        if problems:
            raise SlackError("invalid_blocks", response_metadata={"messages": problems})
        if body.get("delete_original") or body.get("replace_original"):
            self._drop_last_answer(command)
            if body.get("delete_original"):
                return {"ok": True}
        if body.get("response_type") == "in_channel":
            self.post_answer(command.channel, body, thread_ts=command.thread_ts)
        else:
            self.add_ephemeral(
                command.channel,
                command.user,
                body,
                thread_ts=command.thread_ts,
                note=command.text,
            )
        return {"ok": True}

    def post_answer(
        self, channel: str, body: dict[str, Any], *, thread_ts: str | None = None
    ) -> Message:
        """A slash command's answer for everyone in the channel (response_type in_channel)."""
        with self.lock:
            self.channel(channel)
            return self.add_message(self.bot_message(channel, body, thread_ts))

    def _drop_last_answer(self, command: PendingCommand) -> None:
        with self.lock:
            answers = [
                m
                for m in self.messages[command.channel].values()
                if m.visible_to == command.user and m.note == command.text
            ]
            if answers:
                last = answers[-1]
                last.subtype = "message_deleted"
                self.touch(last)

    def bot_message(self, channel: str, params: dict[str, Any], thread_ts: Any = None) -> Message:
        blocks = params.get("blocks")
        attachments = params.get("attachments")
        text = params.get("text")
        if not text and not blocks and not attachments:
            raise SlackError("no_text")
        if text is not None and len(str(text)) > MAX_TEXT_CHARS:
            raise SlackError("msg_too_long")
        if blocks is not None:
            problems = block_problems(blocks)
            if problems:
                raise SlackError("invalid_blocks", response_metadata={"messages": problems})
        metadata = params.get("metadata")
        thread = self._thread_parent(channel, thread_ts)
        broadcast = thread is not None and flag(params.get("reply_broadcast"))
        return Message(
            channel,
            self.new_ts(),
            self.bot.id,
            str(text or ""),
            blocks=blocks or None,
            attachments=attachments or None,
            thread_ts=thread,
            metadata=metadata if isinstance(metadata, dict) else None,
            bot_id=self.bot.bot_id,
            subtype="thread_broadcast" if broadcast else None,
        )
