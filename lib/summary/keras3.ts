/**
 * The Keras 3 `model.summary()` table for a Sequential model, as plain text: what Keras prints
 * when its output is captured or not a terminal (no colours, no bold).
 *
 * Rules from `print_summary` in Keras 3 (`keras/src/utils/summary_utils.py`), which draws with
 * the Python library `rich` (see `_rich.ts`):
 *
 * - `default_line_length = 88`, then `min(88, terminal columns - 4)`; Python's
 *   `shutil.get_terminal_size()` answers 80 columns when there is no terminal, so captured
 *   output and CI logs get 76, as do the keras.io examples. That is our default.
 * - `positions` `[0.45, 0.80, 1.0]`; column `i` is given `int(pos_i * line_length) - int(pos_{i-1}
 *   * line_length)` characters, and a column under 4 characters is an error.
 * - A rich `Table(width=line_length, show_lines=True)` with the default `box.HEAVY_HEAD` and
 *   padding `(0, 1)`: with positions ending at 1.0 the columns plus padding and borders are 10
 *   characters too wide, so rich takes 3, 4 and 3 characters back (`ratio_reduce`, Python rounding). At 76 the columns are
 *   33, 24 and 15 characters wide, borders included.
 * - `Layer (type)` and `Output Shape` are left-aligned, `Param #` right-aligned (header too).
 *   Long cells wrap at spaces; a word longer than the cell is cut with `…`.
 * - Shapes are `(None, 10)`: the dimensions joined by `, ` in parentheses, so a one-dimensional
 *   shape is `(None)`, not Python's `(None,)`. Counts use `{:,}`.
 * - `Model: "name"` first; after the table ` Total params: 491 (1.92 KB)`, ` Trainable params:`,
 *   ` Non-trainable params:`, each with the weights' memory size from `readable_memory_size`
 *   (powers of 1024, two decimals). We count 4 bytes per parameter (float32).
 *
 * Earlier Keras 3 releases used `positions` `[0.45, 0.84, 1.0]`; pass them to reproduce tables
 * printed by those versions. We draw the table as a console at least `lineLength` wide shows it:
 * rich crops lines at its console's width (80 without a terminal), so Keras itself cuts a wider
 * `line_length` short there.
 *
 * @module
 */

import { isShapeList, type Shape } from "../shape.ts";
import type { SummaryData } from "./data.ts";
import type { TableOptions } from "./options.ts";
import { formatCount, readableMemorySize } from "./_format.ts";
import { checkLineLength, checkPositionCount } from "./_positions.ts";
import { type Cell, columnWidths, cropLine, drawTable, type RichColumn } from "./_rich.ts";
import { computeLine, hasCompute, macsCell } from "./_compute.ts";
import { expectArray, expectWith } from "../guard.ts";

const DEFAULT_LINE_LENGTH = 76;
const DEFAULT_POSITIONS = [0.45, 0.8, 1] as const;
// A graph's table: Keras 3's positions when it adds the `Connected to` column.
const GRAPH_POSITIONS = [0.3, 0.56, 0.74, 1] as const;
const BYTES_PER_PARAM = 4;
const DEFAULT_CONSOLE_WIDTH = 80;

/**
 * Renders a summary as Keras 3 prints it for a Sequential model when output is not a terminal.
 *
 * With `explain`, a row that has a `formula` shows `count = formula` in the `Param #` column;
 * the column (and the table) grows to fit the longest formula.
 *
 * @param data What the summary says.
 * @param options Line length (default 76, what Keras uses without a terminal; 88 in a wide
 * terminal), positions (default `[0.45, 0.8, 1]`; fractions of the line, or absolute columns if
 * the last one is above 1), and formulas.
 * @returns The summary, lines joined with `\n`, no trailing newline.
 * @throws {RangeError} When a column would be narrower than 4 characters (Keras: "Insufficient
 * console width to print summary."), or options are malformed.
 *
 * @example A Keras 3 table
 * ```ts
 * import { renderKeras3 } from "./keras3.ts";
 * import assert from "assert";
 *
 * const text = renderKeras3({
 *   modelName: "sequential",
 *   rows: [{ name: "dense", className: "Dense", outputShape: [null, 64], paramCount: 2112 }],
 *   totalParams: 2112,
 *   trainableParams: 2112,
 *   nonTrainableParams: 0,
 * });
 * const lines = text.split("\n");
 * assert.equal(lines[0], 'Model: "sequential"');
 * assert.equal(lines[2], "┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃");
 * assert.equal(lines[4], "│ dense (Dense)                   │ (None, 64)             │         2,112 │");
 * assert.equal(lines[6], " Total params: 2,112 (8.25 KB)");
 * ```
 */
