"""Which language an article is written in, from its text: an ISO 639-1 code and its name.

newsbot reads English news; a page in another language must be recognised as such rather than
run through the English pipeline (whose "actors" would be that language's function words). A
page's declared language (html@lang, og:locale) is often a CMS default and wrong either way
(an English story on a German edition's template, a German blog on an English theme), so the
text decides: py3langid (a maintained fork of langid.py: naive Bayes over byte n-grams, 4.5 MB,
a few milliseconds per page, good on short texts too; see the commit that added it for the
comparison with lingua and pycld2), restricted to the languages that have an ISO 639-1 code.
The declared language only breaks a tie the text cannot settle. Its model is held compactly
(bot/langmodel.py: 45 MB instead of the package's 73, the same answers).
"""

from __future__ import annotations

import functools
import re

from babel import Locale

from bot.langmodel import CompactIdentifier

ENGLISH = "en"
# Enough text to be sure of a language; more only costs time.
_SAMPLE_CHARS = 10_000
# Below this probability the text does not settle it (a line dense with foreign names): the
# page's declared language, if any, is the answer.
MIN_CONFIDENCE = 0.5
_LETTER = re.compile(r"[^\W\d_]")


@functools.cache
def load_language_model() -> CompactIdentifier:
    """The model, loaded once per process (about two seconds and 45 MB): `newsbot run` loads
    it at start-up beside the spaCy model, other commands on their first article. It only
    reads its arrays, so threads share it without a lock."""
    return CompactIdentifier()


def detect(text: str, *, declared: str | None = None) -> str | None:
    """The ISO 639-1 code of the language `text` is written in.

    Only languages with an ISO 639-1 code compete (the model holds no other): the model's
    regional varieties (Extremaduran, Nigerian Pidgin) count as their main language, and the
    probability is taken among those.
    `declared` is the page's own claim (a primary subtag such as "en"), the answer only when the
    text leaves the question open (no letters, or no language likely enough); None then when
    the page declares none.
    """
    sample = text[:_SAMPLE_CHARS]
    if not _LETTER.search(sample):
        return declared
    code, probability = load_language_model().rank(sample)[0]
    return code if probability >= MIN_CONFIDENCE else declared


def language_name(code: str) -> str:
    """ "French" for "fr" (CLDR's English names, through Babel); the code itself if unknown."""
    name = Locale("en").languages.get(code)
    return str(name) if name else code
