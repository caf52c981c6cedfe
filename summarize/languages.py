"""Language policy: one record per target language (the languages summaries and bullets are written in).

Everything that differs by output language and is not a prompt's wording lives here:
the report heading, the bullet strategy ``"auto"`` picks for articles in that language,
the worked example shown to the model, and the rule for which capitalised words are
ordinary nouns rather than names. The prompts' wording is in ``prompts``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .lexicon import is_german_common_noun


@dataclass(frozen=True)
class WorkedExample:
    """An invented article with the bullets we want for it: shown to the model as one chat turn."""

    headline: str
    article: str
    bullets: tuple[str, ...]

    def text(self) -> str:
        """All its words: what an answer must not borrow from."""
        return " ".join((self.headline, self.article, *self.bullets))


@dataclass(frozen=True)
class Language:
    """What the library does differently when it writes in one language (ISO 639-1 ``code``)."""

    code: str
    heading: str  # the bullet list's heading in a report
    auto_strategy: str  # the bullet strategy "auto" picks for articles in this language (a ``strategies`` name)
    example: WorkedExample | None = None  # a worked bullets example, where one was measured to help
    # Which capitalised words are ordinary nouns, not names: German capitalises every noun.
    is_common_noun: Callable[[str], bool] | None = None


# An invented article: the main news first, then key details. It raised German ROUGE-1 on the
# benchmark (docs/benchmarks); there is none for English, where it was not measured.
_GERMAN_EXAMPLE = WorkedExample(
    "Gemeinderat beschließt autofreie Altstadt",
    "Die Altstadt von Freiburg soll ab Herbst 2026 weitgehend autofrei werden. Das hat der Gemeinderat am "
    "Dienstagabend mit 31 zu 17 Stimmen beschlossen. Künftig dürfen nur noch Lieferverkehr, Busse, Taxis und "
    "Anwohner mit Sondergenehmigung in die Altstadt fahren. Der Oberbürgermeister sprach von einem großen Schritt "
    "für die Lebensqualität. Der Einzelhandelsverband kritisierte die Entscheidung scharf: Viele Kunden aus dem "
    "Umland kämen mit dem Auto und würden nun ausbleiben. Die Stadt will deshalb zwei neue Parkplätze am Stadtrand "
    "bauen und die Straßenbahn in der Innenstadt alle fünf Minuten fahren lassen. Die Kosten schätzt die "
    "Verwaltung auf rund zwölf Millionen Euro.",
    (
        "Die Freiburger Altstadt wird ab Herbst 2026 weitgehend autofrei.",
        "Der Gemeinderat stimmte mit 31 zu 17 Stimmen dafür, der Handel kritisiert den Beschluss.",
        "Neue Parkplätze am Stadtrand und mehr Straßenbahnen sollen die Folgen abfedern.",
    ),
)

# Auto strategies: faithfulness first (docs/benchmarks/README.md). The model's own key-fact answers
# ("answer", "lead", "consensus") won ROUGE but put a wrong fact in about one bullet in five in a blind
# reading; the article's key statements, shown whole (and translated with checks), cannot. Shortening them by
# verified deletion ("compressed") still lost nuance in one shortened sentence in six (third judged round).
LANGUAGES: dict[str, Language] = {
    "de": Language("de", "Das Wichtigste in Kürze", "key_sentences", _GERMAN_EXAMPLE, is_german_common_noun),
    "en": Language("en", "Key points", "key_sentences"),
}
TARGET_LANGUAGES = tuple(LANGUAGES)  # ("de", "en"): every article gets a summary in each
# The language of bullets for articles in other languages, and how an article of undetermined language is read.
FALLBACK_LANGUAGE = "de"
# The bullet strategy "auto" picks for articles in a language without a record.
FALLBACK_STRATEGY = "key_sentences"


def target(lang: str) -> Language:
    """The record of target language ``lang``; ``ValueError`` for a language the library does not write."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported output language {lang!r}; choose from {TARGET_LANGUAGES}")
    return LANGUAGES[lang]


def auto_strategy(article_lang: str) -> str:
    """The name of the bullet strategy ``"auto"`` stands for on an article in ``article_lang``."""
    record = LANGUAGES.get(article_lang)
    return record.auto_strategy if record else FALLBACK_STRATEGY


def example_text(lang: str) -> str:
    """All text of the worked example for ``lang`` (empty if none): what an answer must not borrow from."""
    record = LANGUAGES.get(lang)
    return record.example.text() if record and record.example else ""


def is_common_noun(word: str, lang: str | None) -> bool:
    """Whether capitalised ``word`` is an ordinary noun of ``lang`` (not a name); False where no rule is known."""
    record = LANGUAGES.get(lang) if lang else None
    return bool(record and record.is_common_noun and record.is_common_noun(word))
