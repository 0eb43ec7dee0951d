/**
 * keras-hub's mixture-of-experts parts and the decoder blocks that do not fit the gated block of
 * `blocks.ts`: Mixtral's and Qwen's expert banks with their routers (given to `gatedDecoderBlock`
 * as its feed-forward part), GPT-OSS's decoder block (attention sinks, biased experts) and
 * SmolLM3's (Dense projections, a non-trainable RoPE table).
 *
 * An expert bank is one layer holding every expert's matrices stacked: a `(experts, hidden,
 * width)` tensor per matrix, as keras-hub builds it for batched computation. The router is a Dense
 * layer `hidden → experts` that scores the experts for each token; the `topK` best are used.
 *
 * @module
 */

import type { BlockSizes, FeedForward, HubLayer, HubWeight } from "./blocks.ts";
import { thousands } from "../numbers.ts";

function w(path: string, ...shape: number[]): HubWeight {
  return { path, shape, trainable: true };
}

function fmt(n: number): string {
  return thousands(n);
}

/** The sizes of an expert bank. */
export interface ExpertSizes {
  /** The hidden size. */
  readonly hidden: number;
  /** Each expert's inner width. */
  readonly width: number;
  /** The experts. */
  readonly experts: number;
  /** The experts each token uses. */
  readonly topK: number;
}

function routerWhat(e: ExpertSizes, bias = false): string {
  return `a router ${fmt(e.hidden)} → ${e.experts}${bias ? " with bias" : ""} scores the ` +
    `experts, each token uses the best ${e.topK}`;
}

/**
 * Mixtral's sparse mixture of experts (`MixtralSparseMoeBlock`): the router
 * `sparse_feedforward_gate_dense` and `experts`, each a gated MLP of three matrices.
 *
 * @param prefix The block's path to it, e.g. `"transformer_layer_0/mixtral_sparse_moe_block"`.
 * @param e The sizes.
 * @returns The feed-forward part.
 *
 * @example Mixtral 8x7B: 8 experts of 3 · 4,096 · 14,336, and a router of 4,096 · 8
 * ```ts
 * import { mixtralExperts } from "./blocks_moe.ts";
 * import { sizeOf } from "./blocks.ts";
 * import assert from "assert";
 *
 * const ff = mixtralExperts("moe", { hidden: 4096, width: 14336, experts: 8, topK: 2 });
 * const count = ff.weights.reduce((n, w) => n + sizeOf(w.shape), 0);
 * assert.equal(count, 8 * 3 * 4096 * 14336 + 4096 * 8);
 * assert.match(ff.what, /8 experts/);
 * ```
 */
export function mixtralExperts(prefix: string, e: ExpertSizes): FeedForward {
  const { hidden: d, width: f, experts: n } = e;
  return {
    weights: [
      w(`${prefix}/sparse_feedforward_gate_dense/kernel`, d, n),
      w(`${prefix}/experts/expert_feedforward_gate_dense`, n, d, f),
      w(`${prefix}/experts/expert_feedforward_intermediate_dense`, n, d, f),
      w(`${prefix}/experts/expert_feedforward_output_dense`, n, f, d),
    ],
    what: `mixture of ${n} experts, each a gated MLP (gate and up ${fmt(d)} → ${fmt(f)}, down ` +
      `${fmt(f)} → ${fmt(d)}); ${routerWhat(e)}`,
    formula: `router ${fmt(d)}·${n} + experts ${n}·3·${fmt(d)}·${fmt(f)}`,
  };
}

/**
 * A dense gated MLP of three matrices under a sub-layer of its own (Qwen MoE's `QwenMoeMLP` in a
 * block without experts, and its shared expert).
 *
 * @param prefix The path to it, e.g. `"transformer_layer_0/qwen_moe_mlp"`.
 * @param d The hidden size.
 * @param f The inner width.
 * @returns The feed-forward part.
 *
 * @example
 * ```ts
 * import { denseGatedMlp } from "./blocks_moe.ts";
 * import assert from "assert";
 *
 * const ff = denseGatedMlp("mlp", 16, 8);
 * assert.deepEqual(ff.weights.map((w) => w.path), [
 *   "mlp/feedforward_intermediate_dense/kernel",
 *   "mlp/feedforward_gate_dense/kernel",
 *   "mlp/feedforward_output_dense/kernel",
 * ]);
 * ```
 */
