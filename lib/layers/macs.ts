/**
 * Compute: the multiply-accumulates (MACs) of a layer's matrix products and convolutions, for
 * ONE example. Each kind declares its rule beside its weights (`macs` in its declaration); this
 * module holds the types of those rules and resolves the shapes a rule is given.
 *
 * Conventions (paramlab's, stated once):
 * - a MAC is one multiply and one add of a matrix product or a convolution; FLOPs, where shown,
 *   are 2 × MACs and labelled so;
 * - a bias add, an activation, a normalization, pooling, an embedding lookup, dropout, a merge's
 *   elementwise arithmetic and a softmax are not MACs;
 * - a transposed convolution counts useful MACs: each input element meets the whole kernel once,
 *   never the zeros inserted between the inputs;
 * - a recurrent layer counts its kernel and recurrent kernel matmuls at every step;
 * - attention counts its projections (linear in the length) apart from the scores QKᵀ and the
 *   weighted sum of the values (quadratic in the length);
 * - the batch is one example; any other unknown size must be given (`{ inputShape }`).
 *
 * @module
 */

import { describeValue, UnknownSizeError } from "../errors.ts";
import { isShapeList, type Shape } from "../shape.ts";
import { expectArray, expectObject, expectString, expectWith } from "../guard.ts";

/** The shapes of one call of a layer, every size known, batch 1. */
export interface MacsCall {
  /** The inputs' shapes, in call order (one for most layers), batch first (1). */
  readonly inputs: readonly (readonly number[])[];
  /** The outputs' shapes, batch first (1). */
  readonly outputs: readonly (readonly number[])[];
}

/** MACs in named parts (MultiHeadAttention's projections apart from its scores). */
export type MacsTerms = Readonly<Record<string, number>>;

/**
 * A kind's compute rule: the MACs of one call of a built layer, for one example, either one
 * number or named parts that add up to the total.
 *
 * @typeParam L The layer class.
 */
export type MacsRule<L> = (layer: L, call: MacsCall) => number | MacsTerms;

/**
 * A kind's rule for what one call keeps for the backward pass, in elements per example, when it
 * is more than its outputs (a recurrent layer keeps its state at every step).
 *
 * @typeParam L The layer class.
 */
export type SavedRule<L> = (layer: L, call: MacsCall) => number;

/** How to give sizes a layer or model does not know (a sequence's length, an image's size). */
export interface MacsOptions {
  /**
   * The input shape without the batch axis, every size known, e.g. `[400, 13]`; a list of them
   * for a layer or model of several inputs. By default: the shape the layer was built for.
   */
  readonly inputShape?: Shape | readonly Shape[];
}

/**
 * The rule of a kind that does no matrix products whatever its configuration (a normalization,
 * an embedding lookup, an elementwise scale).
 *
 * @returns 0.
 *
 * @example
 * ```ts
 * import { noMacs } from "./macs.ts";
 * import assert from "assert";
 *
 * assert.equal(noMacs(), 0);
 * ```
 */
export function noMacs(): number {
  return 0;
}

/**
 * The total of a rule's answer.
 *
 * @param count One number, or named parts.
 * @returns The sum.
 *
 * @example
 * ```ts
 * import { macsTotal } from "./macs.ts";
 * import assert from "assert";
 *
 * assert.equal(macsTotal({ projections: 96, scores: 16 }), 112);
 * assert.equal(macsTotal(7), 7);
 * ```
 */
export function macsTotal(count: number | MacsTerms): number {
  if (typeof count !== "number" && (typeof count !== "object" || count === null)) {
    throw new TypeError(
      `macsTotal expects its count to be a number of MACs or MAC terms, received ${
        describeValue(count)
      }`,
    );
  }
  if (typeof count === "number") return count;
  let total = 0;
  for (const value of Object.values(count)) total += value;
  return total;
}

/** The product of the sizes after the batch: elements per example. */
export function perExample(shape: readonly number[]): number {
  expectArray("perExample", "its shape", shape, "a shape (a list of sizes)");
  let n = 1;
  for (let i = 1; i < shape.length; i++) n *= shape[i];
  return n;
}

/** What the resolution needs of a layer (the structural part of `Layer`, so no import circle). */
export interface MacsSubject {
  /** The layer's name. */
  readonly name: string;
  /** Its Keras class. */
  readonly className: string;
  /** Its declaration's compute rule and whether Keras gives it no weights. */
  readonly kind: {
    readonly macs?: MacsRule<never>;
    readonly saved?: SavedRule<never>;
    readonly weightless?: boolean;
  };
  /** The output shape for an input (a list for a layer of several inputs). */
  outputShapeFor(input: Shape | readonly Shape[]): Shape | readonly Shape[];
}

