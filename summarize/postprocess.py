"""Turn raw model answers into clean sentences: strip preambles and list markers, drop cut-off tails."""

from __future__ import annotations

import re

from .text import ends_like_sentence, normalize_text, split_sentences
from .words import MIN_SENTENCE_WORDS, count_whitespace_tokens

_MARKER = re.compile(r"^\s*(?:[-–—•*·▪►]+|\(?\d{1,2}[.):]|[a-c][.)])\s*")
_EMPHASIS = re.compile(r"\*\*|__|`")
# Lines that introduce an answer rather than belong to it ("Hier sind die drei Fakten:").
_PREAMBLE = re.compile(
    r"^(?:hier (?:sind|ist)|here (?:are|is)|zusammenfassung|summary|die (?:drei|wichtigsten)|the (?:three|key|main)"
    r"|das wichtigste|key points|fakten|facts|sure|gerne|natürlich|certainly)\b.*$",
    re.IGNORECASE,
)
_LABEL = re.compile(r"^(?:zusammenfassung|summary|antwort|answer|satz|sentence|fakt|fact)\s*\d*\s*:\s*", re.IGNORECASE)


def clean_line(line: str) -> str:
    """A model output line without list marker, emphasis, label or surrounding quotes."""
    line = _EMPHASIS.sub("", line).strip()
    line = _MARKER.sub("", line, count=1)
    line = _LABEL.sub("", line)
    return line.strip().strip("\"'„“”»«").strip()


def is_preamble(line: str) -> bool:
    """Whether a cleaned line announces the answer instead of being part of it."""
    line = line.strip()
    if line.endswith(":"):
        return True
    return bool(_PREAMBLE.match(line)) and len(line.split()) <= 12 and not ends_like_sentence(line)


def answer_lines(text: str) -> list[str]:
    """Non-empty, cleaned lines of an answer, preambles removed. The answer gets the same Unicode normalisation as
    the article (``normalize_text``): no control, escape or direction-override character reaches a reader."""
    cleaned = (clean_line(raw) for raw in normalize_text(text).splitlines())
    return [line for line in cleaned if line and not is_preamble(line)]


def close_line(line: str) -> str:
    """``line`` with a full stop added when it lacks end punctuation."""
    return line if ends_like_sentence(line) else line.rstrip(",;:–- ") + "."


def complete_sentences(text: str, lang: str, *, finished: bool = True) -> list[str]:
    """The complete sentences of an answer.

    Lines without end punctuation get a full stop (list items, headings-as-sentences),
    except the very end of an answer cut off at the token limit (``finished=False``):
    its unfinished last sentence is dropped. Lines of fewer than ``MIN_SENTENCE_WORDS`` words are dropped.
    """
    lines = [line for line in answer_lines(text) if count_whitespace_tokens(line) >= MIN_SENTENCE_WORDS]
    cut_off = bool(lines) and not finished and not ends_like_sentence(lines[-1])
    sentences = split_sentences("\n\n".join(lines), lang)
    if cut_off and sentences:
        sentences.pop()
    return [close_line(sentence) for sentence in sentences]
