/**
 * Keras prints, we read: checks that {@linkcode explainSummary} fully explains the tables real
 * Keras 3 printed (tools/keras_oracle/prints.py), row by row against what Keras recorded.
 *
 * A table is fully explained when it is read to its end, every row is checked and agrees, the
 * totals agree, and what was read equals what Keras knows: each row's name, class, count, output
 * shape and `Connected to` names (a cut cell must be a prefix of Keras's value), and the output
 * shape and count the reader expects. The only rows allowed to stay unchecked are rows no reader
 * could check from the table alone: a model's row whose layers are printed nowhere, a row Keras
 * printed `(unbuilt)`, a class of the user's own code (a registered custom layer), and, when the
 * reader itself leaves the row not checked for that reason, an RNN over stacked cells (their
 * kinds and sizes are printed nowhere), a class cut short that several classes fit, and a
 * `Connected to` entry cut short that several rows fit. They are counted as exceptions, listed
 * by reason.
 *
 * ```sh
 * deno run --allow-read --allow-write tools/keras_oracle/prints_check.ts FILE_OR_DIR...
 * ```
 *
 * reads every record file given (generate.py's `models-*.json`, graphs.py's output,
 * prints.py's output, ops_shapes.py's: any `models`, `graphs` or `cases` list whose records
 * carry `prints`), prints the
 * counts and each known difference it met (tests/keras_prints_known_differences.ts), writes each
 * failing table to out/keras-prints-failures/, and exits 1 when a failure is not a known one
 * and the reader erred (misread, flagged, a wrong count or shape, a table cut short); where it
 * only declined (a row not checked, a size left unknown) in a new category it reports the table
 * and exits 1 only with `--strict`.
 * With `--examples=DIR` it also writes, for each known difference, its smallest example table
 * (`NAME.json` to replay, `NAME.txt` to read), as tests/fixtures/keras_prints/failing/ holds.
 *
 * @module
 */

import { explainSummary, SummaryParseError } from "../../mod.ts";
import type { ExplainedRow, ParsedRow, ParsedSummary, SummaryExplanation } from "../../mod.ts";
import {
  type FindingContext,
  KNOWN_PRINT_DIFFERENCES,
  type KnownPrintDifference,
} from "../../tests/keras_prints_known_differences.ts";

/** The options Keras printed a table with. */
export interface PrintOptions {
  readonly line_length: number;
  readonly show_trainable: boolean;
  readonly expand_nested: boolean;
  /** The console's width (a terminal's `COLUMNS`); `null` for a log (rich's 80 columns). */
  readonly columns: number | null;
  /** The layers frozen (`trainable = False`) before printing. */
  readonly frozen: readonly string[];
  /** The optimizer the model was compiled with and built, if any. */
  readonly optimizer: string | null;
  /** When the table is of a model holding the drawn model as a block: which kind of model. */
  readonly nested_in?: "sequential" | "functional" | null;
  /** The column positions Keras was given (summary's `positions`), when it was. */
  readonly positions?: readonly number[];
}

/** One row Keras printed, as Keras knows it. */
export interface KerasRow {
  readonly name: string;
  readonly class_name: string;
  /** `count_params()`; null for an unbuilt layer. */
  readonly params: number | null;
  readonly trainable: number;
  /** One shape, or a list of shapes for several outputs; null when Keras prints `?`. */
  readonly output_shape: unknown;
  /** 0 for the model's own layers, 1 for a nested model's layers printed with expand_nested. */
  readonly depth: number;
  /** The layers of `Connected to`, in order. */
  readonly inbound: readonly string[];
  /** Whether the row is a nested model. */
  readonly nested_model: boolean;
  /** Whether its layers are printed below it (expand_nested). */
  readonly expanded: boolean;
  readonly built: boolean;
  /** Whether the class is the user's own code (registered with register_keras_serializable). */
  readonly user_code?: boolean;
  /** Whether the row is a keras.ops call (NotEqual, LogicalOr, Matmul, ...), not a layer. */
  readonly operation?: boolean;
  /** The layer's config as Keras serialises it (a nested model's: its name and trainable). */
  readonly config?: Readonly<Record<string, unknown>>;
}

/** A table Keras printed, with what Keras knows of it. */
export interface PrintedTable {
  /** "sequential" (generate.py) or "graph" (graphs.py). */
  readonly source: string;
  /** The seed of the model: its generator rebuilds it from this. */
  readonly seed: number;
  /** How many tables print_variants printed of the model (the options depend on it). */
  readonly per_model?: number;
  /** Which of the model's tables (each has its own options). */
  readonly variant: number;
  readonly options: PrintOptions;
  readonly table: string;
  readonly rows: readonly KerasRow[];
  readonly totals: {
    readonly total: number;
    readonly trainable: number;
    readonly non_trainable: number;
    readonly optimizer: number | null;
  };
}

