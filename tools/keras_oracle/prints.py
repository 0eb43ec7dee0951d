"""Keras prints, we read: real Keras 3 prints a model's summary the ways people print it.

`print_variants(model, seed, count)` prints `count` tables of one built model, each with options
drawn from `seed`:
  - `line_length` between 40 and 160, in a terminal at least as wide as the table;
  - `show_trainable` and `expand_nested` at random (expand_nested more often when the model nests
    a model, so that `└ name` rows are printed); some tables are of a model that holds the
    model as a block (a Sequential, or a Functional), as people nest a backbone;
  - some layers frozen (`layer.trainable = False`) before printing, a nested model's too;
  - some models compiled with a random optimizer, which is built, so `Optimizer params` prints.
Each table comes with what Keras knows of every row it prints, in order (name, class, count,
output shape, depth, inbound layer names, whether it is a nested model and whether its layers
are printed) and the totals, so the reader's result can be compared row by row
(tools/keras_oracle/prints_check.ts). Freezing is undone after each table; compiling is not,
so it comes last.

Standalone, it writes a fixture set of tables from random Sequential models and graphs:

    KERAS_BACKEND=jax .venv/bin/python tools/keras_oracle/prints.py OUT.json [--seed S]
        [--models N] [--graphs N] [--per-model K] [--never-drop K]

(`--never-drop K`: also K tables of each model of never_drop_fixtures.py: keras.ops calls,
Embedding masks, the encoder-decoder, dict inputs, Lambda, a registered custom class.)
"""

from __future__ import annotations

import json
import os
import random
import time

import keras
from keras.src import tree
from keras.src.backend.common.stateless_scope import StatelessScope

OPTIMIZERS = ["sgd", "adam", "adamw", "rmsprop", "adagrad", "adadelta", "adamax", "nadam",
              "ftrl", "lion", "adafactor"]


def shape_of(layer):
    """The output shape Keras prints for `layer`: its last call's outputs, flattened."""
    if not layer._inbound_nodes:
        return None
    outputs = tree.flatten(layer._inbound_nodes[-1].output_tensors)
    shapes = [list(t.shape) for t in outputs]
    return shapes[0] if len(shapes) == 1 else shapes


def size(weights) -> int:
    """The number of values in `weights`, from their shapes, not their values: a weight made in
    a stateless scope (graphs.py) has none."""
    total = 0
    for w in weights:
        n = 1
        for d in w.shape:
            n *= int(d)
        total += n
    return total


def _config(layer):
    """The layer's config as Keras serialises it (a wrapper's inner layer included), so a
    failure can be told apart by option (axis, keepdims, dilation_rate, use_bias, ...)."""
    try:
        config = keras.saving.serialize_keras_object(layer)["config"]
    except Exception:  # an operation, or a layer Keras cannot serialise
        return {}
    if isinstance(layer, keras.Model):
        return {"name": config.get("name"), "trainable": config.get("trainable")}
    return json.loads(json.dumps(config, default=str))


def _inbound(layer, relevant):
    names = []
    for node in layer._inbound_nodes:
        if relevant is not None and node not in relevant:
            continue
        for kt in node.input_tensors:
            names.append(kt._keras_history.operation.name)
    return names


def expected_rows(model, expand_nested: bool) -> list[dict]:
    """The rows Keras's summary_utils.print_summary prints, in its order, with its numbers."""
    from keras.src.models import Functional, Sequential

    if isinstance(model, Functional) and not isinstance(model, Sequential):
        top = model._operations
        relevant = [n for v in model._nodes_by_depth.values() for n in v]
    else:
        top = model.layers
        relevant = None
    rows: list[dict] = []

    def visit(layer, depth, outer_relevant):
        nested = hasattr(layer, "layers") and bool(getattr(layer, "layers", None))
        built = getattr(layer, "built", True)
        rows.append({
            "name": layer.name,
            "class_name": type(layer).__name__,
            "params": int(layer.count_params()) if built and hasattr(layer, "count_params")
            else (0 if not hasattr(layer, "built") else None),
            "trainable": size(layer.trainable_weights) if hasattr(layer, "trainable_weights") else 0,
            "output_shape": shape_of(layer),
            "depth": depth,
            "inbound": _inbound(layer, outer_relevant),
            "nested_model": nested and isinstance(layer, keras.Model),
            "expanded": nested and expand_nested,
            "built": bool(built),
            # A class of the user's own code (registered with register_keras_serializable).
            "user_code": not type(layer).__module__.startswith("keras."),
            # A keras.ops call on symbolic tensors (NotEqual, LogicalOr, Matmul, ...), no layer.
            "operation": not isinstance(layer, keras.layers.Layer),
            "config": _config(layer),
        })
        if nested and expand_nested:
            for inner in layer.layers:
                # Keras prints a nested layer's connections against no list of relevant nodes.
                visit(inner, depth + 1, None)

    for layer in top:
        visit(layer, 0, relevant)
    return rows


