"""The lexicon: every word list of the engine lives there once, and its lists keep their shape."""

from __future__ import annotations

import ast
from pathlib import Path

from bot.nlp import lexicon

NLP = Path(__file__).resolve().parents[2] / "bot" / "nlp"
# Dependency labels are lower-case words too, but grammar, not vocabulary.
DEPENDENCY_LABELS = lexicon.words(
    """acl acomp advcl advmod agent amod appos attr aux auxpass case cc ccomp compound conj
    csubj csubjpass dative dep det dobj expl intj mark meta neg nmod npadvmod nsubj nsubjpass
    nummod oprd parataxis pcomp pobj poss preconj predet prep prt punct quantmod relcl xcomp
    flat"""
)
# Actor and quote kinds and gender marks are values of records, not words of the text.
RECORD_VALUES = frozenset(
    {"person", "organization", "place", "group", "m", "f", "direct", "partial", "indirect"}
)


def _word_lists(tree: ast.AST) -> list[tuple[int, list[str]]]:
    """Literal collections of three or more lower-case words, and word strings split apart."""
    found: list[tuple[int, list[str]]] = []
    for node in ast.walk(tree):
        items: list[str] = []
        if isinstance(node, ast.Set | ast.Tuple | ast.List):
            items = [e.value for e in node.elts if isinstance(e, ast.Constant)]
            items = [x for x in items if isinstance(x, str)]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "split"
            and isinstance(node.func.value, ast.Constant)
            and isinstance(node.func.value.value, str)
        ):
            items = node.func.value.value.split()
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("words", "lexicon", "frozenset", "set")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and " " in node.args[0].value.strip()
        ):
            items = node.args[0].value.split()  # words("say tell ...") and the like
        vocabulary = [
            x for x in items if x.isalpha() and x.islower() and x not in DEPENDENCY_LABELS
        ]
        if len(vocabulary) >= 3 and not set(vocabulary) <= RECORD_VALUES:
            found.append((getattr(node, "lineno", 0), vocabulary))
    return found


def test_no_word_list_lives_outside_the_lexicon() -> None:
    """A rule that needs words names a list of bot.nlp.lexicon; it does not keep its own."""
    offenders = []
    for path in sorted(NLP.rglob("*.py")):
        if path.name == "lexicon.py":
            continue
        for line, vocabulary in _word_lists(ast.parse(path.read_text(encoding="utf-8"))):
            offenders.append(f"{path.relative_to(NLP)}:{line}: {vocabulary[:6]}")
    assert not offenders, "word lists outside bot/nlp/lexicon.py:\n" + "\n".join(offenders)


def test_every_word_is_lower_case_as_the_rules_compare_them() -> None:
    """Rules compare lower-cased lemmas and words: an upper-case entry would never match."""
    for name in dir(lexicon):
        value = getattr(lexicon, name)
        if not name.isupper() or not isinstance(value, frozenset | tuple | dict):
            continue
        if name.endswith("_LABELS"):
            continue  # spaCy's entity labels are upper case
        assert all(w == w.lower() for w in value), name


def test_lists_that_narrow_the_speech_verbs_stay_inside_them() -> None:
    """The verbs for salience, inversion and quote-only speech are speech verbs."""
    for narrower in (
        lexicon.SALIENCE_SPEECH_VERBS,
        lexicon.QUOTE_ONLY_VERBS,
        lexicon.INVERTING_VERBS,
    ):
        assert narrower <= lexicon.SPEECH_VERBS, sorted(narrower - lexicon.SPEECH_VERBS)


def test_a_word_list_is_read_from_whitespace_separated_text() -> None:
    assert lexicon.words(" say\n tell  add ") == frozenset({"say", "tell", "add"})
