"""Mentions of named actors in one parsed article: people, organisations, places and groups as
written, each with its name, kind, role and weight, before mentions of one actor are folded
together (bot.nlp.actor_names)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.attrs import ORTH
from spacy.tokens import Doc, Span, Token

from bot.nlp.actor_hints import (
    acts,
    employs_a_person,
    modifies_a_thing,
    named_as_a_term,
    office_after,
    organisation_hint,
    parent_company_of,
    person_listed_as_a_thing,
    plays_as_a_team,
    plural_verb_subject,
    plus_product_end,
    product_hint,
    published_in,
    record_after_name,
    state_after_city,
    surname_after_first_name,
    team_in_a_match_result,
    titled_by_its_part,
)
from bot.nlp.actor_kinds import (
    business_appositive,
    business_noun_before,
    company_name,
    institution_name,
    is_human_noun,
    normalise,
    venue_name,
)
from bot.nlp.docmemo import doc_text, lower_case_words, space_tokens_in, token_bounds
from bot.nlp.first_names import is_first_name
from bot.nlp.lexicon import (
    ABBREVIATED_TITLES,
    ARTICLES,
    BETWEEN_NAMES,
    GOVERNMENT_VERBS,
    HONORIFICS,
    NAME_LINK_WORDS,
    NOT_NAME_PREFIXES,
    POSSESSIVE_ENDINGS,
    SCENE_PREPOSITIONS,
    SPORT_ROLE_NOUNS,
    STANCE_PREFIXES,
    TITLE_WORDS,
    TITLES,
)
from bot.nlp.mention_weights import Weights, capitalised_by_position
from bot.nlp.quotemarks import DOUBLE_QUOTE_MARKS
from bot.nlp.records import ActorKind

KIND_OF_LABEL: dict[str, ActorKind] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
}
NAME_PUNCT = {".", "-", "&"}
# Labels the model gives a surname that is also a common word ("Weeks", "Monday", "Day").
MISREAD_SURNAME_LABELS = frozenset({"DATE", "TIME", "CARDINAL"})
DASHES = {"-", "--", "–", "—"}
# Function words that open no name; not VERB or AUX, which the tagger gives to "Iain", "Will".
NOT_NAME_POS = {"ADV", "ADP", "CCONJ", "SCONJ", "PRON", "PART", "INTJ"}

# The longest role phrase read before or beside a name.
MAX_ROLE_TOKENS = 14


@dataclass(slots=True)
class Mention:
    start: int  # character offsets of the mention in doc.text
    end: int
    surface: str  # as written, without article or possessive
    name: str  # surface without titles: what is matched
    key: str  # normalised name
    kind: ActorKind | None
    weight: float
    role: str | None = None
    head: str = ""  # lemma of the head noun, for group mentions
    named: bool = True  # False for "the senators": it may only join a named group
    in_title: bool = False  # in the headline, where names are cut short and Title Cased
    modifier: bool = False  # "the Bill Clinton era": names a thing, not the person acting
    acts: bool = True  # subject, object or possessor: "China warned", not "in China"
    scene: bool = False  # after a preposition of place: "in China", "flights to Harlow"
    org_hint: bool = False  # written as an organisation is: "the Steelers", "a manager at Acme"
    product_hint: bool = False  # written as a thing sold is: "the new Sportback", "MacBook models"
    governs: bool = False  # the subject of what only a government does: "Beijing warned"
    subject: bool = False  # the subject of its clause: "Acme said", "Acme was fined"
    # The rule that gave `kind` ("ner_label:ORG", "appositive_human_noun"), for --explain.
    kind_by: str | None = None


def strip_name(text: str) -> str:
    """A name as written, without leading article, titles and trailing possessive."""
    words = text.split()
    while words and words[0].lower() in ARTICLES:
        words = words[1:]
    while len(words) > 1 and normalise(words[0]) in TITLES:
        words = words[1:]
    if words:
        for ending in POSSESSIVE_ENDINGS:
            if words[-1].endswith(ending):
                words[-1] = words[-1][: -len(ending)]
                break
    return " ".join(w for w in words if w)


# A web address with a path ("pic.twitter.com/AbC12", "example.org/page") or markup left in
# the text ("Leeds.</p"); "AC/DC" and "Post-9/11" have no domain before the slash.
_LINK = re.compile(r"\w\.[a-z]{2,}/|</?[a-z]")


def is_junk(name: str) -> bool:
    """Fragments no reader would call an actor: numbers, dates, lower-case words, one letter,
    social-media handles and links, "Team Clinton" (a campaign, not a person)."""
    letters = [c for c in name if c.isalpha()]
    if len(letters) < 2 or not any(c.isupper() for c in name):
        return True
    if "@" in name or name[0] == "#" or "http" in name or "www." in name or _LINK.search(name):
        return True
    if name.split("-")[0] in STANCE_PREFIXES:  # "pro-Cruz" is a stance
        return True
    return name.split()[0].lower() in NOT_NAME_PREFIXES


def _governs_the_name(token: Token, following: Token | None) -> bool:
    """Whether the first word of an entity is a word outside the name that the name depends on:
    a verb glued on at the start of a sentence ("Hosting Whitfield at the summit, ...") or a
    lower-case word ("rang Taylor"). Name words lean on the last one ("Iain Duncan Smith").
    following: the entity's next word (None: `token` is its last)."""
    if following is None:
        return False
    if token.is_lower and token.is_alpha and token.lower_ not in NAME_LINK_WORDS:
        return True
    return token.pos_ == "VERB" and following.head.i == token.i and token.tag_ == "VBG"


def _imperative_opener(token: Token) -> bool:
    """Whether a word is a verb in the imperative opening its sentence ("Seek out the healthy
    snacks", "Follow Newsbeat on Instagram"), which the model may take for a name or a part of
    one; "Mark Esper said" opens with a name, parsed as no verb."""
    return token.tag_ == "VB" and token.dep_ == "ROOT" and token.is_sent_start is True


def _joins_two_names(doc: Doc, start: int, token: Token) -> bool:
    """Whether a lower-case word inside an entity stands between two names rather than inside
    one: "the move of Ann Roe to Acme United" runs a player and a club together. A long name
    already joined by "of" or "for" holds such words ("Society for the Prevention of Cruelty to
    Animals")."""
    return (
        token.is_lower
        and token.lower_ in BETWEEN_NAMES
        and not any(t.lower_ in NAME_LINK_WORDS for t in doc[start : token.i])
    )


def entity_parts(doc: Doc) -> Iterator[Span]:
    """The entities, each one split where a word between two names joins them
    (`_joins_two_names`): "Ann Roe to Acme United" is "Ann Roe" and "Acme United"."""
    for ent in doc.ents:
        start = ent.start
        # Only a word inside the entity, neither its first nor its last, can join two names.
        for token in ent[1:-1] if ent.end - start > 2 else ():
            if _joins_two_names(doc, start, token):
                yield Span(doc, start, token.i, label=ent.label)
                start = token.i + 1
        yield ent if start == ent.start else Span(doc, start, ent.end, label=ent.label)


def _adjective_opener(token: Token, end: int, weights: Weights) -> bool:
    """Whether an entity opens with an adjective capitalised only because it opens the sentence
    ("Recent Acme phones ..."): the article never capitalises the word mid-sentence, as it would
    "Democratic", and writes it in lower case elsewhere ("a recent update") or the rest of the
    entity as a name of its own ("Acme was first")."""
    return (
        token.tag_ in ("JJ", "JJR", "JJS")
        and capitalised_by_position(token)
        and token.lower_ not in weights.capitalised_mid_sentence
        and (
            token.lower_ in weights.lower_case_words
            or token.doc[token.i + 1 : end].text in weights.entity_texts
        )
    )


def _opens_no_name(token: Token, following: Token | None, end: int, weights: Weights) -> bool:
    """Whether the first word of an entity (ending before token `end`) is no part of its name:
    a leading article, sentence opener, possessive or function word ("the", "Later Duncan
    Smith"). following: the entity's next word (None: `token` is its last)."""
    return (
        token.lower_ in ARTICLES
        or token.is_punct
        or token.tag_ == "POS"
        or token.text in POSSESSIVE_ENDINGS
        or token.pos_ in NOT_NAME_POS
        or (token.is_lower and token.pos_ != "PROPN")  # "convention Rules Committee"
        or _governs_the_name(token, following)
        or _imperative_opener(token)
        or _adjective_opener(token, end, weights)
    )


