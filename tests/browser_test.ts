import assert from "assert";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { findJupyterPython, formatFailure, runNotebooks } from "../tools/notebooks.ts";
import { HEADLESS_CHROMIUM_FLAGS } from "../tools/_chromium.ts";

/** Notebooks whose exported HTML is opened in Chromium to check every figure is drawn. */
const BROWSER_NOTEBOOKS = ["00_smoke.ipynb", "06_plots.ipynb"];

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const OUT = join(ROOT, "out", "browser");
const IN_CI = Deno.env.get("CI") === "true";

async function which(command: string): Promise<string | undefined> {
  try {
    const { success, stdout } = await new Deno.Command("which", { args: [command] }).output();
    return success ? new TextDecoder().decode(stdout).trim() : undefined;
  } catch {
    return undefined;
  }
}

async function findChromium(): Promise<string | undefined> {
  for (const name of ["chromium", "chromium-browser", "google-chrome"]) {
    const path = await which(name);
    if (path) return path;
  }
  return undefined;
}

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

/** A minimal Chrome DevTools Protocol client over one WebSocket, with flat sessions. */
class DevTools {
  #socket: WebSocket;
  #nextId = 1;
  #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  #listeners: ((method: string, params: Record<string, unknown>, session?: string) => void)[] = [];

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.id !== undefined) {
        const pending = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        if (message.error) pending?.reject(new Error(JSON.stringify(message.error)));
        else pending?.resolve(message.result);
      } else {
        for (const listener of this.#listeners) {
          listener(message.method, message.params, message.sessionId);
        }
      }
    };
  }

  static connect(url: string): Promise<DevTools> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.onopen = () => resolve(new DevTools(socket));
      socket.onerror = () => reject(new Error(`Cannot connect to ${url}`));
    });
  }

  send<T = Record<string, unknown>>(
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string,
  ): Promise<T> {
    const id = this.#nextId++;
    this.#socket.send(JSON.stringify({ id, method, params, sessionId }));
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    });
  }

  on(listener: (method: string, params: Record<string, unknown>, session?: string) => void) {
    this.#listeners.push(listener);
  }

  waitFor(method: string, sessionId: string, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`No ${method} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.on((m, _p, s) => {
        if (m === method && s === sessionId) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.#socket.readyState === WebSocket.CLOSED) return resolve();
      this.#socket.onclose = () => resolve();
      this.#socket.close();
    });
  }
}

/** Starts headless Chromium with no network and a fresh profile; resolves its DevTools URL. */
async function startChromium(chromium: string, profile: string) {
  const process = new Deno.Command(chromium, {
    args: [
      ...HEADLESS_CHROMIUM_FLAGS,
      // No network: every host name fails to resolve, so only the page's own bytes count.
      "--host-resolver-rules=MAP * ~NOTFOUND",
      "--allow-file-access-from-files",
      "--window-size=1280,900",
      "--remote-debugging-address=127.0.0.1",
      "--remote-debugging-port=0",
      `--user-data-dir=${profile}`,
      "about:blank",
    ],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  // Chromium writes the port it chose, and the browser's DevTools path, into the profile.
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      const [port, path] = (await Deno.readTextFile(join(profile, "DevToolsActivePort")))
        .trim().split("\n");
      if (port && path) return { process, url: `ws://127.0.0.1:${port}${path}` };
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.kill();
  await process.status;
  throw new Error("Chromium did not open its DevTools port within 30 s");
}

interface PlotCheck {
  total: number;
  drawn: number;
  notDrawn: string[];
  legends: string[];
  xss: boolean;
}

const CHECK_PLOTS = `JSON.stringify((() => {
  const plots = [...document.querySelectorAll(".paramlab-plot")];
  return {
    total: plots.length,
    drawn: plots.filter((p) => p.querySelector(".main-svg")).length,
    notDrawn: plots.filter((p) => !p.querySelector(".main-svg"))
      .map((p) => p.id + ": " + p.textContent.slice(0, 200)),
    legends: [...document.querySelectorAll(".legendtext")].map((e) => e.textContent),
    xss: globalThis.xss === true,
  };
})())`;

