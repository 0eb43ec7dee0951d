// The configurations that might have printed a row: what the kind's declaration says (its row
// reading), or, for a kind that declares none, generic guesses: its defaults, its first
// positional option read from the shapes, small kernels and strides. Internal to the reader.

import type { LayerKind, PrintedRow, RowCandidate } from "../layers/kind.ts";
import { findKind, layerFromConfig } from "../layers/registry.ts";
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
  if (kind.read) {
    const steps = kind.className === "TimeDistributed" ? genericStepCandidates(row) : [];
    return { candidates: [...kind.read.candidates(row), ...steps], complete: true };
  }
  // Dot-product and additive attention output the query's steps and the value's features and
  // learn scalars, or one scale per query feature: with their inputs not printed (a nested
  // model's rows without `Connected to`), a query and value shaped as the output stand in,
  // which the assumption says.
  const unprinted = row.inputs === null && row.input === null && row.out !== null &&
    SCALAR_ATTENTION.includes(kind.className);
  const input = row.inputs ?? row.input ?? (unprinted ? [row.out!, row.out!] : null);
  if (input === null) return { candidates: [], complete: false };
  const assumption = !unprinted
    ? undefined
    : kind.className === "Attention"
    ? `Its inputs are not printed; its count (0, 1 or 2 scalars) does not depend on them: a ` +
      `query and value shaped as its output stand in.`
    : `Its inputs are not printed: a query and value shaped as its output are assumed (its ` +
      `scale has one weight per query feature).`;
  const configs = configsToTry(kind, input, row.out);
  // Without bias only when nothing usual fits (MobileNet builds its convolutions so).
  const noBias = kind.options["useBias"] !== undefined && row.declared.useBias !== true
    ? configs.map((config) => ({ ...config, useBias: false }))
    : [];
  return {
    candidates: [
      ...configs.map((config) => ({ config, input, ...(assumption ? { assumption } : {}) })),
      ...noBias.map((config) => ({ config, input, unusual: true })),
    ],
    complete: false,
  };
}

/** Kinds without a row reading a TimeDistributed may apply to each step, by the step's rank (a
 * Permute of its axes whatever the rank). */
const GENERIC_STEP_CLASSES = (rank: number): string[] =>
  ["ZeroPadding", "Cropping", "UpSampling"].map((c) => `${c}${rank}D`)
    .concat(`Conv${rank}DTranspose`, "Permute");

/** Weightless kinds that change a step's rank: a global pooling of its input's rank, a Reshape. */
const RESHAPING_STEP_CLASSES = (inputRank: number): string[] => [
  `GlobalAveragePooling${inputRank}D`,
  `GlobalMaxPooling${inputRank}D`,
  "Reshape",
];

/**
 * A TimeDistributed row read as a padding, cropping, upsampling or transposed convolution of
 * each step, or, without weights, a global pooling or Reshape of it: the step's row (the time
 * axis taken out) tried as that kind, its candidates wrapped. Only with the input printed: the
 * generic guesses need it.
 */
function genericStepCandidates(row: PrintedRow): Candidate[] {
  const out = row.out;
  const input = row.input;
  if (!out || !input || out.length < 3 || input.length < 3 || input.length > 6) return [];
  const drop = (shape: Shape) => [shape[0], ...shape.slice(2)];
  const step: PrintedRow = { ...row, out: drop(out), input: drop(input), inputs: null };
  const classes = [
    ...(out.length === input.length ? GENERIC_STEP_CLASSES(out.length - 3) : []),
    ...(row.params === 0 ? RESHAPING_STEP_CLASSES(input.length - 3) : []),
  ];
  return classes.flatMap((className) => {
    const kind = findKind(className);
    if (kind === undefined) return [];
    // Without weights, the wrapped kind is a guess: the count, 0, is what is checked.
    const guessed = row.params === 0
      ? `The wrapped layer is not printed: ${className} gives the printed shape and is ` +
        `assumed; any layer without weights that gives it (a padding, a cropping, an ` +
        `upsampling, a pooling, a reshape) has the same count, 0.`
      : undefined;
    return candidatesFor(kind, step).candidates.map((c) => ({
      config: { layer: { className, ...c.config } },
      input: row.input,
      ...(c.unusual ? { unusual: true } : {}),
      ...(guessed ?? c.assumption ? { assumption: guessed ?? c.assumption } : {}),
    }));
  });
}

