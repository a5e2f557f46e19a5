#!/usr/bin/env python3
"""Checks what dci sends against Stoplight Prism, an independent validating mock server.

    scripts/prism.py [--only NAME] [--verbose] [--all-flags] [--body-as-fields] [--dci PATH] [--report FILE]

For every API command in `dci commands --json` the script builds a minimal valid
invocation from the spec (path arguments and required flags from the spec's
examples, enums and formats; `--body` from the request body's example, or one
synthesised from the schema's required properties; multipart parts from a small
temporary CSV file; `--yes` for destructive commands). Some encoding probes ride
along: a path argument the spec leaves free-form is `probe id/1` (space and
slash must be percent-encoded), every repeatable (array) query flag gets two
values (a free-form one being `a+b c&d=e,f/g`, an enum preferring values such as
`in progress`), every call carries `-D` (the X-Tenant-Id header), and
spec-required headers that dci makes optional (Idempotency-Key) are left to dci.
When a body candidate is refused as an input problem, the next one is tried
(media-type example, named examples, schema example, synthesised, synthesised
ignoring examples).

dci talks to Prism through a small recording relay on another local port, so
the script sees the exact bytes dci sent and Prism's answer. Prism refuses an
invalid request with the spec's 422/400 response, or, when the operation
documents neither, its own 422 application/problem+json body whose `validation`
list holds the violations; 415 for a content type it cannot parse (e.g. multipart
without a boundary), 401 for missing credentials, 404/405 (problem+json) when no
path/method matches. Validation refusals also carry the `sl-violations`
response header, a JSON list of {location, severity, code, message}, which is
what the script reads first. (Prism's `Prefer` header - `code=`, `example=`,
`dynamic=` - only picks which *response* Prism mocks; it does not switch request
validation off, so the script does not send it.)

Every request is replayed with the script's own spec-conformant encoder (the
"reference request": RFC 3986 path segments, form/explode query, JSON or
multipart body with the spec's media type). A violation that the reference
request also gets is an input problem (the synthesised value or the spec's own
example is wrong); one that only dci's request gets is dci's fault, labelled by
where it is (headers, query style, path encoding, multipart, content type,
body). Also counted as dci's faults: a request Prism accepts that still differs
from the reference one (decoded path, query values, content type, declared
headers, JSON body or multipart parts), dci refusing (exit 2) an input that
Prism accepts, and a `--dry-run` (dci's own) that reaches the server. Commands
that Prism accepts but dci then fails on (usually a spec response example that
contradicts its schema; Prism's response violations are shown) are listed but
not counted.

Prints a summary; exits 0 when no fault is dci's (every refusal is an input
problem), 1 otherwise, 2 when the check itself could not run. A JSON report is
written to target/prism/report.json (or --report FILE).

Needs node/npm (Prism is installed into target/prism/ on first use), PyYAML
(installed with pip if missing) and a built dci (target/debug/dci).
"""

import argparse
import base64
import copy
import http.client
import json
import os
import re
import shlex
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
SPEC = os.path.join(ROOT, "spec", "doit-api.yaml")
PRISM_DIR = os.path.join(ROOT, "target", "prism")
PRISM_PACKAGE = "@stoplight/prism-cli@5"
API_KEY = "test-key-0123456789"
CSV_TEXT = "usage_date,cost,service\n2024-01-31,1.25,compute\n"
COMMAND_TIMEOUT = 60
# Whether every request carries dci's customer context (X-Tenant-Id, -D).
TENANT_HEADER = True


# --------------------------------------------------------------------------
# Setup: PyYAML, Prism, ports
# --------------------------------------------------------------------------

def import_yaml():
    """Returns the yaml module, installing PyYAML with pip when it is missing."""
    try:
        import yaml  # noqa: PLC0415
        return yaml
    except ImportError:
        print("PyYAML missing: installing it with pip", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "pyyaml"], check=True)
        import yaml  # noqa: PLC0415
        return yaml


def ensure_prism():
    """Returns the path of the prism binary, installing Prism 5 under target/prism/ when missing."""
    binary = os.path.join(PRISM_DIR, "node_modules", ".bin", "prism")
    if os.path.exists(binary):
        version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
        if version.startswith("5."):
            return binary
    if not shutil.which("npm"):
        raise SystemExit("npm not found: install Node.js to run Prism")
    print(f"installing {PRISM_PACKAGE} into {os.path.relpath(PRISM_DIR, ROOT)}/", file=sys.stderr)
    os.makedirs(PRISM_DIR, exist_ok=True)
    subprocess.run(["npm", "install", "--prefix", PRISM_DIR, "--no-audit", "--no-fund", "--silent", PRISM_PACKAGE],
                   check=True)
    return binary


def free_port():
    """Returns a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrismServer:
    """`prism mock SPEC` on a free local port, as a context manager that always stops it."""

    def __init__(self, binary, spec, log_path):
        self.binary, self.spec, self.log_path = binary, spec, log_path
        self.port = free_port()
        self.proc = None

    def __enter__(self):
        self.log = open(self.log_path, "w")
        # A session of its own, so a Ctrl-C in the terminal reaches only us and we stop Prism ourselves.
        self.proc = subprocess.Popen(
            [self.binary, "mock", self.spec, "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            self.wait_until_ready()
        except BaseException:
            self.__exit__()
            raise
        return self

    def wait_until_ready(self, timeout=120):
        """Polls until Prism answers any HTTP request (a 404 problem counts)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"prism exited with {self.proc.returncode}; see {self.log_path}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__ready", timeout=2)
                return
            except urllib.error.HTTPError:
                return
            except (urllib.error.URLError, OSError):
                time.sleep(0.25)
        raise SystemExit(f"prism did not answer within {timeout}s; see {self.log_path}")

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
            except ProcessLookupError:
                pass
        self.log.close()
        return False


# --------------------------------------------------------------------------
# The recording relay between dci (or the reference client) and Prism
# --------------------------------------------------------------------------

