// The text report of an explained summary: the input, one line per row (layer, inferred
// configuration, formula, status), the notes, the totals, and the closing verdict. Internal.
// Its size is linear in the summary's: a column is padded only up to a cap, so one long name
// does not widen every other line.

import { formatOutputShape, formatShape, type Shape } from "../shape.ts";
import { describeConfig } from "./config.ts";
import type { ExplainedRow, ExplainedSummary } from "./rows.ts";

/** Cells longer than this are printed whole but do not widen their column. */
const MAX_COLUMN = 48;

/** The cells of one report row, shared by the text and HTML views. */
export interface ReportRow {
  readonly label: string;
  readonly input: string;
  readonly output: string;
  readonly count: string;
  readonly layer: string;
  readonly formula: string;
  readonly status: "ok" | "count ok" | "not checked" | "INCONSISTENT";
  readonly row: ExplainedRow;
}

/** Each row's cells as the report shows them. */
export function reportRows(result: ExplainedSummary): ReportRow[] {
  return result.rows.map((row) => ({
    label: `${"  ".repeat(row.depth ?? 0)}${row.name}${row.nameCut ? "…" : ""}${
      row.className !== undefined ? ` (${row.className}${row.classNameCut ? "" : ")"}` : ""
    }`,
    input: row.layerInputShape
      ? formatShape(row.layerInputShape)
      : row.layerInputShapes
      ? formatOutputShape(row.layerInputShapes)
      : "?",
    output: outputCell(row),
    count: countCell(row),
    layer: row.layer ? describeConfig(row.layer) : "?",
    formula: (row.formula ?? (row.expectedParamCount === 0 ? "0" : "")) +
      (row.filled ? "  (the ?)" : ""),
    status: !row.checked
      ? "not checked"
      : !row.consistent
      ? "INCONSISTENT"
      : row.countOnly
      ? "count ok"
      : "ok",
    row,
  }));
}

/**
 * The output shape as the report shows it: a shape the column cut short ends open, in `…`, after
 * what was printed of it (`(None, 128, 128, 256…`, `[(None, 5), (None, …`), so a cut shape is
 * never shown as if it were whole.
 */
function outputCell(row: ExplainedRow): string {
  const shape = row.outputShape;
  if (!row.outputShapeCut) return shape === null ? "?" : formatOutputShape(shape);
  if (shape === null) return "…";
  const list = row.outputList;
  if (list === null) return openShape(shape as Shape, row.outputShapeCutDigits);
  const whole = row.outputLastCut ? list.slice(0, -1) : list;
  const last = row.outputLastCut ? openShape(list[list.length - 1]) : "…";
  return `[${[...whole.map(formatShape), last].join(", ")}`;
}

/** What was printed of a cut shape: its sizes, the digits of a size cut inside it, and `…`. */
function openShape(shape: Shape, digits?: string): string {
  const sizes = shape.map((d) => (d === null ? "None" : String(d)));
  if (digits !== undefined) sizes.push(digits);
  return `(${sizes.join(", ")}${digits === undefined && sizes.length > 0 ? ", " : ""}…`;
}

/** The totals line(s) of the report. */
export function totalsLines(result: ExplainedSummary): string[] {
  const lines: string[] = [];
  const totals = result.totals;
  const printed = result.summary.totalParams;
  const flag = totals.consistent ? "" : ": INCONSISTENT";
  if (totals.expected) {
    lines.push(
      `Totals: ${totals.expected.totalParams} (${totals.expected.trainableParams} trainable, ` +
        `${totals.expected.nonTrainableParams} non-trainable)${
          printed === undefined ? "" : `; printed ${printed}`
        }${flag}`,
    );
  } else if (printed !== undefined) {
    lines.push(`Totals: printed ${printed}${flag}`);
  }
  if (totals.note) lines.push(`  ${totals.note}`);
  return lines;
}

/** The report as text, closed by its verdict. */
export function reportOf(result: ExplainedSummary, verdict: string): string {
  const lines: string[] = [];
  const name = result.summary.modelName ? ` of model "${result.summary.modelName}"` : "";
  lines.push(
    `Model input${name}: ${result.inputShape ? formatShape(result.inputShape) : "unknown"}`,
  );
  lines.push(`  ${result.inputReason}`);
  lines.push("");
  const header = [
    "Layer (type)",
    "Input",
    "Output Shape",
    "Param #",
    "Inferred layer",
    "Formula",
    "Check",
  ];
  const table = reportRows(result).map((r) => [
    r.label,
    r.input,
    r.output,
    r.count,
    r.layer,
    r.formula,
    r.status,
  ]);
  const all = [header, ...table];
  const widths = header.map((_, i) => {
    let width = 0;
    for (const r of all) if (r[i].length <= MAX_COLUMN) width = Math.max(width, r[i].length);
    return width;
  });
  for (const r of all) {
    lines.push(
      r.map((cell, i) => (i === 3 ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
        .join("  ").trimEnd(),
    );
  }
  const noted = result.rows.filter((r) => r.note);
  if (noted.length > 0) {
    lines.push("");
    lines.push("Notes:");
    for (const row of noted) lines.push(`  ${row.name} (line ${row.line}): ${row.note}`);
  }
  lines.push("");
  lines.push(...totalsLines(result));
  lines.push(verdict);
  return lines.join("\n");
}

function countCell(row: ExplainedRow): string {
  if (row.paramCount === null) {
    const printed = row.paramCountCut ? "…" : row.unbuilt ? "(unbuilt)" : "?";
    return row.expectedParamCount === null ? printed : `${printed} = ${row.expectedParamCount}`;
  }
  return String(row.paramCount);
}
