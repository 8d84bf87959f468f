"""Where a quote's attribution is looked for: each quote as a site (the words before and after
it, the verb that governs it) and the article-wide searches the cue rules ask (reporting verbs
before a quote, introductions, labels and credit lines, the quote before whose speaker may
carry over). The rules themselves, in their order, are bot.nlp.rules.cues.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import cached_property

from spacy.tokens import Span, Token

from bot.nlp.lexicon import (
    ASPECT_VERBS,
    DOCUMENT_NOUNS,
    JUDGEMENT_VERBS,
    NOT_SPEAKER_LABELS,
    SPEECH_NOUNS,
    SPEECH_PAST_ENDINGS,
    SPEECH_VERBS,
    THIRD_PERSON_PRONOUNS,
    THOUGHT_VERBS,
    WRITER_PRONOUNS,
)
from bot.nlp.predicates import animate, is_speech_verb, phrase_head, report_credit
from bot.nlp.quotedoc import QuoteDoc
from bot.nlp.quotemarks import ALL_MARKS, DOUBLE_QUOTE_MARKS, SINGLE_OPEN
from bot.nlp.rules.context import Context, Cue
from bot.nlp.scan import Range, nearest, previous_true

# How many words outside quotes right after a closing mark hold its attribution.
NEAR_AFTER = 8
# The longest transcript label opening a line ("Rep. Trey Gowdy (R-S.C.):").
LABEL_MAX_TOKENS = 12
# How far back (in sentences) an unattributed quote looks for the speaker of the quote before.
CARRY_SENTENCES = 4
# How far after a reporting verb an "according to" still vouches for its quote.
VOUCHER_REACH = 12
# The longest line crediting the quote before it ("— Ann Roe, a nurse from Dayton, Ohio.").
CREDIT_MAX_TOKENS = 16
# Dashes that open a credit line.
DASHES = "-—–"


class QuoteSite:
    """Quote k of a doc and the words where its attribution can stand."""

    def __init__(self, cues: Cues, k: int) -> None:
        self.cues = cues
        self.ctx = cues.ctx
        self.k = k
        qdoc = self.ctx.qdoc
        self.qspan = qdoc.qspans[k]
        self.span: Span = qdoc.spans[k]
        self.before, self.after = _window(self.ctx, k)
        self.near_after = self.after[:NEAR_AFTER]
        self.ancestors: set[int] = set()
        if len(self.span):
            root = self.span.root
            here = qdoc.sent_of[root.i]
            self.ancestors = {a for a in qdoc.ancestors(root.i) if qdoc.sent_of[a] == here}

    @cached_property
    def before_mark(self) -> int:
        """Where the last character before the opening mark stands, spaces passed over, or -1;
        the mark may be two characters (a doubled single quote, as some papers print it)."""
        text, j = self.ctx.text, self.qspan.start - 1
        for mark in DOUBLE_QUOTE_MARKS + tuple(SINGLE_OPEN):
            if text.endswith(mark, 0, j + 1):
                j -= len(mark)
                break
        while j >= 0 and text[j] in " \t":
            j -= 1
        return j

    @cached_property
    def governing(self) -> Cue | None:
        """A verb governing the quote whose subject can speak ("said the move left the UK
        'utterly friendless'"): speech verbs first, then verbs of stance or belief ("rejected
        the idea as '...'"); the highest-placed in text order first."""
        ctx = self.ctx
        qdoc = ctx.qdoc
        ancestors = sorted(self.ancestors, reverse=True)
        for table in qdoc.verbs_outside:
            for n, a in enumerate(ancestors):
                if table[a] and not _aspect_verb(qdoc.doc[a]):
                    cue = ctx.cue(qdoc.doc[a])
                    subject = cue.subject
                    if subject is not None and qdoc.outside(subject) and animate(subject):
                        return self._reporter_of_judgement(cue, ancestors[n + 1 :]) or cue
        return None

    def _reporter_of_judgement(self, cue: Cue, above: list[int]) -> Cue | None:
        """'Pompeo said Washington had concluded the settlements were "not inconsistent with
        international law"': a verb of judgement ("concluded", "determined") inside what a
        speaker says reports a finding, not words; the words are the speaker's. None when the
        verb is no judgement or no speech verb with a speaker stands above it ("the study
        concluded that '...'" is the study's)."""
        if cue.verb.lemma_.lower() not in JUDGEMENT_VERBS:
            return None
        ctx = self.ctx
        qdoc = ctx.qdoc
        speech = qdoc.verbs_outside[0]
        for a in above:
            token = qdoc.doc[a]
            if not speech[a] or token.lemma_.lower() in JUDGEMENT_VERBS:
                continue
            outer = ctx.cue(token)
            if named_speaker(outer.subject, qdoc):
                return outer
        return None

    def pick(self, tokens: list[Token]) -> Cue | None:
        """The first reporting word of `tokens` whose subject can speak; a subject that cannot
        ("the issue came up") only when none further away has one that can. Verbs of belief
        count only when they govern the quote."""
        ctx = self.ctx
        fallback: Cue | None = None
        for token in tokens:
            if ctx.according_to(token) is None and not (
                is_speech_verb(token)
                or (token.lemma_.lower() in THOUGHT_VERBS and token.i in self.ancestors)
            ):
                continue
            found = ctx.attribution(token)
            if found is not None and found[0]:
                return found[1]
            if found is not None and fallback is None:
                fallback = found[1]
        return fallback

    @property
    def attribution_follows(self) -> bool:
        """Whether words right after the closing mark may attribute the quote: a comma, dash
        or question mark after it ('," she said'), or a word right after the mark."""
        near = self.near_after
        if near and self.ctx.qdoc.last_char(self.span) in "?!" and _opens_sentence(near[0]):
            return False  # '"Why?" Her critics cited it.': a new sentence
        vouched = any(self.ctx.according_to(t) is not None for t in near)
        if near and _subordinates(near[0]) and not vouched:
            return False  # '," after Bo Li said so': a clause of its own, no attribution
        return bool(near) and (
            near[0].text in (",", "—", "–", "?", "!") or near[0].i == self.span.end + 1
        )


def _subordinates(word: Token) -> bool:
    """Whether a word right after a quote opens a subordinate clause ("after", "when",
    "because"), which tells of something else; "as" ('," as Ann Roe put it') attributes."""
    return word.dep_ == "mark" and word.pos_ == "SCONJ" and word.lower_ != "as"


def _opens_sentence(word: Token) -> bool:
    """Whether a capitalised word after a quote that ends in a question or exclamation mark
    opens a new sentence: a common word ("Her", "The"), not a name or "I"."""
    return word.is_title and word.is_alpha and word.pos_ not in ("PROPN",) and word.text != "I"


def _aspect_verb(token: Token) -> bool:
    """ "Rubio will continue to be '...'": a verb of aspect with a verb after it says how long
    something goes on, not that anyone speaks ("Ann Roe continued, '...'" still speaks)."""
    return token.lemma_.lower() in ASPECT_VERBS and any(c.dep_ == "xcomp" for c in token.children)


def inverted_speech_opener(token: Token) -> bool:
    """Whether a capitalised word is a speech verb in the past put before its speaker, as a
    label opens with it ("Stated Roe:", "Added Roe:", "Said Roe:"), however it was tagged."""
    lower = token.lower_
    if not token.is_title or not lower.endswith(SPEECH_PAST_ENDINGS):
        return False
    stems = (lower[:-1], lower[:-2], {"said": "say", "wrote": "write"}.get(lower, ""))
    return any(stem in SPEECH_VERBS for stem in stems)


# How the parser hangs the main verb of a clause introducing a quote on a verb of the quote
# ('Rubio fired back: "They will lose."' with "fired" a clause of "lose").
HUNG_ON_QUOTE_DEPS = ("ccomp", "parataxis", "advcl")


def main_or_hung_on_quote(verb: Token, qdoc: QuoteDoc) -> bool:
    """Whether a verb is its sentence's main verb, or one the parser hung on a word inside
    quotation marks, which is the main verb of the clause that introduces them ('After Ann
    Roe won, "..."' is a subordinate clause: "After" marks it)."""
    if verb.dep_ in ("ROOT", "conj"):
        return True
    marked = verb.dep_ == "advcl" and any(c.dep_ == "mark" for c in verb.children)
    return verb.dep_ in HUNG_ON_QUOTE_DEPS and not marked and not qdoc.outside(verb.head)


def named_speaker(subject: Token | None, qdoc: QuoteDoc) -> bool:
    """Whether the subject of a reporting verb names who speaks: a name or he, she or they,
    outside quotes ("Ann Roe said", "she told them"), not a description ("officials said")."""
    if subject is None or not qdoc.outside(subject):
        return False
    if subject.pos_ == "PRON":
        return subject.lower_ in THIRD_PERSON_PRONOUNS
    return subject.pos_ == "PROPN"


def subordinate_to(token: Token, verb: Token) -> bool:
    """Whether `token` lies inside the clause of `verb`, below it and never in a clause joined
    to it as its equal: "after Bo Li asked" and "who suggested" in 'Ann Roe said, after Bo Li
    asked ...' are; "and Bo Li replied" in 'Ann Roe said, and Bo Li replied' is not."""
    current = token
    while current.i != verb.i:
        if current.dep_ in ("conj", "parataxis") or current.head.i == current.i:
            return False
        current = current.head
    return token.i != verb.i


def _window(ctx: Context, k: int) -> tuple[list[Range], list[Token]]:
    """Where the attribution of quote k can stand: the token ranges before it, nearest first,
    and the tokens outside quotes after it."""
    qdoc = ctx.qdoc
    doc = qdoc.doc
    span = qdoc.spans[k]
    if not len(span):
        return [], []
    first, last = span.start, span.end - 1
    para = qdoc.para_of[first]
    sent_lo = qdoc.sents[qdoc.sent_of[first]].start
    before = [(sent_lo, first - 1)]  # a sentence lies in one paragraph
    opens_sentence = nearest(qdoc.outside_before, before) < 0
    i = sent_lo - 1
    # "He said:" ending the sentence before is this quote's attribution.
    # So is "He said:" ending the paragraph before one that opens with the quote.
    while i >= 0 and doc[i].is_space:
        i -= 1  # the line break between the paragraphs
    if opens_sentence and i >= 0 and qdoc.para_of[i] >= para - 1 and doc[i].text == ":":
        before.append((qdoc.sents[qdoc.sent_of[i]].start, i))
    after: list[Token] = []
    i = last + 1
    sent_hi = qdoc.sents[qdoc.sent_of[last]].end
    # spaCy often ends the sentence at the closing mark of '"...," he said.': keep going
    # when the text after the mark does not start a new sentence.
    nxt = i
    # A doubled single mark ('' as some papers print a double one) is one token.
    while nxt < len(doc) and (
        doc[nxt].text in ALL_MARKS or doc[nxt].text in DOUBLE_QUOTE_MARKS or doc[nxt].is_space
    ):
        nxt += 1
    if nxt < len(doc) and nxt >= sent_hi and qdoc.para_of[nxt] == para:
        tok = doc[nxt]
        # A quote ending in a comma or a question ('"Why?" Smith asked.') never ends the
        # sentence: the words after its mark are its attribution.
        last_char = qdoc.last_char(span)
        unfinished = opens_sentence and last_char in ",?!—–"
        # A capitalised pronoun after a quote that ended its sentence ('..." She met')
        # opens the next sentence, whose verbs report something else.
        pronoun = tok.pos_ == "PRON" and (tok.text[:1].islower() or last_char != ".")
        if unfinished or tok.text in (",", "—", "–") or tok.text[:1].islower() or pronoun:
            sent_hi = qdoc.sents[qdoc.sent_of[nxt]].end
    while i < sent_hi and qdoc.para_of[i] == qdoc.para_of[last]:
        if qdoc.quote_of[i] >= 0 and qdoc.quote_of[i] != k:
            break
        if qdoc.outside(doc[i]):
            after.append(doc[i])
        i += 1
    return before, after


# --- the cue rules, in order ---------------------------------------------------------------


class Cues:
    """The cue rules' lookups for one doc, each worked out once per word, sentence or
    paragraph."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self._vouchers: dict[int, Cue | None] = {}
        self._sentence_labels: dict[int, Cue | None] = {}
        self._last_attributions: dict[int, Cue | None] = {}
        self._labels: dict[int, Cue | None] = {}

    def site(self, k: int) -> QuoteSite:
        return QuoteSite(self, k)

    @cached_property
    def reporting_before(self) -> tuple[list[int], list[int]]:
        """Where the nearest reporting word before each token is, whose speaker can speak
        (first table) or is someone or something that cannot (second): see
        Context.attribution."""
        ctx = self.ctx
        n = len(ctx.doc)
        can, cannot = [False] * n, [False] * n
        for i in sorted({*ctx.according_words, *ctx.qdoc.speech_verbs}):
            found = ctx.attribution(ctx.doc[i])
            if found is not None:
                (can if found[0] else cannot)[i] = True
        return previous_true(can), previous_true(cannot)

    def pick_before(self, before: list[Range], ancestors: set[int]) -> Cue | None:
        """`QuoteSite.pick` over the ranges before a quote, nearest first, from the tables;
        verbs of belief count only when they govern the quote (they are among its
        ancestors)."""
        ctx = self.ctx
        qdoc = ctx.qdoc
        can_table, cannot_table = self.reporting_before
        can, cannot = nearest(can_table, before), nearest(cannot_table, before)
        for a in ancestors:
            lemma = qdoc.cols.lemma[a]
            if lemma not in THOUGHT_VERBS or not any(lo <= a <= hi for lo, hi in before):
                continue
            token = ctx.doc[a]
            if not qdoc.outside(token) or is_speech_verb(token):
                continue  # inside a quote, or in the tables already
            found = ctx.attribution(token)
            if found is not None and found[0]:
                can = max(can, a)
            elif found is not None:
                cannot = max(cannot, a)
        best = can if can >= 0 else cannot
        if best < 0:
            return None
        found = ctx.attribution(ctx.doc[best])
        assert found is not None
        return found[1]

    @cached_property
    def introductions(self) -> tuple[list[int], dict[int, Cue]]:
        """Where the words that can introduce a quote with a colon are (a previous_true
        table), and what each introduces: see `introduction`."""
        ctx = self.ctx
        cols, quote_of = ctx.qdoc.cols, ctx.qdoc.quote_of
        verbs = {cols.id("VERB"), cols.id("AUX")}
        main = {cols.id(d) for d in ("ROOT", "conj")}
        hung = {cols.id(d) for d in HUNG_ON_QUOTE_DEPS}
        found = {}
        for i, lemma in enumerate(cols.lemma):
            # What `introduction` can accept: a speech noun, or a main verb ("is" of "Here is").
            if quote_of[i] >= 0 or not (
                lemma in SPEECH_NOUNS
                or (
                    cols.pos[i] in verbs
                    and (
                        cols.dep[i] in main or (cols.dep[i] in hung and quote_of[cols.head[i]] >= 0)
                    )
                )
                or (lemma == "be" and _here_is(ctx.doc[i]))
            ):
                continue
            cue = self.introduction(ctx.doc[i])
            if cue is not None:
                found[i] = cue
        return previous_true([i in found for i in range(len(ctx.doc))]), found

    def introduction(self, token: Token) -> Cue | None:
        """Who introduces a quote with a colon when `token` is the word of the clause before
        it that says so ("Mr. Christie gloated: '...'", "Clinton has apologized: '...'", "From
        Bush's Facebook post: '...'", "Here is Clinton in 1992: '...'"): the subject of the
        clause's main verb, whatever the verb, or the owner of a speech noun."""
        ctx = self.ctx
        qdoc = ctx.qdoc
        for child in ctx.patterns.owners(token):
            if qdoc.outside(child) and animate(child):
                return Cue(token, child, "owned_speech_noun")
        # The main verb: the parser often hangs it on the quote ("ccomp" of the quote).
        main = main_or_hung_on_quote(token, qdoc)
        if not (main and token.pos_ == "VERB") and not _here_is(token):
            return None
        cue = ctx.cue(token)
        subject = cue.subject
        if (
            subject is not None
            and qdoc.outside(subject)
            and animate(subject)
            and subject.lower_ not in WRITER_PRONOUNS
        ):
            return cue
        return None

    def vouched(self, verb: Token) -> Cue | None:
        """'"...," the officials said, according to the Ledger': "according to" in the
        reporting verb's own clause (after it, before any other quote) names the source that
        reports the quote, which speaks for a speaker the verb leaves unnamed. A speaker named
        with the verb ('"...," Ann Roe said, according to the Ledger', '"...," he told
        them, according to a statement') said the words: the source only reports them."""
        if verb.lower_ == "according":
            return None
        if verb.i not in self._vouchers:
            self._vouchers[verb.i] = self._voucher(verb)
        return self._vouchers[verb.i]

    def _voucher(self, verb: Token) -> Cue | None:
        ctx = self.ctx
        qdoc = ctx.qdoc
        if named_speaker(ctx.cue(verb).subject, qdoc):
            return None
        end = min(verb.i + VOUCHER_REACH, qdoc.sents[qdoc.sent_of[verb.i]].end)
        for token in ctx.doc[verb.i + 1 : end]:
            if not qdoc.outside(token):
                return None
            source = ctx.according_to(token)
            if source is not None and verb.i in qdoc.ancestors(token.i):
                if source.lemma_.lower() in DOCUMENT_NOUNS and not any(
                    t.pos_ == "PROPN" for t in source.subtree
                ):
                    # '"...," he told them, according to a statement': his words; a named
                    # account ("according to an AP account") is a source reporting them.
                    return None
                return Cue(token, source, "according_to")
        return None

    def label_before(self, span: Span) -> Cue | None:
        """A name and a colon right before a quote, right after another quote closes
        ('..." Bo Li: "..."'), or None."""
        qdoc = self.ctx.qdoc
        doc = qdoc.doc
        i = span.start - 1
        while i >= 0 and doc[i].is_punct and doc[i].text != ":":
            i -= 1  # the opening mark
        if i < 2 or doc[i].text != ":" or not qdoc.outside(doc[i]):
            return None
        name = doc[i - 1]
        if (
            name.pos_ != "PROPN"
            or not qdoc.outside(name)
            or qdoc.para_of[name.i] != qdoc.para_of[i]
        ):
            return None
        if qdoc.outside(doc[i - 2]) and doc[i - 2].text not in ALL_MARKS:
            return None  # the name must follow a closing mark, not stand inside a clause
        return Cue(doc[i], name, "label_name")

    def may_carry(self, previous: Span, cue: Cue, here: Span) -> bool:
        """Whether an unattributed quote (`here`) continues the speaker of the quote before
        it (`previous`, attributed by `cue`): near it, with no other speaker named between."""
        ctx = self.ctx
        qdoc = ctx.qdoc
        speaker = cue.subject
        if speaker is None:
            return False
        gap = qdoc.sent_of[here.start] - qdoc.sent_of[previous.end - 1]
        para_gap = qdoc.para_of[here.start] - qdoc.para_of[previous.end - 1]
        if gap > CARRY_SENTENCES or para_gap > 2:
            return False
        # Another speaker named in between takes over; the attribution of the quote before
        # ('"...," said Ann Roe. "..."') stands between the two and is no other speaker.
        verbs = qdoc.speech_verbs
        for i in verbs[bisect_left(verbs, previous.end) : bisect_left(verbs, here.start)]:
            token = ctx.doc[i]
            own_cue = token.i == cue.verb.i
            vouched = self.vouched(token)  # the verb that "according to" reports
            own_cue = own_cue or (
                vouched is not None
                and vouched.subject is not None
                and vouched.subject.i == speaker.i
            )
            if own_cue or report_credit(token) or subordinate_to(token, cue.verb):
                continue  # "..., which was first reported by the Ledger" names no speaker
            subject = ctx.subjects.of(token)
            if subject is not None and not self._same_speaker(subject, speaker):
                return False
        return True

    def _same_speaker(self, a: Token, b: Token) -> bool:
        """Whether two speaker tokens are one speaker: the same name ("said Robin Maynard,
        half joking" parsed as two verbs) or two names of one actor. A pronoun is never taken
        for the same speaker: its resolution leans to the speaker before it."""
        if phrase_head(a).i == phrase_head(b).i:
            return True
        if a.pos_ != "PROPN" or b.pos_ != "PROPN":
            return False
        resolver = self.ctx.resolver
        first, second = resolver.resolve(a), resolver.resolve(b)
        return first is not None and second is not None and first.name == second.name

    def sentence_label(self, s: int) -> Cue | None:
        """The first "Name:" in sentence s (not opening it), as in a headline "Name: '...'"."""
        if s not in self._sentence_labels:
            qdoc = self.ctx.qdoc
            sent = qdoc.sents[s]
            self._sentence_labels[s] = None
            for token in sent:
                if token.text == ":" and token.i > sent.start and qdoc.outside(token):
                    name = qdoc.doc[token.i - 1]
                    if name.pos_ == "PROPN" and qdoc.outside(name):
                        self._sentence_labels[s] = Cue(token, name, "label_name")
                        break
        return self._sentence_labels[s]

    def last_attribution(self, s: int) -> Cue | None:
        """The last reporting verb with a subject, or speech noun with an owner ("Trump's
        tweet"), outside quotes in sentence s; a credit of who reported the words ("which was
        first reported by the Ledger") is none."""
        if s not in self._last_attributions:
            ctx = self.ctx
            qdoc = ctx.qdoc
            self._last_attributions[s] = None
            for token in reversed(qdoc.sents[s]):
                found = None
                if not qdoc.outside(token):
                    continue
                if is_speech_verb(token) and not report_credit(token):
                    cue = ctx.cue(token)
                    if cue.subject is not None:
                        found = self._outermost_attribution(cue)
                if found is None:
                    for owner in ctx.patterns.owners(token):
                        if qdoc.outside(owner):
                            found = Cue(token, owner, "owned_speech_noun")
                            break
                if found is not None:
                    self._last_attributions[s] = found
                    break
        return self._last_attributions[s]

    def _outermost_attribution(self, cue: Cue) -> Cue:
        """'"...," Ann Roe said, after critics had asked for a recount.': a reporting verb
        inside another's clause (an aside, a relative clause, what the speaker said others
        said) leaves the sentence to the outer verb when that one has a speaker who can
        speak."""
        ctx = self.ctx
        qdoc = ctx.qdoc
        best = cue
        for a in cue.verb.ancestors:
            if not qdoc.outside(a) or not is_speech_verb(a) or not subordinate_to(cue.verb, a):
                continue
            outer = ctx.cue(a)
            if outer.subject is not None and qdoc.outside(outer.subject) and animate(outer.subject):
                best = outer
        return best

    def label_for(self, span: Span) -> Cue | None:
        """The transcript label of a quote: its own paragraph's, else that of a paragraph
        holding only a label ("Ann Roe:", "Stated Roe:") right before the paragraph the quote
        opens."""
        qdoc = self.ctx.qdoc
        doc = qdoc.doc
        para = qdoc.para_of[span.start]
        own = self.speaker_label(para)
        start = qdoc.para_start.get(para)
        if own is not None or start is None or para == 0:
            return own
        if any(qdoc.outside(t) and not (t.is_punct or t.is_space) for t in doc[start : span.start]):
            return None  # the quote does not open its paragraph
        label = self.speaker_label(para - 1)
        if label is None:
            return None
        j = label.verb.i + 1
        while j < len(doc) and doc[j].is_space:
            j += 1
        return label if j < len(doc) and qdoc.para_of[j] == para else None

    def credit_after(self, span: Span) -> Cue | None:
        """The name on a short line right after a quote that fills its paragraph, after a
        dash ("— Ann Roe, Ohio.", "-Ann Roe"), or None."""
        qdoc = self.ctx.qdoc
        doc = qdoc.doc
        para = qdoc.para_of[span.start]
        start = qdoc.para_start.get(para, span.start)
        i = span.end
        if any(qdoc.outside(t) and not (t.is_punct or t.is_space) for t in doc[start : span.start]):
            return None  # the quote does not open its paragraph
        while (
            i < len(doc) and (doc[i].is_punct or doc[i].is_space) and doc[i].text[:1] not in DASHES
        ):
            i += 1
        if i >= len(doc) or qdoc.para_of[i] == para or doc[i].text[:1] not in DASHES:
            return None  # the quote does not fill its paragraph, or no dash opens the next
        dash, line = doc[i], qdoc.para_of[i]
        if doc[i].text in DASHES:
            i += 1
        j = i
        while j < len(doc) and doc[j].pos_ == "PROPN" and qdoc.para_of[j] == line:
            if not doc[j].text.lstrip(DASHES).replace(".", "").isalpha():
                return None  # a name masked or cut ("Ann**") names nobody
            j += 1
        end = j
        while end < len(doc) and qdoc.para_of[end] == line:
            end += 1
        if j == i or end - i > CREDIT_MAX_TOKENS:
            return None
        if j < end and doc[j].text not in (",", ".") and not doc[j].is_space:
            return None  # the name ends at a comma, a full stop or the end of the line
        return Cue(dash, doc[j - 1], "dash_credit")

    def speaker_label(self, para: int) -> Cue | None:
        """A transcript line's speaker: "SMITH: ...", "Ann Roe: ..." or "Rep. Ann Roe (D-Ohio):"
        opening the paragraph: a name, maybe with its title and a parenthesis, then a colon; in
        a headline "Ann Roe on Tax Cuts: ...", the name before "on" (the rest is the topic)."""
        if para not in self._labels:
            self._labels[para] = self._label(para)
        return self._labels[para]

    def _label(self, para: int) -> Cue | None:
        qdoc = self.ctx.qdoc
        doc = qdoc.doc
        start = qdoc.para_start.get(para)
        if start is None:
            return None
        name: Token | None = None
        speaker: Token | None = None  # "Roe on the budget:": who speaks on the topic named
        depth = 0
        for token in doc[start : min(start + LABEL_MAX_TOKENS, len(doc))]:
            if qdoc.para_of[token.i] != para or not qdoc.outside(token):
                return None
            if token.text == ":" and depth == 0:
                name = speaker or name
                return Cue(token, name, "label_name") if name is not None else None
            if token.lower_ == "on" and name is not None and speaker is None:
                speaker = name  # a headline's "Ann Roe on Tax Cuts: '...'"
            if token.text[:1] == "(":
                depth += 1
            if depth:  # "(R-S.C.)": the party and state after a name
                depth -= token.text.count(")")
                if depth == 0 and token.text.endswith(":"):  # "(R-Ohio):" as one token
                    return Cue(token, name, "label_name") if name is not None else None
                continue
            if token.i == start and inverted_speech_opener(token):
                continue  # "Stated Roe:", "Continued Roe:"
            # A topic may hold a verb ("Roe on Raising Taxes:"), a label's name none.
            verb = token.pos_ in ("VERB", "AUX")
            if speaker is None and (verb or (token.is_punct and token.text != ".")):
                return None
            name = token if self._is_name(token) else None
        return None

    def _is_name(self, token: Token) -> bool:
        """A proper noun, or a capitalised word naming a person of the article that the tagger
        took for a common noun (a headline's "Trump: ...")."""
        if token.ent_type_ in NOT_SPEAKER_LABELS:
            return False  # "Iowa: ...", "Tuesday: ..." introduce a place or a time
        return token.pos_ == "PROPN" or (
            token.is_title and self.ctx.resolver.person_named(token) is not None
        )


def _here_is(token: Token) -> bool:
    """ "Here is" or "Here's" opening a clause: "Here is Clinton in 1992: '...'" shows what
    its subject said."""
    return token.lemma_.lower() == "be" and any(
        child.lower_ == "here" and child.i < token.i for child in token.children
    )
