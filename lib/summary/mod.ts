/**
 * Model summaries drawn exactly as Keras draws them: the Keras 3 box table, the classic Keras 2 /
 * tf.keras table, and an HTML table for Jupyter.
 *
 * @example Rendering one summary three ways
 * ```ts
 * import { renderHtml, renderKeras2, renderKeras3, Summary } from "./mod.ts";
 * import assert from "assert";
 *
 * const data = {
 *   modelName: "sequential",
 *   rows: [{ name: "lstm", className: "LSTM", outputShape: [null, 10], paramCount: 640 }],
 *   totalParams: 640,
 *   trainableParams: 640,
 *   nonTrainableParams: 0,
 * };
 * assert.ok(renderKeras2(data).includes("Total params: 640"));
 * assert.ok(renderKeras3(data).includes(" Total params: 640 (2.50 KB)"));
 * assert.ok(renderHtml(data).includes("lstm (LSTM)"));
 * assert.equal(String(new Summary(data)), renderKeras3(data));
 * ```
 *
 * @module
 */

export type { SummaryData, SummaryOptions, SummaryRow, SummaryStyle } from "./data.ts";
export type { TableOptions } from "./options.ts";
export { type Keras2Options, renderKeras2 } from "./keras2.ts";
export { formatKeras3Shape, renderKeras3 } from "./keras3.ts";
export { renderHtml } from "./html.ts";
export { JUPYTER_DISPLAY, Summary } from "./summary.ts";
