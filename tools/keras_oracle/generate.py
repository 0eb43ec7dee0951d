"""Builds random Sequential models in real Keras 3 and records what paramlab must reproduce.

For every model: `model.to_json()`, each layer's `count_params()`, trainable and non-trainable
counts and output shape, the model's totals, and the `model.summary()` text three times: at the
default width with stdout not a terminal (76 columns, as in a notebook or a log), with
`line_length=88` there (rich's 80-column console cuts it), and with `line_length=88` in a
120-column terminal.

Every layer kind is ONE entry of `KINDS` below: the Keras class, the input ranks it takes and a
function drawing a random config for a given input shape. Options the library may not model yet
are drawn through `on(tag)`, and each tag has a probe in `PROBES`. Before drawing, the script
asks the library (tools/keras_oracle/library_support.ts) which classes it reads
(`supportedKerasClasses()`) and which probes `fromKerasJson` loads; kinds and options it refuses
are skipped and listed, so they start being tested the moment the library has them.

Keras validates every drawn layer: a config Keras refuses is drawn again. The expected numbers
all come from Keras, never from paramlab.

With `--prints K`, each record also holds K tables Keras printed with random options
(tools/keras_oracle/prints.py), which tools/keras_oracle/prints_check.ts reads back.

Usage (from the repository root, with the venv of .ci/run):
  KERAS_BACKEND=jax .venv/bin/python tools/keras_oracle/generate.py --out DIR [--seed N]
      [--count N] [--per-file N] [--prints K]
  ... --replay MODEL_SEED   rebuild one model (the seed each record carries) and print it
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Any, Callable

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Keras sizes its default table from the terminal that stdout is; a notebook or a log has none.
# Point file descriptor 1 at /dev/null so this run is that case whoever starts it; progress goes
# to stderr.
_devnull = os.open(os.devnull, os.O_WRONLY)
os.dup2(_devnull, 1)
os.environ.pop("COLUMNS", None)
os.environ.pop("LINES", None)

import warnings  # noqa: E402

# Keras warns about deprecated options it still honours (LayerNormalization's rms_scaling).
warnings.filterwarnings("ignore", category=UserWarning)

import keras  # noqa: E402  (after the environment is set)
from keras import layers as L  # noqa: E402
from keras.src.backend.common.stateless_scope import StatelessScope  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import prints  # noqa: E402
from prints import size, summary_text  # noqa: E402

if keras.backend.backend() != "jax":
    sys.exit(f"generate.py: expected KERAS_BACKEND=jax, Keras uses {keras.backend.backend()}")


def log(*parts: object) -> None:
    print(*parts, file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------------------
# Drawing helpers. `r` is the model's random.Random; `on(tag, p)` is True with probability p
# when the library supports the option `tag` (always False otherwise).

On = Callable[[str, float], bool]
ACTIVATIONS = [None, "linear", "relu", "sigmoid", "tanh", "softmax", "elu", "selu", "softplus",
               "softsign", "swish", "gelu", "exponential", "hard_sigmoid", "relu6", "silu",
               "leaky_relu", "mish", "log_softmax"]


def maybe(r: random.Random, p: float = 0.5) -> bool:
    return r.random() < p


def activation(r: random.Random) -> str | None:
    return r.choice(ACTIVATIONS)


def int_or_tuple(r: random.Random, n: int, low: int, high: int) -> int | tuple[int, ...]:
    """An int, or n ints: Keras accepts both for kernel sizes, strides, pool sizes."""
    if n == 1 or maybe(r):
        return r.randint(low, high)
    return tuple(r.randint(low, high) for _ in range(n))


def spatial(shape: tuple, rank: int, data_format: str) -> tuple:
    """The spatial dimensions of an input of `rank` spatial axes."""
    return shape[1:1 + rank] if data_format == "channels_first" else shape[:rank]


def channels(shape: tuple, data_format: str) -> int | None:
    return shape[0] if data_format == "channels_first" else shape[-1]


def data_format(r: random.Random, on: On, cls: str) -> str:
    return "channels_first" if on(f"{cls}(data_format='channels_first')", 0.25) else \
        r.choice(["channels_last", None]) or "channels_last"


def divisors(n: int) -> list[int]:
    return [d for d in range(1, n + 1) if n % d == 0]


# ------------------------------------------------------------------------------------------
# Kinds: one entry per Keras class.


@dataclass(frozen=True)
class Kind:
    """A layer kind: the Keras class name, the input ranks it takes (batch axis not counted),
    and how to draw a config for an input `shape` (batch axis not included)."""

    name: str
    ranks: tuple[int, ...]
    draw: Callable[[random.Random, tuple, On], dict]
    # A multi-output option (return_state, merge_mode=None) may be drawn: only for a last layer.
    wraps: str | None = None  # "rnn" for Bidirectional, "any" for TimeDistributed
    first_only: bool = False


ANY = (1, 2, 3, 4)


def units(r: random.Random, high: int) -> int:
    """Mostly small; now and then huge, for counts in the millions and sizes in MB and GB (no
    weight is ever allocated, see one())."""
    return r.randint(1000, 300_000) if maybe(r, 0.04) else r.randint(1, high)


def dense(r, shape, on):
    return dict(units=units(r, 48), use_bias=maybe(r, 0.8), activation=activation(r))


def rnn(cls: str):
    def draw(r, shape, on):
        config = dict(units=units(r, 24), return_sequences=maybe(r),
                      use_bias=maybe(r, 0.8), go_backwards=maybe(r, 0.2),
                      dropout=r.choice([0.0, 0.0, 0.2]))
        if cls == "GRU":
            config["reset_after"] = maybe(r, 0.6)
        if on(f"{cls}(return_state=True)", 0.2):
            config["return_state"] = True
        return config
    return draw


def conv(cls: str, rank: int, transpose=False, separable=False, depthwise=False):
    def draw(r, shape, on):
        fmt = data_format(r, on, cls)
        config: dict[str, Any] = dict(kernel_size=int_or_tuple(r, rank, 1, 3),
                                      padding=r.choice(["valid", "same"]),
                                      use_bias=maybe(r, 0.8), activation=activation(r),
                                      data_format=fmt)
        if not depthwise:
            config["filters"] = r.randint(1, 12)
        if depthwise or separable:
            config["depth_multiplier"] = r.randint(1, 3)
        if maybe(r, 0.6):
            config["strides"] = int_or_tuple(r, rank, 1, 1)
            if maybe(r, 0.5):
                config["dilation_rate"] = int_or_tuple(r, rank, 1, 2)
        else:
            config["strides"] = int_or_tuple(r, rank, 1, 3)
        if cls == "Conv1D" and on("Conv1D(padding='causal')", 0.3):
            config["padding"] = "causal"
        if transpose and maybe(r, 0.3):
            strides = config["strides"]
            strides = strides if isinstance(strides, tuple) else (strides,) * rank
            config["output_padding"] = tuple(r.randint(0, s - 1) for s in strides)
        if not (transpose or separable or depthwise) and on(f"{cls}(groups>1)", 0.3):
            channel = channels(shape, fmt)
            common = [g for g in divisors(channel or 1) if g > 1]
            if common:
                groups = r.choice(common)
                config["groups"] = groups
                config["filters"] = groups * r.randint(1, 4)
        return config
    return draw


def pooling(cls: str, rank: int):
    def draw(r, shape, on):
        config: dict[str, Any] = dict(pool_size=int_or_tuple(r, rank, 1, 3),
                                      padding=r.choice(["valid", "same"]),
                                      data_format=data_format(r, on, cls))
        if maybe(r):
            config["strides"] = int_or_tuple(r, rank, 1, 3)
        return config
    return draw


def global_pooling(cls: str):
    def draw(r, shape, on):
        config: dict[str, Any] = dict(data_format=data_format(r, on, cls))
        if on(f"{cls}(keepdims=True)", 0.3):
            config["keepdims"] = True
        return config
    return draw


def zero_padding(cls: str, rank: int):
    def draw(r, shape, on):
        config: dict[str, Any] = {}
        if rank > 1:
            config["data_format"] = data_format(r, on, cls)
        style = r.randint(0, 2)
        if style == 0:
            config["padding"] = r.randint(0, 3)
        elif style == 1 and rank > 1:
            config["padding"] = tuple(r.randint(0, 3) for _ in range(rank))
        else:
            pairs = tuple((r.randint(0, 3), r.randint(0, 3)) for _ in range(rank))
            config["padding"] = pairs[0] if rank == 1 else pairs
        return config
    return draw


def cropping(cls: str, rank: int):
    def draw(r, shape, on):
        config: dict[str, Any] = {}
        fmt = "channels_last"
        if rank > 1:
            fmt = config["data_format"] = data_format(r, on, cls)
        sizes = spatial(shape, rank, fmt)
        pairs = []
        for size in sizes:
            room = max(0, (size or 4) - 1)
            a = r.randint(0, min(2, room))
            b = r.randint(0, min(2, room - a))
            pairs.append((a, b))
        if rank == 1:
            config["cropping"] = pairs[0] if maybe(r) else pairs[0][0]
        else:
            config["cropping"] = tuple(pairs)
        return config
    return draw


def upsampling(cls: str, rank: int):
    def draw(r, shape, on):
        config: dict[str, Any] = dict(size=int_or_tuple(r, rank, 1, 3))
        if rank > 1:
            config["data_format"] = data_format(r, on, cls)
        if rank == 2:
            config["interpolation"] = r.choice(["nearest", "bilinear"])
        return config
    return draw


def spatial_dropout(cls: str, rank: int):
    def draw(r, shape, on):
        config: dict[str, Any] = dict(rate=r.choice([0.1, 0.5]))
        if rank > 1:
            config["data_format"] = data_format(r, on, cls)
        return config
    return draw


def axis_option(r, shape, on, tag: str) -> int | None:
    """A random non-default axis when the library supports `tag`."""
    if on(tag, 0.4):
        return r.choice([a for a in range(1, len(shape) + 1)] + [-a for a in range(2, len(shape) + 1)])
    return None


def batch_normalization(r, shape, on):
    config = dict(center=maybe(r, 0.8), scale=maybe(r, 0.8), momentum=0.9)
    axis = axis_option(r, shape, on, "BatchNormalization(axis≠-1)")
    if axis is not None:
        config["axis"] = axis
    if on("BatchNormalization(renorm)", 0.25):
        config["renorm"] = True
    return config


def rms_normalization(r, shape, on):
    """RMSNormalization over the last axis, or one or more axes of known size (its scale has
    their sizes; Keras cannot size it on an axis of unknown size)."""
    known = [i + 1 for i, d in enumerate(shape) if d is not None]
    if not known or shape[-1] is not None and r.random() < 0.5:
        return dict(axis=-1)  # no known axis: Keras refuses it, and another layer is drawn
    picked = sorted(r.sample(known, r.randint(1, len(known))))
    return dict(axis=picked[0] if len(picked) == 1 and r.random() < 0.5 else picked,
                epsilon=r.choice([1e-6, 1e-5]))


def layer_normalization(r, shape, on):
    config: dict[str, Any] = dict(center=maybe(r, 0.8), scale=maybe(r, 0.8))
    if maybe(r, 0.15):
        config["rms_scaling"] = True
    axis = axis_option(r, shape, on, "LayerNormalization(axis≠-1)")
    if axis is not None:
        config["axis"] = axis if maybe(r) else [axis]
    return config


def group_normalization(r, shape, on):
    axis = axis_option(r, shape, on, "GroupNormalization(axis≠-1)")
    channel = shape[axis - 1 if axis and axis > 0 else (axis or -1)]
    return dict(groups=r.choice(divisors(channel or 1)), axis=axis if axis is not None else -1,
                center=maybe(r, 0.8), scale=maybe(r, 0.8))


def normalization(r, shape, on):
    axis = axis_option(r, shape, on, "Normalization(axis≠-1)")
    if axis is None and maybe(r, 0.2):
        return dict(axis=None)  # one mean and variance for the whole input
    return dict(axis=axis if axis is not None else -1)


def prelu(r, shape, on):
    config: dict[str, Any] = {}
    if maybe(r, 0.5) and len(shape) > 1:
        axes = sorted(r.sample(range(1, len(shape) + 1), r.randint(1, len(shape) - 1)))
        config["shared_axes"] = axes
    return config


def reshape(r, shape, on):
    size = math.prod(shape)
    rank = r.randint(1, 4)
    target = []
    rest = size
    for _ in range(rank - 1):
        d = r.choice(divisors(rest))
        target.append(d)
        rest //= d
    target.append(rest)
    r.shuffle(target)
    if maybe(r, 0.3):
        target[r.randrange(rank)] = -1
    return dict(target_shape=tuple(target))


def permute(r, shape, on):
    dims = list(range(1, len(shape) + 1))
    r.shuffle(dims)
    return dict(dims=tuple(dims))


def inner_any(r, shape, on):
    return {}


def first_only_embedding(r, shape, on):
    return dict(input_dim=units(r, 1000) + 1, output_dim=r.randint(1, 32), mask_zero=maybe(r, 0.2))


def conv_lstm(rank: int):
    def draw(r, shape, on):
        # ConvLSTM reads (time, spatial..., channels): small kernels keep the spatial axes alive.
        return dict(filters=r.randint(1, 6), kernel_size=int_or_tuple(r, rank, 1, 2),
                    padding=r.choice(["valid", "same"]), return_sequences=maybe(r),
                    use_bias=maybe(r, 0.8))
    return draw


def rnn_of_cells(r, shape, on):
    def cell():
        kind = r.choice(["SimpleRNNCell", "LSTMCell", "GRUCell"])
        extra = dict(reset_after=maybe(r, 0.6)) if kind == "GRUCell" else {}
        return getattr(L, kind)(units(r, 12), use_bias=maybe(r, 0.8), **extra)
    cells = [cell() for _ in range(r.randint(1, 3))]
    return dict(cell=cells[0] if len(cells) == 1 else cells, return_sequences=maybe(r))


def einsum_dense(r, shape, on):
    out = r.randint(1, 12)
    # Half of any equation (inside a TimeDistributed too, where the reader reads each step's).
    if r.random() < 0.5:
        return random_einsum(r, shape)
    if len(shape) == 1:
        return dict(equation="ab,bc->ac", output_shape=out, bias_axes=r.choice([None, "c"]))
    return dict(equation="abc,cd->abd", output_shape=(None, out) if maybe(r) else (shape[0], out),
                bias_axes=r.choice([None, "d"]))


def random_einsum(r, shape, sized=False):
    """An equation with one letter per axis that Keras builds: each output axis an input axis
    (its size given, or None unless `sized`) or a kernel letter; the kernel those and any input
    axis of a known size; a bias on output axes of known sizes; sometimes written with "..." for
    the batch."""
    letters = "abcdef"[:len(shape) + 1]
    out_letters, out_shape, kernel, used = ["a"], [], [], set()
    for k in range(r.randint(1, 2)):
        free = [i for i in range(1, len(letters)) if i not in used]
        if free and r.random() < 0.5:
            i = r.choice(free)
            used.add(i)
            out_letters.append(letters[i])
            out_shape.append(None if shape[i - 1] is None or (not sized and r.random() < 0.4)
                             else shape[i - 1])
        else:
            out_letters.append("nop"[k])
            out_shape.append(r.randint(1, 12))
            kernel.append("nop"[k])
    sizes = dict(zip(out_letters[1:], out_shape))
    for i in range(1, len(letters)):
        size = sizes[letters[i]] if letters[i] in sizes else shape[i - 1]
        if size is not None and r.random() < 0.6:
            kernel.append(letters[i])
    if not kernel:
        out_letters.append("q")
        out_shape.append(r.randint(1, 12))
        kernel.append("q")
        sizes["q"] = out_shape[-1]
    r.shuffle(kernel)
    out_spec = "".join(out_letters)
    bias = "".join(c for c in out_spec[1:] if sizes.get(c) is not None and r.random() < 0.4)
    equation = f"{letters},{''.join(kernel)}->{out_spec}"
    if r.random() < 0.2:
        equation = f"...{letters[1:]},{''.join(kernel)}->...{out_spec[1:]}"
    return dict(equation=equation, output_shape=out_shape, bias_axes=bias or None)


KINDS: dict[str, Kind] = {k.name: k for k in [
    # core
    Kind("Dense", ANY, dense),
    Kind("Dropout", ANY, lambda r, s, on: dict(rate=r.choice([0.0, 0.2, 0.5]))),
    Kind("Flatten", ANY, lambda r, s, on: {}),
    Kind("Activation", ANY, lambda r, s, on: dict(activation=activation(r) or "linear")),
    Kind("RepeatVector", (1,), lambda r, s, on: dict(n=r.randint(1, 12))),
    Kind("Embedding", (1, 2), first_only_embedding, first_only=True),
    # recurrent and wrappers
    Kind("SimpleRNN", (2,), rnn("SimpleRNN")),
    Kind("LSTM", (2,), rnn("LSTM")),
    Kind("GRU", (2,), rnn("GRU")),
    Kind("Bidirectional", (2,), lambda r, s, on: dict(
        merge_mode=r.choice(["concat", "sum", "mul", "ave", None])), wraps="rnn"),
    Kind("TimeDistributed", (2, 3, 4), inner_any, wraps="any"),
    Kind("RNN", (2,), rnn_of_cells),
    Kind("ConvLSTM1D", (3,), conv_lstm(1)),
    Kind("ConvLSTM2D", (4,), conv_lstm(2)),
    Kind("ConvLSTM3D", (5,), conv_lstm(3)),
    Kind("EinsumDense", (1, 2), einsum_dense),
    # convolutions
    Kind("Conv1D", (2,), conv("Conv1D", 1)),
    Kind("Conv2D", (3,), conv("Conv2D", 2)),
    Kind("Conv3D", (4,), conv("Conv3D", 3)),
    Kind("Conv1DTranspose", (2,), conv("Conv1DTranspose", 1, transpose=True)),
    Kind("Conv2DTranspose", (3,), conv("Conv2DTranspose", 2, transpose=True)),
    Kind("Conv3DTranspose", (4,), conv("Conv3DTranspose", 3, transpose=True)),
    Kind("SeparableConv1D", (2,), conv("SeparableConv1D", 1, separable=True)),
    Kind("SeparableConv2D", (3,), conv("SeparableConv2D", 2, separable=True)),
    Kind("DepthwiseConv1D", (2,), conv("DepthwiseConv1D", 1, depthwise=True)),
    Kind("DepthwiseConv2D", (3,), conv("DepthwiseConv2D", 2, depthwise=True)),
    # pooling
    Kind("MaxPooling1D", (2,), pooling("MaxPooling1D", 1)),
    Kind("MaxPooling2D", (3,), pooling("MaxPooling2D", 2)),
    Kind("MaxPooling3D", (4,), pooling("MaxPooling3D", 3)),
    Kind("AveragePooling1D", (2,), pooling("AveragePooling1D", 1)),
    Kind("AveragePooling2D", (3,), pooling("AveragePooling2D", 2)),
    Kind("AveragePooling3D", (4,), pooling("AveragePooling3D", 3)),
    Kind("GlobalMaxPooling1D", (2,), global_pooling("GlobalMaxPooling1D")),
    Kind("GlobalMaxPooling2D", (3,), global_pooling("GlobalMaxPooling2D")),
    Kind("GlobalMaxPooling3D", (4,), global_pooling("GlobalMaxPooling3D")),
    Kind("GlobalAveragePooling1D", (2,), global_pooling("GlobalAveragePooling1D")),
    Kind("GlobalAveragePooling2D", (3,), global_pooling("GlobalAveragePooling2D")),
    Kind("GlobalAveragePooling3D", (4,), global_pooling("GlobalAveragePooling3D")),
    # normalization
    Kind("BatchNormalization", ANY, batch_normalization),
    Kind("LayerNormalization", ANY, layer_normalization),
    Kind("GroupNormalization", ANY, group_normalization),
    Kind("RMSNormalization", ANY, rms_normalization),
    Kind("UnitNormalization", ANY, lambda r, s, on: dict(
        axis=r.choice([-1, -1, len(s)] if len(s) == 1 else [-1, 1, [1, len(s)]]))),
    # activations
    Kind("ReLU", ANY, lambda r, s, on: dict(
        max_value=r.choice([None, 6.0]), negative_slope=r.choice([0.0, 0.1]),
        threshold=r.choice([0.0, 0.5]))),
    Kind("LeakyReLU", ANY, lambda r, s, on: dict(negative_slope=r.choice([0.3, 0.01]))),
    Kind("PReLU", ANY, prelu),
    Kind("ELU", ANY, lambda r, s, on: dict(alpha=r.choice([1.0, 0.5]))),
    Kind("Softmax", ANY, lambda r, s, on: dict(axis=r.choice([-1, 1]))),
    # reshaping
    Kind("Reshape", ANY, reshape),
    Kind("Permute", (2, 3, 4), permute),
    Kind("ZeroPadding1D", (2,), zero_padding("ZeroPadding1D", 1)),
    Kind("ZeroPadding2D", (3,), zero_padding("ZeroPadding2D", 2)),
    Kind("ZeroPadding3D", (4,), zero_padding("ZeroPadding3D", 3)),
    Kind("Cropping1D", (2,), cropping("Cropping1D", 1)),
    Kind("Cropping2D", (3,), cropping("Cropping2D", 2)),
    Kind("Cropping3D", (4,), cropping("Cropping3D", 3)),
    Kind("UpSampling1D", (2,), upsampling("UpSampling1D", 1)),
    Kind("UpSampling2D", (3,), upsampling("UpSampling2D", 2)),
    Kind("UpSampling3D", (4,), upsampling("UpSampling3D", 3)),
    # preprocessing, masking, noise
    Kind("Rescaling", ANY, lambda r, s, on: dict(scale=r.choice([1 / 255, 2.0]),
                                                 offset=r.choice([0.0, -1.0]))),
    Kind("Normalization", ANY, normalization),
    Kind("Masking", ANY, lambda r, s, on: dict(mask_value=r.choice([0.0, -1.0]))),
    Kind("SpatialDropout1D", (2,), spatial_dropout("SpatialDropout1D", 1)),
    Kind("SpatialDropout2D", (3,), spatial_dropout("SpatialDropout2D", 2)),
    Kind("SpatialDropout3D", (4,), spatial_dropout("SpatialDropout3D", 3)),
    Kind("GaussianNoise", ANY, lambda r, s, on: dict(stddev=r.choice([0.1, 1.0]))),
    Kind("GaussianDropout", ANY, lambda r, s, on: dict(rate=r.choice([0.1, 0.5]))),
    Kind("AlphaDropout", ANY, lambda r, s, on: dict(rate=r.choice([0.1, 0.5]))),
    Kind("ActivityRegularization", ANY, lambda r, s, on: dict(l1=r.choice([0.0, 0.01]),
                                                              l2=r.choice([0.0, 0.01]))),
]}

RNNS = ("SimpleRNN", "LSTM", "GRU")


def spatial_rank(cls: str) -> int:
    """The number of spatial axes a class name says: 2 for Conv2DTranspose."""
    return int(next(c for c in cls if c.isdigit()))

# Keras's ZeroPadding1D, Cropping1D, UpSampling1D and SpatialDropout1D have no data_format.
DATA_FORMAT_CLASSES = [k for k in KINDS if any(
    p in k for p in ("Conv", "Pooling", "ZeroPadding", "Cropping", "UpSampling", "SpatialDropout")
) and "LSTM" not in k and not (spatial_rank(k) == 1 and not ("Conv" in k or "Pooling" in k))]


# ------------------------------------------------------------------------------------------
# Probes: one minimal model per option tag. An option is drawn only when the library loads its
# probe (and reads the class).


def _probe(cls: str, shape: tuple, **config) -> tuple[str, tuple, dict]:
    return (cls, shape, config)


PROBES: dict[str, tuple[str, tuple, dict]] = {
    # A layer's dtype decides the bytes the summary prints; Keras 2 style exports carry it too.
    "dtype": _probe("Dense", (4,), units=3, dtype="float16"),
    "Conv1D(padding='causal')": _probe("Conv1D", (8, 3), filters=2, kernel_size=3,
                                       padding="causal"),
    "Conv1D(groups>1)": _probe("Conv1D", (8, 4), filters=4, kernel_size=3, groups=2),
    "Conv2D(groups>1)": _probe("Conv2D", (8, 8, 4), filters=4, kernel_size=3, groups=2),
    "Conv3D(groups>1)": _probe("Conv3D", (6, 6, 6, 4), filters=4, kernel_size=3, groups=2),
    "BatchNormalization(axis≠-1)": _probe("BatchNormalization", (5, 7), axis=1),
    "LayerNormalization(axis≠-1)": _probe("LayerNormalization", (5, 7), axis=1),
    "GroupNormalization(axis≠-1)": _probe("GroupNormalization", (6, 7), groups=2, axis=1),
    "Normalization(axis≠-1)": _probe("Normalization", (5, 7), axis=1),
    # Batch renormalization's three statistics more (drawn from SIDE_STREAM: see Draw.on).
    "BatchNormalization(renorm)": _probe("BatchNormalization", (5, 7), renorm=True),
    **{f"{c}(return_state=True)": _probe(c, (6, 3), units=4, return_state=True) for c in RNNS},
    "Bidirectional(return_state=True)": _probe(
        "Bidirectional", (6, 3), layer=lambda: L.LSTM(4, return_state=True)),
    **{f"{c}(keepdims=True)": _probe(c, (4,) * (spatial_rank(c) + 1), keepdims=True)
       for c in KINDS if c.startswith("Global")},
    # Keras 3's LoRA (lora_rank=): drawn for a layer after the first, whose input the row above
    # prints; a first layer's (and an Embedding's) input size is solved from its count, which
    # LoRA changes, so its table alone may not tell (tests/read_lora_test.ts reads those).
    **{f"{c}(lora_rank)": _probe(c, (4,), lora_rank=2, **config) for c, config in [
        ("Dense", dict(units=3)),
        ("EinsumDense", dict(equation="ab,bc->ac", output_shape=3)),
    ]},
}
LORA_KINDS = ("Dense", "EinsumDense")
# The options Draw.on draws from its side stream.
SIDE_STREAM = {"BatchNormalization(renorm)"}
for _cls in DATA_FORMAT_CLASSES:
    _rank = spatial_rank(_cls)
    _config: dict[str, Any] = {"data_format": "channels_first"}
    if "Conv" in _cls and "Depthwise" not in _cls:
        _config["filters"] = 2
    if "Conv" in _cls:
        _config["kernel_size"] = 2
    if "Pooling" in _cls and "Global" not in _cls:
        _config["pool_size"] = 2
    if "Dropout" in _cls:
        _config["rate"] = 0.5
    PROBES[f"{_cls}(data_format='channels_first')"] = _probe(_cls, (3,) + (6,) * _rank, **_config)


def probe_json(tag: str) -> dict:
    cls, shape, config = PROBES[tag]
    config = {key: value() if callable(value) else value for key, value in config.items()}
    model = keras.Sequential([keras.Input(shape), getattr(L, cls)(**config)])
    return json.loads(model.to_json())


def library_support(deno: str, probes: dict[str, dict]) -> tuple[set[str], dict[str, str]]:
    """Asks the library which classes it reads and which probes it loads."""
    result = subprocess.run(
        [deno, "run", "--quiet", "--allow-read", os.path.join(ROOT, "tools/keras_oracle/library_support.ts")],
        input=json.dumps({"probes": probes}), capture_output=True, text=True, cwd=ROOT,
    )
    if result.returncode != 0:
        sys.exit(f"generate.py: asking the library what it supports failed:\n{result.stderr}")
    answer = json.loads(result.stdout)
    return set(answer["classes"]), answer["refused"]


# ------------------------------------------------------------------------------------------
# Building one model


class Draw:
    """The random choices of one model, and the tags it used."""

    def __init__(self, seed: int, classes: set[str], options: set[str], force: str | None):
        self.r = random.Random(seed)
        # Options added after seeds were already recorded in issues and logs draw from a stream
        # of their own, so that every earlier seed still builds the model it built.
        self.side = random.Random(seed * 15485863 + 1)
        self.classes = classes
        self.options = options
        self.force = force
        self.tags: set[str] = set()

    def on(self, tag: str, p: float) -> bool:
        if tag not in self.options:
            return False
        stream = self.side if tag in SIDE_STREAM else self.r
        hit = tag == self.force or stream.random() < p
        if hit:
            self.tags.add(tag)
        return hit


def kinds_for(rank: int, classes: set[str], first: bool) -> list[Kind]:
    return [k for k in KINDS.values() if k.name in classes and rank in k.ranks
            and (first or not k.first_only)]


def input_shape(r: random.Random, rank: int) -> tuple:
    if rank == 1:
        return (r.randint(1, 64),)
    if rank == 2:
        return (None if maybe(r, 0.1) else r.randint(1, 40), r.randint(1, 24))
    unknown = maybe(r, 0.1)  # unknown spatial sizes, as images of any size
    if rank == 3:
        return (None if unknown else r.randint(1, 20), r.randint(1, 20), r.randint(1, 12))
    if rank == 4:
        return (r.randint(1, 9), None if unknown else r.randint(1, 9), r.randint(1, 9),
                r.randint(1, 6))
    # Rank 5: time steps of volumes (ConvLSTM3D).
    return (r.randint(1, 4), r.randint(2, 6), r.randint(2, 6), r.randint(2, 6), r.randint(1, 4))


NAMES = ["first", "a_rather_long_layer_name_that_has_to_wrap_in_the_table", "x[1]", "[bold]b",
         "ünïcødé_λ", "with space", "Dense", "lstm_99", "n" * 40]
DTYPES = ["float16", "bfloat16", "float64", "mixed_float16", "mixed_bfloat16"]


def custom_name(r: random.Random) -> str:
    return f"{r.choice(NAMES)}_{r.randint(0, 999)}" if maybe(r) else r.choice(NAMES)


def make_layer(kind: Kind, shape: tuple, d: Draw, last: bool,
               first: bool = False) -> keras.layers.Layer:
    r = d.r
    config = kind.draw(r, shape, d.on)
    if not first and kind.name in LORA_KINDS and d.on(f"{kind.name}(lora_rank)", 0.3):
        config["lora_rank"] = r.randint(1, 8)
    if maybe(r, 0.08):
        config["name"] = custom_name(r)
    if d.on("dtype", 0.04):
        config["dtype"] = r.choice(DTYPES)
    if kind.name in RNNS and config.get("return_state") and not last:
        config.pop("return_state")
        d.tags.discard(f"{kind.name}(return_state=True)")
    if maybe(r, 0.1):
        config["trainable"] = False
    if kind.wraps == "rnn":
        inner_name = r.choice([n for n in RNNS if n in d.classes])
        before = set(d.tags)
        inner_config = KINDS[inner_name].draw(r, shape, d.on)
        d.tags = before  # the wrapped layer's return_state is Bidirectional's option
        inner_config.pop("return_state", None)
        if last and d.on("Bidirectional(return_state=True)", 0.3):
            inner_config["return_state"] = True
        if config["merge_mode"] is None and not last:
            config["merge_mode"] = "concat"
        return L.Bidirectional(getattr(L, inner_name)(**inner_config), **config)
    if kind.wraps == "any":
        inner_shape = shape[1:]
        candidates = [k for k in kinds_for(len(inner_shape), d.classes, False) if k.wraps is None]
        inner = r.choice(candidates)
        inner_config = (einsum_dense(r, inner_shape, d.on)
                        if inner.name == "EinsumDense" else inner.draw(r, inner_shape, d.on))
        inner_config.pop("return_state", None)
        return L.TimeDistributed(getattr(L, inner.name)(**inner_config), **config)
    return getattr(L, kind.name)(**config)


def flat_shapes(output) -> list:
    if isinstance(output, (list, tuple)):
        return [list(o.shape) for o in output]
    return list(output.shape)


def valid_shape(shapes) -> bool:
    if shapes and isinstance(shapes[0], list):
        return all(valid_shape(s) for s in shapes)
    return all(d is None or d > 0 for d in shapes)


def build(seed: int, classes: set[str], options: set[str], force: str | None = None):
    """One random model. `force` names a kind or option tag the model must contain."""
    d = Draw(seed, classes, options, force)
    r = d.r
    force_kind = force if force in KINDS else (PROBES[force][0] if force in PROBES else None)
    if force_kind is not None:
        rank = r.choice(KINDS[force_kind].ranks)
    else:
        # The input's rank is that of a random kind, so that kinds of every rank (3D
        # convolutions and pooling too) are drawn about as often as the others.
        rank = r.choice(r.choice([k for k in KINDS.values() if k.name in classes]).ranks)
    shape = input_shape(r, rank)
    embedding_first = "Embedding" in classes and rank <= 2 and maybe(r, 0.1) and force_kind is None
    if force_kind == "Embedding" or embedding_first:
        shape = (r.randint(1, 30),) if rank == 1 else (r.randint(1, 10), r.randint(1, 10))
    inp = keras.Input(shape, dtype="int32" if embedding_first or force_kind == "Embedding" else None)
    x = inp
    chosen: list = []
    wanted = r.randint(1, 7)
    attempts = 0
    placed_force = force_kind is None
    while len(chosen) < wanted and attempts < 60:
        attempts += 1
        cur = tuple(x.shape[1:])
        first = not chosen
        last = len(chosen) == wanted - 1
        if not placed_force and (r.random() < 0.5 or attempts > 20):
            if len(cur) not in KINDS[force_kind].ranks or (KINDS[force_kind].first_only and not first):
                break
            kind = KINDS[force_kind]
            last = True if force in PROBES and "return_state" in force else last
        elif embedding_first and first:
            kind = KINDS["Embedding"]
        else:
            candidates = kinds_for(len(cur), classes, first)
            if not candidates:
                break
            kind = r.choice(candidates)
        before = set(d.tags)
        try:
            layer = make_layer(kind, cur, d, last, first)
            y = layer(x)
        except Exception:  # Keras refused the config: draw another
            d.tags = before
            continue
        shapes = flat_shapes(y)
        # Keras wants unique names among a Sequential's layers; a custom name may repeat.
        if not valid_shape(shapes) or layer.name in {c.name for c in chosen}:
            d.tags = before
            continue
        chosen.append(layer)
        if kind.name == force_kind:
            placed_force = True
        if isinstance(y, (list, tuple)):
            break  # several outputs: nothing can follow
        x = y
    if not chosen or not placed_force or (force in PROBES and force not in d.tags):
        return None
    try:
        model = keras.Sequential([inp] + chosen, name=custom_name(r) if maybe(r, 0.1) else None)
    except ValueError as error:  # counted as a seed that drew no model, and said why
        log(f"generate.py: seed {seed}: Keras refused the model: {error}")
        return None
    return model, d.tags


TERMINAL_COLUMNS = 120
# How many tables Keras prints of each model for "Keras prints, we read" (--prints).
PRINTS_PER_MODEL = 0


def record(seed: int, model, tags: set[str]) -> dict:
    layers = []
    kinds = set()
    for layer in model.layers:
        kinds.add(type(layer).__name__)
        for inner in ("layer", "forward_layer"):
            if hasattr(layer, inner):
                kinds.add(type(getattr(layer, inner)).__name__)
        output = layer._inbound_nodes[-1].output_tensors
        layers.append({
            "name": layer.name,
            "class_name": type(layer).__name__,
            "params": int(layer.count_params()),
            "trainable": size(layer.trainable_weights),
            "non_trainable": size(layer.non_trainable_weights),
            "output_shape": flat_shapes(output if len(output) > 1 else output[0]),
        })
    default = summary_text(model)
    # Without a terminal rich's console is 80 columns wide and cuts the 88-column table there;
    # in a terminal of TERMINAL_COLUMNS it shows whole.
    cut = summary_text(model, line_length=88)
    wide = summary_text(model, TERMINAL_COLUMNS, line_length=88)
    return {
        "seed": seed,
        "kinds": sorted(kinds),
        "options": sorted(tags),
        "json": json.loads(model.to_json()),
        "layers": layers,
        "total": int(model.count_params()),
        "trainable": size(model.trainable_weights),
        "non_trainable": size(model.non_trainable_weights),
        "summary": default,
        "summary_88": cut,
        "summary_88_terminal": wide,
    }


def one(seed: int, classes: set[str], options: set[str], force: str | None = None) -> dict | None:
    """The record of the model of `seed`, or None when the seed draws no model."""
    # Most models start a fresh session (names "dense", "dense_1", ...); some keep counting.
    if random.Random(seed + 1).random() < 0.8:
        keras.backend.clear_session()
    # Keras creates every weight with its shape and dtype but, inside this scope, never fills it
    # with random numbers: counts, shapes and summaries are the same, and a model takes
    # milliseconds instead of seconds of JAX compiling initializers. (clear_session() leaves
    # the scope, hence one scope per model.)
    with StatelessScope(initialize_variables=False):
        built = build(seed, classes, options, force)
        if built is None:
            return None
        rec = record(seed, *built)
    if PRINTS_PER_MODEL:
        # Keras prints the model's summary the ways people print it (tools/keras_oracle/
        # prints.py); outside the stateless scope, where an optimizer can make its variables.
        rec["prints"] = prints.print_variants(built[0], seed, PRINTS_PER_MODEL)
    return rec


def generate(base_seed: int, count: int, classes: set[str], options: set[str]) -> list[dict]:
    seeds = random.Random(base_seed)
    records: list[dict] = []
    failures = 0
    while len(records) < count:
        seed = seeds.randrange(2**31)
        rec = one(seed, classes, options)
        if rec is None:
            failures += 1
            continue
        records.append(rec)
    # Every supported kind and option at least once: add models that must contain the missing.
    wanted = sorted(k for k in KINDS if k in classes) + sorted(options)
    for item in wanted:
        covered = any(item in rec["kinds"] or item in rec["options"] for rec in records)
        tries = 0
        while not covered and tries < 40:
            tries += 1
            seed = seeds.randrange(2**31)
            rec = one(seed, classes, options, force=item)
            if rec is not None:
                rec["forced"] = item
                records.append(rec)
                covered = item in rec["kinds"] or item in rec["options"]
        if not covered:
            sys.exit(f"generate.py: could not build a model with {item} in 40 tries")
    return records, failures


def write_json(path: str, value: object) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", help="directory to write models-NNN.json into")
    parser.add_argument("--seed", type=int, help="base seed (default: a fresh one, printed)")
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--per-file", type=int, default=100)
    parser.add_argument("--replay", type=int, help="rebuild the model of this seed and print it")
    parser.add_argument("--force", help="with --replay: the kind or option the model was forced to have")
    parser.add_argument("--deno", default="deno")
    parser.add_argument("--prints", type=int, default=0,
                        help="tables Keras prints of each model, with random options (prints.py)")
    args = parser.parse_args()
    global PRINTS_PER_MODEL
    PRINTS_PER_MODEL = args.prints

    with StatelessScope(initialize_variables=False):  # for the probes; see one()
        run(args)


def run(args: argparse.Namespace) -> None:
    started = time.time()
    probes = {tag: probe_json(tag) for tag in PROBES}
    classes, refused = library_support(args.deno, probes)
    options = {tag for tag in PROBES if tag not in refused and PROBES[tag][0] in classes}
    skipped_kinds = sorted(k for k in KINDS if k not in classes)
    skipped_options = {
        t: f"{PROBES[t][0]} is not in supportedKerasClasses()" if PROBES[t][0] not in classes
        else refused[t]
        for t in PROBES if t not in options
    }
    if args.replay is not None:
        rec = one(args.replay, classes, options, args.force)
        if rec is None:
            sys.exit("generate.py: that seed draws no model")
        sys.stderr.write(json.dumps(rec, indent=1) + "\n" + rec["summary"])
        return
    if not args.out:
        sys.exit("generate.py: --out DIR is required")
    base_seed = args.seed if args.seed is not None else random.randrange(2**31)
    log(f"generate.py: base seed {base_seed} (replay with --seed {base_seed} --count {args.count})")
    log(f"generate.py: Keras {keras.__version__}, backend {keras.backend.backend()}")
    log(f"generate.py: {len(KINDS) - len(skipped_kinds)} of {len(KINDS)} kinds and "
        f"{len(options)} of {len(PROBES)} options are supported by the library")
    if skipped_kinds:
        log(f"generate.py: skipped kinds (not in supportedKerasClasses()): {', '.join(skipped_kinds)}")
    # Classes the library reads that no KINDS entry draws (aliases of an entry excepted): each
    # is one entry away from being tested here.
    undrawn = sorted(c for c in classes if c != "InputLayer" and c not in KINDS and
                     getattr(getattr(L, c, None), "__name__", c) not in KINDS)
    if undrawn:
        log(f"generate.py: read by the library but not drawn here (no KINDS entry): {', '.join(undrawn)}")
    for tag, why in sorted(skipped_options.items()):
        log(f"generate.py: skipped option {tag}: {why.splitlines()[0][:160]}")
    records, failures = generate(base_seed, args.count, classes, options)
    os.makedirs(args.out, exist_ok=True)
    for name in os.listdir(args.out):
        if name == "meta.json" or (name.startswith("models-") and name.endswith(".json")):
            os.remove(os.path.join(args.out, name))
    meta = {
        "keras_version": keras.__version__,
        "backend": keras.backend.backend(),
        "base_seed": base_seed,
        "count": args.count,
        "terminal_columns": TERMINAL_COLUMNS,
        "supported_kinds": sorted(k for k in KINDS if k in classes),
        "skipped_kinds": skipped_kinds,
        "supported_options": sorted(options),
        "skipped_options": skipped_options,
        # So the test can tell when the library starts reading a skipped option.
        "probes": {tag: probe for tag, probe in probes.items() if tag in skipped_options},
    }
    write_json(os.path.join(args.out, "meta.json"), meta)
    for start in range(0, len(records), args.per_file):
        chunk = records[start:start + args.per_file]
        write_json(os.path.join(args.out, f"models-{start // args.per_file:03d}.json"),
                   {"models": chunk})
    if PRINTS_PER_MODEL:
        log(f"generate.py: Keras printed {prints.SPENT['tables']} tables in "
            f"{prints.SPENT['seconds']:.1f} s")
    log(f"generate.py: {len(records)} models written to {args.out} in "
        f"{time.time() - started:.1f} s ({failures} seeds drew no model)")


if __name__ == "__main__":
    main()
