/**
 * Number formatting as Python prints it inside Keras's summaries.
 *
 * @module
 */

import { groupThousands } from "../numbers.ts";

/**
 * Formats a count with comma thousands separators, as Python's `f"{n:,}"` does.
 *
 * @param count A non-negative integer.
 * @returns The count with a comma every three digits.
 *
 * @example Formatting Keras's totals
 * ```ts
 * import { formatCount } from "./_format.ts";
 * import assert from "assert";
 *
 * assert.equal(formatCount(59910), "59,910");
 * assert.equal(formatCount(491), "491");
 * ```
 */
export function formatCount(count: number): string {
  return groupThousands(count);
}

/**
 * Rounds to the nearest integer with ties to even, as Python's `round()` does.
 *
 * @param x Any finite number.
 * @returns The nearest integer; a value exactly halfway goes to the even neighbour.
 *
 * @example Banker's rounding
 * ```ts
 * import { pythonRound } from "./_format.ts";
 * import assert from "assert";
 *
 * assert.equal(pythonRound(3.5), 4);
 * assert.equal(pythonRound(2.5), 2);
 * assert.equal(pythonRound(3.3333), 3);
 * ```
 */
export function pythonRound(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff < 0.5) return floor;
  if (diff > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * Formats a number with two decimals as Python's `"{:.2f}".format(x)` does: the exact binary
 * value is rounded, and an exact tie goes to the even digit (JavaScript's `toFixed` rounds ties
 * up, so `1.125` would print `1.13` instead of Python's `1.12`).
 *
 * @param x A non-negative finite number.
 * @returns `x` with exactly two digits after the point.
 *
 * @example Ties go to even
 * ```ts
 * import { formatFixed2 } from "./_format.ts";
 * import assert from "assert";
 *
 * assert.equal(formatFixed2(1.125), "1.12");
 * assert.equal(formatFixed2(1.375), "1.38");
 * assert.equal(formatFixed2(1.91796875), "1.92");
 * ```
 */
export function formatFixed2(x: number): string {
  // Only an exact tie needs the long way. A binary fraction whose digits after the second
  // decimal are exactly 5 is an odd number of eighths (x·1000 ends in 5, so x·200 is odd, and a
  // double's denominator is a power of two); anything else toFixed rounds as Python does.
  const eighths = x * 8;
  if (!Number.isInteger(eighths) || eighths % 2 === 0) return x.toFixed(2);
  // toFixed(60) is exact for the values we format (their binary fraction has at most 52 bits).
  const exact = x.toFixed(60);
  const point = exact.indexOf(".");
  const rest = exact.slice(point + 3);
  if (rest[0] === "5" && /^0*$/.test(rest.slice(1))) {
    const hundredths = BigInt(exact.slice(0, point) + exact.slice(point + 1, point + 3));
    const rounded = hundredths % 2n === 0n ? hundredths : hundredths + 1n;
    const digits = rounded.toString().padStart(3, "0");
    return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
  }
  return x.toFixed(2);
}

const MEMORY_UNITS = ["B", "KB", "MB", "GB", "TB", "PB"] as const;

/**
 * Formats a size in bytes the way Keras 3's `readable_memory_size` does: divide by 1024 while
 * the value is at least 1024, then print two decimals and the unit (`B`, `KB`, `MB`, `GB`, `TB`,
 * `PB`).
 *
 * @param bytes The size in bytes.
 * @returns For example `"1.92 KB"` for 1,964 bytes, `"0.00 B"` for 0.
 *
 * @example Keras 3's memory column
 * ```ts
 * import { readableMemorySize } from "./_format.ts";
 * import assert from "assert";
 *
 * assert.equal(readableMemorySize(491 * 4), "1.92 KB");
 * assert.equal(readableMemorySize(0), "0.00 B");
 * assert.equal(readableMemorySize(602116 * 4), "2.30 MB");
 * ```
 */
export function readableMemorySize(bytes: number): string {
  let size = bytes;
  for (const unit of MEMORY_UNITS) {
    if (size / 1024 < 1) return `${formatFixed2(size)} ${unit}`;
    size /= 1024;
  }
  return `${formatFixed2(size)} ${MEMORY_UNITS[MEMORY_UNITS.length - 1]}`;
}
