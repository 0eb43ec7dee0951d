"""Writes what real Keras 3 says of every keras.applications model it builds.

For each model (weights=None; a few also with include_top=False): model.to_json(), each layer's
count and output shape, the totals, and the summary text at the default width (76 columns
without a terminal) and at line_length=88, gzipped, one file per model.

    KERAS_BACKEND=jax .venv/bin/python tools/keras_oracle/applications.py OUT_DIR [NAME ...]
    KERAS_BACKEND=jax .venv/bin/python tools/keras_oracle/applications.py --variants OUT_DIR [FILE ...]

`--variants` writes the models learners build for transfer learning instead (no top, pooling,
their own input size, `alpha`, ImageNet weights), one `NAME__variant.json.gz` each, with the
keyword arguments in "args" so tests/applications_builders_test.ts can call our builder the
same way. ImageNet weights change what Keras builds (EfficientNet's extra Rescaling, MobileNet's
name, which arguments are allowed), so those variants are built with weights="imagenet" and the
download and loading of the weights switched off: the architecture is Keras's own, the values
are never read.

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


# (name, variant, keyword arguments): what the variant fixtures are built with.
VARIANTS = [
    ("EfficientNetB0", "notop_imagenet_224", dict(include_top=False, weights="imagenet", input_shape=(224, 224, 3))),
    ("EfficientNetB0", "notop_imagenet_avg", dict(include_top=False, weights="imagenet", pooling="avg")),
    ("EfficientNetB2", "imagenet", dict(weights="imagenet")),
    ("EfficientNetB3", "notop_max", dict(include_top=False, weights=None, pooling="max")),
    ("EfficientNetB1", "notop_101x99", dict(include_top=False, weights=None, input_shape=(101, 99, 3))),
    ("Xception", "notop_160", dict(include_top=False, weights=None, input_shape=(160, 160, 3))),
    ("Xception", "notop_imagenet_71_max", dict(include_top=False, weights="imagenet", input_shape=(71, 71, 3), pooling="max")),
    ("ResNet50", "notop_imagenet_160_avg", dict(include_top=False, weights="imagenet", input_shape=(160, 160, 3), pooling="avg")),
    ("ResNet50V2", "notop_imagenet_avg", dict(include_top=False, weights="imagenet", pooling="avg")),
    ("ResNet101", "classes10_64_logits", dict(weights=None, classes=10, classifier_activation=None, input_shape=(64, 64, 3))),
    ("ResNet152V2", "notop_200x300", dict(include_top=False, weights=None, input_shape=(200, 300, 3))),
    ("MobileNetV2", "notop_imagenet_160_alpha035", dict(include_top=False, weights="imagenet", input_shape=(160, 160, 3), alpha=0.35)),
    ("MobileNetV2", "notop_imagenet", dict(include_top=False, weights="imagenet")),
    ("MobileNetV2", "alpha13", dict(weights=None, alpha=1.3)),
    ("MobileNetV2", "notop_97x131", dict(include_top=False, weights=None, input_shape=(97, 131, 3))),
    ("MobileNet", "notop_128_alpha05_depth2_max", dict(include_top=False, weights=None, input_shape=(128, 128, 3), alpha=0.5, depth_multiplier=2, pooling="max")),
    ("MobileNet", "notop_imagenet", dict(include_top=False, weights="imagenet")),
    ("MobileNet", "classes5_160_alpha075_sigmoid", dict(weights=None, alpha=0.75, classes=5, input_shape=(160, 160, 3), classifier_activation="sigmoid")),
    ("DenseNet121", "notop_96x128_max", dict(include_top=False, weights=None, input_shape=(96, 128, 3), pooling="max")),
    ("DenseNet169", "notop_imagenet_avg", dict(include_top=False, weights="imagenet", pooling="avg")),
    ("InceptionV3", "notop_75", dict(include_top=False, weights=None, input_shape=(75, 75, 3))),
    ("InceptionV3", "notop_imagenet_avg", dict(include_top=False, weights="imagenet", pooling="avg")),
    ("VGG19", "notop_imagenet_avg", dict(include_top=False, weights="imagenet", pooling="avg")),
    ("VGG16", "classes2_64", dict(weights=None, classes=2, input_shape=(64, 64, 3))),
]


def without_weight_files():
    """Lets Keras build with weights="imagenet" without downloading or loading them."""
    from keras.src.utils import file_utils

    file_utils.get_file = lambda *args, **kwargs: "imagenet-weights-not-loaded"
    keras.Model.load_weights = lambda self, *args, **kwargs: None


def main_variants(folder, files):
    os.makedirs(folder, exist_ok=True)
    without_weight_files()
    for name, variant, kwargs in VARIANTS:
        file = f"{name}__{variant}.json.gz"
        if files and file not in files:
            continue
        keras.backend.clear_session()
        model = getattr(keras.applications, name)(**kwargs)
        data = record(model)
        data["application"] = name
        data["include_top"] = kwargs.get("include_top", True)
        data["args"] = {k: list(v) if isinstance(v, tuple) else v for k, v in kwargs.items()}
        with gzip.open(os.path.join(folder, file), "wt") as f:
            json.dump(data, f)
        print(f"{file}: {data['total']:,} parameters", flush=True)


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
    if sys.argv[1] == "--variants":
        main_variants(sys.argv[2], sys.argv[3:])
    else:
        main(sys.argv[1], sys.argv[2:] or APPLICATIONS)
