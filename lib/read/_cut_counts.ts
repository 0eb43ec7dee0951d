// Counts cut short with `…` filled from what the table adds up to: the printed total is the sum
// of the top rows, and a nested model printed with its layers (expand_nested) holds their sum.
// Each cut count is one of the counts of the configurations that fit its row, or (one per sum)
// whatever the sum leaves; a filling is kept only when it is the one way every row fits.
// Internal to the reader.

import { findKind, isModelClassPrefix, layerKinds } from "../layers/registry.ts";
import { addRanges, ANY_COUNT, intersect, prefixRanges } from "./_count_forms.ts";
import type { ParsedSummary } from "./rows.ts";
import { type Filling, type Node, splitFits, trainableBound } from "./_cut_split.ts";
import type { ExplainedRow } from "./rows.ts";
import { commas, plural } from "./_text.ts";

/** At most this many ways to fill the cut counts are tried against the sums. */
const MOST_FILLINGS = 4096;

/** At most this many combinations of the cut rows' counts are added up against a sum. */
const MOST_COMBINATIONS = 1 << 16;

/**
 * After a second fit (the sums decide nothing), at most this many more fillings are tried, for
 * the counts the table leaves open.
 */
const MOST_PAST_A_SECOND_FIT = 4096;

/** Too many fillings, or a count nothing tells: the sums decide nothing. */
class Undecided extends Error {}

/**
 * Fills the counts cut with `…` that the printed total and the counts of nested models decide:
 * rows read again with their counts replace `rows`' entries, and a nested model printed nowhere
 * gets its count, still not checked.
 *
 * @param rederive Rows whose count is cut, read again with a count given.
 */
