"""``summarize batch`` on Ray Data: the same output rows, written by a pool of actors that each load the model once.

Install with ``pip install "summarize[ray]"``. The pipeline is

    read_binary_files (one row per input file) -> flat_map(parse JSONL, drop finished ids)
    -> repartition(batch_size rows per block) -> materialize
    -> map_batches(actor pool, one Summarizer per actor; each batch is written as one JSONL file)

Why the files are read as bytes and parsed here rather than with ``ray.data.read_json``: the parse is
:func:`summarize.batch.parse_records`, so an invalid JSON line becomes an ``error`` row with its line
number instead of failing the job, records keep plain Python types (no numpy/pyarrow values, no schema
unification across files whose records have different keys), and ids of records without one are the
same ``line-N`` as ``summarize batch``. The cost: a file is one row while it is parsed, so shard inputs
into files of at most a few hundred MB.

Why each actor writes its own batch rather than ``Dataset.write_json``: a file appears under its final
name only when complete (written to a hidden temp name, then renamed; object stores publish an object
only when its upload ends), and its name is a hash of the batch's ids, so a batch that Ray retries
after an actor died rewrites the same file instead of adding a second copy. A rerun reads the ids of
the complete files and skips them: a killed job loses nothing and duplicates nothing.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import posixpath
import socket
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .batch import ids_in, parse_records, record_key, summarize_record
from .errors import DistributedError, InputFileError

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow.fs

    from .models.base import Generator

PART_PREFIX = "part-"
PART_SUFFIX = ".jsonl"
TEMP_PREFIX = ".tmp-"
INPUT_SUFFIXES = (".jsonl", ".ndjson", ".json")  # files taken from a directory input
MARKER_PREFIX = ".running-"
# Ray Data restarts a dead actor and retries its batch without limit (its default); a record that
# kills its process every time (out of memory on a giant article) would loop, so it gets an error
# row after this many deaths.
MAX_DEATHS = 2


@dataclass(frozen=True)
class SummarizerOptions:
    """How each actor builds its :class:`~summarize.Summarizer` (picklable: it travels to the actors).

    ``generator_factory``, when given, is a top-level function returning a ready
    :class:`~summarize.models.base.Generator` (a custom backend, or a test double); otherwise
    ``model`` is loaded as by ``Summarizer(model)``.
    """

    model: str | None = None
    bullets: int = 3
    bullets_language: str | None = None
    bullet_strategy: str = "auto"
    generator_factory: Callable[[], Generator] | None = None


@dataclass
class DistributedReport:
    """Counts of one distributed run: rows written, of which failed, and ids already in the output."""

    done: int = 0
    failed: int = 0
    skipped: int = 0
    files: list[str] = field(default_factory=list)


def _import_ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError:
        raise DistributedError(
            'the Ray engine needs Ray Data: pip install "summarize[ray]" (or pip install "ray[data]")'
        ) from None
    return ray


def _filesystem(uri: str) -> tuple[pyarrow.fs.FileSystem, str]:
    """pyarrow's filesystem and native path for a local path or URI (s3://, gs://, hdfs://, file://)."""
    import pyarrow.fs

    if "://" not in uri:
        uri = os.path.abspath(os.path.expanduser(uri))
    try:
        return pyarrow.fs.FileSystem.from_uri(uri)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ... for unknown schemes and bad URIs
        raise InputFileError(f"cannot open {uri}: {_first_line(exc)}") from exc


