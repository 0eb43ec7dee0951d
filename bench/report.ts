/**
 * Times every benchmark case and writes the results into BENCHMARKS.md (between its
 * `<!-- results -->` markers): medians, ratios against TensorFlow.js, the four targets, what
 * TF.js cannot run, and the machine (CPU model and cores as `node:os` reads them from
 * /proc/cpuinfo).
 *
 * `deno bench` prints means, which a single garbage collection or a busy neighbour can move;
 * the targets are about medians, so this script times the same functions (`_cases.ts`) itself:
 * each sample is a batch of calls long enough (≥ 10 ms) for the clock, the median of the
 * samples is the result. Cases that take seconds run the fixed counts they have in `deno bench`.
 * Facts about what TF.js cannot do are checked in child processes with a time limit.
 *
 * ```sh
 * deno run --allow-read --allow-write --allow-run --allow-env --allow-sys bench/report.ts
 * deno run … bench/report.ts --suites seed_models,growth --out /tmp/b.md --probe-timeout 60
 * ```
 *
 * @module
 */

import { cpus, totalmem } from "node:os";
import {
  type BenchCase,
  BUILT_AND_COUNTED,
  DEPTHS,
  GRAPH_CALLS,
  GRAPH_GROUP,
  growthCases,
  keep,
  scaleCases,
  seedCases,
  SWEEP_SIZE,
} from "./_cases.ts";
import { deepDenseSpec, lstmSpec } from "./_models.ts";
import { buildTfjsModel, checkNoLeak, TFJS_VERSION, tfjsSummarise } from "./_tfjs.ts";
import { type ImportCost, measureImportCost, median } from "./import_cost.ts";
import { heavyModules, moduleGraph } from "./import_cost.ts";

/** A case's timing. */
export interface Measurement {
  /** The case. */
  readonly case: BenchCase;
  /** Median time of one call, in milliseconds; `undefined` for a case that was not run. */
  readonly medianMs?: number;
  /** Number of samples the median is taken over. */
  readonly samples: number;
  /** Calls per sample. */
  readonly batch: number;
}

/**
 * Times a case: warm up, then samples of `batch` calls each (≥ 10 ms per sample, 7 to 51
 * samples, about 3 s in all), or the case's own fixed `n` and `warmup` for slow cases.
 *
 * @param c The case.
 * @returns The median time per call.
 */
export function measure(c: BenchCase): Measurement {
  if (c.notRun) return { case: c, samples: 0, batch: 0 };
  const time = (calls: number): number => {
    const start = performance.now();
    for (let i = 0; i < calls; i++) keep(c.fn());
    return (performance.now() - start) / calls;
  };
  if (c.n !== undefined) {
    for (let i = 0; i < (c.warmup ?? 1); i++) time(1);
    const samples = Array.from({ length: c.n }, () => time(1));
    return { case: c, medianMs: median(samples), samples: c.n, batch: 1 };
  }
  let calls = 0;
  const warmStart = performance.now();
  while (calls < 3 || (performance.now() - warmStart < 200 && calls < 10_000)) {
    keep(c.fn());
    calls++;
  }
  const perCall = (performance.now() - warmStart) / calls;
  const batch = Math.max(1, Math.ceil(10 / perCall));
  let count = Math.min(51, Math.max(7, Math.floor(3000 / (batch * perCall))));
  if (count % 2 === 0) count++;
  const samples = Array.from({ length: count }, () => time(batch));
  return { case: c, medianMs: median(samples), samples: count, batch };
}

/** What a child process found out about TF.js. */
interface ProbeResult {
  readonly ok: boolean;
  readonly ms: readonly number[];
  readonly error?: string;
  readonly timedOutAfterS?: number;
}

