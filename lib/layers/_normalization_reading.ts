// How the normalizations' printed rows are read backwards: which axes, scale and center, and
// for GroupNormalization, gamma and beta whatever the groups. Internal to the normalization family.

import type { RowReading } from "./kind.ts";
import { lastSize } from "./reading.ts";

/**
 * How a batch or layer normalization's row is read: on its input (its own output for a first
 * layer), with or without its scale and its offset.
 */
export const NORMALIZATION_READING: RowReading = {
  // Axes are tried one at a time and in pairs; a normalization over more of them, which a row
  // none fits would be, is not checked rather than flagged.
  partial: true,
  candidates: (row) => {
    if (!row.out) return [];
    const input = row.input ?? row.out;
    const combos = [[true, true], [true, false], [false, true], [false, false]];
    const usual = combos.map(([scale, center]) => ({ config: { scale, center }, input }));
    // Another feature axis (`axis=1`, channels first), or two of them: tried only when the
    // last does not fit. Axes of one size give one count, so which of them is not told.
    const rest = input.slice(1, -1).map((_, i) => i + 1);
    const axes: number[][] = [
      ...rest.map((a) => [a]),
      ...input.slice(1).flatMap((_, i) => input.slice(i + 2).map((_, j) => [i + 1, i + j + 2])),
    ];
    const others = axes.flatMap((axis) => {
      const sizes = axis.map((a) => input[a]);
      if (sizes.some((d) => d === null)) return [];
      const size = (sizes as number[]).reduce((a, b) => a * b, 1);
      const same = axes.filter((other) =>
        other.length === axis.length &&
        other.map((a) => input[a]).reduce<number>((p, d) => p * (d ?? 0), 1) === size
      );
      return combos.map(([scale, center]) => ({
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
    return [...usual, ...others];
  },
  lastSizes: (input) => {
    const last = lastSize(input);
    return last === undefined ? [] : [last];
  },
};

/**
 * How a GroupNormalization's row is read: gamma and beta per channel, whatever the groups.
 */
export const GROUP_NORMALIZATION_READING: RowReading = {
  // Gamma and beta per channel whatever the groups: the row does not tell them, so one
  // group per channel (-1) stands in; with or without scale and center. Another channel axis
  // (`axis=1`, channels first) is tried after the last; axes of one size give one count, so
  // which of them is not told, and said. A row none fits is not checked.
  partial: true,
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
