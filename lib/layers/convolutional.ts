/**
 * Convolutions: Conv1D/2D/3D, and `BaseConv`, which the transposed (`conv_transpose.ts`), depthwise
 * and separable (`depthwise_conv.ts`) ones extend. A kernel is shared over every position, so the
 * count depends on the kernel size and channels, never on the length or image size.
 *
 * @module
 */

import { IncompatibleShapeError } from "../errors.ts";
import { convReading } from "./_conv_reading.ts";
import { convCountForms } from "./_conv_counts.ts";
import { formatShape, type Shape } from "../shape.ts";
import type {
  AxisMeaning,
  InputSpec,
  KernelExtrasArgs,
  LayerArgs,
  LoraArgs,
  LoraSettings,
  WeightSpec,
} from "./args.ts";
import { LoraSwitch, loraWhy } from "./lora.ts";
import { Layer } from "./base.ts";
import type { RankedConstructor } from "./ranked.ts";
import type { LayerKind } from "./kind.ts";
import { pytorchTensor } from "./pytorch.ts";
import { rankedClass } from "./ranked.ts";
import { perExample } from "./macs.ts";
import { thousands } from "../numbers.ts";
import {
  type DataFormat,
  joinChannels,
  type Padding,
  refuseStridedDilation,
  slidingOutputSizes,
  splitChannels,
} from "./window.ts";
import {
  convKind,
  type ConvOptions,
  tfjsTuple,
  tfjsWindowArgs,
  type WindowOptions,
} from "./_conv_options.ts";

/** What every convolution takes: a window, how it moves, and what it adds. */
export interface WindowArgs extends LayerArgs {
  /** The window size: one integer, or one per spatial axis. */
  readonly kernelSize: number | readonly number[];
  /**
   * The step between windows.
   * @default {1}
   */
  readonly strides?: number | readonly number[];
  /**
   * Border handling (`"causal"` for Conv1D only).
   * @default {"valid"}
   */
  readonly padding?: Padding;
  /**
   * Spacing between kernel elements.
   * @default {1}
   */
  readonly dilationRate?: number | readonly number[];
  /**
   * Whether to add a bias per output channel.
   * @default {true}
   */
  readonly useBias?: boolean;
  /**
   * Where the channels axis is.
   * @default {"channels_last"}
   */
  readonly dataFormat?: DataFormat;
  /** The activation's name; it has no parameters. */
  readonly activation?: string | null;
  /** Initializers, regularizers and constraints: accepted, no parameters. */
  readonly biasInitializer?: unknown;
  /** See `biasInitializer`. */
  readonly biasRegularizer?: unknown;
  /** See `biasInitializer`. */
  readonly activityRegularizer?: unknown;
  /** See `biasInitializer`. */
  readonly biasConstraint?: unknown;
}

/** Arguments of the convolutions. */
export interface ConvArgs extends WindowArgs, KernelExtrasArgs, LoraArgs {
  /** The number of output channels. */
  readonly filters: number;
  /**
   * Split the channels into this many groups, each with its own filters: the kernel sees
   * `channels / groups` channels.
   * @default {1}
   */
  readonly groups?: number;
}

/**
 * What the explanation, the inverse inference and the PyTorch comparison read of a plain
 * convolution (kernel (window…, channels / groups, filters)). Given to Conv1D/2D/3D only, so a
 * kind declared with `convKind` whose kernel is laid out otherwise (a transposed convolution)
 * is never described as a plain one.
 */