def summary_text(model, columns: int | None = None, **kwargs) -> str:
    """The summary as Keras prints it in a log (rich's 80 columns, whatever COLUMNS says), or in
    a terminal of `columns`."""
    out: list[str] = []
    saved = os.environ.pop("COLUMNS", None)
    if columns is not None:
        os.environ["COLUMNS"] = str(columns)
    try:
        model.summary(print_fn=lambda text, line_break=True: out.append(text), **kwargs)
    finally:
        os.environ.pop("COLUMNS", None)
        if saved is not None:
            os.environ["COLUMNS"] = saved
    return "".join(out)


def _all_layers(model):
    """Every layer of the model, nested models' layers too (nested models themselves included)."""
    found = []
    for layer in model.layers:
        found.append(layer)
        if isinstance(layer, keras.Model):
            found.extend(_all_layers(layer))
    return found


def _compile(model, optimizer: str) -> str | None:
    """Compiles `model` with `optimizer` and builds it, so the summary prints `Optimizer
    params`; returns the optimizer used.

    The optimizer's scalars (learning rate, iterations) need a scope where variables can be made;
    its slots (one per weight, as large as the model) are made in a stateless scope, which gives
    them a shape but no memory. An optimizer that makes a scalar in build() (Nadam) is built
    outside it when the model is small, and replaced by Adam when the model is not. A model
    whose compile itself makes a variable (a mixed-precision policy wraps the optimizer in a
    LossScaleOptimizer, whose scale is a variable) is not compiled: None."""
    try:
        model.compile(optimizer=optimizer, loss="mse")
    except ValueError as error:
        if "stateless scope" not in str(error):
            raise
        return None
    try:
        with StatelessScope(initialize_variables=False):
            model.optimizer.build(model.trainable_variables)
        return optimizer
    except ValueError:
        if model.count_params() > 1_000_000:
            optimizer = "adam"
        model.compile(optimizer=optimizer, loss="mse")
        if optimizer == "adam":
            with StatelessScope(initialize_variables=False):
                model.optimizer.build(model.trainable_variables)
        else:
            model.optimizer.build(model.trainable_variables)
        return optimizer


def _outer(model, r):
    """A model that holds `model` as a block: a Sequential, or a Functional that may add a
    weightless layer after it."""
    shape = tuple(model.inputs[0].shape[1:])
    dtype = model.inputs[0].dtype
    if r.random() < 0.5:
        return keras.Sequential([keras.Input(shape, dtype=dtype), model]), "sequential"
    inp = keras.Input(shape, dtype=dtype)
    out = model(inp)
    if not isinstance(out, (list, tuple)) and r.random() < 0.5:
        out = keras.layers.Activation("linear")(out)
    return keras.Model(inp, out), "functional"


# Tables printed and seconds spent printing them, in this process (for the oracles' logs).
SPENT = {"tables": 0, "seconds": 0.0}


def print_variants(model, seed: int, count: int, narrow: bool = True) -> list[dict]:
    """`count` tables of `model`, printed by Keras with random options drawn from `seed`; with
    `narrow`, some in a console narrower than the table (a fixture written before that drew
    none passes False, so it stays the same)."""
    started = time.time()
    tables = _print_variants(model, seed, count, narrow)
    SPENT["tables"] += len(tables)
    SPENT["seconds"] += time.time() - started
    return tables


