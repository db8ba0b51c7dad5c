"""Runs original.ipynb headless (nbclient, the venv's python3 kernel) with papermill-style parameters.

    python run_original.py [-p name=value ...] [--output executed.ipynb] [--notebook original.ipynb]

A parameter value is read as YAML (numbers, booleans, lists, {"a.b": 1} maps), anything else is a string.
Exit codes as the Java side's `cellbook run`: 0 ok; 1 a cell failed; 2 bad input (an undeclared parameter,
or a config / data-path error raised by the set-up or loading cells). The failing cell is named on stderr
and in <output>.manifest.json (status, failure.where, failure.message), written in every case.
"""
import argparse
import ast
import json
import sys
import time
from pathlib import Path

import nbformat
import yaml
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

HERE = Path(__file__).resolve().parent
INPUT_ERRORS = {"FileNotFoundError", "KeyError", "ValueError"}
INPUT_CELLS = {"parameters", "setup", "load_cohort"}


def declared(nb):
    """Names assigned in the cell tagged 'parameters'."""
    for i, c in enumerate(nb.cells):
        if c.cell_type == "code" and "parameters" in c.metadata.get("tags", []):
            names = [t.id for node in ast.parse(c.source).body if isinstance(node, ast.Assign)
                     for t in node.targets if isinstance(t, ast.Name)]
            return i, names
    raise SystemExit("the notebook has no cell tagged 'parameters'")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--notebook", type=Path, default=HERE / "original.ipynb")
    ap.add_argument("--output", type=Path, default=None, help="executed notebook (default <notebook>.executed.ipynb)")
    ap.add_argument("-p", dest="params", action="append", default=[], metavar="NAME=VALUE")
    ap.add_argument("--timeout", type=int, default=1800, help="seconds per cell")
    a = ap.parse_args(argv)
    output = a.output or a.notebook.with_suffix(".executed.ipynb")
    manifest = output.with_suffix(".manifest.json")
    nb = nbformat.read(a.notebook, as_version=4)
    at, names = declared(nb)
    values = {}
    for p in a.params:
        name, sep, raw = p.partition("=")
        if not sep or name not in names:
            print(f"run_original: parameter '{name}' is not declared by the notebook; declared: {', '.join(names)}",
                  file=sys.stderr)
            return 2
        try:
            values[name] = yaml.safe_load(raw) if raw else ""
        except yaml.YAMLError:
            values[name] = raw
        if values[name] is None:
            values[name] = raw
    injected = nbformat.v4.new_code_cell("\n".join(f"{k} = {v!r}" for k, v in values.items()))
    injected.metadata["tags"] = ["injected-parameters"]
    injected.metadata["cellbook"] = {"cell": "injected-parameters"}
    nb.cells.insert(at + 1, injected)
    start = time.time()
    record = {"notebook": str(a.notebook), "parameters": values, "status": "succeeded", "failure": None}
    code = 0
    try:
        NotebookClient(nb, timeout=a.timeout, kernel_name="python3",
                       resources={"metadata": {"path": str(a.notebook.resolve().parent)}}).execute()
    except CellExecutionError as e:
        failed = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"
                       and any(o.get("output_type") == "error" for o in c.get("outputs", []))), None)
        cell = nb.cells[failed] if failed is not None else None
        cid = cell.metadata.get("cellbook", {}).get("cell", "?") if cell else "?"
        err = next((o for o in cell.outputs if o.get("output_type") == "error"), {}) if cell else {}
        where = f"cell {failed} ({cid})"
        message = f"{err.get('ename', 'Error')}: {err.get('evalue', str(e))}"
        code = 2 if err.get("ename") in INPUT_ERRORS and cid in INPUT_CELLS else 1
        record.update(status="failed", failure={"where": where, "message": message})
        print(f"run_original: {where} failed: {message}", file=sys.stderr)
    finally:
        record["seconds"] = round(time.time() - start, 2)
        nbformat.write(nb, output)
        manifest.write_text(json.dumps(record, indent=2, default=str) + "\n")
    return code


if __name__ == "__main__":
    sys.exit(main())
