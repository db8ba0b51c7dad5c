"""Our kernel in the real JupyterLab front end: a JupyterLab server on loopback, a notebook opened in
Debian's Chromium driven by Playwright, a cell rendering a Tablesaw table and one rendering a Chart.
The screenshot goes to kernel/target/jupyterlab-browser.png.

Needs /usr/bin/chromium (apt-get install -y chromium) and the playwright package; Playwright's own
browser download is never used."""
import os
import pathlib
import socket
import subprocess
import sys
import time
import urllib.request
import uuid

import nbformat
import pytest

from conftest import KERNEL_NAME

CHROMIUM = "/usr/bin/chromium"
TOKEN = uuid.uuid4().hex
TARGET = pathlib.Path(__file__).resolve().parents[3] / "target"
CELLS = [
    'Table.create("fruit", StringColumn.create("name", "apple", "pear"), IntColumn.create("count", 3, 5))',
    'Chart.bar(new String[] {"apple", "pear"}, new double[] {3, 5})',
]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    port = _free_port()
    root = tmp_path_factory.mktemp("lab-browser")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": "Java (Cellbook)", "language": "java"}
    nb.cells = [nbformat.v4.new_code_cell(c) for c in CELLS]
    nbformat.write(nb, root / "browser.ipynb")
    TARGET.mkdir(parents=True, exist_ok=True)
    log = open(TARGET / "jupyterlab-browser-server.log", "wb")  # the server's and the kernel's output
    proc = subprocess.Popen([sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
                             f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={root}",
                             "--ServerApp.open_browser=False", "--allow-root"],
                            stdout=log, stderr=subprocess.STDOUT, env=os.environ.copy())
    deadline = time.time() + 120
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={TOKEN}", timeout=5).read()
            break
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                pytest.fail("JupyterLab did not start")
            time.sleep(0.5)
    try:
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_jupyterlab_shows_a_table_and_a_chart(lab):
    assert os.access(CHROMIUM, os.X_OK), f"{CHROMIUM} is missing: install it with apt-get install -y chromium"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        try:
            page.goto(f"http://127.0.0.1:{lab}/lab/tree/browser.ipynb?token={TOKEN}", timeout=120_000)
            page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
            # the status bar says "Java (Cellbook) | Idle" once the kernel is connected and ready
            page.locator(".jp-StatusBar-Widget", has_text="| Idle").first.wait_for(timeout=120_000)
            # Run each code cell the way a user does (click, Shift+Enter) and wait for its output before
            # the next: a "Run All" sent right at start-up once left the first cell unrun under heavy load.
            cells = page.locator(".jp-Notebook .jp-CodeCell")
            for i in range(cells.count()):
                cell = cells.nth(i)
                cell.locator(".jp-InputArea-editor").click()
                page.keyboard.press("Shift+Enter")
                cell.locator(".jp-OutputArea-output").first.wait_for(timeout=120_000)
            table = page.locator(".jp-OutputArea-output table").first
            table.wait_for(timeout=60_000)
            assert "apple" in table.inner_text() and "pear" in table.inner_text()
            image = page.locator(".jp-OutputArea-output img").first
            image.wait_for(timeout=120_000)
            assert image.evaluate("img => img.complete && img.naturalWidth > 0"), "the chart image did not load"
        finally:
            TARGET.mkdir(parents=True, exist_ok=True)  # also on failure: the picture shows what went wrong
            page.screenshot(path=str(TARGET / "jupyterlab-browser.png"), full_page=True)
            browser.close()
