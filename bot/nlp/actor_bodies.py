"""Mentions of collective actors that the model's entities do not give whole: groups of people
("US senators", and "the senators" who may be them), a state's public bodies ("the Afghan
government") and organisations the model left untagged ("beauty company Coty", "a loss to the
Chiefs"). bot.nlp.actors adds them to the named mentions of bot.nlp.actor_mentions."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from bot.nlp.actor_hints import acts, owned_by_a_person, team_in_a_match_result
from bot.nlp.actor_kinds import business_noun_before, is_human_plural, normalise
from bot.nlp.actor_mentions import NAME_PUNCT, Mention, is_junk
from bot.nlp.docmemo import columns, noun_chunks
from bot.nlp.lexicon import QUANTITY_MODIFIERS, STATE_BODY_NOUNS
from bot.nlp.mention_weights import Weights, capitalised_by_position
from bot.nlp.records import ActorKind


def group_mentions(doc: Doc, weights: Weights, consumed: set[int]) -> list[Mention]:
    """Plural bodies of people: named ("US senators") and bare ("the senators")."""
    mentions: list[Mention] = []
    for chunk in noun_chunks(doc):
        head = chunk.root
        if head.ent_type_ or not is_human_plural(head):
            continue
        # Modifiers after a possessive belong to the head ("the party's Democratic senators");
        # those before it name the possessor, not the group.
        # So do quotation marks: "the United States’ “stalwart allies".
        lo = max(
            (
                t.i + 1
                for t in chunk
                if t.i < head.i and (t.tag_ == "POS" or (t.is_punct and t.text not in NAME_PUNCT))
            ),
            default=chunk.start,
        )
        first = None
        for token in doc[lo : head.i]:
            if token.dep_ not in ("compound", "amod", "nmod"):
                continue
            capitalised = token.is_title or token.is_upper  # not "muslim terrorists"
            if token.lower_ in QUANTITY_MODIFIERS:  # "Many people", "Several experts" are no name
                continue
            if (capitalised and token.ent_type_ in ("NORP", "GPE")) or (
                not token.ent_type_
                and token.is_title
                and not capitalised_by_position(token)
                and token.pos_ in ("PROPN", "ADJ")
            ):
                first = token.i
                break
        named = first is not None
        if first is None:
            first = chunk.start
            while first < head.i and (doc[first].pos_ in ("DET", "PRON") or doc[first].is_punct):
                first += 1
            # Only "the senators", "twenty senators" point back at a named group; "minority
            # voters" are a different set of people than "Democratic voters".
            if any(
                t.pos_ not in ("DET", "NUM", "PRON") and t.lower_ not in QUANTITY_MODIFIERS
                for t in doc[first : head.i]
            ):
                continue
        else:
            consumed.update(t.i for t in doc[first : head.i] if t.ent_type_ == "NORP")
        span = doc[first : head.i + 1]
        mention = _span_mention(span, weights, "group", "plural_human_noun")
        mention.head, mention.named = head.lemma_.lower(), named
        mentions.append(mention)
    return mentions


def _span_mention(span: Span, weights: Weights, kind: ActorKind, kind_by: str) -> Mention:
    """A mention of a body of people written as the noun phrase `span`, weighed by its head."""
    return Mention(
        start=span.start_char,
        end=span.end_char,
        surface=span.text,
        name=span.text,
        key=normalise(span.text),
        kind=kind,
        kind_by=kind_by,
        weight=weights.of(span.start_char, span.root),
        in_title=weights.in_heading(span.start_char),
    )


def state_body_mentions(doc: Doc, weights: Weights, consumed: set[int]) -> list[Mention]:
    """A state's public body named by its place or people and a noun for it ("the Afghan
    government said", "Chinese health authorities confirmed", "the US military"): an
    organisation acting in the story, where the place alone would only set its scene. The
    place's own name inside it is taken (`consumed`). "A government in Asia" names no place."""
    mentions: list[Mention] = []
    for chunk in noun_chunks(doc):
        head = chunk.root
        if head.ent_type_ or head.lemma_.lower() not in STATE_BODY_NOUNS:
            continue
        # The place or people leaning on the noun, and lower-case nouns between ("health").
        first = None
        for token in doc[chunk.start : head.i]:
            if token.ent_type_ in ("GPE", "NORP"):
                first = token.i if first is None else first
            elif first is not None and not (token.is_lower and token.pos_ in ("NOUN", "ADJ")):
                first = None
        if first is None:
            continue
        span = doc[first : head.i + 1]
        consumed.update(t.i for t in span if t.ent_type_)
        mention = _span_mention(span, weights, "organization", "state_body_of_a_place")
        mention.acts = acts(head)
        mentions.append(mention)
    return mentions


