// Differential tests against real Keras 3. tools/keras_oracle/generate.py builds random
// Sequential models in Keras 3.15.1 and records, for each, model.to_json(), every layer's
// count_params(), trainable and non-trainable counts and output shape, the totals, and the
// summary text at 76 columns (stdout not a terminal) and with line_length=88. This test loads
// each JSON with fromKerasJson and compares all of it with ours, the summaries byte for byte.
//
// By default it reads the committed set in tests/fixtures/keras3_oracle/, so `deno task test`
// needs no Python. `deno task oracle` generates a fresh random set with real Keras and runs this
// test on it (PARAMLAB_ORACLE_DIR). Known, not yet fixed, differences are named in
// keras3_oracle_known_differences.ts and printed; the aim is an empty list.

import assert from "assert";
import { fromKerasJson, supportedKerasClasses } from "../mod.ts";
import { refusedProbes } from "../tools/keras_oracle/library_support.ts";
import {
  type Difference,
  KNOWN_DIFFERENCES,
  type KnownDifference,
  type LayerJson,
  type OracleLayer,
} from "./keras3_oracle_known_differences.ts";

/** What generate.py records about one model. */
interface OracleModel {
  readonly seed: number;
  readonly forced?: string;
  readonly kinds: readonly string[];
  readonly options: readonly string[];
  readonly json: { config: { layers: LayerJson[] } };
  readonly layers: readonly OracleLayer[];
  readonly total: number;
  readonly trainable: number;
  readonly non_trainable: number;
  readonly summary: string;
  readonly summary_88: string;
  readonly summary_88_terminal: string;
}

/** What generate.py records about the run: Keras's version, the seed, what was covered. */
interface OracleMeta {
  readonly keras_version: string;
  readonly backend: string;
  readonly base_seed: number;
  readonly count: number;
  readonly terminal_columns: number;
  readonly supported_kinds: readonly string[];
  readonly skipped_kinds: readonly string[];
  readonly supported_options: readonly string[];
  readonly skipped_options: Readonly<Record<string, string>>;
  readonly probes: Readonly<Record<string, unknown>>;
}

const FIXTURES = new URL("./fixtures/keras3_oracle/", import.meta.url);
const FRESH = Deno.env.get("PARAMLAB_ORACLE_DIR");
const DIR = FRESH ? new URL(`file://${Deno.realPathSync(FRESH)}/`) : FIXTURES;

const META: OracleMeta = JSON.parse(Deno.readTextFileSync(new URL("meta.json", DIR)));
const MODELS: OracleModel[] = [...Deno.readDirSync(DIR)]
  .map((entry) => entry.name)
  .filter((name) => /^models-\d+\.json$/.test(name))
  .sort()
  .flatMap((name) => JSON.parse(Deno.readTextFileSync(new URL(name, DIR))).models);

const REPLAY = "KERAS_BACKEND=jax .venv/bin/python tools/keras_oracle/generate.py --replay";

// ---------------------------------------------------------------------------------------------
// Comparing one model

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** A value of ours, or what it threw. */
function attempt(read: () => unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(read()));
  } catch (error) {
    return `throws ${describeError(error)}`;
  }
}

/** The first line where two texts differ, both versions, for a readable failure. */
function firstDifferentLine(keras: string, ours: string): string {
  const a = keras.split("\n");
  const b = ours.split("\n");
  const i = a.findIndex((line, i) => line !== b[i]);
  const at = i === -1 ? a.length : i;
  return `line ${at + 1}:\n      Keras: ${JSON.stringify(a[at])}\n      ours:  ${
    JSON.stringify(b[at])
  }`;
}