def _ends_no_name(token: Token) -> bool:
    """Whether an entity's last word is no part of its name: punctuation, a possessive
    ending, a space or a lower-case function word."""
    return (
        token.is_punct
        or token.text in POSSESSIVE_ENDINGS
        or token.is_space
        or (token.is_lower and token.pos_ in NOT_NAME_POS)
    )


def _trailing_fragment(token: Token) -> bool:
    """A trailing number is an NER fragment ("Huawei 5" from "Huawei 5G", a score's "6-" in
    "Nicolas Jarry 6-4"), and a trailing common noun is not part of the name ("Republican
    National Committee members")."""
    return (
        token.like_num
        or not any(c.isalpha() for c in token.text)
        or (token.pos_ == "NOUN" and token.is_lower)
    )


def _clean_tokens(span: Span, weights: Weights) -> tuple[int, int] | None:
    """Token range of the name in an entity: without leading article or sentence opener, cut
    before a possessive, quote or pronoun inside it and without trailing possessive, number or
    lower-case noun."""
    start, end = span.start, span.end
    doc = span.doc
    # A name never runs over a line break ("CNN's Fault\nTed Cruz" from a headline above):
    # keep the line that holds the entity's head.
    # Only a space token holds a line break (a token's whitespace_ is a space or nothing).
    root = span.root.i
    for i in space_tokens_in(doc, start, end):
        if i < root:
            start = i + 1
        else:
            end = i
            break
    # Each word's Token made once for the passes below (doc[i] makes a new one each time).
    base = start
    tokens = list(doc[start:end])
    # NER sweeps in sentence openers ("Later Duncan Smith"): names start with a name word.
    while start < end and _opens_no_name(
        tokens[start - base], tokens[start - base + 1] if start + 1 < end else None, end, weights
    ):
        start += 1
    # "12 March", "35 buyers": a name does not open with a bare number ("3M" is not bare).
    first = tokens[start - base] if start < end else None
    if first is not None and first.like_num and not any(c.isalpha() for c in first.text):
        return None
    for k in range(start - base + 1, len(tokens)):
        # A spaced dash after a dateline: "ROME - Bernie Sanders" names Sanders.
        if tokens[k].text in DASHES and tokens[k - 1].whitespace_:
            start = base + k + 1
    if span.label_ == "PERSON":
        # A team and a position run into a person's name ("Browns DL Sheldon Richardson",
        # "Acme VP Dana Roe"): the name starts after the abbreviation.
        for token in tokens[start - base + 1 : max(start - base + 1, end - 2 - base)]:
            if token.is_upper and token.is_alpha and 2 <= len(token.text) <= 4:
                start = token.i + 1
    for token in tokens[start - base + 1 : end - base]:
        # "Obama’s ‘pivot", "Fox News Channel’s The Kelly File", and in a Title Cased headline
        # "Obama To Asians Worried", "Donald Trump Ties Hillary Clinton": the name ends here.
        # So it does at a lower-case verb ("Garrett hit Rudolph").
        if (
            token.tag_ == "POS"
            or (token.is_punct and token.text not in NAME_PUNCT)
            or token.pos_ in ("PART", "PRON", "SCONJ", "AUX")
            or (token.pos_ == "VERB" and (token.is_lower or weights.in_heading(token.idx)))
        ):
            end = token.i
            break
    # ... and no lower-case function word ("the move of Ann Roe to" tagged without the club).
    while end > start and _ends_no_name(tokens[end - 1 - base]):
        end -= 1
    while end > start + 1 and _trailing_fragment(tokens[end - 1 - base]):
        end -= 1
    if end == start + 1 and tokens[start - base].like_num:
        return None
    return (start, end) if end > start else None


