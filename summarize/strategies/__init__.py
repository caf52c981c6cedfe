"""The tables of summary methods and bullet strategies: the one place that lists them.

``STRATEGIES`` feeds ``--bullet-strategy``, the ``Summarizer``'s check of its options and
the docs; ``"auto"`` picks one per article language (``languages.LANGUAGES``).
"""

from __future__ import annotations

from ..languages import FALLBACK_STRATEGY, LANGUAGES, auto_strategy
from .answer import AnswerStrategy
from .base import BulletStrategy, SummaryMethod
from .compressed import CompressedStrategy
from .compressed_summary import CompressedSummary
from .consensus import ConsensusStrategy
from .key_sentence_summary import KeySentenceSummary
from .key_sentences import KeySentenceStrategy
from .lead import LeadFirstStrategy
from .summary import AbstractiveSummary

STRATEGIES: dict[str, type[BulletStrategy]] = {
    cls.name: cls
    for cls in (KeySentenceStrategy, CompressedStrategy, AnswerStrategy, LeadFirstStrategy, ConsensusStrategy)
}
AUTO = "auto"  # the strategy measured best for the article's language
STRATEGY_CHOICES = (AUTO, *STRATEGIES)
SUMMARY_METHODS: dict[str, type[SummaryMethod]] = {
    cls.name: cls for cls in (KeySentenceSummary, CompressedSummary, AbstractiveSummary)
}


def bullet_strategy(name: str, article_lang: str) -> BulletStrategy:
    """The strategy called ``name`` (``"auto"``: the one for ``article_lang``); ``KeyError`` for an unknown name."""
    return STRATEGIES[auto_strategy(article_lang) if name == AUTO else name]()


def describe_strategies() -> str:
    """What each choice of ``--bullet-strategy`` does, in one line for help texts."""
    auto = ", ".join(f"{record.auto_strategy} for {lang}" for lang, record in LANGUAGES.items())
    choices = [f"{name}: {cls.description}" for name, cls in STRATEGIES.items()]
    return "; ".join([*choices, f"auto: {auto}, {FALLBACK_STRATEGY} for other languages"])


__all__ = [
    "AUTO",
    "STRATEGIES",
    "STRATEGY_CHOICES",
    "SUMMARY_METHODS",
    "AbstractiveSummary",
    "AnswerStrategy",
    "CompressedStrategy",
    "CompressedSummary",
    "BulletStrategy",
    "ConsensusStrategy",
    "KeySentenceStrategy",
    "KeySentenceSummary",
    "LeadFirstStrategy",
    "SummaryMethod",
    "bullet_strategy",
    "describe_strategies",
]  # fmt: skip
