/**
 * Keras's `RNN(cell)`: the recurrent loop around a cell object, with the cells `SimpleRNNCell`,
 * `LSTMCell` and `GRUCell`, and `StackedRNNCells` (a list of cells, each feeding the next). The
 * weights are the cells', created as the matching layers create them: `RNN(LSTMCell(5))` on 13
 * features has LSTM(5)'s 380 parameters.
 *
 * @module
 */

import { weightsNamed } from "./macs.ts";
import type { Shape } from "../shape.ts";
import type { InputSpec, LayerArgs, OutputShape } from "./args.ts";
import { Layer, type Weight } from "./base.ts";
import { defineKind, type LayerKind, positional, type RowCandidate } from "./kind.ts";
import { RECURRENT_CALL } from "./call.ts";
import { opt, type OptionTable } from "./options.ts";
import { cellWeights, GRU, LSTM, type RecurrentExtrasArgs, SimpleRNN } from "./recurrent.ts";
import { tfjsCellArgs } from "./_bridge_args.ts";
import { CELL_OPTIONS, gatedOptions } from "./_recurrent_options.ts";

const { lstm: LSTM_CELL_OPTIONS, gru: GRU_CELL_OPTIONS } = gatedOptions(CELL_OPTIONS);

/** Arguments of the cells. */
export interface CellArgs extends LayerArgs, RecurrentExtrasArgs {
  /** The size of the hidden state. */
  readonly units: number;
  /**
   * Whether the cell has bias vectors.
   * @default {true}
   */
  readonly useBias?: boolean;
  /** The activation's name; it has no parameters. */
  readonly activation?: string | null;
  /** The gates' activation's name (LSTMCell, GRUCell); it has no parameters. */
  readonly recurrentActivation?: string | null;
  /**
   * GRUCell only: the reset gate after the recurrent product, with a second bias row.
   * @default {true}
   */
  readonly resetAfter?: boolean;
  /** LSTMCell only: initialize the forget gate's bias to 1; it adds no parameters. */
  readonly unitForgetBias?: boolean;
}

/**
 * What `RNN` loops over: one time step's computation. Built for one step's input
 * `(batch, features)`, a cell holds the weights; its output is its hidden state.
 *
 * @example
 * ```ts
 * import { type Cell, LSTMCell } from "../../mod.ts";
 * import assert from "assert";
 *
 * const cell: Cell = new LSTMCell(5).build([null, 13]);
 * assert.deepEqual(cell.stateSizes, [5, 5]);
 * assert.equal(cell.outputSize, 5);
 * ```
 */
export abstract class Cell extends Layer {
  /** The sizes of the states it carries, flattened: `[units, units]` for LSTMCell. */
  abstract get stateSizes(): readonly number[];
  /** The size of its output. */
  abstract get outputSize(): number;

  /** One step's input: (batch, features). */
  protected get inputSpec(): InputSpec {
    return { ndim: 2, definedAxes: [-1] };
  }

  /** The output for one step: (batch, outputSize). */
  protected computeOutputShape(inputShape: Shape): Shape {
    return [inputShape[0], this.outputSize];
  }
}

// One step of a cell (or a stack of them): the input times each kernel, the state times each
// recurrent kernel.
function oneStep(layer: Layer): number {
  return weightsNamed(layer.weights(), "kernel", "recurrent_kernel");
}

/**
 * Declares a cell's kind. Its gate blocks are those of the layer it is the cell of: RNN(LSTMCell(5))
 * is LSTM(5).
 */
function cellKind(
  className: string,
  options: OptionTable,
  summary: string,
  create: (config: Record<string, unknown>) => Layer,
  tfjs: LayerKind["tfjs"],
  gates: LayerKind["gates"],
): LayerKind {
  return defineKind({
    className,
    family: "recurrent",
    summary,
    options,
    positional: "units",
    create,
    jsonIgnored: ["implementation"],
    tfjs,
    gates,
    macs: oneStep,
  });
}

/** A cell's TF.js arguments; LSTMCell's forget gate starts with a bias of 1, as Keras's. */
function tfjsArgs(layer: Layer): Record<string, unknown> {
  return {
    ...tfjsCellArgs(layer.config),
    ...(layer.className === "LSTMCell" ? { unitForgetBias: true } : {}),
  };
}

