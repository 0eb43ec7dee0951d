/**
 * Convolutional LSTMs: ConvLSTM1D, ConvLSTM2D and ConvLSTM3D. An LSTM whose four gate blocks are
 * convolutions: of the input (kernel: window × input channels × 4·filters) and of the previous
 * state (recurrent kernel: window × filters × 4·filters). The kernels are shared over positions
 * and steps, so neither the image size nor the sequence length enters the count.
 *
 * @module
 */

import { perExample, weightsNamed } from "./macs.ts";
import { IncompatibleShapeError } from "../errors.ts";
import { formatShape, type Shape } from "../shape.ts";
import type { InputSpec, LayerArgs, OutputShape, WeightSpec } from "./args.ts";
import { Layer } from "./base.ts";
import type { RankedConstructor } from "./ranked.ts";
import {
  DATA_FORMAT,
  type DataFormat,
  joinChannels,
  refuseStridedDilation,
  slidingOutputSizes,
  splitChannels,
} from "./window.ts";
import { defineKind, type LayerKind } from "./kind.ts";
import { convLstmCountForms } from "./_conv_counts.ts";
import { RECURRENT_CALL } from "./call.ts";
import { inert, KERNEL_EXTRAS, opt } from "./options.ts";
import { rankedClass } from "./ranked.ts";
import { tfjsDataFormat } from "./_bridge_args.ts";
import type { RecurrentExtrasArgs } from "./recurrent.ts";

function convLstmOptions(rank: number) {
  return {
    filters: opt.int(),
    kernelSize: opt.tuple(rank),
    strides: opt.tuple(rank, 1),
    padding: opt.oneOf(["valid", "same"] as const, "valid"),
    dataFormat: DATA_FORMAT,
    dilationRate: opt.tuple(rank, 1),
    activation: opt.activation("tanh"),
    recurrentActivation: opt.activation("sigmoid"),
    useBias: opt.bool(true),
    returnSequences: opt.bool(false),
    returnState: opt.bool(false),
    goBackwards: { ...opt.bool(false), inert: true },
    stateful: { ...opt.bool(false), inert: true },
    unroll: { ...opt.bool(false), inert: true },
    dropout: { ...opt.fraction(0), inert: true },
    recurrentDropout: { ...opt.fraction(0), inert: true },
    ...KERNEL_EXTRAS,
    ...inert(
      "recurrentInitializer",
      "recurrentRegularizer",
      "recurrentConstraint",
      "unitForgetBias",
      "seed",
    ),
  };
}

type ConvLstmOptions = ReturnType<typeof convLstmOptions>;

/** Arguments of the convolutional LSTMs. */
export interface ConvLSTMArgs extends LayerArgs, RecurrentExtrasArgs {
  /** The number of filters: the channels of the hidden state. */
  readonly filters: number;
  /** The window: one integer, or one per spatial axis. */
  readonly kernelSize: number | readonly number[];
  /**
   * The step between windows of the input convolution.
   * @default {1}
   */
  readonly strides?: number | readonly number[];
  /**
   * Border handling of the input convolution (the recurrent one always pads "same").
   * @default {"valid"}
   */
  readonly padding?: "valid" | "same";
  /**
   * Where the channels axis is.
   * @default {"channels_last"}
   */
  readonly dataFormat?: DataFormat;
  /**
   * Spacing between kernel elements.
   * @default {1}
   */
  readonly dilationRate?: number | readonly number[];
  /**
   * Whether the gates have biases.
   * @default {true}
   */
  readonly useBias?: boolean;
  /**
   * Output every step's state, not just the last.
   * @default {false}
   */
  readonly returnSequences?: boolean;
  /**
   * Also output the final states h and c.
   * @default {false}
   */
  readonly returnState?: boolean;
  /** The activation's name; it has no parameters. */
  readonly activation?: string | null;
  /** The gates' activation's name; it has no parameters. */
  readonly recurrentActivation?: string | null;
  /** Process the sequence backwards; it adds no parameters. */
  readonly goBackwards?: boolean;
  /** Keep the state between batches; it adds no parameters. */
  readonly stateful?: boolean;
  /** Unroll the loop; it adds no parameters. */
  readonly unroll?: boolean;
  /** Initialize the forget gate's bias to 1; it adds no parameters. */
  readonly unitForgetBias?: boolean;
}

