/**
 * Recurrent layers: SimpleRNN, LSTM, GRU. One cell is shared across all time steps, so the
 * count depends on the features and units, never on the sequence length.
 *
 * @module
 */

import { formatShape, type Shape } from "../shape.ts";
import type {
  AxisMeaning,
  InputSpec,
  KernelExtrasArgs,
  LayerArgs,
  OutputShape,
  WeightSpec,
} from "./args.ts";
import { Layer } from "./base.ts";
import {
  defineKind,
  type LayerKind,
  positional,
  type PrintedRow,
  type RowReading,
} from "./kind.ts";
import { RECURRENT_CALL } from "./call.ts";
import { article, choices, lastSize, onInputOrSolved } from "./reading.ts";
import type { OptionTable } from "./options.ts";
import { gatedOptions, RECURRENT_OPTIONS } from "./_recurrent_options.ts";
import { type PyTorchRecurrentKind, recurrentCounterpart } from "./pytorch.ts";
import { tfjsCellArgs } from "./_bridge_args.ts";
import { weightsNamed } from "./macs.ts";
import { expectNumber, expectObject } from "../guard.ts";

/**
 * What the recurrent layers and cells accept besides their shapes: the kernels' and biases'
 * initializers, regularizers and constraints, dropout and a seed. None of it has parameters.
 */
export interface RecurrentExtrasArgs extends KernelExtrasArgs {
  /** Dropout on the inputs, in [0, 1]; it has no parameters. */
  readonly dropout?: number;
  /** Dropout on the recurrent state, in [0, 1]; it has no parameters. */
  readonly recurrentDropout?: number;
  /** The recurrent kernel's initializer, regularizer and constraint: accepted, no parameters. */
  readonly recurrentInitializer?: unknown;
  /** See `recurrentInitializer`. */
  readonly recurrentRegularizer?: unknown;
  /** See `recurrentInitializer`. */
  readonly recurrentConstraint?: unknown;
  /** The random seed; it adds no parameters. */
  readonly seed?: unknown;
}

/** Arguments shared by the recurrent layers. */
export interface RecurrentArgs extends LayerArgs, RecurrentExtrasArgs {
  /** The size of the hidden state (Keras's `units`). */
  readonly units: number;
  /**
   * Output the hidden state of every time step, not just the last.
   * @default {false}
   */
  readonly returnSequences?: boolean;
  /**
   * Whether the cell has bias vectors.
   * @default {true}
   */
  readonly useBias?: boolean;
  /** The activation's name; it has no parameters. */
  readonly activation?: string | null;
  /** A regularizer on the kernel (for example `l2(0.0015)`); it adds no parameters. */
  readonly kernelRegularizer?: unknown;
  /** A regularizer on the recurrent kernel; it adds no parameters. */
  readonly recurrentRegularizer?: unknown;
  /** A regularizer on the bias; it adds no parameters. */
  readonly biasRegularizer?: unknown;
  /** Process the sequence backwards; it adds no parameters. */
  readonly goBackwards?: boolean;
  /**
   * Also output the final state(s): `[output, h]`, and for LSTM `[output, h, c]`.
   * @default {false}
   */
  readonly returnState?: boolean;
  /** Keep the state between batches; it adds no parameters. */
  readonly stateful?: boolean;
  /** Unroll the loop; it adds no parameters. */
  readonly unroll?: boolean;
}

const { lstm: LSTM_OPTIONS, gru: GRU_OPTIONS } = gatedOptions(RECURRENT_OPTIONS);

/** JSON keys Keras writes for recurrent layers that decide nothing here. */
const RECURRENT_JSON_IGNORED = ["implementation", "time_major", "zero_output_for_mask"];

