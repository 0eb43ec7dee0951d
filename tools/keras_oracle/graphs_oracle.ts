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

const PYTHON = ".venv/bin/python";

async function run(command: string, args: string[], env: Record<string, string> = {}) {
  const status = await new Deno.Command(command, {
    args,
    env: { KERAS_BACKEND: "jax", ...env },
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (!status.success) {
    console.error(`oracle:graphs: ${command} ${args.join(" ")} exited with ${status.code}`);
    Deno.exit(1);
  }
}

if (import.meta.main) {
  try {
    Deno.statSync(PYTHON);
  } catch {
    console.error(`oracle:graphs: ${PYTHON} is missing: .ci/run builds the venv with Keras 3`);
    Deno.exit(1);
  }
  const count = Deno.args[0] ?? "200";
  const seed = String(Math.floor(Math.random() * 2 ** 31));
  const out = await Deno.makeTempFile({ suffix: ".json" });
  console.log(`oracle:graphs: ${count} random graphs with seed ${seed}`);
  await run(PYTHON, [
    "tools/keras_oracle/graphs.py",
    out,
    "--seed",
    seed,
    "--count",
    count,
    "--prints",
    "2",
  ]);
  await run(Deno.execPath(), [
    "test",
    "--lock=deno.lock",
    "--allow-read",
    "--allow-env",
    "tests/keras3_graphs_test.ts",
  ], { PARAMLAB_GRAPHS: out });
  // Keras prints, we read: every table Keras printed must be fully explained.
  await run(Deno.execPath(), [
    "run",
    "--allow-read",
    "--allow-write",
    "tools/keras_oracle/prints_check.ts",
    "--label=oracle:graphs: keras prints",
    out,
  ]);
}