def _role_text(tokens: Iterable[Token]) -> str | None:
    """The role as written, honorifics dropped and abbreviated titles spelt out."""
    words: list[str] = []
    for token in tokens:
        key = normalise(token.text)
        if key in HONORIFICS:
            continue
        # "his chief strategist", "One candidate": the determiner means nothing out of context.
        if not words and (token.pos_ in ("DET", "NUM") or token.tag_ == "PRP$"):
            continue
        if token.tag_ in ("WDT", "WP", "WP$"):  # "whose war heroism": a clause, not a role
            return None
        word = ABBREVIATED_TITLES.get(key, token.text)
        if not words and token.is_sent_start and token.pos_ != "PROPN" and not token.ent_type_:
            # "Former Tory party leader X said" opens a sentence: the role is "former ...".
            word = word[:1].lower() + word[1:]
        words.append(word + token.whitespace_)
    text = "".join(words).strip(" ,;:-—–")
    # Quotation marks mean the parser ran a quote into the name: "“Welcome home, Joe”".
    if not any(c.isalpha() for c in text) or any(q in text for q in DOUBLE_QUOTE_MARKS):
        return None
    if " " in text and text.isupper():  # "NEXT GOP DEBATE STAGE": a shouted headline
        return None
    return text


def _premodifier_start(doc: Doc, start: int, end: int) -> int:
    """First token of the chain of compounds and modifiers that lean on the name from the left."""
    inside = set(range(start, end))
    i = start - 1
    while i >= 0 and start - i <= MAX_ROLE_TOKENS:
        token = doc[i]
        if token.dep_ not in ("compound", "amod", "nmod", "poss", "case", "punct", "npadvmod"):
            break
        if token.is_punct and token.text not in ("-",):
            break
        if token.head.i not in inside or token.head.i <= i:
            break
        inside.add(i)
        i -= 1
    return i + 1


def _appositive(
    doc: Doc, root: Token, start: int, end: int, *, person: bool
) -> tuple[str, Token] | None:
    """The role an appositive gives, with its head noun: "Tom Tugendhat, chair of ...," or
    "the party's former leader, Iain Duncan Smith,". A person's role is headed by a noun for
    a person ("a suggestion from Cruz's mother" is a misparse)."""
    for child in root.rights:
        if child.dep_ != "appos" or child.i < end:
            continue
        # "a broker", "chair of ...", "a Republican from ...": not another name, pronoun or age.
        if child.pos_ != "NOUN" and child.ent_type_ != "NORP":
            continue
        if person and not _is_role_head(child):
            continue
        role = _phrase_role(doc, child.left_edge.i, child.right_edge.i + 1, child.i)
        return (role, child) if role else None
    if root.dep_ == "appos" and root.head.i < start and root.head.pos_ in ("NOUN", "PROPN"):
        head = root.head
        if head.ent_type_ in ("", "NORP") and (_is_role_head(head) or not person):
            role = _phrase_role(doc, head.left_edge.i, head.i + 1, head.i, closed=False)
            return (role, head) if role else None
    return None


def _phrase_role(doc: Doc, start: int, end: int, head: int, *, closed: bool = True) -> str | None:
    """A role phrase cut at the first comma after its head, without a leading article."""
    tokens: list[Token] = []
    for token in doc[start:end]:
        if token.i > head and (
            token.text in (",", ";", "(", "—", "–")
            or token.dep_ == "relcl"
            or token.tag_ in ("WDT", "WP", "WP$")
        ):
            break
        if not tokens and (token.lower_ in ARTICLES or token.pos_ == "ADV"):
            continue  # "now the Republican Party's nominee"
        tokens.append(token)
        if len(tokens) > MAX_ROLE_TOKENS:
            return None  # too long for a role, however far the phrase runs
    # One person holds a role in the singular; "Trump or Democratic contenders" is a misparse.
    if not tokens or len(tokens) > MAX_ROLE_TOKENS or doc[head].tag_ in ("NNS", "NNPS"):
        return None
    # A true appositive is closed by punctuation; "According to Rep. Gowdy, Congressional
    # probing of ... was" is a misparsed clause, not a role.
    after = tokens[-1].i + 1
    if closed and after < len(doc) and not (doc[after].is_punct or doc[after].is_space):
        return None
    return _role_text(tokens)


