// A row's inputs in a functional table: the rows its `Connected to` entries name, found by name
// (a name the column cut fits every row it is a prefix of), and, where a cut name fits rows of
// different outputs, the row explained on each and kept only when one reading fits. Internal
// to the reader; linear, as a cut name is looked for among a bounded number of recent rows.

import { formatOutputShape, type Shape } from "../shape.ts";
import { describeConfig } from "./config.ts";
import { UNUSUAL } from "./_chosen.ts";
import type { ExplainedRow, ParsedRow } from "./rows.ts";

/** What the reader knows so far: each row's output (a list for several), rows by whole name. */
export interface Walk {
  readonly outputOf: (Shape | null)[];
  readonly listOf: (readonly Shape[] | null)[];
  readonly byName: Map<string, number>;
}

/** A row's inputs as its `Connected to` entries name them. */
export interface RowInputs {
  input: Shape | null;
  inputs?: Shape[];
  inputsFrom?: readonly string[];
  inputNote?: string;
  ambiguous?: Ambiguous;
}

/**
 * The inputs of a row of a functional table: the rows its `Connected to` entries name, each
 * read by the output it names; a cut name that fits rows of different outputs is left for
 * {@linkcode explainAmbiguous}.
 */
export function connectedInputs(
  row: ParsedRow,
  index: number,
  rows: readonly ParsedRow[],
  walk: Walk,
  printedInput: Shape | null,
): RowInputs {
  const { outputOf, listOf, byName } = walk;
  let input: Shape | null;
  let inputs: Shape[] | undefined;
  let inputNote: string | undefined;
  let ambiguous: Ambiguous | undefined;
  const tensorOf = (i: number) => row.inboundTensors?.[i] ?? 0;
  const found = (row.inbound ?? []).map((name, i) =>
    sourceOf(name, row.inboundNamesCut?.[i] === true, rows, index, byName)
  );
  // The outputs each entry may name: a layer of several outputs (an LSTM's states) by the index
  // the entry gives, or, that index cut (`lstm_1[0][…`, `lstm_…`), by any of them.
  const sources = found.map((f, i) =>
    f.flatMap((at): Source[] => {
      const list = listOf[at];
      if (outputOf[at] || !list || tensorOf(i) >= 0) return [{ at, tensor: tensorOf(i) }];
      return list.map((_, tensor) => ({ at, tensor }));
    })
  );
  const shapeAt = ({ at, tensor }: Source): Shape | null =>
    outputOf[at] ?? (tensor >= 0 ? listOf[at]?.[tensor] ?? null : null);
  const shapes = sources.map((f) => {
    if (f.length === 0) return null;
    const first = shapeAt(f[0]);
    // A cut entry that fits several outputs tells the shape only if they all give it.
    return first && f.every((source) => sameShapeOrNull(shapeAt(source), first)) ? first : null;
  });
  const inbound = row.inbound ?? [];
  const inputsFrom = found.map((f, i) => f.length === 1 ? rows[f[0]].name : inbound[i]);
  const unsure = sources.flatMap((f, i) => f.length > 1 && shapes[i] === null ? [i] : []);
  if (unsure.length > 0) {
    const u = unsure[0];
    // Every way of reading the cut entries, one output each, when there are few.
    let combos: Source[][] = [[]];
    for (const i of unsure) {
      combos = combos.flatMap((c) => sources[i].map((source) => [...c, source]));
      if (combos.length > MAX_TRIED) break;
    }
    ambiguous = {
      entry: u,
      rows: found[u],
      combos: combos.length <= MAX_TRIED ? combos : [],
      tryEach: (combo) => {
        const tried = shapes.map((shape, i) => {
          const k = unsure.indexOf(i);
          return k >= 0 ? shapeAt(combo[k]) : shape;
        });
        if (tried.some((shape) => shape === null)) return undefined;
        return tried.length === 1
          ? { input: tried[0], inputs: undefined }
          : { input: printedInput, inputs: tried as Shape[] };
      },
    };
  }
  // Keras lists the inputs of each call of a layer, its first call's first. A call's inputs are
  // all rows above it, so an entry naming a row below, or the layer itself (a call on its own
  // output), is a later call's: when the second entry is, the first call read the first entry
  // alone, and the layer was built on it.
  const later = (name: string | undefined, i: number) =>
    name !== undefined && found[i].length === 0 &&
    rows.some((r, at) =>
      at >= index &&
      (row.inboundNamesCut?.[i] === true ? namesFit(name, true, r) : !r.nameCut && r.name === name)
    );
  const calledAgain = found.length > 1 && found[0].length > 0 && shapes[0] !== null &&
    inbound.slice(1).every((name, i) => later(name, i + 1));
  if ((found.length === 1 || calledAgain) && found[0].length > 0) {
    input = shapes[0] ?? printedInput;
    if (calledAgain) {
      const again = inputsFrom.slice(1).map((name) => name === row.name ? `its own output` : name);
      inputNote = `Keras lists the inputs of each of its calls: it was built on ` +
        `${inputsFrom[0]}, and is called again on ${[...new Set(again)].join(", ")}, ` +
        `after it was built.`;
    }
  } else if (shapes.every((s) => s !== null)) {
    inputs = shapes as Shape[];
    // Entries of one shape are the inputs of one call (a merge), or, for a layer that takes one
    // tensor, one input per call (a Dense called twice on the input layer): either way a layer
    // of one input was built on that shape.
    input = printedInput ??
      (inputs.every((shape) => sameShapeOrNull(shape, inputs![0])) ? inputs[0] : null);
  } else {
    input = printedInput;
    inputNote = found.length > 1
      ? `It reads ${found.length} inputs (${inputsFrom.join(", ")}).`
      : `Its input "${inbound[0]}" is not a row of the table.`;
  }
  return { input, inputs, inputsFrom, inputNote, ambiguous };
}