export function cutCountsFromSums(
  parsed: ParsedSummary,
  rows: ExplainedRow[],
  rederive: ReadonlyMap<number, (count: number) => ExplainedRow>,
): void {
  if (!rows.some((r, i) => open(r, i, rederive))) return;
  const { top, printedGroups } = tree(rows, rederive);
  // The sums that are printed: the total (over the top rows), and each nested model's count
  // printed whole (over its layers).
  const sums: { children: readonly Node[]; target: number | undefined; what: string }[] = [
    {
      children: top,
      target: parsed.totalParams === undefined
        ? undefined
        : parsed.totalParams - (parsed.optimizerParams ?? 0),
      what: "the printed total",
    },
    ...printedGroups.map(({ index, children }) => ({
      children,
      target: rows[index].paramCount!,
      what: `${rows[index].name}'s count`,
    })),
  ];
  for (const [at, { children, target, what }] of sums.entries()) {
    if (!children.some(isOpen)) continue;
    let fillings: Filling[];
    // Whether the fillings are a few of too many to list: they may show counts open, never
    // that one filling is the only one.
    let sampled = false;
    try {
      fillings = fillingsOf(children, target, rows);
    } catch (error) {
      if (!(error instanceof Undecided)) throw error;
      const sole = target === undefined ? undefined : soleGroup(children, target, rows);
      if (sole) {
        // A nested model printed with its layers, the one count the sum leaves open: it holds
        // what the others leave, and its layers are filled to that, as a sum of their own.
        const row = rows[sole.node.index];
        rows[sole.node.index] = {
          ...row,
          expectedParamCount: sole.count,
          filled: true,
          checked: true,
          consistent: true,
          notCheckedReason: undefined,
          note: `The count is cut to "${row.paramCountPrefix ?? ""}…" by its column; ${what} ` +
            `less the other rows gives ${commas(sole.count)}, which it starts as: the nested ` +
            `model's count, which its layers printed below it must add up to.`,
        };
        sums.push({
          children: sole.node.children,
          target: sole.count,
          what: `${row.name}'s count`,
        });
        continue;
      }
      fillings = sampleFillings(children, target, rows);
      sampled = true;
    }
    // The printed total's own split: no more is trainable than the top rows not frozen hold.
    const trainable = at === 0 ? trainableBound(parsed, children, rows) : undefined;
    const fits: Map<number, ExplainedRow | number>[] = [];
    const fitted: Filling[] = []; // the fillings of `fits`
    // Fillings in which every cut row is read again and checked with a configuration that fits:
    // two of them prove the table leaves the counts open.
    const proven: Filling[] = [];
    let past = 0; // fillings tried after a second fit, looking for proof only
    let bySplit = false; // whether the printed split ruled a filling out
    for (const filling of fillings) {
      if (fits.length > 1 && ++past > MOST_PAST_A_SECOND_FIT) break;
      const possible = new Set<number>();
      const reread = new Map<number, ExplainedRow>();
      const derived = readAgain(filling, rows, rederive, possible, reread);
      if (!derived || (trainable !== undefined && !trainable(filling))) continue;
      if (at === 0 && !splitFits(parsed, children, rows, filling, reread)) {
        bySplit = true;
        continue;
      }
      fits.push(derived);
      fitted.push(filling);
      if (provenFit(derived, rows, possible)) proven.push(filling);
    }
    if (sampled) {
      if (proven.length > 1) leaveOpen(proven, rows, what, true);
      continue;
    }
    if (fits.length !== 1) {
      // Past the fillings tried, another may hold another sum.
      if (past <= MOST_PAST_A_SECOND_FIT) {
        if (proven.length > 1) groupsHeldAlike(children, fitted, rows);
        if (fits.length > 1) heldAlike(fits, rows, what);
      }
      if (proven.length > 1) leaveOpen(proven, rows, what);
      continue;
    }
    // The sum, and the split of it the Trainable column gives, when that ruled a filling out.
    const met = bySplit
      ? `${what} and its Non-trainable params (each layer's part as the Trainable column says)`
      : what;
    for (const [index, found] of fits[0]) {
      const row = rows[index];
      const prefix = row.paramCountPrefix ?? "";
      settle(
        rows,
        index,
        found,
        typeof found === "number"
          ? `The count is cut to "${prefix}…" by its column; ${what} less the other rows ` +
            `gives ${commas(found)}, which it starts as.`
          : `The count is cut to "${prefix}…" by its column; ` +
            (row.candidateCounts && fits[0].size > 1
              ? `of the counts that fit it and the other rows, only ` +
                `${commas(found.expectedParamCount!)} gives ${met}.`
              : `${what} less the other rows gives ${commas(found.expectedParamCount!)}, ` +
                `which it starts as, and a layer fits it${
                  bySplit ? `; ${met} rule out every other way to fill the table` : ""
                }.`),
      );
    }
  }
}

/**
 * The nested model printed with its layers whose count is the one a sum leaves open (every other
 * row's count known), with that count, when it starts as printed.
 */
function soleGroup(
  children: readonly Node[],
  target: number,
  rows: readonly ExplainedRow[],
): { node: Node & { kind: "group" }; count: number } | undefined {
  let group: (Node & { kind: "group" }) | undefined;
  let known = 0;
  for (const node of children) {
    if (node.kind === "known") known += node.count;
    else if (node.kind === "group" && group === undefined) group = node;
    else return undefined;
  }
  if (group === undefined) return undefined;
  const row = rows[group.index];
  const count = target - known;
  const fits = count >= 0 && row.paramCount === null && !row.checked &&
    commas(count).startsWith(row.paramCountPrefix ?? "");
  return fits ? { node: group, count } : undefined;
}

/**
 * A cut row's count found: a configuration read with it (`found`, checked), or the count alone
 * (a row no configuration could be checked on), said in `note`.
 */
function settle(
  rows: ExplainedRow[],
  index: number,
  found: ExplainedRow | number,
  note: string,
): void {
  const row = rows[index];
  rows[index] = typeof found === "number"
    ? {
      ...row,
      expectedParamCount: found,
      filled: true,
      note: [row.note, note].filter(Boolean).join(" "),
    }
    : { ...found, paramCount: null, note: [note, found.note].filter(Boolean).join(" ") };
}

