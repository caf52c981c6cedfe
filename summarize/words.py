"""Words: the tokenizer and the overlap measures that everything counting words uses.

One vocabulary below the pipeline: salience (``extractive``), agreement (``consensus``),
copy checks (``answers``) and ROUGE (``scoring``) all see the same words.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Collection

import regex
import Stemmer

from .text import has_letters, normalize_text

# ISO 639-1 -> Snowball algorithm name in PyStemmer.
SNOWBALL_LANGUAGES = {
    "ar": "arabic", "ca": "catalan", "cs": "czech", "da": "danish", "de": "german", "el": "greek",
    "en": "english", "es": "spanish", "et": "estonian", "eu": "basque", "fi": "finnish", "fr": "french",
    "ga": "irish", "hi": "hindi", "hu": "hungarian", "hy": "armenian", "id": "indonesian", "it": "italian",
    "lt": "lithuanian", "ne": "nepali", "nl": "dutch", "no": "norwegian", "pl": "polish", "pt": "portuguese",
    "ro": "romanian", "ru": "russian", "sr": "serbian", "sv": "swedish", "ta": "tamil", "tr": "turkish",
}  # fmt: skip

_UNSPACED = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}"
# One character (with its marks) of a script written without spaces, or a run of letters, digits and marks:
# combining marks stay in their word (Devanagari vowel signs), Chinese/Japanese/Thai are scored per
# character, the usual convention for ROUGE on those scripts, so no word segmenter is needed.
_TOKEN = regex.compile(
    rf"[{_UNSPACED}]\p{{M}}*|[[\p{{L}}\p{{N}}]--[{_UNSPACED}]][[\p{{L}}\p{{M}}\p{{N}}]--[{_UNSPACED}]]*", regex.V1
)
MIN_STEM_LENGTH = 4  # like rouge-score: short words are left unstemmed
# The fewest whitespace-separated words of a sentence worth showing: fewer is a heading, byline or fragment.
MIN_SENTENCE_WORDS = 3

_UNSPACED_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
CHARS_PER_UNSPACED_WORD = 2  # Chinese and Japanese words average about two characters


class WordTokenizer:
    """Lower-cased Unicode words (umlauts, ß, accents and non-Latin scripts kept), stemmed for ``lang``.

    Implements rouge-score's tokenizer interface (a ``tokenize(text)`` method).
    Languages without a Snowball stemmer (and ``stem=False``) get unstemmed words.
    """

    def __init__(self, lang: str, *, stem: bool = True) -> None:
        algorithm = SNOWBALL_LANGUAGES.get(lang) if stem else None
        self.lang = lang
        self._stemmer = Stemmer.Stemmer(algorithm) if algorithm else None

    def tokenize(self, text: str) -> list[str]:
        words = _TOKEN.findall(normalize_text(text).lower())
        if self._stemmer is None:
            return words
        return [self._stemmer.stemWord(w) if len(w) >= MIN_STEM_LENGTH else w for w in words]


# Words, numbers ("8.000", "4,5", "2022") and hyphenated compounds ("US-Regierung") as units.
_CLAIM_TOKEN = re.compile(r"\w+(?:[-’'.,/:]\w+)*", re.UNICODE)


def tokens(text: str) -> list[str]:
    """The words and numbers of ``text`` in order (NFC, case kept), punctuation dropped: the units the checks
    compare (a shortening keeps them, a translation keeps the numbers among them)."""
    return _CLAIM_TOKEN.findall(unicodedata.normalize("NFC", text))


def count_whitespace_tokens(text: str) -> int:
    """Whitespace-separated tokens of ``text``, punctuation and numbers included: how long a sentence looks."""
    return len(text.split())


def count_letter_words(text: str) -> int:
    """Words of ``text`` that contain a letter; in scripts written without spaces, two characters count as a word.

    How much language a text holds (a row of numbers or emoji holds none).
    """
    spaced = sum(1 for token in text.split() if has_letters(token) and not _UNSPACED_SCRIPT.search(token))
    return spaced + len(_UNSPACED_SCRIPT.findall(text)) // CHARS_PER_UNSPACED_WORD


def overlap_coefficient(a: Collection[str], b: Collection[str]) -> float:
    """Distinct words shared, over the distinct words of the smaller side, in [0, 1]; 0.0 when either is empty.

    (Szymkiewicz-Simpson.) 1.0 when one side's words are all in the other: a shorter
    sentence contained in a longer one counts as a repeat of it.
    """
    a, b = set(a), set(b)
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def precision(candidate: Counter[str], evidence: Counter[str]) -> float:
    """The share of ``candidate``'s words (with repeats) found in ``evidence``; 0.0 for no candidate words."""
    return sum((candidate & evidence).values()) / (sum(candidate.values()) or 1)


def f1(candidate: Counter[str], reference: Counter[str]) -> float:
    """ROUGE-1 F1 of two bags of words: the harmonic mean of shared-word precision and recall."""
    overlap = sum((candidate & reference).values())
    if not overlap:
        return 0.0
    p = overlap / sum(candidate.values())
    r = overlap / sum(reference.values())
    return 2 * p * r / (p + r)


def word_f1(a: str, b: str, tokenizer: WordTokenizer) -> float:
    """ROUGE-1 F1 of two texts (as ``scoring.score``'s ``rouge1``, without building a scorer)."""
    return f1(Counter(tokenizer.tokenize(a)), Counter(tokenizer.tokenize(b)))
