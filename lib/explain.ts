/**
 * Moved to `explain/mod.ts`; this path keeps working for the modules that still import it.
 *
 * @module
 */

export * from "./explain/mod.ts";
