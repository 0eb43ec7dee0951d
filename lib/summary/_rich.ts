/**
 * The few pieces of the Python library `rich` that Keras 3's `print_summary` relies on, written
 * out for plain text: a `Table` with fixed-width columns, `box.HEAVY_HEAD` borders, cell padding
 * `(0, 1)`, `show_lines=True`, and word wrapping with the `"ellipsis"` overflow.
 *
 * Sources: Textualize/rich `rich/table.py` (`_calculate_column_widths`, `_render`),
 * `rich/_ratio.py` (`ratio_reduce`), `rich/_wrap.py` (`divide_line`), `rich/text.py`
 * (`wrap`, `truncate`, `rstrip_end`), `rich/containers.py` (`Lines.justify`), `rich/box.py`
 * (`HEAVY_HEAD`).
 *
 * @module
 */

import { pythonRound } from "./_format.ts";

/** How a column's text is aligned, as rich's `justify`. */
export type Justify = "left" | "right" | "center";

/** One table column: its header, its fixed content width and its alignment. */
export interface RichColumn {
  /** Header text. */
  readonly header: string;
  /** Content width in characters, before rich adds one space of padding each side. */
  readonly width: number;
  /** Alignment of the header and of every cell. */
  readonly justify: Justify;
  /**
   * Whether the column's texts often repeat (a summary's output shapes): a text that wraps is
   * then laid out once per table, not once per cell.
   */
  readonly repeats?: boolean;
}

/**
 * rich's `ratio_reduce`: takes `total` away from `values`, shared by `ratios`, never more than
 * `maximums` from one slot, rounding each share with Python's `round`.
 *
 * @param total How much to take away in all.
 * @param ratios How to share it.
 * @param maximums The most each slot may lose.
 * @param values The values to reduce.
 * @returns The reduced values.
 *
 * @example Taking 10 from three columns
 * ```ts
 * import { ratioReduce } from "./_rich.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(ratioReduce(10, [1, 1, 1], [36, 28, 18], [36, 28, 18]), [33, 24, 15]);
 * ```
 */
export function ratioReduce(
  total: number,
  ratios: readonly number[],
  maximums: readonly number[],
  values: readonly number[],
): number[] {
  const used = ratios.map((ratio, i) => (maximums[i] ? ratio : 0));
  let totalRatio = used.reduce((a, b) => a + b, 0);
  if (!totalRatio) return [...values];
  let totalRemaining = total;
  return values.map((value, i) => {
    const ratio = used[i];
    if (ratio && totalRatio > 0) {
      const distributed = Math.min(
        maximums[i],
        pythonRound((ratio * totalRemaining) / totalRatio),
      );
      totalRemaining -= distributed;
      totalRatio -= ratio;
      return value - distributed;
    }
    return value;
  });
}

/**
 * The widths rich gives fixed-width columns in a table of total width `tableWidth`, padding
 * included and borders excluded. When the columns plus their padding and the `n + 1` border
 * characters are wider than the table, rich shrinks them evenly with {@linkcode ratioReduce}.
 *
 * @param contentWidths Each column's requested width (Keras passes these as `Column(width=…)`).
 * @param tableWidth The table's `width`.
 * @returns Each column's width including its two padding spaces.
 *
 * @example Keras 3 at line length 76
 * ```ts
 * import { columnWidths } from "./_rich.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(columnWidths([34, 26, 16], 76), [33, 24, 15]);
 * ```
 */
export function columnWidths(contentWidths: readonly number[], tableWidth: number): number[] {
  const maxWidth = tableWidth - (contentWidths.length + 1);
  let widths = contentWidths.map((w) => w + 2);
  const sum = widths.reduce((a, b) => a + b, 0);
  if (sum > maxWidth) {
    // Fixed-width columns are never "wrapable", so rich goes straight to its last resort.
    widths = ratioReduce(sum - maxWidth, widths.map(() => 1), widths, widths);
    widths = widths.map((w) => Math.max(w, 0));
  }
  return widths;
}

