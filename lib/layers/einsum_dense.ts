/**
 * EinsumDense: a dense layer whose kernel and output shapes an einsum equation declares, the
 * projection every attention layer is made of.
 *
 * @module
 */

import { einsumMacs } from "./macs.ts";
import { IncompatibleShapeError } from "../errors.ts";
import { type Dim, formatShape, type Shape } from "../shape.ts";
import { Layer } from "./base.ts";
import type {
  AxisMeaning,
  InputSpec,
  KernelExtrasArgs,
  LayerArgs,
  LoraArgs,
  LoraSettings,
  WeightSpec,
} from "./args.ts";
import {
  defineKind,
  type LayerKind,
  positional,
  type PrintedRow,
  type RowCandidate,
} from "./kind.ts";
import { choices, lastSize, projectionSizes } from "./reading.ts";
import { inert, KERNEL_EXTRAS, opt } from "./options.ts";
import { analyzeEinsum, checkEquation, type EinsumAnalysis } from "./einsum.ts";
import { LORA_OPTIONS, LoraSwitch, loraWhy } from "./lora.ts";
import { einsumCountForms, einsumGuesses } from "./_einsum_counts.ts";

const LORA = { ...LORA_OPTIONS, ...inert("quantizationConfig", "gptqUnpackedColumnSize") };

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
  ...LORA,
};

/** Arguments of {@linkcode EinsumDense}. */
export interface EinsumDenseArgs extends LayerArgs, KernelExtrasArgs, LoraArgs {
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
    why: (layer) => [
      ...einsumWhy(layer as EinsumDense),
      ...loraWhy(layer.weights(), (layer as EinsumDense).lora),
    ],
    // Every combination of the equation's letters is one multiply-accumulate (a letter of the
    // input alone is summed away first: see einsumMacs).
    // With LoRA, Keras merges the kernel at every call, kernel + (alpha / r)·(A·B): A·B is the
    // kernel's size × rank more, once per call.
    macs: (layer, { inputs }) => {
      const e = layer as EinsumDense;
      const kernel = layer.weights()[0].shape;
      const base = einsumMacs(e.equation, inputs[0], kernel);
      return base + (e.lora ? kernel.reduce((a, b) => a * b, 1) * e.lora.rank : 0);
    },
    read: {
      // Keras 3's model.quantize changes the count; a table does not print it.
      quantizable: true,
      // The equation is not printed: a projection of the last axis (`ab,bc->ac`,
      // `abc,cd->abd`), with a bias on the new axis or none, is tried, and said. Other
      // equations are not tried: a row none fits is not checked.
      partial: true,
      // An input with one axis more than the output, which a kernel of its size sums
      // ("abcz,z->abc"), gives any output any count: on an input no row prints, a row the
      // projection misses is not checked.
      unknownInput: { anyCount: "an input with one axis more, which its kernel sums" },
      candidates: (row) => {
        const out = row.out;
        const units = lastSize(out);
        if (!out || units === undefined || out.length < 2 || out.length > 6) {
          // No last size to project to (an axis of the input's, `None`): the equations that
          // give the printed count.
          return einsumWider(row);
        }
        const letters = "abcdef".slice(0, out.length);
        const kept = letters.slice(0, -1);
        const last = letters.at(-1)!;
        const unit = "z";
        const equation = `${letters},${last}${unit}->${kept}${unit}`;
        const outputShape = [...out.slice(1, -1), units];
        // A first layer's input is not printed: its last size is what the count leaves,
        // (count − bias) / units kernel rows.
        return choices<boolean>(row.declared.useBias, [true, false]).flatMap((bias) => {
          const rows = row.params === null ? null : (row.params - (bias ? units : 0)) / units;
          const input = row.input ??
            (rows !== null && Number.isSafeInteger(rows) && rows >= 1
              ? [...out.slice(0, -1), rows]
              : null);
          if (input === null) return [];
          return [{
            config: { equation, outputShape, biasAxes: bias ? unit : null },
            input,
            unread: ["equation"],
            assumption: `The equation is not printed: a projection of the last axis ` +
              `("${equation}"${bias ? `, a bias on "${unit}"` : ", no bias"}) is assumed, ` +
              `which gives the printed count and shape.`,
          }];
        });
      },
      // One weight per unit on the sum of the features (`ab,z->az`), with a bias on the units
      // or none: a count of u or 2u whatever the features, or with LoRA r × (1 + u) more.
      wider: (row) => {
        const out = row.out;
        const units = lastSize(out);
        if (!out || !row.input || units === undefined || out.length !== row.input.length) return [];
        if (out.length < 2 || out.length > 6) return [];
        const letters = "abcdef".slice(0, out.length);
        const equation = `${letters},z->${letters.slice(0, -1)}z`;
        const outputShape = [...out.slice(1, -1), units];
        return [true, false].map((bias) => ({
          config: { equation, outputShape, biasAxes: bias ? "z" : null },
          input: row.input,
          unread: ["equation"],
          assumption: `The equation is not printed: one weight per unit on the sum of the ` +
            `features ("${equation}"${bias ? `, a bias on "z"` : ", no bias"}) is assumed, ` +
            `which gives the printed count and shape.`,
        }));
      },
      // Last, for a count printed whole: any equation with one letter per axis that gives it.
      widest: einsumWider,
      lastSizes: (input, params, row) => projectionSizes(input, params, row.printer === "keras3"),
    },
    // A count cut short: every count Keras can give a kernel and bias between the printed
    // shapes, whatever the equation, and in a Keras 3 table LoRA of any rank (see
    // `_einsum_counts.ts`).
    countForms: (row, bound) =>
      einsumCountForms(row.input, row.out, row.printer === "keras3", bound),
  });
  /** The einsum equation. */
  readonly equation: string;
  /** The output shape without the batch and elided axes. */
  readonly partialOutputShape: readonly Dim[];
  /** The output letters that get a bias, or `null`. */
  readonly biasAxes: string | null;
  #analysis: EinsumAnalysis | undefined;
  readonly #lora: LoraSwitch;

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
    this.#lora = new LoraSwitch(this, "kernel", c);
  }

  /** Keras 3's LoRA on this layer (`loraRank`, `loraAlpha`), or `undefined` when it is off. */
  get lora(): LoraSettings | undefined {
    return this.#lora.settings;
  }

  /**
   * Keras 3's `enable_lora(rank)`: freezes the kernel and adds two trainable factors,
   * `lora_kernel_a` (the kernel's shape with its last size replaced by the rank) and
   * `lora_kernel_b` (rank × the kernel's last size); the bias stays trainable.
   *
   * @param rank The rank r, a positive integer.
   * @param loraAlpha The update's scale numerator (Keras's `lora_alpha`); the rank by default.
   * @throws {RangeError} For a rank that is not a positive integer, a layer without an input
   * shape yet (Keras enables LoRA on built layers only), or LoRA enabled twice.
   * @throws {TypeError} For a rank that is no number, or a layer with a `kernelConstraint`.
   *
   * @example An attention query projection (64 → 4 heads × 16) with rank 3
   * ```ts
   * import { EinsumDense } from "../../mod.ts";
   * import assert from "assert";
   *
   * const query = new EinsumDense("abc,cde->abde", {
   *   outputShape: [null, 4, 16],
   *   biasAxes: "de",
   *   inputShape: [10, 64],
   * });
   * query.enableLora(3);
   * assert.deepEqual(query.weights().map((w) => w.shape), [[64, 4, 16], [4, 16], [64, 4, 3], [3, 16]]);
   * assert.equal(query.trainableParamCount(), 4 * 16 + 64 * 4 * 3 + 3 * 16);
   * ```
   */
  enableLora(rank: number, loraAlpha?: number): void {
    this.#lora.enable(rank, loraAlpha);
    if (this.built) this.rebuild();
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
    return this.#lora.weights(weights);
  }

  /** The output shape, as Keras's `compute_output_shape`. */
  protected computeOutputShape(): Shape {
    return this.#analysis!.outputShape;
  }
}

