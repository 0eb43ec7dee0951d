"""Writes tests/fixtures/keras_hub_config_omits.json: what real keras-hub's get_config() leaves
out, and what keras-hub builds again from the JSON it writes.

1. For every backbone class keras_hub_backbones.py builds (every class lib/hub models), the
   constructor arguments (`inspect.signature(cls.__init__)`) that the built backbone's
   `get_config()` does not hold, with their defaults.
2. For each class that leaves one out, a small backbone built with a value other than the
   default, serialized as keras-hub writes it (`keras.saving.serialize_keras_object`), with its
   count and the count of the model keras-hub builds again from that JSON; for Llama, its causal
   LM too (the task JSON nests the backbone's).

tests/hub_json_notes_test.ts reads it: lib/hub's declarations must list exactly these arguments,
and reading each JSON must build what keras-hub builds from it, saying so in words.

Run: KERAS_BACKEND=jax .venv/bin/python tools/keras_oracle/keras_hub_config_omits.py
"""

import inspect
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import random  # noqa: E402

import keras  # noqa: E402
import keras_hub  # noqa: E402
import keras_hub_backbones as backbones  # noqa: E402
import _hub_common as common  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))


def omitted(cls, instance):
    keys = set(instance.get_config())
    out = {}
    for p in inspect.signature(cls.__init__).parameters.values():
        if p.name == "self" or p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL):
            continue
        if p.name not in keys:
            out[p.name] = None if p.default is p.empty else p.default
    return out


def all_cases():
    yield from backbones.cases()
    yield from backbones.vision_cases()
    yield from backbones.seq2seq_cases(random.Random(5))
    yield from backbones.moe_cases()


def small(cls_name, arg, value):
    decoder = dict(vocabulary_size=11, num_layers=1, num_query_heads=2, hidden_dim=8,
                   intermediate_dim=6, num_key_value_heads=1)
    if cls_name in ("LlamaBackbone", "Llama3Backbone"):
        return decoder
    if cls_name == "MixtralBackbone":
        return dict(decoder, num_experts=2, top_k=1)
    if cls_name == "QwenMoeBackbone":
        return dict(decoder, moe_intermediate_dim=4, shared_expert_intermediate_dim=6,
                    num_experts=2, top_k=1)
    return None


OTHER = {"tie_word_embeddings": True, "output_router_logits": True,
         "router_aux_loss_coefficient": 0.01}


def main():
    omits = {}
    for cls_name, cfg in all_cases():
        if cls_name in omits:
            continue  # one backbone of each class is enough: get_config() is the class's
        cls = getattr(keras_hub.models, cls_name)
        built = common.build(cls_name, cfg)
        found = omitted(cls, built)
        # CLIP and SigLIP: their nested encoders' own get_config().
        for attr in ("vision_encoder", "text_encoder"):
            nested = getattr(built, attr, None)
            if nested is not None:
                omits[type(nested).__name__] = {
                    **omits.get(type(nested).__name__, {}), **omitted(type(nested), nested)}
        omits[cls_name] = found
        keras.utils.clear_session()
    cases = []
    for cls_name, found in sorted(omits.items()):
        for arg in found:
            cfg = small(cls_name, arg, OTHER.get(arg))
            if cfg is None or arg not in OTHER:
                continue
            keras.utils.clear_session()
            args = dict(cfg, **{arg: OTHER[arg]})
            backbone = getattr(keras_hub.models, cls_name)(**args)
            serialized = keras.saving.serialize_keras_object(backbone)
            rebuilt = keras.saving.deserialize_keras_object(json.loads(json.dumps(serialized)))
            case = {"class": cls_name, "omitted": arg, "args": args,
                    "params": int(backbone.count_params()),
                    "json_params": int(rebuilt.count_params()), "json": serialized}
            if cls_name in ("LlamaBackbone", "Llama3Backbone"):
                task = getattr(keras_hub.models, cls_name.replace("Backbone", "CausalLM"))(
                    backbone=backbone, preprocessor=None)
                task_json = keras.saving.serialize_keras_object(task)
                task_rebuilt = keras.saving.deserialize_keras_object(
                    json.loads(json.dumps(task_json)))
                case["task"] = {"params": int(task.count_params()),
                                "json_params": int(task_rebuilt.count_params()),
                                "json": task_json}
            cases.append(case)
    # The committed fixture, or another file (CI writes it again and compares).
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        ROOT, "tests", "fixtures", "keras_hub_config_omits.json")
    with open(out, "w") as f:
        json.dump({
            "about": "Real keras-hub " + keras_hub.__version__ + " with Keras " + keras.__version__
            + ": each modelled backbone class's constructor arguments its get_config() leaves "
            "out (with their defaults), and JSON keras-hub wrote for a backbone built with "
            "another value, with the count keras-hub builds again from it. Written by "
            "tools/keras_oracle/keras_hub_config_omits.py.",
            "omits": omits,
            "cases": cases,
        }, f, indent=1, default=str)
        f.write("\n")
    print({k: v for k, v in omits.items() if v})
    print(len(omits), "classes,", len(cases), "JSON cases")


if __name__ == "__main__":
    main()
