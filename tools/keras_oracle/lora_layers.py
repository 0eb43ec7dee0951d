"""Records Keras 3's LoRA on Dense, EinsumDense, Embedding and Conv1D, as the oracle of tests/lora_test.ts.

Small random models (seeded) whose layers get LoRA either from `lora_rank` in the constructor or
from `enable_lora(rank)` after building; some with `lora_alpha`, some frozen. Each is saved with
what Keras says of it: model.to_json() (which then carries lora_rank and lora_alpha), every
layer's weights (name, shape, trainable), counts and trainable split, its MACs for one example
traced on JAX (macs_oracle.trace_node), the totals and the printed summary.

    KERAS_BACKEND=jax .venv/bin/python tools/keras_oracle/lora_layers.py tests/fixtures/keras3_lora.json [SEED]
    deno fmt tests/fixtures/keras3_lora.json
"""

import io
import json
import os
import random
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import macs_oracle  # noqa: E402  (its JAX trace of one call: the MACs Keras really does)
import keras  # noqa: E402
from keras import layers  # noqa: E402

SEED = int(sys.argv[2]) if len(sys.argv) > 2 else 19
rng = random.Random(SEED)


def size(shape):
    n = 1
    for d in shape:
        n *= int(d)
    return n


def summary_text(model):
    buf = io.StringIO()
    model.summary(print_fn=lambda s, line_break=True: buf.write(s))
    return buf.getvalue()


def rank():
    return rng.choice([1, 2, 3, 4, 8])


def alpha_kwargs():
    return {"lora_alpha": rng.choice([1, 16, 32])} if rng.random() < 0.4 else {}


def model_case(i):
    """One random model; returns (model, how) where how says where LoRA came from."""
    keras.utils.clear_session()
    vocab, dim = rng.randint(20, 500), rng.choice([4, 8, 16, 32])
    steps = rng.randint(2, 12)
    heads, head_dim = rng.choice([1, 2, 4]), rng.choice([2, 4, 8])
    units = rng.randint(1, 40)
    after = i % 2 == 1  # enable_lora after building, else lora_rank in the constructor
    inputs = keras.Input((steps,), dtype="int32")
    emb = layers.Embedding(vocab, dim, **({} if after else {"lora_rank": rank(), **alpha_kwargs()}))
    query = layers.EinsumDense(
        "abc,cde->abde",
        output_shape=(None, heads, head_dim),
        bias_axes=rng.choice(["de", "e", None]),
        **({} if after else {"lora_rank": rank(), **alpha_kwargs()}),
    )
    dense = layers.Dense(
        units,
        use_bias=rng.choice([True, False]),
        **({} if after else {"lora_rank": rank(), **alpha_kwargs()}),
    )
    # Keras 3.15's convolutions take LoRA too (base_conv.py): the kernel's window and channels
    # × rank, and rank × filters.
    conv = layers.Conv1D(
        rng.randint(1, 12),
        rng.randint(1, 3),
        padding="same",
        use_bias=rng.choice([True, False]),
        **({} if after else {"lora_rank": rank(), **alpha_kwargs()}),
    )
    plain = layers.Dense(rng.randint(1, 8))
    x = emb(inputs)
    x = query(x)
    x = layers.Reshape((steps, heads * head_dim))(x)
    x = dense(x)
    x = conv(x)
    outputs = plain(x)
    model = keras.Model(inputs, outputs, name=f"lora_{i}")
    if after:
        for layer in (emb, query, dense, conv):
            if rng.random() < 0.8:
                layer.enable_lora(rank(), **alpha_kwargs())
    if rng.random() < 0.3:
        rng.choice([emb, query, dense, conv]).trainable = False
    return model, "enable_lora" if after else "lora_rank"


def record(model, how):
    return {
        "how": how,
        "json": json.loads(model.to_json()),
        "layers": [
            {
                "name": layer.name,
                "class_name": layer.__class__.__name__,
                "params": int(layer.count_params()) if layer.built else 0,
                "trainable": size_of(layer.trainable_weights),
                "non_trainable": size_of(layer.non_trainable_weights),
                "lora_rank": getattr(layer, "lora_rank", None) if getattr(layer, "lora_enabled", False) else None,
                "lora_alpha": getattr(layer, "lora_alpha", None) if getattr(layer, "lora_enabled", False) else None,
                # Traced with JAX for one example: Keras merges kernel + (alpha / r)·A·B per call.
                "macs": macs_oracle.trace_node(layer, layer._inbound_nodes[0])[0]
                if layer.weights else None,
                "weights": [
                    {"name": w.name, "shape": [int(d) for d in w.shape], "trainable": bool(w.trainable)}
                    for w in layer.weights
                ],
            }
            for layer in model.layers
        ],
        "total": int(model.count_params()),
        "trainable": size_of(model.trainable_weights),
        "non_trainable": size_of(model.non_trainable_weights),
        "summary": summary_text(model),
    }


def size_of(weights):
    return sum(size(w.shape) for w in weights)


def errors():
    """Keras's refusals, each with its message (the tests check ours means the same)."""
    out = {}

    def attempt(key, fn):
        try:
            fn()
            out[key] = None
        except Exception as e:  # noqa: BLE001
            out[key] = f"{type(e).__name__}: {e}"

    def twice():
        d = layers.Dense(3)
        d.build((None, 4))
        d.enable_lora(2)
        d.enable_lora(2)

    def unbuilt():
        layers.Dense(3).enable_lora(2)

    def constraint():
        layers.Dense(3, lora_rank=2, kernel_constraint="non_neg").build((None, 4))

    def negative():
        layers.Dense(3, lora_rank=-1).build((None, 4))

    def zero():
        d = layers.Dense(3, lora_rank=0)
        d.build((None, 4))
        if d.lora_enabled:
            raise AssertionError("lora_rank=0 enabled LoRA")

    attempt("enable_twice", twice)
    attempt("enable_unbuilt", unbuilt)
    attempt("kernel_constraint", constraint)
    attempt("negative_rank", negative)
    attempt("zero_rank_is_off", zero)
    return out


def main():
    cases = [record(*model_case(i)) for i in range(8)]
    out = {
        "about": "Real Keras " + keras.__version__ + ": LoRA on Dense, EinsumDense, Embedding and Conv1D "
        "(lora_rank in the constructor, or enable_lora after building), written by "
        "tools/keras_oracle/lora_layers.py",
        "keras": keras.__version__,
        "seed": SEED,
        "models": cases,
        "errors": errors(),
    }
    with open(sys.argv[1], "w") as f:
        json.dump(out, f, indent=1)
    print(f"LoRA oracle: {len(cases)} models, seed {SEED}, written to {sys.argv[1]}")


if __name__ == "__main__":
    main()
