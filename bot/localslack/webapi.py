"""The local workspace's Web API: the methods newsbot calls, answered for a token the way Slack
documents them (the answer's shape and its errors: invalid_auth, missing_scope,
channel_not_found, not_in_channel, message_not_found, already_reacted, invalid_blocks, ...),
over the state bot.localslack.workspace keeps.
"""

from __future__ import annotations

import json
from typing import Any

from bot.localslack.workspace import (
    APP_ID,
    Channel,
    Message,
    SlackError,
    Workspace,
    flag,
)

# A page of conversations.* when the caller gives no limit, and the most it may ask for.
DEFAULT_PAGE = 100
MAX_PAGE = 1000


def call(ws: Workspace, method: str, params: dict[str, Any], token: str | None) -> dict[str, Any]:
    """The answer to one Web API call, as Slack would give it."""
    handler = _METHODS.get(method)
    if handler is None:
        return {"ok": False, "error": "unknown_method"}
    if not token:
        return {"ok": False, "error": "not_authed"}
    if token != ws.bot_token:
        return {"ok": False, "error": "invalid_auth"}
    try:
        return {"ok": True, **handler(ws, params)}
    except SlackError as exc:
        return exc.answer()


def _need(ws: Workspace, scope: str) -> None:
    if scope not in ws.scopes:
        raise SlackError("missing_scope", needed=scope, provided=",".join(sorted(ws.scopes)))


def _history_scope(channel: Channel) -> str:
    if channel.im:
        return "im:history"
    return "groups:history" if channel.private else "channels:history"


def _member_channel(ws: Workspace, params: dict[str, Any], *, read: bool = False) -> Channel:
    """The channel named in `params`, as the bot may use it."""
    channel = ws.channel(params.get("channel"))
    if channel.private and ws.bot.id not in channel.members:
        raise SlackError("channel_not_found")  # a private channel is invisible outside
    if read:
        _need(ws, _history_scope(channel))
    return channel


def _find(ws: Workspace, channel: Channel, ts: Any) -> Message:
    message = ws.messages[channel.id].get(str(ts or ""))
    if message is None or message.visible_to is not None:
        raise SlackError("message_not_found")
    return message


def _visible(message: Message) -> bool:
    return message.visible_to is None and message.subtype != "message_deleted"


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
    _need(ws, "chat:write")
    with ws.lock:
        channel = _member_channel(ws, params)
        if ws.bot.id not in channel.members:
            raise SlackError("not_in_channel")
        message = ws.add_message(ws.bot_message(channel.id, params, params.get("thread_ts")))
        return {"channel": channel.id, "ts": message.ts, "message": message.as_slack()}


