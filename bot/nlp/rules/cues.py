"""A quote's reporting verb (its cue) and who speaks through it, by ordered tables of rules.

CUE_RULES look at the words around the quote: a verb after the closing mark, a verb that
governs the quote, the clause before a colon, a reporting verb before the quote. A quote they
leave without a speaker may take the speaker of the quote before it (see bot.nlp.quotes), else
FALLBACK_CUE_RULES look further: a headline or transcript label, the sentence before, the
sentence after. Who speaks through a verb is bot.nlp.rules.subjects' work; the quote sites the
rules look at, and the article-wide searches they ask, are bot.nlp.rules.quote_sites.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from bot.nlp.lexicon import (
    QUOTE_ONLY_VERBS,
    SPEECH_ACT_NOUNS,
    SPEECH_VERBS,
    THIRD_PERSON_PRONOUNS,
    VERB_PARTICLES,
)
from bot.nlp.predicates import animate, is_speech_verb
from bot.nlp.rules.context import Cue
from bot.nlp.rules.quote_sites import (
    DASHES,
    NEAR_AFTER,
    QuoteSite,
    main_or_hung_on_quote,
    named_speaker,
)
from bot.nlp.scan import nearest

# The most words of a name credited after a dash ("- Frank Roe and Jim Hale:").
LABEL_NAME_TOKENS = 6


def governing_verb_of_embedded_quote(site: QuoteSite) -> Cue | None:
    """'McConnell said it was "wrong" for Ginsburg to criticize him': a quote opening inside a
    clause belongs to the verb that governs it, not to a verb in the words after it (unless
    "according to" follows, or it ends with a comma and either no speech verb governs it or
    an attribution opens the words after it)."""
    ctx = site.ctx
    text, qs = ctx.text, site.qspan
    j = site.before_mark
    embedded = j >= 0 and text[j] not in ",:\n.?!;—–-([" and not qs.continued
    if not embedded:
        return None
    if any(ctx.according_to(t) is not None for t in site.after[:NEAR_AFTER]):
        return None
    governing = site.governing
    if ctx.qdoc.last_char(site.span) == ",":
        # Only a speech verb outranks the words after the comma, and only when they do not
        # attribute the quote themselves.
        spoken = governing is not None and is_speech_verb(governing.verb)
        return governing if spoken and not _attribution_opens_after(site) else None
    return governing


def _attribution_opens_after(site: QuoteSite) -> bool:
    """Whether the words right after a quote attribute it: a reporting verb whose speaker or
    itself opens them ('," Ann Roe said', '," said Roe'), and which introduces no quote of its
    own with a colon. 'Li said he would make it "glow," for now, and Ann Roe vowed to ...'
    goes on to someone else; 'at "any cost," Roe said: "..."' introduces the next quote."""
    cue = site.pick(site.near_after)
    if cue is None:
        return False
    words = [t for t in site.near_after if not t.is_punct][:2]
    opening = {t.i for t in words}
    subject = cue.subject
    opens = cue.verb.i in opening or (subject is not None and subject.left_edge.i in opening)
    if words and words[0].pos_ == "CCONJ":
        # '," but cautions that ...' goes on with the same speaker; '," and Ann Roe agreed'
        # is a clause of its own.
        opens = len(words) > 1 and cue.verb.i == words[1].i
    doc = site.ctx.doc
    colon = cue.verb.i + 1 < len(doc) and doc[cue.verb.i + 1].text == ":"
    return opens and not colon


def speech_noun_of_named_speaker(site: QuoteSite) -> Cue | None:
    """'Jordan criticised the shift, with Foreign Minister Ayman Safadi warning of "dangerous
    consequences".': when the nearest reporting word above the quote is a noun of a speech
    act ("warning", "promise", "claim") that a name owns or is compounded with ("Safadi's
    warning", "with Safadi warning"), the name speaks, not the subject of the verb further
    up; "a warning of '...'" owns no name and leaves the quote to the other rules."""
    ctx = site.ctx
    qdoc, doc = ctx.qdoc, ctx.doc
    if not len(site.span):
        return None
    for a in qdoc.ancestors(site.span.root.i):
        token = doc[a]
        if not qdoc.outside(token) or qdoc.sent_of[a] != qdoc.sent_of[site.span.start]:
            return None
        if is_speech_verb(token):
            return None  # a verb nearer the quote reports it
        if token.pos_ != "NOUN" or token.lemma_.lower() not in SPEECH_ACT_NOUNS:
            continue
        for child in reversed(list(token.lefts)):
            if (
                child.dep_ in ("poss", "compound")
                and child.pos_ == "PROPN"
                and child.ent_type_ == "PERSON"
                and qdoc.outside(child)
            ):
                return Cue(token, child, "owner_of_speech_noun")
        return None
    return None


def speaker_introducing_quote(site: QuoteSite) -> Cue | None:
    """'Hale told officers, "I will hurt her," the U.S. attorney's office said': a speaker who
    introduces the quote with a comma in its own sentence said the words; the attribution
    after it reports the whole sentence (a nested report)."""
    ctx = site.ctx
    qdoc = ctx.qdoc
    verb = _word_before_comma(site)
    if verb is None:
        return None
    if not is_speech_verb(verb) and verb.dep_ in ("dobj", "dative"):
        verb = verb.head  # "told officers,"
    if not is_speech_verb(verb) or verb.lemma_.lower() in QUOTE_ONLY_VERBS:
        return None
    cue = ctx.cue(verb)
    subject = cue.subject
    if subject is None or not qdoc.outside(subject) or not animate(subject):
        return None
    return cue


# What a verb says or does after it, which makes it no end of an attribution ("Trump won
# Iowa", "said the party was split").
GOVERNED_DEPS = ("dobj", "ccomp", "xcomp", "attr")


def _word_before_comma(site: QuoteSite) -> Token | None:
    """The word right before the comma that introduces the quote in its own sentence
    ('Hale told officers, "..."'), or None."""
    ctx = site.ctx
    qdoc, doc, span = ctx.qdoc, ctx.doc, site.span
    j = site.before_mark
    if j < 0 or ctx.text[j] != "," or not len(span):
        return None
    i = span.start - 1
    while i >= 0 and (doc[i].is_punct or doc[i].is_space) and span.start - i <= 3:
        i -= 1
    if i < 0 or not qdoc.outside(doc[i]) or qdoc.sent_of[i] != qdoc.sent_of[span.start]:
        return None
    return doc[i]


def main_verb_introducing_quote(site: QuoteSite) -> Cue | None:
    """'Ann Roe shrugged, "Who cares?"': any main verb (with its particle or manner: "shot
    back", "replied sharply") right before the comma that opens a sentence in quotation
    marks, with a name or he/she/they as its subject, introduces the speaker's words ('After
    Ann Roe won, "We did it" was ...' is a subordinate clause; 'The crowd cheered, "..."'
    names nobody). The parser often hangs that main verb on a verb of the quote ('After Bo
    spoke, Ann Roe shot back, "I stayed."' with "shot" a clause of "stayed")."""
    ctx = site.ctx
    verb = _word_before_comma(site)
    if verb is not None and verb.dep_ in ("prt", "advmod") and verb.head.i < verb.i:
        verb = verb.head  # "Ann Roe shot back, '...'", "Ann Roe replied sharply, '...'"
    if verb is None or verb.pos_ != "VERB" or not main_or_hung_on_quote(verb, ctx.qdoc):
        return None
    if not ctx.text[site.qspan.start : site.qspan.start + 1].isupper():
        return None
    cue = ctx.cue(verb)
    return cue if named_speaker(cue.subject, ctx.qdoc) else None


def inverted_verb_after_quote(site: QuoteSite) -> Cue | None:
    """'"We will win," beamed Ann Roe.': any verb right after the closing mark with a named
    subject after it (the pattern INVERTED_SPEAKER) reports the quote, whatever the verb."""
    end = site.span.end
    for token in site.near_after[:2]:
        if token.i > end + 2:
            break
        if site.ctx.patterns.inverted(token):
            return site.ctx.cue(token)
    return None


def trailing_verb_after_quote(site: QuoteSite) -> Cue | None:
    """'"Why now?" Ann pressed.': after a quote that leaves its sentence open, a named subject
    or he/she/they, then a verb with no object that ends the attribution, whatever the verb,
    maybe with its particle and a manner ('," Trump shot back with a laugh', '," Ann went on,
    as if ...'). A name the tagger took for a common noun or a verb is still named when an
    actor of the article goes by it, or the article writes it as a proper noun elsewhere
    ('," Hannity pressed' after "Sean Hannity")."""
    ctx = site.ctx
    doc = ctx.doc
    if ctx.qdoc.last_char(site.span) not in ",?!—–":
        return None  # '"We won." Trump left.' is the next sentence, not an attribution
    words = [t for t in site.near_after[:5] if not t.is_punct]
    verb = next((t for t in words if t.pos_ == "VERB" and t.dep_ != "nsubj"), None)
    if verb is None or verb.i + 1 >= len(doc):
        return None
    subjects = [c for c in verb.lefts if c.dep_ == "nsubj"]
    if len(subjects) != 1 or subjects[0].left_edge.i > site.span.end + 1:
        return None
    subject = subjects[0]
    if subject.pos_ == "PRON":
        named = subject.lower_ in THIRD_PERSON_PRONOUNS
    else:
        named = (subject.pos_ == "PROPN" and animate(subject)) or (
            subject.is_title
            and subject.is_alpha
            and (
                ctx.resolver.names.match(subject.text) is not None or subject.text in ctx.name_words
            )
        )
    # The clause ends at the verb (and its particle): nothing it governs follows ("Trump won
    # Iowa"), at most a phrase of manner ("with a laugh").
    j = verb.i + 1
    while (
        j < len(doc)
        and doc[j].head.i == verb.i
        and (doc[j].dep_ == "prt" or (doc[j].dep_ == "advmod" and doc[j].lower_ in VERB_PARTICLES))
    ):
        j += 1
    after = doc[j] if j < len(doc) else None
    ends = after is None or after.is_punct or after.is_space
    # A phrase of manner only after a quote of whole sentences ('In "hard times," Ann Roe
    # strives for a seat' is a phrase of a headline, not an attribution).
    sentence = ctx.text[site.qspan.start : site.qspan.start + 1].isupper()
    manner = after is not None and after.head.i == verb.i and after.dep_ == "prep"
    ends = ends or (sentence and manner)
    governs = _governs(verb, GOVERNED_DEPS)
    return ctx.cue(verb) if named and ends and not governs else None


def speech_verb_parsed_into_the_name(site: QuoteSite) -> Cue | None:
    """'"Look at what he said," Conway notes.': after a quote that leaves its sentence open, a
    name and then a speech verb in -s that the parser read as a compound of the name ("Conway
    notes" as one noun phrase) and that ends the clause: the name speaks ("the Conway notes
    show" goes on, and names no speaker). A plural name takes the verb without -s and may
    have "the" before it and a phrase after ('," the Saudis state in a paper')."""
    ctx = site.ctx
    if ctx.qdoc.last_char(site.span) not in ",?!—–":
        return None
    words = site.near_after[:5]
    i = 0
    while i < len(words) and words[i].is_punct:
        i += 1
    if i < len(words) and words[i].lower_ == "the":
        i += 1
    start = i
    while i < len(words) and words[i].pos_ == "PROPN" and words[i].is_title:
        i += 1
    if i == start or i >= len(words) or words[i].i != words[i - 1].i + 1:
        return None
    verb, name = words[i], words[i - 1]
    plural = name.tag_ == "NNPS" and verb.lower_ in SPEECH_VERBS
    if verb.pos_ not in ("NOUN", "VERB") or not (plural or verb.lower_[:-1] in SPEECH_VERBS):
        return None
    if not (plural or verb.lower_.endswith("s")) or name.dep_ != "compound":
        return None  # a name parsed as the verb's subject is the other rules' to read
    after = verb.nbor(1) if verb.i + 1 < len(verb.doc) else None
    phrase = plural and after is not None and after.pos_ == "ADP"
    if after is not None and not (after.is_punct or after.is_space or phrase):
        return None
    return Cue(verb, words[i - 1], "name_before_speech_verb")


def reporting_verb_after_quote(site: QuoteSite) -> Cue | None:
    """'"We will win," she said.': the first reporting verb right after the closing mark."""
    return site.pick(site.near_after) if site.attribution_follows else None


def verb_after_appositive(site: QuoteSite) -> Cue | None:
    """'"We will win," Ann Roe, a retired nurse from Ohio, said.': a long appositive puts the
    verb further away, but its subject still opens the words after the quote."""
    if not site.attribution_follows:
        return None
    ctx = site.ctx
    opening = {t.i for t in site.after[:4]}
    n = len(site.near_after)
    for k, token in enumerate(site.after[: 3 * n]):
        if is_speech_verb(token):
            cue = ctx.cue(token)
            if cue.subject is not None and cue.subject.i in opening and k >= n:
                return cue  # nearer, the attribution is reporting_verb_after_quote's
            if cue.subject is None and _ends_attribution(token):
                name = _name_before_aside(site.after[:4])
                return None if name is None else Cue(token, name, "name_before_aside")
    return None


def _ends_attribution(verb: Token) -> bool:
    """A verb with nothing it says or does to someone after it: 'Ann Roe, wearing a hat, said
    on Tuesday.', not 'Bo Li, the physician, used his speech to call Tan a liar'; "told" may
    name whom it told ('Ann Roe, 58, told the Ledger on Monday.')."""
    if verb.lemma_.lower() == "tell" and not _governs(verb, ("ccomp", "xcomp", "oprd")):
        return all(animate(c) for c in verb.rights if c.dep_ in ("dobj", "dative"))
    return not _governs(verb, (*GOVERNED_DEPS, "oprd"))


def _governs(verb: Token, deps: tuple[str, ...]) -> bool:
    """Whether something the verb says or does follows it (an object, a clause)."""
    return any(c.dep_ in deps for c in verb.rights)


def _name_before_aside(opening: Sequence[Token]) -> Token | None:
    """'"...," Texas delegate Ann Roe, wearing a hat, said.': the name that opens the words
    after a quote and a comma closes, when the parser left the verb after the aside with no
    subject."""
    for token in opening:
        following = token.nbor(1) if token.i + 1 < len(token.doc) else None
        if token.pos_ == "PROPN" and following is not None and following.text == ",":
            return token if animate(token) else None
    return None


def governing_verb(site: QuoteSite) -> Cue | None:
    """'Ann Roe called the plan "a disaster for every family".': the speech verb (else stance
    or belief verb) that governs the quote."""
    return site.governing


def dash_label_before_colon(site: QuoteSite) -> Cue | None:
    """'Pollsters agree - Ann Roe: "We were wrong."': in a round-up of what others wrote, a name
    set off by a dash right before the colon credits the quote, not the subject of the clause
    before the dash ("- the polls:" or "- 2016:" is no name); a capitalised name the tagger
    took for common nouns counts ("- Acme Research:")."""
    ctx = site.ctx
    qdoc, doc = ctx.qdoc, ctx.doc
    colon = colon_before(site)
    if colon < 0 or colon + 3 < site.span.start:
        return None
    i = colon - 1
    while i >= 0 and colon - i <= LABEL_NAME_TOKENS and doc[i].text not in DASHES:
        word = doc[i]
        named = word.pos_ == "PROPN" or (word.is_title and word.is_alpha)
        if not (named or word.lower_ == "and") or not qdoc.outside(word):
            return None
        i -= 1
    if i < 1 or i == colon - 1 or doc[i].text not in DASHES or not doc[i - 1].whitespace_:
        return None
    return Cue(doc[colon], doc[colon - 1], "dash_label")


def colon_before(site: QuoteSite) -> int:
    """Where the colon that introduces the quote stands ('Roe said:  "..."', spaces passed
    over), or -1."""
    qdoc = site.ctx.qdoc
    i = nearest(qdoc.outside_before, site.before)
    while i > 0 and qdoc.doc[i].is_space:
        i -= 1
    return i if i >= 0 and qdoc.doc[i].text == ":" else -1


def colon_introduction(site: QuoteSite) -> Cue | None:
    """'Mr. Christie gloated: "We won."': after a colon, the clause before it introduces the
    quote, nearest the colon first: its main verb's subject, whatever the verb, or the owner
    of a speech noun ("From Bush's Facebook post: ...")."""
    colon = colon_before(site)
    if colon < 0:
        return None
    table, found = site.cues.introductions
    introducer = nearest(table, site.before)
    return found[introducer] if introducer >= 0 else None


def reporting_verb_before(site: QuoteSite) -> Cue | None:
    """'Ann Roe said on Tuesday that "nothing will change".': the nearest reporting word before
    the quote whose subject can speak (verbs of belief only when they govern the quote), else
    the nearest whose subject cannot."""
    return site.cues.pick_before(site.before, site.ancestors)


def reporting_verb_later_after(site: QuoteSite) -> Cue | None:
    """'"Nothing will change." That is what Ann Roe said on Tuesday.': a reporting word further
    on in the words after the quote."""
    return site.pick(site.after)


# The order is the precedence: the attribution right after the closing mark ('," he said')
# wins over the sentence before, which may belong to a previous quote.
CUE_RULES = (
    speech_noun_of_named_speaker,
    governing_verb_of_embedded_quote,
    speaker_introducing_quote,
    main_verb_introducing_quote,
    inverted_verb_after_quote,
    trailing_verb_after_quote,
    speech_verb_parsed_into_the_name,
    reporting_verb_after_quote,
    verb_after_appositive,
    governing_verb,
    dash_label_before_colon,
    colon_introduction,
    reporting_verb_before,
    reporting_verb_later_after,
)


# --- the fallback rules, for a quote with no speaker yet -----------------------------------


def headline_label(site: QuoteSite) -> Cue | None:
    """'Trump: "We will build the wall"': a name and a colon before the quote in its sentence."""
    qdoc = site.ctx.qdoc
    found = site.cues.sentence_label(qdoc.sent_of[site.span.start])
    return found if found is not None and found.verb.i < site.span.start else None


def transcript_label(site: QuoteSite) -> Cue | None:
    """'GOWDY: "Did you read it?"': the speaker label opening the quote's paragraph, or
    ('Stated Roe:¶"..."') a paragraph that is only a label, right before the one the quote
    opens."""
    return site.cues.label_for(site.span)


def dash_credit_after_quote(site: QuoteSite) -> Cue | None:
    """'"We will win."¶— Ann Roe, Ohio.': a quote alone in its paragraph, credited on the next
    line by a dash and a name, as lists of quotes and fact checks write them."""
    return site.cues.credit_after(site.span)


def attribution_in_sentence_before(site: QuoteSite) -> Cue | None:
    """'Ann Roe spoke to the crowd. "We will win."': the last reporting verb with a subject
    (or speech noun with an owner) of the sentence before, in this paragraph or the one
    before."""
    qdoc = site.ctx.qdoc
    s = qdoc.sent_of[site.span.start]
    para = qdoc.para_of[site.span.start]
    if s > 0 and qdoc.para_of[qdoc.sents[s - 1].start] >= para - 1:
        return site.cues.last_attribution(s - 1)
    return None


def verb_opening_sentence_after(site: QuoteSite) -> Cue | None:
    """'"We will win." Ann Roe said it twice.': a speech verb with a subject among the first
    words after the quote, in its paragraph."""
    ctx, span = site.ctx, site.span
    qdoc, doc = ctx.qdoc, ctx.doc
    para = qdoc.para_of[span.start]
    end = qdoc.outside_after[span.end] if span.end < len(doc) else span.end
    if end >= len(doc) or qdoc.para_of[end] != para:
        return None
    nxt = qdoc.sents[qdoc.sent_of[end]]
    for token in doc[end : min(end + 5, nxt.end)]:
        if not qdoc.outside(token):
            break
        if is_speech_verb(token):
            cue = ctx.cue(token)
            if cue.subject is not None:
                return cue
    return None


FALLBACK_CUE_RULES = (
    headline_label,
    transcript_label,
    dash_credit_after_quote,
    attribution_in_sentence_before,
    verb_opening_sentence_after,
)
