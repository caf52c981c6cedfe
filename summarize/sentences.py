"""Sentence segmentation of one block of text (a paragraph or list item on one line).

German and English go to SoMaJo (Proisl and Uhrig 2016), a rule-based tokenizer and sentence
splitter for German and English web and news text, which won our comparison on hard cases
(docs/benchmarks/splitters.md); small repairs follow for the kinds it gets wrong (``_repair``).
Other languages use pySBD's rules where it has some, and a punctuation rule otherwise. Every
backend only chooses where to cut: the sentences are slices of the block, so no character
other than whitespace is lost, added or moved. Imports nothing from the package.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import pysbd
import regex

try:
    from somajo import SoMaJo
except ImportError:  # SoMaJo is GPL-3.0: without it German and English fall back to pySBD
    SoMaJo = None

SOMAJO_MODELS = {"de": "de_CMC", "en": "en_PTB"}
# Languages pySBD has rules for.
PYSBD_LANGUAGES = frozenset(
    ("en", "hi", "mr", "zh", "es", "am", "ar", "el", "ru", "hy", "bg", "ur", "fa", "it", "pl", "nl", "da", "fr", "my",
     "sk", "de", "kk", "ja")
)

_CLOSERS = "\"'»«“”’‘‹›)\\]」』"
_PUNCTUATION_END = re.compile(rf"[.!?…]+[{_CLOSERS}]*(?=\s|$)|[。！？]+[{_CLOSERS}]*")

# Quotation marks by direction. German opens with „ » ‚ › and closes with “ « ‘ ‹; English opens
# with “ and closes with ”. English single quotes are left out: ’ is also the apostrophe.
_OPENERS = {"de": "„»‚›", "en": "“"}
_CLOSING = {"de": "“«‘‹", "en": "”"}
MAX_QUOTE_SENTENCES = 4  # a quotation longer than this is left split: its closing mark may be missing

# The attribution after a quoted question or exclamation: '"Ready?" Anna asked.' Capitalised
# pronouns and articles start a new sentence instead ('"Ready?" She nodded.').
_SPEECH_VERBS = (
    "said|says|asked|asks|added|adds|answered|called|cried|declared|demanded|explained|insisted|"
    "replied|replies|shouted|screamed|told|tells|urged|warned|whispered|wondered|wrote|yelled"
)
_NAMED_SPEAKER = re.compile(rf"^(?:[A-Z][\w.'’-]*\s+){{1,3}}(?:{_SPEECH_VERBS})\b")
_NOT_A_SPEAKER = re.compile(
    r"^(?:I|He|She|It|We|They|You|The|A|An|This|That|There|Then|But|And|"
    r"Nobody|No|None|Nothing|Everybody|Everyone|Somebody|Someone|All|Both)\b"
)
_QUOTED_QUESTION = re.compile(rf"[?!][{_CLOSERS}]+$")


def primary_language(lang: str) -> str:
    """The primary language subtag of a BCP-47 tag, lower-cased: "de-AT" → "de"."""
    return lang.strip().lower().replace("_", "-").split("-")[0]


def segment(block: str, lang: str) -> list[str]:
    """Split one block of text into sentences with the rules for ``lang``; never raises.

    A backend that fails on odd input hands the block to the next one: SoMaJo (German, English;
    its offset alignment asserts on characters that NFC changes, e.g. Tibetan ``ྦྷ``), then pySBD
    (its rules paste text into regular expressions: ``re.error``), then the punctuation rule.
    """
    code = primary_language(lang)
    backends: list[Callable[[str, str], list[str]]] = []
    if code in SOMAJO_MODELS and SoMaJo is not None:
        backends.append(_somajo_repaired)
    if code in PYSBD_LANGUAGES:
        backends.append(pysbd_sentences)
    for backend in backends:
        try:
            return backend(block, code)
        except Exception:  # noqa: BLE001, S112 - a third-party rule set failing on odd input must not lose the text
            continue
    return punctuation_sentences(block)


def _somajo_repaired(block: str, lang: str) -> list[str]:
    sentences = _somajo_tokens(block, lang)
    return _repair(block, _starts(sentences) + _missed_starts(sentences), lang)


@lru_cache(maxsize=2)
def _somajo(model: str) -> SoMaJo:
    splitter = SoMaJo(model, split_sentences=True, character_offsets=True)
    _skip_emoji_pass_without_emoji(splitter)
    return splitter


_EMOJI = regex.compile(r"[\p{Extended_Pictographic}\p{Emoji_Presentation}\uFE0F]")


def _skip_emoji_pass_without_emoji(splitter: SoMaJo) -> None:
    """Skip SoMaJo's emoji search in tokens that hold no emoji character (same result, half the time).

    SoMaJo 2.5's ``Tokenizer._split_emojis`` runs an uncompiled pattern on every grapheme of
    every token: half its time on news text (docs/benchmarks/splitters.md). A token without any
    character of the classes that search looks for cannot match, so the pass is skipped for it.
    Left alone if a SoMaJo version lacks the method.
    """
    tokenizer = getattr(splitter, "_tokenizer", None)
    original = getattr(tokenizer, "_split_emojis", None)
    if original is None:
        return

    def split_emojis(node: object, token_class: str = "emoticon") -> None:
        if _EMOJI.search(node.value.text):  # type: ignore[attr-defined]
            original(node, token_class)

    tokenizer._split_emojis = split_emojis  # type: ignore[union-attr]


def _slices(block: str, starts: list[int]) -> list[str]:
    cuts = sorted({0, *(s for s in starts if 0 < s < len(block))})
    pieces = (block[a:b].strip() for a, b in zip(cuts, [*cuts[1:], len(block)]))
    return [p for p in pieces if p]


def _somajo_tokens(block: str, lang: str) -> list[list[Any]]:
    return [tokens for tokens in _somajo(SOMAJO_MODELS[lang]).tokenize_text([block]) if tokens]


def _starts(sentences: list[list[Any]]) -> list[int]:
    return [tokens[0].character_offset[0] for tokens in sentences]


def somajo_starts(block: str, lang: str) -> list[int]:
    """Where SoMaJo's sentences of ``block`` ("de" or "en") start: the offsets of their first tokens."""
    return _starts(_somajo_tokens(block, lang))


