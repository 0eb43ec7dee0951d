/**
 * Activation layers: Activation, ReLU, LeakyReLU, PReLU, ELU, Softmax. Each applies a function to
 * every value and keeps the shape. Only PReLU learns something: its slope `alpha` for negative
 * inputs, one per input position unless axes share it.
 *
 * @module
 */

import { noMacs } from "./macs.ts";
import { IncompatibleShapeError } from "../errors.ts";
import { type Dim, formatShape, type Shape } from "../shape.ts";
import type { AxisMeaning, LayerArgs, WeightSpec } from "./args.ts";
import { defineKind, type LayerKind, positional } from "./kind.ts";
import { MASKED_CALL } from "./call.ts";
import { keepsShape } from "./reading.ts";
import { inert, opt, type Option } from "./options.ts";
import { ShapeKeeping } from "./shape_keeping.ts";
import { weightlessCounterpart } from "./pytorch.ts";

function isNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** A finite number ≥ 0, as Keras's ReLU and LeakyReLU require. */
function nonNegative(fallback: number): Option<number> {
  return opt.custom<number>("a number ≥ 0", (v) => isNumber(v) && v >= 0, fallback);
}

/** An integer axis or a non-empty list of them. */
function axisOrAxes(fallback: number): Option<number | readonly number[]> {
  return opt.custom<number | readonly number[]>(
    "an integer axis or a list of them",
    (v) =>
      Number.isSafeInteger(v) ||
      Array.isArray(v) && v.length > 0 && v.every((a) => Number.isSafeInteger(a)),
    fallback,
  );
}

// Keras's activation names and the PyTorch modules computing the same function (Keras's defaults:
// leaky_relu's negative slope is 0.2, softmax runs over the last axis, gelu is exact).
const TORCH_ACTIVATIONS: Record<string, string> = {
  linear: "torch.nn.Identity()",
  relu: "torch.nn.ReLU()",
  relu6: "torch.nn.ReLU6()",
  leaky_relu: "torch.nn.LeakyReLU(0.2)",
  elu: "torch.nn.ELU()",
  selu: "torch.nn.SELU()",
  gelu: "torch.nn.GELU()",
  sigmoid: "torch.nn.Sigmoid()",
  hard_sigmoid: "torch.nn.Hardsigmoid()",
  tanh: "torch.nn.Tanh()",
  softmax: "torch.nn.Softmax(dim=-1)",
  log_softmax: "torch.nn.LogSoftmax(dim=-1)",
  softplus: "torch.nn.Softplus()",
  softsign: "torch.nn.Softsign()",
  silu: "torch.nn.SiLU()",
  swish: "torch.nn.SiLU()",
  mish: "torch.nn.Mish()",
};

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
    samples: ["relu", "softmax", "leaky_relu", "gelu"].map((activation) => ({
      activation,
      inputShape: [5],
    })),
    family: "activation",
    summary: "Applies an activation function to each value; no weights.",
    options: ACTIVATION_OPTIONS,
    positional: "activation",
    create: (config) => new Activation(config as unknown as ActivationArgs),
    read: keepsShape({ activation: "linear" }),
    tfjs: {
      factory: "activation",
      args: (layer) => ({ activation: (layer as Activation).activation }),
    },
    weightless: true,
    noWeights: () => "An activation applies a fixed function to every value; nothing is learned.",
    pytorch: (layer) => {
      const name = String(layer.config.activation);
      const module = Object.hasOwn(TORCH_ACTIVATIONS, name) ? TORCH_ACTIVATIONS[name] : undefined;
      return module
        ? weightlessCounterpart(module)
        : { none: `This library knows no PyTorch module for the activation "${name}".` };
    },
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

/** Arguments of {@linkcode ReLU}. */
export interface ReLUArgs extends LayerArgs {
  /**
   * The largest output; `null` for none.
   * @default {null}
   */
  readonly maxValue?: number | null;
  /**
   * The slope below the threshold.
   * @default {0}
   */
  readonly negativeSlope?: number;
  /**
   * Where the linear part starts.
   * @default {0}
   */
  readonly threshold?: number;
}

