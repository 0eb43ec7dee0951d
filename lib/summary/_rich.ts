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
   * Whether the column's texts often repeat (a summary's output shapes): each distinct text is
   * then laid out once per table, and written joined with the gap before it.
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
  return SURROGATE.test(text)
    ? divideByCodePoints(text, width)
    : divideByUnits(text, width, !UNUSUAL.test(text));
}

/**
 * {@linkcode divideLine} for text without surrogate pairs: one character per UTF-16 unit. When
 * `spacesOnly` (the text's only whitespace is the space), a word's end is found by `indexOf`
 * rather than by testing each character.
 */
function divideByUnits(text: string, width: number, spacesOnly: boolean): number[] {
  const breaks: number[] = [];
  let cellOffset = 0;
  const n = text.length;
  let i = 0;
  // The words of rich's `re.finditer(r"\s*\S+\s*", text)`, scanned by hand.
  while (i < n) {
    const start = i;
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i === n) break;
    i = wordEnd(text, i, spacesOnly);
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

/** Where the word that starts at `i` ends: the offset of the next whitespace, or the end. */
function wordEnd(text: string, i: number, spacesOnly: boolean): number {
  if (spacesOnly) {
    const space = text.indexOf(" ", i);
    return space < 0 ? text.length : space;
  }
  while (i < text.length && !isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** Whether a UTF-16 unit is whitespace, as JavaScript's `\s` and `trimEnd` read it. */
function isSpace(code: number): boolean {
  // Most characters are printable ASCII: one test tells them apart.
  if (code > 32 && code < 0xa0) return false;
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
  if (MULTI_LINE_OR_WIDE.test(text)) return wrapLines(text, width, justify);
  const cell = cellLines();
  layOut(text, width, justify, cell);
  const out: string[] = new Array(cell.count);
  for (let l = 0; l < cell.count; l++) {
    const trail = cell.trails[l];
    out[l] = spaces(cell.leads[l]) + cell.texts[l] + (trail === CUT ? "…" : spaces(trail));
  }
  return out;
}

/** {@linkcode wrapCell} for text with line breaks or surrogate pairs. */
function wrapLines(text: string, width: number, justify: Justify): string[] {
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
 * A cell's lines, each kept as its text and the spaces before and after it rather than as one
 * padded string: a table writes the spaces together with the border between two cells, one
 * shared string for the pair, so a line is a few pieces and no padded copy of a cell is made.
 */
interface CellLines {
  /** How many lines the cell has. */
  count: number;
  /** Spaces before each line's text. */
  readonly leads: number[];
  /** Each line's text. */
  readonly texts: string[];
  /** Spaces after each line's text, or {@linkcode CUT}. */
  readonly trails: number[];
  /**
   * For a repeated text (one a table's body lays out once): each line joined with the gap
   * before it, by the spaces owed before the gap (less {@linkcode CUT}), made when first
   * needed.
   */
  withGap: (string[] | undefined)[] | undefined;
}

/**
 * A line's `trail` when its text was cut: an ellipsis follows the text (and no spaces). The
 * ellipsis is written with the border after it, so a cut text needs no copy of its own.
 */
const CUT = -1;

/**
 * A cell's text: a string, or two words that make `${first} ${second}` (a layer and its class),
 * which the table joins only if they share a line.
 */
export type Cell = string | readonly [first: string, second: string];

/** An empty {@linkcode CellLines}, to lay a cell out into. */
function cellLines(): CellLines {
  return { count: 0, leads: [], texts: [], trails: [], withGap: undefined };
}

/** Lays `text` out as {@linkcode wrapCell} does, into `into`, as text and spaces. */
function layOut(text: string, width: number, justify: Justify, into: CellLines): void {
  // Nearly every cell of a summary is one line of printable characters and spaces, which one
  // search tells; the rest are searched again for line breaks and surrogate pairs.
  const unusual = UNUSUAL.test(text);
  if (unusual && MULTI_LINE_OR_WIDE.test(text)) {
    const lines = wrapLines(text, width, justify);
    for (let l = 0; l < lines.length; l++) setLine(into, l, 0, lines[l], 0);
    into.count = lines.length;
    return;
  }
  const n = text.length;
  // A text no longer than the cell never breaks.
  const breaks = n <= width ? undefined : divideByUnits(text, width, !unusual);
  const count = breaks === undefined ? 1 : breaks.length + 1;
  let start = 0;
  for (let l = 0; l < count; l++) {
    const end = l < count - 1 ? breaks![l] : n;
    placePiece(text, start, end, width, justify, into, l);
    start = end;
  }
  into.count = count;
}

/**
 * Lays out `${first} ${second}` as {@linkcode layOut} does, without joining the two when the
 * text breaks at that space, as a layer's `name (Class)` does in all but the widest tables.
 */
function layOutWords(
  first: string,
  second: string,
  width: number,
  justify: Justify,
  into: CellLines,
): void {
  if (
    first.length + 1 + second.length <= width || first === "" || second === "" ||
    SPACE_OR_UNUSUAL.test(first) || SPACE_OR_UNUSUAL.test(second)
  ) {
    layOut(`${first} ${second}`, width, justify, into);
    return;
  }
  // Two words too long for one line break at the space between them (whatever their lengths:
  // the second never fits after the first). The space ends the first line: it is stripped when
  // it overflows, or stands with the padding.
  placePiece(first, 0, first.length, width, justify, into, 0);
  placePiece(second, 0, second.length, width, justify, into, 1);
  into.count = 2;
}

/**
 * Line `l` of a cell: `text` from `start` to `end`, stripped, cut and aligned as rich's
 * `rstrip_end`, `truncate` and `Lines.justify` do, for text of one character per UTF-16 unit.
 */
function placePiece(
  text: string,
  start: number,
  end: number,
  width: number,
  justify: Justify,
  into: CellLines,
  l: number,
): void {
  // rich's rstrip_end: only the trailing whitespace that overflows goes.
  while (end - start > width && isSpace(text.charCodeAt(end - 1))) end--;
  if (justify !== "left") { while (end > start && isSpace(text.charCodeAt(end - 1))) end--; }
  if (end - start > width) {
    setLine(into, l, 0, text.slice(start, start + Math.max(0, width - 1)), CUT);
    return;
  }
  const piece = start === 0 && end === text.length ? text : text.slice(start, end);
  const room = width - piece.length;
  if (justify === "left") setLine(into, l, 0, piece, room);
  else if (justify === "right") setLine(into, l, room, piece, 0);
  else setLine(into, l, Math.floor(room / 2), piece, room - Math.floor(room / 2));
}

/** Sets line `l` of a cell: `lead` spaces, `text`, then `trail` spaces or {@linkcode CUT}. */
function setLine(into: CellLines, l: number, lead: number, text: string, trail: number): void {
  into.leads[l] = lead;
  into.texts[l] = text;
  into.trails[l] = trail;
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

/**
 * What a table writes between one cell's text and the next one's: the first cell's trailing
 * spaces (or a cut text's ellipsis), any blank cells after it to the end of its line, a border
 * (` │ `, or a line's end, the rules below it and the next line's start) and the next cell's
 * leading spaces. Each combination is joined into one flat string once per table, so a line is
 * a few pieces: its texts and the gaps between them.
 */
class Gap {
  readonly #border: string;
  readonly #blanks: readonly string[];
  readonly #joined: (string[] | undefined)[][] = [];

  /**
   * @param border What separates the two texts.
   * @param blanks For each column, the blank cells from it to the end of a line, each with the
   * border before it (only for a gap that ends a line).
   */
  constructor(border: string, blanks: readonly string[] = []) {
    this.#border = border;
    this.#blanks = blanks;
  }

  /**
   * The gap after `trail` spaces (or {@linkcode CUT}) and before `lead` spaces; with
   * `blankFrom`, the cells from that column to the end of the line are blank.
   */
  get(trail: number, lead: number, blankFrom = this.#blanks.length): string {
    const byTrail = this.#joined[blankFrom] ??= [];
    const byLead = byTrail[trail - CUT] ??= [];
    return byLead[lead] ??= [
      trail === CUT ? "…" : spaces(trail),
      this.#blanks[blankFrom] ?? "",
      this.#border,
      spaces(lead),
    ].join(""); // join, not +: the result is flat, and the table's final join copies it whole
  }
}

/** For each column, its cell and those after it left blank, each after a `border`. */
function blankRuns(columns: readonly RichColumn[], border: string): string[] {
  const runs: string[] = new Array(columns.length + 1);
  runs[columns.length] = "";
  for (let i = columns.length - 1; i >= 0; i--) {
    runs[i] = border + spaces(columns[i].width) + runs[i + 1];
  }
  return runs;
}

/**
 * Draws a rich `Table` with `box.HEAVY_HEAD` and `show_lines=True`: heavy lines around and under
 * the header, light lines around the body and between rows.
 *
 * The table goes into `out` as pieces of text, to be joined with `""`: the table's lines, each
 * ended by `\n`. Every line is the columns' widths plus padding and borders, in characters,
 * when every column is at least one character wide.
 *
 * @param columns The columns, with their final content widths.
 * @param rows The cell texts, one array per row; a cell may be two words ({@linkcode Cell}).
 * @param out Pieces to draw the table after (the caller's, e.g. a title); by default none.
 * @returns `out`, with the table's pieces added.
 *
 * @example A one-row table
 * ```ts
 * import { drawTable } from "./_rich.ts";
 * import assert from "assert";
 *
 * const pieces = drawTable(
 *   [{ header: "A", width: 3, justify: "left" }, { header: "B", width: 2, justify: "right" }],
 *   [["x", "1"]],
 * );
 * assert.equal(
 *   pieces.join(""),
 *   [
 *     "┏━━━━━┳━━━━┓",
 *     "┃ A   ┃  B ┃",
 *     "┡━━━━━╇━━━━┩",
 *     "│ x   │  1 │",
 *     "└─────┴────┘",
 *     "",
 *   ].join("\n"),
 * );
 * ```
 *
 * @example A layer and its class, given as two words, broken at the space between them
 * ```ts
 * import { drawTable } from "./_rich.ts";
 * import assert from "assert";
 *
 * const pieces = drawTable(
 *   [{ header: "Layer (type)", width: 12, justify: "left" }],
 *   [[["dense_1", "(Dense)"]]],
 * );
 * assert.deepEqual(pieces.join("").split("\n").slice(3, 5), [
 *   "│ dense_1      │",
 *   "│ (Dense)      │",
 * ]);
 * ```
 */
export function drawTable(
  columns: readonly RichColumn[],
  rows: readonly (readonly Cell[])[],
  out: string[] = [],
): string[] {
  const full = columns.map((c) => c.width + 2);
  const rule = (left: string, fill: string, cross: string, right: string) =>
    left + full.map((w) => fill.repeat(w)).join(cross) + right;
  const top = rule("┏", "━", "┳", "┓");
  const underHeader = rule("┡", "━", "╇", "┩");
  const bottom = rule("└", "─", "┴", "┘");
  const count = columns.length;
  if (count === 0) {
    out.push(`${top}\n┃\n${underHeader}\n`);
    for (let r = 0; r < rows.length; r++) {
      out.push(r > 0 ? `${rule("├", "─", "┼", "┤")}\n│\n` : "│\n");
    }
    out.push(`${bottom}\n`);
    return out;
  }
  // What ends a line and starts the next (the rules between), and what separates two cells.
  // A line's blank cells after its last text are written with its end.
  const heavy = blankRuns(columns, " ┃ ");
  const light = blankRuns(columns, " │ ");
  const start = new Gap(`${top}\n┃ `);
  const headerLine = new Gap(" ┃\n┃ ", heavy);
  const firstRow = new Gap(` ┃\n${underHeader}\n│ `, heavy);
  const bodyLine = new Gap(" │\n│ ", light);
  const nextRow = new Gap(` │\n${rule("├", "─", "┼", "┤")}\n│ `, light);
  const end = rows.length === 0
    ? new Gap(` ┃\n${underHeader}\n${bottom}\n`, heavy)
    : new Gap(` │\n${bottom}\n`, light);
  const headerBetween = new Gap(" ┃ ");
  const bodyBetween = new Gap(" │ ");

  // The cells of the row being drawn: a column's own scratch lines, or a repeated text's lines
  // laid out once per table (wrapping is a function of the text, the width and the alignment,
  // all the same down a column).
  const scratch = columns.map(cellLines);
  const laidOut = columns.map((c) => c.repeats ? new Map<string, CellLines>() : undefined);
  const cells: CellLines[] = new Array(count);
  // Spaces owed after the last text written, and the column from which the last line's cells
  // were blank: both written with the next gap.
  let owed = 0;
  let blankFrom = count;
  // A row is as many lines as its tallest cell; shorter cells are blank below their text.
  const drawRow = (row: readonly Cell[], first: Gap, line: Gap, header: boolean): void => {
    let height = 1;
    for (let i = 0; i < count; i++) {
      const { width, justify } = columns[i];
      const text = row[i] ?? "";
      let cell: CellLines | undefined;
      if (typeof text !== "string") {
        cell = scratch[i];
        layOutWords(text[0], text[1], width, justify, cell);
      } else {
        const memo = header ? undefined : laidOut[i];
        cell = memo?.get(text);
        if (cell === undefined) {
          cell = scratch[i];
          if (memo) {
            cell = cellLines();
            cell.withGap = [];
            memo.set(text, cell);
          }
          layOut(text, width, justify, cell);
        }
      }
      cells[i] = cell;
      if (cell.count > height) height = cell.count;
    }
    const between = header ? headerBetween : bodyBetween;
    for (let l = 0; l < height; l++) {
      let last = count - 1;
      while (l >= cells[last].count) last--;
      let gap = l === 0 ? first : line;
      for (let i = 0; i <= last; i++) {
        const cell = cells[i];
        if (l >= cell.count) {
          out.push(gap.get(owed, 0, blankFrom));
          owed = columns[i].width;
        } else if (i > 0 && cell.withGap !== undefined) {
          // A repeated text is written with the gap before it, in one piece.
          const byOwed = cell.withGap[l] ??= [];
          out.push(byOwed[owed - CUT] ??= [gap.get(owed, cell.leads[l]), cell.texts[l]].join(""));
          owed = cell.trails[l];
        } else {
          out.push(gap.get(owed, cell.leads[l], blankFrom), cell.texts[l]);
          owed = cell.trails[l];
        }
        blankFrom = count;
        gap = between;
      }
      blankFrom = last + 1;
    }
  };
  drawRow(columns.map((c) => c.header), start, headerLine, true);
  for (let r = 0; r < rows.length; r++) {
    drawRow(rows[r], r === 0 ? firstRow : nextRow, bodyLine, false);
  }
  out.push(end.get(owed, 0, blankFrom));
  return out;
}

const SURROGATE = /[\uD800-\uDBFF]/;
const MULTI_LINE_OR_WIDE = /[\n\uD800-\uDBFF]/;
// Whitespace, line breaks included, and surrogate pairs.
const SPACE_OR_UNUSUAL = /[\s\uD800-\uDBFF]/;
// Whitespace other than the space, line breaks included, and surrogate pairs.
const UNUSUAL = /[\t-\r\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff\uD800-\uDBFF]/;
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

/**
 * A line as a console `width` characters wide shows it: rich cuts each line it prints at the
 * console's edge.
 *
 * @param line The line.
 * @param width The console's width, in characters.
 * @returns The line, cut to at most `width` characters.
 *
 * @example
 * ```ts
 * import { cropLine } from "./_rich.ts";
 * import assert from "assert";
 *
 * assert.equal(cropLine("│ dense (Dense) │", 8), "│ dense ");
 * assert.equal(cropLine("short", 8), "short");
 * ```
 */
export function cropLine(line: string, width: number): string {
  if (line.length <= width) return line;
  // Without a surrogate pair, every UTF-16 unit is one character.
  if (!SURROGATE.test(line)) return line.slice(0, width);
  const points = [...line];
  return points.length <= width ? line : points.slice(0, width).join("");
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
