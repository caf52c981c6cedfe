"""Faithfulness in the quality benchmark: automatic signals per output sentence, and judged rates.

Every output is looked at sentence by sentence: the bullets, and the German and English
summaries split into sentences. Per sentence (``sentence_signals``):

- ``unsupported``: a number or name the article lacks (``summarize.faithfulness``, today's check);
- ``coverage`` / ``density``: Newsroom's extractive fragment coverage and density against the article
  (``summarize.fragments``; same-language outputs only, else None);
- ``novel_share``: share of content words whose stem the article lacks (``summarize.novelty``; same language only);
- ``foreign_words`` / ``foreign_share``: words of the other language (``summarize.purity``; German and English).

Per system and output kind (``bullets``, ``summary_de``, ``summary_en``; ``lead3`` for the lead-3
baseline, ``reference`` for the human reference bullets) the report gives the means of these signals
and the judged rates of the labelled sentences in the label store (``judged_labels``), with the
number of sentences nobody has labelled yet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from judged_labels import LabelStore, judged_rates

import summarize
from summarize.faithfulness import unsupported_content
from summarize.fragments import fragment_stats
from summarize.novelty import novel_content_words
from summarize.purity import LANGUAGES as PURITY_LANGUAGES
from summarize.purity import foreign_words
from summarize.text import split_sentences

Record = dict[str, Any]
Doc = dict[str, Any]
Row = dict[str, Any]

REFERENCE = "reference"  # the human reference bullets, reported as a system of their own
LEAD3 = "lead3"
OUTPUT_KINDS = ("bullets", "summary_de", "summary_en")


def source_of(record: Record) -> str:
    """What the outputs are checked against: the headline (when given) and the article body (no key-fact box)."""
    body = summarize.parse_article(record["text"]).body
    return f"{record['title']}\n\n{body}" if record.get("title") else body


def sentence_signals(text: str, lang: str, record: Record, source: str) -> Row:
    """The automatic signals of one output sentence written in ``lang`` about ``record``'s article ``source``."""
    same = lang == record["lang"]
    missing = unsupported_content(text, source, cross_lingual=not same, output_lang=lang)
    row: Row = {"text": text, "lang": lang, "unsupported": bool(missing),
                "coverage": None, "density": None, "novel_share": None, "novel_words": None,
                "foreign_share": None, "foreign_words": None}  # fmt: skip
    if same:
        fragments = fragment_stats(text, source, lang)
        novel = novel_content_words(text, source, lang)
        row.update(coverage=round(fragments.coverage, 4), density=round(fragments.density, 4),
                   novel_share=round(novel.share, 4), novel_words=list(novel.novel))  # fmt: skip
    if lang in PURITY_LANGUAGES:
        purity = foreign_words(text, lang)
        row.update(foreign_share=round(purity.share, 4), foreign_words=list(purity.foreign))
    return row


def doc_signals(
    record: Record, bullets: Sequence[str], bullets_language: str, summaries: Mapping[str, str] | None
) -> dict[str, list[Row]]:
    """Signals of every output sentence of one document: ``{"bullets": [...], "summary_de": [...], ...}``.

    Summaries are split into sentences with the rules of their language; their rows carry the sentence
    texts, which is what the judged labels are keyed by.
    """
    source = source_of(record)
    out = {"bullets": [sentence_signals(b, bullets_language, record, source) for b in bullets]}
    for lang, text in (summaries or {}).items():
        sentences = split_sentences(text, lang) if text.strip() else []
        out[f"summary_{lang}"] = [sentence_signals(s, lang, record, source) for s in sentences]
    return out


def signals_of(doc: Doc, record: Record) -> dict[str, list[Row]]:
    """A logged document's sentence signals: as logged, or computed from its logged outputs (older logs)."""
    if "signals" in doc:
        return doc["signals"]
    summaries = {lang: s["text"] for lang, s in doc.get("summaries", {}).items()}
    return doc_signals(record, [b["text"] for b in doc["bullets"]], doc["bullets_language"], summaries or None)


def kind_of(system: str, output: str) -> str:
    """The output kind labels are keyed by: the lead-3 baseline's bullets are ``lead3``."""
    return LEAD3 if system == LEAD3 and output == "bullets" else output


def system_outputs(doc: Doc, record: Record, system: str) -> dict[str, list[Row]]:
    """One document's sentence rows per output kind for ``system`` (nothing for an errored document)."""
    if "error" in doc:
        return {}
    return {kind_of(system, output): rows for output, rows in signals_of(doc, record).items()}