const RELU_OPTIONS = {
  maxValue: opt.custom<number | null>(
    "a number ≥ 0 or null",
    (v) => v === null || isNumber(v) && v >= 0,
    null,
  ),
  negativeSlope: nonNegative(0),
  threshold: nonNegative(0),
};

/**
 * The rectified linear unit as a layer: `max(x, 0)`, optionally capped at `maxValue`, with a
 * slope `negativeSlope` below `threshold`. No parameters, same shape.
 *
 * @example ReLU(6), the activation of MobileNet
 * ```ts
 * import { ReLU } from "../../mod.ts";
 * import assert from "assert";
 *
 * const relu6 = new ReLU(6, { inputShape: [32, 32, 16] });
 * assert.equal(relu6.maxValue, 6);
 * assert.equal(relu6.paramCount(), 0);
 * assert.deepEqual(relu6.outputShape(), [null, 32, 32, 16]);
 * ```
 */
export class ReLU extends ShapeKeeping {
  /** The declaration of Keras's `ReLU`. */
  static readonly kind: LayerKind = defineKind({
    className: "ReLU",
    family: "activation",
    summary: "max(x, 0), optionally capped and with a slope below a threshold; no weights.",
    options: RELU_OPTIONS,
    positional: "maxValue",
    create: (config) => new ReLU(config as ReLUArgs),
    read: keepsShape(),
    tfjs: {
      factory: "reLU",
      args: (layer) => {
        const maxValue = (layer as ReLU).maxValue;
        return maxValue === null ? {} : { maxValue };
      },
      refuse: (layer) => {
        const { negativeSlope, threshold } = layer as ReLU;
        if (negativeSlope === 0 && threshold === 0) return undefined;
        return `Layer "${layer.name}" (ReLU) uses ${
          negativeSlope !== 0 ? `negativeSlope: ${negativeSlope}` : `threshold: ${threshold}`
        }, which TensorFlow.js's ReLU does not have (it takes maxValue only)`;
      },
    },
    weightless: true,
    noWeights: (layer) => {
      const { maxValue, negativeSlope, threshold } = layer as ReLU;
      const below = negativeSlope === 0 ? "0" : `${negativeSlope} × (x - ${threshold})`;
      return `ReLU outputs x from ${threshold}${
        maxValue === null ? "" : ` up to ${maxValue}`
      } and ${below} below ${threshold}: a fixed function of each value, so nothing is ` +
        `learned and it has no weights.`;
    },
  });
  /** The largest output, or `null`. */
  readonly maxValue: number | null;
  /** The slope below the threshold. */
  readonly negativeSlope: number;
  /** Where the linear part starts. */
  readonly threshold: number;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param maxValue The largest output (Keras's first argument), or the whole configuration.
   * @param args The rest of the configuration, when `maxValue` came first.
   */
  constructor(maxValue?: number | null | ReLUArgs, args?: Omit<ReLUArgs, "maxValue">) {
    super(positional(ReLU.kind, maxValue, args), ReLU.kind);
    const c = this.options(RELU_OPTIONS);
    this.maxValue = c.maxValue;
    this.negativeSlope = c.negativeSlope;
    this.threshold = c.threshold;
  }
}

/** Arguments of {@linkcode LeakyReLU}. */
export interface LeakyReLUArgs extends LayerArgs {
  /**
   * The slope for negative inputs (Keras 2 and TF.js call it `alpha`).
   * @default {0.3}
   */
  readonly negativeSlope?: number;
}

const LEAKY_OPTIONS = { negativeSlope: nonNegative(0.3) };

/**
 * A ReLU that lets a fixed fraction of negative values through: `x` above 0,
 * `negativeSlope × x` below. No parameters: the slope is chosen, not learned (see
 * {@linkcode PReLU} for the learned one).
 *
 * @example
 * ```ts
 * import { LeakyReLU } from "../../mod.ts";
 * import assert from "assert";
 *
 * const leaky = new LeakyReLU(0.2, { inputShape: [64] });
 * assert.equal(leaky.negativeSlope, 0.2);
 * assert.equal(leaky.paramCount(), 0);
 * assert.equal(new LeakyReLU().negativeSlope, 0.3);
 * ```
 */
export class LeakyReLU extends ShapeKeeping {
  /** The declaration of Keras's `LeakyReLU`. */
  static readonly kind: LayerKind = defineKind({
    className: "LeakyReLU",
    family: "activation",
    summary: "x above zero, a fixed fraction of x below; no weights.",
    options: LEAKY_OPTIONS,
    positional: "negativeSlope",
    create: (config) => new LeakyReLU(config as LeakyReLUArgs),
    read: keepsShape(),
    // Keras 2 (and TF.js) write the slope as "alpha"; Keras 3 as "negative_slope".
    jsonIgnored: ["alpha"],
    fromJson: (config) =>
      config.negative_slope === undefined && typeof config.alpha === "number"
        ? { negativeSlope: config.alpha }
        : {},
    tfjs: {
      factory: "leakyReLU",
      args: (layer) => ({ alpha: (layer as LeakyReLU).negativeSlope }),
    },
    weightless: true,
    noWeights: (layer) =>
      `LeakyReLU multiplies negative values by a fixed slope (${
        (layer as LeakyReLU).negativeSlope
      }) and keeps positive ones: the slope is chosen, not learned, so it has no weights ` +
      `(PReLU is the one that learns it).`,
  });
  /** The slope for negative inputs. */
  readonly negativeSlope: number;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param negativeSlope The slope for negative inputs, or the whole configuration.
   * @param args The rest of the configuration, when the slope came first.
   */
  constructor(negativeSlope?: number | LeakyReLUArgs, args?: LayerArgs) {
    super(positional(LeakyReLU.kind, negativeSlope, args), LeakyReLU.kind);
    this.negativeSlope = this.options(LEAKY_OPTIONS).negativeSlope;
  }
}

/** Arguments of {@linkcode PReLU}. */
export interface PReLUArgs extends LayerArgs {
  /**
   * Input axes (1 is the first after the batch) along which one slope is shared: that axis of
   * `alpha` has size 1. As in Keras, axis `i` sets `alpha`'s axis `i - 1`, counting from the
   * end when negative.
   * @default {null}
   */
  readonly sharedAxes?: number | readonly number[] | null;
  /** The slopes' initializer; it adds no parameters. */
  readonly alphaInitializer?: unknown;
  /** See `alphaInitializer`. */
  readonly alphaRegularizer?: unknown;
  /** See `alphaInitializer`. */
  readonly alphaConstraint?: unknown;
}

const PRELU_OPTIONS = {
  sharedAxes: opt.custom<number | readonly number[] | null>(
    "an integer axis, a list of them, or null",
    (v) =>
      v === null || Number.isSafeInteger(v) ||
      Array.isArray(v) && v.every((a) => Number.isSafeInteger(a)),
    null,
  ),
  ...inert("alphaInitializer", "alphaRegularizer", "alphaConstraint"),
};

/**
 * A leaky ReLU whose negative slope is learned: `alpha` holds one slope per value of the input
 * (batch excluded), or one per feature map when `sharedAxes` shares it over positions.
 *
 * @example One slope per value, or one per channel
 * ```ts
 * import { PReLU } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(new PReLU({ inputShape: [10, 64] }).paramCount(), 10 * 64);
 * const perChannel = new PReLU({ sharedAxes: [1, 2], inputShape: [32, 32, 16] });
 * assert.deepEqual(perChannel.weights()[0].shape, [1, 1, 16]);
 * ```
 */
export class PReLU extends ShapeKeeping {
  /** The declaration of Keras's `PReLU`. */
  static readonly kind: LayerKind = defineKind({
    className: "PReLU",
    // Elementwise work and lookups only: no matrix products.
    macs: noMacs,
    family: "activation",
    summary: "A leaky ReLU with a learned slope alpha per input value (or per shared axis).",
    options: PRELU_OPTIONS,
    create: (config) => new PReLU(config as PReLUArgs),
    read: {
      // One alpha per input value, but for the axes it shares: every set of shared axes is
      // tried, none first.
      candidates: (row) => {
        const input = row.input ?? row.out;
        if (!input || input.length > 6) return [];
        const axes = input.slice(1).map((_, i) => i + 1);
        const subsets = axes.reduce<number[][]>(
          (all, axis) => [...all, ...all.map((s) => [...s, axis])],
          [[]],
        );
        return subsets.map((shared) => ({
          config: shared.length === 0 ? {} : { sharedAxes: shared },
          input,
        }));
      },
      lastSizes: (input) => {
        const last = input.at(-1);
        return typeof last === "number" ? [last] : [];
      },
    },
    tfjs: {
      factory: "prelu",
      args: (layer) => {
        const axes = (layer as PReLU).sharedAxes;
        return axes === null ? {} : { sharedAxes: [...axes] };
      },
      refuse: (layer) => {
        const odd = (layer as PReLU).sharedAxes?.find((axis) => axis < 1);
        return odd === undefined
          ? undefined
          : `Layer "${layer.name}" (PReLU) shares axis ${odd}, ` +
            `which TensorFlow.js's PReLU does not read as Keras does (Keras sets alpha's axis ` +
            `${odd - 1}, counting from the end)`;
      },
    },
  });
  /** The shared input axes, as a list, or `null`. */
  readonly sharedAxes: readonly number[] | null;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param args The layer's configuration.
   */
  constructor(args: PReLUArgs = {}) {
    super(positional(PReLU.kind, args, undefined), PReLU.kind);
    const axes = this.options(PRELU_OPTIONS).sharedAxes;
    this.sharedAxes = axes === null ? null : typeof axes === "number" ? [axes] : [...axes];
  }

