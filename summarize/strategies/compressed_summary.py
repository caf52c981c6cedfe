"""Summaries made of the article's key statements, shortened by verified deletion, translated with verified checks."""

from __future__ import annotations

from typing import ClassVar

from .key_sentence_summary import KeySentenceSummary


class CompressedSummary(KeySentenceSummary):
    """The article's three key statements, each shortened by verified deletion.

    In the article's language the summary is those sentences (``compressed`` when the model shortened at
    least one, else ``extracted``); a failed translation of a shortened sentence gets a second chance
    with the whole sentence. Otherwise as :class:`KeySentenceSummary`.
    """

    name = "compressed"
    shorten: ClassVar[bool] = True
