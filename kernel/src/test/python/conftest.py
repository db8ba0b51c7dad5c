"""Shared set-up for the kernel protocol tests.

KernelProtocolIT installs the kernelspec into a temporary prefix and points JUPYTER_PATH at it;
CELLBOOK_KERNEL_NAME names the spec. Run by hand with:
    ./cellbook kernel install --prefix /tmp/kp --name cellbook-test
    JUPYTER_PATH=/tmp/kp/share/jupyter CELLBOOK_KERNEL_NAME=cellbook-test .venv/bin/python -m pytest kernel/src/test/python
"""
import os

import pytest
from jupyter_client.manager import start_new_kernel

KERNEL_NAME = os.environ.get("CELLBOOK_KERNEL_NAME", "cellbook-java")
TIMEOUT = 60


@pytest.fixture(scope="module")
def kernel():
    km, kc = start_new_kernel(kernel_name=KERNEL_NAME, startup_timeout=TIMEOUT)
    try:
        yield km, kc
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def execute(kc, code, timeout=TIMEOUT, **kwargs):
    """Runs code; returns (reply content, list of iopub messages for it, without status/execute_input)."""
    outputs = []

    def hook(msg):
        if msg["msg_type"] not in ("status", "execute_input"):
            outputs.append(msg)

    reply = kc.execute_interactive(code, timeout=timeout, output_hook=hook, **kwargs)
    return reply["content"], outputs
