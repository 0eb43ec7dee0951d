/**
 * `deno task oracle`: builds a fresh random set of models with real Keras 3 (the venv `.ci/run`
 * makes in `.venv/`) and runs tests/keras3_oracle_test.ts on it. The base seed is printed;
 * `PARAMLAB_ORACLE_SEED=<seed>` replays a run, `PARAMLAB_ORACLE_COUNT=<n>` sets how many models
 * (at least 300, the default).
 *
 * Keras also prints each model's summary twice, with random options (line length, show_trainable,
 * expand_nested, frozen layers, a compiled optimizer), and tools/keras_oracle/prints_check.ts
 * requires `explainSummary` to explain every table fully ("Keras prints, we read"); a failing
 * table is written to out/keras-prints-failures/.
 *
 * `deno task oracle:fixtures` (this script with `--fixtures`) regenerates the committed set in
 * tests/fixtures/keras3_oracle/ instead, which `deno task test` reads without Python.
 *
 * @module
 */

import { fail, freshSeed, PYTHON, requirePython, run } from "./_run.ts";

const LABEL = "oracle";
const GENERATOR = "tools/keras_oracle/generate.py";
const MINIMUM = 300;
/** Tables Keras prints of each model, with random options (tools/keras_oracle/prints.py). */
const PRINTS_PER_MODEL = 2;

if (import.meta.main) {
  const fixtures = Deno.args.includes("--fixtures");
  requirePython(
    LABEL,
    "real Keras 3 lives in a venv that .ci/run builds; by hand: " +
      "PIP_RETRIES=0 PIP_DEFAULT_TIMEOUT=5 python3 -m venv .venv && " +
      ".venv/bin/pip install keras jax jaxlib",
  );
  const count = Number(Deno.env.get("PARAMLAB_ORACLE_COUNT") ?? MINIMUM);
  if (!Number.isInteger(count) || count < MINIMUM) {
    fail(
      LABEL,
      `PARAMLAB_ORACLE_COUNT must be an integer of at least ${MINIMUM}, received ${count}`,
    );
  }
  const seed = freshSeed("PARAMLAB_ORACLE_SEED");
  console.log(`oracle: base seed ${seed} (replay with PARAMLAB_ORACLE_SEED=${seed})`);
  const out = fixtures ? "tests/fixtures/keras3_oracle" : "out/keras3_oracle";
  const env = { KERAS_BACKEND: "jax" };
  await run(LABEL, PYTHON, [
    GENERATOR,
    "--out",
    out,
    "--seed",
    seed,
    "--count",
    String(count),
    "--deno",
    Deno.execPath(),
    ...(fixtures ? [] : ["--prints", String(PRINTS_PER_MODEL)]),
  ], env);
  if (!fixtures) {
    await run(LABEL, Deno.execPath(), [
      "test",
      "--allow-read",
      "--allow-env",
      "tests/keras3_oracle_test.ts",
    ], { PARAMLAB_ORACLE_DIR: out });
    // Keras prints, we read: every table Keras printed must be fully explained.
    await run(LABEL, Deno.execPath(), [
      "run",
      "--allow-read",
      "--allow-write",
      "tools/keras_oracle/prints_check.ts",
      "--label=oracle: keras prints",
      out,
    ], {});
  }
}
