"""A tiny SMS provider on 127.0.0.1 for the tests: it answers POST
/2010-04-01/Accounts/<account>/Messages.json the way Twilio's Messages resource does (201 with
`sid` and `status`, or an error status with `code` and `message`) and keeps what it received."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

ACCOUNT = "AC0123456789"
TOKEN = "provider-token"
FROM = "+15550009999"


@dataclass
class Provider:
    url: str
    mode: str = "ok"  # ok | invalid | server | auth | slow | failed
    delay: float = 2.0
    received: list[dict[str, Any]] = field(default_factory=list)


class _Handler(BaseHTTPRequestHandler):
    provider: Provider

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        return

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        provider = self.provider
        provider.received.append(
            {
                "path": self.path,
                "authorization": self.headers.get("Authorization", ""),
                "content_type": self.headers.get("Content-Type", ""),
                "form": form,
            }
        )
        n = len(provider.received)
        answers = {
            "ok": (201, {"sid": f"SM{n:032d}", "status": "queued", "error_code": None}),
            "failed": (201, {"sid": f"SM{n:032d}", "status": "failed", "error_code": 30006,
                             "error_message": "Landline or unreachable carrier"}),
            "invalid": (400, {"code": 21211, "status": 400,
                              "message": f"The 'To' number {form.get('To')} is not a valid "
                                         "phone number."}),
            "auth": (401, {"code": 20003, "status": 401, "message": "Authenticate"}),
            "server": (503, {"code": 20500, "status": 503, "message": "Service unavailable"}),
        }  # fmt: skip
        if provider.mode == "slow":
            time.sleep(provider.delay)
            status, body = answers["ok"]
        else:
            status, body = answers[provider.mode]
        payload = json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (the timeout test)


@contextmanager
def running_provider() -> Iterator[Provider]:
    handler = type("Handler", (_Handler,), {})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    provider = Provider(url=f"http://127.0.0.1:{server.server_address[1]}/2010-04-01")
    handler.provider = provider  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
