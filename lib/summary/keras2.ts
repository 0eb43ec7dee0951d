/**
 * The classic Keras 2 / tf.keras `model.summary()` table for a Sequential model.
 *
 * Rules from `print_summary` in tf.keras (`tensorflow/python/keras/utils/layer_utils.py`, TF 2.0
 * to 2.8; the same code sits in standalone Keras 2.x `keras/utils/layer_utils.py` and TF.js
 * `tfjs-layers/src/utils/layer_utils.ts`):
 *
 * - `line_length` 65 and `positions` `[.45, .85, 1]` for a Sequential model; positions whose last
 *   value is at most 1 are fractions, turned into columns with `int(line_length * p)`.
 * - Each row is built field by field: the line so far loses its last character to a space, the
 *   field is appended, the line is cut at the field's end position and padded to it. So
 *   `time_distributed_4 (TimeDistributed)` becomes `time_distributed_4 (TimeDist`.
 * - Shapes are printed as Python tuples, counts as plain integers; the totals use `{:,}`.
 * - `Model: "name"`, a `_` rule, the header, a `=` rule, rows separated by `_` rules, a `=` rule
 *   after the last row, three total lines and a closing `_` rule.
 *
 * @module
 */

import { formatOutputShape } from "../shape.ts";
import type { SummaryData } from "./data.ts";
import type { TableOptions } from "./options.ts";
import { formatCount } from "./_format.ts";
import { absolutePositions, checkLineLength } from "./_positions.ts";
import { computeLine, hasCompute, macsCell } from "./_compute.ts";
import { expectWith } from "../guard.ts";

/** Options for {@linkcode renderKeras2}. */
export interface Keras2Options extends TableOptions {
  /**
   * Start with the `Model: "name"` line. tf.keras 2.x prints it; standalone Keras 2.2 and older
   * did not (Stack Overflow posts from 2018 start with the `_` rule).
   * @default {true}
   */
  readonly showModelName?: boolean;
}

const HEADER = ["Layer (type)", "Output Shape", "Param #"] as const;
const DEFAULT_LINE_LENGTH = 65;
const DEFAULT_POSITIONS = [0.45, 0.85, 1] as const;
// A graph's table: tf.keras's line length and positions when it adds `Connected to`.
const GRAPH_HEADER = [...HEADER, "Connected to"] as const;
const GRAPH_LINE_LENGTH = 98;
const GRAPH_POSITIONS = [0.33, 0.55, 0.67, 1] as const;

/**
 * Renders a summary as tf.keras 2.x prints it for a Sequential model.
 *
 * With `explain`, a row that has a `formula` shows `count = formula` in the param column (counts
 * padded to one width so the `=` signs line up), and the line grows if the formulas need room.
 *
 * @param data What the summary says.
 * @param options Line length (default 65), positions (default `[0.45, 0.85, 1]`), formulas, and
 * whether to print the `Model:` line.
 * @returns The table, lines joined with `\n`, no trailing newline. Lines keep Keras's trailing
 * spaces.
 * @throws {RangeError} On a line length that is not a positive integer, or positions that are not
 * three increasing values.
 *
 * @example The table from Stack Overflow question 50947079
 * ```ts
 * import { renderKeras2 } from "./keras2.ts";
 * import assert from "assert";
 *
 * const text = renderKeras2({
 *   modelName: "sequential_4",
 *   rows: [
 *     { name: "lstm_4", className: "LSTM", outputShape: [null, null, 10], paramCount: 480 },
 *     {
 *       name: "time_distributed_4",
 *       className: "TimeDistributed",
 *       outputShape: [null, null, 1],
 *       paramCount: 11,
 *     },
 *   ],
 *   totalParams: 491,
 *   trainableParams: 491,
 *   nonTrainableParams: 0,
 * });
 * const lines = text.split("\n");
 * assert.equal(lines[0], 'Model: "sequential_4"');
 * assert.equal(lines[6], "time_distributed_4 (TimeDist (None, None, 1)           11        ");
 * assert.equal(lines[8], "Total params: 491");
 * ```
 */
