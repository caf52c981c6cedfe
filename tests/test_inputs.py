"""Every kind of awkward input gives a result or a clear SummarizeError (model-free: scripted model)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarize import InvalidInputError, SummarizeError, Summarizer
from summarize.text import ends_like_sentence
from tests.conftest import EXAMPLE, ScriptedGenerator

ARTICLE = EXAMPLE.read_text(encoding="utf-8")

OTHER_LANGUAGES = {
    "fr": "Le conseil municipal de Lyon a voté mardi une nouvelle ligne de tramway. Le projet coûtera 240 millions "
    "d'euros. La région paiera la moitié des coûts. Les travaux commenceront au printemps prochain.",
    "ru": "Городской совет Казани во вторник одобрил строительство новой линии трамвая. Проект обойдётся в 240 "
    "миллионов рублей. Работы начнутся весной. Жители смогут высказать своё мнение о маршруте.",
    "zh": "市议会周二批准修建一条新的有轨电车线路。该项目将耗资两亿四千万元。工程将于明年春天开工。居民可以对路线提出意见。",
    "ar": "وافق مجلس المدينة يوم الثلاثاء على بناء خط ترام جديد. ستبلغ تكلفة المشروع 240 مليون يورو. "
    "ستبدأ الأعمال في الربيع المقبل. وستدفع الحكومة الإقليمية نصف التكاليف.",
}


def _summarizer() -> Summarizer:
    return Summarizer(generator=ScriptedGenerator([]))


def _assert_well_formed(result, n: int = 3) -> None:
    assert len(result.bullets) == n
    assert all(b.text.strip() and b.origin in {"generated", "repaired", "extracted"} for b in result.bullets)
    assert result.summary_de and result.summary_en


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(ARTICLE.replace("\n", "\r\n"), id="windows-line-endings"),
        pytest.param("<html><body><h1>Fähre</h1>" + "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n")) + "</body></html>", id="html"),
        pytest.param("# Fähre\n\n" + ARTICLE.replace("Pendler am", "**Pendler** am"), id="markdown"),
        pytest.param(ARTICLE.replace("Pendler", "Pend\x00ler\x07"), id="control-characters"),
        pytest.param(ARTICLE + "\n\nThe ferry is expected to carry 700,000 passengers in its first year. Tickets cost 9.50 euros.", id="mixed-de-en"),
        pytest.param(ARTICLE.replace(".", ""), id="no-sentence-punctuation"),
    ],
)
def test_awkward_but_real_articles_give_full_results(text: str) -> None:
    result = _summarizer().summarize(text)
    _assert_well_formed(result)
    assert result.language.lang == "de"
    assert "\x00" not in result.summary_de and "<p>" not in result.summary_de


@pytest.mark.parametrize("lang", sorted(OTHER_LANGUAGES))
def test_other_languages_are_detected_and_summarised(lang: str) -> None:
    result = _summarizer().summarize(OTHER_LANGUAGES[lang])
    assert result.language.lang == lang
    assert result.bullets_language == "de"
    assert len(result.bullets) >= 1 and result.summary_de and result.summary_en


def test_one_megabyte_is_condensed_not_truncated() -> None:
    big = "\n\n".join([ARTICLE] * (1_000_000 // len(ARTICLE)))
    result = _summarizer().summarize(big)
    assert result.sentences_total > 5000 and 0 < result.sentences_read < 100
    _assert_well_formed(result)


def test_single_sentence_and_one_long_sentence() -> None:
    single = _summarizer().summarize("Der Stadtrat hat am Dienstag eine neue Straßenbahnlinie beschlossen.")
    assert single.bullets[0].text == "Der Stadtrat hat am Dienstag eine neue Straßenbahnlinie beschlossen."
    long_sentence = " ".join(f"Wort{i}" for i in range(3000))  # ~20,000 characters, no punctuation
    result = _summarizer().summarize(long_sentence)
    assert result.bullets and all(len(b.text) <= 1001 for b in result.bullets)


@pytest.mark.parametrize("text", ["Hallo", "1 2 3 4 5 6 7 8 9 10", "😀 🎉 👍 😀 🎉 👍", "   ", "\x00\x01\x02"])
def test_word_numbers_emoji_and_blank_are_clear_errors(text: str) -> None:
    with pytest.raises(InvalidInputError):
        _summarizer().summarize(text)


def test_non_string_input_is_a_clear_error() -> None:
    with pytest.raises(InvalidInputError):
        _summarizer().summarize(b"bytes")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "options",
    [{"bullets": "3"}, {"bullets": None}, {"bullets": 2.5}, {"bullets": 0}, {"bullets": True},
     {"source_tokens": "700"}, {"source_tokens": 0}, {"source_tokens": -5}, {"summary_method": []},
     {"bullet_strategy": None}, {"model": 123}],
)  # fmt: skip
def test_bad_options_are_clear_errors(options: dict[str, object]) -> None:
    with pytest.raises(InvalidInputError, match="must be"):
        Summarizer(**options)  # type: ignore[arg-type]


def test_a_model_path_may_be_a_path_object(tmp_path: Path) -> None:
    assert Summarizer(tmp_path / "model.gguf").model_name == str(tmp_path / "model.gguf")  # loaded on first use


ANSWERS = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from([
        "Hier sind die Fakten:", "1. Die Fähre fährt ab Mai.", "- Die Überfahrt dauert 45 Minuten", "**Fakt**",
        "The ferry runs every hour.", "Die Fähre kostet 99 Millionen Euro.", "Das Land Baden-Württemberg zahlt",
        "", "Die Fähre fährt ab Mai.", "Sie ist", "Zusammenfassung: Eine Fähre verbindet Konstanz und Friedrichshafen.",
    ]), max_size=8).map("\n".join),
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(summary=ANSWERS, bullets=ANSWERS, rewrite=ANSWERS, finished=st.booleans(), n=st.integers(1, 5))
def test_any_model_answer_gives_exactly_n_full_sentence_bullets(summary: str, bullets: str, rewrite: str, finished: bool, n: int) -> None:
    script = [(r"^Satz:", rewrite), (r"Fasse|Summarise", summary), (r"Fakten|facts", bullets)]
    generator = ScriptedGenerator(script, finished=finished)
    try:
        result = Summarizer(generator=generator, bullets=n).summarize(ARTICLE)
    except SummarizeError:  # allowed, but never anything else
        return
    assert len(result.bullets) == n
    assert len({b.text for b in result.bullets}) == n
    assert all(ends_like_sentence(b.text) for b in result.bullets)
    assert all(ends_like_sentence(s) for s in (result.summary_de, result.summary_en))


def test_unpunctuated_article_still_gets_full_sentence_bullets() -> None:
    result = _summarizer().summarize(ARTICLE.replace(".", ""))
    assert all(ends_like_sentence(b.text) for b in result.bullets)
