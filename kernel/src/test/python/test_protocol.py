"""The kernel as Jupyter clients see it: results, streams, errors, counts, interrupts, restarts, displays."""
import base64
import os
import threading
import time

from jupyter_client.manager import KernelManager

from conftest import KERNEL_NAME, TIMEOUT, execute

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_result_stream_and_execution_count(kernel):
    km, kc = kernel
    first, out = execute(kc, "int base = 20;")
    assert first["status"] == "ok"
    assert [m for m in out if m["msg_type"] == "execute_result"] == []
    second, out = execute(kc, 'System.out.println("value " + base);\nbase + 22')
    assert second["execution_count"] == first["execution_count"] + 1
    streams = [m["content"] for m in out if m["msg_type"] == "stream"]
    assert {"name": "stdout", "text": "value 20\n"} in streams
    results = [m["content"] for m in out if m["msg_type"] == "execute_result"]
    assert len(results) == 1
    assert results[0]["data"]["text/plain"] == "42"
    assert results[0]["execution_count"] == second["execution_count"]


def test_silent_and_no_history_do_not_count(kernel):
    km, kc = kernel
    before, _ = execute(kc, "1")
    silent, out = execute(kc, "2", silent=True)
    assert silent["status"] == "ok"
    assert [m for m in out if m["msg_type"] == "execute_result"] == []
    after, _ = execute(kc, "3")
    assert after["execution_count"] == before["execution_count"] + 1


def test_error_reply_names_the_exception_and_kernel_goes_on(kernel):
    km, kc = kernel
    reply, out = execute(kc, 'Object o = "x";\nInteger i = (Integer) o;')
    assert reply["status"] == "error"
    assert reply["ename"] == "java.lang.ClassCastException"
    errors = [m["content"] for m in out if m["msg_type"] == "error"]
    assert len(errors) == 1 and errors[0]["ename"] == "java.lang.ClassCastException"
    compile_reply, _ = execute(kc, "String s = 42;")
    assert compile_reply["status"] == "error"
    assert compile_reply["ename"] == "CompilationException"
    assert "incompatible types" in compile_reply["evalue"]
    ok, _ = execute(kc, "1 + 1")
    assert ok["status"] == "ok"


def test_user_expressions(kernel):
    km, kc = kernel
    reply, _ = execute(kc, "int ue = 4;", user_expressions={"sq": "ue * ue", "bad": "nope"})
    ue = reply["user_expressions"]
    assert ue["sq"]["status"] == "ok" and ue["sq"]["data"]["text/plain"] == "16"
    assert ue["bad"]["status"] == "error"


def _interrupt_after(km, seconds):
    def go():
        time.sleep(seconds)
        km.interrupt_kernel()

    t = threading.Thread(target=go, daemon=True)
    t.start()
    return t


def test_interrupt_sleep_and_busy_loop(kernel):
    km, kc = kernel
    for code in ("Thread.sleep(60000);", "while (true) { }", "long n = 0; for (;;) { n++; }"):
        _interrupt_after(km, 1.5)
        t0 = time.time()
        reply, out = execute(kc, code, timeout=30)
        assert reply["status"] == "error", code
        assert reply["ename"] == "InterruptedException", reply
        assert time.time() - t0 < 20, code
        assert any(m["msg_type"] == "error" for m in out)
        ok, out = execute(kc, "2 * 21")
        assert ok["status"] == "ok", code
        assert [m["content"]["data"]["text/plain"] for m in out if m["msg_type"] == "execute_result"] == ["42"]
    assert km.is_alive()


def test_display_png_and_in_place_updates(kernel):
    km, kc = kernel
    reply, out = execute(kc, "display(Chart.scatter(new double[] {1, 2, 3}, new double[] {3, 1, 2}).title(\"t\"));")
    assert reply["status"] == "ok"
    shown = [m["content"] for m in out if m["msg_type"] == "display_data"]
    assert len(shown) == 1
    assert base64.b64decode(shown[0]["data"]["image/png"]).startswith(PNG_MAGIC)
    assert [m for m in out if m["msg_type"] == "execute_result"] == []

    reply, out = execute(kc, "try (var p = progress(\"work\", 3)) { for (int i = 0; i < 3; i++) { Thread.sleep(150); p.step(); } }")
    assert reply["status"] == "ok"
    first = [m["content"] for m in out if m["msg_type"] == "display_data"]
    updates = [m["content"] for m in out if m["msg_type"] == "update_display_data"]
    assert len(first) == 1 and len(updates) >= 1
    display_id = first[0]["transient"]["display_id"]
    assert all(u["transient"]["display_id"] == display_id for u in updates)
    assert "3/3" in updates[-1]["data"]["text/html"]


