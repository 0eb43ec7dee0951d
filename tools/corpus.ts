/**
 * `deno task corpus DIR`: reads a folder of printed model summaries, as people paste them, and
 * says for each how far paramlab explains it. The folder holds one table per `.txt` file and an
 * `index.json` listing them as `{file, source, style}`.
 *
 * Prints one status per table, then the totals:
 *
 * - `full`: every row checked, every number agrees with Keras;
 * - `partial`: what was checked agrees, some rows are not checked (the reasons follow); each
 *   for a reason about the table (its class cut or not printed, a class of the model's own code,
 *   a nested model whose layers are printed nowhere, an unbuilt layer), or the row is listed
 *   as not checked for a reason of the reader's own, which fails the run;
 * - `flagged`: a printed number disagrees with Keras (the notes follow);
 * - `parse error`: the text cannot be read (the line and the problem follow);
 * - `TRUNCATED`: reading stopped before the table's end without saying so: a `Total params`
 *   line after the table was not read. This is a bug in the reader, never the table's fault.
 *
 * Exits 1 when a table is truncated, when a table Keras printed is flagged, or when a row of one
 * is not checked for a reason of the reader's own (a style marked `handmade` or `markdown`, or a
 * file named with `--hand-edited FILE`, was typed by a person and may rightly be flagged or
 * unreadable); otherwise 0.
 *
 * @example
 * ```sh
 * deno task corpus ../shared/realworld
 * deno task corpus ../shared/realworld --hand-edited some_table.txt --quiet
 * ```
 *
 * @module
 */

import { explainSummary, type SummaryExplanation } from "../lib/read/mod.ts";
import { type ParsedSummary, parseSummaries, SummaryParseError } from "../lib/read/mod.ts";
import { resolveFromCaller } from "./_cwd.ts";

/** One entry of a corpus's `index.json`. */
export interface CorpusEntry {
  /** The table's file, relative to the folder. */
  readonly file: string;
  /** Where the table was printed. */
  readonly source: string;
  /** How it was printed, e.g. `"keras2"` or `"keras3-ansi-stripped"`. */
  readonly style: string;
}

/** How far one table is explained. */
export type CorpusStatus = "full" | "partial" | "flagged" | "parse error" | "TRUNCATED";

/** One table's result. */
export interface CorpusResult {
  /** The table's entry. */
  readonly entry: CorpusEntry;
  /** Its status. */
  readonly status: CorpusStatus;
  /** Rows read and rows checked (0 and 0 after a parse error). */
  readonly rows: number;
  /** Rows checked. */
  readonly checked: number;
  /** Why it is partial, flagged, not read or truncated; empty when full. */
  readonly reasons: readonly string[];
  /**
   * The rows not checked for a reason of the reader's own, not the table's (see
   * {@linkcode tableReason}), as `name: reason`; empty when every row not checked is the table's.
   */
  readonly readerReasons: readonly string[];
}

/**
 * Why no reader could check a row from the table alone: its class cut short or not printed, a
 * class of the model's own code, a nested model whose layers are printed nowhere, a layer Keras
 * had not built, or an input printed nowhere on which the layer's kind gives its output any count.
 * Any other reason a row is not checked is the reader's own.
 */
const TABLE_REASONS: readonly RegExp[] = [
  /^class cut to /,
  /^class not printed$/,
  /is a class the model's own code defines; no reader can know its weights$/,
  /^nested \w+, its layers not shown$/,
  /^unbuilt$/,
  // An EinsumDense on an input printed nowhere, which some equation gives the output any count.
  /^input printed nowhere, any count fits$/,
];

/**
 * Whether a row's reason for not being checked is about the table, which no reader could check
 * it from, rather than about the reader.
 *
 * @param reason A row's `notCheckedReason`.
 * @returns `true` for a reason about the table.
 *
 * @example
 * ```ts
 * import { tableReason } from "./corpus.ts";
 * import assert from "assert";
 *
 * assert.equal(tableReason("nested Functional, its layers not shown"), true);
 * assert.equal(tableReason("output shape cut"), false);
 * assert.equal(tableReason("input printed nowhere, any count fits"), true);
 * ```
 */
