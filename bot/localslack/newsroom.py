"""The local newsroom: a workspace with a few channels, served on host:port, and the settings
that point the real app at it instead of at Slack."""

from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass, field

from bot.localslack.delivery import SLACKBOT, Delivery
from bot.localslack.server import LocalSlack, WsgiServer
from bot.localslack.workspace import Channel, User, Workspace
from bot.settings import Settings

PERSON = User("ULOCALYOU1", "you", "You")
BOT = User("ULOCALBOT1", "newsbot", "newsbot", is_bot=True, bot_id="BLOCALBOT1")
COLLEAGUE = User("ULOCALED01", "sam.editor", "Sam (editor)")
# The local archive is kept apart from a real workspace's unless NEWSBOT_DATABASE_URL says.
LOCAL_DATABASE_URL = "sqlite:///newsbot-local.db"
THREADS = 12  # long polls hold one each; the app's Web API calls need the rest


def default_workspace() -> Workspace:
    """Three channels with the bot in each: two public and a private one."""
    everyone = {PERSON.id, BOT.id, COLLEAGUE.id}
    return Workspace(
        bot=BOT,
        people=[PERSON, COLLEAGUE, User(SLACKBOT, "slackbot", "Slackbot", is_bot=True)],
        channels=[
            Channel("CLOCALNEWS", "newsroom", False, set(everyone), "Links to today's stories"),
            Channel("CLOCALPOLI", "politics", False, set(everyone), "Councils, courts, elections"),
            Channel(
                "GLOCALINVS",
                "investigations",
                True,
                {PERSON.id, BOT.id},
                "Private: only its members see what is shared here",
            ),
        ],
    )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _reach(host: str) -> str:
    """How this process reaches a server bound to `host`: loopback for every kind of bind
    except one to a specific other address."""
    if host in ("", "0.0.0.0", "::", "[::]") or _is_loopback(host):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


@dataclass
class LocalNewsroom:
    """The local Slack, started: `url` for the person, `settings` for the app."""

    host: str
    port: int
    workspace: Workspace = field(default_factory=default_workspace)
    signing_secret: str = field(default_factory=lambda: secrets.token_hex(16))

    def __post_init__(self) -> None:
        self.slack = LocalSlack(
            self.workspace, person=PERSON.id, open_host=not _is_loopback(self.host)
        )
        self.server = WsgiServer(self.slack, self.host, self.port, threads=THREADS)  # binds now
        self.slack.port = self.server.port
        self.slack.base_url = f"http://{_reach(self.host)}:{self.server.port}"
        self.workspace.url = f"{self.url}/"
        self.delivery: Delivery | None = None
        self.server.serve_in_thread()

    @property
    def url(self) -> str:
        """The page's address as a person opens it."""
        shown = "127.0.0.1" if _is_loopback(self.host) else self.host
        shown = f"[{shown}]" if ":" in shown else shown
        return f"http://{shown}:{self.server.port}"

    @property
    def sample_origin(self) -> str:
        return self.slack.sample_origin

    def app_settings(self, settings: Settings) -> Settings:
        """`settings` with Slack's variables pointing at this workspace, and the local archive
        unless NEWSBOT_DATABASE_URL was given."""
        update = {
            "slack_bot_token": self.workspace.bot_token,
            "slack_app_token": None,
            "slack_signing_secret": self.signing_secret,
            "slack_api_url": f"{self.slack.base_url}/api/",
        }
        if "database_url" not in settings.model_fields_set:
            update["database_url"] = LOCAL_DATABASE_URL
        return settings.model_copy(update=update)

    def connect(self, events_url: str) -> None:
        """From now on, events and commands go to the app at `events_url`."""
        self.delivery = Delivery(
            self.workspace, events_url=events_url, signing_secret=self.signing_secret
        )
        self.slack.delivery = self.delivery

    def disconnect(self) -> None:
        """Nothing more goes to the app (it is stopping)."""
        delivery, self.delivery = self.delivery, None
        self.slack.delivery = None
        if delivery is not None:
            delivery.close()

    def close(self) -> None:
        self.disconnect()
        self.server.shutdown()