function convReaders(
  rank: number,
): Pick<LayerKind, "why" | "describe" | "inputSize" | "pytorch" | "read" | "countForms"> {
  return {
    read: convReading(rank),
    // A count cut short: every window, grouping and bias the row's shapes allow.
    countForms: (row, bound) =>
      convCountForms(rank, row, row.printer === "keras3" ? bound : undefined),
    why: (layer, _formula) => {
      const conv = layer as Conv;
      const kernel = layer.weights()[0].shape;
      const window = kernel.slice(0, -2).join(" × ");
      const c = kernel.at(-2);
      const f = conv.filters;
      const channels = conv.groups === 1
        ? `all c = ${c} input channels`
        : `the c/g = ${c} input channels of its group (groups: ${conv.groups})`;
      return [
        `Each of the f = ${f} filters has a ${window} window over ${channels}${
          conv.useBias ? ", plus a bias" : ""
        }. The same window slides over every position, so the count does not depend on the ` +
        `input's length or size.`,
        ...loraWhy(layer.weights(), conv.lora),
      ];
    },
    // No stride in the words: a list of layers groups those of one formula, strided or not.
    describe: (layer) => {
      const conv = layer as Conv;
      const kernel = layer.weights()[0].shape;
      const channels = kernel.at(-2)!;
      const from = conv.groups === 1
        ? `${thousands(channels)} channels`
        : `${thousands(channels)} channels in each of ${conv.groups} groups`;
      return `a ${kernel.slice(0, -2).join("×")} convolution from ${from} to ` +
        `${thousands(conv.filters)}${conv.useBias ? " with bias" : ", no bias"}`;
    },
    inputSize: {
      unit: "input channel",
      input: (config, n) => {
        if (config.groups !== undefined && config.groups !== 1) return undefined;
        const spatial = new Array<null>(rank).fill(null);
        return {
          shape: config.dataFormat === "channels_first"
            ? [null, n, ...spatial]
            : [null, ...spatial, n],
        };
      },
    },
    pytorch: (layer) => {
      const conv = layer as Conv;
      if (conv.lora) {
        return {
          none: `torch.nn.Conv${rank}d has no LoRA factors; they come from a library such as ` +
            "peft, not from torch itself, so no torch module is compared.",
        };
      }
      const kernel = layer.weights()[0].shape;
      const window = kernel.slice(0, -2);
      const perGroup = kernel.at(-2)!;
      const f = conv.filters;
      const c = perGroup * conv.groups;
      const k = window.length === 1 ? String(window[0]) : `(${window.join(", ")})`;
      const args = [
        String(c),
        String(f),
        k,
        ...(conv.groups === 1 ? [] : [`groups=${conv.groups}`]),
        ...(conv.useBias ? [] : ["bias=False"]),
      ];
      return {
        module: `torch.nn.Conv${rank}d(${args.join(", ")})`,
        weights: [
          pytorchTensor("weight", [f, perGroup, ...window]),
          ...(conv.useBias ? [pytorchTensor("bias", [f])] : []),
        ],
        why: () => [
          `The same count: PyTorch orders the kernel (out channels, in channels, window) ` +
          `where Keras has (window, in channels, out channels), and expects channels first.`,
        ],
      };
    },
  };
}

function tfjsConv(rank: number): LayerKind["tfjs"] {
  return {
    factory: `conv${rank}d`,
    args: (layer) => {
      const c = layer.config;
      return {
        filters: c.filters,
        ...tfjsWindowArgs(c, rank),
        dilationRate: tfjsTuple(c.dilationRate, rank),
        kernelInitializer: "glorotUniform",
      };
    },
    refuse: (layer) => {
      const lora = (layer as Conv).lora;
      if (lora) {
        return `Layer "${layer.name}" (${layer.className}) has LoRA (rank ${lora.rank}), which ` +
          `TensorFlow.js's convolutions have no equivalent of`;
      }
      return layer.config.groups !== 1
        ? `Layer "${layer.name}" uses groups: ${layer.config.groups}, which TensorFlow.js's ` +
          `convolutions do not have`
        : undefined;
    },
  };
}

// The formula's symbols for the window: k; kh × kw; kd × kh × kw.
const WINDOW_SYMBOLS: Record<number, readonly string[]> = {
  1: ["k"],
  2: ["kh", "kw"],
  3: ["kd", "kh", "kw"],
};

/** The window's axes of the usual ranks, declared once: every kernel of a rank has them. */
const WINDOW_AXES: Record<number, readonly AxisMeaning[]> = Object.fromEntries(
  Object.entries(WINDOW_SYMBOLS).map(([rank, symbols]) => [rank, windowAxesOf(symbols)]),
);

function windowAxesOf(symbols: readonly string[]): AxisMeaning[] {
  return symbols.map((symbol, i) => ({
    symbol,
    meaning: symbols.length === 1 ? "kernel size" : `kernel size on axis ${i + 1}`,
  }));
}

const INPUT_CHANNELS_AXIS: AxisMeaning = { symbol: "c", meaning: "input channels" };
const GROUP_CHANNELS_AXIS: AxisMeaning = { symbol: "c/g", meaning: "input channels per group" };
const FILTERS_AXIS: AxisMeaning = { symbol: "f", meaning: "filters" };

