/**
 * Attention: EinsumDense, MultiHeadAttention, GroupedQueryAttention, Attention and
 * AdditiveAttention. Their weights are projections of feature vectors, applied at every position
 * alike, and the attention weights themselves are computed from the data, not learned, so no
 * count depends on the sequence length.
 *
 * The attention layers take several inputs (query, value and optionally key). Until a model
 * connects them, build them with `build(queryShape, valueShape?, keyShape?)`, as Keras's
 * `build` does; built from one shape (an `inputShape`, or as a layer of a Sequential model) they
 * are self-attention: query, value and key are the same tensor.
 *
 * @module
 */

import { describeValue, IncompatibleShapeError } from "../errors.ts";
import { type Dim, formatShape, sameShape, type Shape } from "../shape.ts";
import {
  type ApplyInput,
  asTensor,
  type AxisMeaning,
  type InputSpec,
  type KernelExtrasArgs,
  Layer,
  type LayerArgs,
  type Weight,
  type WeightSpec,
} from "./base.ts";
import { defineKind, type LayerKind, positional } from "./kind.ts";
import { choices, lastSize, solveOption } from "./_reading.ts";
import type { SymbolicTensor } from "./node.ts";
import { inert, KERNEL_EXTRAS, opt } from "./options.ts";

// ---------------------------------------------------------------------------------------------
// Keras's einsum analysis (keras/src/layers/core/einsum_dense.py), ported line by line

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
function checkEquation(
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
 * import { analyzeEinsum } from "./attention.ts";
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

// ---------------------------------------------------------------------------------------------
// EinsumDense

const NO_LORA = {
  loraRank: opt.unsupported(null, "adds low-rank adapter weights"),
  ...inert("loraAlpha", "quantizationConfig", "gptqUnpackedColumnSize"),
};

const SIZES_OR_NULL = "a positive integer, or a list of positive integers or null";

function isSizes(v: unknown): boolean {
  const size = (d: unknown) => typeof d === "number" && Number.isSafeInteger(d) && d >= 1;
  return size(v) || Array.isArray(v) && v.every((d) => d === null || size(d));
}

const EINSUM_OPTIONS = {
  equation: opt.custom<string>(
    'an einsum equation such as "ab,bc->ac"',
    (v) => typeof v === "string",
  ),
  outputShape: opt.custom<number | readonly Dim[]>(SIZES_OR_NULL, isSizes),
  biasAxes: {
    ...opt.custom<string | null>(
      "a string of output letters, or null",
      (v) => v === null || typeof v === "string" && v.length > 0,
      null,
    ),
    nullInJson: true,
  },
  activation: opt.activation(),
  ...KERNEL_EXTRAS,
  ...NO_LORA,
};

/** Arguments of {@linkcode EinsumDense}. */
export interface EinsumDenseArgs extends LayerArgs, KernelExtrasArgs {
  /** The einsum equation, e.g. `"abc,cd->abd"`: input, kernel and output letters. */
  readonly equation: string;
  /**
   * The output shape without the batch axis and the axes an ellipsis stands for; `null` where
   * the size comes from the input. One number for one axis.
   */
  readonly outputShape: number | readonly Dim[];
  /**
   * The output letters that get a bias, e.g. `"de"`; none when absent.
   * @default {null}
   */
  readonly biasAxes?: string | null;
  /** The activation's name; it has no parameters. */
  readonly activation?: string | null;
}

/**
 * A dense layer written as an einsum: the kernel has one axis per kernel letter of the equation,
 * sized from the input (letters it shares with the input) or from `outputShape` (letters of the
 * output), and the bias covers the output from the first of `biasAxes` on. Keras builds
 * multi-head attention's projections from it.
 *
 * @example Dense as an einsum, and an attention projection
 * ```ts
 * import { EinsumDense } from "../../mod.ts";
 * import assert from "assert";
 *
 * const dense = new EinsumDense("ab,bc->ac", { outputShape: 64, biasAxes: "c", inputShape: [32] });
 * assert.equal(dense.paramCount(), 32 * 64 + 64);
 * const query = new EinsumDense("abc,cde->abde", {
 *   outputShape: [null, 4, 16],
 *   biasAxes: "de",
 *   inputShape: [10, 64],
 * });
 * assert.deepEqual(query.weights().map((w) => w.shape), [[64, 4, 16], [4, 16]]);
 * assert.deepEqual(query.outputShape(), [null, null, 4, 16]);
 * ```
 */
export class EinsumDense extends Layer {
  /** The declaration of Keras's `EinsumDense`. */
  static readonly kind: LayerKind = defineKind({
    className: "EinsumDense",
    family: "attention",
    summary: "A dense layer written as an einsum: a kernel with one axis per kernel letter.",
    options: EINSUM_OPTIONS,
    positional: "equation",
    create: (config) => new EinsumDense(config as unknown as EinsumDenseArgs),
    why: (layer) => einsumWhy(layer as EinsumDense),
  });
  /** The einsum equation. */
  readonly equation: string;
  /** The output shape without the batch and elided axes. */
  readonly partialOutputShape: readonly Dim[];
  /** The output letters that get a bias, or `null`. */
  readonly biasAxes: string | null;
  #analysis: EinsumAnalysis | undefined;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param equation The einsum equation, or the whole configuration.
   * @param args The rest of the configuration, when the equation came first.
   */
  constructor(equation: string | EinsumDenseArgs, args?: Omit<EinsumDenseArgs, "equation">) {
    super(positional(EinsumDense.kind, equation, args), EinsumDense.kind);
    const c = this.options(EINSUM_OPTIONS);
    this.equation = c.equation;
    this.partialOutputShape = typeof c.outputShape === "number"
      ? [c.outputShape]
      : [...c.outputShape];
    this.biasAxes = c.biasAxes;
    checkEquation("EinsumDense", this.equation, this.partialOutputShape, this.biasAxes);
  }

  /** What input the layer accepts (the equation decides the rank; see `analyzeEinsum`). */
  protected get inputSpec(): InputSpec {
    return { minNdim: 1 };
  }

  /** Keras's analysis of the equation for the input the layer was built for. */
  get analysis(): EinsumAnalysis {
    this.inputShape();
    return this.#analysis!;
  }

  /** The weight tensors the layer creates for an input shape. */
  protected buildWeights(inputShape: Shape): WeightSpec[] {
    const a = analyzeEinsum(
      this.equation,
      this.biasAxes,
      inputShape,
      this.partialOutputShape,
      this.name,
    );
    this.#analysis = a;
    const known = (what: string, shape: readonly Dim[]): number[] => {
      if (shape.some((d) => d === null)) {
        throw new IncompatibleShapeError(
          this.name,
          inputShape,
          `Layer "${this.name}" cannot create its ${what}: its shape ${formatShape(shape)} has ` +
            `an axis whose size is given neither by the input ${formatShape(inputShape)} nor ` +
            `by outputShape ${formatShape(this.partialOutputShape)}`,
        );
      }
      return shape as number[];
    };
    const letterAxis = (letter: string): AxisMeaning => ({
      symbol: letter,
      meaning: this.equation.split("->")[0].split(",")[0].includes(letter)
        ? `input axis '${letter}'`
        : `output axis '${letter}'`,
    });
    const weights: WeightSpec[] = [{
      name: "kernel",
      shape: known("kernel", a.kernelShape),
      trainable: true,
      axes: [...a.kernelLetters].map(letterAxis),
    }];
    if (a.biasShape !== null) {
      const shape = known("bias", a.biasShape);
      weights.push({
        name: "bias",
        shape,
        trainable: true,
        axes: shape.map((_, i) =>
          i < a.biasLetters.length && this.biasAxes!.includes(a.biasLetters[i])
            ? letterAxis(a.biasLetters[i])
            : { symbol: "1", meaning: "broadcast over this axis" }
        ),
      });
    }
    return weights;
  }

  /** The output shape, as Keras's `compute_output_shape`. */
  protected computeOutputShape(): Shape {
    return this.#analysis!.outputShape;
  }
}

function einsumWhy(layer: EinsumDense): string[] {
  const a = layer.analysis;
  const [kernel, bias] = layer.weights();
  const sentences = [
    `The kernel has one axis per kernel letter of ${JSON.stringify(layer.equation)}: ` +
    `'${a.kernelLetters}' = ${formatShape(kernel.shape)}, ${kernel.size} weights; letters ` +
    `shared with the input take the input's sizes, the others take outputShape's.`,
  ];
  if (bias) {
    sentences.push(
      `biasAxes ${JSON.stringify(layer.biasAxes)}: a bias of shape ${formatShape(bias.shape)} ` +
        `(${bias.size}), broadcast over the other output axes.`,
    );
  }
  sentences.push(
    `Letters that appear in the input and the output but not in the kernel (the batch, the ` +
      `positions) are not summed over and own no weights: the same kernel is applied at every ` +
      `position, so the count does not depend on the sequence length.`,
  );
  return sentences;
}

// ---------------------------------------------------------------------------------------------
// Layers with several inputs

/** The shapes of an attention layer's inputs, batch first. */
export interface AttentionInputs {
  /** The query: the sequence that attends. */
  readonly query: Shape;
  /** The value: the sequence attended to. */
  readonly value: Shape;
  /** The key, compared with the query; the value when absent. */
  readonly key: Shape;
}

/**
 * What the attention layers share: several inputs. `build(query, value?, key?)` is Keras's
 * `build(query_shape, value_shape, key_shape)`; a layer built from one shape (its `inputShape`,
 * or in a Sequential model) is self-attention, with value and key equal to the query.
 *
 * @example Self-attention from one shape, cross-attention from two
 * ```ts
 * import { MultiHeadAttention, type MultiInputLayer } from "../../mod.ts";
 * import assert from "assert";
 *
 * const self: MultiInputLayer = new MultiHeadAttention(4, { keyDim: 16, inputShape: [10, 64] });
 * assert.deepEqual(self.attentionInputs().value, [null, 10, 64]);
 * const cross = new MultiHeadAttention(4, { keyDim: 16 }).build([null, 10, 64], [null, 7, 32]);
 * assert.equal(cross.paramCount(), 4160 + 2 * (32 * 64 + 64) + 4160);
 * ```
 */
export abstract class MultiInputLayer extends Layer {
  #value: Shape | undefined;
  #key: Shape | undefined;

  /**
   * Builds the layer for its inputs, as Keras's `build(query_shape, value_shape, key_shape)`.
   *
   * @param query The query's shape, batch first.
   * @param value The value's shape; the query's when absent (self-attention).
   * @param key The key's shape; the value's when absent.
   * @returns The layer.
   * @throws {IncompatibleShapeError} When an input cannot be taken, or the layer was built for
   * other inputs.
   *
   * @example Cross-attention: a 10-step query over a 20-step value of another width
   * ```ts
   * import { MultiHeadAttention } from "../../mod.ts";
   * import assert from "assert";
   *
   * const mha = new MultiHeadAttention({ numHeads: 2, keyDim: 8 });
   * mha.build([null, 10, 32], [null, 20, 48]);
   * assert.deepEqual(mha.outputShape(), [null, 10, 32]);
   * assert.deepEqual(mha.attentionInputs().key, [null, 20, 48]);
   * ```
   */
  override build(query: Shape, value?: Shape, key?: Shape): this {
    const v = value ?? query;
    const k = key ?? v;
    if (this.built) {
      const had = this.attentionInputs();
      if (
        sameShape(had.query, query) && sameShape(had.value, v) && sameShape(had.key, k)
      ) {
        return this;
      }
      throw new IncompatibleShapeError(
        this.name,
        query,
        `Layer "${this.name}" was already built for query ${formatShape(had.query)}, value ` +
          `${formatShape(had.value)} and key ${formatShape(had.key)}, and cannot be built ` +
          `again for query ${formatShape(query)}, value ${formatShape(v)} and key ` +
          `${formatShape(k)}`,
      );
    }
    for (const [what, shape] of [["value", v], ["key", k]] as const) {
      if (!Array.isArray(shape) || shape.length < 2) {
        throw new TypeError(
          `Invalid ${what} shape for layer "${this.name}": expected a list of sizes with the ` +
            `batch dimension first, received ${describeValue(shape)}`,
        );
      }
    }
    this.#value = [...v];
    this.#key = [...k];
    try {
      return super.build(query);
    } catch (error) {
      this.#value = this.#key = undefined;
      throw error;
    }
  }

  /**
   * The shapes the layer was built for.
   *
   * @returns The query's, the value's and the key's shapes.
   */
  attentionInputs(): AttentionInputs {
    const query = this.inputShape();
    return { query, value: this.#value!, key: this.#key! };
  }

  /** The query, value and key shapes, in Keras's call order. */
  override inputShapes(): readonly Shape[] {
    const { query, value, key } = this.attentionInputs();
    return [query, value, key];
  }

  /**
   * Builds the layer for the inputs a call gives it: the query, then the value and the key.
   *
   * @param inputs `[query]`, `[query, value]` or `[query, value, key]`.
   * @returns The layer.
   */
  override buildFor(inputs: readonly Shape[]): this {
    if (inputs.length < 1 || inputs.length > 3) {
      throw new TypeError(
        `Layer "${this.name}" (${this.className}) takes a query, a value and a key, received ` +
          `${inputs.length} inputs`,
      );
    }
    return this.build(inputs[0], inputs[1], inputs[2]);
  }

  /**
   * Calls the layer on a query (self-attention) or on `[query, value]` or
   * `[query, value, key]`, as Keras's `layer(query, value, key)`.
   *
   * @param inputs The query tensor, or the list.
   * @returns The output tensor.
   */
  override apply(inputs: ApplyInput): SymbolicTensor;
  override apply(inputs: ApplyInput): SymbolicTensor | SymbolicTensor[] {
    const list = Array.isArray(inputs) ? inputs as readonly (SymbolicTensor | Layer)[] : [inputs];
    const tensors = list.map((x) => asTensor(this, x as SymbolicTensor | Layer));
    if (tensors.length < 1 || tensors.length > 3) {
      throw new TypeError(
        `Layer "${this.name}" (${this.className}) takes a query, a value and a key, received ` +
          `${tensors.length} inputs`,
      );
    }
    const [query, value, key] = tensors.map((t) => t.shape);
    this.build(query, value, key);
    const output = this.outputShape();
    const shapes = Array.isArray(output[0]) ? output as readonly Shape[] : [output as Shape];
    const node = this.recordNode(tensors, shapes, Array.isArray(inputs));
    return node.outputs.length === 1 ? node.outputs[0] : [...node.outputs] as never;
  }

  /** The value's and the key's shapes while building. */
  protected others(): { value: Shape; key: Shape } {
    return { value: this.#value!, key: this.#key! };
  }

  /** Checks the value's and the key's shapes with Keras's wording. */
  protected checkOthers(minNdim: number): void {
    const { value, key } = this.others();
    for (const [i, what, shape] of [[1, "value", value], [2, "key", key]] as const) {
      if (shape.length < minNdim) {
        throw new IncompatibleShapeError(
          this.name,
          shape,
          `Input ${i} (${what}) of layer "${this.name}" is incompatible with the layer: ` +
            `expected min_ndim=${minNdim}, found ndim=${shape.length}. Full shape received: ` +
            `${formatShape(shape)}`,
        );
      }
      if (shape.at(-1) === null) {
        throw new IncompatibleShapeError(
          this.name,
          shape,
          `Input ${i} (${what}) of layer "${this.name}" is incompatible with the layer: its ` +
            `last axis must be known to build the layer's weights, found None`,
        );
      }
    }
    if (!sameShape(value.slice(1, -1), key.slice(1, -1))) {
      throw new IncompatibleShapeError(
        this.name,
        key,
        `Layer "${this.name}": all dimensions of \`value\` and \`key\`, except the last one, ` +
          `must be equal. Received: value_shape=${formatShape(value)} and key_shape=` +
          `${formatShape(key)}`,
      );
    }
  }
}

/** Sub-layer weights, renamed `query/kernel` as Keras's paths name them, with their axes. */
function projectionWeights(sub: EinsumDense, axes: {
  kernel: readonly AxisMeaning[];
  bias: readonly AxisMeaning[];
}): Weight[] {
  return sub.weightSpecs().map((w) => ({
    ...w,
    name: `${sub.name}/${w.name}`,
    axes: w.name === "kernel" ? axes.kernel : axes.bias,
  }));
}

// ---------------------------------------------------------------------------------------------
// MultiHeadAttention

// keras/src/layers/attention/multi_head_attention.py: _build_proj_equation, _get_output_shape.
function projectionEquation(
  freeDims: number,
  boundDims: number,
  outputDims: number,
): { equation: string; biasAxes: string; outputRank: number } {
  const letter = (i: number) => "abcdefghijklmnopqrstuvwxyz"[i];
  let input = "", kernel = "", output = "", bias = "";
  for (let i = 0; i < freeDims; i++) {
    input += letter(i);
    output += letter(i);
  }
  for (let i = 0; i < boundDims; i++) {
    input += letter(freeDims + i);
    kernel += letter(freeDims + i);
  }
  for (let i = 0; i < outputDims; i++) {
    const char = letter(freeDims + boundDims + i);
    kernel += char;
    output += char;
    bias += char;
  }
  return { equation: `${input},${kernel}->${output}`, biasAxes: bias, outputRank: output.length };
}

function partialShape(outputRank: number, known: readonly number[]): Dim[] {
  return [...new Array<Dim>(outputRank - known.length).fill(null), ...known];
}

const SIZES = "a positive integer or a list of positive integers";
function isPositiveSizes(v: unknown): boolean {
  const size = (d: unknown) => typeof d === "number" && Number.isSafeInteger(d) && d >= 1;
  return size(v) || Array.isArray(v) && v.length > 0 && v.every(size);
}

/**
 * What the multi-head attention layers accept besides their shapes: the kernels' and biases'
 * initializers, regularizers and constraints, dropout, a local window, flash attention and a
 * seed. None of it has parameters.
 */
export interface AttentionExtrasArgs extends KernelExtrasArgs {
  /** Dropout on the attention scores; it has no parameters. */
  readonly dropout?: number;
  /** A local attention window; it has no parameters. */
  readonly slidingWindow?: number | null;
  /** Use flash attention; it has no parameters. */
  readonly flashAttention?: boolean | null;
  /** The random seed; it adds no parameters. */
  readonly seed?: unknown;
}

/** The options of {@linkcode AttentionExtrasArgs}. */
const ATTENTION_EXTRAS = {
  ...KERNEL_EXTRAS,
  dropout: { ...opt.fraction(0), inert: true },
  slidingWindow: { ...opt.intOrNull(), inert: true },
  flashAttention: {
    ...opt.custom<boolean | null>(
      "true, false or null",
      (v) => v === null || typeof v === "boolean",
      null,
    ),
    inert: true,
  },
  ...inert("seed"),
};

const MHA_OPTIONS = {
  numHeads: opt.int(),
  keyDim: opt.int(),
  valueDim: opt.intOrNull(),
  useBias: opt.bool(true),
  outputShape: {
    ...opt.custom<number | readonly number[] | null>(
      `${SIZES}, or null`,
      (v) => v === null || isPositiveSizes(v),
      null,
    ),
    nullInJson: true,
  },
  attentionAxes: {
    ...opt.custom<number | readonly number[] | null>(
      "an integer axis, a list of them, or null",
      (v) =>
        v === null || Number.isSafeInteger(v) ||
        Array.isArray(v) && v.length > 0 && v.every((a) => Number.isSafeInteger(a)),
      null,
    ),
    nullInJson: true,
  },
  useGate: opt.bool(false),
  ...ATTENTION_EXTRAS,
};

/** Arguments of {@linkcode MultiHeadAttention}. */
export interface MultiHeadAttentionArgs extends LayerArgs, AttentionExtrasArgs {
  /** The number of attention heads. */
  readonly numHeads: number;
  /** The size of each head's query and key vectors. */
  readonly keyDim: number;
  /**
   * The size of each head's value vectors.
   * @default {keyDim}
   */
  readonly valueDim?: number | null;
  /**
   * Whether the projections have biases.
   * @default {true}
   */
  readonly useBias?: boolean;
  /**
   * The output's last axes; by default the query's last axis.
   * @default {null}
   */
  readonly outputShape?: number | readonly number[] | null;
  /**
   * The axes attention runs over; by default every axis but the batch and the features.
   * @default {null}
   */
  readonly attentionAxes?: number | readonly number[] | null;
  /**
   * A sigmoid gate on the heads' outputs: one more projection of the query, as large as the
   * value's.
   * @default {false}
   */
  readonly useGate?: boolean;
}

/**
 * Multi-head attention, as Keras builds it: four `EinsumDense` projections named `query`, `key`,
 * `value` and `attention_output` (and `gate` with `useGate`). The query, key and value
 * projections map their input's features to `numHeads × keyDim` (value: `numHeads × valueDim`)
 * columns; the output projection maps the heads back to the query's width. Nothing depends on
 * the sequence lengths.
 *
 * @example 4 heads of 16 on 64 features: 4 × 4,160 = 16,640
 * ```ts
 * import { MultiHeadAttention } from "../../mod.ts";
 * import assert from "assert";
 *
 * const mha = new MultiHeadAttention({ numHeads: 4, keyDim: 16, inputShape: [10, 64] });
 * assert.equal(mha.paramCount(), 16_640);
 * assert.deepEqual(mha.outputShape(), [null, 10, 64]);
 * assert.deepEqual(mha.weights().map((w) => w.name).slice(0, 2), ["query/kernel", "query/bias"]);
 * ```
 */
export class MultiHeadAttention extends MultiInputLayer {
  /** The declaration of Keras's `MultiHeadAttention`. */
  static readonly kind: LayerKind = defineKind({
    className: "MultiHeadAttention",
    family: "attention",
    summary: "Query, key, value and output projections (EinsumDense), h heads of key_dim each.",
    options: MHA_OPTIONS,
    positional: "numHeads",
    create: (config) => new MultiHeadAttention(config as unknown as MultiHeadAttentionArgs),
    why: (layer) => projectionsWhy(layer as MultiInputLayer),
    read: {
      // With the value's head size the key's (Keras's default), every projection is heads ×
      // key size wide, so the count tells that product and nothing finer: one head is built,
      // its key size solved from the count, and the assumption said.
      candidates: (row) => {
        const given = row.inputs ?? (row.input ? [row.input] : null);
        if (!given || given.length > 3 || row.params === null) return [];
        // The output projection keeps the query's width unless outputShape says otherwise.
        const out = lastSize(row.out);
        if (out === undefined || out !== lastSize(given[0])) return [];
        const params = row.params;
        return choices<boolean>(row.declared.useBias, [true, false]).flatMap((useBias) => {
          const config = { numHeads: 1, ...(useBias ? {} : { useBias }) };
          const width = solveOption(MultiHeadAttention.kind, config, "keyDim", given, params);
          if (width === undefined) return [];
          return [{
            config: { ...config, keyDim: width },
            input: given,
            unusual: !useBias,
            assumption: `The count tells only numHeads × keyDim = ${width}: the query, key and ` +
              `value projections are each that wide, so 1 head of ${width} and ${
                width % 2 === 0 ? `2 heads of ${width / 2}` : `${width} heads of 1`
              } give the same count and shape; 1 head is shown.`,
          }];
        });
      },
    },
  });
  /** The number of heads. */
  readonly numHeads: number;
  /** The size of each head's query and key. */
  readonly keyDim: number;
  /** The size of each head's value. */
  readonly valueDim: number;
  /** Whether the projections have biases. */
  readonly useBias: boolean;
  /** Whether a gate projection is added. */
  readonly useGate: boolean;
  #subLayers: EinsumDense[] = [];

  /**
   * Creates the layer, checking its configuration.
   *
   * @param numHeads The number of heads, or the whole configuration.
   * @param args The rest of the configuration, when `numHeads` came first.
   */
  constructor(
    numHeads: number | MultiHeadAttentionArgs,
    args?: Omit<MultiHeadAttentionArgs, "numHeads">,
  ) {
    super(positional(MultiHeadAttention.kind, numHeads, args), MultiHeadAttention.kind);
    const c = this.options(MHA_OPTIONS);
    this.numHeads = c.numHeads;
    this.keyDim = c.keyDim;
    this.valueDim = c.valueDim ?? c.keyDim;
    this.useBias = c.useBias;
    this.useGate = c.useGate;
  }

  /** The projections, once built: `query`, `key`, (`gate`,) `value`, `attention_output`. */
  override innerLayers(): readonly Layer[] {
    return this.#subLayers;
  }

  /** What the query must look like. */
  protected get inputSpec(): InputSpec {
    return { minNdim: 3, definedAxes: [-1] };
  }

  /** The projections' weights, in Keras's order. */
  protected buildWeights(query: Shape): Weight[] {
    this.checkOthers(3);
    const { value, key } = this.others();
    const h = this.numHeads;
    const sub = (rank: number, bound: number, known: readonly number[], name: string) => {
      const p = projectionEquation(rank - 1, bound, known.length);
      return new EinsumDense({
        equation: p.equation,
        outputShape: partialShape(p.outputRank - 1, known),
        biasAxes: this.useBias ? p.biasAxes : null,
        ...(name === "gate" ? { activation: "sigmoid" } : {}),
        name,
      });
    };
    const queryDense = sub(query.length, 1, [h, this.keyDim], "query");
    queryDense.build(query);
    const keyDense = sub(key.length, 1, [h, this.keyDim], "key");
    keyDense.build(key);
    const gate = this.useGate ? sub(query.length, 1, [h, this.valueDim], "gate") : undefined;
    gate?.build(query);
    const valueDense = sub(value.length, 1, [h, this.valueDim], "value");
    valueDense.build(value);
    this.#checkAttentionAxes(query);
    const out = this.#outputWidths(query);
    const outputDense = sub(query.length, 2, out, "attention_output");
    const outputInput = [...(queryDense.outputShape() as Shape)];
    outputInput[outputInput.length - 1] = this.valueDim;
    outputDense.build(outputInput);
    this.#subLayers = [queryDense, keyDense, ...(gate ? [gate] : []), valueDense, outputDense];
    const widths = symbolsFor(query.at(-1)!, key.at(-1)!, value.at(-1)!);
    const heads = { symbol: "h", meaning: "heads" };
    const dk = { symbol: "d_k", meaning: "key_dim, per head" };
    const dv = { symbol: "d_v", meaning: "value_dim, per head" };
    const outAxes = out.length === 1 && out[0] === query.at(-1) && !this.config.outputShape
      ? [widths.query]
      : out.map((_, i) => ({
        symbol: out.length === 1 ? "n_o" : `n_o${i + 1}`,
        meaning: "output features (outputShape)",
      }));
    return [
      ...projectionWeights(queryDense, {
        kernel: [widths.query, heads, dk],
        bias: [heads, dk],
      }),
      ...projectionWeights(keyDense, { kernel: [widths.key, heads, dk], bias: [heads, dk] }),
      ...(gate
        ? projectionWeights(gate, { kernel: [widths.query, heads, dv], bias: [heads, dv] })
        : []),
      ...projectionWeights(valueDense, { kernel: [widths.value, heads, dv], bias: [heads, dv] }),
      ...projectionWeights(outputDense, { kernel: [heads, dv, ...outAxes], bias: outAxes }),
    ];
  }

  #outputWidths(query: Shape): number[] {
    const given = this.config.outputShape as number | readonly number[] | null;
    if (given === null) return [query.at(-1)!];
    return typeof given === "number" ? [given] : [...given];
  }

  #checkAttentionAxes(query: Shape): void {
    const given = this.config.attentionAxes as number | readonly number[] | null;
    if (given === null) return;
    const axes = typeof given === "number" ? [given] : given;
    for (const axis of axes) {
      const normalized = axis >= 0 ? axis : query.length + axis;
      if (normalized < 1 || normalized > query.length - 2) {
        throw new IncompatibleShapeError(
          this.name,
          query,
          `Invalid attentionAxes for layer "${this.name}": axis ${axis} is not one of the ` +
            `query's attention axes 1 to ${query.length - 2} (every axis but the batch and ` +
            `the features) for query shape ${formatShape(query)}`,
        );
      }
    }
  }

  /** The output shape, as Keras's `compute_output_shape`: the query's, its width replaced. */
  protected computeOutputShape(query: Shape): Shape {
    const given = this.config.outputShape as number | readonly number[] | null;
    if (given === null) return query;
    return [...query.slice(0, -1), ...(typeof given === "number" ? [given] : given)];
  }
}

/** `n` when query, key and value have one width; `n_q`, `n_k`, `n_v` otherwise. */
function symbolsFor(query: number, key: number, value: number) {
  const same = query === key && key === value;
  const axis = (symbol: string, meaning: string): AxisMeaning => ({ symbol, meaning });
  return same
    ? {
      query: axis("n", "features"),
      key: axis("n", "features"),
      value: axis("n", "features"),
    }
    : {
      query: axis("n_q", "query features"),
      key: axis("n_k", "key features"),
      value: axis("n_v", "value features"),
    };
}

function projectionsWhy(layer: MultiInputLayer): string[] {
  const weights = layer.weights();
  const groups = new Map<string, Weight[]>();
  for (const w of weights) {
    const [group] = w.name.split("/");
    groups.set(group, [...(groups.get(group) ?? []), w]);
  }
  const lines: string[] = [];
  const parts: string[] = [];
  let total = 0;
  for (const [name, list] of groups) {
    const size = list.reduce((s, w) => s + w.size, 0);
    total += size;
    const [kernel, bias] = list;
    const shape = kernel.shape;
    const text = name === "attention_output"
      ? `(${shape.slice(0, 2).join("·")})·${shape.slice(2).join("·")}`
      : `${shape[0]}·(${shape.slice(1).join("·")})`;
    parts.push(
      `${name}: ${text}${bias ? ` + ${bias.shape.join("·")}` : ""} = ${
        size.toLocaleString("en-US")
      }`,
    );
  }
  const query = weights.find((w) => w.name === "query/kernel")!;
  const heads = query.shape[1];
  const mapped = [...groups].filter(([name]) => name !== "attention_output").map(([name, l]) =>
    `${name} ${l[0].shape[1]} × ${l[0].shape[2]}`
  );
  const out = groups.get("attention_output")!;
  lines.push(
    `Each projection maps its input's features to heads × columns per head (${mapped.join(", ")})${
      out.length > 1 ? ", plus a bias per column" : ""
    }; the output projection maps the ` +
      `${out[0].shape[0]} × ${out[0].shape[1]} head outputs back to ${
        out[0].shape.slice(2).join(" × ")
      } features${out.length > 1 ? ", plus a bias per feature" : ""}.`,
  );
  const sizes = [...groups.values()].map((l) => l.reduce((s, w) => s + w.size, 0));
  const fmt = (n: number) => n.toLocaleString("en-US");
  const same = sizes.every((n) => n === sizes[0]);
  lines.push(
    `${parts.join("; ")}; total ${same ? `${sizes.length} × ${fmt(sizes[0])} = ` : ""}${
      fmt(total)
    }.`,
  );
  const perHead = [...groups].filter(([name]) => name !== "attention_output").map(([name, l]) => {
    const headCount = l[0].shape[1];
    return { name, size: l.reduce((s, w) => s + w.size, 0) / headCount, heads: headCount };
  });
  const sharedHeads = perHead.every((p) => p.heads === heads);
  if (sharedHeads) {
    const each = perHead.reduce((s, p) => s + p.size, 0);
    lines.push(
      `Per head: each of the ${heads} heads owns its own slice of the ${
        perHead.map((p) => p.name).join(", ")
      } kernels${weights.some((w) => w.name.endsWith("/bias")) ? " and biases" : ""}, ${
        each.toLocaleString("en-US")
      } parameters (${
        perHead.map((p) => p.size.toLocaleString("en-US")).join(" + ")
      }), so ${heads} × ${each.toLocaleString("en-US")} = ${
        (heads * each).toLocaleString("en-US")
      }; the output projection, which mixes the heads, adds ${
        groups.get("attention_output")!.reduce((s, w) => s + w.size, 0).toLocaleString("en-US")
      }.`,
    );
  } else {
    lines.push(
      perHead.map((p) =>
        `${p.name}: ${p.heads} head${p.heads === 1 ? "" : "s"} of ${
          p.size.toLocaleString("en-US")
        } parameters each`
      ).join("; ") +
        ` (the key and value heads are shared by groups of query heads, which is why there are ` +
        `fewer of them).`,
    );
  }
  const { query: q } = layer.attentionInputs();
  const steps = q.slice(1, -1);
  lines.push(
    `Each projection is applied to every position alike, and the attention weights between ` +
      `positions are computed from the data, not learned: the count depends on the widths, the ` +
      `heads and their sizes, never on the sequence length${
        steps.every((d) => d !== null) ? ` (${steps.join(" × ")} here)` : ""
      }.`,
  );
  return lines;
}

// ---------------------------------------------------------------------------------------------
// GroupedQueryAttention

const GQA_OPTIONS = {
  headDim: opt.int(),
  numQueryHeads: opt.int(),
  numKeyValueHeads: opt.int(),
  useBias: opt.bool(true),
  useGate: opt.bool(false),
  ...ATTENTION_EXTRAS,
};

/** Arguments of {@linkcode GroupedQueryAttention}. */
export interface GroupedQueryAttentionArgs extends LayerArgs, AttentionExtrasArgs {
  /** The size of each head. */
  readonly headDim: number;
  /** The number of query heads. */
  readonly numQueryHeads: number;
  /** The number of key and value heads; it must divide `numQueryHeads`. */
  readonly numKeyValueHeads: number;
  /**
   * Whether the projections have biases.
   * @default {true}
   */
  readonly useBias?: boolean;
  /**
   * A sigmoid gate: one more projection of the query, as large as the query's.
   * @default {false}
   */
  readonly useGate?: boolean;
}

/**
 * Grouped-query attention (Keras's `GroupedQueryAttention`, exported as `GroupQueryAttention`):
 * `numQueryHeads` query heads share `numKeyValueHeads` key and value heads, so the key and value
 * projections are smaller than multi-head attention's.
 *
 * @example 8 query heads over 2 key/value heads of 16, on 64 features
 * ```ts
 * import { GroupedQueryAttention } from "../../mod.ts";
 * import assert from "assert";
 *
 * const gqa = new GroupedQueryAttention({
 *   headDim: 16,
 *   numQueryHeads: 8,
 *   numKeyValueHeads: 2,
 *   inputShape: [10, 64],
 * });
 * // query 64·(8·16) + 8·16, key and value 64·(2·16) + 2·16 each, output (8·16)·64 + 64
 * assert.equal(gqa.paramCount(), 8320 + 2 * 2080 + 8256);
 * ```
 */
export class GroupedQueryAttention extends MultiInputLayer {
  /** The declaration of Keras's `GroupedQueryAttention`. */
  static readonly kind: LayerKind = defineKind({
    className: "GroupedQueryAttention",
    aliases: ["GroupQueryAttention"],
    family: "attention",
    summary: "Attention whose query heads share fewer key/value heads: smaller key and value " +
      "projections.",
    options: GQA_OPTIONS,
    positional: "headDim",
    create: (config) => new GroupedQueryAttention(config as unknown as GroupedQueryAttentionArgs),
    why: (layer) => projectionsWhy(layer as MultiInputLayer),
  });
  /** The size of each head. */
  readonly headDim: number;
  /** The number of query heads. */
  readonly numQueryHeads: number;
  /** The number of key and value heads. */
  readonly numKeyValueHeads: number;
  /** Whether the projections have biases. */
  readonly useBias: boolean;
  /** Whether a gate projection is added. */
  readonly useGate: boolean;
  #subLayers: EinsumDense[] = [];

  /**
   * Creates the layer, checking its configuration.
   *
   * @param headDim The size of each head, or the whole configuration.
   * @param args The rest of the configuration, when `headDim` came first.
   * @throws {RangeError} When `numKeyValueHeads` does not divide `numQueryHeads`.
   */
  constructor(
    headDim: number | GroupedQueryAttentionArgs,
    args?: Omit<GroupedQueryAttentionArgs, "headDim">,
  ) {
    super(positional(GroupedQueryAttention.kind, headDim, args), GroupedQueryAttention.kind);
    const c = this.options(GQA_OPTIONS);
    this.headDim = c.headDim;
    this.numQueryHeads = c.numQueryHeads;
    this.numKeyValueHeads = c.numKeyValueHeads;
    this.useBias = c.useBias;
    this.useGate = c.useGate;
    if (c.numQueryHeads % c.numKeyValueHeads !== 0) {
      throw new RangeError(
        `Invalid numKeyValueHeads for GroupedQueryAttention: numQueryHeads must be divisible ` +
          `by numKeyValueHeads, received numQueryHeads ${c.numQueryHeads} and ` +
          `numKeyValueHeads ${c.numKeyValueHeads}`,
      );
    }
  }

  /** The projections, once built. */
  override innerLayers(): readonly Layer[] {
    return this.#subLayers;
  }

  /** What the query must look like: (batch, steps, features). */
  protected get inputSpec(): InputSpec {
    return { ndim: 3, definedAxes: [-1] };
  }

  /** The projections' weights, in Keras's order. */
  protected buildWeights(query: Shape): Weight[] {
    this.checkOthers(3);
    const { value, key } = this.others();
    this.#checkWidths(query, value);
    const bias = (axes: string) => (this.useBias ? axes : null);
    const uq = this.numQueryHeads, kv = this.numKeyValueHeads, h = this.headDim;
    const make = (equation: string, out: Dim[], axes: string, name: string) =>
      new EinsumDense({ equation, outputShape: out, biasAxes: bias(axes), name });
    const queryDense = make("bqm,muh->bquh", [null, uq, h], "uh", "query").build(query);
    const keyDense = make("bkm,mvh->bkvh", [null, kv, h], "vh", "key").build(key);
    const gate = this.useGate
      ? make("bqm,muh->bquh", [null, uq, h], "uh", "gate").build(query)
      : undefined;
    const valueDense = make("bkm,mvh->bkvh", [null, kv, h], "vh", "value").build(value);
    const outputDense = make("bquh,uhm->bqm", [null, query[2]], "m", "attention_output")
      .build([null, null, uq, h]);
    this.#subLayers = [queryDense, keyDense, ...(gate ? [gate] : []), valueDense, outputDense];
    const widths = symbolsFor(query[2]!, key[2]!, value[2]!);
    const hq = { symbol: "h_q", meaning: "query heads" };
    const hkv = { symbol: "h_kv", meaning: "key and value heads" };
    const d = { symbol: "d", meaning: "head_dim" };
    return [
      ...projectionWeights(queryDense, { kernel: [widths.query, hq, d], bias: [hq, d] }),
      ...projectionWeights(keyDense, { kernel: [widths.key, hkv, d], bias: [hkv, d] }),
      ...(gate ? projectionWeights(gate, { kernel: [widths.query, hq, d], bias: [hq, d] }) : []),
      ...projectionWeights(valueDense, { kernel: [widths.value, hkv, d], bias: [hkv, d] }),
      ...projectionWeights(outputDense, { kernel: [hq, d, widths.query], bias: [widths.query] }),
    ];
  }

  #checkWidths(query: Shape, value: Shape): void {
    if (query.at(-1) !== value.at(-1)) {
      throw new IncompatibleShapeError(
        this.name,
        value,
        `Layer "${this.name}": the last dimension of \`query_shape\` and \`value_shape\` must ` +
          `be equal, but are ${query.at(-1)}, ${value.at(-1)}. Received: query_shape=` +
          `${formatShape(query)}, value_shape=${formatShape(value)}`,
      );
    }
  }

  /** The output shape: the query's. */
  protected computeOutputShape(query: Shape): Shape {
    return query;
  }
}

