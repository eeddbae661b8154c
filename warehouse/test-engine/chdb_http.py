"""A ClickHouse HTTP front over chdb (an embedded ClickHouse 26.x engine), for tests.

Speaks the part of ClickHouse's HTTP interface that @clickhouse/client and clickhouse-connect (dbt-clickhouse)
use: GET/HEAD /ping, GET/POST / with the query in `query` or in the body, `database`, `default_format` or a
trailing FORMAT, `param_<name>` query parameters, other URL parameters applied as settings for that request,
INSERT … FORMAT X with the data in the body (any format the engine reads, binary included), the
X-ClickHouse-* response headers, and errors as HTTP 500 with X-ClickHouse-Exception-Code and the
`Code: N. DB::Exception: …` text. Not for production: one chdb Session behind one lock, no auth.

Usage: python chdb_http.py [--host 127.0.0.1] [--port 0] [--path DIR]
Prints `LISTENING http://host:port` on stdout once it accepts connections.
"""

import argparse
import gzip
import json
import os
import re
import sys
import tempfile
import threading
import time
import uuid
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from chdb import session as chdb_session

# URL parameters that are part of the HTTP protocol, not settings.
PROTOCOL_PARAMS = {
    'query', 'database', 'default_format', 'query_id', 'session_id', 'session_timeout', 'session_check',
    'user', 'password', 'quota_key', 'compress', 'decompress', 'buffer_size', 'wait_end_of_query',
    'role', 'stacktrace', 'client_protocol_version',
}
# Settings that only the HTTP layer of a real server knows (chdb rejects them): accepted and ignored.
IGNORED_SETTINGS_PREFIXES = ('http_', 'send_progress_in_http_headers', 'enable_http_compression', 'cancel_http_')

FORMAT_RE = re.compile(r'\bFORMAT\s+([A-Za-z0-9_]+)\s*;?\s*$', re.IGNORECASE)
INSERT_RE = re.compile(r'^\s*INSERT\s', re.IGNORECASE)
SETTINGS_RE = re.compile(r'\sSETTINGS\s', re.IGNORECASE)
CODE_RE = re.compile(r'Code:\s*(\d+)')

CONTENT_TYPES = {
    'JSON': 'application/json; charset=UTF-8',
    'JSONCompact': 'application/json; charset=UTF-8',
    'JSONStrings': 'application/json; charset=UTF-8',
    'JSONEachRow': 'application/x-ndjson; charset=UTF-8',
    'CSV': 'text/csv; charset=UTF-8; header=absent',
    'CSVWithNames': 'text/csv; charset=UTF-8; header=present',
    'TabSeparated': 'text/tab-separated-values; charset=UTF-8',
    'TSV': 'text/tab-separated-values; charset=UTF-8',
}


def content_type(fmt):
    if fmt in CONTENT_TYPES:
        return CONTENT_TYPES[fmt]
    if fmt.startswith('JSON'):
        return 'application/json; charset=UTF-8'
    if fmt.startswith(('TabSeparated', 'TSV', 'CSV', 'Pretty', 'Values', 'Vertical', 'Markdown')):
        return 'text/plain; charset=UTF-8'
    return 'application/octet-stream'


def decompress(body, encoding):
    """Request bodies as clients send them (Content-Encoding)."""
    encoding = (encoding or '').strip().lower()
    if not encoding or encoding == 'identity':
        return body
    if encoding == 'gzip':
        return gzip.decompress(body)
    if encoding == 'deflate':
        return zlib.decompress(body)
    if encoding == 'zstd':
        try:
            from backports import zstd  # type: ignore
        except ImportError:  # Python 3.14 has it in the standard library
            from compression import zstd  # type: ignore
        return zstd.decompress(body)
    if encoding == 'lz4':
        import lz4.frame  # type: ignore
        return lz4.frame.decompress(body)
    raise ValueError(f'unsupported Content-Encoding {encoding}')


def sql_literal(value):
    if re.fullmatch(r'-?\d+(\.\d+)?', value):
        return value
    return "'" + value.replace('\\', '\\\\').replace("'", "\\'") + "'"


class QueryError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