/** What kind of thing a finding is. */
export type FindingKind =
  | "parse error"
  | "rows"
  | "columns"
  | "truncated"
  | "totals"
  | "name"
  | "class"
  | "count"
  | "shape"
  | "inbound"
  | "expected shape"
  | "expected count"
  | "not checked"
  | "flagged"
  | "totals flagged";

/** One way a table is not fully explained. */
export interface Finding {
  readonly kind: FindingKind;
  /** The row's index in Keras's rows, when the finding is about a row. */
  readonly row?: number;
  readonly detail: string;
  /**
   * The reader declined rather than erred: a row it left "not checked", or an expected shape
   * that leaves unknown (None) a size Keras knows and agrees with every other. Such a finding in
   * a category no run has met yet is reported but does not fail a fresh run without `--strict`.
   */
  readonly declined?: boolean;
}

/** What checking one table found. */
export interface TableCheck {
  readonly table: PrintedTable;
  /** Empty when the table is fully explained (its exceptions aside). */
  readonly findings: readonly Finding[];
  /** The rows no reader could check from the table alone, with why. */
  readonly exceptions: readonly string[];
  /** For each finding, the known difference that explains it, or undefined. */
  readonly known: readonly (KnownPrintDifference | undefined)[];
}

/** A shape as a list of tokens: `(`, each size, `)`; a list of shapes in `[` `]`. */
function tokens(shape: unknown): string[] {
  if (shape === null || shape === undefined) return ["?"];
  if (!Array.isArray(shape)) return [String(shape)];
  const items: readonly unknown[] = shape;
  if (items.some(Array.isArray)) return ["[", ...items.flatMap((s) => tokens(s)), "]"];
  return ["(", ...items.map((d) => String(d)), ")"];
}

function show(shape: unknown): string {
  return JSON.stringify(shape);
}

/** Whether the printed (maybe cut) shape reads back as Keras's. */
function sameShape(read: ParsedRow, keras: unknown): boolean {
  const kerasTokens = tokens(keras);
  let readTokens = tokens(read.outputShape);
  if (!read.outputShapeCut) return readTokens.join(" ") === kerasTokens.join(" ");
  // A cut shape: what was read, without the brackets the reader closed, starts Keras's shape.
  while (readTokens.length > 0 && [")", "]"].includes(readTokens[readTokens.length - 1])) {
    readTokens = readTokens.slice(0, -1);
  }
  return readTokens.every((t, i) => t === kerasTokens[i]);
}

/** Whether a printed cell (maybe cut with `…`) reads back as Keras's value. */
function sameText(read: string | undefined, cut: boolean, keras: string): boolean {
  if (read === undefined) return false;
  if (read === keras) return true;
  if (!cut) return false;
  // A class cut to nothing (`(…` in a column narrower than the name's line) tells nothing, and
  // says so: no finding.
  const prefix = read.endsWith("…") ? read.slice(0, -1) : read;
  return keras.startsWith(prefix);
}

/** The reasons a row of stacked cells is left not checked for (`X` its class), besides its
 * class cut short. */
const STACKED_REASONS = [
  "X configuration not inferred",
  "input unknown",
  "input and count unknown",
  "count cut",
  "input printed nowhere, any count fits",
];

/** Whether Keras's row is an RNN over stacked cells, or a wrapper around one. */
function stackedCells(keras: KerasRow): boolean {
  type Serialized = { class_name?: string; config?: Record<string, unknown> };
  const wrapped = ["TimeDistributed", "Bidirectional"].includes(keras.class_name)
    ? (keras.config?.layer ?? keras.config?.forward_layer) as Serialized | undefined
    : { class_name: keras.class_name, config: keras.config };
  const cell = (wrapped?.config?.cell as Serialized | undefined)?.class_name;
  return wrapped?.class_name === "RNN" && cell === "StackedRNNCells";
}

/** Whether Keras's row is a TimeDistributed of an EinsumDense whose equation is no projection of
 * the last axis (`"abc,cd->abd"`, `"...b,bc->...c"`), the one form the reader tries inside it:
 * the wrapped layer is printed nowhere, and its equation may be any. */
function wrapsEquation(keras: KerasRow): boolean {
  type Serialized = { class_name?: string; config?: Record<string, unknown> };
  const wrapped = keras.class_name === "TimeDistributed"
    ? keras.config?.layer as Serialized | undefined
    : undefined;
  const equation = wrapped?.class_name === "EinsumDense" ? wrapped.config?.equation : undefined;
  if (typeof equation !== "string") return false;
  const [input, kernel, out] = equation.replace("->", ",").split(",");
  const last = input.at(-1);
  const projection = kernel.length === 2 && kernel[0] === last &&
    out === input.slice(0, -1) + kernel[1];
  return !projection;
}

/** Why no reader could check `keras`'s row from the table alone, if that is so. `row` is the
 * reader's verdict on it: the last three reasons hold only when the reader itself left the row
 * not checked for that reason (a row it flagged or read wrong is never excused). */
