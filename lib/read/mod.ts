/**
 * Reading a printed model summary backwards: each row's layer and formula inferred, every
 * printed number checked against Keras's rules, and an honest account of what could not be
 * checked. Re-exports only.
 *
 * @module
 */

export { describeConfig } from "./config.ts";
export type { InferredLayer } from "./config.ts";
export { explainSummary } from "./explain.ts";
export { SummaryExplanation } from "./result.ts";
export type { DeclaredConfig, ExplainedRow, ExplainSummaryOptions, TotalsCheck } from "./result.ts";