/**
 * A cell with gate blocks laid side by side, as the recurrent layers have.
 *
 * @example
 * ```ts
 * import { GRUCell, type GatedCell } from "../../mod.ts";
 * import assert from "assert";
 *
 * const cell: GatedCell = new GRUCell(5);
 * assert.deepEqual(cell.gates, ["update", "reset", "candidate"]);
 * ```
 */
export abstract class GatedCell extends Cell {
  /** The size of the hidden state. */
  readonly units: number;
  /** Whether the cell has biases. */
  readonly useBias: boolean;
  /** The gate blocks, in the kernel's column order. */
  abstract readonly gates: readonly string[];

  /**
   * Checks the configuration.
   *
   * @param args The configuration.
   * @param kind The cell's kind.
   */
  protected constructor(args: LayerArgs, kind: LayerKind) {
    super(args, kind);
    const c = this.options(CELL_OPTIONS);
    this.units = c.units;
    this.useBias = c.useBias;
  }

  /** The size of the output: the hidden state. */
  get outputSize(): number {
    return this.units;
  }

  /** One state of `units` values. */
  get stateSizes(): readonly number[] {
    return [this.units];
  }

  /** Keras's cell weights: kernel, recurrent kernel, bias. */
  protected buildWeights(inputShape: Shape): Weight[] {
    return cellWeights(
      inputShape.at(-1)!,
      this.units,
      this.gates.length,
      this.useBias,
      this.config.resetAfter === true,
    ) as Weight[];
  }
}

/**
 * SimpleRNN's cell: one block, kernel (n, m), recurrent kernel (m, m), bias (m).
 *
 * @example
 * ```ts
 * import { RNN, SimpleRNNCell } from "../../mod.ts";
 * import assert from "assert";
 *
 * const rnn = new RNN(new SimpleRNNCell(10), { inputShape: [13, 5] });
 * assert.equal(rnn.paramCount(), 5 * 10 + 10 * 10 + 10);
 * ```
 */
export class SimpleRNNCell extends GatedCell {
  /** The declaration of Keras's `SimpleRNNCell`. */
  static readonly kind: LayerKind = cellKind(
    "SimpleRNNCell",
    CELL_OPTIONS,
    "SimpleRNN's cell for RNN(cell): kernel, recurrent kernel and bias of one block.",
    (config) => new SimpleRNNCell(config as unknown as CellArgs),
    { factory: "simpleRNNCell", args: tfjsArgs },
    SimpleRNN.kind.gates,
  );
  /** The gate blocks. */
  readonly gates: readonly string[] = ["state"];

  /**
   * Creates the cell, checking its configuration.
   *
   * @param units The size of the hidden state, or the whole configuration.
   * @param args The rest of the configuration, when `units` came first.
   */
  constructor(units: number | CellArgs, args?: Omit<CellArgs, "units">) {
    super(positional(SimpleRNNCell.kind, units, args), SimpleRNNCell.kind);
  }
}

/**
 * LSTM's cell: four gate blocks, 4 × ((n + m) × m + m); two states, h and c.
 *
 * @example "Why does the first LSTM have more params?": as RNN(LSTMCell(5))
 * ```ts
 * import { LSTMCell, RNN } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(new RNN(new LSTMCell(5), { inputShape: [400, 13] }).paramCount(), 380);
 * ```
 */
export class LSTMCell extends GatedCell {
  /** The declaration of Keras's `LSTMCell`. */
  static readonly kind: LayerKind = cellKind(
    "LSTMCell",
    LSTM_CELL_OPTIONS,
    "LSTM's cell for RNN(cell): four gate blocks; two states (h and c).",
    (config) => new LSTMCell(config as unknown as CellArgs),
    { factory: "lstmCell", args: tfjsArgs },
    LSTM.kind.gates,
  );
  /** The gate blocks. */
  readonly gates: readonly string[] = ["input", "forget", "cell", "output"];

  /**
   * Creates the cell, checking its configuration.
   *
   * @param units The size of the hidden state, or the whole configuration.
   * @param args The rest of the configuration, when `units` came first.
   */
  constructor(units: number | CellArgs, args?: Omit<CellArgs, "units">) {
    super(positional(LSTMCell.kind, units, args), LSTMCell.kind);
  }