function exceptionOf(keras: KerasRow, row: ExplainedRow): string | undefined {
  if (!keras.built) return "unbuilt: Keras prints no count or shape";
  if (keras.user_code) return "a class of the user's own code, defined nowhere in the table";
  if (keras.nested_model && !keras.expanded) {
    return "a nested model whose layers are printed nowhere";
  }
  if (row.checked) return undefined;
  const reason = row.notCheckedReason ?? "";
  const cutTo = /^class cut to "(.+)"$/.exec(reason)?.[1];
  const untriedReason = STACKED_REASONS.includes(reason.replace(keras.class_name, "X")) ||
    (cutTo !== undefined && keras.class_name.startsWith(cutTo));
  if (stackedCells(keras) && untriedReason) {
    return keras.class_name === "RNN"
      ? "an RNN over stacked cells, whose kinds and sizes are printed nowhere"
      : `a ${keras.class_name} of an RNN over stacked cells, whose kinds and sizes are printed ` +
        `nowhere`;
  }
  if (wrapsEquation(keras) && untriedReason) {
    return "a TimeDistributed of an EinsumDense of an equation printed nowhere, other than a " +
      "projection of the last axis";
  }
  // The reader names the classes the cut one could be: Keras's must be among several.
  const could = /it could be (.*?), so this row is not checked/.exec(row.note ?? "")?.[1]
    .split(", ");
  if (
    /^class cut to /.test(reason) && row.classNameCut === true && could !== undefined &&
    could.length > 1 && could.includes(keras.class_name)
  ) {
    return "a class cut short that several classes fit";
  }
  // Its input not printed (a first layer, a nested Functional's layer without Connected to):
  // input size and LoRA rank fit the count in several ways, Keras's rank among them.
  const rank = keras.config?.lora_rank;
  if (
    reason === "LoRA rank not determined" && row.layerInputShape === null &&
    typeof rank === "number" && (row.configCandidates?.length ?? 0) > 1 &&
    row.configCandidates!.some((c) => c.loraRank === rank && c.className === keras.class_name)
  ) {
    return "an input printed nowhere, with which several LoRA ranks fit the count";
  }
  // The sums leave the count open: two ways of filling the cut counts, each read again with
  // layers that fit every row and the sums; Keras's count must be among them.
  if (
    row.paramCountCut === true && (row.openCounts?.length ?? 0) > 1 &&
    keras.params !== null && row.openCounts!.includes(keras.params)
  ) {
    return "a count cut short that the sums leave open: layers of different counts fit every " +
      "row and add up to the printed sums";
  }
  // Its input printed nowhere, and the kind gives the printed output any count on some input
  // (an EinsumDense summing an axis the output lacks): the reader says so.
  if (
    reason === "input printed nowhere, any count fits" && row.layerInputShape === null &&
    keras.params !== null && keras.params >= 1
  ) {
    return "an input printed nowhere, on which the kind gives the printed output any count";
  }
  if (reason === "input cut short, fits several rows" && keras.inbound.length > 0) {
    return "a Connected to entry cut short that several rows fit";
  }
  return undefined;
}

/**
 * Whether row `i` is an expanded nested model's, left not checked because its layers' counts are
 * not all known, where every layer printed under it that is not checked is excused (`excused`).
 */
function openThroughLayers(
  keras: readonly KerasRow[],
  rows: readonly ExplainedRow[],
  i: number,
  excused: readonly (string | undefined)[],
): boolean {
  const nested = keras[i];
  if (!nested.nested_model || !nested.expanded) return false;
  if (!/'s layers' counts not all known$/.test(rows[i].notCheckedReason ?? "")) return false;
  let open = 0;
  for (let j = i + 1; j < keras.length && keras[j].depth > nested.depth; j++) {
    if (rows[j].checked) continue;
    if (excused[j] === undefined) return false;
    open++;
  }
  return open > 0;
}

/**
 * Why a row of a table printed with column positions of its own is not checked, when a column
 * narrower than its text cut what the row needs: its class (to `…` or off its name's line) or
 * its output shape.
 */
