"""Reading input files with clear errors (missing, a directory, not UTF-8)."""

from __future__ import annotations

import sys
from pathlib import Path

from .errors import InputDecodeError, InputFileError


def read_bytes(path: str | Path) -> bytes:
    """The bytes of ``path`` (``"-"`` reads standard input); :class:`InputFileError` when it cannot be read."""
    if str(path) == "-":
        return sys.stdin.buffer.read()
    file = Path(path)
    if file.is_dir():
        raise InputFileError(f"{file} is a directory, not a text file")
    try:
        return file.read_bytes()
    except FileNotFoundError:
        raise InputFileError(f"no such file: {file}") from None
    except OSError as exc:
        raise InputFileError(f"cannot read {file}: {exc.strerror or exc}") from None


def read_text(path: str | Path) -> str:
    """The UTF-8 text of ``path`` (``"-"`` reads standard input); a BOM is dropped."""
    data = read_bytes(path)
    name = "<stdin>" if str(path) == "-" else str(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputDecodeError(
            f"{name} is not valid UTF-8 text (bad byte at offset {exc.start}); convert it, e.g. with iconv"
        ) from None


def read_lines(path: str | Path) -> list[str]:
    """Non-empty lines of a text file, e.g. one bullet per line."""
    return [line.strip() for line in read_text(path).splitlines() if line.strip()]
