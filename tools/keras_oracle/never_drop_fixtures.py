"""Writes the never-drop fixtures of issue 16 with real Keras 3 (tests/fixtures/never_drop/).

Each fixture is a model real users build, that a reader must not silently drop anything of: the
LSTM encoder-decoder (states as initial_state), cross-attention, dict and nested inputs and
outputs, keras.ops calls in a graph, a frozen nested model, Embedding(mask_zero=True), Lambda
layers, a registered custom class. For each: model.to_json(), each layer's (and operation's)
count, trainable split and output shape, the totals, the summary text (76 columns with no
terminal; line_length=120 in a 130-column terminal) and what is special about it. The expected numbers all come from Keras.

    KERAS_BACKEND=jax .venv/bin/python tools/keras_oracle/never_drop_fixtures.py tests/fixtures/never_drop
    deno fmt tests/fixtures/never_drop
"""

import json
import os
import sys

os.environ.pop("COLUMNS", None)
os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402
from keras import layers, ops  # noqa: E402
from keras.src import tree  # noqa: E402
from prints import shape_of, size, summary_text  # noqa: E402


def entry(op):
    """What Keras knows of one operation of the graph: a layer, or a keras.ops call."""
    is_layer = isinstance(op, keras.layers.Layer)
    return {
        "name": op.name,
        "class_name": type(op).__name__,
        "module": type(op).__module__,
        "is_layer": is_layer,
        "params": int(op.count_params()) if is_layer else 0,
        "trainable": size(op.trainable_weights) if is_layer else 0,
        "non_trainable": size(op.non_trainable_weights) if is_layer else 0,
        "trainable_flag": bool(op.trainable) if is_layer else None,
        "output_shape": shape_of(op),
    }


def record(model, about, **extra):
    operations = getattr(model, "_operations", model.layers)
    data = {
        "keras_version": keras.__version__,
        "about": about,
        "json": json.loads(model.to_json()),
        "layers": [entry(layer) for layer in model.layers],
        "operations": [entry(op) for op in operations],
        "total": int(model.count_params()),
        "trainable": size(model.trainable_weights),
        "non_trainable": size(model.non_trainable_weights),
        "summary": summary_text(model),
        # In a terminal of 130 columns, so rich does not crop it.
        "summary_120": summary_text(model, columns=130, line_length=120),
    }
    if any(isinstance(layer, keras.Model) for layer in model.layers):
        data["summary_expand_nested"] = summary_text(model, columns=140, line_length=132,
                                                     expand_nested=True, show_trainable=True)
    data.update(extra)
    return data


# ---------------------------------------------------------------------------------------------


def encoder_decoder():
    """keras-io's character-level seq2seq (lstm_seq2seq), with latent_dim=64, 30 encoder tokens
    and 40 decoder tokens: the encoder's last states are the decoder's initial_state."""
    encoder_inputs = keras.Input(shape=(None, 30))
    encoder = layers.LSTM(64, return_state=True)
    _, state_h, state_c = encoder(encoder_inputs)
    decoder_inputs = keras.Input(shape=(None, 40))
    decoder_lstm = layers.LSTM(64, return_sequences=True, return_state=True)
    decoder_outputs, _, _ = decoder_lstm(decoder_inputs, initial_state=[state_h, state_c])
    decoder_dense = layers.Dense(40, activation="softmax")
    model = keras.Model([encoder_inputs, decoder_inputs], decoder_dense(decoder_outputs))
    return record(
        model,
        "LSTM encoder-decoder: encoder LSTM(64, return_state=True) on (None, None, 30); its "
        "states [h, c] are the initial_state of the decoder LSTM(64, return_sequences=True, "
        "return_state=True) on (None, None, 40); Dense(40, softmax). The encoder is created "
        "first, so Keras names it lstm and the decoder lstm_1.",
        config={"latent_dim": 64, "num_encoder_tokens": 30, "num_decoder_tokens": 40},
    )


def cross_attention():
    query = keras.Input((10, 16), name="query")
    value = keras.Input((20, 24), name="value")
    attention = layers.MultiHeadAttention(num_heads=4, key_dim=8)
    out = attention(query, value)
    model = keras.Model([query, value], out, name="cross_attention")
    return record(
        model,
        "MultiHeadAttention(num_heads=4, key_dim=8) called on query (None, 10, 16) and value "
        "(None, 20, 24): the key and value projections read 24 features.",
        weights=[{"name": w.path, "shape": list(w.shape)} for w in attention.weights],
    )


