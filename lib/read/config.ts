/**
 * The configurations the summary reader infers for a printed row are in the library's one
 * format, {@linkcode LayerConfig}; this writes one as a reader would (`LSTM(5, returnSequences:
 * true)`, `TimeDistributed(Dense(650))`).
 *
 * @module
 */

import { describeValue } from "../errors.ts";
import { findKind, type LayerConfig } from "../layers/registry.ts";

/**
 * The configuration inferred for a row: the library's one format, defaults left out.
 *
 * @deprecated Use {@linkcode LayerConfig}, which it is.
 */
export type InferredLayer = LayerConfig;

/**
 * A configuration written the way a reader would: the class, Keras's positional argument bare,
 * then the other options that are given, a wrapped layer written the same way.
 *
 * @param config The configuration.
 * @returns The short form, e.g. `LSTM(5, returnSequences: true)`.
 *
 * @example
 * ```ts
 * import { describeConfig } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(
 *   describeConfig({ className: "TimeDistributed", layer: { className: "Dense", units: 650 } }),
 *   "TimeDistributed(Dense(650))",
 * );
 * assert.equal(describeConfig({ className: "Dropout" }), "Dropout");
 * ```
 */
export function describeConfig(config: LayerConfig): string {
  if (
    typeof config !== "object" || config === null ||
    typeof (config as { className?: unknown }).className !== "string"
  ) {
    throw new TypeError(
      `describeConfig expects its config as { className, ...options }, such as ` +
        `{ className: "LSTM", units: 5 }, received ${describeValue(config)}`,
    );
  }
  const kind = findKind(config.className);
  const keys = Object.keys(config).filter((key) => key !== "className");
  // The declaration's order: the positional argument first, as Keras's signature has it.
  const order = kind ? Object.keys(kind.options) : [];
  const rank = (key: string) =>
    key === kind?.positional ? -1 : order.includes(key) ? order.indexOf(key) : order.length;
  keys.sort((a, b) => rank(a) - rank(b));
  // A one-size list is written as its size (`kernelSize: 3`), as Keras takes it; a shape is not.
  const parts = keys.map((key) =>
    key === kind?.positional
      ? valueText(config[key], false)
      : `${key}: ${valueText(config[key], true)}`
  );
  return parts.length === 0 ? config.className : `${config.className}(${parts.join(", ")})`;
}

function valueText(value: unknown, collapse: boolean): string {
  if (Array.isArray(value)) {
    if (collapse && value.length === 1 && typeof value[0] === "number") return String(value[0]);
    return `[${value.map((v) => valueText(v, false)).join(", ")}]`;
  }
  if (
    typeof value === "object" && value !== null &&
    typeof (value as { className?: unknown }).className === "string"
  ) {
    return describeConfig(value as LayerConfig);
  }
  return JSON.stringify(value) ?? String(value);
}
