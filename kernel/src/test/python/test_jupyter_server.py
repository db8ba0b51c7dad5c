"""Our kernel behind a real JupyterLab server on loopback, driven through its REST and websocket API
(what the browser front end does): execute, interrupt, restart, display data."""
import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid

import pytest
from tornado.websocket import websocket_connect

from conftest import KERNEL_NAME

TOKEN = uuid.uuid4().hex


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _http(port, method, path, body=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                 data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": f"token {TOKEN}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        raw = resp.read()
        return resp.status, (json.loads(raw) if raw and resp.headers.get_content_type() == "application/json" else raw)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    port = _free_port()
    root = tmp_path_factory.mktemp("lab")
    proc = subprocess.Popen([sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
                             f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={root}",
                             "--ServerApp.open_browser=False", "--allow-root"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=os.environ.copy())
    deadline = time.time() + 120
    while True:
        try:
            _http(port, "GET", "/api/status")
            break
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                out = proc.stdout.read().decode(errors="replace") if proc.poll() is not None else ""
                proc.kill()
                pytest.fail("JupyterLab did not start: " + out)
            time.sleep(0.5)
    try:
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


class Channels:
    """The kernel websocket: send shell requests, collect replies and iopub messages by parent."""

    def __init__(self, ws):
        self.ws = ws
        self.session = uuid.uuid4().hex

    @classmethod
    async def open(cls, port, kernel_id):
        ws = await websocket_connect(f"ws://127.0.0.1:{port}/api/kernels/{kernel_id}/channels?token={TOKEN}")
        return cls(ws)

    async def request(self, msg_type, content, timeout=60):
        msg_id = uuid.uuid4().hex
        await self.ws.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": msg_type, "username": "test", "session": self.session,
                       "date": "", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "content": content, "channel": "shell", "buffers": []}))
        reply, outputs, idle = None, [], False
        deadline = time.time() + timeout
        while reply is None or not idle:
            raw = await asyncio.wait_for(self.ws.read_message(), max(0.1, deadline - time.time()))
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg["channel"] == "shell":
                reply = msg["content"]
            elif msg["msg_type"] == "status":
                idle = msg["content"]["execution_state"] == "idle"
            elif msg["msg_type"] != "execute_input":
                outputs.append(msg)
        return reply, outputs

    async def execute(self, code, timeout=60):
        return await self.request("execute_request", {"code": code, "silent": False, "store_history": True,
                                                      "user_expressions": {}, "allow_stdin": False,
                                                      "stop_on_error": True}, timeout)


def test_lab_serves_and_runs_our_kernel(lab):
    port = lab
    status, page = _http(port, "GET", "/lab")
    assert status == 200 and b"JupyterLab" in page
    _, specs = _http(port, "GET", "/api/kernelspecs")
    assert KERNEL_NAME in specs["kernelspecs"]
    _, kernel = _http(port, "POST", "/api/kernels", {"name": KERNEL_NAME})
    kid = kernel["id"]

    async def scenario():
        ch = await Channels.open(port, kid)
        info, _ = await ch.request("kernel_info_request", {})
        assert info["status"] == "ok" and info["language_info"]["name"] == "java"
        reply, out = await ch.execute('System.out.println("from lab"); 20 + 22')
        assert reply["status"] == "ok"
        assert any(m["msg_type"] == "stream" and "from lab" in m["content"]["text"] for m in out)
        assert [m["content"]["data"]["text/plain"] for m in out if m["msg_type"] == "execute_result"] == ["42"]
        reply, out = await ch.execute("display(Chart.scatter(new double[] {1, 2}, new double[] {2, 1}));")
        assert any("image/png" in m["content"]["data"] for m in out if m["msg_type"] == "display_data")

        async def interrupt_soon():
            await asyncio.sleep(1.5)
            await asyncio.get_running_loop().run_in_executor(None, _http, port, "POST", f"/api/kernels/{kid}/interrupt")

        task = asyncio.ensure_future(interrupt_soon())
        reply, _ = await ch.execute("while (true) { }", timeout=60)
        await task
        assert reply["status"] == "error" and reply["ename"] == "InterruptedException"
        reply, _ = await ch.execute("1 + 1")
        assert reply["status"] == "ok"
        ch.ws.close()

    asyncio.run(scenario())
    status, _ = _http(port, "POST", f"/api/kernels/{kid}/restart")
    assert status == 200

    async def after_restart():
        ch = await Channels.open(port, kid)
        reply, out = await ch.execute("3 * 3")
        assert reply["status"] == "ok" and reply["execution_count"] == 1
        ch.ws.close()

    asyncio.run(after_restart())
    status, _ = _http(port, "DELETE", f"/api/kernels/{kid}")
    assert status == 204