// ---------------------------------------------------------------------------------------------
// Attention and AdditiveAttention

const ATTENTION_OPTIONS = {
  useScale: opt.bool(false),
  scoreMode: opt.oneOf(["dot", "concat"] as const, "dot"),
  dropout: { ...opt.fraction(0), inert: true },
  ...inert("seed"),
};

/** Arguments of {@linkcode Attention}. */
export interface AttentionArgs extends LayerArgs {
  /**
   * Learn one scalar that scales the scores.
   * @default {false}
   */
  readonly useScale?: boolean;
  /**
   * `"dot"` (Luong) scores, or `"concat"`: tanh of the sum, which adds one learned scalar.
   * @default {"dot"}
   */
  readonly scoreMode?: "dot" | "concat";
  /** Dropout on the attention scores; it has no parameters. */
  readonly dropout?: number;
  /** The dropout's seed; it has no parameters. */
  readonly seed?: unknown;
}

/**
 * Dot-product (Luong-style) attention. It has no projections: at most a learned scalar `scale`
 * (`useScale`) and, with `scoreMode: "concat"`, a scalar `concat_score_weight`.
 *
 * @example
 * ```ts
 * import { Attention } from "../../mod.ts";
 * import assert from "assert";
 *
 * const attention = new Attention({ useScale: true, scoreMode: "concat" });
 * attention.build([null, 10, 16], [null, 20, 16]);
 * assert.equal(attention.paramCount(), 2);
 * assert.deepEqual(attention.outputShape(), [null, 10, 16]);
 * ```
 */
