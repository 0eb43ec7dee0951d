/**
 * What `import "./mod.ts"` costs: a fresh `deno run` of a file that imports it against a fresh
 * `deno run` of an empty file, run alternately, medians compared; and Deno's module graph of
 * `mod.ts` (`deno info --json`), which must hold no TensorFlow.js or plotly.js module.
 *
 * ```sh
 * deno run --allow-read --allow-run --allow-env bench/import_cost.ts [runs]
 * ```
 *
 * @module
 */

const ROOT = new URL("../", import.meta.url);
const IMPORT_MOD = new URL("_import_mod.ts", import.meta.url);
const EMPTY = new URL("_empty.ts", import.meta.url);

/** The modules of a module graph, as `deno info --json` lists them. */
export interface ModuleGraph {
  /** Every module's specifier, e.g. `file:///…/lib/shape.ts` or `npm:/@tensorflow/tfjs@4.22.0`. */
  readonly specifiers: readonly string[];
  /** Every import written in those modules, as written (before the import map). */
  readonly imports: readonly string[];
  /** The modules' total size in bytes. */
  readonly bytes: number;
}

interface DenoInfoModule {
  readonly specifier: string;
  readonly size?: number;
  readonly dependencies?: readonly { readonly specifier: string }[];
}

/**
 * Deno's module graph of a module, from `deno info --json`, run in the project's root so the
 * import map applies.
 *
 * @param entry The module, relative to the project's root, e.g. `"mod.ts"`.
 * @returns Its modules and the imports they write.
 * @throws {Error} When `deno info` fails.
 */
export async function moduleGraph(entry: string): Promise<ModuleGraph> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", entry],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (code !== 0) {
    throw new Error(`deno info --json ${entry} failed: ${new TextDecoder().decode(stderr)}`);
  }
  const info = JSON.parse(new TextDecoder().decode(stdout)) as { modules: DenoInfoModule[] };
  return {
    specifiers: info.modules.map((m) => m.specifier),
    imports: info.modules.flatMap((m) => (m.dependencies ?? []).map((d) => d.specifier)),
    bytes: info.modules.reduce((sum, m) => sum + (m.size ?? 0), 0),
  };
}

/**
 * The TensorFlow.js and plotly.js modules (or imports of them) in a module graph.
 *
 * @param graph A graph from {@linkcode moduleGraph}.
 * @returns The offending specifiers; empty when the graph is light.
 */
export function heavyModules(graph: ModuleGraph): string[] {
  return [...graph.specifiers, ...graph.imports].filter((s) => /tensorflow|tfjs|plotly/i.test(s));
}

async function timeRun(file: URL): Promise<number> {
  const command = new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", file.pathname],
    cwd: ROOT,
    stdout: "null",
    stderr: "piped",
  });
  const start = performance.now();
  const { code, stderr } = await command.output();
  const elapsed = performance.now() - start;
  if (code !== 0) {
    throw new Error(`deno run ${file.pathname} failed: ${new TextDecoder().decode(stderr)}`);
  }
  return elapsed;
}

/**
 * The median of some numbers.
 *
 * @param values At least one number.
 * @returns The middle value, or the mean of the two middle values.
 */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Fresh-process start times, in milliseconds. */
export interface ImportCost {
  /** Runs of each kind. */
  readonly runs: number;
  /** Median wall time of `deno run` on an empty file. */
  readonly emptyMs: number;
  /** Median wall time of `deno run` on a file that imports `mod.ts`. */
  readonly modMs: number;
  /** `modMs − emptyMs`: what importing `mod.ts` adds to Deno's own start. */
  readonly importMs: number;
  /** Every sample, in run order. */
  readonly samples: { readonly empty: readonly number[]; readonly mod: readonly number[] };
}

/**
 * Times fresh processes: `deno run` of an empty file and of a file importing `mod.ts`,
 * alternately (so a change in the machine's load hits both), after two warm-up runs of each that
 * fill Deno's transpile and code caches.
 *
 * @param runs Runs of each kind.
 * @returns The medians and their difference.
 */
export async function measureImportCost(runs = 21): Promise<ImportCost> {
  for (let i = 0; i < 2; i++) {
    await timeRun(EMPTY);
    await timeRun(IMPORT_MOD);
  }
  const empty: number[] = [];
  const mod: number[] = [];
  for (let i = 0; i < runs; i++) {
    empty.push(await timeRun(EMPTY));
    mod.push(await timeRun(IMPORT_MOD));
  }
  const emptyMs = median(empty);
  const modMs = median(mod);
  return { runs, emptyMs, modMs, importMs: modMs - emptyMs, samples: { empty, mod } };
}

if (import.meta.main) {
  const runs = Number(Deno.args[0] ?? 21);
  const graph = await moduleGraph("mod.ts");
  const heavy = heavyModules(graph);
  console.log(
    `mod.ts's module graph: ${graph.specifiers.length} modules, ${
      (graph.bytes / 1024).toFixed(1)
    } KiB; TensorFlow.js or plotly.js in it: ${heavy.length ? heavy.join(", ") : "none"}`,
  );
  const cost = await measureImportCost(runs);
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  console.log(`deno run, empty file:            median ${ms(cost.emptyMs)} (${runs} runs)`);
  console.log(`deno run, import "./mod.ts":     median ${ms(cost.modMs)} (${runs} runs)`);
  console.log(`import "./mod.ts" adds:          ${ms(cost.importMs)} (target: under 50 ms)`);
  if (heavy.length) Deno.exit(1);
}
