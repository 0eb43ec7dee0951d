/**
 * What explaining a printed summary gives: each row explained, the totals checked, the model's
 * input; printed as a report, displayed in Jupyter as an HTML table.
 *
 * @module
 */

import { describeValue } from "../errors.ts";
import type { Shape } from "../shape.ts";
import { JUPYTER_DISPLAY } from "../summary/summary.ts";
import { reportHtml } from "./_html.ts";
import { reportOf } from "./_report.ts";
import type { ExplainedRow, ExplainedSummary, ParsedSummary, TotalsCheck } from "./rows.ts";

export type {
  DeclaredConfig,
  ExplainedRow,
  ExplainedSummary,
  ExplainSummaryOptions,
  TotalsCheck,
} from "./rows.ts";

/**
 * A printed summary explained: the model's input, and each row's configuration, formula and
 * check. Prints as a report.
 *
 * @example "Understanding the number of trainable LSTM parameters": its table
 * ```ts
 * import { explainSummary } from "../../mod.ts";
 * import assert from "assert";
 *
 * const explained = explainSummary(`
 * Layer (type)                 Output Shape              Param #
 * =================================================================
 * lstm_4 (LSTM)                (None, None, 10)          480
 * _________________________________________________________________
 * time_distributed_4 (TimeDist (None, None, 1)           11
 * =================================================================`);
 * assert.deepEqual(explained.inputShape, [null, null, 1]);
 * assert.ok(explained.rows.every((row) => row.consistent));
 * assert.match(String(explained), /TimeDistributed\(Dense\(1\)\)/);
 * ```
 */
export class SummaryExplanation implements ExplainedSummary {
  /** The summary as read. */
  readonly summary: ParsedSummary;
  /** The model's input shape, batch dimension first; `null` where it cannot be read. */
  readonly inputShape: Shape | null;
  /** How the input shape was found. */
  readonly inputReason: string;
  /** The rows, explained. */
  readonly rows: readonly ExplainedRow[];
  /** The printed totals, checked. */
  readonly totals: TotalsCheck;

  /**
   * Assembles an explanation; {@linkcode explainSummary} makes them.
   *
   * @param summary The summary as read.
   * @param inputShape The inferred input shape.
   * @param inputReason How it was found.
   * @param rows The explained rows.
   * @param totals The totals check.
   */
  constructor(
    summary: ParsedSummary,
    inputShape: Shape | null,
    inputReason: string,
    rows: readonly ExplainedRow[],
    totals: TotalsCheck,
  ) {
    const argument = typeof summary !== "object" || summary === null
      ? ["summary", summary]
      : !Array.isArray(rows)
      ? ["rows", rows]
      : typeof totals !== "object" || totals === null
      ? ["totals", totals]
      : undefined;
    if (argument) {
      throw new TypeError(
        `SummaryExplanation expects its ${argument[0]} as explainSummary makes it, received ` +
          describeValue(argument[1]),
      );
    }
    this.summary = summary;
    this.inputShape = inputShape;
    this.inputReason = inputReason;
    this.rows = rows;
    this.totals = totals;
  }

  /** Whether every checked row and the totals agree with Keras's rules. */
  get consistent(): boolean {
    return this.totals.consistent && this.rows.every((r) => r.consistent);
  }

  /** Whether every row was checked and every number agrees: the table is fully explained. */
  get fullyExplained(): boolean {
    return this.consistent && this.totals.checked !== false && this.rows.every((r) => r.checked);
  }

  /**
   * The closing line of the report: how many rows were read and checked, which were not and
   * why, and whether what was checked agrees. It never says every number agrees when a row was
   * left unchecked.
   *
   * @returns One sentence or two.
   *
   * @example
   * ```ts
   * import { explainSummary } from "../../mod.ts";
   * import assert from "assert";
   *
   * const result = explainSummary(
   *   "Layer (type) Output Shape Param #\n===\nd (Dense) (None, 5) 70\nl (MyLayer) (None, 5) 0",
   * );
   * assert.match(result.verdict(), /^1 of 2 rows checked; 1 not checked: l \(MyLayer is a class/);
   * ```
   */
  verdict(): string {
    const rows = this.rows;
    const unchecked = rows.filter((r) => !r.checked);
    const agree = this.consistent;
    const countOnly = rows.filter((r) => r.checked && r.countOnly);
    const only = countOnly.length === 0
      ? ""
      : ` (${countOnly.length} by their count only: ${
        countOnly.slice(0, 5).map((r) => `${r.name} (${r.className ?? "?"})`).join(", ")
      }${countOnly.length > 5 ? ", …" : ""})`;
    if (unchecked.length === 0) {
      const all = rows.length === 1 ? "The 1 row" : `All ${rows.length} rows`;
      if (agree && this.totals.checked === false) {
        return `${all} checked${only}, and they agree with Keras; the totals are not checked ` +
          `(see the notes).`;
      }
      return agree
        ? `${all} checked${only}; every number ${only ? "checked " : ""}agrees with Keras.`
        : `${all} checked${only}; some printed numbers disagree with Keras (see the notes).`;
    }
    const shown = unchecked.slice(0, 5).map((r) =>
      `${r.name} (${r.notCheckedReason ?? "not checked"})`
    );
    const more = unchecked.length > 5 ? `, and ${unchecked.length - 5} more` : "";
    const head = `${rows.length - unchecked.length} of ${rows.length} rows checked${only}; ` +
      `${unchecked.length} not checked: ${shown.join(", ")}${more}.`;
    return agree
      ? `${head} What was checked agrees with Keras.`
      : `${head} Some checked numbers disagree with Keras (see the notes).`;
  }

  /**
   * The report: the input, a table of rows with their inferred layers and formulas, and notes.
   *
   * @returns Text for a terminal.
   *
   * @example
   * ```ts
   * import { explainSummary } from "../../mod.ts";
   * import assert from "assert";
   *
   * const report = String(explainSummary(
   *   "Layer (type) Output Shape Param #\n====\nlstm_1 (LSTM) (None, 400, 5) 380\n====",
   * ));
   * assert.match(report, /Model input: \(None, 400, 13\)/);
   * assert.match(report, /4\*\(13\*5 \+ 5\*5 \+ 5\)/);
   * ```
   */
  toString(): string {
    return reportOf(this, this.verdict());
  }

  /**
   * What Deno's Jupyter kernel displays: the report, as text and as preformatted HTML.
   *
   * @returns A MIME bundle.
   *
   * @example
   * ```ts
   * import { explainSummary, JUPYTER_DISPLAY } from "../../mod.ts";
   * import assert from "assert";
   *
   * const result = explainSummary("Layer (type) Output Shape Param #\n===\nd (Dense) (None, 5) 70");
   * assert.ok(result[JUPYTER_DISPLAY]()["text/html"].startsWith("<div"));
   * ```
   */
  [JUPYTER_DISPLAY](): { "text/plain": string; "text/html": string } {
    return { "text/plain": this.toString(), "text/html": this.toHtml() };
  }

  /**
   * The report as an HTML table, one row per layer with its formula and status, flags
   * highlighted; every printed name and note escaped.
   *
   * @returns An HTML fragment.
   *
   * @example
   * ```ts
   * import { explainSummary } from "../../mod.ts";
   * import assert from "assert";
   *
   * const html = explainSummary("Layer (type) Output Shape Param #\n===\n<b> (Dense) (None, 5) 70")
   *   .toHtml();
   * assert.match(html, /<table/);
   * assert.match(html, /&lt;b&gt;/);
   * ```
   */
  toHtml(): string {
    return reportHtml(this, this.verdict());
  }
}
