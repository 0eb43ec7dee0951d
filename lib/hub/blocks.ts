/**
 * keras-hub's building blocks, declared once: each returns one top-level layer of a backbone as
 * keras-hub's `backbone.layers` lists it (its name, its class and its weights with keras-hub's
 * paths and shapes), with the formula of its count. A backbone family is then a short list of
 * these blocks (see `families.ts`).
 *
 * The shapes are those keras-hub creates: attention kernels are EinsumDense kernels
 * `(hidden, heads, headDim)` and `(heads, headDim, hidden)`; Gemma puts the heads first.
 *
 * @module
 */

import { type Shape, sizeOf } from "../shape.ts";
import { thousands } from "../numbers.ts";
import { layerWeights } from "./_layer_weights.ts";

/** One weight of a keras-hub layer. */
export interface HubWeight {
  /** keras-hub's path, e.g. `"transformer_layer_0/self_attention/query/kernel"`. */
  readonly path: string;
  /** The shape. */
  readonly shape: readonly number[];
  /** Whether training updates it. */
  readonly trainable: boolean;
}

/** One top-level layer of a keras-hub backbone. */
export interface HubLayer {
  /** The layer's name in keras-hub, e.g. `"transformer_layer_0"`. */
  readonly name: string;
  /** keras-hub's class, e.g. `"TransformerEncoder"`. */
  readonly className: string;
  /** Its weights. */
  readonly weights: readonly HubWeight[];
  /** What the layer is, in words, for `explain()`. */
  readonly what: string;
  /** The formula of its count, e.g. `"4·(768·768 + 768) + …"`; empty for a layer without weights. */
  readonly formula: string;
  /** The component it belongs to: `"embeddings"`, `"blocks"`, `"norms"`, `"head"` or `"inputs"`. */
  readonly component: "inputs" | "embeddings" | "blocks" | "norms" | "head" | "other";
  /**
   * Its output shape as Keras's summary prints it (batch first; a list for several outputs),
   * for the families that model it.
   */
  readonly outputShape?: Shape | readonly Shape[];
  /**
   * Keras's `Connected to`: the tensors each call of the layer reads, `name[node][tensor]`, in
   * Keras's order (a layer called twice, e.g. BART's shared token table, has two calls). Filled
   * in by `wireBackbone` where a family does not say: the previous layer's output, and the
   * padding mask for a block.
   */
  readonly calls?: readonly (readonly string[])[];
  /**
   * A Keras operation (`GetItem`, `Multiply`, `NotEqual`, `Gelu`): a row of the summary, but not
   * one of keras-hub's `backbone.layers`.
   */
  readonly operation?: boolean;
}

/**
 * A sequence of unknown length, as a backbone built from its constructor prints it.
 *
 * @param d The feature size.
 * @returns `[null, null, d]`.
 *
 * @example
 * ```ts
 * import { sequenceOf } from "./blocks.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(sequenceOf(768), [null, null, 768]);
 * ```
 */
export function sequenceOf(d: number): Shape {
  return [null, null, d];
}

/** The number of values in a weight: the product of its sizes (the library's one `sizeOf`). */
export { sizeOf };

/**
 * The count of a keras-hub layer: the sum of its weights' sizes.
 *
 * @param layer The layer.
 * @returns Its parameter count.
 *
 * @example
 * ```ts
 * import { countOf, layerNorm } from "./blocks.ts";
 * import assert from "assert";
 *
 * assert.equal(countOf(layerNorm("embeddings_layer_norm", 768)), 1536);
 * ```
 */
export function countOf(layer: HubLayer): number {
  return layer.weights.reduce((n, w) => n + sizeOf(w.shape), 0);
}

function w(path: string, ...shape: number[]): HubWeight {
  return { path, shape, trainable: true };
}

function fmt(n: number): string {
  return thousands(n);
}

/**
 * A layer without weights (an input, `Add`, `Dropout`).
 *
 * @param name The layer's name.
 * @param className Its class.
 * @returns The layer.
 *
 * @example
 * ```ts
 * import { countOf, weightless } from "./blocks.ts";
 * import assert from "assert";
 *
 * assert.equal(countOf(weightless("token_ids", "InputLayer")), 0);
 * ```
 */
export function weightless(name: string, className: string): HubLayer {
  return {
    name,
    className,
    weights: [],
    what: className === "InputLayer" ? "an input" : `${className}, no weights`,
    formula: "",
    component: className === "InputLayer" ? "inputs" : "other",
    ...(className === "InputLayer" ? { outputShape: [null, null], calls: [] } : {}),
  };
}

