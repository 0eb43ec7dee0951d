/**
 * The depthwise and separable convolutions: DepthwiseConv1D/2D (one kernel per input channel,
 * `depthMultiplier` outputs each) and SeparableConv1D/2D (a depthwise kernel, then a 1×1
 * pointwise kernel).
 *
 * @module
 */

import { formatShape, type Shape } from "../shape.ts";
import type { AxisMeaning, WeightSpec } from "./args.ts";
import type { Layer } from "./base.ts";
import type { RankedConstructor } from "./ranked.ts";
import type { LayerKind } from "./kind.ts";
import { inert, opt } from "./options.ts";
import { rankedClass } from "./ranked.ts";
import { perExample, weightsNamed } from "./macs.ts";
import { BaseConv, type WindowArgs } from "./convolutional.ts";
import { depthwiseCountForms, separableCountForms } from "./_conv_counts.ts";
import {
  aroundWindow,
  convKind,
  GROUPS_IN_KERAS2,
  tfjsWindowArgs,
  windowOptions,
} from "./_conv_options.ts";

/** Arguments of the depthwise convolutions. */
export interface DepthwiseConvArgs extends WindowArgs {
  /**
   * How many outputs each input channel gets: the output has channels × depthMultiplier.
   * @default {1}
   */
  readonly depthMultiplier?: number;
  /** Initializers, regularizers and constraints: accepted, no parameters. */
  readonly depthwiseInitializer?: unknown;
  /** See `depthwiseInitializer`. */
  readonly depthwiseRegularizer?: unknown;
  /** See `depthwiseInitializer`. */
  readonly depthwiseConstraint?: unknown;
}

/** Arguments of the separable convolutions. */
export interface SeparableConvArgs extends DepthwiseConvArgs {
  /** The number of output channels, mixed from the depthwise outputs by a 1×1 kernel. */
  readonly filters: number;
  /** Initializers, regularizers and constraints: accepted, no parameters. */
  readonly pointwiseInitializer?: unknown;
  /** See `pointwiseInitializer`. */
  readonly pointwiseRegularizer?: unknown;
  /** See `pointwiseInitializer`. */
  readonly pointwiseConstraint?: unknown;
}

function depthwiseOptions(rank: number) {
  return {
    ...aroundWindow(windowOptions(rank), {}, { depthMultiplier: opt.int(1) }, {}),
    ...inert(
      "depthwiseInitializer",
      "biasInitializer",
      "depthwiseRegularizer",
      "biasRegularizer",
      "activityRegularizer",
      "depthwiseConstraint",
      "biasConstraint",
    ),
  };
}

function separableOptions(rank: number) {
  return {
    ...aroundWindow(windowOptions(rank), { filters: opt.int() }, {}, {
      depthMultiplier: opt.int(1),
    }),
    ...inert(
      "depthwiseInitializer",
      "pointwiseInitializer",
      "biasInitializer",
      "depthwiseRegularizer",
      "pointwiseRegularizer",
      "biasRegularizer",
      "activityRegularizer",
      "depthwiseConstraint",
      "pointwiseConstraint",
      "biasConstraint",
    ),
  };
}

type DepthwiseOptions = ReturnType<typeof depthwiseOptions>;
type SeparableOptions = ReturnType<typeof separableOptions>;

const CHANNELS_AXIS: AxisMeaning = { symbol: "c", meaning: "input channels" };
const MULTIPLIER_AXIS: AxisMeaning = { symbol: "d", meaning: "depth multiplier" };
const DEPTHWISE_OUTPUTS: AxisMeaning = {
  symbol: "c·d",
  meaning: "depthwise outputs: input channels × depth multiplier",
};

function tfjsDepthwiseRefusal(layer: Layer): string | undefined {
  const c = layer as BaseConv;
  return c.dilationRate.some((d) => d > 1)
    ? `Layer "${layer.name}" uses dilationRate ${
      formatShape(c.dilationRate)
    }, which TensorFlow.js's DepthwiseConv2D ignores`
    : undefined;
}