/**
 * rich's `divide_line` without folding: the offsets at which a line breaks so that each piece
 * fits `width`; a word longer than `width` sits alone on its line (and is cut later).
 *
 * @param text One line of text.
 * @param width The cell width.
 * @returns Offsets into `text` where new lines start.
 *
 * @example Breaking a layer name at its space
 * ```ts
 * import { divideLine } from "./_rich.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(divideLine("time_distributed (TimeDistributed)", 31), [17]);
 * ```
 */
export function divideLine(text: string, width: number): number[] {
  return SURROGATE.test(text) ? divideByCodePoints(text, width) : divideByUnits(text, width);
}

/** {@linkcode divideLine} for text without surrogate pairs: one character per UTF-16 unit. */
function divideByUnits(text: string, width: number): number[] {
  const breaks: number[] = [];
  let cellOffset = 0;
  const n = text.length;
  let i = 0;
  // The words of rich's `re.finditer(r"\s*\S+\s*", text)`, scanned by hand.
  while (i < n) {
    const start = i;
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i === n) break;
    while (i < n && !isSpace(text.charCodeAt(i))) i++;
    const wordLength = i - start;
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    const pieceLength = i - start;
    if (width - cellOffset >= wordLength) {
      cellOffset += pieceLength;
    } else if (wordLength > width) {
      if (start) breaks.push(start);
      cellOffset = pieceLength;
    } else if (cellOffset && start) {
      breaks.push(start);
      cellOffset = pieceLength;
    }
  }
  return breaks;
}

/** Whether a UTF-16 unit is whitespace, as JavaScript's `\s` and `trimEnd` read it. */
function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) ||
    (code >= 0xa0 &&
      (code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) ||
        code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f ||
        code === 0x3000 || code === 0xfeff));
}

/** {@linkcode divideLine} for text with surrogate pairs, counting code points. */
function divideByCodePoints(text: string, width: number): number[] {
  const breaks: number[] = [];
  let cellOffset = 0;
  const word = /\s*\S+\s*/y;
  word.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = word.exec(text)) !== null) {
    const start = match.index;
    const piece = match[0];
    const wordLength = cellLength(piece.trimEnd());
    if (width - cellOffset >= wordLength) {
      cellOffset += cellLength(piece);
    } else if (wordLength > width) {
      if (start) breaks.push(start);
      cellOffset = cellLength(piece);
    } else if (cellOffset && start) {
      breaks.push(start);
      cellOffset = cellLength(piece);
    }
  }
  return breaks;
}

/**
 * Lays out one cell's text the way rich does for a column with `overflow="ellipsis"`: word wrap,
 * drop whitespace that overflows, cut a too-long word with `…`, then align and pad to `width`.
 *
 * @param text The cell's text.
 * @param width The content width (column width less padding).
 * @param justify Left or right alignment.
 * @returns The cell's lines, each exactly `width` characters.
 *
 * @example Wrapping and cutting
 * ```ts
 * import { wrapCell } from "./_rich.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(wrapCell("lstm (LSTM)", 13, "left"), ["lstm (LSTM)  "]);
 * assert.deepEqual(wrapCell("a_very_long_layer_name", 10, "left"), ["a_very_lo…"]);
 * assert.deepEqual(wrapCell("2,112", 8, "right"), ["   2,112"]);
 * ```
 */
export function wrapCell(text: string, width: number, justify: Justify): string[] {
  // Most cells are one line without surrogate pairs, which is read one UTF-16 unit a character.
  if (!MULTI_LINE_OR_WIDE.test(text)) {
    return text.length > width ? wrapUnits(text, width, justify) : [fitted(text, width, justify)];
  }
  const out: string[] = [];
  for (const line of text.split("\n")) {
    // A line no longer than the cell (in UTF-16 units, so in characters too) never breaks.
    const offsets = line.length <= width ? [] : divideLine(line, width);
    const bounds = [0, ...offsets, line.length];
    for (let i = 0; i + 1 < bounds.length; i++) {
      let piece = rstripEnd(line.slice(bounds[i], bounds[i + 1]), width);
      if (justify === "left") {
        piece = truncate(piece, width);
        piece = piece + " ".repeat(Math.max(0, width - cellLength(piece)));
      } else if (justify === "center") {
        piece = truncate(piece.trimEnd(), width);
        const left = Math.floor((width - cellLength(piece)) / 2);
        piece = " ".repeat(Math.max(0, left)) + piece;
        piece = piece + " ".repeat(Math.max(0, width - cellLength(piece)));
      } else {
        piece = truncate(piece.trimEnd(), width);
        piece = " ".repeat(Math.max(0, width - cellLength(piece))) + piece;
      }
      out.push(piece);
    }
  }
  return out;
}

