"""Records real keras-hub backbones for small random configurations, and keras-hub's own
`metadata.params` of every preset, as the oracle of tests/hub/*.

Run: KERAS_BACKEND=jax .venv/bin/python tools/keras_oracle/keras_hub_backbones.py OUT.json [SEED]
(the committed tests/fixtures/keras_hub_backbones.json is seed 19; CI runs a fresh seed and the
same tests read it through PARAMLAB_KERAS_HUB_ORACLE)
(keras-hub from ../shared/wheels, installed with --no-deps; see that folder's README).
"""

import json
import os
import random
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
# rich prints Keras's summary at the terminal's width, 80 columns when there is none, which cuts
# the Param # column off; 120 columns keep line_length=120's whole table.
os.environ.setdefault("COLUMNS", "120")
import keras  # noqa: E402
import keras_hub  # noqa: E402
import _hub_common as common  # noqa: E402

SEED = int(sys.argv[2]) if len(sys.argv) > 2 else 19
rng = random.Random(SEED)


def bert_like(extra=None):
    heads = rng.choice([1, 2, 4])
    cfg = dict(
        vocabulary_size=rng.randint(50, 300),
        num_layers=rng.randint(1, 3),
        num_heads=heads,
        hidden_dim=heads * rng.choice([4, 8]),
        intermediate_dim=rng.randint(8, 64),
        max_sequence_length=rng.randint(16, 64),
    )
    cfg.update(extra or {})
    return cfg


def decoder_like(kv=True):
    heads = rng.choice([2, 4])
    cfg = dict(
        vocabulary_size=rng.randint(50, 300),
        num_layers=rng.randint(1, 3),
        num_query_heads=heads,
        hidden_dim=heads * rng.choice([4, 8]),
        intermediate_dim=rng.randint(8, 64),
    )
    if kv:
        cfg["num_key_value_heads"] = rng.choice([1, 2])
    return cfg


def cases():
    out = []
    for _ in range(3):
        out.append(("BertBackbone", bert_like({"num_segments": rng.randint(1, 3)})))
        out.append(("RobertaBackbone", bert_like()))
        out.append(("DistilBertBackbone", bert_like()))
        e = bert_like()
        e["vocab_size"] = e.pop("vocabulary_size")
        e["embedding_dim"] = rng.choice([8, 12])
        out.append(("ElectraBackbone", e))
        g = bert_like()
        g.pop("num_heads")
        g["num_heads"] = rng.choice([1, 2])
        g["hidden_dim"] = g["num_heads"] * 8
        out.append(("GPT2Backbone", g))
        out.append(("LlamaBackbone", {**decoder_like(), "tie_word_embeddings": rng.choice([True, False])}))
        out.append(("Llama3Backbone", decoder_like()))
        out.append(("MistralBackbone", decoder_like()))
        gem = dict(
            vocabulary_size=rng.randint(50, 300),
            num_layers=rng.randint(1, 3),
            num_query_heads=rng.choice([2, 4]),
            num_key_value_heads=1,
            hidden_dim=rng.choice([8, 16]),
            intermediate_dim=rng.choice([8, 16, 32]),
            head_dim=rng.choice([4, 8]),
        )
        out.append(("GemmaBackbone", gem))
        out.append(("GemmaBackbone", {
            **gem,
            "num_key_value_heads": rng.choice([1, gem["num_query_heads"]]),
            "use_post_ffw_norm": rng.choice([True, False]),
            "use_post_attention_norm": rng.choice([True, False]),
        }))
        xr = bert_like()
        out.append(("XLMRobertaBackbone", xr))
        out.append(("OPTBackbone", bert_like()))
        out.append(("QwenBackbone", {**decoder_like(), "tie_word_embeddings": rng.choice([True, False])}))
        q3 = decoder_like()
        q3["head_dim"] = rng.choice([4, 8])
        out.append(("Qwen3Backbone", q3))
        out.append(("Phi3Backbone", decoder_like()))
        bl = bert_like()
        bl.pop("max_sequence_length")
        out.append(("BloomBackbone", bl))
        f = bert_like()
        f["num_attention_heads"] = f.pop("num_heads")
        f.pop("max_sequence_length")
        out.append(("FalconBackbone", f))
        al = bert_like()
        al["num_groups"] = rng.choice([1, al["num_layers"]])
        al["num_inner_repetitions"] = rng.choice([1, 2])
        al["embedding_dim"] = rng.choice([4, 8])
        out.append(("AlbertBackbone", al))
        bart = bert_like()
        out.append(("BartBackbone", bart))
        out.append(("Gemma3Backbone", {
            **gem,
            "image_size": None,
            "num_key_value_heads": rng.choice([1, gem["num_query_heads"]]),
            "use_query_key_norm": rng.choice([True, False]),
            "use_post_ffw_norm": rng.choice([True, False]),
            "use_post_attention_norm": rng.choice([True, False]),
        }))
    return out + vision_cases()


