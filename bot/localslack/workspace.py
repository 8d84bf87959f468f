"""The local workspace's state and its Web API: the methods newsbot calls, answered as Slack does.

People, channels and messages live in memory. `call` answers a Web API method for a token the
way Slack documents it (the answer's shape, its errors: invalid_auth, missing_scope,
channel_not_found, not_in_channel, message_not_found, already_reacted, invalid_blocks, ...);
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
APP_BOT_EVENTS = frozenset({"message.channels", "message.groups", "app_home_opened"})

MAX_BLOCKS = 50
MAX_TEXT_CHARS = 40_000
# A page of conversations.* when the caller gives no limit, and the most it may ask for.
DEFAULT_PAGE = 100
MAX_PAGE = 1000


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

    def as_slack(self, viewer: str) -> dict[str, Any]:
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


def _flag(value: Any) -> bool:
    return str(value).lower() in ("1", "true")


def _page(items: list[Any], params: dict[str, Any], key: str) -> dict[str, Any]:
    """One page of `items` from `cursor` (an offset here, opaque to clients as Slack's are)."""
    try:
        limit = int(params.get("limit") or DEFAULT_PAGE)
        start = int(params.get("cursor") or 0)
    except ValueError:
        raise SlackError("invalid_cursor") from None
    end = start + max(1, min(limit, MAX_PAGE))
    next_cursor = str(end) if end < len(items) else ""
    return {
        key: items[start:end],
        "has_more": bool(next_cursor),
        "response_metadata": {"next_cursor": next_cursor},
    }


def block_problems(blocks: Any) -> list[str]:
    """Why Slack would refuse these blocks (invalid_blocks), as its response_metadata says."""
    if not isinstance(blocks, list):
        return ["[ERROR] blocks must be a list [json-pointer:/blocks]"]
    problems: list[str] = []
    if len(blocks) > MAX_BLOCKS:
        problems.append(f"[ERROR] no more than {MAX_BLOCKS} items allowed [json-pointer:/blocks]")
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

    def _new_ts(self) -> str:
        """A ts unique in the workspace and later than every earlier one, as Slack's are."""
        now = max(time.time(), self._last_ts + 0.000001)
        self._last_ts = now
        return f"{now:.6f}"

    def _touch(self, message: Message) -> None:
        self.seq += 1
        message.seq = self.seq
        self.lock.notify_all()

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

    # -- what people and Slack itself do -----------------------------------------------------------

    def _channel(self, channel_id: Any) -> Channel:
        channel = self.channels.get(str(channel_id or ""))
        if channel is None:
            raise SlackError("channel_not_found")
        return channel

    def _add(self, message: Message) -> Message:
        """Store a message (the caller holds the lock); a reply is noted on its parent."""
        self.messages[message.channel][message.ts] = message
        if message.thread_ts and message.thread_ts != message.ts:
            parent = self.messages[message.channel].get(message.thread_ts)
            if parent is not None and message.visible_to is None:
                parent.replies.append(message.ts)
                if parent.thread_ts is None:
                    parent.thread_ts = parent.ts
                self._touch(parent)
        self._touch(message)
        if message.visible_to is None:
            for listener in self.listeners:
                listener(message)
        return message

    def post_as_person(
        self, user: str, channel_id: str, text: str, *, thread_ts: str | None = None
    ) -> Message:
        """A person's message, with `text` already in Slack's wire form (entities, <links>)."""
        with self.lock:
            channel = self._channel(channel_id)
            if user not in channel.members:
                raise SlackError("not_in_channel")
            thread = self._thread_parent(channel.id, thread_ts)
            message = Message(channel.id, self._new_ts(), user, text, thread_ts=thread)
            return self._add(message)

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
            channel = self._channel(channel_id)
            message = Message(
                channel.id,
                self._new_ts(),
                sender or self.bot.id,
                str(payload.get("text") or ""),
                blocks=payload.get("blocks") or None,
                attachments=payload.get("attachments") or None,
                thread_ts=self._thread_parent(channel.id, thread_ts),
                bot_id=self.bot.bot_id if (sender or self.bot.id) == self.bot.id else None,
                visible_to=user,
                note=note,
            )
            return self._add(message)

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
            self._channel(channel)
            return self._add(self._bot_message(channel, body, thread_ts))

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
                self._touch(last)

    # -- the Web API ------------------------------------------------------------------------------

    def call(self, method: str, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        """The answer to one Web API call, as Slack would give it."""
        handler = _METHODS.get(method)
        if handler is None:
            return {"ok": False, "error": "unknown_method"}
        if not token:
            return {"ok": False, "error": "not_authed"}
        if token != self.bot_token:
            return {"ok": False, "error": "invalid_auth"}
        try:
            return {"ok": True, **handler(self, params)}
        except SlackError as exc:
            return exc.answer()

    def _need(self, scope: str) -> None:
        if scope not in self.scopes:
            raise SlackError("missing_scope", needed=scope, provided=",".join(sorted(self.scopes)))

    def _member_channel(self, params: dict[str, Any], *, read: bool = False) -> Channel:
        """The channel named in `params`, as the bot may use it."""
        channel = self._channel(params.get("channel"))
        if channel.private and self.bot.id not in channel.members:
            raise SlackError("channel_not_found")  # a private channel is invisible outside
        if read:
            self._need("groups:history" if channel.private else "channels:history")
        return channel

    def _bot_message(self, channel: str, params: dict[str, Any], thread_ts: Any = None) -> Message:
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
        broadcast = thread is not None and _flag(params.get("reply_broadcast"))
        return Message(
            channel,
            self._new_ts(),
            self.bot.id,
            str(text or ""),
            blocks=blocks or None,
            attachments=attachments or None,
            thread_ts=thread,
            metadata=metadata if isinstance(metadata, dict) else None,
            bot_id=self.bot.bot_id,
            subtype="thread_broadcast" if broadcast else None,
        )

    def _find(self, channel: Channel, ts: Any) -> Message:
        message = self.messages[channel.id].get(str(ts or ""))
        if message is None or message.visible_to is not None:
            raise SlackError("message_not_found")
        return message

    def _visible(self, message: Message) -> bool:
        return message.visible_to is None and message.subtype != "message_deleted"


def _auth_test(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    return {
        "url": ws.url,
        "team": ws.team_name,
        "user": ws.bot.name,
        "team_id": ws.team_id,
        "user_id": ws.bot.id,
        "bot_id": ws.bot.bot_id,
        "is_enterprise_install": False,
    }


def _apps_connections_open(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    # Socket Mode needs an app-level token; the local workspace speaks HTTP only.
    raise SlackError("not_allowed_token_type")


def _chat_post_message(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    ws._need("chat:write")
    with ws.lock:
        channel = ws._member_channel(params)
        if ws.bot.id not in channel.members:
            raise SlackError("not_in_channel")
        message = ws._add(ws._bot_message(channel.id, params, params.get("thread_ts")))
        return {"channel": channel.id, "ts": message.ts, "message": message.as_slack()}


def _chat_post_ephemeral(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    ws._need("chat:write")
    with ws.lock:
        channel = ws._member_channel(params)
        user = str(params.get("user") or "")
        if user not in ws.users:
            raise SlackError("user_not_found")
        if user not in channel.members:
            raise SlackError("user_not_in_channel")
        message = ws._bot_message(channel.id, params, params.get("thread_ts"))
        message.visible_to = user
        ws._add(message)
        return {"message_ts": message.ts}


def _chat_update(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    ws._need("chat:write")
    with ws.lock:
        channel = ws._member_channel(params)
        message = ws._find(channel, params.get("ts"))
        if message.user != ws.bot.id:
            raise SlackError("cant_update_message")
        fresh = ws._bot_message(channel.id, {"text": message.text, **params})
        message.text, message.blocks = fresh.text, fresh.blocks
        message.attachments = fresh.attachments
        message.edited = ws._new_ts()
        ws._touch(message)
        return {"channel": channel.id, "ts": message.ts, "text": message.text}


def _chat_delete(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    ws._need("chat:write")
    with ws.lock:
        channel = ws._member_channel(params)
        message = ws._find(channel, params.get("ts"))
        if message.user != ws.bot.id:
            raise SlackError("cant_delete_message")
        message.subtype = "message_deleted"
        ws._touch(message)
        return {"channel": channel.id, "ts": message.ts}


def _chat_get_permalink(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    with ws.lock:
        channel = ws._member_channel(params)
        message = ws._find(channel, params.get("message_ts"))
    digits = message.ts.replace(".", "")
    link = f"{ws.url.rstrip('/')}/#/{channel.id}/p{digits}"
    if message.thread_ts and message.thread_ts != message.ts:
        link += f"?thread_ts={message.thread_ts}"
    return {"channel": channel.id, "permalink": link}


def _reaction_target(ws: Workspace, params: dict[str, Any]) -> tuple[Message, str]:
    ws._need("reactions:write")
    channel = ws._member_channel(params)
    name = str(params.get("name") or "").strip(":")
    if not name or not all(c.isalnum() or c in "_+-'" for c in name):
        raise SlackError("invalid_name")
    return ws._find(channel, params.get("timestamp")), name


def _reactions_add(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    with ws.lock:
        message, name = _reaction_target(ws, params)
        users = message.reactions.setdefault(name, [])
        if ws.bot.id in users:
            raise SlackError("already_reacted")
        users.append(ws.bot.id)
        ws._touch(message)
        return {}


def _reactions_remove(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    with ws.lock:
        message, name = _reaction_target(ws, params)
        users = message.reactions.get(name, [])
        if ws.bot.id not in users:
            raise SlackError("no_reaction")
        users.remove(ws.bot.id)
        if not users:
            del message.reactions[name]
        ws._touch(message)
        return {}


def _conversations_info(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    with ws.lock:
        return {"channel": ws._member_channel(params).as_slack(ws.bot.id)}


def _window(params: dict[str, Any]) -> tuple[float, float, bool]:
    try:
        oldest = float(params.get("oldest") or 0)
        latest = float(params.get("latest") or "inf")
    except ValueError:
        raise SlackError("invalid_ts_oldest") from None
    return oldest, latest, _flag(params.get("inclusive"))


def _in_window(ts: str, oldest: float, latest: float, inclusive: bool) -> bool:
    t = float(ts)
    if inclusive:
        return oldest <= t <= latest
    return oldest < t < latest


def _conversations_history(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    """Top-level messages (and thread replies sent to the channel too), newest first."""
    oldest, latest, inclusive = _window(params)
    with ws.lock:
        channel = ws._member_channel(params, read=True)
        shown = [
            m.as_slack(metadata=_flag(params.get("include_all_metadata")))
            for m in reversed(ws.messages[channel.id].values())
            if ws._visible(m)
            and (m.thread_ts in (None, m.ts) or m.subtype == "thread_broadcast")
            and _in_window(m.ts, oldest, latest, inclusive)
        ]
    return _page(shown, params, "messages")


def _conversations_replies(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    """A thread, parent first, oldest first."""
    oldest, latest, inclusive = _window(params)
    with ws.lock:
        channel = ws._member_channel(params, read=True)
        parent = ws.messages[channel.id].get(str(params.get("ts") or ""))
        if parent is None or not ws._visible(parent):
            raise SlackError("thread_not_found")
        root = parent.thread_ts or parent.ts
        thread = [
            m.as_slack(metadata=_flag(params.get("include_all_metadata")))
            for m in ws.messages[channel.id].values()
            if ws._visible(m)
            and (m.ts == root or m.thread_ts == root)
            and (m.ts == root or _in_window(m.ts, oldest, latest, inclusive))
        ]
    return _page(thread, params, "messages")


def _conversations_members(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    with ws.lock:
        channel = ws._member_channel(params)
        ws._need("groups:read" if channel.private else "channels:history")
        members = sorted(channel.members)
    return _page(members, params, "members")


def _types(params: dict[str, Any]) -> set[str]:
    types = set(str(params.get("types") or "public_channel").split(","))
    if types - {"public_channel", "private_channel", "mpim", "im"}:
        raise SlackError("invalid_types")
    return types


def _listing(ws: Workspace, params: dict[str, Any], user: str | None) -> dict[str, Any]:
    """Channels of `types` the bot can see (those `user` is in, when a user is named)."""
    types = _types(params)
    if "private_channel" in types:
        ws._need("groups:read")
    archived_too = not _flag(params.get("exclude_archived"))
    with ws.lock:
        found = [
            c.as_slack(ws.bot.id)
            for c in sorted(ws.channels.values(), key=lambda c: c.id)
            if ("private_channel" if c.private else "public_channel") in types
            # A bot token sees private channels only where the bot is a member.
            and (not c.private or ws.bot.id in c.members)
            and (user is None or user in c.members)
            and (archived_too or not c.archived)
        ]
    return _page(found, params, "channels")


def _users_conversations(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    user = str(params.get("user") or ws.bot.id)
    if user not in ws.users:
        raise SlackError("user_not_found")
    return _listing(ws, params, user)


def _conversations_list(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    return _listing(ws, params, None)


def _users_info(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    user = ws.users.get(str(params.get("user") or ""))
    if user is None:
        raise SlackError("user_not_found")
    return {"user": user.as_slack()}


_METHODS = {
    "auth.test": _auth_test,
    "apps.connections.open": _apps_connections_open,
    "chat.postMessage": _chat_post_message,
    "chat.postEphemeral": _chat_post_ephemeral,
    "chat.update": _chat_update,
    "chat.delete": _chat_delete,
    "chat.getPermalink": _chat_get_permalink,
    "reactions.add": _reactions_add,
    "reactions.remove": _reactions_remove,
    "conversations.info": _conversations_info,
    "conversations.history": _conversations_history,
    "conversations.replies": _conversations_replies,
    "conversations.members": _conversations_members,
    "conversations.list": _conversations_list,
    "users.conversations": _users_conversations,
    "users.info": _users_info,
}
