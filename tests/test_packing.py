"""Several articles per generate call: the same outputs as one at a time, errors kept apart, resumable batches."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from summarize import GenerationError, InvalidInputError, Summarizer, SummaryResult
from summarize.batch import read_records, run_batch, summarize_records
from summarize.cli import EXIT_USAGE, main
from summarize.models.base import Completion, Generator, Prompt
from summarize.strategies.compressed import CompressedStrategy
from tests.conftest import EXAMPLE, ROOT

ARTICLES = ROOT / "examples" / "articles.jsonl"
# The methods with two model passes (shorten, then translate): packing is tested where it has the most to keep apart.
TWO_PASSES = {"bullet_strategy": "compressed", "summary_method": "compressed"}
POISON = "Giftwort"  # a model that fails on any prompt with this word in it


class HashedGenerator(Generator):
    """Answers each prompt alone, from a hash of it: a deletion, the sentence itself, a cut-off or an empty answer.

    Answers depend on the prompt only (as greedy decoding should), so packing must not change them.
    Raises ``GenerationError`` for a call with a prompt that names ``POISON``.
    """

    kind = "chat"
    name = "hashed"
    max_input_tokens = 4096

    def __init__(self) -> None:
        self.calls: list[int] = []  # rows per call

    def generate(self, prompts: Sequence[Prompt], *, max_new_tokens: int) -> list[Completion]:
        self.calls.append(len(prompts))
        if any(POISON in p.user for p in prompts):
            raise GenerationError("the model failed on a poisoned prompt")
        return [self._answer(p) for p in prompts]

    @staticmethod
    def _answer(prompt: Prompt) -> Completion:
        h = int(hashlib.sha256(prompt.user.encode()).hexdigest(), 16)
        lines = [line for line in prompt.user.split("\n") if line.strip()]
        sentence = max(lines, key=len)
        words = sentence.split()
        answer = [" ".join(words[:1] + words[2:]), sentence, " ".join(words[: len(words) // 2]), ""][h % 4]
        return Completion(answer, finished=bool(h % 5))

    def count_tokens(self, text: str) -> int:
        return len(text.split())


def _records() -> list[dict[str, Any]]:
    records = read_records(ARTICLES)
    records.append({"id": "example", "text": EXAMPLE.read_text(encoding="utf-8")})
    return records


def _comparable(row: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in row.items() if key != "seconds"}


def _rows(summarizer: Summarizer, records: list[dict[str, Any]], articles_per_call: int) -> list[dict[str, Any]]:
    return [_comparable(row) for row in summarize_records(summarizer, records, articles_per_call=articles_per_call)]


@pytest.mark.parametrize("bullets_language", [None, "en"])
@pytest.mark.parametrize("size", [2, 3, 8])
def test_packed_articles_get_the_outputs_they_get_one_at_a_time(size: int, bullets_language: str | None) -> None:
    records = _records()
    alone = _rows(Summarizer(**TWO_PASSES, generator=HashedGenerator(), bullets_language=bullets_language), records, 1)
    generator = HashedGenerator()
    packed = _rows(Summarizer(**TWO_PASSES, generator=generator, bullets_language=bullets_language), records, size)
    assert packed == alone
    assert all("error" not in row for row in packed) and all(row["bullets"] for row in packed)
    packs = -(-len(records) // size)
    assert len(generator.calls) <= 2 * packs  # one call per pass and pack (a pass nobody needs makes none)
    assert max(generator.calls) > max(_rows_of_one(records))  # rows of several articles shared a call


def _rows_of_one(records: list[dict[str, Any]]) -> list[int]:
    """The most rows one article's calls have, for each record."""
    most = []
    for record in records:
        generator = HashedGenerator()
        Summarizer(**TWO_PASSES, generator=generator).summarize(record["text"], title=record.get("title"))
        most.append(max(generator.calls))
    return most


