"""Does a bilingual dictionary tell the judged translations apart? ROC AUC of word-alignment scores.

    apt-get install trans-de-en       # Debian's German-English dictionary (Ding, GPL-2+): /usr/share/trans/de-en
    PYTHONPATH=$PWD python benchmarks/lexicon_translation_check.py

For every translated summary sentence in ``docs/benchmarks/judged/labels.jsonl`` (English summaries of
``de_news`` records, German summaries of ``en_news`` records; fallback copies of article sentences left
out), with the worst support label any reader gave it, against the best-aligned of its article's first ten
sentences (the labels do not say which sentence was translated):

- ``recall``: share of the source's content words with a dictionary entry whose translation (or the word
  itself: names) appears in the translation, stemmed;
- ``precision``: share of the translation's content words that translate, or copy, a word of the source;
- ``f``: their harmonic mean.

Only single-word dictionary sides are used (a phrase's words would each map to all the others). Prints ROC
AUC of supported against not supported, and against partly-or-not supported, per dataset. No model is
loaded. Results: docs/benchmarks/README.md ("Faithfulness, round three").
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from pathlib import Path

from _common import load_records
from translation_check_auc import DATA, LABELS, TRANSLATED_KIND, judged_translations, roc_auc

import summarize
from summarize.function_words import is_function_word
from summarize.sentences import segment
from summarize.words import WordTokenizer

# The project's own words: lower-cased Unicode words, Snowball-stemmed from four letters (summarize.words).
WORDS = {lang: WordTokenizer(lang, stem=False) for lang in ("de", "en")}
STEMS = {lang: WordTokenizer(lang) for lang in ("de", "en")}
# Ding's abbreviations and grammar words, besides the function words.
EXTRA_STOP = {"de": {"etw", "jdn", "jdm", "jds", "sich"}, "en": {"to", "sth", "sb", "something", "somebody", "oneself"}}
CANDIDATE_SOURCES = 10
SCORES = ("recall", "precision", "f")


def content_words(text: str, lang: str) -> list[str]:
    """The words of ``text`` (lower-cased) that are neither function words nor Ding's abbreviations."""
    return [
        w for w in WORDS[lang].tokenize(text)
        if len(w) > 1 and w not in EXTRA_STOP[lang] and not is_function_word(w, lang)
    ]  # fmt: skip


def stem(word: str, lang: str) -> str:
    return STEMS[lang].tokenize(word)[0]


def read_lexicon(path: Path) -> dict[str, set[str]]:
    """German stem -> English stems, from Ding's ``German :: English`` lines (senses split by ``|``, ``;``)."""
    table: dict[str, set[str]] = defaultdict(set)
    annotations = re.compile(r"\{[^}]*\}|\[[^\]]*\]|/[^/]*/")
    for line in path.open(encoding="utf-8"):
        if line.startswith("#") or " :: " not in line:
            continue
        german, english = line.rstrip("\n").split(" :: ", 1)
        for de_sense, en_sense in zip(german.split(" | "), english.split(" | ")):
            targets = set()
            for alternative in annotations.sub(" ", en_sense).split(";"):
                words = content_words(alternative, "en")
                if 1 <= len(words) <= 2:
                    targets |= {stem(w, "en") for w in words}
            for alternative in annotations.sub(" ", de_sense).split(";"):
                words = content_words(alternative, "de")
                if len(words) == 1 and targets:
                    table[stem(words[0], "de")] |= targets
    return table


def both_directions(table: dict[str, set[str]]) -> dict[str, dict[str, set[str]]]:
    """Source language -> (source stem -> target stems): the German-English table and its reverse."""
    reverse: dict[str, set[str]] = defaultdict(set)
    for german, englishes in table.items():
        for english in englishes:
            reverse[english].add(german)
    return {"de": table, "en": reverse}


def alignment(source: str, target: str, source_lang: str, tables: dict[str, dict[str, set[str]]]) -> dict[str, float]:
    """``recall``, ``precision`` and ``f`` of ``target`` as a word-for-word rendering of ``source``."""
    target_lang = "en" if source_lang == "de" else "de"
    table = tables[source_lang]
    translate = lambda w: table.get(stem(w, source_lang), set())
    target_words = set(WORDS[target_lang].tokenize(target))
    target_stems = set(STEMS[target_lang].tokenize(target))
    source_words = set(WORDS[source_lang].tokenize(source))
    known = covered = 0
    reachable: set[str] = set()
    for word in content_words(source, source_lang):
        translations = translate(word)
        reachable |= translations
        if word in target_words:
            known, covered = known + 1, covered + 1
        elif translations:
            known, covered = known + 1, covered + bool(translations & target_stems)
    words = content_words(target, target_lang)
    explained = sum(w in source_words or stem(w, target_lang) in reachable for w in words)
    recall = covered / known if known else 1.0
    precision = explained / len(words) if words else 1.0
    return {"recall": recall, "precision": precision, "f": 2 * recall * precision / (recall + precision or 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lexicon", type=Path, default=Path("/usr/share/trans/de-en"))
    parser.add_argument("--labels", type=Path, default=LABELS)
    args = parser.parse_args()
    tables = both_directions(read_lexicon(args.lexicon))
    records = {(ds, r["id"]): r for ds, path in DATA.items() for r in load_records(path)}
    rows = []
    for (dataset, record_id, text), support in judged_translations(args.labels).items():
        record = records[(dataset, record_id)]
        if " ".join(text.split()) in " ".join(record["text"].split()):
            continue  # a fallback copy of an article sentence, not a translation
        lang = record["lang"]
        body = summarize.parse_article(record["text"]).body
        candidates = [s for block in body.split("\n") if block.strip() for s in segment(block, lang)][
            :CANDIDATE_SOURCES
        ]
        best = max((alignment(c, text, lang, tables) for c in candidates), key=lambda s: s["f"])
        rows.append({"dataset": dataset, "support": support, **best})
    for dataset in TRANSLATED_KIND:
        subset = [r for r in rows if r["dataset"] == dataset]
        print(f"{dataset}: {len(subset)} translations, " + ", ".join(
            f"{label} {sum(r['support'] == label for r in subset)}" for label in ("yes", "partly", "no")))  # fmt: skip
        for score in SCORES:
            yes = [r[score] for r in subset if r["support"] == "yes"]
            no = [r[score] for r in subset if r["support"] == "no"]
            other = [r[score] for r in subset if r["support"] != "yes"]
            print(f"  {score}: AUC yes vs no {roc_auc(yes, no):.3f}, yes vs partly-or-no {roc_auc(yes, other):.3f}")
    print(json.dumps({"translations": len(rows)}))


if __name__ == "__main__":
    main()
