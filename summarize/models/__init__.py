"""Generation backends behind one interface (:class:`Generator`)."""

from .base import Completion, Generator, ModelKind, Prompt

__all__ = ["Completion", "Generator", "ModelKind", "Prompt"]