/**
 * A cut row that holds one count in every filling that fits (`fits`, all there are), while
 * other rows' counts differ between them: its count is known, and read with a configuration
 * that fits it where one does.
 */
function heldAlike(
  fits: readonly ReadonlyMap<number, ExplainedRow | number>[],
  rows: ExplainedRow[],
  what: string,
): void {
  const countOf = (found: ExplainedRow | number | undefined) =>
    found === undefined ? undefined : typeof found === "number" ? found : found.expectedParamCount;
  for (const index of fits[0].keys()) {
    const count = countOf(fits[0].get(index));
    if (count == null || rows[index].checked) continue;
    if (!fits.every((fit) => countOf(fit.get(index)) === count)) continue;
    const read = fits.map((fit) => fit.get(index)!)
      .find((found) => typeof found !== "number" && found.checked && found.consistent);
    settle(
      rows,
      index,
      read ?? count,
      `The count is cut to "${rows[index].paramCountPrefix ?? ""}…" by its column; the other ` +
        `cut counts may be filled in ${fits.length} ways that give ${what}, and each gives ` +
        `this row ${commas(count)}.`,
    );
  }
}

/**
 * Whether every row of a filling was read again and checked with a configuration that fits, or
 * fits several (`possible`: LoRA's ranks and input sizes that each give the count), or is one
 * whose count no reader can rule out: a nested model printed nowhere, or a row of a kind
 * whose configurations are printed nowhere and not all tried (an RNN over stacked cells, whose
 * cells' kinds and sizes the table does not show).
 */
function provenFit(
  derived: ReadonlyMap<number, ExplainedRow | number>,
  rows: readonly ExplainedRow[],
  possible: ReadonlySet<number>,
): boolean {
  for (const [index, row] of derived) {
    if (typeof row === "number") {
      if (!possible.has(index) && !openByNature(rows[index])) return false;
      continue;
    }
    // A configuration found that fits is a proof, even of a reading that does not try them all.
    if (!row.checked || !row.consistent) return false;
  }
  return derived.size > 0;
}

/** A row's reason when several configurations give its count (lib/read/_lora.ts). */
const SEVERAL_FIT = "LoRA rank not determined";

/** A row no count can be checked against: see {@linkcode provenFit}. */
function openByNature(row: ExplainedRow): boolean {
  if (row.checked) return false;
  if (isNestedModel(row)) return true;
  if (row.readingIncomplete !== true || row.className === undefined) return false;
  // A class cut short: every class it may be (a class of the user's own code too, printed
  // nowhere) holds any count.
  const kinds = row.classNameCut
    ? layerKinds().filter((kind) => kind.className.startsWith(row.className!))
    : [findKind(row.className)];
  return kinds.length > 0 && kinds.every((kind) => kind?.read?.untried === "any count");
}

/** At most this many counts are named for a row whose count any digits may fill. */
const MOST_NAMED = 1000;

/**
 * Two or more counts under one sum that any count may fill (`free`): each but the one with the
 * most counts possible is named among those the sum leaves it beside the others (each known,
 * among its counts, or any count starting with its printed digits), so that the sum can choose;
 * `undefined` when one is too wide to name.
 */
