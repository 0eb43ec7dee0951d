"""Counts the multiply-accumulates real Keras 3 does, by tracing each layer call on JAX.

For every call (node) of every layer of a model, the layer's `stateless_call` is traced with
`jax.make_jaxpr` for ONE example (batch 1), its weights given as abstract shapes, and the jaxpr
is walked:

- each `dot_general` counts prod(output shape) × prod(contracted sizes of its left operand);
- each `conv_general_dilated` without input dilation counts prod(output shape) × prod(kernel
  window) × input channels / groups, i.e. prod(output) × prod(kernel shape without its
  output-feature axis) (the kernel's input-feature axis already holds channels / groups);
- a transposed convolution is a `conv_general_dilated` whose `lhs_dilation` is not 1 (JAX
  inserts zeros between the input's elements), or any convolution traced in a layer whose class
  (or, for a wrapper such as TimeDistributed, its inner layer's class) is a `Conv*Transpose` (with stride 1 JAX writes it as a plain convolution padded by the
  window - 1, so the padding's zeros would be counted). Its useful count, by paramlab's convention, is
  what each real input element does: it meets the whole kernel once, so prod(input shape
  without dilation, batch 1) × prod(kernel window) × output channels / groups. This is read from
  the traced operands' shapes (the left operand before dilation and the kernel), not from the
  layer's configuration;
- a `scan` counts its body × its `length`; the sub-jaxprs of `pjit`, `custom_jvp_call`,
  `custom_vjp_call`, `closed_call`, `remat`, `cond` (its most expensive branch) and `while`
  are walked too. A `while` has no static trip count: one is recorded as "while" in the call's
  notes, and the Deno side refuses to compare such a call rather than guess.

Before counting, work whose result is never used is dropped (`dce_jaxpr`), as XLA drops it when
it compiles: Keras's RNN runs a stack of cells' first step once more only to learn the structure
of its output.

Models: the random Sequential models of generate.py (every supported kind), the random graphs
of graphs.py (shared layers, MultiHeadAttention, attention, nested Sequential blocks) and the
keras.applications models named on the command line. A model whose input has an unknown size
other than the batch is traced with that size set (`steps`, recorded), by rebuilding it from its
JSON with the input's shape filled in.

Rarely drawn kinds (Minimum, LayerScale, CustomScaleLayer, the adaptive poolings, the cells
inside RNN) and keras-hub's seven layers (random small models, rare_records) are drawn `--hub`
times. FNetEncoder's Fourier mixing is traced as `fft`, not counted (paramlab's convention
too). A MaskedLMHead tied to its embedding is recorded by its sizes only (kind "hub_tied"):
its JSON holds a copy of the embedding, which paramlab refuses to read as shared.
`--extend FIXTURE_GZ` redraws only those into a copy of a committed fixture.

    KERAS_BACKEND=jax .venv/bin/python tools/keras_oracle/macs_oracle.py OUT.json [--seed S]
        [--count N] [--graphs N] [--applications ResNet50,MobileNetV2,...] [--hub N]
        [--extend tests/fixtures/keras3_macs.json.gz]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
_stdout = os.dup(1)  # generate.py points fd 1 at /dev/null when imported
import generate  # noqa: E402
import graphs  # noqa: E402

os.dup2(_stdout, 1)

import jax  # noqa: E402
from jax._src.interpreters import partial_eval as pe  # noqa: E402
import keras  # noqa: E402
from keras import layers as L  # noqa: E402
from keras.src.backend.common.stateless_scope import StatelessScope  # noqa: E402
from keras.src.ops.function import make_node_key  # noqa: E402

SUB_JAXPR_PRIMITIVES = {"pjit", "jit", "custom_jvp_call", "custom_vjp_call", "custom_vjp_call_jaxpr",
                        "closed_call", "remat", "checkpoint", "core_call", "scan", "while", "cond"}


def sub_jaxprs(value):
    values = value if isinstance(value, (list, tuple)) else [value]
    for v in values:
        if hasattr(v, "jaxpr") and hasattr(v, "consts"):
            yield v.jaxpr
        elif hasattr(v, "eqns"):
            yield v


def count(jaxpr, notes: set[str], transposed: bool = False) -> int:
    """The MACs of a jaxpr, by the rules in the module's docstring."""
    total = 0
    for eqn in jaxpr.eqns:
        p = eqn.primitive.name
        if p == "dot_general":
            (contracting, _), _ = eqn.params["dimension_numbers"]
            lhs = eqn.invars[0].aval.shape
            total += math.prod(eqn.outvars[0].aval.shape) * math.prod(lhs[i] for i in contracting)
        elif p == "conv_general_dilated":
            lhs = eqn.invars[0].aval.shape
            rhs = eqn.invars[1].aval.shape
            spec = eqn.params["dimension_numbers"].rhs_spec  # (out feature, in feature, spatial…)
            window = math.prod(rhs[i] for i in spec[2:])
            out_features = rhs[spec[0]]
            groups = eqn.params["feature_group_count"] * eqn.params["batch_group_count"]
            if transposed or any(d != 1 for d in eqn.params["lhs_dilation"]):
                total += math.prod(lhs) * window * out_features // groups
                notes.add("transposed")
            else:
                total += math.prod(eqn.outvars[0].aval.shape) * window * rhs[spec[1]]
        elif p == "cond":
            total += max(count(b.jaxpr, notes, transposed) for b in eqn.params["branches"])
        elif p == "while":
            notes.add("while")
        elif p in SUB_JAXPR_PRIMITIVES or any(True for v in eqn.params.values() for _ in sub_jaxprs(v)):
            inner = sum(count(j, notes, transposed) for v in eqn.params.values()
                        for j in sub_jaxprs(v))
            total += inner * (eqn.params["length"] if p == "scan" else 1)
    return total