class Exchange:
    """One request as it went over the wire and the answer Prism gave."""

    def __init__(self, method, target, headers, body):
        self.method, self.target, self.headers, self.body = method, target, headers, body
        self.status, self.response_headers, self.response_body = None, [], b""

    def header(self, name, response=False):
        """The first value of a header (case-insensitive), or None."""
        for key, value in (self.response_headers if response else self.headers):
            if key.lower() == name.lower():
                return value
        return None

    def header_names(self):
        """The request's header names, lower-cased."""
        return {key.lower() for key, _ in self.headers}

    def path(self):
        """The request target without its query."""
        return self.target.split("?", 1)[0]

    def query(self):
        """The query as a sorted list of (name, value), decoded as a form would be."""
        query = self.target.split("?", 1)[1] if "?" in self.target else ""
        return sorted(urllib.parse.parse_qsl(query, keep_blank_values=True))

    def describe(self, limit=1200):
        """The request as text, for evidence: request line, headers (credentials redacted), body."""
        lines = [f"{self.method} {self.target}"]
        for key, value in self.headers:
            if key.lower() == "authorization":
                value = value.split(" ", 1)[0] + " <redacted>" if " " in value else "<redacted>"
            lines.append(f"{key}: {value}")
        if self.body:
            text = self.body.decode("utf-8", "replace")
            lines.append("")
            lines.append(text if len(text) <= limit else text[:limit] + f"... ({len(self.body)} bytes)")
        return "\n".join(lines)


def read_head(stream):
    """Reads an HTTP message head (start line and headers); None at end of stream."""
    lines = []
    while True:
        line = stream.readline(65537)
        if not line:
            return None
        if line in (b"\r\n", b"\n"):
            if lines:
                return b"".join(lines) + line
            continue
        lines.append(line)


def parse_head(head):
    """Splits a message head into its start line and a list of (name, value) headers."""
    text = head.decode("latin-1").rstrip("\r\n").split("\r\n")
    headers = []
    for line in text[1:]:
        name, _, value = line.partition(":")
        headers.append((name.strip(), value.strip()))
    return text[0], headers


def read_body(stream, headers, no_body=False):
    """Reads a message body as framed by its headers; returns (raw bytes, decoded body)."""
    values = {k.lower(): v for k, v in headers}
    if no_body:
        return b"", b""
    if "chunked" in values.get("transfer-encoding", "").lower():
        raw, body = [], []
        while True:
            size_line = stream.readline()
            raw.append(size_line)
            size = int(size_line.split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while True:  # trailers, up to the empty line
                    line = stream.readline()
                    raw.append(line)
                    if line in (b"\r\n", b"\n", b""):
                        break
                break
            chunk = stream.read(size + 2)
            raw.append(chunk)
            body.append(chunk[:size])
        return b"".join(raw), b"".join(body)
    if "content-length" in values:
        data = stream.read(int(values["content-length"]))
        return data, data
    return None, None  # no framing: a request has no body, a response runs to the end of the connection


class Relay:
    """A local HTTP relay that forwards each request byte for byte to Prism and records the exchange."""

    def __init__(self, upstream_port):
        self.upstream_port = upstream_port
        self.lock = threading.Lock()
        self.exchanges = []
        relay = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                relay.serve_connection(self.request)

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        return False

    def take(self):
        """Returns and forgets the exchanges recorded since the last call."""
        with self.lock:
            taken, self.exchanges = self.exchanges, []
        return taken

    def serve_connection(self, client):
        """Relays the requests of one client connection over one upstream connection."""
        client.settimeout(COMMAND_TIMEOUT)
        upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=COMMAND_TIMEOUT)
        from_client, from_upstream = client.makefile("rb"), upstream.makefile("rb")
        try:
            while True:
                head = read_head(from_client)
                if head is None:
                    return
                start, headers = parse_head(head)
                method, target = start.split(" ")[0], start.split(" ")[1]
                raw, body = read_body(from_client, headers)
                exchange = Exchange(method, target, headers, body or b"")
                with self.lock:  # filed before it is answered, so a request Prism never answers still counts
                    self.exchanges.append(exchange)
                upstream.sendall(head + (raw or b""))
                response_head = read_head(from_upstream)
                if response_head is None:
                    return
                status_line, response_headers = parse_head(response_head)
                status = int(status_line.split(" ")[1])
                no_body = method == "HEAD" or status in (204, 304) or status < 200
                raw, body = read_body(from_upstream, response_headers, no_body)
                if raw is None:
                    raw = body = from_upstream.read()
                exchange.response_headers, exchange.response_body = response_headers, body
                exchange.status = status
                client.sendall(response_head + raw)
                closing = [v.lower() for k, v in headers + response_headers if k.lower() == "connection"]
                if "close" in closing:
                    return
        except (OSError, ValueError, IndexError):
            return
        finally:
            upstream.close()


# --------------------------------------------------------------------------
# The spec: operations, parameters, examples, synthesised values
# --------------------------------------------------------------------------

