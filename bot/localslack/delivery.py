"""What Slack sends the app, sent as Slack sends it: signed HTTP requests to its request URL.

Message events go out as Events API callbacks for the channels and event types the app
subscribes to (manifest.yml's bot_events), after the message is already in the channel, as
Slack does it, and so does app_home_opened when the person opens the app's Home tab; a slash
command is posted as Slack's form and its acknowledgement, within Slack's 3 seconds, becomes
the answer the person sees. Both are signed with the v0 scheme the app checks.
"""

from __future__ import annotations

import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlencode

import httpx
from slack_sdk.signature import SignatureVerifier

from bot.localslack.workspace import APP_BOT_EVENTS, APP_ID, Message, Workspace

logger = logging.getLogger(__name__)

# Slack gives an app 3 seconds to acknowledge a request before it calls the delivery failed.
ACK_TIMEOUT_S = 3.0
SLACKBOT = "USLACKBOT"


class Delivery:
    """Signs and posts events and slash commands to the app at `events_url`."""

    def __init__(self, workspace: Workspace, *, events_url: str, signing_secret: str) -> None:
        self.workspace = workspace
        self.events_url = events_url
        self._signer = SignatureVerifier(signing_secret)
        self._http = httpx.Client(timeout=ACK_TIMEOUT_S, trust_env=False)
        # Events leave in the background, as Slack's do: the person's message is already shown.
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="localslack-events")
        self._event_ids = 0
        with workspace.lock:
            workspace.listeners.append(self.message_event)

    def close(self) -> None:
        with self.workspace.lock:  # messages are announced under it
            self.workspace.listeners.remove(self.message_event)
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._http.close()

    def _post(self, body: str, content_type: str) -> httpx.Response:
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": self._signer.generate_signature(timestamp=timestamp, body=body)
            or "",
        }
        return self._http.post(self.events_url, content=body.encode("utf-8"), headers=headers)

    # -- events ----------------------------------------------------------------------------------

    def subscribed(self, message: Message) -> bool:
        """Whether the app hears of this message: its channel's message.* event is subscribed
        and the bot is in the channel. Ephemeral messages are never events."""
        channel = self.workspace.channels.get(message.channel)
        if channel is None or message.visible_to is not None:
            return False
        wanted = {"im": "message.im", "private_channel": "message.groups"}.get(
            channel.kind, "message.channels"
        )
        return wanted in APP_BOT_EVENTS and self.workspace.bot.id in channel.members

    def message_event(self, message: Message) -> None:
        """Queue the message event for the app (if it subscribes to it)."""
        if self.subscribed(message):
            self._pool.submit(self._deliver_event, self.event_body(message))

    def event_body(self, message: Message) -> str:
        channel = self.workspace.channels[message.channel]
        event: dict[str, Any] = {
            **message.as_slack(),
            "channel": channel.id,
            "channel_type": {"im": "im", "private_channel": "group"}.get(channel.kind, "channel"),
            "team": self.workspace.team_id,
            "event_ts": message.ts,
        }
        for key in ("reply_count", "latest_reply", "reactions"):
            event.pop(key, None)  # a new message has none of these yet
        return self._envelope(event)

    def _envelope(self, event: dict[str, Any]) -> str:
        """An Events API callback carrying `event`, as Slack wraps every event."""
        self._event_ids += 1
        return json.dumps(
            {
                "token": "unused-verification-token",
                "team_id": self.workspace.team_id,
                "api_app_id": APP_ID,
                "event": event,
                "type": "event_callback",
                "event_id": f"Ev{int(time.time())}{self._event_ids:06d}",
                "event_time": int(float(event["event_ts"])),
                "authorizations": [
                    {
                        "team_id": self.workspace.team_id,
                        "user_id": self.workspace.bot.id,
                        "is_bot": True,
                        "enterprise_id": None,
                    }
                ],
            }
        )

    def app_home_opened(self, user: str, tab: str) -> bool:
        """The person opened the app's Home or Messages tab: Slack's app_home_opened event,
        with the Home view they were last shown, if the app subscribes to it."""
        if "app_home_opened" not in APP_BOT_EVENTS:
            return False
        ws = self.workspace
        with ws.lock:
            im = ws.open_im(user)
            home = ws.views.get(user)
            event: dict[str, Any] = {
                "type": "app_home_opened",
                "user": user,
                "channel": im.id,
                "tab": tab,
                "event_ts": ws.new_ts(),
            }
            if home is not None and tab == "home":
                event["view"] = home.as_slack(ws.team_id, APP_ID)
            body = self._envelope(event)
        self._pool.submit(self._deliver_event, body)
        return True

    def _deliver_event(self, body: str) -> None:
        try:
            response = self._post(body, "application/json")
        except httpx.HTTPError as exc:
            logger.warning("the app did not take a message event (%s)", exc)
            return
        if response.status_code != 200:
            logger.warning("the app answered a message event with %d", response.status_code)

    # -- slash commands --------------------------------------------------------------------------

    def command(
        self,
        *,
        channel: str,
        user: str,
        command: str,
        text: str,
        response_url: str,
        thread_ts: str | None = None,
    ) -> None:
        """Run a slash command as Slack does and show its acknowledgement to the person."""
        ws = self.workspace
        form = {
            "token": "unused-verification-token",
            "team_id": ws.team_id,
            "team_domain": "local",
            "channel_id": channel,
            "channel_name": ws.channel_name(channel) or channel,
            "user_id": user,
            "user_name": ws.user_name(user) or user,
            "command": command,
            "text": text,
            "api_app_id": APP_ID,
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": f"{int(time.time())}.local",
        }
        typed = f"{command} {slack_unescape(text)}".strip()
        try:
            response = self._post(urlencode(form), "application/x-www-form-urlencoded")
        except httpx.TimeoutException:
            self._failed(channel, user, command, "operation_timeout", typed, thread_ts)
            return
        except httpx.HTTPError as exc:
            logger.warning("the app could not be reached for %s (%s)", command, exc)
            self._failed(channel, user, command, "dispatch_failed", typed, thread_ts)
            return
        if response.status_code != 200:
            self._failed(channel, user, command, "http_service_error", typed, thread_ts)
            return
        answer = ack_answer(response)
        if answer is None:
            return
        if answer.get("response_type") == "in_channel":
            ws.post_answer(channel, answer, thread_ts=thread_ts)
        else:
            ws.add_ephemeral(channel, user, answer, thread_ts=thread_ts, note=typed)

    def _failed(
        self,
        channel: str,
        user: str,
        command: str,
        error: str,
        typed: str,
        thread_ts: str | None,
    ) -> None:
        text = f"{command} failed with the error “{error}”"
        self.workspace.add_ephemeral(
            channel, user, {"text": text}, sender=SLACKBOT, thread_ts=thread_ts, note=typed
        )


def ack_answer(response: httpx.Response) -> dict[str, Any] | None:
    """What an acknowledgement shows: its JSON message, its plain text, or nothing if empty."""
    body = response.text.strip()
    if not body:
        return None
    if "json" in response.headers.get("content-type", ""):
        try:
            data = json.loads(body)
        except ValueError:
            return {"text": body}
        return data if isinstance(data, dict) else {"text": body}
    return {"text": body}


def slack_unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
