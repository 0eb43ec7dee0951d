// How the summary reader sees a line: cleaned of colour codes and non-breaking spaces, and
// classified as a header, a rule, a totals line, box cells, a nested frame, or a squeezed row.
// Internal to the reader; each function reads its line once, left to right.

import { isSpace, skipSpace } from "./_cells.ts";

// ANSI control sequences (a notebook's colours): CSI `ESC [ … letter` and OSC `ESC ] … BEL`.
// deno-lint-ignore no-control-regex
export const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

/** A line as a reader sees it: colour codes removed, non-breaking spaces made spaces. */
export function cleanLine(line: string): string {
  let clean = line.includes("\x1b") ? line.replace(ANSI, "") : line;
  if (clean.includes("\u00a0") || clean.includes("\u202f")) {
    clean = clean.replace(/[\u00a0\u202f]/g, " ");
  }
  return clean;
}

/** Whether a line is a summary's header (`Layer (type) … Output Shape … Param #`). */
/**
 * A Keras 3 header the console cut at its right edge inside the second column (`┃ Layer (type)
 * ┃ Out`): the start of a header all the same.
 */
const CUT_BOX_HEADER = /^\s*┃[^┃]*layer \(type\)[^┃]*┃\s*\S/;

/** A Keras 3 header cut inside its first column (`┃ Layer (type)   `): no other column is left. */
export const NAMES_ONLY_HEADER = /^\s*┃\s*layer \(type\)[^┃]*(┃\s*)?$/i;

export function isHeader(line: string): boolean {
  if (line.length > 10_000) return false;
  const lower = line.toLowerCase();
  return lower.includes("layer (type)") &&
    (lower.includes("param") || lower.includes("shape") || CUT_BOX_HEADER.test(lower));
}

/**
 * A Keras 3 header that rich wrapped onto several lines, a column being narrower than its title
 * (`Layer` over `(type)`, `Connected` over `to`): the lines between the box's top rule at `i`
 * and the rule under the header, when they are 2 to 4 lines of `┃` cells, the same number on
 * each, and their first column reads `Layer (type)` joined. `undefined` for any other line.
 */
export function wrappedBoxHeader(
  lines: readonly string[],
  i: number,
): { first: number; last: number } | undefined {
  if (!lines[i].includes("┏")) return undefined;
  let j = i + 1;
  // A console narrower than the table that cut each line inside its second column: what is left
  // of the line after the first column is a cell too.
  const cellsOf = (line: string) => {
    const cells = splitCells(line, BOX_VERTICALS);
    return cells?.length === 1 && !BOX_VERTICALS.has(line.at(-1) ?? "")
      ? [...cells, trailingCell(line, BOX_VERTICALS)]
      : cells;
  };
  const count = cellsOf(lines[j] ?? "")?.length;
  if (count === undefined || count < 2) return undefined;
  const firsts: string[] = [];
  // What the other columns print: nothing means a console that cut the first column's edge, and
  // left only it (no header the reader can use).
  let rest = "";
  while (j < lines.length && j <= i + 4 && lines[j].includes("┃")) {
    const cells = cellsOf(lines[j]);
    if (cells?.length !== count) return undefined;
    firsts.push(cells[0].trim());
    rest += cells.slice(1).join("").trim();
    j++;
  }
  if (j - i - 1 < 1 || j >= lines.length || !lines[j].includes("┡") || rest === "") {
    return undefined;
  }
  const first = firsts.filter((c) => c !== "").join(" ").toLowerCase();
  if (j - i - 1 >= 2 && first.startsWith("layer")) return { first: i + 1, last: j - 1 };
  // Titles cut with `…` by columns narrower than them (summary's `positions`): `La… (t…`, and
  // two more columns, or one and what a console's right edge left of the next.
  const cutRight = !BOX_VERTICALS.has(lines[i + 1].at(-1) ?? "");
  return first.includes("…") && titleFragments(first, "layer (type)") &&
      (count >= 3 || (count === 2 && cutRight))
    ? { first: i + 1, last: j - 1 }
    : undefined;
}