def dict_inputs_outputs():
    num = keras.Input((8,), name="num")
    cat = keras.Input((3,), name="cat")
    x = layers.Concatenate()([layers.Dense(16, activation="relu")(num), layers.Dense(4)(cat)])
    h = layers.Dense(32, activation="relu", name="trunk")(x)
    cls = layers.Dense(3, activation="softmax", name="cls")(h)
    reg = layers.Dense(1, name="reg")(h)
    model = keras.Model(inputs={"num": num, "cat": cat}, outputs={"reg": reg, "cls": cls},
                        name="dict_io")
    return record(
        model,
        "A Functional model with dict inputs {num: (None, 8), cat: (None, 3)} and dict outputs "
        "{reg, cls}: Keras writes input_layers and output_layers as dicts and flattens them by "
        "sorted key.",
        flat_inputs=[t._keras_history.operation.name for t in tree.flatten(model._inputs_struct)],
        flat_outputs=[t._keras_history.operation.name for t in tree.flatten(model._outputs_struct)],
    )


def nested_list_inputs_outputs():
    a = keras.Input((4,), name="a")
    b = keras.Input((5,), name="b")
    c = keras.Input((6,), name="c")
    ab = layers.Concatenate(name="ab")([a, b])
    x = layers.Dense(7, name="x")(ab)
    y = layers.Dense(2, name="y")(layers.Concatenate(name="xc")([x, c]))
    z = layers.Dense(3, name="z")(c)
    model = keras.Model([a, [b, c]], [x, [y, z]], name="nested_io")
    return record(
        model,
        "A Functional model with nested list inputs [a, [b, c]] and outputs [x, [y, z]].",
        flat_inputs=[t._keras_history.operation.name for t in tree.flatten(model._inputs_struct)],
        flat_outputs=[t._keras_history.operation.name for t in tree.flatten(model._outputs_struct)],
    )


def ops_graph():
    tokens = keras.Input((12,), dtype="int32", name="tokens")
    feats = keras.Input((12, 8), name="feats")
    mask = ops.not_equal(tokens, 0)
    m = ops.cast(mask, "float32")
    m = ops.expand_dims(m, -1)
    x = layers.Dense(8, name="proj")(feats)
    x = ops.multiply(x, m)
    x = ops.add(x, feats)
    x = ops.relu(x)
    t = ops.transpose(x, (0, 2, 1))
    scores = ops.matmul(x, t)
    scores = ops.softmax(scores, axis=-1)
    ctx = ops.matmul(scores, x)
    first = ctx[:, 0, :]
    pooled = ops.mean(ctx, axis=1)
    stacked = ops.stack([first, pooled], axis=1)
    tiled = ops.tile(stacked, (1, 2, 1))
    flat = ops.reshape(tiled, (-1, 32))
    sq = ops.squeeze(ops.expand_dims(flat, 1), axis=1)
    out = layers.Dense(2, name="head")(sq)
    model = keras.Model([tokens, feats], out, name="ops_graph")
    ops_written = [
        {"class_name": layer["class_name"], "module": layer["module"],
         "config": layer["config"], "name": layer["name"]}
        for layer in json.loads(model.to_json())["config"]["layers"]
        if layer["module"] != "keras.layers"
    ]
    return record(
        model,
        "keras.ops calls on symbolic tensors: not_equal for a mask, cast, expand_dims, multiply, "
        "add, relu, transpose, matmul, softmax, getitem slicing, mean, stack, tile, reshape, "
        "squeeze; Keras writes each as an operation entry (module keras.src.ops...).",
        ops_written=ops_written,
    )


def frozen_nested():
    block = keras.Sequential([keras.Input((16,)), layers.Dense(8, activation="relu"),
                              layers.BatchNormalization(), layers.Dense(4)], name="block")
    block.trainable = False
    x = keras.Input((16,), name="x")
    y = layers.Dense(2, name="head")(block(x))
    model = keras.Model(x, y, name="frozen_nested")
    return record(
        model,
        "A nested Sequential block (Dense(8), BatchNormalization, Dense(4)) set trainable=False "
        "before it is used: its weights are non-trainable, and Keras writes trainable: false "
        "in its config.",
    )


