/**
 * What keras-hub's layers share: the names Keras JSON gives them, the axes their weights are
 * explained by, and the sub-layers (attention, normalization, feed-forward) their weights come from.
 *
 * @module
 */

import { IncompatibleShapeError } from "../errors.ts";
import { formatShape, type Shape } from "../shape.ts";
import { type ApplyInput, asTensor, type Layer, type Weight } from "./base.ts";
import type { AxisMeaning } from "./args.ts";
import type { CallTable } from "./call.ts";
import type { LayerKind, RowCandidate, RowReading } from "./kind.ts";
import { lastSize, solveOption } from "./reading.ts";
import type { SymbolicTensor } from "./base.ts";
import { opt, type Option } from "./options.ts";
import type { Dense } from "./core.ts";
import type { LayerNormalization } from "./normalization.ts";
import type { MultiHeadAttention } from "./multi_head_attention.ts";

// ---------------------------------------------------------------------------------------------
// What the kinds share

/** keras-hub registers its layers under these packages; Keras JSON names a class by them. */
export function registeredNames(className: string): string[] {
  return [`keras_hub>${className}`, `keras_nlp>${className}`];
}

/** The axes keras-hub's weights are explained by: hidden size, heads, key size, widths. */
export const HIDDEN: AxisMeaning = { symbol: "d", meaning: "hidden size, the input's features" };
/** The heads axis. */
export const HEADS: AxisMeaning = { symbol: "h", meaning: "heads, numHeads" };
/** The key size per head. */
export const KEY: AxisMeaning = { symbol: "k", meaning: "key_dim per head, d // h" };
/** The feed-forward width. */
export const FEEDFORWARD: AxisMeaning = {
  symbol: "f",
  meaning: "intermediateDim, the feed-forward width",
};
/** A decoder's cross-attention input features. */
export const ENCODER: AxisMeaning = { symbol: "d_e", meaning: "the encoder sequence's features" };

/**
 * An activation, by name; keras-hub's own activations (`keras_hub>gelu_approximate`) are
 * registered functions and accepted as such. Activations have no parameters.
 */
export function hubActivation(fallback: string | null): Option<string | null> {
  const base = opt.activation(fallback);
  return {
    ...base,
    check: (owner, key, value) =>
      typeof value === "string" && value.includes(">") ? value : base.check(owner, key, value),
  };
}

/** A count as keras-hub's explanations print it, with thousands separators. */
export const fmt = (n: number) => n.toLocaleString("en-US");

/** The weights of a built sub-layer, named by their path here, with the axes declared here. */
export function subWeights(
  sub: Layer,
  axes: Readonly<Record<string, readonly AxisMeaning[]>>,
): Weight[] {
  return sub.weightSpecs().map((w) => ({
    ...w,
    name: `${sub.name}/${w.name}`,
    axes: axes[w.name] ?? w.axes,
    // A Dense sub-layer's own words ("input features × units") are the axes' here.
    role: w.name.endsWith("gamma") || w.name.endsWith("beta") ? w.role : undefined,
  }));
}

/** keras-hub's multi-head attention weights: `d·(h·k) + h·k` per projection, `(h·k)·d + d`. */
export function attentionWeights(mha: MultiHeadAttention, keyValue: AxisMeaning): Weight[] {
  return subWeights(mha, {
    "query/kernel": [HIDDEN, HEADS, KEY],
    "query/bias": [HEADS, KEY],
    "key/kernel": [keyValue, HEADS, KEY],
    "key/bias": [HEADS, KEY],
    "value/kernel": [keyValue, HEADS, KEY],
    "value/bias": [HEADS, KEY],
    "attention_output/kernel": [HEADS, KEY, HIDDEN],
    "attention_output/bias": [HIDDEN],
  });
}

/** A LayerNormalization's weights: `gamma` and `beta`, `d` each. */
export function layerNormWeights(norm: LayerNormalization): Weight[] {
  return subWeights(norm, { gamma: [HIDDEN], beta: [HIDDEN] });
}

