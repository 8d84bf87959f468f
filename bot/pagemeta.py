"""A news page's metadata as a reader would state it: the site's name, the byline, the title
and the publication date, cleaned of what CMSs and extractors put in their place.

trafilatura finds the raw values (its own metadata functions); the rules here are general
patterns of news pages, each a small named function with tests on pages of our own
(tests/test_pagemeta.py), never a fix for one site.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from bot.sites import registrable_domain

# ----------------------------------------------------------------------------- site name

# What separates a headline from the site's name in <title>, or a name from its tagline.
_SEPARATOR = re.compile(r"\s+[|\u2013\u2014\u00b7\u2022:-]+\s+|\s*::\s*")
_COPYRIGHT = re.compile(
    r"\u00a9|\(c\)|\bcopyright\b|\ball rights reserved\b|\b(?:19|20)\d\d\b", re.IGNORECASE
)
_MAX_NAME_WORDS = 6


def squashed(text: str) -> str:
    """Letters and digits only, case-folded: "nj.com", "NJ com" and "NJcom" are one spelling."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _first(tree: HtmlElement, xpath: str) -> str | None:
    for value in tree.xpath(xpath):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _title_segments(tree: HtmlElement) -> list[str]:
    """The parts of <title> around its separators: "Headline | Site" -> ["Headline", "Site"]."""
    title = " ".join((_first(tree, "//head/title/text()") or "").split())
    return [part.strip() for part in _SEPARATOR.split(title) if part.strip()]


def _host_labels(page_url: str | None) -> tuple[str | None, set[str]]:
    """The registrable name of the page's host ("ap" for hosted.ap.org) and its other labels."""
    host = urlsplit(page_url).hostname if page_url else None
    if not host:
        return None, set()
    site = registrable_domain(host)
    sub = host.removesuffix(site).strip(".")
    return site.split(".")[0], {label for label in sub.split(".") if label and label != "www"}


_HOST_LIKE = re.compile(r"[\w-]+(?:\.[\w-]+)+")


def _name_key(name: str) -> str:
    """One key for the spellings of a name: "The Detroit News", "detroitnews", "Detroit-News",
    and a site's host name, "livescience.com" for Live Science."""
    name = name.strip()
    if _HOST_LIKE.fullmatch(name):
        name = registrable_domain(name).split(".")[0]
    return squashed(re.sub(r"^the\s+", "", name, flags=re.IGNORECASE))


def _same_name(one: str, other: str) -> bool:
    """ "TheHill" and "The Hill", "floridatoday" and "Florida Today" are one name."""
    return squashed(one) == squashed(other) or _name_key(one) == _name_key(other)


def _corroborated(name: str, tree: HtmlElement) -> bool:
    """Whether the site's Twitter account or publisher link carries the name too."""
    links = tree.xpath(
        "//meta[@name='twitter:site' or @name='twitter:creator' or @property='twitter:site'"
        " or @property='article:publisher']/@content"
    )
    return any(_name_key(name) in squashed(str(link)) for link in links)


def clean_site_name(name: str | None, tree: HtmlElement, page_url: str | None) -> str | None:
    """One claimed site name, cleaned, or None when it is no name at all.

    - a copyright notice is not a name: "Copyright 2014" is nothing, "© 2024 Gazette" is Gazette;
    - a tagline goes: "LinkNaija | Nigeria's popular news platform" is LinkNaija;
    - a Twitter handle loses its "@";
    - the label of the page's sub-domain is the CMS product's default ("Hosted" on
      hosted.ap.org), unless the site's Twitter account or publisher link bears it out
      (ProFootballTalk on profootballtalk.nbcsports.com, @ProFootballTalk).
    """
    if not name:
        return None
    name = " ".join(_COPYRIGHT.sub(" ", name).split()).strip(" .,;|-").lstrip("@")
    name = next((part for part in _SEPARATOR.split(name) if part.strip()), "").strip()
    if not name or len(name.split()) > _MAX_NAME_WORDS or "://" in name:
        return None
    _, sub_labels = _host_labels(page_url)
    if squashed(name) in sub_labels and not _corroborated(name, tree):
        return None
    return name


def _spelt_out(name: str, segments: list[str]) -> str:
    """A slug the <title> spells out in full is replaced by it: "nj" with "... - nj.com" in
    the title is nj.com, "SputnikInt" with "... - Sputnik International" is Sputnik
    International; a title part that says more than the name ("comwrap at DMEXCO 2018") is
    another thing."""
    for segment in reversed(segments):
        if (
            not _same_name(segment, name)
            and _name_key(segment).startswith(_name_key(name))
            and len(segment.split()) <= len(name.split()) + 1
        ):
            return segment
    return name


