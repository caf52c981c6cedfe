"""Is a generated sentence a full sentence? A finite verb, found by a part-of-speech tagger.

Bullets such as "Die Halle fast immer voll." or headline fragments ("Two men injured in crash")
state no complete claim. The HanoverTagger (HanTa; Wartena 2019, "A probabilistic morphology
model for German lemmatization", KONVENS), which ships its German and English models inside
its PyPI package, tags each word; a sentence is full when one word is a finite verb
(STTS ``V?(FIN)`` in German, CLAWS5 finite tags in English).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .words import tokens

_MODELS = {"de": "morphmodel_ger.pgz", "en": "morphmodel_en.pgz"}
# CLAWS5 finite verb tags: be/do/have/lexical verbs in present or past, and modals.
_ENGLISH_FINITE = frozenset("VBB VBD VBZ VDB VDD VDZ VHB VHD VHZ VVB VVD VVZ VM0".split())
_GERMAN_FINITE = re.compile(r"^V[AMV]\(FIN\)$")


@lru_cache(maxsize=2)
def _tagger(lang: str):  # -> HanTa.HanoverTagger.HanoverTagger
    from HanTa import HanoverTagger

    return HanoverTagger.HanoverTagger(_MODELS[lang])


@lru_cache(maxsize=4096)  # the checks tag the same sentence and its heads several times per article
def pos_tags(sentence: str, lang: str) -> tuple[tuple[str, str], ...]:
    """(word, tag) pairs of ``sentence`` for ``lang`` in ``("de", "en")``; STTS tags in German, CLAWS5 in English."""
    words = tokens(sentence)
    if not words:
        return ()
    return tuple((word, tag) for word, _lemma, tag in _tagger(lang).tag_sent(words, taglevel=1))


# Words that open a subordinate or relative clause after a comma. Such a clause needs its own finite
# verb: "…, wenn eine Kommandantin." is a sentence cut inside a clause, not a full sentence.
_CLAUSE_OPENERS = {
    "de": frozenset(
        "wenn weil dass ob nachdem obwohl obgleich bevor seitdem sodass falls indem wobei womit wodurch "
        "der die das dem den deren dessen denen welche welcher welches welchem welchen".split()
    ),  # not "als", "seit", "während", "da": also prepositions or adverbs ("als Heldin")
    "en": frozenset("when while if because although though unless whereas who whom whose which".split()),
}


def _is_finite(tag: str, lang: str) -> bool:
    return bool(_GERMAN_FINITE.match(tag)) if lang == "de" else tag in _ENGLISH_FINITE


def is_full_sentence(sentence: str, lang: str) -> bool:
    """Whether ``sentence`` has a finite verb and its last comma-separated clause, when that opens with a
    subordinator or relative pronoun, has one of its own (a sentence cut inside a clause has not).

    Languages without a tagger model pass (no evidence either way).
    """
    if lang not in _MODELS:
        return True
    tags = [tag for _, tag in pos_tags(sentence, lang)]
    if not any(_is_finite(tag, lang) for tag in tags):
        return False
    last = sentence.rsplit(", ", 1)[-1] if ", " in sentence else ""
    words = tokens(last)
    if not words or words[0].lower() not in _CLAUSE_OPENERS[lang]:
        return True
    return any(_is_finite(tag, lang) for tag in tags[len(tags) - len(words) :])


def has_finite_verb(sentence: str, lang: str) -> bool:
    """Whether ``sentence`` has a finite verb. Languages without a tagger model pass (no evidence either way)."""
    if lang not in _MODELS:
        return True
    return any(_is_finite(tag, lang) for _, tag in pos_tags(sentence, lang))
