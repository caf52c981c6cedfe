"""Model answers made usable: the checks every shown sentence passes, the parsers, and the extractive fallbacks.

Every answer is cleaned (``postprocess``) and checked by a :class:`Checker` for language,
length, support by the article (``faithfulness``) and novelty before it is used; what the
model could not deliver is filled with salient article sentences, flagged ``extracted``.
"""

from __future__ import annotations

from collections.abc import Sequence

from .faithfulness import unsupported_content
from .language import detect_language, language_probability
from .languages import example_text
from .models.base import Completion
from .postprocess import answer_lines, close_line, complete_sentences
from .result import Bullet, Summary
from .source import Source, is_real_sentence
from .text import ends_like_sentence, split_sentences
from .words import MIN_SENTENCE_WORDS, WordTokenizer, count_whitespace_tokens, overlap_coefficient

MAX_BULLET_WORDS = 30
MAX_SUMMARY_SENTENCES = 4
MIN_TARGET_PROBABILITY = 0.2  # for short or mixed texts whose language langdetect cannot pin down
DUPLICATE_OVERLAP = 0.6  # overlap coefficient with an earlier sentence above which a sentence is a copy of it


def repeats(text: str, others: Sequence[str], tokenizer: WordTokenizer) -> bool:
    """Whether ``text`` repeats one of ``others``: most of the words of the shorter one are in the other
    (overlap coefficient above ``DUPLICATE_OVERLAP``)."""
    words = tokenizer.tokenize(text)
    return any(overlap_coefficient(words, tokenizer.tokenize(other)) > DUPLICATE_OVERLAP for other in others)


class Checker:
    """Decides whether a generated sentence in ``target_lang`` can be shown: language, length, support, novelty."""

    def __init__(self, source: Source, target_lang: str) -> None:
        self.source = source
        self.target_lang = target_lang
        self._source_text = source.text
        self.tokenizer = WordTokenizer(target_lang)
        self._example = example_text(target_lang)

    def in_target_language(self, text: str) -> bool:
        """The top guess is the target language, or the text is too short or mixed to tell
        and the target language is still a serious candidate."""
        guess = detect_language(text)
        if guess.lang == self.target_lang:
            return True
        return not guess.reliable and language_probability(text, self.target_lang) >= MIN_TARGET_PROBABILITY

    def supported(self, text: str) -> bool:
        """No number or name the article lacks, and no noun taken from the worked example instead of the article."""
        return not unsupported_content(
            text, self._source_text, cross_lingual=self.source.lang != self.target_lang,
            output_lang=self.target_lang, avoid=self._example,
        )  # fmt: skip

    def is_copy(self, text: str, others: Sequence[str]) -> bool:
        """Whether ``text`` repeats one of ``others`` (:func:`repeats`, with the target language's words)."""
        return repeats(text, others, self.tokenizer)

    def good_bullet(self, text: str, accepted: Sequence[str]) -> bool:
        return (
            MIN_SENTENCE_WORDS <= count_whitespace_tokens(text) <= MAX_BULLET_WORDS
            and self.in_target_language(text)
            and self.supported(text)
            and not self.is_copy(text, accepted)
        )


def parse_summary(completion: Completion, checker: Checker) -> Summary | None:
    """The usable part of a summary answer, or None when nothing is usable."""
    sentences = complete_sentences(completion.text, checker.target_lang, finished=completion.finished)
    kept = [s for s in sentences if count_whitespace_tokens(s) >= MIN_SENTENCE_WORDS and checker.supported(s)]
    kept = [s for i, s in enumerate(kept) if not checker.is_copy(s, kept[:i])][:MAX_SUMMARY_SENTENCES]
    text = " ".join(kept)
    if not kept or not checker.in_target_language(text):
        return None
    unchanged = " ".join(answer_lines(completion.text)) == text
    return Summary(text, "generated" if unchanged else "repaired")


def top_up_summary(have: Summary | None, rewrites: Sequence[Completion], checker: Checker, sentences: int) -> Summary | None:
    """``have`` with rewritten sentences added in order until it has ``sentences`` sentences.

    Each rewrite is checked on its own (language, support, copies), so one that failed
    cannot slip into the summary behind good ones. None when no rewrite was usable.
    """
    kept = split_sentences(have.text, checker.target_lang) if have else []
    had = len(kept)
    for rewrite in rewrites:
        if len(kept) >= sentences:
            break
        usable = parse_summary(rewrite, checker)
        first = split_sentences(usable.text, checker.target_lang)[:1] if usable else []
        if first and not checker.is_copy(first[0], kept):
            kept.append(first[0])
    return Summary(" ".join(kept), "repaired") if len(kept) > had else None


def parse_bullets(completion: Completion, checker: Checker, accepted: Sequence[Bullet] = ()) -> list[Bullet]:
    """New bullets (none a copy of ``accepted``) from an answer with one fact per line (or a paragraph, from seq2seq models)."""
    bullets = list(accepted)
    lines = answer_lines(completion.text)
    if lines and not completion.finished and not ends_like_sentence(lines[-1]):
        lines.pop()  # cut off at the token limit
    for line in lines:
        for sentence in split_sentences(close_line(line), checker.target_lang):
            if checker.good_bullet(sentence, [b.text for b in bullets]):
                bullets.append(Bullet(sentence, "generated" if sentence == line else "repaired"))
    return bullets[len(accepted) :]


def parse_compressed(completions: Sequence[Completion], checker: Checker) -> list[Bullet]:
    """One bullet per compressed sentence (its first usable sentence), none a copy of another."""
    bullets: list[Bullet] = []
    for completion in completions:
        bullets += parse_bullets(completion, checker, bullets)[:1]
    return bullets


def extracted_bullets(source: Source, checker: Checker, have: Sequence[Bullet], n: int) -> list[Bullet]:
    """Salient article sentences as bullets, for places the model left empty (up to ``n`` with ``have``).

    Real sentences (end punctuation, at least three words) come first; a full stop is
    added where the article has none (headlines, unpunctuated text). A sentence a bullet already states (its
    ``source``: a translation of it) is not repeated.
    """
    bullets = list(have)
    stated = {b.source for b in bullets if b.source}
    # A stable sort keeps salience order within real sentences and within the rest.
    ordered = sorted(source.ranked(), key=lambda s: not is_real_sentence(s))
    for sentence in ordered:
        if len(bullets) >= n:
            break
        if sentence not in stated and not checker.is_copy(sentence, [b.text for b in bullets]):
            bullets.append(Bullet(close_line(sentence), "extracted", sentence))
    return bullets[len(have) :]


def extracted_summary(source: Source, sentences: int = 2) -> Summary:
    """The most salient sentences in document order, as a last-resort summary."""
    chosen = [source.sentences[i] for i in sorted(source.ranking[:sentences])]
    return Summary(" ".join(close_line(sentence) for sentence in chosen), "extracted", tuple(chosen))
