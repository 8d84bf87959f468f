"""What a quoted stretch is: a direct quote, a partial one, or no quote at all (a nickname, a
scare quote, a title), by ordered tables of rules.

NAME_RULES drop quoted words that are a name or a term (a title, a slogan, "so-called"),
whoever stands near them. DIRECT_RULES say when a quote is direct (a sentence of its own, or
beside its attribution); a quote no rule calls direct is partial. NOT_A_QUOTE_RULES drop a
partial quote that no cue attributes; the rules after them drop a title inside its speaker's
own phrase, a short phrase nobody is found to have said, and a word or two that no speech cue
stands beside (NOT_SPOKEN_RULES).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from typing import Literal

from spacy.tokens import Span, Token

from bot.nlp.docmemo import columns
from bot.nlp.lexicon import (
    IDIOMATIC_SPEECH_VERBS,
    NAME_LEAD_WORDS,
    NAMING_BEFORE_AS,
    NAMING_VERBS,
    NAMING_WORDS,
    SHOUT_VERBS,
    SPEECH_ACT_NOUNS,
    SPEECH_VERBS,
    TITLE_MINOR_WORDS,
    TITLE_NOUNS,
    WRITER_PRONOUNS,
)
from bot.nlp.quotedoc import CLIMB
from bot.nlp.quotemarks import DOUBLE_QUOTE_MARKS
from bot.nlp.rules import Fired, first
from bot.nlp.rules.context import Cue
from bot.nlp.rules.quote_sites import QuoteSite, named_speaker
from bot.nlp.rules.subjects import passive_agent

# Quoted phrases at most this long, with no speech around them, are scare quotes or titles.
SCARE_MAX_WORDS = 4
# A quote with a verb and more words than this is a sentence of its own, wherever it stands.
SENTENCE_MIN_WORDS = 5
# Quoted phrases at most this long need a speech cue beside them to be anyone's words.
SHORT_MAX_WORDS = 2
# How far up the parse a word of speech governs a short quote ("warning of 'dire
# consequences'", "says they are 'believers'"); further up it governs a whole clause around it.
GOVERNING_REACH = 3
# How many words the object between a reporting verb and a short quote may take ("called
# Florida's standards 'strong'").
OBJECT_BEFORE_REACH = 5
# How close before a quote the writer's own reporting verb stands ("I tell my clients: '...'").
WRITER_CUE_REACH = 6
# How many words a naming word may stand before the quote ("called the 'Hanoi Hilton'").
NAME_LEAD_MAX = 2

QuoteKind = Literal["direct", "partial"]


def _starts_upper(site: QuoteSite) -> bool:
    inner = site.ctx.text[site.qspan.start : site.qspan.end]
    return inner[:1].isupper() or inner[:1] in "…." or inner[:1].isdigit()


def _words(span: Span) -> int:
    """How many words of letters the span holds (read from the columns: no Token each)."""
    return sum(columns(span.doc).is_alpha[span.start : span.end])


def _has_verb(span: Span) -> bool:
    cols = columns(span.doc)
    verbs = (cols.id("VERB"), cols.id("AUX"))
    return any(pos in verbs for pos in cols.pos[span.start : span.end])


def _title_words(span: Span, keep: Callable[[Token], bool] = lambda t: True) -> list[str]:
    """The words of a span that a title would capitalise (all but TITLE_MINOR_WORDS)."""
    return [
        t.text
        for t in span
        if t.text[:1].isalnum() and t.lower_ not in TITLE_MINOR_WORDS and not t.is_punct and keep(t)
    ]


def _title_case(words: list[str]) -> bool:
    return all(w[:1].isupper() or w[:1].isdigit() for w in words)


def shouted_words(site: QuoteSite) -> bool:
    """'The crowd chanted "We Want Roe! We Want Roe!"': words ending in an exclamation mark
    that a verb of speech governs ("chanted", "yelled", "declared") or that follow one right
    before the opening mark are a chant or a cry, someone's words, however capitalised ('a
    song called "Go West!"' names a song: "called" is no verb of speech here)."""
    if site.ctx.text[site.qspan.start : site.qspan.end].rstrip(" ”\"’'")[-1:] != "!":
        return False
    qdoc, doc = site.ctx.qdoc, site.ctx.doc
    before = doc[site.span.start - 2] if site.span.start >= 2 else None
    if before is not None and before.pos_ == "VERB" and before.lemma_.lower() in SHOUT_VERBS:
        return True
    for i in qdoc.ancestors(site.span.root.i):
        token = doc[i]
        if qdoc.outside(token) and token.pos_ == "VERB":
            return token.lemma_.lower() in SHOUT_VERBS
    return False


