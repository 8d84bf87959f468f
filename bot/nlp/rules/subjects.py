"""Who speaks through a reporting verb: its subject as written, by an ordered table of rules.

The parse gives most subjects; the other rules mend the parses that go wrong around quotes and
names ('"...," said Skelly' with the name tagged as an adverb, a name run into the line before).
What a subject stands for (a pronoun's antecedent, the actor a name belongs to) is resolved
later, by bot.nlp.rules.speakers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Token

from bot.nlp.actor_kinds import is_human_noun
from bot.nlp.lexicon import (
    AUTHORED_NOUNS,
    CAUSING_VERBS,
    CLAUSE_PEOPLE_PREPOSITIONS,
    COLLECTIVES,
    DOCUMENT_NOUNS,
    EVIDENCE_VERBS,
    INVERTING_VERBS,
    MAKER_PREPOSITIONS,
    POLL_NOUNS,
    SPEAKING_THINGS,
    SPEECH_NOUNS,
)
from bot.nlp.predicates import (
    after_quote,
    animate,
    is_share,
    is_speech_verb,
    named_in,
    phrase_head,
    text_before,
)
from bot.nlp.quotedoc import QuoteDoc
from bot.nlp.quotemarks import ALL_MARKS
from bot.nlp.rules import Fired, first
from bot.nlp.rules.patterns import DocPatterns

# Dependencies through which a participle or a second verb takes the subject of its head.
CLIMB_DEPS = ("advcl", "xcomp", "conj", "pcomp", "acl")
# How many verbs up the parse a subject is looked for.
CLIMB_VERBS = 4
# The dashes that end a dateline ("DAYTON, May 2 (AP) — ...").
DATELINE_DASHES = ("—", "–", "--")
# How many words before its verb a speaker's name and its appositive may stand.
APPOSITIVE_REACH = 24
# How many words after a passive verb its agent may stand (after the quoted words).
AGENT_REACH = 12
# How many words of a title may stand between a speech verb and its speaker's name ("mused
# radio co-host Ann Roe").
TITLE_REACH = 6


@dataclass(frozen=True, slots=True)
class _Climb:
    """What the parse says, climbing from a verb to the verbs it hangs on."""

    speaker: Token | None  # the first subject found that can speak
    inanimate: Token | None  # else the first one found that cannot ("the issue came up")
    top: Token  # the verb the climb stopped at


class VerbSite:
    """A reporting verb whose speaker is wanted, and the doc around it."""

    def __init__(self, qdoc: QuoteDoc, patterns: DocPatterns, verb: Token) -> None:
        self.qdoc = qdoc
        self.patterns = patterns
        self.asked = verb
        # A trailing participle speaks for the speech verb it reports for, never for one in
        # the quote it introduces ('..., telling reporters, "Bo said it"').
        reported = trailing_participle_of_speech(verb)
        self.verb = reported if reported is not None and qdoc.quote_of[reported.i] < 0 else verb

    @cached_property
    def climb(self) -> _Climb:
        return _climb(self)


def trailing_participle_of_speech(verb: Token) -> Token | None:
    """ "Ann said that the council rejected it, calling it a mistake": "calling" is Ann's.

    The speech verb a trailing participle reports for when the parser hung it on the
    reported or subordinate clause ("Ann said ... after Bo won, remarking ..." too), or None.
    """
    if verb.tag_ != "VBG" or verb.dep_ not in ("advcl", "conj") or not is_speech_verb(verb):
        return None
    before = text_before(verb, 5).rstrip().rstrip(ALL_MARKS)
    if not before.endswith((",", " and")):
        return None  # a comma (maybe inside a quote's closing mark) or "and" sets it off
    node = verb.head
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head  # "... was sound but was sunk ..., and arguing"
    if _speaks_itself(node):
        return None  # '... that "...," Bo Li added, saying ...': Li's, the nearer speaker
    marked = node.dep_ == "advcl" and any(c.dep_ == "mark" for c in node.children)
    if (node.dep_ == "ccomp" or marked) and is_speech_verb(node.head):
        return node.head
    return None


def _speaks_itself(verb: Token) -> bool:
    """Whether a verb is a speech verb with a named or pronoun subject of its own ("Bo Li
    added", "she added"), the speaker of a participle hung on it."""
    return is_speech_verb(verb) and any(
        c.dep_ == "nsubj" and c.pos_ in ("PROPN", "PRON") for c in verb.children
    )


# --- the rules ------------------------------------------------------------------------------


def name_after_dateline(site: VerbSite) -> Token | None:
    """'DAYTON, May 2 (AP) — Mayor Ann Roe told reporters that ...': the parser makes the
    dateline's place, opening the sentence, the subject and the name after the dash its
    appositive; the name speaks."""
    place = site.climb.speaker
    if place is None or place.left_edge.i != site.qdoc.sents[site.qdoc.sent_of[place.i]].start:
        return None
    if place.ent_type_ not in ("GPE", "LOC") and not place.is_upper:
        return None
    doc = place.doc
    for child in place.rights:
        dashed = any(t.text in DATELINE_DASHES for t in doc[place.i + 1 : child.left_edge.i])
        if child.dep_ == "appos" and child.ent_type_ == "PERSON" and dashed:
            return child
    return None


def parsed_subject(site: VerbSite) -> Token | None:
    """ "Ann Roe, who chairs the board, said": the parsed subject that can speak, of the verb
    or of a verb it hangs on ("saying", "and added"), the agent of a passive, the speaker of
    "As Ann Roe put it", or the object of "asked Smith to explain"."""
    speaker = site.climb.speaker
    return named_in(speaker) if speaker is not None else None


def subject_of_aside(site: VerbSite) -> Token | None:
    """'Ann Roe, exasperated, replied: "..."': with no subject parsed, the subject the parser
    gave to the aside set off by commas before the verb ("exasperated") is the verb's."""
    climb, verb, qdoc = site.climb, site.verb, site.qdoc
    if climb.speaker is not None or climb.inanimate is not None:
        return None
    for aside in verb.lefts:
        if aside.dep_ != "advcl" or not _set_off(aside):
            continue
        for subject in aside.lefts:
            if subject.dep_ == "nsubj" and _set_off(subject) and qdoc.quote_of[subject.i] < 0:
                return named_in(subject) if animate(subject) else None
    return None


def _set_off(word: Token) -> bool:
    """Whether a comma closes a word's phrase (its own last token, or the one after it)."""
    end = word.right_edge.i
    return word.doc[end].text == "," or (end + 1 < len(word.doc) and word.doc[end + 1].text == ",")


def name_opening_sentence(site: VerbSite) -> Token | None:
    """ "De Blasio, speaking on the radio, called Trump a clown": with no subject parsed, the
    name opening the sentence, when the parser hung the verb on it or hung it on the
    paragraph before."""
    if site.climb.speaker is not None or site.climb.inanimate is not None:
        return None
    qdoc, verb = site.qdoc, site.verb
    name = phrase_head(qdoc.doc[qdoc.sents[qdoc.sent_of[verb.i]].start])
    if name.pos_ != "PROPN" or not animate(name) or qdoc.quote_of[name.i] >= 0:
        return None
    if name.ent_type_ in ("GPE", "LOC", "DATE", "TIME"):
        return None  # a dateline ("WASHINGTON") or a date opening the sentence
    misattached = qdoc.para_of[name.head.i] != qdoc.para_of[name.i]
    return named_in(name) if misattached or name.i in qdoc.ancestors(verb.i) else None


def name_before_verb(site: VerbSite) -> Token | None:
    """ "Donald Trump has delivered ..., saying": with no subject parsed and the name run into
    the line before, the verb the climb ends at takes the name right before it."""
    climb, qdoc = site.climb, site.qdoc
    if climb.speaker is not None or climb.inanimate is not None or climb.top.pos_ != "VERB":
        return None
    verb, doc = climb.top, qdoc.doc
    i = verb.i - 1
    while i >= 0 and verb.i - i <= 3 and (doc[i].pos_ in ("AUX", "ADV") or doc[i].dep_ == "neg"):
        i -= 1
    if i < 0 or qdoc.para_of[i] != qdoc.para_of[verb.i] or qdoc.quote_of[i] >= 0:
        return None
    name = doc[i]
    # "the first Democrat in Congress to endorse": an object is not the one speaking,
    # unless its name opens the sentence (a parse run over from the line before).
    phrase_start = i
    while phrase_start > 0 and doc[phrase_start - 1].dep_ == "compound":
        phrase_start -= 1
    opens = phrase_start == qdoc.sents[qdoc.sent_of[i]].start
    if name.head.i == verb.i or (
        name.dep_ in ("pobj", "dobj", "iobj", "attr", "poss") and not opens
    ):
        return None
    if name.pos_ == "PROPN" and name.ent_type_ in ("PERSON", "ORG"):
        return named_in(name)
    return None


def subject_before_participle(site: VerbSite) -> Token | None:
    """'Ann Roe seemed ready to joke, telling the crowd, "Who cares?"': a participle set off by
    a comma whose parse climbs to no subject (the parser hung it inside the quote it
    introduces) takes the first subject of its sentence before it that can speak, outside
    quotes, or the name opening the sentence."""
    climb, verb = site.climb, site.verb
    if climb.speaker is not None or climb.inanimate is not None or verb.tag_ != "VBG":
        return None
    if not text_before(verb, 5).rstrip().endswith(","):
        return None
    qdoc = site.qdoc
    doc = qdoc.doc
    start = qdoc.sents[qdoc.sent_of[verb.i]].start
    for token in doc[start : verb.i]:
        if qdoc.quote_of[token.i] < 0 and token.dep_ == "nsubj" and animate(token):
            return named_in(token)
    name = phrase_head(doc[start])
    if name.i < verb.i and name.pos_ == "PROPN" and animate(name) and qdoc.quote_of[name.i] < 0:
        return named_in(name)
    return None


def inverts_after_closing_mark(verb: Token) -> bool:
    """'"Why now?" asked Ann Roe.', '"...," opined the Ledger': right after a quote's closing
    mark, any speech verb in the past or present puts its speaker after it; elsewhere only the
    verbs of INVERTING_VERBS do ("said Ann Roe" in mid-sentence, not "praised Ann Roe")."""
    if verb.lemma_.lower() in INVERTING_VERBS:
        return True
    if verb.i == 0 or verb.tag_ not in ("VBD", "VBZ"):
        return False
    mark = verb.nbor(-1).text
    return is_speech_verb(verb) and (mark in ALL_MARKS or mark == "''") and mark not in "‘“"


def name_after_inverting_verb(site: VerbSite) -> Token | None:
    """'"We will win," said Skelly.': the name right after an inverting verb, when the parser
    did not make it the subject and it hangs on the verb ("said Tuesday" is a date, "say
    Florida Sen. Rubio hasn't" the reported clause); a name owning the next one is not the
    speaker ('," opined Dayton's Evening Ledger' is the Ledger)."""
    verb, qdoc = site.verb, site.qdoc
    if not inverts_after_closing_mark(verb):
        return None
    for token in verb.doc[verb.i + 1 : verb.i + 3]:
        # Right after a quote, a capitalised word is a name even when the tagger missed it
        # ('," said Skelly' tagged as an adverb).
        name = (token.pos_ == "PROPN" and animate(token)) or (
            after_quote(verb) and token.is_title and token.is_alpha
        )
        head = phrase_head(token)
        if token.pos_ == "ADJ" and token.dep_ == "amod":
            head = token.head  # "tweeted a German user": the user, who is no name
        owner = head.dep_ == "poss" and head.head.pos_ == "PROPN"
        if owner:
            head = phrase_head(head.head)  # "Dayton's Evening Ledger": the Ledger
        # ", saying Mr. Trump reminds us ...": a name that is the subject of the reported
        # clause is who the words are about, not who says them.
        reported = (
            verb.tag_ == "VBG" and head.dep_ in ("nsubj", "nsubjpass") and head.head.i != verb.i
        )
        if (
            name
            and not reported
            and qdoc.quote_of[token.i] < 0
            and token.ent_type_ not in ("DATE", "TIME")
            and (head.head.i == verb.i or after_quote(verb))
        ):
            # A name inside a noun phrase: "wrote a Trump supporter" is the supporter,
            # "saying the Orlando nightclub ..." no speaker at all; "tweeted Rubio spokesman
            # Alex Conant" is the name the phrase ends on.
            if head.pos_ == "PROPN":
                return head  # "opined the Evening Ledger": the name's head, not "Evening"
            if head.pos_ != "NOUN":
                return token
            if animate(head):
                return head
    return None


def name_after_hyphenated_title(site: VerbSite) -> Token | None:
    """'"Imagine that," mused radio co-host Ann Roe.': right after a quote's closing mark, a
    speech verb whose speaker's title has a hyphen in it ("co-host", "vice-chair"), which the
    parser breaks into objects of the verb: the person's name after the title."""
    verb, qdoc = site.verb, site.qdoc
    if not inverts_after_closing_mark(verb) or not after_quote(verb):
        return None
    doc, hyphen = verb.doc, False
    for token in doc[verb.i + 1 : min(verb.i + 1 + TITLE_REACH, verb.sent.end)]:
        if qdoc.quote_of[token.i] >= 0:
            return None
        if token.text in ("-", "‐"):
            hyphen = True
            continue
        if token.pos_ == "PROPN" and token.ent_type_ == "PERSON":
            head = phrase_head(token)
            return head if hyphen and head.head.i == verb.i else None
        if token.pos_ not in ("NOUN", "PROPN", "ADJ"):
            return None
    return None


def name_after_title_words(site: VerbSite) -> Token | None:
    """'"...," said Oversight ranking Democrat Ann Roe (D-Ohio).': right after a quote's
    closing mark, an inverting verb with no subject, then a title of several words the parser
    read as a clause of its own ("ranking" as a verb): the person's name the title ends on."""
    verb, qdoc = site.verb, site.qdoc
    if not inverts_after_closing_mark(verb) or not after_quote(verb):
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    doc = verb.doc
    for token in doc[verb.i + 1 : min(verb.i + 1 + TITLE_REACH, verb.sent.end)]:
        if qdoc.quote_of[token.i] >= 0 or token.pos_ not in ("NOUN", "PROPN", "ADJ", "VERB"):
            return None
        following = doc[token.i + 1] if token.i + 1 < len(doc) else None
        ends = following is None or following.is_punct
        # The name ends the run of words ("Democrat Ann Roe"): a person's, or one the
        # tagger gave no kind.
        if token.pos_ == "PROPN" and ends and token.is_title:
            return token if token.ent_type_ in ("PERSON", "") else None
    return None


def name_before_subjectless_root(site: VerbSite) -> Token | None:
    """'"...," her adviser, Jake Sullivan, said:' parsed with no subject: the person's name
    that ends the phrase right before the verb."""
    verb, climb = site.verb, site.climb
    if climb.speaker is not None or climb.inanimate is not None:
        return None
    if verb.dep_ != "ROOT" or verb.i < 2:
        return None
    before = verb.doc[verb.i - 2] if verb.nbor(-1).text == "," else verb.nbor(-1)
    if before.pos_ == "PROPN" and before.ent_type_ == "PERSON" and site.qdoc.quote_of[before.i] < 0:
        return before
    return None


def name_before_appositive(site: VerbSite) -> Token | None:
    """'"...," Ann Roe, a lawyer who chaired the board, wrote.' parsed with no subject (the
    name hung on the quote as its appositive): the person's name set off by a comma that opens
    the words before the verb, after a closing mark, a comma or the start of the sentence."""
    verb, climb, qdoc = site.verb, site.climb, site.qdoc
    if climb.speaker is not None or climb.inanimate is not None:
        return None
    doc = verb.doc
    if verb.i < 3 or doc[verb.i - 1].text != ",":
        return None
    para, lo = qdoc.para_of[verb.i], max(0, verb.i - APPOSITIVE_REACH)
    for i in range(verb.i - 2, lo, -1):
        token = doc[i]
        if qdoc.quote_of[i] >= 0 or qdoc.para_of[i] != para or token.text in (".", "!", "?", ";"):
            return None
        if token.pos_ != "PROPN" or token.ent_type_ != "PERSON" or doc[i + 1].text != ",":
            continue
        start = i
        while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i == i:
            start -= 1
        opening = doc[start - 1] if start > 0 else None
        if opening is None or opening.is_space or opening.text == ",":
            return token
        if not opening.text.strip(ALL_MARKS) or qdoc.sent_of[start] != qdoc.sent_of[start - 1]:
            return token  # a closing mark, or the start of the sentence
    return None


def passive_agent(verb: Token) -> Token | None:
    """The agent of a passive verb: "by" and its object hung on the verb, or on the quoted
    words right before it ('was described as "reckless" by Ann Roe'), or None."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    doc = verb.doc
    sent_end = verb.sent.end
    for token in doc[verb.i + 1 : min(verb.i + AGENT_REACH, sent_end)]:
        if token.lower_ != "by" or not token.i or doc[token.i - 1].text.strip(ALL_MARKS):
            continue  # only right after a closing mark
        if verb.i in {a.i for a in token.ancestors}:
            return next((c for c in token.children if c.dep_ == "pobj"), None)
    return None


def agent_after_quote(site: VerbSite) -> Token | None:
    """'The plan was described as "reckless" by Ann Roe.': a passive verb whose only subject
    cannot speak (the thing described) speaks through its agent, even when the parser hung
    "by" on the quoted words."""
    verb, climb = site.verb, site.climb
    if climb.speaker is not None or not any(c.dep_ == "auxpass" for c in verb.children):
        return None
    agent = passive_agent(verb)
    if agent is None or site.qdoc.quote_of[agent.i] >= 0 or not animate(agent):
        return None
    return named_in(agent)


def only_a_thing(subject: Token) -> bool:
    """A common noun for no one and with no one named behind it: not people ("two-thirds of
    the voters", "a number of writers", "the campaign chief, Ann Roe,"), not a person's words
    or papers ("Roe's remarks", "an email from the mayor's office"), not one of a pair with
    someone ("media reports and several experts")."""
    if subject.pos_ != "NOUN" or is_share(subject) or is_human_noun(subject):
        return False
    for child in subject.children:
        if child.dep_ in ("appos", "poss", "compound") and child.pos_ == "PROPN":
            return False
        if child.dep_ == "conj" and (child.pos_ == "PROPN" or not only_a_thing(child)):
            return False
        # "from the mayor's office"; "of" only after a count of people ("a number of
        # writers"), as "surveys of voters" are no voter's words.
        of_people = child.lower_ == "of" and subject.lemma_.lower() in COLLECTIVES
        behind = child.dep_ == "prep" and (child.lower_ in MAKER_PREPOSITIONS or of_people)
        if behind and any(_someone(t) for t in child.subtree if t.i != child.i):
            return False
    return True


def _someone(token: Token) -> bool:
    """A name or a noun for people ("Acme", "writers", "the governor's")."""
    return token.pos_ == "PROPN" or (token.pos_ == "NOUN" and is_human_noun(token))


def _can_stand_for_a_speaker(thing: Token) -> bool:
    """Whether a subject that cannot speak may still be the one words are credited to: a
    document or poll speaks for its maker ("the report said", "the poll found"), a capitalised
    word may be a name the tagger missed ("Hannity said"), a share counts people."""
    lemma = thing.lemma_.lower()
    if lemma in AUTHORED_NOUNS or lemma in DOCUMENT_NOUNS or lemma in POLL_NOUNS:
        return True
    if lemma in SPEAKING_THINGS or thing.is_title or thing.is_upper:
        return True
    return not only_a_thing(thing)


def _argument_of_a_clause(token: Token) -> bool:
    """Whether a name is one of a clause's own people, the subject or the one a verb is done
    after, with or by ("after Ann Roe", "with Ann Roe asking", "reported by the Ledger"), not
    a name inside another phrase ("the deaths of journalists under Bo Li") nor a place or
    a time ("at the centre", "in a statement")."""
    if token.dep_ in ("nsubj", "nsubjpass"):
        return True
    head = token.head
    return (
        token.dep_ == "pobj"
        and head.lower_ in CLAUSE_PEOPLE_PREPOSITIONS
        and head.head.pos_ in ("VERB", "AUX")
    )


def _written_as_the_speaker(thing: Token, verb: Token) -> bool:
    """Whether the writer made the thing the verb's own subject ("the passage continued",
    "signs that said"), the subject of another speech verb the verb hangs on ("the prince
    called for Bo to quit, calling him ..."), or the subject of the verb a second verb joins
    ("the board sits down with analysts and tells them"): that is how the article credits the
    words. A verb joined to a reported clause ("Ann Roe said the economy would rebound and
    praised ...") is the parser's mistake, not the writer's."""
    if thing.head.i == verb.i or (verb.dep_ == "relcl" and verb.head.i == thing.i):
        return True
    if thing.dep_ in ("nsubj", "nsubjpass") and is_speech_verb(thing.head):
        return True
    return verb.dep_ == "conj" and thing.head.i == verb.head.i and verb.head.dep_ != "ccomp"


def speaker_near_a_thing(site: VerbSite) -> Token | None:
    """ "The issue had come up after Ann Roe, asked about it, had said ...", "Her remarks
    answer a letter the Acme campaign sent, alleging ...": when the only subject the parse
    gives is a thing that cannot speak (an issue, an incident, someone's comments), the
    speaker is the one nearest before the verb in its sentence who can: a subject, or a name
    a verb of the sentence takes through a preposition. A document, a poll, a share of people
    or a verb of evidence ("the tests show") keeps its thing."""
    verb, climb, qdoc = site.verb, site.climb, site.qdoc
    thing = climb.inanimate
    if climb.speaker is not None or thing is None or _can_stand_for_a_speaker(thing):
        return None
    if verb.lemma_.lower() in EVIDENCE_VERBS or _written_as_the_speaker(thing, verb):
        return None
    doc = verb.doc
    start = qdoc.sents[qdoc.sent_of[verb.i]].start
    for token in reversed(doc[start : verb.i]):
        if qdoc.quote_of[token.i] >= 0 or token.tag_ in ("WP", "WDT"):
            continue
        if token.pos_ not in ("PROPN", "PRON", "NOUN") or token.dep_ in ("compound", "flat"):
            continue
        if token.ent_type_ in ("GPE", "LOC", "DATE", "TIME"):
            continue
        lemma = token.lemma_.lower()
        if lemma in AUTHORED_NOUNS or lemma in DOCUMENT_NOUNS:
            continue  # "In a statement, ...": a document is no one near
        if animate(token) and _argument_of_a_clause(token):
            return named_in(token)
    return None


def subject_that_cannot_speak(site: VerbSite) -> Token | None:
    """ "The issue came up after Trump, asked about it, said": with no one who can speak, the
    parsed subject that cannot (its rule-users decide whether it counts)."""
    return site.climb.inanimate


# The order is the precedence: the first rule with a finding gives the subject.
SUBJECT_RULES = (
    name_after_dateline,
    parsed_subject,
    subject_of_aside,
    name_opening_sentence,
    name_before_verb,
    subject_before_participle,
    name_after_inverting_verb,
    name_after_hyphenated_title,
    name_after_title_words,
    name_before_subjectless_root,
    name_before_appositive,
    agent_after_quote,
    speaker_near_a_thing,
    subject_that_cannot_speak,
)


def poll_counting_share(qdoc: QuoteDoc, share: Token) -> Token | None:
    """ "In a May poll, 75 percent of voters said ...": the poll in the sentence speaks for the
    share it counted (the poll nearest before the share, else after it), or None."""
    polls = qdoc.polls(qdoc.sent_of[share.i])
    before = [t for t in polls if t.i < share.i]
    return before[-1] if before else (polls[0] if polls else None)


# --- the climb ------------------------------------------------------------------------------


def _climb(site: VerbSite) -> _Climb:
    """The parsed subject of the verb, else of the verb it hangs on; a subject that cannot
    speak is kept only when no verb further up has one that can."""
    qdoc, verb = site.qdoc, site.verb
    current = verb
    para = qdoc.para_of[verb.i]
    inanimate: Token | None = None
    for _ in range(CLIMB_VERBS):
        subjects: list[Token] = []
        for child in current.children:
            if qdoc.para_of[child.i] != para:
                continue
            if qdoc.quote_of[child.i] >= 0:
                # "''..., Mr. President,'' Representative Ann Roe told him": the words in the
                # quote parsed as the subject, the speaker as their appositive or conjunct.
                if child.dep_ == "nsubj":
                    subjects.extend(
                        g
                        for g in child.rights
                        if g.dep_ in ("appos", "conj")
                        and qdoc.quote_of[g.i] < 0
                        and g.pos_ == "PROPN"
                        and animate(g)
                    )
                continue
            if child.i < current.i:
                subjects.extend(site.patterns.as_speakers(child))  # "As Ann Roe put it"
            if child.ent_type_ in ("DATE", "TIME") or child.like_num:
                continue  # "Trump said Tuesday": a date parsed as the subject
            # "it will be hard to deny", "it was said that": an expletive "it" names nobody.
            expletive = child.lower_ == "it" and (
                child.dep_ == "nsubjpass" or current.lemma_ == "be"
            )
            if child.dep_ in ("nsubj", "nsubjpass") and not expletive:
                subjects.append(_name_after_preposition(child))
            if child.dep_ == "agent" and verb.dep_ == "pcomp" and _passive_with_subject(current):
                continue  # "Ann was booed by fans after telling them": Ann tells, not the fans
            if child.dep_ == "agent":
                for grandchild in child.children:
                    # "was recommended by Stone": Stone; but "Ann was joined by Bo and
                    # joked": Ann, the subject the second verb shares.
                    if grandchild.dep_ == "pobj" and current.i == verb.i and animate(grandchild):
                        return _Climb(grandchild, None, current)
                    if grandchild.dep_ == "pobj":
                        subjects.append(grandchild)
        if subjects:
            # Several subjects are a parse of an aside or a dateline ("Washington (AFP) --
            # Clinton has said", "Tuesday in Berea, OH, Gov. Kasich said"): the one who can
            # speak, nearest the verb.
            best = max(subjects, key=lambda c: (animate(c), -abs(c.i - current.i)))
            best = _second_clause_subject(_antecedent(best, current))
            if animate(best):
                return _Climb(best, None, current)
            inanimate = inanimate or best
        head = current.head
        if current.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ == "VERB":
            head = head.head  # "upon saying", "by saying": the verb the phrase hangs on
        elif current.dep_ == "dobj" and current.lemma_.lower() in SPEECH_NOUNS:
            pass  # "issued a statement describing ...": who issued it describes
        elif (
            current.dep_ == "conj"
            and is_speech_verb(current)
            and head.dep_ == "ccomp"
            and is_speech_verb(head.head)
        ):
            # "Ann said it was made by Bo and said: ..." parsed with the second "said"
            # inside the reported clause: it pairs with the first.
            head = head.head
        elif current.dep_ not in CLIMB_DEPS or head.i == current.i:
            break
        if qdoc.quote_of[head.i] >= 0:
            break  # a verb inside a quote is what was said, not who said it
        if qdoc.para_of[head.i] != para:
            break  # a parse that runs over a paragraph break
        if current.dep_ == "xcomp":
            # "led Priebus to declare", "asked Smith to explain": the named object speaks;
            # one described too after a verb that makes it speak ("led the manufacturer to
            # announce": not "the cutback"), but not after one that is itself the report
            # ("told reporters to ask": the teller reports).
            caused = head.lemma_.lower() in CAUSING_VERBS
            for child in head.children:
                if (
                    child.dep_ == "dobj"
                    and (child.pos_ == "PROPN" or (caused and child.pos_ == "NOUN"))
                    and animate(child)
                ):
                    return _Climb(child, None, current)
        current = head
    return _Climb(None, inanimate, current)


def _passive_with_subject(verb: Token) -> bool:
    """Whether a passive verb, or a second verb sharing a passive one's subject ("was booed
    and shouted down by"), has a subject who can speak: a participle after a preposition hung
    on it is that subject's doing, not the agent's ("Ann Roe was booed by fans after telling
    them ...")."""
    subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
    own = any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
    if not own and verb.dep_ == "conj":
        subjects = [c for c in verb.head.children if c.dep_ == "nsubjpass"]
    return any(animate(c) for c in subjects)


def _antecedent(subject: Token, verb: Token) -> Token:
    """ "Smith, who said" speaks as Smith; "Ann Roe, a lawyer who writes" as Ann Roe, the
    name the described person is set beside; "a lawyer whose firm won but who said" as the
    lawyer too (a relative clause joined to another)."""
    while verb.dep_ == "conj" and verb.head.i != verb.i and subject.tag_ in ("WP", "WDT"):
        verb = verb.head
    if subject.tag_ in ("WP", "WDT") and verb.dep_ == "relcl" and verb.head.i != verb.i:
        head = verb.head
        if head.dep_ == "appos" and head.head.pos_ == "PROPN":
            return head.head
        return named_in(head)  # "an academic named Ann Roe, who ...": Ann Roe
    return subject


def _second_clause_subject(subject: Token) -> Token:
    """ "A group of rabbis called for a boycott, and the league denounced it and said ...",
    parsed as one subject ("a group ... and the league") with "called" hung on the first as if
    it described it: a finite verb is no description, so the two are two clauses and the
    verb's subject is the second one."""
    finite = any(c.dep_ == "acl" and c.tag_ == "VBD" for c in subject.children)
    if not finite:
        return subject
    second = [c for c in subject.children if c.dep_ == "conj" and animate(c)]
    return named_in(second[-1]) if second else subject


def _name_after_preposition(subject: Token) -> Token:
    """ "Of Bo Li, Ann Roe said ...", parsed with "Of" as the subject and the speaker as its
    object: the name is the subject; any other subject is itself."""
    if subject.pos_ != "ADP":
        return subject
    for child in subject.children:
        if child.dep_ == "pobj" and child.pos_ == "PROPN":
            return child
    return subject


class Subjects:
    """The speaker as written of each reporting verb of one doc, each worked out once."""

    def __init__(self, qdoc: QuoteDoc, patterns: DocPatterns) -> None:
        self.qdoc = qdoc
        self.patterns = patterns
        self._found: dict[int, Fired[Token] | None] = {}

    def fired(self, verb: Token) -> Fired[Token] | None:
        """Who speaks through `verb`, and the rules that said so ("parsed_subject",
        "trailing_participle_of_speech+parsed_subject+poll_counting_share")."""
        if verb.i not in self._found:
            site = VerbSite(self.qdoc, self.patterns, verb)
            found = first(SUBJECT_RULES, site)
            if found is not None:
                rules = found.rule
                if site.verb.i != verb.i:
                    rules = f"trailing_participle_of_speech+{rules}"
                if is_share(found.finding):
                    poll = poll_counting_share(self.qdoc, found.finding)
                    if poll is not None:
                        found = Fired(f"{rules}+poll_counting_share", poll)
                    else:
                        found = Fired(rules, found.finding)
                else:
                    found = Fired(rules, found.finding)
            self._found[verb.i] = found
        return self._found[verb.i]

    def of(self, verb: Token) -> Token | None:
        """Who speaks through a reporting verb: its subject outside quotes, in its paragraph,
        climbing from "saying" or "and added" to the verb they hang on; the poll that counted
        them when the subject is a share of people."""
        found = self.fired(verb)
        return None if found is None else found.finding
