"""Start the app as scripts/start.sh does on a laptop (through scripts/serve.py), on a free loopback port.

    with streamlit_server() as url:
        ...  # http://127.0.0.1:PORT, healthy

The server gets a scratch desk store (PATHWAYS_DATA_DIR) unless the environment names one, and is
stopped on the way out. If it dies or never reports healthy, the error carries its output.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class ServerError(RuntimeError):
    """The Streamlit server died or never became healthy."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_command(port: int) -> list[str]:
    return [sys.executable, "scripts/serve.py", "run", "app.py", "--server.headless", "true",
            "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@contextmanager
def streamlit_server(timeout: float = 60.0, root: Path = ROOT) -> Iterator[str]:
    """Run the app from `root` (this project, or another checkout to compare with); yield its base URL once
    /_stcore/health says ok."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ)
    env.setdefault("PATHWAYS_DATA_DIR", tempfile.mkdtemp(prefix="pathways-browser-store-"))
    with tempfile.TemporaryFile() as log:  # a file, not a pipe: a chatty server never blocks on a full pipe
        process = subprocess.Popen(server_command(port), cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)

        def output() -> str:
            log.seek(0)
            return log.read().decode(errors="replace")

        try:
            deadline = time.monotonic() + timeout
            while not _healthy(url):
                if process.poll() is not None:
                    raise ServerError(f"streamlit exited with code {process.returncode}:\n{output()}")
                if time.monotonic() > deadline:
                    raise ServerError(f"streamlit was not healthy at {url} after {timeout:.0f} s:\n{output()}")
                time.sleep(0.2)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