def test_tablesaw_table_is_an_html_table_with_head_and_tail(kernel):
    km, kc = kernel
    reply, out = execute(kc, 'Table.create("t", IntColumn.create("a", java.util.stream.IntStream.range(0, 100).toArray()))')
    assert reply["status"] == "ok"
    html = [m["content"]["data"]["text/html"] for m in out if m["msg_type"] == "execute_result"][0]
    assert "<table" in html and "100 rows" in html
    assert "<th>0</th>" in html and "<th>99</th>" in html and "<th>50</th>" not in html


def test_magics(kernel, tmp_path):
    km, kc = kernel
    reply, out = execute(kc, "%%time\nint timed = 3;\ntimed * 2")
    assert reply["status"] == "ok"
    assert any("Wall time" in m["content"].get("text", "") for m in out if m["msg_type"] == "stream")
    assert [m["content"]["data"]["text/plain"] for m in out if m["msg_type"] == "execute_result"] == ["6"]
    reply, out = execute(kc, "%lsmagic")
    text = "".join(m["content"]["text"] for m in out if m["msg_type"] == "stream")
    for name in ("%classpath", "%jars", "%maven", "%%loadFromPOM", "%%time"):
        assert name in text
    reply, _ = execute(kc, "%nosuchmagic")
    assert reply["status"] == "error" and "unknown magic" in reply["evalue"]


def test_restart_clears_state(kernel):
    km, kc = kernel
    execute(kc, "int survivesRestart = 1;")
    km.restart_kernel(now=False)
    kc.wait_for_ready(timeout=TIMEOUT)
    reply, _ = execute(kc, "survivesRestart")
    assert reply["status"] == "error" and reply["execution_count"] == 1
    reply, out = execute(kc, "1 + 2")
    assert reply["status"] == "ok" and reply["execution_count"] == 2


def test_timeout_setting_stops_long_cells():
    km = KernelManager(kernel_name=KERNEL_NAME)
    km.start_kernel(env={**os.environ, "CELLBOOK_TIMEOUT": "1000"})
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=TIMEOUT)
        t0 = time.time()
        reply, _ = execute(kc, "while (true) { }", timeout=30)
        assert reply["status"] == "error" and reply["ename"] == "TimeoutException"
        assert time.time() - t0 < 15
        ok, _ = execute(kc, "1")
        assert ok["status"] == "ok"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_shutdown_ends_the_process():
    km = KernelManager(kernel_name=KERNEL_NAME)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=TIMEOUT)
    reply = kc.shutdown(reply=True, timeout=TIMEOUT) if "reply" in kc.shutdown.__code__.co_varnames else None
    deadline = time.time() + 20
    while km.is_alive() and time.time() < deadline:
        time.sleep(0.1)
    alive = km.is_alive()
    kc.stop_channels()
    if alive:
        km.shutdown_kernel(now=True)
    assert not alive, "kernel process still running 20 s after shutdown_request"


def test_queued_cells_are_aborted_after_an_error(kernel):
    km, kc = kernel
    ids = [kc.execute("Thread.sleep(500); throw new RuntimeException(\"first fails\");"),
           kc.execute("int neverRuns = 1;"), kc.execute("2 + 2")]
    replies = {}
    while len(replies) < 3:
        msg = kc.get_shell_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") in ids:
            replies[msg["parent_header"]["msg_id"]] = msg["content"]
    assert [replies[i]["status"] for i in ids] == ["error", "aborted", "aborted"]
    reply, _ = execute(kc, "neverRuns")
    assert reply["status"] == "error", "an aborted cell must not have run"
    ok, _ = execute(kc, "1")
    assert ok["status"] == "ok"
