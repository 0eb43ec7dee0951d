// One table of a printed summary read, line by line, into rows and totals: box tables cell by
// cell, classic tables by the columns their header sets or, where a paste squeezed the spaces,
// by their words. Internal to the reader; `parse.ts` finds the tables and calls it.

import {
  type Connections,
  type CountCell,
  isSpace,
  readConnections,
  readCount,
  readCountCell,
  readNameCell,
  readShape,
  type ShapeRead,
  ShapeTooDeep,
  skipSpace,
} from "./_cells.ts";
import { COLUMN_NAMES, type ColumnName, type Columns, columnsOf } from "./_columns.ts";
import { cutMarkerDepth, nestedPrefix, noneWordsWhole } from "./_cells.ts";
import {
  isConnectionsOnly,
  isHeader,
  isRowLike,
  nestedLevel,
  readSqueezedName,
  ruleOf,
  splitAt,
  splitCells,
  totalsOf,
  trailingCell,
  VERTICALS,
} from "./_lines.ts";
import { rowOf, withMoreInbound } from "./_row_cells.ts";
import { isInputClass } from "../layers/registry.ts";
import { SummaryNestingError, SummaryParseError } from "./parse_errors.ts";
import type { ParsedRow, ParsedSummary } from "./rows.ts";

/**
 * Reads the table whose header ends on line `header` (and starts on `headerFirst`, when rich
 * wrapped it); `searchFrom` bounds the look for its name.
 */
export function readTable(
  lines: readonly string[],
  header: number,
  searchFrom: number,
  headerFirst = header,
): ParsedSummary {
  return new TableReader(lines, header, searchFrom, headerFirst).read();
}

/** A totals line's size cut by a narrow console: `136,974,314,500 (510.27`. */
const SIZE_CUT = /\s+\(\d[\d.]*(?:\s+[KMGTP]?B?)?$/;
/** The rest of that size, carried to the next line: `GB)`. */
const SIZE_REST = /^\s*(?:[\d.]+\s*)?[KMGTP]?B\)\s*$/;
/** A whole size carried to the next line when the count filled the console's width. */
const SIZE_WHOLE = /^\s*\(\d[\d.]*\s*[KMGTP]?B\)\s*$/;
/** A line that reads like part of a totals line: a count, a size, or `params`. */
const TOTALS_FRAGMENT = /^\s*(?:\(?\d[\d,.]*(?:\s*[KMGTP]?B\)?)?\s*$|.*\bparams\b)/i;
/** A totals line's label with nothing after it: a narrow console carried the rest on. */
const TOTALS_LABEL = /^\s*(?:total|trainable|non-trainable|optimizer)(?:\s+params\s*:?)?\s*$/i;

/** A row being gathered from its first line and its continuation lines, column by column. */
interface PendingRow {
  line: number;
  chunks: Record<ColumnName, string[]>;
  /** Whether the name cell of the first line ran to its column's edge. */
  nameFilled: boolean;
  /** Whether the console cut a line of the `Connected to` list: entries may be lost. */
  mayGoOn?: boolean;
  /** How deep in nested models the row is. */
  depth: number;
  /** Whether a column cut the row's `└` marker: then `depth` is the least it may be. */
  depthCut?: boolean;
  box: boolean;
  /** Whether each line of a last output cell ended before the console's edge (see below). */
  outputEnded?: boolean;
}

function emptyChunks(): Record<ColumnName, string[]> {
  return { name: [], input: [], output: [], param: [], connections: [], trainable: [] };
}

