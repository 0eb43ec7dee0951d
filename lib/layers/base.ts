/**
 * The base of every layer. A layer is its configuration, the weight tensors it creates when it is
 * built for an input shape, and its output shape; every count is derived from the weight
 * tensors, as in Keras, so counts and weights cannot disagree.
 *
 * @module
 */

import { describeValue, IncompatibleShapeError } from "../errors.ts";
import { explainLayer, type Explanation } from "../explain.ts";
import { formatShape, safeAdd, type Shape, sizeOf } from "../shape.ts";
import { intAtLeast, layerName } from "./_validate.ts";

/** One weight tensor a layer creates, as Keras's `add_weight` would. */
export interface WeightSpec {
  /** The weight's name inside its layer, e.g. `"kernel"`, `"recurrent_kernel"`, `"bias"`. */
  readonly name: string;
  /** The weight's shape; always fully known. */
  readonly shape: readonly number[];
  /** Whether training updates it. */
  readonly trainable: boolean;
}

/** A weight tensor of a built layer, with its number of elements. */
export interface Weight extends WeightSpec {
  /** The number of scalars it holds: the product of its shape. */
  readonly size: number;
}

/** What a layer's input must look like, as Keras's `InputSpec`. */
export interface InputSpec {
  /** Exact rank, batch dimension included. */
  readonly ndim?: number;
  /** Minimum rank, batch dimension included. */
  readonly minNdim?: number;
  /** Axes (negative counts from the end) whose size must be known. */
  readonly definedAxes?: readonly number[];
}

/** A layer's output: one shape, or several (Bidirectional with `mergeMode: null`). */
export type OutputShape = Shape | readonly Shape[];

/** Arguments every layer accepts. */
export interface LayerArgs {
  /** The layer's name; by default Keras's snake_case of the class name, numbered in a model. */
  readonly name?: string;
  /** The input shape without the batch dimension, e.g. `[400, 13]`; lets the layer build alone. */
  readonly inputShape?: readonly (number | null)[];
  /** The input shape with the batch dimension, e.g. `[null, 400, 13]`. */
  readonly batchInputShape?: Shape;
  /**
   * The batch size to put in front of `inputShape`.
   * @default {null}
   */
  readonly batchSize?: number;
  /**
   * Whether the layer's weights are trained; `false` makes all of them non-trainable.
   * @default {true}
   */
  readonly trainable?: boolean;
}

interface Built {
  readonly inputShape: Shape;
  readonly weights: readonly Weight[];
  readonly outputShape: OutputShape;
}

/**
 * Keras's `to_snake_case`: the default name of a layer class.
 *
 * @param className A class name such as `"TimeDistributed"`.
 * @returns Its snake_case form, e.g. `"time_distributed"`.
 *
 * @example
 * ```ts
 * import { snakeCase } from "./base.ts";
 * import assert from "assert";
 *
 * assert.equal(snakeCase("TimeDistributed"), "time_distributed");
 * assert.equal(snakeCase("SimpleRNN"), "simple_rnn");
 * assert.equal(snakeCase("MaxPooling2D"), "max_pooling2d");
 * ```
 */
export function snakeCase(className: string): string {
  return className
    .replace(/(.)([A-Z][a-z]+)/g, "$1_$2")
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .toLowerCase();
}

/**
 * A Keras layer: configuration in, weight tensors and output shape out.
 *
 * Subclasses say what input they accept (`inputSpec`), which weights they create for an input
 * shape (`buildWeights`) and what they output (`computeOutputShape`); everything else is here.
 *
 * @example A standalone layer builds from its inputShape
 * ```ts
 * import { Dense } from "../../mod.ts";
 * import assert from "assert";
 *
 * const dense = new Dense({ units: 5, inputShape: [13] });
 * assert.equal(dense.paramCount(), 70);
 * assert.deepEqual(dense.outputShape(), [null, 5]);
 * ```
 */
export abstract class Layer {
  /** The Keras class name, e.g. `"LSTM"`. */
  abstract readonly className: string;
  /** The arguments the layer was created with. */
  readonly args: LayerArgs;
  /** Whether the layer's weights are trained. */
  readonly trainable: boolean;
  #assignedName: string | undefined;
  #defaultName: string | undefined;
  #built: Built | undefined;