/**
 * A Keras operation that the summary lists (`get_item (GetItem)`, `multiply (Multiply)`), with
 * no weights; keras-hub's `backbone.layers` leaves it out.
 *
 * @param name Keras's automatic name, e.g. `"get_item"`.
 * @param className The operation's class.
 * @param outputShape Its output shape, when not its input's.
 * @returns The row.
 *
 * @example BERT's first token
 * ```ts
 * import { operation } from "./blocks.ts";
 * import assert from "assert";
 *
 * assert.equal(operation("get_item", "GetItem", [null, 768]).operation, true);
 * ```
 */
export function operation(name: string, className: string, outputShape?: Shape): HubLayer {
  return {
    ...weightless(name, className),
    what: `the operation ${className}, no weights`,
    operation: true,
    ...(outputShape === undefined ? {} : { outputShape }),
  };
}

/**
 * keras-hub's `ReversibleEmbedding`: a `v × d` table; untied (`tie_weights=False`) it adds the
 * output projection `reverse_embeddings` of shape `d × v`.
 *
 * @param name The layer's name.
 * @param v The vocabulary size.
 * @param d The vector size.
 * @param tied Whether the output projection reuses the table.
 * @returns The layer.
 *
 * @example GPT-2's table, tied
 * ```ts
 * import { countOf, reversibleEmbedding } from "./blocks.ts";
 * import assert from "assert";
 *
 * assert.equal(countOf(reversibleEmbedding("token_embedding", 50257, 768, true)), 38_597_376);
 * assert.equal(countOf(reversibleEmbedding("token_embedding", 10, 4, false)), 80);
 * ```
 */
export function reversibleEmbedding(name: string, v: number, d: number, tied: boolean): HubLayer {
  return {
    name,
    className: "ReversibleEmbedding",
    weights: tied
      ? [w(`${name}/embeddings`, v, d)]
      : [w(`${name}/embeddings`, v, d), w(`${name}/reverse_embeddings`, d, v)],
    what: tied
      ? `the token table, ${fmt(v)} tokens × ${fmt(d)}; the output logits reuse it (tied)`
      : `the token table, ${fmt(v)} tokens × ${fmt(d)}, and its own output projection ` +
        `${fmt(d)} × ${fmt(v)} (untied: counted twice)`,
    formula: tied ? `${fmt(v)}·${fmt(d)}` : `2·${fmt(v)}·${fmt(d)}`,
    component: "embeddings",
    outputShape: sequenceOf(d),
  };
}

/**
 * A learned table: keras-hub's `PositionEmbedding` (one vector per position) or Keras's
 * `Embedding` (e.g. BERT's segment table).
 *
 * @param name The layer's name.
 * @param className `"PositionEmbedding"` or `"Embedding"`.
 * @param rows The positions or segments.
 * @param d The vector size.
 * @returns The layer.
 *
 * @example
 * ```ts
 * import { countOf, table } from "./blocks.ts";
 * import assert from "assert";
 *
 * assert.equal(countOf(table("position_embedding", "PositionEmbedding", 512, 768)), 393_216);
 * ```
 */
export function table(name: string, className: string, rows: number, d: number): HubLayer {
  const of = className === "PositionEmbedding" ? "positions" : "rows";
  return {
    name,
    className,
    weights: className === "PositionEmbedding"
      ? layerWeights(name, className, { sequenceLength: rows }, sequenceOf(d))
      : layerWeights(name, "Embedding", { inputDim: rows, outputDim: d }, [null, null]),
    what: `a table of ${fmt(rows)} ${of} × ${fmt(d)}`,
    formula: `${fmt(rows)}·${fmt(d)}`,
    component: "embeddings",
    outputShape: sequenceOf(d),
  };
}

/**
 * keras-hub's `TokenAndPositionEmbedding`: a token table and a position table in one layer.
 *
 * @param name The layer's name.
 * @param v The vocabulary size.
 * @param positions The longest sequence.
 * @param d The vector size.
 * @returns The layer.
 *
 * @example RoBERTa-base's embeddings
 * ```ts
 * import { countOf, tokenAndPosition } from "./blocks.ts";
 * import assert from "assert";
 *
 * assert.equal(countOf(tokenAndPosition("embeddings", 50265, 514, 768)), (50265 + 514) * 768);
 * ```
 */
