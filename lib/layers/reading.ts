// What the row readers of several families share: the order options are tried in, the output's
// last size, and the reading of a layer that keeps its input's shape and holds no weights.
// Internal to `lib/layers/`.

import type { Shape } from "../shape.ts";
import type { LayerKind, PrintedRow, RowCandidate, RowReading } from "./kind.ts";

/** The values to try for an option: the declared one alone, else the preferred ones in order. */
export function choices<T>(declared: unknown, preferred: readonly T[]): readonly T[] {
  return declared === undefined ? preferred : [declared as T];
}

/** The last size of a shape, when it is known. */
export function lastSize(shape: Shape | null | undefined): number | undefined {
  const last = shape?.at(-1);
  return typeof last === "number" ? last : undefined;
}

/**
 * The article before a class name as it is read aloud: "an LSTM" (el-es-tee-em), "a GRU",
 * "an Embedding", "a Dense", "a SimpleRNN".
 */
export function article(word: string): string {
  const acronym = /^[A-Z]{2}/.test(word);
  return (acronym ? /^[AEFHILMNORSX]/ : /^[AEIOU]/).test(word) ? "an" : "a";
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
  _className: string,
  inputOf: (size: number) => Shape,
  extra: Omit<RowCandidate, "config" | "input"> = {},
): RowCandidate[] {
  if (row.input) return [{ config, input: row.input, ...extra }];
  return [{
    config,
    input: null,
    ...extra,
    sized: (size) => ({ config, input: inputOf(size), ...extra }),
  }];
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

/**
 * The value of a whole-number option at which a configuration has a count, when the count is
 * affine in it (a feed-forward width, a vocabulary): the layer is built with 1 and 2, and the
 * value those two counts give is built once more and checked. Counting never allocates weights,
 * so this costs three builds.
 *
 * @param kind The layer's kind.
 * @param config The other options.
 * @param option The option sought, e.g. `"intermediateDim"`.
 * @param input The input, or each input's shape.
 * @param params The printed count.
 * @returns The value, or `undefined` when none gives the count.
 */
export function solveOption(
  kind: LayerKind,
  config: Readonly<Record<string, unknown>>,
  option: string,
  input: Shape | readonly Shape[],
  params: number,
): number | undefined {
  const count = (value: number): number | undefined => {
    try {
      const layer = kind.create({ ...config, [option]: value });
      if (Array.isArray(input[0])) layer.buildFor(input as readonly Shape[]);
      else layer.build(input as Shape);
      return layer.paramCount();
    } catch (error) {
      if (error instanceof TypeError || error instanceof RangeError) return undefined;
      throw error;
    }
  };
  const one = count(1);
  const two = count(2);
  if (one === undefined || two === undefined || two <= one) return undefined;
  const value = (params - one) / (two - one) + 1;
  if (!Number.isSafeInteger(value) || value < 1) return undefined;
  return count(value) === params ? value : undefined;
}
