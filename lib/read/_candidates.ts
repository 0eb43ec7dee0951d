// The configurations that might have printed a row, per class: solved from the row's count and
// output shape (and its input, when known), Keras's defaults first. Internal to the reader.

import type { Padding } from "../layers/convolutional.ts";
import type { MergeMode } from "../layers/wrappers.ts";
import { type LayerSpec, nearestInputSizes } from "../infer.ts";
import type { ParsedRow } from "../parse_summary.ts";
import type { Shape } from "../shape.ts";
import type { KnownClass } from "./_kinds.ts";
import { lastOf } from "./_text.ts";
import type { InferredLayer, RecurrentConfig } from "./config.ts";
import type { DeclaredConfig } from "./result.ts";

/** A configuration that might have printed a row, with the input it is built on. */
export interface Candidate {
  readonly config: InferredLayer;
  readonly input: Shape | null;
  /** Why this candidate rests on an assumption (a kernel size, a pool size), if it does. */
  readonly assumption?: string;
  /** A configuration away from Keras's defaults (no bias), tried only when the defaults fail. */
  readonly unusual?: boolean;
}

/** What a row tells about its layer. */
export interface Context {
  readonly row: ParsedRow;
  /** The printed output shape, when it is one shape. */
  readonly out: Shape | null;
  /** The printed output, when it is several shapes. */
  readonly outList: readonly Shape[] | null;
  /** The layer's input: the previous row's output, or null for a first layer. */
  readonly input: Shape | null;
  readonly params: number | null;
  readonly declared: DeclaredConfig;
  readonly tfjs: boolean;
}

export function options<T>(declared: T | undefined, preferred: readonly T[]): readonly T[] {
  return declared === undefined ? preferred : [declared];
}

export function exactSize(spec: LayerSpec, params: number | null): number | undefined {
  if (params === null) return undefined;
  try {
    return nearestInputSizes({ ...spec, params } as never).exact;
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) return undefined;
    throw error;
  }
}

export function candidatesFor(className: KnownClass, c: Context): Candidate[] {
  switch (className) {
    case "InputLayer":
      return c.out ? [{ config: { className }, input: c.out }] : [];
    case "Dense":
      return denseCandidates(c);
    case "SimpleRNN":
    case "LSTM":
    case "GRU":
      return recurrentCandidates(className, c);
    case "TimeDistributed":
      return timeDistributedCandidates(c);
    case "Bidirectional":
      return bidirectionalCandidates(c);
    case "Conv1D":
    case "Conv2D":
      return convCandidates(className, c);
    case "Embedding":
      return embeddingCandidates(c);
    case "BatchNormalization":
    case "LayerNormalization":
      return normalizationCandidates(className, c);
    case "MaxPooling1D":
    case "MaxPooling2D":
    case "AveragePooling1D":
    case "AveragePooling2D":
      return poolingCandidates(className, c);
    case "GlobalAveragePooling1D":
    case "GlobalAveragePooling2D": {
      const spatial = className.endsWith("1D") ? [null] : [null, null];
      const input = c.input ?? (c.out ? [c.out[0], ...spatial, c.out.at(-1)!] : null);
      // Features before steps (`data_format="channels_first"`), tried when the default fails.
      return [
        { config: { className }, input },
        ...(c.input
          ? [{ config: { className, dataFormat: "channels_first" as const }, input, unusual: true }]
          : []),
      ];
    }
    case "Flatten":
      return [{ config: { className }, input: c.input }];
    case "RepeatVector": {
      const out = c.out;
      if (!out || out.length !== 3 || out[1] === null) return [];
      return [{ config: { className, n: out[1] }, input: c.input ?? [out[0], out[2]] }];
    }
    default:
      return [{ config: { className }, input: c.input ?? c.out }];
  }
}

function denseCandidates(c: Context): Candidate[] {
  const units = lastOf(c.out);
  if (units === undefined) return [];
  const result: Candidate[] = [];
  for (const useBias of options(c.declared.useBias, [true, false])) {
    const config = { className: "Dense" as const, units, useBias };
    const unusual = !useBias;
    if (c.input) {
      result.push({ config, input: c.input, unusual });
      continue;
    }
    const n = exactSize({ layer: "Dense", units, useBias }, c.params);
    if (n !== undefined) result.push({ config, input: [...c.out!.slice(0, -1), n], unusual });
  }
  return result;
}

