"""Block Kit as HTML: any message the app posts, rendered generically block by block.

Every block type Slack documents for messages has a rendering close enough to judge the real
message by (header, section with fields and accessory, context, divider, actions, image,
rich_text, and a named placeholder for the rest). Text reaches HTML only through mrkdwn.py's
escaping; a block that is not shaped as Slack expects is shown as a note saying so rather than
breaking the page.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from bot.localslack.mrkdwn import (
    Directory,
    emoji_html,
    esc,
    link_html,
    mention_html,
    mrkdwn_html,
    plain_html,
    safe_href,
)

logger = logging.getLogger(__name__)

# Rich text styles -> the HTML element Slack's client shows them with, outermost first.
_RICH_STYLES = (("bold", "b"), ("italic", "i"), ("strike", "s"), ("code", "code"))


class BadBlock(Exception):
    """A block or element that is not shaped as Block Kit says."""


def _obj(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BadBlock(f"{what} is not an object")
    return value


def _str(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise BadBlock(f"{what} is not a string")
    return value


def _list(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise BadBlock(f"{what} is not a list")
    return value


def text_html(obj: Any, directory: Directory) -> str:
    """A text object: mrkdwn (verbatim or automatically parsed) or plain_text."""
    text = _obj(obj, "a text object")
    body = _str(text.get("text"), "a text object's text")
    if text.get("type") == "mrkdwn":
        return mrkdwn_html(body, directory, verbatim=bool(text.get("verbatim", False)))
    if text.get("type") == "plain_text":
        return plain_html(body, emoji=bool(text.get("emoji", True)))
    raise BadBlock(f"a text object of type {text.get('type')!r}")


def _label(element: dict[str, Any], directory: Directory, key: str = "text") -> str:
    return text_html(element[key], directory) if key in element else ""


def element_html(element: Any, directory: Directory) -> str:
    """An interactive or image element. Interactivity is off in newsbot's manifest, so controls
    are shown but do nothing; a button with a URL is the link it opens."""
    el = _obj(element, "an element")
    kind = el.get("type")
    if kind == "button":
        style = el.get("style") if el.get("style") in ("primary", "danger") else "default"
        label = _label(el, directory)
        url = el.get("url")
        href = safe_href(url) if isinstance(url, str) else None
        if href is not None:
            return (
                f'<a class="bk-button bk-button-{style}" href="{esc(href)}" target="_blank" '
                f'rel="noopener noreferrer">{label}</a>'
            )
        return (
            f'<button class="bk-button bk-button-{style}" type="button" disabled>{label}</button>'
        )
    if kind == "image":
        return _image(el, "bk-thumb")
    if isinstance(kind, str) and kind.endswith("_select"):
        shown = _label(el, directory, "placeholder") or "Select an item"
        initial = el.get("initial_option")
        if isinstance(initial, dict) and "text" in initial:
            shown = text_html(initial["text"], directory)
        return f'<span class="bk-select">{shown}<span class="bk-caret">▾</span></span>'
    if kind == "overflow":
        return '<span class="bk-overflow" title="more options">⋯</span>'
    if kind in ("datepicker", "timepicker", "datetimepicker"):
        shown = el.get("initial_date") or el.get("initial_time") or kind.replace("picker", "")
        return f'<span class="bk-select">📅 {esc(str(shown))}</span>'
    if kind in ("checkboxes", "radio_buttons"):
        box = "checkbox" if kind == "checkboxes" else "radio"
        options = [
            f'<label class="bk-option"><input type="{box}" disabled> '
            f"{text_html(_obj(o, 'an option').get('text'), directory)}</label>"
            for o in _list(el.get("options"), "options")
        ]
        return f'<span class="bk-options">{"".join(options)}</span>'
    return f'<span class="bk-unknown">[{esc(str(kind))} element]</span>'


def _image(el: dict[str, Any], css: str) -> str:
    alt = esc(str(el.get("alt_text") or ""))
    url = el.get("image_url")
    href = safe_href(url) if isinstance(url, str) else None
    if href is None or not href.startswith(("http://", "https://")):
        return f'<span class="{css} bk-noimage" title="{alt}">🖼</span>'
    return f'<img class="{css}" src="{esc(href)}" alt="{alt}" loading="lazy">'


def _section(block: dict[str, Any], directory: Directory) -> str:
    parts: list[str] = []
    if "text" in block:
        parts.append(f'<div class="bk-text">{text_html(block["text"], directory)}</div>')
    fields = block.get("fields")
    if fields is not None:
        cells = "".join(
            f'<div class="bk-field">{text_html(f, directory)}</div>'
            for f in _list(fields, "fields")
        )
        parts.append(f'<div class="bk-fields">{cells}</div>')
    if not parts:
        raise BadBlock("a section with neither text nor fields")
    body = "".join(parts)
    accessory = block.get("accessory")
    if accessory is not None:
        side = element_html(accessory, directory)
        return (
            f'<div class="bk-section bk-with-accessory"><div class="bk-main">{body}</div>'
            f'<div class="bk-accessory">{side}</div></div>'
        )
    return f'<div class="bk-section">{body}</div>'


def _context(block: dict[str, Any], directory: Directory) -> str:
    items = []
    for element in _list(block.get("elements"), "context elements"):
        el = _obj(element, "a context element")
        if el.get("type") == "image":
            items.append(_image(el, "bk-context-image"))
        else:
            items.append(f'<span class="bk-context-text">{text_html(el, directory)}</span>')
    return f'<div class="bk-context">{"".join(items)}</div>'


def _rich_element(element: Any, directory: Directory) -> str:
    el = _obj(element, "a rich text element")
    kind = el.get("type")
    if kind == "text":
        shown = esc(_str(el.get("text"), "rich text")).replace("\n", "<br>")
    elif kind == "link":
        url = _str(el.get("url"), "a link's url")
        shown = link_html(url, esc(str(el.get("text") or url)))
    elif kind == "emoji":
        name = str(el.get("name") or "")
        shown = emoji_html(name) or esc(f":{name}:")
    elif kind == "user":
        user = str(el.get("user_id") or "")
        shown = mention_html("user", f"@{directory.user_name(user) or user}")
    elif kind == "channel":
        channel = str(el.get("channel_id") or "")
        shown = mention_html("channel", f"#{directory.channel_name(channel) or channel}")
    elif kind == "broadcast":
        shown = mention_html("broadcast", f"@{el.get('range') or 'here'}")
    elif kind == "usergroup":
        shown = mention_html("group", "@group")
    elif kind == "date":
        shown = esc(str(el.get("fallback") or el.get("timestamp") or ""))
    else:
        shown = f'<span class="bk-unknown">[{esc(str(kind))}]</span>'
    style = el.get("style")
    style = style if isinstance(style, dict) else {}
    for name, tag in reversed(_RICH_STYLES):
        if style.get(name):
            shown = f"<{tag}>{shown}</{tag}>"
    return shown


def _rich_part(part: Any, directory: Directory) -> str:
    p = _obj(part, "a rich text part")
    kind = p.get("type")
    inner = "".join(
        _rich_element(e, directory) for e in _list(p.get("elements"), "rich text elements")
    )
    if kind == "rich_text_section":
        return f'<div class="rt-section">{inner}</div>'
    if kind == "rich_text_quote":
        return f"<blockquote>{inner}</blockquote>"
    if kind == "rich_text_preformatted":
        return f"<pre>{inner}</pre>"
    if kind == "rich_text_list":
        tag = "ol" if p.get("style") == "ordered" else "ul"
        indent = p.get("indent")
        indent = indent if isinstance(indent, int) else 0
        items = "".join(
            f"<li>{_rich_part(item, directory)}</li>"
            for item in _list(p.get("elements"), "list items")
        )
        return f'<{tag} class="rt-list rt-indent-{min(max(indent, 0), 6)}">{items}</{tag}>'
    raise BadBlock(f"a rich text part of type {kind!r}")


def _rich_parts(part: dict[str, Any], directory: Directory) -> str:
    return "".join(_rich_part(p, directory) for p in _list(part.get("elements"), "elements"))


def block_html(block: Any, directory: Directory) -> str:
    """One block as HTML (raises BadBlock when it is not shaped as Block Kit says)."""
    b = _obj(block, "a block")
    kind = b.get("type")
    if kind == "header":
        return f'<div class="bk-header">{text_html(b.get("text"), directory)}</div>'
    if kind == "section":
        return _section(b, directory)
    if kind == "context":
        return _context(b, directory)
    if kind == "divider":
        return '<hr class="bk-divider">'
    if kind == "actions":
        elements = "".join(
            element_html(e, directory) for e in _list(b.get("elements"), "action elements")
        )
        return f'<div class="bk-actions">{elements}</div>'
    if kind == "image":
        title = f'<div class="bk-image-title">{_label(b, directory, "title")}</div>'
        return f'<figure class="bk-image">{title}{_image(b, "bk-image-img")}</figure>'
    if kind == "rich_text":
        return f'<div class="bk-rich">{_rich_parts(b, directory)}</div>'
    if kind == "markdown":
        return f'<div class="bk-text">{plain_html(_str(b.get("text"), "markdown text"))}</div>'
    name = {"input": "an input", "file": "a file", "video": "a video", "call": "a call"}.get(
        str(kind), f"a {kind!s} block"
    )
    return f'<div class="bk-unknown">[{esc(name)}, not shown here]</div>'


def _cannot_show(what: str, exc: Exception) -> str:
    return f'<div class="bk-unknown">[{esc(what)} cannot be shown: {esc(str(exc))}]</div>'


def blocks_html(blocks: Iterable[Any], directory: Directory) -> str:
    """Every block, in order; a misshapen one is replaced by a note naming what is wrong."""
    out: list[str] = []
    for i, block in enumerate(blocks):
        try:
            out.append(block_html(block, directory))
        except (BadBlock, KeyError, TypeError, AttributeError) as exc:
            logger.warning("block %d cannot be shown: %s", i, exc)
            out.append(
                f'<div class="bk-unknown">[block {i + 1} cannot be shown: {esc(str(exc))}]</div>'
            )
    return "".join(out)


def _attachment_html(attachment: Any, directory: Directory) -> str:
    """A legacy attachment: pretext, linked title, text and blocks beside a grey bar."""
    a = _obj(attachment, "an attachment")
    parts: list[str] = []
    if isinstance(a.get("pretext"), str):
        parts.append(mrkdwn_html(a["pretext"], directory))
    if isinstance(a.get("title"), str):
        title = esc(a["title"])
        if isinstance(a.get("title_link"), str):
            title = link_html(a["title_link"], title)
        parts.append(f'<div class="att-title">{title}</div>')
    if isinstance(a.get("text"), str):
        parts.append(mrkdwn_html(a["text"], directory))
    if isinstance(a.get("blocks"), list):
        parts.append(blocks_html(a["blocks"], directory))
    if not parts and isinstance(a.get("fallback"), str):
        parts.append(esc(a["fallback"]))
    return f'<div class="attachment">{"".join(parts)}</div>'


def message_html(message: dict[str, Any], directory: Directory) -> str:
    """A message's body as Slack shows it: its blocks when it has any, else its text (mrkdwn
    unless the message says otherwise), then its attachments."""
    blocks = message.get("blocks")
    if isinstance(blocks, list) and blocks:
        body = blocks_html(blocks, directory)
    else:
        text = str(message.get("text") or "")
        mrkdwn = message.get("mrkdwn", True) is not False
        body = mrkdwn_html(text, directory, verbatim=False) if mrkdwn else plain_html(text)
    attachments = message.get("attachments")
    if isinstance(attachments, list):
        for attachment in attachments:
            try:
                body += _attachment_html(attachment, directory)
            except BadBlock as exc:
                body += _cannot_show("an attachment", exc)
    return body