def text_encoder_args(r):
    """A small random CLIP or SigLIP text encoder (its draws in this order, for the seed)."""
    h = r.choice([1, 2, 4])
    d = h * r.choice([2, 4])
    return dict(
        vocabulary_size=r.randint(20, 100),
        embedding_dim=d,
        hidden_dim=d,
        num_layers=r.randint(1, 3),
        num_heads=h,
        intermediate_dim=r.randint(4, 24),
        max_sequence_length=r.randint(4, 16),
    )


def vision_cases():
    """Image backbones, drawn from their own generator so the text cases of a seed stay as they
    were before image backbones were added."""
    r = random.Random(f"vision-{SEED}")
    out = []
    for _ in range(3):
        heads = r.choice([1, 2, 3, 4])
        # keras-hub's key_dim is hidden_dim // num_heads: a width the heads do not divide is allowed.
        hidden = heads * r.choice([2, 4]) + r.choice([0, 0, 1])
        ph, pw = r.choice([(2, 2), (4, 4), (2, 4), (3, 2)])
        gh, gw = r.randint(1, 3), r.randint(1, 3)
        channels = r.choice([1, 3, 4])
        first = r.random() < 0.25
        image = [channels, ph * gh, pw * gw] if first else [ph * gh, pw * gw, channels]
        vit = dict(
            image_shape=image,
            patch_size=ph if ph == pw and r.random() < 0.5 else [ph, pw],
            num_layers=r.randint(1, 3),
            num_heads=heads,
            hidden_dim=hidden,
            mlp_dim=r.randint(4, 24),
            use_class_token=r.choice([True, False]),
            use_patch_bias=r.choice([True, False]),
            use_mha_bias=r.choice([True, False]),
            use_mlp_bias=r.choice([True, False]),
        )
        if first:
            vit["data_format"] = "channels_first"
        out.append(("ViTBackbone", vit))
        deit = dict(
            image_shape=image,
            patch_size=[ph, pw],
            num_layers=r.randint(1, 3),
            num_heads=heads,
            hidden_dim=hidden,
            intermediate_dim=r.randint(4, 24),
            use_mha_bias=r.choice([True, False]),
        )
        if first:
            deit["data_format"] = "channels_first"
        out.append(("DeiTBackbone", deit))
        p = r.choice([2, 3, 4])
        side = p * r.randint(1, 3)
        table = p * r.randint(1, 4) + r.choice([0, 1])
        dino = dict(
            patch_size=p,
            num_layers=r.randint(1, 3),
            hidden_dim=hidden,
            num_heads=heads,
            intermediate_dim=r.randint(4, 40),
            num_register_tokens=r.choice([0, 0, 1, 4]),
            use_mask_token=r.choice([True, False]),
            use_swiglu_ffn=r.choice([True, False]),
            image_shape=[side, side, channels],
            position_embedding_shape=r.choice([[table, table, 3], [table, table]]),
        )
        out.append(("DINOV2Backbone", dino))
        stacks = r.randint(1, 3)
        out.append(("VGGBackbone", dict(
            stackwise_num_repeats=[r.randint(1, 3) for _ in range(stacks)],
            stackwise_num_filters=[r.randint(1, 8) for _ in range(stacks)],
            image_shape=r.choice([[None, None, channels], [8 * stacks, 8 * stacks, channels]]),
        )))
        for cls in ("CLIPVisionEncoder", "SigLIPVisionEncoder"):
            p = r.choice([2, 3, 4])
            side = p * r.randint(1, 3)
            h = r.choice([1, 2, 4])
            enc = dict(
                patch_size=p,
                hidden_dim=h * r.choice([2, 4]),
                num_layers=r.randint(1, 3),
                num_heads=h,
                intermediate_dim=r.randint(4, 24),
                image_shape=[side, side, channels],
            )
            if cls == "CLIPVisionEncoder" and r.random() < 0.5:
                enc["intermediate_output_index"] = r.choice([0, -1])
            out.append((cls, enc))
        text = text_encoder_args(r)
        out.append(("CLIPTextEncoder", text))
        # CLIPBackbone takes its two encoders built: record() builds them from these arguments.
        out.append(("CLIPBackbone", dict(
            # An encoder with intermediate_output_index returns a dict the poolers refuse.
            vision_encoder={
                k: v for k, v in out[-3][1].items() if k != "intermediate_output_index"
            },
            text_encoder=text,
            projection_dim=r.randint(2, 12),
        )))
        sig_text = text_encoder_args(r)
        if r.random() < 0.5:
            sig_text["projection_dim"] = r.randint(2, 12)
        out.append(("SigLIPTextEncoder", sig_text))
        # The vision encoder's width must be the text's (the head compares their embeddings).
        sig_vision = dict(out[-4][1])
        sig_vision["hidden_dim"] = sig_text.get("projection_dim", sig_text["hidden_dim"])
        sig_vision["num_heads"] = 1
        out.append(("SigLIPBackbone", dict(vision_encoder=sig_vision, text_encoder=sig_text)))
    return out