function positionsCutOf(
  options: PrintOptions,
  row: ExplainedRow,
  keras: KerasRow,
  table: { readonly keras: readonly KerasRow[]; readonly read: readonly ExplainedRow[] },
): string | undefined {
  if (options.positions === undefined) return undefined;
  const reason = row.notCheckedReason ?? "";
  // Every row that feeds it printed with its output shape cut (Keras's inbound layers).
  const feeders = keras.inbound.map((name) => table.keras.findIndex((k) => k.name === name));
  if (
    /^input (unknown|and count unknown)$/.test(reason) && feeders.length > 0 &&
    feeders.every((k) => k >= 0 && table.read[k].outputShapeCut === true)
  ) {
    return "a column narrower than the output shape of the row that feeds it (summary's " +
      "positions), which cut it";
  }
  // A row whose input is printed nowhere (a first layer) is read from its output, cut here.
  if (
    row.outputShapeCut === true && (reason === "output shape cut" ||
      (/^input (unknown|and count unknown)$/.test(reason) && row.layerInputShape === null))
  ) {
    return "a column narrower than its output shape (summary's positions), which cut it";
  }
  if (
    /^class (cut to |not printed)/.test(reason) && (row.classNameCut === true || !row.className)
  ) {
    return "a column narrower than its layer's class (summary's positions), which cut it";
  }
  if (row.paramCountCut === true && row.paramCount === null && !row.paramCountPrefix) {
    return "a Param # column of no width (summary's positions): the count is printed nowhere, " +
      "and the rest of the table does not tell it";
  }
  if (/'s layers' depths cut$/.test(reason)) {
    return "a column narrower than its layers' └ markers (summary's positions), which cut them";
  }
  if (row.depthCut === true && /^input (unknown|and count unknown)$/.test(reason)) {
    return "a column narrower than its └ marker (summary's positions), which cut it, and its " +
      "depth with it";
  }
  return undefined;
}

/**
 * Why a row of a table the console cut at its right edge is not checked, when the cut took what
 * the row needs: its count (the counts' column cut or gone), or its inputs (the Connected to
 * column cut off, or cut through the row's list).
 */
function consoleCutOf(parsed: ParsedSummary, row: ExplainedRow): string | undefined {
  if (parsed.consoleCut === undefined) return undefined;
  if (parsed.consoleCut.counts && row.paramCountCut === true && row.paramCount === null) {
    return "the console cut the table at its right edge, and this row's count with it, which " +
      "the rest of the table does not tell";
  }
  if (
    parsed.consoleCut.connections &&
    (row.inboundMayGoOn === true || parsed.connectionsCutOff === true)
  ) {
    return "the console cut the table at its right edge, and this row's Connected to with it, " +
      "so its inputs are printed nowhere";
  }
  return undefined;
}

/** The error of a table the console cut inside its first column (lib/read/parse.ts). */
const NAMES_ONLY = /the console cut this table at its right edge inside its Layer \(type\) column/;

/**
 * Checks one table: the reader's result against what Keras recorded.
 *
 * @param table The table and Keras's rows.
 * @param known The known differences to match findings against.
 * @returns The findings, the exceptions and the known difference of each finding.
 *
 * @example A table read fully
 * ```ts
 * import { checkTable } from "./prints_check.ts";
 * import assert from "assert";
 *
 * const table = [
 *   'Model: "sequential"',
 *   "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━┓",
 *   "┃ Layer (type)                 ┃ Output Shape               ┃  Param # ┃",
 *   "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━┩",
 *   "│ dense (Dense)                │ (None, 5)                  │       70 │",
 *   "└──────────────────────────────┴────────────────────────────┴──────────┘",
 *   " Total params: 70 (280.00 B)",
 *   " Trainable params: 70 (280.00 B)",
 *   " Non-trainable params: 0 (0.00 B)",
 * ].join("\n");
 * const row = {
 *   name: "dense", class_name: "Dense", params: 70, trainable: 70, output_shape: [null, 5],
 *   depth: 0, inbound: [], nested_model: false, expanded: false, built: true,
 * };
 * const options = {
 *   line_length: 72, show_trainable: false, expand_nested: false, columns: 80, frozen: [],
 *   optimizer: null,
 * };
 * const check = checkTable({
 *   source: "sequential", seed: 1, variant: 0, options, table, rows: [row],
 *   totals: { total: 70, trainable: 70, non_trainable: 0, optimizer: null },
 * });
 * assert.deepEqual(check.findings, []);
 * ```
 */
export function checkTable(
  table: PrintedTable,
  known: readonly KnownPrintDifference[] = KNOWN_PRINT_DIFFERENCES,
): TableCheck {
  const findings: Finding[] = [];
  const exceptions: string[] = [];
  let result: SummaryExplanation | undefined;
  try {
    result = explainSummary(table.table);
  } catch (error) {
    if (!(error instanceof SummaryParseError)) throw error;
    if (NAMES_ONLY.test(error.message)) {
      // A console so narrow that only the names are printed: no reader can check a row.
      for (const row of table.rows) {
        exceptions.push(
          `${row.name} (${row.class_name}): the console cut the table inside its Layer (type) ` +
            `column, so no shape or count is printed`,
        );
      }
    } else {
      findings.push({ kind: "parse error", detail: error.message.split("\n")[0] });
    }
  }
  if (result !== undefined) compare(table, result, findings, exceptions);
  const knownOf = findings.map((finding) => {
    const context: FindingContext = {
      table,
      keras: finding.row === undefined ? undefined : table.rows[finding.row],
      read: finding.row === undefined ? undefined : result?.rows[finding.row],
      findings,
    };
    return known.find((k) => k.matches(finding, context));
  });
  return { table, findings, exceptions, known: knownOf };
}

