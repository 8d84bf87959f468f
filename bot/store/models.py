"""The archive's tables (SQLModel): articles, actors, quotes, shares, channel and digest state.

Every timestamp is timezone-aware UTC in Python; the `UTCDateTime` column type makes SQLite
(which has no time zones) and PostgreSQL (timestamptz) hand back the same aware values.
Schema changes go through the Alembic migrations in bot/store/migrations.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlmodel import Field, SQLModel

# Deterministic constraint names, so migrations can name what they create and drop.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


# PostgreSQL's btree index refuses a row over 2,704 bytes, and a URL can be far longer: URL keys
# are unique and looked up by this hash of them, the text itself kept alongside, unindexed.
KEY_HASH_CHARS = 64


def key_hash(key: str) -> str:
    """The SHA-256 of `key`'s UTF-8, in hex: what URL keys are indexed and looked up by."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _key_hash_column(*, primary_key: bool = False, unique: bool | None = None) -> Any:
    column = sa.Column(
        sa.String(KEY_HASH_CHARS), nullable=False, primary_key=primary_key, unique=unique
    )
    return Field(sa_column=column)


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """An aware UTC datetime on every backend; naive values are refused, not guessed at."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: the archive stores aware UTC times only")
        value = value.astimezone(UTC)
        # SQLite keeps text; dropping the (always UTC) offset keeps it sortable as text.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _time(*, nullable: bool) -> Any:
    return Field(default=None, sa_column=sa.Column(UTCDateTime(), nullable=nullable))


def _created() -> Any:
    return Field(
        default_factory=utcnow, sa_column=sa.Column(UTCDateTime(), nullable=False, default=utcnow)
    )


def _ref(table: str, *, ondelete: str, nullable: bool, index: bool = False) -> Any:
    """An integer foreign key to `table`.id."""
    column = sa.Column(
        sa.Integer(),
        sa.ForeignKey(f"{table}.id", ondelete=ondelete),
        nullable=nullable,
        index=index,
    )
    return Field(default=None, sa_column=column) if nullable else Field(sa_column=column)


def _json_list() -> Any:
    return Field(default_factory=list, sa_column=sa.Column(sa.JSON(), nullable=False))


class Article(SQLModel, table=True):
    """One news article, whatever URL variants it was shared under."""

    __tablename__ = "article"
    # The articles not everyone may see, by time: what a viewer's answers leave out. Their ids
    # are in the index (SQLite's every index holds the rowid; PostgreSQL's INCLUDE), so those
    # few are found without reading the table (migration 0022).
    __table_args__ = (
        sa.Index("ix_article_public_seen_at", "public", "seen_at", postgresql_include=["id"]),
    )

    id: int | None = Field(default=None, primary_key=True)
    canonical_url: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    # bot.urls.article_key of the canonical URL: http/https, www, AMP, slash variants agree.
    url_key: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    url_hash: str = _key_hash_column(unique=True)  # key_hash(url_key)
    title: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))
    site: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))
    authors: list[str] = _json_list()
    published_at: datetime | None = _time(nullable=True)
    fetched_at: datetime | None = _time(nullable=True)
    # published_at, or fetched_at when the page gives no date: the article's place in time for
    # windows and "newest first"; copied onto its quotes and actor links for indexed queries.
    seen_at: datetime = Field(
        default_factory=utcnow, sa_column=sa.Column(UTCDateTime(), nullable=False, index=True)
    )
    language: str | None = Field(default=None, sa_column=sa.Column(sa.String(16)))
    # "article", or what the page is instead ("a recipe", "a page in French"; bot.pagekind) and
    # why: such a page stays in the archive but has no actors or quotes, so it is in no digest,
    # `top` or actor count.
    page_kind: str = Field(
        default="article",
        sa_column=sa.Column(
            sa.String(64), nullable=False, default="article", server_default="article"
        ),
    )
    not_article_reason: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))
    text: str = Field(default="", sa_column=sa.Column(sa.Text(), nullable=False, default=""))
    status: str = Field(
        default="pending", sa_column=sa.Column(sa.String(16), nullable=False, default="pending")
    )
    failure_reason: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))
    analyzer_version: str | None = Field(default=None, sa_column=sa.Column(sa.String(32)))
    # Seen by everyone in Slack: shared in a public channel, or stored by the operator (`newsbot
    # ingest`). Other articles are seen only by members of a channel they were shared in.
    public: bool = Field(
        default=False, sa_column=sa.Column(sa.Boolean(), nullable=False, default=False)
    )
    created_at: datetime = _created()
    updated_at: datetime = _created()


class ArticleUrl(SQLModel, table=True):
    """Every original URL an article was seen under, keyed by article_key, for "already stored"."""

    __tablename__ = "article_url"

    url_hash: str = _key_hash_column(primary_key=True)  # key_hash(url_key)
    url_key: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    article_id: int = _ref("article", ondelete="CASCADE", nullable=False, index=True)
    url: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    first_seen_at: datetime = _created()


class Actor(SQLModel, table=True):
    """One real-world actor across the whole archive, with every alias and role seen for it."""

    __tablename__ = "actor"
    __table_args__ = (sa.UniqueConstraint("name_key", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    # bot.store.linking.name_key(name): case- and accent-folded, for matching.
    name_key: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    kind: str = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    aliases: list[str] = _json_list()
    roles: list[str] = _json_list()
    # Kept up to date by store_analysis so profiles and all-time rankings need no scan.
    article_count: int = Field(
        default=0, sa_column=sa.Column(sa.Integer(), nullable=False, index=True, default=0)
    )
    quote_count: int = Field(
        default=0, sa_column=sa.Column(sa.Integer(), nullable=False, index=True, default=0)
    )
    first_seen_at: datetime | None = _time(nullable=True)
    last_seen_at: datetime | None = _time(nullable=True)
    created_at: datetime = _created()


class ActorName(SQLModel, table=True):
    """The folded keys an actor is found by: its name, each alias, and a person's surname."""

    __tablename__ = "actor_name"
    __table_args__ = (sa.PrimaryKeyConstraint("key", "actor_id", "name_kind"),)

    key: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    actor_id: int = _ref("actor", ondelete="CASCADE", nullable=False, index=True)
    name_kind: str = Field(sa_column=sa.Column(sa.String(8), nullable=False))


