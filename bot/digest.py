"""Pure: the articles shared in one channel during one period -> a Digest record of what to post.

Everything here is chosen, ranked and grouped without Slack or a database: the store hands in
`SharedArticle` rows (bot.store.queries.digests), bot.digest_blocks turns the Digest into Block
Kit messages, and the command line prints it. What this module reads of those rows is written
down as the protocols `SharedRow`, `ActorRow` and bot.ranking's `RankedQuote`, so it needs
neither the store nor SQLAlchemy to be imported.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from bot.quoting import VERBATIM_KINDS
from bot.ranking import RankedQuote, best_quotes, is_named, is_short, quote_score, rank_key

FIRST_WINDOW = timedelta(hours=24)
MAX_ARTICLE_ACTORS = 5
MAX_ARTICLE_QUOTES = 3
MAX_TOP_ACTORS = 5
# The stories that get a thread reply of their own; the others are listed compactly.
MAX_TOP_STORIES = 5


class ActorRow(Protocol):
    """An actor of one shared article, as the digest reads it (the store's ArticleActorView)."""

    @property
    def actor_id(self) -> int: ...

    @property
    def name(self) -> str: ...

    @property
    def kind(self) -> str: ...

    @property
    def role(self) -> str | None: ...

    @property
    def salience(self) -> float: ...


class SharedRow(Protocol):
    """An article shared in the channel during the period (the store's SharedArticle)."""

    @property
    def article_id(self) -> int: ...

    @property
    def url(self) -> str: ...

    @property
    def title(self) -> str | None: ...

    @property
    def site(self) -> str | None: ...

    @property
    def first_shared_at(self) -> datetime: ...

    @property
    def share_count(self) -> int: ...

    @property
    def sharers(self) -> tuple[str, ...]: ...  # Slack user ids, in order of first share

    @property
    def actors(self) -> Sequence[ActorRow]: ...  # most salient first

    @property
    def quotes(self) -> Sequence[RankedQuote]: ...  # in text order


@dataclass(frozen=True, slots=True)
class DigestQuote:
    """A quote as the digest shows it: the words, how they were reported, who said them, where."""

    text: str
    kind: str
    speaker: str
    cue: str | None
    article_id: int
    article_title: str | None
    article_url: str
    score: float
    speaker_kind: str | None = None

    @property
    def named_and_verbatim(self) -> bool:
        """A named speaker's own words: what "who said what" and the quote of the day show."""
        return is_named(self) and self.kind in VERBATIM_KINDS

    @property
    def rank(self) -> tuple[bool, float]:
        return rank_key(self.text, self.score)

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "kind": self.kind,
            "speaker": self.speaker,
            "speaker_kind": self.speaker_kind,
            "cue": self.cue,
            "article_id": self.article_id,
            "article_title": self.article_title,
            "article_url": self.article_url,
        }


@dataclass(frozen=True, slots=True)
class DigestActor:
    """An actor of one article (articles == 1) or of the whole period (salience summed)."""

    name: str
    kind: str
    role: str | None
    articles: int
    score: float

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "role": self.role,
            "articles": self.articles,
            "score": round(self.score, 4),
        }


@dataclass(frozen=True, slots=True)
class Sharer:
    user: str  # Slack user id
    articles: int


@dataclass(frozen=True, slots=True)
class ArticleEntry:
    """One thread reply's worth: the article, who shared it, its key actors and best quotes."""

    article_id: int
    url: str
    title: str | None
    site: str | None
    sharers: tuple[str, ...]
    actors: tuple[DigestActor, ...]
    quotes: tuple[DigestQuote, ...]  # in text order

    def to_json(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "url": self.url,
            "title": self.title,
            "site": self.site,
            "sharers": list(self.sharers),
            "actors": [a.to_json() for a in self.actors],
            "quotes": [q.to_json() for q in self.quotes],
        }