def _print_variants(model, seed: int, count: int, narrow_consoles: bool) -> list[dict]:
    r = random.Random(seed * 7919 + 17)
    nests = any(isinstance(layer, keras.Model) for layer in model.layers)
    # Compiling sticks, so a compiled model's table is its last.
    compile_at = count - 1 if r.random() < 0.35 else None
    tables = []
    for n in range(count):
        printed, nested_in = model, None
        if r.random() < 0.3 and len(model.inputs) == 1:
            # The model as a block of another, as people nest a backbone.
            printed, nested_in = _outer(model, r)
        line_length = r.randint(40, 160)
        show_trainable = r.random() < 0.5
        expand_nested = r.random() < (0.7 if nests or nested_in else 0.3)
        # A terminal as wide as the table or wider; and now and then one narrower than the
        # line_length asked for, whose right edge cuts every line of the table (its own random
        # stream, so the other options drawn stay what they were).
        columns = line_length + r.choice([0, 4, 20, 40])
        narrow = random.Random(seed * 104729 + n)
        if narrow_consoles and line_length > 41 and narrow.random() < 0.15:
            columns = narrow.randint(max(40, line_length // 2), line_length - 1)
        # Column positions of its own (summary's `positions`), which can make a column narrower
        # than its title, its shapes or its names' nested markers; from a stream of its own, so
        # the other options drawn stay what they were. A share of the tables, 2% unless
        # PARAMLAB_PRINT_POSITIONS says (0: none; 1: all, to search the reader's gaps).
        placed = random.Random(seed * 15485863 + n)
        positions = None
        if placed.random() < float(os.environ.get("PARAMLAB_PRINT_POSITIONS", "0.02")):
            positions = [cut / 100 for cut in sorted(placed.sample(range(8, 95), 3))] + [1.0]
        frozen: list[str] = []
        saved = {}
        if r.random() < 0.4:
            candidates = [layer for layer in _all_layers(printed) if layer.weights]
            for layer in r.sample(candidates, min(len(candidates), r.randint(1, 3))):
                saved[id(layer)] = (layer, layer.trainable)
                layer.trainable = False
                frozen.append(layer.name)
        optimizer = None
        if compile_at == n:
            optimizer = _compile(printed, r.choice(OPTIMIZERS))
        table = None
        for placing in ([positions] if positions else []) + [None]:
            try:
                table = summary_text(printed, columns, line_length=line_length,
                                     show_trainable=show_trainable, expand_nested=expand_nested,
                                     **({"positions": placing} if placing else {}))
                positions = placing
                break
            except ValueError:  # "Insufficient console width": no table is printed
                continue
        rows = expected_rows(printed, expand_nested)
        totals = {
            "trainable": size(printed.trainable_weights),
            "non_trainable": size(printed.non_trainable_weights),
            "optimizer": size(printed.optimizer.variables)
            if printed.compiled and printed.optimizer and printed.optimizer.built else None,
        }
        totals["total"] = totals["trainable"] + totals["non_trainable"] + (totals["optimizer"] or 0)
        for layer, trainable in saved.values():
            layer.trainable = trainable
        if table is None:
            continue
        tables.append({
            "variant": n,
            "per_model": count,
            "options": {
                "line_length": line_length,
                "show_trainable": show_trainable,
                "expand_nested": expand_nested,
                "columns": columns,
                "frozen": frozen,
                "optimizer": optimizer,
                "nested_in": nested_in,
                **({"positions": positions} if positions else {}),
            },
            "table": table,
            "rows": rows,
            "totals": totals,
        })
    return tables


def main() -> None:
    import argparse
    import sys

    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from keras.src.backend.common.stateless_scope import StatelessScope

    import generate
    import graphs

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=random.SystemRandom().randint(0, 2**31 - 1))
    parser.add_argument("--models", type=int, default=30)
    parser.add_argument("--graphs", type=int, default=30)
    parser.add_argument("--per-model", type=int, default=2)
    parser.add_argument("--never-drop", type=int, default=0,
                        help="tables of each model of never_drop_fixtures.py (keras.ops, masks, "
                             "encoder-decoder, custom classes, ...)")
    args = parser.parse_args()
    seeds = random.Random(args.seed)
    classes = set(generate.KINDS)
    entries = []
    while sum(1 for e in entries if e["source"] == "sequential") < args.models:
        seed = seeds.randrange(2**31)
        keras.backend.clear_session()
        with StatelessScope(initialize_variables=False):
            built = generate.build(seed, classes, set(generate.PROBES))
            if built is None:
                continue
        # The optimizer's variables cannot be made in a stateless scope: print outside it.
        entries.append({"source": "sequential", "seed": seed,
                        "prints": print_variants(built[0], seed, args.per_model)})
    while sum(1 for e in entries if e["source"] == "graph") < args.graphs:
        seed = seeds.randrange(2**31)
        keras.backend.clear_session()
        with StatelessScope(initialize_variables=False):
            try:
                built = graphs.graph(seed)
            except ValueError:
                continue
            model = keras.models.model_from_json(built.to_json())
        entries.append({"source": "graph", "seed": seed,
                        "prints": print_variants(model, seed, args.per_model)})
    if args.never_drop:
        import never_drop_fixtures

        for index, (name, model) in enumerate(never_drop_fixtures.models()):
            entries.append({"source": f"never_drop_{name}", "seed": index,
                            "prints": print_variants(model, args.seed + index, args.never_drop)})
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump({"keras_version": keras.__version__, "seed": args.seed, "models": entries}, f,
                  ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    tables = sum(len(e["prints"]) for e in entries)
    print(f"prints.py: {tables} tables of {len(entries)} models (seed {args.seed})",
          file=sys.stderr)


if __name__ == "__main__":
    main()
