"""Drives a running JupyterLab in the system's Chromium, for tests/jupyterlab_test.ts.

usage: _jupyterlab_driver.py BASE_URL TOKEN NOTEBOOK EXECUTED SCREENSHOT

Opens NOTEBOOK (a path relative to the server's root), runs all its cells on the kernel the
notebook asks for, and waits until a summary table and a drawn plotly figure are shown. Then
opens EXECUTED, the same notebook as `deno task notebooks` wrote it, without running it: an
untrusted notebook, whose figures JupyterLab can only show as their PNG pictures. Prints one
JSON object on the last line of stdout: what rendered, and any error.
"""

import json
import os
import signal
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

# The status of the notebook's kernel ("none" before there is one), as a JavaScript expression.
KERNEL_STATUS = """(() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return k ? k.status : "none";
})()"""

# What the page shows once the cells ran: the summary tables Sequential displays, the figures
# drawn by plotly.js (an SVG inside our figure's <div>), errors, and the kernel's status.
STATE = """() => {
  const kernel = KERNEL;
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
    // Which code cells still show [*], by their place among the code cells and first line.
    pendingCells: [...document.querySelectorAll(".jp-Notebook .jp-CodeCell")]
      .map((cell, index) => ({ index, prompt: cell.querySelector(".jp-InputArea-prompt"), cell }))
      .filter(({ prompt }) => prompt && /\\[\\*\\]/.test(prompt.textContent))
      .map(({ index, cell }) => `${index}: ${(cell.querySelector(".jp-InputArea-editor") || cell).textContent.trim().slice(0, 60)}`),
    kernel,
  };
}""".replace("KERNEL", KERNEL_STATUS, 1)


# What an executed notebook shows before anything runs.
STORED = """() => ({
  outputs: document.querySelectorAll(".jp-OutputArea-output").length,
  pictures: [...document.querySelectorAll(".jp-OutputArea-output img[src^='data:image/png']")]
    .filter((img) => img.complete && img.naturalWidth > 0).length,
  notes: [...document.querySelectorAll(".jp-OutputArea-output")]
    .filter((o) => /run the cell, or trust the notebook/.test(o.textContent)).length,
  drawn: document.querySelectorAll(".jp-OutputArea-output .main-svg").length,
})"""


# How long the kernel may sit idle while a cell still shows [*] before the cell counts as stalled:
# its request or its reply was lost between JupyterLab and the kernel (seen in CI, 2026-12-06
# and 2026-12-07: a late cell left at [*], no error anywhere).
STALL_SECONDS = 20
# How long a cell may keep the kernel busy before it counts as stalled: every cell of the notebook
# runs in a few seconds (the whole of it in about 18 s alone); a kernel once stayed busy on the
# figure cells for the whole 240 s wait.
BUSY_STALL_SECONDS = 120
# How many times a cell stalled with the kernel idle is run again. Deno's kernel keeps one REPL
# session, in which a cell run twice declares its constants again without an error.
RETRIES = 2
# How many times a kernel that stays busy is replaced by a fresh one, every cell then run again
# from the first. A busy kernel never came back by itself: in CI (2026-12-07) the first figure
# cell of 00_overview kept Deno's kernel busy through three runs of 120 s each, and JupyterLab's
# own restart left the kernel answering nothing. So the driver kills the kernel's process,
# records what it was doing (its threads, its sockets' queues), starts a new kernel in the
# session and runs the notebook again, once; the test prints the stall and what was recorded.
RECOVERIES = 1

# The kernel's id in the notebook's session, as a JavaScript expression.
KERNEL_ID = """(() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return k ? k.id : null;
})()"""

# Starts a new kernel of the same kind in the notebook's session (new id, new ports).
NEW_KERNEL = """async () => {
  const context = window.jupyterapp.shell.currentWidget.sessionContext;
  await context.changeKernel({ name: context.session.kernel.name });
}"""

# A cell of the notebook by its place: its kind, whether it shows [*], whether it has run.
CELL = """(i) => {
  const cell = window.jupyterapp.shell.currentWidget.content.widgets[i];
  const prompt = cell.node.querySelector(".jp-InputArea-prompt");
  return {
    type: cell.model.type,
    pending: prompt !== null && /\\[\\*\\]/.test(prompt.textContent),
    ran: cell.model.type !== "code" || cell.model.executionCount !== null,
    first: (cell.node.querySelector(".jp-InputArea-editor") || cell.node).textContent.trim().slice(0, 60),
    kernel: KERNEL,
  };
}""".replace("KERNEL", KERNEL_STATUS, 1)

# Runs one cell: made the active one, then run without moving on. Not awaited: the command's
# promise settles only when the cell is done, and evaluate() has no timeout of its own.
RUN_CELL = """(i) => {
  const panel = window.jupyterapp.shell.currentWidget;
  panel.content.activeCellIndex = i;
  window.jupyterapp.commands.execute("notebook:run-cell");
}"""


def run_cell(page, index):
    """Runs a cell and waits until it is done; returns None, or the stall it met."""
    page.evaluate("(i) => { window.jupyterapp.shell.currentWidget.content.widgets[i].model.executionCount = null; }", index)
    page.evaluate(RUN_CELL, index)
    start = time.monotonic()
    idle_since = None
    while True:
        time.sleep(0.2)
        cell = page.evaluate(CELL, index)
        if cell["ran"] and not cell["pending"] and cell["kernel"] == "idle":
            return None
        now = time.monotonic()
        idle_since = (idle_since or now) if cell["kernel"] == "idle" else None
        if (idle_since is not None and now - idle_since > STALL_SECONDS) or now - start > BUSY_STALL_SECONDS:
            return {
                "cell": f"{index}: {cell['first']}",
                "after_seconds": round(now - start),
                "kernel": cell["kernel"],
            }