  /** Two states: h and c. */
  override get stateSizes(): readonly number[] {
    return [this.units, this.units];
  }
}

/**
 * GRU's cell: three gate blocks; with `resetAfter` (Keras's default) two bias rows.
 *
 * @example
 * ```ts
 * import { GRUCell, RNN } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(new RNN(new GRUCell(5), { inputShape: [400, 13] }).paramCount(), 300);
 * ```
 */
export class GRUCell extends GatedCell {
  /** The declaration of Keras's `GRUCell`. */
  static readonly kind: LayerKind = cellKind(
    "GRUCell",
    GRU_CELL_OPTIONS,
    "GRU's cell for RNN(cell): three gate blocks; Keras's default keeps two bias rows.",
    (config) => new GRUCell(config as unknown as CellArgs),
    {
      factory: "gruCell",
      args: tfjsArgs,
      refuse: (layer) =>
        layer.config.resetAfter
          ? `GRUCell "${layer.name}" uses resetAfter: true (Keras's default), which ` +
            `TensorFlow.js does not implement. Create the cell with resetAfter: false to build ` +
            `it in TF.js`
          : undefined,
    },
    GRU.kind.gates,
  );
  /** The gate blocks. */
  readonly gates: readonly string[] = ["update", "reset", "candidate"];

  /**
   * Creates the cell, checking its configuration.
   *
   * @param units The size of the hidden state, or the whole configuration.
   * @param args The rest of the configuration, when `units` came first.
   */
  constructor(units: number | CellArgs, args?: Omit<CellArgs, "units">) {
    super(positional(GRUCell.kind, units, args), GRUCell.kind);
  }
}

// ---------------------------------------------------------------------------------------------
// StackedRNNCells

const CELL_LIST = opt.custom<readonly Cell[]>(
  "a non-empty list of cells such as [new LSTMCell(5), new LSTMCell(3)]",
  (v) => Array.isArray(v) && v.length > 0 && v.every((c) => c instanceof Cell),
);

/** Arguments of {@linkcode StackedRNNCells}. */
export interface StackedRNNCellsArgs extends LayerArgs {
  /** The cells, each taking the previous one's output. */
  readonly cells: readonly Cell[];
}

/**
 * A stack of cells that behaves as one cell: each cell takes the previous one's output, so the
 * second LSTMCell's kernel has the first one's units as its input features.
 *
 * @example Two LSTM cells: 380 + 4 × ((5 + 3) × 3 + 3) = 488
 * ```ts
 * import { LSTMCell, RNN, StackedRNNCells } from "../../mod.ts";
 * import assert from "assert";
 *
 * const cells = new StackedRNNCells([new LSTMCell(5), new LSTMCell(3)]);
 * assert.equal(new RNN(cells, { inputShape: [400, 13] }).paramCount(), 488);
 * ```
 */
export class StackedRNNCells extends Cell {
  /** The declaration of Keras's `StackedRNNCells`. */
  static readonly kind: LayerKind = defineKind({
    className: "StackedRNNCells",
    family: "recurrent",
    summary: "A list of cells acting as one: each cell takes the previous one's output.",
    options: { cells: CELL_LIST },
    positional: "cells",
    create: (config) => new StackedRNNCells(config as unknown as StackedRNNCellsArgs),
    fromJson: (_config, reader) => ({ cells: reader.layers("cells", 2) }),
    macs: oneStep,
    tfjs: {
      factory: "stackedRNNCells",
      args: (layer) => ({ cells: (layer as StackedRNNCells).cells }),
    },
  });
  /** The cells. */
  readonly cells: readonly Cell[];