def embedding_mask_zero():
    tokens = keras.Input((20,), dtype="int32", name="tokens")
    other = keras.Input((20,), dtype="int32", name="other")
    a = layers.Embedding(100, 8, mask_zero=True, name="embed_a")(tokens)
    b = layers.Embedding(50, 8, mask_zero=True, name="embed_b")(other)
    x = layers.Add(name="add")([a, b])
    x = layers.LSTM(6, name="lstm")(x)
    out = layers.Dense(1, name="out")(x)
    model = keras.Model([tokens, other], out, name="masked")
    return record(
        model,
        "Two Embedding(mask_zero=True) branches added and read by an LSTM: Keras's summary "
        "prints the rows of the mask computation (NotEqual, and LogicalOr-like rows where "
        "masks merge) beside the layers.",
    )


def lambda_layers():
    x = keras.Input((6,), name="x")
    with_shape = layers.Lambda(lambda t: ops.concatenate([t, t], axis=-1), output_shape=(12,),
                               name="doubled")(x)
    without = layers.Lambda(lambda t: t * 2.0, name="scaled")(x)
    out = layers.Dense(3, name="out")(layers.Concatenate(name="cat")([with_shape, without]))
    model = keras.Model(x, out, name="lambdas")
    return record(
        model,
        "A Lambda with output_shape=(12,) and a Lambda without one, both fed to a Dense through "
        "a Concatenate. Keras serialises the functions as bytecode; a reader cannot run them.",
    )


@keras.saving.register_keras_serializable(package="paramlab_fixtures", name="ScaledDense")
class ScaledDense(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
        self.scale = self.add_weight(shape=(), name="scale")

    def call(self, x):
        return ops.matmul(x, self.kernel) * self.scale

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.units)

    def get_config(self):
        return {**super().get_config(), "units": self.units}


