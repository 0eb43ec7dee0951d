/**
 * Keras's einsum analysis (keras/src/layers/core/einsum_dense.py's `_analyze_einsum_string`),
 * ported line by line: from an equation and an input shape, the kernel's, bias's and output's
 * shapes.
 *
 * @module
 */

import { describeValue, IncompatibleShapeError } from "../errors.ts";
import { type Dim, formatShape, type Shape } from "../shape.ts";
import { expectArray, expectString } from "../guard.ts";

/** What Keras's `_analyze_einsum_string` computes for an equation and an input shape. */
export interface EinsumAnalysis {
  /** The kernel's shape; `null` where the equation takes a size Keras leaves unknown. */
  readonly kernelShape: readonly Dim[];
  /** The bias's shape, or `null` without `biasAxes`. */
  readonly biasShape: readonly Dim[] | null;
  /** The full output shape, batch first, as Keras's `compute_output_shape` returns it. */
  readonly outputShape: Shape;
  /** The equation's letters for the kernel's axes, e.g. `"cde"`. */
  readonly kernelLetters: string;
  /** The letters of the bias's axes, from the first bias axis to the end of the output. */
  readonly biasLetters: string;
}

interface SplitEquation {
  readonly input: string;
  readonly kernel: string;
  readonly output: string;
  readonly leftElided: boolean;
  readonly rightElided: boolean;
}

