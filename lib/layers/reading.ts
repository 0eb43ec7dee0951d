// What the row readers of several families share: the order options are tried in, the output's
// last size, and the reading of a layer that keeps its input's shape and holds no weights.
// Internal to `lib/layers/`.

import type { Shape } from "../shape.ts";
import type { CountForm, LayerKind, PrintedRow, RowCandidate, RowReading } from "./kind.ts";

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
 * Every count a layer may have whose weights are `per` values for each of an input size n that
 * the row does not tell (a Dense's units per input feature, an Embedding's vector per token id),
 * plus one of `plus` (a bias, or none), as count forms `per × n + plus`; in a Keras 3 table also
 * with LoRA of every rank r that fits under `bound`: the factors add r × n + r × per, so the form
 * is `(per + r) × n + plus + r × per` (the forms' `ranks`). More than the true counts, never
 * fewer; `undefined` when `per` is not known.
 *
 * @param per The values each unit of the unknown size adds (the output's last size).
 * @param plus What the count may have besides, each a form (a Dense's bias: `[per, 0]`).
 * @param lora Whether the table is Keras 3's, whose kinds with LoRA may have it.
 * @param bound The most the count may be (the printed total).
 * @returns The forms, or `undefined`.
 *
 * @example A Dense of 6 units on features the row does not tell, under a total of 100
 * ```ts
 * import { perInputCountForms } from "./reading.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(perInputCountForms(6, [6, 0], false, 100), [
 *   { per: 6, plus: 6 },
 *   { per: 6, plus: 0 },
 * ]);
 * // With LoRA, ranks 1 to 14 (each adds at least 7 under 100): rank r is (6 + r) × n + 6 + 6r.
 * assert.deepEqual(perInputCountForms(6, [6, 0], true, 100), [
 *   { per: 6, plus: 6, ranks: { most: 14, per: 1, plus: 6 } },
 *   { per: 6, plus: 0, ranks: { most: 14, per: 1, plus: 6 } },
 * ]);
 * ```
 */
export function perInputCountForms(
  per: number | undefined,
  plus: readonly number[],
  lora: boolean,
  bound: number,
): CountForm[] | undefined {
  if (per === undefined || !(per > 0) || !Number.isSafeInteger(bound)) return undefined;
  const forms: CountForm[] = plus.map((p) => ({ per, plus: p }));
  if (!lora) return forms;
  // Rank r adds at least r × (1 + per): no rank past bound / (1 + per) fits.
  const most = Math.floor(bound / (1 + per));
  return forms.map((form) => ({ ...form, ranks: { most, per: 1, plus: per } }));
}

/** Counts past this are not searched: the output's last size is then not told. */
const MOST_PROJECTION_COUNT = 1e14;

/**
 * The output sizes a projection of the last axis (a Dense, an EinsumDense projecting it) may have
 * on `input` with `params` parameters: u units on n inputs count (n + 1) × u with a bias and
 * n × u without, and with Keras 3's LoRA of rank r, r × (n + u) more. Every rank is tried: with
 * d = n + bias + r, the count is d × u + r × n, so d divides count + n × (n + bias). A size only
 * LoRA gives cannot be built where the shape is completed, so then no size is named.
 *
 * @param input The layer's input.
 * @param params Its count, when known.
 * @param lora Whether the table is Keras 3's, whose kinds with LoRA may have it.
 * @returns The sizes without LoRA; none when the input's last size or the count is not known,
 * the count is too large to search, or LoRA gives another size.
 *
 * @example
 * ```ts
 * import { projectionSizes } from "./reading.ts";
 * import assert from "assert";
 *
 * // 995,762 on 2 inputs: 497,881 units without a bias, or 124,469 with one and LoRA of rank 5.
 * assert.deepEqual(projectionSizes([null, 2], 995_762, false), [497_881]);
 * assert.deepEqual(projectionSizes([null, 2], 995_762, true), []);
 * // 2 on 1 input: 1 unit with a bias, or 2 without; no rank of LoRA gives 2.
 * assert.deepEqual(projectionSizes([null, 1], 2, true), [1, 2]);
 * ```
 */
export function projectionSizes(
  input: Shape,
  params: number | null,
  lora: boolean,
): readonly number[] {
  const n = lastSize(input);
  if (n === undefined || params === null || params > MOST_PROJECTION_COUNT) return [];
  const plain = [n + 1, n].filter((per) => params % per === 0).map((per) => params / per);
  if (!lora) return plain;
  for (const bias of [1, 0]) {
    const whole = params + n * (n + bias);
    for (let i = 1; i * i <= whole; i++) {
      if (whole % i !== 0) continue;
      for (const d of [i, whole / i]) {
        const rank = d - n - bias;
        const rest = params - rank * n; // d × units
        // A size only LoRA gives: the row's shape is not told by its count.
        if (rank > 0 && rest >= d && !plain.includes(rest / d)) return [];
      }
    }
  }
  return plain;
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
 * The count of a configuration of a kind built on an input, or `undefined` when Keras would
 * refuse the configuration on it (a typed error of the library's). Counting never allocates
 * weights, so a reader may call this as often as it tries configurations.
 *
 * @param kind The layer's kind.
 * @param config The options.
 * @param input The input, or each input's shape.
 * @returns The count, or `undefined`.
 */
export function countOf(
  kind: LayerKind,
  config: Readonly<Record<string, unknown>>,
  input: Shape | readonly Shape[],
): number | undefined {
  try {
    const layer = kind.create(config);
    if (Array.isArray(input[0])) layer.buildFor(input as readonly Shape[]);
    else layer.build(input as Shape);
    return layer.paramCount();
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) return undefined;
    throw error;
  }
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
  const count = (value: number) => countOf(kind, { ...config, [option]: value }, input);
  const one = count(1);
  const two = count(2);
  if (one === undefined || two === undefined || two <= one) return undefined;
  const value = (params - one) / (two - one) + 1;
  if (!Number.isSafeInteger(value) || value < 1) return undefined;
  return count(value) === params ? value : undefined;
}