function nameFree(
  children: readonly Node[],
  target: number,
  rows: readonly ExplainedRow[],
): Node[] | undefined {
  const rangesOf = (node: Node): [number, number][] => {
    const row = rows[node.index];
    if (node.kind === "known") return [[node.count, node.count]];
    if (node.kind === "choice") return [[Math.min(...node.counts), Math.max(...node.counts)]];
    if (node.kind === "group" && row.paramCount !== null) return [[row.paramCount, row.paramCount]];
    if (node.kind === "unknown" || !row.paramCountCut) return [[0, target]];
    return prefixRanges(row.paramCountPrefix ?? "", target);
  };
  const size = (ranges: readonly [number, number][]) =>
    ranges.reduce((sum, [low, high]) => sum + high - low + 1, 0);
  const ranged = children.filter((node) => node.kind === "free").map((node) => {
    let others: [number, number][] = [[0, 0]];
    for (const other of children) {
      if (other !== node) others = addRanges(others, rangesOf(other), target);
    }
    const left = others.map(([low, high]): [number, number] => [target - high, target - low]);
    return { node, ranges: intersect(rangesOf(node), left) };
  });
  ranged.sort((a, b) => size(b.ranges) - size(a.ranges));
  const named = new Map<Node, Node>();
  for (const { node, ranges } of ranged.slice(1)) {
    if (size(ranges) > MOST_NAMED) return undefined;
    const counts: number[] = [];
    for (const [low, high] of ranges) {
      for (let count = low; count <= high; count++) counts.push(count);
    }
    named.set(node, { kind: "choice", index: node.index, counts });
  }
  return children.map((node) => named.get(node) ?? node);
}

/** At most this many fillings are tried from the rows' plain counts. */
const MOST_SAMPLED = 32;

/**
 * When the ways of filling a sum's cut counts are too many to list: those that give each open
 * row but one a count of its plain configurations (`plainCounts`, or a choice of a few counts),
 * and the last one what the sum leaves, at most {@linkcode MOST_SAMPLED} of them. Empty when
 * more than one open row has no such counts, or a nested model's count is open too.
 */
function sampleFillings(
  children: readonly Node[],
  target: number | undefined,
  rows: readonly ExplainedRow[],
): Filling[] {
  if (target === undefined) return [];
  let fixed = 0;
  const open: { node: Node & { index: number }; counts: readonly number[] | undefined }[] = [];
  for (const node of children) {
    if (node.kind === "known") fixed += node.count;
    else if (node.kind === "choice" || node.kind === "free") {
      const plain = rows[node.index].plainCounts;
      const few = node.kind === "choice" && node.counts.length <= 4 ? node.counts : undefined;
      open.push({ node, counts: plain && plain.length > 0 ? plain : few });
    } else return [];
  }
  // The row the sum fills: the one without such counts, else the one of the most counts.
  const without = open.filter((o) => o.counts === undefined);
  if (without.length > 1 || open.length < 2) return [];
  const width = (o: (typeof open)[number]) =>
    o.node.kind === "free" ? Infinity : o.node.kind === "choice" ? o.node.counts.length : 0;
  const rest = without[0] ?? open.reduce((a, b) => (width(b) > width(a) ? b : a));
  const others = open.filter((o) => o !== rest);
  const found: Filling[] = [];
  let tried = 0; // the combinations added up, at most MOST_COMBINATIONS
  const pick = (at: number, counts: [number, number][], sum: number): void => {
    if (found.length >= MOST_SAMPLED || tried > MOST_COMBINATIONS) return;
    if (at < others.length) {
      for (const count of others[at].counts!) {
        pick(at + 1, [...counts, [others[at].node.index, count]], sum + count);
      }
      return;
    }
    tried++;
    const left = target - fixed - sum;
    const node = rest.node;
    if (left < 0 || !commas(left).startsWith(rows[node.index].paramCountPrefix ?? "")) return;
    if (node.kind === "choice" && !node.counts.includes(left)) return;
    found.push({ counts: [...counts, [node.index, left]], sum: target - fixed });
  };
  pick(0, [], 0);
  return found;
}

/**
 * The rows whose count differs between fillings that each fit every row and the sums: their
 * counts are open, which the row says (still not checked).
 */
