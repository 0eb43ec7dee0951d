/**
 * Convolutions: Conv1D/2D/3D, their transposed forms, and the depthwise and separable ones. A
 * kernel is shared over every position, so the count depends on the kernel size and channels,
 * never on the length or image size.
 *
 * @module
 */

import { describeValue, IncompatibleShapeError } from "../errors.ts";
import { formatShape, type Shape } from "../shape.ts";
import {
  type AxisMeaning,
  type InputSpec,
  type KernelExtrasArgs,
  Layer,
  type LayerArgs,
  type RankedConstructor,
  type WeightSpec,
} from "./base.ts";
import { defineKind, type LayerKind, type RowCandidate, type RowReading } from "./kind.ts";
import { choices, lastSize } from "./_reading.ts";
import { inert, KERNEL_EXTRAS, opt, type Option, type OptionTable } from "./options.ts";
import { pytorchTensor } from "./_pytorch.ts";
import { rankedClass } from "./_ranked.ts";
import { tfjsDataFormat } from "./_bridge_args.ts";

/**
 * How a window treats the borders: `"valid"` drops incomplete windows, `"same"` pads, and
 * `"causal"` (Conv1D only) pads the start so no output sees the future.
 */
export type Padding = "valid" | "same" | "causal";

/** Where the channels axis is: last (Keras's default) or right after the batch. */
export type DataFormat = "channels_last" | "channels_first";

/** The `dataFormat` option every spatial layer shares. */
export const DATA_FORMAT: Option<DataFormat> = opt.oneOf(
  ["channels_last", "channels_first"] as const,
  "channels_last",
);

/**
 * The spatial sizes and the channel count of an input, whichever side its channels are on.
 *
 * @param inputShape The input shape, batch first.
 * @param dataFormat Where the channels are.
 * @returns The spatial sizes and the channels.
 *
 * @example
 * ```ts
 * import { splitChannels } from "./convolutional.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(splitChannels([null, 28, 28, 3], "channels_last"), {
 *   spatial: [28, 28],
 *   channels: 3,
 * });
 * assert.deepEqual(splitChannels([null, 3, 28, 28], "channels_first"), {
 *   spatial: [28, 28],
 *   channels: 3,
 * });
 * ```
 */
export function splitChannels(
  inputShape: Shape,
  dataFormat: DataFormat,
): { spatial: Shape; channels: number | null } {
  return dataFormat === "channels_first"
    ? { spatial: inputShape.slice(2), channels: inputShape[1] }
    : { spatial: inputShape.slice(1, -1), channels: inputShape.at(-1)! };
}

/**
 * Puts spatial sizes and a channel count back together in the data format's order.
 *
 * @param batch The batch size.
 * @param spatial The spatial sizes.
 * @param channels The channel count.
 * @param dataFormat Where the channels go.
 * @returns The shape.
 *
 * @example
 * ```ts
 * import { joinChannels } from "./convolutional.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(joinChannels(null, [14, 14], 8, "channels_first"), [null, 8, 14, 14]);
 * ```
 */
export function joinChannels(
  batch: number | null,
  spatial: Shape,
  channels: number | null,
  dataFormat: DataFormat,
): Shape {
  return dataFormat === "channels_first"
    ? [batch, channels, ...spatial]
    : [batch, ...spatial, channels];
}

/**
 * The output size of one spatial axis under a sliding window, as Keras computes it.
 *
 * @param layer The layer, for the error message.
 * @param inputShape The full input shape, for the error message.
 * @param length The input size on that axis, or `null`.
 * @param window The window size on that axis (after dilation).
 * @param stride The stride on that axis.
 * @param padding The padding mode.
 * @returns The output size, or `null` when the input size is not known.
 * @throws {IncompatibleShapeError} When a `"valid"` window is larger than the input.
 *
 * @example
 * ```ts
 * import { slidingOutputLength } from "./convolutional.ts";
 * import assert from "assert";
 *
 * assert.equal(slidingOutputLength("conv1d", [null, 10, 3], 10, 3, 1, "valid"), 8);
 * assert.equal(slidingOutputLength("conv1d", [null, 10, 3], 10, 3, 2, "same"), 5);
 * ```
 */
