"""Writes what real Keras 3 says of every keras.applications model it builds.

For each model (weights=None; a few also with include_top=False): model.to_json(), each layer's
count and output shape, the totals, and the summary text at the default width (76 columns
without a terminal) and at line_length=88, gzipped, one file per model.

    KERAS_BACKEND=jax .venv/bin/python tools/keras_oracle/applications.py OUT_DIR [NAME ...]

The generation takes a few minutes; tests/applications_test.ts compares the committed set, and
`deno task oracle` regenerates it with the installed Keras and compares again.
"""

import gzip
import json
import os
import sys
import time

import keras

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from functional_fixtures import record  # noqa: E402

# Every application keras 3.15.1 exports; the ones marked False are built without their top too.
APPLICATIONS = [
    "ConvNeXtTiny", "ConvNeXtSmall", "ConvNeXtBase", "ConvNeXtLarge", "ConvNeXtXLarge",
    "DenseNet121", "DenseNet169", "DenseNet201",
    "EfficientNetB0", "EfficientNetB1", "EfficientNetB2", "EfficientNetB3",
    "EfficientNetB4", "EfficientNetB5", "EfficientNetB6", "EfficientNetB7",
    "EfficientNetV2B0", "EfficientNetV2B1", "EfficientNetV2B2", "EfficientNetV2B3",
    "EfficientNetV2S", "EfficientNetV2M", "EfficientNetV2L",
    "InceptionResNetV2", "InceptionV3",
    "MobileNet", "MobileNetV2", "MobileNetV3Small", "MobileNetV3Large",
    "NASNetMobile", "NASNetLarge",
    "ResNet50", "ResNet101", "ResNet152", "ResNet50V2", "ResNet101V2", "ResNet152V2",
    "VGG16", "VGG19", "Xception",
]
WITHOUT_TOP = ["ResNet50", "MobileNetV2", "EfficientNetB0", "VGG16"]


def build(name, include_top):
    keras.backend.clear_session()
    return getattr(keras.applications, name)(weights=None, include_top=include_top)


def main(folder, names):
    os.makedirs(folder, exist_ok=True)
    jobs = [(n, True) for n in names] + [(n, False) for n in WITHOUT_TOP if n in names]
    for name, top in jobs:
        start = time.time()
        try:
            model = build(name, top)
        except Exception as error:  # an application this Keras cannot build is reported, not hidden
            print(f"{name}: not built: {error}", flush=True)
            continue
        data = record(model)
        data["application"] = name
        data["include_top"] = top
        file = f"{name}{'' if top else '_notop'}.json.gz"
        with gzip.open(os.path.join(folder, file), "wt") as f:
            json.dump(data, f)
        print(f"{file}: {data['total']:,} parameters, {time.time() - start:.1f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:] or APPLICATIONS)
