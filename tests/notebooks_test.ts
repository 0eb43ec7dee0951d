import assert from "assert";
import { basename, join } from "node:path";
import { escapeHtml } from "../lib/html.ts";
import { fileURLToPath } from "node:url";
import {
  findJupyterPython,
  formatFailure,
  jupyterMissingMessage,
  notebookAbout,
  type NotebookResult,
  runNotebooks,
} from "../tools/notebooks.ts";
import { PLOTLY_MIME } from "../lib/plot.ts";
import { type SeedId, seedText } from "./_seeds.ts";
import {
  committedNotebooks,
  isStripped,
  type NotebookCell,
  readNotebook,
} from "../tools/strip_notebooks.ts";
import {
  CHINESE_EXPLANATIONS,
  type ExecutedNotebook,
  executedText,
  inChineseEdition,
  NOTEBOOK_EXPECTATIONS,
  PIPELINE_NOTEBOOK,
} from "./notebook_expectations.ts";

/**
 * What each notebook must show once executed: strings that must appear in its cells' outputs
 * (plain text, printed lines and errors; not the source), per notebook file. The teaching
 * notebooks' lists live in `notebook_expectations.ts`; add a notebook there.
 */
const EXPECTED_OUTPUTS: Readonly<Record<string, readonly string[]>> = NOTEBOOK_EXPECTATIONS;

const PIPELINE_EXPECTED = [
  "2",
  'Line figure "Dense parameters on 8 input features" (log x, log y)',
  "Dense: 7 points, x 1 … 64, y 9 … 576",
  'Heatmap "Dense parameters" (3 × 4)',
  "escaped name in the HTML: true",
  "raw <img tag in the HTML: false",
];

const IN_CI = Deno.env.get("CI") === "true";
const PYTHON = await findJupyterPython();
const SKIP_RUNS = PYTHON === undefined && !IN_CI;
if (SKIP_RUNS) {
  console.warn(`Skipping the notebook runs, Jupyter is missing. ${jupyterMissingMessage()}`);
}

/** Everything some cells showed, as text: plain-text data, streams and errors. */
function outputText(cells: readonly NotebookCell[]): string {
  return executedText({ cells } as unknown as ExecutedNotebook).trim();
}

function requireJupyter(): void {
  if (PYTHON === undefined) throw new Error(`CI=true and ${jupyterMissingMessage()}`);
}

Deno.test("committed notebooks are stored without outputs", async () => {
  const unstripped = [];
  for (const path of [...await committedNotebooks(), PIPELINE_NOTEBOOK]) {
    if (!isStripped(await readNotebook(path))) unstripped.push(basename(path));
  }
  assert.deepEqual(unstripped, [], "run `deno task notebooks:strip`");
});

Deno.test("committed notebooks ask for the Deno kernel", async () => {
  for (const path of await committedNotebooks()) {
    const { metadata } = await readNotebook(path);
    const kernelspec = metadata.kernelspec as { name?: string } | undefined;
    assert.equal(kernelspec?.name, "deno", `${basename(path)} asks for another kernel`);
  }
});

Deno.test("every notebook with expected outputs is committed", async () => {
  const committed = (await committedNotebooks()).map((p) => basename(p));
  for (const name of Object.keys(EXPECTED_OUTPUTS)) assert.ok(committed.includes(name), name);
});

Deno.test("every notebook says what the landing page shows, and cites its document truly", async () => {
  for (const path of await committedNotebooks()) {
    const about = notebookAbout((await readNotebook(path)).metadata);
    assert.ok(about, `${basename(path)} has no metadata.paramlab`);
    assert.match(about.titleZh, /\p{Script=Han}/u, `${basename(path)}: the Chinese title`);
    if (about.seed === undefined) continue;
    const text = seedText(about.seed.id as SeedId);
    assert.ok(text.includes(about.seed.title), `${basename(path)}: seed title not in the document`);
    if (about.seed.source === null) {
      assert.doesNotMatch(
        text,
        /^(来源|Source)\s*[:：]/m,
        `${basename(path)}: the document names a source`,
      );
    } else {
      assert.ok(text.includes(about.seed.source), `${basename(path)}: source not in the document`);
    }
  }
});

/** The ```python blocks of a notebook's markdown cells. */
function pythonBlocks(cells: readonly NotebookCell[]): string[] {
  const text = cells.filter((c) => c.cell_type === "markdown")
    .map((c) => (Array.isArray(c.source) ? c.source.join("") : String(c.source))).join("\n");
  return [...text.matchAll(/```python\n([\s\S]*?)```/g)].map((m) => m[1]);
}

