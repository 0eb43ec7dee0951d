"""Executes one notebook with Jupyter's own client and exports it to HTML.

Called by tools/notebooks.ts, which sets JUPYTER_PATH so that the kernel named
in the notebook resolves to the project's private kernelspec under out/.

usage: execute_notebook.py INPUT.ipynb OUTPUT.ipynb OUTPUT.html KERNEL TIMEOUT

Prints one JSON object on the last line of stdout:
  {"ok": true, "cells": N, "seconds": S}
  {"ok": false, "cell": I, "source": "...", "ename": "...", "evalue": "...",
   "traceback": "...", "seconds": S}
where I is the 0-based index of the failing cell among all cells, or null
when the kernel failed outside any cell. Both output files are written in
either case, so a failure can be inspected in out/.
"""

import json
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError
from nbconvert import HTMLExporter


def main(argv):
    source_path, notebook_out, html_out, kernel_name, timeout = argv[1:6]
    started = time.monotonic()
    notebook = nbformat.read(source_path, as_version=4)
    current = {"index": None}

    def on_cell_start(cell, cell_index):
        current["index"] = cell_index

    client = NotebookClient(
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

    result = {"ok": True, "cells": len(notebook.cells)}
    try:
        client.execute()
    except CellExecutionError as error:
        result = failure(notebook, current["index"], error.ename, error.evalue, str(error))
    except CellTimeoutError as error:
        result = failure(notebook, current["index"], "Timeout", f"cell ran longer than {timeout} s", str(error))
    except Exception as error:  # noqa: BLE001 - a dead kernel or a broken kernelspec
        result = failure(notebook, current["index"], type(error).__name__, str(error), str(error))

    nbformat.write(notebook, notebook_out)
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(
        notebook, resources={"metadata": {"name": os.path.splitext(os.path.basename(source_path))[0]}}
    )
    with open(html_out, "w", encoding="utf-8") as file:
        file.write(body)

    result["seconds"] = round(time.monotonic() - started, 2)
    print(json.dumps(result))
    return 0


def failure(notebook, index, ename, evalue, traceback):
    source = notebook.cells[index].source if index is not None else ""
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
