/**
 * What keras-hub's grouped-query decoders share (Llama, Mistral, Qwen, Phi-3, Gemma, Mixtral,
 * the Qwen MoE models, GPT-OSS, SmolLM3): their block sizes and their stack of top-level layers.
 * Internal to lib/hub.
 *
 * @module
 */

import {
  type BlockSizes,
  type HubLayer,
  operation,
  reversibleEmbedding,
  rmsNorm,
  weightless,
} from "./blocks.ts";
import { type Config, divisible, n, repeat } from "./_family_kit.ts";

/** The sizes every grouped-query decoder requires. */
export const DECODER_SIZES = [
  "vocabularySize",
  "numLayers",
  "numQueryHeads",
  "numKeyValueHeads",
  "hiddenDim",
  "intermediateDim",
] as const;

/**
 * keras-hub's head size: `headDim` when given, else `hiddenDim / numQueryHeads`; the query heads
 * must share the key/value heads evenly, as keras-hub checks.
 */
export function headDimOf(owner: string, c: Config, heads = "numQueryHeads"): number {
  divisible(owner, n(c, heads), n(c, "numKeyValueHeads"));
  if (c.headDim !== null && c.headDim !== undefined) return c.headDim as number;
  divisible(owner, n(c, "hiddenDim"), n(c, heads), heads);
  return n(c, "hiddenDim") / n(c, heads);
}

/** A decoder block's sizes: hidden size, query and key/value heads, head size, MLP width. */
export function decoderSizes(
  c: Config,
  headDim: number,
  intermediate = n(c, "intermediateDim"),
  heads = "numQueryHeads",
): BlockSizes {
  return {
    hidden: n(c, "hiddenDim"),
    heads: n(c, heads),
    kvHeads: n(c, "numKeyValueHeads"),
    headDim,
    intermediate,
  };
}

/** How a decoder's stack begins and ends. */
export interface DecoderStack {
  /** Whether the output projection reuses the token table (no `reverse_embeddings`). */
  readonly tied: boolean;
  /** The final RMS norm's name and class. */
  readonly norm: readonly [name: string, className: string];
  /** Gemma's scaling of the embeddings by √hiddenDim: a `multiply` operation, a summary row. */
  readonly scaled?: boolean;
}

/**
 * keras-hub's decoder layers: `token_ids`, `token_embedding`, `padding_mask`, the blocks, and the
 * final RMS norm.
 */
export function decoderStack(
  c: Config,
  stack: DecoderStack,
  block: (i: number) => HubLayer,
): HubLayer[] {
  const d = n(c, "hiddenDim");
  return [
    weightless("token_ids", "InputLayer"),
    reversibleEmbedding("token_embedding", n(c, "vocabularySize"), d, stack.tied),
    ...(stack.scaled ? [operation("multiply", "Multiply")] : []),
    weightless("padding_mask", "InputLayer"),
    ...repeat(n(c, "numLayers"), block),
    rmsNorm(stack.norm[0], stack.norm[1], d),
  ];
}