export function slidingOutputLength(
  layer: string,
  inputShape: Shape,
  length: number | null,
  window: number,
  stride: number,
  padding: Padding,
): number | null {
  if (length === null) return null;
  if (padding === "same" || padding === "causal") return Math.ceil(length / stride);
  if (length < window) {
    throw new IncompatibleShapeError(
      layer,
      inputShape,
      `Layer "${layer}": computed output size would be negative: a window of size ${window} ` +
        `does not fit in an input of size ${length} with padding "valid". ` +
        `Full shape received: ${formatShape(inputShape)}`,
    );
  }
  return Math.floor((length - window) / stride) + 1;
}

/** A window's geometry: its size, step and dilation per spatial axis, and its border handling. */
export interface SlidingWindow {
  /** The window size per spatial axis. */
  readonly kernelSize: readonly number[];
  /** The stride per spatial axis. */
  readonly strides: readonly number[];
  /** The dilation per spatial axis. */
  readonly dilationRate: readonly number[];
  /** Border handling. */
  readonly padding: Padding;
}

/**
 * The output sizes of a window sliding over the spatial axes, as Keras's
 * `compute_conv_output_shape`: each axis by {@linkcode slidingOutputLength}, the window dilated.
 *
 * @param layer The layer, for the error message.
 * @param inputShape The full input shape, for the error message.
 * @param spatial The input's spatial sizes.
 * @param window The window.
 * @returns The output's spatial sizes.
 * @throws {IncompatibleShapeError} When a `"valid"` window is larger than the input.
 *
 * @example A 3×3 window dilated by 2 spans 5×5
 * ```ts
 * import { type SlidingWindow, slidingOutputSizes } from "./convolutional.ts";
 * import assert from "assert";
 *
 * const window: SlidingWindow = {
 *   kernelSize: [3, 3],
 *   strides: [1, 1],
 *   dilationRate: [2, 2],
 *   padding: "valid",
 * };
 * assert.deepEqual(slidingOutputSizes("conv2d", [null, 9, 9, 3], [9, 9], window), [5, 5]);
 * ```
 */
export function slidingOutputSizes(
  layer: string,
  inputShape: Shape,
  spatial: Shape,
  window: SlidingWindow,
): Shape {
  return spatial.map((length, i) =>
    slidingOutputLength(
      layer,
      inputShape,
      length,
      (window.kernelSize[i] - 1) * window.dilationRate[i] + 1,
      window.strides[i],
      window.padding,
    )
  );
}

/**
 * Refuses strides > 1 with dilation > 1, as Keras's convolutions, transposed convolutions and
 * convolutional LSTMs do.
 *
 * @param className The layer's class, for the message.
 * @param window The window.
 * @throws {RangeError} When a stride and a dilation are both above 1.
 *
 * @example
 * ```ts
 * import { refuseStridedDilation } from "./convolutional.ts";
 * import assert from "assert";
 *
 * const window = { kernelSize: [3], strides: [2], dilationRate: [2], padding: "valid" } as const;
 * assert.throws(() => refuseStridedDilation("Conv1D", window), RangeError);
 * ```
 */
export function refuseStridedDilation(className: string, window: SlidingWindow): void {
  if (window.strides.some((s) => s > 1) && window.dilationRate.some((d) => d > 1)) {
    throw new RangeError(
      `Invalid strides for ${className}: strides > 1 cannot be combined with dilationRate > 1, ` +
        `received strides ${formatShape(window.strides)} and dilationRate ${
          formatShape(window.dilationRate)
        }`,
    );
  }
}

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
export interface ConvArgs extends WindowArgs, KernelExtrasArgs {
  /** The number of output channels. */
  readonly filters: number;
  /**
   * Split the channels into this many groups, each with its own filters: the kernel sees
   * `channels / groups` channels.
   * @default {1}
   */
  readonly groups?: number;
}

/** The options every convolution has, in Keras's order around its own. */
function windowOptions(rank: number, paddings: readonly Padding[] = ["valid", "same"]) {
  return {
    kernelSize: opt.tuple(rank),
    strides: opt.tuple(rank, 1),
    padding: opt.oneOf(paddings, "valid"),
    dilationRate: opt.tuple(rank, 1),
    useBias: opt.bool(true),
    dataFormat: DATA_FORMAT,
    activation: opt.activation(),
  };
}

function convOptions(rank: number) {
  const { kernelSize, strides, padding, dilationRate, ...rest } = windowOptions(
    rank,
    rank === 1 ? ["valid", "same", "causal"] : ["valid", "same"],
  );
  return {
    filters: opt.int(),
    kernelSize,
    strides,
    padding,
    dilationRate,
    groups: opt.int(1),
    ...rest,
    ...KERNEL_EXTRAS,
  };
}

