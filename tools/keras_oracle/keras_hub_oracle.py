"""Writes tests/fixtures/keras_hub_oracle.json: keras-hub's layers composed in real Keras 3.

keras-hub (formerly keras-nlp) cannot be installed here, but its layers are compositions of
Keras's own: each `build()` creates a `MultiHeadAttention` with `key_dim = hidden_dim //
num_heads`, `LayerNormalization`s, `Dense` layers, a `ReversibleEmbedding` (a Keras 3.15 layer,
which keras-hub's `TokenAndPositionEmbedding` imports from `keras.layers`) or weights of its own.
The classes below repeat those `build()` methods (keras_hub/src/layers/modeling/*.py), with the
sub-layers' names, arguments and build shapes, and their `get_config()` keys; they are
registered as keras-hub registers its layers (package "keras_hub"), with keras-hub's module, so
`to_json()` writes what keras-hub's does. Their `call` is left out where Keras does not need it:
a layer that defines `compute_output_shape` is not traced symbolically.

For every case the file records what real Keras 3 built: each weight (path inside the layer,
shape, trainable), `count_params()` and the output shape, or the exception Keras raised. The
models at the end are built, summarized and exported by Keras, for the JSON reader's tests.

    KERAS_BACKEND=jax .venv/bin/python tools/keras_oracle/keras_hub_oracle.py \
        tests/fixtures/keras_hub_oracle.json
"""

import inspect
import io
import json
import random
import sys

import keras
from keras import layers


def hub(module):
    """Registers a class as `keras_hub_export` does, under keras-hub's module name."""

    def register(cls):
        cls.__module__ = f"keras_hub.src.layers.modeling.{module}"
        return keras.saving.register_keras_serializable(package="keras_hub")(cls)

    return register


class HubLayer(layers.Layer):
    """A keras-hub layer repeated here: its `get_config()` is Keras's, then the keys
    `hub_config()` gives, in keras-hub's order."""

    def hub_config(self):
        return {}

    def get_config(self):
        config = super().get_config()
        config.update(self.hub_config())
        return config


@hub("position_embedding")
class PositionEmbedding(HubLayer):
    def __init__(self, sequence_length, initializer="glorot_uniform", hierarchical_alpha=0.4,
                 **kwargs):
        super().__init__(**kwargs)
        self.sequence_length = int(sequence_length)
        self.hierarchical_alpha = hierarchical_alpha
        self.initializer = keras.initializers.get(initializer)

    def build(self, inputs_shape):
        feature_size = inputs_shape[-1]
        self.position_embeddings = self.add_weight(
            name="embeddings", shape=[self.sequence_length, feature_size],
            initializer=self.initializer, trainable=True)
        self.built = True

    def call(self, inputs):
        return inputs

    def hub_config(self):
        return {
            "sequence_length": self.sequence_length,
            "hierarchical_alpha": self.hierarchical_alpha,
            "initializer": keras.initializers.serialize(self.initializer),
        }

    def compute_output_shape(self, input_shape):
        return input_shape


@hub("sine_position_encoding")
class SinePositionEncoding(HubLayer):
    def __init__(self, max_wavelength=10000, **kwargs):
        super().__init__(**kwargs)
        self.max_wavelength = max_wavelength
        self.built = True

    def call(self, inputs):
        return inputs

    def hub_config(self):
        return {"max_wavelength": self.max_wavelength}

    def compute_output_shape(self, input_shape):
        return input_shape


