/**
 * The errors of reading a printed summary: the line where reading stopped, and why.
 *
 * @module
 */

import { MAX_SHAPE_DEPTH } from "./_cells.ts";
import { expectNumber, expectString } from "../guard.ts";

/**
 * A summary the parser cannot read, with the line where reading stopped.
 *
 * @example
 * ```ts
 * import { parseSummary, SummaryParseError } from "../../mod.ts";
 * import assert from "assert";
 *
 * const text = "Layer (type)  Output Shape  Param #\n====\nlstm_1 (LSTM)  (None, 400 5)  380";
 * assert.throws(() => parseSummary(text), (e: unknown) => {
 *   assert.ok(e instanceof SummaryParseError);
 *   assert.equal(e.line, 3);
 *   assert.equal(e.text, "lstm_1 (LSTM)  (None, 400 5)  380");
 *   return true;
 * });
 * ```
 */
export class SummaryParseError extends SyntaxError {
  /** The 1-based line number. */
  readonly line: number;
  /** The line's text (cut to 200 characters). */
  readonly text: string;

  /**
   * Creates the error; the message starts `Line N:` and ends with the line.
   *
   * @param problem What is wrong.
   * @param line The 1-based line number.
   * @param text The line.
   */
  constructor(problem: string, line: number, text: string) {
    expectString("SummaryParseError", "its problem", problem);
    expectNumber("SummaryParseError", "its line", line);
    expectString("SummaryParseError", "its text", text);
    const shown = text.length > 200 ? `${text.slice(0, 200)}…` : text;
    super(`Line ${line}: ${problem}\n  ${line} | ${shown}`);
    this.name = "SummaryParseError";
    this.line = line;
    this.text = shown;
  }
}

/**
 * A printed shape nested deeper than the reader follows (more than 16 levels of brackets):
 * no Keras model prints one, and following it would risk the stack.
 *
 * @example
 * ```ts
 * import { parseSummary, SummaryNestingError } from "../../mod.ts";
 * import assert from "assert";
 *
 * const text = `Layer (type) Output Shape Param #\n===\nd (Dense) ${"[".repeat(40)}5 70`;
 * assert.throws(() => parseSummary(text), SummaryNestingError);
 * ```
 */
export class SummaryNestingError extends SummaryParseError {
  /** The deepest nesting the reader follows. */
  readonly limit: number;

  /**
   * Creates the error.
   *
   * @param line The 1-based line number.
   * @param text The line.
   */
  constructor(line: number, text: string) {
    expectNumber("SummaryNestingError", "its line", line);
    expectString("SummaryNestingError", "its text", text);
    super(`the shape nests deeper than ${MAX_SHAPE_DEPTH} levels of brackets`, line, text);
    this.name = "SummaryNestingError";
    this.limit = MAX_SHAPE_DEPTH;
  }
}