function leaveOpen(
  proven: readonly Filling[],
  rows: ExplainedRow[],
  what: string,
  sampled = false,
): void {
  const countsOf = new Map<number, Set<number>>();
  for (const filling of proven) {
    for (const [index, count] of filling.counts) {
      const counts = countsOf.get(index) ?? new Set<number>();
      counts.add(count);
      countsOf.set(index, counts);
    }
  }
  for (const [index, counts] of countsOf) {
    if (counts.size < 2 || rows[index].checked) continue;
    const open = [...counts].sort((a, b) => a - b);
    const row = rows[index];
    rows[index] = {
      ...row,
      openCounts: open,
      note: [
        // The row's own reading said only which counts its layers give: the sums say more.
        row.notCheckedReason === "count cut" ? undefined : row.note,
        `The count is cut to "${row.paramCountPrefix ?? ""}…" by its column, and ${what} is ` +
        `met${sampled ? ", among ways too many to list," : ""} with ${
          open.slice(0, open.length > 4 ? 3 : 4).map(commas).join(" or ")
        }${
          open.length > 4 ? `, or ${plural(open.length - 3, "more count")}` : ""
        }, each with layers that fit every row (the printed split is read only as far as the ` +
        `Trainable column bounds each layer's part): the reader cannot tell which from the ` +
        `table, so this row is not checked.`,
      ].filter(Boolean).join(" "),
    };
  }
}

/**
 * A nested model printed with its layers, whose count is cut, holds one count in every filling
 * that fits (`fitted`, all that were tried): its layers' counts are open, their sum is not. The
 * row is checked with that sum.
 */
function groupsHeldAlike(
  nodes: readonly Node[],
  fitted: readonly Filling[],
  rows: ExplainedRow[],
): void {
  const fillings = fitted.map((filling) => new Map(filling.counts));
  const sumOf = (node: Node, counts: ReadonlyMap<number, number>): number | undefined => {
    switch (node.kind) {
      case "known":
        return node.count;
      case "choice":
      case "free":
        return counts.get(node.index);
      case "unknown":
        return undefined;
      case "group": {
        let sum = 0;
        for (const child of node.children) {
          const count = sumOf(child, counts);
          if (count === undefined) return undefined;
          sum += count;
        }
        return sum;
      }
    }
  };
  for (const node of nodes) {
    if (node.kind !== "group") continue;
    const row = rows[node.index];
    const sums = new Set(fillings.map((counts) => sumOf(node, counts)));
    const [sum] = sums;
    if (
      sums.size !== 1 || sum === undefined || row.checked || row.paramCount !== null ||
      !commas(sum).startsWith(row.paramCountPrefix ?? "")
    ) {
      continue;
    }
    rows[node.index] = {
      ...row,
      expectedParamCount: sum,
      filled: true,
      checked: true,
      consistent: true,
      notCheckedReason: undefined,
      note: `The count is cut to "${row.paramCountPrefix ?? ""}…" by its column. The counts of ` +
        `its layers, printed below it, are left open by the table, but every way of filling ` +
        `them that fits holds ${commas(sum)}: the nested model's count is theirs.`,
    };
  }
}

/** Whether a row's count is cut and not yet known. */
function open(
  row: ExplainedRow,
  index: number,
  rederive: ReadonlyMap<number, unknown>,
): boolean {
  return row.paramCount === null && row.paramCountCut === true && known(row) === null &&
    (rederive.has(index) || isNestedModel(row));
}

/** A cut count every configuration that fits its row has. */
function known(row: ExplainedRow): number | null {
  return row.paramCountCut && row.checked && row.consistent ? row.expectedParamCount : null;
}

function isNestedModel(row: ExplainedRow): boolean {
  return row.className !== undefined &&
    (isModelClassPrefix(row.className) || /Backbone$/.test(row.className));
}

function isOpen(node: Node): boolean {
  return node.kind === "choice" || node.kind === "free" ||
    (node.kind === "group" && node.children.some(isOpen));
}