export function tokenAndPosition(name: string, v: number, positions: number, d: number): HubLayer {
  return {
    name,
    className: "TokenAndPositionEmbedding",
    weights: layerWeights(
      name,
      "TokenAndPositionEmbedding",
      { vocabularySize: v, sequenceLength: positions, embeddingDim: d },
      [null, null],
    ),
    what: `token table ${fmt(v)} × ${fmt(d)} and position table ${fmt(positions)} × ${fmt(d)}`,
    formula: `(${fmt(v)} + ${fmt(positions)})·${fmt(d)}`,
    component: "embeddings",
    outputShape: sequenceOf(d),
  };
}

/**
 * Keras's `LayerNormalization`: a scale γ and an offset β per feature.
 *
 * @param name The layer's name.
 * @param d The feature size.
 * @returns The layer.
 *
 * @example
 * ```ts
 * import { countOf, layerNorm } from "./blocks.ts";
 * import assert from "assert";
 *
 * assert.equal(countOf(layerNorm("layer_norm", 1600)), 3200);
 * ```
 */
export function layerNorm(name: string, d: number): HubLayer {
  return {
    name,
    className: "LayerNormalization",
    weights: layerWeights(name, "LayerNormalization", {}, sequenceOf(d)),
    what: `a layer norm: γ and β, ${fmt(d)} each`,
    formula: `2·${fmt(d)}`,
    component: "norms",
    outputShape: sequenceOf(d),
  };
}

/**
 * An RMS norm (`LlamaLayerNorm`, `MistralLayerNormalization`, Gemma's `RMSNormalization`): one
 * scale per feature, no offset.
 *
 * @param name The layer's name.
 * @param className keras-hub's class.
 * @param d The feature size.
 * @returns The layer.
 *
 * @example
 * ```ts
 * import { countOf, rmsNorm } from "./blocks.ts";
 * import assert from "assert";
 *
 * assert.equal(countOf(rmsNorm("sequence_output_layernorm", "LlamaLayerNorm", 4096)), 4096);
 * ```
 */
export function rmsNorm(name: string, className: string, d: number): HubLayer {
  return {
    name,
    className,
    weights: [w(`${name}/scale`, d)],
    what: `an RMS norm: one scale per feature, ${fmt(d)}`,
    formula: fmt(d),
    component: "norms",
    outputShape: sequenceOf(d),
  };
}

/**
 * Keras's `Dense` with a bias (BERT's `pooled_dense`, ELECTRA's `embeddings_projection`).
 *
 * @param name The layer's name.
 * @param inputs The input size.
 * @param units The output size.
 * @param component Where it belongs.
 * @returns The layer.
 *
 * @example
 * ```ts
 * import { countOf, dense } from "./blocks.ts";
 * import assert from "assert";
 *
 * assert.equal(countOf(dense("pooled_dense", 768, 768, "head")), 768 * 768 + 768);
 * ```
 */
export function dense(
  name: string,
  inputs: number,
  units: number,
  component: HubLayer["component"],
): HubLayer {
  return {
    name,
    className: "Dense",
    weights: layerWeights(name, "Dense", { units }, sequenceOf(inputs)),
    what: `a Dense layer ${fmt(inputs)} → ${fmt(units)} with bias`,
    formula: `${fmt(inputs)}·${fmt(units)} + ${fmt(units)}`,
    component,
    outputShape: sequenceOf(units),
  };
}

/** The sizes of an attention + MLP block. */
export interface BlockSizes {
  /** The hidden size. */
  readonly hidden: number;
  /** The query heads. */
  readonly heads: number;
  /** The key/value heads (grouped-query attention when fewer than `heads`). */
  readonly kvHeads: number;
  /** The size of one head. */
  readonly headDim: number;
  /** The MLP's inner size (for Gemma: each of its two gate matrices' width). */
  readonly intermediate: number;
}