  /** The weight tensors the layer creates for an input shape: `alpha`. */
  protected override buildWeights(inputShape: Shape): WeightSpec[] {
    const shape: Dim[] = inputShape.slice(1);
    const rank = shape.length;
    const shared = new Set<number>();
    for (const axis of this.sharedAxes ?? []) {
      // Keras: param_shape[i - 1] = 1, with Python's negative indexing.
      const index = axis - 1 < 0 ? axis - 1 + rank : axis - 1;
      if (index < 0 || index >= rank) {
        throw new IncompatibleShapeError(
          this.name,
          inputShape,
          `Invalid sharedAxes ${axis} for layer "${this.name}": alpha has ${rank} axes (the ` +
            `input's without the batch), so shared axes go from ${1 - rank} to ${rank}. Full ` +
            `shape received: ${formatShape(inputShape)}`,
        );
      }
      shape[index] = 1;
      shared.add(index);
    }
    const unknown = shape.findIndex((d) => d === null);
    if (unknown >= 0) {
      throw new IncompatibleShapeError(
        this.name,
        inputShape,
        `Input 0 of layer "${this.name}" is incompatible with the layer: axis ${
          unknown + 1
        } of the input must be known to build alpha, found None (share it with sharedAxes: ` +
          `[${unknown + 1}] for one slope along it). Full shape received: ${
            formatShape(inputShape)
          }`,
      );
    }
    const axes: AxisMeaning[] = shape.map((_, i) =>
      shared.has(i)
        ? { symbol: "1", meaning: `input axis ${i + 1}, shared (sharedAxes)` }
        : i === rank - 1
        ? { symbol: "f", meaning: "features on the last axis" }
        : { symbol: `d${i + 1}`, meaning: `positions on input axis ${i + 1}` }
    );
    return [{ name: "alpha", shape: shape as number[], trainable: true, axes }];
  }
}

/** Arguments of {@linkcode ELU}. */
export interface ELUArgs extends LayerArgs {
  /**
   * The scale of the negative part, `alpha × (exp(x) - 1)`.
   * @default {1}
   */
  readonly alpha?: number;
}

const ELU_OPTIONS = { alpha: opt.number(1) };

/**
 * The exponential linear unit as a layer: `x` above 0, `alpha × (exp(x) - 1)` below. No
 * parameters: `alpha` is chosen, not learned.
 *
 * @example
 * ```ts
 * import { ELU } from "../../mod.ts";
 * import assert from "assert";
 *
 * const elu = new ELU(0.5, { inputShape: [8] });
 * assert.equal(elu.alpha, 0.5);
 * assert.equal(elu.paramCount(), 0);
 * ```
 */
export class ELU extends ShapeKeeping {
  /** The declaration of Keras's `ELU`. */
  static readonly kind: LayerKind = defineKind({
    className: "ELU",
    family: "activation",
    summary: "x above zero, alpha × (exp(x) - 1) below; no weights.",
    options: ELU_OPTIONS,
    positional: "alpha",
    create: (config) => new ELU(config as ELUArgs),
    read: keepsShape(),
    tfjs: {
      factory: "elu",
      args: () => ({}),
      refuse: (layer) =>
        (layer as ELU).alpha === 1
          ? undefined
          : `Layer "${layer.name}" (ELU) uses alpha: ${
            (layer as ELU).alpha
          }; TensorFlow.js's ELU supports alpha 1 only`,
    },
    weightless: true,
    noWeights: (layer) =>
      `ELU applies a fixed function, alpha × (exp(x) - 1) below zero with alpha = ${
        (layer as ELU).alpha
      }: alpha is chosen, not learned, so it has no weights.`,
  });
  /** The scale of the negative part. */
  readonly alpha: number;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param alpha The scale of the negative part, or the whole configuration.
   * @param args The rest of the configuration, when `alpha` came first.
   */
  constructor(alpha?: number | ELUArgs, args?: LayerArgs) {
    super(positional(ELU.kind, alpha, args), ELU.kind);
    this.alpha = this.options(ELU_OPTIONS).alpha;
  }
}

/** Arguments of {@linkcode Softmax}. */
export interface SoftmaxArgs extends LayerArgs {
  /**
   * The axis (or axes) the probabilities sum to 1 over.
   * @default {-1}
   */
  readonly axis?: number | readonly number[];
}

const SOFTMAX_OPTIONS = { axis: axisOrAxes(-1) };

/**
 * Softmax as a layer: exponentiates and divides by the sum over `axis`, so the values along it
 * sum to 1. No parameters, same shape.
 *
 * @example
 * ```ts
 * import { Softmax } from "../../mod.ts";
 * import assert from "assert";
 *
 * const softmax = new Softmax({ inputShape: [10] });
 * assert.equal(softmax.paramCount(), 0);
 * assert.deepEqual(new Softmax([1, 2]).axis, [1, 2]);
 * ```
 */
export class Softmax extends ShapeKeeping {
  /** The declaration of Keras's `Softmax`. */
  static readonly kind: LayerKind = defineKind({
    className: "Softmax",
    family: "activation",
    summary: "Turns values into probabilities that sum to 1 along an axis; no weights.",
    options: SOFTMAX_OPTIONS,
    positional: "axis",
    create: (config) => new Softmax(config as SoftmaxArgs),
    call: MASKED_CALL,
    read: keepsShape(),
    // TF.js's Softmax defaults to axis 1: always pass Keras's.
    tfjs: {
      factory: "softmax",
      args: (layer) => {
        const axis = (layer as Softmax).axis;
        return { axis: typeof axis === "number" ? axis : [...axis] };
      },
    },
    weightless: true,
    noWeights: (layer) =>
      `Softmax divides exp(x) by its sum along axis ${
        formatAxis((layer as Softmax).axis)
      }: a fixed function, so nothing is learned and it has no weights.`,
  });
  /** The axis or axes normalized over. */
  readonly axis: number | readonly number[];

  /**
   * Creates the layer, checking its configuration.
   *
   * @param axis The axis or axes, or the whole configuration.
   * @param args The rest of the configuration, when the axis came first.
   */
  constructor(axis?: number | readonly number[] | SoftmaxArgs, args?: LayerArgs) {
    super(positional(Softmax.kind, axis, args), Softmax.kind);
    this.axis = this.options(SOFTMAX_OPTIONS).axis;
  }
}

function formatAxis(axis: number | readonly number[]): string {
  return typeof axis === "number" ? String(axis) : `(${axis.join(", ")})`;
}

/**
 * The kinds this file declares, in the order the library lists them; the registry reads them
 * here, so adding a kind to this file is all it takes to register it.
 *
 * @example
 * ```ts
 * import { ACTIVATION_KINDS } from "./activations.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(ACTIVATION_KINDS.map((kind) => kind.className), ["Activation", "ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax"]);
 * ```
 */
export const ACTIVATION_KINDS: readonly LayerKind[] = [
  Activation.kind,
  ReLU.kind,
  LeakyReLU.kind,
  PReLU.kind,
  ELU.kind,
  Softmax.kind,
];
