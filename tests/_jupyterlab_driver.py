"""Drives a running JupyterLab in the system's Chromium, for tests/jupyterlab_test.ts.

usage: _jupyterlab_driver.py BASE_URL TOKEN NOTEBOOK EXECUTED SCREENSHOT

Opens NOTEBOOK (a path relative to the server's root), runs all its cells on the kernel the
notebook asks for, and waits until a summary table and a drawn plotly figure are shown. Then
opens EXECUTED, the same notebook as `deno task notebooks` wrote it, without running it: an
untrusted notebook, whose figures JupyterLab can only show as their PNG pictures. Prints one
JSON object on the last line of stdout: what rendered, and any error.
"""

import json
import sys
import tempfile
import time

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# What the page shows once the cells ran: the summary tables Sequential displays, the figures
# drawn by plotly.js (an SVG inside our figure's <div>), errors, and the kernel's status.
STATE = """() => {
  const outputs = [...document.querySelectorAll(".jp-OutputArea-output")];
  const tables = outputs.flatMap((o) => [...o.querySelectorAll("table")]);
  return {
    cells: document.querySelectorAll(".jp-Notebook .jp-CodeCell").length,
    summaryTables: tables.filter((t) => /Total params/.test(t.textContent)).length,
    summaryText: (tables.find((t) => /Total params/.test(t.textContent)) || {}).textContent || "",
    figures: document.querySelectorAll(".jp-OutputArea-output .paramlab-plot").length,
    drawnFigures: [...document.querySelectorAll(".jp-OutputArea-output .paramlab-plot")]
      .filter((f) => f.querySelector(".main-svg")).length,
    errors: [...document.querySelectorAll(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")]
      .map((e) => e.textContent.slice(0, 300)),
    pending: document.querySelectorAll(".jp-InputArea-prompt").length === 0 ? -1 :
      [...document.querySelectorAll(".jp-InputArea-prompt")].filter((p) => /\\[\\*\\]/.test(p.textContent)).length,
  };
}"""


# What an executed notebook shows before anything runs.
STORED = """() => ({
  outputs: document.querySelectorAll(".jp-OutputArea-output").length,
  pictures: [...document.querySelectorAll(".jp-OutputArea-output img[src^='data:image/png']")]
    .filter((img) => img.complete && img.naturalWidth > 0).length,
  notes: [...document.querySelectorAll(".jp-OutputArea-output")]
    .filter((o) => /run the cell, or trust the notebook/.test(o.textContent)).length,
  drawn: document.querySelectorAll(".jp-OutputArea-output .main-svg").length,
})"""


def main(base_url, token, notebook, executed, screenshot):
    result = {"ok": False}
    with sync_playwright() as p, tempfile.TemporaryDirectory(prefix="paramlab_lab_") as profile:
        browser = p.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=ARGS, headless=True,
            viewport={"width": 1400, "height": 1000},
        )
        try:
            browser.set_default_timeout(60_000)
            page = browser.new_page()
            page.goto(f"{base_url}/lab/tree/{notebook}?token={token}", timeout=90_000)
            page.wait_for_selector(".jp-Notebook .jp-CodeCell", timeout=90_000)
            # The kernel the notebook asks for starts by itself; wait until it is idle.
            page.wait_for_function("() => window.jupyterapp !== undefined", timeout=60_000)
            page.wait_for_function(
                """() => {
                  const w = window.jupyterapp.shell.currentWidget;
                  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
                  return k && k.status === "idle";
                }""",
                timeout=90_000,
            )
            # Started, not awaited: the command's promise settles only when every cell is done,
            # and evaluate() has no timeout of its own. The loop below watches the page instead.
            page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
            deadline = time.monotonic() + 240
            state = page.evaluate(STATE)
            while time.monotonic() < deadline:
                state = page.evaluate(STATE)
                done = state["summaryTables"] > 0 and state["figures"] > 0 and state["drawnFigures"] == state["figures"]
                if done and state["pending"] == 0:
                    break
                time.sleep(0.5)
            # Scroll each drawn figure into view for the screenshot's sake, then take it.
            page.evaluate("() => { const f = document.querySelector('.paramlab-plot'); if (f) f.scrollIntoView(); }")
            page.screenshot(path=screenshot)
            stored_page = browser.new_page()
            stored_page.goto(f"{base_url}/lab/tree/{executed}?token={token}", timeout=90_000)
            stored_page.wait_for_selector(".jp-OutputArea-output", timeout=90_000)
            time.sleep(2)
            stored = stored_page.evaluate(STORED)
            stored_page.evaluate("() => { const f = document.querySelector(\".jp-OutputArea-output img[src^='data:image/png']\"); if (f) f.scrollIntoView(); }")
            stored_page.screenshot(path=screenshot.replace(".png", "_untrusted.png"))
            result = {"ok": True, **state, "stored": stored}
        except Exception as error:  # noqa: BLE001 - reported to the test, which fails with it
            result = {"ok": False, "error": f"{type(error).__name__}: {error}"}
            try:
                page.screenshot(path=screenshot)
            except Exception:  # noqa: BLE001
                pass
        finally:
            browser.close()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:6]))