/**
 * Whether a header cell, lowercased, is what rich prints of a title in a column too narrow for
 * it: empty, a bare `…`, or words each the start of the title's word in its place, `…` ending
 * the cut ones (`la… (t…` of `layer (type)`, `… #` of `param #`, `out…` of `output shape`).
 *
 * @param cell The cell's text, lowercased, its lines joined by spaces.
 * @param title The title, lowercased.
 * @returns Whether the cell may be the title.
 */
export function titleFragments(cell: string, title: string): boolean {
  const words = cell.split(" ").filter((w) => w !== "");
  const want = title.split(" ");
  if (words.length > want.length) return false;
  // The words printed are the title's, in order, from its first; a word cut to `…` alone
  // (rich keeps the ellipsis of a column one wide) stands for its word.
  return words.every((word, k) => {
    const stem = word.endsWith("…") ? word.slice(0, -1) : word;
    return want[k].startsWith(stem) && (word.endsWith("…") || stem === want[k]);
  });
}

/** The characters that separate a table's cells. */
export const VERTICALS = new Set(["│", "┃", "|", "║"]);
export const BOX_VERTICALS = new Set(["│", "┃", "║"]);
export const RULE_CHARS = new Set([..."_=-─━═┄┅┈┉╌╍┏┓┗┛┡┩┢┪╇┼├┤└┘┴┬┳┻╋┣┫╞╡╪╘╛╒╕+│┃|║:¯ \t"]);
export const BOX_HEAD_RULE = new Set([..."┡┣╞╇╪┢"]);
/** The right corners of the rule under a box header (`┩`): absent when the console cut it. */
export const BOX_HEAD_RULE_END = new Set([..."┩┫╡┪"]);
export const BOX_BOTTOM = new Set([..."└┗╘"]);

export interface Rule {
  /** `double` closes the rows (`=`, `└`), `head` follows the header, `single` separates rows. */
  readonly kind: "double" | "head" | "single" | "top";
  /** Whether text follows the rule on the same line (a paste that lost a line break). */
  readonly tail: boolean;
}