function einsumWhy(layer: EinsumDense): string[] {
  const a = layer.analysis;
  const kernel = layer.weights()[0];
  const bias = layer.weights().find((w) => w.name === "bias");
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

/**
 * The kinds this file declares, in the order the library lists them; the registry reads them
 * here, so adding a kind to this file is all it takes to register it.
 *
 * @example
 * ```ts
 * import { EINSUM_DENSE_KINDS } from "./einsum_dense.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(EINSUM_DENSE_KINDS.map((kind) => kind.className), ["EinsumDense"]);
 * ```
 */
export const EINSUM_DENSE_KINDS: readonly LayerKind[] = [
  EinsumDense.kind,
];

/**
 * For a row whose input and count are printed: EinsumDense configurations of any equation with
 * one letter per axis that give them (`_einsum_counts.ts`), in a Keras 3 table with the LoRA
 * rank the rest of the count needs.
 */
function einsumWider(row: PrintedRow): RowCandidate[] {
  const { input, out, params } = row;
  if (!input || !out || params === null) return [];
  return einsumGuesses(input, out, params, row.printer === "keras3").map((guess) => ({
    config: { ...guess },
    input,
    unread: ["equation", ...(guess.loraRank === undefined ? [] : ["loraRank"])],
    assumption: `The equation is not printed: "${guess.equation}"${
      guess.biasAxes === null ? ", no bias" : `, a bias on "${guess.biasAxes}"`
    }${
      guess.loraRank === undefined ? "" : `, with Keras 3's LoRA of rank ${guess.loraRank}`
    } is assumed, which gives the printed count and shape; other equations may too.`,
  }));
}