class ArticleActor(SQLModel, table=True):
    """An actor as it appears in one article."""

    __tablename__ = "article_actor"
    __table_args__ = (
        sa.PrimaryKeyConstraint("article_id", "actor_id"),
        sa.Index("ix_article_actor_actor_id_seen_at", "actor_id", "seen_at"),
        # A window's counts read whether a viewer may see each row from this index alone.
        sa.Index(
            "ix_article_actor_seen_at_actor_id_public",
            "seen_at",
            "actor_id",
            "public",
            "article_id",
        ),
        sa.Index("ix_article_actor_public_actor_id", "public", "actor_id", "article_id"),
        # The roles of an actor in articles hidden from a viewer, from this index alone: the
        # few links with a role, not every link of a much-written-about actor.
        sa.Index(
            "ix_article_actor_actor_id_role",
            "actor_id",
            "public",
            "article_id",
            "role",
            sqlite_where=sa.text("role IS NOT NULL"),
            postgresql_where=sa.text("role IS NOT NULL"),
        ),
    )

    article_id: int = _ref("article", ondelete="CASCADE", nullable=False)
    actor_id: int = _ref("actor", ondelete="CASCADE", nullable=False)
    mentions: int = Field(default=0, sa_column=sa.Column(sa.Integer(), nullable=False, default=0))
    salience: float = Field(
        default=0.0, sa_column=sa.Column(sa.Float(), nullable=False, default=0.0)
    )
    role: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))
    # The article's seen_at, copied so windows over actors use one index.
    seen_at: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False))
    # The article's public flag, copied so an actor's articles hidden from a viewer are few
    # index entries, not a walk through all of them.
    public: bool = Field(
        default=False, sa_column=sa.Column(sa.Boolean(), nullable=False, default=False)
    )


