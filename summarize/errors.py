"""The exceptions this library raises: every failure a caller can expect is a ``SummarizeError``."""

from __future__ import annotations


class SummarizeError(Exception):
    """Base class of every error the library raises on purpose."""


class InvalidInputError(SummarizeError, ValueError):
    """The input cannot be summarised (for example it holds no text)."""


class EmptyInputError(InvalidInputError):
    """The input is empty or holds only whitespace, control characters or markup."""


class InputFileError(SummarizeError, OSError):
    """An input file is missing, is a directory, or cannot be read."""


class InputDecodeError(InputFileError):
    """An input file is not valid UTF-8 text."""


class ModelUnavailableError(SummarizeError, RuntimeError):
    """A model cannot be found, assembled or loaded; the message says how to fix it."""


class ModelCacheError(ModelUnavailableError):
    """The model cache directory cannot be written or holds a damaged file."""


class GenerationError(SummarizeError, RuntimeError):
    """The model failed while generating text."""


class DistributedError(SummarizeError, RuntimeError):
    """Ray is not installed, the cluster cannot be reached, or a distributed job failed; the message says why."""
