"""The download tests' HTTP server, on loopback: serves a zip of the text file it is given, as D2L's
fra-eng.zip holds fra.txt (fra-eng/fra.txt), in the ways a download goes wrong.

  /good.zip       the zip
  /text.txt       the text itself (a mirror of fra.txt alone)
  /corrupt.zip    the zip with one byte changed
  /truncated.zip  half the zip, then the connection closes (every time)
  /drop.zip       half the zip and a closed connection the first time, the whole zip after
  /slow.zip       the zip in 8 parts, 0.3 s apart
  anything else   404

Prints "PORT ZIP_SHA1 TEXT_SHA1" on its first line, then serves until its standard input ends
(the test process that started it has gone).
Run: python3 loopback_server.py TEXT_FILE
"""
import hashlib
import http.server
import io
import os
import sys
import threading
import time
import zipfile

with open(sys.argv[1], "rb") as f:
    TEXT = f.read()
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
    archive.writestr("fra-eng/fra.txt", TEXT)
ZIP = buffer.getvalue()
CORRUPT = ZIP[:200] + bytes([ZIP[200] ^ 0xFF]) + ZIP[201:]
requests = {}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        requests[self.path] = requests.get(self.path, 0) + 1
        body = {"/text.txt": TEXT, "/corrupt.zip": CORRUPT}.get(self.path, ZIP)
        if self.path not in ("/good.zip", "/text.txt", "/corrupt.zip", "/truncated.zip",
                             "/drop.zip", "/slow.zip"):
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/zip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.path == "/truncated.zip" or (self.path == "/drop.zip" and requests[self.path] == 1):
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        if self.path == "/slow.zip":
            size = len(body) // 8 + 1
            for start in range(0, len(body), size):
                self.wfile.write(body[start:start + size])
                self.wfile.flush()
                time.sleep(0.3)
            return
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def serve_while_parent_lives():
    sys.stdin.read()
    os._exit(0)


threading.Thread(target=serve_while_parent_lives, daemon=True).start()
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], hashlib.sha1(ZIP).hexdigest(), hashlib.sha1(TEXT).hexdigest(),
      flush=True)
server.serve_forever()
