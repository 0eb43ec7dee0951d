/**
 * What a model summary says, independent of how it is drawn.
 *
 * @module
 */

import type { Shape } from "../shape.ts";

/** One row of a model summary: one layer. */
export interface SummaryRow {
  /** The layer's name, e.g. `"lstm_1"`. */
  readonly name: string;
  /** The layer's class, e.g. `"LSTM"`, `"TimeDistributed"`. */
  readonly className: string;
  /** The layer's output shape, batch dimension first; a list of shapes for several outputs. */
  readonly outputShape: Shape | readonly Shape[];
  /** The layer's parameter count. */
  readonly paramCount: number;
  /** Optional annotation printed after the count, e.g. `"4*(13*5 + 5*5 + 5)"`. */
  readonly formula?: string;
  /**
   * For a graph's summary, the tensors the layer reads, `name[node][tensor]` (Keras's
   * `Connected to`); empty for an input.
   */
  readonly connectedTo?: readonly string[];
  /** Whether the row is a model input (Keras 2 prints its shape as a list, `[(None, 8)]`). */
  readonly isInput?: boolean;
  /** With `showTrainable`: `Y`, `N`, or `-` for a layer without weights. */
  readonly trainableFlag?: "Y" | "N" | "-";
  /** With `compute`: the layer's MACs for one example, every call of it in the model added. */
  readonly macs?: number;
}

/** Everything a summary table shows. */
export interface SummaryData {
  /** The model's name, e.g. `"sequential"`. */
  readonly modelName: string;
  /** One row per layer, in order. */
  readonly rows: readonly SummaryRow[];
  /** Whether the table has Keras's `Connected to` column (a graph that is not a plain stack). */
  readonly connections?: boolean;
  /** Sum of all parameter counts. */
  readonly totalParams: number;
  /** Parameters updated by training. */
  readonly trainableParams: number;
  /** Parameters not updated by training (e.g. BatchNormalization's moving statistics). */
  readonly nonTrainableParams: number;
  /** With `compute`: the model's MACs for one example. */
  readonly totalMacs?: number;
  /** With `compute`, when a size is unknown: why the MACs cannot be counted. */
  readonly macsUnknown?: string;
  /** The weights' bytes by their dtypes, when not 4 per parameter. */
  readonly bytes?: {
    readonly total: number;
    readonly trainable: number;
    readonly nonTrainable: number;
  };
}

/** The two table styles: today's Keras 3 box table, and the classic Keras 2 / tf.keras table. */
export type SummaryStyle = "keras3" | "keras2";

/** Options for rendering a summary. */
export interface SummaryOptions {
  /**
   * Which Keras's table to draw.
   * @default {"keras3"}
   */
  readonly style?: SummaryStyle;
  /** Total width of the table in characters, as Keras's `line_length`. */
  readonly lineLength?: number;
  /** Column boundaries, as Keras's `positions`: fractions of `lineLength` or absolute columns. */
  readonly positions?: readonly number[];
  /**
   * Add each layer's parameter formula to its row.
   * @default {false}
   */
  readonly explain?: boolean;
  /**
   * The width of the console Keras 3 prints to: rich cuts every line there. Without a terminal
   * (a log, a captured string, CI) it is 80, so a table wider than 80 columns comes out cut;
   * pass your terminal's width to see the table as a wider terminal shows it. Tables with
   * formulas (`explain`) are never cut.
   * @default {80}
   */
  readonly consoleWidth?: number;
  /**
   * List a nested model's layers under it, indented with `└ `, as Keras's `expand_nested`.
   * @default {false}
   */
  readonly expandNested?: boolean;
  /**
   * Add a `MACs` column (each layer's multiply-accumulates for one example) and a `Total MACs`
   * line, with FLOPs = 2 × MACs. Our addition: Keras has no such column.
   * @default {false}
   */
  readonly compute?: boolean;
  /**
   * Add Keras's `Trainable` column: `Y`, `N`, or `-` for a layer without weights.
   * @default {false}
   */
  readonly showTrainable?: boolean;
  /**
   * Only the rows from the first layer whose name matches the first pattern to the last that
   * matches the second, as Keras's `layer_range`.
   */
  readonly layerRange?: readonly [string, string];
}
