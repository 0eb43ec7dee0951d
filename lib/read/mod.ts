/**
 * Reading a printed model summary: the table parsed into rows and totals, and read backwards,
 * each row's layer and formula inferred, every printed number checked against Keras's rules, and
 * an honest account of what could not be checked. Re-exports only.
 *
 * @module
 */

export { parseSummaries, parseSummary } from "./parse.ts";
export { SummaryNestingError, SummaryParseError } from "./parse_errors.ts";
export { describeConfig } from "./config.ts";
export type { InferredLayer } from "./config.ts";
export { explainSummary } from "./explain.ts";
export { SummaryExplanation } from "./result.ts";
export type {
  DeclaredConfig,
  ExplainedRow,
  ExplainedSummary,
  ExplainSummaryOptions,
  ParsedRow,
  ParsedSummary,
  SummaryFormat,
  TotalsCheck,
} from "./rows.ts";