function convLstmKind(
  rank: number,
  create: (config: Record<string, unknown>) => Layer,
): LayerKind {
  return defineKind({
    className: `ConvLSTM${rank}D`,
    family: "recurrent",
    summary: `An LSTM whose four gates are ${rank}D convolutions of the input and of the ` +
      `previous state.`,
    options: convLstmOptions(rank),
    positional: "filters",
    create,
    jsonIgnored: ["zero_output_for_mask"],
    // Keras builds its weights in a ConvLSTMCell created trainable.
    weightsInTrainableCell: true,
    call: RECURRENT_CALL,
    // TensorFlow.js has the 2D one only.
    tfjs: rank === 2 ? { factory: "convLstm2d", args: tfjsConvLstm } : undefined,
    why: (layer) => convLstmWhy(layer as ConvLSTM),
    countForms: (row) => convLstmCountForms(rank, row),
    // At every step and output position: the input's window times the kernel and the state's
    // window times the recurrent kernel (the state keeps the output's positions).
    macs: (layer, { inputs, outputs }) => {
      const convLstm = layer as ConvLSTM;
      const steps = inputs[0][1];
      const positions = perExample(outputs[0]) / convLstm.filters /
        (convLstm.config.returnSequences ? steps : 1);
      return steps * positions * weightsNamed(layer.weights(), "kernel", "recurrent_kernel");
    },
    // h and c at every step and position.
    saved: (layer, { inputs, outputs }) => {
      const convLstm = layer as ConvLSTM;
      const steps = inputs[0][1];
      const perStep = perExample(outputs[0]) / (convLstm.config.returnSequences ? steps : 1);
      return steps * perStep * 2;
    },
  });
}

function convLstmWhy(layer: ConvLSTM): string[] {
  const [kernel, recurrent] = layer.weights();
  const window = layer.kernelSize.join(" × ");
  const steps = layer.inputShape()[1];
  return [
    `ConvLSTM has LSTM's 4 gate blocks (input, forget, cell candidate, output), but each is a ` +
    `convolution: a ${window} window over the ${kernel.shape.at(-2)} input channels ` +
    `(kernel ${formatShape(kernel.shape)}) plus a ${window} window over the ` +
    `${recurrent.shape.at(-2)} channels of the previous state (recurrent kernel ` +
    `${formatShape(recurrent.shape)}), for each of the 4 × ${layer.filters} output channels` +
    `${layer.useBias ? `, and a bias per output channel` : ""}.`,
    `The windows slide over every position and the cell is reused at every time step${
      steps === null ? "" : ` (all ${steps} of them)`
    }, so the count depends on the window, the channels and the filters, never on the image ` +
    `size or the sequence length.`,
  ];
}

/**
 * What the convolutional LSTMs share: LSTM's four gates, each a convolution.
 *
 * @example
 * ```ts
 * import { type ConvLSTM, ConvLSTM2D } from "../../mod.ts";
 * import assert from "assert";
 *
 * const layer: ConvLSTM = new ConvLSTM2D(8, { kernelSize: 3, inputShape: [5, 16, 16, 3] });
 * assert.deepEqual(layer.weights().map((w) => w.shape), [[3, 3, 3, 32], [3, 3, 8, 32], [32]]);
 * ```
 */
export abstract class ConvLSTM extends Layer {
  /** The number of filters. */
  readonly filters: number;
  /** The window per spatial axis. */
  readonly kernelSize: readonly number[];
  /** The stride per spatial axis. */
  readonly strides: readonly number[];
  /** The dilation per spatial axis. */
  readonly dilationRate: readonly number[];
  /** Border handling of the input convolution. */
  readonly padding: "valid" | "same";
  /** Where the channels axis is. */
  readonly dataFormat: DataFormat;
  /** Whether the gates have biases. */
  readonly useBias: boolean;
  /** Whether every step's state is output. */
  readonly returnSequences: boolean;
  /** Whether the final states are output too. */
  readonly returnState: boolean;
  /** The number of spatial axes. */
  readonly rank: number;
  /** The gate blocks, in the kernel's column order. */
  readonly gates: readonly string[] = ["input", "forget", "cell", "output"];

