"""The article body of a news page, beyond what trafilatura does alone: repairs to the page's
tree before trafilatura reads it (RULES, an ordered table of small named functions, each undoing
one way publishers' markup hides, splits or pads the article text), and the lines of its output
that are about the article rather than of it (NOT_ARTICLE_LINES).

Every rule is a general pattern of news pages, tested in tests/test_pagebody.py on pages of our
own with a case it must not fire on; never a fix for one site.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml.html import HtmlElement

# Elements that flow inside a line of text; anything else (a block, an unknown or custom tag)
# ends a run of loose text.
INLINE_TAGS = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "dfn", "em", "font", "i",
        "img", "kbd", "mark", "output", "picture", "q", "s", "samp", "small", "span", "strong",
        "sub", "sup", "time", "u", "var", "wbr",
    }
)  # fmt: skip
# Containers whose own loose text can be article prose.
_PROSE_CONTAINERS = frozenset({"article", "div", "main", "section", "td"})
# Loose text shorter than this is a label, a separator or a button, not a paragraph.
_MIN_LOOSE_WORDS = 8
# A container holding this many paragraphs of prose is the article body (or a part of it).
_BODY_PARAGRAPHS = 2


def wrap_loose_text(tree: HtmlElement) -> None:
    """Text that sits directly in the body container beside its paragraphs becomes a paragraph.

    Editors paste a lead straight into the body container and start <p> only after it:
    `<div class="body">The council voted on Tuesday ...<p></p><h2>...</h2><p>...</p></div>`.
    trafilatura reads the container's <p> children and drops that run, so the lead paragraph
    was lost. A run is the text and inline elements between two other elements; only
    containers with paragraphs of prose of their own (an article body, not a caption box or a
    navigation bar) are repaired, and short runs (a label, "|" between links) stay as they are.
    """
    for container in list(tree.iter(*_PROSE_CONTAINERS)):
        runs: list[list[HtmlElement]] = [[]]
        texts = [container.text or ""]
        for child in container:
            if _is_inline(child):
                runs[-1].append(child)
                texts[-1] += child.text_content() + (child.tail or "")
            else:
                runs.append([])
                texts.append(child.tail or "")
        prose = [
            c for c in container if c.tag == "p" and _words(c.text_content()) >= _MIN_LOOSE_WORDS
        ]
        loose = [t for t, r in zip(texts, runs, strict=True) if _is_prose_run(t, r)]
        if loose and len(prose) + len(loose) >= _BODY_PARAGRAPHS:
            _wrap_runs(container, runs, texts)


def _is_inline(element: HtmlElement) -> bool:
    return (
        isinstance(element.tag, str)
        and element.tag in INLINE_TAGS
        and all(d.tag in INLINE_TAGS for d in element.iterdescendants() if isinstance(d.tag, str))
    )


def _words(text: str) -> int:
    # Whitespace-separated words: near enough for lengths, and far cheaper than a regex on
    # the text of every container of a page.
    return len(text.split())


def _is_prose_run(text: str, inlines: list[HtmlElement]) -> bool:
    """Long enough, and not a link alone (a button, a "share this" widget, a list of links)."""
    linked = sum(_words(a.text_content()) for e in inlines for a in e.iter("a"))
    return _words(text) >= _MIN_LOOSE_WORDS and linked < _words(text) / 2


def _wrap_runs(container: HtmlElement, runs: list[list[HtmlElement]], texts: list[str]) -> None:
    """Wrap each long enough run in a <p> placed where the run was."""
    others = [c for c in container if not _is_inline(c)]
    # Run i starts after the (i-1)th non-inline child (run 0 after the opening tag).
    for i in reversed(range(len(runs))):
        if not _is_prose_run(texts[i], runs[i]):
            continue
        paragraph = container.makeelement("p", {})
        if i == 0:
            paragraph.text, container.text = container.text, None
            container.insert(0, paragraph)
        else:
            before = others[i - 1]
            paragraph.text, before.tail = before.tail, None
            before.addnext(paragraph)
        for inline in runs[i]:
            paragraph.append(inline)  # moves it, tail and all


_POPUP_CLASS = re.compile(
    r"tooltip|rollover|popover|popup|pop-up|hovercard|hover-card|flyout", re.IGNORECASE
)
# The element that opens a popup carries the word the sentence needs.
_POPUP_TRIGGER_CLASS = re.compile(r"trigger|toggle|link|anchor", re.IGNORECASE)


def drop_inline_popups(tree: HtmlElement) -> None:
    """Hover cards and tooltips inside a paragraph are not its text.

    A name in a sentence often carries a card that appears on hover (the person's photo and
    their latest headlines), hidden by the site's stylesheet, which an extractor cannot see:
    "threatened to kill Rep. Ilhan OmarIlhan OmarProgressives oppose funding bill ... (D-Minn.)".
    Inside a paragraph, an element whose class names a popup is the card unless it wraps
    another such element (it is the wrapper of name and card), is a link, or names itself the
    trigger: the card goes, its tail stays.
    """
    for paragraph in list(tree.iter("p")):
        for element in list(paragraph.iterdescendants()):
            cls = element.get("class", "") if isinstance(element.tag, str) else ""
            if (
                _POPUP_CLASS.search(cls)
                and element.tag != "a"
                and not _POPUP_TRIGGER_CLASS.search(cls)
                and not any(_POPUP_CLASS.search(d.get("class", "")) for d in _tagged(element))
                and element.getparent() is not None
            ):
                element.drop_tree()


def _tagged(element: HtmlElement) -> list[HtmlElement]:
    return [d for d in element.iterdescendants() if isinstance(d.tag, str)]


_MIN_PART_WORDS = 20


# Class names by which a container says it holds the article's body (or a part of it).
_BODY_CLASS = re.compile(
    r"(?:article|story|post|entry|main)[-_]?(?:body|content|text)|articlebody|body[-_]?text"
    r"|body__inner|rich-?text",
    re.IGNORECASE,
)


def merge_split_body(tree: HtmlElement) -> None:
    """An article body split into many blocks of one class becomes one block.

    Magazine layouts cut a long body into a run of containers of the same class, with ad slots,
    pull quotes or pictures between them (`<div class="body__container">` six times over), and
    often each in a wrapper of its own. An extractor takes the first container that looks like
    a body, so two thirds of the article were lost. Containers of one class that hold
    paragraph text are moved into the first of them, in order, when they are siblings, or
    wherever they are when their class names an article body; what stood between them stays.
    """
    for parent in list(tree.iter()):
        if len(parent) < 2:
            continue
        kids = [c for c in parent if isinstance(c.tag, str) and c.tag in _PROSE_CONTAINERS]
        classes = [c.get("class") for c in kids]
        for cls in {cls for cls in classes if cls and classes.count(cls) > 1}:
            _merge([c for c in kids if c.get("class") == cls])
    bodies: dict[str, list[HtmlElement]] = {}
    for element in tree.iter(*_PROSE_CONTAINERS):
        cls = element.get("class")
        if cls and _BODY_CLASS.search(cls):
            bodies.setdefault(cls, []).append(element)
    for parts in bodies.values():
        outermost = [p for p in parts if not any(a in parts for a in p.iterancestors())]
        _merge(outermost)


def _merge(candidates: list[HtmlElement]) -> None:
    """Move the children of every part with prose into the first such part, in order.

    Teasers on a list page look the same (a card of one class per story, with a summary), so
    parts in different <article> elements, or under a heading that links elsewhere, are other
    stories and are left alone.
    """
    parts = [c for c in candidates if c.getparent() is not None and _has_prose(c)]
    if len(parts) < 2 or any(_is_teaser(part) for part in parts):
        return
    if len({_article_of(part) for part in parts}) > 1:
        return
    first = parts[0]
    for part in parts[1:]:
        if part.text and part.text.strip():
            filler = first.makeelement("p", {})
            filler.text = part.text
            first.append(filler)
        for child in list(part):
            first.append(child)
        part.drop_tree()


def _article_of(element: HtmlElement) -> HtmlElement | None:
    return next(element.iterancestors("article"), None)


_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _is_teaser(part: HtmlElement) -> bool:
    """A linked heading inside the part, or just before it or before its wrapper: a teaser."""
    if any(h.find(".//a[@href]") is not None for h in part.iter(*_HEADINGS)):
        return True
    node: HtmlElement | None = part
    for _ in range(3):
        if node is None:
            return False
        before = node.getprevious()
        if (
            before is not None
            and before.tag in _HEADINGS
            and before.find(".//a[@href]") is not None
        ):
            return True
        node = node.getparent()
    return False


def _has_prose(element: HtmlElement) -> bool:
    return _words(" ".join(p.text_content() for p in element.iter("p"))) >= _MIN_PART_WORDS


def keep_embedded_posts(tree: HtmlElement) -> None:
    """A post from a social network that the article embeds is part of what it reports.

    Twitter's embed code is `<blockquote class="twitter-tweet">` with the post's words and its
    author; sites put it in a wrapper named "embed", which trafilatura drops as a widget, so
    the tweets a story is about were lost. A wrapper that holds nothing but the post is
    taken away.
    """
    for post in list(
        tree.xpath("//blockquote[contains(concat(' ', @class, ' '), ' twitter-tweet ')]")
    ):
        words = post.text_content().split()
        wrapper = post.getparent()
        while (
            wrapper is not None and wrapper.tag == "div" and wrapper.text_content().split() == words
        ):
            wrapper.addprevious(post)
            post.tail, wrapper.tail = wrapper.tail, None
            wrapper.drop_tree()
            wrapper = post.getparent()


_TEASER_LABEL = re.compile(
    r"^\W*(?:related(?: (?:articles?|stories|content|coverage|links?|reading))?"
    r"|read (?:more|also|next)|also read|see (?:more|also)|don'?t miss"
    r"|more(?: on this| from [\w .'-]+| stories| news)?"
    r"|recommended(?: for you)?|watch|listen|most (?:read|popular|viewed|shared)(?: in [\w ]+)?"
    r"|you (?:may|might) (?:also )?like|editor'?s picks?|trending(?: now)?|top stories)\b",
    re.IGNORECASE,
)
_LEAF_BLOCKS = ("p", "li", "h2", "h3", "h4", "h5", "h6", "div")
_LABEL_WORDS = 6


def drop_link_teasers(tree: HtmlElement) -> None:
    """Links to other stories placed in the body are not the article.

    Sites put headlines of other stories between paragraphs and after the last one: "Related:
    <a>Snapshots of our universe</a>", a "DON'T MISS" label over a stack of links, a list of
    links at the end. A block that starts with such a label and is mostly link, a label alone
    before links, a block of two or more links and little else, and a list whose every item is
    a link, go. A sentence that merely contains a link ("Read more about it in <a>the
    report</a> the council published") stays.
    """
    for block in list(tree.iter(*_LEAF_BLOCKS)):
        if block.getparent() is None or (block.tag == "div" and _has_block_child(block)):
            continue
        words, linked, links = _link_share(block)
        if not words:
            continue
        text = block.text_content().strip()
        labelled = _TEASER_LABEL.match(text) is not None
        if (
            (labelled and linked >= words / 2)
            or (linked >= 0.8 * words and links >= 2 and block.tag != "li")
            or (labelled and words <= _LABEL_WORDS and _is_link_block(block.getnext()))
        ):
            block.drop_tree()
    for listing in list(tree.iter("ul", "ol")):
        items = [li for li in listing if li.tag == "li"]
        if items and listing.getparent() is not None and all(_is_link_block(li) for li in items):
            label = listing.getprevious()
            if label is not None and label.tail is None and _is_label(label):
                label.drop_tree()
            listing.drop_tree()


def _has_block_child(element: HtmlElement) -> bool:
    return any(isinstance(c.tag, str) and c.tag not in INLINE_TAGS for c in element)


def _link_share(block: HtmlElement) -> tuple[int, int, int]:
    """Words in the block, words inside its links, and how many links it holds."""
    anchors = [a for a in block.iter("a") if a.get("href")]
    return (
        _words(block.text_content()),
        sum(_words(a.text_content()) for a in anchors),
        len(anchors),
    )


def _is_link_block(element: HtmlElement | None) -> bool:
    if element is None or not isinstance(element.tag, str):
        return False
    words, linked, links = _link_share(element)
    return links >= 1 and words > 0 and linked >= 0.8 * words


def _is_label(element: HtmlElement) -> bool:
    text = element.text_content().strip()
    return _words(text) <= _LABEL_WORDS and _TEASER_LABEL.match(text) is not None


# The order matters: merged parts are wrapped, popups go before either counts words.
RULES: tuple[Callable[[HtmlElement], None], ...] = (
    keep_embedded_posts,
    drop_inline_popups,
    merge_split_body,
    wrap_loose_text,
    drop_link_teasers,
)


def repair(tree: HtmlElement) -> HtmlElement:
    """Apply every rule in order; returns the same tree."""
    for rule in RULES:
        rule(tree)
    return tree


# ----------------------------------------------------------------------------- lines
# Lines of the extracted body that are about the article, not of it: credits, sources, update
# stamps. Each pattern matches a whole line; a sentence that starts the same way but goes on
# as prose ("Reporting by the Post has shown that ...") does not match.
_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|da|del|la|le|bin|al))*"
_PLACED = rf"{_NAME}(?:\s+in\s+{_NAME})?"  # Reuters: "Reporting by Jane Roe in Paris"
_NAMES = rf"{_PLACED}(?:\s*(?:,|;|and|&)\s*{_PLACED})*"
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_WEEKDAYS = r"mon|tue|wed|thu|fri|sat|sun"
# One word of a date or a time: "18", "8:11", "2019-11-18", "Nov.", "Monday", "p.m.", "EST", "ago"
_DATE_WORD = (
    rf"(?:\d[\d:/.-]*|(?:(?:{_MONTHS})|(?:{_WEEKDAYS})[a-z]*|[ap]\.?m|(?-i:[A-Z]{{2,4}})|"
    r"ago|an?|hours?|minutes?|mins?|days?|at|on)\b\.?)"
)
_DATEISH = rf"(?=[^\n]*\d){_DATE_WORD}(?:[\s,]+{_DATE_WORD})*\W*"
NOT_ARTICLE_LINES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "credit: 'Additional reporting by Jane Roe; Editing by John Doe'",
        re.compile(
            rf"^\W*(?i:(?:with\s+)?(?:additional\s+)?(?:reporting|writing|editing|research|"
            rf"compiled)\s+by)\s+{_NAMES}(?:\s*[;,]?\s*(?i:(?:and\s+)?(?:additional\s+)?"
            rf"(?:reporting|writing|editing|research)\s+by)\s+{_NAMES})*\W*$"
        ),
    ),
    (
        "credit: 'Jane Roe and John Doe contributed to this report.'",
        re.compile(
            rf"^\W*{_NAMES}\s+(?:also\s+)?contributed(?:\s+reporting)?\s+"
            rf"(?:to|for)\s+this\s+(?:report|story|article)\W*$"
        ),
    ),
    ("source: 'SOURCE: News agencies'", re.compile(r"^\W*source\s*:\s*[^.!?]{1,60}$", re.I)),
    ("filing: 'Filed under: Politics |'", re.compile(r"^\W*filed under\s*:.{0,80}$", re.I)),
    (
        "stamp: 'Updated at 1:23 p.m.'",
        re.compile(
            rf"^\W*(?:last\s+)?(?:updated|published|posted)(?:\s+(?:at|on))?\s*:?\s*{_DATEISH}$",
            re.I,
        ),
    ),
    (
        "photo credit: '(Image credit: NASA)'",
        re.compile(r"^\W*(?:image|photo|picture|video)\s+credits?\s*:[^.!?]{1,80}\W*$", re.I),
    ),
)
_MAX_LINE_WORDS = 25


def without_non_article_lines(text: str) -> str:
    """The body without credit, source and update-stamp lines (NOT_ARTICLE_LINES)."""
    kept = [
        line
        for line in text.split("\n")
        if _words(line) > _MAX_LINE_WORDS
        or not any(pattern.match(line.strip()) for _, pattern in NOT_ARTICLE_LINES)
    ]
    return "\n".join(kept)
