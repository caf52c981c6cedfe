"""The model cache: where assembled and converted models live, and how an entry is built once, safely.

An entry (a file or a directory) is built into a temporary name next to it and renamed into
place under a file lock, so that an interrupted build leaves nothing a later run trusts and
concurrent processes build it once: the others wait, then find it ready.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from filelock import FileLock, Timeout
from platformdirs import user_cache_dir

from ..errors import ModelCacheError

CACHE_ENV = "SUMMARIZE_CACHE_DIR"
LOCK_TIMEOUT_S = 1800  # another process may be assembling or converting the model


def cache_dir() -> Path:
    """The directory for assembled and converted models: ``$SUMMARIZE_CACHE_DIR`` or the user cache."""
    return Path(os.environ.get(CACHE_ENV) or user_cache_dir("summarize")).expanduser()


def build_once(
    target: Path,
    build: Callable[[Path], None],
    *,
    ready: Callable[[], bool],
    directory: bool = False,
    finish: Callable[[Path], None] | None = None,
    waiting_for: str,
) -> Path:
    """Build the cache entry ``target`` unless ``ready()`` says it is there; return ``target``.

    Under ``target``'s lock, ``ready()`` is asked again (another process may have built it while
    this one waited); if not, ``build(tmp)`` writes a temporary file (or, with ``directory=True``,
    fills a temporary directory) next to ``target``, which then replaces ``target`` (an old,
    damaged entry is removed), and ``finish(target)`` may record it. The temporary is removed
    whatever happens. Raises :class:`ModelCacheError` after ``LOCK_TIMEOUT_S`` seconds of
    waiting ("timed out waiting for another process to <waiting_for>") or when the cache cannot
    be written; errors raised by ``build`` pass through.
    """
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(target) + ".lock", timeout=LOCK_TIMEOUT_S):
            if ready():
                return target
            _build_in_place(target, build, directory=directory)
            if finish:
                finish(target)
    except Timeout as exc:
        raise ModelCacheError(f"timed out waiting for another process to {waiting_for}") from exc
    except OSError as exc:
        raise ModelCacheError(
            f"cannot write the model cache in {parent} ({exc.strerror or exc}); "
            f"free some space or point {CACHE_ENV} at a writable directory"
        ) from exc
    return target


def _build_in_place(target: Path, build: Callable[[Path], None], *, directory: bool) -> None:
    prefix, suffix = target.name + ".", ".partial"
    if directory:
        tmp = Path(tempfile.mkdtemp(prefix=prefix, suffix=suffix, dir=target.parent))
    else:
        fd, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=target.parent)
        os.close(fd)
        tmp = Path(name)
    try:
        build(tmp)
        if directory and target.exists():
            shutil.rmtree(target)  # an incomplete or damaged earlier build
        os.replace(tmp, target)
    finally:
        if tmp.is_dir():
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            tmp.unlink(missing_ok=True)
