"""A notebook run headless with our kernel, through nbclient and through jupyter nbconvert --execute."""
import base64
import subprocess
import sys

import nbformat
from nbclient import NotebookClient

from conftest import KERNEL_NAME, TIMEOUT

CELLS = [
    "int n = 5;",
    'System.out.println("n is " + n);',
    "n * n",
    "display(Chart.bar(new String[] {\"a\", \"b\"}, new double[] {1, 3}));",
    'Table.create("t", IntColumn.create("x", 1, 2, 3))',
]


def _notebook():
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": "Java (Cellbook)", "language": "java"}
    nb.cells = [nbformat.v4.new_code_cell(c) for c in CELLS]
    return nb


def _check(nb):
    outs = [c.outputs for c in nb.cells]
    assert outs[0] == []
    assert outs[1][0]["output_type"] == "stream" and outs[1][0]["text"] == "n is 5\n"
    assert outs[2][0]["output_type"] == "execute_result" and outs[2][0]["data"]["text/plain"] == "25"
    assert outs[3][0]["output_type"] == "display_data"
    assert base64.b64decode(outs[3][0]["data"]["image/png"]).startswith(b"\x89PNG")
    assert "<table" in outs[4][0]["data"]["text/html"]
    assert [c.execution_count for c in nb.cells] == [1, 2, 3, 4, 5]
    assert nb.metadata["language_info"]["name"] == "java"


def test_nbclient_runs_a_notebook():
    nb = _notebook()
    NotebookClient(nb, timeout=TIMEOUT, kernel_name=KERNEL_NAME).execute()
    _check(nb)


def test_nbconvert_execute(tmp_path):
    path = tmp_path / "nb.ipynb"
    nbformat.write(_notebook(), path)
    subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--execute", "--to", "notebook", "--inplace",
                    f"--ExecutePreprocessor.kernel_name={KERNEL_NAME}", f"--ExecutePreprocessor.timeout={TIMEOUT}",
                    str(path)], check=True, capture_output=True, timeout=300)
    _check(nbformat.read(path, as_version=4))


def test_failing_cell_stops_the_run(tmp_path):
    nb = _notebook()
    nb.cells.insert(1, nbformat.v4.new_code_cell('throw new RuntimeException("stop here");'))
    from nbclient.exceptions import CellExecutionError
    try:
        NotebookClient(nb, timeout=TIMEOUT, kernel_name=KERNEL_NAME).execute()
        raise AssertionError("the failing cell did not stop the run")
    except CellExecutionError as e:
        assert "stop here" in str(e)