function compare(
  table: PrintedTable,
  result: SummaryExplanation,
  findings: Finding[],
  exceptions: string[],
): void {
  const parsed = result.summary;
  const rows = result.rows;
  if (parsed.totalsLine === undefined) {
    findings.push({ kind: "truncated", detail: "the Total params line was not read" });
  }
  const header = table.table.split("\n").filter((line) => line.startsWith("┃")).join(" ");
  if (/\bConnected\b/.test(header) && !parsed.connections) {
    findings.push({ kind: "columns", detail: "the Connected to column was not read" });
  }
  if (rows.length !== table.rows.length) {
    findings.push({
      kind: "rows",
      detail: `${rows.length} rows read, Keras printed ${table.rows.length}`,
    });
  }
  const totals: [string, number | undefined, number | null][] = [
    ["Total params", parsed.totalParams, table.totals.total],
    ["Trainable params", parsed.trainableParams, table.totals.trainable],
    ["Non-trainable params", parsed.nonTrainableParams, table.totals.non_trainable],
    ["Optimizer params", parsed.optimizerParams, table.totals.optimizer],
  ];
  for (const [label, read, keras] of totals) {
    if ((read ?? null) !== keras) {
      findings.push({ kind: "totals", detail: `${label}: read ${read}, Keras ${keras}` });
    }
  }
  if (!result.totals.consistent) {
    findings.push({ kind: "totals flagged", detail: result.totals.note ?? "the totals disagree" });
  } else if (result.totals.checked === false) {
    // Rows that may be nested layers, their └ markers cut by a name column too narrow.
    if (table.options.positions !== undefined && /└ markers/.test(result.totals.note ?? "")) {
      exceptions.push(
        "Total params: a name column narrower than the └ markers (summary's positions), which " +
          "leaves open which rows the total adds up",
      );
    } else {
      findings.push({ kind: "totals", detail: `not checked: ${result.totals.note ?? ""}` });
    }
  }
  if (rows.length !== table.rows.length) {
    // Rows cannot be paired: report what the reader says of its own rows.
    for (const row of rows) {
      if (row.checked && !row.consistent) {
        findings.push({ kind: "flagged", detail: `${row.name}: ${row.note ?? ""}` });
      }
    }
    return;
  }
  table.rows.forEach((keras, i) => compareRow(keras, rows[i], i, parsed.connections, findings));
  const excused = table.rows.map((keras, i) =>
    rows[i].checked ? undefined : exceptionOf(keras, rows[i]) ?? consoleCutOf(parsed, rows[i]) ??
      positionsCutOf(table.options, rows[i], keras, { keras: table.rows, read: rows })
  );
  // Innermost first: a nested model's row whose layers' sum is open only through layers no
  // reader could check is itself one no reader could check.
  for (let i = table.rows.length - 1; i >= 0; i--) {
    if (
      excused[i] === undefined && !rows[i].checked &&
      openThroughLayers(table.rows, rows, i, excused)
    ) {
      excused[i] = "a nested model whose layers' sum is open only through layers no reader " +
        "could check (listed with it)";
    }
  }
  table.rows.forEach((keras, i) => {
    const row = rows[i];
    if (row.checked) return;
    const exception = excused[i];
    if (exception !== undefined) {
      exceptions.push(`${keras.name} (${keras.class_name}): ${exception}`);
      // Its count, left unknown, is part of the same exception.
      const count = findings.findIndex((f) => f.row === i && f.kind === "count" && f.declined);
      if (count >= 0) findings.splice(count, 1);
    } else {
      findings.push({
        kind: "not checked",
        row: i,
        detail: `${keras.name} (${keras.class_name}): ${row.notCheckedReason ?? "not checked"}`,
        declined: true,
      });
    }
  });
}