function tfjsSeparableRefusal(layer: Layer): string | undefined {
  const c = layer as BaseConv;
  return c.dilationRate.some((d) => d > 1) && c.strides.some((s) => s > 1)
    ? `Layer "${layer.name}" combines strides > 1 with dilationRate > 1, which ` +
      `TensorFlow.js's separable convolution refuses`
    : undefined;
}

/**
 * What the depthwise convolutions share: each input channel gets its own `depthMultiplier`
 * windows, and channels are never mixed. Keras builds the kernel as (window…, channels,
 * depthMultiplier) and the bias as (channels × depthMultiplier).
 */
export abstract class DepthwiseConv extends BaseConv {
  /** How many outputs each input channel gets. */
  readonly depthMultiplier: number;

  /**
   * Checks the configuration.
   *
   * @param args The layer's configuration.
   * @param kind The layer's kind.
   * @param rank The number of spatial axes.
   */
  protected constructor(args: DepthwiseConvArgs, kind: LayerKind, rank: number) {
    super(args, kind, rank);
    this.depthMultiplier = this.options(kind.options as DepthwiseOptions).depthMultiplier;
  }

  /** The weight tensors the layer creates for an input shape. */
  protected buildWeights(inputShape: Shape): WeightSpec[] {
    const channels = this.channelsOf(inputShape);
    return [
      {
        name: "kernel",
        shape: [...this.kernelSize, channels, this.depthMultiplier],
        trainable: true,
        axes: [...this.windowAxes(), CHANNELS_AXIS, MULTIPLIER_AXIS],
      },
      ...this.biasWeights(channels * this.depthMultiplier, DEPTHWISE_OUTPUTS),
    ];
  }

  /** The output shape for an input shape. */
  protected computeOutputShape(inputShape: Shape): Shape {
    return this.slidingShape(inputShape, this.channelsOf(inputShape) * this.depthMultiplier);
  }
}

/**
 * The constructor of the depthwise convolutions: `kernelSize` first, or the whole configuration.
 */
export type DepthwiseConvConstructor = RankedConstructor<
  DepthwiseConvArgs,
  "kernelSize",
  DepthwiseConv
>;

function depthwiseKind(rank: number, create: (config: Record<string, unknown>) => Layer) {
  return convKind(`DepthwiseConv${rank}D`, rank, create, {
    summary: `A ${rank}D depthwise convolution: each input channel gets its own windows ` +
      `(window × channels × depth multiplier), channels are never mixed; a bias per output.`,
    options: depthwiseOptions(rank),
    // A count cut short: every window and bias the row's shapes allow, the depth multiplier
    // the output's channels over the input's.
    readers: { countForms: (row) => depthwiseCountForms(rank, row) },
    positional: "kernelSize",
    ...GROUPS_IN_KERAS2,
    // Each output position applies the kernel once: window × channels × depth multiplier.
    macs: (layer, { outputs }) => {
      const kernel = layer.weights()[0]; // (window…, channels, depth multiplier)
      return perExample(outputs[0]) / (kernel.shape.at(-2)! * kernel.shape.at(-1)!) * kernel.size;
    },
    tfjs: rank === 1 ? undefined : {
      factory: "depthwiseConv2d",
      args: (layer) => {
        const c = layer.config;
        return {
          ...tfjsWindowArgs(c, rank),
          depthMultiplier: c.depthMultiplier,
          depthwiseInitializer: "glorotUniform",
        };
      },
      refuse: tfjsDepthwiseRefusal,
    },
  });
}

/**
 * A 1D depthwise convolution over (batch, steps, channels): kernel (k, channels,
 * depthMultiplier), bias (channels × depthMultiplier).
 *
 * @example
 * ```ts
 * import { DepthwiseConv1D } from "../../mod.ts";
 * import assert from "assert";
 *
 * const dw = new DepthwiseConv1D(3, { depthMultiplier: 2, inputShape: [10, 4] });
 * assert.equal(dw.paramCount(), 3 * 4 * 2 + 4 * 2);
 * assert.deepEqual(dw.outputShape(), [null, 8, 8]);
 * ```
 */
