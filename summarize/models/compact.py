"""A fast-loading int4/int8 copy of a GGUF chat model, converted once into the cache.

transformers' GGUF loader dequantises every tensor on every load (about a minute here)
and leaves fp32 weights (6-7 GB for 1.5B parameters). We convert once into a safetensors
directory keyed by the GGUF's sha256 and load that in seconds: the GGUF's own 4-bit matrices
(Q4_0, Q4_1, Q4_K) as int4 (``int4``), every other linear layer as int8 (``int8``). Conversion
writes into a temp directory renamed into place under a file lock (``cache.build_once``),
with a manifest of file sizes written last, so an interrupted or damaged conversion is never used.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import ModelCacheError, ModelUnavailableError
from ..progress import SILENT, Phases, Progress
from .cache import build_once, cache_dir

FORMAT = "int4-int8-v2"
MANIFEST = "manifest.json"
WEIGHTS = "model.safetensors"
CONVERTING = "converting the model to int4/int8 (first run only)"
# Shares of the conversion's time per phase (the timed first runs in docs/performance.md): the tokenizer
# and the GGUF's metadata are read without a count, then tensors are dequantised, the 4-bit groups read
# from the file, the rest quantised to int8, all saved.
CONVERSION_PHASES = {
    "tokenizer": 0.17, "metadata": 0.34, "dequantise": 0.11, "build": 0.02, "groups": 0.15, "quantise": 0.19, "save": 0.02
}  # fmt: skip


def converting_step(expected: str = "") -> str:
    """The step name of a conversion, with a time estimate such as ``"about 2 minutes"`` if known."""
    return CONVERTING.replace("only)", f"only, {expected})") if expected else CONVERTING


def compact_dir(source_sha256: str) -> Path:
    """Where the converted copy of the GGUF with this sha256 lives, for this CPU's int4 layout.

    The int4 kernel packs weights differently on AVX-512 and AVX2 (``int4.kernel_block``), so a cache
    shared by machines of both kinds holds one copy per layout.
    """
    from .int4 import kernel_block

    return cache_dir() / "compact" / f"{source_sha256[:16]}-{FORMAT}-b{kernel_block()}"


def is_complete(directory: Path) -> bool:
    """Whether ``directory`` holds a finished conversion: manifest present, every file at its recorded size."""
    try:
        sizes = json.loads((directory / MANIFEST).read_text())["sizes"]
        return all((directory / name).stat().st_size == size for name, size in sizes.items())
    except (OSError, ValueError, KeyError, TypeError):
        return False


def ensure_compact(gguf: Path, source_sha256: str, *, progress: Progress = SILENT, expected: str = "") -> Path:
    """Return the converted int8 directory for ``gguf``, converting it first if needed.

    ``progress`` gets the step :func:`converting_step` (with ``expected``, a time estimate)
    and its fraction only when a conversion actually runs; a finished copy is reused silently.
    """
    target = compact_dir(source_sha256)
    if is_complete(target):
        return target

    def convert(out: Path) -> None:
        progress.step(converting_step(expected))
        _convert(gguf, out, Phases(progress, CONVERSION_PHASES))

    return build_once(
        target, convert, ready=lambda: is_complete(target), directory=True, waiting_for=f"convert {gguf.name}"
    )


def _convert(gguf: Path, out: Path, phases: Phases) -> None:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    kwargs = {"gguf_file": gguf.name, "local_files_only": True}
    tokenizer = AutoTokenizer.from_pretrained(gguf.parent, **kwargs)
    phases.report("tokenizer")(1.0)
    with _gguf_tensor_bar_replaced(phases.report("metadata"), phases.report("dequantise")):
        model = AutoModelForCausalLM.from_pretrained(gguf.parent, dtype=torch.bfloat16, **kwargs)
    phases.report("build")(1.0)
    # The GGUF quantizer marks the model unserialisable; the quantised copy is ours to save.
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    int4 = int4_layers(gguf, model, on_fraction=phases.report("groups"))
    save_quantized(model, tokenizer, out, source=gguf.name, int4=int4, on_quantised=phases.report("quantise"))
    phases.report("save")(1.0)


@contextmanager
def _gguf_tensor_bar_replaced(before: Callable[[float], None], report: Callable[[float], None]) -> Iterator[None]:
    """Count transformers' GGUF tensors into ``report`` instead of its own bar, for one load.

    ``before(1.0)`` is called when the tensor loop starts (the metadata before it is read).

    transformers dequantises the tensors in a loop wrapped in ``tqdm.auto.tqdm`` itself, not
    in its logging module's bar, so ``disable_progress_bar()`` does not reach it, and tqdm's
    ``TQDM_DISABLE`` is read once when tqdm is imported. We swap the module's ``tqdm`` name
    for a counter while we load (the library loads one model at a time); if a transformers
    release renames it, its bar shows again and nothing else changes.
    """
    from transformers.utils import logging as hf_logging

    try:
        from transformers import modeling_gguf_pytorch_utils as gguf_utils
    except ImportError:
        gguf_utils = None
    original = getattr(gguf_utils, "tqdm", None)

    def counted(items: Iterable[Any], *_: Any, **__: Any) -> Iterator[Any]:
        before(1.0)
        total = len(items) if hasattr(items, "__len__") else 0
        for done, item in enumerate(items, start=1):
            yield item
            if total:
                report(done / total)

    bars_were_on = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()  # transformers' own weight-loading bar
    if original is not None:
        gguf_utils.tqdm = counted
    try:
        yield
    finally:
        if original is not None:
            gguf_utils.tqdm = original
        if bars_were_on:
            hf_logging.enable_progress_bar()


def int4_layers(gguf: Path, model, *, on_fraction: Callable[[float], None] | None = None) -> dict[str, Any]:
    """Int4 layers for the linear layers of ``model`` whose GGUF tensors are 4-bit groups, by module name.

    A matrix is used only when its groups dequantise to exactly the weight transformers loaded
    (both bf16-rounded), so a name mapping or row order we got wrong falls back to int8.
    ``on_fraction`` receives the share of the model's linear layers looked at so far (0..1).
    """
    from torch import nn

    from .gguf_groups import groups_by_module
    from .int4 import Int4Linear, packable
    from .int8 import embeddings_match

    # An output head that also serves as the input embeddings stays int8 (SharedInt8Embedding reads it).
    head = model.get_output_embeddings() if embeddings_match(model) else None
    linears = {name: m for name, m in model.named_modules() if isinstance(m, nn.Linear) and m is not head}
    layers: dict[str, Any] = {}
    found = groups_by_module(gguf, list(linears), num_layers=model.config.num_hidden_layers)
    for done, (name, groups) in enumerate(found, start=1):
        if on_fraction:
            on_fraction(done / len(linears))
        linear = linears.get(name)
        if linear is None or not packable(*linear.weight.shape) or groups.q.shape != linear.weight.shape:
            continue
        if groups.dequantised().to(linear.weight.dtype).equal(linear.weight):
            layers[name] = Int4Linear.from_groups(*groups, bias=linear.bias)
    if on_fraction:
        on_fraction(1.0)
    return layers


def save_quantized(
    model,
    tokenizer,
    out: Path,
    *,
    source: str,
    int4: dict[str, Any] | None = None,
    on_quantised: Callable[[float], None] | None = None,
) -> None:
    """Quantise a loaded causal LM in place and save it, manifest last, into ``out``.

    ``int4`` maps layer names to ready int4 layers (:func:`int4_layers`); every other linear
    layer is quantised to int8. ``on_quantised`` receives the share of layers done so far (0..1).
    """
    from safetensors.torch import save_file

    from .int4 import kernel_block
    from .int8 import embeddings_match, quantize_causal_lm

    int4 = int4 or {}
    shared = embeddings_match(model)
    quantize_causal_lm(model, share_embeddings=shared, int4=int4, on_fraction=on_quantised)
    save_file({k: v.contiguous() for k, v in model.state_dict().items()}, str(out / WEIGHTS))
    model.config.save_pretrained(out)
    model.generation_config.save_pretrained(out)
    tokenizer.save_pretrained(out)
    sizes = {p.name: p.stat().st_size for p in out.iterdir() if p.is_file()}
    manifest = {
        "format": FORMAT, "source": source, "shared_embeddings": shared, "int4": sorted(int4),
        "int4_block": kernel_block(), "sizes": sizes,
    }  # fmt: skip
    (out / MANIFEST).write_text(json.dumps(manifest))


def load_compact(directory: Path):  # -> tuple[PreTrainedModel, PreTrainedTokenizerBase]
    """Load a converted directory: quantised skeleton on the meta device, weights assigned from safetensors.

    The weights are read on a second thread while transformers is imported and the tokenizer
    read (file reads release the GIL): about 0.8 s less of a warm load (docs/performance.md).
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        weights = pool.submit(read_weights, directory / WEIGHTS)
        from transformers import AutoConfig, AutoTokenizer, GenerationConfig

        from .int8 import quantized_skeleton

        config = AutoConfig.from_pretrained(directory, local_files_only=True)
        tokenizer = AutoTokenizer.from_pretrained(directory, local_files_only=True)
        manifest = json.loads((directory / MANIFEST).read_text())
        _check_int4_layout(directory, manifest)
        model = quantized_skeleton(
            config, share_embeddings=bool(manifest.get("shared_embeddings")), int4=manifest.get("int4", [])
        )
        state = weights.result()
    model.load_state_dict(state, strict=False, assign=True)
    _rebuild_unsaved_buffers(model)
    left_on_meta = [n for n, t in [*model.named_parameters(), *model.named_buffers()] if t.is_meta]
    if left_on_meta:
        raise ModelUnavailableError(
            f"the converted model in {directory} lacks {left_on_meta[:3]}; delete that directory to convert again"
        )
    model.generation_config = GenerationConfig.from_pretrained(directory, local_files_only=True)
    return model.eval(), tokenizer


