"""Sentences that are true to the article by construction: chosen from it, shown whole or shortened by verified
deletion, translated with verified checks.

The embedded model is a small coder model: it shortens and translates a sentence it is shown
well, and recalls facts from a whole article badly. So it is never asked for facts. The key
facts are article sentences (the headline's statement and the lead's: news puts its key facts first),
shown whole by default; the model translates each one (:mod:`summarize.translation_check` checks
numbers, names, negation, length and language against the one sentence it translates) and, with
``shorten``, first shortens it by deleting words (:mod:`summarize.compression` checks that exactly).
A sentence whose shortening fails is shown whole, as the article has it (``extracted``); a
translation that fails is not shown.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .answers import Checker, repeats
from .compression import DOUBLE_QUOTES, check_deletion, has_direct_speech, tokens
from .fluency import has_finite_verb, is_full_sentence, pos_tags
from .lexicon import is_listed_german_noun, split_german_compound
from .models.base import Completion
from .postprocess import answer_lines, close_line
from .prompts import deletion_prompt, translation_prompt
from .requests import Answers, Request
from .result import Origin
from .source import Source
from .translation_check import check_translation
from .words import WordTokenizer

# A verified sentence and how it was made.
Verified = tuple[str, Origin]


# Two sentences glued together because the page lost a full stop, per language. English: a photo caption run
# into the next sentence, as CNN/Daily Mail pages leave them ("... than a colleague The cost of divorce ..."): a
# capitalised pronoun or article mid-sentence after a lower-case word, followed by a lower-case word. German (all
# nouns are capitalised, so only words that are capitalised only at a sentence's start count): a subheading run
# into the next sentence ("Komplizierte Realitäten in Sachsen Damit ist Kretschmer ..."; not before a noun, which
# German capitalises: "Wie Der Spiegel berichtet" stays), or a page's label in capitals before a colon
# ("KANZLERIN: Angela Merkel ..."). Both were judged not fluent in the third blind reading (docs/benchmarks/README.md).
_GLUED_SENTENCE = {
    "en": re.compile(
        r"\b[a-z]{2,} (?:The|A|An|He|She|It|They|His|Her|Its|Their|This|These) [a-z]"
        r"|^[A-Z][\w’'-]*(?: [\w’'-]+)?: [A-Z]"  # a caption's label: "Wanted: Police in Maryland ..."
    ),
    "de": re.compile(
        r"\b\w{2,} (?:Der|Die|Das|Damit|Doch|Dabei|Dann|Denn|Deshalb|Er|Sie|Es|Wir|Ich|Nun|Seit|Jetzt|Bisher)"
        r" [a-zäöüß]"
        r"|^[A-ZÄÖÜ]{3,}[A-ZÄÖÜ -]*: "
    ),
}

# A sentence that points back to the one before it cannot stand alone in a key-fact box, per language: German
# sentences that open with a personal or demonstrative pronoun ("Es sitzt auf dem Schoß von ...", "Dieser Plan
# ...") or with a connective ("Allerdings gehört sie ...", "Zudem lehrt er ..."). In German news the rule raised the
# judged key-fact share of the chosen statements and their ROUGE-1 on held-out records. In English (CNN/Daily Mail,
# whose leads name their subject) the same rule lost ROUGE, so English has none (docs/benchmarks/README.md, step 8).
_POINTS_BACK = {
    "de": re.compile(
        r"^[„\"»]?(?:Er|Es|Sie|Ihr|Ihm|Ihn|Ihnen|Diese[mnrs]?|Dies"
        r"|Damit|Dabei|Dort|Deshalb|Daher|Dann|Allerdings|Aber|Doch|Zudem|Und|Auch|So)\b"
    ),
}
# An interview's answer after its speaker ("Feilmeier: Nie, ich will ...", "Jens Nachtwei: Das kann man so sagen.",
# "SZ: Herr Nachtwei, ..."): one to three words before a colon at the start, each a name (``_is_german_name``). It
# answers a question the box does not show; both were judged not fluent and partly supported (step 8). "Der Grund:
# ...", "Kurzum: ..." or "Einzige Voraussetzung: ..." name no speaker and stay.
_SPEAKER = {"de": re.compile(r"^((?:[A-ZÄÖÜ][\wäöüß.-]* ){0,2}[A-ZÄÖÜ][\wäöüß-]*): ")}


# A quotation in double quotes or guillemets, any style ("...", „...“, “...”, »...«).
_QUOTATION = re.compile(f"[{DOUBLE_QUOTES}][^{DOUBLE_QUOTES}]*[{DOUBLE_QUOTES}]")
# A whole sentence in single quotes, as the Daily Mail quotes ("'Which is remarkable ...'"): apostrophes inside
# ("it's") make single quotes unsafe to match anywhere else.
_SINGLE_QUOTED_SENTENCE = re.compile(r"^[‘'][^‘’']*(?:[’'][a-z][^‘’']*)*[.!?]?[’'][.!?]?$")


def says_who_speaks(sentence: str, lang: str) -> bool:
    """Whether ``sentence`` has a finite verb outside its quotations (or quotes nothing): a quotation alone, with
    no speaker ("Oder „Das wird schon werden.“", "'Which is remarkable ...'"), is a fragment of the article, not a
    fact it states."""
    if _SINGLE_QUOTED_SENTENCE.match(sentence.strip()):
        return False
    outside = _QUOTATION.sub(" ", sentence)
    return outside == sentence or has_finite_verb(outside, lang)


def is_key_sentence_candidate(sentence: str, lang: str, *, stands_alone: bool = True) -> bool:
    """Whether ``sentence`` can stand alone as a key fact: a full sentence (``fluency.is_full_sentence``: no
    "Eine städtebauliche, touristische und finanzielle."), not two sentences glued together
    (``_GLUED_SENTENCE``: a caption or a subheading run into a sentence), not a bare quotation
    (``says_who_speaks``) and, with ``stands_alone``, not leaning on the sentences before it
    (``leans_on_context``: "Es sitzt auf dem Schoß von ...", "Feilmeier: Nie, ...")."""
    glued = _GLUED_SENTENCE.get(lang)
    return (
        is_full_sentence(sentence, lang)
        and not (glued and glued.search(sentence))
        and not (stands_alone and leans_on_context(sentence, lang))
        and says_who_speaks(sentence, lang)
    )


def leans_on_context(sentence: str, lang: str) -> bool:
    """Whether ``sentence`` needs the sentences before it to be understood: it opens with a pronoun or a connective
    that points back (``_POINTS_BACK``: "Es sitzt auf dem Schoß von ...", "Zudem ...") or with an interview's
    speaker (``_SPEAKER``: "Feilmeier: Nie, ..."). Only languages with such rules (German) have any."""
    text = sentence.strip()
    points_back, speaker = _POINTS_BACK.get(lang), _SPEAKER.get(lang)
    if points_back and points_back.match(text):
        return True
    label = speaker.match(text) if speaker else None
    if not label:
        return False
    words = label.group(1).split()
    tagged = pos_tags(text, lang)[: len(words)]  # tagged in its sentence: the label alone reads differently
    return [word for word, _ in tagged] == words and all(_is_german_name(word, tag) for word, tag in tagged)


def _is_german_name(word: str, tag: str) -> bool:
    # A proper noun by the tagger, an abbreviation in capitals ("SZ"), or a noun that is neither a listed noun nor a
    # compound of two (the tagger calls "Feilmeier" a noun; "Illustration", "Grund" and "Hafenblockade" are nouns).
    if tag == "NE" or (len(word) > 1 and word.isupper()):
        return True
    return tag.startswith("NN") and not is_listed_german_noun(word) and split_german_compound(word) is None


HEADLINE_WORD_LETTERS = 4  # a word of at least this many letters counts for headline overlap (no articles, "und")


def headline_overlap(sentence: str, headline: str, tokenizer: WordTokenizer) -> float:
    """The share of the headline's words (stemmed, ``HEADLINE_WORD_LETTERS`` letters or more) that ``sentence``
    has, in [0, 1]: the headline names what the article is about."""
    words = {w for w in tokenizer.tokenize(headline) if len(w) >= HEADLINE_WORD_LETTERS}
    if not words:
        return 0.0
    return len(words & set(tokenizer.tokenize(sentence))) / len(words)


def key_sentences(source: Source, k: int, *, stands_alone: bool = True) -> list[str]:
    """The article's key statements, in article order: the statement that shares most words with the headline
    (``headline_overlap``; the first one on a tie or without a headline), then the first others, among the
    first ``4 k`` statements that the model reads (``Source.lead``) and can stand alone
    (``is_key_sentence_candidate``), none a repeat of an earlier one; when too few can stand alone, the first of
    the others fill up.

    ``stands_alone=False`` lets statements that lean on the ones before (``leans_on_context``: "Er geht, ...",
    "Feilmeier: Nie, ...") count as standing alone again: the sentences to translate are chosen so, since the
    statements that rule brings in instead translated worse in the blind reading (docs/benchmarks/README.md, step 8).

    The headline's statement raised the judged key-fact share of German news from 28.2% to 32.5% and ROUGE-1
    from 18.8 to 19.3 (de_news 1-40; 18.7 to 18.8 on records 41-104), ``benchmarks/key_sentence_selection.py``,
    docs/benchmarks/README.md.
    """
    tokenizer = WordTokenizer(source.lang)
    lead = source.lead(4 * k)
    standalone = [s for s in lead if is_key_sentence_candidate(s, source.lang, stands_alone=stands_alone)]
    if standalone and source.title:
        best = max(standalone, key=lambda s: headline_overlap(s, source.title or "", tokenizer))
        standalone = [best] + [s for s in standalone if s != best]
    chosen: list[str] = []
    for sentence in standalone + [s for s in lead if s not in standalone]:
        if len(chosen) == k:
            break
        if not repeats(sentence, chosen, tokenizer):
            chosen.append(sentence)
    return sorted(chosen, key=lead.index)


def deletion_requests(tag: str, sentences: Sequence[str], lang: str, max_words: int) -> list[Request]:
    """One request per sentence: shorten it to at most ``max_words`` words by deleting words only."""
    return [Request(tag, deletion_prompt(sentence, lang, max_words)) for sentence in sentences]


def translation_requests(tag: str, sentences: Sequence[str], source_lang: str, target_lang: str) -> list[Request]:
    """One request per sentence: translate it from ``source_lang`` into ``target_lang``."""
    return [Request(tag, translation_prompt(sentence, source_lang, target_lang)) for sentence in sentences]


# The model translates short, plain sentences far better than long ones or quoted speech (idioms):
# measured on news lead sentences (docs/benchmarks/README.md).
MAX_TRANSLATED_WORDS = 25


def translatable(sentences: Sequence[str]) -> list[str]:
    """The sentences worth translating, in order: at most ``MAX_TRANSLATED_WORDS`` words and no direct speech;
    the shortest one when none is."""
    plain = [s for s in sentences if len(tokens(s)) <= MAX_TRANSLATED_WORDS and not has_direct_speech(s)]
    return plain or sorted(sentences, key=lambda s: len(tokens(s)))[:1]


def _first_line(completion: Completion) -> str:
    lines = answer_lines(completion.text)
    return lines[0] if lines else ""


def accept_compression(answer: Completion, sentence: str, lang: str, max_words: int) -> Verified:
    """The model's shortening of ``sentence`` (in ``lang``) when it is a verified deletion and a full
    sentence, else the sentence itself, whole (a cut at a clause boundary left fragments and overstatements
    in the blind reading, docs/benchmarks/README.md).

    A deletion cannot add a number or a name, so no support check is needed beyond it.
    """
    first = _first_line(answer)
    line = close_line(first) if first else ""
    if (
        line
        and len(tokens(line)) < len(tokens(sentence))  # the sentence back unchanged is no shortening
        and len(tokens(line)) <= max_words + max_words // 4  # the model counts words loosely
        and check_deletion(line, sentence, lang)
        and is_full_sentence(line, lang)
    ):
        return line, "compressed"
    return close_line(sentence), "extracted"


def accept_translation(answer: Completion, sentence: str, checker: Checker) -> str | None:
    """The model's translation of ``sentence`` into the checker's language, when every check passes."""
    line = _first_line(answer)
    if not line:
        return None
    line = close_line(line)
    passed = (
        check_translation(line, sentence, source_lang=checker.source.lang, target_lang=checker.target_lang)
        and has_finite_verb(line, checker.target_lang)
        and checker.in_target_language(line)
    )  # names and numbers: checked against the one sentence, stricter than against the article
    return line if passed else None


class KeySentences:
    """One article's key sentences through both passes: shortened (pass one, when ``shorten``), then translated
    (pass two).

    A bullet strategy and a summary method each hold one; they differ only in how many sentences
    they take and how short each may become. Without ``shorten`` pass one asks nothing: the key sentences are
    shown whole in the article's language and translated whole into the other.
    """

    def __init__(self, shorten_tag: str, translate_tag: str, *, shorten: bool = True) -> None:
        self.shorten_tag, self.translate_tag, self.shorten = shorten_tag, translate_tag, shorten
        self.sentences: list[str] = []
        self.verified: list[Verified] = []
        self.pairs: list[tuple[str, str]] = []  # pass two's (shortened, whole) sentences, in order
        self.to_translate: list[str] = []  # the distinct sentences pass two translates

    def shorten_requests(self, source: Source, k: int, max_words: int, *, translated: bool = False) -> list[Request]:
        """Pass one: the first ``k`` key sentences (``key_sentences``; with ``translated``, for output in another
        language, those chosen for translation), each to be shortened by deletion (no request without
        ``shorten``)."""
        self.sentences = key_sentences(source, k, stands_alone=not translated)
        if not self.shorten:
            return []
        return deletion_requests(self.shorten_tag, self.sentences, source.lang, max_words)

    def accept_shortened(self, answers: Answers, lang: str, max_words: int) -> list[Verified]:
        """Each sentence's verified shortening, or the sentence itself (``accept_compression``)."""
        if not self.shorten:
            self.verified = [(close_line(sentence), "extracted") for sentence in self.sentences]
            return self.verified
        self.verified = [
            accept_compression(answer, sentence, lang, max_words)
            for answer, sentence in zip(answers[self.shorten_tag], self.sentences, strict=True)
        ]
        return self.verified

    def translation_requests(self, source_lang: str, target_lang: str) -> list[Request]:
        """Pass two: the verified sentences worth translating, then the same sentences whole (a second chance for
        a shortened one); each distinct sentence once."""
        self.pairs = self._to_translate()
        self.to_translate = list(dict.fromkeys([text for text, _ in self.pairs] + [whole for _, whole in self.pairs]))
        return translation_requests(self.translate_tag, self.to_translate, source_lang, target_lang)

    def accept_translations(self, answers: Answers, checker: Checker) -> list[tuple[str, str]]:
        """One checked translation per translated sentence (the shortened one's, else the whole one's), with the
        article sentence it translates (whole, as the article has it), none a repeat of an earlier one; sentences
        whose translations both fail are left out."""
        answer_to = dict(zip(self.to_translate, answers[self.translate_tag], strict=True))
        kept: list[tuple[str, str]] = []
        for text, whole in self.pairs:
            translation = accept_translation(answer_to[text], text, checker)
            if translation is None and whole != text:
                translation = accept_translation(answer_to[whole], whole, checker)
            if translation and not checker.is_copy(translation, [done for done, _ in kept]):
                kept.append((translation, whole))
        return kept

    def sourced(self) -> list[tuple[str, Origin, str]]:
        """Pass one's sentences as ``(text, origin, article sentence)``: each verified sentence (shortened or
        whole) with the key sentence it came from."""
        return [(text, origin, whole) for (text, origin), whole in zip(self.verified, self.sentences, strict=True)]

    def _to_translate(self) -> list[tuple[str, str]]:
        pairs = [(text, whole) for text, _, whole in self.sourced()]
        chosen = set(translatable([text for text, _ in pairs]))
        return [(text, whole) for text, whole in pairs if text in chosen]