export class Attention extends MultiInputLayer {
  /** The declaration of Keras's `Attention`. */
  static readonly kind: LayerKind = defineKind({
    className: "Attention",
    family: "attention",
    summary: "Dot-product attention: no projections, at most two learned scalars.",
    options: ATTENTION_OPTIONS,
    create: (config) => new Attention(config as AttentionArgs),
    noWeights: () =>
      "Dot-product attention compares the query with the key and averages the value by the " +
      "resulting weights, all computed from the data: nothing is learned (useScale and " +
      'scoreMode "concat" would add one scalar each).',
    why: (layer) => scalarsWhy(layer),
  });

  /**
   * Creates the layer, checking its configuration.
   *
   * @param args The configuration.
   */
  constructor(args: AttentionArgs = {}) {
    super(args, Attention.kind);
  }

  /** What the query must look like. */
  protected get inputSpec(): InputSpec {
    return { minNdim: 3 };
  }

  /** The scalars, as Keras creates them. */
  protected buildWeights(): WeightSpec[] {
    this.checkOthers(3);
    const weights: WeightSpec[] = [];
    if (this.config.useScale) weights.push({ name: "scale", shape: [], trainable: true, axes: [] });
    if (this.config.scoreMode === "concat") {
      weights.push({ name: "concat_score_weight", shape: [], trainable: true, axes: [] });
    }
    return weights;
  }

