/**
 * Runs the notebooks headless on Deno's Jupyter kernel, through Jupyter's own client:
 * `deno task notebooks [--out DIR] [notebook.ipynb ...]`.
 *
 * With no paths it runs every `notebooks/*.ipynb`. For each notebook it writes the executed
 * notebook, with a PNG picture of every figure beside its interactive renderings (drawn in
 * headless Chromium), and its self-contained HTML export into `out/`, then the landing page
 * `out/index.html`. The kernel is registered in a private `out/jupyter/` (via `JUPYTER_PATH`),
 * so nothing outside the project changes. Exits with 1 naming the notebook, the cell and the
 * error when a cell throws, and with 2 naming the Debian packages to install when Jupyter's
 * client is missing.
 *
 * @module
 */

import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { escapeHtml } from "../lib/html.ts";
import { type Browser, findChromium, launchChromium } from "./_chromium.ts";
import { addFigurePictures } from "./_figures.ts";
import { committedEditions, readNotebook } from "./strip_notebooks.ts";

/**
 * The Debian packages that provide the Python side: nbclient runs, nbconvert exports.
 *
 * @example The client that runs notebooks is among them
 * ```ts
 * import { APT_PACKAGES } from "./notebooks.ts";
 * import assert from "assert";
 *
 * assert.ok(APT_PACKAGES.includes("python3-nbclient"));
 * ```
 */
export const APT_PACKAGES: readonly string[] = ["python3-nbclient", "python3-nbconvert"];

/**
 * The kernel name the notebooks' metadata asks for, as `deno jupyter --install` names it.
 *
 * @example The overview notebook asks for it
 * ```ts
 * import { KERNEL_NAME } from "./notebooks.ts";
 * import { readNotebook } from "./strip_notebooks.ts";
 * import assert from "assert";
 *
 * const notebook = await readNotebook(new URL("../notebooks/00_overview.ipynb", import.meta.url));
 * assert.equal((notebook.metadata.kernelspec as { name: string }).name, KERNEL_NAME);
 * ```
 */
export const KERNEL_NAME = "deno";

const PROJECT_ROOT = fileURLToPath(new URL("../", import.meta.url));
const EXECUTE_SCRIPT = fileURLToPath(new URL("./execute_notebook.py", import.meta.url));

/** Where and how a cell failed. */
export interface CellFailure {
  /** The failing cell's index among all cells (0-based), `null` if no cell had started. */
  readonly cell: number | null;
  /** The failing cell's source. */
  readonly source: string;
  /** The error's name, e.g. `"TypeError"`. */
  readonly ename: string;
  /** The error's message. */
  readonly evalue: string;
  /** The kernel's traceback, or what the runner printed when it died. */
  readonly traceback: string;
}

/** What running one notebook gave. */
export interface NotebookResult {
  /** The notebook that was run. */
  readonly notebook: string;
  /** The notebook's file name without `.ipynb`, also the name of its files in `out/`. */
  readonly name: string;
  /** Whether every cell ran without an error. */
  readonly ok: boolean;
  /** Wall-clock seconds, kernel start to the last cell's output. */
  readonly seconds: number;
  /** Outputs that arrived after their cell was reported done, and were kept. */
  readonly lateOutputs?: number;
  /**
   * How many figures got a PNG picture beside their interactive renderings; `undefined` when
   * no Chromium was found to draw them.
   */
  readonly pictures?: number;
  /** What the landing page says about the notebook, from its metadata. */
  readonly about?: NotebookAbout;
  /** The executed notebook. */
  readonly executed: string;
  /** The HTML export. */
  readonly html: string;
  /** Set when `ok` is false. */
  readonly failure?: CellFailure;
  /**
   * Set when a first run failed in Jupyter's client or the kernel's transport rather than in a
   * cell (for example a message whose signature did not verify), and the notebook was run again:
   * what that first run reported.
   */
  readonly retriedAfter?: CellFailure;
}

/** The document a notebook follows, as the landing page cites it. */
export interface SeedDocument {
  /** The document's number, e.g. `"001"`. */
  readonly id: string;
  /** Its title as it gives it, in its own language. */
  readonly title: string;
  /** Where it was published, when it names that; `null` when it does not. */
  readonly source: string | null;
}

/**
 * What the landing page shows for a notebook, kept in the notebook's own metadata under
 * `paramlab`.
 */