/**
 * keras-hub's `TransformerEncoder` (BERT, RoBERTa, DistilBERT, ELECTRA) or the self-attention-only
 * `TransformerDecoder` (GPT-2): multi-head attention with biases, an MLP of two Dense layers, two
 * layer norms. `key_dim = hidden // heads`. The weights are those of the library's own layer of
 * that class (`lib/layers/keras_hub_transformer.ts`), which refuses a key size of 0 as keras-hub
 * does.
 *
 * @param name The layer's name, e.g. `"transformer_layer_0"`.
 * @param className `"TransformerEncoder"` or `"TransformerDecoder"`.
 * @param s The sizes (`kvHeads` equals `heads`; `headDim` is the layer's own, `hidden // heads`).
 * @param crossAttention A decoder's cross-attention on the encoder's output (BART), with its
 * layer norm.
 * @returns The layer.
 *
 * @example BERT-base's block: 7,087,872
 * ```ts
 * import { countOf, encoderBlock } from "./blocks.ts";
 * import assert from "assert";
 *
 * const sizes = { hidden: 768, heads: 12, kvHeads: 12, headDim: 64, intermediate: 3072 };
 * assert.equal(countOf(encoderBlock("transformer_layer_0", "TransformerEncoder", sizes)), 7_087_872);
 * ```
 */
export function encoderBlock(
  name: string,
  className: "TransformerEncoder" | "TransformerDecoder",
  s: BlockSizes,
  crossAttention = false,
): HubLayer {
  const { hidden: d, heads: h, intermediate: f } = s;
  // The library's own keras-hub layer, built on a sequence of `d` features (and, for
  // cross-attention, an encoder sequence of `d`): its weights are the block's.
  const weights = layerWeights(name, className, {
    intermediateDim: f,
    numHeads: h,
    ...(crossAttention ? { encoderSequenceShape: sequenceOf(d) } : {}),
  }, sequenceOf(d));
  // keras-hub's `key_dim = hidden // heads`, as the layer built its query kernel.
  const k = weights.find((x) => x.path.endsWith("/query/kernel"))!.shape[2];
  return {
    name,
    className,
    weights,
    what: `${crossAttention ? "self- and cross-attention, each" : "attention"}: query, key, ` +
      `value ${fmt(d)} → ${h} heads × ${k} with biases, output back to ${fmt(d)}; MLP ` +
      `${fmt(d)} → ${fmt(f)} → ${fmt(d)} with biases; ${crossAttention ? "three" : "two"} ` +
      `layer norms`,
    formula: `${crossAttention ? "2·(" : ""}attention 4·${fmt(d)}·${fmt(h * k)} + ` +
      `3·${fmt(h * k)} + ${fmt(d)}${crossAttention ? ")" : ""}` +
      ` + MLP 2·${fmt(d)}·${fmt(f)} + ${fmt(f)} + ${fmt(d)} + norms ${crossAttention ? 6 : 4}·${
        fmt(d)
      }`,
    component: "blocks",
    outputShape: sequenceOf(d),
  };
}

/** Where a gated decoder block keeps its weights: keras-hub's three naming schemes. */
export type GatedLayout = "llama" | "gemma" | "phi3";

/** What some families add to the gated decoder block. */
export interface GatedExtras {
  /** Gemma 2's RMS norm after attention. */
  readonly postAttentionNorm?: boolean;
  /** Gemma 2's RMS norm after the MLP. */
  readonly postFfwNorm?: boolean;
  /** Qwen 2's biases on query, key and value. */
  readonly qkvBias?: boolean;
  /** Qwen 3's and Gemma 3's RMS norms of each query and key head (one scale per head size). */
  readonly qkNorm?: boolean;
  /**
   * A feed-forward part in place of the gated MLP (layout `"llama"`): a mixture of experts with
   * its router (Mixtral, Qwen MoE), or a dense MLP under another name.
   */
  readonly feedForward?: FeedForward;
}

/** A decoder block's feed-forward part, for `GatedExtras.feedForward`. */
export interface FeedForward {
  /** Its weights, with their full paths. */
  readonly weights: readonly HubWeight[];
  /** What it is, in words, e.g. `"8 experts, each a gated MLP …; a router …"`. */
  readonly what: string;
  /** The formula of its count, e.g. `"router 4,096·8 + experts 8·3·4,096·14,336"`. */
  readonly formula: string;
}

