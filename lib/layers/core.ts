/**
 * Core layers: InputLayer, Dense, Dropout, Activation. Flatten and RepeatVector are reshaping
 * layers (`reshaping.ts`), exported here too as they always were.
 *
 * @module
 */

import type { Shape } from "../shape.ts";
import { type InputSpec, Layer, type LayerArgs, type WeightSpec } from "./base.ts";
import { defineKind, type LayerKind, positional } from "./kind.ts";
import { inert, KERNEL_EXTRAS, opt, optional } from "./options.ts";

const INPUT_OPTIONS = {
  shape: optional(opt.shape()),
  batchShape: optional(opt.shape()),
  ...inert("sparse", "ragged", "inputTensor", "optional"),
};
const INPUT_KIND: LayerKind = defineKind({
  className: "InputLayer",
  family: "core",
  summary: "The model's input: declares the shape, holds no weights.",
  options: INPUT_OPTIONS,
  positional: "shape",
  create: (config) => new InputLayer(config as InputLayerArgs),
  jsonIgnored: ["input_dtype"],
  noWeights: () => "An input layer only declares the shape of the data; it computes nothing.",
});

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
  /** The declaration of Keras's `InputLayer`. */
  static readonly kind: LayerKind = INPUT_KIND;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param shape The input's shape as `{ shape }`/`{ inputShape }` or
   * `{ batchShape }`/`{ batchInputShape }`, or the shape itself (Keras's `Input((400, 13))`).
   * @param args The other arguments, when the shape came first.
   */
  constructor(shape: InputLayerArgs | readonly (number | null)[], args?: InputLayerArgs) {
    const given = positional(INPUT_KIND, shape, args) as InputLayerArgs;
    const inputShape = given.shape ?? given.inputShape;
    const batchInputShape = given.batchShape ?? given.batchInputShape;
    if (!inputShape && !batchInputShape) {
      throw new TypeError(
        `InputLayer needs a shape: give shape (without the batch dimension), e.g. ` +
          `{ shape: [400, 13] }, received ${`the keys ${
            Object.keys(given).join(", ") || "(none)"
          }`}`,
      );
    }
    super({ ...given, inputShape, batchInputShape }, INPUT_KIND);
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
  /** Initializers, regularizers and constraints: accepted, and they add no parameters. */
  readonly kernelInitializer?: unknown;
  /** See `kernelInitializer`. */
  readonly biasInitializer?: unknown;
  /** See `kernelInitializer`. */
  readonly kernelRegularizer?: unknown;
  /** See `kernelInitializer`. */
  readonly biasRegularizer?: unknown;
  /** See `kernelInitializer`. */
  readonly activityRegularizer?: unknown;
  /** See `kernelInitializer`. */
  readonly kernelConstraint?: unknown;
  /** See `kernelInitializer`. */
  readonly biasConstraint?: unknown;
}

/** Keras 3's low-rank adapters add weights this library does not model; refuse them. */
const NO_LORA = {
  loraRank: opt.unsupported(null, "adds low-rank adapter weights"),
  ...inert("loraAlpha", "quantizationConfig"),
};

const DENSE_OPTIONS = {
  units: opt.int(),
  useBias: opt.bool(true),
  activation: opt.activation(),
  ...KERNEL_EXTRAS,
  ...NO_LORA,
};

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
 * assert.equal(new Dense(64, { activation: "relu", inputShape: [10] }).paramCount(), 704);
 * ```
 */
export class Dense extends Layer {
  /** The declaration of Keras's `Dense`. */
  static readonly kind: LayerKind = defineKind({
    className: "Dense",
    family: "core",
    summary: "Fully connected: a kernel (inputs × units) and a bias (units).",
    options: DENSE_OPTIONS,
    positional: "units",
    create: (config) => new Dense(config as unknown as DenseArgs),
    tfjs: {
      factory: "dense",
      args: (layer) => ({
        units: (layer as Dense).units,
        useBias: (layer as Dense).useBias,
        activation: layer.config.activation ?? "linear",
        kernelInitializer: "glorotUniform",
      }),
    },
  });
  /** The output size. */
  readonly units: number;
  /** Whether a bias is added. */
  readonly useBias: boolean;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param units The output size, or the whole configuration.
   * @param args The rest of the configuration, when `units` came first.
   */
  constructor(units: number | DenseArgs, args?: Omit<DenseArgs, "units">) {
    super(positional(Dense.kind, units, args), Dense.kind);
    const config = this.options(DENSE_OPTIONS);
    this.units = config.units;
    this.useBias = config.useBias;
  }

  /** What input the layer accepts. */
  protected get inputSpec(): InputSpec {
    return { minNdim: 2, definedAxes: [-1] };
  }
  /** The weight tensors the layer creates for an input shape. */
  protected buildWeights(inputShape: Shape): WeightSpec[] {
    const n = inputShape.at(-1)!;
    return [
      {
        name: "kernel",
        shape: [n, this.units],
        trainable: true,
        axes: [{ symbol: "n", meaning: "input features" }, { symbol: "m", meaning: "units" }],
      },
      ...(this.useBias
        ? [{
          name: "bias",
          shape: [this.units],
          trainable: true,
          axes: [{ symbol: "m", meaning: "units" }],
        }]
        : []),
    ];
  }
  /** The output shape for an input shape. */
  protected computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape.slice(0, -1), this.units];
  }
}

/**
 * A layer without weights that passes its input's shape through: what Dropout, Activation,
 * the activation layers, noise and masking have in common.
 */
export abstract class ShapeKeeping extends Layer {
  /** What input the layer accepts. */
  protected get inputSpec(): InputSpec {
    return {};
  }
  /** The weight tensors the layer creates: none. */
  protected buildWeights(_inputShape: Shape): readonly WeightSpec[] {
    return [];
  }
  /** The output shape: the input's. */
  protected computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }
}

/** Arguments of {@linkcode Dropout}. */
export interface DropoutArgs extends LayerArgs {
  /** The fraction of inputs dropped during training, in [0, 1]. */
  readonly rate: number;
  /** Keras's `noise_shape`; it adds no parameters. */
  readonly noiseShape?: unknown;
  /** The random seed; it adds no parameters. */
  readonly seed?: unknown;
}

const DROPOUT_OPTIONS = { rate: opt.fraction(), ...inert("noiseShape", "seed") };

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
 * assert.equal(new Dropout(0.5).rate, 0.5);
 * ```
 */
export class Dropout extends ShapeKeeping {
  /** The declaration of Keras's `Dropout`. */
  static readonly kind: LayerKind = defineKind({
    className: "Dropout",
    family: "regularization",
    summary: "Zeroes a random fraction of its inputs while training; no weights.",
    options: DROPOUT_OPTIONS,
    positional: "rate",
    create: (config) => new Dropout(config as unknown as DropoutArgs),
    tfjs: { factory: "dropout", args: (layer) => ({ rate: (layer as Dropout).rate }) },
    noWeights: () =>
      "Dropout sets a random fraction (the rate) of its inputs to zero while training and " +
      "passes everything through at inference. Nothing is learned, so it has no weights.",
  });
  /** The fraction dropped. */
  readonly rate: number;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param rate The fraction dropped, or the whole configuration.
   * @param args The rest of the configuration, when `rate` came first.
   */
  constructor(rate: number | DropoutArgs, args?: Omit<DropoutArgs, "rate">) {
    super(positional(Dropout.kind, rate, args), Dropout.kind);
    this.rate = this.options(DROPOUT_OPTIONS).rate;
  }
}

/** Arguments of {@linkcode Activation}. */
export interface ActivationArgs extends LayerArgs {
  /** The activation's name, e.g. `"relu"`. */
  readonly activation: string;
}

const ACTIVATION_OPTIONS = {
  activation: { ...opt.activation(), required: true, fallback: undefined, inert: false },
};

/**
 * Applies an activation function: no parameters, same shape.
 *
 * @example
 * ```ts
 * import { Activation } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(new Activation({ activation: "relu", inputShape: [5] }).paramCount(), 0);
 * assert.equal(new Activation("tanh").activation, "tanh");
 * ```
 */
export class Activation extends ShapeKeeping {
  /** The declaration of Keras's `Activation`. */
  static readonly kind: LayerKind = defineKind({
    className: "Activation",
    family: "activation",
    summary: "Applies an activation function to each value; no weights.",
    options: ACTIVATION_OPTIONS,
    positional: "activation",
    create: (config) => new Activation(config as unknown as ActivationArgs),
    tfjs: {
      factory: "activation",
      args: (layer) => ({ activation: (layer as Activation).activation }),
    },
    noWeights: () => "An activation applies a fixed function to every value; nothing is learned.",
  });
  /** The activation's name. */
  readonly activation: string;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param activation The activation's name, or the whole configuration.
   * @param args The rest of the configuration, when the name came first.
   */
  constructor(activation: string | ActivationArgs, args?: Omit<ActivationArgs, "activation">) {
    super(positional(Activation.kind, activation, args), Activation.kind);
    const name = this.options(ACTIVATION_OPTIONS).activation;
    if (name === null) {
      throw new TypeError(
        `Invalid activation for Activation: expected an activation's name such as "relu", ` +
          `received null`,
      );
    }
    this.activation = name;
  }
}

export { Flatten, type FlattenArgs, RepeatVector, type RepeatVectorArgs } from "./reshaping.ts";