export function renderKeras3(data: SummaryData, options: TableOptions = {}): string {
  expectWith("renderKeras3", "its data", data, "a summary's data (model.summaryData())", "rows");
  const lineLength = checkLineLength(options.lineLength ?? DEFAULT_LINE_LENGTH);
  const graph = data.connections === true;
  const trainable = options.showTrainable === true;
  const base = options.positions ?? (graph ? GRAPH_POSITIONS : DEFAULT_POSITIONS);
  // Keras: `positions = [p * 0.90 for p in positions] + [1.0]` for the Trainable column.
  const positions = trainable && !options.positions ? [...base.map((p) => p * 0.9), 1] : base;
  const requested = keras3ColumnWidths(
    positions,
    lineLength,
    (graph ? 4 : 3) + (trainable ? 1 : 0),
  );
  const widths = columnWidths(requested, lineLength).map((w) => Math.max(0, w - 2));

  let counts = data.rows.map((row) => formatCount(row.paramCount));
  let paramHeader = "Param #";
  let paramJustify: RichColumn["justify"] = "right";

  if ((options.explain ?? false) && data.rows.some((row) => row.formula)) {
    // Our addition: counts stay right-aligned under "Param #", formulas follow, `=` aligned.
    const countWidth = Math.max(paramHeader.length, ...counts.map((c) => c.length));
    const formulas = data.rows.map((row) => (row.formula ? ` = ${row.formula}` : ""));
    const cellWidth = countWidth + Math.max(...formulas.map((f) => f.length));
    widths[2] = Math.max(widths[2], cellWidth);
    counts = counts.map((c, i) => (c.padStart(countWidth) + formulas[i]).padEnd(widths[2]));
    paramHeader = paramHeader.padStart(countWidth).padEnd(widths[2]);
    paramJustify = "left";
  }

  // Our addition (compute: true): a MACs column after the count; the table is drawn whole.
  const compute = hasCompute(data);
  const macsCells = compute ? data.rows.map((row) => macsCell(row.macs)) : [];
  const macsWidth = Math.max(4, ...macsCells.map((c) => c.length));
  const columns: RichColumn[] = [
    { header: "Layer (type)", width: widths[0], justify: "left" },
    { header: "Output Shape", width: widths[1], justify: "left", repeats: true },
    { header: paramHeader, width: widths[2], justify: paramJustify },
    ...(compute ? [{ header: "MACs", width: macsWidth, justify: "right" } as const] : []),
    ...(graph ? [{ header: "Connected to", width: widths[3], justify: "left" } as const] : []),
    ...(trainable
      ? [{ header: "Trainable", width: widths[graph ? 4 : 3], justify: "center" } as const]
      : []),
  ];
  const shapeText = shapeTexts();
  const typeText = typeTexts();
  const rows = data.rows.map((row, i) => {
    // `name (Class)`, given as its two words: the table joins them only if they share a line.
    const layer: Cell = [`${row.name}`, typeText(`${row.className}`)];
    const cells: Cell[] = [layer, shapeText(row.outputShape), counts[i]];
    if (compute) cells.push(macsCells[i]);
    if (graph) cells.push(connectedText(row.connectedTo));
    if (trainable) cells.push(row.trainableFlag ?? "-");
    return cells;
  });
  // Keras prints through rich, which cuts each line at its console's width (80 without a
  // terminal). Our formulas are our addition; a table with them is drawn whole.
  const consoleWidth = options.consoleWidth ?? DEFAULT_CONSOLE_WIDTH;
  // The whole text is one list of pieces, joined once into one flat string.
  const out = [`Model: "${data.modelName}"\n`];
  if (paramJustify !== "left" && !compute && !fitsConsole(columns, consoleWidth)) {
    const lines = drawTable(columns, rows).join("").split("\n");
    // Every table line ends with a line break: the last piece of the split is empty.
    for (let i = 0; i + 1 < lines.length; i++) out.push(cropLine(lines[i], consoleWidth), "\n");
  } else {
    drawTable(columns, rows, out);
  }
  out.push(
    totalLine("Total params", data.totalParams, data.bytes?.total),
    "\n",
    totalLine("Trainable params", data.trainableParams, data.bytes?.trainable),
    "\n",
    totalLine("Non-trainable params", data.nonTrainableParams, data.bytes?.nonTrainable),
  );
  if (compute) out.push("\n ", computeLine(data));
  return out.join("");
}

/** `(Class)` for one table, made once per class. */
function typeTexts(): (className: string) => string {
  const texts = new Map<string, string>();
  return (className) => {
    let text = texts.get(className);
    if (text === undefined) texts.set(className, text = `(${className})`);
    return text;
  };
}