def site_name(tree: HtmlElement, found: str | None, page_url: str | None) -> str | None:
    """The site's name, from the page's own og:site_name and what trafilatura found (often
    JSON-LD's publisher, which on a syndicated story is the wire service, not the site).

    The name <title> ends with is the one readers see: a claim it agrees with wins. Else the
    page's og:site_name. Of the spellings of one name ("floridatoday", "Florida Today") the
    one written as words is kept, else the title's ("nj.com" over "nj").
    """
    claims = [
        clean_site_name(claim, tree, page_url)
        for claim in (_first(tree, "//meta[@property='og:site_name']/@content"), found)
    ]
    named = [claim for claim in claims if claim]
    if not named:
        return None
    segments = _title_segments(tree)[1:]
    shown = [s for s in segments if any(_same_name(s, c) for c in named)]
    choice = shown[-1] if shown else named[0]
    spellings = [c for c in [*named, *segments] if _same_name(c, choice)]
    best = max(spellings, key=lambda c: (len(c.split()), c in shown, sum(ch.isupper() for ch in c)))
    best = _spelt_out(best, segments)
    return best[0].upper() + best[1:] if "." not in best else best


def _site_names(site: str | None, page_url: str | None) -> set[str]:
    """The site's name and host, squashed: what a title or a byline may repeat of it."""
    main, _ = _host_labels(page_url)
    host = urlsplit(page_url).hostname if page_url else None
    names = {squashed(site or ""), _name_key(site or ""), squashed(main or "")}
    if host:
        names.add(squashed(registrable_domain(host)))
    return names - {""}


def title_without_site(title: str | None, site: str | None, page_url: str | None) -> str | None:
    """The headline without a trailing " - SpaceNews.com" naming the site itself."""
    if not title:
        return title
    parts = _SEPARATOR.split(title)
    if len(parts) > 1 and squashed(parts[-1]) in _site_names(site, page_url):
        head = title[: title.rfind(parts[-1])]
        return _SEPARATOR.sub("", head[::-1], count=1)[::-1].strip() or title
    return title


# ----------------------------------------------------------------------------- byline

_MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
# A date or a stamp glued to the end of a name by the page's layout: "Carrie Arnold November".
_TRAILING_STAMP = re.compile(
    rf"(?:\s+(?:{_MONTH}|published|updated|posted|on|at|\d[\d:/.,-]*))+\s*$", re.IGNORECASE
)
# "Jane Roe is a reporter ...": the name is what comes before the verb.
_BIO_VERB = re.compile(
    r"\s+(?:is|was|has|had|covers|writes|reports|joined|lives|works|edits|leads)\s+",
    re.IGNORECASE,
)
_JOB = re.compile(
    r"\b(?:writer|reporter|correspondent|editor|columnist|contributor|producer|photographer|"
    r"journalist|critic|analyst|intern|anchor|host)s?\b",
    re.IGNORECASE,
)
_CREDENTIALS = frozenset(
    {"ms", "msc", "ma", "ba", "bs", "bsc", "phd", "md", "do", "rn", "rd", "rdn", "ld", "mph",
     "mba", "cpt", "cscs", "jd", "esq", "dds", "mfa", "cpa", "np", "pa"}
)  # fmt: skip
_CMS_ACCOUNT = re.compile(r"^(?:\w*admin\w*|webmaster|root|guest|user\d*|editor)$", re.IGNORECASE)
_ORGANISATION = re.compile(
    r"^the\s|\b(?:media|news|press|service|services|agency|network|business|international|"
    r"group|inc|ltd|llc|corp|company|wires?|newspapers?|com)\b",
    re.IGNORECASE,
)
_PARTICLES = frozenset({"de", "van", "von", "der", "den", "da", "del", "la", "le", "bin", "al"})


def _bio_sentence(name: str) -> str | None:
    """ "Jane Roe is a reporter at the Gazette" is Jane Roe's; a sentence without a name is none."""
    parts = _BIO_VERB.split(name, maxsplit=1)
    if len(parts) == 1:
        return name
    return parts[0] if _is_person(parts[0]) else None


def _trailing_stamp(name: str) -> str | None:
    return _TRAILING_STAMP.sub("", name).strip() or None


def _capitals(name: str) -> str | None:
    """AP writes bylines in capitals, followed by the agency: "JILL LAWLESS Associated Press" is
    Jill Lawless; a name all in capitals is written as a name ("STEVE PEOPLES", Steve Peoples)."""
    words = name.split()
    lead = []
    for word in words:
        if not (word.isupper() and any(ch.isalpha() for ch in word)):
            break
        lead.append(word)
    if 2 <= len(lead) < len(words):
        words = lead
    if len(words) >= 2 and len(lead) == len(words):
        words = [word.title() for word in words]
    return " ".join(words)