  /**
   * Creates the stack. Cells without a name are numbered per class, as Keras numbers them
   * (`lstm_cell`, `lstm_cell_1`), so their weights' names differ.
   *
   * @param cells The cells, or the whole configuration.
   * @param args The rest of the configuration, when the cells came first.
   */
  constructor(
    cells: readonly Cell[] | StackedRNNCellsArgs,
    args?: Omit<StackedRNNCellsArgs, "cells">,
  ) {
    super(positional(StackedRNNCells.kind, cells, args), StackedRNNCells.kind);
    this.cells = [...(this.config.cells as readonly Cell[])];
    if (new Set(this.cells).size !== this.cells.length) {
      throw new TypeError(
        `Invalid cells for StackedRNNCells: the same cell object is listed twice; each cell ` +
          `holds its own weights, so give each place its own cell`,
      );
    }
    const counts = new Map<string, number>();
    for (const cell of this.cells) {
      if (cell.hasExplicitName) continue;
      const n = counts.get(cell.name) ?? 0;
      counts.set(cell.name, n + 1);
      if (n > 0) cell.assignName(`${cell.name}_${n}`);
    }
  }

  /** The cells. */
  override innerLayers(): readonly Layer[] {
    return this.cells;
  }

  /** Every cell's states, in order. */
  get stateSizes(): readonly number[] {
    return this.cells.flatMap((c) => c.stateSizes);
  }

  /** The last cell's output size. */
  get outputSize(): number {
    return this.cells.at(-1)!.outputSize;
  }

  /** The cells' weights, each named `<cell>/<weight>`, its symbols numbered per cell. */
  protected buildWeights(inputShape: Shape): Weight[] {
    let shape: Shape = inputShape;
    return this.cells.flatMap((cell, i) => {
      const weights = cell.build(shape).weightSpecs().map((w) => ({
        ...w,
        name: `${cell.name}/${w.name}`,
        axes: w.axes?.map((a) => ({
          ...a,
          symbol: a.symbol.replace(/\bm\b/, `m${i + 1}`).replace(/\bn\b/, i === 0 ? "n" : `m${i}`),
          meaning: a.symbol === "n" && i > 0
            ? `units of ${this.cells[i - 1].name}, its input`
            : a.symbol === "m"
            ? `units of ${cell.name}`
            : a.meaning,
        })),
      }));
      shape = [inputShape[0], cell.outputSize];
      return weights;
    });
  }
}

// ---------------------------------------------------------------------------------------------
// RNN

const CELL_OPTION = opt.custom<Cell | readonly Cell[]>(
  "a cell such as new LSTMCell(5), or a list of cells",
  (v) => v instanceof Cell || Array.isArray(v) && v.length > 0 && v.every((c) => c instanceof Cell),
);

const RNN_OPTIONS = {
  cell: CELL_OPTION,
  returnSequences: opt.bool(false),
  returnState: opt.bool(false),
  goBackwards: { ...opt.bool(false), inert: true },
  stateful: { ...opt.bool(false), inert: true },
  unroll: { ...opt.bool(false), inert: true },
  zeroOutputForMask: { ...opt.bool(false), inert: true },
};

/** Arguments of {@linkcode RNN}. */
export interface RNNArgs extends LayerArgs {
  /** The cell run at every step; a list of cells is stacked (`StackedRNNCells`). */
  readonly cell: Cell | readonly Cell[];
  /**
   * Output every step's output, not just the last.
   * @default {false}
   */
  readonly returnSequences?: boolean;
  /**
   * Also output the final states, one per state of each cell.
   * @default {false}
   */
  readonly returnState?: boolean;
  /** Process the sequence backwards; it adds no parameters. */
  readonly goBackwards?: boolean;
  /** Keep the state between batches; it adds no parameters. */
  readonly stateful?: boolean;
  /** Unroll the loop; it adds no parameters. */
  readonly unroll?: boolean;
  /** Zero the output at masked steps; it adds no parameters. */
  readonly zeroOutputForMask?: boolean;
}

/** What a recurrent layer runs over the sequence, not its cell's. */
const RUN_OPTIONS = ["returnSequences", "returnState", "goBackwards"];

/** A recurrent layer's candidate as an RNN of its cell, the cell said to be assumed. */
function withCell(candidate: RowCandidate, cell: string): RowCandidate {
  const run: Record<string, unknown> = {};
  const own: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(candidate.config)) {
    (RUN_OPTIONS.includes(key) ? run : own)[key] = value;
  }
  const sized = candidate.sized;
  return {
    ...candidate,
    config: { cell: { className: cell, ...own }, ...run },
    ...(candidate.unread
      ? { unread: candidate.unread.map((u) => RUN_OPTIONS.includes(u) ? u : `cell.${u}`) }
      : {}),
    ...(sized ? { sized: (size: number) => withCell(sized(size), cell) } : {}),
    assumption: `The cell is not printed: one ${cell} fits the count and the shape ` +
      `(stacked cells may too).` +
      (candidate.assumption ? ` ${candidate.assumption}` : ""),
  };
}