def norm(name):
    """A name reduced for matching flags to parameters: `--max-results` and `maxResults` agree."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


class Spec:
    """The OpenAPI document, with $ref resolution and value synthesis from schemas."""

    def __init__(self, path):
        with open(path) as f:
            self.doc = import_yaml().safe_load(f)

    def resolve(self, node, seen=None):
        """Follows local $refs until the node is not a reference."""
        seen = seen or set()
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if ref in seen or not ref.startswith("#/"):
                return {}
            seen.add(ref)
            target = self.doc
            for part in ref[2:].split("/"):
                part = urllib.parse.unquote(part).replace("~1", "/").replace("~0", "~")
                target = target[int(part)] if isinstance(target, list) else target[part]
            node = target
        return node

    def operation(self, method, path):
        """The operation object and its parameters (path-level ones merged in) for a method and path."""
        item = self.doc["paths"][path]
        op = item[method.lower()]
        params = {}
        for p in item.get("parameters", []) + op.get("parameters", []):
            p = self.resolve(p)
            params[(p["name"], p["in"])] = p
        return op, list(params.values())

    def tenant_example(self):
        """The spec's example X-Tenant-Id, used for the -D probe."""
        for param in self.doc.get("components", {}).get("parameters", {}).values():
            if param.get("name") == "X-Tenant-Id":
                return str(self.example_for_param(param))
        return "tenant-0001"

    def example_for_param(self, param):
        """A value for a parameter: its example, first named example, or one made from its schema."""
        if "example" in param:
            return param["example"]
        for example in (param.get("examples") or {}).values():
            example = self.resolve(example)
            if "value" in example:
                return example["value"]
        return self.synthesise(param.get("schema", {}))

    def array_values_for_param(self, param):
        """Two values for an array parameter (the query-array probe)."""
        schema = self.resolve(param.get("schema", {}))
        example = param.get("example", schema.get("example"))
        if isinstance(example, list) and len(example) >= 2:
            return example[:2]
        items = self.resolve(schema.get("items", {}))
        enum = [v for v in items.get("enum", []) if v is not None]
        if len(enum) >= 2:  # values that need escaping first ("in progress")
            return sorted(enum, key=lambda v: bool(re.fullmatch(r"[A-Za-z0-9_-]*", str(v))))[:2]
        first = example[0] if isinstance(example, list) and example else self.synthesise(items)
        if isinstance(first, str) and not enum and is_free_string(items):
            return [first, QUERY_PROBE]
        return [first, first]

    def merged_all_of(self, schema):
        """Merges an allOf into one object schema (properties and required lists joined)."""
        merged = {k: v for k, v in schema.items() if k != "allOf"}
        merged.setdefault("properties", {})
        merged["properties"] = dict(merged["properties"])
        merged["required"] = list(merged.get("required", []))
        for part in schema["allOf"]:
            part = self.resolve(part)
            if "allOf" in part:
                part = self.merged_all_of(part)
            merged["properties"].update(part.get("properties", {}))
            merged["required"] += [r for r in part.get("required", []) if r not in merged["required"]]
            for key in ("type", "example", "enum", "format", "items", "additionalProperties"):
                if key in part and key not in merged:
                    merged[key] = part[key]
        return merged

    def synthesise(self, schema, depth=0, examples=True):
        """A minimal value that satisfies a schema: examples (unless told not to) and enums first,
        then required properties (and declared ones up to minProperties) by type."""
        schema = self.resolve(schema)
        if depth > 10 or not isinstance(schema, dict):
            return None
        if "allOf" in schema:
            schema = self.merged_all_of(schema)
        if examples and "example" in schema:
            return copy.deepcopy(schema["example"])
        if examples and schema.get("examples") and isinstance(schema["examples"], list):
            return copy.deepcopy(schema["examples"][0])
        enum = [v for v in schema.get("enum", []) if v is not None]
        if enum:
            return enum[0]
        if "default" in schema:
            return copy.deepcopy(schema["default"])
        for key in ("oneOf", "anyOf"):
            if schema.get(key):
                return self.synthesise(schema[key][0], depth + 1, examples)
        kind = schema.get("type") or ("object" if "properties" in schema else "array" if "items" in schema else None)
        if kind == "object":
            props = schema.get("properties", {})
            names = list(schema.get("required", []))
            names += [n for n in props if n not in names][: max(0, schema.get("minProperties", 0) - len(names))]
            value = {name: self.synthesise(props.get(name, {"type": "string"}), depth + 1, examples)
                     for name in names}
            extra = schema.get("additionalProperties")
            for i in range(len(value), schema.get("minProperties", 0)):
                value[f"key{i}"] = self.synthesise(extra if isinstance(extra, dict) else {"type": "string"},
                                                   depth + 1, examples)
            return value
        if kind == "array":
            count = max(1, schema.get("minItems", 1))
            return [self.synthesise(schema.get("items", {}), depth + 1, examples) for _ in range(count)]
        if kind == "integer":
            return synth_number(schema, 1)
        if kind == "number":
            return synth_number(schema, 1.5)
        if kind == "boolean":
            return True
        if kind == "string" or kind is None:
            return synth_string(schema)
        return None


QUERY_PROBE = "a+b c&d=e,f/g"   # a free-form query value that needs escaping
PATH_PROBE = "probe id/1"       # a free-form path value that needs escaping (space and slash)


def is_free_string(schema):
    """Whether any string is valid for this schema (no enum, format, pattern or length limits)."""
    return (schema.get("type", "string") == "string"
            and not any(k in schema for k in ("enum", "format", "pattern", "minLength", "maxLength", "example")))


def synth_number(schema, fallback):
    """A number within the schema's bounds."""
    if "minimum" in schema:
        value = schema["minimum"] + (1 if schema.get("exclusiveMinimum") is True else 0)
    elif "exclusiveMinimum" in schema and not isinstance(schema["exclusiveMinimum"], bool):
        value = schema["exclusiveMinimum"] + 1
    else:
        value = fallback
    if "maximum" in schema and value > schema["maximum"]:
        value = schema["maximum"]
    return int(value) if schema.get("type") == "integer" else value


STRING_FORMATS = {
    "date": "2024-01-31",
    "date-time": "2024-01-31T00:00:00Z",
    "email": "user@example.com",
    "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "uri": "https://example.com/x",
    "url": "https://example.com/x",
    "hostname": "example.com",
    "ipv4": "192.0.2.1",
    "byte": base64.b64encode(b"test").decode(),
    "binary": "test",
}


def synth_string(schema):
    """A string that fits the schema's format and length (patterns are not generated)."""
    value = STRING_FORMATS.get(schema.get("format"), "test-value")
    if len(value) < schema.get("minLength", 0):
        value = value + "x" * (schema["minLength"] - len(value))
    if "maxLength" in schema:
        value = value[: schema["maxLength"]]
    return value


# --------------------------------------------------------------------------
# Plans: one command's inputs, as dci argv and as a reference request
# --------------------------------------------------------------------------

def cli_text(value):
    """A value as typed on a command line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


# With --body-as-fields: a JSON object body is given as its field flags
# (`--name x`, a list flag once per item) and the rest as shorthand
# (`"key":<JSON>`), never as --body; the body dci sends must equal it.
BODY_AS_FIELDS = False


def body_fields_argv(command, body):
    """A JSON object body as dci's field flags and shorthand arguments."""
    if not body:
        return ["--body", "{}"]  # no field to give
    flags = {f["field"]: f for f in command["flags"] if "field" in f}
    argv = []
    for key, value in body.items():
        flag = flags.get(key)
        if flag and isinstance(value, list) and value and flag["repeatable"] \
                and all(not isinstance(v, (dict, list)) for v in value):
            for item in value:
                argv += [flag["name"], cli_text(item)]
        elif flag and isinstance(value, bool):
            argv.append(f"{flag['name']}={cli_text(value)}")
        elif flag and not flag["repeatable"] and isinstance(value, (str, int, float)):
            argv += [flag["name"], cli_text(value)]
        else:
            argv.append(json.dumps(key) + ":" + json.dumps(value))
    return argv


