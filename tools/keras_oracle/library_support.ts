/**
 * What the library reads, asked through its public API only: the Keras classes of
 * `supportedKerasClasses()`, and which of the generator's probe models (one per option, as real
 * Keras exports it) `fromKerasJson` loads. Reads `{"probes": {tag: modelJson}}` on standard input
 * and prints `{"classes": [...], "refused": {tag: message}}`.
 *
 * Used by generate.py, so that kinds and options the library does not have yet are skipped, and
 * tested as soon as they land.
 *
 * @module
 */

import { fromKerasJson, supportedKerasClasses } from "../../mod.ts";

/**
 * Which probes the library refuses, and why.
 *
 * @param probes Models in Keras's JSON, by option tag.
 * @returns The error message of each probe `fromKerasJson` throws on.
 *
 * @example
 * ```ts
 * import { refusedProbes } from "./library_support.ts";
 * import assert from "assert";
 *
 * const refused = refusedProbes({ nonsense: { class_name: "Conv4D", config: {} } });
 * assert.match(refused.nonsense, /Conv4D/);
 * ```
 */
export function refusedProbes(probes: Record<string, unknown>): Record<string, string> {
  const refused: Record<string, string> = {};
  for (const [tag, json] of Object.entries(probes)) {
    try {
      fromKerasJson(json as object);
    } catch (error) {
      refused[tag] = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
  }
  return refused;
}

if (import.meta.main) {
  const input = JSON.parse(await new Response(Deno.stdin.readable).text());
  const answer = { classes: supportedKerasClasses(), refused: refusedProbes(input.probes ?? {}) };
  console.log(JSON.stringify(answer));
}