def abstract(variables):
    return [jax.ShapeDtypeStruct(tuple(v.shape), v.dtype) for v in variables]


def trace_node(layer, node) -> tuple[int, list[str]]:
    """The MACs of one call of a layer, for one example."""
    # A transposed convolution with stride 1 is traced as a plain convolution padded by the
    # window - 1 (no input dilation), so it is known by its layer, not by lhs_dilation alone.
    # A wrapper (TimeDistributed) of a transposed convolution traces the same convolution.
    inner = layer
    while hasattr(inner, "layer") and isinstance(inner.layer, keras.layers.Layer):
        inner = inner.layer
    transposed = "Transpose" in type(inner).__name__
    tensors = node.arguments.keras_tensors
    # stateless_call skips __call__'s autocast: give float inputs the layer's compute dtype.
    def dtype(t):
        return layer.compute_dtype if "float" in str(t.dtype) else t.dtype

    specs = [jax.ShapeDtypeStruct((1,) + tuple(t.shape[1:]), dtype(t)) for t in tensors]

    def call(trainable, non_trainable, xs):
        args, kwargs = node.arguments.fill_in({id(t): x for t, x in zip(tensors, xs)})
        out, _ = layer.stateless_call(trainable, non_trainable, *args, **kwargs)
        return out

    jaxpr = jax.make_jaxpr(call)(abstract(layer.trainable_variables),
                                 abstract(layer.non_trainable_variables), specs)
    # Work whose result is never used (Keras's RNN runs a stacked cell's first step once more
    # to learn its output's structure) is dropped, as XLA drops it when it compiles.
    live, _ = pe.dce_jaxpr(jaxpr.jaxpr, [True] * len(jaxpr.jaxpr.outvars))
    notes: set[str] = set()
    return count(live, notes, transposed), sorted(notes)


def model_nodes(model):
    functional = getattr(model, "_functional", None) or model
    return functional._nodes  # keys made by make_node_key(operation, node_index)


def record(model, meta: dict) -> dict:
    nodes = model_nodes(model)
    calls = []
    for layer in model.operations if hasattr(model, "operations") else model.layers:
        if isinstance(layer, keras.layers.InputLayer):
            continue
        for index, node in enumerate(layer._inbound_nodes):
            if make_node_key(layer, index) not in nodes:
                continue
            macs, notes = trace_node(layer, node)
            calls.append({
                "name": layer.name,
                "class_name": type(layer).__name__,
                "inputs": [list(t.shape) for t in node.arguments.keras_tensors],
                "macs": macs,
                **({"notes": notes} if notes else {}),
            })
    return {**meta, "json": json.loads(model.to_json()), "calls": calls,
            "total": sum(c["macs"] for c in calls)}


def concrete(model, steps: int):
    """The model rebuilt from its JSON with every unknown non-batch input size set to `steps`."""
    config = json.loads(model.to_json())
    changed = False

    def fill(value):
        nonlocal changed
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "batch_shape" and isinstance(item, list):
                    if any(d is None for d in item[1:]):
                        changed = True
                    value[key] = item[:1] + [steps if d is None else d for d in item[1:]]
                else:
                    fill(item)
        elif isinstance(value, list):
            for item in value:
                fill(item)

    fill(config)
    if not changed:
        return model, None
    return keras.models.model_from_json(json.dumps(config)), config


