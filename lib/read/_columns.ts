// The columns a summary's header sets: their cells in a box table, their start positions in a
// classic one, and which program printed it. Internal to the reader.

import type { SummaryFormat } from "./rows.ts";
import {
  BOX_HEAD_RULE,
  BOX_HEAD_RULE_END,
  BOX_VERTICALS,
  splitCells,
  titleFragments,
  trailingCell,
  VERTICALS,
} from "./_lines.ts";

/** The columns the reader reads. */
export type ColumnName = "name" | "input" | "output" | "param" | "connections" | "trainable";
/** Every column the reader reads, in the order it reads them. */
export const COLUMN_NAMES: readonly ColumnName[] = [
  "name",
  "input",
  "output",
  "param",
  "connections",
  "trainable",
];

/** Where a header puts each column. */
export interface Columns {
  readonly box: boolean;
  readonly format: SummaryFormat;
  /** Box tables: each column's index among the cells (-1 when absent). */
  readonly cell: Readonly<Record<ColumnName, number>>;
  readonly cellCount: number;
  /** Classic tables: where each column starts in the header (-1 when absent), and all starts. */
  readonly start: Readonly<Record<ColumnName, number>>;
  readonly starts: readonly number[];
  /** Whether the header keeps Keras's spacing (not squeezed), so its columns can be trusted. */
  readonly spaced: boolean;
  /** Box tables: whether the console cut every line at the right, and the last cell with it. */
  readonly rightCut: boolean;
  /**
   * Box tables cut at the right inside the counts' column: whether its counts are whole. A
   * table cut before that column (its `param` cell -1) has every count cut off.
   */
  readonly paramWhole: boolean;
  /**
   * Box tables cut at the right at or after the counts: whether a Connected to column may have
   * been cut off (a Functional table's rows then name inputs no one can read).
   */
  readonly connectionsMayBeCut: boolean;
  /** Box tables: the characters that separate cells (box drawing only, when the header's are). */
  readonly verticals: ReadonlySet<string>;
  /** Box tables: the header's border columns. */
  readonly borders: readonly number[];
  /** Whether rows end with connections, and how many shapes precede the count. */
  readonly connections: boolean;
  readonly shapeCount: number;
  /**
   * Box tables: columns rich printed with no width (summary's `positions` gave them none), their
   * titles and cells blank: every output shape or count is unknown.
   */
  readonly hidden?: { readonly output: boolean; readonly param: boolean };
}

/**
 * The columns a header line sets; `above`, the lines of a box header that rich wrapped onto
 * several, whose cells are read joined to the header's (`Connected` over `to`).
 */
