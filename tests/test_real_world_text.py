"""Issue 13, items 6-13: Unicode, scripts, language tags, capitals, HTML, box boundaries, JSONL and pipes."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from summarize import InvalidInputError, Scorer, Summarizer, detect_language, parse_article, score
from summarize.article import article_text
from summarize.batch import finished_ids, read_records, record_key, run_batch
from summarize.cli import EXIT_BROKEN_PIPE, EXIT_OK, EXIT_USAGE, main
from summarize.faithfulness import unsupported_content
from summarize.language import normalize_language_tag
from summarize.markup import html_to_text
from summarize.scoring import WordTokenizer
from summarize.text import normalize_text
from tests.conftest import EXAMPLE, ScriptedGenerator

DATA = Path(__file__).parent / "data"
PAGE = DATA / "news_page.html"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def f1(candidate, reference, lang: str = "de") -> dict[str, float]:
    return {name: value.fmeasure for name, value in score(candidate, reference, lang=lang).items()}


# --- 6. Unicode: one normalisation at every entry point -------------------------------------------

GERMAN = "Die Überfahrt über den Bodensee kostet künftig fünf Euro, sagte Bürgermeisterin Jürgens."


@pytest.mark.parametrize(
    ("candidate", "reference"),
    [
        (nfd(GERMAN), GERMAN),
        ("Die Wert\u00adpapier\u00adbörse öffnet.", "Die Wertpapierbörse öffnet."),
        ("Die Wertpapier\u200bbörse öffnet.", "Die Wertpapierbörse öffnet."),
        ("Die Wert\u2060papier\u200dbörse\ufeff öffnet.", "Die Wertpapierbörse öffnet."),
        ("Die\u00a0Wertpapierbörse\u202föffnet\u3000heute.", "Die Wertpapierbörse öffnet heute."),
        ("Die Börse\r\nöffnet\u2028heute.", "Die Börse öffnet heute."),
        ("\u200e\u202aDie Börse öffnet heute.\u202c", "Die Börse öffnet heute."),
    ],
)
def test_invisible_and_decomposed_characters_do_not_change_rouge(candidate: str, reference: str) -> None:
    assert f1(candidate, reference) == pytest.approx(dict.fromkeys(("rouge1", "rouge2", "rougeL", "rougeLsum"), 1.0))


def test_scorer_and_bullet_lists_are_normalised_too() -> None:
    bullets = ["Die Wert\u00adpapier\u00adbörse öffnet.", nfd("Die Fähre fährt ab Mai.")]
    result = Scorer(lang="de").score(bullets, ["Die Wertpapierbörse öffnet.", "Die Fähre fährt ab Mai."])
    assert result["rougeLsum"].fmeasure == pytest.approx(1.0)


def test_normalize_text_composes_and_drops_invisible_characters() -> None:
    raw = nfd("Kürze") + "\u00ad\u200b\u200c\u200d\u2060\ufeff\x00\x07 a\u00a0b\u2009c\r\nd\re\x85f\u2028g\u2029h\u200e"
    assert normalize_text(raw) == "Kürze a b c\nd\ne\nf\ng\n\nh"
    assert normalize_text(normalize_text(raw)) == normalize_text(raw)


BOX_ARTICLE = (
    "Neue Fähre für den Bodensee\n\n"
    "Das Wichtigste in Kürze\n"
    "- Ab Mai fährt eine neue Fähre zwischen Konstanz und Friedrichshafen.\n"
    "- Die Überfahrt dauert 45 Minuten.\n"
    "- Das Land zahlt 12 Millionen Euro.\n\n"
    "Pendler am Bodensee können aufatmen. Die neue Verbindung startet im Frühjahr."
)


@pytest.mark.parametrize(
    "transform",
    [nfd, lambda t: t.replace("Kürze", "K\u00adür\u200bze"), lambda t: t.replace("\n", "\r\n"),
     lambda t: t.replace("\n", "\u2028").replace("\u2028\u2028", "\u2029"), lambda t: "\ufeff" + t.replace(" ", "\u00a0")],
    ids=["nfd", "invisible", "crlf", "unicode-separators", "bom-nbsp"],
)  # fmt: skip
def test_box_is_found_whatever_the_encoding_of_the_characters(transform) -> None:
    expected = parse_article(BOX_ARTICLE)
    assert len(expected.reference_bullets) == 3
    assert parse_article(transform(BOX_ARTICLE)) == expected


def test_name_check_does_not_flag_a_name_that_differs_only_in_normal_form() -> None:
    source = "Bürgermeisterin Jürgens eröffnete am Montag die neue Brücke über die Förde."
    output = "Die Brücke wurde von Bürgermeisterin Jürgens eröffnet."
    for out, src in ((nfd(output), source), (output, nfd(source)), (output.replace("Jür", "Jür\u00ad"), source)):
        assert not unsupported_content(out, src, output_lang="de")
    assert unsupported_content("Die Brücke wurde von Bürgermeisterin Jansen eröffnet.", nfd(source), output_lang="de").names == ("Jansen",)


def test_language_detection_reads_normalised_text() -> None:
    text = "Die Überfahrt über den Bodensee kostet künftig fünf Euro. Pendler müssen sich umstellen."
    assert detect_language(nfd(text)) == detect_language(text)
    assert detect_language("\u200b".join(text)).lang == "de"


def test_summarizer_reads_nfd_articles_like_nfc_ones() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    summarizer = Summarizer(generator=ScriptedGenerator([]))
    assert summarizer.summarize(nfd(text)).reference_bullets == summarizer.summarize(text).reference_bullets


def test_cli_score_of_nfd_file_against_nfc_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "ref.txt").write_text(GERMAN + "\n", encoding="utf-8")
    (tmp_path / "cand.txt").write_text(nfd(GERMAN).replace("fünf", "fün\u00adf") + "\n", encoding="utf-8")
    assert main(["score", str(tmp_path / "ref.txt"), str(tmp_path / "cand.txt"), "--json"]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["rouge1"]["fmeasure"] == pytest.approx(1.0)


# --- 7. Scripts ---------------------------------------------------------------------------------------


def test_combining_marks_stay_in_their_word() -> None:
    assert f1("मंत्री", "मंदिर", lang="hi")["rouge1"] == 0.0
    assert f1("मंत्री ने कहा", "मंत्री ने कहा", lang="hi")["rouge1"] == 1.0


@pytest.mark.parametrize(
    ("lang", "text", "tokens"),
    [
        ("hi", "मंत्री ने मंदिर देखा", ["मंत्री", "ने", "मंदिर", "देखा"]),
        ("bn", "বাংলাদেশের রাজধানী ঢাকা", ["বাংলাদেশের", "রাজধানী", "ঢাকা"]),
        ("ta", "தமிழ்நாடு அரசு", ["தமிழ்நாடு", "அரசு"]),
        ("ar", "كَتَبَ مُحَمَّدٌ", ["كَتَبَ", "مُحَمَّدٌ"]),
        ("vi", "Hà Nội mưa", ["hà", "nội", "mưa"]),
        ("zh", "北京下雨", ["北", "京", "下", "雨"]),
        ("ja", "東京でパン", ["東", "京", "で", "パ", "ン"]),
        ("th", "ฝนตกที่", ["ฝ", "น", "ต", "ก", "ที่"]),
        ("ko", "서울에 비", ["서울에", "비"]),
    ],
)
def test_words_keep_their_marks_and_unspaced_scripts_count_per_character(lang: str, text: str, tokens: list[str]) -> None:
    assert WordTokenizer(lang, stem=False).tokenize(nfd(text)) == tokens


def test_chinese_and_japanese_are_scored_per_character() -> None:
    assert f1("北京今天下大雨。", "北京今天下雨了。", lang="zh")["rouge1"] == pytest.approx(6 / 7)
    assert f1("東京で雨が降った。", "東京で雪が降った。", lang="ja")["rouge1"] == pytest.approx(7 / 8)
    assert f1("北京今天下大雨。", "上海明日晴朗。", lang="zh")["rouge1"] == 0.0


# --- 8. Language tags -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "lang"),
    [("de", "de"), ("DE", "de"), ("de-DE", "de"), ("de_AT", "de"), ("en-US", "en"), ("EN_gb", "en"),
     ("zh-Hant-TW", "zh"), ("sr-Latn", "sr"), (" fr ", "fr"), ("iw", "he"), ("und", "und")],
)  # fmt: skip
def test_language_tags_are_reduced_to_their_primary_language(tag: str, lang: str) -> None:
    assert normalize_language_tag(tag) == lang


@pytest.mark.parametrize("tag", ["", "xx", "german", "Deutsch", "de--DE", "d", "de-", "12", "de DE", "qq-QQ", None, 7])
def test_unknown_language_tags_are_rejected(tag) -> None:
    with pytest.raises(InvalidInputError, match="language tag"):
        normalize_language_tag(tag)


def test_score_accepts_bcp47_tags_and_rejects_unknown_ones() -> None:
    pair = ("Die Häuser wurden gebaut.", "Das Haus wurde gebaut.")
    assert f1(*pair, lang="de")["rouge1"] == pytest.approx(0.75)
    for tag in ("DE", "de-DE", "de_CH"):
        assert f1(*pair, lang=tag)["rouge1"] == pytest.approx(0.75)
    assert Scorer(lang="De-at").lang == "de"
    with pytest.raises(InvalidInputError):
        score(*pair, lang="deutsch")
    with pytest.raises(InvalidInputError):
        Scorer(lang="zz")


def test_bullets_language_accepts_tags_and_rejects_others() -> None:
    assert Summarizer(generator=ScriptedGenerator([]), bullets_language="EN-gb").bullets_language == "en"
    result = Summarizer(generator=ScriptedGenerator([])).summarize(EXAMPLE.read_text(encoding="utf-8"), bullets_language="DE")
    assert result.bullets_language == "de"
    for bad in ("fr", "xx", "english"):
        with pytest.raises(InvalidInputError):
            Summarizer(generator=ScriptedGenerator([]), bullets_language=bad)


def test_cli_language_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "r.txt").write_text("Das Haus wurde gebaut.\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("Die Häuser wurden gebaut.\n", encoding="utf-8")
    args = ["score", str(tmp_path / "r.txt"), str(tmp_path / "c.txt"), "--json"]
    assert main([*args, "--lang", "de-DE"]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["rouge1"]["fmeasure"] == pytest.approx(0.75)
    for option, value in (("--lang", "klingon"), ("--lang", "xx-YY")):
        assert main([*args, option, value]) == EXIT_USAGE
        err = capsys.readouterr().err.strip()
        assert err.startswith(f"summarize: error: {option}") and len(err.splitlines()) == 1
    assert main([str(EXAMPLE), "--bullets-language", "fr", "--model", str(tmp_path / "never-loaded")]) == EXIT_USAGE
    err = capsys.readouterr().err.strip()
    assert "--bullets-language" in err and len(err.splitlines()) == 1


# --- 9. All-caps text -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("DIE ARBEITEN AN DER NEUEN BRÜCKE BEGINNEN IM MAI.", "de"),
        ("EILMELDUNG: REGIERUNG KÜNDIGT NEUWAHLEN FÜR DEN HERBST AN", "de"),
        ("THE WORK ON THE NEW BRIDGE WILL START IN MAY, THE CITY SAID ON TUESDAY.", "en"),
        ("BREAKING: GOVERNMENT ANNOUNCES SNAP ELECTION FOR THE AUTUMN", "en"),
    ],
)
def test_text_in_capitals_is_detected(text: str, lang: str) -> None:
    guess = detect_language(text)
    assert guess.lang == lang


# --- 10. HTML -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>Kinder <6 Jahre fahren gratis, Senioren >65 zahlen die Hälfte.</p>",
         "Kinder <6 Jahre fahren gratis, Senioren >65 zahlen die Hälfte."),
        ("<p>Der Wert stieg von 3 < 5 auf 7 > 4 Punkte.</p>", "Der Wert stieg von 3 < 5 auf 7 > 4 Punkte."),
        ("<p>Preis: &lt;5&nbsp;Euro &amp; mehr</p><!-- <p>versteckt</p> --><script>var a = '<p>x</p>';</script>",
         "Preis: <5 Euro & mehr"),
        ("<div>Erster Absatz.<br>Zweite Zeile.</div><p>Zweiter Absatz.</p>", "Erster Absatz.\nZweite Zeile.\n\nZweiter Absatz."),
        ("<p>Wert&shy;papier&shy;börse</p>", "Wertpapierbörse"),
    ],
)  # fmt: skip
def test_html_fragments_keep_all_their_text(html: str, text: str) -> None:
    assert article_text(html) == text


def test_html_fragment_box_is_found() -> None:
    html = (
        "<h2>Das Wichtigste in Kürze</h2><ul><li>Eins ist klar.</li><li>Zwei ist klar.</li><li>Drei ist klar.</li></ul>"
        "<p>Der Text beginnt hier. Er geht weiter.</p>"
    )
    article = parse_article(html)
    assert article.reference_bullets == ("Eins ist klar.", "Zwei ist klar.", "Drei ist klar.")
    assert article.body == "Der Text beginnt hier. Er geht weiter."
    assert "<" not in html_to_text("<p>a</p>")


LEAKS = ("Politik", "abonnieren", "Startseite", "Impressum", "Datenschutz", "Pendler68", "Steuergeldverschwendung",
         "Tunnel", "Kommentare", "Mehr zum Thema", "Teilen auf Facebook", "dataLayer", "color:", "Absenden")  # fmt: skip


def test_saved_news_page_gives_headline_box_and_body_without_navigation_or_comments() -> None:
    article = parse_article(PAGE.read_text(encoding="utf-8"))
    assert article.title == "Neue Rheinbrücke bei Mannheim: Bauarbeiten beginnen im Mai"
    assert article.reference_bullets == (
        "Die Bauarbeiten an der neuen Rheinbrücke zwischen Mannheim und Ludwigshafen beginnen am 5. Mai.",
        "Der Neubau soll rund 420 Millionen Euro kosten und 2031 fertig sein.",
        "Während der Bauzeit fahren Busse und Bahnen über eine Behelfsbrücke.",
    )
    assert article.body.startswith("Nach jahrelanger Planung wird die marode Konrad-Adenauer-Brücke ersetzt.")
    assert article.body.rstrip().endswith("Jeden Tag fahren rund 80.000 Fahrzeuge über den Rhein.")
    assert "Die alte Brücke aus dem Jahr 1959" in article.body
    assert "Ursprünglich waren 310 Millionen Euro veranschlagt worden." in article.body
    assert len(article.body.split("\n\n")) >= 5  # paragraphs stay paragraphs
    for leak in (*LEAKS, "Das Wichtigste in Kürze", "Behelfsbrücke.\n"):
        assert leak not in article.body, leak
    assert not any(bullet in article.body for bullet in article.reference_bullets)


def test_saved_english_page_with_box_inside_the_article_body() -> None:
    paragraphs = "".join(
        f"<p>{s}</p>" for s in (
            "The city council approved the new tram line on Tuesday after a long debate.",
            "Construction is expected to take three years and to cost about 200 million pounds.",
            "Opponents said the money would be better spent on buses, but the vote was clear.",
        )
    )  # fmt: skip
    page = (
        "<!doctype html><html><head><title>Tram line approved | City News</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/sport'>Sport</a> <a href='/weather'>Weather</a></nav>"
        "<article><h1>Council approves new tram line</h1>"
        "<div class='box'><p><strong>Key points</strong></p><ol><li>The council approved a new tram line.</li>"
        "<li>It will cost about 200 million pounds.</li><li>Work takes three years.</li></ol></div>"
        f"{paragraphs}</article>"
        "<div class='comments'><h3>Comments</h3><p>Reader99: What a waste of money, honestly.</p></div>"
        "<footer>Contact us · Privacy policy</footer></body></html>"
    )
    article = parse_article(page)
    assert article.title in ("Council approves new tram line", "Tram line approved")
    assert article.reference_bullets == (
        "The council approved a new tram line.", "It will cost about 200 million pounds.", "Work takes three years."
    )  # fmt: skip
    assert article.body.startswith("The city council approved the new tram line on Tuesday")
    for leak in ("Weather", "Reader99", "waste of money", "Privacy policy", "Key points"):
        assert leak not in article.body


def test_cli_summarises_a_saved_page(tiny_llama_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(PAGE), "--model", str(tiny_llama_dir), "--json"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert data["title"] == "Neue Rheinbrücke bei Mannheim: Bauarbeiten beginnen im Mai"
    assert data["language"]["lang"] == "de"
    assert len(data["reference_bullets"]) == 3 and data["rouge"] is not None


# --- 11. Box boundaries ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("marker", ["- ", "• ", "* ", "1. "])
def test_lead_paragraph_after_a_marked_box_stays_in_the_body(marker: str) -> None:
    raw = (
        "Neue Fähre für den Bodensee\n\nDas Wichtigste in Kürze\n"
        f"{marker}Ab Mai fährt eine neue Fähre.\n{marker}Die Überfahrt dauert 45 Minuten.\n{marker}Das Land zahlt.\n\n"
        "Pendler am Bodensee können aufatmen.\n\nDie neue Verbindung startet im Frühjahr. Sie ist lange geplant."
    )
    article = parse_article(raw)
    assert article.reference_bullets == ("Ab Mai fährt eine neue Fähre.", "Die Überfahrt dauert 45 Minuten.", "Das Land zahlt.")
    assert article.body.startswith("Pendler am Bodensee können aufatmen.\n\nDie neue Verbindung")


def test_lead_line_right_after_marked_bullets_stays_in_the_body() -> None:
    raw = "Key points\n- One fact is here.\n- Another fact is here.\nThe lead sentence follows at once.\n\nMore text. And more."
    article = parse_article(raw)
    assert article.reference_bullets == ("One fact is here.", "Another fact is here.")
    assert article.body.startswith("The lead sentence follows at once.")


def test_bare_bullets_one_per_line_end_at_the_blank_line_before_the_lead() -> None:
    raw = "Das Wichtigste in Kürze\nEins ist klar.\nZwei ist klar.\nDrei ist klar.\n\nDer Vorspann ist ein Satz.\n\nDer Text. Er geht weiter."
    article = parse_article(raw)
    assert article.reference_bullets == ("Eins ist klar.", "Zwei ist klar.", "Drei ist klar.")
    assert article.body.startswith("Der Vorspann ist ein Satz.")


def test_marked_bullets_separated_by_blank_lines_are_still_one_box() -> None:
    raw = "Das Wichtigste in Kürze\n\n- Eins ist klar.\n\n- Zwei ist klar.\n\n- Drei ist klar.\n\nDer Vorspann ist ein Satz."
    article = parse_article(raw)
    assert len(article.reference_bullets) == 3 and article.body == "Der Vorspann ist ein Satz."


# --- 12. JSONL ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_jsonl_records_split_on_newline_only_and_resume_without_duplicates(tmp_path: Path, separator: str) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace("\n\nPendler", f"\n\nPendler{separator}am", 1)
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    lines = [json.dumps({"id": "a", "text": text}, ensure_ascii=False), json.dumps({"id": "b", "text": text}, ensure_ascii=False)]
    assert separator in lines[0]  # raw, as json.dumps(ensure_ascii=False) writes it
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records = read_records(source)
    assert [r["id"] for r in records] == ["a", "b"] and all("error" not in r for r in records)
    summarizer = Summarizer(generator=ScriptedGenerator([]))
    run_batch(summarizer, records[:1], out)
    assert finished_ids(out) == {record_key("a")}
    report = run_batch(summarizer, records, out)
    assert (report.done, report.skipped) == (1, 1)
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").split("\n") if line]
    assert ids == ["a", "b"]


# --- 13. Pipes -----------------------------------------------------------------------------------------------------


def _score_files(tmp_path: Path) -> list[str]:
    (tmp_path / "r.txt").write_text("Die Fähre fährt ab Mai.\nDas Land zahlt.\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("Das Land zahlt.\n", encoding="utf-8")
    return [sys.executable, "-m", "summarize", "score", str(tmp_path / "r.txt"), str(tmp_path / "c.txt")]


@pytest.mark.parametrize("json_flag", [["--json"], []])
def test_closed_pipe_ends_quietly(tmp_path: Path, json_flag: list[str]) -> None:
    # The reader goes away before the command writes: every write hits a closed pipe.
    proc = subprocess.Popen([*_score_files(tmp_path), *json_flag], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == EXIT_BROKEN_PIPE
    assert stderr == ""


def test_pipe_into_head_prints_no_traceback(tmp_path: Path) -> None:
    command = " ".join(f"'{part}'" for part in _score_files(tmp_path)) + " --json | head -n 1"
    result = subprocess.run(["bash", "-c", command], check=False, capture_output=True, text=True, timeout=120)
    assert result.stdout == "{\n"
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr
