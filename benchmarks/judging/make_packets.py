"""Blind reading packets from the quality benchmark's logs: one packet per record, a key file, a label template.

    python benchmarks/judging/make_packets.py --bench-out bench_out --data ../shared/data/de_news.jsonl \\
        --limit 40 --systems default --out /tmp/judging

For each record: the article (title and text), then every output list under a letter shuffled per
record (fixed ``--seed``): each system's bullets, German summary and English summary (summaries as
sentences), lead-3 and the reference bullets; identical lists are shown once. Every sentence is
numbered (``B3``). Written under ``--out`` (keep it outside the repository: packets quote articles):

- ``packets/<packet>.md``  what the reader reads: no system names, no output kinds;
- ``labels/<packet>.jsonl`` the template the reader fills: one line per sentence (support, fluent,
  key_fact) and one per list (coverage);
- ``keys/<packet>.json``   letter -> (system, output kind) and the sentences: readers never see these.

Rubric and procedure: docs/benchmarks/judging.md. Fill-in goes back with ingest_labels.py.
"""

from __future__ import annotations

import argparse
import json
import random
import string
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks/: _common, faithfulness_metrics

import faithfulness_metrics as fm  # noqa: E402
from _common import dataset_stem, load_records, read_docs  # noqa: E402
from judged_labels import LabelStore, squash  # noqa: E402

import summarize  # noqa: E402
from summarize.text import split_paragraphs, split_sentences  # noqa: E402

LANGUAGE_NAMES = {"de": "German", "en": "English"}
N_LEAD = 3
SENTENCES_PER_PARAGRAPH = 4  # only for display: long unbroken article texts are easier to check in short blocks


@dataclass
class OutputList:
    """One list a reader judges: its sentences, expected language, and every (system, kind) that produced it."""

    sentences: list[str]
    lang: str
    producers: list[dict[str, str]] = field(default_factory=list)


def lead3_sentences(record: Mapping[str, Any]) -> list[str]:
    """The article's first three sentences (what the benchmark's lead3 system outputs)."""
    body = summarize.parse_article(record["text"]).body
    return split_sentences(body, record["lang"])[:N_LEAD]


def collect_lists(
    record: Mapping[str, Any], docs_by_system: Mapping[str, Mapping[str, Any]], *, with_lead3: bool = True
) -> list[OutputList]:
    """Every output list of ``record``, identical lists (same sentences and language) merged, in a fixed order."""
    lists: dict[tuple[tuple[str, ...], str], OutputList] = {}

    def add(sentences: Sequence[str], lang: str, system: str, kind: str) -> None:
        sentences = [squash(s) for s in sentences if s.strip()]
        if not sentences:
            return
        entry = lists.setdefault((tuple(sentences), lang), OutputList(list(sentences), lang))
        entry.producers.append({"system": system, "kind": kind})

    for system, docs in docs_by_system.items():
        doc = docs.get(record["id"])
        if doc is None or "error" in doc:
            continue
        for kind, rows in fm.system_outputs(doc, dict(record), system).items():
            add([r["text"] for r in rows], rows[0]["lang"] if rows else record["lang"], system, kind)
    if with_lead3 and fm.LEAD3 not in docs_by_system:
        add(lead3_sentences(record), record["lang"], fm.LEAD3, fm.LEAD3)
    add(record.get("reference_bullets") or [], record["lang"], fm.REFERENCE, fm.REFERENCE)
    return list(lists.values())


def is_labelled(output: OutputList, record_id: str, store: LabelStore) -> bool:
    """Whether every sentence and the list itself already have labels for every producer's kind."""
    return all(
        store.list_label(record_id, p["kind"], output.sentences) is not None
        and all(store.sentence(record_id, p["kind"], s) is not None for s in output.sentences)
        for p in output.producers
    )


def shuffled(lists: Sequence[OutputList], record_id: str, seed: int) -> dict[str, OutputList]:
    """The lists under letters A, B, ... in an order drawn from ``seed`` and the record id (same every run)."""
    order = list(lists)
    random.Random(f"{seed}/{record_id}").shuffle(order)
    if len(order) > len(string.ascii_uppercase):
        raise ValueError(f"record {record_id}: {len(order)} lists, more than there are letters")
    return dict(zip(string.ascii_uppercase, order, strict=False))


def readable_paragraphs(body: str, lang: str, per_paragraph: int = SENTENCES_PER_PARAGRAPH) -> list[str]:
    """The article's paragraphs; one without breaks (as many datasets store them) is cut every few sentences."""
    paragraphs: list[str] = []
    for paragraph in split_paragraphs(body):
        sentences = split_sentences(paragraph, lang)
        if len(sentences) <= 2 * per_paragraph:
            paragraphs.append(paragraph)
            continue
        paragraphs += [" ".join(sentences[i : i + per_paragraph]) for i in range(0, len(sentences), per_paragraph)]
    return paragraphs


