"""Automatic faithfulness signals: Newsroom fragments, novel content words, language purity."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarize import InvalidInputError
from summarize.fragments import Fragment, coverage, density, fragment_stats, fragments
from summarize.function_words import FUNCTION_WORDS, markers
from summarize.lexicon import is_listed_name, split_german_compound
from summarize.novelty import novel_content_words
from summarize.purity import foreign_words
from tests.conftest import SHARED

DATA = SHARED / "data"

# --- fragments (Grusky et al. 2018) ----------------------------------------------------------------------


def test_fragments_take_the_longest_match_at_each_summary_position() -> None:
    article = "the quick brown fox jumps over the lazy dog".split()
    summary = "the lazy fox jumps".split()
    # "the" first matches "the quick" (1 token), then "the lazy" (2): the longer one wins.
    assert fragments(article, summary) == [Fragment(0, 6, 2), Fragment(2, 3, 2)]
    assert coverage(article, summary) == 1.0
    assert density(article, summary) == (2**2 + 2**2) / 4


def test_novel_tokens_lower_coverage_and_density() -> None:
    article = "the council approved the budget on monday".split()
    summary = "the mayor approved the budget".split()
    assert fragments(article, summary) == [Fragment(0, 0, 1), Fragment(2, 2, 3)]
    assert coverage(article, summary) == 4 / 5
    assert density(article, summary) == (1 + 9) / 5


def test_the_scan_jumps_past_each_tried_run_as_in_the_paper() -> None:
    # From article position 0 the run "a a" is tried, and the scan resumes at position 2, so the
    # longer run "a a b" starting at position 1 is never seen: F(A, S) is greedy, not optimal.
    assert fragments("a a a b".split(), "a a b".split()) == [Fragment(0, 0, 2), Fragment(2, 3, 1)]


def test_empty_summary_scores_zero() -> None:
    assert coverage(["a"], []) == density(["a"], []) == 0.0
    assert fragment_stats("", "Ein Artikel.", "de").summary_tokens == 0


def test_fragment_stats_on_words_ignores_case_and_punctuation() -> None:
    stats = fragment_stats("Die Fähre fährt ab Mai.", "Ab Mai gilt: die Fähre fährt ab Mai, täglich.", "de")
    assert stats.coverage == 1.0
    assert stats.density == 25 / 5  # one fragment of all five words
    assert stats.compression == 9 / 5


TOKENS = st.lists(st.sampled_from(list("abcdefg")), max_size=30)


@settings(max_examples=300, deadline=None)
@given(TOKENS, TOKENS)
def test_coverage_and_density_are_bounded_and_fragments_are_shared_runs(article: list[str], summary: list[str]) -> None:
    found = fragments(article, summary)
    cov, dens = coverage(article, summary), density(article, summary)
    assert 0.0 <= cov <= 1.0
    assert cov <= dens <= max(len(summary), 1)
    position = 0
    for fragment in found:
        assert fragment.summary_start >= position  # in summary order, never overlapping
        position = fragment.summary_start + fragment.length
        piece = summary[fragment.summary_start : position]
        assert piece == article[fragment.article_start : fragment.article_start + fragment.length]
    if summary and set(summary) <= set(article):
        assert cov == 1.0


@settings(max_examples=300, deadline=None)
@given(TOKENS, st.data())
def test_a_copied_sentence_has_coverage_one_and_density_its_length(article: list[str], data: st.DataObject) -> None:
    # Distinct tokens: the copy is the only long run, so it is one fragment of length n, density n**2 / n.
    distinct = list(dict.fromkeys(article))
    start = data.draw(st.integers(0, len(distinct)))
    end = data.draw(st.integers(start, len(distinct)))
    copy = distinct[start:end]
    if copy:
        assert coverage(distinct, copy) == 1.0
        assert density(distinct, copy) == len(copy)
        assert density(copy, copy) == len(copy)


# --- novel content words -----------------------------------------------------------------------------------

ARTICLE_DE = (
    "Die neue Fähre fährt ab Mai zweimal täglich nach Helgoland. Sie bietet Platz für 60 Fahrräder. "
    "Die Soldaten der Marine begleiten die erste Fahrt."
)


def test_a_sentence_from_the_article_has_no_novel_content_words() -> None:
    novel = novel_content_words("Die Fähre fährt zweimal täglich nach Helgoland.", ARTICLE_DE, "de")
    assert novel.content_words == 5  # Fähre fährt zweimal täglich Helgoland
    assert novel.novel == () and novel.share == 0.0


def test_invented_content_words_are_novel_and_stems_match_inflections() -> None:
    novel = novel_content_words("Der Soldat bringt 300 Autos nach Helgoland.", ARTICLE_DE, "de")
    assert novel.novel == ("bringt", "300", "autos")  # "Soldat" is found through "Soldaten"
    assert novel.share == 3 / 5


def test_function_words_only_is_zero_share() -> None:
    assert novel_content_words("Und sie war es.", ARTICLE_DE, "de").share == 0.0


# --- language purity ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "foreign"),
    [
        ("The Polizei said the suspect was arrested in the Ferienwohnung.", "en", ("Polizei", "Ferienwohnung")),
        ("North Korea hat russische Truppen unterstützt.", "en", ("russische", "Truppen", "unterstützt")),
        ("The ferry was blocked by the Hafenblockade.", "en", ("Hafenblockade",)),
        ("Die Polizei hat den Verdächtigen festgenommen, said the police.", "de", ("said", "the", "police")),
        ("The hotel team met Angela Merkel and Ursula von der Leyen in Berlin.", "en", ()),
        ("The Bundestag voted on Thursday, Der Spiegel reported.", "en", ()),
        ("Kindergarten places are scarce, Mr Müller told the BBC.", "en", ()),
        ("Der Manager des Teams sagte, das Hotel sei voll.", "de", ()),
        ("Die Regierung will das Gesetz im Herbst beschließen.", "de", ()),
    ],
)  # fmt: skip
def test_foreign_words_in_hand_made_examples(text: str, lang: str, foreign: tuple[str, ...]) -> None:
    assert foreign_words(text, lang).foreign == foreign


def test_purity_share_and_unsupported_language() -> None:
    purity = foreign_words("The Polizei came.", "en")
    assert purity.words == 3 and purity.share == 1 / 3
    assert foreign_words("", "de").share == 0.0
    with pytest.raises(InvalidInputError):
        foreign_words("Le chat.", "fr")


def test_markers_exclude_spellings_both_languages_share() -> None:
    assert {"die", "will", "was", "in"}.isdisjoint(markers("de") | markers("en"))
    assert "und" in markers("de") and "the" in markers("en")
    assert markers("de") <= FUNCTION_WORDS["de"]


def test_lexicon_names_and_compounds() -> None:
    assert is_listed_name("Müller") and is_listed_name("Berlin") and not is_listed_name("Polizei")
    assert split_german_compound("Heizungsgesetz") == ("heizung", "gesetz")
    assert split_german_compound("Saltare") is None


@pytest.mark.parametrize(("name", "lang", "limit"), [("en_news", "en", 0.01), ("de_news", "de", 0.0)])
def test_reference_bullets_are_pure(name: str, lang: str, limit: float) -> None:
    """Human reference bullets are written in one language: at most ``limit`` of them get a flag."""
    path = DATA / f"{name}.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not present")
    bullets = [b for line in path.open(encoding="utf-8") for b in json.loads(line).get("reference_bullets") or []]
    flagged = [b for b in bullets if foreign_words(b, lang).foreign]
    assert len(flagged) <= limit * len(bullets), flagged[:5]
