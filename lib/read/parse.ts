/**
 * Reads a model summary back from the text someone printed or pasted: the classic Keras 2 /
 * tf.keras table (including Keras 2.0's `Total params: 146.0`), TF ≥ 2.11's table whose cells
 * wrap onto continuation lines, the Keras 3 box table (cells cut with `…`, `(unbuilt)`, the
 * `Optimizer params` line), and TensorFlow.js's table; with or without a `Connected to` column,
 * whose entries become each row's inputs. Pasted text is forgiven what pasting does to it: runs
 * of spaces squeezed to one, leading indentation, tabs, non-breaking spaces, CRLF line ends,
 * ANSI colour codes from a notebook, names cut short by Keras (`time_distributed_1 (TimeDist`),
 * counts with or without commas, rows annotated with `= 4*(13*5 + 5*5 + 5)` or `= ?`, and `?`
 * for a count nobody knows. What it cannot read, it names: the line number and the line. A
 * table is never cut short silently: a line it cannot read before the table's closing rule or
 * totals is an error.
 *
 * Classic tables are read by the columns their header sets, as Keras printed them, and line by
 * line by their words where a paste squeezed the spaces. The parser reads each line a bounded
 * number of times, left to right, with no backtracking pattern, so its time grows with the
 * length of the text and nothing else.
 *
 * @module
 */

import { cleanLine, isHeader, NAMES_ONLY_HEADER, wrappedBoxHeader } from "./_lines.ts";
import { readTable } from "./_table.ts";
import { SummaryParseError } from "./parse_errors.ts";
import type { ParsedSummary } from "./rows.ts";

export { SummaryNestingError, SummaryParseError } from "./parse_errors.ts";
export type { ParsedRow, ParsedSummary, SummaryFormat } from "./rows.ts";

/**
 * Reads the first model summary in a text.
 *
 * @param text The printed summary, possibly with text around it.
 * @returns The rows (name, class, output shape, count) and the totals.
 * @throws {SummaryParseError} When the text has no summary table, or a row or total cannot be
 * read; the error names the line.
 *
 * @example The table of "Understanding the number of trainable LSTM parameters"
 * ```ts
 * import { parseSummary } from "../../mod.ts";
 * import assert from "assert";
 *
 * const summary = parseSummary(`
 * Layer (type)                 Output Shape              Param #
 * =================================================================
 * lstm_4 (LSTM)                (None, None, 10)          480
 * _________________________________________________________________
 * time_distributed_4 (TimeDist (None, None, 1)           11
 * =================================================================
 * Total params: 491
 * Trainable params: 491
 * Non-trainable params: 0`);
 * assert.deepEqual(summary.rows.map((r) => [r.name, r.className, r.outputShape, r.paramCount]), [
 *   ["lstm_4", "LSTM", [null, null, 10], 480],
 *   ["time_distributed_4", "TimeDist", [null, null, 1], 11],
 * ]);
 * assert.equal(summary.totalParams, 491);
 * ```
 */
export function parseSummary(text: string): ParsedSummary {
  const found = parseSummaries(text);
  return found[0];
}

/**
 * Reads every model summary in a text, for a document that prints several.
 *
 * @param text The text.
 * @returns The summaries, in order; at least one.
 * @throws {SummaryParseError} As {@linkcode parseSummary}.
 *
 * @example Two tables in one text
 * ```ts
 * import { parseSummaries } from "../../mod.ts";
 * import assert from "assert";
 *
 * const table = "Layer (type) Output Shape Param #\n===\ndense (Dense) (None, 5) 70\n===\n";
 * assert.equal(parseSummaries(`${table}\nsome words\n\n${table}`).length, 2);
 * ```
 */
export function parseSummaries(text: string): ParsedSummary[] {
  if (typeof text !== "string") {
    throw new TypeError(
      `parseSummary expects its text, the printed summary, as a string, received ` +
        `${text === null ? "null" : typeof text}`,
    );
  }
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/).map(cleanLine);
  const summaries: ParsedSummary[] = [];
  let i = 0;
  let previousEnd = 0;
  while (i < lines.length) {
    const wrapped = wrappedBoxHeader(lines, i);
    if (wrapped || isHeader(lines[i])) {
      const summary = wrapped
        ? readTable(lines, wrapped.last, previousEnd, wrapped.first)
        : readTable(lines, i, previousEnd);
      summaries.push(summary);
      previousEnd = summary.endLine;
      i = Math.max(summary.endLine, i + 1);
    } else {
      i++;
    }
  }
  if (summaries.length === 0) {
    const cut = lines.findIndex((l) => NAMES_ONLY_HEADER.test(l));
    if (cut >= 0) {
      throw new SummaryParseError(
        `the console cut this table at its right edge inside its Layer (type) column, so no ` +
          `output shape or count is printed: print it again with a line_length no wider than ` +
          `the console`,
        cut + 1,
        lines[cut],
      );
    }
    const first = lines.findIndex((l) => l.trim() !== "");
    const at = first < 0 ? 0 : first;
    throw new SummaryParseError(
      `no model summary found: a summary table has a header line such as ` +
        `"Layer (type)    Output Shape    Param #", and this text has none`,
      at + 1,
      lines[at] ?? "",
    );
  }
  return summaries;
}
