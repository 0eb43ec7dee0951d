/**
 * Every count an EinsumDense may have between a printed input and output, for a row whose
 * count is cut short and whose equation is never printed.
 *
 * Keras 3 (`keras/src/layers/core/einsum_dense.py`, `_analyze_split_string`) gives each kernel
 * letter the size of the output's axis when the output has that letter (the output shape the
 * layer was given, which is what the table prints), and otherwise the input's. An output
 * letter is either the input's (then its printed size is `None` or the input's) or the
 * kernel's. The bias has one size per bias letter, each an output axis. LoRA adds, per rank,
 * the kernel's size without its last axis plus that last axis's size.
 *
 * So, with one letter per axis, a kernel's size is the product of any of the input's known
 * sizes, times the output's known sizes that no input axis could share (those must be kernel
 * letters), times any of the output's other known sizes. Forms list more than the true ones
 * where the letters are not known; the true count is always among them.
 *
 * @module
 */

import type { Shape } from "../shape.ts";
import type { CountForm } from "./declaration.ts";

/** More optional sizes than this give no forms: the kernels would be too many to tell apart. */
const MOST_OPTIONAL = 12;
/** More forms than this give none (`undefined`): a cut count among them tells little. */
const MOST_FORMS = 4096;

/**
 * The count forms of an EinsumDense from `input` to `out`, or `undefined` when a shape is not
 * known or the forms are too many. `lora`: a Keras 3 table, where LoRA of any rank may be on;
 * `bound` is the most the row may hold.
 */
export function einsumCountForms(
  input: Shape | null,
  out: Shape | null,
  lora: boolean,
  bound: number,
): CountForm[] | undefined {
  if (!input || !out || out.length < 1) return undefined;
  const known = (d: unknown): d is number => typeof d === "number";
  // The input's known sizes may each be a kernel letter (a known batch size too).
  const optional: number[] = input.filter(known);
  const forced: number[] = [];
  const outputSizes: number[] = [];
  for (const d of out.slice(1)) {
    if (!known(d)) continue; // an axis of the input's (an unknown size is never the kernel's)
    outputSizes.push(d);
    // Keras refuses an output letter shared with an input axis of another size.
    if (input.some((i) => i === d)) optional.push(d);
    else forced.push(d);
  }
  if (optional.length > MOST_OPTIONAL || outputSizes.length > MOST_OPTIONAL) return undefined;
  const biases = new Set<number>([0]);
  for (const b of subsetsOf(unnamed(outputSizes))) if (b.items.length > 0) biases.add(b.product);
  const forms = new Map<string, CountForm>();
  const base = forced.reduce((a, b) => a * b, 1);
  for (const chosen of subsetsOf(unnamed(optional))) {
    const sizes = [...forced, ...chosen.items.map(([, d]) => d)];
    if (sizes.length === 0) continue; // Keras's equation has at least one kernel letter
    const kernel = base * chosen.product;
    if (!Number.isSafeInteger(kernel) || kernel > bound) continue;
    // LoRA's two factors: the kernel's size without its last axis, then that axis's size.
    const perRank = lora ? new Set(sizes.map((last) => kernel / last + last)) : new Set([0]);
    for (const bias of biases) {
      if (kernel + bias > bound) continue;
      for (const plus of perRank) {
        const most = plus > 0 ? Math.floor((bound - kernel - bias) / plus) : 0;
        const form: CountForm = most >= 1
          ? { per: kernel, plus: bias, n: [1], ranks: { most, per: 0, plus } }
          : { per: kernel, plus: bias, n: [1] };
        forms.set(`${kernel} ${bias} ${most >= 1 ? plus : 0}`, form);
        if (forms.size > MOST_FORMS) return undefined;
      }
    }
  }
  return [...forms.values()];
}

/** Sizes as the items of {@linkcode subsetsOf}, without letters (forms need none). */
function unnamed(sizes: readonly number[]): (readonly [string, number])[] {
  return sizes.map((d) => ["", d] as const);
}

/** An EinsumDense configuration read off printed shapes and a count. */
export interface EinsumGuess {
  readonly equation: string;
  readonly outputShape: readonly (number | null)[];
  readonly biasAxes: string | null;
  /** Keras 3's LoRA rank, when the count needs it. */
  readonly loraRank?: number;
}

/**
 * More kernels and biases than this are not tried, for one row: the search stays a few
 * milliseconds whatever the ranks (a row of six axes of one size has thousands of assignments).
 */
const MOST_TRIED = 20_000;