def seq2seq_cases(r):
    """lib/hub/families_seq2seq.ts's classes, drawn from their own generator so that adding them
    leaves every earlier case of a seed unchanged. Heads need not divide hidden_dim: keras-hub
    sizes a head as hidden_dim // num_heads in these families."""
    out = []
    for _ in range(3):
        def enc():
            return dict(
                vocabulary_size=r.randint(50, 300),
                num_layers=r.randint(1, 3),
                num_heads=r.choice([1, 2, 3, 4]),
                hidden_dim=r.choice([8, 12, 16, 18]),
                intermediate_dim=r.randint(8, 64),
            )
        out.append(("DebertaV3Backbone", {**enc(), "max_sequence_length": r.randint(16, 64),
                                          "bucket_size": r.randint(2, 16)}))
        t5 = enc()
        t5["key_value_dim"] = r.choice([None, 4, 6])
        t5["use_gated_activation"] = r.choice([True, False])
        t5["tie_embedding_weights"] = r.choice([True, False])
        out.append(("T5Backbone", t5))
        out.append(("WhisperBackbone", {**enc(), "num_mels": r.randint(2, 12),
                                        "max_encoder_sequence_length": r.randint(4, 40),
                                        "max_decoder_sequence_length": r.randint(4, 40)}))
        out.append(("GPTNeoXBackbone", {**enc(), "max_sequence_length": r.randint(16, 64)}))
        fn = enc()
        fn.pop("num_heads")
        fn["max_sequence_length"] = r.randint(16, 64)
        fn["num_segments"] = r.randint(1, 5)
        out.append(("FNetBackbone", fn))
        out.append(("RoformerV2Backbone", {**enc(), "head_size": r.choice([2, 4, 6]),
                                           "use_bias": r.choice([True, False]),
                                           "num_segments": r.randint(1, 4)}))
        esm = {**enc(), "use_bias": r.choice([True, False]),
               "use_pre_layer_norm": r.choice([True, False]),
               "position_embedding_type": r.choice(["rotary", "absolute"])}
        if esm["position_embedding_type"] == "absolute":
            esm["max_sequence_length"] = r.randint(16, 64)
        out.append(("ESMBackbone", esm))
        out.append(("XLNetBackbone", enc()))
    return out


# The mixture-of-experts decoders and SmolLM3 draw from their own stream, so the cases above stay
# those of earlier recordings of the same seed.
moe_rng = random.Random(SEED * 1_000_003 + 7)