def entity_mentions(
    doc: Doc, weights: Weights, consumed: set[int]
) -> tuple[list[Mention], list[Mention]]:
    """Mentions from named entities, and leftovers of other labels that may name a known actor."""
    mentions: list[Mention] = []
    others: list[Mention] = []
    # Words and names are cut from the text by their offsets, without a Token each.
    text = doc_text(doc)
    starts, ends = token_bounds(doc)
    for ent in entity_parts(doc):
        if ent.start in consumed:
            continue
        rng = _clean_tokens(ent, weights)
        if rng is None:
            continue
        start, end = rng
        end = plus_product_end(doc, end)
        label = ent.label_
        kind = KIND_OF_LABEL.get(label)
        kind_by = f"ner_label:{label}" if kind else None
        given = surname_after_first_name(doc, ent) if label in MISREAD_SURNAME_LABELS else None
        if given is not None:
            start, kind, kind_by = given, "person", "surname_after_first_name"
        elif label in MISREAD_SURNAME_LABELS and capitalised_by_position(doc[start]):
            continue  # "Weeks later, ...": a date, whoever is named Weeks
        elif kind in (None, "organization") and person_listed_as_a_thing(doc, start, end, ent.root):
            kind, kind_by = "person", "given_name_listed_with_a_person"
        elif kind is None and team_in_a_match_result(doc, start, end):
            kind, kind_by = "organization", "team_in_a_match_result"
        office = office_after(doc, end) if kind in ("organization", "place") else None
        if office is not None:
            end, kind, kind_by = office, "organization", "office_after_place"
        state_code = state_after_city(doc, start, end)
        if state_code:
            kind, kind_by = "place", "state_code_after_city"
        # The cleaned name's own head: "Acme Phone" of "the Acme Phone solution" modifies it.
        root = ent.root if (start, end) == (ent.start, ent.end) else doc[start:end].root
        if named_as_a_term(doc, start, root) or titled_by_its_part(root):
            continue
        if weights.in_a_work_title(starts[start]):
            continue  # "Takin" of the song “Takin’ It to the Streets”
        publication = published_in(doc, start, end, root) if kind == "person" else None
        if publication is not None:
            start, kind, kind_by = publication, "organization", "published_in"
        if kind == "group" and root.tag_ not in ("NNS", "NNPS") and _modifies(root):
            continue  # "Chinese" in "the Chinese tech firm" modifies, it does not act
        name_start = start
        while (
            end - name_start > 1
            and normalise(text[starts[name_start] : ends[name_start]]) in TITLES
        ):
            name_start += 1
        name = " ".join(text[starts[name_start] : ends[end - 1]].split())
        if is_junk(name):
            continue
        brand = parent_company_of(doc, root) if kind == "organization" else None
        if kind == "person" and company_name(name):
            kind, kind_by = "organization", "company_name_word"
        elif kind in ("person", "place", None) and business_appositive(root):
            kind, kind_by = "organization", "appositive_business_noun"
        elif kind != "organization" and business_noun_before(doc, start, end):
            kind, kind_by = "organization", "business_noun_before"
        elif kind == "place" and institution_name(name):
            kind, kind_by = "organization", "institution_name"
        elif kind == "organization" and venue_name(name):
            kind, kind_by = "place", "venue_name"
        elif kind == "place" and plays_as_a_team(root):
            kind, kind_by = "organization", "place_playing_as_a_team"
        elif kind != "organization" and record_after_name(doc, start, end, label):
            kind, kind_by = "organization", "record_after_name"
        span_start, role = start, None
        if kind in ("person", "organization", None):
            pre = _premodifier_start(doc, start, end)
            # Titles right before the name belong to the mention ("Mr Trump", "President Trump").
            while (
                span_start > pre
                and normalise(text[starts[span_start - 1] : ends[span_start - 1]]) in TITLES
            ):
                span_start -= 1
            appositive = _appositive(doc, root, start, end, person=kind == "person")
            if appositive:
                role = appositive[0]
                # "Maryam Violet, an Iranian journalist," is a person whatever NER said.
                if kind == "organization" and is_human_noun(appositive[1]):
                    kind, kind_by = "person", "appositive_human_noun"
            if kind == "organization" and role is None and _person_after_role(doc, start, end):
                # "state diver Dana Roe won": a person's full name after her role.
                role = _premodifier_role(doc[pre:name_start])
                if role is not None:
                    kind, kind_by = "person", "full_name_after_a_role"
            if kind == "person" and role is None:
                role = _premodifier_role(doc[pre:name_start])
        employer = employs_a_person(root)
        plural = kind != "group" and plural_verb_subject(root)
        if (employer or plural) and kind != "organization":
            kind = "organization"
            kind_by = "employs_a_person" if employer else "plural_verb_subject"
        shop = (
            end - start == 1
            and kind in ("person", "organization")
            and _named_in_possessive(doc, end)
        )
        if shop:  # a business, whatever the model said
            kind, kind_by = "organization", "named_in_possessive"
        mention = Mention(
            start=starts[span_start],
            end=ends[end - 1 + shop],
            surface=" ".join(text[starts[span_start] : ends[end - 1 + shop]].split()),
            name=name + doc[end].text if shop else name,
            key=normalise(name),
            kind=kind,
            kind_by=kind_by,
            weight=weights.of(starts[start], root),
            role=role,
            in_title=weights.in_heading(starts[start]),
            modifier=modifies_a_thing(root),
            acts=acts(root) and not state_code,
            scene=root.dep_ == "pobj" and root.head.lower_ in SCENE_PREPOSITIONS,
            governs=root.dep_ == "nsubj" and root.head.lemma_.lower() in GOVERNMENT_VERBS,
            subject=root.dep_ in ("nsubj", "nsubjpass"),
            org_hint=employer
            or plural
            or (kind in ("person", None) and organisation_hint(doc, start, end, root)),
            # "Zenbo TV+", "Zenbo+": a service named with a plus is a product of its maker.
            product_hint=product_hint(doc, start, root) or name.endswith("+"),
        )
        if brand and normalise(brand) != mention.key:
            # Folded in with the brand it owns; its own name stays an alias of the actor.
            mention.name, mention.key, mention.kind_by = brand, normalise(brand), "parent_company"
        # Labels outside KIND_OF_LABEL (PRODUCT, LAW, ...) never make an actor, but their text
        # can be one more mention of a known actor ("Huawei 5" cut from "Huawei 5G" is Huawei).
        (mentions if kind else others).append(mention)
    return mentions, others


