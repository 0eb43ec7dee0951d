/**
 * The parts of reading ResNet50's Keras 3 JSON to its printed summary, each timed alone by CPU
 * time in one process: `JSON.parse` of the text, reading the parsed object into a model, the
 * summary of the built model, and the whole call `bench/keras_applications.ts` times. CPU time is
 * what a shared machine's load moves least; comparing two versions of the library, run their
 * processes in turn (`bench/keras_applications_parts.ts` of each checkout) and compare the
 * fastest of each.
 *
 * ```sh
 * deno run --allow-read bench/keras_applications_parts.ts [runs]
 * ```
 *
 * @module
 */

import process from "node:process";
import { fromKerasJson } from "../mod.ts";

const JSON_FILE = new URL("../notebooks/data/resnet50_keras3.json", import.meta.url);

/**
 * The CPU time of one call (every thread of the process, garbage collection included), in
 * milliseconds: the fastest of `batches` batches of 10 calls, after 100 calls to warm up.
 *
 * @param run The call.
 * @param batches How many batches.
 * @returns The milliseconds.
 */
export function cpuTimeOf(run: () => unknown, batches = 80): number {
  for (let i = 0; i < 100; i++) run();
  let best = Infinity;
  for (let b = 0; b < batches; b++) {
    const start = process.cpuUsage();
    for (let i = 0; i < 10; i++) run();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000 / 10);
  }
  return best;
}

/**
 * Times each part of the call.
 *
 * @param batches How many batches of 10 calls each part is timed over.
 * @returns The milliseconds of each part.
 */
export async function measureParts(batches = 80): Promise<Record<string, number>> {
  const text = await Deno.readTextFile(JSON_FILE);
  const parsed = JSON.parse(text);
  const model = fromKerasJson(parsed);
  return {
    parseCpuMs: cpuTimeOf(() => JSON.parse(text), batches),
    readParsedCpuMs: cpuTimeOf(() => fromKerasJson(parsed), batches),
    summaryOfBuiltCpuMs: cpuTimeOf(() => String(model.summary()), batches),
    wholeCpuMs: cpuTimeOf(() => String(fromKerasJson(text).summary()), batches),
  };
}

if (import.meta.main) {
  console.log(JSON.stringify(await measureParts(Number(Deno.args[0] ?? 80)), null, 2));
}