export interface NotebookAbout {
  /** The title in English. */
  readonly title: string;
  /** The title in Chinese. */
  readonly titleZh: string;
  /** One line on what the notebook shows. */
  readonly summary: string;
  /** The document it follows; absent for notebooks that follow none. */
  readonly seed?: SeedDocument;
}

/**
 * Reads what the landing page shows from a notebook's metadata (`metadata.paramlab`).
 *
 * @param metadata A notebook's metadata.
 * @returns The fields, or `undefined` when the notebook has none.
 *
 * @example A notebook that follows a document
 * ```ts
 * import { notebookAbout } from "./notebooks.ts";
 * import assert from "assert";
 *
 * const about = notebookAbout({
 *   paramlab: {
 *     title: "LSTM(10) on one feature",
 *     title_zh: "单个特征上的 LSTM(10)",
 *     summary: "Where 480 comes from.",
 *     seed: { id: "001", title: "Keras: …", source: "https://stackoverflow.com/q/1" },
 *   },
 * });
 * assert.equal(about?.titleZh, "单个特征上的 LSTM(10)");
 * assert.equal(about?.seed?.source, "https://stackoverflow.com/q/1");
 * ```
 */
export function notebookAbout(metadata: Record<string, unknown>): NotebookAbout | undefined {
  const raw = metadata.paramlab as Record<string, unknown> | undefined;
  if (raw === undefined) return undefined;
  const text = (key: string, from: Record<string, unknown> = raw) => {
    const value = from[key];
    if (typeof value !== "string" || value.trim() === "") {
      throw new TypeError(`Notebook metadata paramlab.${key} must be a non-empty string`);
    }
    return value;
  };
  const seed = raw.seed as Record<string, unknown> | undefined;
  return {
    title: text("title"),
    titleZh: text("title_zh"),
    summary: text("summary"),
    ...(seed === undefined ? {} : {
      seed: {
        id: text("id", seed),
        title: text("title", seed),
        source: seed.source === null ? null : text("source", seed),
      },
    }),
  };
}

/** Options of {@linkcode runNotebooks}. */
export interface RunNotebooksOptions {
  /**
   * The notebooks to run.
   * @default {every notebooks/*.ipynb}
   */
  readonly notebooks?: readonly string[];
  /**
   * Where executed notebooks, HTML exports, `index.html` and the private kernelspec go.
   * @default {"out" in the project}
   */
  readonly outDir?: string;
  /**
   * Seconds a single cell may run.
   * @default {600}
   */
  readonly cellTimeoutSeconds?: number;
  /**
   * How many notebooks run at once, each on its own kernel.
   * @default {2}
   */
  readonly concurrency?: number;
  /** Called as each notebook finishes, e.g. to print progress. */
  readonly onResult?: (result: NotebookResult) => void;
  /** Called as each cell of a notebook starts: the notebook's name, the cell (from 1), of how many. */
  readonly onProgress?: (name: string, cell: number, cells: number) => void;
  /** Called once before anything is downloaded into Deno's cache, with what will be. */
  readonly onDownload?: (what: string) => void;
}

/**
 * Thrown when no Python with Jupyter's client (nbclient and nbconvert) is installed.
 *
 * @example The message says what to install
 * ```ts
 * import { JupyterMissingError } from "./notebooks.ts";
 * import assert from "assert";
 *
 * const error = new JupyterMissingError();
 * assert.equal(error.name, "JupyterMissingError");
 * assert.match(error.message, /apt-get install -y python3-nbclient python3-nbconvert/);
 * ```
 */
export class JupyterMissingError extends Error {
  /** @param message What is missing and how to install it. */
  constructor(message: string = jupyterMissingMessage()) {
    super(message);
    this.name = "JupyterMissingError";
  }
}

/**
 * Says which Debian packages provide Jupyter's client.
 *
 * @returns A message with the `apt-get install` command.
 *
 * @example The message names the packages
 * ```ts
 * import { APT_PACKAGES, jupyterMissingMessage } from "./notebooks.ts";
 * import assert from "assert";
 *
 * for (const name of APT_PACKAGES) assert.match(jupyterMissingMessage(), new RegExp(name));
 * ```
 */
