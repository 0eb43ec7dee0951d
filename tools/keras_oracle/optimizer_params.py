"""Records the `Optimizer params` real Keras 3 prints after compiling and building a model, for
every optimizer trainingMemory() knows, on a few models whose weights have 1 to 4 axes.

    KERAS_BACKEND=jax .venv/bin/python tools/keras_oracle/optimizer_params.py OUT.json && deno fmt OUT.json

For tests/memory_test.ts: trainingMemory(model, { optimizer }).optimizerParams must equal it.
"""

import json
import os
import re
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
from keras import layers as L  # noqa: E402

OPTIMIZERS = {
    "sgd": lambda: keras.optimizers.SGD(),
    "sgd-momentum": lambda: keras.optimizers.SGD(momentum=0.9),
    "adam": lambda: keras.optimizers.Adam(),
    "adamw": lambda: keras.optimizers.AdamW(),
    "rmsprop": lambda: keras.optimizers.RMSprop(),
    "adagrad": lambda: keras.optimizers.Adagrad(),
    "adafactor": lambda: keras.optimizers.Adafactor(),
}

MODELS = {
    "seed000": lambda: keras.Sequential([
        keras.Input((400, 13)), L.LSTM(5, return_sequences=True), L.LSTM(5), L.Dense(650)]),
    "conv": lambda: keras.Sequential([
        keras.Input((16, 16, 3)), L.Conv2D(8, 3), L.BatchNormalization(), L.Flatten(), L.Dense(4)]),
    "frozen": lambda: keras.Sequential([
        keras.Input((13,)), L.Dense(5, trainable=False), L.Dense(3), L.Dense(2, use_bias=False)]),
    "conv3d_embedding": lambda: keras.Sequential([
        keras.Input((4, 4, 4, 2)), L.Conv3D(3, 2), L.Flatten(), L.Dense(1)]),
}


def optimizer_params(text: str) -> int:
    match = re.search(r"Optimizer params: ([\d,]+)", text)
    if not match:
        raise SystemExit(f"optimizer_params.py: no 'Optimizer params' line in:\n{text}")
    return int(match.group(1).replace(",", ""))


def main(out: str) -> None:
    records = []
    jsons = {}
    for model_name, build in MODELS.items():
        for name, make in OPTIMIZERS.items():
            keras.backend.clear_session()
            model = build()
            model.compile(optimizer=make(), loss="mse")
            model.optimizer.build(model.trainable_variables)
            lines: list[str] = []
            model.summary(print_fn=lambda text, line_break=True: lines.append(text))
            jsons[model_name] = json.loads(model.to_json())
            records.append({
                "model": model_name,
                "optimizer": name,
                "optimizer_params": optimizer_params("".join(lines)),
                "trainable_params": int(sum(v.numpy().size for v in model.trainable_variables)),
            })
            print(f"{model_name} {name}: {records[-1]['optimizer_params']}", file=sys.stderr)
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"keras_version": keras.__version__, "models": jsons, "records": records}, f,
                  separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
