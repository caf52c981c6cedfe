"""Text clean-up and sentence splitting. Imports nothing from the package."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pysbd
import regex

# Languages pysbd has rules for; anything else is split with the English rules.
_PYSBD_LANGUAGES = frozenset(
    "en hi mr zh es am ar el ru hy bg ur fa it pl nl da fr my sk de kk ja".split()
)
# Past this length pysbd gets slow on a single "sentence"; such runs are cut at word boundaries.
MAX_SENTENCE_CHARS = 1000

_MARKDOWN_PREFIX = re.compile(r"^[ \t]{0,3}(?:#{1,6}[ \t]+|>[ \t]?)+", re.MULTILINE)
_MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_SPACES = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*")
_CLOSERS = r"[\"'»«“”’)\]]*"  # closing quotes and brackets after the final punctuation
_SENTENCE_END = re.compile(rf"[.!?…。！？]{_CLOSERS}$")
_STATEMENT_END = re.compile(rf"[.…]{_CLOSERS}$")
_LETTER = re.compile(r"[^\W\d_]")
# A sentence that opens with a quote or bracket and then a space: the closer of the sentence before.
# Not "«": French opens quotes with "« ".
_STRAY_CLOSER = re.compile(r"^([\"'»“”’)\]]+)(?:\s+|$)")


# Line and paragraph separators of other systems and of Unicode, as "\n" (U+2029 ends a paragraph).
_LINE_BREAKS = str.maketrans({"\r": "\n", "\v": "\n", "\f": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n\n"})


# Controls (but "\n"), format characters (soft hyphen, zero-width characters, BOM, direction
# marks), surrogates and private-use characters are dropped; Unicode spaces become " ".
_INVISIBLE = regex.compile(r"(?!\n)[\p{Cc}\p{Cf}\p{Cs}\p{Co}]+")
_UNICODE_SPACE = regex.compile(r"[\p{Zs}\t]")


def normalize_text(text: str) -> str:
    """The one Unicode normalisation every public entry point applies to its text.

    Line endings (``\\r\\n``, ``\\r``, U+0085, U+2028; U+2029 as a paragraph break) become
    ``\\n``; the text is composed to NFC (macOS writes "ü" as "u" + U+0308); soft hyphens
    (U+00AD), zero-width characters (U+200B-U+200D, U+2060, U+FEFF), direction marks and
    other control or format characters are dropped; tabs, no-break and other Unicode spaces
    become a plain space. Idempotent; keeps everything else, markup included.
    """
    text = text.replace("\r\n", "\n").translate(_LINE_BREAKS)
    text = _UNICODE_SPACE.sub(" ", _INVISIBLE.sub("", text))
    return unicodedata.normalize("NFC", text)


def tidy_text(text: str) -> str:
    """Normalised plain text with paragraphs separated by blank lines.

    Applies :func:`normalize_text`; Markdown headings, quotes, emphasis and links are
    reduced to their words; runs of spaces collapse to one; lines are stripped.
    """
    text = normalize_text(text)
    text = _MARKDOWN_PREFIX.sub("", text)
    text = _MARKDOWN_EMPHASIS.sub(r"\2", text)
    text = _MARKDOWN_LINK.sub(r"\1", text)
    text = _SPACES.sub(" ", text)
    lines = [line.strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return _BLANK_LINES.sub("\n\n", text).strip()


def has_letters(text: str) -> bool:
    """Whether ``text`` contains at least one letter of any script."""
    return bool(_LETTER.search(text))


def split_paragraphs(text: str) -> list[str]:
    """Split normalised text on blank lines; single line breaks inside a paragraph become spaces."""
    return [" ".join(p.split()) for p in _BLANK_LINES.split(text) if p.strip()]


@lru_cache(maxsize=8)
def _segmenter(lang: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language=lang if lang in _PYSBD_LANGUAGES else "en", clean=False)


def _cut_long(sentence: str, limit: int = MAX_SENTENCE_CHARS) -> list[str]:
    pieces: list[str] = []
    while len(sentence) > limit:
        cut = sentence.rfind(" ", 0, limit)
        cut = cut if cut > limit // 2 else limit
        pieces.append(sentence[:cut].strip())
        sentence = sentence[cut:].strip()
    if sentence:
        pieces.append(sentence)
    return pieces


def split_sentences(text: str, lang: str = "de") -> list[str]:
    """Split ``text`` into sentences with pysbd's rules for ``lang`` (ISO 639-1).

    Paragraph breaks always end a sentence. German abbreviations and dates
    ("z. B.", "4. November") do not. Overlong runs without punctuation are cut at
    word boundaries so that no "sentence" exceeds ``MAX_SENTENCE_CHARS`` characters.
    """
    sentences: list[str] = []
    for paragraph in split_paragraphs(text):
        for chunk in _cut_long(paragraph, 20 * MAX_SENTENCE_CHARS):
            for sentence in _segment(chunk, lang):
                sentences.extend(_cut_long(sentence))
    return [s for s in sentences if s]


def _segment(chunk: str, lang: str) -> list[str]:
    """pysbd's sentences, with closing quotes put back where they belong.

    With straight quotes pysbd's German rules end a quoted sentence before its closing
    quote (``Daumen.`` | ``" Oder ...``), and its English rules then pair the quotes
    wrongly and run several sentences into one. The stray quote goes back to the
    sentence before, and the rest is split again.
    """
    segmenter = _segmenter(lang)
    sentences: list[str] = []
    pending = [" ".join(s.split()) for s in segmenter.segment(chunk)]
    while pending:
        sentence = pending.pop(0)
        closer = _STRAY_CLOSER.match(sentence)
        if closer and sentences and ends_like_sentence(sentences[-1]):
            sentences[-1] += closer.group(1)
            rest = sentence[closer.end() :]
            pending[:0] = [" ".join(s.split()) for s in segmenter.segment(rest)] if rest else []
        elif sentence:
            sentences.append(sentence)
    return sentences


def ends_like_sentence(text: str) -> bool:
    """Whether ``text`` ends with sentence punctuation (optionally followed by a closing quote)."""
    return bool(_SENTENCE_END.search(text.strip()))


def ends_like_statement(text: str) -> bool:
    """Whether ``text`` ends with a full stop or ellipsis (optionally followed by a closing quote)."""
    return bool(_STATEMENT_END.search(text.strip()))
