/**
 * ResNet50 against real Keras 3, in one run. Keras builds `keras.applications.ResNet50(weights=None)`
 * and writes its `to_json()`, the text a user saves; then, on that same text, Keras's
 * `model_from_json` + `count_params` is timed in the Python process this script starts (the
 * minimum of warm runs), and ours, `fromKerasJson` + `paramCount` and the same plus the printed
 * summary (the median of warm batches, and their minimum, the statistic Keras's side uses), and
 * the CPU time of both sides (the fastest run of each), which a shared machine's load moves least.
 * Our summary must be the one Keras prints for the model, byte for byte, and our count Keras's.
 * `JSON.parse` of the same text is the floor no reader can go below.
 *
 * ```sh
 * KERAS_BACKEND=jax deno run --allow-read --allow-run --allow-env bench/keras_applications.ts [.venv/bin/python]
 * ```
 *
 * @module
 */

import process from "node:process";
import { fromKerasJson } from "../mod.ts";

// Keras writes the JSON fresh (its `to_json()`, compact as Keras writes it, not the indented
// copy under notebooks/data/), prints the summary, then times reading the JSON back.
const KERAS_TIMING = `
import io, json, sys, time
import keras
model = keras.applications.ResNet50(weights=None)
text = model.to_json()
printed = io.StringIO()
model.summary(print_fn=lambda line, line_break=True: printed.write(line))
del model
keras.backend.clear_session()
times = []
cpu = []
for _ in range(int(sys.argv[1])):
    start = time.perf_counter()
    start_cpu = time.process_time()
    model = keras.models.model_from_json(text)
    count = model.count_params()
    times.append(time.perf_counter() - start)
    cpu.append(time.process_time() - start_cpu)
    keras.backend.clear_session()
print(json.dumps({
    "count": count,
    "min_ms": min(times) * 1000,
    "min_cpu_ms": min(cpu) * 1000,
    "version": keras.__version__,
    "json": text,
    "summary": printed.getvalue(),
}))
`;

/**
 * Calls `run` until it is warm: at least 300 calls and one second, as `deno bench` warms a case
 * up before timing it. Five calls left most of V8's optimizing and the heap's growth inside the
 * timed batches, so the median measured the warm-up (2.0 ms a call where a warm call takes
 * 1.3). Keras's side is its fastest of several runs in a process that has already imported it,
 * a warm run too.
 */
function warmUp(run: () => void): void {
  const start = performance.now();
  for (let calls = 0; calls < 300 || performance.now() - start < 1000; calls++) run();
}

/**
 * The CPU time of one call (every thread of the process, garbage collection included), in
 * milliseconds: the fastest of 21 batches of 20 calls. On a shared machine CPU time is what a
 * busy neighbour moves least; Keras's side is timed the same way (`time.process_time`).
 */
function cpuTimeIt(run: () => void): number {
  warmUp(run);
  let best = Infinity;
  for (let s = 0; s < 21; s++) {
    const start = process.cpuUsage();
    for (let i = 0; i < 20; i++) run();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000 / 20);
  }
  return best;
}

/** One call's time, in milliseconds: the median and the fastest of batches of at least 20 ms. */
interface Timing {
  readonly median: number;
  readonly min: number;
}

function timeIt(run: () => void): Timing {
  warmUp(run);
  const samples: number[] = [];
  for (let s = 0; s < 15; s++) {
    let calls = 0;
    const start = performance.now();
    do {
      run();
      calls++;
    } while (performance.now() - start < 20);
    samples.push((performance.now() - start) / calls);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], min: samples[0] };
}

/**
 * Measures Keras and us on ResNet50's JSON.
 *
 * @param python The Python with Keras 3 installed.
 * @param kerasRuns How many times Keras reads the model (its minimum is kept).
 * @returns The timings and the ratio.
 */
export async function measure(
  python: string,
  kerasRuns = 5,
): Promise<Record<string, number | string>> {
  const output = await new Deno.Command(python, {
    args: ["-c", KERAS_TIMING, String(kerasRuns)],
    env: { KERAS_BACKEND: Deno.env.get("KERAS_BACKEND") ?? "jax" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!output.success) {
    throw new Error(
      `Keras could not be timed: ${new TextDecoder().decode(output.stderr).slice(-500)}`,
    );
  }
  const keras = JSON.parse(new TextDecoder().decode(output.stdout).trim().split("\n").at(-1)!);
  const text: string = keras.json;
  const ours = fromKerasJson(text);
  if (ours.paramCount() !== keras.count) {
    throw new Error(`Counts differ: Keras ${keras.count}, ours ${ours.paramCount()}`);
  }
  // Keras prints its table with a line break after it; ours is the same lines.
  if (`${ours.summary()}\n` !== keras.summary) {
    throw new Error("Summaries differ: ours is not the table Keras printed for the same JSON");
  }
  const parse = timeIt(() => JSON.parse(text));
  const count = timeIt(() => fromKerasJson(text).paramCount());
  const summary = timeIt(() => String(fromKerasJson(text).summary()));
  const summaryCpu = cpuTimeIt(() => String(fromKerasJson(text).summary()));
  return {
    keras: keras.version,
    params: keras.count,
    jsonBytes: new TextEncoder().encode(text).length,
    kerasMs: keras.min_ms,
    parseMs: parse.median,
    countMs: count.median,
    countAndSummaryMs: summary.median,
    ratioCount: keras.min_ms / count.median,
    ratioSummary: keras.min_ms / summary.median,
    parseShareOfCount: parse.median / count.median,
    // The same statistic on both sides: Keras's fastest run against our fastest batch.
    countMinMs: count.min,
    countAndSummaryMinMs: summary.min,
    ratioCountOfMins: keras.min_ms / count.min,
    ratioSummaryOfMins: keras.min_ms / summary.min,
    // CPU time on both sides, the fastest run or batch of each.
    kerasCpuMs: keras.min_cpu_ms,
    countAndSummaryCpuMs: summaryCpu,
    ratioSummaryCpu: keras.min_cpu_ms / summaryCpu,
  };
}

if (import.meta.main) {
  const result = await measure(Deno.args[0] ?? ".venv/bin/python");
  console.log(JSON.stringify(result, null, 2));
}