def kernel_pid(kernel_id):
    """The process whose command line names the kernel's connection file, or None."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                command = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if f"kernel-{kernel_id}.json" in command and "jupyter" in command and "--kernel" in command:
            return int(entry)
    return None


def tcp_queues():
    """Every TCP socket on the machine: inode -> (local port, remote port, state, tx, rx)."""
    sockets = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                rows = f.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            local, remote, state, queues, inode = fields[1], fields[2], fields[3], fields[4], fields[9]
            tx, rx = (int(q, 16) for q in queues.split(":"))
            sockets[inode] = (int(local.split(":")[1], 16), int(remote.split(":")[1], 16), state, tx, rx)
    return sockets


def kernel_diagnostics(pid):
    """What a stuck kernel is doing: each thread's name, state and wait channel, and the byte
    queues of its TCP sockets and of their peers (unsent data on the kernel's side, unread on
    the server's)."""
    if pid is None:
        return {"pid": None}
    threads = []
    try:
        for tid in sorted(os.listdir(f"/proc/{pid}/task"), key=int):
            def read(name):
                try:
                    with open(f"/proc/{pid}/task/{tid}/{name}") as f:
                        return f.read().strip()
                except OSError:
                    return "?"
            stat = read("stat")
            state = stat[stat.rindex(")") + 2:].split()[0] if ")" in stat else "?"
            threads.append(f"{read('comm')}:{state}:{read('wchan')}")
    except OSError as error:
        threads.append(f"(threads unreadable: {error})")
    sockets = tcp_queues()
    by_ports = {(v[0], v[1]): v for v in sockets.values()}
    mine = []
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if target.startswith("socket:[") and target[8:-1] in sockets:
                local, remote, state, tx, rx = sockets[target[8:-1]]
                if state == "0A":  # listening: no queues to tell
                    continue
                peer = by_ports.get((remote, local))
                mine.append({
                    "port": local, "peer": remote, "state": state, "unsent": tx, "unread": rx,
                    "peer_unsent": peer[3] if peer else None, "peer_unread": peer[4] if peer else None,
                })
    except OSError as error:
        mine.append({"error": str(error)})
    return {"pid": pid, "threads": threads, "sockets": mine}


def replace_kernel(page):
    """Kills the notebook's kernel process and starts a new kernel in the session; returns what
    the old one was doing when it was killed."""
    kernel_id = page.evaluate(KERNEL_ID)
    pid = kernel_pid(kernel_id) if kernel_id else None
    diagnostics = {"kernel": kernel_id, **kernel_diagnostics(pid)}
    if pid is not None:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError as error:
            diagnostics["kill"] = str(error)
    page.evaluate(NEW_KERNEL)
    page.wait_for_function(f"() => {KERNEL_ID} !== {json.dumps(kernel_id)} && ({KERNEL_STATUS}) === 'idle'", timeout=90_000)
    return diagnostics


def run_all(page):
    """Runs every cell, one at a time, each once its predecessor is done, and waits until the
    figures are drawn. Run All queues every cell at once, and twice in CI one of the last cells
    stayed [*] (the kernel idle, or busy for minutes). A cell that stalls with the kernel idle
    (its request or reply lost) is recorded (which, after how long, the kernel's status) and run
    again, at most RETRIES times. A cell that keeps the kernel busy past BUSY_STALL_SECONDS is
    recorded with what the kernel was doing; the kernel is replaced and every cell runs again
    from the first, at most RECOVERIES times. A cell still stalled, or a page whose figures are
    not drawn within 60 s of the last cell, is returned as it stands and fails the test.
    Returns the last state, the stalls seen and the kernels replaced.
    """
    stalls = []
    replaced = []
    count = page.evaluate("() => window.jupyterapp.shell.currentWidget.content.widgets.length")
    index = 0
    retries = 0
    while index < count:
        if page.evaluate(CELL, index)["type"] != "code":
            index += 1
            continue
        stall = run_cell(page, index)
        if stall is None:
            index += 1
            retries = 0
            continue
        stalls.append(stall)
        print(f"stalled: {json.dumps(stall)}", file=sys.stderr)
        if stall["kernel"] == "busy" and len(replaced) < RECOVERIES:
            replaced.append({"stall": stall, **replace_kernel(page)})
            print(f"replaced the kernel: {json.dumps(replaced[-1])}", file=sys.stderr)
            index = 0
            retries = 0
        elif stall["kernel"] != "busy" and retries < RETRIES:
            retries += 1
        else:
            if stall["kernel"] == "busy":
                pid = kernel_pid(page.evaluate(KERNEL_ID) or "")
                stall["diagnostics"] = kernel_diagnostics(pid)
            return page.evaluate(STATE), stalls, replaced
    start = time.monotonic()
    state = page.evaluate(STATE)
    while time.monotonic() < start + 60:
        state = page.evaluate(STATE)
        if state["summaryTables"] > 0 and state["figures"] > 0 and state["drawnFigures"] == state["figures"] and state["pending"] == 0:
            break
        time.sleep(0.5)
    return state, stalls, replaced


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
            page.wait_for_function(f"() => ({KERNEL_STATUS}) === 'idle'", timeout=90_000)
            state, stalls, replaced = run_all(page)
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
            result = {"ok": True, **state, "stored": stored, "stalls": stalls, "replaced": replaced}
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
