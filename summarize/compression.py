"""Sentence compression by deletion, verified exactly: a shortened sentence may only drop words of its source.

The model is asked to shorten an article sentence by deleting words. Whatever it answers is
accepted only when its words are a subsequence of the source sentence's words (same forms, same
order) and it keeps every word whose loss would change what the sentence claims: negations,
hedges and modals ("soll", "reportedly"), quantity qualifiers ("bis zu", "more than") and
"former"-type words. Deletion-based compression is the classic extractive compression setting
(Knight & Marcu 2002; Filippova et al. 2015, "Sentence compression by deletion with LSTMs");
the exact subsequence test makes it a guarantee instead of a hope.

When no compression passes, :func:`trim_at_clause` shortens the source sentence itself at a
clause boundary that cannot change its claim (a trailing relative or temporal clause).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

# Words, numbers ("8.000", "4,5", "2022") and hyphenated compounds ("US-Regierung") as units.
_TOKEN = re.compile(r"\w+(?:[-’'.,/:]\w+)*", re.UNICODE)

# Negation words: a shortening or a translation that loses or adds one reverses a claim. Lower-case forms.
NEGATIONS = {
    "de": frozenset("nicht kein keine keinen keinem keiner keines nie niemals nichts niemand weder ohne".split()),
    "en": frozenset("not no never nothing nobody none neither nor without cannot n't".split()),
}
# Words whose deletion can reverse a claim, un-hedge it or strip its attribution ("according to police"):
# a source sentence that has one keeps it in any shortening.
PROTECTED = {
    "de": NEGATIONS["de"] | frozenset(
        "soll sollen sollte sollten angeblich mutmaßlich mutmaßliche mutmaßlichen mutmaßlicher vermutlich "
        "möglicherweise offenbar laut zufolge angaben ehemalige ehemaliger ehemaligen ehemaligem früheren".split()
    ),
    "en": NEGATIONS["en"] | frozenset(
        "allegedly alleged reportedly suspected possibly probably may might could according former".split()
    ),
}
# Words that qualify a number ("bis zu 8.000" is not "8.000"): kept whenever the number they qualify is kept.
QUANTITY_QUALIFIERS = {
    "de": ("bis zu", "mehr als", "weniger als", "über", "unter", "rund", "etwa", "fast", "knapp", "mindestens",
           "höchstens", "circa", "ca", "annähernd", "nahezu", "gut"),
    "en": ("up to", "more than", "less than", "fewer than", "over", "under", "about", "around", "nearly", "almost",
           "at least", "at most", "roughly", "approximately", "some"),
}  # fmt: skip
_QUALIFIER_REACH = 3  # words before a number that may qualify it ("mehr als 1,5 Millionen", "up to about 300")
MIN_WORDS = 4  # a shorter "sentence" has lost its claim


def tokens(text: str) -> list[str]:
    """The words and numbers of ``text`` in order (NFC), punctuation dropped."""
    return _TOKEN.findall(unicodedata.normalize("NFC", text))


@dataclass(frozen=True)
class Verdict:
    """Whether an output passed a check, and if not, ``reason``: the first check it failed. Truthy when it passed."""

    ok: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.ok


DeletionCheck = Verdict  # the verdict on a shortening (check_deletion)


def _same(candidate: str, source: str, *, first: bool) -> bool:
    # The first word may change case ("Nach Angaben der Polizei wurde der Mann ..." -> "Der Mann ...").
    return candidate == source or (first and candidate.lower() == source.lower())


def is_subsequence(candidate: Sequence[str], source: Sequence[str]) -> bool:
    """Whether ``candidate`` is ``source`` with words deleted (the first candidate word may change case)."""
    i = 0
    for n, word in enumerate(candidate):
        while i < len(source) and not _same(word, source[i], first=n == 0):
            i += 1
        if i == len(source):
            return False
        i += 1
    return True


def check_deletion(candidate: str, source: str, lang: str) -> DeletionCheck:
    """Whether ``candidate`` only deletes words of ``source`` and keeps every protected word.

    ``lang`` selects the protected-word list (``"de"`` or ``"en"``; other languages get none).
    """
    cand, src = tokens(candidate), tokens(source)
    if len(cand) < MIN_WORDS:
        return DeletionCheck(False, "too short")
    if not is_subsequence(cand, src):
        return DeletionCheck(False, "adds or changes words")
    protected = PROTECTED.get(lang, frozenset())
    kept = {w.lower() for w in cand}
    lost = sorted({w.lower() for w in src if w.lower() in protected} - kept)
    lost += _lost_qualifiers(cand, src, lang)
    if lost:
        return DeletionCheck(False, f"drops {', '.join(lost)}")
    return DeletionCheck(True)


def _lost_qualifiers(candidate: Sequence[str], source: Sequence[str], lang: str) -> list[str]:
    """Qualifiers of a number that ``candidate`` keeps but whose qualifier it drops."""
    lowered_source = [w.lower() for w in source]
    candidate_text = " " + " ".join(w.lower() for w in candidate) + " "
    kept_numbers = {w for w in candidate if any(ch.isdigit() for ch in w)}
    lost = []
    for i, word in enumerate(source):
        if word not in kept_numbers:
            continue
        before = " " + " ".join(lowered_source[max(0, i - _QUALIFIER_REACH) : i]) + " "
        for qualifier in QUANTITY_QUALIFIERS.get(lang, ()):
            phrase = f" {qualifier} "
            if phrase in before and phrase not in candidate_text:
                lost.append(qualifier)
    return lost


# A comma, then a word that opens a clause whose loss leaves the main claim intact.
_TRAILING_CLAUSE = {
    "de": re.compile(
        r",\s+(?:der|die|das|dem|den|deren|dessen|welche[rsmn]?|nachdem|als|wobei|während|weil|da|wo|womit|"
        r"wodurch|sodass|so dass|bevor|seit|seitdem|um)\s",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r",\s+(?:who|which|whose|where|when|while|after|before|since|as|because|although|though)\s", re.IGNORECASE
    ),
}


def trim_at_clause(sentence: str, lang: str, *, max_words: int) -> str | None:
    """``sentence`` cut before a trailing relative or adverbial clause, as close to ``max_words`` words as it gets.

    The longest head of at most ``max_words`` words, else the shortest longer one; None when no
    cut exists or every head keeps fewer than ``MIN_WORDS`` words. Clauses that carry the claim
    itself ("dass"/"that", "ob"/"whether") are never cut. Callers check that the head is still a
    full sentence (``fluency.is_full_sentence``).
    """
    pattern = _TRAILING_CLAUSE.get(lang)
    if pattern is None:
        return None
    heads = [sentence[: m.start()].rstrip(" ,;:–-") for m in pattern.finditer(sentence)]
    heads = [h for h in heads if len(tokens(h)) >= MIN_WORDS]
    if not heads:
        return None
    fitting = [h for h in heads if len(tokens(h)) <= max_words]
    best = fitting[-1] if fitting else heads[0]
    return best + ("" if best.endswith((".", "!", "?")) else ".")
