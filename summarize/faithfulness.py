"""Flag numbers and names in generated text that the source does not support.

A cheap hallucination signal: every number in an output must occur in the source,
and every capitalised word that does not start a sentence must match a source word
(exactly within one language; by a near-identical prefix across languages, so that
"Russia" is supported by "Russland" but "Berlin" is not supported by "Bonn").
In German output, ordinary nouns (from a Wiktionary noun list, see ``languages``) are not names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .languages import is_common_noun
from .text import normalize_text

_NUMBER = re.compile(r"\d+(?:[.,\s]\d{3})*(?:[.,]\d+)?")
_WORD = re.compile(r"[^\W\d_][^\W_]*(?:-[^\W\d_][^\W_]*)*")
CROSS_LINGUAL_PREFIX = 4
# Capitalised words that are never names: German nouns are capitalised, so in German
# only words that the source does not contain in any case count as new names.
_ENGLISH_COMMON = frozenset(
    "i the a an in on at of and or but for to by with from as after before during since according "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december it he she they we this that these those there".split()
)


@dataclass(frozen=True)
class Unsupported:
    """What an output claims that its source does not support."""

    numbers: tuple[str, ...]
    names: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.numbers or self.names)


def _digits(number: str) -> str:
    # "8.000", "8,000" and "8 000" are the same number in German and English texts.
    return re.sub(r"[.,\s]", "", number)


def numbers_in(text: str) -> set[str]:
    """The numbers in ``text`` as digit strings, separators removed."""
    return {_digits(m.group()) for m in _NUMBER.finditer(text)}


def _capitalised_non_initial(text: str) -> list[str]:
    names = []
    for sentence in re.split(r"(?<=[.!?:;])\s+|\n+", text):
        words = _WORD.findall(sentence)
        names += [w for w in words[1:] if w[:1].isupper()]
    return names


def _near_any(word: str, source_words: set[str], prefixes: set[str]) -> bool:
    """Cross-lingual match: a source word contains ``word``, or a prefix differs in at most one letter."""
    if len(word) >= CROSS_LINGUAL_PREFIX and any(word in w for w in source_words):
        return True
    head = word[:CROSS_LINGUAL_PREFIX]
    return any(
        len(p) == len(head) and sum(a != b for a, b in zip(p, head)) <= 1 for p in prefixes
    )


def unsupported_content(
    output: str, source: str, *, cross_lingual: bool = False, output_lang: str | None = None, avoid: str = ""
) -> Unsupported:
    """Numbers and names in ``output`` not found in ``source``.

    With ``cross_lingual=True`` (output and source in different languages) a name counts
    as supported when a source word contains it ("Korea" in "Nordkorea") or starts with
    nearly the same four letters ("North" / "Nord", "Russia" / "Russland").
    With ``output_lang`` set, the ordinary nouns of that language (``languages``: in German,
    capitalised common nouns such as "Bundesbehörden") are not names: a German sentence
    written from an English article uses nouns the source cannot contain.
    Words of ``avoid`` (text the output must not borrow from, such as a prompt's worked example)
    get no such pass: a common noun from there that the source lacks still counts.
    All three texts go through :func:`~summarize.text.normalize_text` first, so that "Jürgens"
    written decomposed (NFD) or with a soft hyphen matches its composed form.
    """
    output, source, avoid = normalize_text(output), normalize_text(source), normalize_text(avoid)
    source_numbers = numbers_in(source)
    numbers = tuple(sorted(n for n in numbers_in(output) if n not in source_numbers))
    source_words = {w.lower() for w in _WORD.findall(source)}
    source_words |= {part for w in source_words for part in w.split("-")}
    prefixes = {w[:CROSS_LINGUAL_PREFIX] for w in source_words if len(w) >= CROSS_LINGUAL_PREFIX}
    avoided = {w.lower() for w in _WORD.findall(avoid)}
    names: list[str] = []
    for name in _capitalised_non_initial(output):
        lowered = name.lower()
        if lowered in source_words or lowered in _ENGLISH_COMMON:
            continue
        if all(part in source_words for part in lowered.split("-")):
            continue
        if cross_lingual and _near_any(lowered, source_words, prefixes):
            continue
        if lowered not in avoided and is_common_noun(name, output_lang):
            continue
        names.append(name)
    return Unsupported(numbers, tuple(dict.fromkeys(names)))
