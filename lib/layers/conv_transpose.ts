/**
 * The transposed convolutions: Conv1DTranspose, Conv2DTranspose and Conv3DTranspose. Their kernel
 * is a convolution's with the channel axes swapped, so the count is the same formula; the output
 * grows by the stride instead of shrinking.
 *
 * @module
 */

import { describeValue } from "../errors.ts";
import { formatShape, type Shape } from "../shape.ts";
import type { WeightSpec } from "./args.ts";
import type { Layer } from "./base.ts";
import type { RankedConstructor } from "./ranked.ts";
import type { LayerKind } from "./kind.ts";
import { KERNEL_EXTRAS, opt, type Option } from "./options.ts";
import { rankedClass } from "./ranked.ts";
import { perExample } from "./macs.ts";
import {
  joinChannels,
  refuseStridedDilation,
  splitChannels,
  transposedOutputLength,
} from "./window.ts";
import { BaseConv, type ConvArgs } from "./convolutional.ts";
import { transposeCountForms } from "./_conv_counts.ts";
import {
  aroundWindow,
  convKind,
  GROUPS_IN_KERAS2,
  tfjsWindowArgs,
  windowOptions,
} from "./_conv_options.ts";

/** Arguments of the transposed convolutions. */
export interface ConvTransposeArgs extends Omit<ConvArgs, "groups"> {
  /**
   * Extra size added to each spatial axis of the output, each value less than its stride;
   * `null` lets Keras choose (see {@linkcode transposedOutputLength}).
   * @default {null}
   */
  readonly outputPadding?: number | readonly number[] | null;
}

function outputPaddingOption(rank: number): Option<readonly number[] | null> {
  const tuple = opt.tuple(rank, undefined, 0);
  const expected = `null or ${tuple.expected}`;
  return {
    expected,
    fallback: null,
    required: false,
    check(owner, key, value) {
      if (value === null) return null;
      try {
        return tuple.check(owner, key, value);
      } catch (error) {
        const Class = error instanceof RangeError ? RangeError : TypeError;
        throw new Class(
          `Invalid ${key} for ${owner}: expected ${expected}, received ${describeValue(value)}`,
        );
      }
    },
  };
}

function transposeOptions(rank: number) {
  return {
    ...aroundWindow(
      windowOptions(rank),
      { filters: opt.int() },
      { outputPadding: outputPaddingOption(rank) },
      {},
    ),
    ...KERNEL_EXTRAS,
  };
}

type TransposeOptions = ReturnType<typeof transposeOptions>;

function tfjsTranspose(rank: number): LayerKind["tfjs"] {
  return {
    factory: `conv${rank}dTranspose`,
    args: (layer) => {
      const c = layer.config;
      return { filters: c.filters, ...tfjsWindowArgs(c, rank), kernelInitializer: "glorotUniform" };
    },
    refuse: (layer) => {
      const t = layer as ConvTranspose;
      if (t.outputPadding !== null) {
        return `Layer "${layer.name}" uses outputPadding, which TensorFlow.js's transposed ` +
          `convolutions do not have`;
      }
      if (t.dilationRate.some((d) => d > 1)) {
        return `Layer "${layer.name}" uses dilationRate ${
          formatShape(t.dilationRate)
        }, which TensorFlow.js's transposed convolutions ignore`;
      }
      return undefined;
    },
  };
}

function transposeKind(
  rank: number,
  create: (config: Record<string, unknown>) => Layer,
): LayerKind {
  return convKind(`Conv${rank}DTranspose`, rank, create, {
    aliases: [`Convolution${rank}DTranspose`],
    summary: `A ${rank}D transposed convolution: spreads each input position over a window, ` +
      `growing the spatial axes; a kernel (window × filters × input channels) and a bias per ` +
      `filter.`,
    options: transposeOptions(rank),
    tfjs: rank === 1 ? undefined : tfjsTranspose(rank),
    ...GROUPS_IN_KERAS2,
    readers: { countForms: (row) => transposeCountForms(rank, row) },
    // Useful MACs: each input element meets the whole kernel once (window × filters); the zeros
    // a transposed convolution inserts between the inputs are not counted.
    macs: (layer, { inputs }) => {
      const kernel = layer.weights()[0]; // (window…, filters, input channels)
      return perExample(inputs[0]) / kernel.shape.at(-1)! * kernel.size;
    },
  });
}

/**
 * What the transposed convolutions share: Keras builds their kernel as (window…, filters,
 * input channels), the last two axes the other way round from a convolution's.
 */
export abstract class ConvTranspose extends BaseConv {
  /** The number of output channels. */
  readonly filters: number;
  /** The extra output size per spatial axis, or `null` for Keras's default. */
  readonly outputPadding: readonly number[] | null;

  /**
   * Checks the configuration.
   *
   * @param args The layer's configuration.
   * @param kind The layer's kind.
   * @param rank The number of spatial axes.
   */
  protected constructor(args: ConvTransposeArgs, kind: LayerKind, rank: number) {
    super(args, kind, rank);
    const c = this.options(kind.options as TransposeOptions);
    this.filters = c.filters;
    this.outputPadding = c.outputPadding;
    const padding = this.outputPadding;
    if (padding !== null && padding.some((p, i) => p >= this.strides[i])) {
      throw new RangeError(
        `Invalid outputPadding for ${kind.className}: each value must be less than the stride ` +
          `on its axis, received outputPadding ${formatShape(padding)} and strides ${
            formatShape(this.strides)
          }`,
      );
    }
    refuseStridedDilation(this.className, this); // not the depthwise and separable ones
  }