/** The rows as nodes: the top rows, and the nested models printed whole with their layers. */
function tree(
  rows: readonly ExplainedRow[],
  rederive: ReadonlyMap<number, unknown>,
): {
  top: Node[];
  printedGroups: { index: number; children: Node[] }[];
} {
  const printedGroups: { index: number; children: Node[] }[] = [];
  let at = 0;
  // The rows from `at` at `depth`, each with the rows printed under it.
  const level = (depth: number): Node[] => {
    const nodes: Node[] = [];
    while (at < rows.length && (rows[at].depth ?? 0) >= depth) {
      const index = at++;
      const row = rows[index];
      const first = at;
      const children = (rows[at]?.depth ?? 0) > depth ? level(depth + 1) : [];
      // A row under it whose depth a column left open: which layers are its own is not known.
      const depthsOpen = rows.slice(first, at).some((r) => r.depthCut) ||
        (depth === 0 && row.depthCut === true);
      nodes.push(depthsOpen ? { kind: "unknown", index } : nodeOf(row, index, children, rederive));
      if (children.length > 0 && row.paramCount !== null && !depthsOpen) {
        printedGroups.push({ index, children });
      }
    }
    return nodes;
  };
  return { top: level(0), printedGroups };
}

function nodeOf(
  row: ExplainedRow,
  index: number,
  children: Node[],
  rederive: ReadonlyMap<number, unknown>,
): Node {
  if (row.paramCount !== null) return { kind: "known", index, count: row.paramCount };
  const count = known(row);
  if (count !== null) return { kind: "known", index, count };
  if (!row.paramCountCut) return { kind: "unknown", index };
  if (children.length > 0 && isNestedModel(row)) return { kind: "group", index, children };
  if (children.length > 0) return { kind: "unknown", index };
  if (rederive.has(index) && (row.candidateCounts?.length ?? 0) > 0) {
    return { kind: "choice", index, counts: row.candidateCounts! };
  }
  if (rederive.has(index) || (!row.checked && isNestedModel(row))) return { kind: "free", index };
  return { kind: "unknown", index };
}

/** Whether a node's count is one of a list, or whatever a sum leaves (`free`, or a group of one). */
function unbounded(node: Node): boolean {
  return node.kind === "free" || (node.kind === "group" && node.children.some(unbounded));
}

/**
 * Every way to fill the cut counts of `children` so that they add up to `target` (any sum, when
 * it is not printed). At most one child may take whatever the others leave.
 */
function fillingsOf(
  children: readonly Node[],
  target: number | undefined,
  rows: readonly ExplainedRow[],
): Filling[] {
  if (children.some((c) => c.kind === "unknown")) throw new Undecided();
  if (target !== undefined && children.filter((c) => c.kind === "free").length > 1) {
    children = nameFree(children, target, rows) ?? children;
  }
  let rest = children.filter(unbounded);
  if (rest.length > 1 || (rest.length === 1 && target === undefined)) throw new Undecided();
  const choices = children.filter((c) => c.kind === "choice");
  const group = children.find((c) => c.kind === "group" && c.children.some(isOpen));
  if (rest.length === 0 && target !== undefined && group !== undefined) {
    // A nested model whose layers' counts are open takes what the others leave: its layers are
    // filled to that sum rather than every way they could be, which may be too many to list.
    rest = [group];
  } else if (rest.length === 0 && target !== undefined && choices.length > 1) {
    // The row of the most counts takes what the others leave, when it is one of them: the sum
    // looks it up rather than trying each with every other row's.
    rest = [choices.reduce((a, b) => b.counts.length > a.counts.length ? b : a)];
  }
  const bounded = children.filter((c) => !unbounded(c) && !rest.includes(c))
    .map((c) => fillingsOfNode(c, rows));
  let combinations = 1;
  for (const fillings of bounded) {
    combinations *= fillings.length;
    if (combinations > MOST_COMBINATIONS) throw new Undecided();
  }
  const found: Filling[] = [];
  const add = (filling: Filling) => {
    found.push(filling);
    if (found.length > MOST_FILLINGS) throw new Undecided();
  };
  const pick = (at: number, counts: (readonly [number, number])[], sum: number): void => {
    if (at < bounded.length) {
      for (const f of bounded[at]) pick(at + 1, [...counts, ...f.counts], sum + f.sum);
      return;
    }
    if (rest.length === 0) {
      if (target === undefined || sum === target) add({ counts, sum });
      return;
    }
    for (const f of fillingsOfNode(rest[0], rows, target! - sum)) {
      add({ counts: [...counts, ...f.counts], sum: sum + f.sum });
    }
  };
  pick(0, [], 0);
  return found;
}