/** Kernel kinds a TimeDistributed may apply to a step of `rank` axes (batch and channels in). */
const KERNEL_STEP_CLASSES = (rank: number): string[] => [
  ...[`Conv`, `SeparableConv`, `DepthwiseConv`].map((c) => `${c}${rank - 2}D`),
  `Conv${rank - 2}DTranspose`,
  `ConvLSTM${rank - 3}D`,
];

/**
 * A TimeDistributed row its usual readings miss, read as a convolution of each step (plain,
 * transposed, separable, depthwise or recurrent) whose kernel the count tells: the step's row
 * tried with {@linkcode widerCandidates}, its candidates wrapped. A first layer's step, its
 * input not printed, is tried as any first layer is ({@linkcode firstLayerCandidates}).
 */
function widerStepCandidates(row: PrintedRow): Candidate[] {
  const out = row.out;
  const input = row.input;
  if (!out || out.length < 3 || row.params === null || row.inputs !== null) return [];
  if (input !== null && input.length < 4) return [];
  const drop = (shape: Shape) => [shape[0], ...shape.slice(2)];
  const step: PrintedRow = { ...row, out: drop(out), input: input && drop(input), inputs: null };
  // A first layer's steps: a kernel assumed and the channels solved, as for any first layer.
  const ranks = input !== null ? [input.length - 1] : [out.length, out.length - 1];
  const classes = [...new Set(ranks.flatMap(KERNEL_STEP_CLASSES))];
  return classes.flatMap((className) => {
    const kind = findKind(className);
    if (kind === undefined) return [];
    const found = input !== null ? widerCandidates(kind, step) : firstLayerCandidates(kind, step);
    return found.map((c) => ({
      config: { layer: { className, ...c.config } },
      input: input ?? withSteps(c.input, out[1]),
      ...(c.unusual ? { unusual: true } : {}),
      assumption: `The wrapped layer is not printed: a ${className} of each step is assumed. ` +
        (c.assumption ?? ""),
    }));
  });
}

/** A step's input with the time axis (of `steps`) put back after the batch. */
function withSteps(input: Candidate["input"], steps: number | null): Shape | null {
  const shape = input === null ? null : singleShape(input);
  return shape ? [shape[0], steps, ...shape.slice(1)] : null;
}

/** Attention kinds whose count the query's last size alone tells (scalars, or a scale). */
const SCALAR_ATTENTION: readonly string[] = ["Attention", "AdditiveAttention"];

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
  // Channels first: the sizes read from the axes after the channels.
  const channelsFirst = kind.positional !== undefined && kind.options["dataFormat"] !== undefined &&
      input !== undefined && out !== null && input.length > 2
    ? fromShapes(kind.positional, lastChannels(input), lastChannels(out))
    : undefined;
  if (kind.positional !== undefined && channelsFirst !== undefined) {
    configs.push({ [kind.positional]: channelsFirst, dataFormat: "channels_first" });
  }
  // A switch away from its default (an Attention's learned scale, a layer's causal mask): its
  // weights or its shape may tell it.
  for (const [key, option] of Object.entries(kind.options)) {
    if (key === "useBias" || typeof option.fallback !== "boolean") continue;
    configs.push({ ...first, [key]: !option.fallback });
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
    // A convolutional recurrent layer's spatial axes follow its time axis; an output of the
    // input's rank keeps every step (return_sequences).
    const recurrent = kind.options["returnSequences"] !== undefined;
    const rank = Math.max(1, input.length - 2 - (recurrent ? 1 : 0));
    const steps = recurrent && out !== null && out.length === input.length
      ? { returnSequences: true }
      : {};
    for (const extra of [steps, ...(multiplied ? [{ ...steps, ...multiplied }] : [])]) {
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
    // A transposed convolution with padding "same" multiplies each size by its strides: a
    // larger factor than the guesses' is read from the shapes.
    const factor = growth(input, out);
    if (factor !== undefined && factor > 2 && kind.options["strides"] !== undefined) {
      for (const k of KERNEL_GUESSES) {
        configs.push({
          ...first,
          kernelSize: new Array(rank).fill(k),
          strides: new Array(rank).fill(factor),
          padding: "same",
        });
      }
    }
  }
  return configs;
}