# Each quote key's index and the quotes it holds. A key is a hash, so every entry is a write to
# a page of its own: a quote with head and tail keys is found by those (the same words have the
# same first words), and its words_key is not indexed.
QUOTE_KEY_INDEXES = {
    "words_key": "words_key IS NOT NULL AND head_key IS NULL",
    "head_key": "head_key IS NOT NULL",
    "tail_key": "tail_key IS NOT NULL",
}


class Quote(SQLModel, table=True):
    """One quote or piece of reported speech in one article."""

    __tablename__ = "quote"
    __table_args__ = (
        sa.Index("ix_quote_actor_id_seen_at", "actor_id", "seen_at"),
        sa.Index("ix_quote_seen_at_actor_id_public", "seen_at", "actor_id", "public", "article_id"),
        sa.Index("ix_quote_public_actor_id", "public", "actor_id", "article_id"),
        # An article's quotes with their speakers: the quotes of the articles hidden from a
        # viewer are taken off an actor's counts from this index alone (migration 0022).
        sa.Index("ix_quote_article_id_actor_id", "article_id", "actor_id"),
        # Only quotes long enough to have a key are indexed by it, and only those too short
        # for head and tail keys by their words_key (bot.store.queries.provenance).
        *(
            sa.Index(
                f"ix_quote_{key}",
                key,
                sqlite_where=sa.text(where),
                postgresql_where=sa.text(where),
            )
            for key, where in QUOTE_KEY_INDEXES.items()
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = _ref("article", ondelete="CASCADE", nullable=False)
    actor_id: int | None = _ref("actor", ondelete="SET NULL", nullable=True)
    speaker_text: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))
    text: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    kind: str = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    cue: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))
    start: int = Field(sa_column=sa.Column(sa.Integer(), nullable=False))
    end: int = Field(sa_column=sa.Column(sa.Integer(), nullable=False))
    seen_at: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False))
    public: bool = Field(  # the article's, copied as for ArticleActor
        default=False, sa_column=sa.Column(sa.Boolean(), nullable=False, default=False)
    )
    # bot.store.search.index_terms(text): what both databases' search indexes hold.
    terms: str = Field(default="", sa_column=sa.Column(sa.Text(), nullable=False, default=""))
    # bot.store.quote_keys: the same words in other articles (one quote seen several times),
    # and the same first or last words (a quote that grew or was trimmed). None: too short.
    words_key: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger()))
    head_key: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger()))
    tail_key: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger()))


class ActorWeek(SQLModel, table=True):
    """How many article links and quotes each actor has in each week (bot.store.weeks), for
    every article whether a viewer may see it or not: an upper bound on what any window inside
    those weeks counts, so a ranking reads the few biggest counts of each week first.

    Kept by the archive's writer, as the actors' counters are (bot.store.queries.counts: one
    upsert per batch; triggers until migration 0019): every article stored or read again keeps
    it true. Rows deleted by hand leave it too high, which a ranking can bear, never too low.
    """

    __tablename__ = "actor_week"
    __table_args__ = (
        sa.PrimaryKeyConstraint("week", "actor_id"),
        sa.Index("ix_actor_week_week_articles", "week", "articles"),
        sa.Index("ix_actor_week_week_quotes", "week", "quotes"),
    )

    week: int = Field(sa_column=sa.Column(sa.Integer(), nullable=False))
    actor_id: int = Field(sa_column=sa.Column(sa.Integer(), nullable=False))
    # Migration 0018's triggers wrote one of the two at a time: the other started at 0.
    articles: int = Field(
        default=0, sa_column=sa.Column(sa.Integer(), nullable=False, server_default="0")
    )
    quotes: int = Field(
        default=0, sa_column=sa.Column(sa.Integer(), nullable=False, server_default="0")
    )


# A share in a private channel, or one recorded before channel types were kept. Plain SQL with
# constants, matched word for word by queries: SQLite uses a partial index only then.
PRIVATE_SHARE_SQL = "channel_type IS NULL OR channel_type <> 'channel'"