export function tableReason(reason: string): boolean {
  return TABLE_REASONS.some((pattern) => pattern.test(reason));
}

// A `Total params` line, with a notebook's colour codes (`ESC[1m`) around its words.
const TOTAL_LINE = /^\s*(\[[0-9;]*m)*\s*total params\s*:/i;
const ESC = String.fromCharCode(27);

/**
 * Reads and explains one table's text.
 *
 * @param entry The table's entry.
 * @param text The file's text.
 * @param models The summaries printed before it on the same page, by model name: a nested
 * model's row is checked against its own summary. The table's own summaries are added.
 * @returns Its status, counts and reasons.
 *
 * @example
 * ```ts
 * import { classify } from "./corpus.ts";
 * import assert from "assert";
 *
 * const entry = { file: "t.txt", source: "", style: "keras2" };
 * const text = "Layer (type) Output Shape Param #\n===\nd (Dense) (None, 5) 70\n===\nTotal params: 70";
 * assert.equal(classify(entry, text).status, "full");
 * assert.equal(classify(entry, "no table here").status, "parse error");
 * ```
 */
export function classify(
  entry: CorpusEntry,
  text: string,
  models: Record<string, SummaryExplanation> = {},
): CorpusResult {
  let summaries: ParsedSummary[];
  try {
    summaries = parseSummaries(text);
  } catch (error) {
    if (!(error instanceof SummaryParseError)) throw error;
    return {
      entry,
      status: "parse error",
      rows: 0,
      checked: 0,
      reasons: [error.message],
      readerReasons: [],
    };
  }
  const truncated = truncation(text, summaries);
  let rows = 0;
  let checked = 0;
  let consistent = true;
  const reasons: string[] = [];
  const flags: string[] = [];
  const readerReasons: string[] = [];
  for (const summary of summaries) {
    const result = explainSummary(summary, { models });
    if (summary.modelName !== undefined) models[summary.modelName] = result;
    rows += result.rows.length;
    checked += result.rows.filter((r) => r.checked).length;
    consistent &&= result.consistent;
    for (const row of result.rows) {
      if (row.checked && !row.consistent) flags.push(`${row.name}: ${row.note ?? ""}`);
      const reason = row.notCheckedReason ?? "";
      if (!row.checked && !tableReason(reason)) readerReasons.push(`${row.name}: ${reason}`);
    }
    if (!result.totals.consistent) flags.push(result.totals.note ?? "the totals disagree");
    if (result.rows.some((r) => !r.checked)) reasons.push(result.verdict());
  }
  if (truncated) {
    return { entry, status: "TRUNCATED", rows, checked, reasons: [truncated], readerReasons };
  }
  if (!consistent) {
    return { entry, status: "flagged", rows, checked, reasons: flags, readerReasons };
  }
  if (checked < rows) return { entry, status: "partial", rows, checked, reasons, readerReasons };
  return { entry, status: "full", rows, checked, reasons: [], readerReasons };
}

/** A `Total params` line no table read, if any: the reader stopped early without saying so. */
function truncation(text: string, summaries: readonly ParsedSummary[]): string | undefined {
  const lines = text.split(/\r\n|\r|\n/);
  const read = new Set(summaries.map((s) => s.totalsLine));
  const first = summaries[0].headerLine;
  for (let i = first; i < lines.length; i++) {
    if (TOTAL_LINE.test(lines[i].replaceAll(ESC, "")) && !read.has(i + 1)) {
      return `line ${i + 1} ("${lines[i].trim()}") was not read: the table was cut short`;
    }
  }
  return undefined;
}

/** Whether a person typed the table (it may rightly be flagged). */
function handMade(entry: CorpusEntry, handEdited: ReadonlySet<string>): boolean {
  return /handmade|markdown/.test(entry.style) || handEdited.has(entry.file);
}

/**
 * Runs the corpus and writes the report.
 *
 * @param dir The folder with `index.json`.
 * @param options `handEdited`: files a person edited; `quiet`: print only problems and totals.
 * @returns The results and whether the run passes.
 *
 * @example
 * ```ts
 * import { runCorpus } from "./corpus.ts";
 * import assert from "assert";
 *
 * const dir = Deno.makeTempDirSync();
 * Deno.writeTextFileSync(`${dir}/a.txt`, "Layer (type) Output Shape Param #\n===\nd (Dense) (None, 5) 70");
 * Deno.writeTextFileSync(`${dir}/index.json`, JSON.stringify([{ file: "a.txt", source: "", style: "keras2" }]));
 * const lines: string[] = [];
 * const { ok } = runCorpus(dir, { write: (line) => lines.push(line) });
 * assert.ok(ok);
 * assert.match(lines.at(-1)!, /1 of 1 tables fully explained/);
 * ```
 */
export function runCorpus(
  dir: string,
  options: {
    handEdited?: readonly string[];
    quiet?: boolean;
    write?: (line: string) => void;
  } = {},
): { results: CorpusResult[]; ok: boolean } {
  const write = options.write ?? ((line: string) => console.log(line));
  const handEdited = new Set(options.handEdited ?? []);
  const index = JSON.parse(Deno.readTextFileSync(`${dir}/index.json`)) as CorpusEntry[];
  if (!Array.isArray(index)) {
    throw new TypeError(`${dir}/index.json must be a list of {file, source, style}`);
  }
  const results: CorpusResult[] = [];
  // The tables of one page are read in order, as a learner pastes a notebook's output: a model
  // printed earlier on the page checks the row of a later model that nests it.
  const pages = new Map<string, Record<string, SummaryExplanation>>();
  let ok = true;
  for (const entry of index) {
    const page = entry.source.split("#")[0];
    if (!pages.has(page)) pages.set(page, {});
    const models = page === "" ? {} : pages.get(page)!;
    const result = classify(entry, Deno.readTextFileSync(`${dir}/${entry.file}`), models);
    results.push(result);
    const typed = handMade(entry, handEdited);
    const readers = typed ? [] : result.readerReasons;
    const failing = result.status === "TRUNCATED" ||
      (result.status === "flagged" && !typed) || readers.length > 0;
    if (failing) ok = false;
    if (
      options.quiet && !failing && result.status !== "flagged" && result.status !== "parse error"
    ) {
      continue;
    }
    const marker = failing ? "  FAIL" : result.status === "flagged" ? "  (typed by a person)" : "";
    write(
      `${result.status.padEnd(11)} ${String(result.checked).padStart(3)}/${
        String(result.rows).padEnd(3)
      } ${entry.file}${marker}`,
    );
    for (const reason of result.reasons) write(`              ${reason.split("\n")[0]}`);
    for (const reason of readers) {
      write(
        `              not checked for a reason of the reader's own, not the table's: ${reason}`,
      );
    }
  }
  const count = (s: CorpusStatus) => results.filter((r) => r.status === s).length;
  const full = count("full");
  const rows = results.reduce((a, r) => a + r.rows, 0);
  const checked = results.reduce((a, r) => a + r.checked, 0);
  write("");
  write(
    `full ${full}, partial ${count("partial")}, flagged ${count("flagged")}, parse error ${
      count("parse error")
    }, truncated ${count("TRUNCATED")}; rows checked ${checked} of ${rows}`,
  );
  write(
    `${full} of ${results.length} tables fully explained (${
      (100 * full / Math.max(1, results.length)).toFixed(1)
    }%)`,
  );
  return { results, ok };
}

const USAGE = "usage: deno task corpus DIR [--hand-edited FILE]... [--quiet]";

if (import.meta.main) {
  const args = [...Deno.args];
  const handEdited: string[] = [];
  let quiet = false;
  let dir: string | undefined;
  while (args.length > 0) {
    const arg = args.shift()!;
    if (arg === "--hand-edited" && args.length > 0) handEdited.push(args.shift()!);
    else if (arg === "--quiet") quiet = true;
    else if (arg === "-h" || arg === "--help") {
      console.log(USAGE);
      Deno.exit(0);
    } else if (dir === undefined && !arg.startsWith("-")) dir = arg;
    else {
      console.error(USAGE);
      Deno.exit(2);
    }
  }
  if (dir === undefined) {
    console.error(USAGE);
    Deno.exit(2);
  }
  const { ok } = runCorpus(resolveFromCaller(dir), { handEdited, quiet });
  Deno.exit(ok ? 0 : 1);
}
