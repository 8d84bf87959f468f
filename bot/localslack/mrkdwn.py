"""Slack mrkdwn as HTML, the way Slack's clients show it, with nothing in the text able to become
markup of its own.

Slack's rules (docs.slack.dev, "Formatting message text"): `&`, `<` and `>` arrive as `&amp;`,
`&lt;`, `&gt;` and are the only entities; a raw `<...>` is a link, a mention or a special
command; `*bold*`, `_italic_`, `~strike~` and `` `code` `` need a word boundary outside the
markers and no space inside them, and stay on one line; a line starting with `>` is a block
quote and `>>>` quotes the rest of the message; ``` fences preformatted text. Everything the text
says is escaped for HTML here, once, and only http(s) and mailto links become live links.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import datetime
from typing import Protocol
from urllib.parse import urlsplit


class Directory(Protocol):
    """Names for the ids that mentions carry (None when the id is unknown)."""

    def user_name(self, user_id: str) -> str | None: ...

    def channel_name(self, channel_id: str) -> str | None: ...


LINK_SCHEMES = frozenset({"http", "https", "mailto"})

# Slack's names for the emoji newsbot and people commonly use; others stay as `:name:`.
EMOJI = {
    "newspaper": "📰", "rolled_up_newspaper": "🗞️", "warning": "⚠️", "white_check_mark": "✅",
    "page_facing_up": "📄",
    "heavy_check_mark": "✔️", "x": "❌", "eyes": "👀", "thumbsup": "👍", "+1": "👍",
    "thumbsdown": "👎", "-1": "👎", "tada": "🎉", "wave": "👋", "raised_hands": "🙌",
    "clap": "👏", "pray": "🙏", "fire": "🔥", "star": "⭐", "sparkles": "✨", "bulb": "💡",
    "memo": "📝", "pencil": "📝", "pushpin": "📌", "round_pushpin": "📍", "link": "🔗",
    "mag": "🔍", "speech_balloon": "💬", "loudspeaker": "📢", "mega": "📣", "calendar": "📆",
    "date": "📅", "clock": "🕐", "hourglass": "⌛", "bell": "🔔", "lock": "🔒", "key": "🔑",
    "books": "📚", "book": "📖", "bookmark": "🔖", "chart_with_upwards_trend": "📈",
    "chart_with_downwards_trend": "📉", "bar_chart": "📊", "globe_with_meridians": "🌐",
    "earth_africa": "🌍", "earth_americas": "🌎", "earth_asia": "🌏", "robot_face": "🤖",
    "smile": "😄", "slightly_smiling_face": "🙂", "thinking_face": "🤔", "joy": "😂",
    "heart": "❤️", "ok_hand": "👌", "point_right": "👉", "rocket": "🚀", "zap": "⚡",
    "no_entry": "⛔", "question": "❓", "exclamation": "❗", "information_source": "ℹ️",
    "heavy_plus_sign": "➕", "hourglass_flowing_sand": "⏳", "microphone": "🎤",
}  # fmt: skip

# A raw `<...>` on one line; a lone `<` that closes nothing is text.
_MARKUP = re.compile(r"<([^<>\n]*)>")
_ENTITY = re.compile(r"&(amp|lt|gt);")
_EMOJI = re.compile(r":([a-z0-9_+\-']+):")
_CODE = re.compile(r"`([^`\n]+)`")
_FENCE = re.compile(r"```(.*?)```", re.DOTALL)
_BARE_URL = re.compile(r"\bhttps?://[^\s<>\x00]+[^\s<>\x00.,;:!?)'\"]")
_QUOTE_MARK = re.compile(r"^(?:>|&gt;)(?:>|&gt;){2}\s?")
_LINE_QUOTE = re.compile(r"^(?:>|&gt;) ?")
_BULLET = re.compile(r"^\s*(?:[•◦▪‣\-]|\d{1,3}[.)])\s")
# An atom (already-rendered HTML) stands in the text as NUL, its index, NUL until the end.
_ATOM = re.compile(r"\x00(\d+)\x00")
# Bold, italic, strike: a marker after the start or a non-word character, no space inside, and
# the closing marker before the end or a non-word character; the shortest such span wins.
_STYLE = re.compile(
    r"(?<![\w*])\*(?=[^\s*])(?P<b>.+?)(?<=[^\s*])\*(?![\w*])"
    r"|(?<![\w])_(?=[^\s_])(?P<i>.+?)(?<=[^\s_])_(?!\w)"
    r"|(?<![\w~])~(?=[^\s~])(?P<s>.+?)(?<=[^\s~])~(?![\w~])"
)
_TAGS = {"b": "b", "i": "i", "s": "s"}

_DATE_TOKENS: dict[str, Callable[[datetime], str]] = {
    "date_num": lambda d: d.strftime("%Y-%m-%d"),
    "date": lambda d: d.strftime(f"%B {_ordinal(d.day)}, %Y"),
    "date_short": lambda d: d.strftime(f"%b {d.day}, %Y"),
    "date_long": lambda d: d.strftime(f"%A, %B {_ordinal(d.day)}, %Y"),
    "date_pretty": lambda d: d.strftime(f"%B {_ordinal(d.day)}, %Y"),
    "date_short_pretty": lambda d: d.strftime(f"%b {d.day}, %Y"),
    "date_long_pretty": lambda d: d.strftime(f"%A, %B {_ordinal(d.day)}, %Y"),
    "time": lambda d: d.strftime("%H:%M"),
    "time_secs": lambda d: d.strftime("%H:%M:%S"),
}


def _ordinal(n: int) -> str:
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def unescape(text: str) -> str:
    """Slack's three entities decoded, in one pass; any other `&...;` is text as written."""
    return _ENTITY.sub(lambda m: {"amp": "&", "lt": "<", "gt": ">"}[m.group(1)], text)