class Share(SQLModel, table=True):
    """One link shared in one Slack message; a redelivered event finds the row it made before."""

    __tablename__ = "share"
    __table_args__ = (
        sa.UniqueConstraint("channel", "message_ts", "url_hash"),
        sa.Index("ix_share_status_id", "status", "id"),
        sa.Index("ix_share_channel_shared_at", "channel", "shared_at"),
        # The articles each private channel may see (bot.store.visibility): the few shares
        # that are not in a public channel. status is a column, not part of the condition, so
        # that SQLite, with no statistics, prefers this index to ix_share_status_id.
        sa.Index(
            "ix_share_private_channel_status_article_id",
            "channel",
            "status",
            "article_id",
            sqlite_where=sa.text(PRIVATE_SHARE_SQL),
            postgresql_where=sa.text(PRIVATE_SHARE_SQL),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    team: str | None = Field(default=None, sa_column=sa.Column(sa.String(32)))
    channel: str = Field(sa_column=sa.Column(sa.String(32), nullable=False))
    # The message event's channel_type: "channel" (public) or "group" (private); None for
    # shares recorded before it was kept, which count as private to their channel.
    channel_type: str | None = Field(default=None, sa_column=sa.Column(sa.String(16)))
    message_ts: str = Field(sa_column=sa.Column(sa.String(32), nullable=False))
    thread_ts: str | None = Field(default=None, sa_column=sa.Column(sa.String(32)))
    user_id: str | None = Field(default=None, sa_column=sa.Column(sa.String(32)))
    url: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    url_key: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    url_hash: str = _key_hash_column()  # key_hash(url_key)
    shared_at: datetime = _created()
    status: str = Field(
        default="pending", sa_column=sa.Column(sa.String(16), nullable=False, default="pending")
    )
    failure_reason: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))
    article_id: int | None = _ref("article", ondelete="SET NULL", nullable=True, index=True)
    # Which worker holds the share and since when; a claim older than the expiry is taken over.
    claimed_by: str | None = Field(default=None, sa_column=sa.Column(sa.String(64)))
    claimed_at: datetime | None = _time(nullable=True)
    attempts: int = Field(default=0, sa_column=sa.Column(sa.Integer(), nullable=False, default=0))
    reply_ts: str | None = Field(default=None, sa_column=sa.Column(sa.String(32)))
    reacted: bool = Field(
        default=False, sa_column=sa.Column(sa.Boolean(), nullable=False, default=False)
    )
    done_at: datetime | None = _time(nullable=True)


class ChannelSetting(SQLModel, table=True):
    """Per-channel preferences; a channel without a row has the defaults."""

    __tablename__ = "channel_setting"

    channel: str = Field(sa_column=sa.Column(sa.String(32), primary_key=True))
    replies: bool = Field(
        default=True, sa_column=sa.Column(sa.Boolean(), nullable=False, default=True)
    )
    updated_at: datetime = _created()


class DigestSubscription(SQLModel, table=True):
    """A channel's digest schedule: local time HH:MM on the given weekdays (0 = Monday)."""

    __tablename__ = "digest_subscription"

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(sa_column=sa.Column(sa.String(32), nullable=False, unique=True))
    time: str = Field(sa_column=sa.Column(sa.String(5), nullable=False))
    timezone: str = Field(sa_column=sa.Column(sa.String(64), nullable=False))
    weekdays: list[int] = _json_list()
    notify_empty: bool = Field(
        default=False, sa_column=sa.Column(sa.Boolean(), nullable=False, default=False)
    )
    created_by: str | None = Field(default=None, sa_column=sa.Column(sa.String(32)))
    created_at: datetime = _created()
    updated_at: datetime = _created()


class DigestRun(SQLModel, table=True):
    """One digest of one channel for one period; unique per period end so it is posted once."""

    __tablename__ = "digest_run"
    __table_args__ = (sa.UniqueConstraint("channel", "period_end"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(sa_column=sa.Column(sa.String(32), nullable=False))
    period_start: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False))
    period_end: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False))
    status: str = Field(
        default="pending", sa_column=sa.Column(sa.String(16), nullable=False, default="pending")
    )
    failure_reason: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))
    parent_ts: str | None = Field(default=None, sa_column=sa.Column(sa.String(32)))
    created_at: datetime = _created()
    finished_at: datetime | None = _time(nullable=True)
    # The process posting the run and when it last made progress: a claim older than the lease
    # (bot.store.queries.digests) was left by a process that died, and another one resumes it.
    claimed_by: str | None = Field(default=None, sa_column=sa.Column(sa.String(64)))
    claimed_at: datetime | None = _time(nullable=True)
    # Every message of the digest (parent first), built once when the run was claimed, so a
    # resumed run posts exactly the replies still missing, whatever the archive holds by then.
    messages: list[dict[str, Any]] = _json_list()


