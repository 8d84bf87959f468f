"""bot.nlp.first_names: the compact table of gender-guesser's answers says what the package's
own Detector says, for every name in its dictionary and in any capitalisation."""

from __future__ import annotations

from gender_guesser.detector import Detector

from bot.nlp.first_names import COUNTRIES, genders, is_first_name


def test_every_name_has_the_detectors_answers_in_each_country() -> None:
    detector = Detector(case_sensitive=False)
    names = [*detector.names, "Zzyqx", "ANN", "Jean-Luc"]
    for name in names:
        for form in (name, name.capitalize(), name.upper()):
            expected = tuple(
                detector.get_gender(form, country) if country else detector.get_gender(form)
                for country in COUNTRIES
            )
            assert genders(form) == expected, form


def test_a_word_the_dictionary_does_not_know_is_no_first_name() -> None:
    assert genders("Zzyqx") == ("unknown",) * len(COUNTRIES)
    assert not is_first_name("Zzyqx")
    assert is_first_name("Timothy")
