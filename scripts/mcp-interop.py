#!/usr/bin/env python3
"""`dci mcp` against MCP clients nobody here wrote: the MCP Inspector's CLI
(npm `@modelcontextprotocol/inspector`) over stdio and Streamable HTTP, and
the server scenarios of `@modelcontextprotocol/conformance` that apply to a
tools server (initialize, ping, tools/list), over Streamable HTTP.

    scripts/mcp-interop.py [--npm-dir DIR]

Installs both into DIR (default: target/mcp-interop) with npm when they are
missing, builds dci, starts a local API server (a list of alerts, 404
elsewhere) and dci's server. Neither the Inspector's CLI nor the
conformance runner can send a header, so over HTTP they reach the server
through a local proxy that adds the bearer token, as a host's configuration
would. Prints one line per check and exits 1 when one fails.
"""

import argparse
import http.client
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INSPECTOR = "@modelcontextprotocol/inspector@0.15.0"
# The last release that runs on Node 20 (later ones need Node 22's fs.globSync).
CONFORMANCE = "@modelcontextprotocol/conformance@0.1.10"
SCENARIOS = ["server-initialize", "ping", "tools-list"]
TOKEN = "interop-token"


class Api(http.server.BaseHTTPRequestHandler):
    """The API: GET /analytics/v1/alerts lists two alerts; the rest is 404."""

    def do_GET(self):
        if self.path.split("?")[0] == "/analytics/v1/alerts":
            body = {"alerts": [{"id": "a1", "name": "CPU"}, {"id": "a2", "name": "Cost"}], "rowCount": 2}
            self.answer(200, body)
        else:
            self.answer(404, {"error": "not found"})

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def proxy_to(port):
    """A handler forwarding each request to 127.0.0.1:`port` with the bearer
    token, streaming the answer (server-sent events included) as it comes."""

    class Proxy(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"  # the answer ends when the connection closes

        def forward(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
            headers["Authorization"] = f"Bearer {TOKEN}"
            upstream = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            upstream.request(self.command, self.path, body=body, headers=headers)
            answer = upstream.getresponse()
            self.send_response(answer.status)
            for key, value in answer.getheaders():
                if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                    self.send_header(key, value)
            self.end_headers()
            while chunk := answer.read1(65536):
                self.wfile.write(chunk)
                self.wfile.flush()
            upstream.close()

        do_GET = do_POST = do_DELETE = forward

        def log_message(self, *args):
            pass

    return Proxy


class Quiet(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client closing an event stream it held open


def serve(handler):
    server = Quiet(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1]


def npm_bin(directory, package, binary):
    path = os.path.join(directory, "node_modules", ".bin", binary)
    if not os.path.exists(path):
        subprocess.run(["npm", "install", "--silent", "--prefix", directory, package], check=True)
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--npm-dir", default=os.path.join(ROOT, "target", "mcp-interop"))
    args = parser.parse_args()
    os.makedirs(args.npm_dir, exist_ok=True)
    inspector = npm_bin(args.npm_dir, INSPECTOR, "mcp-inspector")
    conformance = npm_bin(args.npm_dir, CONFORMANCE, "conformance")
    subprocess.run(["cargo", "build", "--quiet", "--bin", "dci"], cwd=ROOT, check=True)
    dci = os.path.join(ROOT, "target", "debug", "dci")
    api = serve(Api)
    env = dict(os.environ, DCI_API_BASE_URL=f"http://127.0.0.1:{api}", DCI_API_KEY="interop-key",
               DCI_CONFIG_DIR=os.path.join(args.npm_dir, "no-config"), DCI_MCP_TOKEN=TOKEN)
    failures = []

    def check(name, ok, detail=""):
        print(f"{'ok  ' if ok else 'FAIL'} {name}" + (f": {detail}" if detail and not ok else ""))
        if not ok:
            failures.append(name)

    def inspect(target, *method):
        run = subprocess.run([inspector, "--cli", *target, "--method", *method],
                             env=env, capture_output=True, text=True, timeout=120)
        try:
            return json.loads(run.stdout)
        except json.JSONDecodeError:
            return {"unreadable": run.stdout[-300:] + run.stderr[-300:]}

    def inspector_checks(transport, target):
        listed = inspect(target, "tools/list")
        names = [t["name"] for t in listed.get("tools", [])]
        check(f"Inspector {transport}: tools/list has read tools only",
              "list-alerts" in names and "create-label" not in names, str(listed)[:300])
        read = inspect(target, "tools/call", "--tool-name", "list-alerts", "--tool-arg", "fields=id")
        check(f"Inspector {transport}: a read tool answers",
              read.get("structuredContent", {}).get("result") == [{"id": "a1"}, {"id": "a2"}], str(read)[:300])
        refused = inspect(target, "tools/call", "--tool-name", "create-label", "--tool-arg", "name=x")
        check(f"Inspector {transport}: a write is a tool error",
              refused.get("isError") is True and "--allow-write" in json.dumps(refused), str(refused)[:300])

    inspector_checks("stdio", [dci, "mcp"])
    server = subprocess.Popen([dci, "mcp", "--http", "127.0.0.1:0"], env=env, stderr=subprocess.PIPE, text=True)
    try:
        port = None
        for line in server.stderr:
            if "Streamable HTTP at " in line:
                port = int(line.split("Streamable HTTP at http://127.0.0.1:")[1].split("/")[0])
                break
        threading.Thread(target=lambda: [None for _ in server.stderr], daemon=True).start()
        url = f"http://127.0.0.1:{serve(proxy_to(port))}/mcp"
        inspector_checks("HTTP", [url])
        for scenario in SCENARIOS:
            out = os.path.join(args.npm_dir, "results", scenario)
            shutil.rmtree(out, ignore_errors=True)
            run = subprocess.run([conformance, "server", "--url", url, "--scenario", scenario, "-o", out],
                                 capture_output=True, text=True, timeout=120)
            statuses = [c["status"] for name in sorted(os.listdir(out))
                        for c in json.load(open(os.path.join(out, name, "checks.json")))]
            passed = run.returncode == 0 and statuses and all(s in ("SUCCESS", "INFO") for s in statuses)
            check(f"conformance {scenario} ({', '.join(sorted(set(statuses)))})", passed,
                  (run.stdout + run.stderr)[-600:])
    finally:
        server.terminate()
        server.wait()
    print(f"{len(failures)} failed" if failures else "all passed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