/** The ways to fill one node (to `target`, when a sum leaves it that). */
function fillingsOfNode(node: Node, rows: readonly ExplainedRow[], target?: number): Filling[] {
  const startsAsPrinted = (count: number) =>
    count >= 0 && commas(count).startsWith(rows[node.index].paramCountPrefix ?? "");
  switch (node.kind) {
    case "known":
      return target === undefined || target === node.count ? [{ counts: [], sum: node.count }] : [];
    case "choice":
      return node.counts.filter((c) => target === undefined || c === target)
        .map((c) => ({ counts: [[node.index, c]], sum: c }));
    case "free":
      if (target === undefined) throw new Undecided();
      return startsAsPrinted(target) ? [{ counts: [[node.index, target]], sum: target }] : [];
    case "group":
      return fillingsOf(node.children, target, rows).filter((f) => startsAsPrinted(f.sum));
    case "unknown":
      throw new Undecided();
  }
}

/**
 * A filling's rows read again with their counts: kept when a layer fits every one. A nested
 * model printed nowhere, or the one open row that no configuration can be checked on with or
 * without its count, keeps its count as a number; a nested model printed with its layers is left to their sum.
 * `possible` gets the rows that several configurations fit with their count, `reread` every row
 * read again as the reader made it.
 */
function readAgain(
  filling: Filling,
  rows: readonly ExplainedRow[],
  rederive: ReadonlyMap<number, (count: number) => ExplainedRow>,
  possible: Set<number>,
  reread: Map<number, ExplainedRow>,
): Map<number, ExplainedRow | number> | undefined {
  const derived = new Map<number, ExplainedRow | number>();
  for (const [index, count] of filling.counts) {
    const again = rederive.get(index);
    if (!again || (isNestedModel(rows[index]) && !rows[index].checked)) {
      derived.set(index, count);
      continue;
    }
    const row = again(count);
    reread.set(index, row);
    // Several configurations fit the count, or almost any does: it is one the row may have.
    const may = row.notCheckedReason === SEVERAL_FIT || row.notCheckedReason === ANY_COUNT;
    if (row.consistent && !row.checked && may) possible.add(index);
    if (
      filling.counts.length === 1 && !row.checked && !rows[index].checked &&
      (rows[index].candidateCounts === undefined || row.notCheckedReason === ANY_COUNT)
    ) {
      // The one open row under its sum, which no configuration could be checked on (its input,
      // or its cell, unknown; or almost any count fits it), with its count or without: the sum
      // alone gives its count, and the row stays not checked. With several open rows, each must
      // fit to tell the fillings apart.
      derived.set(index, count);
      continue;
    }
    // Among several open rows, one no reading could check, or one read by a reading that does
    // not try every configuration, tells nothing either way: a fit is no proof, a miss no
    // disproof (an RNN over stacked cells). It keeps its count as a number, still not checked,
    // and rules no filling out: only a complete reading that flags a row does, or a count
    // that does not start with its printed digits. A filling is taken only when it is the one
    // left.
    if (filling.counts.length > 1 && (!row.checked || row.readingIncomplete)) {
      // Should the filling be the one left, a configuration that fits is read as for a count
      // printed whole.
      derived.set(index, row.checked && row.consistent ? row : count);
      continue;
    }
    if (!row.checked || !row.consistent) return undefined;
    derived.set(index, row);
  }
  return derived;
}
