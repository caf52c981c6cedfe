"""Sentence compression by deletion, verified exactly: a shortened sentence may only drop words of its source.

The model is asked to shorten an article sentence by deleting words. Whatever it answers is
accepted only when its words are a subsequence of the source sentence's words (same forms, same
order) and it keeps every word whose loss would change what the sentence claims: negations,
hedges and modals ("soll", "reportedly"), quantity qualifiers ("bis zu", "more than") and
"former"-type words. Deletion-based compression is the classic extractive compression setting
(Knight & Marcu 2002; Filippova et al. 2015, "Sentence compression by deletion with LSTMs");
the exact subsequence test makes it a guarantee instead of a hope.

When no compression passes, the source sentence is shown whole: cutting it at a clause boundary left
fragments and overstatements in a blind reading ("Was waren das für Zeiten.", docs/benchmarks/README.md).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .fluency import is_full_sentence, pos_tags
from .words import tokens

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
# Quantifiers and limiting adverbs: dropping one overstates a claim ("von vielen als Heldin gefeiert" is not
# "als Heldin gefeiert", "zeitweise 1,18 Dollar" is not "1,18 Dollar"). Found by the blind reading of issue 12.
SCOPE_WORDS = {
    "de": frozenset(
        "viele vielen vieler vielem manche manchen mancher manches einige einigen einiger wenige wenigen "
        "teils teilweise teil zeitweise zeitweilig vorerst vorläufig zunächst kaum meist meistens oft häufig "
        "selten beinahe nur vielleicht wohl".split()
    ),
    "en": frozenset(
        "many some few several most partly partially temporarily briefly mostly often rarely only maybe perhaps "
        "likely apparently".split()
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


def alignment(candidate: Sequence[str], source: Sequence[str]) -> list[int] | None:
    """The source position of each candidate word, matched leftmost, or None when ``candidate`` is not
    ``source`` with words deleted (the first candidate word may change case)."""
    positions, i = [], 0
    for n, word in enumerate(candidate):
        while i < len(source) and not _same(word, source[i], first=n == 0):
            i += 1
        if i == len(source):
            return None
        positions.append(i)
        i += 1
    return positions


def is_subsequence(candidate: Sequence[str], source: Sequence[str]) -> bool:
    """Whether ``candidate`` is ``source`` with words deleted (the first candidate word may change case)."""
    return alignment(candidate, source) is not None


def check_deletion(candidate: str, source: str, lang: str) -> DeletionCheck:
    """Whether ``candidate`` only deletes words of ``source`` and keeps every protected word.

    Also rejected (each rule from a shortening the blind reading of issue 12 judged partly supported or not
    fluent): a shortened quote (``has_direct_speech``), a quantifier or limiting adverb dropped from inside
    what is kept (``SCOPE_WORDS``), a start dropped that leaves the clause broken, and an end dropped anywhere
    but before "und"/"and" joining a second clause (``coordination_starts``). ``reason`` names the first
    rule that failed.

    ``lang`` selects the protected-word list (``"de"`` or ``"en"``; other languages get none).
    """
    cand, src = tokens(candidate), tokens(source)
    if len(cand) < MIN_WORDS:
        return DeletionCheck(False, "too short")
    if not is_subsequence(cand, src):
        return DeletionCheck(False, "adds or changes words")
    added = added_symbols(candidate, source)
    if added:
        return DeletionCheck(False, f"adds {' '.join(added)}")
    if has_direct_speech(source):
        return DeletionCheck(False, "shortens direct speech")
    protected = PROTECTED.get(lang, frozenset())
    kept = {w.lower() for w in cand}
    lost = sorted({w.lower() for w in src if w.lower() in protected} - kept)
    lost += _lost_scope_words(cand, src, lang)
    lost += _lost_qualifiers(cand, src, lang)
    if lost:
        return DeletionCheck(False, f"drops {', '.join(lost)}")
    if not _keeps_start(cand, src, source, lang):
        return DeletionCheck(False, "cuts the sentence's start")
    if not _keeps_end(cand, src, source, lang):
        return DeletionCheck(False, "cuts the sentence's end")
    return DeletionCheck(True)


def added_symbols(candidate: str, source: str) -> list[str]:
    """The signs ``candidate`` has more often than ``source`` ("45" -> ">45", "~45", "45+", "dauern?"): words
    are compared by ``tokens``, which drops them, yet each changes the claim. A full stop is free (a shortened
    sentence gets one)."""
    have, had = Counter(_signs(candidate)), Counter(_signs(source))
    return sorted((have - had).keys())


def _signs(text: str) -> list[str]:
    return [c for c in text if not (c.isalnum() or c.isspace() or c == ".")]


# Quotation marks: a shortened quote loses its speaker or reads as the paper's own claim, and the model
# translates quoted speech (idioms) badly. Single quotes count only when they open: "Jones' car" is no quote.
DOUBLE_QUOTES = '"„“”«»'  # every style of double quotation mark and guillemet
_QUOTES = re.compile(rf"[{DOUBLE_QUOTES}]|(?:^|[\s(])[‚‘'](?=\w)")


def has_direct_speech(sentence: str) -> bool:
    """Whether ``sentence`` quotes someone (double quotes of any style, or an opening single quote)."""
    return _QUOTES.search(sentence) is not None


# Words before a sentence's subject that may go without breaking it: coordinating conjunctions, which stand
# outside the German verb-second clause ("Und vielleicht müsste man ..." -> "Vielleicht müsste man ...").
_DROPPABLE_OPENERS = {
    "de": frozenset("und doch aber denn oder sondern".split()),
    "en": frozenset("and but so yet or".split()),
}


def _keeps_start(cand: Sequence[str], src: Sequence[str], source: str, lang: str) -> bool:
    """Whether ``cand`` starts where ``source`` does, or drops only what leaves the clause whole:
    conjunctions before it, or a phrase set off by a comma ("On Monday, police ...", "Der Leiter des
    Zentrums, Andriy Kovalenko, schrieb ..." -> "Kovalenko schrieb ...").

    German keeps its verb in second place: dropping a sentence's first phrase ("Am Montag hat die
    Polizei ...") leaves "hat die Polizei ...", so in German the new first word must be a capitalised
    noun or name.
    """
    if not cand or _same(cand[0], src[0], first=True):
        return True
    dropped = next((i for i, word in enumerate(src) if _same(cand[0], word, first=True)), 0)
    if all(word.lower() in _DROPPABLE_OPENERS.get(lang, frozenset()) for word in src[:dropped]):
        return True
    head = r"\W+".join(re.escape(word) for word in src[: dropped + 1])
    match = re.match(rf"\W*{head}", source)
    if match is None or "," not in match.group():
        return False
    return lang == "en" or src[dropped][:1].isupper()


def _keeps_end(cand: Sequence[str], src: Sequence[str], source: str, lang: str) -> bool:
    """Whether ``cand`` ends where ``source`` does, or before "und"/"and" joining a second clause to a complete
    first one (``coordination_starts``); any other cut leaves a clause without its end ("die einen mit mehr.",
    "when Australian Marc Leishman.") or a forward reference without its clause ("zu denen in der Union.")."""
    if not cand or cand[-1] == src[-1]:
        return True
    for start in coordination_starts(source, lang):
        head = tokens(source[:start])
        if head and head[-1] == cand[-1] and is_subsequence(cand, head):
            return True
    return False


def _lost_scope_words(candidate: Sequence[str], source: Sequence[str], lang: str) -> list[str]:
    """Scope words (``SCOPE_WORDS``) deleted from inside what ``candidate`` keeps; a whole clause cut with its
    "oft" loses no scope of what is left."""
    scope = SCOPE_WORDS.get(lang, frozenset())
    positions = alignment(candidate, source) or []
    kept = set(positions)
    inside = range(positions[0], positions[-1] + 1) if positions else range(0)
    return sorted({source[i].lower() for i in inside if i not in kept and source[i].lower() in scope})


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


# Never before "aber"/"but": "zwar ... aber" and "not only ... but" are one claim in two halves.
_COORDINATION = {"de": re.compile(r",?\s+(?:und|sowie)\s"), "en": re.compile(r",?\s+and\s")}


def coordination_starts(sentence: str, lang: str) -> list[int]:
    """Character offsets of the "und"/"and" that join a second clause or verb phrase to a complete first one.

    The first part must be a full sentence (in German ending in its verb, so the verb bracket is
    closed: "Die Überfahrt soll 45 Minuten dauern | und ... sein") and the rest must hold a verb:
    "Äpfel und Birnen" is one object, not two claims.
    """
    pattern = _COORDINATION.get(lang)
    if pattern is None:
        return []
    starts = []
    for match in pattern.finditer(sentence):
        head, rest = sentence[: match.start()], sentence[match.end() :]
        head_tags = [tag for _, tag in pos_tags(head, lang)]
        rest_has_verb = any(tag.startswith("V") for _, tag in pos_tags(rest, lang))
        if not head_tags or not rest_has_verb or not is_full_sentence(head, lang):
            continue
        if lang == "de" and not head_tags[-1].startswith("V"):
            continue
        starts.append(match.start())
    return starts