def _chat_post_ephemeral(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    _need(ws, "chat:write")
    with ws.lock:
        channel = _member_channel(ws, params)
        user = str(params.get("user") or "")
        if user not in ws.users:
            raise SlackError("user_not_found")
        if user not in channel.members:
            raise SlackError("user_not_in_channel")
        message = ws.bot_message(channel.id, params, params.get("thread_ts"))
        message.visible_to = user
        ws.add_message(message)
        return {"message_ts": message.ts}


def _chat_update(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    _need(ws, "chat:write")
    with ws.lock:
        channel = _member_channel(ws, params)
        message = _find(ws, channel, params.get("ts"))
        if message.user != ws.bot.id:
            raise SlackError("cant_update_message")
        fresh = ws.bot_message(channel.id, {"text": message.text, **params})
        message.text, message.blocks = fresh.text, fresh.blocks
        message.attachments = fresh.attachments
        message.edited = ws.new_ts()
        ws.touch(message)
        return {"channel": channel.id, "ts": message.ts, "text": message.text}


def _chat_delete(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    _need(ws, "chat:write")
    with ws.lock:
        channel = _member_channel(ws, params)
        message = _find(ws, channel, params.get("ts"))
        if message.user != ws.bot.id:
            raise SlackError("cant_delete_message")
        message.subtype = "message_deleted"
        ws.touch(message)
        return {"channel": channel.id, "ts": message.ts}


def _chat_get_permalink(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    with ws.lock:
        channel = _member_channel(ws, params)
        message = _find(ws, channel, params.get("message_ts"))
    digits = message.ts.replace(".", "")
    link = f"{ws.url.rstrip('/')}/#/{channel.id}/p{digits}"
    if message.thread_ts and message.thread_ts != message.ts:
        link += f"?thread_ts={message.thread_ts}"
    return {"channel": channel.id, "permalink": link}


def _reaction_target(ws: Workspace, params: dict[str, Any]) -> tuple[Message, str]:
    _need(ws, "reactions:write")
    channel = _member_channel(ws, params)
    name = str(params.get("name") or "").strip(":")
    if not name or not all(c.isalnum() or c in "_+-'" for c in name):
        raise SlackError("invalid_name")
    return _find(ws, channel, params.get("timestamp")), name


def _reactions_add(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    with ws.lock:
        message, name = _reaction_target(ws, params)
        users = message.reactions.setdefault(name, [])
        if ws.bot.id in users:
            raise SlackError("already_reacted")
        users.append(ws.bot.id)
        ws.touch(message)
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
        ws.touch(message)
        return {}


def _conversations_info(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    with ws.lock:
        return {"channel": _member_channel(ws, params).as_slack(ws.bot.id)}


def _window(params: dict[str, Any]) -> tuple[float, float, bool]:
    try:
        oldest = float(params.get("oldest") or 0)
        latest = float(params.get("latest") or "inf")
    except ValueError:
        raise SlackError("invalid_ts_oldest") from None
    return oldest, latest, flag(params.get("inclusive"))


def _in_window(ts: str, oldest: float, latest: float, inclusive: bool) -> bool:
    t = float(ts)
    if inclusive:
        return oldest <= t <= latest
    return oldest < t < latest


def _conversations_history(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    """Top-level messages (and thread replies sent to the channel too), newest first."""
    oldest, latest, inclusive = _window(params)
    with ws.lock:
        channel = _member_channel(ws, params, read=True)
        shown = [
            m.as_slack(metadata=flag(params.get("include_all_metadata")))
            for m in reversed(ws.messages[channel.id].values())
            if _visible(m)
            and (m.thread_ts in (None, m.ts) or m.subtype == "thread_broadcast")
            and _in_window(m.ts, oldest, latest, inclusive)
        ]
    return _page(shown, params, "messages")


def _conversations_replies(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    """A thread, parent first, oldest first."""
    oldest, latest, inclusive = _window(params)
    with ws.lock:
        channel = _member_channel(ws, params, read=True)
        parent = ws.messages[channel.id].get(str(params.get("ts") or ""))
        if parent is None or not _visible(parent):
            raise SlackError("thread_not_found")
        root = parent.thread_ts or parent.ts
        thread = [
            m.as_slack(metadata=flag(params.get("include_all_metadata")))
            for m in ws.messages[channel.id].values()
            if _visible(m)
            and (m.ts == root or m.thread_ts == root)
            and (m.ts == root or _in_window(m.ts, oldest, latest, inclusive))
        ]
    return _page(thread, params, "messages")


def _conversations_members(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    with ws.lock:
        channel = _member_channel(ws, params)
        _need(
            ws,
            "im:read" if channel.im else "groups:read" if channel.private else "channels:history",
        )
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
        _need(ws, "groups:read")
    if "im" in types:
        _need(ws, "im:read")
    archived_too = not flag(params.get("exclude_archived"))
    with ws.lock:
        found = [
            c.as_slack(ws.bot.id)
            for c in sorted(ws.channels.values(), key=lambda c: c.id)
            if c.kind in types
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


def _conversations_open(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    """The bot's direct message with one person (`users`), made the first time it is asked
    for. Several people would make a group DM, which this workspace does not keep."""
    _need(ws, "im:write")
    users = [u for u in str(params.get("users") or "").split(",") if u.strip()]
    if not users:
        raise SlackError("users_list_not_supplied")
    if len(users) > 1:
        raise SlackError("method_not_supported_for_channel_type")
    user = ws.users.get(users[0].strip())
    if user is None:
        raise SlackError("user_not_found")
    if user.is_bot:
        raise SlackError("cannot_dm_bot")
    with ws.lock:
        known = any(c.im_user == user.id for c in ws.channels.values())
        im = ws.open_im(user.id)
    shown = im.as_slack(ws.bot.id) if flag(params.get("return_im")) else {"id": im.id}
    if known:
        return {"no_op": True, "already_open": True, "channel": shown}
    return {"channel": shown}


def _views_publish(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    """A person's Home tab: `view` (type home, up to 100 blocks) for `user_id`."""
    user, view = params.get("user_id"), params.get("view")
    if isinstance(view, str):
        try:
            view = json.loads(view)
        except ValueError:
            raise SlackError("invalid_arguments") from None
    if not user or view is None:
        raise SlackError("invalid_arguments")
    home = ws.publish_home(str(user), view)
    return {"view": home.as_slack(ws.team_id, APP_ID)}


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
    "conversations.open": _conversations_open,
    "views.publish": _views_publish,
    "users.conversations": _users_conversations,
    "users.info": _users_info,
}