/** The feed-forward network's two Dense layers: `d·f + f`, then `f·d + d`. */
export function feedForwardWeights(intermediate: Dense, output: Dense): Weight[] {
  return [
    ...subWeights(intermediate, { kernel: [HIDDEN, FEEDFORWARD], bias: [FEEDFORWARD] }),
    ...subWeights(output, { kernel: [FEEDFORWARD, HIDDEN], bias: [HIDDEN] }),
  ];
}

/**
 * keras-hub's head size: `int(hidden_dim // num_heads)`, refused when 0 as keras-hub refuses it.
 */
export function headSize(owner: string, what: string, input: Shape, heads: number): number {
  const hidden = input.at(-1)!;
  const size = Math.floor(hidden / heads);
  if (size === 0) {
    throw new IncompatibleShapeError(
      owner,
      input,
      `Layer "${owner}": attention \`${what}\` computed cannot be zero: the hidden size ` +
        `${hidden} (the input's last axis) must be at least numHeads ${heads}. Full shape ` +
        `received: ${formatShape(input)}`,
    );
  }
  return size;
}

/** The sizes of the weights whose names start with each prefix, in order. */
export function sizesByPrefix(weights: readonly Weight[]): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const w of weights) {
    const prefix = w.name.split("/")[0];
    sizes.set(prefix, (sizes.get(prefix) ?? 0) + w.size);
  }
  return sizes;
}

/**
 * What keras-hub's position embeddings take after their input (`call(inputs, start_index=0,
 * positions=None)`): neither changes a weight or a shape.
 */
export const POSITION_CALL: CallTable = {
  startIndex: { takes: "index", about: "the position of the sequence's first step" },
  positions: { takes: "tensors", about: "each step's position, when not its index" },
};

/**
 * Calls a layer whose call takes one sequence and, after it, masks with no weights (keras-hub's
 * `padding_mask` and `attention_mask`): only the sequence decides the weights and the output.
 */
export function applySequence(
  layer: Layer,
  inputs: ApplyInput,
  masks: number,
  record: (tensors: readonly SymbolicTensor[], output: Shape, list: boolean) => SymbolicTensor,
): SymbolicTensor {
  const list = Array.isArray(inputs) ? inputs as readonly (SymbolicTensor | Layer)[] : [inputs];
  const tensors = list.map((x) => asTensor(layer, x as SymbolicTensor | Layer));
  if (tensors.length < 1 || tensors.length > 1 + masks) {
    throw new TypeError(
      `Layer "${layer.name}" (${layer.className}) takes a sequence${
        masks > 0 ? ` and up to ${masks} masks` : ""
      }, received ${tensors.length} inputs`,
    );
  }
  // A layer called again (shared) takes another sequence its weights fit, as Keras's does.
  const output = layer.outputShapeFor(tensors[0].shape) as Shape;
  return record(tensors, output, Array.isArray(inputs));
}

/**
 * How a transformer block's row is read: its width is its input's; its attention is `numHeads`
 * heads of `key_dim = width // numHeads`, so the count tells the heads' total width (every
 * number of heads that divides the width gives the whole width, and so the same count); the
 * feed-forward size (`intermediateDim`) is the one whole number that then gives the printed
 * count. A decoder called with an encoder's sequence has cross-attention: its other inputs are
 * masks, (batch, positions) or (batch, positions, positions), so each input after the first
 * with features (three axes or more, the last known) is tried as the encoder sequence.
 */
