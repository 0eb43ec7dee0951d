/**
 * Reads what Python Keras code pasted next to a summary declares about its recurrent layers.
 * Questions about `model.summary()` usually show the code too, and the code says what the
 * table alone cannot: whether an LSTM was asked to return sequences. A table printing
 * `(None, 1, 5)` for `LSTM(5)` is then inconsistent, though the same row fits `LSTM(5,
 * return_sequences=True)` over one time step (the first trained example of the blog post on LSTM
 * counts and TimeDistributed).
 *
 * @module
 */

import type { DeclaredConfig, ExplainSummaryOptions } from "./read/mod.ts";
import type { ParsedSummary } from "./read/mod.ts";
import { findKind, kindsOf } from "./layers/registry.ts";
import { expectNumber, expectString, expectWith } from "./guard.ts";

/** A recurrent layer constructed in Keras code, e.g. `LSTM(64, return_sequences=True)`. */
export interface RecurrentCall {
  /** The recurrent kind's Keras class name, e.g. `"LSTM"`, `"GRU"` or `"SimpleRNN"`. */
  readonly className: string;
  /** Whether the call passes `return_sequences=True` (Keras's default is `False`). */
  readonly returnSequences: boolean;
  /** The 1-based line the call starts on. */
  readonly line: number;
}

// The recurrent kinds' class names and aliases, longest first so that no name stops short.
const RECURRENT_NAMES = kindsOf("recurrent")
  .flatMap((kind) => [kind.className, ...(kind.aliases ?? [])])
  .sort((a, b) => b.length - a.length);
const RECURRENT = new RegExp(`\\b(${RECURRENT_NAMES.join("|")})\\s*\\(`, "g");

function isRecurrent(className: string | undefined): boolean {
  return className !== undefined && findKind(className)?.family === "recurrent";
}

/**
 * Finds the recurrent layers a piece of Keras code constructs, in order. Arguments may span
 * lines and nest parentheses (`input_shape=(timesteps,\ninput_dim)`, `l2(0.0015)`); a call whose
 * parentheses never close is ignored.
 *
 * @param code Python source, or a document with code in it.
 * @returns Each call's class, `return_sequences` and line.
 *
 * @example The two LSTMs of "Understand the summary of a LSTM model"
 * ```ts
 * import { recurrentCalls } from "./keras_code.ts";
 * import assert from "assert";
 *
 * const calls = recurrentCalls(
 *   "model.add(LSTM(64, return_sequences=True, recurrent_regularizer=l2(0.0015), input_shape=(t,\n" +
 *     "d)))\nmodel.add(Dropout(0.5))\nmodel.add(LSTM(64, input_shape=(t, d)))",
 * );
 * assert.deepEqual(calls.map((c) => [c.className, c.returnSequences, c.line]), [
 *   ["LSTM", true, 1],
 *   ["LSTM", false, 4],
 * ]);
 * ```
 */
export function recurrentCalls(code: string): RecurrentCall[] {
  expectString("recurrentCalls", "its code", code, "Python code (a string)");
  const calls: RecurrentCall[] = [];
  // Lines are counted as the matches advance, and a call's arguments are scanned only up to the
  // next call's start or the end: linear in the code, however many calls it has.
  let lineAt = 0;
  let line = 1;
  let scannedTo = 0;
  for (const match of code.matchAll(RECURRENT)) {
    if (match.index < scannedTo) continue;
    const open = match.index + match[0].length;
    let depth = 1;
    let end = open;
    while (end < code.length && depth > 0) {
      const c = code[end++];
      if (c === "(") depth++;
      else if (c === ")") depth--;
    }
    scannedTo = end;
    if (depth > 0) break;
    const args = code.slice(open, end - 1);
    for (
      let i = code.indexOf("\n", lineAt);
      i >= 0 && i < match.index;
      i = code.indexOf("\n", i + 1)
    ) {
      line++;
      lineAt = i + 1;
    }
    calls.push({
      className: findKind(match[1])!.className,
      returnSequences: /\breturn_sequences\s*=\s*True\b/.test(args),
      line,
    });
  }
  return calls;
}

/**
 * What the code above a printed summary declares for its recurrent rows: the recurrent calls
 * between the previous table (or the start) and this table's header, matched to the table's
 * recurrent rows in order. Nothing is declared when the numbers of calls and rows differ, since
 * then the matching would be a guess.
 *
 * @param text The whole pasted text.
 * @param summary One summary parsed from it.
 * @param previousEndLine The 1-based last line of the table before this one, or 0.
 * @returns Options for `explainSummary`, possibly empty.
 *
 * @example The blog post's one-to-one example: the code declares LSTM(5) without
 * return_sequences
 * ```ts
 * import { declaredFromCode, explainSummary, parseSummary } from "../mod.ts";
 * import assert from "assert";
 *
 * const text = [
 *   "model.add(LSTM(n_neurons, input_shape=(1, 1)))",
 *   "model.add(Dense(1))",
 *   "Layer (type) Output Shape Param #",
 *   "=================================================================",
 *   "lstm_1 (LSTM) (None, 1, 5) 140",
 *   "dense_1 (Dense) (None, 1, 1) 6",
 *   "=================================================================",
 * ].join("\n");
 * const summary = parseSummary(text);
 * const options = declaredFromCode(text, summary, 0);
 * assert.deepEqual(options.declared, { lstm_1: { className: "LSTM", returnSequences: false } });
 * assert.equal(explainSummary(summary, options).rows[0].consistent, false);
 * ```
 */
export function declaredFromCode(
  text: string,
  summary: ParsedSummary,
  previousEndLine: number,
): ExplainSummaryOptions {
  expectString("declaredFromCode", "its text", text);
  expectWith(
    "declaredFromCode",
    "its summary",
    summary,
    "a parsed summary (parseSummary(text))",
    "rows",
  );
  expectNumber("declaredFromCode", "its previous end line", previousEndLine);
  const code = linesOf(text).slice(previousEndLine, summary.headerLine - 1).join("\n");
  const calls = recurrentCalls(code);
  const rows = summary.rows.filter((row) => isRecurrent(row.className));
  if (calls.length === 0 || calls.length !== rows.length) return {};
  const declared: Record<string, DeclaredConfig> = {};
  rows.forEach((row, i) => {
    if (row.className !== calls[i].className) return;
    declared[row.name] = {
      className: calls[i].className,
      returnSequences: calls[i].returnSequences,
    };
  });
  return Object.keys(declared).length > 0 ? { declared } : {};
}

// The lines of the last text split: a document with many tables is split once, not per table.
let lastText: string | undefined;
let lastLines: string[] = [];

function linesOf(text: string): string[] {
  if (text !== lastText) {
    lastText = text;
    lastLines = text.split("\n");
  }
  return lastLines;
}