def moe_cases():
    r = moe_rng
    out = []

    def decoder(head_dim=False):
        heads = r.choice([2, 4])
        cfg = dict(
            vocabulary_size=r.randint(50, 300),
            num_layers=r.randint(1, 4),
            num_query_heads=heads,
            num_key_value_heads=r.choice([1, 2]),
            hidden_dim=heads * r.choice([4, 8]),
            intermediate_dim=r.randint(8, 48),
            num_experts=r.randint(1, 5),
        )
        cfg["top_k"] = r.randint(1, cfg["num_experts"])
        if head_dim:
            cfg["head_dim"] = r.choice([None, 4, 8])
        return cfg

    for _ in range(3):
        out.append(("MixtralBackbone", {**decoder(), "sliding_window": r.choice([8, 512])}))
        q = decoder()
        out.append(("QwenMoeBackbone", {
            **q,
            "moe_intermediate_dim": r.randint(4, 24),
            "shared_expert_intermediate_dim": r.randint(4, 24),
            "tie_word_embeddings": r.choice([True, False]),
            "decoder_sparse_step": r.choice([1, 1, 2]),
            "mlp_only_layers": r.choice([[], [], [0], [1]]),
        }))
        q3 = decoder(head_dim=True)
        out.append(("Qwen3MoeBackbone", {
            **q3,
            "moe_intermediate_dim": r.randint(4, 24),
            "tie_word_embeddings": r.choice([True, False]),
            "decoder_sparse_step": r.choice([1, 1, 2, 3]),
            "mlp_only_layers": sorted(r.sample(range(q3["num_layers"]), r.randint(0, 2)))
            if q3["num_layers"] > 1 else [],
        }))
        out.append(("GptOssBackbone", decoder(head_dim=True)))
        heads = r.choice([2, 4])
        layers = r.randint(1, 4)
        out.append(("SmolLM3Backbone", dict(
            vocabulary_size=r.randint(50, 300),
            hidden_dim=heads * r.choice([4, 8, 12]),
            intermediate_dim=r.randint(8, 48),
            num_layers=layers,
            num_attention_heads=heads,
            num_key_value_heads=r.choice([1, 2]),
            attention_bias=r.choice([True, False]),
            attention_dropout=0.0,
            rope_layer_enabled_list=[r.choice([True, False]) for _ in range(layers)],
            layer_types=["full_attention"] * layers,
            mlp_bias=r.choice([True, False]),
            layer_norm_epsilon=1e-6,
            max_position_embeddings=r.choice([64, 128]),
            rope_theta=r.choice([10000.0, 5000000.0]),
            partial_rotary_factor=r.choice([1.0, 0.5, 0.25, 0.3]),
        )))
    return out


def resnet_cases(r):
    """ResNetBackbone (v1, v2 and vd), from its own generator so every earlier case of a seed stays
    as it was. keras-hub requires 64 filters in the first stack; a basic_block's first stack has no
    shortcut convolution, so its stem ends at 64 channels and its stride is 1 there."""
    out = []
    types = ["basic_block", "bottleneck_block", "basic_block_vd", "bottleneck_block_vd"]
    for block_type in types + [r.choice(types) for _ in range(4)]:
        stems = r.randint(1, 3)
        stem = [r.choice([4, 8]) for _ in range(stems - 1)] + [64 if block_type == "basic_block"
                                                               else r.choice([8, 64])]
        stacks = r.randint(1, 3)
        strides = [1 if block_type == "basic_block" else r.choice([1, 2])]
        strides += [r.choice([1, 2]) for _ in range(stacks - 1)]
        pre = r.random() < 0.4
        # ResNetV2 with a vd shortcut does not pool the shortcut: a known size breaks the Add
        # after a stride of 2, so such a case keeps the image's size unknown.
        unknown = r.random() < 0.3 or (pre and block_type.endswith("_vd") and 2 in strides)
        side = None if unknown else r.choice([16, 17, 24, 32])
        cfg = dict(
            input_conv_filters=stem,
            input_conv_kernel_sizes=[r.choice([3, 5, 7]) for _ in range(stems)],
            stackwise_num_filters=[64] + [r.randint(1, 8) for _ in range(stacks - 1)],
            stackwise_num_blocks=[r.randint(1, 3) for _ in range(stacks)],
            stackwise_num_strides=strides,
            block_type=block_type,
            use_pre_activation=pre,
            image_shape=[side, side if side is None else side + r.choice([0, 3]), r.choice([1, 3])],
        )
        if r.random() < 0.25:
            cfg["data_format"] = "channels_first"
            cfg["image_shape"] = [cfg["image_shape"][2]] + cfg["image_shape"][:2]
        out.append(("ResNetBackbone", cfg))
    return out