Deno.test("every line of Python a notebook shows is in the document it follows", async () => {
  const squash = (s: string) => s.replace(/\s+/g, "");
  for (const path of await committedNotebooks()) {
    const notebook = await readNotebook(path);
    const seed = notebookAbout(notebook.metadata)?.seed;
    const blocks = pythonBlocks(notebook.cells);
    if (seed === undefined) {
      assert.deepEqual(blocks, [], `${basename(path)} follows no document but shows its Python`);
      continue;
    }
    const document = squash(seedText(seed.id as SeedId));
    // Every document with Keras code (all but 000, which prints tables only) is shown.
    if (document.includes("model.add(")) assert.ok(blocks.length > 0, basename(path));
    for (const line of blocks.flatMap((b) => b.split("\n"))) {
      const code = squash(line.replace(/#.*$/, ""));
      if (code === "") continue;
      assert.ok(
        document.includes(code),
        `${basename(path)}: ${line.trim()} is not in seed ${seed.id}`,
      );
    }
  }
});

Deno.test({
  name: "every notebook runs on Deno's kernel and shows what it teaches",
  ignore: SKIP_RUNS,
  async fn(t) {
    requireJupyter();
    const results = await runNotebooks();
    await t.step("the landing page lists every notebook in reading order", async () => {
      const index = await Deno.readTextFile(join(ROOT, "out", "index.html"));
      const positions = results.map((r) => index.indexOf(`href="${r.name}.html"`));
      assert.ok(positions.every((p) => p > 0), "every notebook's page is linked");
      assert.deepEqual([...positions].sort((a, b) => a - b), positions, "in reading order");
      for (const r of results) {
        assert.ok(index.includes(`href="${r.name}.ipynb"`), `${r.name}.ipynb is linked`);
        assert.ok(
          r.about && index.includes(escapeHtml(r.about.titleZh)),
          `${r.name}: Chinese title`,
        );
        if (r.about?.seed?.source) assert.ok(index.includes(`href="${r.about.seed.source}"`));
      }
      assert.ok(
        !index.includes("pipeline_check") && !index.includes("00_smoke"),
        "the pipeline check is not shown to learners",
      );
      assert.ok(!index.includes("onerror"), "nor the escaping check");
    });
    for (const result of results) {
      await t.step(basename(result.notebook), async () => {
        assert.ok(result.ok, formatFailure(result));
        const executed = await readNotebook(result.executed);
        assertFiguresHavePictures(result, executed.cells);
        const shown = outputText(executed.cells);
        const english = EXPECTED_OUTPUTS[basename(result.notebook)] ?? [];
        // The Chinese edition sets setLanguage("zh") first: its titles and explanations read so.
        const expectations = result.name.startsWith("zh/")
          ? [
            ...english.map(inChineseEdition),
            ...CHINESE_EXPLANATIONS[basename(result.notebook)] ?? [],
          ]
          : english;
        for (const expected of expectations) {
          assert.ok(
            shown.includes(expected),
            `${result.name}: the executed outputs lack ${JSON.stringify(expected)}; ` +
              `see ${result.executed}`,
          );
        }
        if (basename(result.notebook) === TRAINED_NOTEBOOK) assertTrainedPredictions(shown);
        if (DRAWING_NOTEBOOKS.includes(basename(result.notebook))) {
          await assertDrawingsShown(result, executed.cells);
        }
      });
    }
  },
});

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Every plotly output carries a PNG picture, a real one, as large as the runner draws it. */
function assertFiguresHavePictures(result: NotebookResult, cells: readonly NotebookCell[]): void {
  const figures = cells.flatMap((c) => (c.outputs ?? []) as { data?: Record<string, unknown> }[])
    .filter((o) => o.data?.[PLOTLY_MIME] !== undefined);
  assert.equal(result.pictures, figures.length, `${result.name}: figures drawn`);
  for (const figure of figures) {
    const png = figure.data?.["image/png"];
    assert.equal(typeof png, "string", `${result.name}: a figure has no image/png`);
    const bytes = Uint8Array.from(atob((png as string).replace(/\s/g, "")), (c) => c.charCodeAt(0));
    assert.deepEqual([...bytes.slice(0, 8)], PNG_SIGNATURE);
    const view = new DataView(bytes.buffer);
    // The IHDR chunk: width and height, twice the CSS size the runner draws at.
    assert.deepEqual([view.getUint32(16), view.getUint32(20)], [1800, 900]);
    assert.ok(bytes.length > 20_000, `${result.name}: a picture of ${bytes.length} bytes is blank`);
  }
}

/** Notebooks that show a layer's explanation as a cell's value, and so its drawing. */
const DRAWING_NOTEBOOKS = [
  "00_overview.ipynb",
  "01_why_the_first_lstm_has_more_params.ipynb",
  "04_timedistributed_and_three_trained_examples.ipynb",
  "05_lstm_gate_by_gate.ipynb",
  "08_attention_parameters.ipynb",
];

/**
 * An explanation shown as a cell's value carries its drawing as `image/svg+xml` (for untrusted
 * notebooks and GitHub) and inside its HTML, and the exported page holds it.
 */
async function assertDrawingsShown(
  result: NotebookResult,
  cells: readonly NotebookCell[],
): Promise<void> {
  const outputs = cells.flatMap((c) => (c.outputs ?? []) as { data?: Record<string, unknown> }[]);
  const text = (value: unknown) => (Array.isArray(value) ? value.join("") : String(value ?? ""));
  const drawings = outputs.filter((o) => o.data?.["image/svg+xml"] !== undefined);
  assert.ok(drawings.length > 0, `${result.name}: no image/svg+xml output`);
  for (const o of drawings) {
    const svg = text(o.data!["image/svg+xml"]);
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="paramlab-drawing"/);
    assert.ok(text(o.data!["text/html"]).includes(svg), `${result.name}: the HTML shows it`);
  }
  const page = await Deno.readTextFile(result.html);
  assert.match(page, /<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="paramlab-drawing"/);
}

/** The notebook that trains seed 003's three models in TF.js. */
const TRAINED_NOTEBOOK = "04_timedistributed_and_three_trained_examples.ipynb";

/**
 * Seed 003 trains each model to reproduce the sequence 0.0, 0.2, 0.4, 0.6, 0.8; every prediction
 * the notebook printed (to three decimals) must be within 0.1 of its target.
 */
function assertTrainedPredictions(shown: string): void {
  const targets = [0, 0.2, 0.4, 0.6, 0.8];
  const runs = [...shown.matchAll(/to 3 decimals: ([-\d. ]+)/g)].map((m) =>
    m[1].trim().split(/\s+/).map(Number)
  );
  assert.equal(runs.length, 3, "three trained models print their predictions");
  for (const predictions of runs) {
    assert.equal(predictions.length, targets.length);
    predictions.forEach((p, i) =>
      assert.ok(Math.abs(p - targets[i]) < 0.1, `prediction ${p} is within 0.1 of ${targets[i]}`)
    );
  }
}

Deno.test({
  name: "the pipeline check runs, draws its figures and shows hostile names as text",
  ignore: SKIP_RUNS,
  async fn() {
    requireJupyter();
    const folder = await Deno.makeTempDir({ prefix: "paramlab_pipeline_" });
    try {
      const [result] = await runNotebooks({ notebooks: [PIPELINE_NOTEBOOK], outDir: folder });
      assert.ok(result.ok, formatFailure(result));
      const executed = await readNotebook(result.executed);
      assertFiguresHavePictures(result, executed.cells);
      const shown = outputText(executed.cells);
      for (const expected of PIPELINE_EXPECTED) assert.ok(shown.includes(expected), expected);
    } finally {
      await Deno.remove(folder, { recursive: true });
    }
  },
});

Deno.test({
  name: "a failing cell fails its notebook, and a late output still reaches its cell",
  ignore: SKIP_RUNS,
  async fn() {
    requireJupyter();
    const folder = await Deno.makeTempDir({ prefix: "paramlab_notebooks_" });
    const code = (id: string, source: string) => ({
      cell_type: "code",
      id,
      metadata: {},
      outputs: [],
      execution_count: null,
      source,
    });
    const write = (name: string, cells: object[]) =>
      Deno.writeTextFile(
        join(folder, name),
        JSON.stringify({
          cells,
          metadata: { kernelspec: { name: "deno", display_name: "Deno", language: "typescript" } },
          nbformat: 4,
          nbformat_minor: 5,
        }),
      );
    try {
      await write("broken.ipynb", [
        code("a", "1 + 1"),
        // A cell meant to throw, to show an error, is tagged and does not fail the run.
        {
          ...code("b", "throw new TypeError('shown on purpose')"),
          metadata: { tags: ["raises-exception"] },
        },
        code(
          "c",
          "const layer = { units: -1 };\nif (layer.units < 0) throw new RangeError('bad');",
        ),
        code("d", "'never run'"),
      ]);
      // A result built asynchronously reaches the client after the kernel reports idle.
      await write("late.ipynb", [
        code(
          "a",
          "({ [Symbol.for('Jupyter.display')]: async () => {\n" +
            "  await new Promise((resolve) => setTimeout(resolve, 300));\n" +
            "  return { 'text/plain': 'late but kept' };\n" +
            "} })",
        ),
        code("b", "'next cell'"),
      ]);
      // A result whose display throws: the kernel reports the cell done, the error shows only
      // as an output; the notebook still fails, at that cell.
      await write("display.ipynb", [
        code("a", "1 + 1"),
        code(
          "b",
          "({ [Symbol.for('Jupyter.display')]: () => { throw new RangeError('cannot display'); } })",
        ),
      ]);
      // A kernel that dies is a failure outside any cell's own error: the runner tries once
      // more, says so, and still reports the failure.
      await write("dies.ipynb", [code("a", "Deno.exit(3)")]);
      const results = await runNotebooks({
        notebooks: [
          join(folder, "broken.ipynb"),
          join(folder, "late.ipynb"),
          join(folder, "dies.ipynb"),
          join(folder, "display.ipynb"),
        ],
        outDir: join(folder, "out"),
      });
      const [broken, late, dies, display] = results as NotebookResult[];
      assert.equal(display.ok, false, "an error shown by a display fails the notebook");
      assert.equal(display.failure?.cell, 1);
      assert.match(display.failure?.evalue ?? "", /cannot display/);
      assert.equal(dies.ok, false);
      assert.ok(dies.retriedAfter, "a run that failed outside a cell's own error is run again");
      assert.equal(dies.retriedAfter.ename, dies.failure?.ename);
      assert.equal(broken.retriedAfter, undefined, "a cell's own error is not retried");

      assert.equal(broken.ok, false);
      assert.equal(broken.failure?.cell, 2);
      assert.equal(broken.failure?.ename, "RangeError");
      const message = formatFailure(broken);
      assert.match(message, /broken\.ipynb: cell 2 \(const layer = \{ units: -1 \};\) failed/);
      assert.match(message, /RangeError: bad/);
      const brokenCells = (await readNotebook(broken.executed)).cells;
      assert.equal(outputText([brokenCells[0]]), "2");
      assert.equal(outputText([brokenCells[1]]), "TypeError: shown on purpose");
      assert.deepEqual(brokenCells[3].outputs, [], "a cell after the failing one ran");

      assert.ok(late.ok, formatFailure(late));
      const lateCells = (await readNotebook(late.executed)).cells;
      assert.match(outputText([lateCells[0]]), /late but kept/);
      assert.match(outputText([lateCells[1]]), /next cell/);

      const index = await Deno.readTextFile(join(folder, "out", "index.html"));
      assert.match(index, /href="broken\.html"/);
      assert.match(index, /failed in cell 2/);
    } finally {
      await Deno.remove(folder, { recursive: true });
    }
  },
});

Deno.test("without Jupyter the notebooks task names the Debian packages to install", async () => {
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-write",
      "--allow-run",
      "--allow-env",
      "tools/notebooks.ts",
    ],
    cwd: fileURLToPath(new URL("../", import.meta.url)),
    env: { PARAMLAB_JUPYTER_PYTHON: "/nonexistent/python3" },
    stdout: "null",
    stderr: "piped",
  }).output();
  assert.equal(code, 2);
  assert.match(
    new TextDecoder().decode(stderr),
    /sudo apt-get install -y python3-nbclient python3-nbconvert/,
  );
});

