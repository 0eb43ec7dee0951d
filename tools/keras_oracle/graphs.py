"""Random functional graphs built by real Keras 3, for tests/keras3_graphs_test.ts.

Each graph starts from one to three inputs and grows by random steps: a layer on a tensor (an
attention layer on its query alone or on a value of another tensor), a merge of tensors of one shape (Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate),
a shared layer called again on another tensor, or a small Sequential block used as a layer. Its
outputs are one or two of its last tensors. For each graph: model.to_json(), each layer's count,
the totals and the summary at 76 columns and at line_length=88 (no terminal), as
functional_fixtures.record writes them. With `--prints K`, also K tables Keras printed with
random options (prints.py), which tools/keras_oracle/prints_check.ts reads back.

    KERAS_BACKEND=jax .venv/bin/python tools/keras_oracle/graphs.py OUT.json [--seed S] [--count N]
        [--prints K]
"""

import argparse
import json
import os
import random
import sys
import time

os.environ.pop("COLUMNS", None)
import keras  # noqa: E402
from keras import layers as L  # noqa: E402
from keras.src.backend.common.stateless_scope import StatelessScope  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from functional_fixtures import record  # noqa: E402
from prints import SPENT, print_variants  # noqa: E402
from generate import random_einsum  # noqa: E402

MERGES = ["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate"]


def attention_variant(r, layer):
    """The attention layer again, with options a printed table does not show."""
    config = layer.get_config()
    if type(layer).__name__ == "MultiHeadAttention":
        if r.random() < 0.5:
            config["value_dim"] = r.randint(1, 8)
        if r.random() < 0.4:
            config["output_shape"] = (r.randint(1, 12) if r.random() < 0.7
                                      else (r.randint(1, 4), r.randint(1, 4)))
    config["use_gate"] = r.random() < 0.5
    return type(layer).from_config(config)


def layer_for(r, shape):
    """A layer that takes `shape` (batch axis excluded), or None."""
    rank = len(shape)
    choices = ["Dense", "Dense", "Activation", "Dropout", "LayerNormalization",
               "BatchNormalization"]
    if rank == 2:
        choices += ["LSTM", "GRU", "Conv1D", "MultiHeadAttention", "GroupedQueryAttention",
                    "Attention", "AdditiveAttention"]
    if rank == 1:
        choices += ["RepeatVector"]
    kind = r.choice(choices)
    if kind == "Dense":
        return L.Dense(r.randint(1, 16), use_bias=r.random() < 0.8)
    if kind == "Activation":
        return L.Activation(r.choice(["relu", "tanh", "sigmoid"]))
    if kind == "Dropout":
        return L.Dropout(0.2)
    if kind == "LayerNormalization":
        return L.LayerNormalization()
    if kind == "BatchNormalization":
        return L.BatchNormalization()
    if kind in ("LSTM", "GRU"):
        return getattr(L, kind)(r.randint(1, 8), return_sequences=r.random() < 0.6)
    if kind == "MultiHeadAttention":
        return L.MultiHeadAttention(r.randint(1, 4), r.randint(1, 8), use_bias=r.random() < 0.8)
    if kind == "GroupedQueryAttention":
        kv = r.randint(1, 2)
        return L.GroupQueryAttention(r.randint(1, 8), kv * r.randint(1, 2), kv)
    if kind == "Attention":
        return L.Attention(use_scale=r.random() < 0.5)
    if kind == "AdditiveAttention":
        return L.AdditiveAttention(use_scale=r.random() < 0.5)
    if kind == "Conv1D":
        return L.Conv1D(r.randint(1, 8), r.randint(1, 3), padding="same")
    return L.RepeatVector(r.randint(2, 5))


def block(r, shape):
    """A small Sequential used as a layer."""
    inner = [L.Dense(r.randint(1, 8)) for _ in range(r.randint(1, 3))]
    return keras.Sequential(inner, name=f"block_{r.randint(0, 10**6)}")


