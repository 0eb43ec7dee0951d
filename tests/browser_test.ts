import assert from "assert";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { findJupyterPython, formatFailure, runNotebooks } from "../tools/notebooks.ts";
import { type DevTools, findChromium, launchChromium } from "../tools/_chromium.ts";
import { PIPELINE_NOTEBOOK } from "./notebook_expectations.ts";
import { LSTM, MultiHeadAttention } from "../mod.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
/** Notebooks whose exported HTML is opened in Chromium to check every figure is drawn. */
const BROWSER_NOTEBOOKS = [
  PIPELINE_NOTEBOOK,
  join(ROOT, "notebooks", "06_plots.ipynb"),
  join(ROOT, "notebooks", "09_compute_grows_params_dont.ipynb"),
];
/** The sliding figures each notebook must have, at least: 06's three, 09's MACs against params. */
const SLIDING_FIGURES: Readonly<Record<string, number>> = {
  "06_plots": 3,
  "09_compute_grows_params_dont": 1,
};
const OUT = join(ROOT, "out", "browser");
const IN_CI = Deno.env.get("CI") === "true";

const CHROMIUM = await findChromium();
const PYTHON = await findJupyterPython();
const MISSING = [
  CHROMIUM === undefined ? "Chromium (sudo apt-get install -y chromium)" : "",
  PYTHON === undefined
    ? "Jupyter's client (sudo apt-get install -y python3-nbclient " +
      "python3-nbconvert)"
    : "",
].filter(Boolean).join(" and ");
if (MISSING && !IN_CI) console.warn(`Skipping the browser test, missing: ${MISSING}`);

interface PlotCheck {
  total: number;
  drawn: number;
  notDrawn: string[];
  legends: string[];
  xss: boolean;
  /** The trace types the figures ask for, and those the page's plotly.js does not register. */
  traceTypes: string[];
  unknownTraces: string[];
}

const CHECK_PLOTS = `JSON.stringify((() => {
  const plots = [...document.querySelectorAll(".paramlab-plot")];
  const types = [...new Set(plots.flatMap((p) => (p.data ?? []).map((t) => t.type ?? "scatter")))];
  const known = window.Plotly === undefined ? undefined : window.Plotly.PlotSchema.get().traces;
  return {
    total: plots.length,
    drawn: plots.filter((p) => p.querySelector(".main-svg")).length,
    notDrawn: plots.filter((p) => !p.querySelector(".main-svg"))
      .map((p) => p.id + ": " + p.textContent.slice(0, 200)),
    legends: [...document.querySelectorAll(".legendtext")].map((e) => e.textContent),
    xss: globalThis.xss === true,
    traceTypes: types,
    unknownTraces: known === undefined ? ["(no plotly.js)"] : types.filter((t) => !(t in known)),
  };
})())`;

/** Opens a page in a new tab; returns its session, every URL it requested and its exceptions. */
async function openPage(devtools: DevTools, html: string) {
  const { targetId, sessionId } = await devtools.newPage();
  const exceptions: string[] = [];
  const requests: string[] = [];
  devtools.on((method, params, session) => {
    if (session !== sessionId) return;
    if (method === "Runtime.exceptionThrown") {
      const details = params.exceptionDetails as {
        text: string;
        exception?: { description?: string };
      };
      exceptions.push(details.exception?.description ?? details.text);
    } else if (method === "Network.requestWillBeSent") {
      requests.push((params.request as { url: string }).url);
    }
  });
  await devtools.send("Page.enable", {}, sessionId);
  await devtools.send("Runtime.enable", {}, sessionId);
  await devtools.send("Network.enable", {}, sessionId);
  const loaded = devtools.waitFor("Page.loadEventFired", sessionId, 60_000);
  await devtools.send("Page.navigate", { url: pathToFileURL(html).href }, sessionId);
  await loaded;
  return { targetId, sessionId, exceptions, requests };
}

/** What a page requested beyond its own bytes: anything but itself and `data:`/`blob:` URLs. */
function outsideRequests(html: string, requests: readonly string[]): string[] {
  const self = pathToFileURL(html).href;
  return requests.filter((url) => url.split("#")[0] !== self && !/^(data|blob|about):/.test(url));
}

async function screenshot(devtools: DevTools, sessionId: string, path: string): Promise<void> {
  const { cssContentSize } = await devtools.send<
    { cssContentSize: { width: number; height: number } }
  >("Page.getLayoutMetrics", {}, sessionId);
  const { data } = await devtools.send<{ data: string }>("Page.captureScreenshot", {
    format: "png",
    captureBeyondViewport: true,
    clip: {
      x: 0,
      y: 0,
      width: Math.ceil(cssContentSize.width),
      height: Math.min(Math.ceil(cssContentSize.height), 16_000),
      scale: 1,
    },
  }, sessionId);
  await Deno.writeFile(path, Uint8Array.from(atob(data), (c) => c.charCodeAt(0)));
}

