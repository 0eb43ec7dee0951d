// What the reader does not yet read in the tables real Keras 3 prints (tools/keras_oracle/
// prints.py, checked by tools/keras_oracle/prints_check.ts). Each entry names a category,
// explains it, and matches exactly the findings it excuses; a table is excused only when every
// one of its findings is matched. tests/keras_prints_test.ts fails when an entry matches nothing
// in the committed tables (then the reader was fixed, and the entry goes). The aim is an empty
// list. /work/notes/keras_prints_failures.md lists each category with an example table, and
// tests/fixtures/keras_prints/failing/ holds one table per category.

import type { ExplainedRow } from "../mod.ts";
import type { Finding, KerasRow, PrintedTable } from "../tools/keras_oracle/prints_check.ts";

/** What a finding is about: its table, its row as Keras knows it and as read, and the rest. */
export interface FindingContext {
  readonly table: PrintedTable;
  readonly keras?: KerasRow;
  readonly read?: ExplainedRow;
  /** Every finding of the table. */
  readonly findings: readonly Finding[];
}

/** A known difference: named, explained, and matched precisely. */
export interface KnownPrintDifference {
  /** A short name, printed with the count of tables it excuses. */
  readonly name: string;
  /** What Keras prints, and what the reader does instead. */
  readonly why: string;
  /** Whether this entry explains `finding`. */
  readonly matches: (finding: Finding, context: FindingContext) => boolean;
}

const config = (c: FindingContext): Readonly<Record<string, unknown>> => c.keras?.config ?? {};

/** Found by a fresh `deno task oracle` run (base seed 1086393053) after the list was emptied. */
export const KNOWN_PRINT_DIFFERENCES: readonly KnownPrintDifference[] = [
  {
    name: "TimeDistributed of a Reshape",
    why: "TimeDistributed(Reshape([1, -1, 1, 11])) printing (None, 46, 1, 1, 1, 11) after " +
      "(None, 46, 11): the Reshape of each step is tried, but its -1 is not, so no " +
      "TimeDistributed fits and the row is not checked.",
    matches: (f, c) =>
      (f.kind === "not checked" || f.kind === "flagged") &&
      c.keras?.class_name === "TimeDistributed" &&
      (config(c).layer as { class_name?: string } | undefined)?.class_name === "Reshape",
  },
  {
    name: "several counts cut",
    why: "Counts cut with `…` in a nested model printed with expand_nested (a Sequential's " +
      "`1,1…` over a SimpleRNN's `1,1…`): at the top level the total decides among the counts " +
      "that fit, but a nested model's count is not yet used to decide among its layers' cut " +
      "counts, so those rows are left unknown.",
    matches: (f, c) =>
      c.read?.paramCountCut === true && !(c.read?.checked ?? false) &&
      ["count", "not checked", "expected count"].includes(f.kind),
  },
  {
    name: "trainable params line cut",
    why: "A narrow console cuts the Trainable params line inside its size " +
      "(`136,974,314,500 (510.27`): the reader refuses the line with a parse error.",
    matches: (f) =>
      f.kind === "parse error" && /cannot read the trainable params count/.test(f.detail),
  },
];
