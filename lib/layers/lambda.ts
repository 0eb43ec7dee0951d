/**
 * Keras's `Lambda`: a Python function run as a layer. It has no weights. Its output shape is
 * what the function returns, which Keras finds by running the function on symbolic tensors;
 * this library cannot run Python, so it knows a Lambda's output only when the Lambda declares
 * it (`output_shape`), and refuses one that does not, saying why.
 *
 * @module
 */

import { describeValue } from "../errors.ts";
import type { Dim, Shape } from "../shape.ts";
import { type ApplyInput, asTensor, Layer } from "./base.ts";
import type { InputSpec, LayerArgs, OutputShape, WeightSpec } from "./args.ts";
import { defineKind, type LayerKind, positional } from "./kind.ts";
import { opt, type Option } from "./options.ts";
import { MASKED_CALL } from "./call.ts";
import type { CallArgs, SymbolicTensor } from "./base.ts";

/** One output shape without the batch dimension, or a list of them for several outputs. */
export type LambdaOutputShape = readonly Dim[] | readonly (readonly Dim[])[];

/** Arguments of {@linkcode Lambda}. */
export interface LambdaArgs extends LayerArgs {
  /**
   * The output shape without the batch dimension (`[12]`), or one per output. Required here:
   * Keras infers it by running the function, which this library cannot.
   */
  readonly outputShape?: LambdaOutputShape;
  /** The function; it is never run (a description, for whoever reads the code). */
  readonly function?: unknown;
  /** The mask function; it decides no shape or count. */
  readonly mask?: unknown;
  /** The function's extra arguments; they decide no shape or count. */
  readonly arguments?: unknown;
}

const WHY = "Keras infers a Lambda's output shape by running its Python function on symbolic " +
  "tensors, and this library cannot run Python";

function isDims(value: unknown): value is Dim[] {
  return Array.isArray(value) &&
    value.every((d) => d === null || (typeof d === "number" && Number.isSafeInteger(d) && d >= 1));
}

const OUTPUT_SHAPE: Option<LambdaOutputShape | undefined> = {
  expected: "a list of sizes without the batch dimension, or a list of them",
  fallback: undefined,
  required: false,
  check(owner, key, value) {
    if (isDims(value) || (Array.isArray(value) && value.length > 0 && value.every(isDims))) {
      return value as LambdaOutputShape;
    }
    throw new TypeError(
      `Invalid ${key} for ${owner}: expected a list of sizes without the batch dimension, such ` +
        `as [12], or a list of them, received ${describeValue(value)}${
          typeof value === "string" || (typeof value === "object" && value !== null)
            ? `. A function for an output shape cannot be run here: ${WHY}`
            : ""
        }`,
    );
  },
};

const LAMBDA_OPTIONS = {
  outputShape: OUTPUT_SHAPE,
  function: opt.inert(),
  mask: opt.inert(),
  arguments: opt.inert(),
};

/**
 * A function as a layer (Keras's `Lambda`): no weights, and the output shape it declares.
 *
 * @example A Lambda that declares its output: 0 parameters, that shape
 * ```ts
 * import { Dense, Input, Lambda, Model } from "../../mod.ts";
 * import assert from "assert";
 *
 * const x = new Input({ shape: [6] });
 * const doubled = new Lambda({ outputShape: [12] }).apply(x);
 * const model = new Model({ inputs: x, outputs: new Dense(3).apply(doubled) });
 * assert.deepEqual(doubled.shape, [null, 12]);
 * assert.equal(model.paramCount(), 12 * 3 + 3);
 * assert.throws(() => new Lambda({}), /cannot run Python/);
 * ```
 */
export class Lambda extends Layer {
  /** The declaration of Keras's `Lambda`. */
  static readonly kind: LayerKind = defineKind({
    className: "Lambda",
    family: "core",
    summary: "Runs a Python function on its input; no weights, and the output it declares.",
    options: LAMBDA_OPTIONS,
    positional: "outputShape",
    create: (config) => new Lambda(config as LambdaArgs),
    jsonIgnored: ["function_type", "output_shape_type", "output_shape_module", "module"],
    call: MASKED_CALL,
    weightless: true,
    noWeights: () => "A Lambda runs a function that has no weights of its own.",
  });

  /** The declared output shape, without the batch dimension. */
  readonly declaredOutput: LambdaOutputShape;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param outputShape The output shape without the batch dimension, or the whole
   * configuration.
   * @param args The rest of the configuration, when the output shape came first.
   * @throws {TypeError} When no output shape is declared: Keras would run the function to find
   * it, which this library cannot.
   */
  constructor(
    outputShape?: LambdaOutputShape | LambdaArgs,
    args?: Omit<LambdaArgs, "outputShape">,
  ) {
    super(positional(Lambda.kind, outputShape, args), Lambda.kind);
    const declared = this.options(LAMBDA_OPTIONS).outputShape;
    if (declared === undefined) {
      throw new TypeError(
        `Lambda "${this.name}" has no output_shape: ${WHY}. Give the Lambda its output shape ` +
          `(in Keras, Lambda(fn, output_shape=...); here, new Lambda({ outputShape: [...] }))`,
      );
    }
    this.declaredOutput = declared;
  }

  /**
   * Calls the Lambda on a tensor or, as Keras allows, on a list of them.
   *
   * @param inputs A tensor, or a list of them.
   * @param callArgs `mask` and `training`.
   * @returns The output tensor (a list for a Lambda that declares several outputs).
   */
  override apply(inputs: ApplyInput, callArgs?: CallArgs): SymbolicTensor;
  override apply(inputs: ApplyInput, callArgs?: CallArgs): SymbolicTensor | SymbolicTensor[] {
    if (!Array.isArray(inputs)) return super.apply(inputs as SymbolicTensor, callArgs);
    const call = this.readCallArgs(callArgs);
    const tensors = (inputs as readonly (SymbolicTensor | Layer)[]).map((x) => asTensor(this, x));
    if (tensors.length === 0) {
      throw new TypeError(`Layer "${this.name}" (Lambda) was called on an empty list`);
    }
    const output = this.outputShapeFor(tensors[0].shape);
    const several = this.#several();
    const shapes = several ? output as readonly Shape[] : [output as Shape];
    const node = this.recordNode([...tensors, ...call.edges], shapes, true, call.given);
    return several ? [...node.outputs] : node.outputs[0];
  }

  #several(): boolean {
    return this.declaredOutput.length > 0 && Array.isArray(this.declaredOutput[0]);
  }

  /** Any input: the function decides what it takes. */
  protected get inputSpec(): InputSpec {
    return {};
  }

  /** No weights. */
  protected buildWeights(): WeightSpec[] {
    return [];
  }

  /** The declared shape, after the input's batch dimension (Keras adds the first input's). */
  protected computeOutputShape(inputShape: Shape): OutputShape {
    const batch = inputShape[0] ?? null;
    if (this.#several()) {
      return (this.declaredOutput as readonly (readonly Dim[])[]).map((s): Shape => [batch, ...s]);
    }
    return [batch, ...(this.declaredOutput as readonly Dim[])];
  }
}

/**
 * The kinds this file declares; the registry reads them here.
 *
 * @example
 * ```ts
 * import { LAMBDA_KINDS } from "./lambda.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(LAMBDA_KINDS.map((kind) => kind.className), ["Lambda"]);
 * ```
 */
export const LAMBDA_KINDS: readonly LayerKind[] = [Lambda.kind];
