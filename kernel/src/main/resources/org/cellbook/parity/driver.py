# Runs a (parity-injected) copy of a Python notebook with nbclient on the venv's python3 kernel.
# usage: driver.py INPUT.ipynb OUTPUT.ipynb WORKING_DIR TIMEOUT_SECONDS
# Writes the executed notebook to OUTPUT even when a cell fails; exit 1 then, with the failing
# cell on stderr. One progress line per cell on stderr.
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def main():
    src, out, cwd, timeout = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    nb = nbformat.read(src, as_version=4)
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    started = {}

    def on_start(cell, cell_index):
        started[cell_index] = time.time()

    def on_done(cell, cell_index, **kwargs):
        first = next((line.strip() for line in cell.source.splitlines() if line.strip()), "(empty)")
        n = code.index(cell_index) + 1 if cell_index in code else 0
        print("[original %d/%d] cell %-3d %7.2f s  %s" % (n, len(code), cell_index,
              time.time() - started.get(cell_index, time.time()), first[:60]), file=sys.stderr, flush=True)

    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": cwd}}, on_cell_start=on_start, on_cell_executed=on_done)
    failed = None
    try:
        client.execute()
    except CellExecutionError as e:
        failed = e
    nbformat.write(nb, out)
    if failed is not None:
        injected = ("parity-export", "injected-parameters")
        original_index = -1
        for c in nb.cells:
            is_injected = any(t in injected for t in c.get("metadata", {}).get("tags", []))
            if not is_injected:
                original_index += 1
            for o in c.get("outputs", []):
                if o.get("output_type") == "error":
                    where = ("an injected %s cell after original cell %d" % ("/".join(c.metadata.get("tags", [])), original_index)
                             if is_injected else "cell %d" % original_index)
                    print("FAILED %s: %s: %s" % (where, o.get("ename"), o.get("evalue")), file=sys.stderr)
                    sys.exit(1)
        print("FAILED: %s" % failed, file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
