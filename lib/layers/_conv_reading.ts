// How a plain convolution's printed row is read backwards: filters from the output, the
// kernel's window from the count and the input's channels, strides, padding and dilation from the
// spatial sizes. Internal to the convolution family.

import type { Shape } from "../shape.ts";
import type { RowCandidate, RowReading } from "./kind.ts";
import { choices, lastSize } from "./reading.ts";
import type { Padding } from "./window.ts";
import { gcd } from "./_integers.ts";

/** Square kernel sides tried when a first convolution's row does not tell its kernel. */
const KERNEL_GUESSES = [3, 5, 7, 1, 2, 4, 6, 9, 11] as const;

/**
 * How a plain convolution's printed row is read: filters from the output, the kernel's window
 * from the count and the input's channels, strides and padding from the spatial sizes. A first
 * convolution's count is kernel positions × channels, one number for two: a square kernel is
 * assumed, and said.
 */
export function convReading(rank: number): RowReading {
  return {
    // With its count printed, the kernel is solved and every layout tried: every configuration.
    // With the count unknown (cut, or `?`), the kernel is guessed from the sizes: no proof of a
    // count, and a row none of the guesses fits is not checked.
    partial: true,
    completeFor: (row) => row.params !== null,
    // Keras 3.15's Conv1D/2D/3D take lora_rank: the kernel solved from a count would miss it.
    loraByForms: true,
    candidates: (row) => {
      const out = row.out;
      const filters = lastSize(out);
      if (!out || out.length !== rank + 2) return [];
      if (filters === undefined) {
        // The last size unknown (a Permute moved an unknown size last): only channels first,
        // its filters on axis 1, can read the row.
        return row.params !== null && row.input && typeof out[1] === "number"
          ? counted(rank, row.params, row.input, out, true, row.declared.useBias).candidates
          : [];
      }
      if (row.params === null) return uncounted(rank, filters, row.input, out);
      const params = row.params;
      if (row.input) {
        const usual = counted(rank, params, row.input, out, false, row.declared.useBias);
        // Channels first, or channels in groups, only when nothing usual fits the sizes.
        if (usual.fits) return usual.candidates;
        const other = counted(rank, params, row.input, out, true, row.declared.useBias);
        return other.fits ? [...usual.candidates, ...other.candidates] : usual.candidates;
      }
      const first = (channelsFirst: boolean) =>
        choices<boolean>(row.declared.useBias, [true, false]).flatMap(
          (useBias): RowCandidate[] => {
            const outChannels = channelsFirst ? out[1] : filters;
            if (typeof outChannels !== "number") return [];
            const weights = params - (useBias ? outChannels : 0);
            if (weights <= 0 || weights % outChannels !== 0) return [];
            const volume = weights / outChannels; // kernel positions × input channels
            return KERNEL_GUESSES.filter((k) => volume % k ** rank === 0).map((k) => {
              const channels = volume / k ** rank;
              const kernelSize = new Array<number>(rank).fill(k);
              const spatial = (channelsFirst ? out.slice(2) : out.slice(1, -1)).map((d) =>
                d === null ? null : d + k - 1
              );
              return {
                config: {
                  filters: outChannels,
                  kernelSize,
                  useBias,
                  ...(channelsFirst ? { dataFormat: "channels_first" } : {}),
                },
                input: channelsFirst
                  ? [out[0], channels, ...spatial]
                  : [out[0], ...spatial, channels],
                unusual: channelsFirst || undefined,
                assumption: `The first convolution's kernel size and input channels share ` +
                  `one count (${volume} = kernel positions × channels); a ` +
                  `${kernelSize.join("×")} kernel on ${channels} channels with padding "valid" ` +
                  `and stride 1 is assumed${
                    channelsFirst ? ", channels first (no channels-last layer fits)" : ""
                  }.`,
              };
            });
          },
        );
      // Channels first only when no channels-last layer fits the count.
      const last = first(false);
      return last.length > 0 ? last : first(true);
    },
    lastSizes: (input, params) => {
      const channels = lastSize(input);
      if (channels === undefined || params === null) return [];
      const sizes = new Set<number>();
      for (let k = 1; k <= 11; k++) {
        for (const bias of [1, 0]) {
          const per = k ** rank * channels + bias;
          if (params % per === 0) sizes.add(params / per);
        }
      }
      return [...sizes];
    },
  };
}

/**
 * The candidates of a row whose count and input are known: for each bias, layout (channels
 * last, or first when `other`) and number of channel groups (1, or more when `other`), the
 * kernel's positions solved from the count, their shapes and the geometry that gives the
 * printed sizes.
 */
