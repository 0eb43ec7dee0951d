// Readers of one printed cell: a layer's name and class, a shape (or several, or a structure of
// them), a parameter count, a `Connected to` list. Internal to the summary reader. Each reads
// left to right without backtracking patterns, so its time is linear in the cell.

import type { Dim, Shape } from "../shape.ts";

/** How deeply shapes may nest (`[[(None, 5), …]]`, dicts of tuples) before reading refuses. */
export const MAX_SHAPE_DEPTH = 16;

/** Thrown by {@linkcode readShape} past {@linkcode MAX_SHAPE_DEPTH}; the reader names the line. */
export class ShapeTooDeep extends Error {
  /** Where in the cell the limit was passed. */
  readonly at: number;
  /** @param at Where in the cell the limit was passed. */
  constructor(at: number) {
    super(`shapes nest deeper than ${MAX_SHAPE_DEPTH} levels`);
    this.at = at;
  }
}

/** The whitespace of pasted text: spaces, tabs and the non-breaking spaces of a web page. */
export function isSpace(c: string | undefined): boolean {
  return c === " " || c === "\t" || c === "\u00a0" || c === "\u202f";
}

/** The first index at or after `i` that is not whitespace. */
export function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text[i])) i++;
  return i;
}

/** A layer cell read: its name, and its class when printed. */
export interface NameRead {
  readonly name: string;
  readonly className?: string;
  /** Whether the class was cut short (`(TimeDist`, `(Bidirectio…`, a bare `(`). */
  readonly classCut: boolean;
  /** Whether the name was cut short (Keras 3's `…`, or a classic cell filled to its edge). */
  readonly nameCut: boolean;
}

const CLASS_START = /[A-Za-z_]/;
const CLASS_CHAR = /[A-Za-z0-9_.]/;

function isClassText(text: string): boolean {
  if (text === "" || !CLASS_START.test(text[0])) return false;
  for (const c of text) if (!CLASS_CHAR.test(c)) return false;
  return text !== "None" && text !== "null";
}

/**
 * A whole layer cell: `name (Class)`; `name (Cla` or `name (` when the column cut the class;
 * `name` alone when the class was cut off entirely or never printed. Names may hold any
 * character, spaces and parentheses included: the class is the last parenthesised word.
 *
 * @param text The cell, wrapped lines already joined.
 * @param filled Whether the cell ran to its column's edge, so an unclosed end was cut.
 */
export function readNameCell(text: string, filled: boolean): NameRead {
  let cell = text.trim();
  let nameCut = false;
  let classCut = false;
  if (cell.endsWith("…")) {
    cell = cell.slice(0, -1).trimEnd();
    classCut = true;
    nameCut = true;
  }
  const open = cell.lastIndexOf("(");
  if (open >= 0) {
    let before = cell.slice(0, open).trimEnd();
    const inside = cell.slice(open + 1);
    // Keras 3 cuts a long name with `…` on its own line, above its class.
    const beforeCut = before.endsWith("…");
    if (beforeCut) before = before.slice(0, -1);
    if (before !== "") {
      if (inside.endsWith(")") && isClassText(inside.slice(0, -1))) {
        return {
          name: before,
          className: inside.slice(0, -1),
          classCut: false,
          nameCut: beforeCut,
        };
      }
      if ((inside === "" || isClassText(inside)) && (filled || classCut)) {
        return { name: before, className: inside, classCut: true, nameCut: beforeCut };
      }
    }
  }
  if (filled && !classCut) nameCut = true;
  return { name: cell, classCut: false, nameCut };
}

/** A shape read from text: one shape, several (flattened), or none printed (`null`). */
export interface ShapeRead {
  readonly value: Shape | readonly Shape[] | null;
  /** Whether the column cut the shape short; its last dimension read may be partial. */
  readonly cut: boolean;
  /** When cut: whether the cut fell inside a shape (not just before a list's closing bracket). */
  readonly partial?: boolean;
  /**
   * When the cut fell inside a shape's last size: the digits printed of it (`"256"` of
   * `(None, 128, 128, 256`), which the size starts with; that size itself is dropped.
   */
  readonly digits?: string;
  readonly end: number;
}

type Node = { dim: Dim } | { shapes: Shape[]; single: boolean };