def test_summarize_many_packs_texts_and_keeps_their_order() -> None:
    texts = [record["text"] for record in _records()]
    alone = list(Summarizer(**TWO_PASSES, generator=HashedGenerator()).summarize_many(texts))
    packed = list(Summarizer(**TWO_PASSES, generator=HashedGenerator()).summarize_many(texts, articles_per_call=3))
    assert [r.to_dict() | {"seconds": 0} for r in packed] == [r.to_dict() | {"seconds": 0} for r in alone]


def test_a_bad_record_in_a_pack_never_loses_the_others() -> None:
    records = _records()
    poisoned = {"id": "poisoned", "text": records[0]["text"].replace("Stadtrat", POISON)}
    pack = [records[0], {"id": "empty", "text": "  "}, {"id": "no-text"}, poisoned, {"id": "bad", "error": "line 3 is not valid JSON"}, records[1]]  # fmt: skip
    rows = {
        row["id"]: row for row in summarize_records(Summarizer(**TWO_PASSES, generator=HashedGenerator()), pack, articles_per_call=6)
    }
    assert rows["empty"]["error"].startswith("EmptyInputError")
    assert rows["no-text"]["error"] == "InvalidInputError: record has no 'text' string"
    assert rows["bad"]["error"] == "InvalidInputError: line 3 is not valid JSON"
    assert rows["poisoned"]["error"] == "GenerationError: the model failed on a poisoned prompt"
    alone = _rows(Summarizer(**TWO_PASSES, generator=HashedGenerator()), records[:2], 1)
    assert [_comparable(rows["tram"]), _comparable(rows["library"])] == alone  # the packed call was retried alone


def test_a_bug_in_one_article_stops_only_that_article(monkeypatch: pytest.MonkeyPatch) -> None:
    choose = CompressedStrategy.choose

    def buggy(self: CompressedStrategy, answers: Any, checker: Any, n: int) -> Any:
        if "central library of Eastbrook" in checker.source.text:
            raise RuntimeError("a bug")
        return choose(self, answers, checker, n)

    monkeypatch.setattr(CompressedStrategy, "choose", buggy)
    records = _records()
    rows = _rows(Summarizer(**TWO_PASSES, generator=HashedGenerator()), records, 4)
    assert [row["id"] for row in rows] == [record["id"] for record in records]
    assert [row["id"] for row in rows if "error" in row] == ["library"]
    assert rows[1]["error"] == "RuntimeError: a bug"
    # The Python generator raises a bug (not a SummarizeError) in its turn, after the results before it.
    many = Summarizer(**TWO_PASSES, generator=HashedGenerator()).summarize_many([r["text"] for r in records], articles_per_call=4)
    assert isinstance(next(many), SummaryResult)
    with pytest.raises(RuntimeError, match="a bug"):
        next(many)


class Interrupted(BaseException):
    """What a kill looks like to the code that was running: nothing after it runs."""


class DyingGenerator(HashedGenerator):
    """Dies during its ``calls_before_death + 1``-th call."""

    def __init__(self, calls_before_death: int) -> None:
        super().__init__()
        self.calls_before_death = calls_before_death

    def generate(self, prompts: Sequence[Prompt], *, max_new_tokens: int) -> list[Completion]:
        if len(self.calls) == self.calls_before_death:
            raise Interrupted
        return super().generate(prompts, max_new_tokens=max_new_tokens)


def test_a_killed_packed_batch_resumes_without_losing_or_duplicating(tmp_path: Path) -> None:
    records = _records() + [{"id": f"{r['id']}-2", **{k: v for k, v in r.items() if k != "id"}} for r in _records()]
    out = tmp_path / "out.jsonl"
    with pytest.raises(Interrupted):  # dies in the second pass of the second pack of 3
        run_batch(Summarizer(**TWO_PASSES, generator=DyingGenerator(3)), records, out, articles_per_call=3)
    written = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert written == [r["id"] for r in records[:3]]  # the finished pack, in input order
    report = run_batch(Summarizer(**TWO_PASSES, generator=HashedGenerator()), records, out, articles_per_call=3)
    assert (report.skipped, report.done, report.failed) == (3, len(records) - 3, 0)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in rows] == [r["id"] for r in records]
    assert [_comparable(row) for row in rows] == _rows(Summarizer(**TWO_PASSES, generator=HashedGenerator()), records, 1)