def title_in_title_case(site: QuoteSite) -> Literal[True] | None:
    """'The band closed with "Takin' It to the Streets."': every word of two or more
    capitalised but the small ones, as titles of songs, books, films and shows are written,
    in a sentence that is not itself in title case (a headline's quote is: 'Moss: "We Will
    Build It"'); a chant or a cry (`shouted_words`) is no title."""
    major = _title_words(site.span)
    if len(major) < 2 or not _title_case(major) or shouted_words(site):
        return None
    qdoc = site.ctx.qdoc
    sentence = qdoc.sents[qdoc.sent_of[site.span.start]]
    return None if _title_case(_title_words(sentence, qdoc.outside)) else True


def term_after_naming_word(site: QuoteSite) -> Literal[True] | None:
    """'The prison, dubbed the "Hanoi Hilton," closed.': the quoted words follow a word that
    names them (called, so-called, dubbed, known as, the term, the slogan, a show ...)."""
    doc, i = site.ctx.doc, site.span.start - 2  # the word before the opening mark
    lead = 0
    while i >= 0 and doc[i].lower_ in NAME_LEAD_WORDS and lead < NAME_LEAD_MAX:
        i, lead = i - 1, lead + 1
    if i < 0:
        return None
    word = doc[i]
    if word.lower_ in NAMING_WORDS or (word.lemma_.lower() in TITLE_NOUNS and word.pos_ == "NOUN"):
        return None if _named_by_someone(site, word) else True
    if word.lower_ == "as" and i > 0 and doc[i - 1].lower_ in NAMING_BEFORE_AS:
        return None if _named_by_someone(site, doc[i - 1]) else True
    return None


def _named_by_someone(site: QuoteSite, word: Token) -> bool:
    """Whether a naming word is a verb that a named speaker uses ('what Ann Roe called "a
    disaster"', 'he called her "weak"', 'Ann Roe called the show "a disgrace"' through its
    object): then the words are hers, not a term ('a formula called the "soft cap"', 'what some
    called the "soft cap"', 'what is called a "debate"' stay terms)."""
    verb = word if word.pos_ in ("VERB", "AUX") else word.head
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in NAMING_VERBS:
        return False
    if verb.i != word.i and word.dep_ != "dobj":
        return False  # "the show's slogan", not what the verb names
    if any(c.dep_ == "auxpass" for c in verb.children):
        # "what is called", "was dubbed ... by the inmates": a name given, not a quote taken;
        # 'was called "a disaster" by Ann Roe': a named agent's words.
        agent = passive_agent(verb)
        return agent is not None and named_speaker(agent, site.ctx.qdoc)
    if verb.dep_ == "acl":
        return False  # "a formula called ...": the participle names, nobody speaks
    return named_speaker(site.ctx.cue(verb).subject, site.ctx.qdoc)


def quote_naming_a_noun(site: QuoteSite) -> Literal[True] | None:
    """'China backs the "one country, two systems" formula.': quoted words between an article
    or a possessive and the noun they name are that noun's name."""
    doc, span = site.ctx.doc, site.span
    before, after = span.start - 2, span.end + 1
    if before < 0 or after >= len(doc):
        return None
    determined = doc[before].lower_ in NAME_LEAD_WORDS - {"of"} or doc[before].tag_ == "POS"
    return True if determined and doc[after].pos_ == "NOUN" else None


def capitalised_word_inside_sentence(site: QuoteSite) -> Literal[True] | None:
    """'She thanked fans on "Idol" for the votes.': one capitalised word in quotation marks
    inside a sentence is a name ('"Please," he said.' opens its sentence and stays a quote)."""
    words = [t for t in site.span if not t.is_punct and not t.is_space]
    if len(words) != 1 or not words[0].text[:1].isupper():
        return None
    before = site.span.start - 2  # the word before the opening mark
    if before < 0 or site.ctx.doc[before].is_punct or site.ctx.doc[before].is_space:
        return None
    return True