export function denseGatedMlp(prefix: string, d: number, f: number): FeedForward {
  return {
    weights: [
      w(`${prefix}/feedforward_intermediate_dense/kernel`, d, f),
      w(`${prefix}/feedforward_gate_dense/kernel`, d, f),
      w(`${prefix}/feedforward_output_dense/kernel`, f, d),
    ],
    what: `gated MLP: gate and up ${fmt(d)} → ${fmt(f)}, down ${fmt(f)} → ${fmt(d)}`,
    formula: `MLP 3·${fmt(d)}·${fmt(f)}`,
  };
}

/**
 * Qwen's sparse mixture of experts (`QwenSparseMoeBlock` of Qwen 1.5 MoE, `Qwen3SparseMoeBlock`
 * of Qwen 3 MoE): the router, `experts` whose gate and up matrices are one fused
 * `hidden × 2·width` matrix per expert, and for Qwen 1.5 MoE a shared expert that every token uses
 * (a gated MLP) with its own sigmoid gate `hidden → 1`.
 *
 * @param prefix The block's path to it, e.g. `"transformer_layer_0/qwen_sparse_moe_block"`.
 * @param e The sizes.
 * @param sharedWidth The shared expert's inner width, when there is one.
 * @returns The feed-forward part.
 *
 * @example Qwen 1.5 MoE A2.7B's block: 60 experts of 1,408, a shared expert of 5,632
 * ```ts
 * import { qwenExperts } from "./blocks_moe.ts";
 * import { sizeOf } from "./blocks.ts";
 * import assert from "assert";
 *
 * const ff = qwenExperts("moe", { hidden: 2048, width: 1408, experts: 60, topK: 4 }, 5632);
 * const count = ff.weights.reduce((n, w) => n + sizeOf(w.shape), 0);
 * assert.equal(count, 2048 * 60 + 60 * 3 * 2048 * 1408 + 3 * 2048 * 5632 + 2048);
 * assert.match(ff.what, /shared expert/);
 * ```
 */
export function qwenExperts(prefix: string, e: ExpertSizes, sharedWidth?: number): FeedForward {
  const { hidden: d, width: f, experts: n } = e;
  const shared = sharedWidth === undefined ? undefined : denseGatedMlp(
    `${prefix}/shared_expert_dense`,
    d,
    sharedWidth,
  );
  return {
    weights: [
      w(`${prefix}/sparse_feedforward_gate_dense/kernel`, d, n),
      w(`${prefix}/experts/expert_feedforward_gate_dense`, n, d, 2 * f),
      w(`${prefix}/experts/expert_feedforward_output_dense`, n, f, d),
      ...(shared === undefined
        ? []
        : [...shared.weights, w(`${prefix}/shared_expert_gate_dense/kernel`, d, 1)]),
    ],
    what: `mixture of ${n} experts, each a gated MLP (gate and up fused ${fmt(d)} → 2·${fmt(f)}, ` +
      `down ${fmt(f)} → ${fmt(d)}); ${routerWhat(e)}` +
      (sharedWidth === undefined
        ? ""
        : `; a shared expert every token uses (gate and up ${fmt(d)} → ${fmt(sharedWidth)}, ` +
          `down ${fmt(sharedWidth)} → ${fmt(d)}) with its gate ${fmt(d)} → 1`),
    formula: `router ${fmt(d)}·${n} + experts ${n}·3·${fmt(d)}·${fmt(f)}` +
      (sharedWidth === undefined
        ? ""
        : ` + shared expert 3·${fmt(d)}·${fmt(sharedWidth)} + its gate ${fmt(d)}`),
  };
}