/** Runs in a child: builds TF.js models and prints what happened as JSON. */
function runProbe(kind: string, size: number): ProbeResult {
  const ms: number[] = [];
  try {
    if (kind === "tfjs-lstm") {
      const start = performance.now();
      tfjsSummarise(lstmSpec(size));
      ms.push(performance.now() - start);
    } else {
      // Build twice: in one process the second build of 5,000 layers failed where the first did
      // not, so one success proves little.
      for (let i = 0; i < 2; i++) {
        const start = performance.now();
        const model = buildTfjsModel(deepDenseSpec(size));
        model.countParams();
        model.summary(undefined, undefined, () => {});
        model.dispose();
        checkNoLeak();
        ms.push(performance.now() - start);
      }
    }
    return { ok: true, ms };
  } catch (error) {
    return {
      ok: false,
      ms,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    };
  }
}

async function probe(kind: string, size: number, timeoutS: number): Promise<ProbeResult> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-env",
      "--allow-sys",
      new URL(import.meta.url).pathname,
      "--probe",
      kind,
      String(size),
    ],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutS * 1000);
  const { stdout, success, signal } = await child.output();
  clearTimeout(timer);
  if (signal === "SIGKILL") return { ok: false, ms: [], timedOutAfterS: timeoutS };
  const lines = new TextDecoder().decode(stdout).trim().split("\n");
  if (!success && !lines.at(-1)?.startsWith("{")) {
    return { ok: false, ms: [], error: "the process failed" };
  }
  return JSON.parse(lines.at(-1)!) as ProbeResult;
}

/**
 * Formats a duration with three significant digits and a unit from ns to s.
 *
 * @param ms A duration in milliseconds.
 * @returns For example `"31.2 µs"` or `"3.28 s"`.
 */
export function formatTime(ms: number): string {
  const units: [number, string][] = [[1e3, "s"], [1, "ms"], [1e-3, "µs"], [1e-6, "ns"]];
  const [scale, unit] = units.find(([s]) => ms >= s) ?? units[units.length - 1];
  const value = ms / scale;
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}

function formatRatio(ratio: number): string {
  return `${
    ratio >= 100 ? Math.round(ratio).toLocaleString("en-US") : ratio.toFixed(ratio >= 10 ? 1 : 2)
  }×`;
}

function machine(): string[] {
  const cpu = cpus();
  return [
    `- CPU: ${cpu[0]?.model ?? "unknown"}, ${cpu.length} cores; ${
      (totalmem() / 1024 ** 3).toFixed(0)
    } GiB memory; ${Deno.build.os} ${Deno.build.arch}`,
    `- Deno ${Deno.version.deno} (V8 ${Deno.version.v8}); TensorFlow.js ${TFJS_VERSION}, CPU ` +
    `backend (pure JavaScript; tfjs-node's native backend is not used)`,
  ];
}

function loadAverage(): string {
  return Deno.loadavg().map((x) => x.toFixed(2)).join(", ");
}

interface Args {
  readonly suites: readonly string[];
  readonly out: string;
  readonly probeTimeoutS: number;
}

function parseArgs(args: readonly string[]): Args {
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i === -1 ? undefined : args[i + 1];
  };
  return {
    suites: (value("--suites") ?? "seed_models,growth,scale,import").split(","),
    out: value("--out") ?? new URL("../BENCHMARKS.md", import.meta.url).pathname,
    probeTimeoutS: Number(value("--probe-timeout") ?? 120),
  };
}

function findCase(results: readonly Measurement[], group: string, name: string): Measurement {
  const found = results.find((m) => m.case.group === group && m.case.name === name);
  if (!found) throw new Error(`No case "${name}" in group "${group}"`);
  return found;
}

const timeOf = (m: Measurement): string =>
  m.medianMs === undefined ? "not run" : formatTime(m.medianMs);

const ratioOf = (slow: Measurement, fast: Measurement): string =>
  slow.medianMs === undefined || fast.medianMs === undefined
    ? "—"
    : formatRatio(slow.medianMs / fast.medianMs);

function runSuite(name: string, cases: readonly BenchCase[]): Measurement[] {
  return cases.map((c) => {
    const m = measure(c);
    console.error(`${name} | ${c.group} | ${c.name}: ${timeOf(m)}`);
    return m;
  });
}