// A kernel's axes for each list of window axes, with and without groups: the same list for
// every kernel of a rank (nothing writes to a weight's axes), not one per layer.
const KERNEL_AXES = new WeakMap<readonly AxisMeaning[], readonly AxisMeaning[][]>();

/** A plain convolution's kernel axes: the window's, the input channels (or per group), filters. */
function kernelAxes(window: readonly AxisMeaning[], ungrouped: boolean): readonly AxisMeaning[] {
  let both = KERNEL_AXES.get(window);
  if (both === undefined) {
    both = [
      [...window, GROUP_CHANNELS_AXIS, FILTERS_AXIS],
      [...window, INPUT_CHANNELS_AXIS, FILTERS_AXIS],
    ];
    KERNEL_AXES.set(window, both);
  }
  return both[ungrouped ? 1 : 0];
}

/**
 * What every convolution shares: a window slid over the spatial axes with a stride and a
 * dilation, a padding mode, a channels axis on either side, and an optional bias.
 */
export abstract class BaseConv extends Layer {
  /** The window size per spatial axis. */
  readonly kernelSize: readonly number[];
  /** The stride per spatial axis. */
  readonly strides: readonly number[];
  /** The dilation per spatial axis. */
  readonly dilationRate: readonly number[];
  /** Border handling. */
  readonly padding: Padding;
  /** Whether a bias is added. */
  readonly useBias: boolean;
  /** Where the channels axis is. */
  readonly dataFormat: DataFormat;
  /** The number of spatial axes. */
  readonly rank: number;

  /**
   * Reads the window options every convolution has.
   *
   * @param args The layer's configuration.
   * @param kind The layer's kind.
   * @param rank The number of spatial axes.
   */
  protected constructor(args: WindowArgs, kind: LayerKind, rank: number) {
    super(args, kind);
    const c = this.options(kind.options as WindowOptions);
    this.rank = rank;
    this.kernelSize = c.kernelSize;
    this.strides = c.strides;
    this.dilationRate = c.dilationRate;
    this.padding = c.padding as Padding;
    this.useBias = c.useBias;
    this.dataFormat = c.dataFormat;
  }

  /** What input the layer accepts. */
  protected get inputSpec(): InputSpec {
    return {
      ndim: this.rank + 2,
      definedAxes: [this.dataFormat === "channels_first" ? 1 : -1],
    };
  }

  /** The window's axes, as the kernel declares them: `k`; `kh`, `kw`; `kd`, `kh`, `kw`. */
  protected windowAxes(): readonly AxisMeaning[] {
    return WINDOW_AXES[this.rank] ?? windowAxesOf(this.kernelSize.map((_, i) => `k${i + 1}`));
  }

  /** The input's channel count (known: `inputSpec` requires it). */
  protected channelsOf(inputShape: Shape): number {
    return splitChannels(inputShape, this.dataFormat).channels!;
  }

  /** A bias of `size` values, one per output channel, when the layer has one. */
  protected biasWeights(size: number, axis: AxisMeaning, role?: string): WeightSpec[] {
    if (!this.useBias) return [];
    return role
      ? [{ name: "bias", shape: [size], trainable: true, axes: [axis], role }]
      : [{ name: "bias", shape: [size], trainable: true, axes: [axis] }];
  }

  /**
   * The output shape of a window sliding over the input, as Keras's
   * `compute_conv_output_shape`.
   *
   * @param inputShape The input shape.
   * @param channels The output channels.
   * @returns The output shape.
   */
  protected slidingShape(inputShape: Shape, channels: number): Shape {
    const { spatial } = splitChannels(inputShape, this.dataFormat);
    const out = slidingOutputSizes(this.name, inputShape, spatial, this);
    return joinChannels(inputShape[0], out, channels, this.dataFormat);
  }
}

/** What the convolutions share: a kernel per window position, shared over positions. */
export abstract class Conv extends BaseConv {
  /** The number of output channels. */
  readonly filters: number;
  /** How many channel groups the kernel is split into. */
  readonly groups: number;
  readonly #lora: LoraSwitch;