def packet_markdown(packet: str, record: Mapping[str, Any], lettered: Mapping[str, OutputList]) -> str:
    """The reader's packet: instructions, the article, then each list with numbered sentences."""
    article = summarize.parse_article(record["text"])
    title = record.get("title") or article.title
    n_sentences = sum(len(o.sentences) for o in lettered.values())
    lines = [
        f"# Reading packet {packet}",
        "",
        f"Label each of the {n_sentences} numbered sentences and each of the {len(lettered)} lists in "
        f"`labels/{packet}.jsonl`, by the rubric in docs/benchmarks/judging.md. Judge every sentence against "
        "the article below only. The lists are in no particular order.",
        "",
        'Fill the nulls: a sentence line gets `"support": "yes"|"partly"|"no", "fluent": "yes"|"no", '
        '"key_fact": "yes"|"no"`, a list line (item without a number) `"coverage": 1-5`; `"note"` is optional, '
        'e.g. `"note": "the date is not in the article"`.',
        "",
        "## Article",
        "",
        *([f"**{title}**", ""] if title else []),
    ]
    for paragraph in readable_paragraphs(article.body, record["lang"]):
        lines += [paragraph, ""]
    lines += ["## Lists", ""]
    for letter, output in lettered.items():
        lines += [f"### {letter} (expected language: {LANGUAGE_NAMES.get(output.lang, output.lang)})", ""]
        lines += [f"{letter}{i}. {sentence}" for i, sentence in enumerate(output.sentences, start=1)]
        lines.append("")
    return "\n".join(lines)


def label_template(packet: str, lettered: Mapping[str, OutputList]) -> list[dict[str, Any]]:
    """The lines a reader fills: per sentence support/fluent/key_fact, per list coverage (all null)."""
    lines: list[dict[str, Any]] = []
    for letter, output in lettered.items():
        for i, sentence in enumerate(output.sentences, start=1):
            lines.append({"packet": packet, "item": f"{letter}{i}", "text": sentence,
                          "support": None, "fluent": None, "key_fact": None, "note": ""})  # fmt: skip
        lines.append({"packet": packet, "item": letter, "coverage": None, "note": ""})
    return lines


def key_file(
    packet: str, dataset: str, record: Mapping[str, Any], lettered: Mapping[str, OutputList], seed: int
) -> dict[str, Any]:
    """What each letter is: never shown to readers."""
    return {
        "packet": packet, "dataset": dataset, "record_id": record["id"], "lang": record["lang"], "seed": seed,
        "lists": {letter: {"producers": o.producers, "lang": o.lang, "sentences": o.sentences}
                  for letter, o in lettered.items()},
    }  # fmt: skip


def write_packets(
    records: Sequence[Mapping[str, Any]], dataset: str, docs_by_system: Mapping[str, Mapping[str, Any]], out: Path,
    *, seed: int = 0, store: LabelStore | None = None, first_index: int = 1,
) -> list[str]:
    """Write a packet, a label template and a key per record; returns the packet ids written.

    With ``store``, lists already fully labelled are left out, and a record with nothing left gets no packet.
    """
    for sub in ("packets", "labels", "keys"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    for index, record in enumerate(records, start=first_index):
        lists = collect_lists(record, docs_by_system)
        if store is not None:
            lists = [o for o in lists if not is_labelled(o, record["id"], store)]
        if not lists:
            continue
        packet = f"{dataset}-{index:03d}"
        lettered = shuffled(lists, record["id"], seed)
        (out / "packets" / f"{packet}.md").write_text(packet_markdown(packet, record, lettered), encoding="utf-8")
        template = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in label_template(packet, lettered))
        (out / "labels" / f"{packet}.jsonl").write_text(template, encoding="utf-8")
        key = json.dumps(key_file(packet, dataset, record, lettered, seed), ensure_ascii=False, indent=1)
        (out / "keys" / f"{packet}.json").write_text(key + "\n", encoding="utf-8")
        written.append(packet)
    return written


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench-out", type=Path, required=True, help="the quality benchmark's --out directory")
    parser.add_argument("--data", action="append", required=True, type=Path, help="JSONL dataset; repeat for several")
    parser.add_argument("--limit", type=int, default=None, help="first N records of each dataset")
    parser.add_argument("--skip", type=int, default=0, help="skip the first N records of each dataset")
    parser.add_argument("--systems", default="default",
                        help="comma-separated system names as in the benchmark's log names (default: default)")
    parser.add_argument("--out", type=Path, required=True, help="scratch directory outside the repository")
    parser.add_argument("--seed", type=int, default=0, help="shuffle seed (default 0)")
    parser.add_argument("--skip-labelled", type=Path, default=None, metavar="STORE",
                        help="leave out lists whose sentences all have labels in this label store")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    store = LabelStore.load(args.skip_labelled) if args.skip_labelled else None
    total = 0
    for path in args.data:
        stem = dataset_stem(path)
        records = load_records(path, args.limit, args.skip)
        docs = {}
        for system in systems:
            log = args.bench_out / "docs" / f"{stem}__{system}.jsonl"
            if not log.exists():
                print(f"error: no benchmark log {log}", file=sys.stderr)
                return 1
            docs[system] = read_docs(log)
        written = write_packets(records, stem, docs, args.out, seed=args.seed, store=store, first_index=args.skip + 1)
        total += len(written)
        print(f"{stem}: {len(written)} packets")
    print(f"{total} packets in {args.out}/packets (keys in {args.out}/keys: never hand them to readers)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
