"""Real Keras 3 computes the output shape of keras.ops calls on symbolic tensors.

For every operation paramlab declares (lib/ops/), a few random calls on `keras.Input`s: random
ranks, sizes, unknown sizes, broadcasting operands, constants and configurations. Each call is
made into a Functional model and written as Keras writes it (`model.to_json()`'s layers,
`input_layers`, `output_layers`), with the output shape Keras computed. The test reads each
model back from its JSON and compares the operation's output shape with Keras's.

    KERAS_BACKEND=jax .venv/bin/python tools/keras_oracle/ops_shapes.py \
        tests/fixtures/keras3_oracle/ops_shapes.json [seed] [cases per op] [tables per case]

With tables per case (CI passes 2 with a fresh seed), Keras also prints each case's model the
ways people print it (prints.py), for tools/keras_oracle/prints_check.ts to read back: the rows
Keras prints for keras.ops calls. Their options come from a stream of their own, so a seed's
cases are the same with or without them.

Also writes `keras_operation_names`: every operation class keras.src.ops defines, so that a reader
can tell a Keras operation it has no rule for from a class someone wrote.
"""

import inspect
import json
import os
import random
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402
from keras import ops  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from prints import print_variants  # noqa: E402
from keras.src.ops.operation import Operation  # noqa: E402


def rand_shape(rng, rank=None, unknown=0.15):
    """A batch-first shape: None for the batch, sizes 1..6, now and then an unknown size."""
    rank = rank if rank is not None else rng.randint(2, 4)
    return [None] + [None if rng.random() < unknown else rng.randint(1, 6) for _ in range(rank - 1)]


def known_shape(rng, rank=None):
    return rand_shape(rng, rank, unknown=0.0)


def broadcast_partner(rng, shape):
    """A shape that broadcasts with `shape`: some sizes 1, maybe fewer leading axes."""
    partner = [1 if (d is not None and rng.random() < 0.4) else d for d in shape]
    if rng.random() < 0.3:
        partner = partner[rng.randint(1, len(partner) - 1):]
    return partner


def axis_of(rng, rank, allow_none=True):
    if allow_none and rng.random() < 0.2:
        return None
    a = rng.randrange(rank)
    return a - rank if rng.random() < 0.4 else a


def axes_of(rng, rank):
    """An axis, a list of distinct axes, or None."""
    r = rng.random()
    if r < 0.2:
        return None
    if r < 0.6:
        return axis_of(rng, rank, allow_none=False)
    return sorted(rng.sample(range(rank), rng.randint(1, rank)))


def unary(fn):
    return lambda rng: ([rand_shape(rng)], lambda x: fn(x))


def binary(fn):
    def make(rng):
        a = rand_shape(rng)
        r = rng.random()
        if r < 0.2:
            const = rng.choice([0, 1, 2.5])
            return [a], lambda x: fn(x, const)
        b = broadcast_partner(rng, a)
        if rng.random() < 0.5:
            return [a, b], lambda x, y: fn(x, y)
        return [b, a], lambda x, y: fn(x, y)

    return make


def reduction(fn, axis_kind="axes"):
    def make(rng):
        a = rand_shape(rng)
        axis = axes_of(rng, len(a)) if axis_kind == "axes" else axis_of(rng, len(a))
        keep = rng.random() < 0.4
        return [a], lambda x: fn(x, axis=axis, keepdims=keep)

    return make


def with_axis(fn):
    def make(rng):
        a = rand_shape(rng)
        axis = axis_of(rng, len(a), allow_none=False)
        return [a], lambda x: fn(x, axis=axis)

    return make


def reshape(rng):
    a = known_shape(rng)
    size = 1
    for d in a[1:]:
        size *= d
    split = rng.choice([[-1], [size], [-1, size], [1, -1] if size > 1 else [1, 1]])
    if rng.random() < 0.3:
        a = rand_shape(rng)
        split = [-1, rng.randint(1, 4)]
    return [a], lambda x: ops.reshape(x, [-1, *split] if split[0] != -1 else split)


