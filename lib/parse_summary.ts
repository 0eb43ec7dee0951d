/**
 * Reads a model summary back from the text someone printed or pasted: the classic Keras 2 /
 * tf.keras table (including Keras 2.0's `Total params: 146.0`), the Keras 3 box table, and
 * TensorFlow.js's table. Pasted text is forgiven what pasting does to it: runs of spaces
 * squeezed to one, leading indentation, names cut short by Keras (`time_distributed_1
 * (TimeDist`), counts with or without commas, rows annotated with `= 4*(13*5 + 5*5 + 5)` or
 * `= ?`, and `?` for a count nobody knows. What it cannot read, it names: the line number and
 * the line.
 *
 * The parser reads each line once, left to right, with no backtracking pattern, so its time
 * grows with the length of the text and nothing else.
 *
 * @module
 */

import type { Dim, Shape } from "./shape.ts";

/** Which program printed the table. */
export type SummaryFormat = "keras2" | "keras3" | "tfjs";

/** One layer row of a printed summary. */
export interface ParsedRow {
  /** The layer's name as printed, e.g. `"lstm_1"`. */
  readonly name: string;
  /** The class in parentheses after the name, when printed, e.g. `"LSTM"` or `"TimeDist"`. */
  readonly className?: string;
  /** Whether the class was cut short by the column (`(TimeDist`, `(Bidirectio…`). */
  readonly classNameCut?: boolean;
  /** Whether the name itself ends in Keras 3's `…`. */
  readonly nameCut?: boolean;
  /**
   * The output shape: `null` for `None`; a list of shapes for several outputs; `null` when the
   * summary prints no shape (`?`, `multiple`).
   */
  readonly outputShape: Shape | readonly Shape[] | null;
  /** Whether the printed shape was cut short by the column; its last dimensions are missing. */
  readonly outputShapeCut?: boolean;
  /** The input shape, printed by TensorFlow.js only. */
  readonly inputShape?: Shape | readonly Shape[] | null;
  /** The parameter count, or `null` for `?` (or Keras 3's `0 (unbuilt)`). */
  readonly paramCount: number | null;
  /**
   * What is written after the count, without its `=`, as seed 000 annotates its rows:
   * `"4*(13*5 + 5*5 + 5)"`, or `"?"` for a formula left to find.
   */
  readonly annotation?: string;
  /** The 1-based line of the text the row starts on. */
  readonly line: number;
}

/** A printed model summary, read back. */
export interface ParsedSummary {
  /** Which program's table it is. */
  readonly format: SummaryFormat;
  /** The model's name from a `Model: "name"` line above the table, if there is one. */
  readonly modelName?: string;
  /** The layer rows, in order. */
  readonly rows: readonly ParsedRow[];
  /** `Total params`, if printed. */
  readonly totalParams?: number;
  /** `Trainable params`, if printed. */
  readonly trainableParams?: number;
  /** `Non-trainable params`, if printed. */
  readonly nonTrainableParams?: number;
  /** The 1-based line of `Total params`, if printed. */
  readonly totalsLine?: number;
  /** Remarks on how the table was printed, e.g. a total printed as `146.0`. */
  readonly notes: readonly string[];
  /** The 1-based line of the header (`Layer (type) …`). */
  readonly headerLine: number;
  /** The 1-based line of the table's last line. */
  readonly endLine: number;
}

/**
 * A summary the parser cannot read, with the line where reading stopped.
 *
 * @example
 * ```ts
 * import { parseSummary, SummaryParseError } from "../mod.ts";
 * import assert from "assert";
 *
 * const text = "Layer (type)  Output Shape  Param #\n====\nlstm_1 (LSTM)  (None, 400 5)  380";
 * assert.throws(() => parseSummary(text), (e: unknown) => {
 *   assert.ok(e instanceof SummaryParseError);
 *   assert.equal(e.line, 3);
 *   assert.equal(e.text, "lstm_1 (LSTM)  (None, 400 5)  380");
 *   return true;
 * });
 * ```
 */
export class SummaryParseError extends SyntaxError {
  /** The 1-based line number. */
  readonly line: number;
  /** The line's text (cut to 200 characters). */
  readonly text: string;

