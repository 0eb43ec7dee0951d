"""Writes tests/fixtures/keras_hub_presets_transformers.json: Hugging Face transformers' count of
the published checkpoints behind the keras-hub presets whose published metadata.params is not the
architecture's (lib/hub/presets.ts's PUBLISHED_DIFFERS, the presets of
keras_hub_withheld_configs.json), each built from its published config on the meta device
(`with torch.device("meta")`: shapes only, nothing allocated). tests/hub_presets_withheld_test.ts
checks each count against paramlab's, with the difference the note states (OPT's two offset
position rows, SigLIP's position ids kept as buffers, T5 1.1's untied output projection).

Run: .venv/bin/python tools/keras_oracle/keras_hub_presets_transformers.py
"""

import json
import os
import sys

import torch
import transformers as T

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def count(cls, config):
    with torch.device("meta"):
        model = cls(config)
    return sum(p.numel() for p in model.parameters())


def qwen2(vocab, hidden, layers, heads, kv, inter, tied):
    return count(T.Qwen2ForCausalLM, T.Qwen2Config(
        vocab_size=vocab, hidden_size=hidden, num_hidden_layers=layers, num_attention_heads=heads,
        num_key_value_heads=kv, intermediate_size=inter, tie_word_embeddings=tied))


def t5_tied(hidden, ff, heads):
    # transformers 5's T5Config always ties the output projection to the shared table (its
    # tie_word_embeddings argument is read as another flag): this is the tied count.
    config = T.T5Config(vocab_size=32128, d_model=hidden, d_ff=ff, num_heads=heads, d_kv=64,
                        num_layers=24, feed_forward_proj="gated-gelu")
    assert config.tie_word_embeddings
    return count(T.T5ForConditionalGeneration, config)


def opt(hidden, layers, heads):
    return count(T.OPTModel, T.OPTConfig(
        vocab_size=50272, hidden_size=hidden, num_hidden_layers=layers, num_attention_heads=heads,
        ffn_dim=4 * hidden, max_position_embeddings=2048, word_embed_proj_dim=hidden))


def siglip_so400m_16(pixels):
    return count(T.SiglipModel, T.SiglipConfig(
        text_config=dict(vocab_size=256000, hidden_size=1152, num_hidden_layers=27,
                         num_attention_heads=16, intermediate_size=4304,
                         max_position_embeddings=64),
        vision_config=dict(hidden_size=1152, num_hidden_layers=27, num_attention_heads=16,
                           intermediate_size=4304, patch_size=16, image_size=pixels)))


def main():
    counts = {
        "Qwen/Qwen2.5-7B": qwen2(152064, 3584, 28, 28, 4, 18944, False),
        "Qwen/Qwen2.5-Coder-1.5B": qwen2(151936, 1536, 28, 12, 2, 8960, True),
        "google/t5-v1_1-large (tied)": t5_tied(1024, 2816, 16),
        "google/t5-v1_1-xl (tied)": t5_tied(2048, 5120, 32),
        "facebook/opt-1.3b": opt(2048, 24, 32),
        "facebook/opt-2.7b": opt(2560, 32, 32),
        "facebook/opt-6.7b": opt(4096, 32, 32),
        "google/siglip2-so400m-patch16-384": siglip_so400m_16(384),
        "google/siglip2-so400m-patch16-512": siglip_so400m_16(512),
    }
    # The committed fixture, or another file (CI writes it again and compares).
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        ROOT, "tests", "fixtures", "keras_hub_presets_transformers.json")
    with open(out, "w") as f:
        json.dump({"transformers": T.__version__, "torch": torch.__version__, "counts": counts},
                  f, indent=2)
        f.write("\n")
    print(json.dumps(counts, indent=2))


if __name__ == "__main__":
    main()