function compareRow(
  keras: KerasRow,
  row: ExplainedRow,
  i: number,
  connections: boolean,
  findings: Finding[],
): void {
  const add = (kind: FindingKind, detail: string) =>
    findings.push({ kind, row: i, detail: `${keras.name} (${keras.class_name}): ${detail}` });
  if (!sameText(row.name, row.nameCut === true, keras.name)) {
    add("name", `read ${JSON.stringify(row.name)}${row.nameCut ? " (cut)" : ""}`);
  }
  // A class not printed at all (a name column one wide shows `…` only) is no claim; the row
  // is not checked for it, and that is judged below.
  const claimed = row.className !== undefined || row.checked;
  if (claimed && !sameText(row.className, row.classNameCut === true, keras.class_name)) {
    add("class", `read ${JSON.stringify(row.className)}${row.classNameCut ? " (cut)" : ""}`);
  }
  if (keras.built && keras.params !== null) {
    const read = row.paramCount ?? (row.paramCountCut ? row.expectedParamCount : null);
    if (read === null && row.paramCountCut) {
      // A count cut with `…` that nothing in the table decides: left unknown, not misread.
      findings.push({
        kind: "count",
        row: i,
        detail: `${keras.name} (${keras.class_name}): read null (cut), Keras ${keras.params}`,
        declined: true,
      });
    } else if (read !== keras.params) add("count", `read ${read}, Keras ${keras.params}`);
  }
  if (keras.output_shape !== null && !sameShape(row, keras.output_shape)) {
    add(
      "shape",
      `read ${show(row.outputShape)}${row.outputShapeCut ? " (cut)" : ""}, Keras ${
        show(keras.output_shape)
      }`,
    );
  }
  if (connections && keras.depth === 0) {
    const read = row.inbound ?? [];
    const last = read.length - 1;
    const cut = (j: number) =>
      row.inboundNamesCut?.[j] === true || (j === last && row.inboundCut === true);
    // A list the console cut (inboundMayGoOn) may hold fewer entries than Keras's, any of them
    // lost past the edge of a line (`in_0[0][0], ` with `in_0[0][0],` past it): Keras's in order.
    let at = 0;
    const same = row.inboundMayGoOn === true
      ? read.every((name, j) => {
        while (at < keras.inbound.length && !sameText(name, cut(j), keras.inbound[at])) at++;
        return at++ < keras.inbound.length;
      })
      : read.length === keras.inbound.length &&
        read.every((name, j) => sameText(name, cut(j), keras.inbound[j]));
    if (!same) {
      add("inbound", `read ${JSON.stringify(read)}, Keras ${JSON.stringify(keras.inbound)}`);
    }
  }
  if (row.checked && !row.consistent) add("flagged", row.note ?? "inconsistent");
  if (row.checked && row.consistent) {
    if (
      !row.countOnly && row.expectedOutputShape !== null && keras.output_shape !== null &&
      tokens(row.expectedOutputShape).join(" ") !== tokens(keras.output_shape).join(" ")
    ) {
      const expected = tokens(row.expectedOutputShape);
      const printed = tokens(keras.output_shape);
      findings.push({
        kind: "expected shape",
        row: i,
        detail: `${keras.name} (${keras.class_name}): expects ${
          show(row.expectedOutputShape)
        }, Keras ${show(keras.output_shape)}`,
        declined: expected.length === printed.length &&
          expected.every((t, j) => t === printed[j] || t === "null"),
      });
    }
    if (
      row.expectedParamCount !== null && keras.params !== null &&
      row.expectedParamCount !== keras.params
    ) {
      add("expected count", `expects ${row.expectedParamCount}, Keras ${keras.params}`);
    }
  }
}

/**
 * Every table in a record file: generate.py's, graphs.py's or prints.py's, or one table's record.
 *
 * @param file The parsed JSON.
 * @returns The tables, each with its model's source and seed.
 *
 * @example
 * ```ts
 * import { tablesOf } from "./prints_check.ts";
 * import assert from "assert";
 *
 * const print = { variant: 1, options: {}, table: "", rows: [], totals: {} };
 * const tables = tablesOf({ graphs: [{ seed: 7, prints: [print] }] });
 * assert.equal(tables.length, 1);
 * assert.equal(tables[0].source, "graph");
 * assert.equal(tables[0].seed, 7);
 * ```
 */
export function tablesOf(file: unknown): PrintedTable[] {
  const found: PrintedTable[] = [];
  const data = file as Record<string, unknown>;
  // One table, as a failure's example is written: replayed as it is.
  if (typeof data.table === "string" && Array.isArray(data.rows)) {
    return [data as unknown as PrintedTable];
  }
  const sources: Record<string, string> = { models: "sequential", graphs: "graph", cases: "ops" };
  for (const key of ["models", "graphs", "cases"]) {
    const records = data[key];
    if (!Array.isArray(records)) continue;
    for (const record of records) {
      const source = record.source ?? sources[key];
      for (const print of record.prints ?? []) {
        found.push({ source, seed: record.seed, ...print });
      }
    }
  }
  return found;
}

/**
 * The name of a table's failure file.
 *
 * @param table The table.
 * @returns `<source>-<seed>-<variant>.txt`.
 *
 * @example
 * ```ts
 * import { failureName, type PrintedTable } from "./prints_check.ts";
 * import assert from "assert";
 *
 * const table = { source: "graph", seed: 12, variant: 1 } as PrintedTable;
 * assert.equal(failureName(table), "graph-12-1.txt");
 * ```
 */
export function failureName(table: PrintedTable): string {
  return `${table.source}-${table.seed}-${table.variant}.txt`;
}

