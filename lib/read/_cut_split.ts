// The printed split of a total (`Trainable params`, `Non-trainable params`) as a bound on the
// ways to fill the counts a column cut short (lib/read/_cut_counts.ts), with the rows as the sums
// see them. Internal to the reader.

import { findKind, layerKinds } from "../layers/registry.ts";
import type { ExplainedRow, ParsedSummary } from "./rows.ts";

/** A row as the sums see it. */
export type Node =
  /** A count known: printed, or the one every configuration that fits the row has. */
  | { readonly kind: "known"; readonly index: number; readonly count: number }
  /** A cut count that configurations of these counts fit. */
  | { readonly kind: "choice"; readonly index: number; readonly counts: readonly number[] }
  /**
   * A cut count any count starting with its digits may fill: read again with it (a layer), or
   * not (a nested model printed nowhere, which no count can be checked against).
   */
  | { readonly kind: "free"; readonly index: number }
  /** A nested model's cut count, printed with its layers: their sum. */
  | { readonly kind: "group"; readonly index: number; readonly children: readonly Node[] }
  /** A count nothing tells. */
  | { readonly kind: "unknown"; readonly index: number };

/** One way to fill the cut counts under a sum: each row's count, and what they add up to. */
export interface Filling {
  readonly counts: readonly (readonly [number, number])[];
  readonly sum: number;
}

/**
 * Whether a filling can keep the printed `Non-trainable params`, where the table's `Trainable`
 * column tells each layer's part: a frozen layer (`N`, or under a frozen nested model) keeps all
 * of its count, a layer without weights (`-`) none, and a trainable one (`Y`) at least what every
 * reading of its count keeps non-trainable (a BatchNormalization's moving statistics) and at most
 * all of it (a LoRA kernel, weights frozen one by one). A kind that takes LoRA may keep its
 * kernel or not, so its least is none. A row whose flag or count is not known rules nothing out.
 */
export function splitFits(
  parsed: ParsedSummary,
  top: readonly Node[],
  rows: readonly ExplainedRow[],
  filling: Filling,
  reread: ReadonlyMap<number, ExplainedRow>,
): boolean {
  const { totalParams, trainableParams, nonTrainableParams, optimizerParams } = parsed;
  const target = nonTrainableParams ??
    (totalParams === undefined || trainableParams === undefined
      ? undefined
      : totalParams - (optimizerParams ?? 0) - trainableParams);
  if (target === undefined) return true;
  const counts = new Map(filling.counts);
  let least = 0;
  let most = 0;
  let known = true;
  const visit = (node: Node, frozen: boolean): void => {
    const row = rows[node.index];
    const flag = row.trainableFlag;
    if (node.kind === "group") {
      for (const child of node.children) visit(child, frozen || flag === "N");
      return;
    }
    const count = node.kind === "known"
      ? node.count
      : node.kind === "unknown"
      ? undefined
      : counts.get(node.index);
    if (count === undefined || flag === undefined) {
      known = false;
    } else if ((frozen || flag === "N") && trainsFrozen(row)) {
      most += count;
    } else if (frozen || flag === "N") {
      least += count;
      most += count;
    } else if (flag === "Y") {
      least += leastKept(reread.get(node.index) ?? row);
      most += count;
    }
  };
  for (const node of top) visit(node, false);
  return !known || (least <= target && target <= most);
}

/**
 * Whether a row printed frozen (`N`) may still count in `Trainable params`: a kind whose weights
 * Keras builds in a cell created trainable (ConvLSTM created with `trainable=False`), or a class
 * cut short that may be one.
 */
function trainsFrozen(row: ExplainedRow): boolean {
  const name = row.layer?.className ?? row.className;
  if (name === undefined) return false;
  if (!row.classNameCut || row.layer) return findKind(name)?.weightsInTrainableCell === true;
  return layerKinds().some((kind) =>
    kind.className.startsWith(name) && kind.weightsInTrainableCell
  );
}

/**
 * The least part of a trainable row's count that any layer read with it keeps non-trainable:
 * what its reading keeps (the least of several, when its configurations differ), and none for
 * a kind that takes LoRA (the kernel a LoRA reading would freeze) or a row not read.
 */
function leastKept(row: ExplainedRow): number {
  const className = row.layer?.className ?? row.className;
  const kind = className === undefined ? undefined : findKind(className);
  if (!kind || kind.options["loraRank"] !== undefined || !row.checked || !row.explanation) return 0;
  return row.nonTrainableRange?.[0] ?? row.explanation.nonTrainableParamCount;
}

/**
 * Keras's Trainable column as a bound on a filling of the printed total: a frozen layer (`N`)
 * and one without weights (`-`) hold none of `Trainable params`, any other at most its count,
 * so the counts of the top rows not frozen add up to the printed trainable count or more. (No
 * closer: a layer marked `Y` may keep statistics, a LoRA kernel, a frozen sublayer or a frozen
 * weight untrained.) `undefined` when the table prints no Trainable column or count.
 */
export function trainableBound(
  parsed: ParsedSummary,
  top: readonly Node[],
  rows: readonly ExplainedRow[],
): ((filling: Filling) => boolean) | undefined {
  const trainable = parsed.trainableParams;
  if (trainable === undefined || !rows.some((r) => r.trainableFlag !== undefined)) return undefined;
  return (filling) => {
    const counts = new Map(filling.counts);
    const countOf = (node: Node): number | undefined => {
      if (node.kind === "known") return node.count;
      if (node.kind === "choice" || node.kind === "free") return counts.get(node.index);
      if (node.kind === "unknown") return undefined;
      const printed = rows[node.index].paramCount;
      if (printed !== null) return printed;
      let sum = 0;
      for (const child of node.children) {
        const count = countOf(child);
        if (count === undefined) return undefined;
        sum += count;
      }
      return sum;
    };
    let most = 0;
    for (const node of top) {
      const flag = rows[node.index].trainableFlag;
      if (flag === "-" || (flag === "N" && !trainsFrozen(rows[node.index]))) continue;
      const count = countOf(node);
      if (count === undefined) return true;
      most += count;
    }
    return trainable <= most;
  };
}