@dataclass(frozen=True, slots=True)
class SpeakerQuotes:
    """Everything one speaker was quoted saying in the period, best quote first."""

    speaker: str
    quotes: tuple[DigestQuote, ...]

    def to_json(self) -> dict[str, Any]:
        return {"speaker": self.speaker, "quotes": [q.to_json() for q in self.quotes]}


@dataclass(frozen=True, slots=True)
class Digest:
    """One channel's digest for the period [period_start, period_end), shown in `timezone`."""

    channel: str
    period_start: datetime
    period_end: datetime
    timezone: str
    articles: tuple[ArticleEntry, ...]
    sharers: tuple[Sharer, ...]  # most articles first
    top_actors: tuple[DigestActor, ...]
    top_quote: DigestQuote | None
    who_said_what: tuple[SpeakerQuotes, ...]  # named speakers' own words, most quoted first
    top_stories: tuple[int, ...] = ()  # article ids of the period's main stories, best first

    @property
    def is_empty(self) -> bool:
        return not self.articles

    @property
    def local_start(self) -> datetime:
        return self.period_start.astimezone(ZoneInfo(self.timezone))

    @property
    def local_end(self) -> datetime:
        return self.period_end.astimezone(ZoneInfo(self.timezone))

    def to_json(self) -> dict[str, Any]:
        return {
            "channel": self.channel,
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            "timezone": self.timezone,
            "articles": [a.to_json() for a in self.articles],
            "sharers": [{"user": s.user, "articles": s.articles} for s in self.sharers],
            "top_actors": [a.to_json() for a in self.top_actors],
            "top_quote": self.top_quote.to_json() if self.top_quote else None,
            "who_said_what": [s.to_json() for s in self.who_said_what],
            "top_stories": list(self.top_stories),
        }


def window(period_end: datetime, previous_end: datetime | None) -> tuple[datetime, datetime]:
    """The period a digest covers: from the previous digest's end (else 24 h back) to its end."""
    start = previous_end if previous_end is not None else period_end - FIRST_WINDOW
    return min(start, period_end), period_end


# -- ranking -------------------------------------------------------------------------------------


def _digest_quote(article: SharedRow, q: RankedQuote, salience: dict[str, float]) -> DigestQuote:
    speaker = q.speaker or ""
    return DigestQuote(
        text=q.text,
        kind=q.kind,
        speaker=speaker,
        speaker_kind=q.speaker_kind,
        cue=q.cue,
        article_id=article.article_id,
        article_title=article.title,
        article_url=article.url,
        score=quote_score(q.text, q.kind, salience.get(speaker, 0.0)),
    )


def _actor(view: ActorRow) -> DigestActor:
    return DigestActor(view.name, view.kind, view.role, 1, view.salience)


def period_actors(articles: Iterable[SharedRow]) -> list[DigestActor]:
    """The period's most salient actors: salience summed over articles, their usual role."""
    score: dict[int, float] = defaultdict(float)
    count: Counter[int] = Counter()
    roles: dict[int, Counter[str]] = defaultdict(Counter)
    first: dict[int, ActorRow] = {}
    for article in articles:
        for a in article.actors:
            first.setdefault(a.actor_id, a)
            score[a.actor_id] += a.salience
            count[a.actor_id] += 1
            if a.role:
                roles[a.actor_id][a.role] += 1
    ranked = sorted(score, key=lambda i: (-score[i], -count[i], first[i].name))
    return [
        DigestActor(
            name=first[i].name,
            kind=first[i].kind,
            role=roles[i].most_common(1)[0][0] if roles[i] else None,
            articles=count[i],
            score=score[i],
        )
        for i in ranked
    ]


def _sharers(articles: Iterable[SharedRow]) -> list[Sharer]:
    counts: Counter[str] = Counter()
    for article in articles:
        counts.update(set(article.sharers))
    # Counter keeps first-seen order among equals, so ties list whoever shared first.
    return [Sharer(user, n) for user, n in counts.most_common()]


