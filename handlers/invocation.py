"""One `/newsbot` call as the listeners read it: the sub-command, the rest of its text, where it
was typed and by whom; `parse` reads Slack's command text (its markup and entities) once."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.store.visibility import Viewer

# Slack may send links and mentions wrapped as <url|label> even with escaping off.
_WRAPPED = re.compile(r"<([^<>|]+)(?:\|([^<>]*))?>")
# Slack sends &, < and > typed by the person as these three entities, and nothing else escaped.
_SLACK_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">"}
_SLACK_ENTITY = re.compile("|".join(_SLACK_ENTITIES))


@dataclass(frozen=True, slots=True)
class Invocation:
    """One /newsbot call: the sub-command, the rest of its text, and where it was typed."""

    name: str
    args: str
    channel: str | None
    user: str | None
    # Whose answer it is (handlers.members); unset, only public articles and this channel's.
    viewer: Viewer | None = None

    @property
    def seen_by(self) -> Viewer:
        return self.viewer or Viewer.of([self.channel])


def parse(text: str | None, *, channel: str | None = None, user: str | None = None) -> Invocation:
    """`quotes Jane Doe 7` -> Invocation("quotes", "Jane Doe 7"); empty text means help."""
    # Markup first (its brackets are real), then the entities, once and in one pass, so that
    # "AT&amp;T" is AT&T and a typed "&amp;lt;" stays the five characters "&lt;".
    unwrapped = _WRAPPED.sub(lambda m: m.group(1), (text or "").strip())
    cleaned = _SLACK_ENTITY.sub(lambda m: _SLACK_ENTITIES[m.group(0)], unwrapped)
    name, _, args = cleaned.partition(" ")
    return Invocation(name=name.lower() or "help", args=args.strip(), channel=channel, user=user)