/**
 * A shape at `i`: a Python tuple `(None, 400, 5)`, Keras 3's `(None)`, a JSON list
 * `[null,400,5]`, several shapes as a list, tuple or dict (`[(None, 5), (None, 5)]`,
 * `((None, 8), (None, 3))`, `{'pooled': (None, 768), …}`, `[[null,64],[null,32]]`), which are
 * flattened in order, or `multiple`/`?` for no shape. A structure that stops without its closing
 * bracket (the end of the cell, or `…`) was cut by its column: what was read is kept, the last
 * dimension dropped as possibly partial.
 *
 * @throws {ShapeTooDeep} Past {@linkcode MAX_SHAPE_DEPTH} levels of brackets.
 */
export function readShape(text: string, i: number): ShapeRead | undefined {
  if (text.startsWith("multiple", i)) return { value: null, cut: false, end: i + 8 };
  if (text[i] === "?") return { value: null, cut: false, end: i + 1 };
  if (text[i] !== "(" && text[i] !== "[" && text[i] !== "{") return undefined;
  const read = readNode(text, i, 0);
  if (!read) return undefined;
  let { node, end, cut } = read;
  let partial = read.partial === true;
  // TensorFlow.js joins the input shapes of several inbound nodes with commas: `[[1,2]],[[3]]`.
  let shapes = "shapes" in node ? node.shapes : [];
  let more = false;
  while (!cut && text[end] === "," && text[end + 1] === "[") {
    const next = readNode(text, end + 1, 0);
    if (!next || !("shapes" in next.node)) break;
    shapes = [...shapes, ...next.node.shapes];
    more = true;
    end = next.end;
    cut = next.cut;
    partial = next.partial === true;
  }
  if (more) node = { shapes, single: false };
  if (!("shapes" in node)) return undefined;
  // A list cut short (`[(None, 29, 5), …`) stays a list: more shapes may follow.
  const value = node.shapes.length === 1 && !(cut && text[i] === "[" && !node.single)
    ? node.shapes[0]
    : node.shapes;
  if (node.shapes.length === 0 && !node.single) return { value: [], cut, end };
  // The digits of a cut last size tell only a single shape's.
  const digits = cut && !more && node.shapes.length === 1 && value === node.shapes[0]
    ? read.digits
    : undefined;
  return {
    value,
    cut,
    ...(cut ? { partial } : {}),
    ...(digits === undefined ? {} : { digits }),
    end,
  };
}

const CLOSE: Record<string, string> = { "(": ")", "[": "]", "{": "}" };

