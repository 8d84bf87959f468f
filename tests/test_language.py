"""bot.language and the pipeline's use of it: the language of a text from the text itself, and
no English actors or quotes made of another language. Texts of our own."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.article import extract_article
from bot.language import detect, language_name, load_language_model
from bot.nlp.analyze import Analyzer
from bot.pipeline import analyze_source, analyze_sources

TEXTS = {
    "en": "The city council voted on Tuesday to close the old harbour bridge to cars from next "
    "spring. Shop owners on the north bank said the closure would cost them customers.",
    "fr": "Le conseil municipal a voté mardi la fermeture du vieux pont du port aux voitures à "
    "partir du printemps prochain. Les commerçants craignent de perdre des clients.",
    "de": "Der Stadtrat hat am Dienstag beschlossen, die alte Hafenbrücke ab dem nächsten "
    "Frühjahr für Autos zu sperren. Die Ladenbesitzer fürchten um ihre Kundschaft.",
    "es": "El ayuntamiento votó el martes cerrar el viejo puente del puerto a los coches a "
    "partir de la próxima primavera. Los comerciantes temen perder clientes.",
    "it": "Il consiglio comunale ha votato martedì la chiusura del vecchio ponte del porto alle "
    "auto dalla prossima primavera. I negozianti temono di perdere clienti.",
    "pt": "A câmara municipal votou na terça-feira o fecho da velha ponte do porto aos carros a "
    "partir da próxima primavera. Os comerciantes temem perder clientes.",
    "nl": "De gemeenteraad heeft dinsdag besloten de oude havenbrug vanaf het voorjaar af te "
    "sluiten voor auto's. Winkeliers aan de noordoever vrezen klanten te verliezen.",
    "id": "Dewan kota memutuskan pada hari Selasa untuk menutup jembatan pelabuhan lama bagi "
    "mobil mulai musim semi mendatang. Para pemilik toko khawatir kehilangan pelanggan.",
    "ru": "Городской совет во вторник проголосовал за закрытие старого портового моста для "
    "автомобилей со следующей весны. Владельцы магазинов опасаются потерять клиентов.",
}
# A line each: short texts are where identification is hard.
LINES = {
    "en": "Police arrested two men after the robbery on Tuesday night.",
    "fr": "La police a arrêté deux hommes après le vol de mardi soir.",
    "de": "Die Polizei nahm nach dem Überfall zwei Männer fest.",
    "es": "La policía detuvo a dos hombres después del robo del martes.",
    "pt": "A polícia prendeu dois homens depois do assalto de terça-feira.",
    "nl": "De politie heeft na de overval twee mannen aangehouden.",
}


@pytest.mark.parametrize("code", sorted(TEXTS))
def test_a_paragraph_in_each_language_is_recognised(code: str) -> None:
    assert detect(TEXTS[code]) == code


@pytest.mark.parametrize("code", sorted(LINES))
def test_a_single_line_in_each_language_is_recognised(code: str) -> None:
    assert detect(LINES[code]) == code


@pytest.mark.parametrize(
    "text",
    [
        # English with foreign words and names in it
        "Angela Merkel told the Bundestag on Friday that the Energiewende would go on, and the "
        "Chancellor's spokesman said the plan had broad support among the public.",
        "The chef, who trained in Lyon, served coq au vin and a crème brûlée at the state "
        "dinner, and guests said the evening had been a great success.",
    ],
)
def test_english_with_foreign_words_is_english(text: str) -> None:
    assert detect(text) == "en"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # other languages full of English names
        ("Donald Trump und Boris Johnson trafen sich am Montag in London, um über den Handel "
         "zwischen den beiden Ländern zu sprechen.", "de"),
        ("Selon Mark Zuckerberg, Facebook va investir deux milliards d'euros à Paris dans les "
         "prochaines années.", "fr"),
        ("Presiden Joe Biden bertemu dengan Elon Musk di Jakarta untuk membahas investasi "
         "Tesla di Indonesia.", "id"),
    ],
)  # fmt: skip
def test_another_language_with_english_names_is_that_language(text: str, code: str) -> None:
    assert detect(text) == code


def test_the_declared_language_answers_only_when_the_text_cannot() -> None:
    assert detect("12 345 — 67,8 %", declared="fr") == "fr"
    assert detect("12 345 — 67,8 %") is None
    assert detect(TEXTS["de"], declared="en") == "de"  # a template's wrong lang= loses


def test_the_compact_model_answers_as_py3langid_does() -> None:
    """bot.langmodel against the package's own identifier: the same best language and the same
    probabilities among the languages with a two-letter code, on every text of this module."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    package = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    compact = load_language_model()
    samples = [*TEXTS.values(), *LINES.values(), "Hi", "OK!", "NEWS FLASH: COUNCIL VOTES"]
    for text in samples:
        coded = [(code, p) for code, p in package.rank(text) if len(code) == 2]
        total = sum(p for _, p in coded)
        expected = {code: p / total for code, p in coded}
        ranked = compact.rank(text)
        assert ranked[0][0] == coded[0][0], text
        assert dict(ranked) == pytest.approx(expected, abs=1e-6), text


