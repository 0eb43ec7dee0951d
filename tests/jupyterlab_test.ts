// Runs one notebook live in JupyterLab, on Deno's kernel, in the system's Chromium driven by
// playwright, and checks what a learner sees there: the model's summary as a table and a drawn
// figure. JupyterLab and playwright come from a private virtualenv, `.venv-jupyterlab/`, that
// `.ci/run` builds (see the README); playwright uses /usr/bin/chromium, never a download.

import assert from "assert";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { formatFailure, installKernelspec, runNotebooks } from "../tools/notebooks.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const VENV = Deno.env.get("PARAMLAB_JUPYTERLAB_VENV") ?? join(ROOT, ".venv-jupyterlab");
const DRIVER = fileURLToPath(new URL("./_jupyterlab_driver.py", import.meta.url));
const NOTEBOOK = "notebooks/00_overview.ipynb";
const OUT = join(ROOT, "out", "jupyterlab");
const IN_CI = Deno.env.get("CI") === "true";
/**
 * The longest the browser side may take: open, run every cell one at a time (a cell that stalls
 * with the kernel idle runs again, at most twice; a kernel busy for 120 s is replaced once and
 * every cell runs again: see the driver's `run_all`), open the executed copy.
 */
const DRIVER_TIMEOUT_MS = 660_000;

/** How to build the virtualenv, as `.ci/run` does. */
export const VENV_HINT = "python3 -m venv .venv-jupyterlab && " +
  ".venv-jupyterlab/bin/pip install jupyterlab playwright";

async function venvReady(): Promise<boolean> {
  try {
    const { success } = await new Deno.Command(join(VENV, "bin", "python"), {
      args: ["-c", "import jupyterlab, playwright"],
      stdout: "null",
      stderr: "null",
    }).output();
    return success;
  } catch {
    return false;
  }
}

async function chromiumReady(): Promise<boolean> {
  try {
    return (await Deno.stat("/usr/bin/chromium")).isFile;
  } catch {
    return false;
  }
}

const MISSING = [
  (await venvReady()) ? "" : `JupyterLab and playwright in ${VENV} (${VENV_HINT})`,
  (await chromiumReady()) ? "" : "/usr/bin/chromium (sudo apt-get install -y chromium)",
].filter(Boolean).join(" and ");
if (MISSING && !IN_CI) console.warn(`Skipping the JupyterLab test, missing: ${MISSING}`);

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

