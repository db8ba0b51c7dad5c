"""Executes a Python notebook headless with nbclient, papermill-style parameters and per-cell timing.

    run_original.py NOTEBOOK.ipynb EXECUTED.ipynb [name=value ...]

A cell tagged `injected-parameters` holding the assignments is inserted after the cell tagged
`parameters` (values are Python literals when they parse as one, strings otherwise). The notebook
runs in its own folder, so relative paths behave as in Jupyter. Exit code 1 when a cell fails (the
partly executed notebook is still written, for inspection).
"""
import ast
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def literal(text):
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def inject(nb, params):
    if not params:
        return
    source = "\n".join(f"{k} = {literal(v)!r}" for k, v in params.items())
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["tags"] = ["injected-parameters"]
    at = next((i + 1 for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])), 0)
    nb.cells.insert(at, cell)


def main(argv):
    src, dst, *pairs = argv
    params = dict(p.split("=", 1) for p in pairs)
    nb = nbformat.read(src, as_version=4)
    inject(nb, params)
    client = NotebookClient(nb, timeout=None, kernel_name="python3", record_timing=True,
                            resources={"metadata": {"path": str(Path(src).resolve().parent)}})
    try:
        client.execute()
        code = 0
    except CellExecutionError as e:
        print(e, file=sys.stderr)
        code = 1
    nbformat.write(nb, dst)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
