/**
 * `deno task oracle:graphs`: builds a fresh random set of functional graphs with real Keras 3
 * (tools/keras_oracle/graphs.py, in the venv `.ci/run` makes in `.venv/`) and runs
 * tests/keras3_graphs_test.ts on it. The seed is printed, so a failing set can be rebuilt.
 * Keras also prints each graph's summary twice with random options, and
 * tools/keras_oracle/prints_check.ts requires `explainSummary` to explain every table fully.
 *
 * ```sh
 * KERAS_BACKEND=jax deno run --allow-read --allow-write --allow-run --allow-env tools/keras_oracle/graphs_oracle.ts [COUNT]
 * ```
 *
 * @module
 */

import { PYTHON, requirePython, run } from "./_run.ts";

const LABEL = "oracle:graphs";
const ENV = { KERAS_BACKEND: "jax" };

if (import.meta.main) {
  requirePython(LABEL, ".ci/run builds the venv with Keras 3");
  const count = Deno.args[0] ?? "200";
  const seed = String(Math.floor(Math.random() * 2 ** 31));
  const out = await Deno.makeTempFile({ suffix: ".json" });
  console.log(`oracle:graphs: ${count} random graphs with seed ${seed}`);
  await run(LABEL, PYTHON, [
    "tools/keras_oracle/graphs.py",
    out,
    "--seed",
    seed,
    "--count",
    count,
    "--prints",
    "2",
  ], ENV);
  await run(LABEL, Deno.execPath(), [
    "test",
    "--lock=deno.lock",
    "--allow-read",
    "--allow-env",
    "tests/keras3_graphs_test.ts",
  ], { ...ENV, PARAMLAB_GRAPHS: out });
  // Keras prints, we read: every table Keras printed must be fully explained.
  await run(LABEL, Deno.execPath(), [
    "run",
    "--allow-read",
    "--allow-write",
    "tools/keras_oracle/prints_check.ts",
    "--label=oracle:graphs: keras prints",
    out,
  ], ENV);
}
