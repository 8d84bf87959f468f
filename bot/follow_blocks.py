"""Pure: the answers of `/newsbot follow`, `unfollow` and `following`, and the direct message
telling a follower that an article quotes an actor they follow."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.blocks import (
    Message,
    build_candidates,
    build_notice,
    context,
    escape,
    link,
    message,
    safe,
    section,
    stored_quote_block,
    suggest,
)
from bot.wording import counted

if TYPE_CHECKING:
    from bot.store.queries import ActorRef, FollowChange, QuoteView

# Quotes shown in one alert; the article has the rest.
ALERT_QUOTES = 3


def _names(actors: Sequence[ActorRef]) -> str:
    names = [f"*{safe(a.name, 200)}*" for a in actors]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def build_follow_alert(
    *,
    actors: Sequence[ActorRef],
    title: str | None,
    url: str,
    site: str | None,
    quotes: Sequence[QuoteView],
    total: int,
) -> Message:
    """ "Ada Lovelace, whom you follow, is quoted in TITLE (SITE)", the best of the quotes, and
    how to stop these messages."""
    label = title or site or url
    where = link(url, label) + (f" ({safe(site, 200)})" if site and title else "")
    verb = "is" if len(actors) == 1 else "are"
    intro = f"{_names(actors)}, whom you follow, {verb} quoted in {where}."
    blocks = [section(intro), *(stored_quote_block(q) for q in quotes[:ALERT_QUOTES])]
    if total > len(quotes[:ALERT_QUOTES]):
        blocks.append(context(f"{counted(total, 'quote')} of theirs in the article."))
    first = escape(actors[0].name)
    blocks.append(context(f"`/newsbot unfollow {first}` stops these messages."))
    fallback = f"{', '.join(escape(a.name) for a in actors)} quoted in {escape(label)}"
    return message(fallback, blocks)


def build_followed(change: FollowChange) -> Message:
    """`/newsbot follow NAME`: whom the person now follows, or why nobody."""
    if change.candidates:
        return build_candidates(change.query, change.candidates, "follow")
    if not change.changed and not change.unchanged:
        name = safe(change.query, 200)
        return build_notice(
            f"I found no one called *{name}* in the archive.{suggest(change.suggestions)}"
        )
    if not change.changed:
        return build_notice(f"You already follow {_names(change.unchanged)}.")
    return build_notice(
        f"You now follow {_names(change.changed)}. When an article shared in a channel you can "
        "see quotes them, I'll send you a direct message."
    )


def _list(actors: Sequence[ActorRef]) -> str:
    return "\n".join(f"• *{safe(a.name, 200)}* _({a.kind})_" for a in actors)


def build_unfollowed(change: FollowChange) -> Message:
    """`/newsbot unfollow NAME`: whom the person no longer follows, or what they do follow."""
    if change.changed:
        return build_notice(f"You no longer follow {_names(change.changed)}.")
    name = safe(change.query, 200)
    if not change.following:
        return build_notice(f"You don't follow *{name}*; you follow no one yet.")
    text = f"You don't follow *{name}*. You follow:\n{_list(change.following)}"
    return message(f"You don't follow {escape(change.query)}", [section(text)])


def build_following(actors: Sequence[ActorRef]) -> Message:
    """`/newsbot following`: the actors the person follows, by name."""
    if not actors:
        return build_notice(
            "You follow no one yet. `/newsbot follow NAME` sends you a direct message whenever "
            "a newly shared article quotes them."
        )
    text = f"You follow {counted(len(actors), 'actor')}:\n{_list(actors)}"
    hint = "`/newsbot unfollow NAME` stops following one."
    return message(f"You follow {counted(len(actors), 'actor')}", [section(text), context(hint)])
