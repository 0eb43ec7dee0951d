"""Tables real Keras 3 prints of models with LoRA (Dense, EinsumDense, Embedding), as the oracle
of tests/read_lora_test.ts: `enable_lora(rank)` or `lora_rank=` adds two trainable factors A
(kernel rows x rank) and B (rank x kernel columns) and freezes the kernel, and Keras prints the
whole count in the layer's row (keras/src/layers/core/{dense,einsum_dense,embedding}.py).

Each model is printed at fixed widths with and without `show_trainable`, and in a few random
ways (tools/keras_oracle/prints.py: widths, expand_nested, frozen layers, an optimizer), each
table with what Keras knows of every row (prints.expected_rows), in the record format
tools/keras_oracle/prints_check.ts reads. keras-hub's BERT and GPT-2 backbones of small random
configurations, with `backbone.enable_lora(4)`, are printed inside a functional model too.

    KERAS_BACKEND=jax .venv/bin/python tools/keras_oracle/lora_prints.py \
        tests/fixtures/keras3_lora_prints.json
"""

from __future__ import annotations

import json
import os
import sys

os.environ.pop("COLUMNS", None)
os.environ.setdefault("KERAS_BACKEND", "jax")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import keras  # noqa: E402
from keras import layers as L  # noqa: E402

import prints  # noqa: E402


def functional_mixed():
    """Dense(5, lora_rank=2) on 13 features (106: 65 frozen, 41 trainable), an EinsumDense
    given enable_lora(3) after building, and an Embedding(50, 8) given enable_lora(4) (632)."""
    inp = keras.Input((7, 13), name="features")
    tok = keras.Input((6,), dtype="int32", name="tokens")
    x = L.Dense(5, lora_rank=2, name="d1")(inp)
    y = L.EinsumDense("abc,cd->abd", output_shape=(None, 8), bias_axes="d", name="e1")(x)
    z = L.Embedding(50, 8, name="emb")(tok)
    model = keras.Model([inp, tok], [y, z], name="lora_mixed")
    model.get_layer("e1").enable_lora(3)
    model.get_layer("emb").enable_lora(4)
    return model


def sequential_dense():
    """A Sequential of Dense layers, LoRA on some: the first one's input is printed nowhere
    (Keras 3 prints no InputLayer row for a Sequential)."""
    model = keras.Sequential([
        keras.Input((20,)),
        L.Dense(16, lora_rank=4, name="first"),
        L.Dense(12, activation="relu", name="plain"),
        L.Dense(8, use_bias=False, lora_rank=3, name="no_bias"),
        L.Dense(3, lora_rank=1, name="head"),
    ], name="lora_sequential")
    return model


def sequential_plain_first():
    """The first Dense has no LoRA; the second (on its known output) has LoRA of rank 8."""
    return keras.Sequential([
        keras.Input((10,)),
        L.Dense(32, name="hidden"),
        L.Dense(4, lora_rank=8, name="out"),
    ], name="lora_second")


def embedding_not_divisible():
    """Embedding(31, 6) with LoRA of rank 2: 186 + 2 x 37 = 260, which no Embedding of
    6 columns gives (260 / 6 is not whole); then Dense(2, lora_rank=1) on its 6 columns."""
    tok = keras.Input((9,), dtype="int32")
    x = L.Embedding(31, 6, lora_rank=2, name="tokens")(tok)
    x = L.Dense(2, lora_rank=1, name="proj")(x)
    return keras.Model(tok, x, name="lora_embedding")