  /**
   * Creates the error; the message starts `Line N:` and ends with the line.
   *
   * @param problem What is wrong.
   * @param line The 1-based line number.
   * @param text The line.
   */
  constructor(problem: string, line: number, text: string) {
    const shown = text.length > 200 ? `${text.slice(0, 200)}…` : text;
    super(`Line ${line}: ${problem}\n  ${line} | ${shown}`);
    this.name = "SummaryParseError";
    this.line = line;
    this.text = shown;
  }
}

/**
 * Reads the first model summary in a text.
 *
 * @param text The printed summary, possibly with text around it.
 * @returns The rows (name, class, output shape, count) and the totals.
 * @throws {SummaryParseError} When the text has no summary table, or a row or total cannot be
 * read; the error names the line.
 *
 * @example Seed 001's table
 * ```ts
 * import { parseSummary } from "../mod.ts";
 * import assert from "assert";
 *
 * const summary = parseSummary(`
 * Layer (type)                 Output Shape              Param #
 * =================================================================
 * lstm_4 (LSTM)                (None, None, 10)          480
 * _________________________________________________________________
 * time_distributed_4 (TimeDist (None, None, 1)           11
 * =================================================================
 * Total params: 491
 * Trainable params: 491
 * Non-trainable params: 0`);
 * assert.deepEqual(summary.rows.map((r) => [r.name, r.className, r.outputShape, r.paramCount]), [
 *   ["lstm_4", "LSTM", [null, null, 10], 480],
 *   ["time_distributed_4", "TimeDist", [null, null, 1], 11],
 * ]);
 * assert.equal(summary.totalParams, 491);
 * ```
 */
export function parseSummary(text: string): ParsedSummary {
  const found = parseSummaries(text);
  return found[0];
}

/**
 * Reads every model summary in a text, for a document that prints several.
 *
 * @param text The text.
 * @returns The summaries, in order; at least one.
 * @throws {SummaryParseError} As {@linkcode parseSummary}.
 *
 * @example Two tables in one text
 * ```ts
 * import { parseSummaries } from "../mod.ts";
 * import assert from "assert";
 *
 * const table = "Layer (type) Output Shape Param #\n===\ndense (Dense) (None, 5) 70\n===\n";
 * assert.equal(parseSummaries(`${table}\nsome words\n\n${table}`).length, 2);
 * ```
 */
export function parseSummaries(text: string): ParsedSummary[] {
  if (typeof text !== "string") {
    throw new TypeError(`parseSummary expects the summary as text, received ${typeof text}`);
  }
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  const summaries: ParsedSummary[] = [];
  let i = 0;
  let previousEnd = 0;
  while (i < lines.length) {
    if (isHeader(lines[i])) {
      const summary = new TableReader(lines, i, previousEnd).read();
      summaries.push(summary);
      previousEnd = summary.endLine;
      i = Math.max(summary.endLine, i + 1);
    } else {
      i++;
    }
  }
  if (summaries.length === 0) {
    const first = lines.findIndex((l) => l.trim() !== "");
    const at = first < 0 ? 0 : first;
    throw new SummaryParseError(
      `no model summary found: a summary table has a header line such as ` +
        `"Layer (type)    Output Shape    Param #", and this text has none`,
      at + 1,
      lines[at] ?? "",
    );
  }
  return summaries;
}

// ---------------------------------------------------------------------------------------------

function isHeader(line: string): boolean {
  if (line.length > 10_000) return false;
  const lower = line.toLowerCase();
  return lower.includes("layer (type)") && (lower.includes("param") || lower.includes("shape"));
}

const VERTICALS = new Set(["│", "┃", "|", "║"]);
const RULE_CHARS = new Set([..."_=-─━═┄┅┈┉╌╍┏┓┗┛┡┩┢┪╇┼├┤└┘┴┬┳┻╋┣┫╞╡╪╘╛╒╕+│┃|║ \t"]);
const BOX_HEAD_RULE = new Set([..."┡┣╞╇╪┢"]);
const BOX_BOTTOM = new Set([..."└┗╘"]);