type WindowOptions = ReturnType<typeof windowOptions>;
type ConvOptions = ReturnType<typeof convOptions>;

/**
 * What the explanation, the inverse inference and the PyTorch comparison read of a plain
 * convolution (kernel (window…, channels / groups, filters)). Given to Conv1D/2D/3D only, so a
 * kind declared with `convKind` whose kernel is laid out otherwise (a transposed convolution)
 * is never described as a plain one.
 */
function convReaders(rank: number): Pick<LayerKind, "why" | "inputSize" | "pytorch" | "read"> {
  return {
    read: convReading(rank),
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
      ];
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

/** Square kernel sides tried when a first convolution's row does not tell its kernel. */
const KERNEL_GUESSES = [3, 5, 7, 1, 2, 4, 6, 9, 11] as const;

/**
 * How a plain convolution's printed row is read: filters from the output, the kernel's window
 * from the count and the input's channels, strides and padding from the spatial sizes. A first
 * convolution's count is kernel positions × channels, one number for two: a square kernel is
 * assumed, and said.
 */
function convReading(rank: number): RowReading {
  return {
    candidates: (row) => {
      const out = row.out;
      const filters = lastSize(out);
      if (!out || filters === undefined || out.length !== rank + 2 || row.params === null) {
        return [];
      }
      const params = row.params;
      return choices<boolean>(row.declared.useBias, [true, false]).flatMap(
        (useBias): RowCandidate[] => {
          const weights = params - (useBias ? filters : 0);
          if (weights <= 0 || weights % filters !== 0) return [];
          const volume = weights / filters; // kernel positions × input channels
          const input = row.input;
          if (input) {
            const channels = lastSize(input);
            if (channels === undefined || volume % channels !== 0) return [];
            return kernelShapes(volume / channels, rank, input, out).flatMap((kernelSize) =>
              geometries(kernelSize, input, out).map((geometry) => ({
                config: { filters, kernelSize, useBias, ...geometry },
                input,
              }))
            );
          }
          return KERNEL_GUESSES.filter((k) => volume % k ** rank === 0).map((k) => {
            const channels = volume / k ** rank;
            const kernelSize = new Array<number>(rank).fill(k);
            const spatial = out.slice(1, -1).map((d) => (d === null ? null : d + k - 1));
            return {
              config: { filters, kernelSize, useBias },
              input: [out[0], ...spatial, channels],
              assumption: `The first convolution's kernel size and input channels share one ` +
                `count (${volume} = kernel positions × channels); a ${kernelSize.join("×")} ` +
                `kernel on ${channels} channels with padding "valid" and stride 1 is assumed.`,
            };
          });
        },
      );
    },
    lastSizes: (input, params) => {
      const channels = lastSize(input);
      if (channels === undefined || params === null) return [];
      const sizes = new Set<number>();
      for (let k = 1; k <= 11; k++) {
        for (const bias of [1, 0]) {
          const per = k ** rank * channels + bias;
          if (params % per === 0) sizes.add(params / per);
        }
      }
      return [...sizes];
    },
  };
}

/** Kernel shapes with `area` positions: from the spatial sizes when they tell, else square. */
function kernelShapes(area: number, rank: number, input: Shape, out: Shape): number[][] {
  const shapes: number[][] = [];
  const fromSpatial = input.slice(1, -1).map((d, i) => {
    const o = out[i + 1];
    return d !== null && o !== null ? d - o + 1 : null;
  });
  if (fromSpatial.every((k) => k !== null && k >= 1)) {
    const ks = fromSpatial as number[];
    if (ks.reduce((a, b) => a * b, 1) === area) shapes.push(ks);
  }
  const side = Math.round(area ** (1 / rank));
  if (side ** rank === area && !shapes.some((s) => s.every((k) => k === side))) {
    shapes.push(new Array(rank).fill(side));
  }
  if (rank === 1 && shapes.length === 0) shapes.push([area]);
  return shapes;
}

/** The strides and padding that take the input's spatial sizes to the output's. */
function geometries(
  kernelSize: readonly number[],
  input: Shape,
  out: Shape,
): { strides: number[]; padding: Padding }[] {
  const spatial = input.slice(1, -1);
  const found: { strides: number[]; padding: Padding }[] = [];
  for (const padding of ["valid", "same"] as const) {
    const strides = spatial.map((length, i) => {
      const o = out[i + 1];
      if (length === null || o === null) return 1;
      for (let s = 1; s <= Math.min(length, 64); s++) {
        const size = padding === "same"
          ? Math.ceil(length / s)
          : Math.floor((length - kernelSize[i]) / s) + 1;
        if (size === o) return s;
      }
      return 0;
    });
    if (strides.every((s) => s > 0)) found.push({ strides, padding });
  }
  if (found.length === 0) found.push({ strides: spatial.map(() => 1), padding: "valid" });
  return found;
}

/**
 * Declares a convolution kind of a given rank.
 *
 * @param className The Keras class name.
 * @param rank The number of spatial axes.
 * @param create The constructor.
 * @param extra What differs: aliases, TF.js, options, summary, positional, JSON hooks.
 * @returns The declaration.
 */
function convKind(
  className: string,
  rank: number,
  create: (config: Record<string, unknown>) => Layer,
  extra: {
    aliases?: readonly string[];
    tfjs?: LayerKind["tfjs"];
    options?: OptionTable;
    summary?: string;
    positional?: string;
    jsonIgnored?: readonly string[];
    fromJson?: LayerKind["fromJson"];
    readers?: Pick<LayerKind, "why" | "inputSize" | "pytorch" | "read">;
  } = {},
): LayerKind {
  return defineKind({
    className,
    aliases: extra.aliases,
    family: "convolutional",
    summary: extra.summary ??
      `A ${rank}D convolution: one kernel (window × input channels × filters) shared ` +
        `over every position, and a bias per filter.`,
    options: extra.options ?? convOptions(rank),
    positional: extra.positional ?? "filters",
    create,
    tfjs: extra.tfjs,
    jsonIgnored: extra.jsonIgnored,
    fromJson: extra.fromJson,
    ...extra.readers,
  });
}

/** A per-axis option as TF.js takes it: its 1D layers take one number for Keras's 1-tuple. */
function tfjsTuple(tuple: unknown, rank: number): unknown {
  return rank === 1 ? (tuple as number[])[0] : tuple;
}

/** The TF.js arguments every convolution has: the window, how it moves, and what it adds. */
function tfjsWindowArgs(c: Record<string, unknown>, rank: number): Record<string, unknown> {
  return {
    kernelSize: tfjsTuple(c.kernelSize, rank),
    strides: tfjsTuple(c.strides, rank),
    padding: c.padding,
    useBias: c.useBias,
    dataFormat: tfjsDataFormat(c.dataFormat),
    activation: c.activation ?? "linear",
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
    refuse: (layer) =>
      layer.config.groups !== 1
        ? `Layer "${layer.name}" uses groups: ${layer.config.groups}, which TensorFlow.js's ` +
          `convolutions do not have`
        : undefined,
  };
}

// The formula's symbols for the window: k; kh × kw; kd × kh × kw.
const WINDOW_SYMBOLS: Record<number, readonly string[]> = {
  1: ["k"],
  2: ["kh", "kw"],
  3: ["kd", "kh", "kw"],
};

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
  protected windowAxes(): AxisMeaning[] {
    const symbols = WINDOW_SYMBOLS[this.rank] ?? this.kernelSize.map((_, i) => `k${i + 1}`);
    return this.kernelSize.map((_, i) => ({
      symbol: symbols[i],
      meaning: this.rank === 1 ? "kernel size" : `kernel size on axis ${i + 1}`,
    }));
  }

  /** The input's channel count (known: `inputSpec` requires it). */
  protected channelsOf(inputShape: Shape): number {
    return splitChannels(inputShape, this.dataFormat).channels!;
  }

  /** A bias of `size` values, one per output channel, when the layer has one. */
  protected biasWeights(size: number, axis: AxisMeaning, role?: string): WeightSpec[] {
    return this.useBias
      ? [{ name: "bias", shape: [size], trainable: true, axes: [axis], ...(role ? { role } : {}) }]
      : [];
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
    refuseStridedDilation(this.className, this); // not the depthwise and separable ones
    if (this.filters % this.groups !== 0) {
      throw new RangeError(
        `Invalid groups for ${owner}: filters must be divisible by groups, received filters ` +
          `${this.filters} and groups ${this.groups}`,
      );
    }
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
    return [
      {
        name: "kernel",
        shape: [...this.kernelSize, perGroup, this.filters],
        trainable: true,
        axes: [
          ...this.windowAxes(),
          this.groups === 1
            ? { symbol: "c", meaning: "input channels" }
            : { symbol: "c/g", meaning: "input channels per group" },
          { symbol: "f", meaning: "filters" },
        ],
        role: `a ${this.kernelSize.join(" × ")} window × ${perGroup} input channels${
          this.groups === 1 ? "" : " of a group"
        }, for each of ${this.filters} filters`,
      },
      ...this.biasWeights(this.filters, { symbol: "f", meaning: "filters" }, "one per filter"),
    ];
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
  });
}

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
 * The output size of one spatial axis of a transposed convolution, as Keras computes it: with
 * `"valid"` padding `(i - 1)·s + max(w, s)`, with `"same"` `i·s`, where `w` is the dilated
 * window; an `outputPadding` replaces the default `"valid"` surplus (`max(w, s) - w`), or for
 * `"same"` gives `(i - 1)·s + w mod 2 + outputPadding`.
 *
 * @param layer The layer, for the error message.
 * @param inputShape The full input shape, for the error message.
 * @param length The input size on that axis, or `null`.
 * @param window The window size on that axis (after dilation).
 * @param stride The stride on that axis.
 * @param padding `"valid"` or `"same"`.
 * @param outputPadding The extra size on that axis, or `null` for Keras's default.
 * @returns The output size, or `null` when the input size is not known.
 * @throws {IncompatibleShapeError} When the size would be zero.
 *
 * @example
 * ```ts
 * import { transposedOutputLength } from "./convolutional.ts";
 * import assert from "assert";
 *
 * // keras.layers.Conv2DTranspose(4, 3, strides=2) on (5, 5, 3) outputs (None, 11, 11, 4)
 * assert.equal(transposedOutputLength("t", [null, 5, 5, 3], 5, 3, 2, "valid", null), 11);
 * // ... and with padding="same", output_padding=1: (None, 10, 10, 4)
 * assert.equal(transposedOutputLength("t", [null, 5, 5, 3], 5, 3, 2, "same", 1), 10);
 * ```
 */
