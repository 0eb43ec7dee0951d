/**
 * The compute beside the count: what one call of a layer costs in multiply-accumulates for one
 * example, as a formula a learner can check, and why it grows where the parameters do not.
 *
 * @module
 */

import { UnknownSizeError } from "../errors.ts";
import type { Shape } from "../shape.ts";

/** One named part of a layer's MACs, and how it grows with the sequence's length. */
export interface ComputeTerm {
  /** The part, e.g. `"query projection"`, `"scores QKᵀ"`. */
  readonly name: string;
  /** Its MACs for one example. */
  readonly macs: number;
  /** `"quadratic"` for the parts that pair every position with every other (attention). */
  readonly growth: "linear" | "quadratic";
}

/** What an explanation says of a layer's compute. */
export interface ComputeExplanation {
  /** The MACs of one call for one example; `undefined` while a size is unknown. */
  readonly macs: number | undefined;
  /** The formula with its value, e.g. `400 steps × 4 × 5 × (13 + 5) = 144,000 MACs`. */
  readonly formula: string;
  /** The named parts, when the kind declares them. */
  readonly terms: readonly ComputeTerm[];
  /** Why, in sentences. */
  readonly why: readonly string[];
}

/** What the compute explanation reads of a layer (a `Layer` is one). */
export interface ComputedLayer {
  /** Its weights, by name and shape. */
  weights(): readonly { readonly name: string; readonly shape: readonly number[] }[];
  /** Its input shape. */
  inputShape(): Shape;
  /** Its parameter count. */
  paramCount(): number;
  /** Its MACs for one example, in named parts or one number. */
  macsTerms?(): number | Readonly<Record<string, number>>;
}

const QUADRATIC = /scores|weighted sum/;

/**
 * The compute explanation of a layer, or `undefined` when it does no matrix products (or its
 * kind declares no rule).
 *
 * @param layer The layer.
 * @param gates Its gate blocks (a recurrent layer's), in order.
 * @returns The explanation.
 *
 * @example "Why does the first LSTM have more params?": the first LSTM
 * ```ts
 * import { LSTM } from "../../mod.ts";
 * import { computeOf } from "./compute.ts";
 * import assert from "assert";
 *
 * const lstm = new LSTM({ units: 5, inputShape: [400, 13] });
 * const c = computeOf(lstm, ["i", "f", "c", "o"])!;
 * assert.equal(c.formula, "400 steps × 4 × 5 × (13 + 5) = 144,000 MACs");
 * ```
 */
export function computeOf(
  layer: ComputedLayer,
  gates: readonly string[],
): ComputeExplanation | undefined {
  if (!layer.macsTerms) return undefined;
  let answer: number | Readonly<Record<string, number>>;
  try {
    answer = layer.macsTerms();
  } catch (error) {
    if (!(error instanceof UnknownSizeError)) return undefined;
    return unknownSteps(layer, gates);
  }
  const terms: ComputeTerm[] = typeof answer === "number" ? [] : Object.entries(answer).map((
    [name, macs],
  ) => ({ name, macs, growth: QUADRATIC.test(name) ? "quadratic" : "linear" }));
  const macs = typeof answer === "number" ? answer : terms.reduce((a, t) => a + t.macs, 0);
  if (macs === 0) return undefined;
  const recurrent = recurrentFormula(layer, gates);
  if (recurrent && recurrent.perStep * recurrent.steps === macs) {
    return {
      macs,
      formula: `${recurrent.text} = ${macs.toLocaleString("en-US")} MACs`,
      terms,
      why: [
        `The same ${layer.paramCount().toLocaleString("en-US")} parameters are used at every ` +
        `one of the ${recurrent.steps} steps: the parameters do not grow with the sequence, ` +
        `the compute does (${recurrent.perStep.toLocaleString("en-US")} MACs per step).`,
      ],
    };
  }
  // Only the parts a kind names as pairing positions (attention's scores) are quadratic; a layer
  // that gives one number (Dense, a convolution) has no such part.
  const linear = terms.filter((t) => t.growth === "linear").reduce((a, t) => a + t.macs, 0);
  const quadratic = terms.filter((t) => t.growth === "quadratic").reduce((a, t) => a + t.macs, 0);
  return {
    macs,
    formula: terms.length > 0
      ? `${terms.map((t) => `${t.name} ${t.macs.toLocaleString("en-US")}`).join(" + ")} = ${
        macs.toLocaleString("en-US")
      } MACs`
      : `${macs.toLocaleString("en-US")} MACs`,
    terms,
    why: quadratic > 0
      ? [
        `The projections (${linear.toLocaleString("en-US")} MACs) grow linearly with the ` +
        `length; the scores QKᵀ and the weighted sum (${
          quadratic.toLocaleString("en-US")
        } MACs) pair every query position with every key position, so they grow with its ` +
        `square. The parameters do not depend on the length at all.`,
      ]
      : [],
  };
}

function recurrentFormula(
  layer: ComputedLayer,
  gates: readonly string[],
): { text: string; steps: number; perStep: number } | undefined {
  const weights = layer.weights();
  const kernel = weights.find((w) => w.name === "kernel");
  const recurrent = weights.find((w) => w.name === "recurrent_kernel");
  const input = layer.inputShape();
  if (!kernel || !recurrent || kernel.shape.length !== 2 || input.length !== 3) return undefined;
  const g = Math.max(1, gates.length);
  const [n, width] = kernel.shape;
  const u = width / g;
  const steps = input[1];
  const blocks = g === 1 ? `${u} × (${n} + ${u})` : `${g} × ${u} × (${n} + ${u})`;
  return {
    text: `${steps ?? "T"} steps × ${blocks}`,
    steps: steps ?? NaN,
    perStep: g * u * (n + u),
  };
}

function unknownSteps(
  layer: ComputedLayer,
  gates: readonly string[],
): ComputeExplanation | undefined {
  const recurrent = recurrentFormula(layer, gates);
  if (!recurrent) {
    return {
      macs: undefined,
      formula: "unknown until the input's unknown sizes are given (macs({ inputShape }))",
      terms: [],
      why: [],
    };
  }
  return {
    macs: undefined,
    formula: `${recurrent.text} = ${recurrent.perStep.toLocaleString("en-US")} × T MACs`,
    terms: [],
    why: [
      `The length T is unknown (None): the ${layer.paramCount().toLocaleString("en-US")} ` +
      `parameters do not depend on it, the compute grows with it.`,
    ],
  };
}