/**
 * The MACs of one call of a layer on inputs that may have unknown sizes (`null`): the batch is
 * one example, and any other unknown size is an {@linkcode UnknownSizeError}.
 *
 * @param layer The layer (built).
 * @param inputs The call's input shapes, batch first.
 * @param takesList Whether the layer takes a list of inputs.
 * @returns The rule's answer.
 * @throws {UnknownSizeError} When a size other than the batch is unknown.
 * @throws {TypeError} When the layer's kind declares no rule and Keras gives it weights.
 */
export function callMacs(
  layer: MacsSubject,
  inputs: readonly Shape[],
  takesList: boolean,
): number | MacsTerms {
  expectWith("callMacs", "its layer", layer, "a layer (e.g. new Dense(2))", "kind");
  expectArray("callMacs", "its inputs", inputs, "a list of input shapes");
  const rule = layer.kind.macs as MacsRule<MacsSubject> | undefined;
  if (!rule) {
    if (layer.kind.weightless) return 0;
    throw new TypeError(
      `The MACs of layer "${layer.name}" (${layer.className}) are not known: its kind declares ` +
        `no compute rule`,
    );
  }
  const count = rule(layer, callOf(layer, inputs, takesList));
  const total = macsTotal(count);
  if (!Number.isSafeInteger(total) || total < 0) {
    throw new RangeError(
      `The MACs of layer "${layer.name}" (${layer.className}) are not an exact integer: ${total}`,
    );
  }
  return count;
}

/**
 * The input shapes a call is counted on: the given ones (without the batch), or the built ones.
 *
 * @param layer The layer, for the error message.
 * @param built The shapes the layer was built or called on, batch first.
 * @param options The sizes given.
 * @returns The shapes, batch first.
 * @throws {TypeError} When the given shapes are not one per input.
 */
export function givenInputs(
  layer: { readonly name: string },
  built: readonly Shape[],
  options: MacsOptions,
): readonly Shape[] {
  expectObject("givenInputs", "its layer", layer, "a layer (e.g. new Dense(2))");
  expectArray("givenInputs", "its built inputs", built, "a list of input shapes");
  expectObject("givenInputs", "its options", options);
  const given = options.inputShape;
  if (given === undefined) return built;
  const given1 = isShapeList(given as Shape | readonly Shape[])
    ? given as readonly Shape[]
    : [given as Shape];
  // Fewer inputs than built: Keras's defaults for attention, the value is the query and the key
  // the value, so each missing one is the last given.
  const list = built.map((_, i) => given1[Math.min(i, given1.length - 1)]);
  if (
    given1.length > built.length || given1.length === 0 ||
    list.some((s, i) => s.length + 1 !== built[i].length)
  ) {
    throw new TypeError(
      `Invalid inputShape for the MACs of "${layer.name}": expected ${built.length} shape(s) ` +
        `of rank ${built.map((s) => s.length - 1).join(", ")} without the batch axis, ` +
        `received ${JSON.stringify(given)}`,
    );
  }
  return list.map((s, i) => [built[i][0], ...s]);
}

/**
 * The elements one call of a layer keeps for the backward pass, per example: its outputs, or
 * what its kind's `saved` rule says (see `SavedRule`).
 *
 * @param layer The layer (built).
 * @param inputs The call's input shapes, batch first.
 * @param takesList Whether the layer takes a list of inputs.
 * @returns The elements.
 * @throws {UnknownSizeError} When a size other than the batch is unknown.
 */
export function callSaved(
  layer: MacsSubject,
  inputs: readonly Shape[],
  takesList: boolean,
): number {
  expectWith("callSaved", "its layer", layer, "a layer (e.g. new Dense(2))", "kind");
  expectArray("callSaved", "its inputs", inputs, "a list of input shapes");
  const call = callOf(layer, inputs, takesList);
  const rule = layer.kind.saved as SavedRule<MacsSubject> | undefined;
  if (rule) return rule(layer, call);
  let total = 0;
  for (const shape of call.outputs) total += perExample(shape);
  return total;
}

// A call's shapes, every size known: the inputs now, the outputs when a rule asks for them (a
// layer may leave an output size unknown that its rule does not need, as EinsumDense does).
function callOf(layer: MacsSubject, inputs: readonly Shape[], takesList: boolean): MacsCall {
  const concrete = inputs.map((shape, i) => known(layer, shape, i, "input"));
  let outputs: readonly (readonly number[])[] | undefined;
  return {
    inputs: concrete,
    get outputs() {
      if (outputs === undefined) {
        const output = layer.outputShapeFor(takesList ? inputs : inputs[0]);
        outputs = (isShapeList(output) ? output : [output]).map((shape, i) =>
          known(layer, shape, i, "output")
        );
      }
      return outputs;
    },
  };
}