def esc(text: str) -> str:
    """Text as HTML text or attribute value."""
    return html.escape(text, quote=True)


def safe_href(url: str) -> str | None:
    """The URL when a browser may follow it from the page (http, https, mailto), else None."""
    url = url.strip()
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    if scheme not in LINK_SCHEMES or any(c in url for c in "\x00\r\n\t"):
        return None
    return url


def link_html(url: str, label_html: str) -> str:
    """An anchor opening outside the page, or the label alone when the URL is not followable."""
    href = safe_href(url)
    if href is None:
        return f'<span class="link-dead">{label_html}</span>'
    return f'<a href="{esc(href)}" target="_blank" rel="noopener noreferrer">{label_html}</a>'


def emoji_html(name: str) -> str | None:
    char = EMOJI.get(name)
    return None if char is None else f'<span class="emoji" title=":{esc(name)}:">{char}</span>'


def with_emoji(text: str) -> str:
    """Plain text (not yet escaped) as HTML, known `:name:` shortcodes shown as emoji."""
    out: list[str] = []
    last = 0
    for m in _EMOJI.finditer(text):
        shown = emoji_html(m.group(1))
        if shown is not None:
            out.extend([esc(text[last : m.start()]), shown])
            last = m.end()
    out.append(esc(text[last:]))
    return "".join(out)


def mention_html(kind: str, label: str) -> str:
    return f'<span class="mention mention-{kind}">{esc(label)}</span>'


def date_text(spec: str, fallback: str | None) -> str:
    """`!date^1392734382^{date_short} at {time}^optional_link`: the formatted date."""
    parts = spec.split("^")
    try:
        when = datetime.fromtimestamp(int(parts[1]))
        pattern = parts[2]
    except (IndexError, ValueError, OverflowError, OSError):
        return fallback or ""

    def token(m: re.Match[str]) -> str:
        fmt = _DATE_TOKENS.get(m.group(1))
        return fmt(when) if fmt else m.group(0)

    return re.sub(r"\{(\w+)\}", token, pattern)


def markup_html(content: str, directory: Directory) -> str:
    """One `<...>` control sequence: a user, channel, special mention, date, or a link."""
    target, bar, label = content.partition("|")
    label_text = unescape(label) if bar else None
    if target.startswith("@"):
        name = label_text or directory.user_name(target[1:]) or target[1:]
        return mention_html("user", f"@{name.removeprefix('@')}")
    if target.startswith("#"):
        name = label_text or directory.channel_name(target[1:]) or target[1:]
        return mention_html("channel", f"#{name.removeprefix('#')}")
    if target.startswith("!"):
        command = target[1:]
        if command in ("here", "channel", "everyone"):
            return mention_html("broadcast", f"@{command}")
        if command.startswith("subteam^"):
            return mention_html("group", label_text or "@group")
        if command.startswith("date^"):
            return esc(date_text(command, label_text))
        return esc(label_text or "")
    url = unescape(target)
    return link_html(url, with_emoji(label_text) if label_text else esc(url))


class _Line:
    """One line's inline formatting: atoms (markup, code, emoji) first, then the styles."""

    def __init__(self, directory: Directory, *, autolink: bool) -> None:
        self.directory = directory
        self.autolink = autolink
        self.atoms: list[str] = []

    def atom(self, rendered: str) -> str:
        self.atoms.append(rendered)
        return f"\x00{len(self.atoms) - 1}\x00"

    def render(self, line: str) -> str:
        line = _MARKUP.sub(lambda m: self.atom(markup_html(m.group(1), self.directory)), line)
        line = _CODE.sub(lambda m: self.atom(f"<code>{self.plain(m.group(1))}</code>"), line)
        if self.autolink:
            line = _BARE_URL.sub(lambda m: self.atom(self.bare_link(m.group(0))), line)
        line = _EMOJI.sub(lambda m: self.emoji(m), line)
        return self.styled(line)

    @staticmethod
    def bare_link(written: str) -> str:
        url = unescape(written)
        return link_html(url, esc(url))

    def emoji(self, m: re.Match[str]) -> str:
        shown = emoji_html(m.group(1))
        return m.group(0) if shown is None else self.atom(shown)

    def plain(self, text: str) -> str:
        """Text with atoms put back and everything else escaped (entities decoded first)."""
        out: list[str] = []
        last = 0
        for m in _ATOM.finditer(text):
            out.extend([esc(unescape(text[last : m.start()])), self.atoms[int(m.group(1))]])
            last = m.end()
        out.append(esc(unescape(text[last:])))
        return "".join(out)

    def styled(self, text: str) -> str:
        m = _STYLE.search(text)
        if m is None:
            return self.plain(text)
        kind = next(k for k in _TAGS if m.group(k) is not None)
        inner = self.styled(m.group(kind))
        tag = _TAGS[kind]
        return (
            f"{self.plain(text[: m.start()])}<{tag}>{inner}</{tag}>{self.styled(text[m.end() :])}"
        )


def inline_html(text: str, directory: Directory, *, autolink: bool = False) -> str:
    """One line of mrkdwn (no block quotes or fences) as HTML."""
    return _Line(directory, autolink=autolink).render(text.replace("\x00", ""))


def _line_div(line: str, directory: Directory, autolink: bool) -> str:
    if not line.strip():
        return '<div class="ln"><br></div>'
    classes = "ln li" if _BULLET.match(unescape(line)) else "ln"
    return f'<div class="{classes}">{inline_html(line, directory, autolink=autolink)}</div>'


def _prose_html(text: str, directory: Directory, autolink: bool) -> str:
    """Lines outside fences: quote runs become one blockquote each, other lines one div each."""
    if not text:
        return ""
    out: list[str] = []
    quoted: list[str] = []

    def close_quote() -> None:
        if quoted:
            body = "".join(_line_div(q, directory, autolink) for q in quoted)
            out.append(f"<blockquote>{body}</blockquote>")
            quoted.clear()

    lines = text.split("\n")
    for i, line in enumerate(lines):
        rest = _QUOTE_MARK.match(line)
        if rest is not None:
            quoted.extend([line[rest.end() :], *lines[i + 1 :]])
            break
        marker = _LINE_QUOTE.match(line)
        if marker is not None:
            quoted.append(line[marker.end() :])
            continue
        close_quote()
        out.append(_line_div(line, directory, autolink))
    close_quote()
    return "".join(out)


def _pre_html(text: str, directory: Directory) -> str:
    """A fenced block: no styles, but links and mentions still shown as Slack shows them."""
    body = _MARKUP.sub(lambda m: "\x00" + m.group(1) + "\x00", text.replace("\x00", ""))
    parts = body.split("\x00")
    rendered = [
        markup_html(part, directory) if i % 2 else esc(unescape(part))
        for i, part in enumerate(parts)
    ]
    return f"<pre>{''.join(rendered).strip(chr(10))}</pre>"


def mrkdwn_html(text: str, directory: Directory, *, verbatim: bool = True) -> str:
    """A whole mrkdwn text as HTML. Without `verbatim`, bare URLs become links as Slack's
    automatic parsing makes them."""
    out: list[str] = []
    last = 0
    for m in _FENCE.finditer(text):
        before = text[last : m.start()].strip("\n")
        if before:
            out.append(_prose_html(before, directory, not verbatim))
        out.append(_pre_html(m.group(1), directory))
        last = m.end()
    rest = text[last:].strip("\n") if out else text
    if rest or not out:
        out.append(_prose_html(rest, directory, not verbatim))
    return "".join(out)


def plain_html(text: str, *, emoji: bool = True) -> str:
    """A plain_text object: shown as written (no entities, no styles), emoji when asked."""
    text = text.replace("\x00", "")
    return with_emoji(text) if emoji else esc(text)
