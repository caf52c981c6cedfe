"""Language purity: the words of a German or English text that belong to the other language.

The issue behind this module: half the English summaries of German articles left German words
untranslated ("the Polizei said ..."), and German summaries of English articles mixed in English.
A word of a text in language T counts as a word of the other language O when

1. it is a function word only O spells that way (``function_words.markers``: "und", "wurde",
   "the", "with"), written in lower case (a capitalised one is a name: "Der Spiegel"), and not a
   name particle before a name ("von der Leyen");
2. or, for German in English text, it is a capitalised German common noun (``lexicon``,
   Wiktionary's noun list, compounds by their head) that Wiktionary does not also list as a name
   and that English does not use (word frequency in English below ``ENGLISH_KNOWN_ZIPF``):
   "Polizei", "Ferienwohnungen", but not "Hotel", "Team", "Kindergarten" or "Müller";
3. or it is a lower-case word far more frequent in O than in T (``MARGIN_ZIPF``) and not common
   in T (``COMMON_ZIPF``): "sagte" in English, "said" in German.

Word frequencies are Zipf values from ``wordfreq`` (Speer et al., log10 of uses per billion words;
3 is about once per million words). Acronyms (all capitals), one-letter words and spellings both
languages share are never counted.
Supported languages: "de" and "en".
"""

from __future__ import annotations

import re
from typing import NamedTuple

from wordfreq import zipf_frequency

from .errors import InvalidInputError
from .function_words import SHARED_SPELLINGS, markers
from .lexicon import is_german_common_noun, is_listed_name, split_german_compound

LANGUAGES = ("de", "en")
MARGIN_ZIPF = 1.5  # how much more frequent in the other language a lower-case word must be
COMMON_ZIPF = 4.0  # a word at least this frequent in the text's own language belongs to it ("die", "hat")
ENGLISH_KNOWN_ZIPF = 2.5  # a German noun English uses at least this often is English too ("Hotel", "Angst")
NAME_PARTICLES = frozenset({"von", "vom", "zu", "zur", "van"})  # "von der Leyen": "der" after one of these too

_WORD = re.compile(r"[^\W\d_]+")


class Purity(NamedTuple):
    """The words of a text (count) and those of them that belong to the other language (surface forms)."""

    words: int
    foreign: tuple[str, ...]

    @property
    def share(self) -> float:
        """Share of the text's words that belong to the other language, in [0, 1]; 0.0 for no words."""
        return len(self.foreign) / self.words if self.words else 0.0


def _other(lang: str) -> str:
    if lang not in LANGUAGES:
        raise InvalidInputError(f"language purity knows {' and '.join(LANGUAGES)}, not {lang!r}")
    return "en" if lang == "de" else "de"


def _is_german_noun_in_english(word: str) -> bool:
    if not is_german_common_noun(word) or is_listed_name(word):
        return False
    german, english = zipf_frequency(word.lower(), "de"), zipf_frequency(word.lower(), "en")
    if english >= ENGLISH_KNOWN_ZIPF:
        return False
    if german == english == 0.0:  # a compound neither language's word list has: "Hafenblockade"
        return split_german_compound(word) is not None
    return german - english >= MARGIN_ZIPF


def _far_more_frequent(word: str, lang: str, other: str) -> bool:
    own = zipf_frequency(word, lang)
    return own < COMMON_ZIPF and zipf_frequency(word, other) - own >= MARGIN_ZIPF


def _in_name(words: list[str], i: int) -> bool:
    """Whether ``words[i]`` is a name particle: "von" before "Weizsäcker", "von der" before "Leyen"."""
    lowered = words[i].lower()
    rest = words[i + 1 : i + 3]
    if lowered in NAME_PARTICLES and rest and rest[0].lower() in {"der", "den"}:
        rest = rest[1:]  # "von der Leyen"
    elif lowered not in NAME_PARTICLES and not (i > 0 and words[i - 1].lower() in NAME_PARTICLES):
        return False
    return bool(rest) and rest[0][:1].isupper()


def foreign_words(text: str, lang: str) -> Purity:
    """The words of ``text`` (written in ``lang``, "de" or "en") that belong to the other language.

    Raises ``InvalidInputError`` for another ``lang``.
    """
    other = _other(lang)
    other_markers = markers(other)
    words = _WORD.findall(text)
    foreign: list[str] = []
    for i, word in enumerate(words):
        if len(word) < 2 or word.isupper() or word.lower() in SHARED_SPELLINGS:
            continue
        lowered = word.lower()
        capitalised = word[0].isupper()
        initial = i == 0
        if lowered in other_markers and (not capitalised or initial):
            if not _in_name(words, i):
                foreign.append(word)
            continue
        if other == "de" and capitalised and _is_german_noun_in_english(word):
            foreign.append(word)
        elif (not capitalised or initial) and _far_more_frequent(lowered, lang, other):
            if not (capitalised and lang == "de" and is_german_common_noun(word)):  # may open a German sentence
                foreign.append(word)
    return Purity(len(words), tuple(foreign))
