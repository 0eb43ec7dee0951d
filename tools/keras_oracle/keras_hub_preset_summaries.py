"""Prints real keras-hub summaries with a backbone row built from a public preset, as the oracle
of the reader's backbone rows (lib/read/_hub_row.ts): tests/fixtures/keras_hub_preset_summaries.json.

Each backbone is built from its preset's public architecture arguments (lib/hub/presets.json,
each with its source) with random weights: nothing is downloaded. It is printed twice: inside a
small functional classifier (the backbone, then a Dense on its first token), and inside
keras-hub's own task with `preprocessor=None` (the text classifier; GPT-2's causal language
model), as tutorials print them. One configuration that is no preset is printed too: its row fits
none. The counts recorded are real Keras's `count_params()`.

Run: KERAS_BACKEND=jax .venv/bin/python tools/keras_oracle/keras_hub_preset_summaries.py OUT.json
"""

import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
# Keras narrows a summary to the terminal; a wide one prints it at Keras's default width.
os.environ["COLUMNS"] = "200"
import keras  # noqa: E402
import keras_hub  # noqa: E402
import _hub_common as common  # noqa: E402

PRESETS = ["bert_tiny_en_uncased", "bert_base_en_uncased", "gpt2_base_en", "roberta_base_en"]
CLASSIFIERS = {
    "BertBackbone": "BertTextClassifier",
    "RobertaBackbone": "RobertaTextClassifier",
    "GPT2Backbone": "GPT2CausalLM",  # keras-hub has no GPT-2 classifier: its language model
}
# A configuration no preset has: its row must fit none, and say so.
NOT_A_PRESET = {
    "name": "bert_not_a_preset",
    "className": "BertBackbone",
    "args": {"vocabularySize": 1000, "numLayers": 2, "numHeads": 2, "hiddenDim": 64,
             "intermediateDim": 128, "maxSequenceLength": 128},
}


def functional(backbone):
    """The backbone's inputs, the backbone, a Dense(2) on the first token's hidden state."""
    inputs = {name: keras.Input(shape=(None,), dtype="int32", name=name)
              for name in backbone.input}
    outputs = backbone(inputs)
    hidden = outputs["sequence_output"] if isinstance(outputs, dict) else outputs
    first = keras.layers.Lambda(lambda x: x[:, 0, :], name="first_token")(hidden)
    logits = keras.layers.Dense(2, name="logits")(first)
    return keras.Model(inputs, logits, name="classifier")


def main():
    presets = common.presets()
    presets[NOT_A_PRESET["name"]] = NOT_A_PRESET
    cases = []
    for name in PRESETS + [NOT_A_PRESET["name"]]:
        preset = presets[name]
        args = common.preset_args(preset)
        cls = preset["className"]
        for kind in ("functional", "task"):
            keras.utils.clear_session()
            backbone = getattr(keras_hub.models, cls)(**args)
            if kind == "functional":
                model = functional(backbone)
            else:
                task = getattr(keras_hub.models, CLASSIFIERS[cls])
                if CLASSIFIERS[cls].endswith("CausalLM"):
                    model = task(backbone, preprocessor=None)
                else:
                    model = task(backbone, num_classes=2, preprocessor=None)
            cases.append(common.summary_case(name, cls, kind, backbone, model))
            print(name, kind, model.count_params(), file=sys.stderr)
    common.write_summaries(sys.argv[1], "keras_hub_preset_summaries.py", cases)


if __name__ == "__main__":
    main()