def sequential_records(seed: int, count: int, seconds: float) -> list[dict]:
    probes = {tag: generate.probe_json(tag) for tag in generate.PROBES}
    classes, refused = generate.library_support("deno", probes)
    deadline = time.time() + seconds
    options = {t for t in generate.PROBES if t not in refused and generate.PROBES[t][0] in classes}
    seeds = random.Random(seed)
    out = []
    wanted = sorted(k for k in generate.KINDS if k in classes)
    queue = [None] * count + wanted  # random models, then one forced model per kind
    for force in queue:
        if time.time() > deadline:
            print(f"macs_oracle.py: time is up after {len(out)} Sequential models", file=sys.stderr)
            break
        for _ in range(40):
            s = seeds.randrange(2**31)
            keras.backend.clear_session()
            with StatelessScope(initialize_variables=False):
                built = generate.build(s, classes, options, force)
                if built is None:
                    continue
                model, _ = built
                original = model.to_json()
                steps = seeds.randint(1, 12)
                try:
                    model, _ = concrete(model, steps)
                except ValueError as error:
                    # The steps drawn for an unknown length can be too few for a later layer
                    # (a pooling window longer than the sequence): Keras refuses; draw again.
                    print(f"macs_oracle.py: seed {s}: {steps} steps refused: {error!r}"[:200],
                          file=sys.stderr)
                    continue
            try:
                rec = record(model, {"kind": "sequential", "seed": s})
            except Exception as error:  # noqa: BLE001  a call JAX cannot trace is reported
                print(f"macs_oracle.py: seed {s}: not traced: {error!r}"[:300], file=sys.stderr)
                continue
            if model.to_json() != original:
                rec["unknown_json"] = json.loads(original)
                rec["steps"] = steps
            out.append(rec)
            break
    return out


def graph_records(seed: int, count: int) -> list[dict]:
    seeds = random.Random(seed)
    out = []
    while len(out) < count:
        s = seeds.randint(0, 2**31 - 1)
        with StatelessScope(initialize_variables=False):
            try:
                built = graphs.graph(s)
            except ValueError:
                continue
            model = keras.models.model_from_json(built.to_json())
        try:
            out.append(record(model, {"kind": "graph", "seed": s}))
        except (ValueError, TypeError) as error:
            # Keras builds and prints the graph but cannot call it on JAX (MultiHeadAttention
            # with a value head size other than the key's: JAX's dot_product_attention needs
            # one), so there is nothing to trace.
            print(f"macs_oracle.py: graph seed {s}: not traced: {error!r}"[:300], file=sys.stderr)
    return out


def extra_models():
    """Kinds the random builders rarely or never draw: each attention mode, Dot, MHA over two
    attention axes with a gate, GQA, Bidirectional GRU, a stack of cells, UpSampling2D's
    interpolations."""
    q = keras.Input((6, 8))
    v = keras.Input((9, 8))
    yield "attention", keras.Model([q, v], [
        L.Attention()([q, v]),
        L.Attention(use_scale=True, score_mode="concat")([q, v]),
        L.AdditiveAttention()([q, v]),
        L.AdditiveAttention(use_scale=False)([q, v, v]),
        L.MultiHeadAttention(2, 3)(q, v),
        L.MultiHeadAttention(3, 4, use_bias=False, output_shape=7)(q, v, v),
        L.GroupQueryAttention(4, 4, 2)(q, v),
    ])
    a = keras.Input((5,))
    b = keras.Input((5,))
    c = keras.Input((4, 5))
    d = keras.Input((3, 5))
    yield "dot", keras.Model([a, b, c, d], [
        L.Dot(axes=1)([a, b]),
        L.Dot(axes=1, normalize=True)([a, b]),
        L.Dot(axes=(2, 2))([c, d]),
        L.Dot(axes=(1, 1))([c, c]),
    ])
    x = keras.Input((4, 5, 6, 8))
    yield "mha_axes", keras.Model(x, L.MultiHeadAttention(2, 3, attention_axes=(1, 2),
                                                         use_gate=True)(x, x))
    s = keras.Input((7, 5))
    yield "recurrent", keras.Model(s, [
        L.Bidirectional(L.GRU(3, reset_after=False, return_sequences=True))(s),
        L.RNN([L.LSTMCell(4), L.GRUCell(3)])(s),
        L.TimeDistributed(L.Dense(6))(s),
    ])
    # Every interpolation UpSampling2D has, so its convention difference (resampling traced as
    # dot_general, not a MAC here) is met by every run, not only when a random model draws it.
    image = keras.Input((5, 4, 3))
    yield "upsampling", keras.Model(image, [
        L.UpSampling2D((2, 3), interpolation=mode)(image)
        for mode in ("nearest", "bilinear", "bicubic", "lanczos3")
    ])