function recurrentOptions(
  className: "SimpleRNN" | "LSTM" | "GRU",
  units: number,
  returnSequences: boolean,
  c: Context,
): RecurrentConfig[] {
  const configs: RecurrentConfig[] = [];
  const resetAfters = className === "GRU"
    ? options(c.declared.resetAfter, c.tfjs ? [false, true] : [true, false])
    : [undefined];
  for (const useBias of options(c.declared.useBias, [true, false])) {
    for (const resetAfter of resetAfters) {
      configs.push({
        className,
        units,
        returnSequences,
        useBias,
        ...(className === "GRU" ? { resetAfter } : {}),
      });
    }
  }
  return configs;
}

export function specOfRecurrent(config: RecurrentConfig): LayerSpec {
  return config.className === "GRU"
    ? { layer: "GRU", units: config.units, useBias: config.useBias, resetAfter: config.resetAfter }
    : { layer: config.className, units: config.units, useBias: config.useBias };
}

export function specOf(config: InferredLayer): LayerSpec | undefined {
  switch (config.className) {
    case "Dense":
      return { layer: "Dense", units: config.units, useBias: config.useBias };
    case "SimpleRNN":
    case "LSTM":
    case "GRU":
      return specOfRecurrent(config);
    case "TimeDistributed": {
      const inner = specOf(config.layer);
      return inner && inner.layer !== "TimeDistributed" && inner.layer !== "Bidirectional"
        ? { layer: "TimeDistributed", inner }
        : undefined;
    }
    case "Bidirectional": {
      const inner = specOfRecurrent(config.layer);
      return { layer: "Bidirectional", inner: inner as never, mergeMode: config.mergeMode };
    }
    case "Conv1D":
    case "Conv2D":
      return {
        layer: config.className,
        filters: config.filters,
        kernelSize: config.kernelSize,
        useBias: config.useBias,
      };
    case "Embedding":
      return { layer: "Embedding", outputDim: config.outputDim };
    case "BatchNormalization":
    case "LayerNormalization":
      return { layer: config.className, scale: config.scale, center: config.center };
    default:
      return undefined;
  }
}

function recurrentCandidates(className: "SimpleRNN" | "LSTM" | "GRU", c: Context): Candidate[] {
  // Several outputs (`return_state=True`): the sequence or last step, then the states.
  const printed = c.row.outputShape;
  const states = c.out === null && printed !== null && printed.length > 1 &&
    Array.isArray(printed[0]);
  const out = states ? (printed as readonly Shape[])[0] : c.out;
  const units = lastOf(out);
  if (!out || units === undefined) return [];
  const returnSequences = c.declared.returnSequences ?? out.length === 3;
  const steps = returnSequences && out.length === 3 ? out[1] : null;
  const result: Candidate[] = [];
  for (const options of recurrentOptions(className, units, returnSequences, c)) {
    const config = states ? { ...options, returnState: true } : options;
    const unusual = !config.useBias;
    if (c.input) {
      result.push({ config, input: c.input, unusual });
      continue;
    }
    const n = exactSize(specOfRecurrent(config), c.params);
    if (n !== undefined) result.push({ config, input: [out[0], steps, n], unusual });
  }
  return result;
}

function timeDistributedCandidates(c: Context): Candidate[] {
  const out = c.out;
  if (!out || out.length < 3) return [];
  if (c.params === 0) {
    // A wrapped layer without weights: one that keeps each step's shape, or a Flatten.
    if (c.input && c.input.length > out.length) {
      return [{
        config: { className: "TimeDistributed", layer: { className: "Flatten" } },
        input: c.input,
      }];
    }
    return [{
      config: { className: "TimeDistributed", layer: { className: "Dropout" } },
      input: c.input ?? out,
    }];
  }
  const units = lastOf(out);
  if (units === undefined) return [];
  const result: Candidate[] = [];
  for (const useBias of options(c.declared.useBias, [true, false])) {
    const inner = { className: "Dense" as const, units, useBias };
    const config = { className: "TimeDistributed" as const, layer: inner };
    const unusual = !useBias;
    if (c.input) {
      result.push({ config, input: c.input, unusual });
      continue;
    }
    const n = exactSize(
      { layer: "TimeDistributed", inner: { layer: "Dense", units, useBias } },
      c.params,
    );
    if (n !== undefined) result.push({ config, input: [...out.slice(0, -1), n], unusual });
  }
  return result;
}