/**
 * EinsumDense configurations from `input` to `out` whose count is exactly `params` (at most
 * `most` of them), each a real equation with one letter per axis: every output axis either the
 * input's (of its size, or of a size the output leaves `None`) or a kernel letter; any of the
 * input's known axes in the kernel; a bias on any of the output's known axes; and, when `lora`,
 * the LoRA rank the rest of the count needs. Empty when none is found among the first
 * {@linkcode MOST_TRIED} kernels and biases tried.
 */
export function einsumGuesses(
  input: Shape,
  out: Shape,
  params: number,
  lora: boolean,
  most = 8,
): EinsumGuess[] {
  // Plain equations first: LoRA is the rarer reading of a count, tried for what none gives.
  const plain = searchEquations(input, out, params, false, most);
  if (!lora || plain.length >= most) return plain;
  const withLora = searchEquations(input, out, params, true, most)
    .filter((guess) => guess.loraRank !== undefined);
  return [...plain, ...withLora].slice(0, most);
}

/** {@linkcode einsumGuesses}'s search, LoRA's ranks found beside plain equations when `lora`. */
function searchEquations(
  input: Shape,
  out: Shape,
  params: number,
  lora: boolean,
  most: number,
): EinsumGuess[] {
  const r = input.length;
  const s = out.length;
  if (r < 1 || r > 6 || s < 2 || s > 6 || !(params >= 1)) return [];
  const known = (d: unknown): d is number => typeof d === "number";
  const inLetters = "abcdef".slice(0, r);
  const newLetters = "nopqrs";
  const found: EinsumGuess[] = [];
  let tried = 0;
  // Each output axis after the batch: the input axis it shares (an index), or -1 (the kernel's).
  const shared: number[] = [];
  const assign = (j: number): void => {
    if (found.length >= most || tried > MOST_TRIED) return;
    if (j < s) {
      const d = out[j];
      for (let i = 1; i < r; i++) {
        if (shared.includes(i) || !(d === null || input[i] === d)) continue;
        shared.push(i);
        assign(j + 1);
        shared.pop();
      }
      if (known(d)) {
        shared.push(-1);
        assign(j + 1);
        shared.pop();
      }
      return;
    }
    const outSpec = "a" + shared.map((i, k) => (i < 0 ? newLetters[k] : inLetters[i])).join("");
    const forced = shared.flatMap((i, k) => (i < 0 ? [[newLetters[k], out[k + 1] as number]] : []));
    // An input axis shared with an output axis printed None has no size for the kernel.
    const optional = [...inLetters].flatMap((letter, i) => {
      const at = shared.indexOf(i);
      const size = at >= 0 ? out[at + 1] : input[i];
      return known(size) ? [[letter, size]] : [];
    }) as [string, number][];
    const biasable = [...outSpec].flatMap((letter, j) =>
      j > 0 && known(out[j]) ? [[letter, out[j] as number]] : []
    ) as [string, number][];
    // Each bias (a set of output letters) with its size, once per assignment.
    const biases = subsetsOf(biasable);
    const outputShape = out.slice(1).map((d) => (known(d) ? d : null));
    const base = forced.reduce((a, [, d]) => a * (d as number), 1);
    for (const chosen of subsetsOf(optional)) {
      const kernel = [...chosen.items, ...(forced as [string, number][])];
      if (kernel.length === 0) continue;
      const size = base * chosen.product;
      if (size > params) continue;
      for (const bias of biases) {
        if (++tried > MOST_TRIED) return;
        const rest = params - size - (bias.items.length === 0 ? 0 : bias.product);
        if (rest < 0) continue;
        const lasts = rest === 0 ? [kernel.length - 1] : lora ? kernel.map((_, i) => i) : [];
        for (const last of lasts) {
          const per = size / kernel[last][1] + kernel[last][1];
          if (rest > 0 && rest % per !== 0) continue;
          const order = [...kernel.filter((_, i) => i !== last), kernel[last]];
          found.push({
            equation: `${inLetters},${order.map(([l]) => l).join("")}->${outSpec}`,
            outputShape,
            biasAxes: bias.items.length === 0 ? null : bias.items.map(([l]) => l).join(""),
            ...(rest > 0 ? { loraRank: rest / per } : {}),
          });
          if (found.length >= most) return;
        }
      }
    }
  };
  assign(1);
  return found;
}

/** Every subset of `items` (letter and size) with the product of its sizes, the empty one first. */
function subsetsOf(
  items: readonly (readonly [string, number])[],
): { items: (readonly [string, number])[]; product: number }[] {
  const subsets: { items: (readonly [string, number])[]; product: number }[] = [
    { items: [], product: 1 },
  ];
  for (const item of items) {
    const count = subsets.length;
    for (let i = 0; i < count; i++) {
      subsets.push({ items: [...subsets[i].items, item], product: subsets[i].product * item[1] });
    }
  }
  return subsets;
}