def _not_a_job_title(name: str) -> str | None:
    """ "AP Auto Writer", "Staff Writer": what someone does is not who they are."""
    return None if _JOB.search(name) else name


def _not_a_credential(name: str) -> str | None:
    """ "Ilana Roe, MS, RDN" gives the entries MS and RDN: degrees, not people."""
    return None if squashed(name) in _CREDENTIALS else name


def _not_a_cms_account(name: str) -> str | None:
    """ "admin", "jdadmin": the CMS account that posted the page, not a byline."""
    return None if _CMS_ACCOUNT.match(name.replace(" ", "")) else name


# Each rule takes one name and returns it cleaned, or None when it is no byline at all.
NAME_RULES: tuple[Callable[[str], str | None], ...] = (
    _bio_sentence,
    _trailing_stamp,
    _capitals,
    _not_a_job_title,
    _not_a_credential,
    _not_a_cms_account,
)


def _is_person(name: str) -> bool:
    """Two to four capitalised words (particles allowed), none of them an organisation's."""
    words = name.split()
    return (
        2 <= len(words) <= 4
        and all(w[0].isupper() or w.lower() in _PARTICLES for w in words)
        and not any(ch.isdigit() for ch in name)
        and _ORGANISATION.search(name) is None
    )


def _without_site(name: str, site_names: set[str]) -> str | None:
    """ "Finian Cunningham Sputnik International" on Sputnik International is Finian
    Cunningham; a byline that is the site itself is no one's."""
    if squashed(name) in site_names:
        return None
    words = name.split()
    if len(words) == 1 and _is_site_word(squashed(name), site_names):
        return None
    for cut in range(1, len(words)):
        if squashed(" ".join(words[cut:])) in site_names:
            return " ".join(words[:cut])
    return name


def _is_site_word(word: str, site_names: set[str]) -> bool:
    """ "Beachbody" on The Beachbody Blog, "Vortex" on vortexcannon.org: the brand's account.
    (The site's names are squashed, and "the" comes off: thebeachbodyblog is beachbodyblog.)"""
    return len(word) >= 4 and any(name.startswith(word) for name in site_names)


def byline(
    raw: str | None, *, site: str | None = None, page_url: str | None = None
) -> tuple[str, ...]:
    """The people who wrote the article, from trafilatura's "; "-separated authors.

    Each name goes through NAME_RULES; then the site's own name goes from a byline; when the
    byline names people, what is not a person (an organisation, "CNN", a user name such as
    "Kevin-R") goes; and one person named twice ("Troy Smith", "Troy L Smith") is named once,
    in full.
    """
    site_names = _site_names(site, page_url)
    names: list[str] = []
    for entry in (raw or "").split(";"):
        name: str | None = " ".join(entry.split())
        for rule in NAME_RULES:
            if not name:
                break
            name = rule(name)
        if name:
            name = _without_site(name, site_names)
        if name and name not in names:
            names.append(name)
    if any(_is_person(n) for n in names):
        names = [n for n in names if _is_person(n)]
    return tuple(n for n in names if not any(_fuller(other, n) for other in names))


def _fuller(longer: str, name: str) -> bool:
    """Whether `longer` names the same person in full: same first and last word, more words."""
    a, b = longer.split(), name.split()
    return len(a) > len(b) >= 2 and a[0] == b[0] and a[-1] == b[-1]


# ----------------------------------------------------------------------------- date

_URL_DATE = re.compile(
    rf"/((?:19|20)\d\d)[/-]((?:0?[1-9]|1[0-2])|{_MONTH})[/-]((?:0?[1-9]|[12]\d|3[01]))(?:/|-|$)",
    re.IGNORECASE,
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# A page published late in the evening in the Americas carries the next day's UTC date.
_DAY_SLACK = 1


def url_date(page_url: str | None) -> date | None:
    """The date in the article's own path: /2019/11/18/, /2019-11-18/, /2019/nov/18/."""
    match = _URL_DATE.search(urlsplit(page_url).path) if page_url else None
    if match is None:
        return None
    year, month, day = match.groups()
    number = int(month) if month.isdigit() else _MONTHS.index(month[:3].lower()) + 1
    try:
        return date(int(year), number, int(day))
    except ValueError:
        return None


def published(found: str | None, page_url: str | None) -> str | None:
    """The publication date (YYYY-MM-DD): trafilatura's (htmldate's), unless the article's
    own URL carries a date more than a day away from it. Dates in the text can be of the
    events reported (a fact-check of a statement made a month before): the path is the
    publisher's."""
    in_path = url_date(page_url)
    try:
        claimed = date.fromisoformat(found[:10]) if found else None
    except ValueError:
        claimed = None
    if in_path and (claimed is None or abs((claimed - in_path).days) > _DAY_SLACK):
        return in_path.isoformat()
    return claimed.isoformat() if claimed else None
