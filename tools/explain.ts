/**
 * `deno task explain [file]`: explains a pasted model summary. Reads the file (a relative path is
 * read from the folder the task was started in, not the repository's), or standard input when
 * no file or `-` is given, finds every summary table in it (Keras 2, Keras 3 or TensorFlow.js) and
 * prints, for each, the model's inferred input, every row's layer and formula, the `?`s filled,
 * and what disagrees with Keras's rules. Keras code pasted above a table (`LSTM(5,
 * return_sequences=True)`) is read for what the table cannot show.
 *
 * Exits 0 when every table agrees with Keras, 1 when a printed number disagrees, 2 when the
 * text cannot be read.
 *
 * @example
 * ```sh
 * deno task explain summary.txt
 * pbpaste | deno task explain
 * ```
 *
 * @module
 */

import { explainSummary, type SummaryExplanation } from "../lib/read/mod.ts";
import { declaredFromCode } from "../lib/keras_code.ts";
import { parseSummaries, SummaryParseError } from "../lib/read/mod.ts";
import { resolveFromCaller } from "./_cwd.ts";

const USAGE = "usage: deno task explain [file]   (reads standard input without a file, or for -)";

/**
 * Explains every summary in a text.
 *
 * @param text The pasted text.
 * @returns The report and whether everything agrees with Keras.
 *
 * @example
 * ```ts
 * import { explainText } from "./explain.ts";
 * import assert from "assert";
 *
 * const { report, consistent } = explainText(
 *   "Layer (type) Output Shape Param #\n===\ndense (Dense) (None, 5) 70\n===",
 * );
 * assert.ok(consistent);
 * assert.match(report, /Model input: \(None, 13\)/);
 * ```
 */
export function explainText(text: string): { report: string; consistent: boolean } {
  const summaries = parseSummaries(text);
  const reports: string[] = [];
  let consistent = true;
  // A model printed earlier checks the row of a later model that nests it.
  const models: Record<string, SummaryExplanation> = {};
  summaries.forEach((summary, i) => {
    // Code pasted above a table says what the table cannot, e.g. an LSTM without
    // return_sequences=True; it is matched to the table's recurrent rows in order.
    const previousEnd = i === 0 ? 0 : summaries[i - 1].endLine;
    const result = explainSummary(summary, {
      ...declaredFromCode(text, summary, previousEnd),
      models,
    });
    if (summary.modelName !== undefined) models[summary.modelName] = result;
    consistent &&= result.consistent;
    const heading = summaries.length > 1
      ? `Summary ${i + 1} of ${summaries.length} (line ${summary.headerLine})\n\n`
      : "";
    reports.push(heading + String(result));
  });
  return { report: reports.join("\n\n"), consistent };
}

async function readInput(args: readonly string[]): Promise<string> {
  if (args.length > 1 || args[0] === "-h" || args[0] === "--help") {
    console.error(USAGE);
    Deno.exit(args[0] === "-h" || args[0] === "--help" ? 0 : 2);
  }
  if (args.length === 1 && args[0] !== "-") {
    return await Deno.readTextFile(resolveFromCaller(args[0]));
  }
  return await new Response(Deno.stdin.readable).text();
}

if (import.meta.main) {
  let text: string;
  try {
    text = await readInput(Deno.args);
  } catch (error) {
    console.error(`Cannot read ${Deno.args[0] ?? "standard input"}: ${(error as Error).message}`);
    Deno.exit(2);
  }
  try {
    const { report, consistent } = explainText(text);
    console.log(report);
    Deno.exit(consistent ? 0 : 1);
  } catch (error) {
    if (error instanceof SummaryParseError) {
      console.error(error.message);
      Deno.exit(2);
    }
    throw error;
  }
}
