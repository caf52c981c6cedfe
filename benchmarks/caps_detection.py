"""Language detection on text in capitals: does lower-casing it help, and does it hurt ordinary text?

Reads the first N records of German and English news JSONL files (``text`` field) and counts correct
detections on the full text, its first 200 characters, and those characters in capitals, for three
policies: never lower-case (before issue 13), always lower-case, lower-case when most cased letters
are capitals (what ``detect_language`` does).

    PYTHONPATH=$PWD python benchmarks/caps_detection.py /work/shared/data/de_news.jsonl:de /work/shared/data/en_news.jsonl:en
"""

from __future__ import annotations

import argparse
import itertools
import json

from summarize import language
from summarize.language import detect_language


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("datasets", nargs="+", help="PATH:LANG, a JSONL file with a 'text' field and its language")
    parser.add_argument("--records", type=int, default=50)
    args = parser.parse_args()
    datasets = []
    for spec in args.datasets:
        path, lang = spec.rsplit(":", 1)
        with open(path, encoding="utf-8") as handle:
            datasets.append((path, lang, [json.loads(line)["text"] for line in itertools.islice(handle, args.records)]))
    policy = language._mostly_upper_case
    for name, rule in (("never lower", lambda _: False), ("always lower", lambda _: True), ("lower if mostly caps", policy)):
        language._mostly_upper_case = rule
        for path, lang, texts in datasets:
            counts = [sum(detect_language(t).lang == lang for t in variant) for variant in
                      (texts, [t[:200] for t in texts], [t[:200].upper() for t in texts])]  # fmt: skip
            n = len(texts)
            print(f"{name:22} {path}: full {counts[0]}/{n}  first 200 chars {counts[1]}/{n}  same in capitals {counts[2]}/{n}")
    language._mostly_upper_case = policy


if __name__ == "__main__":
    main()
