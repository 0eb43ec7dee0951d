"""Records real keras-hub task models (CausalLM, TextClassifier, MaskedLM) built with
`preprocessor=None` on small random backbones, as the oracle of tests/hub_tasks_test.ts.

The backbones are those of keras_hub_backbones.py (same seed, same configurations); each
backbone class gets every task keras-hub defines for it, with random task arguments
(`num_classes`, a classifier's `hidden_dim`), some with the backbone's LoRA enabled. For each:
every top-level layer's name, class, count and weights (path, shape, trainable), the total, the
trainable split, the printed summary and the Keras JSON keras-hub writes (its nested backbone).

Run: KERAS_BACKEND=jax .venv/bin/python tools/keras_oracle/keras_hub_tasks.py OUT.json [SEED]
(the committed tests/fixtures/keras_hub_tasks.json is seed 19, then `deno fmt`; CI runs a fresh
seed and the test reads it through PARAMLAB_KERAS_HUB_TASKS_ORACLE)
"""

import json
import os
import random
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import keras  # noqa: E402
import keras_hub  # noqa: E402
import keras_hub_backbones as backbones  # noqa: E402  (reads the same SEED from sys.argv)
import _hub_common as common  # noqa: E402

rng = random.Random(backbones.SEED + 1)
TASKS = ("CausalLM", "TextClassifier", "MaskedLM")


def task_args(task_class):
    args = {}
    if task_class.endswith("TextClassifier"):
        args["num_classes"] = rng.randint(2, 7)
        if task_class in ("RobertaTextClassifier", "XLMRobertaTextClassifier",
                          "DistilBertTextClassifier") and rng.random() < 0.5:
            args["hidden_dim"] = rng.randint(3, 24)
    return args


def record(backbone_class, cfg, task_class, args, lora=None):
    keras.utils.clear_session()
    backbone = getattr(keras_hub.models, backbone_class)(**cfg)
    task = getattr(keras_hub.models, task_class)(backbone=backbone, preprocessor=None, **args)
    if lora:
        task.backbone.enable_lora(lora)
    layers = [common.layer_record(layer, layer is not task.backbone) for layer in task.layers]
    summary = common.summary_at_120(task)
    serialized = keras.saving.serialize_keras_object(task)
    serialized.pop("compile_config", None)
    # What keras-hub builds again from that JSON: its get_config can leave an argument out
    # (LlamaBackbone's tie_word_embeddings), and a reader of the JSON can only build that.
    rebuilt = keras.saving.deserialize_keras_object(json.loads(json.dumps(serialized)))
    return {
        "json_params": int(rebuilt.count_params()),
        "json_trainable": common.trainable_count(rebuilt),
        "class": task_class,
        "backbone_class": backbone_class,
        "backbone_config": cfg,
        "args": args,
        "lora_rank": lora,
        "name": task.name,
        "params": int(task.count_params()),
        "trainable": common.trainable_count(task),
        "layers": layers,
        "summary": summary,
        "json": serialized,
    }


def main():
    tasks = []
    for backbone_class, cfg in backbones.cases():
        base = backbone_class[: -len("Backbone")]
        for kind in TASKS:
            task_class = base + kind
            if not hasattr(keras_hub.models, task_class):
                continue
            lora = rng.choice([None, None, 1, 2])
            tasks.append(record(backbone_class, cfg, task_class, task_args(task_class), lora))
    out = {
        "about": "Real keras-hub " + keras_hub.__version__ + " with Keras " + keras.__version__
        + ": task models with preprocessor=None on small random backbones (weights, per-layer "
        "counts, summary, Keras JSON), written by tools/keras_oracle/keras_hub_tasks.py",
        "keras_hub": keras_hub.__version__,
        "keras": keras.__version__,
        "seed": backbones.SEED,
        "tasks": tasks,
    }
    with open(sys.argv[1], "w") as f:
        json.dump(out, f, indent=1)
    print(f"keras-hub task oracle: {len(tasks)} tasks, seed {backbones.SEED}, written to {sys.argv[1]}")


if __name__ == "__main__":
    main()
