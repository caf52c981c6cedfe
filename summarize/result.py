"""What a caller gets back: the result of one article, its summaries and its bullets, each with its origin."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .language import LanguageGuess
from .scoring import Score

#: How a text was made. ``"generated"``: the model's sentences as written; ``"repaired"``: the
#: model's sentences after a fix (split, punctuation, dropped sentences) or from a sentence-by-sentence
#: second attempt; ``"compressed"``: article sentences shortened by the model by deleting words only
#: (checked exactly, see ``summarize.compression``); ``"translated"``: article sentences (or their
#: compressions) translated by the model, each checked against its source sentence
#: (``summarize.translation_check``); ``"extracted"``: article sentences used verbatim, whole: the
#: default's outputs in the article's language, and the fallback when the model gave nothing that passed.
Origin = Literal["generated", "repaired", "compressed", "translated", "extracted"]


@dataclass(frozen=True)
class Bullet:
    """One key fact, how it was made (see :data:`Origin`) and the article sentence it states.

    ``source`` is that sentence as the article has it, for a bullet made from one article sentence
    (``extracted``, ``compressed``, ``translated``): a reader checks a translation against it. It is ``None`` for
    the model's own words (``generated``, ``repaired``).
    """

    text: str
    origin: Origin
    source: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {"text": self.text, "origin": self.origin, "source": self.source}


@dataclass(frozen=True)
class Summary:
    """A summary text, how it was made (see :data:`Origin`) and the article sentences it states.

    ``sources`` holds, for a summary made sentence by sentence from article sentences (``extracted``,
    ``compressed``, ``translated``), those sentences as the article has them: one per summary sentence, in the
    summary's order. It is empty for the model's own words (``generated``, ``repaired``).
    """

    text: str
    origin: Origin
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class SummaryResult:
    """Everything the summarizer produced for one article.

    ``summaries`` maps each target language (``"de"``, ``"en"``) to its :class:`Summary`;
    ``summary_de``, ``summary_en`` and ``origins`` are views of it.
    ``rouge`` scores the bullets against the article's own key-fact box, when it had one.
    ``seconds`` is the work on this article after the model was loaded (for articles summarised
    together, ``Summarizer.summarize_packed``, the pack's time shared evenly among them).
    """

    language: LanguageGuess
    summaries: dict[str, Summary]
    bullets: tuple[Bullet, ...]
    bullets_language: str
    title: str | None = None
    reference_bullets: tuple[str, ...] = ()
    rouge: dict[str, Score] | None = None
    model: str = ""
    sentences_read: int = 0
    sentences_total: int = 0
    seconds: float = 0.0

    @property
    def summary_de(self) -> str:
        """The German summary's text."""
        return self.summaries["de"].text

    @property
    def summary_en(self) -> str:
        """The English summary's text."""
        return self.summaries["en"].text

    @property
    def origins(self) -> dict[str, str]:
        """How each summary was made, as ``{"summary_de": origin, "summary_en": origin}``."""
        return {f"summary_{lang}": summary.origin for lang, summary in self.summaries.items()}

    @property
    def bullet_texts(self) -> list[str]:
        return [b.text for b in self.bullets]

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict of the result."""
        return {
            "language": self.language.to_dict(),
            "title": self.title,
            "summary_de": self.summary_de,
            "summary_en": self.summary_en,
            "bullets": [b.to_dict() for b in self.bullets],
            "bullets_language": self.bullets_language,
            "reference_bullets": list(self.reference_bullets),
            "rouge": {k: v._asdict() for k, v in self.rouge.items()} if self.rouge else None,
            "origins": self.origins,
            "summary_sources": {f"summary_{lang}": list(summary.sources) for lang, summary in self.summaries.items()},
            "model": self.model,
            "sentences_read": self.sentences_read,
            "sentences_total": self.sentences_total,
            "seconds": round(self.seconds, 3),
        }