def untagged_organisations(doc: Doc, weights: Weights) -> list[Mention]:
    """Names the model tagged as nothing that are organisations by the words around them: after
    a noun for a business as their title ("Beauty company Coty is breaking out"), a team
    that is a side in a match result ("a loss to the Rivermen"), or a business after its
    owner's name ("Dana Roe's Zenbo"). One pass over the tokens."""
    found: list[Mention] = []
    cols = columns(doc)
    propn = cols.id("PROPN")
    # A proper noun outside every entity, read from the columns: no Token for the others.
    untagged = [p == propn and o for p, o in zip(cols.pos, cols.outside_ents, strict=True)]
    i = 1
    while i < len(doc):
        if not untagged[i]:
            i += 1
            continue
        end = i
        while end < len(doc) and untagged[end]:
            end += 1
        name = doc[i:end].text
        root = doc[end - 1]
        kind_by = (
            "business_noun_before"
            if business_noun_before(doc, i, end)
            else "team_in_a_match_result"
            if team_in_a_match_result(doc, i, end)
            else "owned_by_a_person"
            if owned_by_a_person(doc, i, end)
            else None
        )
        if kind_by and not is_junk(name):
            found.append(
                Mention(
                    start=doc[i].idx,
                    end=root.idx + len(root.text),
                    surface=name,
                    name=name,
                    key=normalise(name),
                    kind="organization",
                    kind_by=kind_by,
                    weight=weights.of(doc[i].idx, root),
                    in_title=weights.in_heading(doc[i].idx),
                    acts=acts(root) or kind_by == "team_in_a_match_result",
                )
            )
        i = end
    return found


# Where a sentence has ended, so that the next word would take a capital.
_SENTENCE_ENDS = frozenset({".", "!", "?"})


def _styled_in_lower_case(token: Token) -> bool:
    """Whether a word is a name its owner styles in lower case: the article keeps it in lower
    case where any word takes a capital, at the start of a sentence after a full stop, as the
    one who acts there ("Sales rose. zentrix said its profit doubled", "... last year.
    zentrix's app"). "Sales rose. officials said" would be a slip; a stop word never is a name."""
    if not (token.is_lower and token.text.isalnum() and not token.is_stop):
        return False
    if sum(c.isalpha() for c in token.text) < 3 or not token.is_sent_start:
        return False
    before = token.i - 1
    while before >= 0 and token.doc[before].is_space:
        before -= 1
    if before < 0 or token.doc[before].text not in _SENTENCE_ENDS:
        return False
    after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    possessive = after is not None and after.tag_ == "POS"
    return token.dep_ in ("nsubj", "nsubjpass") or possessive


def lower_case_names(doc: Doc, weights: Weights) -> list[Mention]:
    """Every mention of an organisation whose name is styled in lower case (`_styled_in_lower_case`
    at one of them): "zentrix said" and "a deal on zentrix thermostats" both name it. Such a
    word has no capital for the model to see, so no entity gives it."""
    # Only a lower-case first word of a sentence can be one: asked of the columns first, it
    # spares the other tests and a Token for every other word.
    cols = columns(doc)
    names = {
        doc[i].text
        for i, (first, lower) in enumerate(zip(cols.sent_start, cols.is_lower, strict=True))
        if first and lower and _styled_in_lower_case(doc[i])
    }
    found: list[Mention] = []
    if not names:
        return found
    for token in doc:
        if token.text not in names:
            continue
        found.append(
            Mention(
                start=token.idx,
                end=token.idx + len(token.text),
                surface=token.text,
                name=token.text,
                key=normalise(token.text),
                kind="organization",
                kind_by="styled_in_lower_case",
                weight=weights.of(token.idx, token),
                in_title=weights.in_heading(token.idx),
                modifier=token.dep_ == "compound",
                acts=acts(token),
            )
        )
    return found
