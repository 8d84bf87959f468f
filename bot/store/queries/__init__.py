"""Every read and write newsbot makes of the archive, for the Slack side, the digest and the CLI.

Each function takes the session as the keyword-only `session`. Reads return small frozen
dataclasses, never ORM rows, so callers may use them after the session is gone. Writes commit
their own transaction (on SQLite as a writer from the start, see db.write_transaction).

The modules of this package split the work by job (records, articles, shares, channels,
archive, digests); the names callers use are all importable from here.
"""

from bot.store.queries.archive import (
    actor_profile,
    count_search,
    quotes_by_actor,
    search_quotes,
    suggest_names,
    top_actors,
)
from bot.store.queries.articles import (
    article_analysis,
    find_article,
    get_article,
    record_article_failure,
    store_analyses,
    store_analysis,
)
from bot.store.queries.channels import (
    DigestSubscriptionView,
    channel_replies_enabled,
    list_digest_subscriptions,
    remove_digest_subscription,
    set_channel_replies,
    set_digest_subscription,
)
from bot.store.queries.digests import channel_articles
from bot.store.queries.follows import (
    FollowChange,
    follow,
    followed_actor_ids,
    followers_of,
    following,
    unfollow,
)
from bot.store.queries.records import (
    ActorCount,
    ActorLookup,
    ActorProfile,
    ActorQuotes,
    ActorRef,
    ArticleActorView,
    ClaimedShare,
    QuoteView,
    SharedArticle,
    ShareView,
    StoredArticle,
    TopActors,
)
from bot.store.queries.shares import (
    DEFAULT_CLAIM_EXPIRY,
    DEFAULT_MAX_ATTEMPTS,
    claim_share,
    get_share,
    give_up_share,
    mark_share_done,
    mark_share_failed,
    pending_share_ids,
    record_reply,
    record_share,
    release_claims,
)

__all__ = [
    "DEFAULT_CLAIM_EXPIRY",
    "DEFAULT_MAX_ATTEMPTS",
    "ActorCount",
    "ActorLookup",
    "ActorProfile",
    "ActorQuotes",
    "ActorRef",
    "ArticleActorView",
    "ClaimedShare",
    "DigestSubscriptionView",
    "FollowChange",
    "QuoteView",
    "ShareView",
    "SharedArticle",
    "StoredArticle",
    "TopActors",
    "actor_profile",
    "article_analysis",
    "channel_articles",
    "channel_replies_enabled",
    "claim_share",
    "count_search",
    "find_article",
    "follow",
    "followed_actor_ids",
    "followers_of",
    "following",
    "get_article",
    "get_share",
    "give_up_share",
    "list_digest_subscriptions",
    "mark_share_done",
    "mark_share_failed",
    "pending_share_ids",
    "quotes_by_actor",
    "record_article_failure",
    "record_reply",
    "record_share",
    "release_claims",
    "remove_digest_subscription",
    "search_quotes",
    "set_channel_replies",
    "set_digest_subscription",
    "store_analyses",
    "store_analysis",
    "suggest_names",
    "top_actors",
    "unfollow",
]