async function checkPlots(devtools: DevTools, html: string, screenshotPath: string) {
  const page = await openPage(devtools, html);
  let check: PlotCheck | undefined;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    check = JSON.parse(await devtools.evaluate<string>(page.sessionId, CHECK_PLOTS)) as PlotCheck;
    if (check.total > 0 && check.drawn === check.total) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await screenshot(devtools, page.sessionId, screenshotPath);
  await devtools.send("Target.closeTarget", { targetId: page.targetId });
  return { check: check!, exceptions: page.exceptions, requests: page.requests };
}

/**
 * For every element marked as Chinese, each Han character drawn in the element's own font, and
 * compared with a character no font has (U+10FFFD): a character drawn exactly like it, or drawn
 * with no ink at all, is a missing glyph ("tofu"). The reference itself is classified too, so a
 * broken comparison shows up as a failure rather than a pass.
 */
const CHECK_CHINESE = `JSON.stringify((() => {
  const canvas = document.createElement("canvas");
  canvas.width = 48;
  canvas.height = 48;
  const context = canvas.getContext("2d", { willReadFrequently: true });
  const ink = (font, character) => {
    context.clearRect(0, 0, 48, 48);
    context.font = font;
    context.textBaseline = "top";
    context.fillStyle = "#000";
    context.fillText(character, 4, 4);
    const alpha = context.getImageData(0, 0, 48, 48).data.filter((_, i) => i % 4 === 3);
    return alpha.join(",");
  };
  const blank = new Array(48 * 48).fill(0).join(",");
  const elements = [...document.querySelectorAll('[lang|="zh"]')];
  return elements.map((element) => {
    const style = getComputedStyle(element);
    const font = "32px " + style.fontFamily;
    const missing = ink(font, "\\u{10FFFD}");
    const isTofu = (character) => {
      const drawn = ink(font, character);
      return drawn === missing || drawn === blank;
    };
    const han = [...new Set([...element.textContent].filter((c) => /\\p{Script=Han}/u.test(c)))];
    return {
      text: element.textContent,
      fontFamily: style.fontFamily,
      han: han.length,
      tofu: han.filter(isTofu),
      referenceIsTofu: isTofu("\\u{10FFFD}"),
    };
  });
})())`;

interface ChineseCheck {
  text: string;
  fontFamily: string;
  han: number;
  tofu: string[];
  referenceIsTofu: boolean;
}

/** The fonts Chromium actually used for an element's text. */
async function platformFonts(devtools: DevTools, sessionId: string, selector: string) {
  await devtools.send("DOM.enable", {}, sessionId);
  await devtools.send("CSS.enable", {}, sessionId);
  const { root } = await devtools.send<{ root: { nodeId: number } }>(
    "DOM.getDocument",
    {},
    sessionId,
  );
  const { nodeId } = await devtools.send<{ nodeId: number }>("DOM.querySelector", {
    nodeId: root.nodeId,
    selector,
  }, sessionId);
  const { fonts } = await devtools.send<{ fonts: { familyName: string; glyphCount: number }[] }>(
    "CSS.getPlatformFontsForNode",
    { nodeId },
    sessionId,
  );
  return fonts;
}

/** What a sliding figure shows now: its traces' values and the drawn lines' paths. */
const SLIDER_STATE = (index: number) =>
  `JSON.stringify((() => {
  const plot = [...document.querySelectorAll(".paramlab-plot")]
    .filter((p) => (p._fullLayout?.sliders ?? []).length > 0)[${index}];
  plot.scrollIntoView({ block: "center" });
  const rail = plot.querySelector(".slider-rail-touch-rect").getBoundingClientRect();
  return {
    title: plot._fullLayout.title.text,
    active: plot._fullLayout.sliders[0].active,
    steps: plot._fullLayout.sliders[0].steps.length,
    values: JSON.stringify(plot.data.map((t) => [t.x, t.y])),
    paths: [...plot.querySelectorAll(".scatterlayer path")].map((p) => p.getAttribute("d")).join("|"),
    rail: { x: rail.x, y: rail.y, width: rail.width, height: rail.height },
  };
})())`;

interface SliderState {
  title: string;
  active: number;
  steps: number;
  values: string;
  paths: string;
  rail: { x: number; y: number; width: number; height: number };
}