/** Keras's three equation forms; `re.match` anchors at the start only, as here. */
function splitEquation(owner: string, equation: string): SplitEquation {
  const dots = equation.replace(/\.\.\./g, "0");
  let m = /^([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)/.exec(dots);
  if (m) return { input: m[1], kernel: m[2], output: m[3], leftElided: false, rightElided: false };
  m = /^0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)/.exec(dots);
  if (m) return { input: m[1], kernel: m[2], output: m[3], leftElided: true, rightElided: false };
  m = /^([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0/.exec(dots);
  if (m) return { input: m[1], kernel: m[2], output: m[3], leftElided: false, rightElided: true };
  throw new TypeError(
    `Invalid equation for ${owner}: expected the form "ab,bc->ac", "...ab,bc->...ac" or ` +
      `"ab...,bc->ac...", received ${describeValue(equation)}`,
  );
}

/** The checks of Keras's analysis that depend on the letters only, made at construction. */
export function checkEquation(
  owner: string,
  equation: string,
  partialOutput: readonly Dim[],
  biasAxes: string | null,
): SplitEquation {
  const split = splitEquation(owner, equation);
  for (const dim of split.output) {
    if (!split.input.includes(dim) && !split.kernel.includes(dim)) {
      throw new TypeError(
        `Invalid equation for ${owner}: dimension '${dim}' is in the output '${split.output}' ` +
          `but in neither the input '${split.input}' nor the kernel '${split.kernel}' of ` +
          `${JSON.stringify(equation)}`,
      );
    }
  }
  for (const dim of split.kernel) {
    if (!split.output.includes(dim) && !split.input.includes(dim)) {
      throw new TypeError(
        `Invalid equation for ${owner}: kernel dimension '${dim}' is in neither the input ` +
          `'${split.input}' nor the output '${split.output}' of ${JSON.stringify(equation)}, ` +
          `so its size is not known`,
      );
    }
  }
  for (const char of biasAxes ?? "") {
    if (!split.output.includes(char)) {
      throw new TypeError(
        `Invalid biasAxes for ${owner}: bias dimension '${char}' is not part of the output ` +
          `'${split.output}' of ${JSON.stringify(equation)}`,
      );
    }
  }
  // The output shape covers the output letters but the batch (and not the elided axes).
  const expected = split.leftElided ? split.output.length : split.output.length - 1;
  if (partialOutput.length !== expected) {
    throw new TypeError(
      `Invalid outputShape for ${owner}: ${JSON.stringify(equation)} has ${expected} output ` +
        `ax${expected === 1 ? "is" : "es"} besides the batch${
          split.leftElided || split.rightElided ? " and the elided ones" : ""
        }, so outputShape needs ${expected} size${expected === 1 ? "" : "s"}, received ${
          describeValue(partialOutput)
        }`,
    );
  }
  return split;
}

/**
 * Keras's `_analyze_einsum_string`: the kernel's and the bias's shapes and the full output shape
 * of an `EinsumDense` for an input shape. A port, quirks included: with a left ellipsis over
 * more than one axis, Keras lists the elided axes in reverse order in the output shape (so
 * `"...b,bc->...c"` on `(None, 5, 7, 16)` gives `(None, 7, 5, 8)`, which is what Keras 3
 * prints), and an output axis given as `None` stays `None` even where the input's size is known.
 *
 * @param equation The einsum equation, e.g. `"abc,cde->abde"`.
 * @param biasAxes The output letters that get a bias, or `null` for none.
 * @param inputShape The input shape, batch first.
 * @param outputShape The output shape without the batch and elided axes (`null` where unknown).
 * @param owner The layer's name, for error messages.
 * @returns The shapes.
 * @throws {TypeError} When the equation is not one of Keras's forms or its letters do not match.
 * @throws {IncompatibleShapeError} When the input's rank does not fit the equation, or a shared
 * axis has one size in the input and another in the output shape.
 *
 * @example Multi-head attention's query projection: 64 features to 4 heads × 16
 * ```ts
 * import { analyzeEinsum } from "./einsum.ts";
 * import assert from "assert";
 *
 * const a = analyzeEinsum("abc,cde->abde", "de", [null, 10, 64], [null, 4, 16]);
 * assert.deepEqual(a.kernelShape, [64, 4, 16]);
 * assert.deepEqual(a.biasShape, [4, 16]);
 * assert.deepEqual(a.outputShape, [null, null, 4, 16]);
 * ```
 */
export function analyzeEinsum(
  equation: string,
  biasAxes: string | null,
  inputShape: Shape,
  outputShape: readonly Dim[],
  owner = "EinsumDense",
): EinsumAnalysis {
  expectString("analyzeEinsum", "its equation", equation);
  if (biasAxes !== null) {
    expectString("analyzeEinsum", "its bias axes", biasAxes, "a string or null");
  }
  expectArray("analyzeEinsum", "its input shape", inputShape, "a shape");
  expectArray("analyzeEinsum", "its output shape", outputShape, "a shape");
  const split = checkEquation(owner, equation, outputShape, biasAxes);
  const { input: inputSpec, kernel: weightSpec, output: outputSpec, leftElided } = split;
  const elided = inputShape.length - inputSpec.length;
  const elidable = split.leftElided || split.rightElided;
  if (elided < 0 || (!elidable && elided !== 0) || (elidable && elided < 1)) {
    const ndim = elidable ? `min_ndim=${inputSpec.length + 1}` : `ndim=${inputSpec.length}`;
    throw new IncompatibleShapeError(
      owner,
      inputShape,
      `Input 0 of layer "${owner}" is incompatible with the layer: equation ` +
        `${JSON.stringify(equation)} expects ${ndim}, found ndim=${inputShape.length}. Full ` +
        `shape received: ${formatShape(inputShape)}`,
    );
  }
  const output: Dim[] = [...outputShape];
  output.unshift(inputShape[0]);
  if (elided > 0 && leftElided) {
    // Keras inserts each at position 1, so the elided axes come out reversed.
    for (let i = 1; i < elided; i++) output.splice(1, 0, inputShape[i]);
  } else if (elided > 0) {
    for (let i = inputShape.length - elided; i < inputShape.length; i++) {
      output.push(inputShape[i]);
    }
  }
  const inputIndex = new Map<string, number>();
  const outputIndex = new Map<string, number>();
  for (const [i, dim] of [...inputSpec].entries()) {
    inputIndex.set(dim, leftElided ? i + elided : i);
  }
  for (const [i, dim] of [...outputSpec].entries()) {
    outputIndex.set(dim, leftElided ? i + elided : i);
  }
  for (const dim of inputSpec) {
    const inSize = inputShape[inputIndex.get(dim)!];
    const at = outputIndex.get(dim);
    if (at !== undefined && output[at] !== null && output[at] !== inSize) {
      throw new IncompatibleShapeError(
        owner,
        inputShape,
        `Layer "${owner}": input shape and output shape do not match at shared dimension ` +
          `'${dim}'. Input shape is ${inSize ?? "None"}, and output shape is ${output[at]}`,
      );
    }
  }
  const kernelShape = [...weightSpec].map((dim) => {
    const at = outputIndex.get(dim);
    return at !== undefined ? output[at] : inputShape[inputIndex.get(dim)!];
  });
  let biasShape: Dim[] | null = null;
  let biasLetters = "";
  if (biasAxes !== null) {
    const offset = leftElided ? elided : 0;
    const first = Math.min(...[...biasAxes].map((c) => outputSpec.indexOf(c)));
    biasLetters = outputSpec.slice(first);
    biasShape = [...biasLetters].map((c) =>
      biasAxes.includes(c) ? output[outputSpec.indexOf(c) + offset] : 1
    );
    if (!leftElided) { for (let i = 0; i < elided; i++) biasShape.push(1); }
  }
  return { kernelShape, biasShape, outputShape: output, kernelLetters: weightSpec, biasLetters };
}