def transpose(rng):
    a = rand_shape(rng)
    axes = None if rng.random() < 0.25 else rng.sample(range(len(a)), len(a))
    return [a], lambda x: ops.transpose(x, axes)


def expand_dims(rng):
    a = rand_shape(rng)
    axis = rng.choice([rng.randint(-len(a) - 1, len(a)), [1, -1]])
    return [a], lambda x: ops.expand_dims(x, axis)


def squeeze(rng):
    a = rand_shape(rng, rng.randint(3, 5))
    ones = rng.sample(range(1, len(a)), rng.randint(1, len(a) - 1))
    for i in ones:
        a[i] = 1
    axis = rng.choice([None, ones[0], ones[0] - len(a), sorted(ones)])
    return [a], lambda x: ops.squeeze(x, axis)


def tile(rng):
    a = rand_shape(rng)
    n = rng.randint(1, len(a) + 1)
    repeats = [rng.randint(1, 3) for _ in range(n)]
    if n == 1 and rng.random() < 0.5:
        repeats = repeats[0]
    return [a], lambda x: ops.tile(x, repeats)


def repeat(rng):
    a = rand_shape(rng)
    axis = rng.randint(1, len(a) - 1)
    reps = rng.randint(1, 3)
    return [a], lambda x: ops.repeat(x, reps, axis=axis)


def stack(rng):
    a = rand_shape(rng)
    n = rng.randint(2, 3)
    axis = rng.randint(-len(a) - 1, len(a))
    return [a] * n, lambda *xs: ops.stack(list(xs), axis=axis)


def concatenate(rng):
    a = rand_shape(rng)
    axis = rng.randint(1, len(a) - 1)
    shapes = []
    for _ in range(rng.randint(2, 3)):
        s = list(a)
        s[axis] = None if rng.random() < 0.15 else rng.randint(1, 5)
        shapes.append(s)
    neg = rng.random() < 0.4
    return shapes, lambda *xs: ops.concatenate(list(xs), axis=axis - len(a) if neg else axis)


def get_item(rng):
    a = rand_shape(rng, rng.randint(2, 4))
    key = []
    for d in a[1:]:
        r = rng.random()
        if r < 0.3:
            key.append(slice(None))
        elif r < 0.5 and d is not None:
            key.append(rng.randint(-d, d - 1))
        elif r < 0.8:
            start = rng.choice([None, 0, 1, -2])
            stop = rng.choice([None, 2, -1, 5])
            step = rng.choice([None, None, 2, -1])
            key.append(slice(start, stop, step))
        else:
            key.append(None)
    key = [slice(None)] + key
    if rng.random() < 0.3:
        at = rng.randint(0, len(key))
        key = key[:at] + [Ellipsis] + key[at + 1:]
    if rng.random() < 0.3:
        key = key[: rng.randint(1, len(key))]
    k = tuple(key) if len(key) != 1 or rng.random() < 0.5 else key[0]
    return [a], lambda x: x[k]


def matmul(rng):
    m, k, n = rng.randint(1, 5), rng.randint(1, 5), rng.randint(1, 5)
    lead = [None] + [rng.randint(1, 3) for _ in range(rng.randint(0, 1))]
    a = lead + [m, k]
    r = rng.random()
    if r < 0.3:
        b = [k, n]
    elif r < 0.5:
        b = [k]
    else:
        b = [1 if rng.random() < 0.3 else d for d in lead] + [k, n]
    return [a, b], lambda x, y: ops.matmul(x, y)


def einsum(rng):
    b, i, j, k = (rng.randint(1, 5) for _ in range(4))
    spec = rng.choice(
        [
            ("bij,bjk->bik", [[None, i, j], [None, j, k]]),
            ("bij,jk->bik", [[None, i, j], [j, k]]),
            ("bij->bji", [[None, i, j]]),
            ("bij->b", [[None, i, j]]),
            ("bi,bi->b", [[None, i], [None, i]]),
            ("...ij,jk->...ik", [[None, b, i, j], [j, k]]),
        ]
    )
    return spec[1], lambda *xs: ops.einsum(spec[0], *xs)


