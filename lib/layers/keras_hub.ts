/**
 * keras-hub's (formerly keras-nlp's) modeling layers: PositionEmbedding, SinePositionEncoding,
 * TokenAndPositionEmbedding, TransformerEncoder, TransformerDecoder, FNetEncoder and
 * MaskedLMHead. Each builds, as keras-hub's `build()` does (keras_hub/src/layers/modeling/), the
 * Keras layers this library already has: `MultiHeadAttention` with `key_dim = hidden_dim //
 * num_heads`, `LayerNormalization`, `Dense`, `Embedding`. Their weights are those sub-layers'
 * weights, named by their path inside the layer (`self_attention_layer/query/kernel`), so every
 * count is the sum of weights Keras itself would create.
 *
 * Keras JSON names these classes `keras_hub>TransformerEncoder` (Keras 3's `registered_name`) or
 * `keras_nlp>TransformerEncoder` (keras-nlp, and Keras 2's `class_name`); those names are the
 * kinds' aliases.
 *
 * @module
 */

export * from "./keras_hub_position.ts";
export * from "./keras_hub_transformer.ts";
export * from "./keras_hub_fnet.ts";
export * from "./keras_hub_masked_lm.ts";
