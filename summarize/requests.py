"""Requests to the model and their answers, grouped by tag: the one shape every pass of the pipeline uses.

A strategy asks with tagged :class:`Request` s and reads the answers back by tag, never
by position in the batch. :func:`ask` sends the requests of several jobs (a summary, the
bullets) in one batched ``generate`` call, in order, and hands each job its own answers;
:func:`ask_many` does the same for the jobs of several articles at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .errors import GenerationError
from .models.base import Completion, Generator, Prompt


@dataclass(frozen=True)
class Request:
    """One prompt and the tag its answer is read back by (several requests may share a tag)."""

    tag: str
    prompt: Prompt


class Answers(dict[str, list[Completion]]):
    """Completions by request tag, each list in request order; a tag nobody asked for has none."""

    def __missing__(self, tag: str) -> list[Completion]:
        return []

    def one(self, tag: str) -> Completion:
        """The single answer to the one request tagged ``tag`` (``ValueError`` when there is not exactly one)."""
        (completion,) = self[tag]
        return completion

    @classmethod
    def group(cls, requests: Sequence[Request], completions: Sequence[Completion]) -> Answers:
        """Pair ``completions`` (one per request, in order) with their requests' tags."""
        answers = cls()
        for request, completion in zip(requests, completions, strict=True):
            answers.setdefault(request.tag, []).append(completion)
        return answers


def ask(generator: Generator, jobs: Mapping[str, Sequence[Request]], *, max_new_tokens: int) -> dict[str, Answers]:
    """Every job's requests in one ``generate`` call (jobs in order, requests in order), answers per job.

    One call keeps the rows of an article together: the chat backend prefills their shared
    prefix once. A prompt asked by several jobs (two summaries shortening the same sentence)
    is generated once; greedy decoding gives every asker the same answer anyway.
    No call at all when no job has a request.
    """
    return ask_many(generator, [jobs], max_new_tokens=max_new_tokens)[0]


def ask_many(
    generator: Generator, groups: Sequence[Mapping[str, Sequence[Request]]], *, max_new_tokens: int
) -> list[dict[str, Answers]]:
    """The jobs of several articles (one mapping each) in one ``generate`` call: :func:`ask` for a pack of articles.

    Rows go in article order, then job order, then request order; a prompt asked twice (in one
    article or in two) is generated once. Returns each article's answers per job, in ``groups`` order.
    Raises :class:`GenerationError` when the model does not give one answer per prompt; any error
    of the call concerns the whole pack (the caller decides whom to ask again alone).
    """
    flat = [request for jobs in groups for requests in jobs.values() for request in requests]
    unique = list(dict.fromkeys(r.prompt for r in flat))
    completions = generator.generate(unique, max_new_tokens=max_new_tokens) if unique else []
    if len(completions) != len(unique):
        raise GenerationError(f"the model gave {len(completions)} answers to {len(unique)} prompts")
    by_prompt = dict(zip(unique, completions))
    return [
        {job: Answers.group(requests, [by_prompt[r.prompt] for r in requests]) for job, requests in jobs.items()}
        for jobs in groups
    ]