/**
 * A decoder block with grouped-query attention without biases, a gated MLP of three matrices
 * and two RMS norms: `LlamaTransformerDecoder`, `MistralTransformerDecoder` (layout `"llama"`) and
 * `GemmaDecoderBlock` (layout `"gemma"`, heads first, gate width `intermediate`; Gemma 2 adds
 * RMS norms after attention and after the MLP).
 *
 * @param name The layer's name.
 * @param className keras-hub's class.
 * @param s The sizes.
 * @param layout The naming scheme.
 * @param extras Gemma 2's extra norms, Qwen 2's biases, Qwen 3's per-head norms.
 * @returns The layer.
 *
 * @example Llama 3 8B's block: 218,112,000
 * ```ts
 * import { countOf, gatedDecoderBlock } from "./blocks.ts";
 * import assert from "assert";
 *
 * const sizes = { hidden: 4096, heads: 32, kvHeads: 8, headDim: 128, intermediate: 14336 };
 * const block = gatedDecoderBlock("transformer_layer_0", "LlamaTransformerDecoder", sizes, "llama");
 * assert.equal(countOf(block), 218_112_000);
 * ```
 */
export function gatedDecoderBlock(
  name: string,
  className: string,
  s: BlockSizes,
  layout: GatedLayout,
  extras: GatedExtras = {},
): HubLayer {
  const { hidden: d, heads: h, kvHeads: g, headDim: k, intermediate: f } = s;
  const post = (on: boolean | undefined, norm: string) => on ? [w(`${name}/${norm}/scale`, d)] : [];
  const a = `${name}/self_attention`;
  const bias = (proj: string, heads: number) =>
    extras.qkvBias ? [w(`${a}/${proj}/bias`, heads, k)] : [];
  const headNorm = (proj: string) =>
    extras.qkNorm ? [w(`${a}/${proj}_dense_layernorm/scale`, k)] : [];
  const mlp = extras.feedForward?.weights ?? [
    w(`${name}/feedforward_intermediate_dense/kernel`, d, f),
    w(`${name}/feedforward_gate_dense/kernel`, d, f),
    w(`${name}/feedforward_output_dense/kernel`, f, d),
  ];
  const weights = layout === "llama"
    ? [
      w(`${a}/query/kernel`, d, h, k),
      ...bias("query", h),
      ...headNorm("query"),
      w(`${a}/key/kernel`, d, g, k),
      ...bias("key", g),
      ...headNorm("key"),
      w(`${a}/value/kernel`, d, g, k),
      ...bias("value", g),
      w(`${a}/attention_output/kernel`, h, k, d),
      w(`${name}/self_attention_layernorm/scale`, d),
      ...mlp,
      w(`${name}/feedforward_layernorm/scale`, d),
    ]
    : layout === "phi3"
    ? [
      w(`${name}/pre_attention_layernorm/scale`, d),
      w(`${name}/attention/query/kernel`, d, h, k),
      w(`${name}/attention/key/kernel`, d, g, k),
      w(`${name}/attention/value/kernel`, d, g, k),
      w(`${name}/attention/attention_output/kernel`, h, k, d),
      w(`${name}/post_attention_layernorm/scale`, d),
      ...mlp,
    ]
    : [
      w(`${name}/pre_attention_norm/scale`, d),
      ...post(extras.postAttentionNorm, "post_attention_norm"),
      w(`${name}/attention/query/kernel`, h, d, k),
      w(`${name}/attention/key/kernel`, g, d, k),
      w(`${name}/attention/value/kernel`, g, d, k),
      ...(extras.qkNorm
        ? [w(`${name}/attention/query_norm/scale`, k), w(`${name}/attention/key_norm/scale`, k)]
        : []),
      w(`${name}/attention/attention_output/kernel`, h, k, d),
      w(`${name}/pre_ffw_norm/scale`, d),
      ...post(extras.postFfwNorm, "post_ffw_norm"),
      w(`${name}/ffw_gating/kernel`, d, f),
      w(`${name}/ffw_gating_2/kernel`, d, f),
      w(`${name}/ffw_linear/kernel`, f, d),
    ];
  const gqa = g < h
    ? `grouped-query attention: ${h} query heads share ${g} key/value heads, so key and value ` +
      `are ${fmt(d)} → ${g}×${k} (${h / g}× smaller than the query)`
    : `multi-head attention: ${h} heads of ${k} for query, key and value`;
  return {
    name,
    className,
    weights,
    what: `${gqa}${extras.qkvBias ? ", query/key/value biases" : ", no biases"}${
      extras.qkNorm ? ", an RMS norm per query and key head" : ""
    }; ${
      extras.feedForward?.what ??
        `gated MLP: gate and up ${fmt(d)} → ${fmt(f)}, down ${fmt(f)} → ${fmt(d)}`
    }; ${
      ["two", "three", "four"][
        Number(extras.postAttentionNorm ?? false) + Number(extras.postFfwNorm ?? false)
      ]
    } RMS norms`,
    formula: `attention ${fmt(d)}·(${h}+${g}+${g})·${k} + ${h}·${k}·${fmt(d)}` +
      (extras.qkvBias ? ` + biases (${h}+${g}+${g})·${k}` : "") +
      (extras.qkNorm ? ` + head norms 2·${k}` : "") +
      ` + ${extras.feedForward?.formula ?? `MLP 3·${fmt(d)}·${fmt(f)}`} + norms ${
        2 + Number(extras.postAttentionNorm ?? false) + Number(extras.postFfwNorm ?? false)
      }·${fmt(d)}`,
    component: "blocks",
    outputShape: sequenceOf(d),
  };
}