class Plan:
    """What the script decided to send for one command: parameter values, body and files."""

    def __init__(self, command):
        self.command = command
        self.name = command["name"]
        self.path_values = {}   # path parameter name -> value
        self.query = []         # (param name, [values]) for query parameters
        self.headers = []       # (header name, value) for header parameters given as flags
        self.argv_args = []     # positional arguments
        self.argv_flags = []    # flags with their values
        self.body = None        # JSON body (a Python value) or None
        self.body_source = None
        self.media_type = None
        self.encoding = {}      # a form body's per-field encoding, as the spec gives it
        self.parts = []         # multipart parts: (name, value, filename or None)
        self.required_headers = []  # spec-required header params dci was left to supply (e.g. Idempotency-Key)
        self.notes = []

    def argv(self, dci, tenant, body_file=None):
        """The dci command line."""
        argv = [dci, "-o", "json", "--retries", "0", "--timeout", "30"] + (["-D", tenant] if tenant else [])
        if self.command["destructive"]:
            argv.append("--yes")
        argv += [self.name] + self.argv_args + self.argv_flags
        if self.body is not None and body_file:
            if BODY_AS_FIELDS and isinstance(self.body, dict):
                argv += body_fields_argv(self.command, self.body)
            else:
                argv += ["--body", "@" + body_file]
        return argv

    def reference_request(self, base_url, tenant, boundary="prism-check-boundary-7f3a"):
        """The same inputs encoded by the spec's rules, as (method, url, headers, body bytes)."""
        path = self.command["path"]
        for name, value in self.path_values.items():
            path = path.replace("{" + name + "}", urllib.parse.quote(cli_text(value), safe=""))
        pairs = [(name, cli_text(v)) for name, values in self.query for v in values]
        url = base_url + path + ("?" + urllib.parse.urlencode(pairs, quote_via=urllib.parse.quote) if pairs else "")
        headers = {"Authorization": f"Bearer {API_KEY}"}
        if tenant:
            headers["X-Tenant-Id"] = tenant
        headers.update(dict(self.headers))
        for name in self.required_headers:
            headers[name] = str(uuid.uuid4())
        data = None
        if self.parts:
            data = multipart_bytes(self.parts, boundary)
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif self.body is not None and self.media_type == "application/x-www-form-urlencoded":
            data = form_bytes(self.body, self.encoding).encode()
            headers["Content-Type"] = self.media_type
        elif self.body is not None:
            data = json.dumps(self.body).encode()
            headers["Content-Type"] = self.media_type
        return self.command["method"], url, headers, data


def form_bytes(body, encoding):
    """An application/x-www-form-urlencoded body by OpenAPI's rules, written apart from the
    generator: each field in its encoding's style (form, exploded by default: a list repeats the
    name; deepObject: brackets, `a[k]=v`, `a[]=v` for a list of scalars, `a[0][k]=v` for objects);
    a nested value without a style as JSON text."""
    pairs = []

    def text(v):
        return json.dumps(v) if isinstance(v, bool) or v is None else v if isinstance(v, str) else \
            json.dumps(v, separators=(",", ":")) if isinstance(v, (dict, list)) else str(v)

    def deep(name, v):
        if isinstance(v, dict):
            for k, x in v.items():
                deep(f"{name}[{k}]", x)
        elif isinstance(v, list) and any(isinstance(x, (dict, list)) for x in v):
            for i, x in enumerate(v):
                deep(f"{name}[{i}]", x)
        elif isinstance(v, list):
            pairs.extend((f"{name}[]", text(x)) for x in v)
        elif v is not None:
            pairs.append((name, text(v)))

    for key, value in (body or {}).items():
        enc = encoding.get(key, {})
        style = enc.get("style", "form")
        explode = enc.get("explode", style == "form")
        if value is None:
            continue
        if style == "deepObject":
            deep(key, value)
        elif isinstance(value, list) and not explode:
            pairs.append((key, {"spaceDelimited": " ", "pipeDelimited": "|"}.get(style, ",").join(text(x) for x in value)))
        elif isinstance(value, list):
            pairs.extend((key, text(x)) for x in value)
        else:
            pairs.append((key, text(value)))
    return urllib.parse.urlencode(pairs)


def multipart_bytes(parts, boundary):
    """A multipart/form-data body (RFC 7578) for (name, value, filename) parts."""
    out = []
    for name, value, filename in parts:
        out.append(f"--{boundary}\r\n".encode())
        if filename:
            out.append(f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                       "Content-Type: text/csv\r\n\r\n".encode())
        else:
            out.append(f'Content-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        out.append(value if isinstance(value, bytes) else cli_text(value).encode())
        out.append(b"\r\n")
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out)


def body_candidates(spec, op, media_type):
    """Bodies to try, best first: the media type's example, its named examples, the schema's, a synthesised one."""
    body = spec.resolve(op.get("requestBody", {}))
    content = body.get("content", {}).get(media_type, {})
    schema = spec.resolve(content.get("schema", {}))
    candidates = []
    if "example" in content:
        candidates.append(("spec example", content["example"]))
    for key, example in (content.get("examples") or {}).items():
        example = spec.resolve(example)
        if "value" in example:
            candidates.append((f"spec example '{key}'", example["value"]))
    if "example" in schema:
        candidates.append(("schema example", schema["example"]))
    candidates.append(("synthesised from the schema", spec.synthesise(schema)))
    candidates.append(("synthesised from the schema, examples ignored", spec.synthesise(schema, examples=False)))
    unique = []
    for source, value in candidates:
        if all(value != seen for _, seen in unique):
            unique.append((source, value))
    return unique