class Dense(layers.Layer):
    """A class of the user's own, not registered, that happens to be called Dense: its kernel is
    twice as wide as Keras's Dense's and it has no bias."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], 2 * self.units), name="kernel")

    def call(self, x):
        return ops.matmul(x, self.kernel)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], 2 * self.units)

    def get_config(self):
        return {**super().get_config(), "units": self.units}


def custom_between(layer, features, name, about):
    """A model of one custom layer on `features` inputs, then Dense(1) named out."""
    x = keras.Input((features,), name="x")
    out = layers.Dense(1, name="out")(layer(x))
    return record(keras.Model(x, out, name=name), about)


def custom_same_name():
    return custom_between(
        Dense(3, name="own_dense"),
        4,
        "custom_same_name",
        "A layer class of the user's own named Dense, not registered: Keras writes its module "
        "(where the class is defined) and registered_name 'Dense', against module "
        "'keras.layers' and no registered name for Keras's Dense. Its 24 weights (a 4x6 kernel, "
        "no bias) are not the 15 of Keras's Dense(3) on 4 features.",
    )


def build_config_edits():
    """A model whose JSON is edited as a hand may edit it: a layer's build_config input_shape, or
    its module, changed. Keras builds each layer from its build_config before calling it, and
    looks each class up in its module: `variants` records, for each edit, the count
    model_from_json + count_params gives, or the error it raises."""
    x = keras.Input((8, 8, 3), name="x")
    y = layers.Conv2D(4, 3, name="conv")(x)
    y = layers.BatchNormalization(name="bn")(y)
    y = layers.Flatten(name="flat")(y)
    out = layers.Dense(2, name="dense")(y)
    model = keras.Model(x, out, name="build_config_edits")
    text = model.to_json()
    edits = [
        ("conv", "build_config", [None, 8, 8, 5]),
        ("conv", "build_config", [None, 20, 20, 3]),
        ("conv", "build_config", [None, 8, 8]),
        ("bn", "build_config", [None, 2, 2, 4]),
        ("bn", "build_config", [None, 6, 6, 9]),
        ("dense", "build_config", [None, 7]),
        ("dense", "build_config", [3, 144]),
        ("dense", "module", "my_project.layers"),
    ]
    variants = []
    for layer, field, value in edits:
        edited = json.loads(text)
        target = next(e for e in edited["config"]["layers"] if e["config"]["name"] == layer)
        if field == "build_config":
            target["build_config"]["input_shape"] = value
        else:
            target[field] = value
        try:
            count = int(keras.models.model_from_json(json.dumps(edited)).count_params())
            variants.append({"layer": layer, "field": field, "value": value, "count": count})
        except Exception as error:  # what Keras refuses, and why
            variants.append({"layer": layer, "field": field, "value": value,
                             "error": f"{type(error).__name__}: {str(error)[:300]}"})
        keras.backend.clear_session()
    return record(
        model,
        "A Conv2D, BatchNormalization, Flatten and Dense model whose JSON is then edited: "
        "each variant changes one layer's build_config input_shape (or its module) and records "
        "what Keras's model_from_json makes of it, a count or a refusal.",
        variants=variants,
    )


def keras_verdicts(base, edits, run_on=None):
    """Each edit of a model's JSON, whole, with what Keras's model_from_json + count_params
    makes of it (a count, or the error it raises) and, given an input to run the model on,
    whether the model it makes runs."""
    variants = []
    for about, change in edits:
        edit = json.loads(json.dumps(base))
        change(edit)
        try:
            made = keras.models.model_from_json(json.dumps(edit))
            variant = {"about": about, "json": edit, "count": int(made.count_params())}
            if run_on is not None:
                try:
                    made.predict(run_on, verbose=0)
                    variant["runs"] = True
                except Exception:  # the weights Keras kept do not fit the input
                    variant["runs"] = False
            variants.append(variant)
        except Exception as error:  # what Keras refuses, and why
            variants.append({"about": about, "json": edit,
                             "error": f"{type(error).__name__}: {str(error)[:300]}"})
        keras.backend.clear_session()
    return variants


def sequential_build_edits():
    """Sequential Dense(3), Dense(2) on (None, 6), and edits of its JSON: `variants` holds each
    edited JSON whole, with the count Keras's model_from_json + count_params gives or the error
    it raises. Keras writes an InputLayer even for a model built by model.build(); without one,
    it builds the model on build_input_shape, after building each layer from its build_config."""
    model = keras.Sequential(
        [keras.Input((6,), name="x"), layers.Dense(3, name="a"), layers.Dense(2, name="b")],
        name="stack",
    )
    base = json.loads(model.to_json())

    def layer(config, name):
        return next(e for e in config["config"]["layers"] if e["config"]["name"] == name)

    def without_input(build_input_shape):
        def change(j):
            j["config"]["layers"].pop(0)
            if build_input_shape is None:
                j["config"].pop("build_input_shape", None)
            else:
                j["config"]["build_input_shape"] = build_input_shape
        return change

    edits = [
        ("build_input_shape (None, 9) beside the InputLayer of (None, 6)",
         lambda j: j["config"].__setitem__("build_input_shape", [None, 9])),
        ("no InputLayer, build_input_shape (None, 9), the layers built on 6",
         without_input([None, 9])),
        ("no InputLayer, build_input_shape (4, 6): another batch", without_input([4, 6])),
        ("no InputLayer nor build_input_shape: layer a's build_config is the input",
         without_input(None)),
        ("layer a built on (None, 9)",
         lambda j: layer(j, "a")["build_config"].__setitem__("input_shape", [None, 9])),
        ("the InputLayer's batch_shape (None, 9)",
         lambda j: j["config"]["layers"][0]["config"].__setitem__("batch_shape", [None, 9])),
    ]
    variants = keras_verdicts(base, edits)
    return record(
        model,
        "Sequential Dense(3), Dense(2) on (None, 6), and edits of its JSON (build_input_shape, "
        "the InputLayer removed, a layer's build_config, the InputLayer's batch_shape), each "
        "with what Keras's model_from_json makes of it.",
        variants=variants,
    )


def wrapped_build_edits():
    """TimeDistributed(Dense(3)) and Bidirectional(LSTM(2)) on (None, 5, 4), and edits of the
    build_config of a layer a wrapper holds: `variants` holds each edited JSON whole, with the
    count Keras's model_from_json + count_params gives (or its error) and whether the model it
    makes runs (predict on zeros). A wrapper does not build a layer Keras has built already."""
    import numpy as np

    x = keras.Input((5, 4), name="x")
    y = layers.TimeDistributed(layers.Dense(3, name="inner"), name="td")(x)
    out = layers.Bidirectional(layers.LSTM(2, name="lstm"), name="bi")(y)
    model = keras.Model(x, out, name="wrapped_build_edits")
    base = json.loads(model.to_json())

    def held(j, wrapper, key):
        entry = next(e for e in j["config"]["layers"] if e["config"]["name"] == wrapper)
        return entry["config"][key]

    def set_built(wrapper, key, shape):
        return lambda j: held(j, wrapper, key).__setitem__("build_config", {"input_shape": shape})

    edits = [
        ("td's Dense built on (None, 7), given (None, 4)", set_built("td", "layer", [None, 7])),
        ("td's Dense built on (9, 4): another batch", set_built("td", "layer", [9, 4])),
        ("bi's forward LSTM built on (None, 5, 6), given (None, 5, 3)",
         set_built("bi", "layer", [None, 5, 6])),
        ("bi's forward LSTM built on (None, 8, 3): another length",
         set_built("bi", "layer", [None, 8, 3])),
    ]
    variants = keras_verdicts(base, edits, run_on=np.zeros((1, 5, 4)))
    return record(
        model,
        "TimeDistributed(Dense(3)) then Bidirectional(LSTM(2)) on (None, 5, 4), and edits of the "
        "build_config of the layers the wrappers hold, each with what Keras's model_from_json "
        "makes of it and whether that model runs.",
        variants=variants,
    )


def rnn_cell_build_edits():
    """RNN(LSTMCell(5)) and RNN over StackedRNNCells([LSTMCell(4), GRUCell(3)]) on
    (None, 12, 13), and edits of the build_config of their cells: `variants` as in
    wrapped_build_edits. An RNN does not build a cell Keras has built already."""
    import numpy as np

    x = keras.Input((12, 13), name="x")
    y = layers.RNN(layers.LSTMCell(5, name="lstm_cell"), return_sequences=True, name="rnn")(x)
    cells = [layers.LSTMCell(4, name="first"), layers.GRUCell(3, name="second")]
    out = layers.RNN(layers.StackedRNNCells(cells, name="stacked"), name="stack")(y)
    model = keras.Model(x, out, name="rnn_cell_build_edits")
    base = json.loads(model.to_json())

    def rnn(j, name):
        return next(e for e in j["config"]["layers"] if e["config"]["name"] == name)["config"]

    def set_cell(shape):
        return lambda j: rnn(j, "rnn")["cell"].__setitem__("build_config", {"input_shape": shape})

    def set_stacked(index, shape):
        return lambda j: rnn(j, "stack")["cell"]["config"]["cells"][index].__setitem__(
            "build_config", {"input_shape": shape})

    edits = [
        ("the LSTMCell built on (None, 9), given (None, 13)", set_cell([None, 9])),
        ("the LSTMCell built on (2, 13): another batch", set_cell([2, 13])),
        ("the stacked GRUCell built on (None, 7), given (None, 4)", set_stacked(1, [None, 7])),
        ("the stacked LSTMCell built on (4, 5): another batch", set_stacked(0, [4, 5])),
    ]
    return record(
        model,
        "RNN(LSTMCell(5)) then an RNN over StackedRNNCells([LSTMCell(4), GRUCell(3)]) on "
        "(None, 12, 13), and edits of its cells' build_config, each with what Keras's "
        "model_from_json makes of it and whether that model runs.",
        variants=keras_verdicts(base, edits, run_on=np.zeros((1, 12, 13))),
    )


def custom_registered():
    return custom_between(
        ScaledDense(4, name="scaled_dense"),
        10,
        "custom",
        "A registered custom layer (keras.saving.register_keras_serializable(package="
        "'paramlab_fixtures', name='ScaledDense')): Keras writes registered_name "
        "'paramlab_fixtures>ScaledDense'; its 41 weights (a 10x4 kernel and a scalar) are the "
        "user's own code.",
    )


def keras_hub_call_args():
    """keras-hub's blocks called as keras-hub's documents call them: the masks and the encoder
    sequence as keyword arguments (in the JSON, tensors in the inbound node's kwargs)."""
    import keras_hub

    hub = keras_hub.layers
    encoder_tokens = keras.Input((None,), dtype="int32", name="encoder_tokens")
    decoder_tokens = keras.Input((None,), dtype="int32", name="decoder_tokens")
    encoder_mask = keras.Input((None,), dtype="int32", name="encoder_mask")
    decoder_mask = keras.Input((None,), dtype="int32", name="decoder_mask")
    x = hub.TokenAndPositionEmbedding(50, 12, 16)(encoder_tokens)
    x = hub.TransformerEncoder(32, 2)(x, padding_mask=encoder_mask)
    y = layers.Embedding(60, 16)(decoder_tokens)
    y = layers.Add()([hub.SinePositionEncoding()(y, start_index=0), y])
    y = hub.TransformerDecoder(24, 4)(y, encoder_sequence=x, decoder_padding_mask=decoder_mask,
                                      encoder_padding_mask=encoder_mask, use_causal_mask=True)
    out = layers.Dense(60)(y)
    model = keras.Model([encoder_tokens, encoder_mask, decoder_tokens, decoder_mask], out,
                        name="keras_hub_call_args")
    return record(
        model,
        "keras-hub: TokenAndPositionEmbedding(50, 12, 16), then TransformerEncoder(32, 2) called "
        "with padding_mask=encoder_mask; Embedding(60, 16), SinePositionEncoding called with "
        "start_index=0 and added (Add); TransformerDecoder(24, 4) called with encoder_sequence, "
        "decoder_padding_mask, encoder_padding_mask and use_causal_mask=True; Dense(60). Every "
        "tensor given by keyword is in the inbound node's kwargs.",
    )


def keras_object_edits(seed=0, random_edits=40):
    """Dense(3) on (None, 4), its kernel's initializer, regularizer and constraint edited in the
    JSON as a hand (or another library) might write them: every name Keras knows for each, each
    of its classes as Keras writes it, with every argument its constructor takes, and with a key
    it does not take, a misspelt name, a number, a dict without class_name, a legacy dict
    without module, a class of another module and a custom registered one. `objects` lists, per
    kind, Keras's classes: the names it knows each by, the arguments its constructor takes
    (`keys`), those it cannot do without, and whether it takes any key at all; `variants` each
    edit (`field`, `value`) with the count Keras's model_from_json + count_params gives, or the
    error it raises; and values a constructor refuses (a VarianceScaling mode, a negative seed, a
    negative penalty). `random_edits` more, drawn with `seed`: a name misspelt or recased, a class
    as Keras writes it with a key added (one another class takes, or none does), with one of its
    keys left out or given another value, or without its module."""
    import inspect
    import random

    from keras.src import constraints, initializers, regularizers

    model = keras.Sequential([keras.Input((4,), name="x"), layers.Dense(3, name="d")], name="objects")
    base = json.loads(model.to_json())
    kinds = {"initializer": initializers, "regularizer": regularizers, "constraint": constraints}

    def loads(cls, config):
        try:
            cls.from_config(config)
            return True
        except Exception:  # the class refuses this config
            return False

    objects = {}
    edits = []
    for kind, module in kinds.items():
        field = f"kernel_{kind}"
        classes = {}
        for name, cls in module.ALL_OBJECTS_DICT.items():
            classes.setdefault(cls, []).append(name)
        table = {}
        for cls, names in classes.items():
            parameters = list(inspect.signature(cls.__init__).parameters.values())[1:]
            keys = [p.name for p in parameters if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)]
            defaults = {p.name: p.default for p in parameters
                        if p.name in keys and p.default is not inspect.Parameter.empty}
            try:
                written = keras.saving.serialize_keras_object(cls())
            except Exception:  # an abstract base: Keras writes nothing for it
                written = {"module": f"keras.{kind}s", "class_name": cls.__name__, "config": {},
                           "registered_name": None}
            full = json.loads(json.dumps(written))
            full["config"] = {**json.loads(json.dumps(defaults, default=str)), **full["config"]}
            table[cls.__name__] = {
                "names": sorted(names),
                "keys": sorted(keys),
                "required": sorted(k for k in keys if not loads(cls, {x: v for x, v in full["config"].items() if x != k})),
                "any_keys": loads(cls, {**full["config"], "not_a_key": 1}),
            }
            for name in names:
                edits.append((field, name))
            bogus = json.loads(json.dumps(full))
            bogus["config"]["not_a_key"] = 1
            edits += [(field, written), (field, full), (field, bogus)]
        objects[kind] = table
        first = sorted(table)[0]
        edits += [
            (field, first.lower() + "x"),
            (field, 3),
            (field, {"l2": 0.01}),
            (field, {"class_name": first, "config": {}}),
            (field, {"module": f"keras.{kind}s", "class_name": first + "X", "config": {},
                     "registered_name": None}),
            (field, {"module": "my_project.objects", "class_name": first, "config": {},
                     "registered_name": None}),
            (field, {"module": "my_project", "class_name": "Mine", "config": {},
                     "registered_name": "my_project>Mine"}),
        ]
    # Values the constructors require (building the weights, for an initializer).
    def with_values(kind, name, **values):
        value = keras.saving.serialize_keras_object(getattr(kinds[kind], name)())
        value["config"].update(values)
        return (f"kernel_{kind}", value)

    edits += [
        with_values("initializer", "VarianceScaling", mode="fan_x"),
        with_values("initializer", "VarianceScaling", distribution="Normal"),
        with_values("initializer", "VarianceScaling", distribution="gaussian"),
        with_values("initializer", "VarianceScaling", scale=0),
        with_values("initializer", "GlorotUniform", seed=-1),
        with_values("initializer", "GlorotUniform", seed="abc"),
        with_values("initializer", "GlorotUniform", seed=7),
        with_values("initializer", "RandomNormal", stddev=None),
        with_values("initializer", "Constant", value="abc"),
        with_values("initializer", "Constant", value=[1]),
        with_values("regularizer", "L2", l2=-0.1),
        with_values("regularizer", "L2", l2=None),
        with_values("regularizer", "OrthogonalRegularizer", mode="diag"),
        with_values("regularizer", "OrthogonalRegularizer", factor=None),
        with_values("constraint", "MaxNorm", max_value="abc"),
    ]
    draw = random.Random(seed)
    written_forms = {}
    for kind, module in kinds.items():
        for cls in set(module.ALL_OBJECTS_DICT.values()):
            if cls.__name__ in ("STFT",):  # builds only a weight of rank 3: not a Dense kernel's
                continue
            try:
                written_forms[(kind, cls.__name__)] = keras.saving.serialize_keras_object(cls())
            except Exception:  # an abstract base
                pass
    all_keys = sorted({k for t in objects.values() for c in t.values() for k in c["keys"]})
    for _ in range(random_edits):
        kind, name = draw.choice(sorted(written_forms))
        field = f"kernel_{kind}"
        value = json.loads(json.dumps(written_forms[(kind, name)]))
        how = draw.randrange(6)
        if how == 0:
            alias = draw.choice(objects[kind][name]["names"])
            at = draw.randrange(len(alias))
            value = alias[:at] + alias[at + 1:] if draw.random() < 0.5 else alias[:at] + alias[at] + alias[at:]
        elif how == 1:
            alias = draw.choice(objects[kind][name]["names"])
            value = draw.choice([alias.upper(), alias.lower(), alias.title(), alias.swapcase()])
        elif how == 2:
            value["config"][draw.choice(all_keys + ["dtype", "name", f"k{draw.randrange(100)}"])] = 1
        elif how == 3 and value["config"]:
            value["config"].pop(draw.choice(sorted(value["config"])))
        elif how == 5 and value["config"]:
            # One of its own arguments given another value.
            value["config"][draw.choice(sorted(value["config"]))] = draw.choice(
                ["abc", -1, 0, 0.5, None, True, [1], "fan_in", "fan_avg", "rows", "columns",
                 "Normal", "uniform"])
        else:
            value.pop("module")
            value.pop("registered_name", None)
        edits.append((field, value))
    variants = []
    for field, value in edits:
        edited = json.loads(json.dumps(base))
        edited["config"]["layers"][1]["config"][field] = value
        try:
            count = int(keras.models.model_from_json(json.dumps(edited)).count_params())
            variants.append({"layer": "d", "field": field, "value": value, "count": count})
        except Exception as error:  # what Keras refuses, and why
            variants.append({"layer": "d", "field": field, "value": value,
                             "error": f"{type(error).__name__}: {str(error)[:200]}"})
        keras.backend.clear_session()
    return record(
        model,
        "Dense(3) on (None, 4) whose kernel_initializer, kernel_regularizer or kernel_constraint "
        "is edited: each of Keras's names and classes (as Keras writes it, with every argument "
        "its constructor takes, with a key it does not take), misspelt names, a number, dicts "
        "without class_name or module, a class of another module and a custom registered one, "
        "each with what Keras's model_from_json makes of it.",
        seed=seed,
        objects=objects,
        variants=variants,
    )

