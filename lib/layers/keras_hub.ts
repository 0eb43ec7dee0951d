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

import type { LayerKind } from "./kind.ts";
import { KERAS_HUB_POSITION_KINDS } from "./keras_hub_position.ts";
import { KERAS_HUB_TRANSFORMER_KINDS } from "./keras_hub_transformer.ts";
import { KERAS_HUB_FNET_KINDS } from "./keras_hub_fnet.ts";
import { KERAS_HUB_MASKED_LM_KINDS } from "./keras_hub_masked_lm.ts";

export * from "./keras_hub_position.ts";
export * from "./keras_hub_transformer.ts";
export * from "./keras_hub_fnet.ts";
export * from "./keras_hub_masked_lm.ts";

/**
 * The keras_hub family's kinds, file by file; the registry reads them here.
 *
 * @example
 * ```ts
 * import { KERAS_HUB_KINDS } from "./keras_hub.ts";
 * import assert from "assert";
 *
 * assert.equal(KERAS_HUB_KINDS.length, 7);
 * assert.equal(KERAS_HUB_KINDS[0].className, "PositionEmbedding");
 * ```
 */
export const KERAS_HUB_KINDS: readonly LayerKind[] = [
  ...KERAS_HUB_POSITION_KINDS,
  ...KERAS_HUB_TRANSFORMER_KINDS,
  ...KERAS_HUB_FNET_KINDS,
  ...KERAS_HUB_MASKED_LM_KINDS,
];
