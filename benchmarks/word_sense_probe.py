"""Does the model know the German words its judged mistranslations hinged on, asked one at a time?

    PYTHONPATH=$PWD python benchmarks/word_sense_probe.py --out docs/benchmarks/word-sense-probe.md

The blind readings of the English summaries of German articles (docs/benchmarks/judged/labels.jsonl) name, in
their notes, the word a wrong translation turned on ("'Pendler' as 'pendulum'", "'abgeschafft' (abolished)
rendered as 'acquired'", ...). Each such word or phrase is asked here alone, out of any sentence, under a
dictionary prompt (greedy, at most ``MAX_NEW_TOKENS`` new tokens), next to common news words as controls. An
answer counts as right when it contains one of the accepted English renderings (standard dictionary senses,
written for this probe). If the model knew the words and only lost them in context, a glossary it writes itself
could help its translations; if it does not know them, no prompt or check around the same model can (a glossary
from a real dictionary is another matter).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from summarize.models.base import Prompt
from summarize.models.loading import load_generator

MAX_NEW_TOKENS = 8
SYSTEM = "You are a German-English dictionary."
QUESTION = 'What is the English translation of the German word "{word}"? Reply with the English word or phrase only.'

# (German word or phrase, accepted English renderings): words the judged wrong translations turned on.
MISTRANSLATED: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Pendler", ("commuter",)),
    ("abgeschafft", ("abolish", "scrapped", "eliminated", "done away")),
    ("Sparpläne", ("savings plan",)),
    ("Hufeisen", ("horseshoe",)),
    ("Kindesentführung", ("abduction", "kidnap")),
    ("brach zusammen", ("collapsed", "broke down")),
    ("lohnt sich", ("worth", "pays off")),
    ("Nesseltier", ("cnidarian", "jellyfish")),
    ("nach Gutdünken", ("arbitrar", "discretion", "saw fit", "at will", "as one pleases")),
    ("zurechtfinden", ("find one's way", "find your way", "bearings", "orient", "cope")),
    ("schätzen gelernt", ("appreciate", "to value")),
    ("kam zur Welt", ("born",)),
    ("anlesen", ("skim", "read into", "begin to read", "start reading")),
    ("Zeitgeist", ("zeitgeist", "spirit of the time")),
    ("Schoß", ("lap",)),
    ("abhandengekommen", ("lost", "missing", "gone")),
    ("stimmungsvoll", ("atmospheric", "evocative", "full of atmosphere")),
    ("Torschütze", ("scorer",)),
    ("gentechnikfreies Futter", ("gmo-free", "gm-free", "non-gmo", "gmo free")),
    ("Ruck", ("jerk", "jolt", "tug")),
)
# Common news words, as controls: the probe's prompt works when these come back right.
CONTROLS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Regierung", ("government",)),
    ("Bürgermeister", ("mayor",)),
    ("Polizei", ("police",)),
    ("Krankenhaus", ("hospital",)),
    ("Wahl", ("election", "choice", "vote", "voting")),
    ("Fähre", ("ferry",)),
    ("vermeiden", ("avoid",)),
    ("Hochwasser", ("flood", "high water")),
)


def is_right(answer: str, accepted: Sequence[str]) -> bool:
    """Whether ``answer`` contains one of the ``accepted`` renderings (case-insensitive)."""
    lowered = answer.lower()
    return any(rendering in lowered for rendering in accepted)


def report(rows: Sequence[tuple[str, str, str, bool]], command: str, model: str) -> str:
    """A markdown report of ``(group, word, answer, right)`` rows."""
    lines = [
        "# The model's translation of single German words (word-sense probe)",
        "",
        f"Command: `{command}`  ",
        (
            f"Model: {model}; greedy, at most {MAX_NEW_TOKENS} new tokens; prompt: system \"{SYSTEM}\", user "
            f"\"{QUESTION.format(word='…')}\""
        ),
        "",
    ]
    for group in ("mistranslated", "control"):
        mine = [row for row in rows if row[0] == group]
        right = sum(row[3] for row in mine)
        lines += [f"**{group}**: {right} of {len(mine)} right", "", "| word | answer | right |", "|---|---|---|"]
        lines += [f"| {word} | {answer.replace('|', '/')} | {'yes' if ok else 'no'} |" for _, word, answer, ok in mine]
        lines.append("")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="model to probe (default: the embedded one)")
    parser.add_argument("--out", type=Path, default=None, help="write the markdown report here (default: print it)")
    args = parser.parse_args(argv)
    generator = load_generator(args.model)
    groups = [("mistranslated", word, accepted) for word, accepted in MISTRANSLATED]
    groups += [("control", word, accepted) for word, accepted in CONTROLS]
    prompts = [Prompt(system=SYSTEM, user=QUESTION.format(word=word), seq2seq=f"translate German to English: {word}")
               for _, word, _ in groups]  # fmt: skip
    answers = generator.generate(prompts, max_new_tokens=MAX_NEW_TOKENS)
    rows = []
    for (group, word, accepted), answer in zip(groups, answers, strict=True):
        first = answer.text.strip().splitlines()[0] if answer.text.strip() else ""
        rows.append((group, word, first, is_right(first, accepted)))
    command = "python benchmarks/word_sense_probe.py " + " ".join(sys.argv[1:] if argv is None else argv)
    text = report(rows, command.strip(), generator.name)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