function bidirectionalCandidates(c: Context): Candidate[] {
  const out = c.out ?? c.outList?.[0] ?? null;
  const last = lastOf(out);
  if (!out || last === undefined) return [];
  const returnSequences = c.declared.returnSequences ?? out.length === 3;
  const steps = returnSequences && out.length === 3 ? out[1] : null;
  const modes: { mode: MergeMode; units: number }[] = c.outList ? [{ mode: null, units: last }] : [
    ...(last % 2 === 0 ? [{ mode: "concat" as MergeMode, units: last / 2 }] : []),
    { mode: "sum", units: last },
    { mode: "ave", units: last },
    { mode: "mul", units: last },
  ];
  const kinds = c.declared.className && c.declared.className !== "Bidirectional"
    ? [c.declared.className as "LSTM"]
    : (["LSTM", "GRU", "SimpleRNN"] as const);
  const result: Candidate[] = [];
  for (const { mode, units } of modes) {
    for (const kind of kinds) {
      for (const inner of recurrentOptions(kind, units, returnSequences, c)) {
        const config = { className: "Bidirectional" as const, layer: inner, mergeMode: mode };
        const unusual = !inner.useBias || mode !== (c.outList ? null : "concat");
        if (c.input) {
          result.push({ config, input: c.input, unusual });
          continue;
        }
        const n = exactSize(
          { layer: "Bidirectional", inner: specOfRecurrent(inner) as never, mergeMode: mode },
          c.params,
        );
        if (n !== undefined) result.push({ config, input: [out[0], steps, n], unusual });
      }
    }
  }
  return result;
}

const KERNEL_GUESSES = [3, 5, 7, 1, 2, 4, 6, 9, 11] as const;

function convCandidates(className: "Conv1D" | "Conv2D", c: Context): Candidate[] {
  const out = c.out;
  const filters = lastOf(out);
  const rank = className === "Conv1D" ? 1 : 2;
  if (!out || filters === undefined || out.length !== rank + 2 || c.params === null) return [];
  const result: Candidate[] = [];
  for (const useBias of options(c.declared.useBias, [true, false])) {
    const weights = c.params - (useBias ? filters : 0);
    if (weights <= 0 || weights % filters !== 0) continue;
    const volume = weights / filters; // kernel positions × input channels
    if (c.input) {
      const channels = lastOf(c.input);
      if (channels === undefined || volume % channels !== 0) continue;
      const area = volume / channels;
      for (const kernelSize of kernelShapes(area, rank, c.input, out)) {
        for (const geometry of geometries(kernelSize, c.input, out)) {
          result.push({
            config: { className, filters, kernelSize, useBias, ...geometry },
            input: c.input,
          });
        }
      }
      continue;
    }
    for (const k of KERNEL_GUESSES) {
      const area = k ** rank;
      if (volume % area !== 0) continue;
      const channels = volume / area;
      const kernelSize = new Array(rank).fill(k);
      const spatial = out.slice(1, -1).map((d) => (d === null ? null : d + k - 1));
      result.push({
        config: {
          className,
          filters,
          kernelSize,
          strides: kernelSize.map(() => 1),
          padding: "valid",
          useBias,
        },
        input: [out[0], ...spatial, channels],
        assumption: `The first convolution's kernel size and input channels share one count ` +
          `(${volume} = kernel positions × channels); a ${kernelSize.join("×")} kernel on ` +
          `${channels} channels with padding "valid" and stride 1 is assumed.`,
      });
    }
  }
  return result;
}

/** Kernel shapes with `area` positions: from the spatial sizes when they tell, else square. */
function kernelShapes(area: number, rank: number, input: Shape, out: Shape): number[][] {
  const shapes: number[][] = [];
  const fromSpatial = input.slice(1, -1).map((d, i) => {
    const o = out[i + 1];
    return d !== null && o !== null ? d - o + 1 : null;
  });
  if (fromSpatial.every((k) => k !== null && k >= 1)) {
    const ks = fromSpatial as number[];
    if (ks.reduce((a, b) => a * b, 1) === area) shapes.push(ks);
  }
  const side = Math.round(area ** (1 / rank));
  if (side ** rank === area && !shapes.some((s) => s.every((k) => k === side))) {
    shapes.push(new Array(rank).fill(side));
  }
  if (rank === 1 && shapes.length === 0) shapes.push([area]);
  return shapes;
}