/**
 * A failing table's file: the options, what failed, and the table, to replay.
 *
 * @param check The table's check.
 * @returns The file's text.
 *
 * @example
 * ```ts
 * import { checkTable, failureText, type PrintedTable } from "./prints_check.ts";
 * import assert from "assert";
 *
 * const table = {
 *   source: "sequential", seed: 3, variant: 0, options: {}, table: "no table", rows: [],
 *   totals: { total: 0, trainable: 0, non_trainable: 0, optimizer: null },
 * } as unknown as PrintedTable;
 * const text = failureText(checkTable(table, []));
 * assert.match(text, /\[parse error\]/);
 * assert.match(text, /seed: 3/);
 * ```
 */
export function failureText(check: TableCheck): string {
  const { table } = check;
  const lines = [
    `source: ${table.source} (rebuild: ${
      table.source === "graph"
        ? "graphs.graph(seed)"
        : table.source === "ops"
        ? "ops_shapes.py's case of this seed"
        : "generate.build(seed, ...)"
    }, then prints.print_variants(model, seed, count), table ${table.variant})`,
    `seed: ${table.seed} (tables per model: ${table.per_model ?? "?"})`,
    "replay: deno run --allow-read --allow-write tools/keras_oracle/prints_check.ts " +
    "FILE.json (this table's record, as tests/fixtures/keras_prints/failing/ holds them)",
    `options: ${JSON.stringify(table.options)}`,
    "findings:",
    ...check.findings.map((f, i) =>
      `  - [${f.kind}] ${f.detail}${check.known[i] ? ` (known: ${check.known[i]!.name})` : ""}`
    ),
    ...(check.exceptions.length ? ["exceptions:", ...check.exceptions.map((e) => `  - ${e}`)] : []),
    "table:",
    table.table,
    "keras rows:",
    ...table.rows.map((r) => `  ${JSON.stringify(r)}`),
    `keras totals: ${JSON.stringify(table.totals)}`,
  ];
  return lines.join("\n") + "\n";
}

/** The counts of a run. */
export interface RunCounts {
  readonly tables: number;
  readonly fullyExplained: number;
  readonly withExceptions: number;
  readonly exceptionRows: number;
  readonly failures: number;
  readonly knownFailures: number;
  /** Tables per known difference. */
  readonly byKnown: ReadonlyMap<string, number>;
}

/**
 * Checks tables and counts.
 *
 * @param tables The tables.
 * @returns The checks and the counts.
 *
 * @example
 * ```ts
 * import { checkAll, type PrintedTable } from "./prints_check.ts";
 * import assert from "assert";
 *
 * const table = {
 *   source: "sequential", seed: 3, variant: 0, options: {}, table: "no table", rows: [],
 *   totals: { total: 0, trainable: 0, non_trainable: 0, optimizer: null },
 * } as unknown as PrintedTable;
 * const { counts } = checkAll([table]);
 * assert.equal(counts.tables, 1);
 * assert.equal(counts.failures, 1);
 * ```
 */
export function checkAll(tables: readonly PrintedTable[]): {
  checks: TableCheck[];
  counts: RunCounts;
} {
  const checks = tables.map((t) => checkTable(t));
  const byKnown = new Map<string, number>();
  let knownFailures = 0;
  for (const check of checks) {
    if (check.findings.length === 0) continue;
    if (check.known.every((k) => k !== undefined)) knownFailures++;
    for (const name of new Set(check.known.filter((k) => k).map((k) => k!.name))) {
      byKnown.set(name, (byKnown.get(name) ?? 0) + 1);
    }
  }
  const failing = checks.filter((c) => c.findings.length > 0);
  return {
    checks,
    counts: {
      tables: checks.length,
      fullyExplained: checks.length - failing.length,
      withExceptions: checks.filter((c) => c.exceptions.length > 0).length,
      exceptionRows: checks.reduce((n, c) => n + c.exceptions.length, 0),
      failures: failing.length,
      knownFailures,
      byKnown,
    },
  };
}

async function readRecords(path: string): Promise<PrintedTable[]> {
  const info = await Deno.stat(path);
  if (info.isDirectory) {
    const tables: PrintedTable[] = [];
    for (const entry of [...Deno.readDirSync(path)].sort((a, b) => a.name < b.name ? -1 : 1)) {
      if (entry.name.endsWith(".json")) tables.push(...await readRecords(`${path}/${entry.name}`));
    }
    return tables;
  }
  return tablesOf(JSON.parse(await Deno.readTextFile(path)));
}

/**
 * For each known difference, the smallest failing table that shows it, preferring tables that
 * show nothing else: the examples of tests/fixtures/keras_prints/failing/.
 *
 * @param checks Checked tables.
 * @returns The example of each known difference met, by its name.
 *
 * @example
 * ```ts
 * import { examplesOf } from "./prints_check.ts";
 * import assert from "assert";
 *
 * assert.equal(examplesOf([]).size, 0);
 * ```
 */