function recurrentKind(
  className: string,
  options: OptionTable,
  summary: string,
  create: (config: Record<string, unknown>) => Layer,
  extra: {
    gates: readonly string[];
    torch: PyTorchRecurrentKind;
    fromJson?: LayerKind["fromJson"];
    tfjs: LayerKind["tfjs"];
    samples?: LayerKind["samples"];
  },
): LayerKind {
  const { torch, ...rest } = extra;
  return defineKind({
    className,
    family: "recurrent",
    summary,
    options,
    positional: "units",
    create,
    jsonIgnored: RECURRENT_JSON_IGNORED,
    call: RECURRENT_CALL,
    inputSize: { unit: "input feature", input: (_config, n) => ({ shape: [null, null, n] }) },
    read: recurrentReading(className, options),
    // At every step: the input times the kernel and the state times the recurrent kernel.
    macs: (layer, { inputs }) =>
      inputs[0][1] * weightsNamed(layer.weights(), "kernel", "recurrent_kernel"),
    // Backpropagation through time needs the state at every step: h (and c for an LSTM).
    saved: (layer, { inputs }) =>
      inputs[0][1] * (layer as Recurrent).units * (layer.className === "LSTM" ? 2 : 1),
    pytorch: (layer, context) =>
      recurrentCounterpart(
        layer,
        torch,
        layer.inputShape().at(-1) as number,
        context.bidirectional,
      ),
    ...rest,
  });
}

/**
 * The configurations of a recurrent layer of a kind that a printed row may show: with a bias
 * first, and for a GRU both bias layouts, the default of the program that printed it first
 * (`resetAfter: true` in Keras, `false` in TF.js).
 *
 * @param options The kind's options (a GRU's include `resetAfter`).
 * @param units The units, read from the output.
 * @param returnSequences Whether the output is a sequence.
 * @param row The printed row.
 * @returns The configurations, in the order to try them.
 *
 * @example An LSTM row: with and without a bias
 * ```ts
 * import { recurrentConfigs } from "./recurrent.ts";
 * import { LSTM } from "./recurrent.ts";
 * import assert from "assert";
 *
 * const row = { declared: {}, printer: "keras3" } as const;
 * assert.deepEqual(recurrentConfigs(LSTM.kind.options, 5, false, row).map((c) => c.useBias), [
 *   true,
 *   false,
 * ]);
 * ```
 */
export function recurrentConfigs(
  options: OptionTable,
  units: number,
  returnSequences: boolean,
  row: Pick<PrintedRow, "declared" | "printer">,
): Record<string, unknown>[] {
  expectObject("recurrentConfigs", "its options", options, "an option table (a kind's options)");
  expectNumber("recurrentConfigs", "its units", units);
  expectObject("recurrentConfigs", "its row", row, "a printed row");
  const resetAfters = Object.hasOwn(options, "resetAfter")
    ? choices<boolean>(
      row.declared.resetAfter,
      row.printer === "tfjs" ? [false, true] : [true, false],
    )
    : [undefined];
  return choices<boolean>(row.declared.useBias, [true, false]).flatMap((useBias) =>
    resetAfters.map((resetAfter) => ({
      units,
      returnSequences,
      useBias,
      ...(resetAfter === undefined ? {} : { resetAfter }),
    }))
  );
}

/** How a recurrent layer's printed row is read: units from the output, features from the count. */
function recurrentReading(className: string, options: OptionTable): RowReading {
  return {
    candidates: (row) => {
      // Several outputs (`return_state=True`): the sequence or last step, then the states.
      const states = row.out === null && row.outList !== null;
      const out = states ? row.outList![0] : row.out;
      const units = lastSize(out);
      if (!out || units === undefined) return [];
      const returnSequences = (row.declared.returnSequences as boolean | undefined) ??
        out.length === 3;
      const steps = returnSequences && out.length === 3 ? out[1] : null;
      return recurrentConfigs(options, units, returnSequences, row).flatMap((config) =>
        onInputOrSolved(
          row,
          states ? { ...config, returnState: true } : config,
          className,
          (n) => [out[0], steps, n],
          { unusual: !config.useBias },
        )
      );
    },
    hints: (config, row) => {
      const out = row.out;
      if (
        config.returnSequences !== true || !out || out.length !== 3 || out[1] !== 1 ||
        row.declared.returnSequences !== undefined
      ) {
        return [];
      }
      return [
        `${formatShape(out)} means returnSequences: true over a single time step; ` +
        `${article(className)} ${className} without returnSequences outputs ${
          formatShape([out[0], out[2]])
        }.`,
      ];
    },
    shapeHint: (config, row, printed, expected) =>
      row.out && row.out.length === 3 && config.returnSequences !== true
        ? `Without returnSequences ${article(className)} ${className} outputs only its last ` +
          `step, ${expected}; ${printed} is what returnSequences: true gives.`
        : undefined,
  };
}

