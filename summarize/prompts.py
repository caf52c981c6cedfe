"""Every prompt the library sends, per task and target language, in one place.

Builders of prompts about an article take its :class:`~summarize.source.Source` and attach
the source's worked example themselves, so that every prompt of an article shares one prefix.
"""

from __future__ import annotations

from collections.abc import Sequence

from .languages import target
from .models.base import Prompt
from .source import Example, Source

# One system message and the article first in every prompt: all tasks of an article then
# share a token prefix that the chat backend prefills once (see models.hf.ChatGenerator).
SYSTEM = (
    "Du bist Nachrichtenredakteur und schreibst auf Deutsch und Englisch. "
    "Du schreibst sachlich, knapp und nur mit Fakten aus dem gegebenen Artikel."
)
HEADLINE = "Überschrift: {title}\n\n"
ARTICLE = "Artikel:\n{article}\n\n"


def _article(article: str, title: str | None) -> str:
    """The shared head of every prompt: the headline (it names the story's point), then the article."""
    head = HEADLINE.format(title=title) if title else ""
    return head + ARTICLE.format(article=article)

_SUMMARY = {
    "de": (
        "Fasse den Artikel in {sentences} kurzen Sätzen auf Deutsch zusammen, höchstens 50 Wörter. "
        "Verwende nur Fakten, Namen und Zahlen aus dem Artikel. "
        "Antworte nur mit der Zusammenfassung, ohne Überschrift, und beginne nicht mit „Der Artikel“."
    ),
    "en": (
        "Summarise the article in {sentences} short sentences in English, at most 50 words. "
        "Use only facts, names and numbers from the article. "
        "Reply with the summary only, no heading, and do not start with \"The article\"."
    ),
}
_SENTENCE_COUNT = {"de": "zwei bis drei", "en": "two to three"}

_BULLETS = {
    "de": (
        "Schreibe die {n} wichtigsten Fakten des Artikels als {n} kurze, vollständige Sätze auf Deutsch "
        "(„Das Wichtigste in Kürze“). Jeder Satz hat höchstens 15 Wörter und nennt einen anderen Fakt. "
        "Schreibe jeden Satz in eine eigene Zeile, die mit „- “ beginnt. Keine Einleitung."
    ),
    "en": (
        "Write the {n} most important facts of the article as {n} short, complete sentences in English "
        "(key points). Each sentence has at most 20 words and states a different fact. "
        "Put each sentence on its own line starting with \"- \". No introduction."
    ),
}

# Longer bullets: more of the article's content per fact, one more view for the consensus.
_DETAILED_BULLETS = {
    "de": (
        "Schreibe die {n} wichtigsten Fakten des Artikels als {n} vollständige Sätze auf Deutsch mit je 10 bis 20 Wörtern. "
        "Schreibe jeden Satz in eine eigene Zeile, die mit „- “ beginnt. Keine Einleitung."
    ),
    "en": (
        "Write the {n} most important facts of the article as {n} complete sentences in English of 15 to 25 words each. "
        "Put each sentence on its own line starting with \"- \". No introduction."
    ),
}

# One of the article's first sentences cut to its key fact, with the article as context.
_COMPRESS = {
    "de": (
        "Satz aus dem Artikel:\n{sentence}\n\n"
        "Kürze diesen Satz auf seine Kernaussage: ein vollständiger deutscher Satz mit höchstens 15 Wörtern, "
        "mit den Wörtern, Namen und Zahlen des Artikels. Antworte nur mit dem Satz."
    ),
    "en": (
        "Sentence from the article:\n{sentence}\n\n"
        "Shorten this sentence to its key fact in one complete English sentence of at most 20 words, "
        "keeping the article's words, names and numbers. Reply with the sentence only."
    ),
}
_TRANSLATE_COMPRESSED = {
    "de": (
        "Satz aus dem Artikel:\n{sentence}\n\n"
        "Übersetze diesen Satz ins Deutsche und kürze ihn auf seine Kernaussage: ein vollständiger Satz mit höchstens "
        "15 Wörtern, mit den Namen und Zahlen des Artikels. Antworte nur mit dem deutschen Satz."
    ),
    "en": (
        "Sentence from the article:\n{sentence}\n\n"
        "Translate this sentence into English and shorten it to its key fact: one complete sentence of at most "
        "20 words, keeping the article's names and numbers. Reply with the English sentence only."
    ),
}

_REWRITE = {
    "de": (
        "Satz:\n{sentence}\n\n"
        "Formuliere diesen Satz als kurzen, vollständigen Satz auf Deutsch mit höchstens 15 Wörtern. "
        "Behalte Namen und Zahlen bei. Antworte nur mit dem Satz."
    ),
    "en": (
        "Sentence:\n{sentence}\n\n"
        "Rewrite this sentence as one short, complete English sentence of at most 15 words. "
        "Keep names and numbers. Reply with the sentence only."
    ),
}
# Across languages the model follows "translate" far more reliably than "write in language X".
_TRANSLATE = {
    "de": (
        "Satz:\n{sentence}\n\n"
        "Übersetze diesen Satz ins Deutsche und kürze ihn auf höchstens 15 Wörter. "
        "Behalte Namen und Zahlen bei. Antworte nur mit dem deutschen Satz."
    ),
    "en": (
        "Sentence:\n{sentence}\n\n"
        "Translate this sentence into English and shorten it to at most 15 words. "
        "Keep names and numbers. Reply with the English sentence only."
    ),
}