/**
 * A first RNN's candidate, its input's features solved from the count: a cell's count is
 * affine in them, so two builds tell the step.
 */
function solvedFeatures(candidate: RowCandidate, params: number | null): RowCandidate[] {
  const sized = candidate.sized;
  if (!sized || params === null) return [];
  const count = (features: number) => {
    const input = sized(features).input;
    if (!input) return undefined;
    try {
      const { cell, ...run } = candidate.config as { cell: { className: string } };
      const { className, ...own } = cell;
      const Cell = className === "LSTMCell"
        ? LSTMCell
        : className === "GRUCell"
        ? GRUCell
        : SimpleRNNCell;
      const rnn = new RNN({ ...run, cell: new Cell(own as never) } as RNNArgs);
      return rnn.build(input as Shape).paramCount();
    } catch {
      return undefined;
    }
  };
  const one = count(1);
  const two = count(2);
  if (one === undefined || two === undefined || two <= one) return [];
  const features = (params - one) / (two - one) + 1;
  return Number.isSafeInteger(features) && features >= 1 ? [sized(features)] : [];
}

/**
 * Keras's `RNN`: runs a cell over the time steps. The weights are the cell's, shared by every
 * step, so the count is the cell's and never depends on the sequence length.
 *
 * @example RNN(LSTMCell(5)) is LSTM(5); two stacked cells add the second cell's weights
 * ```ts
 * import { LSTMCell, RNN } from "../../mod.ts";
 * import assert from "assert";
 *
 * const rnn = new RNN({ cell: new LSTMCell(5), returnSequences: true, inputShape: [400, 13] });
 * assert.equal(rnn.paramCount(), 380);
 * assert.deepEqual(rnn.outputShape(), [null, 400, 5]);
 * const stacked = new RNN([new LSTMCell(5), new LSTMCell(3)], { inputShape: [400, 13] });
 * assert.equal(stacked.paramCount(), 488);
 * assert.deepEqual(stacked.outputShape(), [null, 3]);
 * ```
 */