  /**
   * Checks the configuration.
   *
   * @param args The configuration.
   * @param kind The layer's kind.
   * @param rank The number of spatial axes.
   */
  protected constructor(args: ConvLSTMArgs, kind: LayerKind, rank: number) {
    super(args, kind);
    const c = this.options(kind.options as ConvLstmOptions);
    this.rank = rank;
    this.filters = c.filters;
    this.kernelSize = c.kernelSize;
    this.strides = c.strides;
    this.dilationRate = c.dilationRate;
    this.padding = c.padding;
    this.dataFormat = c.dataFormat;
    this.useBias = c.useBias;
    this.returnSequences = c.returnSequences;
    this.returnState = c.returnState;
    refuseStridedDilation(kind.className, this);
  }

  /** (batch, time, spatial…, channels), or channels first after time. */
  protected get inputSpec(): InputSpec {
    return { ndim: this.rank + 3 };
  }

  #step(inputShape: Shape): { spatial: Shape; channels: number } {
    const { spatial, channels } = splitChannels(
      [inputShape[0], ...inputShape.slice(2)],
      this.dataFormat,
    );
    if (spatial.some((d) => d === null)) {
      throw new IncompatibleShapeError(
        this.name,
        inputShape,
        `ConvLSTM layers only support static input shapes for the spatial dimension. Received ` +
          `invalid input shape: input_shape=${formatShape(inputShape)}`,
      );
    }
    if (channels === null) {
      throw new IncompatibleShapeError(
        this.name,
        inputShape,
        `The channel dimension of the inputs should be defined. Found None. Full input shape ` +
          `received: input_shape=${formatShape(inputShape)}`,
      );
    }
    return { spatial, channels };
  }

  /** Kernel, recurrent kernel and bias, as Keras's ConvLSTMCell builds them. */
  protected buildWeights(inputShape: Shape): WeightSpec[] {
    const { channels } = this.#step(inputShape);
    const window = this.kernelSize.map((_, i) => ({
      symbol: this.rank === 1 ? "k" : `k${i + 1}`,
      meaning: this.rank === 1 ? "kernel size" : `kernel size along spatial axis ${i + 1}`,
    }));
    const columns = { symbol: "4·f", meaning: "4 gates × filters" };
    return [
      {
        name: "kernel",
        shape: [...this.kernelSize, channels, 4 * this.filters],
        trainable: true,
        axes: [...window, { symbol: "c", meaning: "input channels" }, columns],
      },
      {
        name: "recurrent_kernel",
        shape: [...this.kernelSize, this.filters, 4 * this.filters],
        trainable: true,
        axes: [...window, { symbol: "f", meaning: "filters (the previous state)" }, columns],
      },
      ...(this.useBias
        ? [{ name: "bias", shape: [4 * this.filters], trainable: true, axes: [columns] }]
        : []),
    ];
  }

  /** One state, h or c: the convolution's output for one step. */
  #state(inputShape: Shape): Shape {
    const { spatial } = this.#step(inputShape);
    const out = slidingOutputSizes(this.name, inputShape, spatial, this);
    return joinChannels(inputShape[0], out, this.filters, this.dataFormat);
  }

  /** h and c, each the convolution's output for one step. */
  override initialStateShapes(inputShape: Shape): readonly Shape[] {
    const state = this.#state(inputShape);
    return [state, state];
  }

  /** Keras's `compute_output_shape`: the convolution's shape per step; h and c with returnState. */
  protected computeOutputShape(inputShape: Shape): OutputShape {
    const state = this.#state(inputShape);
    const output: Shape = this.returnSequences
      ? [state[0], inputShape[1], ...state.slice(1)]
      : state;
    return this.returnState ? [output, state, state] : output;
  }
}