def test_language_names_are_english_names() -> None:
    assert [language_name(c) for c in ("fr", "de", "id", "xx")] == [
        "French",
        "German",
        "Indonesian",
        "xx",
    ]


# ----------------------------------------------------------------------------- pages


def page(paragraphs: list[str], lang: str = "en") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<html lang="{lang}"><head><title>Die Brücke</title><meta property="og:type" '
        f'content="article"></head><body><article><h1>Die Brücke</h1>{body}</article></body></html>'
    )


GERMAN_PAGE = page(
    [
        "„Wir können die Brücke nicht länger flicken“, sagte Bürgermeisterin Maria Lopez am "
        "Dienstag nach der Abstimmung im Stadtrat.",
        "Die Händler am Nordufer befürchten, dass ihnen die Kunden wegbleiben. Der Verband der "
        "Hafenhändler fordert einen kostenlosen Pendelbus während der Bauarbeiten.",
        "Eine neue Brücke für Fußgänger und Radfahrer soll 2027 eröffnet werden, bezahlt aus "
        "einem Zuschuss der Region in Höhe von zwölf Millionen Euro.",
    ],
    lang="en",  # the template's default, wrong
)
ENGLISH_PAGE = page(
    [
        "\u201cWe cannot keep patching it,\u201d Mayor Maria Lopez said on Tuesday after the "
        "council vote, using the old Hafenbrücke as her example of Stadtplanung gone wrong.",
        "Shop owners on the north bank said the closure would cost them customers. The Harbour "
        "Traders Association asked for a free shuttle bus during the works.",
        "A new crossing for pedestrians and cyclists will open in 2027, paid for by a regional "
        "grant of twelve million euros, the council said.",
    ],
    lang="de",
)


def test_a_page_in_german_says_so_and_is_not_an_article_for_newsbot() -> None:
    article = extract_article(GERMAN_PAGE, url="https://zeitung.example/stadt/bruecke")
    assert article.language == "de"
    assert (article.page_kind, article.not_article_reason) == (
        "a page in German",
        "it is written in German; newsbot reads English",
    )
    english = extract_article(ENGLISH_PAGE, url="https://zeitung.example/en/bridge")
    assert (english.language, english.page_kind) == ("en", "article")


def test_a_page_in_another_language_gets_no_english_actors_or_quotes(
    analyzer: Analyzer, tmp_path: Path
) -> None:
    """Both paths: one source (the Slack worker) and a batch (`newsbot analyze`)."""
    (tmp_path / "de.html").write_text(GERMAN_PAGE, encoding="utf-8")
    (tmp_path / "en.html").write_text(ENGLISH_PAGE, encoding="utf-8")
    sources = [str(tmp_path / "de.html"), str(tmp_path / "en.html")]
    german = analyze_source(sources[0], analyzer=analyzer, fetcher=None)
    batch = list(analyze_sources(sources, analyzer=analyzer, fetcher=None))
    for result in (german, batch[0]):
        assert result.analysis is not None
        assert (result.analysis.actors, result.analysis.quotes) == ((), ())
        assert result.to_json()["page_kind"] == "a page in German"
    english = batch[1]
    assert english.analysis is not None
    assert "Maria Lopez" in {actor.name for actor in english.analysis.actors}
    assert english.analysis.quotes


def test_newsbot_analyze_says_a_page_in_german_is_not_an_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main

    (tmp_path / "de.html").write_text(GERMAN_PAGE, encoding="utf-8")
    assert main(["analyze", str(tmp_path / "de.html")]) == 0
    out = capsys.readouterr().out
    assert "not an article: a page in German (it is written in German; newsbot reads English)" in (
        out
    )
    assert "actors (0)" in out and "quotes (0)" in out
