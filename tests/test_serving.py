"""The server as scripts/start.sh runs it: no look-up of an internet address, security headers, local by default."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
import urllib.request

from tests.browser.server import free_port
from tests.conftest import ROOT


class Listener:
    """A stand-in internet (HTTP proxy) on 127.0.0.1 that counts who calls it."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port, self.calls = self.sock.getsockname()[1], []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            conn, _ = self.sock.accept()
            self.calls.append(conn.recv(200))
            conn.close()


def _serve(command: list[str], proxy: Listener, seconds: float = 60) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {**os.environ, "HTTP_PROXY": f"http://127.0.0.1:{proxy.port}", "HTTPS_PROXY": f"http://127.0.0.1:{proxy.port}",
           "NO_PROXY": "", "PATHWAYS_DATA_DIR": tempfile.mkdtemp(prefix="pathways-serving-")}
    process = subprocess.Popen([sys.executable, *command, "--server.port", str(port), "--server.headless", "true",
                                "--server.address", "0.0.0.0"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with opener.open(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return process, port
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise AssertionError("the server never became healthy")


def _foreign_handshake(port: int) -> None:
    """A WebSocket handshake from another site's page (Streamlit checks its origin)."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(b"GET /_stcore/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                     b"Origin: http://evil.example\r\n\r\n")
        sock.recv(500)


def test_the_server_never_looks_up_its_internet_address_and_sends_security_headers():
    proxy = Listener()
    process, port = _serve(["scripts/serve.py", "run", "app.py"], proxy)  # `-m streamlit run` asks twice
    try:
        _foreign_handshake(port)
        time.sleep(2)
        assert proxy.calls == []  # streamlit run asked checkip.amazonaws.com at start and on the handshake
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(f"http://127.0.0.1:{port}/", timeout=5) as page:
            headers = page.headers
        assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "no-referrer"
        assert "frame-ancestors 'self'" in headers["Content-Security-Policy"]
    finally:
        process.kill()
        process.wait()


def test_a_laptop_serves_itself_only_unless_a_room_is_asked_for():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == "127.0.0.1" and config["browser"]["serverAddress"] == "127.0.0.1"
    start = (ROOT / "scripts" / "start.sh").read_text()
    assert "address=127.0.0.1" in start and "--lan" in start and "PATHWAYS_ROOM_CODE" in start
