"""Parse a news article: title, body and its "Das Wichtigste in Kürze" box, if any."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import ends_like_sentence, normalize_text, split_paragraphs, split_sentences

# Headings of key-fact boxes on German and English news sites; the first bullet may
# follow the heading on the same line (as in the seed article).
GERMAN_BOX_HEADINGS = (
    r"das wichtigste in kürze",
    r"das wichtigste im überblick",
    r"das wichtigste auf einen blick",
    r"das wichtigste zusammengefasst",
    r"darum geht['’`´]?s",
    r"darum geht es",
    r"auf einen blick",
    r"kurz und knapp",
)
ENGLISH_BOX_HEADINGS = (
    r"key points",
    r"key facts",
    r"the key points",
    r"at a glance",
    r"in brief",
    r"highlights",
)
BOX_HEADINGS = GERMAN_BOX_HEADINGS + ENGLISH_BOX_HEADINGS
_GERMAN_HEADING = re.compile(r"^(?:" + "|".join(GERMAN_BOX_HEADINGS) + r")\b", re.IGNORECASE)
_HEADING = re.compile(r"^(?:" + "|".join(BOX_HEADINGS) + r")\s*[:\-–—]?\s*(?P<rest>.*)$", re.IGNORECASE)
_LIST_MARKER = re.compile(r"^\s*(?:[-–—•*·▪►✓]|\d{1,2}[.)])\s+")
MAX_UNMARKED_BULLETS = 5  # a box of bare sentences rarely holds more; stops runaway capture
MAX_BULLET_CHARS = 300


@dataclass(frozen=True)
class Article:
    """An article split into its parts.

    ``body`` is the text to summarise, without title and key-fact box;
    ``reference_bullets`` are the box's sentences (empty when there is no box).
    """

    title: str | None
    body: str
    reference_bullets: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {"title": self.title, "body": self.body, "reference_bullets": list(self.reference_bullets)}


def _is_title(paragraph: str) -> bool:
    return len(paragraph) <= 150 and not ends_like_sentence(paragraph) and not _HEADING.match(paragraph)


def _bullet_text(line: str) -> tuple[str, bool]:
    """The line without a list marker, and whether it had one."""
    stripped = _LIST_MARKER.sub("", line, count=1)
    return stripped.strip(), stripped != line


def _is_bare_bullet(line: str, lang: str) -> bool:
    return (
        len(line) <= MAX_BULLET_CHARS
        and ends_like_sentence(line)
        and len(split_sentences(line, lang)) == 1
    )


def _read_box(lines: list[str], lang: str) -> tuple[list[str], int]:
    """Collect bullets from the lines after a box heading (in language ``lang``); return them and the lines used."""
    bullets: list[str] = []
    used = 0
    for line in lines:
        if not line.strip():
            used += 1
            continue
        text, marked = _bullet_text(line)
        if not marked and (len(bullets) >= MAX_UNMARKED_BULLETS or not _is_bare_bullet(text, lang)):
            break
        if text:
            bullets.append(text)
        used += 1
    # Blank lines after the last bullet belong to the body.
    while used and not lines[used - 1].strip():
        used -= 1
    return bullets, used


def parse_article(raw: str) -> Article:
    """Split raw article text into title, body and reference bullets.

    The title is a short first line without sentence punctuation. A key-fact box
    ("Das Wichtigste in Kürze", "Das Wichtigste im Überblick", "Darum geht's",
    "Key points", ...) is recognised with its bullets, one per line or paragraph, list
    markers optional; the bullets go to ``reference_bullets`` and are removed from the body.
    Never raises: text without title or box comes back whole as the body.
    """
    text = normalize_text(raw)
    lines = text.split("\n")
    title: str | None = None
    paragraphs = split_paragraphs(text)
    if len(paragraphs) > 1 and _is_title(paragraphs[0]) and lines and lines[0] == paragraphs[0]:
        title = paragraphs[0]
        lines = lines[1:]

    bullets: list[str] = []
    for i, line in enumerate(lines):
        match = _HEADING.match(line.strip())
        if not match:
            continue
        rest = match.group("rest").strip()
        box_lines = ([rest] if rest else []) + lines[i + 1 :]
        lang = "de" if _GERMAN_HEADING.match(line.strip()) else "en"
        found, used = _read_box(box_lines, lang)
        if found:
            bullets = found
            consumed = used - (1 if rest else 0)
            lines = lines[:i] + lines[i + 1 + consumed :]
            break
    body = "\n\n".join(split_paragraphs("\n".join(lines)))
    return Article(title=title, body=body, reference_bullets=tuple(bullets))