def reference_outputs(record: Record) -> dict[str, list[Row]]:
    """The record's reference bullets as the ``reference`` kind (none when the record has no references)."""
    references = record.get("reference_bullets") or []
    if not references:
        return {}
    source = source_of(record)
    return {REFERENCE: [sentence_signals(r, record["lang"], record, source) for r in references]}


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def aggregate_signals(rows: Sequence[Row]) -> dict[str, Any]:
    """Means of the sentence signals; ``foreign_sentences`` is the share of sentences with any foreign word."""
    same = [r for r in rows if r["coverage"] is not None]
    pure = [r for r in rows if r["foreign_words"] is not None]
    return {
        "sentences": len(rows),
        "unsupported": _mean([float(r["unsupported"]) for r in rows]),
        "coverage": _mean([r["coverage"] for r in same]),
        "density": _mean([r["density"] for r in same]),
        "novel_share": _mean([r["novel_share"] for r in same]),
        "foreign_sentences": _mean([float(bool(r["foreign_words"])) for r in pure]),
        "foreign_share": _mean([r["foreign_share"] for r in pure]),
    }


def dataset_report(
    records: Sequence[Record], docs_by_system: Mapping[str, Mapping[str, Doc]], store: LabelStore
) -> dict[str, dict[str, dict[str, Any]]]:
    """``{system: {kind: {signal means..., "judged": judged rates}}}`` over ``records``.

    ``docs_by_system`` maps a system name to its logged documents by id; records a system has no
    document for are left out of its rows. The reference bullets are added as the system ``reference``.
    """
    report: dict[str, dict[str, dict[str, Any]]] = {}
    sources: list[tuple[str, dict[str, list[Row]]]] = []
    for system, docs in docs_by_system.items():
        for record in records:
            if record["id"] in docs:
                sources.append((system, {"id": record["id"], **system_outputs(docs[record["id"]], record, system)}))
    sources += [(REFERENCE, {"id": record["id"], **reference_outputs(record)}) for record in records]
    grouped: dict[tuple[str, str], list[tuple[str, list[Row]]]] = {}
    for system, outputs in sources:
        record_id = outputs.pop("id")
        for kind, rows in outputs.items():
            grouped.setdefault((system, kind), []).append((record_id, rows))
    for (system, kind), items in grouped.items():
        rows = [row for _, doc_rows in items for row in doc_rows]
        lists = [(record_id, kind, [r["text"] for r in doc_rows]) for record_id, doc_rows in items]
        report.setdefault(system, {})[kind] = {**aggregate_signals(rows), "judged": judged_rates(lists, store)}
    return report


# --- report -----------------------------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}"


def _num(value: float | None, fmt: str = ".2f") -> str:
    return "–" if value is None else format(value, fmt)


def faithfulness_tables(report: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> str:
    """Two Markdown tables: judged rates, then automatic signals, one row per system and output kind."""
    judged = [
        "| system | output | sentences | labelled | not supported % | partly % | not fluent % | key fact % "
        "| coverage (1-5) | lists labelled |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    auto = [
        "| system | output | sentences | unsupported % | fragment coverage | density | novel words % "
        "| with foreign words % | foreign words % |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for system, kinds in report.items():
        for kind, m in kinds.items():
            j = m["judged"]
            judged.append(
                f"| {system} | {kind} | {j['sentences']} | {j['labelled']} | {_pct(j['not_supported'])} | "
                f"{_pct(j['partly'])} | {_pct(j['not_fluent'])} | {_pct(j['key_fact'])} | {_num(j['coverage'])} | "
                f"{j['lists_labelled']}/{j['lists']} |"
            )
            auto.append(
                f"| {system} | {kind} | {m['sentences']} | {_pct(m['unsupported'])} | {_num(m['coverage'])} | "
                f"{_num(m['density'])} | {_pct(m['novel_share'])} | {_pct(m['foreign_sentences'])} | "
                f"{_pct(m['foreign_share'])} |"
            )
    note = (
        "Judged: shares of the labelled sentences (rubric: docs/benchmarks/judging.md); unlabelled sentences = "
        "sentences − labelled. Automatic, per sentence: unsupported number or name; Newsroom fragment coverage "
        "(0-1) and density (mean fragment length per token) and novel content words against the article (same "
        "language only); words of the other language (German/English)."
    )
    return "\n".join(["Judged:", "", *judged, "", "Automatic signals:", "", *auto, "", note])
