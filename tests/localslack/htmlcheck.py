"""What the local newsroom may put in its page: an allow-list of tags and attributes, checked by
parsing the rendered HTML with the standard library's parser, as a browser would tokenise it."""

from __future__ import annotations

from html.parser import HTMLParser

ALLOWED_TAGS = frozenset(
    {
        "div", "span", "b", "i", "s", "code", "pre", "blockquote", "br", "a", "hr", "button",
        "img", "figure", "ul", "ol", "li", "label", "input",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = frozenset(
    {"class", "title", "href", "target", "rel", "type", "disabled", "src", "alt", "loading"}
)
LINK_SCHEMES = ("http://", "https://", "mailto:")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if name not in ALLOWED_ATTRIBUTES:
                self.problems.append(f"attribute {name} on <{tag}>")
            if name in ("href", "src") and not (value or "").lower().startswith(LINK_SCHEMES):
                self.problems.append(f"{name}={value!r} on <{tag}>")

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.problems.append("a comment")

    def handle_decl(self, decl: str) -> None:
        self.problems.append("a declaration")

    def handle_pi(self, data: str) -> None:
        self.problems.append("a processing instruction")


def inspect(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector


def assert_safe(html: str) -> None:
    """Only allowed tags and attributes, and links only to web or mail addresses."""
    problems = inspect(html).problems
    assert not problems, f"{problems} in {html!r}"


def visible_text(html: str) -> str:
    return "".join(inspect(html).text)


def links(html: str) -> list[str]:
    return [dict(attrs).get("href") or "" for tag, attrs in inspect(html).tags if tag == "a"]