/**
 * A cell of one line, without surrogate pairs, that fits its width: nothing to break, strip or
 * cut, only to align and pad.
 */
function fitted(text: string, width: number, justify: Justify): string {
  if (justify === "left") return text + spaces(width - text.length);
  const piece = text.trimEnd();
  if (justify === "right") return spaces(width - piece.length) + piece;
  const left = Math.floor((width - piece.length) / 2);
  return spaces(left) + piece + spaces(width - left - piece.length);
}

/**
 * A cell's one line when it is that simple ({@linkcode fitted}), or `undefined` when the cell
 * has to go through {@linkcode wrapCell}: most cells of a table, laid out without a list.
 */
function oneLine(text: string, width: number, justify: Justify): string | undefined {
  return text.length > width || MULTI_LINE_OR_WIDE.test(text)
    ? undefined
    : fitted(text, width, justify);
}

// Runs of spaces, shared: a table pads hundreds of cells with the same few widths.
const SPACES: string[] = [""];

/** `n` spaces (none for `n` ≤ 0), the same string each time for the same `n`. */
function spaces(n: number): string {
  if (n <= 0) return "";
  if (n > 256) return " ".repeat(n);
  let run = SPACES[n];
  if (run === undefined) {
    for (let i = SPACES.length; i <= n; i++) SPACES[i] = SPACES[i - 1] + " ";
    // Flattened once, so a cell padded with it copies one flat string.
    run = SPACES[n] = " ".repeat(n);
  }
  return run;
}

/** {@linkcode wrapCell} for one line without surrogate pairs: one character per UTF-16 unit. */
function wrapUnits(line: string, width: number, justify: Justify): string[] {
  const offsets = divideByUnits(line, width);
  const out: string[] = new Array(offsets.length + 1);
  let start = 0;
  for (let i = 0; i <= offsets.length; i++) {
    const end = i < offsets.length ? offsets[i] : line.length;
    let piece = line.slice(start, end);
    start = end;
    if (piece.length > width) {
      // rich's rstrip_end: only the trailing whitespace that overflows goes.
      let kept = piece.length;
      while (kept > width && isSpace(piece.charCodeAt(kept - 1))) kept--;
      piece = piece.slice(0, kept);
    }
    if (justify !== "left") piece = piece.trimEnd();
    if (piece.length > width) piece = piece.slice(0, Math.max(0, width - 1)) + "…";
    const room = Math.max(0, width - piece.length);
    if (justify === "left") out[i] = piece + spaces(room);
    else if (justify === "right") out[i] = spaces(room) + piece;
    else {
      const left = Math.floor(room / 2);
      out[i] = spaces(left) + piece + spaces(room - left);
    }
  }
  return out;
}

/**
 * Draws a rich `Table` with `box.HEAVY_HEAD` and `show_lines=True`: heavy lines around and under
 * the header, light lines around the body and between rows.
 *
 * @param columns The columns, with their final content widths.
 * @param rows The cell texts, one array per row.
 * @param lines Lines to draw the table after (the caller's, e.g. a title); by default none.
 * @returns `lines`, with the table's lines added.
 *
 * @example A one-row table
 * ```ts
 * import { drawTable } from "./_rich.ts";
 * import assert from "assert";
 *
 * const lines = drawTable(
 *   [{ header: "A", width: 3, justify: "left" }, { header: "B", width: 2, justify: "right" }],
 *   [["x", "1"]],
 * );
 * assert.deepEqual(lines, [
 *   "┏━━━━━┳━━━━┓",
 *   "┃ A   ┃  B ┃",
 *   "┡━━━━━╇━━━━┩",
 *   "│ x   │  1 │",
 *   "└─────┴────┘",
 * ]);
 * ```
 */
