"""Checks for a sentence translated by the model: does it say what its source sentence says?

A small model translates a short sentence well most of the time and badly some of the time:
it drops a negation, changes a number, keeps a German noun in English text or invents a name.
Each of these is cheap to see when the translation is compared with the one sentence it
translates (not the whole article): numbers must match exactly, names must come from the
source sentence, a negation must survive, no sentence may be added, the length must stay in
proportion, and the output must be written in the target language throughout.
"""

from __future__ import annotations

from .compression import NEGATIONS, Verdict, tokens
from .exonyms import counterparts
from .faithfulness import numbers_in, unsupported_content
from .purity import LANGUAGES as PURITY_LANGUAGES
from .purity import foreign_words
from .text import split_sentences

# Translations between German and English keep roughly the word count (measured ratio of
# reference translations is about 0.8-1.3); far outside this band something was lost or added.
MIN_LENGTH_RATIO = 0.5
MAX_LENGTH_RATIO = 1.7

# Currencies by symbol and by name in either language: "£2,100" must not come back as "€2,100".
_CURRENCIES = {
    "EUR": ("€", "euro", "euros", "eur"),
    "GBP": ("£", "pfund", "pound", "pounds", "gbp"),
    "USD": ("$", "dollar", "dollars", "usd"),
    "CHF": ("franken", "franc", "francs", "chf"),
}


def currencies(text: str) -> set[str]:
    """The currencies ``text`` names (ISO codes), by symbol or word."""
    lowered = text.lower()
    words = {w.lower() for w in tokens(text)}
    return {code for code, forms in _CURRENCIES.items() if any(f in words or (len(f) == 1 and f in lowered) for f in forms)}


TranslationCheck = Verdict  # the verdict on one translated sentence (check_translation)


def has_negation(sentence: str, lang: str) -> bool:
    """Whether ``sentence`` contains a negation word of ``lang``."""
    words = {w.lower() for w in tokens(sentence)}
    return bool(words & NEGATIONS.get(lang, frozenset())) or (lang == "en" and "n't" in sentence)


def check_translation(output: str, source: str, *, source_lang: str, target_lang: str) -> TranslationCheck:
    """Whether ``output`` (in ``target_lang``) faithfully translates the one sentence ``source``."""
    out_words, src_words = tokens(output), tokens(source)
    if not out_words:
        return TranslationCheck(False, "empty")
    if numbers_in(output) != numbers_in(source):
        return TranslationCheck(False, "numbers differ")
    if currencies(output) != currencies(source):
        return TranslationCheck(False, "currencies differ")
    unsupported = unsupported_content(output, source, cross_lingual=True, output_lang=target_lang)
    new_names = [name for name in unsupported.names if not counterparts(name, source)]
    if new_names:
        return TranslationCheck(False, f"names not in the source: {', '.join(new_names)}")
    if has_negation(output, target_lang) != has_negation(source, source_lang):
        return TranslationCheck(False, "negation lost or added")
    if len(split_sentences(output, target_lang)) > len(split_sentences(source, source_lang)):
        return TranslationCheck(False, "sentences added")  # "... a new link. The mayor has resigned."
    ratio = len(out_words) / max(len(src_words), 1)
    if not MIN_LENGTH_RATIO <= ratio <= MAX_LENGTH_RATIO:
        return TranslationCheck(False, f"length ratio {ratio:.2f}")
    if {source_lang, target_lang} == set(PURITY_LANGUAGES):
        foreign = foreign_words(output, target_lang).foreign
        if foreign:
            return TranslationCheck(False, f"untranslated: {', '.join(foreign)}")
    return TranslationCheck(True)