@hub("token_and_position_embedding")
class TokenAndPositionEmbedding(HubLayer):
    def __init__(self, vocabulary_size, sequence_length, embedding_dim, tie_weights=True,
                 embeddings_initializer="uniform", mask_zero=False, **kwargs):
        super().__init__(**kwargs)
        self.vocabulary_size = int(vocabulary_size)
        self.sequence_length = int(sequence_length)
        self.embedding_dim = int(embedding_dim)
        self.embeddings_initializer = keras.initializers.get(embeddings_initializer)
        self.token_embedding = layers.ReversibleEmbedding(
            vocabulary_size, embedding_dim, tie_weights=tie_weights, mask_zero=mask_zero,
            name="token_embedding")
        self.position_embedding = PositionEmbedding(
            sequence_length=sequence_length, name="position_embedding")

    def build(self, input_shape):
        input_shape = tuple(input_shape)
        self.token_embedding.build(input_shape)
        self.position_embedding.build(input_shape + (self.embedding_dim,))
        self.built = True

    def call(self, inputs):
        return inputs

    def hub_config(self):
        return {
            "vocabulary_size": self.vocabulary_size,
            "sequence_length": self.sequence_length,
            "embedding_dim": self.embedding_dim,
            "embeddings_initializer": keras.initializers.serialize(self.embeddings_initializer),
            "tie_weights": self.token_embedding.tie_weights,
            "mask_zero": self.token_embedding.mask_zero,
        }

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.embedding_dim,)


def attention(num_heads, key_dim, name, **kwargs):
    return layers.MultiHeadAttention(num_heads=num_heads, key_dim=key_dim, name=name, **kwargs)


def set_block_args(layer, intermediate_dim, dropout, activation, layer_norm_epsilon,
                   kernel_initializer, bias_initializer):
    """The arguments keras-hub's encoders and decoder keep, as their `__init__` keeps them."""
    layer.intermediate_dim = intermediate_dim
    layer.dropout = dropout
    layer.activation = keras.activations.get(activation)
    layer.layer_norm_epsilon = layer_norm_epsilon
    layer.kernel_initializer = keras.initializers.get(kernel_initializer)
    layer.bias_initializer = keras.initializers.get(bias_initializer)


def block_config(layer):
    """The `get_config()` keys those arguments write, after `intermediate_dim` and `num_heads`."""
    return {
        "dropout": layer.dropout,
        "activation": keras.activations.serialize(layer.activation),
        "layer_norm_epsilon": layer.layer_norm_epsilon,
        "kernel_initializer": keras.initializers.serialize(layer.kernel_initializer),
        "bias_initializer": keras.initializers.serialize(layer.bias_initializer),
    }