def densenet_cases(r):
    """DenseNetBackbone, from its own generator. keras-hub reads Keras's global data format, so
    these are channels_last; an image too small for its poolings is refused, so sizes are large."""
    out = []
    for _ in range(4):
        stacks = r.randint(1, 3)
        cfg = dict(
            stackwise_num_repeats=[r.randint(1, 3) for _ in range(stacks)],
            image_shape=r.choice([[None, None, 3], [32, 32, r.choice([1, 3])], [20, 27, 3]]),
            growth_rate=r.choice([2, 4, 8]),
        )
        if r.random() < 0.5:
            cfg["compression_ratio"] = r.choice([0.5, 0.3, 1.0])
        out.append(("DenseNetBackbone", cfg))
    return out


def record(cls_name, cfg, lora=None):
    keras.utils.clear_session()
    model = common.build(cls_name, cfg)
    if lora:
        model.enable_lora(lora)
    return {
        "class": cls_name,
        "config": cfg,
        "lora_rank": lora,
        "name": model.name,
        "params": int(model.count_params()),
        "trainable": common.trainable_count(model),
        "layers": [common.layer_record(layer) for layer in model.layers],
        "summary": common.summary_at_120(model),
    }


def main():
    backbones = [record(c, cfg) for c, cfg in cases()]
    lora = [
        c for c in cases()
        if c[0] in ("GPT2Backbone", "LlamaBackbone", "GemmaBackbone", "BertBackbone", "QwenBackbone")
        + ("ViTBackbone", "DINOV2Backbone", "SigLIPVisionEncoder")
    ]
    backbones += [record(c, cfg, rng.choice([1, 2, 4])) for c, cfg in lora]
    r2 = random.Random(SEED * 7919 + 2)
    backbones += [record(c, cfg) for c, cfg in seq2seq_cases(r2)]
    # keras-hub's enable_lora targets layers named query/value (DeBERTaV3, Whisper, XLNet); T5's
    # query_projector and GPT-NeoX's query_key_value are not, so LoRA freezes everything there.
    backbones += [record(c, cfg, r2.choice([1, 2, 4])) for c, cfg in seq2seq_cases(r2)
                  if c in ("DebertaV3Backbone", "WhisperBackbone", "T5Backbone", "XLNetBackbone")]
    backbones += [record(c, cfg) for c, cfg in moe_cases()]
    backbones += [record(c, cfg, moe_rng.choice([1, 2, 4])) for c, cfg in moe_cases()]
    # The image classes whose LoRA the list above leaves out, with ranks of their own stream: the
    # same configurations as their plain cases.
    lora_r = random.Random(f"vision-lora-{SEED}")
    backbones += [
        record(c, cfg, lora_r.choice([1, 2, 4])) for c, cfg in vision_cases()
        if c in ("DeiTBackbone", "CLIPVisionEncoder", "CLIPTextEncoder", "CLIPBackbone",
                 "SigLIPTextEncoder", "SigLIPBackbone")
    ]
    resnet = resnet_cases(random.Random(f"resnet-{SEED}"))
    backbones += [record(c, cfg) for c, cfg in resnet]
    # ResNet has no query or value layer: keras-hub's enable_lora freezes every weight.
    backbones += [record(c, cfg, 2) for c, cfg in resnet[:1]]
    backbones += [record(c, cfg) for c, cfg in densenet_cases(random.Random(f"densenet-{SEED}"))]
    out = {
        "about": "Real keras-hub " + keras_hub.__version__ + " with Keras " + keras.__version__
        + ": small random backbones (weights, per-layer counts, summary), and every preset's "
        "metadata.params from the installed package's *_presets.py files.",
        "keras_hub": keras_hub.__version__,
        "seed": SEED,
        "keras": keras.__version__,
        "backbones": backbones,
        "presets": common.preset_metadata(),
    }
    with open(sys.argv[1], "w") as f:
        json.dump(out, f, indent=1)
    print(f"keras-hub oracle: {len(backbones)} backbones, seed {SEED}, written to {sys.argv[1]}")


if __name__ == "__main__":
    main()
