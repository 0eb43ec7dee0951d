// How the normalizations' printed rows are read backwards: which axes, scale and center, and
// for GroupNormalization, gamma and beta whatever the groups. Internal to the normalization family.

import type { PrintedRow, RowReading } from "./kind.ts";
import type { Shape } from "../shape.ts";
import { lastSize } from "./reading.ts";

const SCALE_CENTER = [[true, true], [true, false], [false, true], [false, false]];

/**
 * The axis sets a normalization is tried over besides the last axis, each once, as lists of
 * input indices: one axis at a time and pairs (BatchNormalization, which takes one axis), or every
 * set of the sample's axes (LayerNormalization, up to {@linkcode MAX_SUBSET_RANK}).
 */
function otherAxes(input: Shape, every: boolean): number[][] {
  const axes = input.slice(1).map((_, i) => i + 1);
  if (every && input.length <= MAX_SUBSET_RANK) {
    const sets: number[][] = [];
    for (let mask = 1; mask < 1 << axes.length; mask++) {
      const set = axes.filter((_, i) => (mask & (1 << i)) !== 0);
      if (set.length !== 1 || set[0] !== input.length - 1) sets.push(set);
    }
    return sets;
  }
  return [
    ...axes.slice(0, -1).map((a) => [a]),
    ...axes.flatMap((a, i) => axes.slice(i + 1).map((b) => [a, b])),
  ];
}

/** The largest input rank (batch included) whose every set of axes LayerNormalization tries. */
const MAX_SUBSET_RANK = 6;

/**
 * How a batch or layer normalization's row is read: on its input (its own output for a first
 * layer), with or without its scale and its offset, over the last axis or others, and for a
 * BatchNormalization, with or without batch renormalization.
 *
 * @param every Whether every set of the sample's axes is a configuration (LayerNormalization's
 * `axis` list); otherwise one axis (BatchNormalization; pairs are tried and refused by it).
 */
function normalizationReading(every: boolean): RowReading {
  // BatchNormalization's batch renormalization (`renorm`) keeps three more statistics per
  // feature in Keras 3, non-trainable; TF.js has none, and tf.keras's (Keras 2) is not checked
  // here against a real one, so its tables are read without it.
  const renorms = (row: PrintedRow) => every || row.printer !== "keras3" ? [false] : [false, true];
  return {
    // Over an input of known batch, every axis (LayerNormalization: every set of axes) tried,
    // the candidates are every configuration: a normalization's axes, scale and center (and
    // BatchNormalization's renorm) are all there is to it. Not so for Keras 2's
    // BatchNormalization, which also takes a list of axes, nor over an input of unknown rank.
    partial: true,
    completeFor: (row) => {
      const input = row.input ?? row.out;
      return input !== null && input[0] === null &&
        (every ? input.length <= MAX_SUBSET_RANK : row.printer === "keras3");
    },
    candidates: (row) => {
      if (!row.out) return [];
      const input = row.input ?? row.out;
      const usual = SCALE_CENTER.map(([scale, center]) => ({ config: { scale, center }, input }));
      // Another feature axis (`axis=1`, channels first), or several: tried only when the last
      // does not fit. Axis sets of one size give one count, so which of them is not told.
      const axes = otherAxes(input, every);
      const sizeOf = (set: readonly number[]) =>
        set.reduce<number>((p, a) => p * (input[a] ?? Number.NaN), 1);
      const others = axes.flatMap((axis) => {
        const size = sizeOf(axis);
        if (Number.isNaN(size)) return [];
        const same = axes.filter((other) => other.length === axis.length && sizeOf(other) === size);
        return SCALE_CENTER.map(([scale, center]) => ({
          config: { axis: axis.length === 1 ? axis[0] : axis, scale, center },
          input,
          unusual: true,
          ...(same.length > 1
            ? {
              assumption: `Axes ${
                same.map((a) => a.join(" and ")).join(", ")
              } give the same count: which is normalized is not told by the row.`,
            }
            : {}),
        }));
      });
      // Batch renormalization: every configuration above again with it, unusual.
      const renormed = renorms(row).includes(true)
        ? [...usual, ...others].map((c) => ({
          ...c,
          config: { ...c.config, renorm: true },
          unusual: true,
        }))
        : [];
      return [...usual, ...others, ...renormed];
    },
    lastSizes: (input) => {
      const last = lastSize(input);
      return last === undefined ? [] : [last];
    },
  };
}

/** How a BatchNormalization's row is read (see {@linkcode normalizationReading}). */
export const BATCH_NORMALIZATION_READING: RowReading = normalizationReading(false);

/** How a LayerNormalization's row is read (see {@linkcode normalizationReading}). */
export const LAYER_NORMALIZATION_READING: RowReading = normalizationReading(true);

/**
 * How a GroupNormalization's row is read: gamma and beta per channel, whatever the groups.
 */
export const GROUP_NORMALIZATION_READING: RowReading = {
  // Gamma and beta per channel whatever the groups: the row does not tell them, so one
  // group per channel (-1) stands in; with or without scale and center. Another channel axis
  // (`axis=1`, channels first) is tried after the last; axes of one size give one count, so
  // which of them is not told, and said. In a Keras 3 table, over an input of known batch,
  // that is every count there is (Keras 3's axis is one integer, and the groups split the
  // channels without adding to them), so a count cut short is chosen among them and a row none
  // fits is flagged; elsewhere a row none fits is not checked.
  partial: true,
  completeFor: (row) => {
    const input = row.input ?? row.out;
    return input !== null && input[0] === null && row.printer === "keras3";
  },
  candidates: (row) => {
    const input = row.input ?? row.out;
    if (!input) return [];
    const combos = [[true, true], [true, false], [false, true], [false, false]];
    const last = combos.map(([scale, center]) => ({
      config: { groups: -1, scale, center },
      input,
      unread: ["groups"],
    }));
    const others = input.slice(1, -1).flatMap((size, i) => {
      if (size === null) return [];
      const same = input.slice(1).filter((d) => d === size).length;
      return combos.map(([scale, center]) => ({
        config: { groups: -1, axis: i + 1, scale, center },
        input,
        unread: ["groups"],
        unusual: true,
        ...(same > 1
          ? {
            assumption: `Axes of size ${size} give the same count: which is normalized is ` +
              `not told by the row.`,
          }
          : {}),
      }));
    });
    return [...last, ...others];
  },
  lastSizes: (input) => {
    const last = lastSize(input);
    return last === undefined ? [] : [last];
  },
};