def graph(seed):
    r = random.Random(seed)
    # Keras 3's LoRA on some Dense layers (enable_lora after the call, as people fine-tune),
    # drawn from a stream of its own so that every other draw of a seed stays as it was.
    lora = random.Random(seed * 7 + 3)
    # Cross-attention (a value of its own) and EinsumDense layers of any equation in place of some
    # Dense layers, from a third stream, for the same reason.
    extra = random.Random(seed * 11 + 5)
    inputs = []
    tensors = []
    for i in range(r.randint(1, 3)):
        shape = r.choice([(r.randint(2, 12),), (r.randint(2, 6), r.randint(2, 8))])
        x = keras.Input(shape, name=f"in_{i}" if r.random() < 0.5 else None)
        inputs.append(x)
        tensors.append(x)
    used = []
    for _ in range(r.randint(2, 10)):
        step = r.random()
        t = r.choice(tensors)
        shape = tuple(t.shape[1:])
        try:
            fitting = [layer for layer, first in used if first == shape]
            if step < 0.15 and fitting:
                # A shared layer, called again on a tensor of the shape it was built for (Keras
                # does not check every layer's later calls; a model that mixed shapes would fail
                # when run).
                tensors.append(r.choice(fitting)(t))
            elif step < 0.35:
                same = [u for u in tensors if tuple(u.shape[1:]) == shape]
                if len(same) < 2 and r.random() < 0.5:
                    # Make a second branch of the same shape to merge with.
                    width = shape[-1]
                    same.append(L.Dense(width)(t))
                if len(same) < 2:
                    continue
                picked = r.sample(same, 2)
                merge = r.choice(MERGES)
                tensors.append(getattr(L, merge)()(picked))
            elif step < 0.45 and len(shape) == 1:
                tensors.append(block(r, shape)(t))
            else:
                layer = layer_for(r, shape)
                name = type(layer).__name__
                if name == "Dense" and extra.random() < 0.2:
                    layer = L.EinsumDense(**random_einsum(extra, shape, sized=True))
                    name = "EinsumDense"
                if name in ("MultiHeadAttention", "GroupedQueryAttention"):
                    # Self-attention (query and value one tensor), or a value of another
                    # sequence, of its own length and features, sometimes with a key of its
                    # own width; and options no table prints (a value head size, an output
                    # width, a gate), which the reader must solve from the count.
                    others = [u for u in tensors if len(u.shape) == 3]
                    value = extra.choice(others) if extra.random() < 0.4 else t
                    key = L.Dense(extra.randint(1, 8))(value) if extra.random() < 0.2 else None
                    if extra.random() < 0.4:
                        layer = attention_variant(extra, layer)
                    y = layer(t, value) if key is None else layer(t, value, key)
                elif name in ("Attention", "AdditiveAttention"):
                    y = layer([t, t])
                else:
                    y = layer(t)
                    used.append((layer, shape))
                    if name == "Dense" and lora.random() < 0.15:
                        layer.enable_lora(lora.randint(1, 8))
                tensors.append(y)
        except ValueError:
            continue
    outs = r.sample(tensors[len(inputs):] or tensors, min(len(tensors) - len(inputs) or 1,
                                                      r.randint(1, 2)))
    model = keras.Model(inputs, outs if len(outs) > 1 else outs[0])
    return model


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=random.SystemRandom().randint(0, 2**31 - 1))
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--prints", type=int, default=0,
                        help="tables Keras prints of each graph, with random options (prints.py)")
    args = parser.parse_args()
    started = time.time()
    seeds = random.Random(args.seed)
    records = []
    while len(records) < args.count:
        seed = seeds.randint(0, 2**31 - 1)
        # A fresh session, then a stateless scope (clear_session() would leave it): Keras gives
        # every weight its shape but never fills it, so a graph takes milliseconds, not seconds
        # of JAX compiling initializers.
        keras.backend.clear_session()
        with StatelessScope(initialize_variables=False):
            try:
                built = graph(seed)
            except ValueError:
                continue  # a graph whose outputs do not reach its inputs
            # Keras prints each layer's last call, even a call outside the model (a branch the
            # outputs do not use), which no JSON holds: compare what Keras reads back from the
            # JSON, as a user's saved model is.
            model = keras.models.model_from_json(built.to_json())
            data = record(model)
        data["seed"] = seed
        if args.prints:
            # Keras prints the summary the ways people print it (prints.py); outside the
            # stateless scope, where an optimizer can make its variables.
            data["prints"] = print_variants(model, seed, args.prints)
        records.append(data)
    with open(args.out, "w") as f:
        json.dump({"keras_version": keras.__version__, "seed": args.seed, "graphs": records}, f)
    print(f"graphs.py: {len(records)} graphs (seed {args.seed}) in {time.time() - started:.1f} s",
          file=sys.stderr)
    if args.prints:
        print(f"graphs.py: Keras printed {SPENT['tables']} tables in {SPENT['seconds']:.1f} s",
              file=sys.stderr)


if __name__ == "__main__":
    main()
