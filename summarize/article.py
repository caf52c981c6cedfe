"""Parse a news article: title, body and its "Das Wichtigste in Kürze" box, if any."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .leftovers import strip_leftovers
from .markup import extract_page, html_to_text, is_html_document, looks_like_html
from .text import ends_like_sentence, normalize_text, split_paragraphs, split_sentences, tidy_text

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
_HEADING_ONLY = re.compile("|".join(BOX_HEADINGS), re.IGNORECASE)
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
    """Collect bullets from the lines after a box heading (in language ``lang``); return them and the lines used.

    The first bullet sets the box's form. A box of marked bullets ("- ", "• ", "1.") ends at
    the first unmarked line. A box of bare one-sentence lines ends at a line that is not
    one, and where the spacing changes: bullets one per line followed by a blank line and a
    paragraph means that paragraph is the article's lead, not another bullet.
    """
    bullets: list[str] = []
    used = 0
    marked_box = False
    blank_before = False
    spaced_box: bool | None = None  # bare bullets separated by blank lines (as in the seed articles)
    for line in lines:
        if not line.strip():
            used += 1
            blank_before = True
            continue
        text, marked = _bullet_text(line)
        if not bullets:
            if not marked and not _is_bare_bullet(text, lang):
                break
            marked_box = marked
        elif marked_box:
            if not marked:
                break
        else:
            if marked or len(bullets) >= MAX_UNMARKED_BULLETS or not _is_bare_bullet(text, lang):
                break
            if spaced_box is None:
                spaced_box = blank_before
            elif spaced_box != blank_before:
                break
        if text:
            bullets.append(text)
        used += 1
        blank_before = False
    # Blank lines after the last bullet belong to the body.
    while used and not lines[used - 1].strip():
        used -= 1
    return bullets, used


def article_text(raw: str) -> str:
    """Plain text of an article given as text, Markdown or an HTML fragment.

    Goes through :func:`~summarize.text.normalize_text` (NFC, invisible characters,
    spaces, line endings); HTML is read with a real parser (:func:`~summarize.markup.html_to_text`),
    entities are decoded, Markdown is reduced to its words; paragraphs are separated by blank lines.
    """
    text = normalize_text(raw)
    text = html_to_text(text) if looks_like_html(text) else html.unescape(text)
    return tidy_text(text)


def _split_box(lines: list[str]) -> tuple[list[str], list[str]]:
    """The first key-fact box in ``lines``: its bullets, and the lines without it."""
    for i, line in enumerate(lines):
        match = _HEADING.match(line.strip())
        if not match:
            continue
        rest = match.group("rest").strip()
        box_lines = ([rest] if rest else []) + lines[i + 1 :]
        lang = "de" if _GERMAN_HEADING.match(line.strip()) else "en"
        found, used = _read_box(box_lines, lang)
        if found:
            consumed = used - (1 if rest else 0)
            return found, lines[:i] + lines[i + 1 + consumed :]
    return [], lines


def _join_paragraphs(lines: list[str]) -> str:
    return "\n\n".join(split_paragraphs("\n".join(lines)))


def _parse_page(document: str) -> Article:
    page = extract_page(document, _HEADING_ONLY)
    title = " ".join(tidy_text(page.title).split()) if page.title else None
    lines = tidy_text(page.body).split("\n")
    while lines and title and (not lines[0] or lines[0] == title):
        lines = lines[1:]  # the headline, when the extractor kept it in the text as well
    if page.box_items:
        bullets = [_bullet_text(" ".join(tidy_text(item).split()))[0] for item in page.box_items]
        return Article(title or None, _join_paragraphs(lines), tuple(b for b in bullets if b))
    bullets, lines = _split_box(lines)
    return Article(title or None, _join_paragraphs(lines), tuple(bullets))


def parse_article(raw: str, *, title: str | None = None) -> Article:
    """Split raw article text into title, body and reference bullets.

    ``raw`` is plain text, Markdown, an HTML fragment or a whole saved HTML page; all of
    it goes through :func:`~summarize.text.normalize_text` first. From a whole page the
    headline, the main text (navigation, comments and footers left out) and a key-fact
    box are extracted (see :func:`~summarize.markup.extract_page`). In text, the title is a
    short first line without sentence punctuation. A key-fact box ("Das Wichtigste in
    Kürze", "Das Wichtigste im Überblick", "Darum geht's", "Key points", ...) is
    recognised with its bullets, one per line or paragraph, list markers optional; the
    bullets go to ``reference_bullets`` and are removed from the body. A given ``title``
    (normalised, spaces collapsed) replaces the one found; a headline line found at the top
    still leaves the body. Page furniture in the body (image-viewer captions, photo credits, bylines,
    datelines) is removed (:func:`~summarize.leftovers.strip_leftovers`).
    Never raises: text without title or box comes back whole as the body.
    """
    article = _parse(raw)
    article = Article(article.title, strip_leftovers(article.body), article.reference_bullets)
    if title:
        return Article(" ".join(tidy_text(title).split()) or None, article.body, article.reference_bullets)
    return article


def _parse(raw: str) -> Article:
    if is_html_document(raw):
        return _parse_page(normalize_text(raw))
    text = article_text(raw)
    lines = text.split("\n")
    title: str | None = None
    paragraphs = split_paragraphs(text)
    if len(paragraphs) > 1 and _is_title(paragraphs[0]) and lines and lines[0] == paragraphs[0]:
        title = paragraphs[0]
        lines = lines[1:]
    bullets, lines = _split_box(lines)
    return Article(title=title, body=_join_paragraphs(lines), reference_bullets=tuple(bullets))