  /**
   * Checks the common arguments; subclasses check their own.
   *
   * @param args The common layer arguments.
   * @param owner How to name the layer in error messages before it has a name.
   */
  protected constructor(args: LayerArgs, owner: string) {
    layerName(owner, args.name);
    if (args.batchSize !== undefined) intAtLeast(owner, "batchSize", args.batchSize);
    if (args.trainable !== undefined && typeof args.trainable !== "boolean") {
      throw new TypeError(
        `Invalid trainable for ${owner}: expected true or false, received ${
          describeValue(args.trainable)
        }`,
      );
    }
    this.args = args;
    this.trainable = args.trainable ?? true;
  }

  /** The layer's name: given, assigned by its model, or Keras's default for its class. */
  get name(): string {
    return this.args.name ?? this.#assignedName ??
      (this.#defaultName ??= snakeCase(this.className));
  }

  /**
   * Gives the layer the name its model chose for it. A name given in the arguments wins.
   *
   * @param name The name to use when none was given.
   */
  assignName(name: string): void {
    this.#assignedName = name;
  }

  /** Whether a name was given in the arguments. */
  get hasExplicitName(): boolean {
    return this.args.name !== undefined;
  }

  /** The input shape (batch dimension included) the layer's own arguments declare, if any. */
  declaredInputShape(): Shape | undefined {
    const { batchInputShape, inputShape, batchSize } = this.args;
    if (batchInputShape) return batchInputShape;
    if (inputShape) return [batchSize ?? null, ...inputShape];
    return undefined;
  }

  /** What input the layer accepts. */
  protected abstract get inputSpec(): InputSpec;
  /** The weight tensors the layer creates for an input shape that passed `inputSpec`. */
  protected abstract buildWeights(inputShape: Shape): readonly WeightSpec[];
  /** The output shape for an input shape that passed `inputSpec`. */
  protected abstract computeOutputShape(inputShape: Shape): OutputShape;

  /**
   * Builds the layer for an input shape: checks it, creates the weight specs, computes the output
   * shape. Building again for the same shape does nothing.
   *
   * @param inputShape The input shape, batch dimension first.
   * @returns The layer.
   * @throws {IncompatibleShapeError} When the layer cannot take that input.
   *
   * @example
   * ```ts
   * import { LSTM } from "../../mod.ts";
   * import assert from "assert";
   *
   * const lstm = new LSTM({ units: 5 }).build([null, 400, 13]);
   * assert.equal(lstm.paramCount(), 380);
   * ```
   */
  build(inputShape: Shape): this {
    if (this.#built) {
      if (sameShape(this.#built.inputShape, inputShape)) return this;
      throw new IncompatibleShapeError(
        this.name,
        inputShape,
        `Layer "${this.name}" was already built for input shape ${
          formatShape(this.#built.inputShape)
        } and cannot be built again for ${formatShape(inputShape)}`,
      );
    }
    checkDims(this.name, inputShape);
    this.checkInput(inputShape);
    const weights = this.buildWeights(inputShape).map((w) => ({
      name: w.name,
      shape: w.shape,
      trainable: w.trainable && this.trainable,
      size: weightSize(w, this),
    }));
    const outputShape = this.computeOutputShape(inputShape);
    this.#built = { inputShape: [...inputShape], weights, outputShape };
    // Refuse a total past exact integers now, not when someone asks for it.
    this.paramCount();
    return this;
  }

  /** Whether the layer has been built. */
  get built(): boolean {
    return this.#built !== undefined;
  }

  #ensureBuilt(): Built {
    if (!this.#built) {
      const declared = this.declaredInputShape();
      if (!declared) {
        throw new Error(
          `Layer "${this.name}" (${this.className}) has not been built: it has no input shape. ` +
            `Give it an inputShape, or add it to a Sequential model that starts with an Input`,
        );
      }
      this.build(declared);
    }
    return this.#built!;
  }

  /** The input shape the layer was built for, batch dimension first. */
  inputShape(): Shape {
    return this.#ensureBuilt().inputShape;
  }

  /**
   * The layer's output shape, batch dimension first, as Keras's `compute_output_shape`.
   *
   * @returns The output shape (a list of shapes for a layer with several outputs).
   */
  outputShape(): OutputShape {
    return this.#ensureBuilt().outputShape;
  }

  /**
   * The weight tensors the layer holds once built: name, shape, trainable and size. No weight is
   * allocated; these are descriptions.
   *
   * @returns The weights in the order Keras creates them.
   */
  weights(): readonly Weight[] {
    return this.#ensureBuilt().weights;
  }

  /**
   * The number of parameters: the sum of the weights' sizes, as Keras's `count_params()`.
   *
   * @returns The exact count.
   * @throws {RangeError} When the count exceeds `Number.MAX_SAFE_INTEGER`.
   */
  paramCount(): number {
    return sumSizes(this.weights(), () => true, this.name);
  }

  /** The number of parameters training updates. */
  trainableParamCount(): number {
    return sumSizes(this.weights(), (w) => w.trainable, this.name);
  }

  /** The number of parameters training does not update. */
  nonTrainableParamCount(): number {
    return sumSizes(this.weights(), (w) => !w.trainable, this.name);
  }

  /**
   * Why the layer has its parameter count: its weight tensors, the formula they add up to (with
   * symbols, with numbers, and as the documents write it), the gates of a recurrent cell, and
   * what a wrapper shares. See {@linkcode explainLayer}.
   *
   * @returns The explanation; it prints as text and displays as HTML in Jupyter.
   *
   * @example Seed 000's 380
   * ```ts
   * import { LSTM } from "../../mod.ts";
   * import assert from "assert";
   *
   * const e = new LSTM({ units: 5, inputShape: [400, 13] }).explain();
   * assert.equal(e.numeric, "4 × ((13 + 5) × 5 + 5) = 380");
   * ```
   */
  explain(): Explanation {
    return explainLayer(this);
  }

  /** The layers this layer wraps (none for most layers). */
  innerLayers(): readonly Layer[] {
    return [];
  }

  /** Checks an input shape against `inputSpec`, with Keras's wording. */
  protected checkInput(inputShape: Shape): void {
    const spec = this.inputSpec;
    const received = inputShape.length;
    const incompatible = (problem: string) =>
      new IncompatibleShapeError(
        this.name,
        inputShape,
        `Input 0 of layer "${this.name}" is incompatible with the layer: ${problem}. ` +
          `Full shape received: ${formatShape(inputShape)}`,
      );
    if (spec.ndim !== undefined && received !== spec.ndim) {
      throw incompatible(`expected ndim=${spec.ndim}, found ndim=${received}`);
    }
    if (spec.minNdim !== undefined && received < spec.minNdim) {
      throw incompatible(`expected min_ndim=${spec.minNdim}, found ndim=${received}`);
    }
    for (const axis of spec.definedAxes ?? []) {
      const index = axis < 0 ? received + axis : axis;
      if (inputShape[index] === null) {
        throw incompatible(
          `axis ${axis} of the input must be known to build the layer's weights, found None`,
        );
      }
    }
  }
}

// Plain arithmetic first; only a result past exact integers goes through the checked path,
// which names what overflowed. Counting is on every path a sweep takes, so it stays lean.
function weightSize(w: WeightSpec, layer: Layer): number {
  let size = 1;
  for (const d of w.shape) size *= d;
  return Number.isSafeInteger(size)
    ? size
    : sizeOf(w.shape, `size of weight "${w.name}" of layer "${layer.name}"`);
}

function sumSizes(
  weights: readonly Weight[],
  keep: (w: Weight) => boolean,
  layer: string,
): number {
  let total = 0;
  for (const w of weights) if (keep(w)) total += w.size;
  if (Number.isSafeInteger(total)) return total;
  total = 0;
  for (const w of weights) {
    if (keep(w)) total = safeAdd(total, w.size, `parameter count of layer "${layer}"`);
  }
  return total;
}

function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function checkDims(layer: string, shape: Shape): void {
  if (!Array.isArray(shape) || shape.length === 0) {
    throw new TypeError(
      `Invalid input shape for layer "${layer}": expected a list of sizes with the batch ` +
        `dimension first, received ${describeValue(shape)}`,
    );
  }
  for (const d of shape) {
    if (d !== null && (typeof d !== "number" || !Number.isSafeInteger(d) || d < 1)) {
      const message = `Invalid input shape for layer "${layer}": every size must be a ` +
        `positive integer or null, received ${describeValue(d)} in ${describeValue(shape)}`;
      throw typeof d === "number" ? new RangeError(message) : new TypeError(message);
    }
  }
}
