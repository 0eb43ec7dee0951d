/**
 * Core layers: InputLayer, Dense, Dropout, Flatten, Activation, RepeatVector.
 *
 * @module
 */

import type { Shape } from "../shape.ts";
import { safeMultiply } from "../shape.ts";
import { describeValue } from "../errors.ts";
import { type InputSpec, Layer, type LayerArgs, type WeightSpec } from "./base.ts";
import { flag, fraction, intAtLeast } from "./_validate.ts";

/** Arguments of {@linkcode InputLayer}. */
export interface InputLayerArgs extends LayerArgs {
  /** Keras 3's name for `inputShape`: the shape without the batch dimension. */
  readonly shape?: readonly (number | null)[];
  /** Keras 3's name for `batchInputShape`. */
  readonly batchShape?: Shape;
}

/**
 * The model's input: declares the shape, has no weights. Sequential models do not list it among
 * their layers, as in Keras.
 *
 * @example
 * ```ts
 * import { InputLayer } from "../../mod.ts";
 * import assert from "assert";
 *
 * const input = new InputLayer({ inputShape: [400, 13] });
 * assert.deepEqual(input.outputShape(), [null, 400, 13]);
 * assert.equal(input.paramCount(), 0);
 * ```
 */
export class InputLayer extends Layer {
  /** The Keras class name. */
  readonly className: string = "InputLayer";

  /**
   * Creates the layer, checking its configuration.
   *
   * @param args The input's shape, as `shape`/`inputShape` or `batchShape`/`batchInputShape`.
   */
  constructor(args: InputLayerArgs) {
    const owner = "InputLayer";
    const inputShape = args.shape ?? args.inputShape;
    const batchInputShape = args.batchShape ?? args.batchInputShape;
    if (!inputShape && !batchInputShape) {
      throw new TypeError(
        `${owner} needs a shape: give shape (without the batch dimension), e.g. { shape: [400, 13] }`,
      );
    }
    super({ ...args, inputShape, batchInputShape }, owner);
    this.build(this.declaredInputShape()!);
  }

  /** What input the layer accepts. */
  protected get inputSpec(): InputSpec {
    return {};
  }
  /** The weight tensors the layer creates for an input shape. */
  protected buildWeights(): WeightSpec[] {
    return [];
  }
  /** The output shape for an input shape. */
  protected computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }
}

/**
 * Keras's `Input(shape=…)`: the input layer written the way Keras 3 code writes it.
 *
 * @example
 * ```ts
 * import { Input, LSTM, Sequential } from "../../mod.ts";
 * import assert from "assert";
 *
 * const model = new Sequential([new Input({ shape: [400, 13] }), new LSTM({ units: 5 })]);
 * assert.equal(model.layers.length, 1);
 * assert.equal(model.paramCount(), 380);
 * ```
 */
export class Input extends InputLayer {}

/** Arguments of {@linkcode Dense}. */
export interface DenseArgs extends LayerArgs {
  /** The output size. */
  readonly units: number;
  /**
   * Whether to add a bias vector.
   * @default {true}
   */
  readonly useBias?: boolean;
  /** The activation's name; it has no parameters. */
  readonly activation?: string | null;
}

/**
 * A fully connected layer on the last axis: kernel (n, units) and bias (units).
 *
 * @example Seed 000's dense_1: 13 features to 5 units
 * ```ts
 * import { Dense } from "../../mod.ts";
 * import assert from "assert";
 *
 * const dense = new Dense({ units: 5, inputShape: [13] });
 * assert.equal(dense.paramCount(), 13 * 5 + 5);
 * ```
 */
export class Dense extends Layer {
  /** The Keras class name. */
  readonly className: string = "Dense";
  /** The output size. */
  readonly units: number;
  /** Whether a bias is added. */
  readonly useBias: boolean;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param args The layer's configuration.
   */
  constructor(args: DenseArgs) {
    super(args, "Dense");
    this.units = intAtLeast("Dense", "units", args.units);
    this.useBias = flag("Dense", "useBias", args.useBias, true);
  }

  /** What input the layer accepts. */
  protected get inputSpec(): InputSpec {
    return { minNdim: 2, definedAxes: [-1] };
  }
  /** The weight tensors the layer creates for an input shape. */
  protected buildWeights(inputShape: Shape): WeightSpec[] {
    const n = inputShape.at(-1)!;
    return [
      { name: "kernel", shape: [n, this.units], trainable: true },
      ...(this.useBias ? [{ name: "bias", shape: [this.units], trainable: true }] : []),
    ];
  }
  /** The output shape for an input shape. */
  protected computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape.slice(0, -1), this.units];
  }
}

/** Arguments of {@linkcode Dropout}. */
export interface DropoutArgs extends LayerArgs {
  /** The fraction of inputs dropped during training, in [0, 1]. */
  readonly rate: number;
}