/** A recurrent layer's TF.js arguments: its cell's, and how it runs over the sequence. */
function tfjsArgs(layer: Layer): Record<string, unknown> {
  const c = layer.config;
  return {
    ...tfjsCellArgs(c),
    returnSequences: c.returnSequences,
    returnState: c.returnState,
    goBackwards: c.goBackwards,
  };
}

/**
 * The weights of a recurrent cell with `gates` blocks, as Keras's cells create them: a kernel
 * (features, gates·units), a recurrent kernel (units, gates·units) and a bias.
 *
 * @param features The input's features per step.
 * @param units The size of the hidden state.
 * @param gates How many gate blocks (1 for SimpleRNN, 4 for LSTM, 3 for GRU).
 * @param useBias Whether there is a bias.
 * @param resetAfter Whether the bias has two rows, one for the input product and one for the
 * recurrent product (a GRU or GRUCell with `resetAfter`).
 * @returns The weight declarations, with their axes.
 *
 * @example LSTM's on 13 features, 5 units, and GRU's with resetAfter
 * ```ts
 * import { cellWeights } from "./recurrent.ts";
 * import assert from "assert";
 *
 * const weights = cellWeights(13, 5, 4, true, false);
 * assert.deepEqual(weights.map((w) => w.shape), [[13, 20], [5, 20], [20]]);
 * assert.deepEqual(cellWeights(13, 5, 3, true, true)[2].shape, [2, 15]);
 * ```
 */
export function cellWeights(
  features: number,
  units: number,
  gates: number,
  useBias: boolean,
  resetAfter: boolean,
): WeightSpec[] {
  const g = gates;
  const m = units;
  const width = g * units;
  const biasShape = resetAfter ? [2, width] : [width];
  const columns: AxisMeaning = g === 1
    ? { symbol: "m", meaning: "units" }
    : { symbol: `${g}·m`, meaning: `${g} gates × units` };
  const blocks = g === 1 ? `${m} units` : `(${g} gate blocks × ${m} units)`;
  return [
    {
      name: "kernel",
      shape: [features, width],
      trainable: true,
      axes: [{ symbol: "n", meaning: "input features" }, columns],
      role: `${features} input features × ${blocks}`,
    },
    {
      name: "recurrent_kernel",
      shape: [units, width],
      trainable: true,
      axes: [{ symbol: "m", meaning: "units, the size of the hidden state" }, columns],
      role: `${m} values of the previous hidden state × ${blocks}`,
    },
    ...(useBias
      ? [{
        name: "bias",
        shape: biasShape,
        trainable: true,
        axes: resetAfter
          ? [{ symbol: "2", meaning: "input and recurrent bias rows" }, columns]
          : [columns],
        role: resetAfter
          ? `2 rows of ${g} × ${m}: a bias for the input product and one for the recurrent ` +
            `product (resetAfter)`
          : `one per unit of each block: ${g === 1 ? m : `${g} × ${m}`}`,
      }]
      : []),
  ];
}

/**
 * What the recurrent layers share: a cell with `gates.length` blocks, each a dense map of the
 * concatenated input and previous hidden state to `units` values.
 */
export abstract class Recurrent extends Layer {
  /** The size of the hidden state. */
  readonly units: number;
  /** Whether every time step's state is output. */
  readonly returnSequences: boolean;
  /** Whether the cell has bias vectors. */
  readonly useBias: boolean;
  /**
   * The gate blocks laid side by side in the kernel, recurrent kernel and bias, in Keras's
   * order, e.g. LSTM's input gate, forget gate, cell candidate, output gate: its kind's
   * declaration.
   */
  get gates(): readonly string[] {
    return this.kind.gates ?? [];
  }

  /**
   * Checks the configuration every recurrent layer shares.
   *
   * @param args The layer's configuration.
   * @param owner The class name, for error messages.
   */
  protected constructor(args: LayerArgs, kind: LayerKind) {
    super(args, kind);
    const config = this.options(RECURRENT_OPTIONS);
    this.units = config.units;
    this.returnSequences = config.returnSequences;
    this.returnState = config.returnState;
    this.useBias = config.useBias;
  }

