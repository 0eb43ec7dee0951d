/**
 * What the keras-hub tests share: the backbones oracle real keras-hub recorded
 * (tests/fixtures/keras_hub_backbones.json, or the fresh seed CI points
 * PARAMLAB_KERAS_HUB_ORACLE at), its snake_case arguments in camelCase, and the printed-summary
 * fixtures of keras-hub presets.
 *
 * @module
 */

import assert from "assert";
import { explainSummary } from "../mod.ts";

/** One weight real keras-hub created. */
export interface OracleWeight {
  path: string;
  shape: readonly number[];
  trainable: boolean;
}

/** One small random backbone real keras-hub built, with its layers and summary. */
export interface OracleBackbone {
  class: string;
  config: Record<string, unknown>;
  lora_rank?: number | null;
  name: string;
  params: number;
  trainable: number;
  layers: { name: string; class: string; params: number; weights: OracleWeight[] }[];
  summary: string;
}

/** The backbones oracle: the backbones, and every preset's published metadata.params. */
export interface Oracle {
  backbones: OracleBackbone[];
  presets: Record<string, { params: number | null }>;
}

// CI records a fresh seed with real keras-hub and points PARAMLAB_KERAS_HUB_ORACLE at it.
const FRESH = Deno.permissions.querySync({ name: "env", variable: "PARAMLAB_KERAS_HUB_ORACLE" })
    .state === "granted"
  ? Deno.env.get("PARAMLAB_KERAS_HUB_ORACLE")
  : undefined;

/** The backbones oracle, the fresh one when CI gives it. */
export const ORACLE: Oracle = JSON.parse(
  await Deno.readTextFile(
    FRESH ?? new URL("./fixtures/keras_hub_backbones.json", import.meta.url),
  ),
);

/** A snake_case name in camelCase. */
export function camel(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** keras-hub's snake_case arguments in camelCase, a nested backbone's (CLIP's encoders) too. */
export function camelArgs(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config).map(([k, v]) => [
      camel(k),
      typeof v === "object" && v !== null && !Array.isArray(v)
        ? camelArgs(v as Record<string, unknown>)
        : v,
    ]),
  );
}

/** One model real keras-hub printed with a preset's backbone inside. */
export interface SummaryCase {
  preset: string;
  className: string;
  kind: "functional" | "task";
  backboneParams: number;
  params: number;
  summary: string;
}

/** The printed summaries of a fixture that tools/keras_oracle/ wrote. */
export async function summaryCases(fixture: string): Promise<SummaryCase[]> {
  const text = await Deno.readTextFile(new URL(`./fixtures/${fixture}`, import.meta.url));
  return (JSON.parse(text) as { cases: SummaryCase[] }).cases;
}

/**
 * A printed case read back: every row checked and consistent, the totals too (asserted).
 *
 * @returns Where the case is, for messages, and the explanation.
 */
export function explainedCase(c: SummaryCase) {
  const where = `${c.preset} (${c.kind})`;
  const explained = explainSummary(c.summary);
  const unchecked = explained.rows.filter((r) => !r.checked).map((r) => r.name);
  assert.deepEqual(unchecked, [], `${where}: rows not checked`);
  assert.ok(explained.rows.every((r) => r.consistent), where);
  assert.ok(explained.totals.consistent, where);
  return { where, explained };
}
