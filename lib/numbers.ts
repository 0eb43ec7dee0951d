/**
 * Whole numbers written as people read them, with a comma every three digits, without loading
 * `Intl` for them: `toLocaleString` costs milliseconds the first time a process calls it, which a
 * module that formats at load would add to every `import`.
 *
 * @module
 */

const THOUSANDS = /\B(?=(\d{3})+(?!\d))/g;

/**
 * A number's decimal text with a comma every three digits of its integer part, as the regular
 * expression `\B(?=(\d{3})+(?!\d))` puts them (Python's `f"{n:,}"` for a whole number): a
 * non-negative safe integer, the common case, cut into threes by hand, anything else (a sign, a
 * fraction, an exponent) by the expression.
 *
 * @param n The number.
 * @returns `"59,910"` for 59910.
 *
 * @example
 * ```ts
 * import { groupThousands } from "./numbers.ts";
 * import assert from "assert";
 *
 * assert.equal(groupThousands(59910), "59,910");
 * assert.equal(groupThousands(491), "491");
 * assert.equal(groupThousands(-1234.5), "-1,234.5");
 * ```
 */
export function groupThousands(n: number): string {
  const text = String(n);
  // Fewer than four digits (most counts of a summary: 0, or a few hundred) need no comma.
  if (text.length < 4) return text;
  if (!Number.isSafeInteger(n) || n < 0) return text.replace(THOUSANDS, ",");
  const head = text.length % 3 || 3;
  let out = text.slice(0, head);
  for (let i = head; i < text.length; i += 3) out += "," + text.slice(i, i + 3);
  return out;
}

/**
 * A number with a comma every three digits, exactly as `n.toLocaleString("en-US")` writes it:
 * a safe integer by {@linkcode groupThousands}, anything else by `toLocaleString` itself.
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
  return Number.isSafeInteger(n) ? groupThousands(n) : n.toLocaleString("en-US");
}
