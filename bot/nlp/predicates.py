"""Small questions about one token of a parsed text that many attribution rules ask: can it
speak, is it a speech verb, which name is it part of, what does its cue read."""

from __future__ import annotations

from spacy.tokens import Token

from bot.nlp.lexicon import (
    NAME_LABELS,
    ORG_NOUNS,
    REPORT_CREDIT_VERBS,
    SHARES,
    SPEAKING_NOUN_SUFFIXES,
    SPEAKING_NOUNS,
    SPEAKING_PRONOUNS,
    SPEECH_VERBS,
)
from bot.nlp.quotemarks import ALL_MARKS


def animate(token: Token) -> bool:
    """Whether a subject can speak: a name, a personal pronoun, a person, a body, a document."""
    if token.pos_ == "PRON":
        return token.lower_ in SPEAKING_PRONOUNS
    if token.pos_ == "PROPN" or token.ent_type_ in NAME_LABELS:
        return True
    lemma = token.lemma_.lower()
    return lemma in SPEAKING_NOUNS or lemma in ORG_NOUNS or lemma.endswith(SPEAKING_NOUN_SUFFIXES)


def is_share(token: Token) -> bool:
    """Whether a subject counts people rather than naming them ("75 percent of voters", "six
    in 10 voters", "a majority of voters")."""
    if token.like_num or token.lower_ == "%" or token.lemma_.lower() in SHARES:
        return True
    # "six in 10 voters": a number with "in" before it is a ratio, not a count of people.
    return any(
        c.dep_ == "nummod" and any(q.lower_ == "in" for q in c.children) for c in token.lefts
    )


def is_speech_verb(token: Token) -> bool:
    """Whether a word is a verb of speech, the tagger's verbs and "to state" read as a noun
    ("prompted Ann Roe to state, '...'": an infinitive's "to" makes it a verb)."""
    if token.lemma_.lower() not in SPEECH_VERBS:
        return False
    return token.pos_ in ("VERB", "AUX") or (token.pos_ == "NOUN" and _infinitive(token))


def _infinitive(token: Token) -> bool:
    """Whether the infinitive's "to" stands on a word ("to state")."""
    return token.dep_ == "xcomp" and any(
        c.dep_ == "aux" and c.lower_ == "to" and c.i == token.i - 1 for c in token.children
    )


def report_credit(verb: Token) -> bool:
    """Whether a verb only credits who reported another speech verb's words: '"...," Ann Roe
    wrote in a letter, which was first reported by the Ledger', '..., as reported by the
    Ledger'. A relative or "as" clause of "report" hung on the clause of a speech verb in its
    sentence; "The Ledger reported that ..." is a report of its own."""
    if verb.lemma_.lower() not in REPORT_CREDIT_VERBS or verb.dep_ not in ("relcl", "advcl"):
        return False
    as_clause = any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
    if verb.dep_ == "advcl" and not as_clause:
        return False
    return any(is_speech_verb(a) for a in verb.ancestors)


def phrase_head(token: Token) -> Token:
    """The head of the name a token is part of ("Florida" in "Florida Sen. Marco Rubio")."""
    while token.dep_ in ("compound", "flat") and token.head.i != token.i:
        token = token.head
    return token


def named_in(subject: Token) -> Token:
    """The person a descriptive subject names ("a woman later identified as Ann Roe", "an
    academic named Ann Roe", "the other candidate, Senator Ann Roe", "Acme Vice President ...
    Ann Roe" misparsed as a conjunct), else the subject itself."""
    if subject.ent_type_ or subject.pos_ == "PRON":
        return subject
    for child in subject.rights:
        conj = child.dep_ == "conj" and subject.pos_ == "PROPN"
        if (child.dep_ == "appos" or conj) and child.ent_type_ == "PERSON":
            return child
        if child.dep_ == "acl" and child.lemma_.lower() == "identify":
            for prep in child.children:
                for pobj in prep.children:
                    if prep.lower_ == "as" and pobj.ent_type_ == "PERSON":
                        return pobj
        if child.dep_ == "acl" and child.lower_ == "named":  # "an academic named Ann Roe"
            for name in child.rights:
                if name.dep_ in ("oprd", "dobj", "attr") and name.pos_ == "PROPN":
                    return name
    return subject


def after_quote(verb: Token) -> bool:
    """Whether a verb stands right after a closing mark or comma, where speakers follow it."""
    return verb.i > 0 and (verb.nbor(-1).text in ALL_MARKS or verb.nbor(-1).text in ",''")


def text_before(token: Token, chars: int) -> str:
    """The `chars` characters of the doc's text right before the token (doc.text would build
    the whole text)."""
    parts: list[str] = []
    size = 0
    i = token.i - 1
    while i >= 0 and size < chars:
        parts.append(token.doc[i].text_with_ws)
        size += len(parts[-1])
        i -= 1
    return "".join(reversed(parts))[-chars:] if chars else ""


def cue_text(verb: Token) -> str:
    """The cue as shown: the reporting verb with its particle ("pointed out"), or "according
    to"."""
    if verb.lower_ == "according":
        return "according to"
    parts = [verb.text]
    for child in verb.children:
        if child.dep_ == "prt" and child.i == verb.i + 1:
            parts.append(child.text)
    return " ".join(parts)