/** The rule a line draws (`____`, `====`, `├──┼──┤`, `|¯¯¯|`), or undefined for any other line. */
export function ruleOf(line: string): Rule | undefined {
  const trimmed = line.trim();
  if (trimmed.length < 3) return undefined;
  let end = 0;
  while (end < trimmed.length && RULE_CHARS.has(trimmed[end])) end++;
  const ruleText = trimmed.slice(0, end).trim();
  if (ruleText.length < 3) return undefined;
  // A line of box verticals, colons and spaces only is an empty row, not a rule; and a
  // vertical with a space beside it is a cell's border (a row of a layer named `-`).
  if ([...ruleText].every((c) => VERTICALS.has(c) || c === " " || c === ":")) return undefined;
  if (/[│┃║|] | [│┃║|]/.test(ruleText)) return undefined;
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

export const TOTALS = /^\s*(total|trainable|non-trainable|optimizer)\s+params\s*:\s*(.*)$/i;

/** A `Total/Trainable/Non-trainable/Optimizer params:` line, matched. */
export function totalsOf(line: string): RegExpExecArray | null {
  return line.length > 10_000 ? null : TOTALS.exec(line);
}

/** The text after a line's last vertical: a cell the console cut. */
export function trailingCell(line: string, verticals: ReadonlySet<string> = VERTICALS): string {
  let last = -1;
  for (let i = 0; i < line.length; i++) if (verticals.has(line[i])) last = i;
  return last >= 0 ? line.slice(last + 1) : "";
}

/** The cells between the verticals at the header's border columns, when the line has them. */
export function splitAt(line: string, borders: readonly number[]): string[] | undefined {
  if (borders.length < 2 || line.length <= borders.at(-1)!) return undefined;
  if (!borders.every((b) => VERTICALS.has(line[b]))) return undefined;
  const cells: string[] = [];
  for (let k = 1; k < borders.length; k++) cells.push(line.slice(borders[k - 1] + 1, borders[k]));
  return cells;
}

/** The cells between a line's box verticals, or undefined when it has fewer than two. */
export function splitCells(
  line: string,
  verticals: ReadonlySet<string> = VERTICALS,
): string[] | undefined {
  const cells: string[] = [];
  let from = -1;
  for (let i = 0; i < line.length; i++) {
    if (verticals.has(line[i])) {
      if (from >= 0) cells.push(line.slice(from, i));
      from = i + 1;
    }
  }
  return cells.length > 0 ? cells : undefined;
}

/** How many `|` frame a nested row of TF ≥ 2.11's expand_nested table (0 for none). */
export function nestedLevel(line: string): number {
  let k = 0;
  while (k < line.length && line[k] === "|") k++;
  if (k === 0) return 0;
  const end = line.trimEnd();
  for (let j = 1; j <= k; j++) if (end[end.length - j] !== "|") return 0;
  return end.length >= 2 * k ? k : 0;
}

/** Whether a line of a classic table looks like a layer row (so failing to read it is an error). */
export function isRowLike(line: string): boolean {
  const start = skipSpace(line, 0);
  // A name starts with a letter, digit, `_` or `<`, in any script; a bullet or dash starts prose.
  if (start >= line.length || !/[\p{L}\p{N}_<]/u.test(line[start])) return false;
  let nameEnd = start;
  while (nameEnd < line.length && !isSpace(line[nameEnd])) nameEnd++;
  const rest = line.slice(nameEnd, nameEnd + 400);
  if (/^\s+\([A-Za-z]/.test(rest) && !/^\s+\((None|null)/.test(rest)) return true;
  return rest.includes("(None") || rest.includes("(null") || rest.includes("[(") ||
    rest.includes("[null") || rest.includes("[None") || rest.includes("[[") ||
    rest.includes("multiple") || /\(\d/.test(rest);
}

/** Whether a squeezed line holds only further `Connected to` entries. */
export function isConnectionsOnly(line: string): boolean {
  const trimmed = line.trim();
  return trimmed.length < 1000 &&
    /^[\w./:-]+\[\d+\]\[\d+\](,?\s+[\w./:-]+\[\d+\]\[\d+\])*,?$/.test(trimmed);
}

/** `name`, then optionally `(Class)` or a class cut short, in a line whose spaces were squeezed. */
export function readSqueezedName(
  text: string,
  start: number,
): { name: string; className?: string; classCut: boolean; nameCut: boolean; end: number } {
  let i = skipSpace(text, start);
  const nameStart = i;
  while (i < text.length && !isSpace(text[i]) && text[i] !== "(") i++;
  let rawName = text.slice(nameStart, i);
  const nameCut = rawName.endsWith("…");
  if (nameCut) rawName = rawName.slice(0, -1);
  const afterName = skipSpace(text, i);
  if (text[afterName] === "(" && isClassStart(text, afterName + 1)) {
    let j = afterName + 1;
    while (j < text.length && text[j] !== ")" && !isSpace(text[j])) j++;
    let className = text.slice(afterName + 1, j);
    let classCut = text[j] !== ")";
    if (className.endsWith("…")) {
      className = className.slice(0, -1);
      classCut = true;
    }
    return { name: rawName, className, classCut, nameCut, end: text[j] === ")" ? j + 1 : j };
  }
  return { name: rawName, classCut: false, nameCut, end: i };
}

/** Whether a class name starts at `i` (a letter, not `None`/`null`). */
export function isClassStart(text: string, i: number): boolean {
  if (!/[A-Za-z_]/.test(text[i] ?? "")) return false;
  return !text.startsWith("None", i) && !text.startsWith("null", i);
}