@pytest.mark.parametrize("value", [0, -2, 1.5, "4", True, None])
def test_articles_per_call_must_be_a_positive_int(value: object, tmp_path: Path) -> None:
    summarizer = Summarizer(**TWO_PASSES, generator=HashedGenerator())
    with pytest.raises(InvalidInputError, match="articles_per_call must be a positive integer"):
        summarizer.summarize_many(["text"], articles_per_call=value)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="articles_per_call"):
        summarize_records(summarizer, [], articles_per_call=value)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="articles_per_call"):
        run_batch(summarizer, [], tmp_path / "out.jsonl", articles_per_call=value)  # type: ignore[arg-type]
    assert not (tmp_path / "out.jsonl").exists()


def test_titles_must_match_the_texts() -> None:
    with pytest.raises(InvalidInputError, match="2 titles for 1 texts"):
        Summarizer(**TWO_PASSES, generator=HashedGenerator()).summarize_packed(["text"], ["a", "b"])


def test_cli_rejects_a_bad_articles_per_call(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(ARTICLES.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["batch", str(source), "--out", str(out), "--articles-per-call", "0"]) == EXIT_USAGE
    assert "--articles-per-call: articles_per_call must be a positive integer, got 0" in capsys.readouterr().err
    ray = ["batch", str(source), "--out", str(out), "--engine", "ray", "--articles-per-call", "2"]
    assert main(ray) == EXIT_USAGE
    assert "--articles-per-call is for the local engine" in capsys.readouterr().err
    assert not out.exists()


def test_cli_batch_packs_articles(tmp_path: Path, tiny_llama_dir: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(ARTICLES.read_text(encoding="utf-8"), encoding="utf-8")
    outputs = []
    for size in ("1", "3"):
        out = tmp_path / f"out-{size}.jsonl"
        assert (
            main(["batch", str(source), "--out", str(out), "--model", str(tiny_llama_dir), "--articles-per-call", size])
            == 0
        )
        outputs.append([_comparable(json.loads(line)) for line in out.read_text(encoding="utf-8").splitlines()])
    assert [row["id"] for row in outputs[1]] == ["tram", "library", "flood"]
    assert outputs[1] == outputs[0]  # a tiny random model: padding and batching change no greedy token here


class Recording(Generator):
    """Passes calls to a real generator and keeps each prompt's answer."""

    kind = "chat"

    def __init__(self, inner: Generator) -> None:
        self.inner, self.name, self.max_input_tokens = inner, inner.name, inner.max_input_tokens
        self.answers: dict[tuple[Prompt, int], Completion] = {}
        self.widest = 0

    def generate(self, prompts: Sequence[Prompt], *, max_new_tokens: int) -> list[Completion]:
        completions = self.inner.generate(prompts, max_new_tokens=max_new_tokens)
        self.answers.update({(p, max_new_tokens): c for p, c in zip(prompts, completions)})
        self.widest = max(self.widest, len(prompts))
        return completions

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)


def test_a_row_decodes_the_same_with_other_articles_rows_beside_it(tiny_llama_dir: Path) -> None:
    """Left padding, the attention mask and the shared prefix keep each row as it is alone (fp32: no near-ties)."""
    from summarize import load_generator

    model = load_generator(str(tiny_llama_dir))
    texts = [record["text"] for record in _records()]
    alone, packed = Recording(model), Recording(model)
    list(Summarizer(**TWO_PASSES, generator=alone, bullets_language="en").summarize_many(texts))
    list(Summarizer(**TWO_PASSES, generator=packed, bullets_language="en").summarize_many(texts, articles_per_call=4))
    assert packed.widest > alone.widest
    assert packed.answers == alone.answers
    assert sum(bool(c.text) for c in alone.answers.values()) > len(alone.answers) // 2  # the model did write
