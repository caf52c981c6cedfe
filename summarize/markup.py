"""HTML to text with a real parser: fragments with lxml, whole saved news pages with trafilatura.

Markup goes through :func:`summarize.text.normalize_text` before parsing (lxml holds no control
characters); callers normalise the text again after, since entities such as ``&shy;`` only become
characters here.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

import lxml.html
import trafilatura
from lxml import etree

from .text import normalize_text

# Tags that separate paragraphs when a fragment becomes text; <br> is a line break.
_BLOCKS = frozenset(
    "address article aside blockquote dd details div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr main nav ol p pre section summary table tbody thead tfoot tr ul".split()
)
_DROPPED = ("script", "style", "noscript", "template", "head")
_HTML_TAG = re.compile(
    r"<(p|div|br|span|a|li|ul|ol|h[1-6]|html|body|article|section|strong|em|b|i|table|tr|td)\b[^<>]*/?>", re.IGNORECASE
)
_DOCUMENT = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html\b|<html\b)|<body\b", re.IGNORECASE | re.DOTALL)
MAX_BOX_ITEMS = 8  # more list items than this is a link list, not a key-fact box
MAX_HEADING_CHARS = 60


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is marked up as HTML (has tags such as ``<p>``, ``<br>`` or ``<li>``)."""
    return bool(_HTML_TAG.search(text))


def is_html_document(text: str) -> bool:
    """Whether ``text`` is a whole HTML page (a doctype, an ``<html>`` or a ``<body>`` element) rather than a fragment."""
    return bool(_DOCUMENT.search(text[:5000]))


def _parse_fragment(markup: str) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError, AssertionError):  # empty, or an <html>/<body> tag inside
        pass
    try:
        return lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError, AssertionError):
        return None


def _drop_invisible(root: lxml.html.HtmlElement) -> None:
    for element in list(root.iter(etree.Comment, etree.ProcessingInstruction, *_DROPPED)):
        if element.getparent() is not None:
            element.drop_tree()  # keeps the text after it


