/**
 * Recurrent layers: SimpleRNN, LSTM, GRU. One cell is shared across all time steps, so the
 * count depends on the features and units, never on the sequence length.
 *
 * @module
 */

import type { Shape } from "../shape.ts";
import { type InputSpec, Layer, type LayerArgs, type WeightSpec } from "./base.ts";
import { flag, fraction, intAtLeast } from "./_validate.ts";

/** Arguments shared by the recurrent layers. */
export interface RecurrentArgs extends LayerArgs {
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
  /** The gates' activation's name; it has no parameters. */
  readonly recurrentActivation?: string | null;
  /** Dropout on the inputs, in [0, 1]; it has no parameters. */
  readonly dropout?: number;
  /** Dropout on the recurrent state, in [0, 1]; it has no parameters. */
  readonly recurrentDropout?: number;
  /** A regularizer on the kernel (for example `l2(0.0015)`); it adds no parameters. */
  readonly kernelRegularizer?: unknown;
  /** A regularizer on the recurrent kernel; it adds no parameters. */
  readonly recurrentRegularizer?: unknown;
  /** A regularizer on the bias; it adds no parameters. */
  readonly biasRegularizer?: unknown;
  /** Process the sequence backwards; it adds no parameters. */
  readonly goBackwards?: boolean;
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
   * order, e.g. LSTM's input, forget, cell candidate, output.
   */
  abstract readonly gates: readonly string[];

  /**
   * Checks the configuration every recurrent layer shares.
   *
   * @param args The layer's configuration.
   * @param owner The class name, for error messages.
   */
  protected constructor(args: RecurrentArgs, owner: string) {
    super(args, owner);
    this.units = intAtLeast(owner, "units", args.units);
    this.returnSequences = flag(owner, "returnSequences", args.returnSequences, false);
    this.useBias = flag(owner, "useBias", args.useBias, true);
    flag(owner, "goBackwards", args.goBackwards, false);
    if (args.dropout !== undefined) fraction(owner, "dropout", args.dropout);
    if (args.recurrentDropout !== undefined) {
      fraction(owner, "recurrentDropout", args.recurrentDropout);
    }
  }

  /** The bias shape; GRU with `resetAfter` keeps two bias rows. */
  protected biasShape(): number[] {
    return [this.gates.length * this.units];
  }

  /** What input the layer accepts. */
  protected get inputSpec(): InputSpec {
    return { ndim: 3, definedAxes: [-1] };
  }

  /** The weight tensors the layer creates for an input shape. */
  protected buildWeights(inputShape: Shape): WeightSpec[] {
    const features = inputShape[2]!;
    const width = this.gates.length * this.units;
    return [
      { name: "kernel", shape: [features, width], trainable: true },
      { name: "recurrent_kernel", shape: [this.units, width], trainable: true },
      ...(this.useBias ? [{ name: "bias", shape: this.biasShape(), trainable: true }] : []),
    ];
  }

  /** The output shape for an input shape. */
  protected computeOutputShape(inputShape: Shape): Shape {
    return this.returnSequences
      ? [inputShape[0], inputShape[1], this.units]
      : [inputShape[0], this.units];
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
  /** The Keras class name. */
  readonly className: string = "SimpleRNN";
  /** The gate blocks, in the kernel's column order. */
  readonly gates: readonly string[] = ["state"];

  /**
   * Creates the layer, checking its configuration.
   *
   * @param args The layer's configuration.
   */
  constructor(args: RecurrentArgs) {
    super(args, "SimpleRNN");
  }
}

/**
 * Long short-term memory: four gate blocks (input, forget, cell candidate, output), so four
 * times a SimpleRNN's weights: 4 × ((n + m) × m + m).
 *
 * @example Seed 000's first LSTM: 13 features, 5 units
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
  /** The Keras class name. */
  readonly className: string = "LSTM";
  /** The gate blocks, in the kernel's column order. */
  readonly gates: readonly string[] = ["input", "forget", "cell", "output"];

  /**
   * Creates the layer, checking its configuration.
   *
   * @param args The layer's configuration.
   */
  constructor(args: RecurrentArgs) {
    super(args, "LSTM");
  }
}

/** Arguments of {@linkcode GRU}. */
export interface GRUArgs extends RecurrentArgs {
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
  /** The Keras class name. */
  readonly className: string = "GRU";
  /** The gate blocks, in the kernel's column order. */
  readonly gates: readonly string[] = ["update", "reset", "candidate"];
  /** Whether the reset gate is applied after the recurrent product (two bias rows). */
  readonly resetAfter: boolean;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param args The layer's configuration.
   */
  constructor(args: GRUArgs) {
    super(args, "GRU");
    this.resetAfter = flag("GRU", "resetAfter", args.resetAfter, true);
  }

  /** The bias shape. */
  protected override biasShape(): number[] {
    const width = this.gates.length * this.units;
    return this.resetAfter ? [2, width] : [width];
  }
}