def build_plans(command, spec, tenant, csv_path, all_flags=False):
    """The plans for a command: one per body candidate (a single plan when there is no JSON body).
    With all_flags, every optional parameter flag is given too, not only the required ones."""
    op, params = spec.operation(command["method"], command["path"])
    base = Plan(command)
    by_norm = {(norm(p["name"]), p["in"]): p for p in params}

    # Path arguments only: a JSON body's FIELD:VALUE shorthand is not given here
    # (the body goes as --body).
    for arg in (a for a in command["arguments"] if a["type"] != "shorthand"):
        param = by_norm.get((norm(arg["name"]), "path"))
        free = param and "example" not in param and not param.get("examples") \
            and is_free_string(spec.resolve(param.get("schema", {})))
        value = PATH_PROBE if free or not param else spec.example_for_param(param)
        base.path_values[param["name"] if param else arg["name"]] = value
        base.argv_args.append(cli_text(value))

    body_spec = command.get("body") or {}
    media_type = body_spec.get("media_type")
    multipart = media_type == "multipart/form-data"
    part_schema = {}
    if multipart:
        content = spec.resolve(op.get("requestBody", {})).get("content", {}).get(media_type, {})
        part_schema = spec.resolve(content.get("schema", {})).get("properties", {})

    for flag in command["flags"]:
        name = flag["name"]
        if name in ("--body", "--all", "--raw") or name == "--dry-run" and is_own_dry_run(flag):
            continue
        if "field" in flag:  # a JSON body's field: the body goes whole as --body
            continue
        key = norm(name)
        param = next((p for (n, _), p in by_norm.items() if n == key), None)
        if multipart and param is None:
            prop_name = next((p for p in part_schema if norm(p) == key), name[2:])
            if flag["type"] == "file":
                base.argv_flags += [name, csv_path]
                base.parts.append((prop_name, CSV_TEXT.encode(), os.path.basename(csv_path)))
            else:
                value = spec.synthesise(part_schema.get(prop_name, {"type": "string"}))
                base.argv_flags += [name, cli_text(value)]
                base.parts.append((prop_name, value, None))
            continue
        if param is None:
            if flag["required"]:
                value = (flag.get("values") or [flag.get("default") or "test-value"])[0]
                base.argv_flags += [name, value]
                base.notes.append(f"{name} matches no spec parameter")
            continue
        wanted = flag["required"] or (flag["repeatable"] and param["in"] == "query") or all_flags
        if param.get("required") and param["in"] == "header" and not flag["required"] and not all_flags:
            base.required_headers.append(param["name"])  # dci should supply it itself
            continue
        if not wanted:
            continue
        if flag["type"] == "boolean" and not flag["repeatable"]:
            base.argv_flags.append(name)
            values = [True]
        elif flag["repeatable"]:
            values = spec.array_values_for_param(param)
            for v in values:
                base.argv_flags += [name, cli_text(v)]
        else:
            values = [spec.example_for_param(param)]
            base.argv_flags += [name, cli_text(values[0])]
        if param["in"] == "query":
            # A list the spec spells joined (form without explode, space- or
            # pipe-delimited) is one value in the reference request.
            style, explode = param.get("style", "form"), param.get("explode", param.get("style", "form") == "form")
            joiner = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(style, ",")
            if flag["repeatable"] and not explode and style in ("form", "spaceDelimited", "pipeDelimited"):
                values = [joiner.join(cli_text(v) for v in values)]
            base.query.append((param["name"], values))
        elif param["in"] == "header":
            base.headers.append((param["name"], cli_text(values[0])))
        elif param["in"] == "path":
            base.path_values[param["name"]] = values[0]

    if multipart:
        base.media_type = media_type
        base.body_source = "multipart parts from a temporary CSV file"
        return [base]
    if media_type and any(f["name"] == "--body" for f in command["flags"]):
        plans = []
        for source, value in body_candidates(spec, op, media_type):
            plan = copy.deepcopy(base)
            plan.body, plan.body_source, plan.media_type = value, source, media_type
            content = spec.resolve(op.get("requestBody", {})).get("content", {}).get(media_type, {})
            plan.encoding = content.get("encoding", {})
            plans.append(plan)
        return plans
    return [base]


# --------------------------------------------------------------------------
# Running: dci through the relay, the reference request, violations
# --------------------------------------------------------------------------

class Attempt:
    """One run of one plan: dci's exchanges and exit code, and the reference exchange when one was needed."""

    def __init__(self, plan, argv):
        self.plan, self.argv = plan, argv
        self.exit_code, self.stderr, self.stdout = None, "", ""
        self.exchanges, self.reference = [], None
        self.outcome = None      # accepted | refused | not-sent | failed-after-accept
        self.findings = []       # (fault: "dci"|"input", category, violation text)
        self.notes = []          # how an accepted request differs from the reference one


def dci_env(base_url, home, names=None):
    """The environment for the tool: the relay as API base URL, a test key (and the same test
    secret for each other credential variable), no proxies, no user config. `names` gives the
    tool's variables (base_url, key, credentials); dci's by default."""
    names = names or {"base_url": "DCI_API_BASE_URL", "key": "DCI_API_KEY", "credentials": []}
    prefix = names["base_url"].split("_")[0] + "_"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DCI_", prefix)) and k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
    env.update({names["base_url"]: base_url, names["key"]: API_KEY}, NO_PROXY="127.0.0.1,localhost",
               HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"))
    env.update({name: API_KEY for name in names["credentials"]})
    return env


def run_dci(argv, env, relay, cwd=None):
    """Runs dci (in `cwd`); returns (exit code, stdout, stderr, exchanges it made)."""
    relay.take()
    try:
        done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=COMMAND_TIMEOUT,
                              stdin=subprocess.DEVNULL, cwd=cwd)
        code, out, err = done.returncode, done.stdout, done.stderr
    except subprocess.TimeoutExpired:
        code, out, err = None, "", f"timed out after {COMMAND_TIMEOUT}s"
    time.sleep(0.02)  # let the relay thread file the last exchange
    return code, out, err, relay.take()


def send_reference(plan, relay, tenant):
    """Sends the plan's reference request through the relay and returns its exchange."""
    method, url, headers, data = plan.reference_request(f"http://127.0.0.1:{relay.port}", tenant)
    relay.take()
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        urllib.request.urlopen(request, timeout=COMMAND_TIMEOUT).read()
    except urllib.error.HTTPError as e:
        e.read()
    except (OSError, http.client.HTTPException):
        pass  # the relay recorded what Prism did (no answer is a finding, not a crash)
    time.sleep(0.02)
    exchanges = relay.take()
    return exchanges[-1] if exchanges else None


def violations(exchange):
    """Prism's request violations for an exchange: [(location, code, message)], from sl-violations or the body."""
    if exchange.status is None:
        return [(("status",), "none", "Prism gave no answer")]
    found = []
    header = exchange.header("sl-violations", response=True)
    if header:
        text = header[len("Too many violations! "):] if header.startswith("Too many") else header
        try:
            for v in json.loads(text):
                if v.get("location", [""])[0] == "request" and v.get("severity") == "Error":
                    found.append((tuple(v["location"][1:]), str(v.get("code")), v.get("message", "")))
        except ValueError:
            found.append((("unknown",), "unparsed", header[:300]))
    if not found and exchange.status is not None and exchange.status >= 400:
        problem = {}
        try:
            problem = json.loads(exchange.response_body or b"{}")
        except ValueError:
            pass
        for v in problem.get("validation", []) if isinstance(problem, dict) else []:
            found.append((tuple(v.get("location", [])), str(v.get("code")), v.get("message", "")))
        if not found:
            kind = str(problem.get("type", "")).rsplit("#", 1)[-1] if isinstance(problem, dict) else ""
            detail = problem.get("detail") or problem.get("title") if isinstance(problem, dict) else None
            found.append((("status",), str(exchange.status), f"{kind or 'HTTP ' + str(exchange.status)}: "
                                                              f"{detail or exchange.response_body[:200]!r}"))
    return found


