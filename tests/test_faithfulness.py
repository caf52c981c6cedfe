from __future__ import annotations

from summarize.faithfulness import numbers_in, unsupported_content

SOURCE = "Die US-Regierung sprach von 8.000 Soldaten in Kursk. Russland und Nordkorea arbeiten zusammen, sagte Lautenschlager."


def test_numbers_match_across_separators() -> None:
    assert numbers_in("8.000 und 8,000 und 8 000") == {"8000"}
    assert not unsupported_content("Es sind 8000 Soldaten.", SOURCE)


def test_new_numbers_and_names_are_flagged() -> None:
    found = unsupported_content("Die USA schicken 200 Soldaten nach Moskau.", SOURCE)
    assert found.numbers == ("200",)
    assert found.names == ("USA", "Moskau")


def test_sentence_initial_capitals_are_not_names() -> None:
    assert not unsupported_content("Soldaten sind in Kursk. Zusammen arbeiten Russland und Nordkorea.", SOURCE)


def test_cross_lingual_names_match_by_prefix() -> None:
    english = "The US government spoke of 8,000 soldiers in Kursk. Russia and North Korea work together, said Lautenschlager."
    assert not unsupported_content(english, SOURCE, cross_lingual=True)
    assert unsupported_content("They met in Berlin.", SOURCE, cross_lingual=True).names == ("Berlin",)


def test_german_common_nouns_are_not_names_but_new_names_are() -> None:
    english = "The map was made with the help of several federal agencies."
    german = "Die Karte wurde mit Unterstützung mehrerer Bundesbehörden erstellt."
    assert not unsupported_content(german, english, cross_lingual=True, output_lang="de")
    assert unsupported_content(german, english, cross_lingual=True).names == ("Karte", "Unterstützung", "Bundesbehörden")
    invented = "Die Karte wurde von Merkel in Moskau erstellt."
    assert unsupported_content(invented, english, cross_lingual=True, output_lang="de").names == ("Merkel", "Moskau")


def test_nouns_of_a_text_to_avoid_get_no_common_noun_pass() -> None:
    english = "The city council voted for the plan."
    german = "Der Plan verbessert die Lebensqualität."
    assert not unsupported_content(german, english, cross_lingual=True, output_lang="de")
    borrowed = unsupported_content(german, english, cross_lingual=True, output_lang="de", avoid="mehr Lebensqualität")
    assert borrowed.names == ("Lebensqualität",)