  /** The output shape: the query's, with the value's width. */
  protected computeOutputShape(query: Shape): Shape {
    return [...query.slice(0, -1), this.others().value.at(-1)!];
  }
}

function scalarsWhy(layer: Layer): string[] {
  return layer.weights().map((w) =>
    w.name === "scale" && w.shape.length === 1
      ? `scale: one learned weight per feature of the query (${w.shape[0]}), multiplying the ` +
        `tanh of query + key before the features are summed into a score.`
      : w.name === "scale"
      ? `scale: one learned scalar that multiplies the scores.`
      : `concat_score_weight: one learned scalar that multiplies the "concat" scores.`
  ).concat(
    `There are no projections: the scores come from the query and key themselves, so nothing ` +
      `depends on the sequence lengths.`,
  );
}

const ADDITIVE_OPTIONS = {
  useScale: opt.bool(true),
  dropout: { ...opt.fraction(0), inert: true },
  ...inert("seed"),
};

/** Arguments of {@linkcode AdditiveAttention}. */
export interface AdditiveAttentionArgs extends LayerArgs {
  /**
   * Learn a scale per feature of the query.
   * @default {true}
   */
  readonly useScale?: boolean;
  /** Dropout on the attention scores; it has no parameters. */
  readonly dropout?: number;
  /** The dropout's seed; it has no parameters. */
  readonly seed?: unknown;
}

