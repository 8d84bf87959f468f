"""The App Home tab: on `app_home_opened`, publish the person's view (bot.home gathers it,
bot.home_blocks builds it).

Slack sends the event each time someone opens the tab; the view is built afresh then, from
what that person may see (their channels, asked of Slack, as /newsbot answers are).
"""

from __future__ import annotations

import logging
from typing import Any

from bot import home, home_blocks
from bot.services import Services
from handlers import members

logger = logging.getLogger(__name__)


def on_app_home_opened(event: dict[str, Any], client: Any, context: Any) -> None:
    """Publish the Home tab of the person who opened it (the Messages tab is not ours)."""
    if event.get("tab", "home") != "home" or not event.get("user"):
        return
    user = str(event["user"])
    services: Services = context["services"]
    try:
        channels, viewer = members.channels_of(client, services, user=user)
        data = home.gather(
            services.sessions, user=user, channels=channels, viewer=viewer, now=services.clock()
        )
        view = home_blocks.build_home(data)
    except Exception:
        logger.exception("the Home tab of %s failed", user)
        view = home_blocks.build_home_failure()
    client.views_publish(user_id=user, view=view)