  /**
   * Checks the convolution's configuration.
   *
   * @param args The layer's configuration.
   * @param kind The layer's kind.
   * @param rank The number of spatial axes.
   */
  protected constructor(args: ConvArgs, kind: LayerKind, rank: number) {
    super(args, kind, rank);
    const owner = kind.className;
    const c = this.options(kind.options as ConvOptions);
    this.filters = c.filters;
    this.groups = c.groups;
    this.#lora = new LoraSwitch(this, "kernel", c);
    refuseStridedDilation(this.className, this); // not the depthwise and separable ones
    if (this.filters % this.groups !== 0) {
      throw new RangeError(
        `Invalid groups for ${owner}: filters must be divisible by groups, received filters ` +
          `${this.filters} and groups ${this.groups}`,
      );
    }
  }

  /** Keras 3's LoRA on this layer (`loraRank`, `loraAlpha`), or `undefined` when it is off. */
  get lora(): LoraSettings | undefined {
    return this.#lora.settings;
  }

  /**
   * Keras 3's `enable_lora(rank)` (Keras 3.15's `Conv1D`, `Conv2D` and `Conv3D`): freezes the
   * kernel and adds two trainable factors, `lora_kernel_a` (the kernel's window and input
   * channels × rank) and `lora_kernel_b` (rank × filters); the bias stays trainable.
   *
   * @param rank The rank r, a positive integer.
   * @param loraAlpha The update's scale numerator (Keras's `lora_alpha`); the rank by default.
   * @throws {RangeError} For a rank that is not a positive integer, a layer without an input
   * shape yet (Keras enables LoRA on built layers only), or LoRA enabled twice.
   * @throws {TypeError} For a rank that is no number, or a layer with a `kernelConstraint`.
   *
   * @example A 3×3 convolution of 3 channels to 64 trains 3·3·3·4 + 4·64 + 64 with rank 4
   * ```ts
   * import { Conv2D } from "../../mod.ts";
   * import assert from "assert";
   *
   * const conv = new Conv2D({ filters: 64, kernelSize: 3, inputShape: [32, 32, 3] });
   * conv.enableLora(4);
   * assert.deepEqual(conv.weights().map((w) => [w.name, w.shape, w.trainable]), [
   *   ["kernel", [3, 3, 3, 64], false],
   *   ["bias", [64], true],
   *   ["lora_kernel_a", [3, 3, 3, 4], true],
   *   ["lora_kernel_b", [4, 64], true],
   * ]);
   * assert.equal(conv.trainableParamCount(), 3 * 3 * 3 * 4 + 4 * 64 + 64);
   * ```
   */
  enableLora(rank: number, loraAlpha?: number): void {
    this.#lora.enable(rank, loraAlpha);
    if (this.built) this.rebuild();
  }

  /** The input channels, checked against `groups`. */
  protected inputChannels(inputShape: Shape): number {
    const channels = this.channelsOf(inputShape);
    if (channels % this.groups !== 0) {
      throw new IncompatibleShapeError(
        this.name,
        inputShape,
        `The number of input channels must be evenly divisible by the number of groups. ` +
          `Received groups=${this.groups}, but the input has ${channels} channels (full input ` +
          `shape is ${formatShape(inputShape)})`,
      );
    }
    return channels;
  }

  /** The weight tensors the layer creates for an input shape. */
  protected buildWeights(inputShape: Shape): WeightSpec[] {
    const channels = this.inputChannels(inputShape);
    const perGroup = channels / this.groups;
    return this.#lora.weights([
      {
        name: "kernel",
        shape: [...this.kernelSize, perGroup, this.filters],
        trainable: true,
        axes: kernelAxes(this.windowAxes(), this.groups === 1),
        role: `a ${this.kernelSize.join(" × ")} window × ${perGroup} input channels${
          this.groups === 1 ? "" : " of a group"
        }, for each of ${this.filters} filters`,
      },
      ...this.biasWeights(this.filters, FILTERS_AXIS, "one per filter"),
    ]);
  }
  /** The output shape for an input shape. */
  protected computeOutputShape(inputShape: Shape): Shape {
    return this.slidingShape(inputShape, this.filters);
  }
}

/** The constructor of Conv1D, Conv2D and Conv3D: `filters` first, or the whole configuration. */
export type ConvConstructor = RankedConstructor<ConvArgs, "filters", Conv>;

