"""Records keras-hub's `TransformerEncoder(...)(x, return_attention_scores=True)` with real
Keras 3 + keras-hub, as the oracle of tests/keras_hub_attention_scores_test.ts.

keras-hub 0.32's TransformerEncoder.call takes `return_attention_scores` (TransformerDecoder's
call does not): called eagerly it returns `(outputs, attention_scores)`, the scores shaped
(batch, num_heads, sequence, sequence). Called on a symbolic tensor (a Functional model, which is
what paramlab builds and what Keras's JSON holds), it returns ONE tensor, shaped as the input:
the layer's `compute_output_shape` returns the input's shape, so Keras's symbolic call never sees
the scores. The JSON keeps `return_attention_scores: true` in the inbound node's kwargs. For each
model: the JSON, the count, the symbolic outputs' shapes, the eager outputs' shapes, the summary.

    KERAS_BACKEND=jax .venv/bin/python tools/keras_oracle/keras_hub_attention_scores.py \
        tests/fixtures/keras_hub_attention_scores.json
"""

import io
import json
import os
import sys

os.environ.pop("COLUMNS", None)
os.environ.setdefault("KERAS_BACKEND", "jax")

import numpy as np  # noqa: E402
import keras  # noqa: E402
import keras_hub  # noqa: E402


def summary_text(model):
    buf = io.StringIO()
    os.environ["COLUMNS"] = "130"
    try:
        model.summary(print_fn=lambda s, line_break=True: buf.write(s), line_length=120)
    finally:
        os.environ.pop("COLUMNS", None)
    return buf.getvalue()


def case(name, hidden, sequence, intermediate, heads, normalize_first, mask):
    keras.backend.clear_session()
    x = keras.Input((sequence, hidden), name="tokens")
    inputs = [x]
    kwargs = {}
    if mask:
        m = keras.Input((sequence,), dtype="int32", name="padding_mask")
        inputs.append(m)
        kwargs["padding_mask"] = m
    encoder = keras_hub.layers.TransformerEncoder(
        intermediate, num_heads=heads, normalize_first=normalize_first, name="encoder")
    symbolic = encoder(x, return_attention_scores=True, **kwargs)
    symbolic_shapes = [list(t.shape) for t in keras.tree.flatten(symbolic)]
    model = keras.Model(inputs, symbolic, name=name)
    batch = 2
    concrete = [np.zeros((batch, sequence or 5, hidden), "float32")]
    eager_kwargs = {}
    if mask:
        eager_kwargs["padding_mask"] = np.ones((batch, sequence or 5), "int32")
    eager = encoder(concrete[0], return_attention_scores=True, **eager_kwargs)
    return {
        "name": name,
        "about": f"keras-hub TransformerEncoder({intermediate}, num_heads={heads}, "
                 f"normalize_first={normalize_first}) called on (None, {sequence}, {hidden})"
                 f"{' with padding_mask' if mask else ''} and return_attention_scores=True",
        "json": json.loads(model.to_json()),
        "total": int(model.count_params()),
        "encoder_params": int(encoder.count_params()),
        "symbolic_output_shapes": symbolic_shapes,
        "eager_batch": batch,
        "eager_output_shapes": [list(t.shape) for t in eager],
        "summary_120": summary_text(model),
    }


def main(path):
    cases = [
        case("scores_masked", 16, 7, 32, 4, False, True),
        case("scores_first", 24, None, 40, 2, True, False),
        case("scores_one_head", 8, 5, 8, 1, False, False),
    ]
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"keras_version": keras.__version__,
                   "keras_hub_version": keras_hub.__version__,
                   "cases": cases}, f, indent=1)
        f.write("\n")
    print(f"{path}: {len(cases)} cases", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
