/**
 * `deno task oracle:macs`: traces a fresh random set of models with real Keras 3 on JAX
 * (tools/keras_oracle/macs_oracle.py: random Sequential models of every supported kind, random
 * graphs, random small models of keras-hub's layers and of the kinds neither builder draws, and
 * ResNet50) and runs tests/macs_test.ts on it. Without keras_hub its models are skipped with the
 * reason printed; with `PARAMLAB_REQUIRE_KERAS_HUB=1` (CI) the run fails instead. The seed is printed;
 * `PARAMLAB_MACS_SEED=<seed>` replays a run.
 *
 * `deno task oracle:macs --fixtures` writes the committed set tests/fixtures/keras3_macs.json.gz
 * instead (more applications), which `deno task test` reads without Python.
 *
 * @module
 */

import { freshSeed, PYTHON, requirePython, run } from "./_run.ts";

const TRACER = "tools/keras_oracle/macs_oracle.py";
const LABEL = "oracle:macs";

if (import.meta.main) {
  const fixtures = Deno.args.includes("--fixtures");
  requirePython(LABEL, "real Keras 3 lives in a venv that .ci/run builds");
  const seed = freshSeed("PARAMLAB_MACS_SEED");
  console.log(`oracle:macs: seed ${seed} (replay with PARAMLAB_MACS_SEED=${seed})`);
  await Deno.mkdir("out", { recursive: true });
  const out = fixtures ? "out/keras3_macs.json" : "out/keras3_macs_fresh.json";
  const applications = fixtures
    ? "ResNet50,MobileNetV2,VGG16,InceptionV3,EfficientNetB0"
    : "ResNet50";
  await run(LABEL, PYTHON, [
    TRACER,
    out,
    "--seed",
    seed,
    "--count",
    fixtures ? "120" : "60",
    "--graphs",
    fixtures ? "40" : "20",
    "--seconds",
    fixtures ? "900" : "120",
    "--applications",
    applications,
  ], {
    KERAS_BACKEND: "jax",
    PATH: Deno.env.get("PATH") ?? "",
    // CI sets it: keras-hub's layers must be traced, not skipped.
    PARAMLAB_REQUIRE_KERAS_HUB: Deno.env.get("PARAMLAB_REQUIRE_KERAS_HUB") ?? "",
  });
  if (fixtures) {
    await run(LABEL, "gzip", ["-9", "-f", "-k", out], {});
    await Deno.rename(`${out}.gz`, "tests/fixtures/keras3_macs.json.gz");
    console.log("oracle:macs: wrote tests/fixtures/keras3_macs.json.gz");
  } else {
    await run(LABEL, Deno.execPath(), [
      "test",
      "--allow-read",
      "--allow-env",
      "tests/macs_test.ts",
    ], { PARAMLAB_MACS_FIXTURE: out });
  }
}