def _element_text(root: lxml.html.HtmlElement) -> str:
    """The text of ``root`` with blank lines between blocks, list items as ``- `` lines, ``<br>`` as a line break."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag == "br":
            element.tail = "\n" + (element.tail or "")
        elif tag == "li":
            element.text = "- " + (element.text or "")
            element.tail = "\n" + (element.tail or "")
        elif tag in ("td", "th"):
            element.tail = " " + (element.tail or "")
        elif tag in _BLOCKS:
            element.text = "\n\n" + (element.text or "")
            element.tail = "\n\n" + (element.tail or "")
    return root.text_content()


def html_to_text(markup: str) -> str:
    """The text of an HTML fragment: tags gone, entities decoded, blocks separated by blank lines.

    A ``<`` that opens no tag ("Kinder <6 Jahre") stays text, as the HTML standard says;
    scripts, styles and comments are dropped. Markup lxml cannot parse comes back unchanged.
    """
    markup = normalize_text(markup)
    root = _parse_fragment(markup)
    if root is None:
        return markup
    _drop_invisible(root)
    return _element_text(root)


@dataclass(frozen=True)
class Page:
    """What a saved news page holds: headline, key-fact box items and the article text.

    ``body`` has one paragraph per block, separated by blank lines; navigation, comments,
    related links and footers are left out.
    """

    title: str | None
    box_heading: str | None
    box_items: tuple[str, ...]
    body: str


def _clean(text: str) -> str:
    return " ".join(text.split())


def _box_items(heading: lxml.html.HtmlElement) -> tuple[list[lxml.html.HtmlElement], list[str]]:
    """The list (or the short paragraphs) that follow a box heading inside its box; the elements and their texts."""
    for container in (heading.getparent(), heading.getparent().getparent() if heading.getparent() is not None else None):
        if container is None:
            continue
        after = False
        paragraphs: list[lxml.html.HtmlElement] = []
        for element in container.iter():
            if element is heading:
                after = True
                continue
            if not after or not isinstance(element.tag, str) or heading in element.iterancestors():
                continue
            if element.tag in ("ul", "ol"):
                items = [_clean(li.text_content()) for li in element.iter("li")]
                items = [item for item in items if item]
                if 0 < len(items) <= MAX_BOX_ITEMS:
                    return [element], items
                break
            if element.tag == "p" and _clean(element.text_content()):
                paragraphs.append(element)
        if paragraphs:
            return paragraphs[:MAX_BOX_ITEMS], [_clean(p.text_content()) for p in paragraphs[:MAX_BOX_ITEMS]]
    return [], []


def _find_box(root: lxml.html.HtmlElement, heading_pattern: re.Pattern[str]) -> tuple[str | None, list[str]]:
    """Find a key-fact box (a heading such as "Das Wichtigste in Kürze" and its list), remove it from ``root``."""
    for element in root.iter("h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "p", "div", "span", "dt", "summary"):
        text = _clean(element.text_content())
        if len(text) > MAX_HEADING_CHARS or not heading_pattern.fullmatch(text.rstrip(":")):
            continue
        used, items = _box_items(element)
        if items:
            for node in (element, *used):
                if node.getparent() is not None:
                    node.drop_tree()
            return text.rstrip(":"), items
    return None, []


def _title(root: lxml.html.HtmlElement, metadata_title: str | None) -> str | None:
    if metadata_title:
        return _clean(metadata_title)
    for h1 in root.iter("h1"):
        text = _clean(h1.text_content())
        if text:
            return text
    return None


def extract_page(document: str, box_heading: re.Pattern[str]) -> Page:
    """Headline, key-fact box and main text of a whole HTML news page.

    The box is looked up in the DOM first: a heading element whose whole text matches
    ``box_heading`` and the list (``<ul>``/``<ol>``, or else the paragraphs) after it in
    the same container; it is removed before extraction, since trafilatura drops or
    flattens such asides. The main text and headline then come from trafilatura
    (``bare_extraction`` without comments, with metadata); a page trafilatura finds no
    main text in falls back to all its text.
    """
    document = normalize_text(document)
    try:
        root = lxml.html.document_fromstring(document)
    except (etree.ParserError, ValueError):
        return Page(None, None, (), html_to_text(document))
    _drop_invisible_but_head(root)
    heading, items = _find_box(root, box_heading)
    extracted = trafilatura.bare_extraction(
        copy.deepcopy(root), include_comments=False, include_tables=True, favor_precision=True, **_WITH_METADATA
    )
    text, metadata_title = _extracted("text", extracted), _extracted("title", extracted)
    title = _title(root, metadata_title)
    if text and text.strip():
        body = "\n\n".join(line.strip() for line in text.split("\n") if line.strip())
    else:
        body_element = root.find("body")
        fallback = body_element if body_element is not None else root
        _drop_invisible(fallback)
        body = _element_text(fallback)
    return Page(title, heading, tuple(items), body)


# trafilatura 2 extracts metadata (the headline) only when asked; 1.x always does, and there the same
# keyword means "nothing unless the page has metadata".
_WITH_METADATA = {"with_metadata": True} if int(trafilatura.__version__.split(".")[0]) >= 2 else {}


def _extracted(field: str, extracted: object) -> str | None:
    """A field of trafilatura's result: a dict in trafilatura 1.x, a ``Document`` in 2.x."""
    if isinstance(extracted, dict):
        return extracted.get(field)
    return getattr(extracted, field, None) if extracted is not None else None


def _drop_invisible_but_head(root: lxml.html.HtmlElement) -> None:
    """Scripts, styles and comments go; the ``<head>`` stays, trafilatura reads the headline there."""
    for element in list(root.iter(etree.Comment, etree.ProcessingInstruction, "script", "style", "noscript", "template")):
        if element.getparent() is not None:
            element.drop_tree()
