"""mrkdwn is shown as Slack's clients show it (docs.slack.dev, "Formatting message text"), and
nothing a message says, however hostile, becomes markup, script or a link of its own in the
page."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.localslack.mrkdwn import mrkdwn_html, plain_html
from tests.localslack.htmlcheck import assert_safe, inspect, links, visible_text


class Names:
    def user_name(self, user_id: str) -> str | None:
        return {"U1": "maria", "U2": "<b>tom</b>"}.get(user_id)

    def channel_name(self, channel_id: str) -> str | None:
        return {"C1": "newsroom"}.get(channel_id)


NAMES = Names()


def html(text: str, **kw: bool) -> str:
    out = mrkdwn_html(text, NAMES, **kw)
    assert_safe(out)
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("*bold*", "<b>bold</b>"),
        ("_italic_", "<i>italic</i>"),
        ("~strike~", "<s>strike</s>"),
        ("`code`", "<code>code</code>"),
        ("*bold _and italic_*", "<b>bold <i>and italic</i></b>"),
        ("(*bold*), then", "(<b>bold</b>), then"),
        ("_(reported)_", "<i>(reported)</i>"),
    ],
)
def test_styles_at_word_boundaries(text: str, expected: str) -> None:
    assert expected in html(text)


@pytest.mark.parametrize(
    "text",
    ["snake_case_name", "2*3*4", "a*b*c", "* not bold *", "_ not italic _", "*across\nlines*"],
)
def test_markers_inside_words_or_with_spaces_are_text(text: str) -> None:
    out = html(text)
    assert "<b>" not in out and "<i>" not in out
    assert visible_text(out) == text.replace("\n", "")


def test_code_is_not_styled_inside() -> None:
    out = html("`*x* _y_`")
    assert "<code>*x* _y_</code>" in out


def test_fenced_block_keeps_lines_and_no_styles() -> None:
    out = html("before\n```line *one*\nline two```\nafter")
    assert "<pre>line *one*\nline two</pre>" in out
    assert visible_text(out).startswith("before")


def test_links_with_and_without_labels() -> None:
    out = html("<https://news.example/a?x=1&amp;y=2|Title &amp; more> and <https://b.example/>")
    assert links(out) == ["https://news.example/a?x=1&y=2", "https://b.example/"]
    assert visible_text(out) == "Title & more and https://b.example/"
    assert 'target="_blank"' in out and 'rel="noopener noreferrer"' in out


def test_bold_link_as_newsbot_writes_titles() -> None:
    out = html("*<https://news.example/a|A title>*  ·  Site")
    assert out.count("<b>") == 1 and "<b><a " in out


@pytest.mark.parametrize(
    "target",
    ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<script>x</script>",
     "vbscript:msgbox", " javascript:alert(1)", "file:///etc/passwd"],
)  # fmt: skip
def test_only_web_and_mail_links_are_followable(target: str) -> None:
    out = html(f"<{target}|click me>")
    assert links(out) == []
    assert "click me" in visible_text(out)


def test_a_url_cannot_leave_its_attribute() -> None:
    out = html('<https://x.example/" onmouseover="alert(1)|x> <https://y.example/\'><b>|y>')
    assert_safe(out)
    assert links(out)[0] == 'https://x.example/" onmouseover="alert(1)'


def test_mentions_and_broadcasts() -> None:
    out = html("<@U1> <@U2> <@U9> <#C1> <#C2|other> <!here> <!channel> <!subteam^S1|@desk>")
    assert visible_text(out) == "@maria @<b>tom</b> @U9 #newsroom #other @here @channel @desk"
    assert "<b>tom</b>" not in out  # a name is text, even one that looks like markup


def test_dates_use_the_fallback_or_the_format() -> None:
    out = html("<!date^1392734382^{date_num} {time}|Feb 18>, <!date^bad^x|when>")
    text = visible_text(out)
    assert text.startswith("2014-02-1") and text.endswith(", when")


def test_block_quotes_line_by_line_and_to_the_end() -> None:
    out = html("> one\n&gt; two\nnot quoted\n>>> all\nof this")
    parsed = inspect(out)
    assert [t for t, _ in parsed.tags].count("blockquote") == 2
    assert out.index("one") < out.index("</blockquote>") < out.index("not quoted")
    assert out.rindex("of this") < out.rindex("</blockquote>")


def test_bullet_lines_hang() -> None:
    out = html("*Key actors*\n• *Jane Doe* — mayor\n- plain\n1. first")
    assert out.count('class="ln li"') == 3


def test_emoji_shortcodes() -> None:
    out = html(":newspaper: :white_check_mark: :no_such_emoji:")
    assert "📰" in out and "✅" in out and ":no_such_emoji:" in out


def test_every_reaction_newsbot_adds_shows_as_its_emoji() -> None:
    from handlers.links import ANALYSED_EMOJI, NOT_ARTICLE_EMOJI, UNREADABLE_EMOJI

    out = html(
        " ".join(f":{name}:" for name in (ANALYSED_EMOJI, NOT_ARTICLE_EMOJI, UNREADABLE_EMOJI))
    )
    assert visible_text(out) == "📰 📄 ⚠️"


def test_slack_entities_only_and_once() -> None:
    out = html("&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; &quot; &#60;")
    assert visible_text(out) == "<script>alert(1)</script> &amp; &quot; &#60;"
    assert "<script" not in out


def test_raw_html_in_text_never_becomes_markup() -> None:
    for text in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<iframe src=x>"):
        out = html(text)
        assert "<script" not in out and "<img" not in out and "<iframe" not in out


def test_automatic_links_only_without_verbatim() -> None:
    assert links(html("see https://a.example/x_y.", verbatim=False)) == ["https://a.example/x_y"]
    assert links(html("see https://a.example/x_y.", verbatim=True)) == []


def test_plain_text_is_literal() -> None:
    out = plain_html("*not bold* &amp; <b>x</b> :newspaper:")
    assert_safe(out)
    assert visible_text(out) == "*not bold* &amp; <b>x</b> 📰"
    assert visible_text(plain_html(":newspaper:", emoji=False)) == ":newspaper:"


PIECES = [
    *"<>&\"'`*_~:/|@#!^ \n\tabcxyz.=;()[]{}\x00\u2028",
    *("javascript:", "https://", "onerror=", "&lt;", "&gt;", "&amp;", "<script>", "```", ">>>"),
]
HOSTILE = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(HOSTILE, st.booleans())
def test_any_text_renders_as_allowed_html_only(text: str, verbatim: bool) -> None:
    """Property: whatever a message says, the page gets only allowed tags and attributes, and
    links only to http(s) and mailto addresses."""
    assert_safe(mrkdwn_html(text, NAMES, verbatim=verbatim))
    assert_safe(plain_html(text))