def headline_credited_to_writer(site: QuoteSite) -> Literal[True] | None:
    """'—"Museum to close in May," by the Post's Ann Roe: ...': quoted words followed by "by"
    and a name, with no verb before them in their sentence, are the headline of a piece
    credited to its writer, as a roundup lists them ('described as "reckless" by Ann Roe' has
    its verb and stays a quote)."""
    qdoc, span = site.ctx.qdoc, site.span
    doc = qdoc.doc
    j = span.end
    while j < len(doc) and (doc[j].text in DOUBLE_QUOTE_MARKS or doc[j].text == ","):
        j += 1
    if j + 1 >= len(doc) or doc[j].lower_ != "by" or qdoc.sent_of[j] != qdoc.sent_of[span.start]:
        return None
    if not (doc[j + 1].text[:1].isupper() or doc[j + 1].lower_ == "the"):
        return None
    opening = qdoc.sents[qdoc.sent_of[span.start]].start
    verbal = qdoc.verbal
    if any(verbal[i] and qdoc.quote_of[i] < 0 for i in range(opening, span.start)):
        return None
    return True


# Quoted words that are a name or a term, whoever stands near them: the first rule that fires
# drops them.
NAME_RULES = (
    title_in_title_case,
    term_after_naming_word,
    quote_naming_a_noun,
    capitalised_word_inside_sentence,
    headline_credited_to_writer,
)


def sentence_opening_a_clause(site: QuoteSite) -> QuoteKind | None:
    """'Ann Roe said, "We will win."': a capitalised quote with a verb (or more than three
    words) that opens after a comma, a colon, a sentence end or a line break."""
    text, qs = site.ctx.text, site.qspan
    j = site.before_mark
    before = text[j] if j >= 0 else "\n"
    opens_clause = before in ",:\n.?!" or qs.continued
    words = _words(site.span)
    if _starts_upper(site) and (_has_verb(site.span) or words > 3) and opens_clause:
        return "direct"
    return None


def long_sentence(site: QuoteSite) -> QuoteKind | None:
    """'Ann said the plan "Will cost every family far more than it saves."': a capitalised
    quote with a verb and more than five words is a sentence of its own wherever it stands."""
    span = site.span
    if _starts_upper(site) and _has_verb(span) and _words(span) > SENTENCE_MIN_WORDS:
        return "direct"
    return None


DIRECT_RULES = (sentence_opening_a_clause, long_sentence)
# What a quote no direct rule claims is.
PARTIAL: Fired[QuoteKind] = Fired("partial_phrase", "partial")


def quote_kind(site: QuoteSite) -> Fired[QuoteKind]:
    """direct when a DIRECT_RULES rule says so, else partial."""
    found: Fired[QuoteKind] | None = first(DIRECT_RULES, site)
    return found if found is not None else PARTIAL


def nickname(site: QuoteSite) -> Literal[True] | None:
    """'Dwayne "The Rock" Johnson arrived.': a quoted phrase between two proper nouns."""
    span, doc = site.span, site.ctx.doc
    lo, hi = span.start - 2, span.end + 1
    if lo < 0 or hi >= len(doc):
        return None
    return True if doc[lo].pos_ == "PROPN" and doc[hi].pos_ == "PROPN" else None


def scare_quote(site: QuoteSite) -> Literal[True] | None:
    """'The so-called "experts" were wrong.': a phrase of at most four words that no speech
    noun or verb governs."""
    if _words(site.span) > SCARE_MAX_WORDS:
        return None
    qdoc, root = site.ctx.qdoc, site.span.root
    here = qdoc.sent_of[root.i]
    speech = qdoc.speech_words
    for i in qdoc.ancestors(root.i):
        if qdoc.sent_of[i] != here:
            break
        if speech[i]:
            return None
    return True


def single_quoted_phrase(site: QuoteSite) -> Literal[True] | None:
    """ "Obama's ‘pivot to Asia’ stalled.": a partial quote between single marks with no cue."""
    return True if site.qspan.single else None


# For a partial quote with no cue: the first rule that fires drops it.
NOT_A_QUOTE_RULES = (nickname, scare_quote, single_quoted_phrase)


def title_in_speakers_phrase(site: QuoteSite, subject: Token | None) -> bool:
    """'As Ann Roe, author of "Our Town," put it': a quote inside its own speaker's noun
    phrase is a title, no quote of hers. (A phrase that opens inside the quote is a misparse
    of '"...," Ann said', not a phrase around the quote.)"""
    span = site.span
    if subject is None or not (
        subject.left_edge.i < span.start - 1 and subject.right_edge.i >= span.end
    ):
        return False
    # Inside a noun phrase ("author of ..."), not a clause ("Ann, speaking ..., called it"),
    # nor a clause the parser hung from the name ('Beruff, an ally, called it "strong."').
    if any(t.pos_ == "VERB" for t in site.ctx.doc[subject.i + 1 : span.start]):
        return False
    for node in islice(span.root.ancestors, CLIMB):
        if node.i == subject.i:
            return True
        if node.pos_ in ("VERB", "AUX"):
            return False
    return False


