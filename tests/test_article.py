from __future__ import annotations

import pytest

from summarize import parse_article
from tests.conftest import SHARED

SEED = SHARED / "seeds" / "000_d656fdec7533f82b.txt"


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds is not beside the project")
def test_seed_box_is_found_and_removed_from_body() -> None:
    article = parse_article(SEED.read_text(encoding="utf-8"))
    assert article.reference_bullets == (
        "Nordkoreanische Truppen unterstützen Russland im Angriffskrieg gegen die Ukraine.",
        "Mehrere tausend Soldaten von Diktator Kim sollen in der westrussischen Region Kursk stehen.",
        "Nach ukrainischen Angaben kam es jetzt zu ersten Kampfhandlungen.",
    )
    assert "Das Wichtigste in Kürze" not in article.body
    assert "Mehrere tausend Soldaten" not in article.body
    assert article.body.startswith("date 2024-11 Nordkoreas Diktator Kim")
    assert "Die nach Russland entsandten nordkoreanischen Soldaten" in article.body


def test_example_article_has_title_box_and_body(example_text: str) -> None:
    article = parse_article(example_text)
    assert article.title == "Bodensee-Region bekommt neue Fährverbindung zwischen Konstanz und Friedrichshafen"
    assert len(article.reference_bullets) == 3
    assert article.reference_bullets[1] == "Die Überfahrt soll 45 Minuten dauern und im Stundentakt angeboten werden."
    assert article.body.startswith("Pendler am Bodensee")
    assert not any(bullet in article.body for bullet in article.reference_bullets)


@pytest.mark.parametrize(
    "heading",
    ["Das Wichtigste im Überblick:", "Darum geht's", "Darum geht’s:", "Key points", "DAS WICHTIGSTE IN KÜRZE"],
)
def test_heading_variants_with_list_markers(heading: str) -> None:
    raw = f"{heading}\n- Erster Fakt steht hier.\n• Zweiter Fakt steht hier.\n3. Dritter Fakt steht hier.\n\nDer Text beginnt. Er hat zwei Sätze."
    article = parse_article(raw)
    assert article.reference_bullets == ("Erster Fakt steht hier.", "Zweiter Fakt steht hier.", "Dritter Fakt steht hier.")
    assert article.body == "Der Text beginnt. Er hat zwei Sätze."


def test_box_stops_at_first_multi_sentence_paragraph() -> None:
    raw = "Das Wichtigste in Kürze\n\nEins ist klar.\n\nZwei ist klar.\n\nDer Text beginnt hier. Er geht weiter."
    article = parse_article(raw)
    assert article.reference_bullets == ("Eins ist klar.", "Zwei ist klar.")
    assert article.body == "Der Text beginnt hier. Er geht weiter."


def test_box_at_the_end_of_the_article() -> None:
    raw = "Der Text steht vorne. Er hat zwei Sätze.\n\nKey points\n- One fact is here.\n- Another fact is here."
    article = parse_article(raw)
    assert article.reference_bullets == ("One fact is here.", "Another fact is here.")
    assert article.body == "Der Text steht vorne. Er hat zwei Sätze."


def test_no_box_keeps_everything_in_the_body() -> None:
    raw = "Ein Absatz mit zwei Sätzen. Hier der zweite.\n\nNoch ein Absatz."
    article = parse_article(raw)
    assert article.reference_bullets == ()
    assert article.title is None
    assert article.body == raw


def test_heading_word_inside_a_sentence_is_not_a_box() -> None:
    raw = "Er sagte, das Wichtigste in Kürze sei die Sicherheit. Dann ging er."
    assert parse_article(raw).reference_bullets == ()


def test_windows_line_endings_and_html() -> None:
    raw = "Titel der Meldung\r\n\r\n<p>Das Wichtigste in K&uuml;rze</p><ul><li>Ein Fakt ist hier.</li><li>Noch ein Fakt.</li></ul><p>Der Text. Mit zwei S&auml;tzen.</p>"
    article = parse_article(raw)
    assert article.title == "Titel der Meldung"
    assert article.reference_bullets == ("Ein Fakt ist hier.", "Noch ein Fakt.")
    assert article.body == "Der Text. Mit zwei Sätzen."


def test_page_leftovers_leave_the_body() -> None:
    raw = (
        "Neue Fähre am Bodensee\n\n"
        "(SZ vom 16.07.2003) - Die Fähre fährt ab Mai stündlich zwischen Konstanz und Friedrichshafen. "
        "Detailansicht öffnen Die neue Fähre im Hafen von Konstanz. (Foto: dpa) "
        "Von Anna Beispiel, Konstanz Die Überfahrt soll 45 Minuten dauern."
    )
    body = parse_article(raw).body
    assert body == (
        "Die Fähre fährt ab Mai stündlich zwischen Konstanz und Friedrichshafen. Die Überfahrt soll 45 Minuten dauern."
    )


def test_a_sentence_starting_with_von_is_kept() -> None:
    raw = "Von Konstanz nach Friedrichshafen fährt ab Mai eine Fähre. Sie braucht 45 Minuten für die Strecke."
    assert parse_article(raw).body == raw