def shapes_dict_edits():
    """MultiHeadAttention(4, 8) on a query (None, 10, 16) and a value (None, 20, 24), then
    keras-hub's TransformerDecoder(24, 4) on the attention's output with an encoder sequence
    (None, 20, 24), and GroupQueryAttention(8, 4, 2) on the query and w (None, 20, 16): layers whose build takes several shapes, which Keras saves as the
    build_config's `shapes_dict`. `variants` holds each edit of a saved shape with Keras's count
    and whether the model it makes runs."""
    import numpy as np
    import keras_hub

    q = keras.Input((10, 16), name="q")
    v = keras.Input((20, 24), name="v")
    w = keras.Input((20, 16), name="w")
    y = layers.MultiHeadAttention(4, 8, name="mha")(q, v)
    y = keras_hub.layers.TransformerDecoder(24, 4, name="dec")(y, encoder_sequence=v)
    g = layers.GroupQueryAttention(8, 4, 2, name="gqa")(q, w)
    model = keras.Model([q, v, w], [y, g], name="shapes_dict_edits")
    base = json.loads(model.to_json())

    def shapes(j, name):
        entry = next(e for e in j["config"]["layers"] if e["config"]["name"] == name)
        return entry["build_config"]["shapes_dict"]

    def setting(name, key, value):
        return lambda j: shapes(j, name).__setitem__(key, value)

    edits = [
        ("mha: value_shape (None, 20, 30), another width", setting("mha", "value_shape", [None, 20, 30])),
        ("mha: query_shape (None, 10, 12), another width", setting("mha", "query_shape", [None, 10, 12])),
        ("mha: value_shape (None, 7, 24), another length", setting("mha", "value_shape", [None, 7, 24])),
        ("mha: query_shape (3, 10, 16), another batch", setting("mha", "query_shape", [3, 10, 16])),
        ("mha: key_shape (None, 20, 40) added", setting("mha", "key_shape", [None, 20, 40])),
        ("mha: key_shape (None, 20, 24) added, the value's", setting("mha", "key_shape", [None, 20, 24])),
        ("mha: value_shape of rank 2", setting("mha", "value_shape", [None, 24])),
        ("dec: encoder_sequence_shape (None, 20, 32), another width",
         setting("dec", "encoder_sequence_shape", [None, 20, 32])),
        ("dec: decoder_sequence_shape (None, 5, 16), another length",
         setting("dec", "decoder_sequence_shape", [None, 5, 16])),
        ("dec: decoder_sequence_shape (None, 10, 20), another width",
         setting("dec", "decoder_sequence_shape", [None, 10, 20])),
        ("gqa: value_shape (None, 20, 30), another width", setting("gqa", "value_shape", [None, 20, 30])),
        ("gqa: value_shape (None, 9, 16), another length", setting("gqa", "value_shape", [None, 9, 16])),
    ]
    run_on = [np.zeros((2, 10, 16), "float32"), np.zeros((2, 20, 24), "float32"),
              np.zeros((2, 20, 16), "float32")]
    variants = keras_verdicts(base, edits, run_on=run_on)
    return record(
        model,
        "MultiHeadAttention(4, 8) on q (None, 10, 16) and v (None, 20, 24), then keras-hub's "
        "TransformerDecoder(24, 4) with encoder_sequence=v; GroupQueryAttention(8, 4, 2) on q "
        "and w (None, 20, 16); edits of their build_config's "
        "shapes_dict, each with Keras's count and whether the model it makes runs.",
        variants=variants,
    )