def where(rng):
    a = rand_shape(rng)
    b = broadcast_partner(rng, a)
    if rng.random() < 0.3:
        return [a, b], lambda c, x: ops.where(c, x, 0.0)
    return [a, b, a], lambda c, x, y: ops.where(c, x, y)


def one_hot(rng):
    a = rand_shape(rng)
    n = rng.randint(2, 6)
    axis = rng.choice([-1, rng.randint(0, len(a) - 1)])
    return [a], lambda x: ops.one_hot(ops.cast(x, "int32"), n, axis=axis)


def swapaxes(rng):
    a = rand_shape(rng)
    return [a], lambda x: ops.swapaxes(x, axis_of(rng, len(a), False), axis_of(rng, len(a), False))


def moveaxis(rng):
    a = rand_shape(rng)
    n = rng.randint(1, len(a))
    src = rng.sample(range(len(a)), n)
    dst = rng.sample(range(len(a)), n)
    return [a], lambda x: ops.moveaxis(x, src if n > 1 else src[0], dst if n > 1 else dst[0])


def flatten_like(fn):
    def make(rng):
        a = rand_shape(rng)
        return [a], lambda x: fn(x)

    return make


def cumulative(fn):
    def make(rng):
        a = rand_shape(rng)
        axis = axis_of(rng, len(a))
        return [a], lambda x: fn(x, axis=axis)

    return make


def broadcast_to(rng):
    a = known_shape(rng)
    target = [d for d in a]
    target[0] = rng.randint(1, 4)
    b = [1 if rng.random() < 0.4 else d for d in target]
    return [b[1:]], lambda x: ops.broadcast_to(x, target)


def clip(rng):
    return [rand_shape(rng)], lambda x: ops.clip(x, -1.0, 1.0)


def cast(rng):
    return [rand_shape(rng)], lambda x: ops.cast(x, rng.choice(["float32", "int32", "bool"]))


def normalize(rng):
    a = rand_shape(rng)
    return [a], lambda x: ops.normalize(x, axis=axis_of(rng, len(a), False))


def glu(rng):
    a = rand_shape(rng)
    axis = rng.randint(1, len(a) - 1)
    a[axis] = 2 * rng.randint(1, 3)
    return [a], lambda x: ops.glu(x, axis=axis)


def take(rng):
    a = rand_shape(rng)
    idx = rand_shape(rng, rng.randint(1, 3))[1:] or [2]
    axis = rng.choice([None, rng.randint(1, len(a) - 1)])
    return [a, [None, *idx]], lambda x, i: ops.take(x, ops.cast(i, "int32"), axis=axis)


def binary_tensors(fn):
    """Two tensors broadcast together (the operations that read both operands' shapes)."""

    def make(rng):
        a = rand_shape(rng)
        b = broadcast_partner(rng, a)
        return ([a, b], lambda x, y: fn(x, y)) if rng.random() < 0.5 else ([b, a], lambda x, y: fn(x, y))

    return make


def dot(rng):
    k = rng.randint(1, 4)
    a = rand_shape(rng)
    a[-1] = k
    r = rng.random()
    if r < 0.3:
        return [a, [k]], lambda x, y: ops.dot(x, y)
    if r < 0.4:
        return [a], lambda x: ops.dot(x, 2.0)
    b = [k, rng.randint(1, 4)] if r < 0.7 else [rng.randint(1, 3), k, rng.randint(1, 4)]
    return [a, b], lambda x, y: ops.dot(x, y)


def tensordot(rng):
    a = known_shape(rng, rng.randint(2, 4))
    if rng.random() < 0.5:
        n = rng.randint(0, min(2, len(a) - 1))
        b = a[len(a) - n:] + [rng.randint(1, 4)] if n else [rng.randint(1, 4), 2]
        return [a, b], lambda x, y: ops.tensordot(x, y, axes=n)
    i = rng.randint(1, len(a) - 1)
    b = [rng.randint(1, 3), a[i]]
    return [a, b], lambda x, y: ops.tensordot(x, y, axes=([i], [1]))