async function waitForServer(url: string, server: Deno.ChildProcess, log: string) {
  const deadline = Date.now() + 90_000;
  let exited = false;
  server.status.then(() => exited = true);
  while (Date.now() < deadline && !exited) {
    try {
      const response = await fetch(url);
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`JupyterLab did not answer at ${url}; its log:\n${await logTail(log)}`);
}

async function logTail(path: string): Promise<string> {
  try {
    return (await Deno.readTextFile(path)).split("\n").slice(-40).join("\n");
  } catch {
    return "(no log)";
  }
}

Deno.test({
  name: "JupyterLab runs the overview live (summary table, figure drawn), " +
    "and shows the executed notebook's figure as a picture untrusted",
  ignore: MISSING !== "" && !IN_CI,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    if (MISSING) throw new Error(`CI=true and missing: ${MISSING}`);
    await Deno.mkdir(OUT, { recursive: true });
    // The executed notebook, as the task writes it, to open without running it.
    const [executed] = await runNotebooks({ notebooks: [join(ROOT, NOTEBOOK)], outDir: OUT });
    assert.ok(executed.ok, formatFailure(executed));
    const home = await Deno.makeTempDir({ prefix: "paramlab_jupyterlab_" });
    const notebookPath = join(ROOT, NOTEBOOK);
    const committed = await Deno.readTextFile(notebookPath);
    const jupyterPath = join(home, "jupyter");
    await installKernelspec(jupyterPath);
    // No autosave: running cells must not write outputs into the committed notebook. Every
    // cell in the page, not only those in view (JupyterLab 4 renders a window of cells by
    // default). No news prompt over the screenshots.
    const settings: Record<string, Record<string, unknown>> = {
      "docmanager-extension/plugin": { autosave: false },
      "notebook-extension/tracker": { windowingMode: "none" },
      "apputils-extension/notification": { fetchNews: "false" },
    };
    for (const [plugin, values] of Object.entries(settings)) {
      const path = join(home, "settings", "@jupyterlab", `${plugin}.jupyterlab-settings`);
      await Deno.mkdir(join(path, ".."), { recursive: true });
      await Deno.writeTextFile(path, JSON.stringify(values));
    }
    const port = freePort();
    const token = crypto.randomUUID().replaceAll("-", "");
    const log = join(OUT, "server.log");
    const server = new Deno.Command(join(VENV, "bin", "jupyter"), {
      args: [
        "lab",
        "--no-browser",
        // CI runs as root; JupyterLab refuses that unless told.
        "--allow-root",
        "--ServerApp.ip=127.0.0.1",
        `--ServerApp.port=${port}`,
        "--ServerApp.port_retries=0",
        `--IdentityProvider.token=${token}`,
        `--ServerApp.root_dir=${ROOT}`,
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.news_url=",
        "--LabServerApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
      ],
      cwd: ROOT,
      env: {
        JUPYTER_PATH: jupyterPath,
        JUPYTER_DATA_DIR: join(home, "data"),
        JUPYTER_RUNTIME_DIR: join(home, "runtime"),
        JUPYTER_CONFIG_DIR: join(home, "config"),
        JUPYTERLAB_SETTINGS_DIR: join(home, "settings"),
        JUPYTERLAB_WORKSPACES_DIR: join(home, "workspaces"),
        PYDEVD_DISABLE_FILE_VALIDATION: "1",
      },
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const logFile = await Deno.open(log, { write: true, create: true, truncate: true });
    const logging = server.stderr.pipeTo(logFile.writable).catch(() => {});
    try {
      const base = `http://127.0.0.1:${port}`;
      await waitForServer(`${base}/api/status?token=${token}`, server, log);
      const screenshot = join(OUT, "00_overview.png");
      // The driver bounds each wait itself; this bounds the whole, so a hang fails the test.
      const { stdout, stderr, signal } = await new Deno.Command(join(VENV, "bin", "python"), {
        args: [DRIVER, base, token, NOTEBOOK, relative(ROOT, executed.executed), screenshot],
        stdout: "piped",
        stderr: "piped",
        signal: AbortSignal.timeout(DRIVER_TIMEOUT_MS),
      }).output();
      assert.equal(signal, null, `the driver was stopped after ${DRIVER_TIMEOUT_MS / 1000} s`);
      const lines = new TextDecoder().decode(stdout).trim().split("\n");
      const context = `driver stderr:\n${new TextDecoder().decode(stderr).slice(-3000)}\n` +
        `server log (${log}):\n${await logTail(log)}\nscreenshot: ${screenshot}`;
      const state = JSON.parse(lines.at(-1) ?? "{}");
      assert.ok(state.ok, `${state.error}\n${context}`);
      assert.deepEqual(state.errors, [], `cells printed errors\n${context}`);
      assert.equal(
        state.pending,
        0,
        `cells still running (kernel ${state.kernel}): ${JSON.stringify(state.pendingCells)}\n` +
          `stalls: ${JSON.stringify(state.stalls)}\n` +
          `kernels replaced: ${JSON.stringify(state.replaced)}\n${context}`,
      );
      // A cell that stalled and then ran passes, and says so in the log; so does a notebook run
      // again on a new kernel, with what the stuck kernel was doing.
      if (state.stalls.length > 0) {
        console.warn(`JupyterLab: cells stalled and ran again: ${JSON.stringify(state.stalls)}`);
      }
      if (state.replaced.length > 0) {
        console.warn(
          `JupyterLab: a kernel stayed busy; replaced and every cell run again: ` +
            JSON.stringify(state.replaced),
        );
      }
      assert.ok(state.summaryTables >= 1, `no summary table\n${JSON.stringify(state)}\n${context}`);
      assert.match(state.summaryText, /Total params:\s*61,460/);
      assert.ok(state.figures >= 1, `no figure\n${JSON.stringify(state)}\n${context}`);
      assert.equal(state.drawnFigures, state.figures, `figures not drawn\n${context}`);
      // Opened without running, the executed notebook is untrusted: no figure script runs, and
      // every figure shows as its picture, with the note saying how to make it interactive.
      const stored = JSON.stringify(state.stored);
      assert.equal(state.stored.drawn, 0, `an untrusted script ran\n${stored}\n${context}`);
      assert.equal(state.stored.pictures, state.figures, `figures without pictures\n${stored}`);
      assert.equal(state.stored.notes, state.figures, `figures without the note\n${stored}`);
    } finally {
      try {
        server.kill("SIGTERM");
      } catch {
        // Already gone.
      }
      await server.status;
      await logging;
      if (await Deno.readTextFile(notebookPath) !== committed) {
        await Deno.writeTextFile(notebookPath, committed);
      }
      await Deno.remove(home, { recursive: true }).catch(() => {});
    }
  },
});