/**
 * GPT-OSS's decoder block (`GptOssTransformerDecoder`): grouped-query attention with biases on
 * query, key, value and output and one learned attention sink per query head, two RMS norms, and
 * a mixture of experts whose router and experts have biases (gate and up fused,
 * `hidden × 2·width` per expert).
 *
 * @param name The layer's name, e.g. `"transformer_layer_0"`.
 * @param s The sizes (`intermediate` is each expert's width).
 * @param e The experts and the experts per token.
 * @returns The layer.
 *
 * @example gpt-oss-20b's block: 823,186,976
 * ```ts
 * import { countOf } from "./blocks.ts";
 * import { gptOssBlock } from "./blocks_moe.ts";
 * import assert from "assert";
 *
 * const sizes = { hidden: 2880, heads: 64, kvHeads: 8, headDim: 64, intermediate: 2880 };
 * const block = gptOssBlock("transformer_layer_0", sizes, { experts: 32, topK: 4 });
 * assert.equal(countOf(block), 823_186_976);
 * ```
 */
export function gptOssBlock(
  name: string,
  s: BlockSizes,
  e: { readonly experts: number; readonly topK: number },
): HubLayer {
  const { hidden: d, heads: h, kvHeads: g, headDim: k, intermediate: f } = s;
  const n = e.experts;
  const a = `${name}/self_attention`;
  const m = `${name}/sparse_moe_block`;
  return {
    name,
    className: "GptOssTransformerDecoder",
    weights: [
      w(`${a}/sinks`, h),
      w(`${a}/query/kernel`, d, h, k),
      w(`${a}/query/bias`, h, k),
      w(`${a}/key/kernel`, d, g, k),
      w(`${a}/key/bias`, g, k),
      w(`${a}/value/kernel`, d, g, k),
      w(`${a}/value/bias`, g, k),
      w(`${a}/attention_output/kernel`, h, k, d),
      w(`${a}/attention_output/bias`, d),
      w(`${name}/input_layernorm/scale`, d),
      w(`${name}/post_attention_layernorm/scale`, d),
      w(`${m}/router/router_dense/kernel`, d, n),
      w(`${m}/router/router_dense/bias`, n),
      w(`${m}/experts/gate_up_proj`, n, d, 2 * f),
      w(`${m}/experts/gate_up_proj_bias`, n, 2 * f),
      w(`${m}/experts/down_proj`, n, f, d),
      w(`${m}/experts/down_proj_bias`, n, d),
    ],
    what: `grouped-query attention: ${h} query heads share ${g} key/value heads of ${k}, with ` +
      `biases, and one attention sink per query head; mixture of ${n} experts, each a gated MLP ` +
      `with biases (gate and up fused ${fmt(d)} → 2·${fmt(f)}, down ${fmt(f)} → ${fmt(d)}); ` +
      `${routerWhat({ hidden: d, width: f, experts: n, topK: e.topK }, true)}; two RMS norms`,
    formula: `attention ${fmt(d)}·(${h}+${g}+${g})·${k} + ${h}·${k}·${fmt(d)} + biases ` +
      `(${h}+${g}+${g})·${k} + ${fmt(d)} + sinks ${h} + router ${fmt(d)}·${n} + ${n} + experts ` +
      `${n}·(3·${fmt(d)}·${fmt(f)} + 2·${fmt(f)} + ${fmt(d)}) + norms 2·${fmt(d)}`,
    component: "blocks",
  };
}

/** SmolLM3's options that change a block's weights. */
export interface SmolLM3Options {
  /** Biases on the query, key and value projections. */
  readonly attentionBias: boolean;
  /** Biases on the MLP's three projections. */
  readonly mlpBias: boolean;
  /** The RoPE frequencies the block stores: `ceil(int(headDim · partialRotaryFactor) / 2)`. */
  readonly ropeFrequencies: number;
}