export function blockReading(kind: () => LayerKind, heads: boolean): RowReading {
  return {
    candidates: (row) => {
      const input = row.inputs?.[0] ?? row.input;
      const width = lastSize(input);
      if (!input || width === undefined || row.params === null) return [];
      const crossAttends = kind().options["encoderSequenceShape"] !== undefined;
      const encoders = crossAttends
        ? (row.inputs ?? []).slice(1).filter((s) => s.length >= 3 && lastSize(s) !== undefined)
        : [];
      if (encoders.length === 0) return blockCandidates(kind, heads, row.params, input, {});
      return encoders.flatMap((encoder) =>
        blockCandidates(kind, heads, row.params!, input, { encoderSequenceShape: encoder })
          .map((c) =>
            encoders.length === 1 ? c : {
              ...c,
              assumption: [
                `Of its inputs, ${encoders.length} could be the encoder sequence; the one ` +
                `shaped ${formatShape(encoder)} is taken.`,
                c.assumption,
              ].filter(Boolean).join(" "),
            }
          )
      );
    },
  };
}

/** A block's candidates on its sequence, with `base` (an encoder sequence) in each. */
function blockCandidates(
  kind: () => LayerKind,
  heads: boolean,
  params: number,
  input: Shape,
  base: Record<string, unknown>,
): RowCandidate[] {
  const width = lastSize(input)!;
  const solve = (config: Record<string, unknown>) =>
    solveOption(kind(), config, "intermediateDim", input, params);
  if (!heads) {
    const intermediateDim = solve(base);
    return intermediateDim === undefined ? [] : [{ config: { ...base, intermediateDim }, input }];
  }
  // The heads by the total width they give, fewest heads first.
  const byWidth = new Map<number, number[]>();
  for (let h = 1; h <= Math.min(width, MAX_HEADS_TRIED); h++) {
    const total = h * Math.floor(width / h);
    byWidth.set(total, [...(byWidth.get(total) ?? []), h]);
  }
  const found: RowCandidate[] = [];
  for (const [total, counts] of byWidth) {
    const intermediateDim = solve({ ...base, numHeads: counts[0] });
    if (intermediateDim === undefined) continue;
    const listed = counts.length > 6 ? [...counts.slice(0, 6), "…"] : counts;
    found.push({
      config: { ...base, numHeads: counts[0], intermediateDim },
      input,
      ...(counts.length > 1
        ? {
          unread: ["numHeads"],
          assumption:
            `The count does not tell numHeads: ${
              listed.join(", ")
            } heads of key_dim = ${width} // numHeads are ${total} wide in all, and give the ` +
            `same count.`,
        }
        : {}),
    });
  }
  return found;
}

/** The most attention heads a row's reading tries. */
export const MAX_HEADS_TRIED = 256;

/**
 * The MACs of a keras-hub transformer block for one example, by its structure: multi-head
 * self-attention (optionally cross-attention on an encoder sequence) and a two-layer
 * feed-forward network. Projections and the feed-forward network are linear in the length; the
 * scores QKᵀ and the weighted sum pair positions (quadratic).
 *
 * @param sequence The block's input, batch 1: (1, positions…, d).
 * @param heads The number of heads.
 * @param headDim Each head's key and value size.
 * @param intermediateDim The feed-forward network's hidden size.
 * @param encoder The encoder sequence, batch 1, for cross-attention.
 * @returns The MACs in parts.
 */
export function blockMacs(
  sequence: readonly number[],
  heads: number,
  headDim: number,
  intermediateDim: number,
  encoder?: readonly number[],
): Record<string, number> {
  const d = sequence.at(-1)!;
  let t = 1;
  for (let i = 1; i < sequence.length - 1; i++) t *= sequence[i];
  const hk = heads * headDim;
  let projections = 4 * t * d * hk;
  let pairs = t * t;
  if (encoder) {
    let s = 1;
    for (let i = 1; i < encoder.length - 1; i++) s *= encoder[i];
    projections += 2 * t * d * hk + 2 * s * encoder.at(-1)! * hk;
    pairs += t * s;
  }
  return {
    "attention projections": projections,
    "scores QKᵀ": pairs * hk,
    "weighted sum": pairs * hk,
    "feed-forward": 2 * t * d * intermediateDim,
  };
}
