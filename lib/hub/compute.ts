/**
 * A keras-hub backbone's compute for ONE token: the multiply-accumulates (MACs) its matrix
 * products do, under paramlab's conventions (`lib/layers/macs.ts`: a MAC is one multiply and one
 * add of a matrix product; a bias, a norm, a softmax and a table lookup are none; FLOPs = 2 × MACs).
 *
 * Every projection kernel of a block (query, key, value, output, the MLP's matrices) multiplies
 * each token's vector once, so it does one MAC per weight per token; the attention's scores QKᵀ
 * and its weighted sum of the values each do one MAC per query-head dimension per position the
 * token attends to. Turning the last hidden state into logits over the vocabulary reads the token
 * table (tied) or its own output projection once per token.
 *
 * @module
 */

import type { HubBackbone } from "./backbone.ts";
import { sizeOf } from "./blocks.ts";
import { partOf } from "./breakdown.ts";

/** A backbone's MACs for one token, in parts. */
export interface TokenMacs {
  /** The positions the token attends to. */
  readonly context: number;
  /** The blocks' projections: one MAC per kernel weight (the Dense layers between embeddings too). */
  readonly projections: number;
  /** The scores QKᵀ and the weighted sum: 2 × context × query heads × head size, per block. */
  readonly attention: number;
  /** The backbone's MACs: projections + attention. */
  readonly backbone: number;
  /** The logits over the vocabulary, as a language-model head on the token table does them. */
  readonly logits: number;
}

/**
 * The MACs of one token through a backbone that attends to `context` positions, and of its
 * logits. Per-sequence layers (BERT's `pooled_dense`) are left out.
 *
 * @param backbone The backbone.
 * @param options `context`: the positions the token attends to (itself included).
 * @returns The MACs in parts.
 * @throws {RangeError} For a context that is not a positive integer, and for a backbone whose
 * compute is not its weights once per token: blocks that reuse their weights (ALBERT),
 * cross-attention (BART's decoder reads the encoder's sequence), sliding-window attention shorter
 * than the context, or a weight whose role the reader does not know.
 *
 * @example GPT-2 small at 1,024 positions
 * ```ts
 * import { backboneMacsPerToken } from "./compute.ts";
 * import { fromKerasHubPreset } from "./presets.ts";
 * import assert from "assert";
 *
 * const m = backboneMacsPerToken(fromKerasHubPreset("gpt2_base_en").backbone, { context: 1024 });
 * // Per block: query, key, value and output 4 × 768², MLP 2 × 768 × 3,072.
 * assert.equal(m.projections, 12 * (4 * 768 * 768 + 2 * 768 * 3072));
 * assert.equal(m.attention, 12 * 2 * 1024 * 768);
 * assert.equal(m.logits, 50_257 * 768);
 * ```
 */
export function backboneMacsPerToken(
  backbone: HubBackbone,
  options: { readonly context: number },
): TokenMacs {
  const { context } = options;
  const owner = `backboneMacsPerToken(${backbone.name})`;
  if (!Number.isInteger(context) || context < 1) {
    throw new RangeError(`${owner}: context must be a positive integer, received ${context}`);
  }
  if (backbone.className === "AlbertBackbone") {
    throw new RangeError(
      `${owner}: ALBERT's layers reuse one block's weights, so its compute is not its weights ` +
        `once per token; not modelled`,
    );
  }
  for (const [key, value] of Object.entries(backbone.config)) {
    if (/window/i.test(key) && typeof value === "number" && value < context) {
      throw new RangeError(
        `${owner}: ${key} is ${value}, shorter than the context ${context}: which blocks attend ` +
          `to a window is not modelled`,
      );
    }
  }
  const hidden = backbone.config.hiddenDim;
  if (typeof hidden !== "number") {
    throw new RangeError(`${owner}: the backbone has no hiddenDim`);
  }
  let projections = 0;
  let attention = 0;
  let logits = 0;
  for (const layer of backbone.layers) {
    for (const w of layer.weights) {
      const part = partOf(layer, w.path);
      if (part === "cross-attention" || part === "other" || part === "convolutions") {
        throw new RangeError(
          `${owner}: ${w.path} (${part}) is not a projection applied once per token; not modelled`,
        );
      }
      if (part === "output projection") logits = sizeOf(w.shape);
      if (!/(^|\/)kernel$/.test(w.path) || part === "pooler") continue;
      projections += sizeOf(w.shape);
      // Each query head scores every position, then sums the values at its own head size.
      if (part === "attention: query") attention += 2 * context * (sizeOf(w.shape) / hidden);
    }
  }
  if (logits === 0) {
    const table = backbone.layers.filter((l) => l.component === "embeddings")
      .flatMap((l) => l.weights)
      .find((w) => /(^|\/)token_embedding\/embeddings$/.test(w.path));
    if (table) logits = sizeOf(table.shape);
  }
  return { context, projections, attention, backbone: projections + attention, logits };
}
