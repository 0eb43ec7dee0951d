/**
 * keras-hub's XLNet (`XLNetBackbone`): relative attention with its content and query streams,
 * segment biases and a learned mask vector. keras-hub sizes each head as
 * `hidden_dim // num_heads` and checks no divisibility; so does this file.
 *
 * @module
 */

import type { FamilyDeclaration } from "./backbone.ts";
import {
  type BlockSizes,
  type HubLayer,
  reversibleEmbedding,
  sequenceOf,
  weightless,
} from "./blocks.ts";
import {
  ENCODER_REQUIRED,
  flooredSizes,
  n,
  reads,
  repeat,
  shaped,
  tensorOf,
  w,
} from "./_family_kit.ts";
import { thousands } from "../numbers.ts";

const fmt = thousands;

// --- XLNet -------------------------------------------------------------------------------------

function xlnetBlock(name: string, s: BlockSizes): HubLayer {
  const { hidden: d, heads: h, headDim: k, intermediate: f } = s;
  const a = `${name}/rel_attn`;
  return {
    name,
    className: "XLNetEncoder",
    weights: [
      w(`${name}/content_attention_bias`, [h, k]),
      w(`${name}/positional_attention_bias`, [h, k]),
      w(`${name}/segment_attention_bias`, [h, k]),
      w(`${name}/segment_encoding`, [2, h, k]),
      w(`${a}/query/kernel`, [d, h, k]),
      w(`${a}/key/kernel`, [d, h, k]),
      w(`${a}/value/kernel`, [d, h, k]),
      w(`${a}/attention_output/kernel`, [d, h, k]),
      w(`${a}/encoding/kernel`, [d, h, k]),
      w(`${name}/layer_norm_rel_attn/gamma`, [d]),
      w(`${name}/layer_norm_rel_attn/beta`, [d]),
      w(`${name}/layer_norm_ff/gamma`, [d]),
      w(`${name}/layer_norm_ff/beta`, [d]),
      w(`${name}/feedforward_intermediate_dense/kernel`, [d, f]),
      w(`${name}/feedforward_intermediate_dense/bias`, [f]),
      w(`${name}/feedforward_output_dense/kernel`, [f, d]),
      w(`${name}/feedforward_output_dense/bias`, [d]),
    ],
    what: `relative attention: query, key, value, output and the position encoding's projection, ` +
      `each ${fmt(d)} × ${h} heads × ${k}, no biases; content, position and segment biases ` +
      `(${h} × ${k} each) and two segment encodings; MLP ${fmt(d)} → ${fmt(f)} → ${fmt(d)} with ` +
      `biases; two layer norms`,
    formula: `attention 5·${fmt(d)}·${fmt(h * k)} + biases 5·${fmt(h * k)}` +
      ` + MLP 2·${fmt(d)}·${fmt(f)} + ${fmt(f)} + ${fmt(d)} + norms 4·${fmt(d)}`,
    component: "blocks",
  };
}

/**
 * XLNet (`XLNetBackbone`), listed among `SEQ2SEQ_FAMILIES`.
 *
 * @example XLNet's blocks return the content and the query streams
 * ```ts
 * import { XLNET } from "./families_xlnet.ts";
 * import { HubBackbone } from "./backbone.ts";
 * import assert from "assert";
 *
 * const xlnet = new HubBackbone(XLNET, {
 *   vocabularySize: 32000, numLayers: 12, numHeads: 12, hiddenDim: 768, intermediateDim: 3072,
 * });
 * assert.deepEqual(xlnet.graph.find((l) => l.name === "xlnet_encoder_0")!.outputShape, [
 *   [null, null, 768],
 *   [null, null, 768],
 * ]);
 * ```
 */
export const XLNET: FamilyDeclaration = {
  className: "XLNetBackbone",
  defaultName: "xl_net_backbone",
  required: ENCODER_REQUIRED,
  defaults: {
    dropout: 0.0,
    activation: "gelu",
    kernelInitializerRange: 0.02,
    biasInitializer: "zeros",
    dtype: null,
  },
  layers: (c) => {
    const d = n(c, "hiddenDim");
    // Each layer's output shapes are keras-hub's compute_output_shape: the content and query
    // streams, the masks (the padding mask's shape, twice), the position embedding
    // `(None, 1, hidden)`. keras-hub calls each block with keyword arguments, flattened by name.
    return [
      weightless("padding_mask", "InputLayer"),
      weightless("token_ids", "InputLayer"),
      weightless("segment_ids", "InputLayer"),
      {
        name: "encoder_block_attn_mask_layer",
        className: "XLNetAttentionMaskLayer",
        weights: [w("encoder_block_attn_mask_layer/mask_emb", [1, 1, d])],
        what: `the mask token's learned vector, ${fmt(d)}`,
        formula: fmt(d),
        component: "embeddings",
        outputShape: [[null, null], [null, null]],
        calls: [[tensorOf("padding_mask")]],
      },
      {
        ...reversibleEmbedding("content_query_embedding", n(c, "vocabularySize"), d, true),
        className: "ContentAndQueryEmbedding",
        weights: [
          w("content_query_embedding/word_embedding/embeddings", [n(c, "vocabularySize"), d]),
        ],
        what: `the token table, ${fmt(n(c, "vocabularySize"))} tokens × ${fmt(d)} (relative ` +
          `positions are sinusoidal, no weights)`,
        outputShape: [sequenceOf(d), [null, 1, d]],
        calls: [[tensorOf("token_ids")]],
      },
      reads(
        shaped(weightless("encoder_block_seg_mat_layer", "XLNetSegmentMatrixLayer"), [null, null]),
        "segment_ids",
      ),
      ...repeat(n(c, "numLayers"), (i) =>
        reads(
          shaped(xlnetBlock(`xlnet_encoder_${i}`, flooredSizes(c)), [sequenceOf(d), sequenceOf(d)]),
          "encoder_block_attn_mask_layer[0][0]",
          "encoder_block_attn_mask_layer[0][1]",
          i === 0 ? "content_query_embedding[0][0]" : `xlnet_encoder_${i - 1}`,
          "content_query_embedding[0][1]",
          "encoder_block_seg_mat_layer",
        )),
      reads(
        shaped(weightless("dropout", "Dropout"), sequenceOf(d)),
        `xlnet_encoder_${n(c, "numLayers") - 1}`,
      ),
    ];
  },
};
