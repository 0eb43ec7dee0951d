/**
 * Convolutions: Conv1D and Conv2D (channels last). A kernel is shared over every position, so
 * the count depends on the kernel size and channels, never on the length or image size.
 *
 * @module
 */

import { IncompatibleShapeError } from "../errors.ts";
import { formatShape, type Shape } from "../shape.ts";
import { type InputSpec, Layer, type LayerArgs, type WeightSpec } from "./base.ts";
import { defineKind, type LayerKind, positional } from "./kind.ts";
import { KERNEL_EXTRAS, opt, type Option, type OptionTable } from "./options.ts";
import { pytorchTensor } from "./_pytorch.ts";

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

/** Arguments of the convolutions. */
export interface ConvArgs extends LayerArgs {
  /** The number of output channels. */
  readonly filters: number;
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
   * Split the channels into this many groups, each with its own filters: the kernel sees
   * `channels / groups` channels.
   * @default {1}
   */
  readonly groups?: number;
  /**
   * Whether to add a bias per filter.
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

function convOptions(rank: number) {
  return {
    filters: opt.int(),
    kernelSize: opt.tuple(rank),
    strides: opt.tuple(rank, 1),
    padding: opt.oneOf(
      (rank === 1 ? ["valid", "same", "causal"] : ["valid", "same"]) as readonly Padding[],
      "valid",
    ),
    dilationRate: opt.tuple(rank, 1),
    groups: opt.int(1),
    useBias: opt.bool(true),
    dataFormat: DATA_FORMAT,
    activation: opt.activation(),
    ...KERNEL_EXTRAS,
  };
}

type ConvOptions = ReturnType<typeof convOptions>;

/**
 * What the explanation, the inverse inference and the PyTorch comparison read of a plain
 * convolution (kernel (window…, channels / groups, filters)). Given to Conv1D/2D/3D only, so a
 * kind declared with `convKind` whose kernel is laid out otherwise (a transposed convolution)
 * is never described as a plain one.
 */
function convReaders(rank: number): Pick<LayerKind, "why" | "inputSize" | "pytorch"> {
  return {
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

/**
 * Declares a convolution kind of a given rank.
 *
 * @param className The Keras class name.
 * @param rank The number of spatial axes.
 * @param create The constructor.
 * @param extra What differs: aliases, TF.js.
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
    readers?: Pick<LayerKind, "why" | "inputSize" | "pytorch">;
  } = {},
): LayerKind {
  return defineKind({
    className,
    aliases: extra.aliases,
    family: "convolutional",
    summary: `A ${rank}D convolution: one kernel (window × input channels × filters) shared ` +
      `over every position, and a bias per filter.`,
    options: extra.options ?? convOptions(rank),
    positional: "filters",
    create,
    tfjs: extra.tfjs,
    ...extra.readers,
  });
}

function tfjsConv(rank: number): LayerKind["tfjs"] {
  const scalar = (t: unknown) => rank === 1 ? (t as number[])[0] : t;
  return {
    factory: `conv${rank}d`,
    args: (layer) => {
      const c = layer.config;
      return {
        filters: c.filters,
        kernelSize: scalar(c.kernelSize),
        strides: scalar(c.strides),
        dilationRate: scalar(c.dilationRate),
        padding: c.padding,
        useBias: c.useBias,
        dataFormat: c.dataFormat === "channels_first" ? "channelsFirst" : "channelsLast",
        activation: c.activation ?? "linear",
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

/** What the convolutions share: a kernel per window position, shared over positions. */
export abstract class Conv extends Layer {
  /** The number of output channels. */
  readonly filters: number;
  /** The window size per spatial axis. */
  readonly kernelSize: readonly number[];
  /** The stride per spatial axis. */
  readonly strides: readonly number[];
  /** The dilation per spatial axis. */
  readonly dilationRate: readonly number[];
  /** Border handling. */
  readonly padding: Padding;
  /** How many channel groups the kernel is split into. */
  readonly groups: number;
  /** Whether a bias is added. */
  readonly useBias: boolean;
  /** Where the channels axis is. */
  readonly dataFormat: DataFormat;
  /** The number of spatial axes. */
  readonly rank: number;

  /**
   * Checks the convolution's configuration.
   *
   * @param args The layer's configuration.
   * @param kind The layer's kind.
   * @param rank The number of spatial axes.
   */
  protected constructor(args: ConvArgs, kind: LayerKind, rank: number) {
    super(args, kind);
    const owner = kind.className;
    const c = this.options(kind.options as ConvOptions);
    this.rank = rank;
    this.filters = c.filters;
    this.kernelSize = c.kernelSize;
    this.strides = c.strides;
    this.dilationRate = c.dilationRate;
    this.padding = c.padding;
    this.groups = c.groups;
    this.useBias = c.useBias;
    this.dataFormat = c.dataFormat;
    if (this.strides.some((s) => s > 1) && this.dilationRate.some((d) => d > 1)) {
      throw new RangeError(
        `Invalid strides for ${owner}: strides > 1 cannot be combined with dilationRate > 1, ` +
          `received strides ${formatShape(this.strides)} and dilationRate ${
            formatShape(this.dilationRate)
          }`,
      );
    }
    if (this.filters % this.groups !== 0) {
      throw new RangeError(
        `Invalid groups for ${owner}: filters must be divisible by groups, received filters ` +
          `${this.filters} and groups ${this.groups}`,
      );
    }
  }

  /** What input the layer accepts. */
  protected get inputSpec(): InputSpec {
    return {
      ndim: this.rank + 2,
      definedAxes: [this.dataFormat === "channels_first" ? 1 : -1],
    };
  }

  /** The input channels, checked against `groups`. */
  protected inputChannels(inputShape: Shape): number {
    const channels = splitChannels(inputShape, this.dataFormat).channels!;
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
    const symbols = WINDOW_SYMBOLS[this.rank] ?? this.kernelSize.map((_, i) => `k${i + 1}`);
    const window = this.kernelSize.map((_, i) => ({
      symbol: symbols[i],
      meaning: this.rank === 1 ? "kernel size" : `kernel size on axis ${i + 1}`,
    }));
    const perGroup = channels / this.groups;
    return [
      {
        name: "kernel",
        shape: [...this.kernelSize, perGroup, this.filters],
        trainable: true,
        axes: [
          ...window,
          this.groups === 1
            ? { symbol: "c", meaning: "input channels" }
            : { symbol: "c/g", meaning: "input channels per group" },
          { symbol: "f", meaning: "filters" },
        ],
        role: `a ${this.kernelSize.join(" × ")} window × ${perGroup} input channels${
          this.groups === 1 ? "" : " of a group"
        }, for each of ${this.filters} filters`,
      },
      ...(this.useBias
        ? [{
          name: "bias",
          shape: [this.filters],
          trainable: true,
          axes: [{ symbol: "f", meaning: "filters" }],
          role: "one per filter",
        }]
        : []),
    ];
  }
  /** The output shape for an input shape. */
  protected computeOutputShape(inputShape: Shape): Shape {
    const { spatial } = splitChannels(inputShape, this.dataFormat);
    const out = spatial.map((length, i) =>
      slidingOutputLength(
        this.name,
        inputShape,
        length,
        (this.kernelSize[i] - 1) * this.dilationRate[i] + 1,
        this.strides[i],
        this.padding,
      )
    );
    return joinChannels(inputShape[0], out, this.filters, this.dataFormat);
  }
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
export class Conv1D extends Conv {
  /** The declaration of Keras's `Conv1D`. */
  static readonly kind: LayerKind = convKind(
    "Conv1D",
    1,
    (config) => new Conv1D(config as unknown as ConvArgs),
    { aliases: ["Convolution1D"], tfjs: tfjsConv(1), readers: convReaders(1) },
  );

  /**
   * Creates the layer, checking its configuration.
   *
   * @param filters The number of filters, or the whole configuration.
   * @param args The rest of the configuration, when `filters` came first.
   */
  constructor(filters: number | ConvArgs, args?: Omit<ConvArgs, "filters">) {
    super(positional(Conv1D.kind, filters, args) as unknown as ConvArgs, Conv1D.kind, 1);
  }
}

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
export class Conv2D extends Conv {
  /** The declaration of Keras's `Conv2D`. */
  static readonly kind: LayerKind = convKind(
    "Conv2D",
    2,
    (config) => new Conv2D(config as unknown as ConvArgs),
    { aliases: ["Convolution2D"], tfjs: tfjsConv(2), readers: convReaders(2) },
  );

  /**
   * Creates the layer, checking its configuration.
   *
   * @param filters The number of filters, or the whole configuration.
   * @param args The rest of the configuration, when `filters` came first.
   */
  constructor(filters: number | ConvArgs, args?: Omit<ConvArgs, "filters">) {
    super(positional(Conv2D.kind, filters, args) as unknown as ConvArgs, Conv2D.kind, 2);
  }
}

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
export class Conv3D extends Conv {
  /** The declaration of Keras's `Conv3D`. */
  static readonly kind: LayerKind = convKind(
    "Conv3D",
    3,
    (config) => new Conv3D(config as unknown as ConvArgs),
    { aliases: ["Convolution3D"], tfjs: tfjsConv(3), readers: convReaders(3) },
  );

  /**
   * Creates the layer, checking its configuration.
   *
   * @param filters The number of filters, or the whole configuration.
   * @param args The rest of the configuration, when `filters` came first.
   */
  constructor(filters: number | ConvArgs, args?: Omit<ConvArgs, "filters">) {
    super(positional(Conv3D.kind, filters, args) as unknown as ConvArgs, Conv3D.kind, 3);
  }
}