class Engine:
    """One chdb Session; every statement runs under one lock so requests never interleave."""

    def __init__(self, path):
        self.path = path
        self.tmp = os.path.join(path, '_http_tmp')
        os.makedirs(self.tmp, exist_ok=True)
        self.session = chdb_session.Session(os.path.join(path, 'data'))
        self.lock = threading.Lock()
        self.current_db = 'default'
        self.version = self._run('SELECT version()', 'TabSeparated').bytes().decode().strip()

    def _run(self, sql, fmt, params=None):
        try:
            return self.session.query(sql, fmt, params=params or None)
        except Exception as e:  # chdb raises ChdbError/RuntimeError with the server's text
            text = str(e).strip()
            m = CODE_RE.search(text)
            raise QueryError(int(m.group(1)) if m else 1000, text) from None

    def execute(self, sql, fmt, database, params, settings, body):
        with self.lock:
            applied = []
            try:
                if database and database != self.current_db:
                    self._run(f'USE `{database}`', 'TabSeparated')
                    self.current_db = database
                for name, value in settings.items():
                    try:
                        self._run(f'SET {name} = {sql_literal(value)}', 'TabSeparated')
                        applied.append(name)
                    except QueryError:
                        pass  # a setting this engine does not know: ignored, as the docstring says
                return self._execute(sql, fmt, params, body)
            finally:
                for name in applied:
                    try:
                        self._run(f'SET {name} = DEFAULT', 'TabSeparated')
                    except QueryError:
                        pass

    def _execute(self, sql, fmt, params, body):
        if body and INSERT_RE.match(sql):
            m = FORMAT_RE.search(sql)
            if m:
                # Binary-safe: the data goes through a file, as clickhouse-client's FROM INFILE does.
                head = sql[:m.start()].rstrip()
                s = SETTINGS_RE.search(head)
                fd, data_path = tempfile.mkstemp(dir=self.tmp, suffix='.data')
                with os.fdopen(fd, 'wb') as f:
                    f.write(body)
                infile = f" FROM INFILE '{data_path}' "
                rewritten = (head[:s.start()] + infile + head[s.start():] if s else head + infile) + f' FORMAT {m.group(1)}'
                try:
                    return self._run(rewritten, 'TabSeparated', params), 'TabSeparated'
                finally:
                    os.unlink(data_path)
            sql = sql + '\n' + body.decode('utf-8')
        elif body:
            sql = sql + '\n' + body.decode('utf-8')
        m = FORMAT_RE.search(sql)
        effective = m.group(1) if m else fmt
        return self._run(sql, fmt, params), effective


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    server_version = 'chdb-http'
    engine: Engine = None  # set in main()
    timeout = 30

    def log_message(self, fmt, *args):  # quiet; errors are answered to the client
        if os.environ.get('CHDB_HTTP_LOG'):
            sys.stderr.write('chdb_http: ' + (fmt % args) + '\n')

    def _read_body(self):
        if 'chunked' in (self.headers.get('Transfer-Encoding') or '').lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b';')[0].strip() or b'0', 16)
                if size == 0:
                    while self.rfile.readline() not in (b'\r\n', b'\n', b''):
                        pass
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            body = b''.join(chunks)
        else:
            length = int(self.headers.get('Content-Length') or 0)
            body = self.rfile.read(length) if length else b''
        return decompress(body, self.headers.get('Content-Encoding'))

    def _send(self, status, payload, headers):
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header('Content-Length', str(len(payload)))
        self.send_header('Keep-Alive', 'timeout=10')
        self.end_headers()
        if self.command != 'HEAD':
            self.wfile.write(payload)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        self._handle()

    def do_POST(self):
        self._handle()

    def _handle(self):
        url = urlsplit(self.path)
        try:
            body = self._read_body()
        except Exception as e:  # noqa: BLE001 — a malformed or undecodable body
            return self._error(QueryError(1000, f'Code: 1000. DB::Exception: cannot read request body: {e}. (POCO_EXCEPTION)'), {})
        if url.path in ('/ping', '/replicas_status'):
            return self._send(200, b'Ok.\n', {'Content-Type': 'text/html; charset=UTF-8'})
        if url.path not in ('/', ''):
            return self._send(404, b'There is no handle ' + url.path.encode() + b'\n', {'Content-Type': 'text/plain'})
        args = dict(parse_qsl(url.query, keep_blank_values=True))
        query_id = args.get('query_id') or str(uuid.uuid4())
        base_headers = {
            'X-ClickHouse-Query-Id': query_id,
            'X-ClickHouse-Server-Display-Name': 'chdb',
            'X-ClickHouse-Timezone': 'UTC',
        }
        if 'query' in args:
            sql, data = args['query'], body
        else:
            sql, data = body.decode('utf-8'), b''
        if not sql.strip():
            if self.command in ('GET', 'HEAD'):
                return self._send(200, b'Ok.\n', {'Content-Type': 'text/html; charset=UTF-8'})
            return self._error(QueryError(62, 'Code: 62. DB::Exception: Empty query. (SYNTAX_ERROR)'), base_headers)
        params = {k[len('param_'):]: v for k, v in args.items() if k.startswith('param_')}
        settings = {
            k: v for k, v in args.items()
            if k not in PROTOCOL_PARAMS and not k.startswith('param_') and not k.startswith(IGNORED_SETTINGS_PREFIXES)
        }
        fmt = args.get('default_format') or 'TabSeparated'
        started = time.monotonic_ns()
        try:
            result, effective = self.engine.execute(sql, fmt, args.get('database'), params, settings, data)
        except QueryError as e:
            return self._error(e, base_headers)
        payload = result.bytes() or b''
        summary = {
            'read_rows': str(result.rows_read()),
            'read_bytes': str(result.bytes_read()),
            'written_rows': str(result.rows_written()),
            'written_bytes': str(result.bytes_written()),
            'total_rows_to_read': str(result.rows_read()),
            'result_rows': str(result.rows_read()),
            'result_bytes': str(len(payload)),
            'elapsed_ns': str(time.monotonic_ns() - started),
        }
        headers = dict(base_headers)
        headers.update({
            'Content-Type': content_type(effective),
            'X-ClickHouse-Format': effective,
            'X-ClickHouse-Summary': json.dumps(summary),
        })
        self._send(200, payload, headers)

    def _error(self, err, headers):
        text = str(err)
        if 'DB::Exception' not in text:
            text = f'Code: {err.code}. DB::Exception: {text}'
        text = f'{text} (version {self.engine.version})\n'
        h = dict(headers)
        h.update({'Content-Type': 'text/plain; charset=UTF-8', 'X-ClickHouse-Exception-Code': str(err.code)})
        self._send(500, text.encode('utf-8'), h)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--host', default='127.0.0.1')
    ap.add_argument('--port', type=int, default=0)
    ap.add_argument('--path', default=None, help='data directory (default: a new temp dir)')
    a = ap.parse_args()
    path = a.path or tempfile.mkdtemp(prefix='chdb-http-')
    Handler.engine = Engine(path)
    server = ThreadingHTTPServer((a.host, a.port), Handler)
    server.daemon_threads = True
    host, port = server.server_address[:2]
    print(f'LISTENING http://{host}:{port} {path}', flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == '__main__':
    main()