function counted(
  rank: number,
  params: number,
  input: Shape,
  out: Shape,
  other: boolean,
  declaredBias: unknown,
): { candidates: RowCandidate[]; fits: boolean } {
  const found: RowCandidate[] = [];
  let fits = false;
  if (input.length !== rank + 2) return { candidates: found, fits };
  for (const first of other ? [false, true] : [false]) {
    const channels = first ? input[1] : input.at(-1);
    const filters = first ? out[1] : out.at(-1);
    if (typeof channels !== "number" || typeof filters !== "number") continue;
    const spatialIn = first ? input.slice(2) : input.slice(1, -1);
    const spatialOut = first ? out.slice(2) : out.slice(1, -1);
    const groupChoices = other ? divisors(gcd(channels, filters)) : [1];
    for (const groups of groupChoices) {
      if (other && !first && groups === 1) continue; // the usual reading's
      for (const useBias of choices<boolean>(declaredBias, [true, false])) {
        const weights = params - (useBias ? filters : 0);
        if (weights <= 0 || weights % filters !== 0) continue;
        const volume = weights / filters; // kernel positions × input channels per group
        const perGroup = channels / groups;
        if (volume % perGroup !== 0) continue;
        const area = volume / perGroup;
        const shapes = kernelShapes(area, rank, spatialIn, spatialOut);
        const unsaid = shapes.length > 1 ? kernelAssumption(area, shapes) : undefined;
        for (const kernelSize of shapes) {
          if (fittingGeometries(kernelSize, spatialIn, spatialOut).length > 0) fits = true;
          for (const geometry of geometries(kernelSize, spatialIn, spatialOut)) {
            found.push({
              config: {
                filters,
                kernelSize,
                useBias,
                ...geometry,
                ...(groups === 1 ? {} : { groups }),
                ...(first ? { dataFormat: "channels_first" } : {}),
              },
              input,
              ...(unsaid ? { assumption: unsaid(kernelSize) } : {}),
              ...(other || !useBias ? { unusual: true } : {}),
            });
          }
        }
      }
    }
  }
  if (!other) return { candidates: found, fits };
  // Channel groups and a kernel trade against each other: the readings that fit alike are
  // named, an undilated kernel and fewer groups first.
  const dilated = (c: RowCandidate) =>
    ((c.config.dilationRate as number[] | undefined) ?? []).some((d) => d > 1) ? 1 : 0;
  const groupsOf = (c: RowCandidate) => (c.config.groups as number | undefined) ?? 1;
  found.sort((a, b) => dilated(a) - dilated(b) || groupsOf(a) - groupsOf(b));
  const fitting = found.filter((c) =>
    fittingGeometries(
      c.config.kernelSize as number[],
      c.config.dataFormat ? input.slice(2) : input.slice(1, -1),
      c.config.dataFormat ? out.slice(2) : out.slice(1, -1),
    ).length > 0
  );
  const named = [
    ...new Set(
      fitting.map((c) =>
        `groups ${groupsOf(c)} with a ${(c.config.kernelSize as number[]).join("×")} kernel${
          dilated(c) ? ` dilated ${(c.config.dilationRate as number[]).join("×")}` : ""
        }`
      ),
    ),
  ];
  const said = named.length > 1
    ? ` Channel groups and kernels that give the same count and sizes: ${
      named.slice(0, 4).join("; ")
    }; the first is shown.`
    : "";
  return {
    candidates: said
      ? found.map((c) => ({ ...c, assumption: `${c.assumption ?? ""}${said}`.trim() }))
      : found,
    fits,
  };
}

function divisors(n: number): number[] {
  const found: number[] = [];
  for (let d = 1; d <= n && found.length < 64; d++) if (n % d === 0) found.push(d);
  return found;
}

/**
 * Kernel shapes with `area` positions: from the spatial sizes when they tell, else square; and
 * where a spatial size is unknown (`None`), every shape of that many positions (an 11×41 kernel
 * over spectrograms of any length).
 */