function readNode(
  text: string,
  i: number,
  depth: number,
): { node: Node; end: number; cut: boolean; partial?: boolean; digits?: string } | undefined {
  const open = text[i];
  const close = CLOSE[open];
  if (!close) {
    const dim = readDim(text, i);
    return dim ? { node: { dim: dim.value }, end: dim.end, cut: false } : undefined;
  }
  if (depth >= MAX_SHAPE_DEPTH) throw new ShapeTooDeep(i);
  const dims: Dim[] = [];
  const shapes: Shape[] = [];
  let j = skipSpace(text, i + 1);
  // `partial`: the cut fell inside a shape, whose last dimensions are missing; otherwise every
  // shape read is whole and only further shapes may be missing.
  // The digits of a last size dropped as possibly partial.
  let digits: string | undefined;
  const dropLast = (item: { node: Node }) => {
    if (!("dim" in item.node)) return;
    dims.pop();
    digits = typeof item.node.dim === "number" ? String(item.node.dim) : undefined;
  };
  // A dict's outputs are numbered as Keras flattens a dict, by sorted key (`bert[0][1]` of
  // `{'sequence_output': …, 'pooled_output': …}` is the sequence output), once read whole.
  const keys: string[] = [];
  let key = "";
  // A shape (not a list or dict of them) cut short is partial even when no size of it is left:
  // `(None` at a list's end began an output whose sizes were all dropped as possibly partial.
  const done = (
    end: number,
    cut: boolean,
    partial = cut && (dims.length > 0 || (shapes.length === 0 && open !== "{")),
  ) => {
    if (shapes.length > 0 && dims.length > 0) return undefined;
    if (open === "{" && !cut && keys.length === shapes.length) {
      const order = shapes.map((_, at) => at).sort((a, b) =>
        keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b
      );
      const sorted = order.map((at) => shapes[at]);
      shapes.splice(0, shapes.length, ...sorted);
    }
    const node: Node = shapes.length > 0 || (open === "{" && dims.length === 0)
      ? { shapes, single: false }
      : { shapes: [dims], single: true };
    return { node, end, cut, partial, ...(digits === undefined ? {} : { digits }) };
  };
  if (text[j] === close) return done(j + 1, false);
  for (;;) {
    if (j >= text.length || text[j] === "…") {
      // Cut right after a comma (`(None, 8, 16, 240, `): everything read is whole. A shape cut
      // right after its bracket (`(…` of `(1,)`) began, and nothing of it is known.
      if (dims.length + shapes.length > 0) return done(j, true);
      return depth === 0 && open === "(" ? done(j, true, true) : undefined;
    }
    if (open === "{") {
      const after = readKey(text, j);
      if (after === undefined) return undefined;
      key = text.slice(j + 1, text.indexOf(text[j], j + 1));
      j = skipSpace(text, after);
      if (j >= text.length || text[j] === "…") return done(j, true);
    }
    const item = readNode(text, j, depth + 1);
    if (!item) {
      // The column cut an item short (`(Non`, a bare `(`): everything before it is whole. A
      // list whose first shape was cut right after its bracket (`[(…`): that shape began.
      if (!isCutFragment(text, j)) return undefined;
      if (dims.length + shapes.length > 0) return done(text.length, true, true);
      if (open !== "[" || text[j] !== "(") return undefined;
      shapes.push([]);
      return done(text.length, true, true);
    }
    if ("dim" in item.node) {
      dims.push(item.node.dim);
    } else if (item.node.single) {
      shapes.push(item.node.shapes[0]);
      if (open === "{") keys.push(key);
    } else {
      shapes.push(...item.node.shapes);
      if (open === "{") { for (const _ of item.node.shapes) keys.push(key); }
    }
    if (item.cut) {
      dropLast(item);
      if (item.digits !== undefined) digits = item.digits;
      return done(item.end, true, "dim" in item.node || item.partial === true);
    }
    const after = skipSpace(text, item.end);
    if (text[after] === ",") {
      j = skipSpace(text, after + 1);
      if (text[j] === close) return done(j + 1, false);
      continue;
    }
    if (text[after] === close) return done(after + 1, false);
    if (after >= text.length || text[after] === "…") {
      dropLast(item);
      return done(after, true);
    }
    // No closing bracket where one belongs. When the cell goes on without one, the column cut
    // the shape (the rest is the next column's text); a bracket further on means it is
    // malformed instead: `(None, 400 5)`.
    if (after > item.end && !closesLater(text, after, close)) {
      dropLast(item);
      return done(after, true);
    }
    return undefined;
  }
}

