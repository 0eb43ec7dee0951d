// Every benchmark case, as data: the `*.bench.ts` files register them with `Deno.bench`, and
// `report.ts` times the same functions for medians. Each case's results are checked against the
// seed documents' totals (and against TF.js's own counts) when this module loads, so nothing is
// timed that does not give the right number.

import assert from "assert";
import { countGrid, LAYER_FACTORIES } from "../lib/sweep.ts";
import { findKind, LSTM, ResNet50, type Sequential } from "../mod.ts";
import {
  buildModel,
  deepDenseSpec,
  lstmSpec,
  type ModelSpec,
  residualGraph,
  SEED_MODELS,
  summarise,
} from "./_models.ts";
import { type TfjsInitializers, tfjsParamCount, tfjsSummarise } from "./_tfjs.ts";

/** Who does the work in a case. */
export type Library = "paramlab" | "TF.js";

/** One benchmark: a function timed on its own, within a group compared against its baseline. */
export interface BenchCase {
  /** The suite, which is also the `*.bench.ts` file: `seed_models`, `growth` or `scale`. */
  readonly suite: "seed_models" | "growth" | "scale";
  /** The group; `deno bench` prints ratios within a group. */
  readonly group: string;
  /** The case's name inside its group. */
  readonly name: string;
  /** Whose code runs. */
  readonly library: Library;
  /** The ratio's reference in its group (paramlab's user path). */
  readonly baseline?: boolean;
  /** The work. Returns a number so the work cannot be optimised away. */
  readonly fn: () => number;
  /** The model's parameter count, where the case builds one model. */
  readonly params?: number;
  /** Work items per call (points of a sweep), to report time per item. */
  readonly items?: number;
  /** Fixed iteration count for `deno bench`, for cases that take seconds. */
  readonly n?: number;
  /** Fixed warm-up count for `deno bench`. */
  readonly warmup?: number;
  /** Why the case is not run, when it cannot be; it stays in the tables with this reason. */
  readonly notRun?: string;
}

let sink = 0;

/**
 * Keeps results alive: adds them to a module-level number nobody reads.
 *
 * @param value A result.
 * @returns The value.
 */
export function keep(value: number): number {
  sink += value;
  return sink;
}

function checkSpec(spec: ModelSpec, init: TfjsInitializers = {}): void {
  assert.equal(buildModel(spec).paramCount(), spec.paramCount, `paramlab count of ${spec.id}`);
  assert.equal(tfjsParamCount(spec, init), spec.paramCount, `TF.js count of ${spec.id}`);
}

/** TF.js takes seconds per iteration on these; `deno bench` would otherwise run it for minutes. */
function tfjsIterations(spec: ModelSpec): Pick<BenchCase, "n" | "warmup"> {
  const hasBigRecurrentKernel = spec.layers.some((l) =>
    findKind(l.className)?.family === "recurrent" && (l.units as number) >= 32
  );
  return hasBigRecurrentKernel ? { n: 3, warmup: 1 } : {};
}

/**
 * Build + `paramCount()` + `summary()` for every seed model, in paramlab and in TF.js.
 *
 * @returns Two cases per seed model.
 */
export function seedCases(): BenchCase[] {
  return [
    ...SEED_MODELS.flatMap(seedPair),
    ...builtAndCounted(SEED_MODELS[0]),
    ...PARTS_OF.flatMap(partCases),
  ];
}

/** The group of the target "seed 000's model built and counted ≥ 10,000× TF.js building it". */
export const BUILT_AND_COUNTED = "seed 000 LSTM: built and counted";

/**
 * Seed 000's model built and counted, against TF.js building it (and counting, then disposing
 * it): the layers and their weight shapes, without a summary.
 */
