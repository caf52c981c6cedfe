"""Language detection with langdetect, made deterministic and honest about short texts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from threading import Lock

from langdetect import DetectorFactory, LangDetectException
from langdetect.detector_factory import PROFILES_DIRECTORY

from .errors import InvalidInputError
from .text import has_letters, normalize_text

UNDETERMINED = "und"  # ISO 639-2 code for "cannot tell"
MIN_LETTERS = 20  # below this langdetect's guesses are close to coin flips
MAX_CHARS = 10_000  # langdetect reads no further; keeps 1 MB inputs cheap

# ISO 639-1: the two-letter codes a BCP-47 tag's primary subtag may be.
ISO_639_1 = frozenset(
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee "
    "el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is "
    "it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms "
    "mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk "
    "sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi "
    "yo za zh zu".split()
)
_DEPRECATED = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"}  # codes older data still uses
# language[-_]subtag...: "de", "de-DE", "en_US", "zh-Hant-TW", "sr-Latn"
_TAG = re.compile(r"(?P<primary>[A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*")

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


def normalize_language_tag(tag: object) -> str:
    """The ISO 639-1 code of a BCP-47 language tag: ``"DE"``, ``"de-DE"``, ``"en_US"`` -> ``"de"``, ``"de"``, ``"en"``.

    Case and region, script or variant subtags are ignored (an underscore separates
    subtags as well as a hyphen); ``"und"`` (undetermined) is kept.
    Raises :class:`~summarize.errors.InvalidInputError` for anything else: not a
    string, not tag-shaped, or a primary language that is not an ISO 639-1 code.
    """
    if not isinstance(tag, str):
        raise InvalidInputError(f"a language tag must be a str such as 'de' or 'en-GB', got {type(tag).__name__}")
    match = _TAG.fullmatch(tag.strip())
    primary = match.group("primary").lower() if match else ""
    primary = _DEPRECATED.get(primary, primary)
    if primary in ISO_639_1 or primary == UNDETERMINED:
        return primary
    shown = tag if len(tag) <= 40 else tag[:40] + "..."
    raise InvalidInputError(
        f"unknown language tag {shown!r}: use an ISO 639-1 code or a BCP-47 tag such as 'de', 'en' or 'de-DE'"
    )


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
    """Detect the language of ``text``; the same text always gives the same answer.

    The text goes through :func:`~summarize.text.normalize_text`; text mostly in capitals
    is detected in lower case, as langdetect's profiles were built from ordinary text.
    """
    guesses = _guesses(text)
    if not guesses:
        return LanguageGuess(UNDETERMINED, 0.0, False)
    lang, probability = guesses[0]
    reliable = _letter_count(normalize_text(text[:MAX_CHARS])) >= min_letters and probability >= min_probability
    return LanguageGuess(lang, probability, reliable)


def language_probability(text: str, lang: str) -> float:
    """langdetect's probability that ``text`` is in ``lang`` (0.0 when it is not among its guesses)."""
    return sum(probability for code, probability in _guesses(text) if code == lang)


def _guesses(text: str) -> list[tuple[str, float]]:
    """langdetect's (ISO 639-1 code, probability) guesses, best first; empty when it cannot tell.

    langdetect samples at random; a fixed seed on our own detector factory makes it
    deterministic without touching langdetect's global state.
    """
    sample = normalize_text(text[:MAX_CHARS])
    if not has_letters(sample):
        return []
    if _mostly_upper_case(sample):
        sample = sample.lower()  # langdetect's profiles count n-grams of mostly lower-case text
    detector = _get_factory().create()
    detector.seed = 0
    detector.append(sample)
    try:
        return [(_normalise_code(g.lang), float(g.prob)) for g in detector.get_probabilities()]
    except LangDetectException:
        return []


def _mostly_upper_case(text: str) -> bool:
    """Whether more than half of the cased letters are capitals (headlines and agency text in caps)."""
    upper = sum(ch.isupper() for ch in text)
    lower = sum(ch.islower() for ch in text)
    return upper > lower


def _normalise_code(code: str) -> str:
    # langdetect reports "zh-cn"/"zh-tw"; callers want the ISO 639-1 part.
    return code.split("-")[0]
