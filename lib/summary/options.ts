/**
 * Options shared by the text renderers.
 *
 * @module
 */

import type { SummaryOptions } from "./data.ts";

/** Options for {@linkcode renderKeras2} and {@linkcode renderKeras3}: a summary's options less the style. */
export type TableOptions = Pick<
  SummaryOptions,
  "lineLength" | "positions" | "explain" | "consoleWidth" | "showTrainable"
>;
