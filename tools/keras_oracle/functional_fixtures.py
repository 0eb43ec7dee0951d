"""Writes the functional-model fixtures of tests/functional_test.ts with real Keras 3.

Each fixture is a small graph built in Keras 3 (KERAS_BACKEND=jax), saved with what Keras says
of it: model.to_json(), each layer's count and output shape, the totals, and the summary text at
the default width (76 columns without a terminal) and at line_length=88.

    KERAS_BACKEND=jax .venv/bin/python tools/keras_oracle/functional_fixtures.py tests/fixtures/keras3_functional
"""

import json
import os
import sys

import keras
from keras import layers
from prints import size, summary_text


def shape_of(layer):
    node = layer._inbound_nodes[-1]
    shapes = [list(t.shape) for t in node.output_tensors]
    return shapes[0] if len(shapes) == 1 else shapes


def record(model):
    return {
        "keras_version": keras.__version__,
        "json": json.loads(model.to_json()),
        "layers": [
            {
                "name": layer.name,
                "class_name": layer.__class__.__name__,
                "params": int(layer.count_params()),
                "output_shape": shape_of(layer),
            }
            for layer in model.layers
        ],
        "total": int(model.count_params()),
        "trainable": size(model.trainable_weights),
        "non_trainable": size(model.non_trainable_weights),
        "summary": summary_text(model),
        "summary_88": summary_text(model, line_length=88),
    }


def two_inputs_shared():
    a = keras.Input((32,), name="a")
    b = keras.Input((16,))
    x = layers.Dense(8)(a)
    y = layers.Dense(8)(b)
    shared = layers.Dense(8, name="shared")
    m = layers.Add()([shared(x), shared(y)])
    c = layers.Concatenate()([m, x])
    return keras.Model([a, b], layers.Dense(1)(c))


def residual_block():
    x = keras.Input((32, 32, 16))
    y = layers.Conv2D(16, 3, padding="same")(x)
    y = layers.BatchNormalization()(y)
    y = layers.Activation("relu")(y)
    y = layers.Conv2D(16, 3, padding="same")(y)
    out = layers.Add()([x, y])
    out = layers.GlobalAveragePooling2D()(out)
    return keras.Model(x, layers.Dense(10, activation="softmax")(out), name="residual")


def shared_embedding():
    q1 = keras.Input((40,), name="q1")
    q2 = keras.Input((40,), name="q2")
    embed = layers.Embedding(1000, 64, name="shared_embedding")
    lstm = layers.LSTM(32)
    merged = layers.Concatenate()([lstm(embed(q1)), lstm(embed(q2))])
    return keras.Model([q1, q2], layers.Dense(1, activation="sigmoid")(merged), name="siamese")


def nested_models():
    block = keras.Sequential([layers.Dense(8, activation="relu"), layers.Dense(4)], name="block")
    x = keras.Input((16,))
    inner_in = keras.Input((4,))
    head = keras.Model(inner_in, layers.Dense(2)(inner_in), name="head")
    out = layers.Add()([head(block(x)), head(layers.Dense(4)(x))])
    return keras.Model(x, out, name="outer")


def multi_output():
    x = keras.Input((10, 8))
    h = layers.LSTM(16, return_sequences=True)(x)
    seq = layers.TimeDistributed(layers.Dense(3), name="per_step")(h)
    last = layers.GRU(4)(h)
    dot = layers.Dot(axes=(2, 2))([h, h])
    return keras.Model(x, [seq, last, layers.Flatten()(dot)], name="three_heads")


def plain_stack():
    x = keras.Input((400, 13))
    y = layers.LSTM(5, return_sequences=True)(x)
    y = layers.LSTM(5, return_sequences=True)(y)
    return keras.Model(x, layers.TimeDistributed(layers.Dense(650))(y), name="stack")


def frozen_wrapper():
    x = keras.Input((5, 3))
    y = layers.Bidirectional(layers.LSTM(4, return_sequences=True), trainable=False)(x)
    z = layers.TimeDistributed(layers.Dense(2))(y)
    return keras.Model(x, layers.Dense(3, trainable=False)(z), name="frozen")


BUILDERS = [
    two_inputs_shared,
    residual_block,
    shared_embedding,
    nested_models,
    multi_output,
    plain_stack,
    frozen_wrapper,
]


def summary_options():
    """Keras's summary options on a graph with a nested, partly frozen Sequential."""
    block = keras.Sequential(
        [layers.Dense(8), layers.Dense(4, trainable=False)], name="block"
    )
    x = keras.Input((16,))
    z = layers.Dropout(0.5)(block(x))
    model = keras.Model(x, layers.Add()([z, layers.Dense(4)(x)]), name="outer")
    return {
        "json": json.loads(model.to_json()),
        "show_trainable": summary_text(model, show_trainable=True),
        "expand_nested": summary_text(model, expand_nested=True),
        "layer_range": summary_text(model, layer_range=["block", "dropout"]),
        "both": summary_text(model, expand_nested=True, show_trainable=True),
    }


def main(folder):
    os.makedirs(folder, exist_ok=True)
    keras.backend.clear_session()
    with open(os.path.join(folder, "..", "keras3_summary_options.json"), "w") as f:
        json.dump(summary_options(), f, indent=1)
        f.write("\n")
    for build in BUILDERS:
        keras.backend.clear_session()
        with open(os.path.join(folder, f"{build.__name__}.json"), "w") as f:
            json.dump(record(build()), f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
