"""Assembling the shipped model: verification, reuse, damage, locking; with small fake part packages."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from summarize import ModelCacheError, ModelUnavailableError
from summarize.models import embedded
from summarize.models.embedded import ShippedModel, ensure_gguf

PARTS = [os.urandom(1000 + n) for n in range(3)]


def _fake_model(prefix: str = "fakepart") -> ShippedModel:
    blob = b"".join(PARTS)
    return ShippedModel(
        name="fake", filename="fake.gguf", sha256=hashlib.sha256(blob).hexdigest(), size=len(blob),
        package_prefix=prefix, parts=len(PARTS), version="0.0.1",
    )  # fmt: skip


@pytest.fixture
def parts_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Importable fake part packages ``fakepart1..3`` with ``data/partNN.bin`` files."""
    root = tmp_path / "site"
    for n, data in enumerate(PARTS, start=1):
        package = root / f"fakepart{n}"
        (package / "data").mkdir(parents=True)
        (package / "__init__.py").write_text("")
        (package / "data" / f"part{n:02d}.bin").write_bytes(data)
    monkeypatch.syspath_prepend(str(root))
    monkeypatch.setenv(embedded.CACHE_ENV, str(tmp_path / "cache"))
    return root


def test_assembles_verifies_and_reuses(parts_dir: Path) -> None:
    model = _fake_model()
    path = ensure_gguf(model)
    assert path.read_bytes() == b"".join(PARTS)
    mtime = path.stat().st_mtime_ns
    assert ensure_gguf(model) == path and path.stat().st_mtime_ns == mtime  # reused, not rebuilt
    assert not list(path.parent.glob("*.partial"))


def test_truncated_cache_file_is_rebuilt(parts_dir: Path) -> None:
    model = _fake_model()
    path = ensure_gguf(model)
    with path.open("r+b") as fh:
        fh.truncate(100)
    assert ensure_gguf(model).read_bytes() == b"".join(PARTS)


def test_corrupt_cache_file_of_right_size_is_caught_by_verify(parts_dir: Path) -> None:
    model = _fake_model()
    path = ensure_gguf(model)
    path.write_bytes(b"x" * model.size)
    assert ensure_gguf(model, verify=True).read_bytes() == b"".join(PARTS)


def test_missing_part_names_the_package(parts_dir: Path) -> None:
    (parts_dir / "fakepart2" / "data" / "part02.bin").unlink()
    with pytest.raises(ModelUnavailableError, match="missing: fakepart2.*pip install"):
        ensure_gguf(_fake_model())


def test_corrupt_part_is_refused_and_leaves_no_file(parts_dir: Path) -> None:
    part = parts_dir / "fakepart3" / "data" / "part03.bin"
    part.write_bytes(b"y" * len(PARTS[2]))
    with pytest.raises(ModelUnavailableError, match="sha256 mismatch"):
        ensure_gguf(_fake_model())
    cache = Path(os.environ[embedded.CACHE_ENV])
    assert not (cache / "fake.gguf").exists()
    assert not list(cache.glob("*.partial"))


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only directories")
def test_read_only_cache_is_a_clear_error(parts_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readonly = tmp_path / "ro"
    readonly.mkdir()
    readonly.chmod(0o500)
    monkeypatch.setenv(embedded.CACHE_ENV, str(readonly / "cache"))
    with pytest.raises(ModelCacheError, match="SUMMARIZE_CACHE_DIR"):
        ensure_gguf(_fake_model())


def test_unwritable_cache_is_a_clear_error(parts_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv(embedded.CACHE_ENV, str(blocker / "cache"))
    with pytest.raises(ModelCacheError, match="SUMMARIZE_CACHE_DIR"):
        ensure_gguf(_fake_model())


def test_two_processes_assemble_once(parts_dir: Path, tmp_path: Path) -> None:
    model = _fake_model()
    script = textwrap.dedent(f"""
        import sys
        from summarize.models import embedded
        model = embedded.ShippedModel(**{model.__dict__!r})
        calls = []
        original = embedded._assemble
        embedded._assemble = lambda *a: (calls.append(1), original(*a))
        path = embedded.ensure_gguf(model)
        print(len(calls), path.stat().st_size)
    """)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(parts_dir), *sys.path])}
    procs = [subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=120)[0].split() for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert sorted(int(o[0]) for o in outputs) == [0, 1]  # one assembled, the other waited and reused
    assert all(int(o[1]) == model.size for o in outputs)
