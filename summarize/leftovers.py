"""Web-page leftovers in news text: image-viewer buttons with their captions, photo credits, bylines, datelines.

Text copied from a news site (and corpora scraped from one, such as MLSUM's Süddeutsche
articles) carries page furniture that is not the article: "Detailansicht öffnen" (the
Süddeutsche image viewer's button) before a photo caption that ends in "(Foto: dpa)", an
author line "Von Cerstin Gammelin, Berlin" run into the first sentence, an archive dateline
"(SZ vom 16.07.2003) -". Left in, it becomes a lead sentence, a bullet or a translated
summary sentence (found by the blind reading of issue 12, docs/benchmarks/README.md).
"""

from __future__ import annotations

import re

_CAPTION_CHARS = 400  # an image caption is a sentence or two; a longer span is article text
_NAME = r"[A-ZÄÖÜ][\w'’-]+"
# The image viewer's button, then its caption up to the photo credit when one follows closely.
_IMAGE_VIEWER = re.compile(rf"Detailansicht öffnen(?:[^()]{{0,{_CAPTION_CHARS}}}?\((?:Foto|Bild|Fotos)\s*:[^)]*\))?\s*")
_PHOTO_CREDIT = re.compile(r"\s*\((?:Foto|Bild|Fotos)\s*:[^)]{1,80}\)")
# "Von Vorname Nachname, Ort " (one or two authors) at the start of the text or of a sentence, before a capital.
_BYLINE = re.compile(
    rf"(?:(?<=^)|(?<=\n)|(?<=[.!?\"“”] ))Von {_NAME}(?: {_NAME}){{1,2}}(?: und {_NAME}(?: {_NAME}){{1,2}})?, {_NAME} "
    r"(?=[A-ZÄÖÜ])"
)
# "(SZ vom 16.07.2003) - " and agency datelines "(dpa) - " at the start of a paragraph.
_DATELINE = re.compile(r"(?m)^\((?:SZ|sz|dpa|AP|AFP|Reuters|KNA|epd)\b[^)]{0,30}\)\s*[-–—]\s*")


def strip_leftovers(text: str) -> str:
    """``text`` without image-viewer captions, photo credits, bylines and datelines; the rest unchanged."""
    text = _IMAGE_VIEWER.sub("", text)
    text = _PHOTO_CREDIT.sub("", text)
    text = _BYLINE.sub("", text)
    return _DATELINE.sub("", text)