Deno.test({
  name: "a first run on a cold Deno cache prints one line per notebook and no download noise",
  ignore: SKIP_RUNS,
  async fn() {
    requireJupyter();
    const folder = await Deno.makeTempDir({ prefix: "paramlab_cold_" });
    try {
      const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
        args: [
          "task",
          "notebooks",
          "--out",
          join(folder, "out"),
          "notebooks/02_lstm_480_not_120.ipynb",
        ],
        cwd: ROOT,
        // A Deno cache of its own, empty: what a fresh machine's first run sees.
        env: { DENO_DIR: join(folder, "deno"), NO_COLOR: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
      const lines = (decode(stdout) + decode(stderr)).split("\n").filter((l) => l.trim() !== "");
      const context = lines.join("\n");
      assert.equal(code, 0, context);
      const allowed = [
        /^Task notebooks deno run /, // deno task's own echo of the command
        /^Downloading [\w. ]+ into Deno's cache \(first run only\)…$/,
        /^ok {6}02_lstm_480_not_120 {2}[\d.]+ s$/,
        /^1 of 1 notebook ran; open .*index\.html to read them$/,
      ];
      const unexpected = lines.filter((line) => !allowed.some((pattern) => pattern.test(line)));
      assert.deepEqual(unexpected, [], `lines beyond progress:\n${context}`);
    } finally {
      await Deno.remove(folder, { recursive: true });
    }
  },
});