def rare_models(rng: random.Random):
    """Kinds generate.py and graphs.py never draw: Minimum, ConvNeXt's LayerScale,
    InceptionResNetV2's CustomScaleLayer, the adaptive poolings, and cells inside RNN; and
    RMSNormalization, which generate.py draws since 2026-12-07, so the committed fixture has
    it."""
    from keras.src.applications.convnext import LayerScale
    from keras.src.applications.inception_resnet_v2 import CustomScaleLayer

    n, f = rng.randint(2, 9), rng.randint(1, 6)
    a, b = keras.Input((n, f)), keras.Input((n, f))
    yield "elementwise", keras.Model([a, b], [
        L.Minimum()([a, b]),
        LayerScale(0.1, f)(a),
        CustomScaleLayer(rng.choice([0.1, 0.17, 1.0]))([a, b]),
        L.RMSNormalization()(a),
        L.RMSNormalization(axis=[1, 2])(b),
    ])
    outs = []
    ins = []
    for rank in (1, 2, 3):
        x = keras.Input(tuple(rng.randint(2, 7) for _ in range(rank)) + (rng.randint(1, 4),))
        ins.append(x)
        for kind in ("Average", "Max"):
            size = tuple(rng.randint(1, 3) for _ in range(rank))
            outs.append(getattr(L, f"Adaptive{kind}Pooling{rank}D")(size)(x))
    yield "adaptive_pooling", keras.Model(ins, outs)
    s = keras.Input((rng.randint(1, 8), rng.randint(1, 6)))
    units = [rng.randint(1, 5) for _ in range(4)]
    yield "cells", keras.Model(s, [
        L.RNN(L.SimpleRNNCell(units[0]))(s),
        L.RNN(L.LSTMCell(units[1]), return_sequences=True)(s),
        L.RNN(L.GRUCell(units[2], reset_after=rng.random() < 0.5))(s),
        L.RNN(L.StackedRNNCells([L.SimpleRNNCell(units[3]), L.GRUCell(units[0])]))(s),
    ])


def hub_models(rng: random.Random):
    """Small random models of keras-hub's seven layers (keras_hub_oracle.py's arguments)."""
    import keras_hub

    H = keras_hub.layers
    seq, vocab = rng.randint(2, 12), rng.randint(5, 60)
    heads = rng.randint(1, 3)
    dim = heads * rng.randint(1, 4) * 2  # even, for SinePositionEncoding
    tokens = keras.Input((seq,), dtype="int32")
    masked = keras.Input((rng.randint(1, seq),), dtype="int32")
    embedding = H.TokenAndPositionEmbedding(vocab, seq + rng.randint(0, 4), dim,
                                            tie_weights=rng.random() < 0.5)
    x = embedding(tokens)
    x = H.TransformerEncoder(rng.randint(1, 20), heads,
                             normalize_first=rng.random() < 0.5)(x)
    x = H.FNetEncoder(rng.randint(1, 20))(x)
    outs = [H.MaskedLMHead(vocabulary_size=vocab)(x, mask_positions=masked)]
    yield "hub_encoder", keras.Model([tokens, masked], outs)
    tied = H.MaskedLMHead(token_embedding=embedding.token_embedding)(x, mask_positions=masked)
    yield "hub_tied_head", keras.Model([tokens, masked], tied)
    dseq = rng.randint(1, 10)
    d = keras.Input((dseq, dim))
    e = keras.Input((rng.randint(1, 10), dim))
    p = H.PositionEmbedding(dseq + rng.randint(0, 3))(d)
    q = H.SinePositionEncoding()(d)
    y = L.Add()([d, p, q])
    yield "hub_decoder", keras.Model([d, e], [
        H.TransformerDecoder(rng.randint(1, 20), heads)(y),
        H.TransformerDecoder(rng.randint(1, 20), heads,
                             normalize_first=rng.random() < 0.5)(y, e),
    ])


def hub_available() -> str | None:
    """None when keras_hub imports, else the reason it does not."""
    try:
        import keras_hub  # noqa: F401
    except Exception as error:  # noqa: BLE001  the reason is printed
        return f"{type(error).__name__}: {error}"
    return None


def extra_records(seed: int, hub_rounds: int) -> list[dict]:
    out = []
    for name, model in extra_models():
        out.append(record(model, {"kind": "graph", "seed": 0, "extra": name}))
    return out + rare_records(seed, hub_rounds)