def _missed_starts(sentences: list[list[Any]]) -> list[int]:
    """Sentence starts SoMaJo misses after a full stop, "!" or "?" that stands alone (no abbreviation).

    SoMaJo never starts a sentence in lower case, nor with a single quote. So a web address or
    a word with a capital inside (". sueddeutsche.de berichtet", ". iPhone-Verkäufe") starts one
    there, and so does a single opening quote before a capital (". 'Wo sind wir?', fragte er").
    """
    tokens = [token for sentence in sentences for token in sentence]
    starts = []
    for i in range(len(tokens) - 1):
        before, after = tokens[i], tokens[i + 1]
        if before.text not in (".", "!", "?"):
            continue
        name = after.text[:1].islower() and (
            after.token_class in ("URL", "email_address") or any(ch.isupper() for ch in after.text)
        )
        quote = after.text[:1] in "'‘‚" and (
            after.text[1:2].isupper() or (len(after.text) == 1 and i + 2 < len(tokens) and tokens[i + 2].text[:1].isupper())
        )
        if name or quote:
            starts.append(after.character_offset[0])
    return starts


def somajo_sentences(block: str, lang: str) -> list[str]:
    """SoMaJo's sentences of ``block``, unrepaired (for comparisons)."""
    return _slices(block, somajo_starts(block, lang))


def punctuation_sentences(block: str) -> list[str]:
    """Cut after ". ! ? …" (and closing quotes) before a space, and after "。！？"."""
    return _slices(block, [m.end() for m in _PUNCTUATION_END.finditer(block)])


@lru_cache(maxsize=8)
def _pysbd(lang: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language=lang, clean=False)


_STRAY_CLOSER = re.compile(r"^([\"'»“”’)\]]+)(?:\s+|$)")  # not "«": French opens quotes with "« "
_SENTENCE_END = re.compile(rf"[.!?…。！？][{_CLOSERS}]*$")


