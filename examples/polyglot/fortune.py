"""A Python helper: serves a random fortune as JSON on FORTUNE_PORT, using only the standard library."""
import json
import os
import random
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FORTUNES = [
    "A sidecar starts first and stops last.",
    "Readiness is a promise; liveness is keeping it.",
    "Every process deserves a supervisor.",
]


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"fortune": random.choice(FORTUNES), "pid": os.getpid(), "python": sys.version.split()[0]})
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode() + b"\n")

    def log_message(self, format, *args):
        print("fortune: " + format % args, flush=True)


server = ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("FORTUNE_PORT", "18151"))), Handler)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
print(f"fortune teller on http://127.0.0.1:{server.server_port} (python {sys.version.split()[0]})", flush=True)
server.serve_forever()