interface Rule {
  /** `double` closes the rows (`=`, `└`), `head` follows the header, `single` separates rows. */
  readonly kind: "double" | "head" | "single" | "top";
  /** Whether text follows the rule on the same line (a paste that lost a line break). */
  readonly tail: boolean;
}

function ruleOf(line: string): Rule | undefined {
  const trimmed = line.trim();
  if (trimmed.length < 3) return undefined;
  let end = 0;
  while (end < trimmed.length && RULE_CHARS.has(trimmed[end])) end++;
  const ruleText = trimmed.slice(0, end).trim();
  if (ruleText.length < 3) return undefined;
  if (/[0-9A-Za-z]/.test(ruleText)) return undefined;
  // A line of box verticals and spaces only is an empty row, not a rule.
  if ([...ruleText].every((c) => VERTICALS.has(c) || c === " ")) return undefined;
  const tail = end < trimmed.length;
  if (tail && end < 10) return undefined;
  const first = ruleText[0];
  const kind: Rule["kind"] = first === "=" || first === "═" || BOX_BOTTOM.has(first)
    ? "double"
    : BOX_HEAD_RULE.has(first)
    ? "head"
    : first === "┏" || first === "╒"
    ? "top"
    : "single";
  return { kind, tail };
}

const TOTALS = /^\s*(total|trainable|non-trainable|optimizer)\s+params\s*:\s*(.*)$/i;

interface Columns {
  readonly box: boolean;
  readonly format: SummaryFormat;
  /** Box tables: the index of each column among the cells. */
  readonly nameCell: number;
  readonly inputShapeCell: number;
  readonly outputShapeCell: number;
  readonly paramCell: number;
  readonly cellCount: number;
  /** Classic tables: whether rows end with connections, and how many shapes precede the count. */
  readonly connections: boolean;
  readonly shapeCount: number;
  /** Classic tables: where the `Param #` column starts in the header, if the header shows it. */
  readonly paramColumn: number | undefined;
}

function columnsOf(header: string): Columns {
  const lower = header.toLowerCase();
  const headerCells = splitCells(header);
  const box = headerCells !== undefined && headerCells.length >= 2;
  const connections = lower.includes("connected to") || lower.includes("receives inputs") ||
    lower.includes("previous layer");
  const hasInputShape = lower.includes("input shape");
  const format: SummaryFormat = box
    ? "keras3"
    : hasInputShape || header.includes("Output shape")
    ? "tfjs"
    : "keras2";
  if (!box) {
    const param = lower.indexOf("param");
    return {
      box,
      format,
      nameCell: 0,
      inputShapeCell: -1,
      outputShapeCell: -1,
      paramCell: -1,
      cellCount: 0,
      connections,
      shapeCount: hasInputShape ? 2 : 1,
      paramColumn: param > 0 ? param : undefined,
    };
  }
  const cells = headerCells!.map((c) => c.trim().toLowerCase());
  const find = (test: (c: string) => boolean) => cells.findIndex(test);
  return {
    box,
    format,
    nameCell: Math.max(0, find((c) => c.startsWith("layer"))),
    inputShapeCell: find((c) => c.startsWith("input shape")),
    outputShapeCell: find((c) => c.startsWith("output shape")),
    paramCell: find((c) => c.includes("param")),
    cellCount: cells.length,
    connections,
    shapeCount: 1,
    paramColumn: undefined,
  };
}

/** The cells between a line's box verticals, or undefined when it has fewer than two. */
function splitCells(line: string): string[] | undefined {
  const cells: string[] = [];
  let current: string[] | undefined;
  for (const c of line) {
    if (VERTICALS.has(c)) {
      if (current) cells.push(current.join(""));
      current = [];
    } else if (current) {
      current.push(c);
    }
  }
  return cells.length > 0 ? cells : undefined;
}

interface PendingRow {
  line: number;
  text: string;
  name: string[];
  shape: string[];
  inputShape: string[];
  param: string;
}