FIXTURES = [
    encoder_decoder,
    cross_attention,
    dict_inputs_outputs,
    nested_list_inputs_outputs,
    ops_graph,
    frozen_nested,
    embedding_mask_zero,
    lambda_layers,
    custom_registered,
    custom_same_name,
    build_config_edits,
    sequential_build_edits,
    wrapped_build_edits,
    rnn_cell_build_edits,
    keras_hub_call_args,
    keras_object_edits,
    shapes_dict_edits,
]


def models():
    """The fixtures' models themselves, by name, each in a fresh session (for prints.py, which
    has Keras print them the ways people print)."""
    global record
    saved = record
    record = lambda model, about, **extra: model  # noqa: E731  (the builders end in record())
    try:
        built = []
        for build in FIXTURES:
            keras.backend.clear_session()
            built.append((build.__name__, build()))
        return built
    finally:
        record = saved


def main(folder):
    os.makedirs(folder, exist_ok=True)
    for build in FIXTURES:
        keras.backend.clear_session()
        data = build()
        with open(os.path.join(folder, f"{build.__name__}.json"), "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1, ensure_ascii=False)
            f.write("\n")
        print(f"{build.__name__}: total {data['total']} (trainable {data['trainable']}, "
              f"non-trainable {data['non_trainable']})", file=sys.stderr)


if __name__ == "__main__":
    if sys.argv[1] == "--keras-objects":
        # CI: keras_object_edits alone, fresh, with the seed given, written to the file given.
        keras_data = keras_object_edits(seed=int(sys.argv[3]))
        with open(sys.argv[2], "w", encoding="utf-8") as out:
            json.dump(keras_data, out, indent=1, ensure_ascii=False)
            out.write("\n")
    else:
        main(sys.argv[1])
