/**
 * Whole numbers written as people read them, with a comma every three digits, without loading
 * `Intl` for them: `toLocaleString` costs milliseconds the first time a process calls it, which a
 * module that formats at load would add to every `import`.
 *
 * @module
 */

const THOUSANDS = /\B(?=(\d{3})+(?!\d))/g;

/**
 * A number with a comma every three digits, exactly as `n.toLocaleString("en-US")` writes it:
 * a safe integer by a regular expression, anything else by `toLocaleString` itself.
 *
 * @param n The number.
 * @returns `"8,030,261,248"` for 8030261248.
 *
 * @example
 * ```ts
 * import { thousands } from "./numbers.ts";
 * import assert from "assert";
 *
 * assert.equal(thousands(8_030_261_248), "8,030,261,248");
 * assert.equal(thousands(-1234), (-1234).toLocaleString("en-US"));
 * assert.equal(thousands(0.125), (0.125).toLocaleString("en-US"));
 * ```
 */
export function thousands(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString("en-US");
  const text = String(n);
  return text.length < 4 ? text : text.replace(THOUSANDS, ",");
}