def _modifies(root: Token) -> bool:
    """Whether a singular nationality word describes a noun rather than naming people: "the
    Chinese tech firm", or the first of a list of them before their noun ("American, Dutch and
    Swiss tourists were stranded", which the parser may read as a list of subjects). "The Dutch
    and the Swiss voted" name peoples."""
    if root.dep_ in ("amod", "compound", "nmod") or root.tag_ == "JJ":
        return True
    if root.i > 0 and root.doc[root.i - 1].lower_ == "the":
        return False
    first = root
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    listed = [t for t in first.subtree if t.dep_ == "conj" or t is first]
    return len(listed) > 1 and any(t.pos_ == "NOUN" for t in listed)


def _named_in_possessive(doc: Doc, end: int) -> bool:
    """Whether a one-word name is written in the possessive with nothing possessed, as shops
    and businesses named after their founders are ("Rival Lowe's was also lower", "clients
    including Macy's, Kellogg's"); "Lowe's shares fell" and "Smith's book" possess."""
    if end >= len(doc) or doc[end].tag_ != "POS" or doc[end].text not in POSSESSIVE_ENDINGS:
        return False
    name = doc[end - 1]
    if doc[end].head.i != name.i or name.dep_ == "poss":
        return False
    # Nothing possessed follows: a verb, a comma, a conjunction or the end of the text.
    after = doc[end + 1] if end + 1 < len(doc) else None
    return (
        after is None
        or after.is_punct
        or after.pos_ in ("AUX", "CCONJ")
        or after.tag_ in ("VBD", "VBZ", "VBP", "MD")  # not "Apple's upgraded chip"
    )