export const DepthwiseConv1D: DepthwiseConvConstructor = rankedClass(
  DepthwiseConv,
  1,
  depthwiseKind,
);
/** A layer that {@linkcode DepthwiseConv1D} creates. */
export type DepthwiseConv1D = DepthwiseConv;

/**
 * A 2D depthwise convolution over (batch, rows, cols, channels): kernel (kh, kw, channels,
 * depthMultiplier), bias (channels × depthMultiplier).
 *
 * @example
 * ```ts
 * import { DepthwiseConv2D } from "../../mod.ts";
 * import assert from "assert";
 *
 * // keras.layers.DepthwiseConv2D(3, depth_multiplier=2, padding="same",
 * //   data_format="channels_first") on (3, 9, 9): (None, 6, 9, 9), 60 parameters
 * const dw = new DepthwiseConv2D(3, {
 *   depthMultiplier: 2,
 *   padding: "same",
 *   dataFormat: "channels_first",
 *   inputShape: [3, 9, 9],
 * });
 * assert.equal(dw.paramCount(), 60);
 * assert.deepEqual(dw.outputShape(), [null, 6, 9, 9]);
 * ```
 */
export const DepthwiseConv2D: DepthwiseConvConstructor = rankedClass(
  DepthwiseConv,
  2,
  depthwiseKind,
);
/** A layer that {@linkcode DepthwiseConv2D} creates. */
export type DepthwiseConv2D = DepthwiseConv;

/**
 * What the separable convolutions share: a depthwise convolution (window × channels ×
 * depthMultiplier, no bias) followed by a pointwise one (1 × … × channels·depthMultiplier ×
 * filters) that mixes the channels, and a bias per filter.
 */
export abstract class SeparableConv extends BaseConv {
  /** The number of output channels. */
  readonly filters: number;
  /** How many depthwise outputs each input channel gets. */
  readonly depthMultiplier: number;

  /**
   * Checks the configuration.
   *
   * @param args The layer's configuration.
   * @param kind The layer's kind.
   * @param rank The number of spatial axes.
   */
  protected constructor(args: SeparableConvArgs, kind: LayerKind, rank: number) {
    super(args, kind, rank);
    const c = this.options(kind.options as SeparableOptions);
    this.filters = c.filters;
    this.depthMultiplier = c.depthMultiplier;
  }

  /** The weight tensors the layer creates for an input shape. */
  protected buildWeights(inputShape: Shape): WeightSpec[] {
    const channels = this.channelsOf(inputShape);
    const ones = this.kernelSize.map((_, i) => ({
      symbol: "1",
      meaning: `a 1-wide window along spatial axis ${i + 1}`,
    }));
    return [
      {
        name: "depthwise_kernel",
        shape: [...this.kernelSize, channels, this.depthMultiplier],
        trainable: true,
        axes: [...this.windowAxes(), CHANNELS_AXIS, MULTIPLIER_AXIS],
      },
      {
        name: "pointwise_kernel",
        shape: [...ones.map(() => 1), channels * this.depthMultiplier, this.filters],
        trainable: true,
        axes: [...ones, DEPTHWISE_OUTPUTS, { symbol: "f", meaning: "filters" }],
      },
      ...this.biasWeights(this.filters, { symbol: "f", meaning: "filters" }),
    ];
  }

  /** The output shape for an input shape. */
  protected computeOutputShape(inputShape: Shape): Shape {
    return this.slidingShape(inputShape, this.filters);
  }
}

/** The constructor of the separable convolutions: `filters` first, or the whole configuration. */
export type SeparableConvConstructor = RankedConstructor<
  SeparableConvArgs,
  "filters",
  SeparableConv
>;

