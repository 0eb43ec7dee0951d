// A row of a kind the registry declares but the reader has no dedicated rule for: tried with
// the kind's defaults, its first positional option (units, filters) read from the output's last
// dimension, and small kernel sizes when the kind requires one. A configuration that reproduces
// the printed count and shape checks the row; when none does, the row is not checked: a generic
// guess that misses is no finding about the table. Internal to the reader.

import type { Layer, OutputShape } from "../layers/base.ts";
import type { LayerKind } from "../layers/kind.ts";
import { explainLayer, type Explanation } from "../explain.ts";
import type { ParsedRow } from "../parse_summary.ts";
import type { Shape } from "../shape.ts";
import { lastOf, singleShape } from "./_text.ts";
import type { RegisteredConfig } from "./config.ts";
import type { ExplainedRow } from "./result.ts";

const KERNEL_GUESSES = [3, 1, 2, 5, 7, 4] as const;

/** Explains a row of a registered kind, or says why it is not checked. */
export function explainRegistered(
  row: ParsedRow,
  kind: LayerKind,
  input: Shape | readonly Shape[] | null,
  base: Omit<ExplainedRow, "checked" | "consistent">,
  sameOutput: (printed: OutputShape, expected: OutputShape) => boolean,
): ExplainedRow {
  const notChecked = (reason: string, note: string): ExplainedRow => ({
    ...base,
    checked: false,
    consistent: true,
    notCheckedReason: reason,
    note,
  });
  if (input === null) {
    return notChecked(
      "input unknown",
      `paramlab knows the ${kind.className} layer, but this row's input is not known, so its ` +
        `configuration cannot be inferred and the row is not checked.`,
    );
  }
  const out = row.outputShapeCut ? null : row.outputShape;
  for (const config of configsToTry(kind, input, singleShape(out))) {
    let layer: Layer;
    try {
      layer = kind.create({ ...config }).build(input as Shape);
    } catch (error) {
      if (error instanceof TypeError || error instanceof RangeError) continue;
      throw error;
    }
    const count = layer.paramCount();
    const output = layer.outputShape();
    if (row.paramCount !== null && count !== row.paramCount) continue;
    if (out !== null && !sameOutput(out, output)) continue;
    // A layer of several inputs (a merge) has no one input to explain it on, and no weights.
    const several = input !== null && singleShape(input) === null;
    const explanation: Explanation | undefined = several && count === 0
      ? undefined
      : explainLayer(layer);
    const inferred: RegisteredConfig = { className: "Registered", kind: kind.className, config };
    return {
      ...base,
      layer: inferred,
      layerInputShape: singleShape(input),
      expectedOutputShape: output,
      expectedParamCount: count,
      ...(explanation && explanation.paramCount > 0 ? { formula: explanation.annotation } : {}),
      ...(explanation ? { explanation } : {}),
      filled: row.paramCount === null,
      checked: true,
      consistent: true,
    };
  }
  return notChecked(
    `${kind.className} configuration not inferred`,
    `paramlab knows the ${kind.className} layer, but no configuration it tries (the defaults, ` +
      `its first argument read from the shapes, small kernels and strides, shared axes) gives ` +
      `this row's count and shape, so the row is not checked.`,
  );
}

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
  const kernel = kind.options["kernelSize"];
  if (kernel !== undefined && input !== undefined) {
    const rank = Math.max(1, input.length - 2);
    for (const k of KERNEL_GUESSES) {
      for (const strides of [1, 2]) {
        for (const padding of ["valid", "same"]) {
          configs.push({
            ...first,
            kernelSize: new Array(rank).fill(k),
            ...(strides === 1 ? {} : { strides: new Array(rank).fill(strides) }),
            ...(padding === "valid" ? {} : { padding }),
          });
        }
      }
    }
  }
  return configs;
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