def response_violations(exchange):
    """Prism's complaints about its own (spec-example) response: where the spec contradicts itself."""
    header = exchange.header("sl-violations", response=True) or ""
    try:
        found = json.loads(header[len("Too many violations! "):] if header.startswith("Too many") else header)
    except ValueError:
        return []
    return [render((tuple(v["location"][1:]), v.get("code"), v.get("message", "")))
            for v in found if v.get("location", [""])[0] == "response"]


def category(location, code, plan):
    """Where a dci-only violation sits, as a fault category."""
    where = location[0] if location else ""
    if code == "415":
        return "content type"
    if code == "401":
        return "headers (credentials)"
    if where == "status":
        return {"404": "path encoding / routing", "405": "method", "406": "headers (accept)",
                "401": "headers (credentials)", "415": "content type"}.get(code, "other")
    if where == "header":
        return "headers"
    if where == "query":
        return "query style"
    if where == "path":
        return "path encoding"
    if where == "body":
        return "multipart" if plan.parts else "body"
    return "other"


def path_segments(path):
    """A request path as its decoded segments: `a%2Fb` stays one segment, unlike `a/b`."""
    return [urllib.parse.unquote(segment) for segment in path.split("/")]


def render(violation):
    """A violation as one line: [location] code: message."""
    location, code, message = violation
    return f"[{'.'.join(location)}] {code}: {message}"


def differences(dci, ref, plan):
    """How dci's request differs from the reference one: the evidence behind a dci fault."""
    diffs = []
    if dci.method != ref.method:
        diffs.append(f"method {dci.method} (reference {ref.method})")
    if path_segments(dci.path()) != path_segments(ref.path()):
        diffs.append(f"path {dci.path()} (reference {ref.path()})")
    if dci.query() != ref.query():
        diffs.append(f"query {dci.query()} (reference {ref.query()})")
    dct, rct = (dci.header("content-type") or ""), (ref.header("content-type") or "")
    if dct.split(";")[0].strip().lower() != rct.split(";")[0].strip().lower():
        diffs.append(f"content-type {dct or 'none'!r} (reference {rct or 'none'!r})")
    missing = {n.lower() for n in plan.required_headers} | {n.lower() for n, _ in plan.headers}
    if TENANT_HEADER:
        missing.add("x-tenant-id")
    missing -= dci.header_names()
    if missing:
        diffs.append(f"headers missing: {sorted(missing)}")
    if plan.parts:
        got, want = multipart_summary(dci), multipart_summary(ref)
        if got != want:
            diffs.append(f"multipart parts {got} (reference {want})")
    elif plan.body is not None and plan.media_type == "application/x-www-form-urlencoded":
        got = urllib.parse.parse_qsl((dci.body or b"").decode("utf-8", "replace"), keep_blank_values=True)
        want = urllib.parse.parse_qsl((ref.body or b"").decode("utf-8", "replace"), keep_blank_values=True)
        if sorted(got) != sorted(want):
            diffs.append(f"form body {got[:12]} (reference {want[:12]})")
    elif plan.body is not None:
        try:
            sent = json.loads(dci.body or b"null")
        except ValueError:
            sent = dci.body[:200].decode("utf-8", "replace")
        if sent != plan.body:
            diffs.append(f"body {json.dumps(sent)[:300]} (given {json.dumps(plan.body)[:300]})")
    return diffs


def multipart_summary(exchange):
    """The parts of a multipart request as [(name, filename, content)], or a reason it cannot be parsed."""
    ctype = exchange.header("content-type") or ""
    match = re.search(r'boundary="?([^";]+)"?', ctype)
    if not match:
        return f"no boundary in {ctype!r}"
    parts = []
    for chunk in exchange.body.split(b"--" + match.group(1).encode())[1:]:
        if chunk.startswith(b"--"):
            break
        head, _, content = chunk.strip(b"\r\n").partition(b"\r\n\r\n")
        disposition = head.decode("latin-1")
        name = re.search(r'name="([^"]*)"', disposition)
        filename = re.search(r'filename="([^"]*)"', disposition)
        parts.append((name.group(1) if name else None, filename.group(1) if filename else None,
                      content.decode("utf-8", "replace")))
    return sorted(parts, key=lambda p: str(p[0]))


def judge(attempt, relay, tenant):
    """Sets an attempt's outcome and findings; the reference request tells dci's faults from the input's."""
    plan = attempt.plan
    exchanges = attempt.exchanges
    refused = [e for e in exchanges if e.status is None or e.status >= 400]
    if not exchanges:
        attempt.outcome = "not-sent"
        attempt.reference = send_reference(plan, relay, tenant)
        ref_ok = attempt.reference is not None and attempt.reference.status < 400
        message = (attempt.stderr.strip().splitlines() or ["(no message)"])[0][:400]
        if ref_ok:
            attempt.findings.append(("dci", "local validation", f"dci exit {attempt.exit_code} without sending, "
                                     f"but Prism accepts the same input: {message}"))
        else:
            ref_v = "; ".join(render(v) for v in violations(attempt.reference)) if attempt.reference else ""
            attempt.findings.append(("input", "not sent", f"dci exit {attempt.exit_code}: {message}"
                                     + (f" (Prism also refuses it: {ref_v})" if ref_v else "")))
        return
    attempt.reference = send_reference(plan, relay, tenant)
    if not refused:
        attempt.outcome = "accepted" if attempt.exit_code == 0 else "failed-after-accept"
        if attempt.reference is not None:
            attempt.notes = differences(exchanges[-1], attempt.reference, plan)
        return
    attempt.outcome = "refused"
    ref_violations = {(v[0], v[1]) for v in violations(attempt.reference)} if attempt.reference else set()
    for exchange in refused:
        for v in violations(exchange):
            if (v[0], v[1]) in ref_violations:
                attempt.findings.append(("input", f"input ({plan.body_source or 'parameter values'})", render(v)))
            else:
                attempt.findings.append(("dci", category(v[0], v[1], plan), render(v)))


def is_own_dry_run(flag):
    """Whether a --dry-run flag is dci's own (print, send nothing) rather than an API parameter of that name."""
    return flag["type"] == "boolean" and flag["help"].startswith("Print the request")


