"""Prints real keras-hub summaries with a sequence-to-sequence backbone row (T5, BART, Whisper)
built from a public preset, as the oracle of the reader's two-output backbone rows
(lib/hub/read.ts, lib/read/_hub_row.ts): tests/fixtures/keras_hub_seq2seq_summaries.json.

A Seq2Seq backbone returns a dict of `encoder_sequence_output` and `decoder_sequence_output`, so
its row inside a model prints two output shapes. Each backbone is built from its preset's public
architecture arguments (lib/hub/presets.json, each with its source) with random weights: nothing
is downloaded. The smallest preset of each class is printed inside keras-hub's own task with
`preprocessor=None` where keras-hub has one (T5Seq2SeqLM, BartSeq2SeqLM), and inside a small
functional model (the backbone, then a Dense on the decoder's output) for all three. The counts
recorded are real Keras's `count_params()`.

Run: KERAS_BACKEND=jax .venv/bin/python tools/keras_oracle/keras_hub_seq2seq_summaries.py OUT.json
"""

import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
# Keras narrows a summary to the terminal; a wide one prints it at Keras's default width.
os.environ["COLUMNS"] = "200"
import keras  # noqa: E402
import keras_hub  # noqa: E402
import _hub_common as common  # noqa: E402

# The smallest modelled preset of each sequence-to-sequence class, and keras-hub's task for it.
PRESETS = {
    "t5_small_multi": "T5Seq2SeqLM",
    "bart_base_en": "BartSeq2SeqLM",
    "whisper_tiny_en": None,  # keras-hub has no Whisper task: printed in a functional model only
}


def functional(backbone):
    """The backbone's inputs, the backbone, a Dense(2) on the decoder's output."""
    inputs = {name: keras.Input(shape=t.shape[1:], dtype=t.dtype, name=name)
              for name, t in backbone.input.items()}
    outputs = backbone(inputs)
    logits = keras.layers.Dense(2, name="logits")(outputs["decoder_sequence_output"])
    return keras.Model(inputs, logits, name="seq2seq_head")


def main():
    presets = common.presets()
    cases = []
    for name, task_class in PRESETS.items():
        preset = presets[name]
        args = common.preset_args(preset)
        cls = preset["className"]
        for kind in ("functional", "task"):
            if kind == "task" and task_class is None:
                continue
            keras.utils.clear_session()
            backbone = getattr(keras_hub.models, cls)(**args)
            if kind == "functional":
                model = functional(backbone)
            else:
                model = getattr(keras_hub.models, task_class)(backbone, preprocessor=None)
            cases.append(common.summary_case(name, cls, kind, backbone, model))
            print(name, kind, model.count_params(), file=sys.stderr)
    common.write_summaries(sys.argv[1], "keras_hub_seq2seq_summaries.py", cases)


if __name__ == "__main__":
    main()