def outer(rng):
    return [rand_shape(rng), rand_shape(rng)], lambda x, y: ops.outer(x, y)


def roll(rng):
    a = rand_shape(rng)
    axis = rng.choice([None, rng.randint(1, len(a) - 1)])
    return [a], lambda x: ops.roll(x, rng.randint(-2, 2), axis=axis)


def split(rng):
    a = known_shape(rng)
    axis = rng.randint(1, len(a) - 1)
    if rng.random() < 0.5:
        n = rng.choice([d for d in range(1, 4) if a[axis] % d == 0])
        return [a], lambda x: ops.split(x, n, axis=axis)
    cuts = sorted(rng.sample(range(0, a[axis] + 1), rng.randint(1, 2)))
    return [a], lambda x: ops.split(x, cuts, axis=axis)


def unstack(rng):
    a = known_shape(rng)
    axis = rng.randint(-len(a) + 1, len(a) - 1)
    return [a], lambda x: ops.unstack(x, axis=axis)


def top_k(rng):
    a = known_shape(rng)
    return [a], lambda x: ops.top_k(x, rng.randint(1, a[-1]))


def moments(rng):
    a = rand_shape(rng)
    axes = sorted(rng.sample(range(len(a)), rng.randint(1, len(a))))
    return [a], lambda x: ops.moments(x, axes, keepdims=rng.random() < 0.4)


def attention(rng):
    t, s, h, d = (rng.randint(1, 5) for _ in range(4))
    q, kv = [None, t, h, d], [None, s, h, d]
    r = rng.random()
    if r < 0.4:
        return [q, kv, kv], lambda a, b, c: ops.dot_product_attention(a, b, c)
    if r < 0.7:
        return [q, kv, kv, [None, h, t, s]], lambda a, b, c, m: ops.dot_product_attention(
            a, b, c, mask=ops.cast(m, "bool")
        )
    return [q, kv, kv], lambda a, b, c: ops.dot_product_attention(a, b, c, is_causal=True)


def rms_norm(rng):
    a = rand_shape(rng)
    return [a], lambda x: ops.rms_normalization(x, axis=-1)


def layer_norm(rng):
    a = known_shape(rng)
    return [a], lambda x: ops.layer_normalization(x, axis=-1)


def unary_nn(name):
    return unary(getattr(ops, name))