/** Declares Keras's plain convolution of a rank: `Conv1D`, `Conv2D`, `Conv3D`. */
function plainConvKind(
  rank: number,
  create: (config: Record<string, unknown>) => Layer,
): LayerKind {
  return convKind(`Conv${rank}D`, rank, create, {
    aliases: [`Convolution${rank}D`],
    tfjs: tfjsConv(rank),
    readers: convReaders(rank),
    samples: CONV_SAMPLES[rank],
    // Each output position applies the whole kernel (window × channels / groups × filters).
    // With LoRA, Keras merges the kernel at every call, kernel + (alpha / r)·(A·B): A·B is the
    // kernel's size × rank more, once per call whatever the positions.
    macs: (layer, { outputs }) => {
      const kernel = layer.weights()[0];
      const lora = (layer as Conv).lora;
      return perExample(outputs[0]) / kernel.shape.at(-1)! * kernel.size +
        (lora ? kernel.size * lora.rank : 0);
    },
  });
}

/** Convolutions worth checking against PyTorch, by rank. */
const CONV_SAMPLES: Readonly<Record<number, LayerKind["samples"]>> = {
  1: [
    { filters: 8, kernelSize: 3, inputShape: [10, 4] },
    { filters: 8, kernelSize: 3, groups: 2, inputShape: [10, 4] },
  ],
  2: [
    { filters: 32, kernelSize: 3, inputShape: [28, 28, 1] },
    { filters: 32, kernelSize: [3, 5], useBias: false, inputShape: [28, 28, 3] },
  ],
  3: [{ filters: 8, kernelSize: 3, inputShape: [10, 10, 10, 2] }],
};

/**
 * A 1D convolution over (batch, steps, channels): kernel (kernelSize, channels, filters).
 *
 * @example
 * ```ts
 * import { Conv1D } from "../../mod.ts";
 * import assert from "assert";
 *
 * const conv = new Conv1D({ filters: 8, kernelSize: 3, inputShape: [10, 4] });
 * assert.equal(conv.paramCount(), 3 * 4 * 8 + 8);
 * assert.deepEqual(conv.outputShape(), [null, 8, 8]);
 * ```
 */
export const Conv1D: ConvConstructor = rankedClass(Conv, 1, plainConvKind);
/** A layer that {@linkcode Conv1D} creates. */
export type Conv1D = Conv;

/**
 * A 2D convolution over (batch, rows, cols, channels): kernel (kh, kw, channels, filters).
 *
 * @example
 * ```ts
 * import { Conv2D } from "../../mod.ts";
 * import assert from "assert";
 *
 * const conv = new Conv2D({ filters: 32, kernelSize: 3, padding: "same", inputShape: [28, 28, 1] });
 * assert.equal(conv.paramCount(), 3 * 3 * 1 * 32 + 32);
 * assert.deepEqual(conv.outputShape(), [null, 28, 28, 32]);
 * assert.equal(new Conv2D(32, { kernelSize: 3, inputShape: [28, 28, 1] }).paramCount(), 320);
 * ```
 */
export const Conv2D: ConvConstructor = rankedClass(Conv, 2, plainConvKind);
/** A layer that {@linkcode Conv2D} creates. */
export type Conv2D = Conv;

/**
 * A 3D convolution over (batch, depth, rows, cols, channels): kernel (kd, kh, kw, channels,
 * filters).
 *
 * @example
 * ```ts
 * import { Conv3D } from "../../mod.ts";
 * import assert from "assert";
 *
 * const conv = new Conv3D(8, { kernelSize: 3, inputShape: [10, 10, 10, 2] });
 * assert.equal(conv.paramCount(), 27 * 2 * 8 + 8);
 * assert.deepEqual(conv.outputShape(), [null, 8, 8, 8, 8]);
 * ```
 */
export const Conv3D: ConvConstructor = rankedClass(Conv, 3, plainConvKind);
/** A layer that {@linkcode Conv3D} creates. */
export type Conv3D = Conv;

// ---------------------------------------------------------------------------------------------
// Transposed convolutions

/**
 * The kinds this file declares, in the order the library lists them; the registry reads them
 * here, so adding a kind to this file is all it takes to register it.
 *
 * @example
 * ```ts
 * import { CONVOLUTION_KINDS } from "./convolutional.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(CONVOLUTION_KINDS.map((kind) => kind.className), ["Conv1D", "Conv2D", "Conv3D"]);
 * ```
 */
export const CONVOLUTION_KINDS: readonly LayerKind[] = [
  Conv1D.kind,
  Conv2D.kind,
  Conv3D.kind,
];