export function drawTable(
  columns: readonly RichColumn[],
  rows: readonly string[][],
  lines: string[] = [],
): string[] {
  const full = columns.map((c) => c.width + 2);
  const rule = (left: string, fill: string, cross: string, right: string) =>
    left + full.map((w) => fill.repeat(w)).join(cross) + right;
  const blanks = columns.map((c) => spaces(c.width));
  const count = columns.length;
  lines.push(rule("┏", "━", "┳", "┓"));
  // Each cell of the row being drawn: its one line, or its lines when it wraps (one list for
  // the table, filled again for each row).
  const cells: (string | readonly string[])[] = new Array(count);
  // The wrapped lines of each text of a column whose texts repeat (wrapping is a function of the
  // text, the width and the alignment, all the same down a column).
  const laidOut = columns.map((c) => c.repeats ? new Map<string, string[]>() : undefined);
  // A row is as many lines as its tallest cell; shorter cells are blank below their text.
  const drawRow = (row: readonly string[], edge: string): void => {
    if (count === 0) {
      lines.push(edge);
      return;
    }
    const between = ` ${edge} `;
    let height = 1;
    let line = `${edge} `;
    for (let i = 0; i < count; i++) {
      const { width, justify } = columns[i];
      const text = row[i] ?? "";
      const one = oneLine(text, width, justify);
      if (one !== undefined) {
        cells[i] = one;
        line += i === 0 ? one : between + one;
        continue;
      }
      const memo = laidOut[i];
      let wrapped = memo?.get(text);
      if (wrapped === undefined) {
        wrapped = wrapCell(text, width, justify);
        memo?.set(text, wrapped);
      }
      cells[i] = wrapped;
      if (wrapped.length > height) height = wrapped.length;
      line += i === 0 ? wrapped[0] ?? blanks[i] : between + (wrapped[0] ?? blanks[i]);
    }
    lines.push(`${line} ${edge}`);
    for (let l = 1; l < height; l++) {
      line = `${edge} `;
      for (let i = 0; i < count; i++) {
        const cell = cells[i];
        const piece = typeof cell === "string" ? blanks[i] : cell[l] ?? blanks[i];
        line += i === 0 ? piece : between + piece;
      }
      lines.push(`${line} ${edge}`);
    }
  };
  drawRow(columns.map((c) => c.header), "┃");
  lines.push(rule("┡", "━", "╇", "┩"));
  const between = rule("├", "─", "┼", "┤");
  for (let i = 0; i < rows.length; i++) {
    if (i > 0) lines.push(between);
    drawRow(rows[i], "│");
  }
  lines.push(rule("└", "─", "┴", "┘"));
  return lines;
}

const SURROGATE = /[\uD800-\uDBFF]/;
const MULTI_LINE_OR_WIDE = /[\n\uD800-\uDBFF]/;
const TRAILING_SPACE = /\s+$/;

/** Characters a terminal shows; rich measures East Asian wide characters as 2, we count 1. */
function cellLength(text: string): number {
  // Code points, not UTF-16 units; only text with a surrogate pair needs the slower count.
  return SURROGATE.test(text) ? [...text].length : text.length;
}

/** rich's `Text.rstrip_end`: drop trailing whitespace, but only what overflows `size`. */
function rstripEnd(text: string, size: number): string {
  const length = cellLength(text);
  if (length <= size) return text;
  const trailing = TRAILING_SPACE.exec(text);
  if (!trailing) return text;
  return text.slice(0, text.length - Math.min(trailing[0].length, length - size));
}

/** rich's `Text.truncate` with `overflow="ellipsis"`. */
function truncate(text: string, width: number): string {
  if (!SURROGATE.test(text)) {
    return text.length <= width ? text : text.slice(0, Math.max(0, width - 1)) + "…";
  }
  if (cellLength(text) <= width) return text;
  const chars = [...text];
  return chars.slice(0, Math.max(0, width - 1)).join("") + "…";
}
