"""`streamlit run` with what Streamlit has no setting for (scripts/start.sh runs the app through this).

- No look-up of this machine's internet address. Streamlit asks checkip.amazonaws.com at start when it
  listens on every interface, and again on each WebSocket handshake from an origin it does not know
  (any foreign web page can cause one). The server never needs that address: the answer is "unknown".
- The app's imports and the first view's tables done while the server starts (`_warm_up`), not on the first
  page opened.
- Security headers on every response Streamlit's web server sends (the README lists what a reverse
  proxy in front should add on top: TLS, HSTS, access control).

    python scripts/serve.py run app.py [streamlit options]
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from pathlib import Path

from streamlit import net_util, runtime
from streamlit.web import cli
from streamlit.web.server.starlette import starlette_app

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",  # the desk token in the address never leaves in a Referer
    "X-Frame-Options": "SAMEORIGIN",  # no framing by another site (clickjacking)
    "Content-Security-Policy": "frame-ancestors 'self'; object-src 'none'; base-uri 'self'",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class SecurityHeaders:
    """ASGI middleware: the headers above on every HTTP response (WebSocket messages pass untouched)."""

    def __init__(self, app) -> None:
        self.app = app
        self.raw = [(k.lower().encode(), v.encode()) for k, v in HEADERS.items()]

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *self.raw]}
            await send(message)
        return await self.app(scope, receive, with_headers)


def _middleware() -> list:
    from starlette.middleware import Middleware
    return [Middleware(SecurityHeaders), *_streamlit_middleware()]


def _no_external_ip() -> None:
    return None


def _warm_up() -> None:
    """The app's imports and the first view's tables (ui.data.warm_up), while the server starts and the first
    browser loads the page: the first session finds them in the caches, or waits for them, never redoes them."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # where streamlit runs app.py from
    try:
        from ui import data, desk, grid_tools, joint, state, widgets  # noqa: F401  (app.py's and its pages')
        for _ in range(100):  # the caches then live in the server's runtime (without it they warn, and work)
            if runtime.exists():
                break
            time.sleep(0.05)
        data.warm_up()
    except Exception:  # the first session does the same work and shows what went wrong
        logging.getLogger(__name__).exception("warming up the first view failed")


_streamlit_middleware = starlette_app.create_streamlit_middleware
starlette_app.create_streamlit_middleware = _middleware
net_util.get_external_ip = _no_external_ip

if __name__ == "__main__":
    sys.argv[0] = "streamlit"
    threading.Thread(target=_warm_up, name="warm-up", daemon=True).start()
    sys.exit(cli.main())