function separableKind(rank: number, create: (config: Record<string, unknown>) => Layer) {
  return convKind(`SeparableConv${rank}D`, rank, create, {
    aliases: [`SeparableConvolution${rank}D`],
    summary: `A ${rank}D separable convolution: a depthwise kernel (window × channels × depth ` +
      `multiplier), then a pointwise kernel (channels × depth multiplier × filters), and a ` +
      `bias per filter.`,
    options: separableOptions(rank),
    // A count cut short: every window, depth multiplier and bias the row's shapes and the
    // printed total allow.
    readers: { countForms: (row, bound) => separableCountForms(rank, row, bound) },
    ...GROUPS_IN_KERAS2,
    // At each output position: the depthwise windows, then the pointwise map to the filters.
    macs: (layer, { outputs }) =>
      perExample(outputs[0]) / (layer as SeparableConv).filters *
      weightsNamed(layer.weights(), "depthwise_kernel", "pointwise_kernel"),
    // Keras 2's SeparableConv.get_config() starts from Conv's, so it also writes the kernel_*
    // settings of a kernel it does not have.
    jsonIgnored: ["groups", "kernel_initializer", "kernel_regularizer", "kernel_constraint"],
    tfjs: rank === 1 ? undefined : {
      factory: "separableConv2d",
      args: (layer) => {
        const c = layer.config;
        return {
          filters: c.filters,
          ...tfjsWindowArgs(c, rank),
          depthMultiplier: c.depthMultiplier,
          dilationRate: c.dilationRate,
          depthwiseInitializer: "glorotUniform",
          pointwiseInitializer: "glorotUniform",
        };
      },
      refuse: tfjsSeparableRefusal,
    },
  });
}

/**
 * A 1D separable convolution over (batch, steps, channels): depthwise kernel (k, channels,
 * depthMultiplier), pointwise kernel (1, channels × depthMultiplier, filters), bias (filters).
 *
 * @example
 * ```ts
 * import { SeparableConv1D } from "../../mod.ts";
 * import assert from "assert";
 *
 * const sep = new SeparableConv1D(8, { kernelSize: 3, inputShape: [10, 4] });
 * assert.equal(sep.paramCount(), 3 * 4 + 4 * 8 + 8);
 * assert.deepEqual(sep.outputShape(), [null, 8, 8]);
 * ```
 */
export const SeparableConv1D: SeparableConvConstructor = rankedClass(
  SeparableConv,
  1,
  separableKind,
);
/** A layer that {@linkcode SeparableConv1D} creates. */
export type SeparableConv1D = SeparableConv;

/**
 * A 2D separable convolution over (batch, rows, cols, channels): depthwise kernel (kh, kw,
 * channels, depthMultiplier), pointwise kernel (1, 1, channels × depthMultiplier, filters),
 * bias (filters).
 *
 * @example
 * ```ts
 * import { SeparableConv2D } from "../../mod.ts";
 * import assert from "assert";
 *
 * // keras.layers.SeparableConv2D(8, 3, strides=2, dilation_rate=2) on (9, 9, 3):
 * // (None, 3, 3, 8), 27 + 24 + 8 = 59 parameters
 * const sep = new SeparableConv2D(8, {
 *   kernelSize: 3,
 *   strides: 2,
 *   dilationRate: 2,
 *   inputShape: [9, 9, 3],
 * });
 * assert.equal(sep.paramCount(), 59);
 * assert.deepEqual(sep.outputShape(), [null, 3, 3, 8]);
 * ```
 */
export const SeparableConv2D: SeparableConvConstructor = rankedClass(
  SeparableConv,
  2,
  separableKind,
);
/** A layer that {@linkcode SeparableConv2D} creates. */
export type SeparableConv2D = SeparableConv;

/**
 * The kinds this file declares, in the order the library lists them; the registry reads them
 * here, so adding a kind to this file is all it takes to register it.
 *
 * @example
 * ```ts
 * import { DEPTHWISE_CONV_KINDS } from "./depthwise_conv.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(DEPTHWISE_CONV_KINDS.map((kind) => kind.className), ["SeparableConv1D", "SeparableConv2D", "DepthwiseConv1D", "DepthwiseConv2D"]);
 * ```
 */
export const DEPTHWISE_CONV_KINDS: readonly LayerKind[] = [
  SeparableConv1D.kind,
  SeparableConv2D.kind,
  DepthwiseConv1D.kind,
  DepthwiseConv2D.kind,
];