/** Every difference between what Keras recorded and what our model of the same JSON says. */
function compareModel(model: OracleModel): Difference[] {
  let ours: ReturnType<typeof fromKerasJson>;
  try {
    ours = fromKerasJson(model.json);
  } catch (error) {
    return [{ field: "load", keras: "loads", ours: describeError(error) }];
  }
  if (ours.layers.length !== model.layers.length) {
    return [{
      field: "layers",
      keras: model.layers.map((l) => l.name),
      ours: ours.layers.map((l) => l.name),
    }];
  }
  const differences: Difference[] = [];
  model.layers.forEach((keras, i) => {
    const layer = ours.layers[i];
    const fields: [keyof OracleLayer, () => unknown][] = [
      ["params", () => layer.paramCount()],
      ["trainable", () => layer.trainableParamCount()],
      ["non_trainable", () => layer.nonTrainableParamCount()],
      ["output_shape", () => layer.outputShape()],
    ];
    for (const [field, read] of fields) {
      const value = attempt(read);
      if (JSON.stringify(value) !== JSON.stringify(keras[field])) {
        differences.push({ layer: i, field, keras: keras[field], ours: value });
      }
    }
  });
  const totals: [keyof OracleModel, () => unknown][] = [
    ["total", () => ours.paramCount()],
    ["trainable", () => ours.trainableParamCount()],
    ["non_trainable", () => ours.nonTrainableParamCount()],
    // Keras's captured summary ends with the newline that console.log adds to ours.
    ["summary", () => `${ours.summary()}\n`],
    ["summary_88", () => `${ours.summary({ lineLength: 88 })}\n`],
    [
      "summary_88_terminal",
      () => `${ours.summary({ lineLength: 88, consoleWidth: META.terminal_columns })}\n`,
    ],
  ];
  for (const [field, read] of totals) {
    const value = attempt(read);
    if (JSON.stringify(value) !== JSON.stringify(model[field])) {
      differences.push({ field, keras: model[field], ours: value });
    }
  }
  return differences;
}

function describeDifference(model: OracleModel, d: Difference): string {
  if (d.layer !== undefined) {
    const { name, class_name } = model.layers[d.layer];
    const what = d.field === "output_shape" ? "output shape" : `${d.field} params`;
    return `layer ${d.layer} "${name}" (${class_name}) ${what}: Keras ${
      JSON.stringify(d.keras)
    }, ours ${JSON.stringify(d.ours)}`;
  }
  if (d.field.startsWith("summary") && typeof d.ours === "string") {
    const width = d.field === "summary"
      ? "76 columns, no terminal"
      : d.field === "summary_88"
      ? "line_length=88, no terminal"
      : `line_length=88, ${META.terminal_columns}-column terminal`;
    return `summary (${width}) differs at ${firstDifferentLine(String(d.keras), d.ours)}`;
  }
  return `${d.field}: Keras ${JSON.stringify(d.keras)}, ours ${JSON.stringify(d.ours)}`;
}

function describeModel(model: OracleModel): string {
  const forced = model.forced ? ` --force '${model.forced}'` : "";
  return `model seed ${model.seed} (${model.layers.map((l) => l.class_name).join(", ")}; ` +
    `replay: ${REPLAY} ${model.seed}${forced})`;
}

/** The known difference that excuses a model, when one matches each of its differences. */
function excuse(model: OracleModel, differences: Difference[]): KnownDifference | undefined {
  const layers = model.json.config.layers.filter((l) => l.class_name !== "InputLayer");
  let known: KnownDifference | undefined;
  for (const d of differences) {
    const match = KNOWN_DIFFERENCES.find((k) => k.matches(d, layers));
    if (!match) return undefined;
    known ??= match;
  }
  return known;
}

// ---------------------------------------------------------------------------------------------
// Tests

const SOURCE = FRESH ? `a fresh set in ${FRESH}` : "the committed fixtures";
console.log(
  `keras3_oracle_test: ${MODELS.length} models from Keras ${META.keras_version} ` +
    `(${META.backend}), base seed ${META.base_seed}, ${SOURCE}; ` +
    `${META.supported_kinds.length} kinds and ${META.supported_options.length} options drawn`,
);
if (META.skipped_kinds.length > 0) {
  console.log(`  kinds skipped (the library did not read them): ${META.skipped_kinds.join(", ")}`);
}
const skippedOptions = Object.keys(META.skipped_options);
if (skippedOptions.length > 0) {
  console.log(
    `  options skipped (the library refused them or lacks their class): ${
      skippedOptions.join(", ")
    }`,
  );
}