def _who_said_what(quotes: Iterable[DigestQuote]) -> list[SpeakerQuotes]:
    """Named speakers' own words (direct quotes; partial ones when the speaker has no other),
    by speaker."""
    by_speaker: dict[str, dict[str, DigestQuote]] = defaultdict(dict)
    for q in quotes:
        if not q.named_and_verbatim:
            continue
        # The same words carried by two articles (wire copy) count once.
        by_speaker[q.speaker].setdefault(" ".join(q.text.lower().split()), q)
    groups: list[SpeakerQuotes] = []
    for speaker, unique in by_speaker.items():
        ranked = sorted(unique.values(), key=lambda q: q.rank)
        ranked = [q for q in ranked if q.kind == "direct"] or ranked
        longer = [q for q in ranked if not is_short(q.text)]
        groups.append(SpeakerQuotes(speaker, tuple(longer or ranked)))
    return sorted(groups, key=lambda g: (-len(g.quotes), g.speaker))


def build_digest(
    *,
    channel: str,
    period_start: datetime,
    period_end: datetime,
    timezone: str,
    articles: Sequence[SharedRow],
) -> Digest:
    """The digest of `articles` (shared in `channel` during the period), in the order shared."""
    ZoneInfo(timezone)  # an unknown zone fails here, not halfway through rendering
    ordered = sorted(articles, key=lambda a: (a.first_shared_at, a.article_id))
    actors = period_actors(ordered)
    # A speaker's weight across the period: their summed salience, relative to the top actor.
    period_weight = {a.name: a.score for a in actors}
    top_weight = max(period_weight.values(), default=1.0) or 1.0
    entries: list[ArticleEntry] = []
    every_quote: list[DigestQuote] = []
    for article in ordered:
        salience = {a.name: a.salience for a in article.actors}
        every_quote.extend(
            _digest_quote(article, q, salience)
            for q in article.quotes
            if q.speaker and q.text.strip()
        )
        best = best_quotes(article.quotes, salience, MAX_ARTICLE_QUOTES)
        entries.append(
            ArticleEntry(
                article_id=article.article_id,
                url=article.url,
                title=article.title,
                site=article.site,
                sharers=article.sharers,
                actors=tuple(_actor(a) for a in article.actors[:MAX_ARTICLE_ACTORS]),
                quotes=tuple(_digest_quote(article, q, salience) for q in best),
            )
        )
    notable = [q for q in every_quote if not is_short(q.text)]
    notable = [q for q in notable if q.named_and_verbatim] or notable
    top_quote = max(
        notable,
        key=lambda q: quote_score(q.text, q.kind, period_weight.get(q.speaker, 0.0) / top_weight),
        default=None,
    )
    return Digest(
        channel=channel,
        period_start=period_start,
        period_end=period_end,
        timezone=timezone,
        articles=tuple(entries),
        sharers=tuple(_sharers(ordered)),
        top_actors=tuple(actors[:MAX_TOP_ACTORS]),
        top_quote=top_quote,
        who_said_what=tuple(_who_said_what(every_quote)),
        top_stories=tuple(_top_stories(ordered, entries, period_weight, top_weight)),
    )


def _top_stories(
    articles: Sequence[SharedRow],
    entries: Sequence[ArticleEntry],
    period_weight: dict[str, float],
    top_weight: float,
) -> list[int]:
    """The ids of the period's main stories, best first: shared most often, about the period's
    most present actors, with a named speaker's words to show."""

    def score(article: SharedRow, entry: ArticleEntry) -> float:
        actors = sum(period_weight.get(a.name, 0.0) for a in entry.actors) / top_weight
        quoted = any(q.named_and_verbatim for q in entry.quotes)
        return 2.0 * (article.share_count - 1) + actors + (1.0 if quoted else 0.0)

    ranked = sorted(
        zip(articles, entries, strict=True),
        key=lambda pair: (-score(*pair), pair[1].article_id),
    )
    return [entry.article_id for _, entry in ranked[:MAX_TOP_STORIES]]