def bullets_example(lang: str, n: int = 3) -> Example:
    """The worked bullets example of ``lang`` as one (question, answer) chat turn, or none.

    None either when ``lang`` has no example or when it has fewer than ``n`` bullets.
    ``build_source`` keeps it on the article's :class:`Source`, which puts it on every prompt.
    """
    example = target(lang).example
    if example is None or n > len(example.bullets):
        return ()
    answer = "\n".join(f"- {bullet}" for bullet in example.bullets[:n])
    return ((_article(example.article, example.headline) + _BULLETS[lang].format(n=n), answer),)


def _article_prompt(source: Source, instruction: str, *, seq2seq: str | None = None) -> Prompt:
    """The worked example, then the article (with its headline) followed by ``instruction``;
    seq2seq models get ``seq2seq`` alone (default: the article)."""
    return Prompt(
        system=SYSTEM,
        user=_article(source.model_input, source.title) + instruction,
        seq2seq=seq2seq or f"summarize: {source.model_input}",
        examples=source.example,
    )


def summary_prompt(source: Source, lang: str) -> Prompt:
    """Ask for a 2-3 sentence summary of the article in ``lang`` ("de" or "en")."""
    target(lang)
    return _article_prompt(source, _SUMMARY[lang].format(sentences=_SENTENCE_COUNT[lang]))


def bullets_prompt(source: Source, lang: str, n: int) -> Prompt:
    """Ask for ``n`` key facts of the article as short one-line sentences in ``lang``."""
    target(lang)
    return _article_prompt(source, _BULLETS[lang].format(n=n))


def detailed_bullets_prompt(source: Source, lang: str, n: int) -> Prompt:
    """Ask for ``n`` key facts of the article as longer one-line sentences in ``lang``."""
    target(lang)
    return _article_prompt(source, _DETAILED_BULLETS[lang].format(n=n))


def compress_prompts(source: Source, lang: str, n: int) -> list[Prompt]:
    """One prompt per lead sentence (``Source.lead(n)``): cut it to its key fact in ``lang``,
    translated when the article is in another language, the article read as context."""
    target(lang)
    template = _COMPRESS if source.lang == lang else _TRANSLATE_COMPRESSED
    return [
        _article_prompt(source, template[lang].format(sentence=sentence), seq2seq=f"summarize: {sentence}")
        for sentence in source.lead(n)
    ]


def rewrite_prompts(sentences: Sequence[str], lang: str, *, source_lang: str) -> list[Prompt]:
    """One prompt per sentence: the sentence alone (no article) as one short sentence in ``lang``,
    compressed, or translated when ``source_lang`` differs from ``lang``."""
    return [rewrite_prompt(sentence, lang, source_lang=source_lang) for sentence in sentences]


def rewrite_prompt(sentence: str, lang: str, *, source_lang: str | None = None) -> Prompt:
    """Ask for ``sentence`` as one short sentence in ``lang``: compresses a key sentence, or
    translates it when ``source_lang`` differs from ``lang``."""
    target(lang)
    template = _REWRITE if source_lang in (None, lang) else _TRANSLATE
    return Prompt(
        system=SYSTEM,
        user=template[lang].format(sentence=sentence),
        seq2seq=f"summarize: {sentence}",
    )


# Sentence-level prompts: one article sentence, no article. The model shortens or translates
# what it is shown; every answer is checked against that sentence (``summarize.verified``).
# The instructions are in English for every language: the coder model follows them best so.
EDITOR_SYSTEM = "You edit news text. You never add, change or invent facts."
_DELETION = (
    "Sentence:\n{sentence}\n\n"
    "Shorten this {language} sentence to at most {max_words} words by deleting words only. Do not add, change or "
    "reorder words. Keep negations and the words that say who did what. The result must be a complete, "
    "grammatical {language} sentence. Reply with the shortened sentence only."
)
_TRANSLATION = (
    "{source_language} sentence:\n{sentence}\n\n"
    "Translate this sentence into {target_language}. Keep every name and number. "
    "Reply with the {target_language} sentence only."
)
_LANGUAGE_NAMES = {"de": "German", "en": "English", "fr": "French", "es": "Spanish", "it": "Italian", "nl": "Dutch"}


def language_name(lang: str) -> str:
    """The English name of ``lang`` for an instruction ("German"), or the code itself when unknown."""
    return _LANGUAGE_NAMES.get(lang, lang)


def deletion_prompt(sentence: str, lang: str, max_words: int) -> Prompt:
    """Ask for ``sentence`` (in ``lang``) shortened to at most ``max_words`` words by deleting words only."""
    return Prompt(
        system=EDITOR_SYSTEM,
        user=_DELETION.format(sentence=sentence, language=language_name(lang), max_words=max_words),
        seq2seq=f"summarize: {sentence}",
    )


def translation_prompt(sentence: str, source_lang: str, target_lang: str) -> Prompt:
    """Ask for ``sentence`` translated from ``source_lang`` into ``target_lang`` (a target language)."""
    target(target_lang)
    return Prompt(
        system=EDITOR_SYSTEM,
        user=_TRANSLATION.format(
            sentence=sentence, source_language=language_name(source_lang), target_language=language_name(target_lang)
        ),
        seq2seq=f"translate {language_name(source_lang)} to {language_name(target_lang)}: {sentence}",
    )
