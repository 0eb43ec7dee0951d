/**
 * A model summary that prints itself: as Keras's text table in a terminal, and as text plus HTML
 * in Jupyter.
 *
 * @module
 */

import { checkKeys, opt, optional, resolveOptions } from "../layers/options.ts";
import type { SummaryData, SummaryOptions } from "./data.ts";
import { renderHtml } from "./html.ts";
import { renderKeras2 } from "./keras2.ts";
import { renderKeras3 } from "./keras3.ts";

/**
 * The symbol Deno's Jupyter kernel looks up to display an object (`Deno.jupyter.$display`, which
 * is `Symbol.for("Jupyter.display")`). Typed as a unique symbol so `summary[JUPYTER_DISPLAY]()`
 * type-checks.
 *
 * @example
 * ```ts
 * import { JUPYTER_DISPLAY } from "./summary.ts";
 * import assert from "assert";
 *
 * assert.equal(JUPYTER_DISPLAY, Symbol.for("Jupyter.display"));
 * ```
 */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display");

/**
 * A model summary: its {@linkcode SummaryData} and how to draw it. `toString()` gives Keras's text
 * table, `console.log(summary)` prints it, and in a Jupyter notebook the summary displays as an
 * HTML table (with the text as the plain-text fallback).
 *
 * @example Printing and displaying a summary
 * ```ts
 * import { JUPYTER_DISPLAY, Summary } from "./summary.ts";
 * import assert from "assert";
 *
 * const summary = new Summary({
 *   modelName: "sequential",
 *   rows: [{ name: "lstm", className: "LSTM", outputShape: [null, 10], paramCount: 640 }],
 *   totalParams: 640,
 *   trainableParams: 640,
 *   nonTrainableParams: 0,
 * }, { style: "keras2" });
 * assert.ok(summary.toString().includes("lstm (LSTM)                  (None, 10)                640"));
 * assert.equal(Deno.inspect(summary), summary.toString());
 * const bundle = summary[JUPYTER_DISPLAY]();
 * assert.equal(bundle["text/plain"], summary.toString());
 * assert.ok(bundle["text/html"].startsWith("<table"));
 * ```
 */
export class Summary {
  /** What the summary says. */
  readonly data: SummaryData;
  /** How the text is drawn. */
  readonly options: SummaryOptions;

  /**
   * Creates a summary.
   *
   * @param data What the summary says.
   * @param options Style (default `"keras3"`), line length, positions and formulas.
   */
  constructor(data: SummaryData, options: SummaryOptions = {}) {
    this.data = data;
    this.options = checkSummaryOptions(options);
  }

  /**
   * Draws the text table in the chosen style.
   *
   * @returns Keras 3's box table by default, or the Keras 2 table with `style: "keras2"`.
   *
   * @example The default style is Keras 3
   * ```ts
   * import { Summary } from "./summary.ts";
   * import assert from "assert";
   *
   * const summary = new Summary({
   *   modelName: "sequential",
   *   rows: [],
   *   totalParams: 0,
   *   trainableParams: 0,
   *   nonTrainableParams: 0,
   * });
   * assert.ok(summary.toString().includes("┃ Layer (type)"));
   * ```
   */
  toString(): string {
    const { style = "keras3", ...table } = this.options;
    return style === "keras2" ? renderKeras2(this.data, table) : renderKeras3(this.data, table);
  }

  /**
   * Draws the summary as an HTML table.
   *
   * @returns A `<table>` element; see {@linkcode renderHtml}.
   *
   * @example
   * ```ts
   * import { Summary } from "./summary.ts";
   * import assert from "assert";
   *
   * const summary = new Summary({
   *   modelName: "m",
   *   rows: [],
   *   totalParams: 0,
   *   trainableParams: 0,
   *   nonTrainableParams: 0,
   * });
   * assert.ok(summary.toHtml().includes('Model: "m"'));
   * ```
   */
  toHtml(): string {
    return renderHtml(this.data, { explain: this.options.explain });
  }

  /**
   * The summary's data, for `JSON.stringify`.
   *
   * @returns The {@linkcode SummaryData}.
   *
   * @example
   * ```ts
   * import { Summary } from "./summary.ts";
   * import assert from "assert";
   *
   * const data = {
   *   modelName: "m",
   *   rows: [],
   *   totalParams: 0,
   *   trainableParams: 0,
   *   nonTrainableParams: 0,
   * };
   * assert.deepEqual(JSON.parse(JSON.stringify(new Summary(data))), data);
   * ```
   */
  toJSON(): SummaryData {
    return this.data;
  }

  /**
   * Lets `console.log(summary)` print the table rather than the object.
   *
   * @returns The same text as {@linkcode Summary.prototype.toString}.
   */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }

  /**
   * What the Deno Jupyter kernel displays for this object.
   *
   * @returns The text table and the HTML table.
   */
  [JUPYTER_DISPLAY](): { "text/plain": string; "text/html": string } {
    return { "text/plain": this.toString(), "text/html": this.toHtml() };
  }
}

const SUMMARY_OPTIONS = {
  style: opt.oneOf(["keras3", "keras2"] as const, "keras3"),
  lineLength: optional(opt.int()),
  positions: optional(opt.custom<readonly number[]>(
    "a list of numbers",
    (v) => Array.isArray(v) && v.every((p) => typeof p === "number" && Number.isFinite(p)),
  )),
  explain: opt.bool(false),
  compute: opt.bool(false),
  consoleWidth: optional(opt.int()),
  expandNested: opt.bool(false),
  showTrainable: opt.bool(false),
  layerRange: optional(opt.custom<readonly string[]>(
    "two layer names",
    (v) => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === "string"),
  )),
};

/**
 * Checks a summary's options as a layer's are checked: an unknown key (Keras's `line_length`,
 * a typo) or an unknown style is a TypeError that names it.
 *
 * @param options The options given.
 * @returns The same options.
 * @throws {TypeError} When a key or a value is not one the summary takes.
 * @throws {RangeError} When the line length is not a positive integer.
 *
 * @example
 * ```ts
 * import { checkSummaryOptions } from "./summary.ts";
 * import assert from "assert";
 *
 * assert.throws(() => checkSummaryOptions({ style: "keras4" } as never), /did you mean "keras3"/);
 * assert.throws(
 *   () => checkSummaryOptions({ line_length: 88 } as never),
 *   /Keras's Python name; here it is lineLength/,
 * );
 * ```
 */
export function checkSummaryOptions(options: SummaryOptions): SummaryOptions {
  checkKeys("summary", SUMMARY_OPTIONS, options, []);
  resolveOptions("summary", SUMMARY_OPTIONS, options as Record<string, unknown>);
  return options;
}