export function renderKeras2(data: SummaryData, options: Keras2Options = {}): string {
  expectWith("renderKeras2", "its data", data, "a summary's data (model.summaryData())", "rows");
  if (options.showTrainable) {
    throw new TypeError(
      `showTrainable is drawn in the Keras 3 style only: use summary({ showTrainable: true })`,
    );
  }
  const graph = data.connections === true;
  let header: readonly string[] = graph ? GRAPH_HEADER : HEADER;
  const lineLength = checkLineLength(
    options.lineLength ?? (graph ? GRAPH_LINE_LENGTH : DEFAULT_LINE_LENGTH),
  );
  const positions = absolutePositions(
    options.positions ?? (graph ? GRAPH_POSITIONS : DEFAULT_POSITIONS),
    lineLength,
    header.length,
  );
  const explain = (options.explain ?? false) && data.rows.some((row) => row.formula);
  const paramFields = explain ? explainedCounts(data) : data.rows.map((r) => String(r.paramCount));

  // Formulas may need more room than the param column has: widen the line to fit them.
  const paramStart = positions[1];
  const longest = Math.max(0, ...paramFields.map((f) => f.length));
  const extra = explain ? Math.max(0, paramStart + longest - positions[2]) : 0;
  for (let i = 2; i < positions.length; i++) positions[i] += extra;
  const lineWidth = lineLength + extra;

  // Our addition (compute: true): a MACs column after the last, as wide as its widest cell.
  const compute = hasCompute(data);
  if (compute) {
    const macsWidth = Math.max(5, ...data.rows.map((r) => macsCell(r.macs).length + 1));
    positions.push(positions.at(-1)! + macsWidth);
    header = [...header, "MACs"];
  }
  const width = compute ? positions.at(-1)! : lineWidth;
  const lines: string[] = [];
  if (options.showModelName ?? true) lines.push(`Model: "${data.modelName}"`);
  lines.push("_".repeat(width));
  lines.push(formatRow(header, positions));
  lines.push("=".repeat(width));
  data.rows.forEach((row, i) => {
    const name = `${row.name} (${row.className})`;
    // tf.keras's InputLayer reports its output shape as a list of one shape.
    const shape = row.isInput
      ? `[${formatOutputShape(row.outputShape)}]`
      : formatOutputShape(row.outputShape);
    const connections = row.connectedTo ?? [];
    const fields = [
      name,
      shape,
      paramFields[i],
      ...(graph ? [connections[0] ?? ""] : []),
      ...(compute ? [macsCell(row.macs)] : []),
    ];
    lines.push(formatRow(fields, positions));
    for (const more of connections.slice(1)) {
      lines.push(formatRow(["", "", "", more, ...(compute ? [""] : [])], positions));
    }
    lines.push((i === data.rows.length - 1 ? "=" : "_").repeat(width));
  });
  lines.push(`Total params: ${formatCount(data.totalParams)}`);
  lines.push(`Trainable params: ${formatCount(data.trainableParams)}`);
  lines.push(`Non-trainable params: ${formatCount(data.nonTrainableParams)}`);
  if (compute) lines.push(computeLine(data));
  lines.push("_".repeat(width));
  return lines.join("\n");
}

/**
 * Keras 2's `print_row`: appends each field after turning the line's last character into a
 * space, then cuts and pads the line to the field's end position.
 *
 * @param fields The row's texts.
 * @param positions The end column of each field.
 * @returns The row, exactly `positions.at(-1)` characters long.
 *
 * @example Cutting a long layer name
 * ```ts
 * import { formatRow } from "./keras2.ts";
 * import assert from "assert";
 *
 * assert.equal(
 *   formatRow(["bidirectional_1 (Bidirectional)", "(None, 64)", "41216"], [29, 55, 65]),
 *   "bidirectional_1 (Bidirection (None, 64)                41216     ",
 * );
 * ```
 */
export function formatRow(fields: readonly string[], positions: readonly number[]): string {
  let line = "";
  fields.forEach((field, i) => {
    if (i > 0) line = line.slice(0, -1) + " ";
    line = (line + field).slice(0, positions[i]);
    line += " ".repeat(Math.max(0, positions[i] - line.length));
  });
  return line;
}

/** The param column's text per row when explaining: `count = formula`, `=` signs aligned. */
function explainedCounts(data: SummaryData): string[] {
  const counts = data.rows.map((row) => String(row.paramCount));
  const width = Math.max(...counts.map((c) => c.length));
  return data.rows.map((row, i) =>
    row.formula ? `${counts[i].padEnd(width)} = ${row.formula}` : counts[i]
  );
}