/** Moves every sliding figure of a page to its last step with the mouse; returns before/after. */
async function slideEveryFigure(devtools: DevTools, html: string) {
  const page = await openPage(devtools, html);
  const count = await devtools.evaluate<number>(
    page.sessionId,
    `[...document.querySelectorAll(".paramlab-plot")]
      .filter((p) => (p._fullLayout?.sliders ?? []).length > 0).length`,
  );
  const moves: { before: SliderState; after: SliderState }[] = [];
  for (let i = 0; i < count; i++) {
    const before = JSON.parse(
      await devtools.evaluate<string>(page.sessionId, SLIDER_STATE(i)),
    ) as SliderState;
    // A real click at the rail's right end, where the last step is.
    const x = before.rail.x + before.rail.width - 3;
    const y = before.rail.y + before.rail.height / 2;
    for (const type of ["mouseMoved", "mousePressed", "mouseReleased"]) {
      await devtools.send("Input.dispatchMouseEvent", {
        type,
        x,
        y,
        button: "left",
        clickCount: type === "mouseMoved" ? 0 : 1,
      }, page.sessionId);
    }
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const after = JSON.parse(
      await devtools.evaluate<string>(page.sessionId, SLIDER_STATE(i)),
    ) as SliderState;
    moves.push({ before, after });
  }
  await devtools.send("Target.closeTarget", { targetId: page.targetId });
  return moves;
}

Deno.test({
  name: "the exported pages draw every figure offline, load nothing from outside, " +
    "and show Chinese in a real font",
  ignore: MISSING !== "" && !IN_CI,
  async fn(t) {
    if (MISSING) throw new Error(`CI=true and missing: ${MISSING}`);
    await Deno.mkdir(OUT, { recursive: true });
    const results = await runNotebooks({ notebooks: BROWSER_NOTEBOOKS, outDir: OUT });
    for (const result of results) assert.ok(result.ok, formatFailure(result));
    for (const name of Object.keys(SLIDING_FIGURES)) {
      assert.ok(results.some((r) => r.name === name), `${name} ran`);
    }

    const browser = await launchChromium(CHROMIUM!);
    const drawnTypes: string[] = [];
    try {
      const { devtools } = browser;
      for (const result of results) {
        await t.step(result.name, async () => {
          const screenshotPath = join(OUT, `${result.name}.png`);
          const { check, exceptions, requests } = await checkPlots(
            devtools,
            result.html,
            screenshotPath,
          );
          const context = `${result.name}: ${JSON.stringify(check)}\n` +
            `page exceptions: ${exceptions.join("\n") || "none"}\nscreenshot: ${screenshotPath}`;
          assert.ok(check.total > 0, `no figures on the page\n${context}`);
          assert.equal(check.drawn, check.total, `figures not drawn\n${context}`);
          assert.equal(check.xss, false, `a figure's text ran as code\n${context}`);
          // The inlined bundle is plotly's cartesian one: every trace a figure asks for is one
          // it draws (plotly.js skips an unregistered type and still draws the axes).
          assert.deepEqual(check.unknownTraces, [], `trace types plotly.js lacks\n${context}`);
          drawnTypes.push(...check.traceTypes);
          const plotlyErrors = exceptions.filter((e) => /plotly/i.test(e));
          assert.deepEqual(plotlyErrors, [], context);
          assert.deepEqual(
            outsideRequests(result.html, requests),
            [],
            `${result.name}.html loads files outside itself`,
          );
          const page = await Deno.readTextFile(result.html);
          assert.doesNotMatch(
            page,
            /<script[^>]+src=|<link[^>]+href="(?!#)/,
            "external script/link",
          );
          const sliding = SLIDING_FIGURES[result.name];
          if (sliding !== undefined) {
            const moves = await slideEveryFigure(devtools, result.html);
            const report = JSON.stringify(moves.map((m) => [m.before.title, m.after.active]));
            assert.ok(moves.length >= sliding, `at least ${sliding} sliding figures: ${report}`);
            for (const { before, after } of moves) {
              assert.notEqual(before.active, after.active, `${before.title}'s slider moved`);
              assert.equal(after.active, after.steps - 1, `${before.title} slid to its last step`);
              assert.notEqual(after.values, before.values, `${before.title}'s traces changed`);
              assert.notEqual(after.paths, before.paths, `${before.title} was redrawn`);
            }
            if (result.name === "09_compute_grows_params_dont") {
              // LSTM(1) on 13 features: 4 × 1 × (13 + 1) = 56 MACs per step, by hand; the slider
              // runs from 1 step to 10,000, and the parameters (4 × (14 + 1) = 60) stay put.
              const [[x0, y0]] = JSON.parse(moves[0].before.values) as number[][][];
              const [[x1, y1]] = JSON.parse(moves[0].after.values) as number[][][];
              assert.deepEqual([x0[0], y0[0]], [60, 56], "1 unit at 1 step");
              assert.deepEqual([x1[0], y1[0]], [60, 560_000], "1 unit at 10,000 steps");
            }
          }
          if (result.name === "pipeline_check") {
            assert.ok(
              check.legends.includes('<img src=x onerror="globalThis.xss = true">'),
              `the hostile series name is not shown as text\n${context}`,
            );
          }
        });
      }

      // The notebooks opened here draw lines and heatmaps (bars are checked where every
      // notebook's pictures are drawn, tools/_figures.ts), so the check above is not empty.
      for (const type of ["scatter", "heatmap"]) {
        assert.ok(drawnTypes.includes(type), `no ${type} trace drawn: ${drawnTypes}`);
      }

      await t.step("the landing page's Chinese titles render with a real font", async () => {
        const index = join(OUT, "index.html");
        const page = await openPage(devtools, index);
        const checks = JSON.parse(
          await devtools.evaluate<string>(page.sessionId, CHECK_CHINESE),
        ) as ChineseCheck[];
        const fonts = await platformFonts(devtools, page.sessionId, 'h1 [lang|="zh"]');
        await screenshot(devtools, page.sessionId, join(OUT, "index.png"));
        await devtools.send("Target.closeTarget", { targetId: page.targetId });
        const context = `${JSON.stringify(checks, null, 1)}\nfonts used for the heading: ${
          JSON.stringify(fonts)
        }\nOn Debian: sudo apt-get install -y fonts-noto-cjk`;
        assert.ok(checks.length >= 2, `the heading and 06_plots's title are Chinese\n${context}`);
        for (const check of checks) {
          assert.ok(check.referenceIsTofu, `the missing-glyph reference is recognised\n${context}`);
          assert.ok(check.han > 0, context);
          assert.deepEqual(check.tofu, [], `"${check.text}" draws missing glyphs\n${context}`);
        }
        assert.deepEqual(outsideRequests(index, page.requests), [], "index.html loads nothing");
      });
    } finally {
      await browser.close();
    }
  },
});