function builtAndCounted(spec: ModelSpec): BenchCase[] {
  return [
    {
      suite: "seed_models",
      group: BUILT_AND_COUNTED,
      name: "paramlab",
      library: "paramlab",
      baseline: true,
      params: spec.paramCount,
      fn: () => buildModel(spec).paramCount(),
    },
    {
      suite: "seed_models",
      group: BUILT_AND_COUNTED,
      name: "TF.js",
      library: "TF.js",
      fn: () => tfjsParamCount(spec),
      ...tfjsIterations(spec),
    },
  ];
}

/** The seed models whose paramlab time is split into its parts: the largest and the smallest. */
const PARTS_OF: readonly ModelSpec[] = [SEED_MODELS[0], SEED_MODELS[SEED_MODELS.length - 1]];

/** The group of the cases that split a seed model's paramlab time into its parts. */
export function partsGroup(spec: ModelSpec): string {
  return `${spec.id}: where paramlab's time goes`;
}

/** Build alone, build + count, build + summary data, and each text style: what costs what. */
function partCases(spec: ModelSpec): BenchCase[] {
  const part = (name: string, fn: () => number, baseline = false): BenchCase => ({
    suite: "seed_models",
    group: partsGroup(spec),
    name,
    library: "paramlab",
    baseline,
    fn,
  });
  return [
    part("build", () => buildModel(spec).layers.length, true),
    part("build + paramCount()", () => buildModel(spec).paramCount()),
    part("build + summaryData()", () => buildModel(spec).summaryData().totalParams),
    part("build + count + summary, Keras 3 text", () => summarise(spec)),
    part("build + count + summary, Keras 2 text", () => {
      const model = buildModel(spec);
      return model.paramCount() + String(model.summary({ style: "keras2" })).length;
    }),
  ];
}

function seedPair(spec: ModelSpec): BenchCase[] {
  checkSpec(spec);
  return [
    {
      suite: "seed_models",
      group: spec.id,
      name: "paramlab",
      library: "paramlab",
      baseline: true,
      params: spec.paramCount,
      fn: () => summarise(spec),
    },
    {
      suite: "seed_models",
      group: spec.id,
      name: "TF.js",
      library: "TF.js",
      fn: () => tfjsSummarise(spec),
      ...tfjsIterations(spec),
    },
  ];
}

/** The growth suite's sizes: units = features. */
export const GROWTH_SIZES: readonly number[] = [10, 100, 1000, 4096];

/**
 * One LSTM of growing size: build + count + summary. Ours stays flat; TF.js allocates and
 * initialises 4·(2n² + n) floats. With TF.js's default orthogonal recurrent initialiser (a QR
 * decomposition) it takes seconds at 100 and cannot finish at 1,000; a second TF.js series uses
 * `glorotUniform` for the recurrent kernel, so only allocation and random filling are measured.
 *
 * @returns Two or three cases per size.
 */
export function growthCases(): BenchCase[] {
  return GROWTH_SIZES.flatMap((size): BenchCase[] => {
    const spec = lstmSpec(size);
    const glorot: TfjsInitializers = { recurrentInitializer: "glorotUniform" };
    assert.equal(buildModel(spec).paramCount(), spec.paramCount);
    if (size <= 1000) checkSpec(spec, glorot);
    const group = spec.id;
    return [
      {
        suite: "growth",
        group,
        name: "paramlab",
        library: "paramlab",
        baseline: true,
        fn: () => summarise(spec),
      },
      {
        suite: "growth",
        group,
        name: "TF.js, default initialisers",
        library: "TF.js",
        fn: () => tfjsSummarise(spec),
        ...(size >= 100 ? { n: 3, warmup: 1 } : {}),
        ...(size >= 1000
          ? {
            notRun: "the orthogonal initialiser's QR decomposition takes seconds at 100 and " +
              "did not finish in 15 minutes at 1,000",
          }
          : {}),
      },
      {
        suite: "growth",
        group,
        name: "TF.js, glorotUniform recurrent kernel",
        library: "TF.js",
        fn: () => tfjsSummarise(spec, glorot),
        ...(size >= 1000 ? { n: 3, warmup: 1 } : {}),
      },
    ];
  });
}