def pysbd_sentences(block: str, lang: str) -> list[str]:
    """pySBD's sentences, with closing quotes it split off put back on the sentence before.

    With straight quotes pySBD can end a quoted sentence before its closing quote; the stray
    quote goes back to the sentence before, and the rest is split again.
    """
    segmenter = _pysbd(lang)
    sentences: list[str] = []
    pending = [s.strip() for s in segmenter.segment(block)]
    while pending:
        sentence = pending.pop(0)
        closer = _STRAY_CLOSER.match(sentence)
        if closer and sentences and _SENTENCE_END.search(sentences[-1]):
            sentences[-1] += closer.group(1)
            rest = sentence[closer.end() :]
            pending[:0] = [s.strip() for s in segmenter.segment(rest)] if rest else []
        elif sentence:
            sentences.append(sentence)
    return sentences


def _repair(block: str, starts: list[int], lang: str) -> list[str]:
    """SoMaJo's cuts (sentence start offsets) with these repairs, as sentences of ``block``:

    - closing quotes SoMaJo gave to the next sentence go back to the one they close;
    - a cut with no space before it is dropped (it is inside a token);
    - a cut is added after a number, month or company abbreviation that ends a sentence
      before a pronoun, article or conjunction ("5 Mio. Die ...", "Acme Inc. He ...");
    - a cut is dropped before a piece that continues the sentence (``_continues``);
    - a quotation of several sentences stays with its attribution (``_join_quotations``).
    """
    cuts = [_after_stray_closers(block, c, lang) for c in starts]
    # A cut with no space before it is inside a token ("B.|Eng.", "Eng.|(Bau)"), never a sentence end.
    cuts = sorted({0, *(c for c in cuts if 0 < c < len(block) and block[c - 1].isspace())})
    cuts = _split_after_final_abbreviations(block, cuts, lang)
    cuts = _join(block, cuts, lambda before, after: _continues(before, after, lang))
    cuts = _join_quotations(block, cuts, lang)
    return _slices(block, cuts)


def _pieces(block: str, cuts: list[int]) -> list[str]:
    return [block[a:b] for a, b in zip(cuts, [*cuts[1:], len(block)])]


def _join(block: str, cuts: list[int], joined: Callable[[str, str], bool]) -> list[int]:
    """Drop each cut where ``joined(piece before, piece after)``."""
    kept = [cuts[0]]
    for cut, end in zip(cuts[1:], [*cuts[2:], len(block)]):
        if not joined(block[kept[-1] : cut], block[cut:end]):
            kept.append(cut)
    return kept


