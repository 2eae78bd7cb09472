"""A stand-in for Mailchimp when the fake is missing: answers every request late with 503.

python -m bench.slow_server PORT DELAY_SECONDS
"""

import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class SlowHandler(BaseHTTPRequestHandler):
    def _answer(self) -> None:
        time.sleep(float(sys.argv[2]))
        body = b'{"status": 503, "title": "Service Unavailable"}'
        self.send_response(503)
        self.send_header("Content-Type", "application/problem+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _answer

    def log_message(self, *args) -> None:
        pass


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), SlowHandler).serve_forever()