  /** Whether the final states are output too. */
  readonly returnState: boolean;

  /** How many state vectors the cell carries: 2 for LSTM (h and c), 1 otherwise. */
  protected get stateCount(): number {
    return 1;
  }

  /** What input the layer accepts. */
  protected get inputSpec(): InputSpec {
    return { ndim: 3, definedAxes: [-1] };
  }

  /** The weight tensors the layer creates for an input shape. */
  protected buildWeights(inputShape: Shape): WeightSpec[] {
    return cellWeights(
      inputShape[2]!,
      this.units,
      this.gates.length,
      this.useBias,
      this.config.resetAfter === true,
    );
  }

  /** The states the cell carries, h (and an LSTM's c), each (batch, units). */
  override initialStateShapes(inputShape: Shape): readonly Shape[] {
    return new Array<Shape>(this.stateCount).fill([inputShape[0], this.units]);
  }

  /** The output shape for an input shape; with `returnState`, the states follow. */
  protected computeOutputShape(inputShape: Shape): OutputShape {
    const output: Shape = this.returnSequences
      ? [inputShape[0], inputShape[1], this.units]
      : [inputShape[0], this.units];
    if (!this.returnState) return output;
    const state: Shape = [inputShape[0], this.units];
    return [output, ...new Array<Shape>(this.stateCount).fill(state)];
  }
}

/**
 * A fully connected recurrent layer: one block, h_t = tanh(x_t·W + h_{t-1}·U + b).
 *
 * @example
 * ```ts
 * import { SimpleRNN } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(new SimpleRNN({ units: 10, inputShape: [13, 5] }).paramCount(), 5 * 10 + 10 * 10 + 10);
 * ```
 */
export class SimpleRNN extends Recurrent {
  /** The declaration of Keras's `SimpleRNN`. */
  static readonly kind: LayerKind = recurrentKind(
    "SimpleRNN",
    RECURRENT_OPTIONS,
    "A recurrent cell with one block: kernel, recurrent kernel and bias, shared over time.",
    (config) => new SimpleRNN(config as unknown as RecurrentArgs),
    {
      gates: ["state"],
      torch: "RNN",
      tfjs: { factory: "simpleRNN", args: tfjsArgs },
      samples: [{ units: 7, inputShape: [4, 3] }],
    },
  );

  /**
   * Creates the layer, checking its configuration.
   *
   * @param units The size of the hidden state, or the whole configuration.
   * @param args The rest of the configuration, when `units` came first.
   */
  constructor(units: number | RecurrentArgs, args?: Omit<RecurrentArgs, "units">) {
    super(positional(SimpleRNN.kind, units, args), SimpleRNN.kind);
  }
}

/**
 * Long short-term memory: four gate blocks (input, forget, cell candidate, output), so four
 * times a SimpleRNN's weights: 4 × ((n + m) × m + m).
 *
 * @example "Why does the first LSTM have more params?": 13 features, 5 units
 * ```ts
 * import { LSTM } from "../../mod.ts";
 * import assert from "assert";
 *
 * const lstm = new LSTM({ units: 5, returnSequences: true, inputShape: [400, 13] });
 * assert.equal(lstm.paramCount(), 380);
 * assert.deepEqual(lstm.outputShape(), [null, 400, 5]);
 * ```
 */
export class LSTM extends Recurrent {
  /** The declaration of Keras's `LSTM`. */
  static readonly kind: LayerKind = recurrentKind(
    "LSTM",
    LSTM_OPTIONS,
    "Long short-term memory: four gate blocks, each a dense map of [input, previous state].",
    (config) => new LSTM(config as unknown as LSTMArgs),
    {
      gates: ["input gate", "forget gate", "cell candidate", "output gate"],
      samples: [
        { units: 5, inputShape: [400, 13] },
        { units: 5, useBias: false, inputShape: [400, 13] },
      ],
      torch: "LSTM",
      tfjs: {
        factory: "lstm",
        args: (layer) => ({ ...tfjsArgs(layer), unitForgetBias: true }),
      },
    },
  );