/** A channels-first shape with its channels moved last, as channels-last code reads it. */
function lastChannels(shape: Shape): Shape {
  return [shape[0], ...shape.slice(2), shape[1]];
}

/** The one whole factor every spatial size grows by from `input` to `out`, if there is one. */
function growth(input: Shape, out: Shape | null): number | undefined {
  if (!out || out.length !== input.length || input.length < 3) return undefined;
  const factors = new Set(
    input.slice(1, -1).map((d, i) => ratio(out[i + 1] ?? undefined, d ?? undefined)),
  );
  const [factor] = factors;
  return factors.size === 1 ? factor : undefined;
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
      const pairs = diffs.map((d) => [Math.floor(d / 2), d - Math.floor(d / 2)]);
      // A 1D padding or cropping takes one [start, end] pair, not a list of them.
      return pairs.length === 1 ? pairs[0] : pairs;
    }
    case "dims": {
      // The permutation (1-based, batch excluded) that takes the input's sizes to the output's:
      // the first that does (another taking equal sizes elsewhere gives the same shape).
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

/**
 * For a kind tried generically whose usual guesses all miss: the kernel's positions solved from
 * the count (a kernel's count is affine in its number of positions, so two builds tell the
 * step), every shape of that many positions, and the strides and padding per axis, channels
 * last or first, with and without bias. Only what gives the printed count and shape is kept by
 * the caller; at most a few thousand small configurations.
 */
export function widerCandidates(kind: LayerKind, row: PrintedRow): Candidate[] {
  if (kind.className === "TimeDistributed") return widerStepCandidates(row);
  const input = row.input;
  const out = row.out;
  if (!input || !out || row.params === null || kind.options["kernelSize"] === undefined) {
    return [];
  }
  // A convolutional recurrent layer reads (batch, time, …) and, without its sequences,
  // outputs one step: its spatial axes come after the time axis.
  const recurrent = kind.options["returnSequences"] !== undefined;
  const sequences = recurrent && out.length === input.length;
  const timeAxes = recurrent ? 1 : 0;
  const rank = input.length - 2 - timeAxes;
  if (rank < 1 || rank > 3 || out.length !== input.length - (recurrent && !sequences ? 1 : 0)) {
    return [];
  }
  const found: Candidate[] = [];
  const transposed = kind.options["outputPadding"] !== undefined;
  for (const first of kind.options["dataFormat"] !== undefined ? [false, true] : [false]) {
    const inChannels = first ? input[1 + timeAxes] : input.at(-1);
    const outChannels = first ? out[out.length - rank - 1] : out.at(-1);
    if (typeof inChannels !== "number" || typeof outChannels !== "number") continue;
    const bases: Record<string, unknown>[] = [];
    const multiplier = kind.options["depthMultiplier"] !== undefined
      ? [
        ...new Set([
          1,
          2,
          3,
          4,
          ...(outChannels % inChannels === 0 ? [outChannels / inChannels] : []),
        ]),
      ]
      : [undefined];
    for (const m of multiplier) {
      const base: Record<string, unknown> = {
        ...(kind.positional === "filters" || kind.options["filters"] !== undefined
          ? { filters: outChannels }
          : {}),
        ...(m !== undefined && m > 1 ? { depthMultiplier: m } : {}),
        ...(first ? { dataFormat: "channels_first" } : {}),
        ...(sequences ? { returnSequences: true } : {}),
      };
      bases.push(base);
      if (kind.options["useBias"] !== undefined) bases.push({ ...base, useBias: false });
    }
    const spatialIn = first ? input.slice(2 + timeAxes) : input.slice(1 + timeAxes, -1);
    const spatialOut = first ? out.slice(out.length - rank) : out.slice(out.length - rank - 1, -1);
    for (const base of bases) {
      // Counted with padding "same": the count does not depend on it, and a probe kernel
      // larger than a size-1 axis still builds.
      const count = (kernel: number[]) => {
        try {
          const layer = layerFromConfig({
            ...base,
            kernelSize: kernel,
            padding: "same",
            className: kind.className,
          });
          return layer.build(input).paramCount();
        } catch {
          return undefined;
        }
      };
      const ones = new Array<number>(rank).fill(1);
      const c1 = count(ones);
      const c2 = count([2, ...ones.slice(1)]);
      if (c1 === undefined || c2 === undefined || c2 <= c1) continue;
      const step = c2 - c1;
      if (row.params < c1 || (row.params - c1) % step !== 0) continue;
      const area = (row.params - c1) / step + 1;
      // Sides past the usual ones only when no shape of them has the positions (13 × 13).
      const shapes = sides(area, rank);
      for (const kernelSize of shapes.length > 0 ? shapes : sides(area, rank, area)) {
        const dilatable = kind.options["dilationRate"] !== undefined;
        for (const geometry of axisGeometries(rank, spatialIn, spatialOut, dilatable)) {
          const dilated = geometry.dilationRate
            ? `, dilated ${geometry.dilationRate.join("×")},`
            : "";
          const sizes = givesSizes(kernelSize, geometry, spatialIn, spatialOut, transposed);
          if (sizes) {
            found.push({
              config: { ...base, kernelSize, ...geometry },
              input,
              unusual: base.useBias === false || first || dilated !== "",
              assumption: `The kernel's ${area} positions are read from the count; ` +
                `${kernelSize.join("×")}${dilated} with strides ${geometry.strides.join("×")} ` +
                `and padding "${geometry.padding}" gives the printed sizes (another shape of ` +
                `${area} positions may too).`,
            });
          }
          // A transposed convolution given output_padding (even zeros: then "same" is
          // (in − 1) × stride + kernel % 2 + padding, not in × stride): the padding each
          // axis needs, solved, when it is below the stride.
          const extra = kind.options["outputPadding"] !== undefined
            ? outputPaddingOf(kernelSize, geometry, spatialIn, spatialOut)
            : undefined;
          if (extra !== undefined) {
            found.push({
              config: { ...base, kernelSize, ...geometry, outputPadding: extra },
              input,
              unusual: true,
              assumption: `The kernel's ${area} positions are read from the count; ` +
                `${kernelSize.join("×")} with strides ${geometry.strides.join("×")}, ` +
                `padding "${geometry.padding}" and output padding ${extra.join("×")} gives ` +
                `the printed sizes (another shape of ${area} positions may too).`,
            });
          }
          if (found.length > 2000) return found;
        }
      }
      // A window of more positions than the usual sides hold (Keras builds any window with
      // "same" padding, past the input's size too): all of them on one axis.
      const same = area > MAX_SIDE ? sameGeometry(spatialIn, spatialOut, transposed) : undefined;
      for (let axis = 0; same && axis < rank; axis++) {
        const kernelSize = ones.map((one, at) => (at === axis ? area : one));
        found.push({
          config: { ...base, kernelSize, ...same },
          input,
          unusual: true,
          assumption: `The kernel's ${area} positions are read from the count; ` +
            `${kernelSize.join("×")} with strides ${same.strides.join("×")} and padding ` +
            `"same" gives the printed sizes (another shape of ${area} positions may too).`,
        });
      }
    }
  }
  return found;
}

/**
 * The strides "same" padding takes each input size to the printed one with, any window (a
 * convolution's ceil(in / stride), a transposed one's in × stride); `undefined` when no stride
 * does on some axis. An axis of unknown size takes stride 1.
 */
function sameGeometry(
  spatialIn: readonly (number | null)[],
  spatialOut: readonly (number | null)[],
  transposed: boolean,
): { strides: number[]; padding: string } | undefined {
  const strides: number[] = [];
  for (let axis = 0; axis < spatialIn.length; axis++) {
    const input = spatialIn[axis];
    const out = spatialOut[axis];
    if (input === null || input === undefined || out === null || out === undefined) {
      strides.push(1);
      continue;
    }
    // The stride whose window arithmetic gives the printed size, any window (one position).
    let stride = 1;
    const gives = (s: number) =>
      givesSizes([1], { strides: [s], padding: "same" }, [input], [out], transposed);
    while (stride <= Math.max(input, out) && !gives(stride)) stride++;
    if (!gives(stride)) return undefined;
    strides.push(stride);
  }
  return { strides, padding: "same" };
}

/**
 * The output padding per axis that takes a transposed convolution's input sizes to `spatialOut`
 * (Keras: "valid" (in − 1) × stride + kernel + padding, "same" (in − 1) × stride + kernel % 2 +
 * padding, the kernel dilated), when every axis's size is printed and each padding is below its
 * stride, as Keras requires.
 */
function outputPaddingOf(
  kernelSize: readonly number[],
  geometry: { strides: number[]; padding: string; dilationRate?: number[] },
  spatialIn: readonly (number | null)[],
  spatialOut: readonly (number | null)[],
): number[] | undefined {
  const pads: number[] = [];
  for (let axis = 0; axis < kernelSize.length; axis++) {
    const input = spatialIn[axis];
    const out = spatialOut[axis];
    // An axis of unknown size stays unknown whatever its padding: none is assumed.
    if (input === null && out === null) {
      pads.push(0);
      continue;
    }
    if (input === null || out === null || input === undefined || out === undefined) {
      return undefined;
    }
    const kernel = (kernelSize[axis] - 1) * (geometry.dilationRate?.[axis] ?? 1) + 1;
    const stride = geometry.strides[axis];
    const base = (input - 1) * stride + (geometry.padding === "valid" ? kernel : kernel % 2);
    const pad = out - base;
    if (pad < 0 || pad >= stride) return undefined;
    pads.push(pad);
  }
  return pads;
}

/**
 * Whether a kernel and geometry take each known input size to the printed output size (Keras's
 * window arithmetic: "valid" keeps (in − window) / stride + 1 positions, "same" in / stride, and
 * a transposed window grows in by the stride), so that only candidates that may fit are built.
 */
function givesSizes(
  kernelSize: readonly number[],
  geometry: { strides: number[]; padding: string; dilationRate?: number[] },
  spatialIn: readonly (number | null)[],
  spatialOut: readonly (number | null)[],
  transposed: boolean,
): boolean {
  return kernelSize.every((k, axis) => {
    const input = spatialIn[axis];
    const out = spatialOut[axis];
    if (input === null || input === undefined || out === null || out === undefined) return true;
    const window = (k - 1) * (geometry.dilationRate?.[axis] ?? 1) + 1;
    const stride = geometry.strides[axis];
    if (transposed) {
      return out ===
        (geometry.padding === "valid"
          ? (input - 1) * stride + Math.max(window, stride)
          : input * stride);
    }
    if (geometry.padding === "same") return out === Math.ceil(input / stride);
    return input >= window && out === Math.floor((input - window) / stride) + 1;
  });
}

/** The largest kernel side the wider search tries, as the usual guesses' largest. */
const MAX_SIDE = 11;

/**
 * Every way of writing `area` as `rank` sides of at most `most` (11 by default), at most 24 of
 * them, those of the shortest longest side first.
 */
function sides(area: number, rank: number, most = MAX_SIDE): number[][] {
  const all = (area: number, rank: number): number[][] => {
    if (rank === 1) return area <= most ? [[area]] : [];
    const found: number[][] = [];
    for (let k = 1; k <= Math.min(area, most) && found.length < 24; k++) {
      if (area % k !== 0) continue;
      for (const rest of all(area / k, rank - 1)) if (found.length < 24) found.push([k, ...rest]);
    }
    return found;
  };
  const found = all(area, rank);
  return most === MAX_SIDE ? found : found.sort((a, b) => Math.max(...a) - Math.max(...b));
}

/**
 * A first depthwise convolution's input, its spatial sizes unknown, given the sizes that give
 * the printed ones under the candidate's kernel, strides and padding: "valid" reads
 * (out − 1) × stride + kernel positions, "same" out × stride (the largest of the sizes that
 * give `out`). The assumption says so.
 */
function withPrintedSizes(candidate: Candidate, out: Shape): Candidate {
  const { kernelSize, strides, padding, dilationRate, dataFormat } = candidate.config as {
    kernelSize?: number[];
    strides?: number[];
    padding?: string;
    dilationRate?: number[];
    dataFormat?: string;
  };
  const input = candidate.input ? singleShape(candidate.input) : undefined;
  if (!input || !kernelSize || !strides) return candidate;
  const first = dataFormat === "channels_first";
  const sizes = (first ? out.slice(2) : out.slice(1, -1)).map((d, axis) => {
    if (d === null) return null;
    const span = (kernelSize[axis] - 1) * (dilationRate?.[axis] ?? 1) + 1;
    return padding === "same" ? d * strides[axis] : (d - 1) * strides[axis] + span;
  });
  if (sizes.length !== input.length - 2) return candidate;
  return {
    ...candidate,
    input: first ? [input[0], input[1], ...sizes] : [input[0], ...sizes, input[input.length - 1]],
    assumption: `${candidate.assumption} The input's sizes are not printed: ` +
      `(${sizes.map((d) => d ?? "None").join(", ")}) is taken, the sizes that give the ` +
      `printed ones.`,
  };
}

/** Strides 1 to 3 per axis, with padding "valid" or "same"; 2 × 3^rank of them. */
function axisGeometries(
  rank: number,
  spatialIn: readonly (number | null)[],
  spatialOut: readonly (number | null)[],
  dilatable = false,
): { strides: number[]; padding: string; dilationRate?: number[] }[] {
  let strides: number[][] = [[]];
  for (let axis = 0; axis < rank; axis++) {
    const same = spatialIn[axis] !== null && spatialIn[axis] === spatialOut[axis];
    const options = same ? [1] : [1, 2, 3];
    strides = strides.flatMap((s) => options.map((o) => [...s, o]));
  }
  // A dilation of 2 on some axes, with strides 1 (Keras takes no strides with a dilation).
  let dilations: number[][] = [[]];
  for (let axis = 0; axis < (dilatable ? rank : 0); axis++) {
    dilations = dilations.flatMap((d) => [[...d, 1], [...d, 2]]);
  }
  const ones = new Array<number>(rank).fill(1);
  const dilated = dilations.filter((d) => d.some((x) => x > 1));
  return ["valid", "same"].flatMap((padding) => [
    ...strides.map((s) => ({ strides: s, padding })),
    ...dilated.map((d) => ({ strides: ones, padding, dilationRate: d })),
  ]);
}

/**
 * For a first layer of a kind tried generically, whose input is not printed: a square kernel
 * assumed (3 first, as Keras's examples), and the input's channels solved from the count (a
 * layer's count is affine in its input channels, so two builds tell the step); the spatial
 * sizes are left unknown. The assumption is said.
 */
export function firstLayerCandidates(kind: LayerKind, row: PrintedRow): Candidate[] {
  const out = row.out;
  if (!out || row.params === null || kind.options["kernelSize"] === undefined) return [];
  const outChannels = out.at(-1);
  if (
    kind.options["depthMultiplier"] !== undefined && kind.options["filters"] === undefined &&
    typeof outChannels === "number"
  ) {
    // A depthwise convolution's output has its input's channels times the multiplier: the
    // channels are told, and the kernel's positions solved from the count.
    // Only a multiplier that gives the output's channels from the input's.
    const multiplies = (c: Candidate, m: number) =>
      ((c.config.depthMultiplier as number) ?? 1) === m;
    const last = [1, 2, 3, 4].filter((m) => outChannels % m === 0).flatMap((m) =>
      widerCandidates(kind, {
        ...row,
        input: [out[0], ...out.slice(1, -1).map(() => null), outChannels / m],
      }).filter((c) => c.config.dataFormat !== "channels_first" && multiplies(c, m))
        .map((candidate) => withPrintedSizes(candidate, out))
    );
    // Channels first only when no channels-last layer fits the count.
    const channels = out[1];
    if (last.length > 0 || typeof channels !== "number") return last;
    return [1, 2, 3, 4].filter((m) => channels % m === 0).flatMap((m) =>
      widerCandidates(kind, {
        ...row,
        input: [out[0], channels / m, ...out.slice(2).map(() => null)],
      }).filter((c) => c.config.dataFormat === "channels_first" && multiplies(c, m))
        .map((candidate) => withPrintedSizes(candidate, out))
    );
  }
  const recurrent = kind.options["returnSequences"] !== undefined;
  const sequences = recurrent && out.length >= 4 && row.declared.returnSequences !== false;
  // A transposed convolution grows each size by the kernel less one, where others shrink it.
  const grows = kind.className.endsWith("Transpose");
  // The wider search, when no square kernel fits: kernels of sides 1 to 3, not all equal, and
  // a depth multiplier of 2 to 4 where the kind takes one (a separable convolution).
  const wideKernels = (rank: number): number[][] => {
    let kernels: number[][] = [[]];
    for (let axis = 0; axis < rank; axis++) {
      kernels = kernels.flatMap((k) => [1, 2, 3].map((side) => [...k, side]));
    }
    return kernels.filter((k) => k.some((side) => side !== k[0]));
  };
  const tried = (first: boolean, wide = false): Candidate[] => {
    const found: Candidate[] = [];
    for (const steps of recurrent ? (sequences ? [true, false] : [false]) : [false]) {
      const inputRank = out.length + (recurrent && !steps ? 1 : 0);
      const rank = inputRank - 2 - (recurrent ? 1 : 0);
      if (rank < 1 || rank > 3) continue;
      const filters = first ? out[1] : out.at(-1);
      if (typeof filters !== "number") continue;
      const multiplied = kind.options["depthMultiplier"] !== undefined;
      const kernels: number[][] = wide
        ? [
          ...wideKernels(rank),
          ...(multiplied ? KERNEL_GUESSES.map((k) => new Array<number>(rank).fill(k)) : []),
        ]
        : KERNEL_GUESSES.map((k) => new Array<number>(rank).fill(k));
      for (const kernelSize of kernels) {
        // Padding "valid", stride 1: each size is the output's and the kernel's less one.
        const spatial = (first ? out.slice(2) : out.slice(out.length - 1 - rank, -1)).map((
          d,
          axis,
        ) => d === null ? null : grows ? d - kernelSize[axis] + 1 : d + kernelSize[axis] - 1);
        if (spatial.some((d) => d !== null && d < 1)) continue;
        const inputOf = (c: number): Shape =>
          first ? [out[0], c, ...spatial] : [
            out[0],
            ...(recurrent ? [steps ? out[1] : null] : []),
            ...spatial,
            c,
          ];
        const multipliers = wide && multiplied ? [1, 2, 3, 4] : [1];
        for (
          const [useBias, m] of (kind.options["useBias"] !== undefined ? [true, false] : [true])
            .flatMap((b) => multipliers.map((m) => [b, m] as const))
        ) {
          if (wide && m === 1 && kernelSize.every((side) => side === kernelSize[0])) continue;
          const config: Record<string, unknown> = {
            ...(kind.options["filters"] !== undefined ? { filters } : {}),
            kernelSize,
            ...(m > 1 ? { depthMultiplier: m } : {}),
            ...(useBias ? {} : { useBias: false }),
            ...(steps ? { returnSequences: true } : {}),
            ...(first ? { dataFormat: "channels_first" } : {}),
          };
          const count = (c: number) => {
            try {
              return layerFromConfig({ ...config, className: kind.className }).build(inputOf(c))
                .paramCount();
            } catch {
              return undefined;
            }
          };
          const c1 = count(1);
          const c2 = count(2);
          if (c1 === undefined || c2 === undefined || c2 <= c1) continue;
          const step = c2 - c1;
          if (row.params! < c1 || (row.params! - c1) % step !== 0) continue;
          const channels = (row.params! - c1) / step + 1;
          found.push({
            config,
            input: inputOf(channels),
            ...(useBias && !first && !wide ? {} : { unusual: true }),
            assumption: `The first layer's kernel and input channels share one count; a ` +
              `${kernelSize.join("×")} kernel on ${channels} channels${
                m > 1 ? `, a depth multiplier of ${m}` : ""
              }, padding "valid" and stride 1, is assumed${
                first ? ", channels first (no channels-last layer fits)" : ""
              }${
                wide
                  ? " (no square kernel fits; other kernels, multipliers and channel layouts " +
                    "may give the same count)"
                  : ""
              }.`,
          });
        }
      }
    }
    return found;
  };
  const last = tried(false);
  // Channels first only when no channels-last layer fits the count.
  const square = last.length > 0 || recurrent || kind.options["dataFormat"] === undefined
    ? last
    : tried(true);
  // A separable convolution's non-square kernel or depth multiplier only when nothing square
  // fits, channels last first.
  if (square.length > 0 || kind.options["depthMultiplier"] === undefined || recurrent) {
    return square;
  }
  const wide = tried(false, true);
  return wide.length > 0 || kind.options["dataFormat"] === undefined ? wide : tried(true, true);
}