def head_size(label, hidden_dim, num_heads):
    """`hidden_dim // num_heads`, refused when 0 with keras-hub's message."""
    size = int(hidden_dim // num_heads)
    if size == 0:
        raise ValueError(
            f"Attention `{label}` computed cannot be zero. "
            f"The `hidden_dim` value of {hidden_dim} has to be equal to "
            f"or greater than `num_heads` value of {num_heads}.")
    return size


def layer_norm(layer, name, shape):
    """A LayerNormalization with the layer's epsilon, built for `shape`."""
    norm = layers.LayerNormalization(epsilon=layer.layer_norm_epsilon, name=name)
    norm.build(shape)
    return norm


def feed_forward(layer, inputs_shape, hidden_dim):
    """The transformers' feed-forward network: Dense(intermediate_dim) then Dense(hidden_dim)."""
    intermediate = layers.Dense(layer.intermediate_dim, activation=layer.activation,
                                name="feedforward_intermediate_dense")
    intermediate.build(inputs_shape)
    output = layers.Dense(hidden_dim, name="feedforward_output_dense")
    intermediate_shape = list(inputs_shape)
    intermediate_shape[-1] = layer.intermediate_dim
    output.build(tuple(intermediate_shape))
    return intermediate, output


@hub("transformer_encoder")
class TransformerEncoder(HubLayer):
    def __init__(self, intermediate_dim, num_heads, dropout=0, activation="relu",
                 layer_norm_epsilon=1e-05, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, normalize_first=False, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        set_block_args(self, intermediate_dim, dropout, activation, layer_norm_epsilon,
                       kernel_initializer, bias_initializer)
        self.num_heads = num_heads
        self.normalize_first = normalize_first

    def build(self, inputs_shape):
        hidden_dim = inputs_shape[-1]
        key_dim = head_size("key_dim", hidden_dim, self.num_heads)
        self._self_attention_layer = attention(self.num_heads, key_dim, "self_attention_layer",
                                               dropout=self.dropout)
        self._self_attention_layer.build(query_shape=inputs_shape, value_shape=inputs_shape)
        self._self_attention_layer_norm = layer_norm(self, "self_attention_layer_norm",
                                                     inputs_shape)
        self._self_attention_dropout = layers.Dropout(self.dropout, name="self_attention_dropout")
        self._feedforward_layer_norm = layer_norm(self, "feedforward_layer_norm", inputs_shape)
        (self._feedforward_intermediate_dense,
         self._feedforward_output_dense) = feed_forward(self, inputs_shape, hidden_dim)
        self._feedforward_dropout = layers.Dropout(self.dropout, name="feedforward_dropout")
        self.built = True

    def call(self, inputs, padding_mask=None, attention_mask=None):
        return inputs

    def hub_config(self):
        return {
            "intermediate_dim": self.intermediate_dim,
            "num_heads": self.num_heads,
            **block_config(self),
            "kernel_regularizer": None,
            "bias_regularizer": None,
            "activity_regularizer": None,
            "normalize_first": self.normalize_first,
        }

    def compute_output_shape(self, inputs_shape):
        return inputs_shape


@hub("transformer_decoder")
class TransformerDecoder(HubLayer):
    def __init__(self, intermediate_dim, num_heads, dropout=0, activation="relu",
                 layer_norm_epsilon=1e-05, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", normalize_first=False, **kwargs):
        decoder_sequence_shape = kwargs.pop("decoder_sequence_shape", None)
        encoder_sequence_shape = kwargs.pop("encoder_sequence_shape", None)
        super().__init__(**kwargs)
        set_block_args(self, intermediate_dim, dropout, activation, layer_norm_epsilon,
                       kernel_initializer, bias_initializer)
        self.num_heads = num_heads
        self.normalize_first = normalize_first
        self._decoder_sequence_shape = None
        self._encoder_sequence_shape = None
        if decoder_sequence_shape:
            self.build(decoder_sequence_shape, encoder_sequence_shape)

    def build(self, decoder_sequence_shape, encoder_sequence_shape=None):
        self._decoder_sequence_shape = decoder_sequence_shape
        self._encoder_sequence_shape = encoder_sequence_shape
        hidden_dim = decoder_sequence_shape[-1]
        head_dim = head_size("head_dim", hidden_dim, self.num_heads)
        # keras-hub's CachedMultiHeadAttention subclasses MultiHeadAttention and adds no weight.
        self._self_attention_layer = attention(self.num_heads, head_dim, "self_attention",
                                               dropout=self.dropout)
        self._self_attention_layer.build(query_shape=decoder_sequence_shape,
                                         value_shape=decoder_sequence_shape)
        self._self_attention_layer_norm = layer_norm(self, "self_attention_layer_norm",
                                                     decoder_sequence_shape)
        self._self_attention_dropout = layers.Dropout(self.dropout, name="self_attention_dropout")
        self._cross_attention_layer = None
        if encoder_sequence_shape:
            self._cross_attention_layer = attention(
                self.num_heads, head_dim, "cross_attention", value_dim=head_dim,
                dropout=self.dropout)
            self._cross_attention_layer.build(query_shape=decoder_sequence_shape,
                                              value_shape=encoder_sequence_shape)
            self._cross_attention_layer_norm = layer_norm(self, "cross_attention_layer_norm",
                                                          decoder_sequence_shape)
            self._cross_attention_dropout = layers.Dropout(self.dropout,
                                                           name="cross_attention_dropout")
        (self._feedforward_intermediate_dense,
         self._feedforward_output_dense) = feed_forward(self, decoder_sequence_shape, hidden_dim)
        self._feedforward_layer_norm = layer_norm(self, "feedforward_layer_norm",
                                                  decoder_sequence_shape)
        self._feedforward_dropout = layers.Dropout(self.dropout, name="feedforward_dropout")
        self.built = True

    def call(self, decoder_sequence, encoder_sequence=None):
        return decoder_sequence

    def hub_config(self):
        return {
            "intermediate_dim": self.intermediate_dim,
            "num_heads": self.num_heads,
            **block_config(self),
            "normalize_first": self.normalize_first,
            "decoder_sequence_shape": self._decoder_sequence_shape,
            "encoder_sequence_shape": self._encoder_sequence_shape,
        }

    def compute_output_shape(self, decoder_sequence_shape):
        return decoder_sequence_shape


@hub("f_net_encoder")
class FNetEncoder(HubLayer):
    def __init__(self, intermediate_dim, dropout=0, activation="relu", layer_norm_epsilon=1e-5,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros", **kwargs):
        super().__init__(**kwargs)
        set_block_args(self, intermediate_dim, dropout, activation, layer_norm_epsilon,
                       kernel_initializer, bias_initializer)

    def build(self, inputs_shape):
        feature_size = inputs_shape[-1]
        self._mixing_layer_norm = layer_norm(self, "mixing_layer_norm", inputs_shape)
        self._output_layer_norm = layer_norm(self, "output_layer_norm", inputs_shape)
        self._intermediate_dense = layers.Dense(self.intermediate_dim, activation=self.activation,
                                                name="intermediate_dense")
        self._intermediate_dense.build(inputs_shape)
        self._output_dense = layers.Dense(feature_size, name="output_dense")
        self._output_dense.build(self._intermediate_dense.compute_output_shape(inputs_shape))
        self._output_dropout = layers.Dropout(self.dropout, name="output_dropout")
        self.built = True

    def call(self, inputs):
        return inputs

    def hub_config(self):
        return {
            "intermediate_dim": self.intermediate_dim,
            **block_config(self),
        }

    def compute_output_shape(self, inputs_shape):
        return inputs_shape


@hub("masked_lm_head")
class MaskedLMHead(HubLayer):
    def __init__(self, vocabulary_size=None, token_embedding=None,
                 intermediate_activation="relu", activation=None, layer_norm_epsilon=1e-05,
                 **kwargs):
        super().__init__(**kwargs, autocast=False)
        self.vocabulary_size = vocabulary_size
        self.token_embedding = token_embedding
        self.intermediate_activation = keras.activations.get(intermediate_activation)
        self.activation = keras.activations.get(activation)
        self.layer_norm_epsilon = layer_norm_epsilon
        if token_embedding:
            self.vocabulary_size = token_embedding.input_dim

    def build(self, inputs_shape, mask_positions_shape=None):
        if self.token_embedding is not None:
            feature_size = self.token_embedding.output_dim
        else:
            feature_size = inputs_shape[-1]
        self._intermediate_dense = layers.Dense(feature_size, name="intermediate_dense")
        self._intermediate_layer_norm = layers.LayerNormalization(
            epsilon=self.layer_norm_epsilon, name="intermediate_layer_norm")
        self._intermediate_dense.build((inputs_shape[0], None, inputs_shape[-1]))
        self._intermediate_layer_norm.build((inputs_shape[0], None, feature_size))
        if self.token_embedding is None:
            self._kernel = self.add_weight(name="output_kernel",
                                           shape=[feature_size, self.vocabulary_size])
        self._bias = self.add_weight(name="output_bias", shape=[self.vocabulary_size])
        self.built = True

    def call(self, inputs, mask_positions):
        return inputs

    def hub_config(self):
        return {
            "vocabulary_size": self.vocabulary_size,
            "token_embedding": (layers.serialize(self.token_embedding)
                                if self.token_embedding else None),
            "intermediate_activation": keras.activations.serialize(self.intermediate_activation),
            "activation": keras.activations.serialize(self.activation),
            "layer_norm_epsilon": self.layer_norm_epsilon,
        }

    def compute_output_shape(self, inputs_shape, mask_positions_shape):
        return tuple(mask_positions_shape) + (self.vocabulary_size,)


CLASSES = {
    cls.__name__: cls
    for cls in [PositionEmbedding, SinePositionEncoding, TokenAndPositionEmbedding,
                TransformerEncoder, TransformerDecoder, FNetEncoder, MaskedLMHead]
}


def camel(key):
    head, *rest = key.split("_")
    return head + "".join(part.title() for part in rest)


def build_case(class_name, config, shapes, what):
    """Builds one layer in Keras; records its weights, count and output shape, or the error."""
    case = {
        "what": what,
        "className": class_name,
        "config": {camel(k): v for k, v in config.items()},
        "inputShapes": shapes,
    }
    config = dict(config)
    try:
        if "token_embedding" in config:
            # A head tied to an embedding: the case names the embedding by its sizes.
            vocab, dim = config.pop("token_embedding")
            embedding = layers.ReversibleEmbedding(vocab, dim, name="token_embedding")
            embedding.build((None, None))
            config = dict(config, token_embedding=embedding)
        layer = CLASSES[class_name](**config, name="probe")
        layer.build(*[tuple(s) for s in shapes])
        # compute_output_shape takes the shapes its signature names (the decoder's, not the
        # encoder's).
        taken = len(inspect.signature(layer.compute_output_shape).parameters)
        output = layer.compute_output_shape(*[tuple(s) for s in shapes[:taken]])
    except Exception as error:  # noqa: BLE001 - the oracle records what Keras refused, and why
        case["error"] = f"{type(error).__name__}: {error}"
        return case
    case["weights"] = [
        [w.path.removeprefix("probe/"), list(w.shape), bool(w.trainable)] for w in layer.weights
    ]
    case["params"] = int(layer.count_params())
    case["outputShape"] = list(output)
    return case


def documented():
    """The configurations of the keras-io examples whose printed tables the tests read."""
    return [
        ("TokenAndPositionEmbedding",
         dict(vocabulary_size=5000, sequence_length=128, embedding_dim=256, mask_zero=True),
         [[None, None]], "text_generation_gpt: VOCAB_SIZE 5000, SEQ_LEN 128, EMBED_DIM 256"),
        ("TransformerDecoder", dict(intermediate_dim=256, num_heads=3), [[None, None, 256]],
         "text_generation_gpt: decoder-only, NUM_HEADS 3, FEED_FORWARD_DIM 256"),
        ("TokenAndPositionEmbedding",
         dict(vocabulary_size=15000, sequence_length=512, embedding_dim=128, mask_zero=True),
         [[None, None]], "fnet_classification: VOCAB_SIZE 15000, MAX_SEQUENCE_LENGTH 512"),
        ("FNetEncoder", dict(intermediate_dim=512), [[None, None, 128]],
         "fnet_classification: EMBED_DIM 128, INTERMEDIATE_DIM 512"),
        ("TransformerEncoder", dict(intermediate_dim=512, num_heads=2), [[None, None, 128]],
         "fnet_classification and getting_started: 128 features, NUM_HEADS 2"),
        ("TransformerEncoder", dict(intermediate_dim=128, num_heads=2, dropout=0.1),
         [[None, None, 64]], "getting_started: the tiny transformer on 64 features"),
        ("TokenAndPositionEmbedding",
         dict(vocabulary_size=30522, sequence_length=128, embedding_dim=256), [[None, 128]],
         "transformer_pretraining: the BERT vocabulary (30522), SEQ_LENGTH 128, MODEL_DIM 256"),
        ("TransformerEncoder",
         dict(intermediate_dim=512, num_heads=4, dropout=0.1, layer_norm_epsilon=1e-5),
         [[None, 128, 256]], "transformer_pretraining: INTERMEDIATE_DIM 512, NUM_HEADS 4"),
        ("TransformerEncoder", dict(intermediate_dim=2048, num_heads=8), [[None, None, 256]],
         "neural_machine_translation_with_keras_nlp: INTERMEDIATE_DIM 2048, NUM_HEADS 8"),
        ("TransformerDecoder", dict(intermediate_dim=2048, num_heads=8),
         [[None, None, 256], [None, None, 256]],
         "neural_machine_translation_with_keras_nlp: the decoder, with cross-attention"),
        ("MaskedLMHead", dict(vocabulary_size=30522), [[None, None, 128], [None, None]],
         "getting_started: MaskedLMHead on BERT-tiny's 128 features, untied"),
        ("MaskedLMHead", dict(token_embedding=[30522, 128]), [[None, None, 128], [None, None]],
         "getting_started: MaskedLMHead tied to BERT-tiny's token embedding"),
    ]


def edges():
    """Inputs at the edge of what the layers take: unknown widths, too few axes."""
    return [
        ("TransformerEncoder", dict(intermediate_dim=16, num_heads=2), [[None, 5, None]],
         "edge: unknown hidden size"),
        ("TransformerEncoder", dict(intermediate_dim=16, num_heads=2), [[None, 8]],
         "edge: no sequence axis"),
        ("TransformerDecoder", dict(intermediate_dim=16, num_heads=2), [[None, 5, None]],
         "edge: unknown hidden size"),
        ("TransformerDecoder", dict(intermediate_dim=16, num_heads=2), [[None, 8]],
         "edge: no sequence axis"),
        ("TransformerDecoder", dict(intermediate_dim=16, num_heads=2),
         [[None, 5, 8], [None, 5, None]], "edge: unknown encoder width"),
        ("FNetEncoder", dict(intermediate_dim=16), [[None, 5, None]],
         "edge: unknown hidden size"),
        ("PositionEmbedding", dict(sequence_length=10), [[None, 5, None]],
         "edge: unknown feature size"),
        ("TokenAndPositionEmbedding",
         dict(vocabulary_size=10, sequence_length=4, embedding_dim=3), [[None]],
         "edge: a batch of single token ids"),
        ("MaskedLMHead", dict(vocabulary_size=10), [[None, 5, None], [None, 2]],
         "edge: unknown hidden size"),
    ]


def random_cases(rng, count):
    cases = []
    for i in range(count):
        kind = ["TransformerEncoder", "TransformerDecoder", "FNetEncoder",
                "TokenAndPositionEmbedding", "PositionEmbedding", "SinePositionEncoding",
                "MaskedLMHead"][i % 7]
        hidden = rng.choice([1, 2, 3, 5, 7, 8, 12, 16, 24, 30, 32, 48, 64, 100, 128])
        steps = rng.choice([None, None, 1, 7, 20])
        if kind in ("TransformerEncoder", "TransformerDecoder"):
            heads = rng.choice([1, 2, 3, 4, 5, 6, 8, 12, 16, 40, 200])
            config = dict(intermediate_dim=rng.randint(1, 300), num_heads=heads)
            if rng.random() < 0.3:
                config["normalize_first"] = True
            if rng.random() < 0.2:
                config["layer_norm_epsilon"] = 1e-6
            shapes = [[None, steps, hidden]]
            if kind == "TransformerEncoder" and rng.random() < 0.15:
                shapes = [[None, 3, steps, hidden]]
            if kind == "TransformerDecoder" and rng.random() < 0.5:
                width = rng.choice([hidden, hidden, 1, 9, 64, 200])
                shapes.append([None, rng.choice([None, 5, 11]), width])
            cases.append((kind, config, shapes, f"random {i}"))
        elif kind == "FNetEncoder":
            rank = rng.choice([3, 3, 3, 2, 4])
            shapes = [[None] + [steps] * (rank - 2) + [hidden]]
            cases.append((kind, dict(intermediate_dim=rng.randint(1, 300)), shapes,
                          f"random {i}"))
        elif kind == "TokenAndPositionEmbedding":
            config = dict(vocabulary_size=rng.randint(1, 5000),
                          sequence_length=rng.randint(1, 600), embedding_dim=hidden)
            if rng.random() < 0.4:
                config["tie_weights"] = False
            if rng.random() < 0.3:
                config["mask_zero"] = True
            shapes = [[None, steps]] if rng.random() < 0.8 else [[None, 2, steps]]
            cases.append((kind, config, shapes, f"random {i}"))
        elif kind == "PositionEmbedding":
            config = dict(sequence_length=rng.randint(1, 600))
            shapes = [[None, steps, hidden]] if rng.random() < 0.8 else [[None, 4, steps, hidden]]
            cases.append((kind, config, shapes, f"random {i}"))
        elif kind == "SinePositionEncoding":
            config = {} if rng.random() < 0.5 else dict(max_wavelength=rng.choice([100, 10000]))
            cases.append((kind, config, [[None, steps, hidden]], f"random {i}"))
        else:
            vocab = rng.randint(1, 3000)
            masks = rng.choice([None, 5, 32])
            config = dict(vocabulary_size=vocab)
            if rng.random() < 0.4:
                # Tied: the embedding's width may differ from the encoded sequence's.
                config = dict(token_embedding=[vocab, rng.choice([hidden, hidden, 4, 40])])
            cases.append((kind, config, [[None, steps, hidden], [None, masks]], f"random {i}"))
    return cases


def summary_text(model):
    buf = io.StringIO()
    model.summary(print_fn=lambda s, line_break=True: buf.write(s))
    return buf.getvalue()


def shape_of(layer):
    shapes = [list(t.shape) for t in layer._inbound_nodes[-1].output_tensors]
    return shapes[0] if len(shapes) == 1 else shapes


def record(build):
    keras.backend.clear_session()  # Keras numbers default names per session: start afresh.
    model = build()
    return {
        "json": json.loads(model.to_json()),
        "layers": [
            {"name": layer.name, "class_name": layer.__class__.__name__,
             "params": int(layer.count_params()), "output_shape": shape_of(layer)}
            for layer in model.layers
        ],
        "total": int(model.count_params()),
        "trainable": int(sum(int(v.numpy().size) for v in model.trainable_weights)),
        "summary": summary_text(model),
    }


def gpt_model():
    """text_generation_gpt's model, as keras-io builds it (decoder-only: one argument)."""
    inputs = keras.Input(shape=(None,), dtype="int32")
    x = TokenAndPositionEmbedding(5000, 128, 256, mask_zero=True)(inputs)
    for _ in range(2):
        x = TransformerDecoder(num_heads=3, intermediate_dim=256)(x)
    return keras.Model(inputs, layers.Dense(5000)(x), name="gpt")


def translation_model():
    """An encoder-decoder: the decoder's second argument adds cross-attention on 48 features."""
    source = keras.Input(shape=(None,), dtype="int32", name="source")
    target = keras.Input(shape=(None,), dtype="int32", name="target")
    encoded = TokenAndPositionEmbedding(300, 40, 48, tie_weights=False)(source)
    encoded = TransformerEncoder(intermediate_dim=96, num_heads=4, normalize_first=True)(encoded)
    x = layers.Embedding(200, 32)(target)
    x = x + SinePositionEncoding()(x)
    x = PositionEmbedding(40)(x)
    x = TransformerDecoder(intermediate_dim=64, num_heads=3)(x, encoded)
    x = FNetEncoder(intermediate_dim=50)(x)
    return keras.Model([source, target], layers.Dense(200)(x), name="translation")


def frozen_model():
    """Layers created with trainable=False: Keras freezes a layer's own weights, not those of the
    sub-layers its build() creates."""
    tokens = keras.Input(shape=(12,), dtype="int32")
    positions = keras.Input(shape=(3,), dtype="int32")
    x = TokenAndPositionEmbedding(50, 12, 16, tie_weights=False, trainable=False)(tokens)
    x = PositionEmbedding(12, trainable=False)(x)
    x = TransformerEncoder(intermediate_dim=8, num_heads=2, trainable=False)(x)
    return keras.Model([tokens, positions], MaskedLMHead(50, trainable=False)(x, positions),
                       name="frozen")


def tied_model():
    """A masked-LM model whose head reuses its token embedding: Keras counts the shared table in
    both rows and once in the total."""
    tokens = keras.Input(shape=(None,), dtype="int32")
    positions = keras.Input(shape=(None,), dtype="int32")
    embedding = layers.ReversibleEmbedding(300, 32, name="token_embedding")
    x = TransformerEncoder(intermediate_dim=64, num_heads=4)(embedding(tokens))
    head = MaskedLMHead(token_embedding=embedding, activation="softmax")
    return keras.Model([tokens, positions], head(x, positions), name="tied")


def main(path):
    rng = random.Random(20260415)
    cases = [build_case(*c) for c in documented() + edges() + random_cases(rng, 210)]
    models = {"gpt": record(gpt_model), "translation": record(translation_model),
              "frozen": record(frozen_model), "tied": record(tied_model)}
    with open(path, "w") as f:
        json.dump({"keras_version": keras.__version__, "cases": cases, "models": models}, f,
                  indent=2)
        f.write("\n")
    errors = sum("error" in c for c in cases)
    print(f"{len(cases)} cases ({errors} refused by Keras), {len(models)} models -> {path}")


if __name__ == "__main__":
    main(sys.argv[1])