RARE = {"elementwise", "adaptive_pooling", "cells", "hub_encoder", "hub_tied_head", "hub_decoder"}


def rare_records(seed: int, hub_rounds: int) -> list[dict]:
    """`hub_rounds` random draws of rare_models() and of hub_models() (skipped, with the reason
    printed, when keras_hub does not import, unless PARAMLAB_REQUIRE_KERAS_HUB=1: then it fails)."""
    out = []
    rng = random.Random(seed)
    for _ in range(max(1, hub_rounds)):
        s = rng.randrange(2**31)
        for name, model in rare_models(random.Random(s)):
            out.append(record(model, {"kind": "graph", "seed": s, "extra": name}))
    missing = hub_available()
    if missing is not None:
        if os.environ.get("PARAMLAB_REQUIRE_KERAS_HUB") == "1":
            sys.exit(f"macs_oracle.py: keras_hub is required (PARAMLAB_REQUIRE_KERAS_HUB=1) "
                     f"but does not import: {missing}")
        print(f"macs_oracle.py: keras-hub's layers skipped: keras_hub does not import "
              f"({missing})", file=sys.stderr)
        return out
    for _ in range(hub_rounds):
        s = rng.randrange(2**31)
        for name, model in hub_models(random.Random(s)):
            rec = record(model, {"kind": "graph", "seed": s, "extra": name})
            if name == "hub_tied_head":
                # The JSON holds a copy of the tied embedding, which paramlab refuses to read as
                # shared: the head's call is recorded with its sizes, built through the API.
                head = next(c for c in rec["calls"] if c["class_name"] == "MaskedLMHead")
                embedding = next(l for l in model.layers
                                 if type(l).__name__ == "TokenAndPositionEmbedding")
                rec = {"kind": "hub_tied", "seed": s, "extra": name, "calls": [head],
                       "total": head["macs"],
                       "tied": {"vocabulary_size": embedding.vocabulary_size,
                                "embedding_dim": embedding.embedding_dim}}
            out.append(rec)
    return out


def application_records(names: list[str]) -> list[dict]:
    out = []
    for name in names:
        keras.backend.clear_session()
        started = time.time()
        with StatelessScope(initialize_variables=False):
            model = getattr(keras.applications, name)(weights=None)
        rec = record(model, {"kind": "application", "application": name})
        # Its JSON is tests/fixtures/keras3_applications/<name>.json.gz's (same Keras, same names).
        del rec["json"]
        out.append(rec)
        print(f"macs_oracle.py: {name}: {out[-1]['total']:,} MACs, {time.time() - started:.1f} s",
              file=sys.stderr)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=random.SystemRandom().randrange(2**31))
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--graphs", type=int, default=30)
    parser.add_argument("--applications", default="")
    parser.add_argument("--hub", type=int, default=4,
                        help="rounds of random keras-hub and rarely drawn models")
    parser.add_argument("--extend", metavar="FIXTURE_GZ",
                        help="only rewrite the rare and keras-hub models of this gzipped fixture "
                             "(the rest is kept) and write it to OUT")
    parser.add_argument("--seconds", type=float, default=150, help="time for the Sequential models")
    args = parser.parse_args()
    started = time.time()
    print(f"macs_oracle.py: seed {args.seed} (replay with --seed {args.seed})", file=sys.stderr)
    if args.extend:
        import gzip

        with gzip.open(args.extend, "rt", encoding="utf-8") as f:
            fixture = json.load(f)
        kept = [m for m in fixture["models"] if m.get("extra") not in RARE]
        with StatelessScope(initialize_variables=False):
            added = rare_records(args.seed, args.hub)
        fixture["models"] = kept + added
        fixture["rare_seed"] = args.seed
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump(fixture, f, separators=(",", ":"))
            f.write("\n")
        print(f"macs_oracle.py: kept {len(kept)} models, added {len(added)}", file=sys.stderr)
        return
    records = sequential_records(args.seed, args.count, args.seconds)
    records += graph_records(args.seed, args.graphs)
    with StatelessScope(initialize_variables=False):
        records += extra_records(args.seed, args.hub)
    records += application_records([n for n in args.applications.split(",") if n])
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump({"keras_version": keras.__version__, "backend": keras.backend.backend(),
                   "seed": args.seed, "models": records}, f, separators=(",", ":"))
        f.write("\n")
    calls = sum(len(r["calls"]) for r in records)
    print(f"macs_oracle.py: {len(records)} models, {calls} calls traced in "
          f"{time.time() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