CASES = {
    # Value by value, one tensor.
    "Absolute": unary(ops.absolute),
    "Negative": unary(ops.negative),
    "Square": unary(ops.square),
    "Sqrt": unary(ops.sqrt),
    "Rsqrt": unary(ops.rsqrt),
    "Exp": unary(ops.exp),
    "Expm1": unary(ops.expm1),
    "Log": unary(ops.log),
    "Log1p": unary(ops.log1p),
    "Log2": unary(ops.log2),
    "Log10": unary(ops.log10),
    "Sin": unary(ops.sin),
    "Cos": unary(ops.cos),
    "Tan": unary(ops.tan),
    "Tanh": unary(ops.tanh),
    "Arctan": unary(ops.arctan),
    "Sign": unary(ops.sign),
    "Floor": unary(ops.floor),
    "Ceil": unary(ops.ceil),
    "Round": unary(ops.round),
    "Reciprocal": unary(ops.reciprocal),
    "Erf": unary(ops.erf),
    "LogicalNot": unary(ops.logical_not),
    "Isnan": unary(ops.isnan),
    "Isinf": unary(ops.isinf),
    "Isfinite": unary(ops.isfinite),
    "ZerosLike": unary(ops.zeros_like),
    "OnesLike": unary(ops.ones_like),
    "StopGradient": unary(ops.stop_gradient),
    "Sinh": unary(ops.sinh),
    "Cosh": unary(ops.cosh),
    "Arcsin": unary(ops.arcsin),
    "Arccos": unary(ops.arccos),
    "Arcsinh": unary(ops.arcsinh),
    "Arccosh": unary(ops.arccosh),
    "Arctanh": unary(ops.arctanh),
    "Trunc": unary(ops.trunc),
    "Exp2": unary(ops.exp2),
    "Cbrt": unary(ops.cbrt),
    "Copy": unary(ops.copy),
    "Signbit": unary(ops.signbit),
    "Tril": unary(lambda x: ops.tril(x, k=1)),
    "Triu": unary(ops.triu),
    "NanToNum": unary(lambda x: ops.nan_to_num(x, nan=1.0)),
    "Cast": cast,
    "Clip": clip,
    # Activations.
    "Relu": unary_nn("relu"),
    "Relu6": unary_nn("relu6"),
    "Sigmoid": unary_nn("sigmoid"),
    "HardSigmoid": unary_nn("hard_sigmoid"),
    "Softplus": unary_nn("softplus"),
    "Softsign": unary_nn("softsign"),
    "Silu": unary_nn("silu"),
    "HardSilu": unary_nn("hard_silu"),
    "LogSigmoid": unary_nn("log_sigmoid"),
    "LeakyRelu": unary(lambda x: ops.leaky_relu(x, negative_slope=0.1)),
    "Elu": unary(lambda x: ops.elu(x, alpha=0.5)),
    "Selu": unary_nn("selu"),
    "Gelu": unary(lambda x: ops.gelu(x, approximate=False)),
    "Celu": unary_nn("celu"),
    "SparsePlus": unary_nn("sparse_plus"),
    "Squareplus": unary(lambda x: ops.squareplus(x, b=2)),
    "TanhShrink": unary_nn("tanh_shrink"),
    "HardTanh": unary_nn("hard_tanh"),
    "HardShrink": unary_nn("hard_shrink"),
    "SoftShrink": unary(lambda x: ops.soft_shrink(x, threshold=0.2)),
    "Threshold": unary(lambda x: ops.threshold(x, 0.5, 0.0)),
    "SparseSigmoid": unary_nn("sparse_sigmoid"),
    "Sparsemax": with_axis(ops.sparsemax),
    "Softmax": with_axis(ops.softmax),
    "LogSoftmax": with_axis(ops.log_softmax),
    "Glu": glu,
    "RMSNorm": rms_norm,
    "LayerNorm": layer_norm,
    "DotProductAttention": attention,
    "Normalize": normalize,
    # Two or three tensors, broadcast.
    "Add": binary(ops.add),
    "Subtract": binary(ops.subtract),
    "Multiply": binary(ops.multiply),
    "Divide": binary(ops.divide),
    "TrueDivide": binary(ops.true_divide),
    "FloorDivide": binary(ops.floor_divide),
    "Mod": binary(ops.mod),
    "Power": binary(ops.power),
    "Maximum": binary(ops.maximum),
    "Minimum": binary(ops.minimum),
    "Equal": binary(ops.equal),
    "NotEqual": binary(ops.not_equal),
    "Greater": binary(ops.greater),
    "GreaterEqual": binary(ops.greater_equal),
    "Less": binary(ops.less),
    "LessEqual": binary(ops.less_equal),
    "LogicalAnd": binary(ops.logical_and),
    "LogicalOr": binary(ops.logical_or),
    "LogicalXor": binary(ops.logical_xor),
    "Arctan2": binary(ops.arctan2),
    "Hypot": binary_tensors(ops.hypot),
    "Logaddexp": binary(ops.logaddexp),
    "DivideNoNan": binary(ops.divide_no_nan),
    "Heaviside": binary_tensors(ops.heaviside),
    "Where": where,
    # Reductions.
    "Mean": reduction(ops.mean),
    "Sum": reduction(ops.sum),
    "Max": reduction(ops.max),
    "Min": reduction(ops.min),
    "Amax": reduction(ops.amax),
    "Amin": reduction(ops.amin),
    "Prod": reduction(ops.prod),
    "Any": reduction(ops.any),
    "All": reduction(ops.all),
    "Std": reduction(ops.std),
    "Var": reduction(ops.var),
    "Logsumexp": reduction(ops.logsumexp),
    "Argmax": reduction(ops.argmax, "axis"),
    "Argmin": reduction(ops.argmin, "axis"),
    # Shapes.
    "Reshape": reshape,
    "Transpose": transpose,
    "ExpandDims": expand_dims,
    "Squeeze": squeeze,
    "Tile": tile,
    "Repeat": repeat,
    "Stack": stack,
    "Concatenate": concatenate,
    "GetItem": get_item,
    "Swapaxes": swapaxes,
    "Moveaxis": moveaxis,
    "Flip": cumulative(ops.flip),
    "Cumsum": cumulative(ops.cumsum),
    "Cumprod": cumulative(ops.cumprod),
    "BroadcastTo": broadcast_to,
    "Roll": roll,
    "Sort": cumulative(ops.sort),
    "Argsort": cumulative(ops.argsort),
    "Ravel": flatten_like(ops.ravel),
    "Dot": dot,
    "Tensordot": tensordot,
    "Outer": outer,
    "Matmul": matmul,
    "Einsum": einsum,
    "OneHot": one_hot,
    "Split": split,
    "Unstack": unstack,
    "TopK": top_k,
    "Moments": moments,
    "Take": take,
}