/** A trie node of {@linkcode shapeTexts}: the shapes that go on from here, and this one's text. */
interface ShapeNode {
  next: Map<unknown, ShapeNode> | undefined;
  text: string | undefined;
}

/**
 * {@linkcode formatKeras3Shape} for one table: equal shapes get the same string, made once.
 * A deep network repeats a few shapes down its hundreds of rows; looking a shape up dimension by
 * dimension costs less than writing it, and the table lays out a string it has seen before
 * without reading it again.
 */
function shapeTexts(): (shape: Shape | readonly Shape[]) => string {
  const root: ShapeNode = { next: undefined, text: undefined };
  return (shape) => {
    // What is not one shape (a list of shapes, or no list at all) is formatted, or refused, as
    // formatKeras3Shape does.
    if (!Array.isArray(shape)) return formatKeras3Shape(shape);
    let node = root;
    for (let i = 0; i < shape.length; i++) {
      const dim: unknown = shape[i];
      if (typeof dim === "object" && dim !== null) return formatKeras3Shape(shape);
      const next = node.next ??= new Map();
      let child = next.get(dim);
      if (child === undefined) {
        child = { next: undefined, text: undefined };
        next.set(dim, child);
      }
      node = child;
    }
    return node.text ??= formatKeras3Shape(shape);
  };
}

/** A `Connected to` cell: the inputs joined by `, `, or `-` for none. */
function connectedText(inputs: readonly string[] | undefined): string {
  if (!inputs?.length) return "-";
  // Most layers read one tensor, and a one-element join costs far more than the element.
  const only = inputs.length === 1 ? inputs[0] : undefined;
  return typeof only === "string" ? only : inputs.join(", ");
}

/**
 * Whether no line of the table is wider than the console, so rich would crop none: every line
 * is exactly the columns' widths plus padding and borders when no column is empty
 * ({@linkcode drawTable}), and a line with a surrogate pair is no longer in characters.
 */
function fitsConsole(columns: readonly RichColumn[], consoleWidth: number): boolean {
  let width = 1;
  for (const column of columns) {
    if (column.width < 1) return false;
    width += column.width + 3;
  }
  return width <= consoleWidth;
}

/**
 * Formats an output shape as Keras 3's summary does: dimensions joined by `, ` in parentheses,
 * `None` for unknown sizes, no trailing comma for one dimension; several outputs in brackets.
 *
 * @param shape The shape, batch dimension first, or a list of shapes.
 * @returns For example `(None, 400, 5)`, `(None)` for a one-dimensional shape, or
 * `[(None, 64), (None, 64)]`.
 *
 * @example
 * ```ts
 * import { formatKeras3Shape } from "./keras3.ts";
 * import assert from "assert";
 *
 * assert.equal(formatKeras3Shape([null, null, 10]), "(None, None, 10)");
 * assert.equal(formatKeras3Shape([null]), "(None)");
 * assert.equal(formatKeras3Shape([[null, 64], [null, 64]]), "[(None, 64), (None, 64)]");
 * ```
 */
export function formatKeras3Shape(shape: Shape | readonly Shape[]): string {
  expectArray("formatKeras3Shape", "its shape", shape, "a shape or a list of shapes");
  if (isShapeList(shape)) {
    // Keras 3 prints a single output plainly, several as `str(list)` with the quotes removed.
    const parts = shape.map(formatKeras3Shape);
    return parts.length === 1 ? parts[0] : `[${parts.join(", ")}]`;
  }
  let text = "(";
  for (let i = 0; i < shape.length; i++) {
    if (i > 0) text += ", ";
    text += shape[i] === null ? "None" : String(shape[i]);
  }
  return text + ")";
}

/** Keras 3's column widths before rich lays them out. */
function keras3ColumnWidths(
  positions: readonly number[],
  lineLength: number,
  columns: number,
): number[] {
  checkPositionCount(positions, columns);
  // Keras 3 always multiplies; absolute columns (last position above 1) are our extension.
  const absolute = positions[positions.length - 1] > 1;
  const widths: number[] = [];
  let current = 0;
  for (const pos of positions) {
    const width = (absolute ? pos : Math.trunc(pos * lineLength)) - current;
    if (!(width >= 4)) {
      throw new RangeError(
        `Insufficient console width to print summary: line length ${lineLength} and positions [${
          positions.join(", ")
        }] give a column of ${width} characters, fewer than 4`,
      );
    }
    widths.push(width);
    current += width;
  }
  return widths;
}

/** One of the lines after the table, e.g. ` Total params: 491 (1.92 KB)`. */
function totalLine(label: string, count: number, bytes = count * BYTES_PER_PARAM): string {
  return ` ${label}: ${formatCount(count)} (${readableMemorySize(bytes)})`;
}