/** How many rows a cut name may fit and each still be tried as the row's input. */
const MAX_TRIED = 16;

/** How far back a cut name is looked for among the rows: keeps the reading linear. */
const CUT_NAME_LOOKBACK = 256;

/**
 * The rows a `Connected to` entry may name, among those above row `before`: the row of that
 * name; or, where the column cut the entry's name (`entryCut`) or a row's own name, every recent
 * row whose name fits it. Several rows fit a cut name that is no unique prefix: the caller then
 * knows which only if they all give the same output.
 */
function sourceOf(
  name: string,
  entryCut: boolean,
  rows: readonly ParsedRow[],
  before: number,
  byName: ReadonlyMap<string, number>,
): number[] {
  const exact = byName.get(name);
  if (exact !== undefined && !entryCut) return [exact];
  const found: number[] = [];
  for (let i = before - 1; i >= 0 && i >= before - CUT_NAME_LOOKBACK; i--) {
    if (namesFit(name, entryCut, rows[i])) found.push(i);
  }
  if (found.length === 0 && exact !== undefined) return [exact];
  return found;
}

/** Whether an entry's name (cut or whole) may name a row, whose own name may be cut. */
function namesFit(name: string, entryCut: boolean, row: ParsedRow): boolean {
  return (entryCut && row.name.startsWith(name)) ||
    (row.nameCut === true && name.startsWith(row.name)) ||
    (entryCut && row.nameCut === true && row.name.startsWith(name));
}

function sameShapeOrNull(a: Shape | null, b: Shape): boolean {
  return a !== null && a.length === b.length && a.every((d, i) => d === b[i]);
}

