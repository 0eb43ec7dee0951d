// The configurations that might have printed a row: what the kind's declaration says (its row
// reading), or, for a kind that declares none, generic guesses: its defaults, its first
// positional option read from the shapes, small kernels and strides. Internal to the reader.

import type { LayerKind, PrintedRow, RowCandidate } from "../layers/kind.ts";
import type { Shape } from "../shape.ts";
import { lastOf, singleShape } from "./_text.ts";

/** A configuration that might have printed a row; a layer of several inputs gets them all. */
export type Candidate = RowCandidate;

/** The candidates for a row, and whether they cover every configuration the kind could have. */
export interface Candidates {
  readonly candidates: readonly Candidate[];
  /** Whether the kind's own reading gave them: then a row none fits is flagged. */
  readonly complete: boolean;
}

/**
 * The candidates for a row of a kind.
 *
 * @param kind The row's kind.
 * @param row What the row shows.
 */
export function candidatesFor(kind: LayerKind, row: PrintedRow): Candidates {
  if (kind.read) return { candidates: kind.read.candidates(row), complete: true };
  const input = row.inputs ?? row.input;
  if (input === null) return { candidates: [], complete: false };
  const configs = configsToTry(kind, input, row.out);
  // Without bias only when nothing usual fits (MobileNet builds its convolutions so).
  const noBias = kind.options["useBias"] !== undefined && row.declared.useBias !== true
    ? configs.map((config) => ({ ...config, useBias: false }))
    : [];
  return {
    candidates: [
      ...configs.map((config) => ({ config, input })),
      ...noBias.map((config) => ({ config, input, unusual: true })),
    ],
    complete: false,
  };
}

const KERNEL_GUESSES = [3, 1, 2, 5, 7, 4] as const;

function configsToTry(
  kind: LayerKind,
  inputs: Shape | readonly Shape[],
  out: Shape | null,
): Record<string, unknown>[] {
  const input = singleShape(inputs) ?? (inputs as readonly Shape[])[0];
  const configs: Record<string, unknown>[] = [{}];
  const first: Record<string, unknown> = {};
  const derived = kind.positional !== undefined && input !== undefined
    ? fromShapes(kind.positional, input, out)
    : undefined;
  if (kind.positional !== undefined && derived !== undefined) {
    first[kind.positional] = derived;
    configs.push(first);
  }
  // A weight per feature shared over every position (PReLU over a sequence or an image).
  if (kind.options["sharedAxes"] !== undefined && input !== undefined && input.length > 2) {
    configs.push({ sharedAxes: input.slice(1, -1).map((_, i) => i + 1) });
  }
  // Each input channel's outputs (a depthwise convolution's multiplier): the output's channels
  // over the input's.
  const multiplier = kind.options["depthMultiplier"] !== undefined
    ? ratio(lastOf(out), lastOf(input ?? null))
    : undefined;
  const multiplied = multiplier !== undefined && multiplier > 1
    ? { depthMultiplier: multiplier }
    : undefined;
  const kernel = kind.options["kernelSize"];
  if (kernel !== undefined && input !== undefined) {
    const rank = Math.max(1, input.length - 2);
    for (const extra of [{}, ...(multiplied ? [multiplied] : [])]) {
      for (const k of KERNEL_GUESSES) {
        for (const strides of [1, 2]) {
          for (const padding of ["valid", "same"]) {
            configs.push({
              ...first,
              ...extra,
              kernelSize: new Array(rank).fill(k),
              ...(strides === 1 ? {} : { strides: new Array(rank).fill(strides) }),
              ...(padding === "valid" ? {} : { padding }),
            });
          }
        }
      }
    }
  }
  return configs;
}

/** `a / b` when it is a whole number. */
function ratio(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined || b === undefined || b === 0) return undefined;
  return Number.isInteger(a / b) ? a / b : undefined;
}

/**
 * A kind's first positional option, read from the shapes where its name says how: a count of
 * units or filters is the output's last size; a target shape is the output's; sizes, paddings,
 * croppings and permutations are what takes the input to the output.
 */
function fromShapes(option: string, input: Shape, out: Shape | null): unknown {
  if (!out) return undefined;
  const spatialIn = input.slice(1, -1);
  const spatialOut = out.slice(1, -1);
  const known = (dims: readonly (number | null)[]) => dims.every((d) => d !== null);
  switch (option) {
    case "units":
    case "filters":
      return lastOf(out);
    case "targetShape":
      return known(out.slice(1)) ? out.slice(1) : undefined;
    case "size": {
      if (!known(spatialIn) || !known(spatialOut) || spatialIn.length !== spatialOut.length) {
        return undefined;
      }
      const sizes = spatialOut.map((o, i) => o! / spatialIn[i]!);
      return sizes.every(Number.isInteger) ? sizes : undefined;
    }
    case "padding":
    case "cropping": {
      if (!known(spatialIn) || !known(spatialOut) || spatialIn.length !== spatialOut.length) {
        return undefined;
      }
      const sign = option === "padding" ? 1 : -1;
      const diffs = spatialOut.map((o, i) => sign * (o! - spatialIn[i]!));
      if (diffs.some((d) => d < 0)) return undefined;
      return diffs.map((d) => [Math.floor(d / 2), d - Math.floor(d / 2)]);
    }
    case "dims": {
      // The permutation (1-based, batch excluded) that takes the input's sizes to the output's.
      const rest = input.slice(1);
      const used = new Set<number>();
      const dims: number[] = [];
      for (const o of out.slice(1)) {
        const at = rest.findIndex((d, i) => d === o && !used.has(i));
        if (at < 0) return undefined;
        used.add(at);
        dims.push(at + 1);
      }
      return dims.length === rest.length ? dims : undefined;
    }
    default:
      return undefined;
  }
}