class TableReader {
  readonly #lines: readonly string[];
  readonly #mark: string;
  readonly #header: number;
  /** The header's first line: rich wraps a header onto several when a column is narrow. */
  readonly #headerFirst: number;
  readonly #searchFrom: number;
  readonly #columns: Columns;
  readonly #rows: ParsedRow[] = [];
  readonly #notes: string[] = [];
  readonly #decimals: string[] = [];
  #pending: PendingRow | undefined;
  /** How deep in nested models the line being read is (TF ≥ 2.11's `|` frames). */
  #depth = 0;
  /** Whether the line before was a rule (box tables: a row starts after one). */
  #afterRule = false;
  #totals: {
    total?: number;
    trainable?: number;
    nonTrainable?: number;
    optimizer?: number;
    line?: number;
    /** The sizes printed after the trainable and non-trainable counts, `(1.29 KB)`. */
    trainableSize?: string;
    nonTrainableSize?: string;
  } = {};

  constructor(lines: readonly string[], header: number, searchFrom: number, headerFirst: number) {
    // Output quoted line by line (R's `## `, a mail's `> `) carries the mark on every line.
    const headerLine = lines[header];
    const lower = headerLine.toLowerCase();
    const at = lower.includes("layer (type)")
      ? lower.indexOf("layer (type)")
      : [...headerLine].findIndex((c) => VERTICALS.has(c));
    const before = headerLine.slice(0, Math.max(0, at));
    const mark = [...before].filter((c) => !VERTICALS.has(c) && !isSpace(c)).join("");
    this.#mark = mark;
    this.#lines = lines;
    this.#header = header;
    this.#headerFirst = headerFirst;
    this.#searchFrom = searchFrom;
    const above: string[] = [];
    for (let j = headerFirst; j < header; j++) above.push(this.#line(j));
    this.#columns = columnsOf(
      this.#line(header),
      above,
      header + 1 < lines.length ? this.#line(header + 1) : "",
    );
  }

  /** Line `i` without the quoting mark the header carries, if any. */
  #line(i: number): string {
    const line = this.#lines[i];
    if (this.#mark === "") return line;
    const start = skipSpace(line, 0);
    if (!line.startsWith(this.#mark, start)) return line;
    // Keep the columns where they were: the mark becomes spaces.
    return " ".repeat(start + this.#mark.length) + line.slice(start + this.#mark.length);
  }

  read(): ParsedSummary {
    const lines = this.#lines;
    const columns = this.#columns;
    if (columns.box && (columns.cell.output < 0 || (columns.cell.param < 0 && !columns.rightCut))) {
      this.#fail(`the header has no "Output Shape" or "Param #" column`, this.#header);
    }
    let phase: "rows" | "closed" | "totals" = "rows";
    let i = this.#header + 1;
    let end = this.#header;
    while (i < lines.length) {
      const line = this.#line(i);
      if (line.trim() === "") {
        this.#flush();
        let j = i + 1;
        while (j < lines.length && this.#line(j).trim() === "") j++;
        if (j < lines.length && this.#continuesAfterBlank(this.#line(j), phase)) {
          i = j;
          continue;
        }
        // Text after a blank line ends a table, unless the table's closing rule or totals come
        // after it: then stopping would cut the table short, so it is an error.
        if (
          j < lines.length && phase === "rows" && !isHeader(this.#line(j)) && this.#closesLater(j)
        ) {
          this.#fail(
            `expected a layer row, a continuation of the row above, or the table's end`,
            j,
          );
        }
        break;
      }
      if (isHeader(line)) break;
      const joined = this.#wrappedTotal(i);
      const totals = joined?.totals ?? totalsOf(line);
      if (totals) {
        this.#flush();
        const sizeCut = this.#readTotal(totals[1].toLowerCase(), totals[2], i);
        phase = "totals";
        i += joined?.lines ?? 1;
        end = i;
        // The rest of a size the console carried to the next line (`GB)`), or the whole size
        // (`(25.60 GB)`) when the count filled the line.
        const sizeMissing = !/\)\s*$/.test(totals[2]);
        if (
          i < lines.length && ((sizeCut && SIZE_REST.test(this.#line(i))) ||
            (sizeMissing && SIZE_WHOLE.test(this.#line(i))))
        ) end = ++i;
        continue;
      }
      const rule = ruleOf(line);
      if (rule) {
        this.#flush();
        this.#afterRule = true;
        end = i + 1;
        i++;
        if (rule.tail) break;
        if (rule.kind === "double" && this.#rows.length > 0 && phase === "rows") phase = "closed";
        continue;
      }
      if (phase !== "rows") {
        // The table ends here; a line that reads like part of the totals is said, not dropped.
        if (phase === "totals" && line.length <= 10_000 && TOTALS_FRAGMENT.test(line)) {
          const text = line.trim();
          const shown = text.length > 60 ? `${text.slice(0, 59)}…` : text;
          this.#notes.push(
            `Line ${i + 1}, "${shown}", right after the totals, is not read: it ` +
              `looks like part of them, but is no totals line paramlab knows.`,
          );
        }
        break;
      }
      if (!this.#rowLine(line, i)) {
        this.#flush();
        if (this.#rows.length === 0) {
          this.#fail(
            columns.box
              ? `expected a table row between "│" borders`
              : `expected a layer row such as "lstm_1 (LSTM)  (None, 400, 5)  380" after the header`,
            i,
          );
        }
        // Text after the last row ends a table with no closing rule; text before the rule or
        // the totals would cut the table short, so it is an error instead.
        if (this.#closesLater(i)) {
          this.#fail(
            columns.box
              ? `expected a table row between "│" borders, or the table's end`
              : `expected a layer row, a continuation of the row above, or the table's end`,
            i,
          );
        }
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
    const t = this.#totals;
    return {
      format: columns.format,
      ...this.#modelName(),
      rows: this.#rows,
      ...(t.total !== undefined ? { totalParams: t.total } : {}),
      ...(t.trainable !== undefined ? { trainableParams: t.trainable } : {}),
      ...(t.nonTrainable !== undefined ? { nonTrainableParams: t.nonTrainable } : {}),
      ...(t.optimizer !== undefined ? { optimizerParams: t.optimizer } : {}),
      ...(t.trainableSize !== undefined ? { trainableSize: t.trainableSize } : {}),
      ...(t.nonTrainableSize !== undefined ? { nonTrainableSize: t.nonTrainableSize } : {}),
      ...(t.line !== undefined ? { totalsLine: t.line } : {}),
      connections: columns.connections,
      ...(columns.rightCut
        ? {
          consoleCut: {
            counts: columns.cell.param < 0 ||
              (!columns.paramWhole && columns.cell.param === columns.cellCount - 1),
            connections: columns.connectionsMayBeCut ||
              columns.cell.connections === columns.cellCount - 1,
          },
        }
        : {}),
      // A Functional table (an InputLayer row, its class maybe cut: `InputL…`, `I…`).
      ...(columns.connectionsMayBeCut &&
          this.#rows.some((r) =>
            (r.depth ?? 0) === 0 && (isInputClass(r.className ?? "") ||
              (r.classNameCut === true && "InputLayer".startsWith(r.className ?? "")))
          )
        ? { connectionsCutOff: true }
        : {}),
      notes: this.#notes,
      headerLine: this.#headerFirst + 1,
      endLine: Math.max(end, this.#header + 1),
    };
  }

  /** Whether the table's closing rule or totals come within the next lines, before any header. */
  #closesLater(from: number): boolean {
    const lines = this.#lines;
    for (let j = from + 1; j < lines.length && j < from + 200; j++) {
      const line = this.#line(j);
      if (isHeader(line)) return false;
      if (totalsOf(line)) return true;
      const rule = ruleOf(line);
      if (rule && rule.kind === "double") return true;
    }
    return false;
  }

  /** Reads one line of rows; false when it is not part of the table. */
  #rowLine(text: string, index: number): boolean {
    let line = text;
    if (this.#columns.box) {
      let cells = splitCells(line, this.#columns.verticals);
      let listCut = false;
      if (cells && this.#columns.rightCut) {
        // rich pads a cell with spaces to its column's width: text that runs to the console's
        // edge, no space after it, lost its end there, as Keras's `…` says of a cut cell (not a
        // flag: `-`, or the Trainable column's Y or N). A `Connected to` entry that ends at the
        // edge (`in_0[0][0]`, or with `, ` after it) is whole, but more may follow it.
        const last = trailingCell(line, this.#columns.verticals), c = this.#columns;
        const flag = last.trim() === "-" ||
          (c.cell.trainable === c.cellCount - 1 && /^[YN]$/.test(last.trim()));
        const edge = last.trim() !== "" && !/\s$/.test(last) && !last.endsWith("…") && !flag &&
          !(c.paramWhole && c.cell.param === c.cellCount - 1);
        listCut = (edge || /\S, $/.test(last)) && c.cell.connections === c.cellCount - 1;
        const afterEntry = listCut && /\[\d+\]\[\d+\],?$/.test(last);
        cells = [...cells, edge && !afterEntry ? `${last}…` : last];
      }
      if (!cells || cells.length < 2) return false;
      if (cells.length !== this.#columns.cellCount) {
        // A name holding a vertical bar: the borders are where the header's are.
        cells = splitAt(line, this.#columns.borders) ?? cells;
      }
      this.#boxLine(cells, index);
      if (listCut && this.#pending) this.#pending.mayGoOn = true;
      return true;
    }
    const nested = nestedLevel(line);
    if (nested > 0) {
      // TF ≥ 2.11's expand_nested: `| name … |`, the columns shifted left by the level.
      const inner = line.trimEnd();
      const content = inner.slice(nested, inner.length - nested);
      if (content.trim() === "") {
        this.#flush();
        return true;
      }
      line = " ".repeat(2 * nested) + content;
    }
    this.#depth = nested;
    const cells = this.#positional(line);
    if (cells) {
      this.#classicCells(cells, index);
      return true;
    }
    if (isRowLike(line)) {
      this.#flush();
      this.#rows.push(this.#classicRow(line, index));
      return true;
    }
    if (this.#columns.connections && isConnectionsOnly(line)) {
      // A squeezed classic functional table lists further inputs of the row above on lines of
      // their own.
      const last = this.#rows.at(-1);
      if (last?.inbound && this.#pending === undefined) {
        const more = readConnections(line.trim());
        this.#rows[this.#rows.length - 1] = {
          ...withMoreInbound(last, more),
          ...(more.cut ? { inboundCut: true } : {}),
        };
      }
      return true;
    }
    return false;
  }

  #continuesAfterBlank(next: string, phase: string): boolean {
    if (totalsOf(next)) return true;
    const rule = ruleOf(next);
    if (rule) return true;
    if (phase !== "rows") return false;
    if (this.#columns.box) return splitCells(next) !== undefined;
    const cells = this.#positional(next);
    if (cells) return cells.name.trim() !== "" || this.#rows.length > 0;
    return isRowLike(next);
  }

  #fail(problem: string, index: number): never {
    throw new SummaryParseError(problem, index + 1, this.#lines[index] ?? "");
  }

  #modelName(): { modelName?: string } {
    const top = this.#headerFirst;
    for (let j = top - 1; j >= this.#searchFrom && j >= top - 4; j--) {
      const line = this.#line(j);
      if (line.trim() === "" || ruleOf(line)) continue;
      const match = /^\s*Model:\s*(.*)$/.exec(line.length > 1000 ? "" : line);
      if (!match) return {};
      const name = match[1].trim().replace(/^["'](.*)["']$/, "$1");
      return name ? { modelName: name } : {};
    }
    return {};
  }

  /**
   * A totals line a narrow console wrapped before its count (` Total params: ` then
   * `7,683,032 (29.31 MB)`) or inside its label (` Non-trainable ` then `params: 0 (0.00 B)`),
   * as rich breaks it at spaces: its lines joined, and how many there are. Undefined when line
   * `i` is no such beginning, or what follows does not complete it.
   */
  #wrappedTotal(i: number): { totals: RegExpExecArray; lines: number } | undefined {
    if (!TOTALS_LABEL.test(this.#line(i))) return undefined;
    let text = this.#line(i).trimEnd();
    for (let j = i + 1; j < this.#lines.length && j <= i + 2; j++) {
      const next = this.#line(j).trim();
      if (next === "") return undefined;
      text = `${text} ${next}`;
      const totals = totalsOf(text);
      if (totals && totals[2].trim() !== "") return { totals, lines: j - i + 1 };
      if (!TOTALS_LABEL.test(text)) return undefined;
    }
    return undefined;
  }

  /** Reads a totals line's count; returns whether its size was cut by the console. */
  #readTotal(kind: string, value: string, index: number): boolean {
    // The size after the count, `(510.27 GB)`; a narrow console may cut it (`(510.27`) and
    // carry the rest to the next line: the count is read, the size is not needed.
    const whole = value.trim().replace(/\s*\([^()]*\)\s*$/, "");
    const size = whole === value.trim() ? undefined : /\(([^()]*)\)\s*$/.exec(value)?.[1].trim();
    const text = whole.replace(SIZE_CUT, "");
    const count = readCount(text, 0);
    if (!count || count.end !== text.length || count.value === null) {
      this.#fail(`cannot read the ${kind} params count "${value.trim()}"`, index);
    }
    if (count.decimal) this.#decimals.push(text);
    const t = this.#totals;
    if (kind === "total") {
      t.total = count.value;
      t.line = index + 1;
    } else if (kind === "trainable") {
      t.trainable = count.value;
      t.trainableSize = size;
    } else if (kind === "non-trainable") {
      t.nonTrainable = count.value;
      t.nonTrainableSize = size;
    } else t.optimizer = count.value;
    return text !== whole;
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
    const cell = (c: ColumnName) => columns.cell[c] >= 0 ? cells[columns.cell[c]].trim() : "";
    const name = cell("name");
    const param = cell("param");
    // A new row has a name and a count; `(unbuilt)` alone continues the count above. When the
    // console cut the counts off, the rules between rows say where each starts.
    const starts = (columns.rightCut &&
        (columns.cell.param < 0 || columns.cell.param === columns.cellCount - 1)) ||
        columns.hidden?.param === true
      ? name !== "" && (this.#afterRule || !this.#pending)
      : name !== "" && param !== "" && !param.startsWith("(");
    this.#afterRule = false;
    // Keras 3's expand_nested: a nested model's layer is printed `   └ name`, three spaces a level.
    const nested = starts ? nestedPrefix(cells[columns.cell.name]) : undefined;
    const markerDepth = starts && !nested ? cutMarkerDepth(cells[columns.cell.name]) : undefined;
    const markerCut = markerDepth !== undefined;
    // A name column one wide shows no marker at all: below the first row, any row may be nested.
    const depthOpen = starts && cells[columns.cell.name].length === 3 &&
      this.#rows.length + (this.#pending ? 1 : 0) > 0;
    if (starts) {
      this.#flush();
      this.#pending = {
        line: index,
        chunks: emptyChunks(),
        nameFilled: false,
        box: true,
        depth: markerDepth ?? nested?.depth ?? 0,
        ...(markerCut || depthOpen ? { depthCut: true } : {}),
      };
    } else if (COLUMN_NAMES.every((c) => cell(c) === "")) {
      return;
    } else if (!this.#pending) {
      this.#fail(`a continued cell with no row above it`, index);
    }
    for (const c of COLUMN_NAMES) {
      const text = c === "name" && (nested || markerCut) ? nested?.rest ?? "" : cell(c);
      if (text !== "") this.#pending!.chunks[c].push(text);
    }
    // rich pads cells with spaces, a shape holds single ones: two after text end it (#outputText).
    const output = columns.cell.output >= 0 ? cells[columns.cell.output] : "", p = this.#pending!;
    const ended = /\S {2}/.test(output) && !output.includes("…");
    if (output.trim() !== "") p.outputEnded = p.outputEnded !== false && ended;
  }

  // --- Classic tables read by column (Keras 2, TF ≥ 2.11, TensorFlow.js) ---------------------

  /**
   * The line cut at the header's column starts, when it lines up with them: each cell starts
   * after a space (TF ≥ 2.11 lets a wrapped name run a character or two past its column), the
   * cells read as what they hold, and nothing but spaces precedes the name.
   */
  #positional(line: string): Record<ColumnName, string> | undefined {
    const columns = this.#columns;
    const { start, starts } = columns;
    if (!columns.spaced || start.output < 0 || start.param < 0 || start.name < 0) {
      return undefined;
    }
    const bounds: number[] = [];
    for (const s of starts) {
      let b = s;
      if (b > 0 && b < line.length && !isSpace(line[b - 1])) {
        let k = b;
        while (k < line.length && k < b + 3 && !isSpace(line[k - 1])) k++;
        if (!isSpace(line[k - 1])) return undefined;
        b = k;
      }
      bounds.push(b);
    }
    const cells = { name: "", input: "", output: "", param: "", connections: "", trainable: "" };
    for (const c of COLUMN_NAMES) {
      const at = starts.indexOf(start[c]);
      if (at < 0) continue;
      const from = c === "name" ? 0 : bounds[at];
      const to = at + 1 < bounds.length ? bounds[at + 1] : line.length;
      cells[c] = from < line.length ? line.slice(from, Math.max(from, to)) : "";
    }
    // The cells must hold what their columns do.
    const param = cells.param.trim();
    const output = cells.output.trim();
    const name = cells.name.trim();
    if (param === "" || (name === "" && (param.startsWith("(") || /^[0-9,]+$/.test(param)))) {
      // A continuation line: wrapped cells, further connections, or the rest of a count that
      // TF ≥ 2.11 wrapped at its column's width (`1312358` then `4`). Every classic table
      // prints a row's name and the start of its count on its first line.
      return cells;
    }
    if (name === "" || !readCountCell(param)) return undefined;
    if (output === "" || !readShapeLoosely(output)) return undefined;
    if (columns.shapeCount === 2 && cells.input.trim() !== "") {
      if (!readShapeLoosely(cells.input.trim())) return undefined;
    }
    return cells;
  }

  #classicCells(cells: Record<ColumnName, string>, index: number): void {
    const param = cells.param.trim();
    const countGoesOn = cells.name.trim() === "" && /^[0-9,]+$/.test(param) &&
      this.#pending !== undefined;
    if (param !== "" && !param.startsWith("(") && !countGoesOn) {
      this.#flush();
      const nameEnd = this.#columns.starts.find((s) => s > this.#columns.start.name) ?? 0;
      this.#pending = {
        line: index,
        chunks: emptyChunks(),
        nameFilled: cells.name.trimEnd().length >= nameEnd - 2,
        box: false,
        depth: this.#depth,
      };
    } else if (COLUMN_NAMES.every((c) => cells[c].trim() === "")) {
      return;
    } else if (!this.#pending) {
      const last = this.#rows.at(-1);
      // Further connections of a row already read (after a squeezed line).
      if (last?.inbound && COLUMN_NAMES.every((c) => c === "connections" || !cells[c].trim())) {
        const more = readConnections(cells.connections.trim());
        this.#rows[this.#rows.length - 1] = withMoreInbound(last, more);
        return;
      }
      this.#fail(`a continued cell with no row above it`, index);
    }
    for (const c of COLUMN_NAMES) {
      const text = c === "name" ? cells[c].trim() : cells[c].trim();
      if (text !== "") this.#pending!.chunks[c].push(text);
    }
  }

  #flush(): void {
    const pending = this.#pending;
    if (!pending) return;
    this.#pending = undefined;
    const index = pending.line;
    const { chunks } = pending;
    const join = (c: ColumnName) => chunks[c].join(pending.box ? " " : "");
    const nameText = join("name");
    if (nameText === "") this.#fail(`the row has no layer name`, index);
    const wrapped = chunks.name.length > 1;
    const read = readNameCell(nameText, pending.nameFilled && !wrapped);
    // A name of several words, one cut short by its column (`wi… sp…` of `with space`): what
    // follows the first cut is not the name's next text.
    const cutAt = pending.box ? read.name.indexOf("… ") : -1;
    const name = cutAt >= 0
      ? { ...read, name: cutAt > 0 ? read.name.slice(0, cutAt) : "…", nameCut: true }
      : read;
    if (name.name === "") this.#fail(`cannot read the layer name and class "${nameText}"`, index);
    // An output column of no width: a shape began there, and nothing of it is printed.
    const output = this.#wholeShape(
      this.#columns.hidden?.output ? begunShape("")! : this.#outputText(chunks.output, pending),
      index,
      "output shape",
    );
    const inputText = join("input");
    const input = inputText ? this.#wholeShape(inputText, index, "input shape") : undefined;
    const paramText = join("param");
    const columns = this.#columns;
    // The console's right edge inside the counts' column, or before it: counts cut or gone.
    const paramCut = pending.box && (columns.hidden?.param === true || columns.rightCut &&
        (columns.cell.param < 0 ||
          (!columns.paramWhole && columns.cell.param === columns.cellCount - 1)));
    const param = paramCut
      ? { value: null, cut: true, printedPrefix: paramText.trim().replace(/…$/, "") }
      : readCountCell(paramText);
    if (!param) {
      this.#fail(
        `cannot read the parameter count "${paramText}": expected a number such as ` +
          `3,900 or ?`,
        index,
      );
    }
    let connections: Connections | undefined;
    if (this.#columns.connections) {
      const parts = chunks.connections;
      // TF ≥ 2.11 prints a Python list wrapped anywhere; the others one entry per line.
      // Keras 3 wraps its comma list at spaces; Keras 2 prints one entry per line.
      connections = parts.length > 0 && parts[0].startsWith("[")
        ? readConnections(parts.join(""))
        : pending.box
        ? readConnections(parts.join(" "))
        : parts.map(readConnections).reduce<Connections>(
          (a, b) => ({
            names: [...a.names, ...b.names],
            tensors: [...a.tensors, ...b.tensors],
            namesCut: [...a.namesCut, ...b.namesCut],
            cut: a.cut || b.cut,
          }),
          { names: [], tensors: [], namesCut: [], cut: false },
        );
    }
    const row = rowOf(name, output, input, param, connections, index);
    // The console's right edge through a `Connected to` list: entries may be lost after any line
    // that does not end the list (one wrapped at a comma, or cut right after an entry).
    const cutList = pending.box && columns.rightCut &&
      columns.cell.connections === columns.cellCount - 1 &&
      (pending.mayGoOn === true || chunks.connections.length > 1 ||
        /,\s*$/.test(chunks.connections[0] ?? ""));
    // show_trainable's cell: Y or N for a layer with weights (Keras 3 prints - without).
    const flag = join("trainable").trim();
    const trainable = flag === "Y" || flag === "N" || flag === "-"
      ? { trainableFlag: flag as "Y" | "N" | "-" }
      : {};
    this.#rows.push({
      ...row,
      ...(cutList ? { inboundCut: true, inboundMayGoOn: true } : {}),
      ...trainable,
      ...(pending.depth > 0 ? { depth: pending.depth } : {}),
      ...(pending.depthCut ? { depthCut: true } : {}),
    });
  }

  /**
   * A row's output cell as text. Cut by the console's right edge (the last column of a table
   * cut there), a line may have lost its end even where a space follows (a shape wrapped after
   * `(None, 4, `): only a single closed shape on one line, or lines that each end before the
   * edge (two spaces of rich's padding after their text), are whole; otherwise its first line
   * is read, cut.
   */
  #outputText(lines: readonly string[], pending: PendingRow): string {
    const columns = this.#columns;
    // A box column narrower than a wrapped line of its shape (summary's `positions`) cuts each
    // such line with `…`: what follows a cut line is later text, the shape is cut there.
    // (A table the console cut at its right edge is read below, by its first line.)
    const edge = columns.rightCut && columns.cell.output === columns.cellCount - 1;
    if (pending.box && !edge) lines = noneWordsWhole(lines);
    const cutLine = pending.box && !edge ? lines.findIndex((l) => l.trimEnd().endsWith("…")) : -1;
    if (cutLine >= 0) {
      // The word the `…` ends is cut too (`(N…`, `1…` of 12): the shape is read before it.
      const kept = lines.slice(0, cutLine + 1).join(" ").trim().replace(/…$/, "")
        .replace(/[^\s,(\[]+$/, "").trimEnd();
      return begunShape(kept) ?? kept;
    }
    const text = lines.join(pending.box ? " " : "");
    if (
      !pending.box || !columns.rightCut || columns.cell.output !== columns.cellCount - 1 ||
      pending.outputEnded === true
    ) {
      return text;
    }
    // Read to the end of the text, a structure without its closing bracket is cut there.
    const first = (lines[0] ?? "").trim().replace(/…$/, "");
    if (lines.length === 1 && /^\([^()]*\)$/.test(first)) return first;
    return begunShape(first) ?? first;
  }

  #wholeShape(text: string, index: number, what: string): ShapeRead {
    const shape = this.#shape(text, 0, index);
    if (!shape || shape.end !== text.length) {
      this.#fail(
        `cannot read the ${what} "${text}": expected a shape such as (None, 400, 5)`,
        index,
      );
    }
    return shape;
  }

  #shape(text: string, at: number, index: number): ShapeRead | undefined {
    try {
      return readShape(text, at);
    } catch (error) {
      if (error instanceof ShapeTooDeep) {
        throw new SummaryNestingError(index + 1, this.#lines[index] ?? "");
      }
      throw error;
    }
  }

  // --- Classic rows whose spaces a paste squeezed -------------------------------------------

  #classicRow(line: string, index: number): ParsedRow {
    const columns = this.#columns;
    let i = skipSpace(line, 0);
    const name = readSqueezedName(line, i);
    i = skipSpace(line, name.end);
    const shapes: ShapeRead[] = [];
    for (let s = 0; s < columns.shapeCount; s++) {
      let shape = this.#shape(line, i, index);
      if (!shape) {
        const what = s + 1 === columns.shapeCount ? "output shape" : "input shape";
        this.#fail(
          `cannot read the ${what} of "${name.name}": expected a shape such as (None, 400, 5) ` +
            `after the name`,
          index,
        );
      }
      // A shape cut right after a comma runs into the count: the header says where it starts.
      const paramAt = columns.start.param;
      if (
        shape.cut && !readCount(line, skipSpace(line, shape.end)) && paramAt > i &&
        s + 1 === columns.shapeCount && paramAt < line.length && line[paramAt - 1] === " "
      ) {
        const cutShape = this.#shape(line.slice(0, paramAt).trimEnd(), i, index);
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
    let unbuilt = false;
    if (line.startsWith("(unbuilt)", i)) {
      i = skipSpace(line, i + 9);
      unbuilt = true;
    }
    let annotation: string | undefined;
    let connections: Connections | undefined;
    if (line[i] === "=") {
      annotation = line.slice(i + 1).trim();
    } else if (columns.connections) {
      connections = readConnections(line.slice(i).trim());
    } else if (i < line.length) {
      this.#fail(
        `unexpected text "${line.slice(i).trim()}" after the parameter count of "${name.name}"`,
        index,
      );
    }
    const output = shapes[shapes.length - 1];
    const input = shapes.length > 1 ? shapes[0] : undefined;
    const cell: CountCell = unbuilt
      ? { value: null, unbuilt: true }
      : { value: count.value, ...(annotation !== undefined ? { annotation } : {}) };
    return rowOf(name, output, input, cell, connections, index);
  }
}

function readShapeLoosely(text: string): boolean {
  try {
    const shape = readShape(text, 0);
    return shape !== undefined && (shape.end === text.length || shape.cut);
  } catch {
    return true; // Too deep: the row is read, and the error names it.
  }
}

/**
 * A shape cut before any size (`(No`, `[(`, or nothing printed): nothing of it is known but
 * that it began, read as a cut `(None,` when an N was printed (only None begins with one), else
 * as a cut `(`; `undefined` for any other text.
 */
function begunShape(text: string): string | undefined {
  if (!/^\[?\(?(N(o(n(e)?)?)?)?$/.test(text)) return undefined;
  // Only None begins with N; a batch of a fixed size (`(1,)`) cut to `(…` is not known.
  const batch = text.includes("N") ? "None," : "";
  return text.startsWith("[") ? `[(${batch}` : `(${batch}`;
}