/** The sweep's axes: units 1…1,000 by features 1…1,000. */
export const SWEEP_SIZE = 1000;

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

/**
 * The heatmap's data as a user gets it without `lib/sweep.ts`: a new LSTM per point, built by
 * `paramCount()` from its `inputShape`.
 *
 * @param units The unit counts (columns).
 * @param features The input sizes (rows).
 * @returns `counts[row][column]`.
 */
export function sweepUserPath(units: readonly number[], features: readonly number[]): number[][] {
  const rows: number[][] = new Array(features.length);
  for (let r = 0; r < features.length; r++) {
    const inputShape = [null, features[r]];
    const row: number[] = new Array(units.length);
    for (let c = 0; c < units.length; c++) {
      row[c] = new LSTM({ units: units[c], inputShape }).paramCount();
    }
    rows[r] = row;
  }
  return rows;
}

/**
 * The same grid in TF.js: a model per point, `countParams()`, disposed.
 *
 * @param units The unit counts (columns).
 * @param features The input sizes (rows).
 * @returns `counts[row][column]`.
 */
function sweepTfjs(units: readonly number[], features: readonly number[]): number[][] {
  return features.map((f) =>
    units.map((u) => {
      const spec: ModelSpec = {
        id: "sweep point",
        title: "",
        inputShape: [null, f],
        layers: [{ className: "LSTM", units: u }],
        paramCount: 0,
      };
      return tfjsParamCount(spec);
    })
  );
}

/**
 * The sizes of the graph suite, each twice the one before, to show a functional model is built
 * in time linear in its layer calls.
 */
export const GRAPH_CALLS: readonly number[] = [2500, 5000, 10000];

/** The group of the graph suite's cases. */
export const GRAPH_GROUP = "functional graph: Dense and Add in turn, doubling the calls";

/** The depths of the deep-model suite, to show the summary's cost is linear in layers. */
export const DEPTHS: readonly number[] = [1000, 2000, 5000, 10000];

/**
 * The 1,000,000-point sweep (three ways), a 10 × 10 corner of it against TF.js, and Dense stacks
 * of 1,000 to 10,000 layers.
 *
 * @returns The cases.
 */