export function columnsOf(
  header: string,
  above: readonly string[] = [],
  below = "",
): Columns {
  const lower = header.toLowerCase();
  const headerCells = splitCells(header);
  // Keras 3 in a console narrower than the table: rich cuts every line at the right edge, the
  // rule under the header too (`┡━━━╇━━━` without its `┩`), and the last column's cells with it.
  const rule = below.trim();
  const ruleCut = BOX_HEAD_RULE.has(rule[0] ?? "") && !BOX_HEAD_RULE_END.has(rule.at(-1) ?? "");
  const headerCut = !VERTICALS.has(header.trimEnd().at(-1) ?? "");
  const box = (headerCells !== undefined && headerCells.length >= 2) ||
    (headerCells !== undefined && (ruleCut || headerCut) && BOX_VERTICALS.has(header.trim()[0]));
  const connectionsAt = firstOf(lower, ["connected to", "receives inputs", "previous layer"]);
  const inputAt = lower.indexOf("input shape");
  const format: SummaryFormat = box
    ? "keras3"
    : inputAt >= 0 || header.includes("Output shape")
    ? "tfjs"
    : "keras2";
  const none = { name: -1, input: -1, output: -1, param: -1, connections: -1, trainable: -1 };
  if (!box) {
    const start = {
      name: lower.indexOf("layer (type)"),
      input: inputAt,
      output: lower.indexOf("output shape"),
      param: lower.indexOf("param"),
      connections: connectionsAt,
      trainable: lower.indexOf("trainable"),
    };
    const starts = COLUMN_NAMES.map((c) => start[c]).filter((s) => s >= 0)
      .sort((a, b) => a - b);
    return {
      box,
      format,
      cell: none,
      cellCount: 0,
      rightCut: false,
      paramWhole: true,
      connectionsMayBeCut: false,
      start,
      starts,
      spaced: starts.every((s) => s === start.name || header.slice(s - 2, s) === "  "),
      verticals: VERTICALS,
      borders: [],
      connections: connectionsAt >= 0,
      shapeCount: inputAt >= 0 ? 2 : 1,
    };
  }
  const rightCut = headerCut || ruleCut;
  const verticals = header.includes("|") ? VERTICALS : BOX_VERTICALS;
  const cellsOf = (line: string) => [
    ...splitCells(line, verticals) ?? [],
    ...(rightCut ? [trailingCell(line, verticals)] : []),
  ];
  const cells = cellsOf(header).map((c, k) =>
    [...above.map((line) => cellsOf(line)[k] ?? ""), c].map((part) => part.trim())
      .filter((part) => part !== "").join(" ").toLowerCase()
  );
  const find = (...titles: string[]) =>
    cells.findIndex((c) => titles.some((title) => isTitle(c, title)));
  const last = cells.length - 1;
  const outputTitled = find("output shape");
  let outputCell = outputTitled >= 0
    ? outputTitled
    : rightCut && last > 0 && cutTitle(cells[last], "output shape")
    ? last
    : -1;
  const paramTitled = find("param #", "param");
  let paramCell = paramTitled >= 0
    ? paramTitled
    : rightCut && "param #".startsWith(cells[last]) && last > 0
    ? last
    : -1;
  // The console cuts the last column's title too, without `…` (`Connecte` over `to`).
  const lastIs = (title: string) => rightCut && last > 1 && cutTitle(cells[last], title);
  const found = find("connected to", "receives inputs", "previous layer");
  let connectionsCell = found >= 0
    ? found
    : last > paramCell && paramCell >= 0 && lastIs("connected to")
    ? last
    : -1;
  // show_trainable's column, last: its title whole or cut (`Tr…`, `T…`, a bare `…`), or by a
  // console's edge (`Tr`), whose flags, one letter each, are whole where printed.
  let trainableCell = last > Math.max(paramCell, connectionsCell) && last > 0 &&
      (!rightCut && (isTitle(cells[last], "trainable") || cells[last] === "…") ||
        lastIs("trainable") && cells[last].length >= 2)
    ? last
    : -1;
  // Titles rich cut to fit columns narrower than them (summary's `positions`): Keras 3 prints
  // its columns in one order, so each is told by its place when every title fits its own.
  // A column no title tells (a Connected to cut to `… …`) is read so too, never left out.
  const untold = outputCell < 0 || paramCell < 0 ||
    (cells.length === 5 && (connectionsCell < 0 || trainableCell < 0)) ||
    (cells.length === 4 && connectionsCell < 0 && trainableCell < 0);
  // The console's edge cuts each line of the last title without `…` (`Tra` of `Trainable`,
  // `Conn` over `to`): each word read as cut.
  const ordered = untold
    ? byKerasOrder(
      rightCut && cells[last] !== ""
        ? [...cells.slice(0, last), cells[last].replace(/(?<!…)(?= |$)/g, "…")]
        : cells,
    )
    : undefined;
  // A Connected to of no width (its title and every entry cut to nothing), or a fourth column
  // whose title tells neither Connected to nor the trainable flags: no row's input is then
  // taken from the row above, nor from the column.
  const noConnections = ordered !== undefined && ordered.connections >= 0 &&
    cells[ordered.connections] === "";
  const unsure = ordered !== undefined && ordered.connections < 0 && ordered.unsure;
  if (ordered) {
    outputCell = ordered.output;
    paramCell = ordered.param;
    connectionsCell = noConnections ? -1 : ordered.connections;
    trainableCell = ordered.trainable;
  }
  // A right edge cut inside the counts (`Param #` right-aligned: its `#` gone) cuts them too.
  const headerLines = [...above, header];
  const paramWhole = !rightCut || paramCell !== last ||
    headerLines.some((line) => cellsOf(line)[last]?.trimEnd().endsWith("#"));
  // A Functional table's Connected to column comes after the counts: cut off with the right
  // edge, or cut to a title that does not tell, the rows' inputs are not known. A table whose
  // last column is show_trainable's has none.
  const afterParam = paramCell === last || paramCell < 0 ||
    (last === paramCell + 1 && !lastIs("trainable") && connectionsCell < 0);
  const connectionsMayBeCut = unsure || noConnections ||
    (rightCut && connectionsCell < 0 && afterParam);
  return {
    ...boxColumns({
      name: ordered ? ordered.name : Math.max(0, find("layer (type)", "layer")),
      input: ordered ? ordered.input : find("input shape"),
      output: outputCell,
      param: paramCell,
      connections: connectionsCell,
      trainable: trainableCell,
    }, { rightCut, paramWhole, connectionsMayBeCut }),
    // Columns of no width, told by their place: every cell of theirs is cut to nothing.
    ...(ordered
      ? { hidden: { output: cells[outputCell] === "", param: cells[paramCell] === "" } }
      : {}),
  };

  function boxColumns(
    cell: Columns["cell"],
    cut: Pick<Columns, "rightCut" | "paramWhole" | "connectionsMayBeCut">,
  ): Columns {
    return {
      box,
      format,
      ...cut,
      cell,
      cellCount: cells.length,
      start: none,
      starts: [],
      spaced: false,
      verticals,
      borders: [...header].flatMap((c, i) => VERTICALS.has(c) ? [i] : []),
      connections: cell.connections >= 0,
      shapeCount: 1,
    };
  }
}