def hub_backbones():
    """keras-hub's BERT-tiny and GPT-2 small (their presets' public architecture arguments, as
    lib/hub/presets.json holds them; random weights, nothing downloaded) and a GPT-2 of a small
    random configuration, each with `backbone.enable_lora(4)`. Built in a stateless scope: no
    weight is allocated."""
    import keras_hub
    from keras.src.backend.common.stateless_scope import StatelessScope

    found = []
    with StatelessScope(initialize_variables=False):
        bert = keras_hub.models.BertBackbone(vocabulary_size=30522, num_layers=2, num_heads=2,
                                             hidden_dim=128, intermediate_dim=512,
                                             max_sequence_length=512)
        bert.enable_lora(4)
        found.append(("bert_tiny_lora", bert))
        gpt2 = keras_hub.models.GPT2Backbone(vocabulary_size=50257, num_layers=12, num_heads=12,
                                             hidden_dim=768, intermediate_dim=3072,
                                             max_sequence_length=1024)
        gpt2.enable_lora(4)
        found.append(("gpt2_base_lora", gpt2))
        small = keras_hub.models.GPT2Backbone(vocabulary_size=40, num_layers=2, num_heads=2,
                                              hidden_dim=8, intermediate_dim=16,
                                              max_sequence_length=12)
        small.enable_lora(4)
        found.append(("gpt2_random_lora", small))
    return found


def einsum_sum_weight():
    """EinsumDense("ab,z->az"): one weight per unit on the sum of the 224 features, 5 + 5 with
    its bias, and with LoRA of rank 183 (factors of 183 and 183 x 5) 1,108; then on its 5
    outputs, without a bias and with rank 6, 3 + 6 x (1 + 3) = 27. No projection of the
    features (224 x 5 = 1,120 weights; 5 x 3 = 15, with a bias 18, each rank 8 more) gives
    either, with any rank."""
    inp = keras.Input((224,), name="features")
    x = L.EinsumDense("ab,z->az", output_shape=5, bias_axes="z", lora_rank=183, name="summed")(inp)
    x = L.EinsumDense("ab,z->az", output_shape=3, lora_rank=6, name="summed_again")(x)
    return keras.Model(inp, x, name="lora_sum_weight")


FIXED = [(120, False), (160, True), (88, True)]


def fixed_prints(model):
    tables = []
    for variant, (line_length, show_trainable) in enumerate(FIXED):
        table = prints.summary_text(model, line_length + 10, line_length=line_length,
                                show_trainable=show_trainable)
        tables.append({
            "variant": variant,
            "per_model": len(FIXED),
            "options": {"line_length": line_length, "show_trainable": show_trainable,
                        "expand_nested": False, "columns": line_length + 10, "frozen": [],
                        "optimizer": None, "nested_in": None},
            "table": table,
            "rows": prints.expected_rows(model, False),
            "totals": {"trainable": prints.size(model.trainable_weights),
                       "non_trainable": prints.size(model.non_trainable_weights),
                       "optimizer": None,
                       "total": prints.size(model.weights)},
        })
    return tables


def main(path):
    entries = []
    builders = [functional_mixed, sequential_dense, sequential_plain_first,
                embedding_not_divisible, einsum_sum_weight]
    for seed, build in enumerate(builders):
        keras.backend.clear_session()
        model = build()
        entries.append({"source": f"lora_{build.__name__}", "seed": seed,
                        "about": build.__doc__.strip(), "prints": fixed_prints(model)})
        # Random widths, frozen layers, an optimizer: printed last, as compiling sticks.
        entries[-1]["prints"] += [dict(p, variant=p["variant"] + len(FIXED))
                                  for p in prints.print_variants(model, 1000 + seed, 3, narrow=False)]
    from keras.src.backend.common.stateless_scope import StatelessScope

    for seed, (name, backbone) in enumerate(hub_backbones(), start=len(builders)):
        with StatelessScope(initialize_variables=False):
            inputs = {k: keras.Input(v.shape[1:], dtype=v.dtype, name=k)
                      for k, v in zip(backbone.input.keys(), backbone.inputs)}
            outputs = backbone(inputs)
            seq = outputs["sequence_output"] if isinstance(outputs, dict) else outputs
            model = keras.Model(inputs, L.Dense(3, name="classifier")(seq[:, 0, :]), name=name)
        entries.append({"source": f"lora_{name}", "seed": seed,
                        "about": f"keras-hub {name}: a small random configuration with "
                                 f"enable_lora(4), inside a functional model",
                        "backbone_params": int(backbone.count_params()),
                        "prints": fixed_prints(model)})
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"keras_version": keras.__version__, "models": entries}, f,
                  ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"{path}: {sum(len(e['prints']) for e in entries)} tables of {len(entries)} models",
          file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
