"""Prints real keras-hub image classifiers whose backbone is built from a public convolutional
preset's architecture (lib/hub/presets.json, each with its source), random weights, nothing
downloaded: the oracle of the reader's ResNetBackbone and DenseNetBackbone rows
(tests/hub_convnets_test.ts reads tests/fixtures/keras_hub_convnet_tables.json).

Run: KERAS_BACKEND=jax .venv/bin/python tools/keras_oracle/keras_hub_convnet_tables.py OUT.json
"""

import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
# Keras narrows a summary to the terminal; a wide one prints it at Keras's default width.
os.environ["COLUMNS"] = "200"
import keras  # noqa: E402
import keras_hub  # noqa: E402
import _hub_common as common  # noqa: E402

CASES = [
    ("resnet_50_imagenet", "ResNetImageClassifier", 10),
    ("resnet_vd_18_imagenet", "ResNetImageClassifier", 1000),
    ("densenet_121_imagenet", "DenseNetImageClassifier", 5),
]


def main():
    presets = common.presets()
    cases = []
    for name, task, classes in CASES:
        keras.utils.clear_session()
        preset = presets[name]
        backbone = getattr(keras_hub.models, preset["className"])(
            **common.preset_args(preset))
        model = getattr(keras_hub.models, task)(
            backbone=backbone, num_classes=classes, preprocessor=None)
        cases.append({
            "preset": name,
            "className": preset["className"],
            "task": task,
            "numClasses": classes,
            "backboneParams": int(backbone.count_params()),
            "params": int(model.count_params()),
            "summary": common.printed(model),
        })
    with open(sys.argv[1], "w") as f:
        json.dump({
            "about": "Real keras-hub " + keras_hub.__version__ + " with Keras " + keras.__version__
            + ": image classifiers (preprocessor=None) on backbones built from public "
            "convolutional presets' architectures, printed by model.summary().",
            "cases": cases,
        }, f, indent=1)
    print(len(cases), "tables")


if __name__ == "__main__":
    main()