function seedSection(results: readonly Measurement[], verdicts: string[]): string[] {
  const lines = [
    "### Seed models: build + `paramCount()` + `summary()`",
    "",
    "| model | params | paramlab | TF.js | TF.js ÷ paramlab |",
    "| --- | ---: | ---: | ---: | ---: |",
  ];
  const ratios: number[] = [];
  const groups = new Set(
    results.filter((m) => m.case.library === "TF.js" && m.case.group !== BUILT_AND_COUNTED)
      .map((m) => m.case.group),
  );
  for (const group of groups) {
    const ours = findCase(results, group, "paramlab");
    const theirs = findCase(results, group, "TF.js");
    ratios.push(theirs.medianMs! / ours.medianMs!);
    lines.push(
      `| ${group} | ${(ours.case.params ?? 0).toLocaleString("en-US")} | ${timeOf(ours)} | ${
        timeOf(theirs)
      } | ${ratioOf(theirs, ours)} |`,
    );
  }
  const parts = results.filter((m) => m.case.group.includes("where paramlab's time goes"));
  const partGroups = [...new Set(parts.map((m) => m.case.group))];
  lines.push(
    "",
    "Where paramlab's time goes (medians of the same kind, each part including the ones above):",
    "",
    `| part | ${partGroups.map((g) => g.replace(/:.*/, "")).join(" | ")} |`,
    `| --- | ${partGroups.map(() => "---:").join(" | ")} |`,
  );
  for (const name of [...new Set(parts.map((m) => m.case.name))]) {
    lines.push(
      `| ${name} | ${partGroups.map((g) => timeOf(findCase(parts, g, name))).join(" | ")} |`,
    );
  }
  const built = findCase(results, BUILT_AND_COUNTED, "paramlab");
  const tfjsBuilt = findCase(results, BUILT_AND_COUNTED, "TF.js");
  const builtRatio = tfjsBuilt.medianMs! / built.medianMs!;
  lines.push(
    "",
    `Seed 000's model built and counted (\`paramCount()\`, no summary): paramlab ${
      timeOf(built)
    }, TF.js building it (and \`countParams()\`, then disposing it) ${timeOf(tfjsBuilt)}: ` +
      `${formatRatio(builtRatio)} in the same run.`,
  );
  verdicts.push(
    `| Seed 000's model built and counted ≥ 10,000× TF.js building it | ${
      formatRatio(builtRatio)
    } | ${builtRatio >= 10_000 ? "met" : "**not met**"} |`,
  );
  const met = ratios.filter((r) => r >= 10_000).length;
  verdicts.push(
    `| Seed models ≥ 10,000× faster than TF.js | ${formatRatio(Math.min(...ratios))} to ${
      formatRatio(Math.max(...ratios))
    } | ${
      met === ratios.length ? "met" : `**not met** for ${ratios.length - met} of ${ratios.length}`
    } |`,
  );
  return lines;
}

function growthSection(results: readonly Measurement[]): string[] {
  const lines = [
    "### Growth: LSTM(n) on n features, build + count + summary",
    "",
    "| n | params | TF.js weights (float32) | paramlab | TF.js, defaults | ÷ | TF.js, glorotUniform recurrent | ÷ |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const group of [...new Set(results.map((m) => m.case.group))]) {
    const size = Number(/\d+/.exec(group)![0]);
    const params = lstmSpec(size).paramCount;
    const ours = findCase(results, group, "paramlab");
    const defaults = findCase(results, group, "TF.js, default initialisers");
    const glorot = findCase(results, group, "TF.js, glorotUniform recurrent kernel");
    lines.push(
      `| ${size.toLocaleString("en-US")} | ${params.toLocaleString("en-US")} | ${
        (params * 4 / 1024 ** 2).toFixed(params * 4 < 1024 ** 2 ? 3 : 0)
      } MiB | ${timeOf(ours)} | ${timeOf(defaults)} | ${ratioOf(defaults, ours)} | ${
        timeOf(glorot)
      } | ${ratioOf(glorot, ours)} |`,
    );
  }
  const notRun = results.filter((m) => m.case.notRun);
  for (const reason of new Set(notRun.map((m) => m.case.notRun))) {
    const sizes = notRun.filter((m) => m.case.notRun === reason).map((m) => m.case.group);
    lines.push("", `Not run (${sizes.join(", ")}), because ${reason}.`);
  }
  return lines;
}