interface DrawnBand {
  label: string;
  shown: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

interface DrawnTensor {
  name: string;
  columns: string;
  rows: string;
  count: string;
  box: { x: number; y: number; width: number; height: number };
  bands: DrawnBand[];
}

/** Every drawn tensor of the page: its side labels, its count, its box and its bands, as drawn. */
const READ_DRAWINGS = `JSON.stringify([...document.querySelectorAll("svg.paramlab-drawing")]
  .map((svg) => [...svg.querySelectorAll(".tensor")].map((t) => {
    const box = (element) => {
      const r = element.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const textOf = (selector) => t.querySelector(selector)?.textContent ?? "";
    return {
      name: t.dataset.name,
      columns: textOf(".columns-label"),
      rows: textOf(".rows-label"),
      count: textOf(".count"),
      box: box(t.querySelector(".tensor-box")),
      bands: [...t.querySelectorAll(".band")].filter((b) => b.dataset.kind !== "bias row")
        .map((b) => ({
          label: b.dataset.label,
          shown: b.querySelector(".band-label")?.textContent ?? "",
          ...box(b.querySelector("rect")),
        })),
    };
  })))`;

/** Whether bands tile their box side by side (columns) or one under another (rows), equally. */
function assertTiles(t: DrawnTensor, along: "columns" | "rows", count: number): void {
  assert.equal(t.bands.length, count, `${t.name}: ${count} bands`);
  const [start, size, crossStart, crossSize] = along === "columns"
    ? (["x", "width", "y", "height"] as const)
    : (["y", "height", "x", "width"] as const);
  const each = t.box[size] / count;
  t.bands.forEach((band, i) => {
    const where = `${t.name} band ${i + 1} (${band.label})`;
    assert.ok(Math.abs(band[start] - (t.box[start] + i * each)) < 1, `${where} starts in place`);
    assert.ok(Math.abs(band[size] - each) < 1, `${where} is one ${count}th`);
    assert.ok(Math.abs(band[crossStart] - t.box[crossStart]) < 1, `${where} spans the box`);
    assert.ok(Math.abs(band[crossSize] - t.box[crossSize]) < 1, `${where} spans the box`);
  });
}

Deno.test({
  name: "the drawings show an LSTM's gate bands and an attention layer's head slices in Chromium",
  ignore: CHROMIUM === undefined && !IN_CI,
  async fn() {
    if (CHROMIUM === undefined) throw new Error("CI=true and Chromium is missing");
    await Deno.mkdir(OUT, { recursive: true });
    const lstm = new LSTM({ units: 5, inputShape: [400, 13], name: "<script>xss()</script>" });
    const mha = new MultiHeadAttention({ numHeads: 4, keyDim: 8, inputShape: [10, 16] });
    const html = join(OUT, "drawings.html");
    const svgFile = join(OUT, "drawing_lstm.svg");
    await Deno.writeTextFile(
      html,
      `<!doctype html><html><body><script>globalThis.xss = () => { globalThis.ran = true; };` +
        `</script>${lstm.explain().svg()}${mha.explain().svg()}</body></html>`,
    );
    await Deno.writeTextFile(svgFile, lstm.explain().svg());
    const browser = await launchChromium(CHROMIUM!);
    try {
      const { devtools } = browser;
      const page = await openPage(devtools, html);
      const [lstmDrawn, mhaDrawn] = JSON.parse(
        await devtools.evaluate<string>(page.sessionId, READ_DRAWINGS),
      ) as DrawnTensor[][];
      const ran = await devtools.evaluate<boolean>(page.sessionId, "globalThis.ran === true");
      await screenshot(devtools, page.sessionId, join(OUT, "drawings.png"));
      await devtools.send("Target.closeTarget", { targetId: page.targetId });
      assert.equal(ran, false, "the layer's name ran as code");

      // Keras's lstm.py: z = x @ kernel + h @ recurrent_kernel + bias, split into i, f, c, o.
      assert.deepEqual(
        lstmDrawn.map((t) => [t.name, t.rows, t.columns, t.count]),
        [
          ["kernel", "13 (n)", "20 (4·m)", "260"],
          ["recurrent_kernel", "5 (m)", "20 (4·m)", "100"],
          ["bias", "", "20 (4·m)", "20"],
        ],
      );
      for (const t of lstmDrawn) {
        assert.deepEqual(t.bands.map((b) => b.label), [
          "input gate",
          "forget gate",
          "cell candidate",
          "output gate",
        ]);
        assert.deepEqual(t.bands.map((b) => b.shown.split(" ")[0]), [
          "input",
          "forget",
          "cell",
          "output",
        ], `${t.name}: each band's label is drawn`);
        assertTiles(t, "columns", 4);
      }
      const [kernel, recurrent] = lstmDrawn;
      assert.ok(
        Math.abs(kernel.box.height / recurrent.box.height - 13 / 5) < 0.02,
        "13 rows against 5, to scale",
      );
      assert.ok(Math.abs(kernel.box.width - recurrent.box.width) < 0.5, "both 20 columns wide");

      // Keras's MultiHeadAttention: query/key/value kernels (16, 4, 8), output kernel (4, 8, 16).
      const byName = new Map(mhaDrawn.map((t) => [t.name, t]));
      const heads = ["head 1", "head 2", "head 3", "head 4"];
      for (const name of ["query/kernel", "key/kernel", "value/kernel"]) {
        const t = byName.get(name)!;
        assert.deepEqual(
          [t.rows, t.columns, t.count],
          ["16 (n)", "4 × 8 (h × d_k)", "512"].map(
            (x, i) => (i === 1 && name === "value/kernel" ? "4 × 8 (h × d_v)" : x),
          ),
        );
        assert.deepEqual(t.bands.map((b) => b.label), heads);
        assert.deepEqual(t.bands.map((b) => b.shown), heads, `${name}: each head is labelled`);
        assertTiles(t, "columns", 4);
      }
      const output = byName.get("attention_output/kernel")!;
      assert.deepEqual([output.rows, output.columns, output.count], [
        "4 × 8 (h × d_v)",
        "16 (n)",
        "512",
      ]);
      assert.deepEqual(output.bands.map((b) => b.label), heads);
      assertTiles(output, "rows", 4);
      for (const name of ["query/bias", "key/bias", "value/bias"]) {
        assertTiles(byName.get(name)!, "rows", 4);
      }

      // The same drawing alone, as a Jupyter image/svg+xml output is shown: a valid SVG document.
      const alone = await openPage(devtools, svgFile);
      const root = await devtools.evaluate<string>(
        alone.sessionId,
        `document.documentElement.tagName + " " + document.querySelectorAll("parsererror").length` +
          ` + " " + document.querySelectorAll(".band").length`,
      );
      await devtools.send("Target.closeTarget", { targetId: alone.targetId });
      assert.equal(root, "svg 0 12");
    } finally {
      await browser.close();
    }
  },
});
