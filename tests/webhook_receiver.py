"""A small HTTP receiver on loopback that records what it is sent."""

import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Receiver:
    url: str
    fail_first: int = 0
    # (headers, body) of every request; the headers match names case-insensitively
    received: list = field(default_factory=list)


@contextmanager
def webhook_receiver(fail_first: int = 0):
    receiver = Receiver(url="", fail_first=fail_first)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            receiver.received.append((self.headers, body))
            failing = len(receiver.received) <= receiver.fail_first
            self.send_response(503 if failing else 200)
            self.end_headers()
            self.wfile.write(b"busy, try later" if failing else b"thanks")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