/**
 * Randomly zeroes inputs during training. It learns nothing, so it has no parameters.
 *
 * @example
 * ```ts
 * import { Dropout } from "../../mod.ts";
 * import assert from "assert";
 *
 * const dropout = new Dropout({ rate: 0.5, inputShape: [100, 64] });
 * assert.equal(dropout.paramCount(), 0);
 * assert.deepEqual(dropout.outputShape(), [null, 100, 64]);
 * ```
 */
export class Dropout extends Layer {
  /** The Keras class name. */
  readonly className: string = "Dropout";
  /** The fraction dropped. */
  readonly rate: number;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param args The layer's configuration.
   */
  constructor(args: DropoutArgs) {
    super(args, "Dropout");
    this.rate = fraction("Dropout", "rate", args.rate);
  }

  /** What input the layer accepts. */
  protected get inputSpec(): InputSpec {
    return {};
  }
  /** The weight tensors the layer creates for an input shape. */
  protected buildWeights(): WeightSpec[] {
    return [];
  }
  /** The output shape for an input shape. */
  protected computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }
}

/**
 * Flattens every axis after the batch into one. An unknown size among them makes the flattened
 * size unknown (`None`), as in Keras 3.
 *
 * @example
 * ```ts
 * import { Flatten } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(new Flatten({ inputShape: [400, 13] }).outputShape(), [null, 5200]);
 * ```
 */
export class Flatten extends Layer {
  /** The Keras class name. */
  readonly className: string = "Flatten";

  /**
   * Creates the layer, checking its configuration.
   *
   * @param args The common layer arguments.
   */
  constructor(args: LayerArgs = {}) {
    super(args, "Flatten");
  }

  /** What input the layer accepts. */
  protected get inputSpec(): InputSpec {
    return { minNdim: 1 };
  }
  /** The weight tensors the layer creates for an input shape. */
  protected buildWeights(): WeightSpec[] {
    return [];
  }
  /** The output shape for an input shape. */
  protected computeOutputShape(inputShape: Shape): Shape {
    const rest = inputShape.slice(1);
    if (rest.some((d) => d === null)) return [inputShape[0], null];
    let size = 1;
    for (const d of rest as number[]) {
      size = safeMultiply(size, d, `flattened size of layer "${this.name}"`);
    }
    return [inputShape[0], size];
  }
}

/** Arguments of {@linkcode Activation}. */
export interface ActivationArgs extends LayerArgs {
  /** The activation's name, e.g. `"relu"`. */
  readonly activation: string;
}

/**
 * Applies an activation function: no parameters, same shape.
 *
 * @example
 * ```ts
 * import { Activation } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(new Activation({ activation: "relu", inputShape: [5] }).paramCount(), 0);
 * ```
 */
export class Activation extends Layer {
  /** The Keras class name. */
  readonly className: string = "Activation";
  /** The activation's name. */
  readonly activation: string;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param args The layer's configuration.
   */
  constructor(args: ActivationArgs) {
    super(args, "Activation");
    if (typeof args.activation !== "string" || args.activation === "") {
      throw new TypeError(
        `Invalid activation for Activation: expected a name such as "relu", received ${
          describeValue(args.activation)
        }`,
      );
    }
    this.activation = args.activation;
  }

  /** What input the layer accepts. */
  protected get inputSpec(): InputSpec {
    return {};
  }
  /** The weight tensors the layer creates for an input shape. */
  protected buildWeights(): WeightSpec[] {
    return [];
  }
  /** The output shape for an input shape. */
  protected computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }
}

/** Arguments of {@linkcode RepeatVector}. */
export interface RepeatVectorArgs extends LayerArgs {
  /** How many times to repeat the input vector. */
  readonly n: number;
}

/**
 * Repeats a vector `n` times: (batch, features) → (batch, n, features). No parameters.
 *
 * @example
 * ```ts
 * import { RepeatVector } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(new RepeatVector({ n: 3, inputShape: [5] }).outputShape(), [null, 3, 5]);
 * ```
 */
export class RepeatVector extends Layer {
  /** The Keras class name. */
  readonly className: string = "RepeatVector";
  /** The number of repetitions. */
  readonly n: number;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param args The layer's configuration.
   */
  constructor(args: RepeatVectorArgs) {
    super(args, "RepeatVector");
    this.n = intAtLeast("RepeatVector", "n", args.n);
  }

  /** What input the layer accepts. */
  protected get inputSpec(): InputSpec {
    return { ndim: 2 };
  }
  /** The weight tensors the layer creates for an input shape. */
  protected buildWeights(): WeightSpec[] {
    return [];
  }
  /** The output shape for an input shape. */
  protected computeOutputShape(inputShape: Shape): Shape {
    return [inputShape[0], this.n, inputShape[1]];
  }
}