class TableReader {
  readonly #lines: readonly string[];
  readonly #mark: string;
  readonly #header: number;
  readonly #searchFrom: number;
  readonly #columns: Columns;
  readonly #rows: ParsedRow[] = [];
  readonly #notes: string[] = [];
  readonly #decimals: string[] = [];
  #pending: PendingRow | undefined;
  #totals: { total?: number; trainable?: number; nonTrainable?: number; line?: number } = {};

  constructor(lines: readonly string[], header: number, searchFrom: number) {
    // Output quoted line by line (R's `## `, a mail's `> `) carries the mark on every line.
    const headerLine = lines[header];
    const before = headerLine.slice(0, headerLine.toLowerCase().indexOf("layer (type)"));
    const mark = [...before].filter((c) => !VERTICALS.has(c) && c.trim() !== "").join("");
    this.#mark = mark;
    this.#lines = lines;
    this.#header = header;
    this.#searchFrom = searchFrom;
    this.#columns = columnsOf(lines[header]);
  }

  /** Line `i` without the quoting mark the header carries, if any. */
  #line(i: number): string {
    const line = this.#lines[i];
    if (this.#mark === "") return line;
    const start = skipSpace(line, 0);
    return line.startsWith(this.#mark, start) ? line.slice(start + this.#mark.length) : line;
  }

  read(): ParsedSummary {
    const lines = this.#lines;
    const columns = this.#columns;
    if (columns.box && (columns.outputShapeCell < 0 || columns.paramCell < 0)) {
      this.#fail(
        `the header has no "Output Shape" or "Param #" column`,
        this.#header,
      );
    }
    let phase: "rows" | "closed" | "totals" = "rows";
    let i = this.#header + 1;
    let end = this.#header;
    while (i < lines.length) {
      const line = this.#line(i);
      const trimmed = line.trim();
      if (trimmed === "") {
        let j = i + 1;
        while (j < lines.length && this.#line(j).trim() === "") j++;
        if (j < lines.length && this.#continuesAfterBlank(this.#line(j), phase)) {
          i = j;
          continue;
        }
        break;
      }
      if (isHeader(line)) break;
      const totals = TOTALS.exec(line.length > 10_000 ? "" : line);
      if (totals) {
        this.#flush();
        this.#readTotal(totals[1].toLowerCase(), totals[2], i);
        phase = "totals";
        end = i + 1;
        i++;
        continue;
      }
      const rule = ruleOf(line);
      if (rule) {
        this.#flush();
        end = i + 1;
        i++;
        if (rule.tail) break;
        if (rule.kind === "double" && this.#rows.length > 0 && phase === "rows") phase = "closed";
        continue;
      }
      if (phase !== "rows") break;
      if (columns.box) {
        const cells = splitCells(line);
        if (!cells || cells.length < 2) {
          if (this.#rows.length > 0 || this.#pending) break;
          this.#fail(`expected a table row between "│" borders`, i);
        }
        this.#boxLine(cells, i);
      } else if (isRowLike(line)) {
        this.#rows.push(this.#classicRow(line, i));
      } else if (columns.connections && isConnectionsOnly(line)) {
        // A classic functional table lists further inputs of the row above on lines of their own.
      } else if (this.#rows.length === 0) {
        this.#fail(
          `expected a layer row such as "lstm_1 (LSTM)  (None, 400, 5)  380" after the header`,
          i,
        );
      } else {
        break;
      }
      end = i + 1;
      i++;
    }
    this.#flush();
    if (this.#decimals.length > 0) {
      this.#notes.push(
        `The totals are printed as ${this.#decimals.join(", ")}: Keras 2.0 printed some ` +
          `totals as floating-point numbers; they are whole counts.`,
      );
    }
    return {
      format: columns.format,
      ...this.#modelName(),
      rows: this.#rows,
      ...(this.#totals.total !== undefined ? { totalParams: this.#totals.total } : {}),
      ...(this.#totals.trainable !== undefined ? { trainableParams: this.#totals.trainable } : {}),
      ...(this.#totals.nonTrainable !== undefined
        ? { nonTrainableParams: this.#totals.nonTrainable }
        : {}),
      ...(this.#totals.line !== undefined ? { totalsLine: this.#totals.line } : {}),
      notes: this.#notes,
      headerLine: this.#header + 1,
      endLine: Math.max(end, this.#header + 1),
    };
  }

  #continuesAfterBlank(next: string, phase: string): boolean {
    if (TOTALS.test(next.length > 10_000 ? "" : next)) return true;
    const rule = ruleOf(next);
    if (rule) return true;
    if (phase !== "rows") return false;
    if (this.#columns.box) return splitCells(next) !== undefined;
    return isRowLike(next);
  }

  #fail(problem: string, index: number): never {
    throw new SummaryParseError(problem, index + 1, this.#lines[index] ?? "");
  }

  #modelName(): { modelName?: string } {
    for (let j = this.#header - 1; j >= this.#searchFrom && j >= this.#header - 4; j--) {
      const line = this.#line(j);
      if (line.trim() === "" || ruleOf(line)) continue;
      const match = /^\s*Model:\s*(.*)$/.exec(line.length > 1000 ? "" : line);
      if (!match) return {};
      const name = match[1].trim().replace(/^["'](.*)["']$/, "$1");
      return name ? { modelName: name } : {};
    }
    return {};
  }

  #readTotal(kind: string, value: string, index: number): void {
    const text = value.trim().replace(/\s*\(.*\)\s*$/, "");
    const count = readCount(text, 0);
    if (!count || count.end !== text.length || count.value === null) {
      this.#fail(`cannot read the ${kind} params count "${value.trim()}"`, index);
    }
    if (count.decimal) this.#decimals.push(text);
    if (kind === "total") {
      this.#totals.total = count.value;
      this.#totals.line = index + 1;
    } else if (kind === "trainable") this.#totals.trainable = count.value;
    else if (kind === "non-trainable") this.#totals.nonTrainable = count.value;
  }

  // --- Box tables (Keras 3) -------------------------------------------------------------------

  #boxLine(cells: string[], index: number): void {
    const columns = this.#columns;
    if (cells.length !== columns.cellCount) {
      this.#fail(
        `expected ${columns.cellCount} cells between the borders, as in the header, found ` +
          `${cells.length}`,
        index,
      );
    }
    const name = cells[columns.nameCell].trim();
    const shape = cells[columns.outputShapeCell].trim();
    const inputShape = columns.inputShapeCell >= 0 ? cells[columns.inputShapeCell].trim() : "";
    const param = cells[columns.paramCell].trim();
    if (param !== "") {
      this.#flush();
      this.#pending = {
        line: index,
        text: this.#lines[index],
        name: name ? [name] : [],
        shape: shape ? [shape] : [],
        inputShape: inputShape ? [inputShape] : [],
        param,
      };
      return;
    }
    if (name === "" && shape === "" && inputShape === "") return;
    if (!this.#pending) {
      this.#fail(`a continued cell with no row above it`, index);
    }
    if (name) this.#pending.name.push(name);
    if (shape) this.#pending.shape.push(shape);
    if (inputShape) this.#pending.inputShape.push(inputShape);
  }

  #flush(): void {
    const pending = this.#pending;
    if (!pending) return;
    this.#pending = undefined;
    const index = pending.line;
    const nameText = pending.name.join(" ");
    if (nameText === "") this.#fail(`the row has no layer name`, index);
    const name = readName(nameText);
    if (name.end !== nameText.length) {
      this.#fail(`cannot read the layer name and class "${nameText}"`, index);
    }
    const shapeText = pending.shape.join(" ");
    const shape = this.#wholeShape(shapeText, index, "output shape");
    const inputText = pending.inputShape.join(" ");
    const input = inputText ? this.#wholeShape(inputText, index, "input shape") : undefined;
    const param = readCountCell(pending.param);
    if (!param) {
      this.#fail(
        `cannot read the parameter count "${pending.param}": expected a number such as ` +
          `3,900 or ?`,
        index,
      );
    }
    this.#rows.push(rowOf(name, shape, input, param, index));
  }

  #wholeShape(text: string, index: number, what: string): ShapeRead {
    const shape = readShape(text, 0, 0);
    if (!shape || shape.end !== text.length) {
      this.#fail(
        `cannot read the ${what} "${text}": expected a shape such as (None, 400, 5)`,
        index,
      );
    }
    return shape;
  }

  // --- Classic tables (Keras 2, TensorFlow.js) -------------------------------------------------

  #classicRow(line: string, index: number): ParsedRow {
    const columns = this.#columns;
    let i = skipSpace(line, 0);
    const name = readName(line, i);
    i = skipSpace(line, name.end);
    const shapes: ShapeRead[] = [];
    for (let s = 0; s < columns.shapeCount; s++) {
      let shape = readShape(line, i, 0);
      if (!shape) {
        const what = s + 1 === columns.shapeCount ? "output shape" : "input shape";
        this.#fail(
          `cannot read the ${what} of "${name.name}": expected a shape such as (None, 400, 5) ` +
            `after the name`,
          index,
        );
      }
      // A shape cut right after a comma runs into the count: the header says where it starts.
      const paramAt = columns.paramColumn;
      if (
        shape.cut && !readCount(line, skipSpace(line, shape.end)) && paramAt !== undefined &&
        s + 1 === columns.shapeCount && paramAt > i && paramAt < line.length &&
        line[paramAt - 1] === " "
      ) {
        const cutShape = readShape(line.slice(0, paramAt).trimEnd(), i, 0);
        if (cutShape) shape = { ...cutShape, end: paramAt };
      }
      shapes.push(shape);
      i = skipSpace(line, shape.end);
    }
    const count = readCount(line, i);
    if (!count) {
      this.#fail(
        `cannot read the parameter count of "${name.name}": expected a number such as 3900 ` +
          `or ? after the output shape`,
        index,
      );
    }
    i = skipSpace(line, count.end);
    if (line.startsWith("(unbuilt)", i)) i = skipSpace(line, i + 9);
    let annotation: string | undefined;
    if (line[i] === "=") {
      annotation = line.slice(i + 1).trim();
    } else if (i < line.length && !columns.connections) {
      this.#fail(
        `unexpected text "${line.slice(i).trim()}" after the parameter count of "${name.name}"`,
        index,
      );
    }
    const output = shapes[shapes.length - 1];
    const input = shapes.length > 1 ? shapes[0] : undefined;
    return rowOf(name, output, input, { ...count, annotation }, index);
  }
}