function sweepSection(results: readonly Measurement[], verdicts: string[]): string[] {
  const points = SWEEP_SIZE * SWEEP_SIZE;
  const group = results.find((m) => m.case.items === points)!.case.group;
  const lines = [
    `### Sweep: LSTM counts for units 1…${SWEEP_SIZE} × features 1…${SWEEP_SIZE} (${
      points.toLocaleString("en-US")
    } points)`,
    "",
    "| how | runs | whole sweep | per point | target < 50 ns |",
    "| --- | ---: | ---: | ---: | --- |",
  ];
  for (const m of results.filter((r) => r.case.group === group)) {
    const perPoint = m.medianMs === undefined ? undefined : m.medianMs / points;
    lines.push(
      `| ${m.case.name} | ${m.samples || "—"} | ${timeOf(m)} | ${
        perPoint === undefined ? "—" : formatTime(perPoint)
      } | ${perPoint === undefined ? "" : perPoint < 50e-6 ? "met" : "**not met**"} |`,
    );
  }
  for (const m of results.filter((r) => r.case.group === group && r.case.notRun)) {
    lines.push("", `${m.case.name}: not run, because ${m.case.notRun}.`);
  }
  const userPath = findCase(results, group, "paramlab, new LSTM per point");
  const grid = results.find((m) => m.case.group === group && m.case.name.includes("countGrid"))!;
  verdicts.push(
    `| 1,000,000-point sweep < 50 ns per point | ${
      formatTime(grid.medianMs! / points)
    } per point with countGrid; ${
      formatTime(userPath.medianMs! / points)
    } building a new LSTM per point | ${grid.medianMs! / points < 50e-6 ? "met" : "**not met**"} |`,
  );
  const cornerGroup = results.find((m) => m.case.items === 100)!.case.group;
  const ours = findCase(results, cornerGroup, "paramlab, new LSTM per point");
  const theirs = findCase(results, cornerGroup, "TF.js, a model per point");
  lines.push(
    "",
    `Against TF.js on the ${cornerGroup.replace("sweep corner, ", "")} corner (100 points, the ` +
      `smallest and cheapest for TF.js): paramlab ${formatTime(ours.medianMs! / 100)} per ` +
      `point, TF.js ${formatTime(theirs.medianMs! / 100)} per point, ${
        ratioOf(theirs, ours)
      } faster.`,
  );
  return lines;
}

