from __future__ import annotations

from summarize.postprocess import answer_lines, clean_line, complete_sentences


def test_markers_preamble_and_emphasis_are_removed() -> None:
    answer = "Hier sind die drei wichtigsten Fakten:\n1. **Die Fähre** fährt ab Mai.\n- Sie kostet 38 Millionen Euro.\n• Das Land zahlt."
    assert answer_lines(answer) == ["Die Fähre fährt ab Mai.", "Sie kostet 38 Millionen Euro.", "Das Land zahlt."]


def test_labels_and_quotes_are_removed() -> None:
    assert clean_line('Zusammenfassung: "Die Fähre fährt."') == "Die Fähre fährt."


def test_cut_off_tail_is_dropped_only_when_unfinished() -> None:
    answer = "Die Fähre fährt ab Mai. Sie kostet viel Geld und"
    assert complete_sentences(answer, "de", finished=False) == ["Die Fähre fährt ab Mai."]
    assert complete_sentences("Die Fähre fährt ab Mai.\nSie kostet viel Geld und", "de", finished=False) == [
        "Die Fähre fährt ab Mai."
    ]
    assert complete_sentences("Die Fähre fährt ab Mai", "de", finished=True) == ["Die Fähre fährt ab Mai."]


def test_cut_off_paragraph_keeps_its_complete_sentences() -> None:
    answer = "Die Fähre fährt ab Mai. Sie braucht 45 Minuten. Pendler im Berufsverkehr"
    assert complete_sentences(answer, "de", finished=False) == ["Die Fähre fährt ab Mai.", "Sie braucht 45 Minuten."]