/**
 * Additive (Bahdanau-style) attention: with `useScale` (the default), one learned `scale` per
 * feature of the query.
 *
 * @example
 * ```ts
 * import { AdditiveAttention } from "../../mod.ts";
 * import assert from "assert";
 *
 * const attention = new AdditiveAttention();
 * attention.build([null, 10, 16], [null, 20, 16]);
 * assert.equal(attention.paramCount(), 16);
 * ```
 */
export class AdditiveAttention extends MultiInputLayer {
  /** The declaration of Keras's `AdditiveAttention`. */
  static readonly kind: LayerKind = defineKind({
    className: "AdditiveAttention",
    family: "attention",
    summary: "Additive attention: a learned scale per query feature (useScale), no projections.",
    options: ADDITIVE_OPTIONS,
    create: (config) => new AdditiveAttention(config as AdditiveAttentionArgs),
    noWeights: () =>
      "Additive attention without useScale sums tanh(query + key) over the features to score " +
      "each pair of positions: nothing is learned.",
    why: (layer) => scalarsWhy(layer),
  });

  /**
   * Creates the layer, checking its configuration.
   *
   * @param args The configuration.
   */
  constructor(args: AdditiveAttentionArgs = {}) {
    super(args, AdditiveAttention.kind);
  }

  /** What the query must look like. */
  protected get inputSpec(): InputSpec {
    return { minNdim: 3, definedAxes: [-1] };
  }

  /** The scale, as Keras creates it: one per query feature. */
  protected buildWeights(query: Shape): WeightSpec[] {
    this.checkOthers(3);
    if (!this.config.useScale) return [];
    return [{
      name: "scale",
      shape: [query.at(-1)!],
      trainable: true,
      axes: [{ symbol: "n", meaning: "query features" }],
    }];
  }

  /** The output shape: the query's, with the value's width. */
  protected computeOutputShape(query: Shape): Shape {
    return [...query.slice(0, -1), this.others().value.at(-1)!];
  }
}