# Operations whose rule has more paths get more calls.
MORE = {"GetItem": 6, "Einsum": 2, "Matmul": 2, "Reshape": 2, "Squeeze": 2, "ExpandDims": 2,
        "Transpose": 2, "Mean": 2, "Dot": 2, "Tensordot": 2, "DotProductAttention": 2, "Sum": 2, "Stack": 2, "Concatenate": 2, "Tile": 2}


def operation_names():
    """Every Operation subclass keras.src.ops defines that is not a layer."""
    import keras.src.ops as kops

    names = set()
    for module_name in ["numpy", "nn", "core", "math", "linalg", "image"]:
        module = getattr(kops, module_name)
        for name, obj in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(obj, Operation)
                and obj.__module__ == module.__name__
                and not issubclass(obj, keras.layers.Layer)
            ):
                names.add(name)
    return sorted(names)


def main():
    out = sys.argv[1]
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 16
    per_op = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    prints = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    rng = random.Random(seed)
    print_seeds = random.Random(seed * 31 + 7)
    cases = []
    for expected_class, make in CASES.items():
        made = 0
        tries = 0
        wanted = per_op * MORE.get(expected_class, 1)
        while made < wanted and tries < wanted * 20:
            tries += 1
            shapes, fn = make(rng)
            inputs = [keras.Input(batch_shape=tuple(s)) for s in shapes]
            try:
                y = fn(*inputs)
            except (ValueError, TypeError, IndexError):
                continue
            model = keras.Model(inputs, y)
            config = json.loads(model.to_json())["config"]
            ops_written = [
                entry["class_name"]
                for entry in config["layers"]
                if entry["module"].startswith("keras.src.ops")
            ]
            if expected_class not in ops_written:
                raise SystemExit(f"{expected_class}: Keras wrote {ops_written}")
            cases.append(
                {
                    "op": expected_class,
                    "inputs": shapes,
                    "output": [list(t.shape) for t in y] if isinstance(y, (list, tuple))
                    else list(y.shape),
                    "layers": config["layers"],
                    "input_layers": config["input_layers"],
                    "output_layers": config["output_layers"],
                }
            )
            if prints:
                case_seed = print_seeds.randint(0, 2**31 - 1)
                cases[-1]["seed"] = case_seed
                cases[-1]["prints"] = print_variants(model, case_seed, prints)
            made += 1
        if made < wanted:
            raise SystemExit(f"{expected_class}: only {made} valid random calls")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        json.dump(
            {
                "keras_version": keras.__version__,
                "seed": seed,
                "about": "keras.ops calls on symbolic tensors, written by Keras; output shapes "
                "computed by Keras (tools/keras_oracle/ops_shapes.py)",
                "keras_operation_names": operation_names(),
                "cases": cases,
            },
            f,
        )
    print(f"{len(cases)} cases, {len(CASES)} operations, seed {seed}")


if __name__ == "__main__":
    main()