function geometries(
  kernelSize: readonly number[],
  input: Shape,
  out: Shape,
): { strides: number[]; padding: Padding }[] {
  const spatial = input.slice(1, -1);
  const found: { strides: number[]; padding: Padding }[] = [];
  for (const padding of ["valid", "same"] as const) {
    const strides = spatial.map((length, i) => {
      const o = out[i + 1];
      if (length === null || o === null) return 1;
      for (let s = 1; s <= Math.min(length, 64); s++) {
        const size = padding === "same"
          ? Math.ceil(length / s)
          : Math.floor((length - kernelSize[i]) / s) + 1;
        if (size === o) return s;
      }
      return 0;
    });
    if (strides.every((s) => s > 0)) found.push({ strides, padding });
  }
  if (found.length === 0) found.push({ strides: spatial.map(() => 1), padding: "valid" });
  return found;
}

function embeddingCandidates(c: Context): Candidate[] {
  const out = c.out;
  const outputDim = lastOf(out);
  if (!out || outputDim === undefined || c.params === null) return [];
  if (c.params === 0 || c.params % outputDim !== 0) return [];
  const inputDim = c.params / outputDim;
  return [{
    config: { className: "Embedding", inputDim, outputDim },
    input: c.input ?? out.slice(0, -1),
  }];
}

function normalizationCandidates(
  className: "BatchNormalization" | "LayerNormalization",
  c: Context,
): Candidate[] {
  const out = c.out;
  if (!out) return [];
  const input = c.input ?? out;
  return [[true, true], [true, false], [false, true], [false, false]].map(([scale, center]) => ({
    config: { className, scale, center },
    input,
  }));
}

function poolingCandidates(
  className: "MaxPooling1D" | "MaxPooling2D" | "AveragePooling1D" | "AveragePooling2D",
  c: Context,
): Candidate[] {
  const out = c.out;
  if (!out) return [];
  if (c.input) {
    const input = c.input;
    if (input.length !== out.length) return [];
    // Keras's default (pool 2, strides = pool, "valid") first; then other pools and strides.
    const result: Candidate[] = [];
    for (const padding of ["valid", "same"] as const) {
      const dims = input.slice(1, -1).map((d, i) => poolFits(d, out[i + 1], padding));
      if (dims.some((d) => d === undefined)) continue;
      const poolSize = dims.map((d) => d!.pool);
      const strides = dims.map((d) => d!.stride);
      const defaultStrides = strides.every((s, i) => s === poolSize[i]);
      result.push({
        config: {
          className,
          poolSize,
          ...(defaultStrides ? {} : { strides }),
          ...(padding === "valid" ? {} : { padding }),
        },
        input,
        ...(dims.some((d) => d!.assumed)
          ? {
            assumption: `The pool size and strides are not printed; ${
              listText(poolSize)
            } with strides ${listText(strides)}${
              padding === "same" ? ` and padding "same"` : ""
            } gives the printed size, and is assumed.`,
          }
          : {}),
      });
    }
    if (result.length === 0) {
      result.push({ config: { className, poolSize: input.slice(1, -1).map(() => 2) }, input });
    }
    return result.sort((a, b) => (a.assumption ? 1 : 0) - (b.assumption ? 1 : 0));
  }
  const poolSize = out.slice(1, -1).map(() => 2);
  return [{
    config: { className, poolSize },
    input: [out[0], ...out.slice(1, -1).map((d) => (d === null ? null : d * 2)), out.at(-1)!],
    assumption: `The pool size cannot be read from the first layer's row; the default 2 is ` +
      `assumed.`,
  }];
}

function listText(values: readonly number[]): string {
  return values.length === 1 ? String(values[0]) : `[${values.join(", ")}]`;
}

/** A pool size and stride that take `d` to `o`, the default first; bounded search. */
function poolFits(
  d: number | null,
  o: number | null,
  padding: "valid" | "same",
): { pool: number; stride: number; assumed: boolean } | undefined {
  if (d === null || o === null) return { pool: 2, stride: 2, assumed: false };
  const size = (p: number, s: number) =>
    padding === "same" ? Math.ceil(d / s) : Math.floor((d - p) / s) + 1;
  if (d >= 2 && size(2, 2) === o) return { pool: 2, stride: 2, assumed: false };
  const limit = Math.min(d, 32);
  for (let p = 1; p <= limit; p++) {
    if (size(p, p) === o) return { pool: p, stride: p, assumed: false };
  }
  for (let p = 1; p <= limit; p++) {
    for (let s = 1; s <= limit; s++) {
      if (size(p, s) === o) return { pool: p, stride: s, assumed: true };
    }
  }
  return undefined;
}
