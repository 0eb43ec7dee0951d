"""Records real keras-hub backbones' Keras JSON (`model.to_json()`) with their counts, as the
oracle of lib/hub/json.ts: tests/fixtures/keras_hub_json.json.

Run: KERAS_BACKEND=jax .venv/bin/python tools/keras_oracle/keras_hub_json.py OUT.json
"""

import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import keras_hub  # noqa: E402
import _hub_common as common  # noqa: E402

CASES = [
    ("BertBackbone", dict(vocabulary_size=120, num_layers=2, num_heads=2, hidden_dim=16,
                          intermediate_dim=24, max_sequence_length=32)),
    ("Llama3Backbone", dict(vocabulary_size=90, num_layers=2, num_query_heads=4,
                            num_key_value_heads=2, hidden_dim=16, intermediate_dim=20)),
    ("GemmaBackbone", dict(vocabulary_size=70, num_layers=1, num_query_heads=2,
                           num_key_value_heads=1, hidden_dim=8, intermediate_dim=16, head_dim=4)),
    ("ViTBackbone", dict(image_shape=(8, 8, 3), patch_size=4, num_layers=2, num_heads=2,
                         hidden_dim=8, mlp_dim=12)),
    ("DINOV2Backbone", dict(patch_size=2, num_layers=1, hidden_dim=8, num_heads=2,
                            intermediate_dim=12, num_register_tokens=1, image_shape=(6, 6, 3),
                            position_embedding_shape=(8, 8))),
    ("CLIPBackbone", dict(
        vision_encoder=dict(patch_size=4, hidden_dim=8, num_layers=1, num_heads=2,
                            intermediate_dim=12, image_shape=(8, 8, 3)),
        text_encoder=dict(vocabulary_size=30, embedding_dim=8, hidden_dim=8, num_layers=1,
                          num_heads=2, intermediate_dim=12, max_sequence_length=6),
        projection_dim=4,
    )),
    ("T5Backbone", dict(vocabulary_size=60, num_layers=2, num_heads=2, hidden_dim=8,
                        intermediate_dim=12, tie_embedding_weights=False)),
    ("WhisperBackbone", dict(vocabulary_size=50, num_layers=1, num_heads=2, hidden_dim=8,
                             intermediate_dim=12, num_mels=6, max_encoder_sequence_length=20,
                             max_decoder_sequence_length=10)),
    ("DebertaV3Backbone", dict(vocabulary_size=80, num_layers=1, num_heads=2, hidden_dim=8,
                               intermediate_dim=12, bucket_size=6)),
    ("MixtralBackbone", dict(vocabulary_size=60, num_layers=2, num_query_heads=2,
                             num_key_value_heads=1, hidden_dim=8, intermediate_dim=12,
                             num_experts=3)),
    ("QwenMoeBackbone", dict(vocabulary_size=60, num_layers=2, num_query_heads=2,
                             num_key_value_heads=1, hidden_dim=8, intermediate_dim=12,
                             moe_intermediate_dim=4, shared_expert_intermediate_dim=6,
                             num_experts=3, top_k=2)),
    ("Qwen3MoeBackbone", dict(vocabulary_size=60, num_layers=3, num_query_heads=2,
                              num_key_value_heads=1, hidden_dim=8, intermediate_dim=12,
                              moe_intermediate_dim=4, num_experts=3, top_k=2, head_dim=4,
                              mlp_only_layers=[1])),
    ("GptOssBackbone", dict(vocabulary_size=60, num_layers=2, num_query_heads=2,
                            num_key_value_heads=1, hidden_dim=8, intermediate_dim=12,
                            num_experts=3)),
    ("SmolLM3Backbone", dict(vocabulary_size=60, hidden_dim=8, intermediate_dim=12, num_layers=2,
                             num_attention_heads=2, num_key_value_heads=1, attention_bias=True,
                             attention_dropout=0.0, rope_layer_enabled_list=[True, False],
                             layer_types=["full_attention", "full_attention"], mlp_bias=False,
                             layer_norm_epsilon=1e-6, max_position_embeddings=32,
                             rope_theta=10000.0, partial_rotary_factor=1.0)),
]


def main():
    out = []
    for cls, cfg in CASES:
        keras.utils.clear_session()
        model = common.build(cls, cfg)
        out.append({"json": json.loads(model.to_json()), "params": int(model.count_params())})
    with open(sys.argv[1], "w") as f:
        json.dump({"keras_hub": keras_hub.__version__, "models": out}, f, indent=1)


if __name__ == "__main__":
    main()