def resolve_inputs(spec: str) -> tuple[pyarrow.fs.FileSystem, list[str]]:
    """Input files of ``spec``: a file, a directory (its ``.jsonl``/``.ndjson``/``.json`` files, recursively)
    or a glob (``data/*.jsonl``, ``s3://bucket/2024-*/*.jsonl``), local or on any filesystem pyarrow reads.

    Returns the filesystem and sorted native paths. Raises :class:`InputFileError` when nothing matches.
    """
    import pyarrow.fs

    has_glob = any(ch in spec for ch in "*?[")
    root_spec = spec
    if has_glob:  # the deepest directory before the first wildcard is listed, the rest is matched
        head = spec[: min(spec.index(ch) for ch in "*?[" if ch in spec)]
        root_spec = head[: head.rfind("/") + 1] or "."
    fs, root = _filesystem(root_spec)
    info = fs.get_file_info(root)
    if info.type == pyarrow.fs.FileType.NotFound:
        raise InputFileError(f"input not found: {spec}")
    if info.type == pyarrow.fs.FileType.File:
        return fs, [root]
    listing = fs.get_file_info(pyarrow.fs.FileSelector(root, recursive=True))
    files = [i.path for i in listing if i.type == pyarrow.fs.FileType.File]
    if has_glob:
        _, pattern = _filesystem(spec) if "://" in spec else (None, os.path.abspath(os.path.expanduser(spec)))
        files = [f for f in files if fnmatch.fnmatchcase(f, pattern)]
    else:
        files = [f for f in files if f.endswith(INPUT_SUFFIXES) and not _hidden(f, root)]
    if not files:
        raise InputFileError(f"no input files in {spec}")
    return fs, sorted(files)


def _hidden(path: str, root: str) -> bool:
    return any(part.startswith((".", "_")) for part in posixpath.relpath(path, root).split("/"))


def id_prefixes(paths: list[str]) -> dict[str, str]:
    """The prefix of default ids per file: none for one file (ids ``line-N`` as in ``summarize batch``),
    else the path relative to the files' common directory (``2024/jan.jsonl:line-N``), so ids stay
    unique and do not depend on the working directory."""
    if len(paths) == 1:
        return {paths[0]: ""}
    common = posixpath.commonpath(paths)
    return {p: posixpath.relpath(p, common) + ":" for p in paths}


def finished_ids(fs: pyarrow.fs.FileSystem, out_dir: str) -> set[str]:
    """Ids in the complete part files of ``out_dir`` (temp files of a killed run are not read)."""
    import pyarrow.fs

    ids: set[str] = set()
    for info in fs.get_file_info(pyarrow.fs.FileSelector(out_dir, allow_not_found=True)):
        name = posixpath.basename(info.path)
        if info.type == pyarrow.fs.FileType.File and name.startswith(PART_PREFIX) and name.endswith(PART_SUFFIX):
            with fs.open_input_stream(info.path) as handle:
                ids |= ids_in(handle.read().decode("utf-8", errors="replace").split("\n"))
    return ids


def remove_temp_files(fs: pyarrow.fs.FileSystem, out_dir: str) -> None:
    """Delete the temp files a killed run left (one run per output directory at a time)."""
    import pyarrow.fs

    for info in fs.get_file_info(pyarrow.fs.FileSelector(out_dir, allow_not_found=True)):
        if info.type == pyarrow.fs.FileType.File and posixpath.basename(info.path).startswith(TEMP_PREFIX):
            fs.delete_file(info.path)


def part_name(ids: Iterable[Any]) -> str:
    """The file name of a batch: a hash of its ids (as :func:`~summarize.batch.record_key`, so ``1`` and ``"1"``
    differ), so a retried batch overwrites its own file."""
    digest = hashlib.sha256("\n".join(record_key(i) for i in ids).encode("utf-8")).hexdigest()[:24]
    return f"{PART_PREFIX}{digest}{PART_SUFFIX}"


def write_part(fs: pyarrow.fs.FileSystem, out_dir: str, name: str, rows: list[dict[str, Any]]) -> None:
    """Write ``rows`` as JSONL to ``out_dir/name`` so that the name only ever holds a complete file."""
    import pyarrow.fs

    data = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode("utf-8")
    target = posixpath.join(out_dir, name)
    if not isinstance(fs, pyarrow.fs.LocalFileSystem):  # object stores publish an object when its upload ends
        with fs.open_output_stream(target) as handle:
            handle.write(data)
        return
    temp = posixpath.join(out_dir, f"{TEMP_PREFIX}{uuid.uuid4().hex}-{name}")
    with open(temp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, target)


