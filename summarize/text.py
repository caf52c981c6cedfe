"""Text clean-up and sentence splitting. Imports only :mod:`summarize.sentences` from the package."""

from __future__ import annotations

import html
import re
import unicodedata

from .sentences import segment

# Past this length sentence splitters get slow on a single "sentence"; such runs are cut at word boundaries.
MAX_SENTENCE_CHARS = 1000

_TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>\n]{1,500}>", re.IGNORECASE | re.DOTALL)
_BLOCK_TAG = re.compile(r"</?(p|div|br|li|ul|ol|h[1-6]|tr|section|article|header|footer)\b[^>]*>", re.IGNORECASE)
_MARKDOWN_PREFIX = re.compile(r"^[ \t]{0,3}(?:#{1,6}[ \t]+|>[ \t]?)+", re.MULTILINE)
_MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*")
_CLOSERS = r"[\"'»«“”’‘‹›)\]]*"  # closing quotes and brackets after the final punctuation
_SENTENCE_END = re.compile(rf"[.!?…。！？]{_CLOSERS}$")
_STATEMENT_END = re.compile(rf"[.…]{_CLOSERS}$")
_LETTER = re.compile(r"[^\W\d_]")


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is marked up as HTML (has tags such as ``<p>`` or ``<br>``)."""
    return bool(re.search(r"<(p|div|br|span|a|li|h[1-6]|html|body|article)\b[^>]*>", text, re.IGNORECASE))


def normalize_text(text: str) -> str:
    """Return ``text`` as clean plain text with paragraphs separated by blank lines.

    Windows and old Mac line endings become ``\\n``; control characters (NUL included)
    are dropped; HTML tags are removed and entities decoded; Markdown headings, quotes,
    emphasis and links are reduced to their words; runs of spaces collapse to one.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if looks_like_html(text):
        text = _BLOCK_TAG.sub("\n\n", text)
        text = _TAG.sub(" ", text)
    text = html.unescape(text)
    text = "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co")
    )
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


def word_count(text: str) -> int:
    """Number of whitespace-separated words."""
    return len(text.split())


_UNSPACED_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
CHARS_PER_UNSPACED_WORD = 2  # Chinese and Japanese words average about two characters


def count_words(text: str) -> int:
    """Words of ``text`` that contain a letter; in scripts written without spaces, two characters count as a word."""
    spaced = sum(1 for token in text.split() if has_letters(token) and not _UNSPACED_SCRIPT.search(token))
    return spaced + len(_UNSPACED_SCRIPT.findall(text)) // CHARS_PER_UNSPACED_WORD