export function examplesOf(checks: readonly TableCheck[]): Map<string, TableCheck> {
  const examples = new Map<string, TableCheck>();
  const score = (c: TableCheck, name: string) =>
    (c.known.every((k) => k?.name === name) ? 0 : 1_000_000) + c.table.table.length;
  for (const check of checks) {
    if (check.findings.length === 0 || check.known.some((k) => k === undefined)) continue;
    for (const name of new Set(check.known.map((k) => k!.name))) {
      const best = examples.get(name);
      if (best === undefined || score(check, name) < score(best, name)) examples.set(name, check);
    }
  }
  return examples;
}

const FAILURES = "out/keras-prints-failures";
const MINIMUM_TABLES = 100;

if (import.meta.main) {
  const label = Deno.args.find((a) => a.startsWith("--label="))?.slice(8) ?? "keras prints";
  const paths = Deno.args.filter((a) => !a.startsWith("--"));
  const tables = (await Promise.all(paths.map(readRecords))).flat();
  const { checks, counts } = checkAll(tables);
  await Deno.mkdir(FAILURES, { recursive: true });
  // An earlier run's failures of the same sources go: what is left is this run's.
  const sources = new Set(tables.map((t) => `${t.source}-`));
  for (const entry of Deno.readDirSync(FAILURES)) {
    if ([...sources].some((s) => entry.name.startsWith(s))) {
      await Deno.remove(`${FAILURES}/${entry.name}`);
    }
  }
  const unknown: TableCheck[] = [];
  for (const check of checks) {
    if (check.findings.length === 0) continue;
    const path = `${FAILURES}/${failureName(check.table)}`;
    await Deno.writeTextFile(path, failureText(check));
    if (check.known.some((k) => k === undefined)) unknown.push(check);
  }
  const seeds = [...new Set(tables.map((t) => t.seed))];
  console.log(
    `${label}: ${counts.tables} tables of ${seeds.length} models read; ` +
      `${counts.fullyExplained} fully explained (${counts.withExceptions} of them with ` +
      `${counts.exceptionRows} rows no reader could check), ${counts.failures} failures ` +
      `(${counts.knownFailures} known differences, ${unknown.length} not)`,
  );
  for (const [name, n] of counts.byKnown) {
    console.log(`${label}: known difference "${name}": ${n} tables`);
  }
  // The rows no reader could check from the table alone: each listed in a file, counted by why.
  const excepted = checks.flatMap((c) =>
    c.exceptions.map((e) => `${failureName(c.table).replace(/\.txt$/, "")}: ${e}`)
  );
  if (excepted.length > 0) {
    const path = `${FAILURES}/exceptions-${label.replace(/[^a-z0-9]+/gi, "-")}.txt`;
    await Deno.writeTextFile(path, excepted.join("\n") + "\n");
    const reasons = new Map<string, number>();
    for (const line of excepted) {
      const reason = line.slice(line.lastIndexOf(": ") + 2);
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    for (const [reason, n] of reasons) {
      console.log(`${label}: ${n} rows no reader could check: ${reason} (listed in ${path})`);
    }
  }
  for (const check of unknown.slice(0, 20)) {
    const first = check.findings.find((_, i) => check.known[i] === undefined)!;
    console.error(
      `${label}: FAILED ${FAILURES}/${failureName(check.table)}: [${first.kind}] ${first.detail}`,
    );
  }
  if (unknown.length > 20) console.error(`${label}: … and ${unknown.length - 20} more failures`);
  const examplesDir = Deno.args.find((a) => a.startsWith("--examples="))?.slice(11);
  if (examplesDir !== undefined) {
    await Deno.mkdir(examplesDir, { recursive: true });
    for (const [name, check] of examplesOf(checks)) {
      const file = `${examplesDir}/${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
      await Deno.writeTextFile(`${file}.json`, JSON.stringify(check.table, null, 2) + "\n");
      await Deno.writeTextFile(`${file}.txt`, failureText(check));
    }
  }
  if (counts.tables < MINIMUM_TABLES) {
    console.error(`${label}: only ${counts.tables} tables, at least ${MINIMUM_TABLES} expected`);
    Deno.exit(1);
  }
  // A reading that errs (a row misread, flagged, a wrong count or shape, a table cut short) fails
  // every run. Where the reader only declined, in a category no run had met, a fresh run reports
  // it (above, and in its file) and fails only with --strict: the committed tables and the known
  // differences (tests/keras_prints_test.ts) stay the strict gate.
  const erring = unknown.filter((check) =>
    check.findings.some((f, i) => check.known[i] === undefined && f.declined !== true)
  );
  if (unknown.length > erring.length) {
    console.log(
      `${label}: ${unknown.length - erring.length} tables have rows the reader declined in a ` +
        `category not listed yet (not checked, or a size left unknown); they are in ${FAILURES}`,
    );
  }
  if (erring.length > 0 || (unknown.length > 0 && Deno.args.includes("--strict"))) Deno.exit(1);
}
