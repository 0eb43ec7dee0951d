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

/** Empty: every category met so far is read, or is a row no reader could check (an exception
 * of tools/keras_oracle/prints_check.ts). A new difference goes here, with its example in
 * tests/fixtures/keras_prints/failing/. */
export const KNOWN_PRINT_DIFFERENCES: readonly KnownPrintDifference[] = [];
