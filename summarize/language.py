"""Language detection with langdetect, made deterministic and honest about short texts."""

from __future__ import annotations

from dataclasses import dataclass
from threading import Lock

from langdetect import DetectorFactory, LangDetectException
from langdetect.detector_factory import PROFILES_DIRECTORY

from .text import has_letters

UNDETERMINED = "und"  # ISO 639-2 code for "cannot tell"
MIN_LETTERS = 20  # below this langdetect's guesses are close to coin flips
MAX_CHARS = 10_000  # langdetect reads no further; keeps 1 MB inputs cheap

_factory: DetectorFactory | None = None
_factory_lock = Lock()


@dataclass(frozen=True)
class LanguageGuess:
    """The detected language of a text.

    ``lang`` is an ISO 639-1 code (``"de"``, ``"en"``, ...) or ``"und"`` when the text
    holds no letters. ``reliable`` is False when the text is too short to tell or the
    top probability is low; ``lang`` is then only a best guess.
    """

    lang: str
    probability: float
    reliable: bool

    def to_dict(self) -> dict[str, object]:
        return {"lang": self.lang, "probability": round(self.probability, 4), "reliable": self.reliable}


def _get_factory() -> DetectorFactory:
    global _factory
    with _factory_lock:
        if _factory is None:
            factory = DetectorFactory()
            factory.load_profile(PROFILES_DIRECTORY)
            _factory = factory
        return _factory


def _letter_count(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def detect_language(text: str, *, min_letters: int = MIN_LETTERS, min_probability: float = 0.8) -> LanguageGuess:
    """Detect the language of ``text``; the same text always gives the same answer."""
    guesses = _guesses(text)
    if not guesses:
        return LanguageGuess(UNDETERMINED, 0.0, False)
    lang, probability = guesses[0]
    reliable = _letter_count(text[:MAX_CHARS]) >= min_letters and probability >= min_probability
    return LanguageGuess(lang, probability, reliable)


def language_probability(text: str, lang: str) -> float:
    """langdetect's probability that ``text`` is in ``lang`` (0.0 when it is not among its guesses)."""
    return sum(probability for code, probability in _guesses(text) if code == lang)


def _guesses(text: str) -> list[tuple[str, float]]:
    """langdetect's (ISO 639-1 code, probability) guesses, best first; empty when it cannot tell.

    langdetect samples at random; a fixed seed on our own detector factory makes it
    deterministic without touching langdetect's global state.
    """
    sample = text[:MAX_CHARS]
    if not has_letters(sample):
        return []
    detector = _get_factory().create()
    detector.seed = 0
    detector.append(sample)
    try:
        return [(_normalise_code(g.lang), float(g.prob)) for g in detector.get_probabilities()]
    except LangDetectException:
        return []


def _normalise_code(code: str) -> str:
    # langdetect reports "zh-cn"/"zh-tw"; callers want the ISO 639-1 part.
    return code.split("-")[0]