function rowOf(
  name: NameRead,
  output: ShapeRead,
  input: ShapeRead | undefined,
  count: { value: number | null; annotation?: string },
  index: number,
): ParsedRow {
  return {
    name: name.name,
    ...(name.className !== undefined ? { className: name.className } : {}),
    ...(name.classCut ? { classNameCut: true } : {}),
    ...(name.nameCut ? { nameCut: true } : {}),
    outputShape: output.value,
    ...(output.cut ? { outputShapeCut: true } : {}),
    ...(input ? { inputShape: input.value } : {}),
    paramCount: count.value,
    ...(count.annotation !== undefined ? { annotation: count.annotation } : {}),
    line: index + 1,
  };
}

/** Whether a line of a classic table looks like a layer row (so failing to read it is an error). */
function isRowLike(line: string): boolean {
  const start = skipSpace(line, 0);
  if (start >= line.length || !/[A-Za-z0-9_]/.test(line[start])) return false;
  const nameEnd = skipWord(line, start);
  const rest = line.slice(nameEnd, nameEnd + 400);
  if (/^\s+\([A-Za-z]/.test(rest) && !/^\s+\((None|null)/.test(rest)) return true;
  return rest.includes("(None") || rest.includes("(null") || rest.includes("[(") ||
    rest.includes("[null") || rest.includes("[None") || rest.includes("[[") ||
    rest.includes("multiple") || /\(\d/.test(rest);
}

function isConnectionsOnly(line: string): boolean {
  const trimmed = line.trim();
  return trimmed.length < 1000 &&
    /^[\w./:-]+\[\d+\]\[\d+\](,?\s+[\w./:-]+\[\d+\]\[\d+\])*,?$/.test(trimmed);
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\u00a0")) i++;
  return i;
}

function skipWord(text: string, i: number): number {
  while (i < text.length && text[i] !== " " && text[i] !== "\t" && text[i] !== "\u00a0") i++;
  return i;
}

interface NameRead {
  readonly name: string;
  readonly className?: string;
  readonly classCut: boolean;
  readonly nameCut: boolean;
  readonly end: number;
}

/** `name`, then optionally `(Class)` or a class cut short: `(TimeDist` or `(Bidirectio…`. */
function readName(text: string, start = 0): NameRead {
  let i = skipSpace(text, start);
  const nameStart = i;
  while (i < text.length && text[i] !== " " && text[i] !== "\t" && text[i] !== "(") i++;
  // A name may itself contain parentheses only if no space precedes them: `input_6(InputLayer)`.
  let rawName = text.slice(nameStart, i);
  const nameCut = rawName.endsWith("…");
  if (nameCut) rawName = rawName.slice(0, -1);
  const afterName = skipSpace(text, i);
  if (text[afterName] === "(" && isClassStart(text, afterName + 1)) {
    let j = afterName + 1;
    while (j < text.length && text[j] !== ")" && text[j] !== " " && text[j] !== "\t") j++;
    let className = text.slice(afterName + 1, j);
    let classCut = text[j] !== ")";
    if (className.endsWith("…")) {
      className = className.slice(0, -1);
      classCut = true;
    }
    return {
      name: rawName,
      className,
      classCut,
      nameCut,
      end: text[j] === ")" ? j + 1 : j,
    };
  }
  return { name: rawName, classCut: false, nameCut, end: i };
}

function isClassStart(text: string, i: number): boolean {
  if (!/[A-Za-z_]/.test(text[i] ?? "")) return false;
  return !text.startsWith("None", i) && !text.startsWith("null", i);
}

interface ShapeRead {
  readonly value: Shape | readonly Shape[] | null;
  readonly cut: boolean;
  readonly end: number;
}

const MAX_NESTING = 3;

/**
 * A shape at `i`: a Python tuple `(None, 400, 5)`, Keras 3's `(None)`, a JSON list
 * `[null,400,5]`, a list of shapes `[(None, 5), (None, 5)]` (one alone stands for itself), or
 * `multiple`/`?` for no shape. A tuple or list with no closing bracket was cut by the column:
 * its last dimension may be partial, so it is dropped.
 */
function readShape(text: string, i: number, depth: number): ShapeRead | undefined {
  if (text.startsWith("multiple", i)) return { value: null, cut: false, end: i + 8 };
  if (text[i] === "?") return { value: null, cut: false, end: i + 1 };
  if (text[i] === "(") return readDims(text, i, ")");
  if (text[i] !== "[") return undefined;
  const first = skipSpace(text, i + 1);
  if (text[first] !== "(" && text[first] !== "[") return readDims(text, i, "]");
  if (depth >= MAX_NESTING) return undefined;
  const shapes: Shape[] = [];
  let j = first;
  for (;;) {
    const inner = readShape(text, j, depth + 1);
    if (!inner || inner.value === null) return undefined;
    if (inner.cut) return { value: listValue(shapes), cut: true, end: inner.end };
    if (isShapeList(inner.value)) shapes.push(...inner.value);
    else shapes.push(inner.value);
    j = skipSpace(text, inner.end);
    if (text[j] === ",") {
      j = skipSpace(text, j + 1);
      continue;
    }
    if (text[j] === "]") break;
    return { value: listValue(shapes), cut: true, end: j };
  }
  j++;
  // TensorFlow.js joins the input shapes of several inbound nodes with commas.
  if (depth === 0 && text[j] === "," && text[j + 1] === "[") {
    const more = readShape(text, j + 1, depth);
    if (more && more.value !== null && !more.cut) {
      const rest = isShapeList(more.value) ? more.value : [more.value];
      return { value: [...shapes, ...rest], cut: false, end: more.end };
    }
  }
  return { value: listValue(shapes), cut: false, end: j };
}

function listValue(shapes: Shape[]): Shape | readonly Shape[] {
  return shapes.length === 1 ? shapes[0] : shapes;
}

function isShapeList(value: Shape | readonly Shape[]): value is readonly Shape[] {
  return value.length > 0 && Array.isArray(value[0]);
}

function readDims(text: string, open: number, close: string): ShapeRead | undefined {
  const dims: Dim[] = [];
  let j = skipSpace(text, open + 1);
  if (text[j] === close) return { value: dims, cut: false, end: j + 1 };
  for (;;) {
    const dim = readDim(text, j);
    if (!dim) {
      // `(None, 8, 16, 240, ` cut right after a comma.
      if (dims.length > 0 && (j >= text.length || text[j - 1] === " ")) {
        return { value: dims, cut: true, end: j };
      }
      return undefined;
    }
    j = dim.end;
    const after = skipSpace(text, j);
    if (text[after] === ",") {
      dims.push(dim.value);
      j = skipSpace(text, after + 1);
      if (text[j] === close) return { value: dims, cut: false, end: j + 1 };
      continue;
    }
    if (text[after] === close) {
      dims.push(dim.value);
      return { value: dims, cut: false, end: after + 1 };
    }
    // No closing bracket: the column cut the shape, and the last dimension may be partial. A
    // closing bracket further on means the shape is malformed instead: `(None, 400 5)`.
    if (after >= text.length) return { value: dims, cut: true, end: after };
    if (after > j && !closesLater(text, after, close)) {
      return { value: dims, cut: true, end: after };
    }
    return undefined;
  }
}

function closesLater(text: string, from: number, close: string): boolean {
  const closeAt = text.indexOf(close, from);
  if (closeAt < 0) return false;
  const annotation = text.indexOf("=", from);
  return annotation < 0 || closeAt < annotation;
}

function readDim(text: string, i: number): { value: Dim; end: number } | undefined {
  if (text.startsWith("None", i)) return { value: null, end: i + 4 };
  if (text.startsWith("null", i)) return { value: null, end: i + 4 };
  if (text[i] === "?") return { value: null, end: i + 1 };
  let j = i;
  while (j < text.length && text[j] >= "0" && text[j] <= "9") j++;
  if (j === i || j - i > 15) return undefined;
  return { value: Number(text.slice(i, j)), end: j };
}

interface CountRead {
  readonly value: number | null;
  readonly decimal: boolean;
  readonly end: number;
}

/** `3900`, `3,900`, `146.0` (Keras 2.0's totals) or `?` at `i`. */
function readCount(text: string, i: number): CountRead | undefined {
  if (text[i] === "?") return { value: null, decimal: false, end: i + 1 };
  let j = i;
  let digits = "";
  while (j < text.length && text[j] >= "0" && text[j] <= "9") digits += text[j++];
  if (digits === "") return undefined;
  // Thousands separators: groups of exactly three digits.
  while (text[j] === "," && /^[0-9]{3}(?![0-9])/.test(text.slice(j + 1, j + 5))) {
    digits += text.slice(j + 1, j + 4);
    j += 4;
  }
  let decimal = false;
  if (text[j] === "." && text[j + 1] >= "0" && text[j + 1] <= "9") {
    let k = j + 1;
    while (k < text.length && text[k] === "0") k++;
    if (text[k] >= "0" && text[k] <= "9") return undefined;
    decimal = true;
    j = k;
  }
  // A count runs into no letter or digit: `380abc` is not a count.
  if (j < text.length && /[0-9A-Za-z_.,]/.test(text[j])) return undefined;
  const value = Number(digits);
  if (!Number.isSafeInteger(value)) return undefined;
  return { value, decimal, end: j };
}

/** Keras 3's count cell: `3,900`, `0 (unbuilt)`, `?`, or our `380 = 4*(13*5 + 5*5 + 5)`. */
function readCountCell(cell: string): { value: number | null; annotation?: string } | undefined {
  const text = cell.trim();
  const count = readCount(text, 0);
  if (!count) return undefined;
  let i = skipSpace(text, count.end);
  if (text.startsWith("(unbuilt)", i)) {
    return skipSpace(text, i + 9) === text.length ? { value: null } : undefined;
  }
  if (i === text.length) return { value: count.value };
  if (text[i] !== "=") return undefined;
  i++;
  return { value: count.value, annotation: text.slice(i).trim() };
}