function kernelShapes(
  area: number,
  rank: number,
  spatialIn: readonly (number | null)[],
  spatialOut: readonly (number | null)[],
): number[][] {
  const shapes: number[][] = [];
  const fromSpatial = spatialIn.map((d, i) => {
    const o = spatialOut[i];
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
  // Padding "same" or a stride hides the kernel's sides; an unknown size hides them too.
  const hidden = spatialIn.some((d, i) => d === null || spatialOut[i] === null) ||
    fromSpatial.some((k, i) => k !== 1 && spatialIn[i] === spatialOut[i]) ||
    !fromSpatial.every((k) => k !== null && k >= 1) ||
    (fromSpatial as number[]).reduce((a, b) => a * b, 1) !== area;
  if (hidden && rank > 1) {
    for (const ks of factorizations(area, rank)) {
      if (!shapes.some((s) => s.every((k, i) => k === ks[i]))) shapes.push(ks);
    }
  }
  return shapes;
}

/** The ways to write `area` as a product of `rank` sides, at most 24 of them. */
function factorizations(area: number, rank: number): number[][] {
  if (rank === 1) return [[area]];
  const found: number[][] = [];
  for (let k = 1; k <= area && found.length < 24; k++) {
    if (area % k !== 0) continue;
    for (const rest of factorizations(area / k, rank - 1)) {
      if (found.length < 24) found.push([k, ...rest]);
    }
  }
  return found;
}

/** What a row whose kernel has several shapes of one area assumes, for the one reported. */
function kernelAssumption(
  area: number,
  shapes: readonly number[][],
): (kernel: readonly number[]) => string {
  const all = shapes.map((s) => s.join("×"));
  return (kernel) =>
    `The row tells the kernel's ${area} positions but not its shape (a spatial size is ` +
    `unknown, or several shapes give these sizes): ${all.slice(0, 6).join(", ")}${
      all.length > 6 ? ", …" : ""
    } fit alike; ${kernel.join("×")} is shown.`;
}

/**
 * The candidates of a row whose count is not printed whole (cut with `…`, or `?`): square
 * kernels and the kernel the spatial sizes tell, with and without bias, on the row's input.
 */
function uncounted(
  rank: number,
  filters: number,
  input: Shape | null,
  out: Shape,
): RowCandidate[] {
  if (!input || input.length !== rank + 2) return [];
  const last = uncountedIn(rank, filters, input.slice(1, -1), out.slice(1, -1), input, false);
  // An output longer than its input on some axis no channels-last convolution gives (valid
  // padding shortens, same keeps or divides): only then is channels first tried.
  if (last.fits || typeof out[1] !== "number") return last.candidates;
  const first = uncountedIn(rank, out[1], input.slice(2), out.slice(2), input, true);
  return [...last.candidates, ...first.candidates];
}

/** {@linkcode uncounted} for one layout: its kernels guessed, and whether any geometry fits. */
function uncountedIn(
  rank: number,
  filters: number,
  spatial: Shape,
  spatialOut: Shape,
  input: Shape,
  channelsFirst: boolean,
): { candidates: RowCandidate[]; fits: boolean } {
  const kernels: number[][] = [];
  const fromSpatial = spatial.map((d, i) => {
    const o = spatialOut[i];
    return d !== null && o !== null ? d - o + 1 : null;
  });
  if (fromSpatial.every((k) => k !== null && k >= 1)) kernels.push(fromSpatial as number[]);
  for (const k of KERNEL_GUESSES) {
    if (!kernels.some((s) => s.every((d) => d === k))) kernels.push(new Array(rank).fill(k));
  }
  const fits = kernels.some((k) => fittingGeometries(k, spatial, spatialOut).length > 0);
  const layout = channelsFirst ? { dataFormat: "channels_first" } : {};
  const candidates = [true, false].flatMap((useBias) =>
    kernels.flatMap((kernelSize) =>
      geometries(kernelSize, spatial, spatialOut).map((geometry) => ({
        config: { filters, kernelSize, useBias, ...geometry, ...layout },
        input,
        ...(useBias && !channelsFirst ? {} : { unusual: true }),
      }))
    )
  );
  return { candidates, fits };
}

/**
 * The strides and padding that take the input's spatial sizes to the output's; or, with
 * stride 1, the dilation that does (Keras refuses dilating a strided convolution).
 */
function geometries(
  kernelSize: readonly number[],
  spatial: readonly (number | null)[],
  spatialOut: readonly (number | null)[],
): { strides: number[]; padding: Padding; dilationRate?: number[] }[] {
  const found = fittingGeometries(kernelSize, spatial, spatialOut);
  return found.length > 0 ? found : [{ strides: spatial.map(() => 1), padding: "valid" }];
}

/** The geometries of {@linkcode geometries} that give the printed sizes; none when none does. */
function fittingGeometries(
  kernelSize: readonly number[],
  spatial: readonly (number | null)[],
  spatialOut: readonly (number | null)[],
): { strides: number[]; padding: Padding; dilationRate?: number[] }[] {
  const out = [null, ...spatialOut];
  const found: { strides: number[]; padding: Padding; dilationRate?: number[] }[] = [];
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
  if (found.length === 0) {
    // A dilated window spans (k - 1) × d + 1 positions: "valid" shrinks each size by its span.
    const dilation = spatial.map((length, i) => {
      const o = out[i + 1];
      if (length === null || o === null) return 1;
      const span = length - o + 1;
      if (kernelSize[i] === 1) return span === 1 ? 1 : 0;
      const d = (span - 1) / (kernelSize[i] - 1);
      return Number.isInteger(d) && d >= 1 ? d : 0;
    });
    if (dilation.every((d) => d > 0) && dilation.some((d) => d > 1)) {
      found.push({ strides: spatial.map(() => 1), padding: "valid", dilationRate: dilation });
    }
  }
  return found;
}
