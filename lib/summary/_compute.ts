// How the summary writes compute: a MACs cell per row and a total line (our addition to
// Keras's table, drawn only with `compute: true`). Internal to `lib/summary/`.

import { formatCount } from "./_format.ts";
import type { SummaryData } from "./data.ts";

const UNITS = [[1e12, "T"], [1e9, "G"], [1e6, "M"], [1e3, "K"]] as const;

/**
 * A count of MACs in a few characters: `4.1 G`, `144.0 K`, `650`.
 *
 * @param macs The count.
 * @returns Its short form.
 */
export function shortMacs(macs: number): string {
  for (const [size, unit] of UNITS) {
    if (macs >= size) return `${(macs / size).toFixed(1)} ${unit}`;
  }
  return String(macs);
}

/**
 * A row's MACs cell: the exact count, or `?` where it is not known.
 *
 * @param macs The row's MACs.
 * @returns The cell.
 */
export function macsCell(macs: number | undefined): string {
  return macs === undefined ? "?" : formatCount(macs);
}

/**
 * Whether a summary's data asks for the compute column.
 *
 * @param data The summary's data.
 * @returns Whether it has a total, or why there is none.
 */
export function hasCompute(data: SummaryData): boolean {
  return data.totalMacs !== undefined || data.macsUnknown !== undefined;
}

/**
 * The total line, or why there is none.
 *
 * @param data The summary's data.
 * @returns The line, without indentation.
 */
export function computeLine(data: SummaryData): string {
  return data.totalMacs !== undefined
    ? macsTotalLine(data.totalMacs)
    : `Total MACs: unknown (${data.macsUnknown})`;
}

/**
 * The total line: `Total MACs: 4.1 G (per example; FLOPs = 2 × MACs = 8.2 G)`.
 *
 * @param total The model's MACs for one example.
 * @returns The line, without indentation.
 */
export function macsTotalLine(total: number): string {
  return `Total MACs: ${shortMacs(total)} (per example; FLOPs = 2 × MACs = ${
    shortMacs(2 * total)
  })`;
}