function deepSection(
  results: readonly Measurement[],
  probes: ReadonlyMap<number, ProbeResult>,
  verdicts: string[],
): string[] {
  const lines = [
    "### Deep models: a stack of Dense(16) layers on (16,)",
    "",
    "| layers | build + count + summary | per layer | summary of the built model | per layer | TF.js build + count + summary | ÷ |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  const perLayer = new Map<number, number>();
  for (const depth of DEPTHS) {
    const group = `${deepDenseSpec(depth).id} stack`;
    const full = findCase(results, group, "paramlab, build + count + summary");
    const summary = findCase(results, group, "paramlab, summary of the built model");
    const theirs = findCase(results, group, "TF.js, build + count + summary");
    perLayer.set(depth, full.medianMs! / depth);
    lines.push(
      `| ${depth.toLocaleString("en-US")} | ${timeOf(full)} | ${
        formatTime(full.medianMs! / depth)
      } | ${timeOf(summary)} | ${formatTime(summary.medianMs! / depth)} | ${
        theirs.medianMs === undefined ? "cannot build (see below)" : timeOf(theirs)
      } | ${ratioOf(theirs, full)} |`,
    );
  }
  const deepest = DEPTHS[DEPTHS.length - 1];
  const group = `${deepDenseSpec(deepest).id} stack`;
  const full = findCase(results, group, "paramlab, build + count + summary");
  const summaryOnly = findCase(results, group, "paramlab, summary of the built model");
  const growth = perLayer.get(deepest)! / perLayer.get(DEPTHS[0])!;
  const summaryGrowth = (summaryOnly.medianMs! / deepest) /
    (findCase(results, `${deepDenseSpec(DEPTHS[0]).id} stack`, summaryOnly.case.name)
      .medianMs! / DEPTHS[0]);
  verdicts.push(
    `| 10,000-layer build + count + summary < 100 ms | ${formatTime(full.medianMs!)} (summary of ` +
      `the built model ${formatTime(summaryOnly.medianMs!)}) | ${
        full.medianMs! < 100 ? "met" : "**not met**"
      } |`,
    `| …linear in layers (per-layer cost at 10,000 within 1.5× of that at 1,000) | build + count + ` +
      `summary ${growth.toFixed(2)}×; summary of the built model ${summaryGrowth.toFixed(2)}× | ${
        growth < 1.5 && summaryGrowth < 1.5 ? "met" : "**not met**"
      } |`,
  );
  lines.push(
    "",
    "TF.js's `tf.sequential` on the same stacks, each built twice in a fresh process:",
    "",
  );
  for (const [depth, result] of probes) {
    lines.push(`- ${depth.toLocaleString("en-US")} layers: ${describeProbe(result)}`);
  }
  return lines;
}

function graphSection(results: readonly Measurement[], verdicts: string[]): string[] {
  const lines = [
    "### Functional graphs: Dense(4) and Add in turn on (4,), doubling the calls",
    "",
    "| layer calls | apply each + Model + count | per call |",
    "| ---: | ---: | ---: |",
  ];
  const perCall = GRAPH_CALLS.map((calls) => {
    const m = results.find((r) =>
      r.case.group === GRAPH_GROUP && r.case.name.includes(
        `${calls.toLocaleString("en-US")} calls`,
      )
    );
    if (!m?.medianMs) throw new Error(`No timing for the ${calls}-call graph`);
    lines.push(
      `| ${calls.toLocaleString("en-US")} | ${timeOf(m)} | ${formatTime(m.medianMs / calls)} |`,
    );
    return m.medianMs / calls;
  });
  const growth = perCall[perCall.length - 1] / perCall[0];
  verdicts.push(
    `| 10,000-call functional graph in linear time (per-call cost at ${
      GRAPH_CALLS[GRAPH_CALLS.length - 1].toLocaleString("en-US")
    } within 1.5× of that at ${GRAPH_CALLS[0].toLocaleString("en-US")}) | ${growth.toFixed(2)}× | ${
      growth < 1.5 ? "met" : "**not met**"
    } |`,
  );
  return lines;
}

function describeProbe(result: ProbeResult): string {
  const times = result.ms.map(formatTime).join(", then ");
  if (result.ok) return `built in ${times}`;
  if (result.timedOutAfterS) return `did not finish in ${result.timedOutAfterS} s`;
  return `${times ? `built in ${times}, then ` : ""}failed: ${result.error}`;
}

function importSection(
  cost: ImportCost,
  heavy: readonly string[],
  modules: number,
  verdicts: string[],
): string[] {
  verdicts.push(
    `| Fresh-process \`import "./mod.ts"\` < 50 ms over Deno's start | ${
      formatTime(cost.importMs)
    } | ${cost.importMs < 50 ? "met" : "**not met**"} |`,
  );
  return [
    "### Import cost: fresh processes",
    "",
    "| `deno run` of | median of " + cost.runs + " runs |",
    "| --- | ---: |",
    `| an empty file | ${formatTime(cost.emptyMs)} |`,
    `| a file with \`import "../mod.ts"\` | ${formatTime(cost.modMs)} |`,
    `| difference: what importing mod.ts costs | ${formatTime(cost.importMs)} |`,
    "",
    `mod.ts's module graph (\`deno info --json mod.ts\`): ${modules} modules, TensorFlow.js or ` +
    `plotly.js among them: ${heavy.length ? heavy.join(", ") : "none"}.`,
  ];
}

async function main(args: Args): Promise<void> {
  const loadBefore = loadAverage();
  const started = new Date();
  const verdicts: string[] = [];
  const sections: string[][] = [];

  if (args.suites.includes("seed_models")) {
    sections.push(seedSection(runSuite("seed_models", seedCases()), verdicts));
  }
  if (args.suites.includes("growth")) {
    const results = runSuite("growth", growthCases());
    const probes = [1000].map(async (size) =>
      [size, await probe("tfjs-lstm", size, args.probeTimeoutS)] as const
    );
    const lines = growthSection(results);
    for (const [size, result] of await Promise.all(probes)) {
      lines.push(
        "",
        `TF.js with its default initialisers, LSTM(${size}) on ${size} features, in a fresh ` +
          `process: ${describeProbe(result)}.`,
      );
    }
    sections.push(lines);
  }
  if (args.suites.includes("scale")) {
    const results = runSuite("scale", scaleCases());
    sections.push(sweepSection(results, verdicts));
    const probes = new Map<number, ProbeResult>();
    for (const depth of [2000, 3000, 4000, 5000, 10000]) {
      probes.set(depth, await probe("tfjs-deep", depth, args.probeTimeoutS));
      console.error(`probe | TF.js ${depth} layers: ${describeProbe(probes.get(depth)!)}`);
    }
    sections.push(deepSection(results, probes, verdicts));
    sections.push(graphSection(results, verdicts));
  }
  if (args.suites.includes("import")) {
    const graph = await moduleGraph("mod.ts");
    const cost = await measureImportCost();
    sections.push(importSection(cost, heavyModules(graph), graph.specifiers.length, verdicts));
  }

  const results = [
    "<!-- results:start (written by bench/report.ts; edit outside the markers) -->",
    "",
    `Measured ${started.toISOString().slice(0, 16).replace("T", " ")} UTC on:`,
    "",
    ...machine(),
    `- Load average (1, 5, 15 min) before: ${loadBefore}; after: ${loadAverage()}. The machine ` +
    `is shared, so absolute times are noisy; the ratios are taken within one run.`,
    "",
    "| target | measured | verdict |",
    "| --- | --- | --- |",
    ...verdicts,
    "",
    ...sections.flatMap((s) => [...s, ""]),
    "<!-- results:end -->",
  ].join("\n");

  let text: string;
  try {
    text = Deno.readTextFileSync(args.out);
  } catch {
    text = "# Benchmarks\n\n<!-- results:start -->\n<!-- results:end -->\n";
  }
  const start = text.indexOf("<!-- results:start");
  const endMarker = "<!-- results:end -->";
  const end = text.indexOf(endMarker);
  if (start === -1 || end === -1) throw new Error(`${args.out} has no results markers`);
  Deno.writeTextFileSync(
    args.out,
    text.slice(0, start) + results + text.slice(end + endMarker.length),
  );
  // deno fmt aligns Markdown tables; format now so `deno fmt --check` stays clean.
  await new Deno.Command(Deno.execPath(), { args: ["fmt", "--quiet", args.out] }).output();
  console.error(`Wrote ${args.out}`);
}

if (import.meta.main) {
  const i = Deno.args.indexOf("--probe");
  if (i !== -1) {
    console.log(JSON.stringify(runProbe(Deno.args[i + 1], Number(Deno.args[i + 2]))));
  } else {
    await main(parseArgs(Deno.args));
  }
}