/** The constructor of the convolutional LSTMs: `filters` first, or the whole configuration. */
export type ConvLSTMConstructor = RankedConstructor<ConvLSTMArgs, "filters", ConvLSTM>;

function tfjsConvLstm(layer: Layer): Record<string, unknown> {
  const l = layer as ConvLSTM;
  const c = layer.config;
  return {
    filters: l.filters,
    kernelSize: l.kernelSize,
    strides: l.strides,
    padding: l.padding,
    dataFormat: tfjsDataFormat(l.dataFormat),
    dilationRate: l.dilationRate,
    activation: c.activation ?? "linear",
    recurrentActivation: c.recurrentActivation ?? "linear",
    useBias: l.useBias,
    returnSequences: l.returnSequences,
    returnState: l.returnState,
    unitForgetBias: true,
    kernelInitializer: "glorotUniform",
    recurrentInitializer: "orthogonal",
  };
}

/**
 * A convolutional LSTM over sequences of 1D signals: (batch, time, steps, channels).
 *
 * @example Kernel (3, 2, 16), recurrent kernel (3, 4, 16), bias (16)
 * ```ts
 * import { ConvLSTM1D } from "../../mod.ts";
 * import assert from "assert";
 *
 * const layer = new ConvLSTM1D(4, { kernelSize: 3, dilationRate: 2, inputShape: [7, 20, 2] });
 * assert.equal(layer.paramCount(), 3 * 2 * 16 + 3 * 4 * 16 + 16);
 * assert.deepEqual(layer.outputShape(), [null, 16, 4]);
 * ```
 */
export const ConvLSTM1D: ConvLSTMConstructor = rankedClass(ConvLSTM, 1, convLstmKind);
/** A layer that {@linkcode ConvLSTM1D} creates. */
export type ConvLSTM1D = ConvLSTM;

/**
 * A convolutional LSTM over sequences of images: (batch, time, rows, cols, channels).
 *
 * @example 8 filters of 3 × 3 on 3 channels: 4 × (3·3·3·8 + 3·3·8·8 + 8) = 3,200
 * ```ts
 * import { ConvLSTM2D } from "../../mod.ts";
 * import assert from "assert";
 *
 * const layer = new ConvLSTM2D(8, { kernelSize: 3, inputShape: [5, 16, 16, 3] });
 * assert.equal(layer.paramCount(), 3200);
 * assert.deepEqual(layer.outputShape(), [null, 14, 14, 8]);
 * ```
 */
export const ConvLSTM2D: ConvLSTMConstructor = rankedClass(ConvLSTM, 2, convLstmKind);
/** A layer that {@linkcode ConvLSTM2D} creates. */
export type ConvLSTM2D = ConvLSTM;

/**
 * A convolutional LSTM over sequences of volumes: (batch, time, depth, rows, cols, channels).
 *
 * @example
 * ```ts
 * import { ConvLSTM3D } from "../../mod.ts";
 * import assert from "assert";
 *
 * const layer = new ConvLSTM3D(2, { kernelSize: 2, inputShape: [3, 6, 6, 6, 1] });
 * assert.equal(layer.paramCount(), 8 * 1 * 8 + 8 * 2 * 8 + 8);
 * assert.deepEqual(layer.outputShape(), [null, 5, 5, 5, 2]);
 * ```
 */
export const ConvLSTM3D: ConvLSTMConstructor = rankedClass(ConvLSTM, 3, convLstmKind);
/** A layer that {@linkcode ConvLSTM3D} creates. */
export type ConvLSTM3D = ConvLSTM;

/**
 * The kinds this file declares, in the order the library lists them; the registry reads them
 * here, so adding a kind to this file is all it takes to register it.
 *
 * @example
 * ```ts
 * import { CONV_LSTM_KINDS } from "./conv_lstm.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(CONV_LSTM_KINDS.map((kind) => kind.className), ["ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D"]);
 * ```
 */
export const CONV_LSTM_KINDS: readonly LayerKind[] = [
  ConvLSTM1D.kind,
  ConvLSTM2D.kind,
  ConvLSTM3D.kind,
];