def _check_int4_layout(directory: Path, manifest: dict[str, Any]) -> None:
    from .int4 import kernel_block

    if manifest.get("int4") and manifest.get("int4_block") != kernel_block():
        raise ModelCacheError(
            f"{directory} holds int4 weights packed for another CPU kind; delete that directory to convert again"
        )


_DTYPES = {"I8": "int8", "U8": "uint8", "BF16": "bfloat16", "F16": "float16", "F32": "float32", "I64": "int64"}


def read_weights(path: Path) -> dict[str, Any]:
    """Read a safetensors file into freshly allocated (aligned, unmapped) tensors.

    ``safetensors.torch.load_file`` memory-maps the file and leaves tensors at arbitrary
    byte offsets; torch's int8 kernel crashed (SIGSEGV) on such tensors in our tests, and
    copying them afterwards held the mapping and the copy at once (peak 3.4 GiB instead
    of 1.9 GiB). Reading each tensor straight into its own buffer avoids both. The layout
    is safetensors' documented one: a little-endian u64 header length, a JSON header, data.
    """
    import torch

    tensors: dict[str, Any] = {}
    with path.open("rb") as fh:
        length = int.from_bytes(fh.read(8), "little")
        header = json.loads(fh.read(length))
        header.pop("__metadata__", None)
        for name, info in header.items():
            begin, end = info["data_offsets"]
            tensor = torch.empty(info["shape"], dtype=getattr(torch, _DTYPES[info["dtype"]]))
            fh.seek(8 + length + begin)
            if fh.readinto(memoryview(tensor.view(-1).view(torch.uint8).numpy())) != end - begin:
                raise ModelCacheError(f"{path} is truncated; delete its directory to convert again")
            tensors[name] = tensor
    return tensors


def _rebuild_unsaved_buffers(model) -> None:
    """Rotary embeddings keep their frequencies in unsaved buffers; build those modules anew."""
    for module in list(model.modules()):
        for name, child in list(module.named_children()):
            if type(child).__name__.endswith("RotaryEmbedding") and any(b.is_meta for b in child.buffers()):
                setattr(module, name, type(child)(config=model.config))