/**
 * SmolLM3's decoder block (`SmolLM3DecoderLayer`): grouped-query attention of Dense projections
 * `q_proj`, `k_proj`, `v_proj` (with biases when `attentionBias`) and an EinsumDense `o_proj`
 * without bias; a gated MLP `gate_proj`, `up_proj`, `down_proj`; two RMS norms; and a
 * non-trainable `inv_freq` of RoPE frequencies, which Keras counts. keras-hub builds `o_proj` and
 * `rotary_emb` when the attention is created, outside the block's name scope, so their paths are
 * `o_proj/kernel` and `rotary_emb/inv_freq` in every block.
 *
 * @param name The layer's name.
 * @param s The sizes (`headDim` is `hidden // heads`).
 * @param o Biases and the RoPE table's size.
 * @returns The layer.
 *
 * @example SmolLM3-3B's block: 78,123,072, of which 64 RoPE frequencies are not trainable
 * ```ts
 * import { countOf } from "./blocks.ts";
 * import { smolLm3Block } from "./blocks_moe.ts";
 * import assert from "assert";
 *
 * const sizes = { hidden: 2048, heads: 16, kvHeads: 4, headDim: 128, intermediate: 11008 };
 * const block = smolLm3Block("transformer_layer_0", sizes, {
 *   attentionBias: false, mlpBias: false, ropeFrequencies: 64,
 * });
 * assert.equal(countOf(block), 78_123_072);
 * assert.equal(block.weights.filter((w) => !w.trainable).length, 1);
 * ```
 */
export function smolLm3Block(name: string, s: BlockSizes, o: SmolLM3Options): HubLayer {
  const { hidden: d, heads: h, kvHeads: g, headDim: k, intermediate: f } = s;
  const a = `${name}/self_attn`;
  const dense = (path: string, inputs: number, units: number, bias: boolean) => [
    w(`${path}/kernel`, inputs, units),
    ...(bias ? [w(`${path}/bias`, units)] : []),
  ];
  const m = `${name}/mlp`;
  return {
    name,
    className: "SmolLM3DecoderLayer",
    weights: [
      ...dense(`${a}/q_proj`, d, h * k, o.attentionBias),
      ...dense(`${a}/k_proj`, d, g * k, o.attentionBias),
      ...dense(`${a}/v_proj`, d, g * k, o.attentionBias),
      w("o_proj/kernel", h, k, d),
      { path: "rotary_emb/inv_freq", shape: [o.ropeFrequencies], trainable: false },
      ...dense(`${m}/gate_proj`, d, f, o.mlpBias),
      ...dense(`${m}/up_proj`, d, f, o.mlpBias),
      ...dense(`${m}/down_proj`, f, d, o.mlpBias),
      w(`${name}/input_layernorm/scale`, d),
      w(`${name}/post_attention_layernorm/scale`, d),
    ],
    what:
      (g < h
        ? `grouped-query attention: ${h} query heads share ${g} key/value heads of ${k}`
        : `multi-head attention: ${h} heads of ${k}`) +
      `${o.attentionBias ? ", query/key/value biases" : ", no biases"}; gated MLP: gate and up ` +
      `${fmt(d)} → ${fmt(f)}, down ${fmt(f)} → ${fmt(d)}${o.mlpBias ? " with biases" : ""}; ` +
      `two RMS norms; ${o.ropeFrequencies} RoPE frequencies (not trainable, counted by Keras)`,
    formula: `attention ${fmt(d)}·(${h}+${g}+${g})·${k} + ${h}·${k}·${fmt(d)}` +
      (o.attentionBias ? ` + biases (${h}+${g}+${g})·${k}` : "") +
      ` + MLP 3·${fmt(d)}·${fmt(f)}` + (o.mlpBias ? ` + 2·${fmt(f)} + ${fmt(d)}` : "") +
      ` + norms 2·${fmt(d)} + RoPE ${o.ropeFrequencies}`,
    component: "blocks",
  };
}
