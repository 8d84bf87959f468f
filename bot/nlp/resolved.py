"""The record of a resolved speaker, shared by the resolver (bot.nlp.speakers) and its
description rules (bot.nlp.descriptions)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.nlp.records import ActorKind


@dataclass(frozen=True, slots=True)
class Speaker:
    """A resolved speaker: the canonical name to show and the actor kind when known."""

    name: str
    kind: ActorKind | None
    # How the speaker as written became this one (shown by `newsbot analyze --explain`).
    how: str | None = None