def unattributed_short_phrase(site: QuoteSite) -> bool:
    """'The plan was "dead on arrival," the report concluded' with no speaker found: a
    partial quote of at most four words that nobody is found to have said."""
    return _words(site.span) <= SCARE_MAX_WORDS


@dataclass(frozen=True, slots=True)
class Attributed:
    """A quote with the cue the cue rules gave it (None: nobody) and that rule's name."""

    site: QuoteSite
    kind: QuoteKind
    cue: Cue | None
    rule: str | None


# Cue rules that find the reporting word right beside the quote ('"Please," he said.').
BESIDE_QUOTE_RULES = frozenset(
    {
        "inverted_verb_after_quote",
        "trailing_verb_after_quote",
        "reporting_verb_after_quote",
        "verb_after_appositive",
        "colon_introduction",
        "headline_label",
        "transcript_label",
    }
)


def short_phrase_without_speech_cue(found: Attributed) -> Literal[True] | None:
    """'Critics doubt the "reset" worked.': a partial quote of a word or two is speech only
    with a speech cue beside it ('"Please," he said.') or a word of speech governing it ('she
    called the plan "reckless"', 'warning of "dire consequences"'); a quote attributed only
    from a sentence nearby is a scare quote."""
    site, cue = found.site, found.cue
    if found.kind != "partial" or _words(site.span) > SHORT_MAX_WORDS:
        return None
    if (
        cue is not None
        and found.rule is not None
        and (found.rule.split("+")[0] in BESIDE_QUOTE_RULES or cue.verb.lower_ == "according")
    ):
        return None
    qdoc = site.ctx.qdoc
    if cue is not None and _verb_just_before(site, cue.verb):
        return None
    speech, doc = qdoc.speech_words, qdoc.doc
    governing = islice(qdoc.ancestors(site.span.root.i), GOVERNING_REACH)
    if any(
        (speech[a] and doc[a].lemma_ not in IDIOMATIC_SPEECH_VERBS)
        or (doc[a].pos_ == "NOUN" and doc[a].lemma_.lower() in SPEECH_ACT_NOUNS)
        for a in governing
    ):
        return None
    return True


def _verb_just_before(site: QuoteSite, verb: Token) -> bool:
    """'Beruff called Florida's standards "strong."': the reporting verb stands a few words
    before the quote in its clause, with only its object between (no other verb, no comma),
    however the parser hangs the quote."""
    qdoc, start = site.ctx.qdoc, site.span.start - 1  # the opening mark
    lemma = verb.lemma_.lower()
    if lemma not in SPEECH_VERBS or lemma in IDIOMATIC_SPEECH_VERBS:
        return False  # "Critics doubt the 'reset' worked": a belief, no words of theirs
    if not 0 < start - verb.i <= OBJECT_BEFORE_REACH:
        return False
    if qdoc.sent_of[verb.i] != qdoc.sent_of[site.span.start]:
        return False
    between = qdoc.doc[verb.i + 1 : start]
    return not any(qdoc.verbal[t.i] or t.text in ",;:—–" for t in between)


def writers_own_words(found: Attributed) -> Literal[True] | None:
    """'I always tell my readers: "Start small."': words the writer says in the first person
    are the story's own voice, not a quote of anyone in it."""
    cue, site = found.cue, found.site
    subject = cue.subject if cue is not None else None
    if cue is None or subject is None or subject.lower_ not in WRITER_PRONOUNS:
        return None
    if not site.ctx.qdoc.outside(subject):
        return None
    # Only the writer's own cue: "As we noted, a study concluded '...'" quotes the study.
    beside = found.rule is not None and found.rule.split("+")[0] in BESIDE_QUOTE_RULES
    just_before = 0 < site.span.start - cue.verb.i <= WRITER_CUE_REACH
    return True if beside or just_before or cue.verb.i in site.ancestors else None


# For a quote once attributed: the first rule that fires drops it.
NOT_SPOKEN_RULES = (short_phrase_without_speech_cue, writers_own_words)
