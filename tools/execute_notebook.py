"""Executes one notebook with Jupyter's own client, or exports an executed one to HTML.

Called by tools/notebooks.ts, which sets JUPYTER_PATH so that the kernel named
in the notebook resolves to the project's private kernelspec under out/.

usage: execute_notebook.py run INPUT.ipynb OUTPUT.ipynb KERNEL TIMEOUT
       execute_notebook.py export EXECUTED.ipynb OUTPUT.html

`export` writes a page that loads nothing from outside itself (the template in
tools/nbconvert/paramlab drops the lab template's require.js and MathJax).

`run` prints one JSON object on the last line of stdout:
  {"ok": true, "cells": N, "seconds": S}
  {"ok": false, "cell": I, "source": "...", "ename": "...", "evalue": "...",
   "traceback": "...", "seconds": S}
where I is the 0-based index of the failing cell among all cells, or null
when the kernel failed outside any cell. The executed notebook is written in
either case, so a failure can be inspected in out/.
"""

import json
import os
import queue
import random
import socket
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionComplete, CellExecutionError, CellTimeoutError
from nbclient.util import ensure_async
from nbconvert import HTMLExporter

# Seconds of silence on IOPub after the last cell before the kernel is shut down.
FINAL_QUIET_SECONDS = 0.5
# At most this long waiting for that silence.
FINAL_DRAIN_LIMIT_SECONDS = 30


