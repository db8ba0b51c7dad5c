"""The per-cell cache seen from a real client: a notebook run twice through nbclient with our kernel,
the cache in a temporary CELLBOOK_CACHE_DIR. The second run must serve every cell from the cache and
show the same outputs as the first."""
import nbformat
from nbclient import NotebookClient

from conftest import KERNEL_NAME, TIMEOUT

NOTE = "[cellbook cache]"

CELLS = [
    "int n = 5;",
    'System.out.println("n is " + n);',
    "n * n",
    'double[] xs = new double[n];\nArrays.fill(xs, 1.5);\nSystem.err.println("xs ready");\ndisplay(html("<b>xs</b>"));',
    "Arrays.stream(xs).sum()",
    'Table.create("t", IntColumn.create("x", 1, 2, 3))',
    'display(Chart.bar(new String[] {"a", "b"}, new double[] {1, 3}));',
]


def _run(cache_dir, monkeypatch):
    monkeypatch.setenv("CELLBOOK_CACHE_DIR", str(cache_dir))
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": "Java (Cellbook)", "language": "java"}
    nb.cells = [nbformat.v4.new_code_cell(c) for c in CELLS]
    NotebookClient(nb, timeout=TIMEOUT, kernel_name=KERNEL_NAME).execute()
    return [c.outputs for c in nb.cells]


def _notes(outputs):
    return "".join(o["text"] for o in outputs if o["output_type"] == "stream" and o["name"] == "stderr"
                   and NOTE in o["text"])


def _without_notes(outputs):
    """Outputs with the cache's note lines removed and consecutive stream chunks joined."""
    out = []
    for o in outputs:
        o = dict(o)
        if o["output_type"] == "stream":
            o["text"] = "".join(l for l in o["text"].splitlines(True) if not l.startswith(NOTE))
            if out and out[-1]["output_type"] == "stream" and out[-1]["name"] == o["name"]:
                out[-1]["text"] += o["text"]
                continue
        out.append(o)
    return [o for o in out if not (o["output_type"] == "stream" and o["text"] == "")]


def test_second_run_is_served_from_the_cache(tmp_path, monkeypatch):
    first = _run(tmp_path / "cache", monkeypatch)
    for i, outs in enumerate(first):
        assert "served from the cache" not in _notes(outs), (i, outs)
    assert first[1][0]["text"] == "n is 5\n"
    assert any("<table" in o.get("data", {}).get("text/html", "") for o in first[5])
    second = _run(tmp_path / "cache", monkeypatch)
    for i, (a, b) in enumerate(zip(first, second)):
        assert "served from the cache" in _notes(b), (i, b)
        assert _without_notes(a) == _without_notes(b), (i, a, b)
