"""German common nouns, to tell them from names. Imports nothing from the package.

German capitalises every noun, so a capitalised word is no sign of a name there. The
noun list of the ``german-nouns`` package (about 100,000 lemmas from the German
Wiktionary, with their inflected forms) says which words are ordinary nouns.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

# Wiktionary parts of speech that mark a noun as a name (or not a word at all).
_NAME_KINDS = frozenset({"Vorname", "Nachname", "Eigenname", "Toponym", "Straßenname", "Abkürzung", "Buchstabe", "Symbol"})
_FIRST_FORM_COLUMN = 7  # lemma, pos, then five gender columns; inflected forms follow
MIN_COMPOUND_HEAD = 5  # "Bundesbehörden" ends in the noun "behörden"; "Hoffmann" does not count through "mann"


@lru_cache(maxsize=1)
def _common_noun_forms() -> frozenset[str]:
    """Every form (lower-cased) of every noun that is not a name, loaded once (about a second)."""
    forms: set[str] = set()
    with resources.files("german_nouns").joinpath("nouns.csv").open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        next(rows)  # header
        for row in rows:
            if _NAME_KINDS.isdisjoint(row[1].split(",")):
                forms.add(row[0].lower())
                forms.update(form.lower() for form in row[_FIRST_FORM_COLUMN:] if form)
    return frozenset(forms)


@lru_cache(maxsize=1)
def _name_forms() -> frozenset[str]:
    """Every lemma (lower-cased) that Wiktionary lists as a name or abbreviation, loaded once."""
    with resources.files("german_nouns").joinpath("nouns.csv").open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        next(rows)  # header
        return frozenset(row[0].lower() for row in rows if not _NAME_KINDS.isdisjoint(row[1].split(",")))


def is_listed_name(word: str) -> bool:
    """Whether Wiktionary lists ``word`` as a name (first name, surname, place, ...) or abbreviation,
    whether or not it is also a common noun ("Müller", "Berlin")."""
    return word.lower() in _name_forms()


def is_listed_german_noun(word: str) -> bool:
    """Whether ``word`` is itself a listed form of an ordinary German noun (no compound reading)."""
    return word.lower() in _common_noun_forms()


def is_german_common_noun(word: str) -> bool:
    """Whether ``word`` is a form of an ordinary German noun, or a compound that ends in one.

    German forms new compounds freely ("Bundesbehörden"), so a word also counts when it
    ends in a listed noun of at least ``MIN_COMPOUND_HEAD`` letters. Names are not
    listed as common nouns, except where the same word is both ("Müller", "Berg").
    """
    forms = _common_noun_forms()
    lowered = word.lower().split("-")[-1]  # "Bergbahnen-Verwaltungsrats": the last part is the head
    if lowered in forms:
        return True
    return any(lowered[start:] in forms for start in range(1, len(lowered) - MIN_COMPOUND_HEAD + 1))


_LINKING_ELEMENTS = ("", "s", "es", "n", "en", "e", "er")  # "Heizung|s|gesetz", "Kind|er|garten"
MIN_COMPOUND_MODIFIER = 3


def split_german_compound(word: str) -> tuple[str, str] | None:
    """``(modifier, head)`` when ``word`` is a noun of at least ``MIN_COMPOUND_MODIFIER`` letters, an
    optional linking element and a noun of at least ``MIN_COMPOUND_HEAD`` letters, both listed
    ("Hafenblockade" -> ("hafen", "blockade"), "Heizungsgesetz" -> ("heizung", "gesetz")); else None.

    Stricter than ``is_german_common_noun``, which only asks for the head: "Saltare" ends in
    "altare" but "s" is no noun.
    """
    forms = _common_noun_forms()
    lowered = word.lower()
    for start in range(MIN_COMPOUND_MODIFIER, len(lowered) - MIN_COMPOUND_HEAD + 1):
        head = lowered[start:]
        if head not in forms:
            continue
        front = lowered[:start]
        for link in _LINKING_ELEMENTS:
            modifier = front[: len(front) - len(link)]
            if front.endswith(link) and len(modifier) >= MIN_COMPOUND_MODIFIER and modifier in forms:
                return modifier, head
    return None