/** Whether the rest of the text is the start of an item cut off by the cell's end. */
function isCutFragment(text: string, i: number): boolean {
  const rest = text.slice(i, i + 40).trimEnd();
  if (text.length - i > 40) return false;
  return /^[[({]*\s*('[^']*)?(N|No|Non|n|nu|nul|[0-9]+)?$/.test(rest) && rest !== "";
}

/** `'name':` or `"name":` in a dict; the index after the colon. */
function readKey(text: string, i: number): number | undefined {
  const quote = text[i];
  if (quote !== "'" && quote !== '"') return undefined;
  const end = text.indexOf(quote, i + 1);
  if (end < 0) return undefined;
  const colon = skipSpace(text, end + 1);
  return text[colon] === ":" ? colon + 1 : undefined;
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

/** A count read from text. */
export interface CountRead {
  readonly value: number | null;
  readonly decimal: boolean;
  readonly end: number;
}

/** `3900`, `3,900`, `146.0` (Keras 2.0's totals) or `?` at `i`. */
export function readCount(text: string, i: number): CountRead | undefined {
  if (text[i] === "?") return { value: null, decimal: false, end: i + 1 };
  let j = i;
  while (j < text.length && text[j] >= "0" && text[j] <= "9") j++;
  if (j === i) return undefined;
  let digits = text.slice(i, j);
  // Thousands separators: groups of exactly three digits.
  while (
    text[j] === "," && isDigit(text[j + 1]) && isDigit(text[j + 2]) && isDigit(text[j + 3]) &&
    !isDigit(text[j + 4])
  ) {
    digits += text.slice(j + 1, j + 4);
    j += 4;
  }
  let decimal = false;
  if (text[j] === "." && isDigit(text[j + 1])) {
    let k = j + 1;
    while (k < text.length && text[k] === "0") k++;
    if (isDigit(text[k])) return undefined;
    decimal = true;
    j = k;
  }
  // A count runs into no letter or digit: `380abc` is not a count.
  if (j < text.length && /[0-9A-Za-z_.,]/.test(text[j])) return undefined;
  if (digits.length > 16) return undefined;
  const value = Number(digits);
  if (!Number.isSafeInteger(value)) return undefined;
  return { value, decimal, end: j };
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}

/** A count cell read whole. */
export interface CountCell {
  readonly value: number | null;
  /** Whether Keras 3 cut the count with `…` (`2,720,…`): it is unknown. */
  readonly cut?: boolean;
  /** The digits printed before the `…` of a cut count, e.g. `"2,720,"`. */
  readonly printedPrefix?: string;
  /** Whether Keras 3 printed the layer as `(unbuilt)`. */
  readonly unbuilt?: boolean;
  readonly annotation?: string;
}

/**
 * A count cell: `3,900`, `?`, `2,720,…` (cut: unknown), `0 (unbuilt)` or `(unbuilt)`, or our
 * annotated `380 = 4*(13*5 + 5*5 + 5)`.
 */
export function readCountCell(cell: string): CountCell | undefined {
  const text = cell.trim();
  if (isUnbuilt(text)) return { value: null, unbuilt: true };
  if (text.endsWith("…") && /^[0-9,]*…$/.test(text)) {
    return { value: null, cut: true, printedPrefix: text.slice(0, -1) };
  }
  const count = readCount(text, 0);
  if (!count) return undefined;
  let i = skipSpace(text, count.end);
  if (text[i] === "(") return isUnbuilt(text.slice(i)) ? { value: null, unbuilt: true } : undefined;
  if (i === text.length) return { value: count.value };
  if (text[i] !== "=") return undefined;
  i++;
  return { value: count.value, annotation: text.slice(i).trim() };
}

/** Keras 3's `(unbuilt)`, possibly cut by a narrow column (`(unbui…`). */
function isUnbuilt(text: string): boolean {
  if (text === "(unbuilt)") return true;
  return text.length >= 3 && text.endsWith("…") && "(unbuilt)".startsWith(text.slice(0, -1));
}

/** The layers a `Connected to` cell names, and whether the last one was cut by its column. */
export interface Connections {
  readonly names: readonly string[];
  /** Which output of each named layer is read (`lstm[0][1]` reads its second), or -1 if cut. */
  readonly tensors: readonly number[];
  /**
   * Whether each name may be cut short (a prefix of the layer's name): cut before any `[` of
   * its index. A cut that fell in the index (`lstm[0][…`) leaves the name whole.
   */
  readonly namesCut: readonly boolean[];
  readonly cut: boolean;
}

/**
 * A `Connected to` cell in any of its forms: Keras 2's `lstm[0][0]` (one per line), TF ≥ 2.11's
 * `['lstm[0][0]', 'dense[0][0]']`, Keras 3's `lstm[0][0], dense[0][0]` or `-`, TensorFlow.js's
 * `lstm[0][0]`. Names are whatever precedes `[node][tensor]`; a last entry without it was cut.
 */
export function readConnections(text: string): Connections {
  const names: string[] = [];
  const tensors: number[] = [];
  const namesCut: boolean[] = [];
  let cut = false;
  let i = 0;
  const n = text.length;
  const pushCut = (raw: string) => {
    const name = raw.replace(/…$/, "");
    names.push(name.replace(/(\[\d+\])*(\[\d*)?$/, ""));
    namesCut.push(!name.includes("["));
    tensors.push(-1);
    cut = true;
  };
  while (i < n) {
    while (i < n && (isSpace(text[i]) || text[i] === "," || text[i] === "'" || text[i] === '"')) {
      i++;
    }
    if (i < n && text[i] === "[" && !/^\[\d/.test(text.slice(i, i + 2))) {
      i++;
      continue;
    }
    if (i < n && text[i] === "]") {
      i++;
      continue;
    }
    if (i >= n) break;
    // Keras's `-` for "no connection" is the whole cell; a name may begin with "- " itself.
    if (text[i] === "-" && text.slice(i).trim() === "-") {
      i++;
      continue;
    }
    // A name runs to `[digits][digits]`; names can hold brackets of their own only rarely.
    const start = i;
    let found = -1;
    let tensor = -1;
    while (i < n) {
      if (text[i] === "[") {
        const m = /^\[(\d+)\]\[(\d+)\]/.exec(text.slice(i, i + 40));
        if (m) {
          found = i;
          tensor = Number(m[2]);
          i += m[0].length;
          break;
        }
      }
      if (text[i] === "'" || text[i] === ",") break;
      if (text[i] === "…") {
        i++;
        break;
      }
      i++;
    }
    const name = text.slice(start, found >= 0 ? found : i).trim();
    if (found < 0 && name.endsWith("…")) {
      pushCut(name);
      continue;
    }
    if (found < 0) {
      // Cut where the column ends (Keras 2) or at Keras 3's `…`: drop a partial `[0][0`.
      if (name !== "") pushCut(name);
      if (i < n && (text[i] === "'" || text[i] === ",")) i++;
      continue;
    }
    if (name !== "") {
      names.push(name);
      tensors.push(tensor);
      namesCut.push(false);
    }
  }
  return { names, tensors, namesCut, cut };
}

/** A printed output normalised once: one shape, or the list of several, each `null` otherwise. */
export function splitOutput(
  value: Shape | readonly Shape[] | null,
): { outputSingle: Shape | null; outputList: readonly Shape[] | null } {
  if (value === null) return { outputSingle: null, outputList: null };
  if (value.length > 0 && Array.isArray(value[0])) {
    return { outputSingle: null, outputList: value as readonly Shape[] };
  }
  return { outputSingle: value as Shape, outputList: null };
}

/**
 * A shape's lines with each word a column cut on a line of its own, before other words, made
 * whole when it can only be one: only a size of None begins with N, and a word before a size
 * ends with a comma (`(N…` is `(None,`, `No…` is `None,`). Before a word that opens a shape, the
 * cut word may end a shape of one axis, which Keras 3 prints `(None)` (`[(N…` then `(None),` is
 * `[(None),` or `[(None,`): it stays cut, and the shape is read as cut there.
 *
 * @param lines The output cell's lines, as printed.
 * @returns The lines, those words whole.
 *
 * @example Keras 3's `(None, None, 1)` in a column four wide
 * ```ts
 * import { noneWordsWhole } from "./_cells.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(noneWordsWhole(["(N…", "No…", "1)"]), ["(None,", "None,", "1)"]);
 * assert.deepEqual(noneWordsWhole(["(N…"]), ["(N…"]);
 * ```
 *
 * @example A list of one-axis shapes, `[(None), (None)]`, in a column seven wide
 * ```ts
 * import { noneWordsWhole } from "./_cells.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(noneWordsWhole(["[(None…", "(None)]"]), ["[(None…", "(None)]"]);
 * ```
 */
export function noneWordsWhole(lines: readonly string[]): string[] {
  return lines.map((line, k) => {
    const cut = /^(\[?\(?)N(o(n(e)?)?)?…$/.exec(line.trim());
    const next = lines[k + 1]?.trim();
    return cut && next !== undefined && !/^[([{]/.test(next) ? `${cut[1]}None,` : line;
  });
}

/**
 * The least depth of a nested layer's row whose `└` marker a name column narrower than it cut on
 * a line of its own (`  …`, summary's `positions`): only a nested layer's name begins with
 * spaces, and depth d's marker is 3d + 1 wide, so in a column w wide d is at least
 * ⌊(w − 1) / 3⌋ + 1. `undefined` for any other cell.
 *
 * @param cell The name cell's first line, with its one space of padding on each side.
 * @returns The least depth, or `undefined`.
 *
 * @example A column three wide prints `   └` as `  …`: depth 1 at least
 * ```ts
 * import { cutMarkerDepth } from "./_cells.ts";
 * import assert from "assert";
 *
 * assert.equal(cutMarkerDepth("   … "), 1);
 * assert.equal(cutMarkerDepth("    … "), 2);
 * assert.equal(cutMarkerDepth(" … "), undefined);
 * ```
 */
export function cutMarkerDepth(cell: string): number | undefined {
  if (cell.trim() !== "…" || !cell.startsWith("  ")) return undefined;
  return Math.floor((cell.length - 3) / 3) + 1;
}

/**
 * The depth of a row of Keras 3's `expand_nested` table, from its name cell's `└ ` and the three
 * spaces per level before it (after the cell's one space of padding), and the name after it.
 */
export function nestedPrefix(cell: string): { depth: number; rest: string } | undefined {
  const at = cell.indexOf("└ ");
  if (at < 0 || cell.slice(0, at).trim() !== "") return undefined;
  const spaces = at - (cell.startsWith(" ") ? 1 : 0);
  if (spaces < 3 || spaces % 3 !== 0) return undefined;
  return { depth: spaces / 3, rest: cell.slice(at + 2).trim() };
}
