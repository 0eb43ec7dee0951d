/**
 * How a printed row of MultiHeadAttention or GroupedQueryAttention is read backwards. A table
 * prints the inputs' shapes (through `Connected to`), the output's and the count, never the
 * heads, the head sizes, a gate or an output projection's width. Those are solved from the
 * count, and what the count cannot tell apart is said as an assumption. Internal to
 * `lib/layers/`.
 *
 * @module
 */

import type { Shape } from "../shape.ts";
import type { LayerKind, PrintedRow, RowCandidate } from "./kind.ts";
import { choices, countOf, lastSize, solveOption } from "./reading.ts";
import { divisors, positiveSolutions } from "./_integers.ts";

/** The inputs a row is read on: those printed, or its output's shape for self-attention. */
interface AttentionInputs {
  /** The query's shape, then the value's (and the key's). */
  readonly given: readonly Shape[];
  /** Whether no row prints them, so self-attention shaped as the output is assumed. */
  readonly unprinted: boolean;
}

const UNPRINTED = "Its inputs are not printed: self-attention of a tensor shaped as its " +
  "output is assumed. ";

function attentionInputs(row: PrintedRow, atLeast: number): AttentionInputs | undefined {
  const unprinted = !row.inputs && !row.input;
  const one = row.input ?? row.out;
  const given = row.inputs ?? (one ? Array<Shape>(atLeast).fill(one) : null);
  if (!given || given.length > 3 || row.params === null) return undefined;
  return { given, unprinted };
}

/**
 * The `outputShape` option the printed output asks for: none when its last size is the
 * query's (Keras's default), the trailing sizes past the query's positions otherwise;
 * `undefined` when no `outputShape` gives it.
 */
function outputShapeOption(
  query: Shape,
  out: Shape | null,
): Readonly<Record<string, unknown>> | undefined {
  if (!out || out.length < query.length) return undefined;
  const tail = out.slice(query.length - 1);
  if (!tail.every((d): d is number => typeof d === "number")) return undefined;
  if (tail.length === 1 && tail[0] === lastSize(query)) return {};
  return { outputShape: tail.length === 1 ? tail[0] : tail };
}

/** The options a table does not print that change an attention layer's count. */
interface Variant {
  readonly config: Readonly<Record<string, unknown>>;
  readonly unusual: boolean;
  readonly said: string;
}

/**
 * Each variant of the options no table prints: a bias or none, a gate or none, and the output
 * width the printed output asks for. Keras's defaults (a bias, no gate) come first.
 */
function variants(
  row: PrintedRow,
  query: Shape,
  takesOutputShape: boolean,
): Variant[] {
  const shaped = outputShapeOption(query, row.out);
  if (shaped === undefined || shaped.outputShape !== undefined && !takesOutputShape) return [];
  const found: Variant[] = [];
  // Keras 2 (tf.keras) had no gate: its tables are read without one.
  const gates = row.printer === "keras3" ? [false, true] : [false];
  for (const useGate of choices<boolean>(row.declared.useGate, gates)) {
    for (const useBias of choices<boolean>(row.declared.useBias, [true, false])) {
      found.push({
        config: {
          ...shaped,
          ...(useBias ? {} : { useBias }),
          ...(useGate ? { useGate } : {}),
        },
        unusual: !useBias || useGate,
        said: [
          useBias ? "" : "no biases (useBias: false)",
          useGate ? "a gate projection (useGate), which the count needs" : "",
          shaped.outputShape !== undefined
            ? `outputShape ${JSON.stringify(shaped.outputShape)}, which the output needs`
            : "",
        ].filter(Boolean).join(", and "),
      });
    }
  }
  return found;
}

function withSaid(variant: Variant): string {
  return variant.said ? ` It has ${variant.said}.` : "";
}

/**
 * The candidates of a MultiHeadAttention row. With the value's head size the key's (Keras's
 * default), every projection is heads × key size wide, so the count tells that product and
 * nothing finer: one head is built, its key size solved from the count. When no such width
 * gives the count, the value's head size differs: the count is then affine in the two widths,
 * and the pair nearest equal is built (with how many pairs fit, said).
 *
 * @param kind MultiHeadAttention's kind.
 * @param row The printed row.
 * @returns The candidates.
 */
export function multiHeadAttentionCandidates(kind: LayerKind, row: PrintedRow): RowCandidate[] {
  const inputs = attentionInputs(row, 1);
  if (!inputs || row.params === null) return [];
  const { given, unprinted } = inputs;
  const params = row.params;
  const forms = variants(row, given[0], true);
  const equal = forms.flatMap((v): RowCandidate[] => {
    const config = { numHeads: 1, ...v.config };
    const width = solveOption(kind, config, "keyDim", given, params);
    if (width === undefined) return [];
    return [{
      config: { ...config, keyDim: width },
      input: given,
      unusual: v.unusual,
      assumption: (unprinted ? UNPRINTED : "") +
        `The count tells only numHeads × keyDim = ${width}: the query, key and value ` +
        `projections are each that wide, so 1 head of ${width} and ${
          width % 2 === 0 ? `2 heads of ${width / 2}` : `${width} heads of 1`
        } give the same count and shape; 1 head is shown.${withSaid(v)}`,
    }];
  });
  // Its inputs printed nowhere, any value (of any width) fits: self-attention alone is tried.
  if (equal.length > 0 || unprinted) return equal;
  return forms.flatMap((v): RowCandidate[] => {
    const at = (keyDim: number, valueDim: number) =>
      countOf(kind, { numHeads: 1, ...v.config, keyDim, valueDim }, given);
    const base = at(1, 1);
    const key = at(2, 1);
    const value = at(1, 2);
    if (base === undefined || key === undefined || value === undefined) return [];
    const perKey = key - base;
    const perValue = value - base;
    const pairs = positiveSolutions(perKey, perValue, params - base + perKey + perValue);
    if (!pairs) return [];
    const { x: keyDim, y: valueDim } = pairs.balanced;
    const others = pairs.count - 1;
    return [{
      config: { numHeads: 1, ...v.config, keyDim, valueDim },
      input: given,
      unusual: true,
      assumption: `No single head size gives this count, so the value's head size is not the ` +
        `key's (valueDim). The count tells only ${perKey} per unit of numHeads × keyDim and ` +
        `${perValue} per unit of numHeads × valueDim: 1 head with keyDim ${keyDim} and ` +
        `valueDim ${valueDim} is shown${
          others > 0 ? `, and ${others} other pair${others === 1 ? "" : "s"} give the same` : ""
        }.${withSaid(v)}`,
    }];
  });
}