/** A `Connected to` entry cut short that fits several rows of different outputs. */
export interface Ambiguous {
  /** Which entry. */
  readonly entry: number;
  /** The rows it fits. */
  readonly rows: readonly number[];
  /**
   * The outputs each cut entry may name, one per entry in order (the first is `entry`'s), every
   * way of choosing them when there are few; none when there are too many to try.
   */
  readonly combos: readonly (readonly Source[])[];
  /** The row's input(s) if the entries name those outputs; `undefined` when that does not tell. */
  readonly tryEach: (
    combo: readonly Source[],
  ) => { input: Shape | null; inputs: Shape[] | undefined } | undefined;
}

/** An output a `Connected to` entry may name: a row, and which of its outputs (-1: its one). */
export interface Source {
  readonly at: number;
  readonly tensor: number;
}

/**
 * A row whose input is a cut name that fits rows of different outputs: the row is explained on
 * each, and kept when exactly one of them fits what is printed (or all that fit give the same
 * layer); else it is not checked. Never the first row that fits the name.
 */
export function explainAmbiguous(
  row: ParsedRow,
  printedInput: Shape | null,
  ambiguous: Ambiguous,
  rows: readonly ParsedRow[],
  explain: (input: Shape | null, inputs: Shape[] | undefined) => ExplainedRow,
): ExplainedRow {
  const entry = row.inbound![ambiguous.entry];
  const names = ambiguous.rows.map((at) => `${rows[at].name}${rows[at].nameCut ? "…" : ""}`);
  const listed = `${names.slice(0, 4).join(", ")}${names.length > 4 ? ", …" : ""}`;
  const all: { at: number; explained: ExplainedRow }[] = [];
  // Each row a cut name fits is tried, up to a few: reading stays linear in the table.
  for (const combo of ambiguous.combos) {
    const tried = ambiguous.tryEach(combo);
    if (!tried) continue;
    const explained = explain(tried.input, tried.inputs);
    if (explained.checked && explained.consistent) all.push({ at: combo[0].at, explained });
  }
  // A reading of the count alone (a class whose shape is not computed) fits any input: it
  // tells which row only when nothing else does.
  const shaped = all.filter((f) => !f.explained.countOnly);
  const found = shaped.length > 0 ? shaped : all;
  // Keras's defaults before a configuration away from them (groups, no bias).
  const usual = found.filter((f) => !UNUSUAL.has(f.explained));
  const fits = usual.length > 0 ? usual : found;
  // What each fitting reading says: its layer, or (a class with no weights) its count and shape.
  const readings = new Set(
    fits.map(({ explained: e }) =>
      `${e.layer ? describeConfig(e.layer) : ""} ${e.expectedParamCount} ${
        e.expectedOutputShape ? formatOutputShape(e.expectedOutputShape) : "?"
      }`
    ),
  );
  if (fits.length === 1 || (fits.length > 1 && readings.size === 1)) {
    const { at, explained } = fits[0];
    const one = names.length === 1;
    const which = fits.length === 1
      ? one
        ? "only one of its outputs gives what is printed"
        : `only ${rows[at].name}${rows[at].nameCut ? "…" : ""}'s output gives what is printed`
      : `each of the ${fits.length} that give what is printed gives the same layer and count`;
    return {
      ...explained,
      note: [
        `Its input "${entry}…" is cut short by its column and ${
          one ? `names ${listed}, a layer of several outputs` : `fits ${names.length} rows`
        }${one ? "" : ` (${listed})`}; ${which}.`,
        explained.note,
      ].filter(Boolean).join(" "),
    };
  }
  return {
    ...row,
    layerInputShape: printedInput,
    expectedOutputShape: null,
    expectedParamCount: null,
    filled: false,
    checked: false,
    consistent: true,
    notCheckedReason: "input cut short, fits several rows",
    note: `Its input "${entry}…" is cut short by its column and ${
      names.length === 1
        ? `names ${listed}, whose several outputs differ`
        : `fits ${names.length} rows of different outputs (${listed})`
    }, ${
      fits.length === 0 ? "none of which gives" : "several of which give"
    } what is printed, so which one it reads is not known and the row is not checked.`,
  };
}