function known(
  layer: { readonly name: string },
  shape: Shape,
  index: number,
  what: "input" | "output",
): readonly number[] {
  for (let axis = 1; axis < shape.length; axis++) {
    if (shape[axis] === null) throw new UnknownSizeError(layer.name, shape, axis, index, what);
  }
  return shape.map((d, axis) => axis === 0 ? 1 : d as number);
}

/**
 * The MACs of an einsum between an input and a kernel (Keras's `EinsumDense`): every
 * combination of the equation's letters is one multiply-accumulate, so the product of every
 * letter's size (the batch is 1), an ellipsis standing for the input's axes it covers. A letter
 * of the input alone, in neither the kernel nor the output, is summed away first (as einsum, and
 * Keras traced on JAX, do), so it is not in the product.
 *
 * @param equation E.g. `"abc,cde->abde"`.
 * @param input The input's shape, batch 1.
 * @param kernel The kernel's shape.
 * @returns The MACs.
 *
 * @example A dense map of 13 features to 2 × 5 outputs over 400 positions
 * ```ts
 * import { einsumMacs } from "./macs.ts";
 * import assert from "assert";
 *
 * assert.equal(einsumMacs("abc,cde->abde", [1, 400, 13], [13, 2, 5]), 400 * 13 * 2 * 5);
 * assert.equal(einsumMacs("...b,bc->...c", [1, 7, 3], [3, 4]), 7 * 3 * 4);
 * // b is summed away before the product: 7 × 4 × 5, not 4 × 7 × 4 × 5.
 * assert.equal(einsumMacs("abc,ocn->ano", [1, 4, 7], [4, 7, 5]), 7 * 4 * 5);
 * ```
 */
export function einsumMacs(
  equation: string,
  input: readonly number[],
  kernel: readonly number[],
): number {
  expectString("einsumMacs", "its equation", equation);
  expectArray("einsumMacs", "its input", input, "a shape");
  expectArray("einsumMacs", "its kernel", kernel, "a shape");
  const [lhs, outputSpec = ""] = equation.replace(/\s/g, "").split("->");
  const [inputSpec, kernelSpec] = lhs.split(",");
  const sizes = new Map<string, number>();
  let ellipsis = 1;
  const letters = inputSpec.replace("...", "");
  const covered = input.length - letters.length;
  let axis = 0;
  for (let i = 0; i < inputSpec.length; i++) {
    if (inputSpec.startsWith("...", i)) {
      for (let k = 0; k < covered; k++) ellipsis *= input[axis + k];
      axis += covered;
      i += 2;
      continue;
    }
    // A letter of the input alone (not the kernel's, not the output's) is summed away before
    // the product, as einsum does: additions, no multiply-accumulate.
    const letter = inputSpec[i];
    const size = input[axis++];
    if (kernelSpec.includes(letter) || outputSpec.includes(letter)) sizes.set(letter, size);
  }
  const kernelLetters = kernelSpec.replace("...", "");
  for (let i = 0; i < kernelLetters.length; i++) sizes.set(kernelLetters[i], kernel[i]);
  let total = ellipsis;
  for (const size of sizes.values()) total *= size;
  return total;
}

/**
 * The size of a layer's weights of some names (`kernel`, `recurrent_kernel`).
 *
 * @param weights The layer's weights.
 * @param names The names to add up.
 * @returns The sum of their sizes.
 *
 * @example
 * ```ts
 * import { weightsNamed } from "./macs.ts";
 * import assert from "assert";
 *
 * const weights = [{ name: "kernel", size: 65 }, { name: "bias", size: 5 }];
 * assert.equal(weightsNamed(weights, "kernel"), 65);
 * assert.equal(weightsNamed([{ name: "lstm_cell/kernel", size: 65 }], "kernel"), 65);
 * ```
 */
export function weightsNamed(
  weights: readonly { readonly name: string; readonly size: number }[],
  ...names: string[]
): number {
  expectArray("weightsNamed", "its weights", weights, "a list of weights");
  let total = 0;
  // A stack of cells names its weights `<cell>/<weight>`.
  for (const w of weights) {
    if (names.includes(w.name.slice(w.name.lastIndexOf("/") + 1))) {
      total += w.size;
    }
  }
  return total;
}