export function jupyterMissingMessage(): string {
  return "Jupyter's notebook client (Python's nbclient and nbconvert) is not installed.\n" +
    `On Debian or Ubuntu: sudo apt-get install -y ${APT_PACKAGES.join(" ")}`;
}

/**
 * Finds a Python that can import nbclient and nbconvert: the one named by the environment
 * variable `PARAMLAB_JUPYTER_PYTHON` if set (e.g. a venv's), else `/usr/bin/python3`, where
 * Debian's packages install (a pyenv or venv `python3` earlier on `PATH` may not see them),
 * else `python3`.
 *
 * @returns The interpreter's path or command, or `undefined` when there is none.
 *
 * @example Either a Python is found, or the packages are named
 * ```ts
 * import { findJupyterPython, jupyterMissingMessage } from "./notebooks.ts";
 * import assert from "assert";
 *
 * const python = await findJupyterPython();
 * assert.ok(python !== undefined || jupyterMissingMessage().includes("apt-get"));
 * ```
 */
export async function findJupyterPython(): Promise<string | undefined> {
  const chosen = Deno.env.get("PARAMLAB_JUPYTER_PYTHON");
  for (const candidate of chosen ? [chosen] : ["/usr/bin/python3", "python3"]) {
    try {
      const { success } = await new Deno.Command(candidate, {
        args: ["-c", "import nbclient, nbconvert, nbformat"],
        stdout: "null",
        stderr: "null",
      }).output();
      if (success) return candidate;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  return undefined;
}

/**
 * Writes the Deno kernelspec into a private Jupyter data folder. This is what
 * `deno jupyter --install` writes, but `deno jupyter --install` always writes to the user's
 * own folder, ignoring `JUPYTER_DATA_DIR`; the kernel runs on the Deno running this.
 *
 * @param jupyterPath The folder to point `JUPYTER_PATH` at.
 * @returns The kernelspec's `kernel.json` path.
 *
 * @example The kernel starts this very Deno
 * ```ts
 * import { installKernelspec } from "./notebooks.ts";
 * import assert from "assert";
 *
 * const folder = await Deno.makeTempDir();
 * const kernelJson = await installKernelspec(folder);
 * const spec = JSON.parse(await Deno.readTextFile(kernelJson));
 * assert.deepEqual(spec.argv, [Deno.execPath(), "jupyter", "--kernel", "--conn", "{connection_file}"]);
 * await Deno.remove(folder, { recursive: true });
 * ```
 */
export async function installKernelspec(jupyterPath: string): Promise<string> {
  const folder = join(jupyterPath, "kernels", KERNEL_NAME);
  await Deno.mkdir(folder, { recursive: true });
  const spec = {
    argv: [Deno.execPath(), "jupyter", "--kernel", "--conn", "{connection_file}"],
    display_name: "Deno",
    language: "typescript",
    // Plain text outputs (no ANSI colours) read the same in HTML, tests and terminals.
    env: { NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
  };
  const path = join(folder, "kernel.json");
  await Deno.writeTextFile(path, JSON.stringify(spec, null, 2) + "\n");
  return path;
}

/**
 * Runs notebooks on Deno's kernel and writes, for each, `out/<name>.ipynb` (executed) and
 * `out/<name>.html`, then `out/index.html`.
 *
 * @param options Which notebooks, where to write, timeouts.
 * @returns One result per notebook, in the order given.
 * @throws {JupyterMissingError} If Jupyter's client is not installed.
 *
 * @example A throwing cell is named by index, source and error
 * ```ts
 * import { findJupyterPython, runNotebooks } from "./notebooks.ts";
 * import assert from "assert";
 *
 * if (await findJupyterPython() !== undefined) {
 *   const folder = await Deno.makeTempDir();
 *   const notebook = `${folder}/broken.ipynb`;
 *   await Deno.writeTextFile(notebook, JSON.stringify({
 *     cells: [
 *       { cell_type: "code", id: "a", metadata: {}, outputs: [], execution_count: null, source: "1 + 1" },
 *       { cell_type: "code", id: "b", metadata: {}, outputs: [], execution_count: null, source: "null.x" },
 *     ],
 *     metadata: { kernelspec: { name: "deno", display_name: "Deno", language: "typescript" } },
 *     nbformat: 4,
 *     nbformat_minor: 5,
 *   }));
 *   const [result] = await runNotebooks({ notebooks: [notebook], outDir: `${folder}/out` });
 *   assert.equal(result.ok, false);
 *   assert.equal(result.failure?.cell, 1);
 *   assert.equal(result.failure?.ename, "TypeError");
 *   await Deno.remove(folder, { recursive: true });
 * }
 * ```
 */
export async function runNotebooks(options: RunNotebooksOptions = {}): Promise<NotebookResult[]> {
  const python = await findJupyterPython();
  if (python === undefined) throw new JupyterMissingError();

  const notebooks = (options.notebooks ?? await committedEditions()).map((p) => resolve(p));
  const outDir = resolve(options.outDir ?? join(PROJECT_ROOT, "out"));
  checkDistinctNames(notebooks);

  await prefetchDependencies(notebooks, options.onDownload);
  const jupyterDir = join(outDir, "jupyter");
  await installKernelspec(jupyterDir);
  for (const sub of ["data", "runtime", "config"]) {
    await Deno.mkdir(join(jupyterDir, sub), { recursive: true });
  }
  const env = {
    JUPYTER_PATH: jupyterDir,
    JUPYTER_DATA_DIR: join(jupyterDir, "data"),
    JUPYTER_RUNTIME_DIR: join(jupyterDir, "runtime"),
    JUPYTER_CONFIG_DIR: join(jupyterDir, "config"),
    PYDEVD_DISABLE_FILE_VALIDATION: "1",
  };
  const timeout = options.cellTimeoutSeconds ?? 600;

  const chromium = await findChromium();
  const browser = chromium === undefined ? undefined : await launchChromium(chromium);
  const results: NotebookResult[] = new Array(notebooks.length);
  try {
    let next = 0;
    const worker = async () => {
      while (next < notebooks.length) {
        const index = next++;
        const progress = options.onProgress;
        let result = await runOne(python, notebooks[index], outDir, env, timeout, progress);
        if (result.clientError) {
          const retry = await runOne(python, notebooks[index], outDir, env, timeout, progress);
          result = { ...retry, retriedAfter: result.failure };
        }
        delete result.clientError;
        result = await finish(python, result, browser);
        results[index] = result;
        options.onResult?.(result);
      }
    };
    const concurrency = Math.max(1, Math.min(options.concurrency ?? 2, notebooks.length));
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    await browser?.close();
  }

  await Deno.writeTextFile(join(outDir, "index.html"), indexHtml(results));
  return results;
}

/**
 * Draws the figures' pictures into the executed notebook, exports it to HTML, and reads what
 * the landing page says about it.
 */
async function finish(
  python: string,
  result: NotebookResult,
  browser: Browser | undefined,
): Promise<NotebookResult> {
  let pictures: number | undefined;
  if (browser !== undefined) {
    try {
      pictures = await addFigurePictures(result.executed, browser);
    } catch (error) {
      if (result.ok) {
        return {
          ...result,
          ok: false,
          failure: {
            cell: null,
            source: "",
            ename: "FigurePictureError",
            evalue: `drawing the figures in Chromium failed: ${error}`,
            traceback: "",
          },
        };
      }
    }
  }
  const exported = await new Deno.Command(python, {
    args: [EXECUTE_SCRIPT, "export", result.executed, result.html],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const about = notebookAbout((await readNotebook(result.notebook)).metadata);
  if (!exported.success && result.ok) {
    return {
      ...result,
      ok: false,
      pictures,
      about,
      failure: {
        cell: null,
        source: "",
        ename: "ExportError",
        evalue: "nbconvert could not export the executed notebook to HTML",
        traceback: new TextDecoder().decode(exported.stderr).trim().split("\n").slice(-15)
          .join("\n"),
      },
    };
  }
  return { ...result, pictures, about };
}

/**
 * Caches the npm packages the notebooks import before any kernel starts: plotly.js always (the
 * figures and their pictures need it), TensorFlow.js only when a notebook to run imports
 * `lib/tfjs.ts`. A kernel would fetch them on demand, but the first figure reads plotly.js
 * while the kernel is already reporting the cell done; with the cache warm that read takes
 * milliseconds. Says what it downloads when that takes a while.
 */
async function prefetchDependencies(
  notebooks: readonly string[],
  onDownload?: (what: string) => void,
): Promise<void> {
  const modules = [join(PROJECT_ROOT, "lib", "plot.ts")];
  const names = ["plotly.js"];
  for (const path of notebooks) {
    if ((await Deno.readTextFile(path)).includes("lib/tfjs.ts")) {
      modules.push(join(PROJECT_ROOT, "lib", "tfjs.ts"));
      names.push("TensorFlow.js");
      break;
    }
  }
  const caching = new Deno.Command(Deno.execPath(), {
    args: ["cache", "--quiet", ...modules],
    cwd: PROJECT_ROOT,
    stdout: "null",
    stderr: "piped",
  }).output();
  // With a warm cache this takes a fraction of a second; say what is happening only when it
  // takes longer, which is when something is downloaded.
  const timer = setTimeout(() => onDownload?.(names.join(" and ")), 1000);
  const { success, stderr } = await caching.finally(() => clearTimeout(timer));
  if (!success) {
    console.warn(
      `deno cache failed; kernels will fetch on demand:\n${new TextDecoder().decode(stderr)}`,
    );
  }
}

function checkDistinctNames(notebooks: readonly string[]): void {
  const seen = new Map<string, string>();
  for (const path of notebooks) {
    const name = notebookName(path);
    const other = seen.get(name);
    if (other !== undefined) {
      throw new RangeError(`Notebooks ${other} and ${path} would both be written as ${name}`);
    }
    seen.set(name, path);
  }
}

/** A notebook's name, `zh/<name>` for the Chinese edition (`notebooks/zh/`), so both fit `out/`. */
function notebookName(path: string): string {
  const name = basename(path).replace(/\.ipynb$/, "");
  return basename(dirname(path)) === CHINESE_FOLDER ? `${CHINESE_FOLDER}/${name}` : name;
}

/** The folder of the Chinese edition, beside the English notebooks. */
const CHINESE_FOLDER = "zh";

async function runOne(
  python: string,
  notebook: string,
  outDir: string,
  env: Record<string, string>,
  timeout: number,
  onProgress?: (name: string, cell: number, cells: number) => void,
): Promise<NotebookResult & { clientError?: boolean }> {
  const name = notebookName(notebook);
  const executed = join(outDir, `${name}.ipynb`);
  const html = join(outDir, `${name}.html`);
  await Deno.mkdir(dirname(executed), { recursive: true });
  const started = performance.now();
  const child = new Deno.Command(python, {
    args: [EXECUTE_SCRIPT, "run", notebook, executed, KERNEL_NAME, String(timeout)],
    cwd: dirname(notebook),
    env,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  // stderr carries "paramlab-progress CELL OF" lines as cells start, and anything else the
  // client printed, kept for a failure's report.
  let stderr = "";
  const reading = (async () => {
    let pending = "";
    for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) {
      pending += chunk;
      const lines = pending.split("\n");
      pending = lines.pop()!;
      for (const line of lines) {
        const progress = /^paramlab-progress (\d+) (\d+)$/.exec(line);
        if (progress) onProgress?.(name, Number(progress[1]), Number(progress[2]));
        else stderr += line + "\n";
      }
    }
    stderr += pending;
  })();
  const [stdout, output] = await Promise.all([
    new Response(child.stdout).text(),
    child.status,
    reading,
  ]);
  const seconds = Math.round((performance.now() - started) / 10) / 100;
  const report = parseReport(stdout);
  const base = { notebook, name, seconds, executed, html, lateOutputs: report?.late_outputs };
  if (output.success && report?.ok === true) return { ...base, ok: true };
  if (output.success && report !== undefined) {
    return {
      ...base,
      ok: false,
      clientError: report.client_error === true,
      failure: {
        cell: report.cell ?? null,
        source: report.source ?? "",
        ename: report.ename ?? "Error",
        evalue: report.evalue ?? "",
        traceback: report.traceback ?? "",
      },
    };
  }
  return {
    ...base,
    ok: false,
    failure: {
      cell: null,
      source: "",
      ename: "RunnerError",
      evalue: `${basename(EXECUTE_SCRIPT)} exited with code ${output.code}`,
      traceback: (stdout + stderr).trim().split("\n").slice(-30).join("\n"),
    },
  };
}

interface Report {
  ok?: boolean;
  client_error?: boolean;
  late_outputs?: number;
  cell?: number | null;
  source?: string;
  ename?: string;
  evalue?: string;
  traceback?: string;
}

function parseReport(stdout: string): Report | undefined {
  const last = stdout.trim().split("\n").at(-1);
  if (last === undefined || !last.startsWith("{")) return undefined;
  try {
    return JSON.parse(last) as Report;
  } catch {
    return undefined;
  }
}

/**
 * Describes a failed notebook: which notebook, which cell (index and first line), the error.
 *
 * @param result A result with `ok` false.
 * @returns A few lines for a terminal.
 *
 * @example Naming the cell
 * ```ts
 * import { formatFailure } from "./notebooks.ts";
 * import assert from "assert";
 *
 * const text = formatFailure({
 *   notebook: "notebooks/01_dense.ipynb",
 *   name: "01_dense",
 *   ok: false,
 *   seconds: 1.5,
 *   executed: "out/01_dense.ipynb",
 *   html: "out/01_dense.html",
 *   failure: {
 *     cell: 3,
 *     source: "const layer = new Dense({ units: -1 });\nlayer.build([null, 8]);",
 *     ename: "RangeError",
 *     evalue: "units must be positive, received -1",
 *     traceback: "",
 *   },
 * });
 * assert.match(text, /cell 3/);
 * assert.match(text, /const layer = new Dense\(\{ units: -1 \}\);/);
 * assert.match(text, /RangeError: units must be positive, received -1/);
 * ```
 */
export function formatFailure(result: NotebookResult): string {
  const failure = result.failure;
  const where = relative(Deno.cwd(), result.notebook) || result.notebook;
  if (failure === undefined) return `${where}: ok`;
  const firstLine = failure.source.split("\n").find((line) => line.trim() !== "") ?? "";
  const cell = failure.cell === null ? "before any cell ran" : `cell ${failure.cell}`;
  const lines = [
    `${where}: ${cell}${firstLine ? ` (${firstLine.trim()})` : ""} failed`,
    `  ${failure.ename}: ${failure.evalue}`,
  ];
  // The kernel's traceback repeats the error line; show only the frames after it.
  const trace = stripAnsi(failure.traceback).split("\n")
    .filter((line) => line.trim() !== "" && line !== "Stack trace:")
    .filter((line) => line !== `${failure.ename}: ${failure.evalue}`);
  lines.push(...trace.slice(-15).map((line) => `    ${line}`));
  lines.push(`  executed notebook: ${relative(Deno.cwd(), result.executed)}`);
  return lines.join("\n");
}

function stripAnsi(text: string): string {
  // deno-lint-ignore no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, "");
}

/**
 * The landing page: every notebook in reading order, with its title in English and Chinese, the
 * document it follows and where that was published, a one-line summary, and links to its page
 * and its executed `.ipynb`. A notebook that failed says where.
 *
 * @param results What {@linkcode runNotebooks} returned, in reading order.
 * @returns An HTML page.
 *
 * @example Names and titles are escaped
 * ```ts
 * import { indexHtml } from "./notebooks.ts";
 * import assert from "assert";
 *
 * const page = indexHtml([{
 *   notebook: "notebooks/<b>.ipynb",
 *   name: "<b>",
 *   ok: true,
 *   seconds: 1,
 *   executed: "out/<b>.ipynb",
 *   html: "out/<b>.html",
 *   about: { title: "A <i>title</i>", titleZh: "标题", summary: "What it shows." },
 * }]);
 * assert.ok(!page.includes("<b>") && !page.includes("<i>"));
 * assert.match(page, /href="%3Cb%3E\.html"/);
 * assert.match(page, /<span lang="zh-Hans" class="zh">标题<\/span>/);
 * ```
 */
export function indexHtml(results: readonly NotebookResult[]): string {
  // A result's files sit in out/ (zh/ for the Chinese edition), named after the notebook.
  const link = (r: NotebookResult, path: string, text: string) => {
    const folder = r.name.includes("/") ? r.name.slice(0, r.name.lastIndexOf("/") + 1) : "";
    return `<a href="${escapeHtml(folder + encodeURIComponent(basename(path)))}">${
      escapeHtml(text)
    }</a>`;
  };
  const status = (r: NotebookResult) =>
    r.ok
      ? ""
      : `<span class="failed">failed${
        r.failure?.cell === null || r.failure === undefined ? "" : ` in cell ${r.failure.cell}`
      }: ${escapeHtml(`${r.failure?.ename}: ${r.failure?.evalue}`)}</span> · `;
  const chinese = new Map(
    results.filter((r) => r.name.startsWith(`${CHINESE_FOLDER}/`))
      .map((r) => [r.name.slice(CHINESE_FOLDER.length + 1), r]),
  );
  const english = new Set(results.map((r) => r.name));
  const items = results.filter((r) =>
    !r.name.startsWith(`${CHINESE_FOLDER}/`) ||
    !english.has(r.name.slice(CHINESE_FOLDER.length + 1))
  ).map((r) => {
    const about = r.about;
    const title = about === undefined
      ? `<h2>${link(r, r.html, r.name)}</h2>`
      : `<h2>${link(r, r.html, about.title)}<br><span lang="zh-Hans" class="zh">${
        escapeHtml(about.titleZh)
      }</span></h2>`;
    const lines = [title];
    if (about !== undefined) lines.push(`<p class="summary">${escapeHtml(about.summary)}</p>`);
    const seed = about?.seed;
    if (seed !== undefined) {
      const source = seed.source === null
        ? "the document names no source"
        : `source: <a href="${escapeHtml(seed.source)}">${
          escapeHtml(seed.source.replace(/^https?:\/\//, ""))
        }</a>`;
      lines.push(
        `<p class="seed">Follows seed document ${escapeHtml(seed.id)}, <q>${
          escapeHtml(seed.title)
        }</q>; ${source}.</p>`,
      );
    }
    lines.push(
      `<p class="files">${status(r)}${link(r, r.html, "read the page")} · ${
        link(r, r.executed, `${r.name}.ipynb`)
      } <span class="meta">(ran in ${r.seconds.toFixed(1)} s)</span></p>`,
    );
    const zh = chinese.get(r.name);
    if (zh !== undefined) {
      lines.push(
        `<p class="files" lang="zh-Hans">中文版：${status(zh)}${link(zh, zh.html, "阅读页面")} · ${
          link(zh, zh.executed, `${zh.name}.ipynb`)
        } <span class="meta">（运行 ${zh.seconds.toFixed(1)} 秒）</span></p>`,
      );
    }
    const ok = r.ok && (zh?.ok ?? true);
    return `    <li class="${ok ? "ok" : "failed"}">\n      ${lines.join("\n      ")}\n    </li>`;
  });
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>paramlab: where every parameter comes from</title>
  <style>
    body { font-family: system-ui, "Noto Sans", "Noto Sans CJK SC", sans-serif; margin: 2rem auto;
      max-width: 52rem; padding: 0 1rem; line-height: 1.45; color: #222; }
    .zh, [lang|="zh"] { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC",
      "PingFang SC", "Microsoft YaHei", sans-serif; }
    ol { padding-left: 1.5rem; }
    li { margin-bottom: 1.6rem; }
    h2 { font-size: 1.15rem; margin: 0 0 0.3rem; }
    h2 .zh { font-weight: normal; color: #444; }
    p { margin: 0.2rem 0; }
    .seed, .meta { color: #555; font-size: 0.92rem; }
    .failed, li.failed h2 a { color: #b00020; }
  </style>
</head>
<body>
  <h1>Where every parameter comes from<br><span lang="zh-Hans" class="zh">每个参数从何而来</span></h1>
  <p>Read the notebooks in this order. Each numbered notebook follows one of the five documents
  this project grew from and rebuilds every model it shows, with the document's Keras (Python)
  beside our TypeScript. Each page below is the notebook as <code>deno task notebooks</code>
  ran it on Deno's Jupyter kernel; the <code>.ipynb</code> holds the same outputs, a picture of
  every figure included, to open in JupyterLab or VS Code. Every notebook also has a Chinese
  edition, with the same code and the same outputs.</p>
  <p lang="zh-Hans">请按顺序阅读。每个笔记本都有中文版，代码和输出都与英文版相同；链接见各条目的“中文版”一行。</p>
  <ol>
${items.join("\n")}
  </ol>
</body>
</html>
`;
}

/**
 * The line the task prints when a notebook is done.
 *
 * @param r What running it gave.
 * @returns One line: status, name, seconds, figures drawn, and anything unusual, in words.
 *
 * @example A notebook with figures
 * ```ts
 * import { progressLine } from "./notebooks.ts";
 * import assert from "assert";
 *
 * assert.equal(
 *   progressLine({
 *     notebook: "notebooks/06_plots.ipynb", name: "06_plots", ok: true, seconds: 4.25,
 *     executed: "out/06_plots.ipynb", html: "out/06_plots.html", pictures: 5,
 *   }),
 *   "ok      06_plots  4.3 s, 5 figures drawn",
 * );
 * ```
 */
export function progressLine(r: NotebookResult): string {
  const notes = [`${r.seconds.toFixed(1)} s`];
  if (r.pictures !== undefined && r.pictures > 0) {
    notes.push(`${r.pictures} figure${r.pictures === 1 ? "" : "s"} drawn`);
  } else if (r.pictures === undefined) {
    notes.push("figures left without pictures: Chromium not found");
  }
  if (r.retriedAfter) {
    notes.push(
      `ran a second time because Jupyter's client failed the first time ` +
        `(${r.retriedAfter.ename}: ${r.retriedAfter.evalue})`,
    );
  }
  return `${r.ok ? "ok     " : "FAILED "} ${r.name}  ${notes.join(", ")}`;
}

/**
 * One status line at the foot of a terminal, redrawn in place: a bar for each notebook that has
 * been running for a few seconds. Nothing is drawn when the output is not a terminal (a log, CI).
 */
class ProgressBar {
  #running = new Map<string, { cell: number; cells: number; since: number }>();
  #drawn = false;
  #tty = Deno.stdout.isTerminal();
  #encoder = new TextEncoder();

  update(name: string, cell: number, cells: number): void {
    const since = this.#running.get(name)?.since ?? Date.now();
    this.#running.set(name, { cell, cells, since });
    this.#draw();
  }

  done(name: string): void {
    this.#running.delete(name);
  }

  print(line: string): void {
    this.#clear();
    console.log(line);
    this.#draw();
  }

  #clear(): void {
    if (this.#drawn) Deno.stdout.writeSync(this.#encoder.encode("\r\x1b[2K"));
    this.#drawn = false;
  }

  #draw(): void {
    if (!this.#tty) return;
    const slow = [...this.#running].filter(([, p]) => Date.now() - p.since > 3000);
    this.#clear();
    if (slow.length === 0) return;
    const width = Math.max(20, Math.min(Deno.consoleSize().columns, 120));
    const each = Math.floor(width / slow.length) - 1;
    const parts = slow.map(([name, p]) => {
      const label = ` ${p.cell}/${p.cells} ${name}`;
      const barWidth = Math.max(4, Math.min(20, each - label.length - 2));
      const filled = Math.round((p.cell / p.cells) * barWidth);
      return `[${"#".repeat(filled)}${" ".repeat(barWidth - filled)}]${label}`.slice(0, each);
    });
    Deno.stdout.writeSync(this.#encoder.encode(parts.join(" ")));
    this.#drawn = true;
  }
}

async function main(args: string[]): Promise<number> {
  let outDir = join(PROJECT_ROOT, "out");
  const out = args.indexOf("--out");
  if (out !== -1) {
    if (args[out + 1] === undefined) {
      console.error("--out needs a folder");
      return 2;
    }
    outDir = resolve(args[out + 1]);
    args = args.filter((_, i) => i !== out && i !== out + 1);
  }
  const notebooks = args.length > 0 ? args : undefined;
  let results: NotebookResult[];
  try {
    const bar = new ProgressBar();
    results = await runNotebooks({
      notebooks,
      outDir,
      onDownload: (what) => bar.print(`Downloading ${what} into Deno's cache (first run only)…`),
      onProgress: (name, cell, cells) => bar.update(name, cell, cells),
      onResult: (r) => {
        bar.done(r.name);
        bar.print(progressLine(r));
      },
    });
  } catch (error) {
    if (!(error instanceof JupyterMissingError)) throw error;
    console.error(error.message);
    return 2;
  }
  const failed = results.filter((r) => !r.ok);
  for (const result of failed) console.error(`\n${formatFailure(result)}`);
  const index = relative(Deno.cwd(), join(outDir, "index.html"));
  const ran = results.length - failed.length;
  console.log(
    `\n${ran} of ${results.length} notebook${results.length === 1 ? "" : "s"} ran; ` +
      `open ${index} to read them`,
  );
  return failed.length === 0 ? 0 : 1;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
