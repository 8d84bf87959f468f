"""Pure: the answer of `/newsbot said WORDS`: who said those words and where they first
appeared (bot.store.queries.provenance)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.blocks import (
    Block,
    Message,
    build_notice,
    context,
    message,
    safe,
    section,
    stored_quote_block,
)
from bot.wording import counted

if TYPE_CHECKING:
    from bot.store.queries.provenance import Said


def build_said(result: Said) -> Message:
    """Each speaker of the words, earliest first: their first quote holding them (where and
    when it first appeared) and in how many articles they were seen saying them."""
    words = safe(result.query, 300)
    if result.problem:
        return build_notice(result.problem)
    if not result.found:
        return build_notice(f"No quote in the archive holds the words _{words}_.")
    blocks: list[Block] = [section(f"Who said _{words}_, earliest first:")]
    for s in result.found:
        who = f"*{safe(s.speaker, 200)}*" if s.speaker else "An unattributed speaker"
        where = counted(s.articles, "article")
        blocks.append(context(f"{who}, seen saying it in {where}; first appeared:"))
        blocks.append(stored_quote_block(s.first))
    first = result.found[0].speaker or "Unattributed"
    return message(
        f"{first} said it first, of {counted(len(result.found), 'speaker')}",
        blocks,
    )
