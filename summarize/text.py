"""Text clean-up and sentence splitting. Imports only :mod:`summarize.sentences` from the package."""

from __future__ import annotations

import re
import unicodedata

import regex

from .sentences import segment

# Past this length sentence splitters get slow on a single "sentence"; such runs are cut at word boundaries.
MAX_SENTENCE_CHARS = 1000

_MARKDOWN_PREFIX = re.compile(r"^[ \t]{0,3}(?:#{1,6}[ \t]+|>[ \t]?)+", re.MULTILINE)
_MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_SPACES = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*")
_CLOSERS = r"[\"'»«“”’‘‹›)\]]*"  # closing quotes and brackets after the final punctuation
_SENTENCE_END = re.compile(rf"[.!?…。！？]{_CLOSERS}$")
_STATEMENT_END = re.compile(rf"[.…]{_CLOSERS}$")
_LETTER = re.compile(r"[^\W\d_]")


# Line and paragraph separators of other systems and of Unicode, as "\n" (U+2029 ends a paragraph).
_LINE_BREAKS = str.maketrans({"\r": "\n", "\v": "\n", "\f": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n\n"})


# Controls (but "\n"), format characters (soft hyphen, zero-width characters, BOM, direction
# marks), surrogates and private-use characters are dropped; Unicode spaces become " ".
_INVISIBLE = regex.compile(r"(?:(?!\n)[\p{Cc}\p{Cf}\p{Cs}\p{Co}])+")  # the lookahead per character: keep "\n"
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
    text = _INVISIBLE.sub("", _UNICODE_SPACE.sub(" ", text))  # spaces first: a tab is a control character too
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


def split_sentences(text: str, lang: str) -> list[str]:
    """Split ``text`` into sentences, in order, each on one line.

    German and English (``lang`` "de"/"en", ISO 639-1; region tags such as "de-AT" count as
    their language) are split by SoMaJo, a rule-based splitter for German and English news and
    web text, plus the repairs in :mod:`summarize.sentences`. Other languages use pySBD's rules
    for ``lang`` where it has some and a punctuation rule otherwise.

    Paragraph breaks (blank lines) always end a sentence, and so does a line that starts a list
    item ("- ", "• ", "1. " ...); other line breaks are wrapped text and become spaces, as do runs
    of whitespace. No other character is dropped, added or moved: the sentences joined are the
    text without its whitespace. Runs without sentence punctuation are cut at word boundaries
    so that no sentence exceeds ``MAX_SENTENCE_CHARS`` characters. Never raises for any ``str``.

    >>> split_sentences("Die Frist endet am 14. oder 15. Mai. Sie rief »Halt!« und lief los.", "de")
    ['Die Frist endet am 14. oder 15. Mai.', 'Sie rief »Halt!« und lief los.']
    """
    sentences: list[str] = []
    for block in text_blocks(text):
        for chunk in _cut_long(block, 20 * MAX_SENTENCE_CHARS):
            for sentence in segment(chunk, lang):
                sentences.extend(_cut_long(sentence))
    return [s for s in sentences if s]


_LIST_ITEM = re.compile(r"^(?:(?P<symbol>[-–—•*·▪►✓])|\d{1,2}[.)])\s")
_LINE_END = re.compile(rf"[.!?…:;]{_CLOSERS}$")


def text_blocks(text: str) -> list[str]:
    """The paragraphs of ``text`` with list items split off, each on one line with single spaces.

    A line that starts with a list marker is its own block when the line before ends with
    punctuation or a colon, or is itself a list item, or (for "-", "•", ... markers) the next
    line has the same kind of marker; otherwise it is wrapped text ("am\\n14. Mai").
    """
    blocks: list[str] = []
    for paragraph in _BLANK_LINES.split(text):
        lines = [" ".join(line.split()) for line in paragraph.split("\n")]
        lines = [line for line in lines if line]
        item = [False] * len(lines)
        current: list[str] = []
        for i, line in enumerate(lines):
            marker = _LIST_ITEM.match(line)
            if marker and i:
                next_marker = _LIST_ITEM.match(lines[i + 1]) if i + 1 < len(lines) else None
                item[i] = bool(
                    item[i - 1]
                    or _LINE_END.search(lines[i - 1])
                    or (marker.group("symbol") and next_marker and next_marker.group("symbol"))
                )
            elif marker:
                item[i] = True
            if item[i] and current:
                blocks.append(" ".join(current))
                current = []
            current.append(line)
        if current:
            blocks.append(" ".join(current))
    return blocks


def ends_like_sentence(text: str) -> bool:
    """Whether ``text`` ends with sentence punctuation (optionally followed by a closing quote)."""
    return bool(_SENTENCE_END.search(text.strip()))


def ends_like_statement(text: str) -> bool:
    """Whether ``text`` ends with a full stop or ellipsis (optionally followed by a closing quote)."""
    return bool(_STATEMENT_END.search(text.strip()))