def dry_run(attempt, dci_env_vars, relay):
    """Runs the attempt's command with --dry-run; returns (its output, exchanges it made - there should be none)."""
    if not any(f["name"] == "--dry-run" and is_own_dry_run(f) for f in attempt.plan.command["flags"]):
        return None, []
    code, out, err, exchanges = run_dci(attempt.argv + ["--dry-run"], dci_env_vars, relay)
    return (out + err).strip(), exchanges


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def check_command(command, spec, tenant, tmp, env, relay, dci, verbose, all_flags):
    """Runs a command's plans until one is accepted or shows a dci fault; returns (final attempt, earlier ones)."""
    plans = build_plans(command, spec, tenant, os.path.join(tmp, "events.csv"), all_flags)
    tried = []
    for i, plan in enumerate(plans):
        body_file = None
        if plan.body is not None:
            body_file = os.path.join(tmp, f"body-{command['name']}-{i}.json")
            with open(body_file, "w") as f:
                json.dump(plan.body, f)
        attempt = Attempt(plan, plan.argv(dci, tenant, body_file))
        if verbose:
            print("$ " + shlex.join(["dci"] + attempt.argv[1:]), flush=True)
        attempt.exit_code, attempt.stdout, attempt.stderr, attempt.exchanges = run_dci(attempt.argv, env, relay)
        judge(attempt, relay, tenant)
        if verbose:
            print(f"  -> {attempt.outcome} (exit {attempt.exit_code})"
                  + "".join(f"\n     {fault}: {cat}: {text}" for fault, cat, text in attempt.findings), flush=True)
        tried.append(attempt)
        if attempt.outcome in ("accepted", "failed-after-accept") or any(f[0] == "dci" for f in attempt.findings):
            break
    return tried[-1], tried[:-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", metavar="NAME", action="append", help="check only this command (repeatable)")
    parser.add_argument("--verbose", action="store_true", help="print each dci command line and its outcome")
    parser.add_argument("--all-flags", action="store_true",
                        help="give every optional parameter flag too (booleans, integers, enums, header flags)")
    parser.add_argument("--body-as-fields", action="store_true",
                        help="give each JSON object body as field flags and shorthand, not --body")
    parser.add_argument("--dci", "--tool", dest="dci", default=os.path.join(ROOT, "target", "debug", "dci"),
                        help="the tool's binary (dci, or any tool `codegen generate` wrote)")
    parser.add_argument("--spec", default=SPEC, help="the spec the tool was generated from (DoiT's by default)")
    parser.add_argument("--base-url-env", default="DCI_API_BASE_URL", help="the tool's base URL variable")
    parser.add_argument("--key-env", default="DCI_API_KEY", help="the tool's API key variable")
    parser.add_argument("--credential-env", action="append", default=[], metavar="NAME",
                        help="another credential variable of the tool, given the test secret (repeatable)")
    parser.add_argument("--report", default=os.path.join(PRISM_DIR, "report.json"), help="where to write the JSON report")
    parser.add_argument("--examples", action="store_true",
                        help="send each command's help examples as written (the catalog's `examples`) instead")
    args = parser.parse_args()
    global BODY_AS_FIELDS
    BODY_AS_FIELDS = args.body_as_fields

    if not os.access(args.dci, os.X_OK):
        print(f"{args.dci} not found: build dci first (cargo build)", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the finally blocks stop Prism
    started = time.time()
    catalog = json.loads(subprocess.run([args.dci, "commands", "--json"], capture_output=True, text=True,
                                        check=True).stdout)
    commands = [c for c in catalog["commands"] if c["method"]]
    if args.only:
        unknown = set(args.only) - {c["name"] for c in commands}
        if unknown:
            print(f"no such API command: {', '.join(sorted(unknown))}", file=sys.stderr)
            return 2
        commands = [c for c in commands if c["name"] in args.only]
    spec = Spec(args.spec)
    # DoiT's customer context is dci's global flag (-D); other tools have none.
    tenant = spec.tenant_example() if os.path.abspath(args.spec) == SPEC else None
    global TENANT_HEADER
    TENANT_HEADER = tenant is not None
    prism = ensure_prism()
    os.makedirs(PRISM_DIR, exist_ok=True)

    results = []
    with tempfile.TemporaryDirectory(prefix="prism-check-") as tmp, \
            PrismServer(prism, args.spec, os.path.join(PRISM_DIR, "prism.log")) as server, \
            Relay(server.port) as relay:
        with open(os.path.join(tmp, "events.csv"), "w") as f:
            f.write(CSV_TEXT)
        names = {"base_url": args.base_url_env, "key": args.key_env, "credentials": args.credential_env}
        env = dci_env(f"http://127.0.0.1:{relay.port}", tmp, names)
        print(f"prism on port {server.port} (log {os.path.relpath(server.log_path, ROOT)}); "
              f"checking {len(commands)} commands", file=sys.stderr)
        if args.examples:
            return check_examples(commands, env, relay, args, tmp)
        for n, command in enumerate(commands, 1):
            if not args.verbose and n % 20 == 0:
                print(f"  {n}/{len(commands)}", file=sys.stderr)
            final, earlier = check_command(command, spec, tenant, tmp, env, relay, args.dci, args.verbose,
                                           args.all_flags)
            dry_output, leaked = dry_run(final, env, relay)
            results.append((command, final, earlier, dry_output, leaked))

    return report(results, args, time.time() - started)


def check_examples(commands, env, relay, args, tmp):
    """Sends every example of every command as its help writes it (`--yes` added, `@FILE` a
    small CSV file); prints how many Prism accepted and the violations of the others; exits 0
    when Prism accepted all of them."""
    with open(os.path.join(tmp, "FILE"), "w") as f:
        f.write(CSV_TEXT)
    accepted, refused = 0, []
    for command in commands:
        lines = [e["command"] for e in command.get("examples") or []] or [command["example"]]
        for line in lines:
            argv = [args.dci] + shlex.split(line)[1:] + ["--yes"]
            code, _, err, exchanges = run_dci(argv, env, relay, cwd=tmp)
            found = [render(v) for x in exchanges for v in violations(x)]
            if code == 0 and exchanges and not found:
                accepted += 1
            else:
                refused.append((line, code, found or [err.strip()[:300]]))
            if args.verbose:
                print(f"$ {line}\n  -> exit {code}; {'; '.join(found) or 'accepted'}", flush=True)
    total = accepted + len(refused)
    print(f"{accepted} of {total} examples accepted by Prism")
    for line, code, found in refused:
        print(f"- {line}\n  exit {code}: " + "\n    ".join(found))
    return 0 if not refused else 1


def report(results, args, elapsed):
    """Prints the summary and writes the JSON report; returns the exit code."""
    sent = [r for r in results if r[1].exchanges]
    accepted = [r for r in results if r[1].outcome in ("accepted", "failed-after-accept")]
    refused = [r for r in results if r[1].outcome == "refused"]
    not_sent = [r for r in results if r[1].outcome == "not-sent"]
    after_accept = [r for r in results if r[1].outcome == "failed-after-accept"]
    leaks = [r for r in results if r[4]]
    dci_faults = [r for r in results if any(f[0] == "dci" for f in r[1].findings) or r[1].notes]

    print(f"\n{len(results)} commands: {len(sent)} sent, {len(accepted)} accepted by Prism, {len(refused)} refused, "
          f"{len(not_sent)} not sent (dci refused the input itself)   [{elapsed:.0f}s]")

    def show(title, rows, with_evidence):
        if not rows:
            return
        print(f"\n{title}")
        for command, attempt, earlier, dry_output, _ in rows:
            print(f"  {command['name']}  ({command['method']} {command['path']}; body: {attempt.plan.body_source or '-'}"
                  f"; exit {attempt.exit_code})")
            for fault, cat, text in attempt.findings:
                print(f"    {'DCI' if fault == 'dci' else 'input'} [{cat}] {text}")
            if with_evidence and any(f[0] == "dci" for f in attempt.findings):
                for exchange in attempt.exchanges[-1:]:
                    print("    dci sent:\n" + indent(exchange.describe(), 6))
                    if attempt.reference:
                        for diff in differences(exchange, attempt.reference, attempt.plan):
                            print(f"    differs from the reference request: {diff}")
                if dry_output:
                    print("    dci --dry-run:\n" + indent(dry_output, 6))
            if args.verbose:
                print("    $ " + shlex.join(["dci"] + attempt.argv[1:]))

    show("Refused, dci's fault:", [r for r in refused if any(f[0] == "dci" for f in r[1].findings)], True)
    show("Refused, input problems (the synthesised input or the spec's example):",
         [r for r in refused if not any(f[0] == "dci" for f in r[1].findings)], False)
    show("Not sent, dci's fault (Prism accepts what dci refused):",
         [r for r in not_sent if any(f[0] == "dci" for f in r[1].findings)], True)
    show("Not sent, input problems:", [r for r in not_sent if not any(f[0] == "dci" for f in r[1].findings)], False)
    if after_accept:
        print("\nAccepted by Prism, but dci then failed (response handling, not request encoding):")
        for command, attempt, *_ in after_accept:
            message = (attempt.stderr.strip().splitlines() or ["(no message)"])[0][:300]
            print(f"  {command['name']}: exit {attempt.exit_code}: {message}")
            for text in response_violations(attempt.exchanges[-1])[:5]:
                print(f"    Prism says its mocked response (the spec's example) violates the spec: {text}")
    if leaks:
        print("\n--dry-run reached the server (dci's fault):")
        for command, attempt, _, _, leaked in leaks:
            print(f"  {command['name']}: {len(leaked)} request(s), e.g. {leaked[0].method} {leaked[0].target}"
                  f" -> {leaked[0].status}")
    differing = [(r[0]["name"], r[1]) for r in results if r[1].notes]
    if differing:
        print("\nAccepted by Prism, but dci's request differs from the spec's encoding (dci's fault; Prism tolerates it):")
        for name, attempt in differing:
            for note in attempt.notes:
                print(f"  {name}: {note}")
    clashes = [r[0]["name"] for r in results
               if any(f["name"] == "--dry-run" and not is_own_dry_run(f) for f in r[0]["flags"])]
    if clashes:
        print("\n--dry-run here is the API's dryRun parameter, so dci's own dry run is unavailable: "
              + ", ".join(clashes))
    examples = [(r[0]["name"], a) for r in results for a in r[2]]
    if examples:
        print("\nEarlier bodies Prism refused before a later candidate was tried (spec examples that fail their schema):")
        for name, attempt in examples:
            texts = "; ".join(t for _, _, t in attempt.findings)
            print(f"  {name} ({attempt.plan.body_source}): {texts[:400]}")

    failed = bool(dci_faults or leaks)
    blamed_on_input = [r for r in refused + not_sent if not any(f[0] == "dci" for f in r[1].findings)]
    print(f"\n{'FAIL' if failed else 'OK'}: {len(dci_faults)} command(s) with a dci fault in what it sends"
          f"{f', {len(leaks)} --dry-run leak(s)' if leaks else ''}; "
          f"{len(blamed_on_input)} refusal(s) blamed on the input")
    summary = {"commands": len(results), "sent": len(sent), "accepted": len(accepted),
               "tool_faults": len(dci_faults) + len(leaks),
               "decoded": len([r for r in results if r[1].outcome == "accepted"])}
    write_json(results, args.report, elapsed, summary)
    print(f"report: {os.path.relpath(args.report, ROOT)}")
    return 1 if failed else 0


def indent(text, n):
    """Text with every line indented by n spaces."""
    return "\n".join(" " * n + line for line in text.splitlines())


def write_json(results, path, elapsed, summary):
    """Writes every command's outcome, findings and requests as JSON."""
    def exchange_json(e):
        return e and {"request": e.describe(4000), "status": e.status,
                      "violations": [render(v) for v in violations(e)] if e.status and e.status >= 400 else []}
    rows = []
    for command, attempt, earlier, dry_output, leaked in results:
        rows.append({
            "command": command["name"], "outcome": attempt.outcome, "exit_code": attempt.exit_code,
            "argv": ["dci"] + attempt.argv[1:], "body_source": attempt.plan.body_source,
            "findings": [{"fault": f, "category": c, "violation": t} for f, c, t in attempt.findings],
            "requests": [exchange_json(e) for e in attempt.exchanges],
            "reference": exchange_json(attempt.reference),
            "differences_from_reference": attempt.notes,
            "earlier_attempts": [{"body_source": a.plan.body_source,
                                  "findings": [t for _, _, t in a.findings]} for a in earlier],
            "dry_run_leaked": [e.describe(400) for e in leaked],
        })
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w") as f:
        json.dump({"elapsed_seconds": round(elapsed, 1), "summary": summary, "commands": rows}, f, indent=1)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