async function checkPage(devtools: DevTools, html: string, screenshot: string) {
  const { targetId } = await devtools.send<{ targetId: string }>("Target.createTarget", {
    url: "about:blank",
  });
  const { sessionId } = await devtools.send<{ sessionId: string }>("Target.attachToTarget", {
    targetId,
    flatten: true,
  });
  const exceptions: string[] = [];
  devtools.on((method, params, session) => {
    if (method !== "Runtime.exceptionThrown" || session !== sessionId) return;
    const details = params.exceptionDetails as {
      text: string;
      exception?: { description?: string };
    };
    exceptions.push(details.exception?.description ?? details.text);
  });
  await devtools.send("Page.enable", {}, sessionId);
  await devtools.send("Runtime.enable", {}, sessionId);
  const loaded = devtools.waitFor("Page.loadEventFired", sessionId, 60_000);
  await devtools.send("Page.navigate", { url: pathToFileURL(html).href }, sessionId);
  await loaded;

  let check: PlotCheck | undefined;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const { result } = await devtools.send<{ result: { value: string } }>(
      "Runtime.evaluate",
      { expression: CHECK_PLOTS, returnByValue: true },
      sessionId,
    );
    check = JSON.parse(result.value) as PlotCheck;
    if (check.total > 0 && check.drawn === check.total) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

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
  await Deno.writeFile(screenshot, Uint8Array.from(atob(data), (c) => c.charCodeAt(0)));
  await devtools.send("Target.closeTarget", { targetId });
  return { check: check!, exceptions };
}

Deno.test({
  name: "every figure in the exported notebooks is drawn by Chromium without a network",
  ignore: MISSING !== "" && !IN_CI,
  async fn(t) {
    if (MISSING) throw new Error(`CI=true and missing: ${MISSING}`);
    await Deno.mkdir(OUT, { recursive: true });
    const results = await runNotebooks({
      notebooks: BROWSER_NOTEBOOKS.map((name) => join(ROOT, "notebooks", name)),
      outDir: OUT,
    });
    for (const result of results) assert.ok(result.ok, formatFailure(result));

    const profile = await Deno.makeTempDir({ prefix: "paramlab_chromium_" });
    const chromium = await startChromium(CHROMIUM!, profile);
    let devtools: DevTools | undefined;
    try {
      devtools = await DevTools.connect(chromium.url);
      for (const result of results) {
        await t.step(result.name, async () => {
          const screenshot = join(OUT, `${result.name}.png`);
          const { check, exceptions } = await checkPage(devtools!, result.html, screenshot);
          const context = `${result.name}: ${JSON.stringify(check)}\n` +
            `page exceptions: ${exceptions.join("\n") || "none"}\nscreenshot: ${screenshot}`;
          assert.ok(check.total > 0, `no figures on the page\n${context}`);
          assert.equal(check.drawn, check.total, `figures not drawn\n${context}`);
          assert.equal(check.xss, false, `a figure's text ran as code\n${context}`);
          const plotlyErrors = exceptions.filter((e) => /plotly/i.test(e));
          assert.deepEqual(plotlyErrors, [], context);
          if (result.name === "00_smoke") {
            assert.ok(
              check.legends.includes('<img src=x onerror="globalThis.xss = true">'),
              `the hostile series name is not shown as text\n${context}`,
            );
          }
        });
      }
      await devtools.send("Browser.close");
    } finally {
      await devtools?.close();
      try {
        chromium.process.kill();
      } catch {
        // Already gone after Browser.close.
      }
      await chromium.process.status;
      await Deno.remove(profile, { recursive: true }).catch(() => {});
    }
  },
});
