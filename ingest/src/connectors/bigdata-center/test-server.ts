/**
 * A stand-in for the big-data center speaking PROTOCOL.md, for tests and local demos: client-credential
 * tokens that expire (by time or by use), snapshot paging, and scripted 429 / 5xx failures.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Fault {
  status: number;
  retryAfter?: string;
}

export interface BigDataTestServerOptions {
  clientId?: string;
  clientSecret?: string;
  /** `expires_in` of each token; default 3600. */
  tokenLifetimeSeconds?: number;
  /** Each token serves this many API requests, then gets 401 (revoked early); default unlimited. */
  tokenMaxUses?: number;
  /** Failures of the n-th request (1-based, retries counted) to /api/v1/discharge-records. */
  recordFaults?: Record<number, Fault>;
  /** Failures of the n-th request to /oauth/token. */
  tokenFaults?: Record<number, Fault>;
}

export interface BigDataTestServer {
  url: string;
  /** Adds or replaces a record (keyed by org_code|record_no|admission_seq); it gets a fresh updated_at. */
  upsert(item: Record<string, unknown>): void;
  /** Every request: path, status. */
  readonly requests: { path: string; status: number }[];
  readonly tokensIssued: number;
  /** Makes every page token issued so far invalid (400 invalid_page_token). */
  invalidatePageTokens(): void;
  close(): Promise<void>;
}

interface Stored {
  key: string;
  updatedAt: number;
  data: Record<string, unknown>;
}

interface PageCursor {
  since: number | null;
  until: number;
  afterTs: number;
  afterKey: string;
  epoch: number;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the server on 127.0.0.1 at a free port. */
export async function startBigDataTestServer(options: BigDataTestServerOptions = {}): Promise<BigDataTestServer> {
  const clientId = options.clientId ?? 'qc-platform';
  const clientSecret = options.clientSecret ?? 'center-secret';
  const lifetime = options.tokenLifetimeSeconds ?? 3600;
  const tokens = new Map<string, { expiresAt: number; uses: number }>();
  const records = new Map<string, Stored>();
  const requests: { path: string; status: number }[] = [];
  let tokensIssued = 0;
  let recordRequests = 0;
  let tokenRequests = 0;
  let epoch = 0;
  let last = 0;
  // strictly increasing, so every change gets its own instant
  const now = (): number => (last = Math.max(Date.now(), last + 1));

  const fault = (faults: Record<number, Fault> | undefined, n: number, res: ServerResponse): boolean => {
    const f = faults?.[n];
    if (!f) return false;
    send(res, f.status, { error: f.status === 429 ? 'rate_limited' : 'unavailable' }, f.retryAfter ? { 'retry-after': f.retryAfter } : {});
    return true;
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const done = (status: number): void => void requests.push({ path: url.pathname, status });
    res.on('finish', () => done(res.statusCode));
    void (async () => {
      if (req.method === 'POST' && url.pathname === '/oauth/token') {
        if (fault(options.tokenFaults, ++tokenRequests, res)) return;
        const form = new URLSearchParams(await readBody(req));
        if (form.get('grant_type') !== 'client_credentials') return send(res, 400, { error: 'invalid_request' });
        if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) return send(res, 401, { error: 'invalid_client' });
        const token = randomBytes(16).toString('hex');
        tokens.set(token, { expiresAt: Date.now() + lifetime * 1000, uses: 0 });
        tokensIssued += 1;
        return send(res, 200, { access_token: token, token_type: 'Bearer', expires_in: lifetime });
      }
      if (req.method === 'GET' && url.pathname === '/api/v1/discharge-records') {
        if (fault(options.recordFaults, ++recordRequests, res)) return;
        const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        const t = bearer ? tokens.get(bearer) : undefined;
        if (!t || t.expiresAt <= Date.now() || (options.tokenMaxUses !== undefined && t.uses >= options.tokenMaxUses)) {
          return send(res, 401, { error: 'invalid_token' }, { 'www-authenticate': 'Bearer error="invalid_token"' });
        }
        t.uses += 1;
        const size = Number(url.searchParams.get('page_size') ?? 500);
        if (!Number.isInteger(size) || size < 1 || size > 1000) return send(res, 400, { error: 'invalid_request', message: 'page_size 应为 1–1000' });
        let cursor: PageCursor;
        const token = url.searchParams.get('page_token');
        if (token) {
          try {
            cursor = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as PageCursor;
          } catch {
            return send(res, 400, { error: 'invalid_page_token' });
          }
          if (cursor.epoch !== epoch) return send(res, 400, { error: 'invalid_page_token' });
        } else {
          const sinceText = url.searchParams.get('updated_since');
          const since = sinceText === null ? null : Date.parse(sinceText);
          if (Number.isNaN(since)) return send(res, 400, { error: 'invalid_request', message: 'updated_since 不是有效时间' });
          cursor = { since, until: now(), afterTs: -1, afterKey: '', epoch };
        }
        const matching = [...records.values()]
          .filter((r) => (cursor.since === null || r.updatedAt >= cursor.since) && r.updatedAt < cursor.until)
          .filter((r) => r.updatedAt > cursor.afterTs || (r.updatedAt === cursor.afterTs && r.key > cursor.afterKey))
          .sort((a, b) => a.updatedAt - b.updatedAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
        const page = matching.slice(0, size);
        const lastItem = page.at(-1);
        const next =
          matching.length > size && lastItem
            ? Buffer.from(JSON.stringify({ ...cursor, afterTs: lastItem.updatedAt, afterKey: lastItem.key })).toString('base64url')
            : null;
        return send(res, 200, {
          items: page.map((r) => ({ ...r.data, updated_at: new Date(r.updatedAt).toISOString() })),
          next_page_token: next,
          server_time: new Date(cursor.until).toISOString(),
        });
      }
      send(res, 404, { error: 'not_found' });
    })().catch((err: unknown) => send(res, 500, { error: 'internal', message: String(err) }));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    upsert(item) {
      const key = `${String(item.org_code)}|${String(item.record_no)}|${String(item.admission_seq)}`;
      records.set(key, { key, updatedAt: now(), data: { ...item } });
    },
    requests,
    get tokensIssued() {
      return tokensIssued;
    },
    invalidatePageTokens() {
      epoch += 1;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