class LateOutputClient(NotebookClient):
    """A NotebookClient that keeps outputs which arrive after their cell's idle status.

    Deno's kernel (2.x) publishes a cell's execute_result from a JavaScript task, without
    waiting for it before it reports the cell idle; stdout goes through another task. A
    large or asynchronously built result (a figure with plotly.js inlined, ~5 MB) regularly
    arrives 20-200 ms after "idle", and nbclient drops every message whose cell is done.
    Here late messages are routed to the cell they belong to, whenever they arrive, and
    after the last cell the client waits for IOPub to fall silent.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._cells_by_msg_id = {}
        self.late_outputs = 0

    def _route_late(self, msg):
        target = self._cells_by_msg_id.get(msg["parent_header"].get("msg_id"))
        if target is None:
            return
        cell, cell_index = target
        before = len(cell.outputs)
        try:
            self.process_message(msg, cell, cell_index)
        except CellExecutionComplete:
            pass
        self.late_outputs += len(cell.outputs) - before

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        self._cells_by_msg_id[parent_msg_id] = (cell, cell_index)
        while True:
            msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=None))
            if msg["parent_header"].get("msg_id") == parent_msg_id:
                try:
                    self.process_message(msg, cell, cell_index)
                except CellExecutionComplete:
                    return
            else:
                self._route_late(msg)

    async def _drain_late_outputs(self):
        deadline = time.monotonic() + FINAL_DRAIN_LIMIT_SECONDS
        while time.monotonic() < deadline:
            try:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=FINAL_QUIET_SECONDS))
            except queue.Empty:
                return
            self._route_late(msg)

    async def async_execute_cell(self, cell, cell_index, *args, **kwargs):
        try:
            result = await super().async_execute_cell(cell, cell_index, *args, **kwargs)
        except BaseException:
            await self._drain_late_outputs()
            raise
        if cell_index == self._last_code_cell_index():
            await self._drain_late_outputs()
        return result

    def _last_code_cell_index(self):
        indices = [i for i, c in enumerate(self.nb.cells) if c.cell_type == "code" and c.source.strip()]
        return indices[-1] if indices else None


TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "nbconvert")


def export(notebook_path, html_out):
    notebook = nbformat.read(notebook_path, as_version=4)
    exporter = HTMLExporter(template_name="paramlab", extra_template_basedirs=[TEMPLATES])
    body, _ = exporter.from_notebook_node(
        notebook, resources={"metadata": {"name": os.path.splitext(os.path.basename(notebook_path))[0]}}
    )
    with open(html_out, "w", encoding="utf-8") as file:
        file.write(body)
    return 0


def main(argv):
    if argv[1] == "export":
        return export(argv[2], argv[3])
    source_path, notebook_out, kernel_name, timeout = argv[2:6]
    started = time.monotonic()
    notebook = nbformat.read(source_path, as_version=4)
    current = {"index": None}

    def on_cell_start(cell, cell_index):
        current["index"] = cell_index
        # A progress line for the runner, which draws a progress bar from it on a terminal.
        print(f"paramlab-progress {cell_index + 1} {len(notebook.cells)}", file=sys.stderr, flush=True)

    client = LateOutputClient(
        notebook,
        timeout=int(timeout),
        startup_timeout=120,
        kernel_name=kernel_name,
        allow_errors=False,
        record_timing=False,
        # Relative imports in cells resolve from the notebook's own folder.
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(source_path))}},
        on_cell_start=on_cell_start,
    )

    # Each kernel gets its own random ports. jupyter_client's default asks the system for free
    # ports and releases them before the kernel binds them, so two notebooks started together can
    # be handed the same ports, and one client then talks to the other's kernel ("Invalid
    # Signature").
    client.km = client.create_kernel_manager()
    for name, port in zip(PORT_NAMES, free_ports(len(PORT_NAMES))):
        setattr(client.km, name, port)

    result = {"ok": True, "cells": len(notebook.cells)}
    try:
        client.execute()
    except CellExecutionError as error:
        result = failure(notebook, current["index"], error.ename, error.evalue, str(error))
    except CellTimeoutError as error:
        result = failure(notebook, current["index"], "Timeout", f"cell ran longer than {timeout} s", str(error))
    except Exception as error:  # noqa: BLE001 - a dead kernel, a broken kernelspec, a bad message
        result = failure(notebook, current["index"], type(error).__name__, str(error), str(error))
        # Not the cell's error: the client or the kernel's transport failed (e.g. jupyter_client's
        # "Invalid Signature" on a message it could not verify). The runner may try again.
        result["client_error"] = True

    if result["ok"]:
        shown = shown_error(notebook)
        if shown is not None:
            result = failure(notebook, shown["cell"], shown["ename"], shown["evalue"], shown["traceback"])
    nbformat.write(notebook, notebook_out)
    result["seconds"] = round(time.monotonic() - started, 2)
    result["late_outputs"] = client.late_outputs
    print(json.dumps(result))
    return 0


PORT_NAMES = ("shell_port", "iopub_port", "stdin_port", "hb_port", "control_port")


def free_ports(count):
    """`count` distinct ports, drawn at random from 20000-59999, that are free right now."""
    draw = random.SystemRandom()
    ports = []
    while len(ports) < count:
        port = draw.randrange(20000, 60000)
        if port in ports:
            continue
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        ports.append(port)
    return ports


def shown_error(notebook):
    """The first error output of a cell not tagged raises-exception, if any.

    Deno's kernel reports a cell as done even when displaying its result throws (say, a figure
    whose plotly.js could not be read); the error only shows as an output. Such a notebook ran,
    but does not show what it should.
    """
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code" or "raises-exception" in cell.get("metadata", {}).get("tags", []):
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return {
                    "cell": index,
                    "ename": output.get("ename", "Error"),
                    "evalue": output.get("evalue", ""),
                    "traceback": "\n".join(output.get("traceback", [])),
                }
    return None


def failure(notebook, index, ename, evalue, traceback):
    source = notebook.cells[index].source if index is not None else ""
    if index is not None:
        # The kernel's own traceback, without nbclient's copy of the cell's source.
        for output in notebook.cells[index].get("outputs", []):
            if output.get("output_type") == "error":
                traceback = "\n".join(output.get("traceback", [])) or traceback
    return {
        "ok": False,
        "cell": index,
        "source": source,
        "ename": ename,
        "evalue": evalue,
        "traceback": traceback,
    }


if __name__ == "__main__":
    sys.exit(main(sys.argv))