export class RNN extends Layer {
  /** The declaration of Keras's `RNN`. */
  static readonly kind: LayerKind = defineKind({
    className: "RNN",
    family: "recurrent",
    summary: "Runs a cell (or a stack of cells) over the time steps; the weights are the cells'.",
    options: RNN_OPTIONS,
    positional: "cell",
    create: (config) => new RNN(config as unknown as RNNArgs),
    call: RECURRENT_CALL,
    fromJson: (config, reader) => ({
      cell: Array.isArray(config.cell) ? reader.layers("cell", 2) : reader.layer("cell", 2),
    }),
    // One cell: its gate blocks, as its own layer class explains them.
    gatesOf: (layer) => (layer as RNN).cell.kind.gates,
    // The cells' step at every time step.
    macs: (layer, { inputs }) => inputs[0][1] * oneStep(layer),
    // Backpropagation through time needs every cell's states at every step.
    saved: (layer, { inputs }) =>
      inputs[0][1] * (layer as RNN).cell.stateSizes.reduce((a, b) => a + b, 0),
    read: {
      // The cell is not printed: one SimpleRNN, GRU or LSTM cell is tried, read as its layer
      // reads it, and said. Stacked cells are not tried (their kinds and sizes between them
      // are printed nowhere): a row none fits is not checked.
      partial: true,
      untried: "any count",
      // On an input printed nowhere, two SimpleRNN cells give an output of n features any
      // count from n(n + 2) + 3 up, and a custom cell (the model's code) any count at all.
      unknownInput: { anyCount: "stacked cells, or a custom cell" },
      candidates: (row) =>
        ([[SimpleRNN.kind, "SimpleRNNCell"], [GRU.kind, "GRUCell"], [
          LSTM.kind,
          "LSTMCell",
        ]] as const)
          .flatMap(([kind, cell]) =>
            (kind.read?.candidates(row) ?? []).flatMap((c) => {
              const wrapped = withCell(c, cell);
              return wrapped.sized && wrapped.input === null
                ? solvedFeatures(wrapped, row.params)
                : [wrapped];
            })
          ),
    },
    tfjs: {
      factory: "rnn",
      args: (layer) => {
        const rnn = layer as RNN;
        return {
          cell: rnn.cell,
          returnSequences: rnn.returnSequences,
          returnState: rnn.returnState,
          goBackwards: layer.config.goBackwards,
        };
      },
    },
    why: (layer) => {
      const rnn = layer as RNN;
      if (!(rnn.cell instanceof StackedRNNCells)) return undefined;
      const parts = rnn.cell.cells.map((cell) =>
        `${cell.name} (${cell.className}, ${cell.paramCount().toLocaleString("en-US")})`
      );
      const steps = layer.inputShape()[1];
      return [
        `The stacked cells run one after the other at each step, each taking the previous ` +
        `cell's output as its input: ${parts.join(", then ")}. A cell's kernel has one row per ` +
        `feature of its input, so every cell after the first has the previous cell's units ` +
        `as its n.`,
        `The cells are reused at every time step${
          steps === null ? "" : ` (all ${steps} of them)`
        }, so the count never depends on the sequence length.`,
      ];
    },
  });
  /** The cell (a `StackedRNNCells` when a list was given). */
  readonly cell: Cell;
  /** Whether every step's output is returned. */
  readonly returnSequences: boolean;
  /** Whether the final states are returned too. */
  readonly returnState: boolean;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param cell The cell or list of cells, or the whole configuration.
   * @param args The rest of the configuration, when the cell came first.
   */
  constructor(cell: Cell | readonly Cell[] | RNNArgs, args?: Omit<RNNArgs, "cell">) {
    super(positional(RNN.kind, cell, args), RNN.kind);
    const c = this.options(RNN_OPTIONS);
    this.cell = Array.isArray(c.cell)
      ? new StackedRNNCells(c.cell as readonly Cell[])
      : c.cell as Cell;
    this.returnSequences = c.returnSequences;
    this.returnState = c.returnState;
  }

  /** The gate blocks of a single gated cell, for explanations (none for a stack). */
  get gates(): readonly string[] | undefined {
    return (this.cell as { gates?: readonly string[] }).gates;
  }

  /** The cell, and a stack's cells. */
  override innerLayers(): readonly Layer[] {
    return [this.cell, ...this.cell.innerLayers()];
  }

  /** (batch, time steps, features). */
  protected get inputSpec(): InputSpec {
    return { ndim: 3, definedAxes: [-1] };
  }

  /** The cell's weights, built for one step's input. */
  protected buildWeights(inputShape: Shape): readonly Weight[] {
    return this.cell.build([inputShape[0], ...inputShape.slice(2)]).weightSpecs();
  }

  /** Every state of every cell, each (batch, its size). */
  override initialStateShapes(inputShape: Shape): readonly Shape[] {
    return this.cell.stateSizes.map((size): Shape => [inputShape[0], size]);
  }

  /** Keras's `compute_output_shape`; with `returnState`, every state of every cell follows. */
  protected computeOutputShape(inputShape: Shape): OutputShape {
    const [batch, steps] = inputShape;
    const output: Shape = this.returnSequences
      ? [batch, steps, this.cell.outputSize]
      : [batch, this.cell.outputSize];
    if (!this.returnState) return output;
    return [output, ...this.cell.stateSizes.map((size): Shape => [batch, size])];
  }
}

/**
 * The kinds this file declares, in the order the library lists them; the registry reads them
 * here, so adding a kind to this file is all it takes to register it.
 *
 * @example
 * ```ts
 * import { RECURRENT_CELL_KINDS } from "./recurrent_cells.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(RECURRENT_CELL_KINDS.map((kind) => kind.className), ["RNN", "SimpleRNNCell", "LSTMCell", "GRUCell", "StackedRNNCells"]);
 * ```
 */
export const RECURRENT_CELL_KINDS: readonly LayerKind[] = [
  RNN.kind,
  SimpleRNNCell.kind,
  LSTMCell.kind,
  GRUCell.kind,
  StackedRNNCells.kind,
];