# Abbreviations SoMaJo's lists lack that stand before a number ("approx. 300 m", "Bd. 2").
_BEFORE_NUMBER = {
    "de": {"rd.", "ca.", "nr.", "abs.", "art.", "s.", "bd.", "tel.", "kap.", "str.", "tab.", "abb.", "ziff.", "lt."},
    "en": {"approx.", "ca.", "no.", "nos.", "art.", "p.", "pp.", "fig.", "vol.", "ch.", "sec.", "para.", "est."},
}
_MONTHS = {"jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "okt.", "oct.", "nov.", "dez.", "dec."}
_LEADING_BRACKETS = re.compile(r"^\s*\([^()]*\)\s*")
_LAST_WORD = re.compile(r"(\S+)\s*$")
_FIRST_WORD = re.compile(r"^\s*(\S+)")


def _continues(before: str, after: str, lang: str) -> bool:
    """Whether ``after`` continues the sentence ``before`` instead of starting a new one.

    A piece that opens with an all-lower-case word continues ("Er wartete... und ging";
    '"Halt!" rief er'), as does a number after an abbreviation that stands before numbers
    ("approx. 300 m", "Str. 5", "Jan. 2025"); and, in English, a named speaker with a speech
    verb after a quoted question or exclamation ('"Are you ready?" Anna asked.').
    """
    first = _FIRST_WORD.match(after)
    last = _LAST_WORD.search(before)
    if not first or not last:
        return False
    word, previous = first.group(1), last.group(1).lower()
    if word[0].isalpha() and word.isalpha() and word.islower():
        return True
    # "Dipl.-Ing. (FH) und ...": a parenthesis after an abbreviation, and the sentence goes on in lower case.
    after_brackets = _LEADING_BRACKETS.sub("", after)
    if after_brackets != after and (after_brackets[:1].islower() or after_brackets[:1] in ",;:"):
        return True
    if word[0].isdigit() and (previous in _BEFORE_NUMBER[lang] or previous in _MONTHS or previous.endswith("str.")):
        return True
    return (
        lang == "en"
        and bool(_QUOTED_QUESTION.search(before.rstrip()))
        and not _NOT_A_SPEAKER.match(after.lstrip())
        and bool(_NAMED_SPEAKER.match(after.lstrip()))
    )


# A sentence end SoMaJo reads as an abbreviation or ordinal: "5 Mio. Die Versicherung zahlt",
# "Acme Inc. He likes it", "Platz 3. Damit", "FC Bayern II. So". Cut only before a closed list of
# pronouns, articles, conjunctions and prepositions: words that open sentences and cannot follow
# such a token inside one (an ordinal is followed by a noun or adjective, not by "Die" or "Nach").
_OPENING_WORDS = {
    "de": "Er Sie Es Wir Ich Ihr Man Der Die Das Dies Diese Dieser Dieses Sein Seine Ihre Alle Viele Einige Beide "
    "Damit Dann Danach Doch Aber Und Auch Deshalb Daher Trotzdem Zudem Außerdem Allerdings Jetzt Nun So Seitdem "
    "Bisher Als Wenn Während Bis Nach Vor Seit Mit Bei In Im Am Auf Für Von Zum Zur Um Über Unter Gegen Trotz Wegen",
    "en": "He She It We I They You The This That These Those There Then But And Also However Now Still Yet "
    "His Her Its Their Our My Both All Some Most Many Nobody Everyone After Before When While If Since "
    "In On At For With By From Last Next Earlier Later",
}
_MONTH_STEMS = r"Jan|Feb|Mar|Mär|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Okt|Nov|Dec|Dez"
_FINAL_TOKEN = {
    "de": rf"\d+|[IVX]{{1,5}}|Mio|Mrd|Tsd|Inc|Ltd|Co|Corp|usw|etc|Jh|Jhd|{_MONTH_STEMS}",
    "en": rf"\d+|[IVX]{{1,5}}|[ap]\.m|(?:[A-Z]\.){{1,3}}[A-Z]|Inc|Ltd|Co|Corp|Bros|Jr|Sr|etc|{_MONTH_STEMS}",
}
_HIDDEN_END = {
    lang: re.compile(rf"(?<![\w.])(?:{_FINAL_TOKEN[lang]})\.[{_CLOSERS}]*\s+(?=(?:{words.replace(' ', '|')})\b)")
    for lang, words in _OPENING_WORDS.items()
}


def _split_after_final_abbreviations(block: str, cuts: list[int], lang: str) -> list[int]:
    return sorted({*cuts, *(m.end() for m in _HIDDEN_END[lang].finditer(block))})


def _after_stray_closers(block: str, cut: int, lang: str) -> int:
    """Move a cut past closing quotes that SoMaJo gave to the next sentence ("leid.|‘“ Dann")."""
    closers = _CLOSING[lang] + "\"'"
    end = cut
    while end < len(block) and block[end] in closers:
        end += 1
    if end == cut or (end < len(block) and not block[end].isspace()):
        return cut
    while end < len(block) and block[end].isspace():
        end += 1
    return end


def _quote_balance(sentence: str, lang: str) -> tuple[int, bool]:
    """Opening minus closing directional quotes, and whether the straight quotes ``"`` toggle."""
    opened = sum(sentence.count(ch) for ch in _OPENERS[lang])
    closed = sum(sentence.count(ch) for ch in _CLOSING[lang])
    return opened - closed, sentence.count('"') % 2 == 1


def _join_quotations(block: str, cuts: list[int], lang: str) -> list[int]:
    """Keep a quotation of several sentences together with its attribution.

    ``»Das reicht nicht. Wir brauchen Geld«, sagte er.`` is one sentence: the quote's
    sentences and who said them belong together. Joined only when the quotation closes
    within ``MAX_QUOTE_SENTENCES`` sentences of the block.
    """
    pieces = _pieces(block, cuts)
    kept: list[int] = []
    i = 0
    while i < len(pieces):
        kept.append(cuts[i])
        depth, straight = _quote_balance(pieces[i], lang)
        end = i
        if depth > 0 or straight:
            for j in range(i + 1, min(len(pieces), i + MAX_QUOTE_SENTENCES)):
                change, toggle = _quote_balance(pieces[j], lang)
                depth, straight = depth + change, straight != toggle
                if depth <= 0 and not straight:
                    end = j
                    break
        i = end + 1
    return kept