  /**
   * Creates the layer, checking its configuration.
   *
   * @param units The size of the hidden state, or the whole configuration.
   * @param args The rest of the configuration, when `units` came first.
   */
  constructor(units: number | LSTMArgs, args?: Omit<LSTMArgs, "units">) {
    super(positional(LSTM.kind, units, args), LSTM.kind);
  }

  /** LSTM carries two states, h and c. */
  protected override get stateCount(): number {
    return 2;
  }
}

/** Arguments of {@linkcode LSTM}. */
export interface LSTMArgs extends GatedArgs {
  /** Initialize the forget gate's bias to 1; it adds no parameters. */
  readonly unitForgetBias?: boolean;
}

/** Arguments of the gated recurrent layers. */
export interface GatedArgs extends RecurrentArgs {
  /** The gates' activation's name; it has no parameters. */
  readonly recurrentActivation?: string | null;
}

/** Arguments of {@linkcode GRU}. */
export interface GRUArgs extends GatedArgs {
  /**
   * Apply the reset gate after the recurrent matrix product, with a separate recurrent bias
   * (Keras's default, and cuDNN's convention). TensorFlow.js supports only `false`.
   * @default {true}
   */
  readonly resetAfter?: boolean;
}

/**
 * Gated recurrent unit: three gate blocks (update, reset, candidate). With `resetAfter` (the
 * Keras default) the bias has two rows, one for the input and one for the recurrent product.
 *
 * @example
 * ```ts
 * import { GRU } from "../../mod.ts";
 * import assert from "assert";
 *
 * // 3 × (n·m + m² + 2m) with n = 13, m = 5
 * assert.equal(new GRU({ units: 5, inputShape: [400, 13] }).paramCount(), 3 * (65 + 25 + 10));
 * assert.equal(
 *   new GRU({ units: 5, resetAfter: false, inputShape: [400, 13] }).paramCount(),
 *   3 * (65 + 25 + 5),
 * );
 * ```
 */
export class GRU extends Recurrent {
  /** The declaration of Keras's `GRU`. */
  static readonly kind: LayerKind = recurrentKind(
    "GRU",
    GRU_OPTIONS,
    "Gated recurrent unit: three gate blocks; Keras's default keeps two bias rows.",
    (config) => new GRU(config as unknown as GRUArgs),
    {
      gates: ["update gate", "reset gate", "candidate"],
      samples: [
        { units: 5, inputShape: [400, 13] },
        { units: 5, resetAfter: false, inputShape: [400, 13] },
      ],
      torch: "GRU",
      // Keras versions before reset_after existed wrote no key and computed it the "false" way.
      fromJson: (config) => config.reset_after === undefined ? { resetAfter: false } : {},
      tfjs: {
        factory: "gru",
        args: tfjsArgs,
        refuse: (layer) =>
          (layer as GRU).resetAfter
            ? `GRU "${layer.name}" uses resetAfter: true (Keras's default), which TensorFlow.js ` +
              `does not implement: its GRU has one bias row, 3·(n·m + m² + m) parameters ` +
              `instead of 3·(n·m + m² + 2m). Create the layer with resetAfter: false to build ` +
              `it in TF.js`
            : undefined,
      },
    },
  );
  /** Whether the reset gate is applied after the recurrent product (two bias rows). */
  readonly resetAfter: boolean;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param units The size of the hidden state, or the whole configuration.
   * @param args The rest of the configuration, when `units` came first.
   */
  constructor(units: number | GRUArgs, args?: Omit<GRUArgs, "units">) {
    super(positional(GRU.kind, units, args), GRU.kind);
    this.resetAfter = this.options(GRU_OPTIONS).resetAfter;
  }
}

/**
 * The kinds this file declares, in the order the library lists them; the registry reads them
 * here, so adding a kind to this file is all it takes to register it.
 *
 * @example
 * ```ts
 * import { RECURRENT_KINDS } from "./recurrent.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(RECURRENT_KINDS.map((kind) => kind.className), ["SimpleRNN", "LSTM", "GRU"]);
 * ```
 */
export const RECURRENT_KINDS: readonly LayerKind[] = [
  SimpleRNN.kind,
  LSTM.kind,
  GRU.kind,
];
