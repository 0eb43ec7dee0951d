"""Records torch.nn attention modules' named parameters and counts, for tests/attention_test.ts.

Run with a venv holding torch (pip's mirror has torch 2.13, CPU):
    python3 -m venv /tmp/tvenv && /tmp/tvenv/bin/pip install torch
    /tmp/tvenv/bin/python tools/torch_attention.py > tests/fixtures/torch_attention.json
"""

import json

import torch
from torch import nn

MODULES = {
    "MultiheadAttention(64, 4)": lambda: nn.MultiheadAttention(64, 4),
    "MultiheadAttention(64, 4, bias=False)": lambda: nn.MultiheadAttention(64, 4, bias=False),
    "MultiheadAttention(64, 4, kdim=24, vdim=48)": lambda: nn.MultiheadAttention(
        64, 4, kdim=24, vdim=48
    ),
    "MultiheadAttention(64, 4, add_bias_kv=True)": lambda: nn.MultiheadAttention(
        64, 4, add_bias_kv=True
    ),
    "TransformerEncoderLayer(64, 4, 128)": lambda: nn.TransformerEncoderLayer(64, 4, 128),
    "TransformerDecoderLayer(64, 4, 128)": lambda: nn.TransformerDecoderLayer(64, 4, 128),
}


def record(module):
    params = [
        {"name": name, "shape": list(p.shape), "size": p.numel()}
        for name, p in module.named_parameters()
    ]
    return {"params": params, "count": sum(p["size"] for p in params)}


print(
    json.dumps(
        {
            "torch": torch.__version__,
            "modules": {key: record(make()) for key, make in MODULES.items()},
        },
        indent=1,
    )
)