/** keras-hub's names inside a Bloom or Falcon decoder block. */
export interface BiasedDecoderNames {
  /** The norm before attention, e.g. `"pre_attention_layernorm"`. */
  readonly preNorm: string;
  /** The attention layer, e.g. `"self_attention"`. */
  readonly attention: string;
  /** The MLP's two Dense layers, e.g. `["mlp_intermediate_dense", "mlp_output_dense"]`. */
  readonly mlp: readonly [string, string];
}

/**
 * The decoder block of Bloom (`BloomDecoder`) and Falcon (`FalconTransformerDecoder`): a layer
 * norm, multi-head attention whose query, key and value are EinsumDense layers with biases and
 * whose output is a Dense `hidden × hidden` with bias, a second layer norm, and an MLP of two
 * Dense layers with biases.
 *
 * @param name The layer's name.
 * @param className keras-hub's class.
 * @param s The sizes (`kvHeads` equals `heads`; `headDim` is the layer's own, `hidden // heads`).
 * @param names keras-hub's names inside the block.
 * @returns The layer.
 *
 * @example Bloom-560m's block: 12,596,224
 * ```ts
 * import { biasedDecoderBlock, countOf } from "./blocks.ts";
 * import assert from "assert";
 *
 * const sizes = { hidden: 1024, heads: 16, kvHeads: 16, headDim: 64, intermediate: 4096 };
 * const block = biasedDecoderBlock("transformer_layer_0", "BloomDecoder", sizes, {
 *   preNorm: "pre_attention_layernorm",
 *   attention: "self_attention",
 *   mlp: ["mlp_intermediate_dense", "mlp_output_dense"],
 * });
 * assert.equal(countOf(block), 12 * 1024 * 1024 + 13 * 1024);
 * ```
 */
export function biasedDecoderBlock(
  name: string,
  className: string,
  s: BlockSizes,
  names: BiasedDecoderNames,
): HubLayer {
  const { hidden: d, heads: h, headDim: k, intermediate: f } = s;
  const a = `${name}/${names.attention}`;
  const [up, down] = names.mlp;
  return {
    name,
    className,
    weights: [
      w(`${name}/${names.preNorm}/gamma`, d),
      w(`${name}/${names.preNorm}/beta`, d),
      w(`${a}/query_dense/kernel`, d, h, k),
      w(`${a}/query_dense/bias`, h, k),
      w(`${a}/key_dense/kernel`, d, h, k),
      w(`${a}/key_dense/bias`, h, k),
      w(`${a}/value_dense/kernel`, d, h, k),
      w(`${a}/value_dense/bias`, h, k),
      w(`${a}/output_dense/kernel`, d, d),
      w(`${a}/output_dense/bias`, d),
      w(`${name}/post_attention_layernorm/gamma`, d),
      w(`${name}/post_attention_layernorm/beta`, d),
      w(`${name}/${up}/kernel`, d, f),
      w(`${name}/${up}/bias`, f),
      w(`${name}/${down}/kernel`, f, d),
      w(`${name}/${down}/bias`, d),
    ],
    what: `attention: query, key, value ${fmt(d)} → ${h} heads × ${k} with biases, output ` +
      `${fmt(d)} → ${fmt(d)} with bias; MLP ${fmt(d)} → ${fmt(f)} → ${fmt(d)} with biases; two ` +
      `layer norms`,
    formula: `attention 4·${fmt(d)}·${fmt(h * k)} + 3·${fmt(h * k)} + ${fmt(d)}` +
      ` + MLP 2·${fmt(d)}·${fmt(f)} + ${fmt(f)} + ${fmt(d)} + norms 4·${fmt(d)}`,
    component: "blocks",
    outputShape: sequenceOf(d),
  };
}
