// Reads the seed documents the project was created from, so tests can show that every number
// they expect is printed there. The documents live in ../shared/seeds beside the checkout.

import { formatOutputShape, type Shape } from "../lib/shape.ts";

const SEEDS = new URL("../../shared/seeds/", import.meta.url);

/** The seed documents by the names the tests use. */
export const SEED_FILES = {
  "000": "000_822351b6a1043fd2.txt",
  "001": "001_ad599736307db118.txt",
  "002": "002_10f3f115377bdf06.txt",
  "003": "003_66df58369b01d15e.txt",
  "004": "004_475add03e1c89f7c.txt",
} as const;

/** A seed's number, e.g. `"000"`. */
export type SeedId = keyof typeof SEED_FILES;

const cache = new Map<SeedId, string>();

/** The text of a seed document. */
export function seedText(id: SeedId): string {
  let text = cache.get(id);
  if (text === undefined) {
    text = Deno.readTextFileSync(new URL(SEED_FILES[id], SEEDS));
    cache.set(id, text);
  }
  return text;
}

/** A row of a printed summary: layer label, output shape, count, as the document prints them. */
export interface SeedRow {
  readonly label: string;
  readonly shape: Shape | readonly Shape[];
  readonly params: number;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Whether the seed prints this row on one line: the label, then the shape, then the count (with
 * or without thousands separators), whatever the spacing.
 */
export function seedShowsRow(id: SeedId, row: SeedRow): boolean {
  const count = `(?:${row.params}|${row.params.toLocaleString("en-US")})`;
  const pattern = new RegExp(
    `${escapeRegExp(row.label)}\\s+${escapeRegExp(formatOutputShape(row.shape))}\\s+${count}\\b`,
  );
  return pattern.test(seedText(id));
}

/** Whether the seed prints this text, ignoring differences in runs of spaces. */
export function seedShows(id: SeedId, text: string): boolean {
  const squash = (s: string) => s.replace(/[ \t]+/g, " ");
  return squash(seedText(id)).includes(squash(text));
}