/**
 * The candidates of a GroupedQueryAttention row. Its count is h·(u·A + B) + C for u query heads
 * a key/value head and key/value projections h wide (every split of the heads is one of these:
 * u = query heads ÷ key/value heads, h = key/value heads × head size), with A, B and C set by
 * the inputs and the variant (bias, gate), read from three builds. Each u whose u·A + B divides
 * the count less C fits, with h the quotient: the divisors of that number are every solution, so
 * with its inputs printed the reading is complete (a few are built per variant). When none fits,
 * Keras's defaults with the nearest head size are the one candidate, which the row then flags.
 *
 * @param kind GroupedQueryAttention's kind.
 * @param row The printed row.
 * @returns The candidates.
 */
export function groupedQueryAttentionCandidates(
  kind: LayerKind,
  row: PrintedRow,
): RowCandidate[] {
  const inputs = attentionInputs(row, 2);
  if (!inputs || inputs.given.length < 2 || row.params === null) return [];
  const { given, unprinted } = inputs;
  const params = row.params;
  // Keras's GroupedQueryAttention has no outputShape: its output keeps the query's width.
  const forms = variants(row, given[0], false);
  // Each variant's splits that give the count: u query heads a key/value head h wide.
  const splits = forms.map((v) => {
    const at = (u: number, h: number) =>
      countOf(kind, { numQueryHeads: u, numKeyValueHeads: 1, headDim: h, ...v.config }, given);
    const [one, twoHeads, twoWide] = [at(1, 1), at(2, 1), at(1, 2)];
    if (one === undefined || twoHeads === undefined || twoWide === undefined) return [];
    const a = twoHeads - one;
    const b = twoWide - one - a;
    const n = params - (one - a - b);
    if (a <= 0 || n <= 0) return [];
    const fits: { perGroup: number; headDim: number }[] = [];
    for (const d of divisors(n)) {
      if (d <= b || (d - b) % a !== 0) continue;
      const [perGroup, headDim] = [(d - b) / a, n / d];
      if (at(perGroup, headDim) === params) fits.push({ perGroup, headDim });
      if (fits.length === 4) break;
    }
    return fits;
  });
  const split = (u: number, h: number) =>
    `${u} query head${u === 1 ? "" : "s"} on 1 key/value head of ${h}`;
  const found = forms.flatMap((v, k): RowCandidate[] => {
    // The other options' splits that give the count too, said: the count does not tell them.
    const others = forms.flatMap((w, j) =>
      j === k || splits[j].length === 0
        ? []
        : [`${optionsOf(w)}, ${split(splits[j][0].perGroup, splits[j][0].headDim)}`]
    );
    return splits[k].map(({ perGroup, headDim }) => ({
      config: { numQueryHeads: perGroup, numKeyValueHeads: 1, headDim, ...v.config },
      input: given,
      unusual: v.unusual,
      assumption: (unprinted ? UNPRINTED : "") +
        `${others.length > 0 ? "With the options shown, the" : "The"} count tells the query ` +
        `projection's width (${perGroup * headDim}) and the key and value projections' ` +
        `(${headDim}), not how many heads share them: ${
          split(perGroup, headDim)
        } is shown; more heads of a smaller size give the ` +
        `same count.${withSaid(v)}${
          others.length > 0
            ? ` Other options the table does not print give it too: ${others.join("; ")}.`
            : ""
        }`,
    }));
  });
  if (found.length > 0 || unprinted || forms.length === 0) return found;
  // No split of the heads gives the count: Keras's defaults, the head size nearest, to flag.
  const config = { numQueryHeads: 1, numKeyValueHeads: 1, ...forms[0].config };
  const one = countOf(kind, { ...config, headDim: 1 }, given);
  const two = countOf(kind, { ...config, headDim: 2 }, given);
  if (one === undefined || two === undefined || two <= one) return [];
  const headDim = Math.max(1, Math.round((params - one) / (two - one)) + 1);
  return [{ config: { ...config, headDim }, input: given, unusual: false }];
}

/** A variant's options in a few words: `a gate (useGate) and no biases (useBias: false)`. */
function optionsOf(variant: Variant): string {
  const { useBias, useGate } = variant.config;
  const said = [
    useGate ? "a gate (useGate)" : "",
    useBias === false ? "no biases (useBias: false)" : "",
  ]
    .filter(Boolean).join(" and ");
  return said || "Keras's defaults (a bias, no gate)";
}