Deno.test("every model real Keras 3 built loads here with the same counts, trainable split, output shapes and summary text", () => {
  assert.ok(MODELS.length > 0, `no models found in ${DIR}`);
  const failures: string[] = [];
  const excused = new Map<string, string[]>(KNOWN_DIFFERENCES.map((k) => [k.name, []]));
  for (const model of MODELS) {
    const differences = compareModel(model);
    if (differences.length === 0) continue;
    const known = excuse(model, differences);
    if (known) {
      excused.get(known.name)!.push(
        `${describeModel(model)}: ${describeDifference(model, differences[0])}`,
      );
    } else {
      failures.push(`${describeModel(model)}:\n    ${describeDifference(model, differences[0])}`);
    }
  }
  for (const [name, models] of excused) {
    console.log(`known difference "${name}": ${models.length} models excused`);
    for (const line of models.slice(0, 3)) console.log(`  ${line}`);
  }
  const stale = [...excused].filter(([, models]) => models.length === 0).map(([name]) => name);
  const shown = failures.slice(0, 8).join("\n  ");
  assert.equal(
    failures.length,
    0,
    `${failures.length} of ${MODELS.length} models differ from Keras ${META.keras_version} ` +
      `(base seed ${META.base_seed}); the first ${Math.min(failures.length, 8)}:\n  ${shown}`,
  );
  assert.deepEqual(
    FRESH ? [] : stale,
    [],
    `these known differences no longer occur in the fixtures: remove them from ` +
      `tests/keras3_oracle_known_differences.ts`,
  );
});

Deno.test("the oracle's models cover every kind and option the library read when they were made", () => {
  const kinds = new Set(MODELS.flatMap((m) => m.kinds));
  const options = new Set(MODELS.flatMap((m) => m.options));
  assert.deepEqual(META.supported_kinds.filter((k) => !kinds.has(k)), [], "kinds never drawn");
  assert.deepEqual(
    META.supported_options.filter((o) => !options.has(o)),
    [],
    "options never drawn",
  );
  assert.ok(MODELS.length >= META.count, `${MODELS.length} models, ${META.count} were asked for`);
});

Deno.test("the committed oracle fixtures include every kind and option the library reads today", () => {
  const classes = new Set(supportedKerasClasses());
  const newKinds = META.skipped_kinds.filter((k) => classes.has(k));
  const refused = refusedProbes(META.probes);
  const newOptions = Object.keys(META.skipped_options).filter((tag) =>
    tag in META.probes && !(tag in refused)
  );
  assert.deepEqual(
    [...newKinds, ...newOptions],
    [],
    "the library now reads these, which the oracle's fixtures skipped: regenerate them with " +
      "`deno task oracle:fixtures` (needs the venv of .ci/run)",
  );
});

Deno.test("the oracle comparison reports a changed count, shape or summary line as a difference", () => {
  const model = MODELS.find((m) => compareModel(m).length === 0 && m.layers.length > 1);
  assert.ok(model, "no model agrees with Keras, so the comparison cannot be checked");
  const layers = model.layers.map((l, i) => i === 1 ? { ...l, params: l.params + 1 } : l);
  const changed = { ...model, layers, summary_88: model.summary_88.replace("Total", "Tota1") };
  const fields = compareModel(changed).map((d) => `${d.layer ?? "model"} ${d.field}`);
  assert.deepEqual(fields, ["1 params", "model summary_88"]);
  const shape = model.layers.map((l, i) => i === 0 ? { ...l, output_shape: [null, 0] } : l);
  assert.deepEqual(compareModel({ ...model, layers: shape }).map((d) => d.field), [
    "output_shape",
  ]);
});