  /** The weight tensors the layer creates for an input shape. */
  protected buildWeights(inputShape: Shape): WeightSpec[] {
    const channels = this.channelsOf(inputShape);
    return [
      {
        name: "kernel",
        shape: [...this.kernelSize, this.filters, channels],
        trainable: true,
        axes: [
          ...this.windowAxes(),
          { symbol: "f", meaning: "filters" },
          { symbol: "c", meaning: "input channels" },
        ],
      },
      ...this.biasWeights(this.filters, { symbol: "f", meaning: "filters" }),
    ];
  }

  /** The output shape for an input shape. */
  protected computeOutputShape(inputShape: Shape): Shape {
    const { spatial } = splitChannels(inputShape, this.dataFormat);
    const out = spatial.map((length, i) =>
      transposedOutputLength(
        this.name,
        inputShape,
        length,
        (this.kernelSize[i] - 1) * this.dilationRate[i] + 1,
        this.strides[i],
        this.padding,
        this.outputPadding?.[i] ?? null,
      )
    );
    return joinChannels(inputShape[0], out, this.filters, this.dataFormat);
  }
}

/** The constructor of the transposed convolutions: `filters` first, or the whole configuration. */
export type ConvTransposeConstructor = RankedConstructor<
  ConvTransposeArgs,
  "filters",
  ConvTranspose
>;

/**
 * A 1D transposed convolution over (batch, steps, channels): kernel (k, filters, channels).
 *
 * @example
 * ```ts
 * import { Conv1DTranspose } from "../../mod.ts";
 * import assert from "assert";
 *
 * // keras.layers.Conv1DTranspose(8, 3, strides=2) on (10, 4): (None, 21, 8), 3·8·4 + 8 = 104
 * const up = new Conv1DTranspose(8, { kernelSize: 3, strides: 2, inputShape: [10, 4] });
 * assert.equal(up.paramCount(), 104);
 * assert.deepEqual(up.outputShape(), [null, 21, 8]);
 * ```
 */
export const Conv1DTranspose: ConvTransposeConstructor = rankedClass(
  ConvTranspose,
  1,
  transposeKind,
);
/** A layer that {@linkcode Conv1DTranspose} creates. */
export type Conv1DTranspose = ConvTranspose;

/**
 * A 2D transposed convolution over (batch, rows, cols, channels): kernel (kh, kw, filters,
 * channels). It grows an image: with strides 2 and `"same"` padding, 7×7 becomes 14×14.
 *
 * @example
 * ```ts
 * import { Conv2DTranspose } from "../../mod.ts";
 * import assert from "assert";
 *
 * // keras.layers.Conv2DTranspose(4, 3, strides=2) on (5, 5, 3): (None, 11, 11, 4), 112
 * const up = new Conv2DTranspose(4, { kernelSize: 3, strides: 2, inputShape: [5, 5, 3] });
 * assert.equal(up.paramCount(), 3 * 3 * 4 * 3 + 4);
 * assert.deepEqual(up.outputShape(), [null, 11, 11, 4]);
 * ```
 */
export const Conv2DTranspose: ConvTransposeConstructor = rankedClass(
  ConvTranspose,
  2,
  transposeKind,
);
/** A layer that {@linkcode Conv2DTranspose} creates. */
export type Conv2DTranspose = ConvTranspose;

/**
 * A 3D transposed convolution over (batch, depth, rows, cols, channels): kernel (kd, kh, kw,
 * filters, channels).
 *
 * @example
 * ```ts
 * import { Conv3DTranspose } from "../../mod.ts";
 * import assert from "assert";
 *
 * const up = new Conv3DTranspose(2, { kernelSize: 2, strides: 2, inputShape: [4, 4, 4, 3] });
 * assert.equal(up.paramCount(), 2 * 2 * 2 * 2 * 3 + 2);
 * assert.deepEqual(up.outputShape(), [null, 8, 8, 8, 2]);
 * ```
 */
export const Conv3DTranspose: ConvTransposeConstructor = rankedClass(
  ConvTranspose,
  3,
  transposeKind,
);
/** A layer that {@linkcode Conv3DTranspose} creates. */
export type Conv3DTranspose = ConvTranspose;

/**
 * The kinds this file declares, in the order the library lists them; the registry reads them
 * here, so adding a kind to this file is all it takes to register it.
 *
 * @example
 * ```ts
 * import { CONV_TRANSPOSE_KINDS } from "./conv_transpose.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(CONV_TRANSPOSE_KINDS.map((kind) => kind.className), ["Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose"]);
 * ```
 */
export const CONV_TRANSPOSE_KINDS: readonly LayerKind[] = [
  Conv1DTranspose.kind,
  Conv2DTranspose.kind,
  Conv3DTranspose.kind,
];