def _person_after_role(doc: Doc, start: int, end: int) -> bool:
    """Whether a name of two capitalised words after a word for people is a person's: a given
    name and a surname ("Dana Roe"), as an organisation's name of two words seldom is ("Zenbo
    Media", "Harlow Capital"), or any two after a role of sport only a person holds ("diver
    Keetan Roe"; a company can be an "adviser Zenbo Media")."""
    if end - start != 2 or not all(t.is_title and t.is_alpha for t in doc[start:end]):
        return False
    if company_name(doc[start:end].text):
        return False  # "Harlow Capital"
    role = doc[start - 1].lemma_.lower() if start > 0 else ""
    return is_first_name(doc[start].text) or role in SPORT_ROLE_NOUNS


def _premodifier_role(tokens: Span) -> str | None:
    """A role before the name ("US President", "former Tory party leader") needs a noun or a
    title, not just an adjective ("the ubiquitous Donald Trump")."""
    heads = [t for t in tokens if normalise(t.text) not in HONORIFICS]
    # "fellow candidates Ted Cruz and ...": plural; "Rahm Emanuel Obama": another name.
    if not heads or heads[-1].tag_ in ("NNS", "NNPS") or not _is_role_head(heads[-1]):
        return None
    return _role_text(tokens)


def _is_role_head(token: Token) -> bool:
    """A word that can head a person's role: "leader", "Senator", "Democrat", "columnist"."""
    if token.ent_type_ in ("PERSON", "ORG", "GPE"):
        return normalise(token.text) in TITLE_WORDS
    return (
        token.ent_type_ == "NORP"
        or normalise(token.text) in TITLE_WORDS
        or (token.pos_ in ("NOUN", "PROPN") and is_human_noun(token))
    )


def _misread_surname(token: Token, lower: frozenset[str]) -> bool:
    """Whether a capitalised word the model read as a common word or a date may be a surname
    ("King and Weeks were abducted", "Weeks' family"): no position capitalises it, or, read
    as no date, the article never writes it in lower case ("Granollers and Lopez won" opening
    a paragraph; "Weeks later" opening one is a date)."""
    return (
        token.ent_type_ in ("", *MISREAD_SURNAME_LABELS)
        and token.is_title
        and (
            not capitalised_by_position(token)
            or (not token.ent_type_ and token.lower_ not in lower)
        )
    )


def untagged_mentions(doc: Doc, weights: Weights, mentions: list[Mention]) -> list[Mention]:
    """Single-word names NER missed ("... with Merkel and Google"), when the article tags them
    elsewhere, alone or as the surname of a person. One pass over the tokens."""
    words = {m.key for m in mentions if " " not in m.key}
    surnames = {m.key.split()[-1] for m in mentions if m.kind == "person" and " " in m.key}
    words.update(surnames)
    # Untagged names already found another way (bot.nlp.actor_bodies) are not counted twice.
    taken = {m.start for m in mentions}
    lower = lower_case_words(doc)
    found: list[Mention] = []
    # Each distinct word is normalised once, and a Token made only for a word that matches.
    strings = doc.vocab.strings
    orths = doc.to_array(ORTH).tolist()
    wanted = {orth for orth in set(orths) if normalise(strings[orth]) in words}
    for i, orth in enumerate(orths):
        if orth not in wanted:
            continue
        token = doc[i]
        key = normalise(token.text)
        if token.idx in taken:
            continue
        if (token.ent_iob_ != "O" or token.pos_ != "PROPN") and not (
            key in surnames and _misread_surname(token, lower)
        ):
            continue
        # Part of a longer untagged name ("John Smith" is not "Smith" of "Iain Duncan Smith").
        before = doc[token.i - 1] if token.i > 0 else None
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if (
            before is not None and before.pos_ == "PROPN" and normalise(before.text) not in TITLES
        ) or (after is not None and after.pos_ == "PROPN"):
            continue
        span_start = before if before is not None and normalise(before.text) in TITLES else token
        found.append(
            Mention(
                start=span_start.idx,
                end=token.idx + len(token.text),
                surface=doc[span_start.i : token.i + 1].text,
                name=token.text,
                key=normalise(token.text),
                kind=None,
                weight=weights.of(token.idx, token),
                in_title=weights.in_heading(token.idx),
            )
        )
    return found