export function transposedOutputLength(
  layer: string,
  inputShape: Shape,
  length: number | null,
  window: number,
  stride: number,
  padding: Padding,
  outputPadding: number | null,
): number | null {
  if (length === null) return null;
  const size = padding === "valid"
    ? (length - 1) * stride + window + (outputPadding ?? Math.max(window, stride) - window)
    : outputPadding === null
    ? length * stride
    : (length - 1) * stride + (window % 2) + outputPadding;
  if (size < 1) {
    throw new IncompatibleShapeError(
      layer,
      inputShape,
      `Layer "${layer}": computed output size would be ${size}: an input of size ${length} ` +
        `with a window of ${window}, stride ${stride}, padding "${padding}" and outputPadding ` +
        `${outputPadding}. Full shape received: ${formatShape(inputShape)}`,
    );
  }
  return size;
}

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
  const { kernelSize, strides, padding, dilationRate, ...rest } = windowOptions(rank);
  return {
    filters: opt.int(),
    kernelSize,
    strides,
    padding,
    outputPadding: outputPaddingOption(rank),
    dilationRate,
    ...rest,
    ...KERNEL_EXTRAS,
  };
}

type TransposeOptions = ReturnType<typeof transposeOptions>;

/**
 * Keras 2 writes `"groups": 1` for the convolutions that derive from its Conv class but ignore
 * groups; anything else was never a valid model.
 */
const GROUPS_IN_KERAS2: Pick<LayerKind, "jsonIgnored" | "fromJson"> = {
  jsonIgnored: ["groups"],
  fromJson: (config) => {
    const groups = config.groups;
    if (groups !== undefined && groups !== null && groups !== 1) {
      throw new TypeError(
        `Unsupported option "groups": ${describeValue(groups)}: this layer has no groups; ` +
          `only the 1 that Keras 2 writes is read`,
      );
    }
    return {};
  },
};

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

// ---------------------------------------------------------------------------------------------
// Depthwise and separable convolutions

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
  const { kernelSize, strides, padding, dilationRate, ...rest } = windowOptions(rank);
  return {
    kernelSize,
    strides,
    padding,
    depthMultiplier: opt.int(1),
    dilationRate,
    ...rest,
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
  const { kernelSize, strides, padding, dilationRate, ...rest } = windowOptions(rank);
  return {
    filters: opt.int(),
    kernelSize,
    strides,
    padding,
    dilationRate,
    depthMultiplier: opt.int(1),
    ...rest,
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
    positional: "kernelSize",
    ...GROUPS_IN_KERAS2,
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
    ...GROUPS_IN_KERAS2,
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