class SummarizeBatches:
    """Ray Data callable class: one :class:`~summarize.Summarizer` per actor, one output file per batch.

    Batches are ``{"record": array of JSON strings}``; the result is one row per batch,
    ``{"file": name, "rows": n, "failed": k}``, which the driver counts. While a batch runs, a
    hidden marker in the output directory names the record in progress: when Ray retries the batch
    after its actor died, that record has killed a process, and after ``MAX_DEATHS`` deaths it gets
    an ``error`` row instead of another try, so one poisonous record cannot stall the job.
    """

    def __init__(self, options: SummarizerOptions, out_uri: str, threads: int) -> None:
        import torch

        from .pipeline import Summarizer

        os.environ["OMP_NUM_THREADS"] = str(threads)  # for native libraries loaded after this point
        torch.set_num_threads(threads)
        generator = options.generator_factory() if options.generator_factory else None
        self.summarizer = Summarizer(
            options.model,
            generator=generator,
            bullets=options.bullets,
            bullets_language=options.bullets_language,
            bullet_strategy=options.bullet_strategy,  # type: ignore[arg-type]
        )
        self.fs, self.out_dir = _filesystem(out_uri)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        records = [json.loads(str(line)) for line in batch["record"]]
        name = part_name(record.get("id") for record in records)
        target = posixpath.join(self.out_dir, name)
        if self.fs.get_file_info(target).is_file:  # a retried batch whose file was written before its actor died
            with self.fs.open_input_stream(target) as handle:
                rows = [json.loads(line) for line in handle.read().decode("utf-8").split("\n") if line.strip()]
        else:
            rows = self._summarize(name, records)
            write_part(self.fs, self.out_dir, name, rows)
            marker = posixpath.join(self.out_dir, f"{MARKER_PREFIX}{name}")
            if self.fs.get_file_info(marker).is_file:
                self.fs.delete_file(marker)
        return {"file": [name], "rows": [len(rows)], "failed": [sum("error" in row for row in rows)]}

    def _summarize(self, name: str, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        marker = posixpath.join(self.out_dir, f"{MARKER_PREFIX}{name}")
        deaths: dict[str, int] = {}
        if self.fs.get_file_info(marker).is_file:  # an earlier try of this batch died at state["current"]
            with self.fs.open_input_stream(marker) as handle:
                state = json.loads(handle.read().decode("utf-8"))
            deaths = state["deaths"]
            deaths[str(state["current"])] = deaths.get(str(state["current"]), 0) + 1
        rows = []
        for index, record in enumerate(records):
            if deaths.get(str(index), 0) >= MAX_DEATHS:
                rows.append({"id": record.get("id"), "error": f"DistributedError: the worker process died "
                             f"{MAX_DEATHS} times on this record"})  # fmt: skip
                continue
            with self.fs.open_output_stream(marker) as handle:
                handle.write(json.dumps({"current": index, "deaths": deaths}).encode("utf-8"))
            rows.append(summarize_record(self.summarizer, record))
        return rows


def _parser(prefixes: dict[str, str], done: frozenset[str]) -> Callable[[dict[str, Any]], list[dict[str, str]]]:
    def parse(row: dict[str, Any]) -> list[dict[str, str]]:
        records = parse_records(bytes(row["bytes"]), id_prefix=prefixes.get(row["path"], f"{row['path']}:"))
        return [
            {"record": json.dumps(record, ensure_ascii=False)}
            for record in records
            if record_key(record["id"]) not in done
        ]

    return parse


def connect(address: str | None = None, *, num_cpus: int | None = None) -> bool:
    """Connect to Ray (``address``: ``None`` starts a local instance, ``"auto"``, ``"ray://host:10001"``, ...).

    Returns whether this call started the connection (the caller then shuts it down). Raises
    :class:`DistributedError` with one line when Ray is missing or the cluster cannot be reached.
    """
    ray = _import_ray()
    if ray.is_initialized():
        return False
    if address and address != "auto":
        _probe(address)
    try:
        ray.init(address=address, num_cpus=num_cpus, include_dashboard=False, log_to_driver=False,
                 logging_level="ERROR")  # fmt: skip
    except Exception as exc:  # ConnectionError, ValueError, grpc errors, ... depending on the address form
        where = f"at {address!r}" if address else "locally"
        raise DistributedError(f"cannot connect to a Ray cluster {where}: {_first_line(exc)}") from exc
    return True


def _probe(address: str, timeout: float = 5.0) -> None:
    """Fail fast on an address nothing listens at (``ray.init`` retries such an address for minutes)."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        raise DistributedError(f"bad Ray address {address!r}: expected auto, host:port or ray://host:port")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout).close()
    except OSError as exc:
        raise DistributedError(f"cannot reach a Ray cluster at {address!r}: {exc.strerror or exc}") from exc


def summarize_distributed(
    inputs: str,
    out_dir: str,
    *,
    options: SummarizerOptions | None = None,
    actors: int = 1,
    threads_per_actor: int = 1,
    batch_size: int = 4,
    address: str | None = None,
    on_start: Callable[[int], None] | None = None,
    on_batch: Callable[[int, int], None] | None = None,
) -> DistributedReport:
    """Summarise every JSONL record of ``inputs`` into part files in ``out_dir`` with a pool of Ray actors.

    ``inputs`` is a file, a directory or a glob (see :func:`resolve_inputs`); ``out_dir`` a local
    directory or a URI every node can write (``s3://bucket/out``). Each of ``actors`` actors holds
    one Summarizer and uses ``threads_per_actor`` CPU threads (it reserves as many Ray CPUs);
    ``batch_size`` records make one output file and one unit of retry. The rows are
    :func:`summarize.batch.summarize_record`'s. Ids already in ``out_dir`` are skipped, so a rerun
    resumes. ``on_start(records_to_do)`` and ``on_batch(rows, failed)`` (as each batch is written)
    are called on the driver.
    ``address`` is passed to ``ray.init`` unless Ray is already initialised (``None``: a local instance).

    Raises :class:`DistributedError` (Ray missing, cluster unreachable, job failed) and
    :class:`InputFileError` (no inputs, output not writable).
    """
    if actors < 1 or threads_per_actor < 1 or batch_size < 1:
        raise DistributedError("--actors, --threads-per-actor and --batch-size must be at least 1")
    options = options or SummarizerOptions()
    ray = _import_ray()
    in_fs, paths = resolve_inputs(inputs)
    out_fs, out_path = _filesystem(out_dir)
    try:
        out_fs.create_dir(out_path, recursive=True)
        remove_temp_files(out_fs, out_path)
        done = frozenset(finished_ids(out_fs, out_path))
    except OSError as exc:
        raise InputFileError(f"cannot use output directory {out_dir}: {_first_line(exc)}") from None
    out_uri = out_dir if "://" in out_dir else out_path
    report = DistributedReport(skipped=len(done))
    started = connect(address)
    try:
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        # Stage 1, parsed and cut into blocks of batch_size records before any actor starts:
        # a block is what one actor task takes (so the actors share even a single file), one
        # output file and one unit of retry. Run while the actors run, the cutting tasks would
        # wait forever for a CPU when the actors hold them all (as on a laptop); the cost is
        # that the records to do sit in the object store (spilled to disk when large).
        todo = (
            ray.data.read_binary_files(paths, filesystem=in_fs, include_paths=True)
            .flat_map(_parser(id_prefixes(paths), done))
            .repartition(target_num_rows_per_block=batch_size)
            .materialize()
        )
        if on_start:
            on_start(todo.count())
        dataset = todo.map_batches(
            SummarizeBatches,
            fn_constructor_args=(options, out_uri, threads_per_actor),
            batch_size=batch_size,
            batch_format="numpy",
            # One batch in flight per actor: a batch takes seconds to minutes, and Ray Data's default of
            # queueing several on the first ready actor would leave the others idle on small jobs.
            compute=ray.data.ActorPoolStrategy(size=actors, max_tasks_in_flight_per_actor=1),
            num_cpus=threads_per_actor,
        )
        for row in dataset.iter_rows():
            rows, failed = int(row["rows"]), int(row["failed"])
            report.done += rows - failed
            report.failed += failed
            report.files.append(str(row["file"]))
            if on_batch:
                on_batch(rows, failed)
    except ray.exceptions.RayError as exc:
        raise DistributedError(f"the Ray job failed (rerun to resume): {_first_line(exc)}") from None
    finally:
        if started:
            ray.shutdown()
    return report


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
