/**
 * Keras's rules for `line_length` and `positions`.
 *
 * @module
 */

/**
 * Turns Keras's `positions` into absolute column end positions. As in Keras, positions whose last
 * value is at most 1 are fractions of `lineLength` (each truncated to an integer, as Python's
 * `int(line_length * p)`); otherwise they are already columns.
 *
 * @param positions Fractions of the line, or absolute columns, one per column.
 * @param lineLength The total line length.
 * @param columns How many columns the table has.
 * @returns The end column of each field.
 * @throws {RangeError} When there is not one position per column, or they are negative or
 * decreasing.
 *
 * @example Keras 2's default positions at 65 columns
 * ```ts
 * import { absolutePositions } from "./_positions.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(absolutePositions([0.45, 0.85, 1], 65, 3), [29, 55, 65]);
 * assert.deepEqual(absolutePositions([30, 60, 70], 65, 3), [30, 60, 70]);
 * ```
 */
export function absolutePositions(
  positions: readonly number[],
  lineLength: number,
  columns: number,
): number[] {
  checkPositionCount(positions, columns);
  const absolute = positions[positions.length - 1] <= 1
    ? positions.map((p) => Math.trunc(lineLength * p))
    : [...positions];
  absolute.forEach((p, i) => {
    if (!Number.isFinite(p) || p < 0 || (i > 0 && p < absolute[i - 1])) {
      throw new RangeError(
        `Positions must be non-negative and increasing, received [${positions.join(", ")}]`,
      );
    }
  });
  return absolute;
}

/**
 * Checks that `positions` has one entry per column, as both summary styles require.
 *
 * @param positions Fractions of the line, or absolute columns.
 * @param columns How many columns the table has.
 * @throws {RangeError} When there is not one position per column.
 *
 * @example
 * ```ts
 * import { checkPositionCount } from "./_positions.ts";
 * import assert from "assert";
 *
 * assert.throws(() => checkPositionCount([0.5, 1], 3), /Positions must have 3 entries/);
 * ```
 */
export function checkPositionCount(positions: readonly number[], columns: number): void {
  if (positions.length !== columns) {
    throw new RangeError(
      `Positions must have ${columns} entries, one per column, received [${positions.join(", ")}]`,
    );
  }
}

/**
 * Checks a line length option.
 *
 * @param lineLength The requested line length.
 * @returns The same value.
 * @throws {RangeError} When it is not a positive integer.
 *
 * @example
 * ```ts
 * import { checkLineLength } from "./_positions.ts";
 * import assert from "assert";
 *
 * assert.equal(checkLineLength(65), 65);
 * assert.throws(() => checkLineLength(0), RangeError);
 * ```
 */
export function checkLineLength(lineLength: number): number {
  if (!Number.isInteger(lineLength) || lineLength <= 0) {
    throw new RangeError(`Line length must be a positive integer, received ${lineLength}`);
  }
  return lineLength;
}