/**
 * Keras 3's columns told by their place, for a box header whose titles rich cut to fit narrow
 * columns: `Layer (type)`, `Output Shape`, `Param #`, then `Connected to` (a Functional
 * model's) and `Trainable` (show_trainable's), each title fitting its place
 * ({@linkcode titleFragments}). A fourth column whose title fits both is `unsure`.
 */
function byKerasOrder(
  cells: readonly string[],
): (Columns["cell"] & { readonly unsure: boolean }) | undefined {
  const n = cells.length;
  if (n < 3 || n > 5) return undefined;
  const fits = (k: number, title: string) => titleFragments(cells[k], title);
  if (!fits(0, "layer (type)") || !fits(1, "output shape") || !fits(2, "param #")) {
    return undefined;
  }
  const base = { name: 0, input: -1, output: 1, param: 2 };
  if (n === 3) return { ...base, connections: -1, trainable: -1, unsure: false };
  if (n === 5) {
    return fits(3, "connected to") && fits(4, "trainable")
      ? { ...base, connections: 3, trainable: 4, unsure: false }
      : undefined;
  }
  const connections = fits(3, "connected to");
  const trainable = fits(3, "trainable");
  if (!connections && !trainable) return undefined;
  return {
    ...base,
    connections: connections && !trainable ? 3 : -1,
    trainable: trainable && !connections ? 3 : -1,
    unsure: connections && trainable,
  };
}

/**
 * Whether a header cell is a column's title: the title, or the title with words that a narrow
 * column cut with `…` (`Pa… #`, `Connect… to`, `Output Sh…`), or a title that begins the cell.
 */
function isTitle(cell: string, title: string): boolean {
  if (cell.startsWith(title)) return true;
  const words = cell.split(" ").filter((w) => w !== "");
  const want = title.split(" ");
  if (words.length === 0 || words.length > want.length) return false;
  return words.every((word, k) => {
    const last = k === words.length - 1;
    if (word.endsWith("…")) return word.length > 1 && want[k].startsWith(word.slice(0, -1));
    return word === want[k] && (!last || words.length === want.length);
  }) && (words.length === want.length || words.at(-1)!.endsWith("…"));
}

/**
 * Whether a header cell the console cut at the right edge (no `…`) is the start of a title:
 * each of its words begins the title's word in its place (`connecte to`, `conn`, `tr`).
 */
function cutTitle(cell: string, title: string): boolean {
  const words = cell.split(" ").filter((w) => w !== "");
  const want = title.split(" ");
  return words.length > 0 && words.length <= want.length &&
    words.every((word, k) => want[k].startsWith(word.replace(/…$/, "")) && word !== "…");
}

function firstOf(text: string, words: readonly string[]): number {
  for (const word of words) {
    const at = text.indexOf(word);
    if (at >= 0) return at;
  }
  return -1;
}