export function scaleCases(): BenchCase[] {
  const all = range(SWEEP_SIZE);
  const corner = range(10);
  const expected = sweepUserPath(corner, corner);
  assert.deepEqual(sweepTfjs(corner, corner), expected, "TF.js agrees on the 10 × 10 corner");
  assert.deepEqual(countGrid(LAYER_FACTORIES.LSTM, corner, corner).params, expected);

  const points = SWEEP_SIZE * SWEEP_SIZE;
  const sweepGroup = "sweep 1,000 units × 1,000 features";
  const total = (rows: readonly (readonly number[])[]) => rows[rows.length - 1].at(-1)!;
  const cases: BenchCase[] = [
    {
      suite: "scale",
      group: sweepGroup,
      name: "paramlab, new LSTM per point",
      library: "paramlab",
      baseline: true,
      items: points,
      fn: () => total(sweepUserPath(all, all)),
      n: 5,
      warmup: 1,
    },
    {
      suite: "scale",
      group: sweepGroup,
      name: "paramlab, countGrid (lib/sweep.ts: 3 builds per unit count, affine in features)",
      library: "paramlab",
      items: points,
      fn: () => total(countGrid(LAYER_FACTORIES.LSTM, all, all).params),
      n: 10,
      warmup: 0,
    },
    {
      suite: "scale",
      group: sweepGroup,
      name: "TF.js, a model per point",
      library: "TF.js",
      items: points,
      fn: () => 0,
      notRun: "a model per point costs milliseconds (see the 10 × 10 corner): hours for " +
        "1,000,000 points, and the largest point allocates 8,004,000 floats",
    },
  ];

  const cornerGroup = "sweep corner, 10 units × 10 features";
  cases.push(
    {
      suite: "scale",
      group: cornerGroup,
      name: "paramlab, new LSTM per point",
      library: "paramlab",
      baseline: true,
      items: 100,
      fn: () => total(sweepUserPath(corner, corner)),
    },
    {
      suite: "scale",
      group: cornerGroup,
      name: "TF.js, a model per point",
      library: "TF.js",
      items: 100,
      fn: () => total(sweepTfjs(corner, corner)),
      n: 5,
      warmup: 1,
    },
  );

  for (const depth of DEPTHS) {
    const spec = deepDenseSpec(depth);
    const group = `${spec.id} stack`;
    let built: Sequential | undefined;
    cases.push(
      {
        suite: "scale",
        group,
        name: "paramlab, build + count + summary",
        library: "paramlab",
        baseline: true,
        fn: () => summarise(spec),
        n: 10,
        warmup: 2,
      },
      {
        suite: "scale",
        group,
        name: "paramlab, summary of the built model",
        library: "paramlab",
        fn: () => String((built ??= buildModel(spec)).summary()).length,
        n: 10,
        warmup: 2,
      },
      {
        suite: "scale",
        group,
        name: "TF.js, build + count + summary",
        library: "TF.js",
        fn: () => tfjsSummarise(spec),
        n: 3,
        warmup: 1,
        ...(depth >= 5000
          ? {
            notRun: "tf.sequential overflows the call stack (RangeError: Maximum call stack " +
              "size exceeded, in its recursive graph walk buildMapOfGraph) at this depth",
          }
          : {}),
      },
    );
    assert.equal(buildModel(spec).paramCount(), spec.paramCount);
  }

  // A functional graph built call by call, its size doubled twice: linear time means each
  // doubling doubles the time (deno bench prints the ratios against the smallest).
  for (const calls of GRAPH_CALLS) {
    assert.equal(residualGraph(calls).paramCount(), (calls / 2) * (4 * 4 + 4));
    cases.push({
      suite: "scale",
      group: GRAPH_GROUP,
      name: `paramlab, ${calls.toLocaleString("en-US")} calls: apply each, Model, count`,
      library: "paramlab",
      baseline: calls === GRAPH_CALLS[0],
      fn: () => residualGraph(calls).paramCount(),
      n: 10,
      warmup: 2,
    });
  }

  // keras.applications.ResNet50 built by lib/applications/: 177 layers, no weight allocated.
  const resnetGroup = "keras.applications ResNet50, 177 layers";
  const resnet = () => ResNet50({ weights: null });
  assert.equal(resnet().paramCount(), 25_636_712, "ResNet50 has Keras's count");
  cases.push(
    {
      suite: "scale",
      group: resnetGroup,
      name: "paramlab, ResNet50() + count",
      library: "paramlab",
      baseline: true,
      params: 25_636_712,
      fn: () => resnet().paramCount(),
    },
    {
      suite: "scale",
      group: resnetGroup,
      name: "paramlab, ResNet50() + count + summary",
      library: "paramlab",
      params: 25_636_712,
      fn: () => String(resnet().summary()).length,
    },
  );
  return cases;
}

/**
 * Registers cases with `Deno.bench`; a case that cannot run is registered as ignored, and its
 * reason printed.
 *
 * @param cases The cases of one suite.
 */
export function registerCases(cases: readonly BenchCase[]): void {
  for (const c of cases) {
    // deno bench leaves ignored cases out of its table; say what is missing and why.
    if (c.notRun) console.log(`${c.group}: "${c.name}" not run: ${c.notRun}`);
    Deno.bench({
      name: c.notRun ? `${c.name} (not run: ${c.notRun})` : c.name,
      group: c.group,
      baseline: c.baseline ?? false,
      ignore: c.notRun !== undefined,
      ...(c.n !== undefined ? { n: c.n } : {}),
      ...(c.warmup !== undefined ? { warmup: c.warmup } : {}),
      fn: () => {
        keep(c.fn());
      },
    });
  }
}