class DigestReply(SQLModel, table=True):
    """One thread reply a digest run posted (one per article), so a resumed run skips it."""

    __tablename__ = "digest_reply"
    __table_args__ = (sa.UniqueConstraint("run_id", "article_id"),)

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = _ref("digest_run", ondelete="CASCADE", nullable=False)
    article_id: int | None = _ref("article", ondelete="SET NULL", nullable=True)
    reply_ts: str = Field(sa_column=sa.Column(sa.String(32), nullable=False))
    posted_at: datetime = _created()


class UsedSignature(SQLModel, table=True):
    """The signature of a Slack request already accepted, kept until Bolt would refuse its
    timestamp, so that a captured request sent again is refused by every replica."""

    __tablename__ = "used_signature"

    signature: str = Field(sa_column=sa.Column(sa.String(80), primary_key=True))
    expires_at: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False, index=True))


class UnreadLinks(SQLModel, table=True):
    """A message with more links than newsbot reads, and its one reply saying how many it left
    unread: the row is claimed before the reply, so a redelivered or edited event adds none."""

    __tablename__ = "unread_links"

    channel: str = Field(sa_column=sa.Column(sa.String(32), primary_key=True))
    message_ts: str = Field(sa_column=sa.Column(sa.String(32), primary_key=True))
    unread: int = Field(sa_column=sa.Column(sa.Integer(), nullable=False))
    reply_ts: str | None = Field(default=None, sa_column=sa.Column(sa.String(32)))
    created_at: datetime = _created()


class Follow(SQLModel, table=True):
    """A person in Slack following an actor: newly read articles quoting it reach them by DM."""

    __tablename__ = "follow"
    __table_args__ = (
        sa.PrimaryKeyConstraint("user_id", "actor_id"),
        # Who follows the actors a newly read article quotes: one look-up per article.
        sa.Index("ix_follow_actor_id_user_id", "actor_id", "user_id"),
    )

    user_id: str = Field(sa_column=sa.Column(sa.String(32), nullable=False))
    actor_id: int = _ref("actor", ondelete="CASCADE", nullable=False)
    created_at: datetime = _created()


class FollowAlert(SQLModel, table=True):
    """The one direct message telling a follower about one article, claimed before it is sent:
    unique per (user, article), so however often the article is shared and however many
    processes read it, the follower hears of it once. A claim older than the lease was left by a
    process that died, and another one finishes it (bot.follow_alerts)."""

    __tablename__ = "follow_alert"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "article_id"),
        sa.Index("ix_follow_alert_status_claimed_at", "status", "claimed_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: str = Field(sa_column=sa.Column(sa.String(32), nullable=False))
    article_id: int = _ref("article", ondelete="CASCADE", nullable=False)
    # The followed actors the article quotes, as they were when the alert was claimed.
    actor_ids: list[int] = _json_list()
    # pending (claimed, nothing sent), posting (chat.postMessage may have reached Slack),
    # sent, or failed.
    status: str = Field(
        default="pending", sa_column=sa.Column(sa.String(16), nullable=False, default="pending")
    )
    claimed_by: str | None = Field(default=None, sa_column=sa.Column(sa.String(64)))
    claimed_at: datetime | None = _time(nullable=True)
    dm_channel: str | None = Field(default=None, sa_column=sa.Column(sa.String(32)))
    message_ts: str | None = Field(default=None, sa_column=sa.Column(sa.String(32)))
    failure_reason: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))
    created_at: datetime = _created()
    sent_at: datetime | None = _time(nullable=True)


def table_of(model: type[SQLModel]) -> sa.Table:
    """The Core table of a model, for bulk statements that need no ORM objects."""
    return cast(sa.Table, model.__table__)  # type: ignore[attr-defined]
