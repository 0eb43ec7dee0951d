// What the row readers of several families share: the order options are tried in, the output's
// last size, and the reading of a layer that keeps its input's shape and holds no weights.
// Internal to `lib/layers/`.

import type { Shape } from "../shape.ts";
import type { PrintedRow, RowCandidate, RowReading } from "./kind.ts";

/** The values to try for an option: the declared one alone, else the preferred ones in order. */
export function choices<T>(declared: unknown, preferred: readonly T[]): readonly T[] {
  return declared === undefined ? preferred : [declared as T];
}

/** The last size of a shape, when it is known. */
export function lastSize(shape: Shape | null | undefined): number | undefined {
  const last = shape?.at(-1);
  return typeof last === "number" ? last : undefined;
}

/** "an" before LSTM, "a" before GRU: the article as a class name is read aloud. */
export function article(word: string): string {
  return /^[AEFHILMNORSX]/.test(word) ? "an" : "a";
}

/** `3`, or `[3, 3]`: a list as Keras's arguments write it. */
export function listText(values: readonly number[]): string {
  return values.length === 1 ? String(values[0]) : `[${values.join(", ")}]`;
}

/**
 * A candidate built on the row's input, or, for a first layer, on the input the count gives:
 * `inputOf(size)` turns the solved input size into the input shape.
 */
export function onInputOrSolved(
  row: PrintedRow,
  config: Readonly<Record<string, unknown>>,
  className: string,
  inputOf: (size: number) => Shape,
  extra: Omit<RowCandidate, "config" | "input"> = {},
): RowCandidate[] {
  if (row.input) return [{ config, input: row.input, ...extra }];
  const size = row.inputSizeFor({ className, ...config });
  return size === undefined ? [] : [{ config, input: inputOf(size), ...extra }];
}

/**
 * How a layer without weights that keeps its input's shape (Dropout, an activation, noise) is
 * read: on the row's input, or its own output for a first layer. Options a row cannot tell (a
 * rate) get a stand-in value to build with and are left out of what is reported.
 *
 * @param standIn Values for the options a printed row cannot tell.
 * @returns The reading.
 */
export function keepsShape(standIn: Readonly<Record<string, unknown>> = {}): RowReading {
  const unread = Object.keys(standIn);
  return {
    candidates: (row) => [{
      config: standIn,
      input: row.input ?? row.out,
      ...(unread.length > 0 ? { unread } : {}),
    }],
    lastSizes: (input) => {
      const last = lastSize(input);
      return last === undefined ? [] : [last];
    },
  };
}
