/**
 * HTTP client of the big-data center's discharge-record API (PROTOCOL.md): bearer tokens fetched with
 * client credentials and renewed before expiry or on a 401, 429 / 5xx / network failures retried with
 * exponential backoff that honours Retry-After.
 */
import { backoffDelay, isTransientError, sleep as defaultSleep } from '../../core/retry.js';
import type { ResolvedBigDataCenterConfig } from './config.js';

/** What tests (and a scheduler that wants to cancel) may inject. */
export interface BigDataCenterDeps {
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

export type BigDataCenterErrorKind = 'config' | 'system' | 'page_token';

/** A failure talking to the center; `kind` tells the caller who has to act. */
export class BigDataCenterError extends Error {
  constructor(
    message: string,
    readonly kind: BigDataCenterErrorKind,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'BigDataCenterError';
  }
}

/** One page of GET /api/v1/discharge-records. */
export interface DischargePage {
  items: unknown[];
  next_page_token: string | null;
  server_time: string;
}

const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);
// renew a token this long before it expires (or at half its life, if that is sooner)
const TOKEN_SKEW_MS = 60_000;

/** Retry-After as seconds or an HTTP date → milliseconds to wait, or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

async function errorBody(res: Response): Promise<string> {
  try {
    const text = await res.text();
    try {
      const body = JSON.parse(text) as { error?: unknown; message?: unknown };
      return [body.error, body.message].filter((x) => typeof x === 'string' && x !== '').join('：') || text.slice(0, 200);
    } catch {
      return text.slice(0, 200);
    }
  } catch {
    return '';
  }
}

/** A session with the center: one token at a time, shared by the requests of a read. */
export class BigDataCenterClient {
  private token?: { value: string; renewAt: number };
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;
  /** Tokens obtained in this session (a 401 or an expiry adds one). */
  tokensIssued = 0;

  constructor(
    private readonly cfg: ResolvedBigDataCenterConfig,
    deps: BigDataCenterDeps = {},
    /** Told about every retry, to be logged. */
    private readonly onRetry: (message: string) => void = () => undefined,
  ) {
    this.fetch = deps.fetch ?? fetch;
    this.sleep = deps.sleep ?? ((ms) => defaultSleep(ms));
    this.now = deps.now ?? Date.now;
    this.random = deps.random ?? Math.random;
  }

  /** One page of discharge records changed since `updatedSince`. */
  async listDischargeRecords(query: { updatedSince?: string; pageToken?: string; pageSize: number }): Promise<DischargePage> {
    const url = new URL('api/v1/discharge-records', this.cfg.baseUrl);
    if (query.updatedSince) url.searchParams.set('updated_since', query.updatedSince);
    url.searchParams.set('page_size', String(query.pageSize));
    if (query.pageToken) url.searchParams.set('page_token', query.pageToken);
    const res = await this.authorized(url);
    if (!res.ok) {
      const detail = await errorBody(res);
      if (res.status === 400 && detail.startsWith('invalid_page_token')) {
        throw new BigDataCenterError(`页令牌已失效（${detail}）`, 'page_token', 400);
      }
      throw this.httpError(res.status, detail);
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      throw new BigDataCenterError('市大数据中心的响应不是 JSON', 'system', res.status);
    }
    const page = body as Partial<DischargePage> | null;
    if (
      !page ||
      !Array.isArray(page.items) ||
      !(page.next_page_token === null || page.next_page_token === undefined || typeof page.next_page_token === 'string') ||
      typeof page.server_time !== 'string' ||
      Number.isNaN(Date.parse(page.server_time))
    ) {
      throw new BigDataCenterError('市大数据中心的响应不符合接口协议（缺少 items、server_time 或 next_page_token）', 'system', res.status);
    }
    return { items: page.items, next_page_token: page.next_page_token ?? null, server_time: page.server_time };
  }

  private httpError(status: number, detail: string): BigDataCenterError {
    if (status === 401 || status === 403) {
      return new BigDataCenterError(`市大数据中心拒绝访问（${status}${detail ? `，${detail}` : ''}），请检查 clientId 的授权`, 'config', status);
    }
    const retried = RETRY_STATUS.has(status) ? `，已重试 ${this.cfg.maxRetries} 次` : '';
    return new BigDataCenterError(`市大数据中心返回 ${status}${detail ? `（${detail}）` : ''}${retried}`, RETRY_STATUS.has(status) ? 'system' : 'config', status);
  }

  // A 401 means the token expired or was revoked early: one new token, one more try.
  private async authorized(url: URL): Promise<Response> {
    let res = await this.send(url, { headers: { authorization: `Bearer ${await this.accessToken(false)}`, accept: 'application/json' } });
    if (res.status !== 401) return res;
    await res.body?.cancel();
    res = await this.send(url, { headers: { authorization: `Bearer ${await this.accessToken(true)}`, accept: 'application/json' } });
    return res;
  }

  private async accessToken(renew: boolean): Promise<string> {
    if (!renew && this.token && this.now() < this.token.renewAt) return this.token.value;
    this.token = undefined;
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: this.cfg.clientId, client_secret: this.cfg.clientSecret });
    const res = await this.send(new URL('oauth/token', this.cfg.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: body.toString(),
    });
    if (!res.ok) {
      const detail = await errorBody(res);
      if (res.status === 400 || res.status === 401) {
        throw new BigDataCenterError(`取令牌失败：clientId 或 clientSecret 不正确（${res.status}${detail ? `，${detail}` : ''}）`, 'config', res.status);
      }
      throw this.httpError(res.status, detail);
    }
    const t = (await res.json().catch(() => null)) as { access_token?: unknown; expires_in?: unknown } | null;
    if (!t || typeof t.access_token !== 'string' || t.access_token === '') {
      throw new BigDataCenterError('取令牌的响应缺少 access_token', 'system', res.status);
    }
    const lifeMs = typeof t.expires_in === 'number' && t.expires_in > 0 ? t.expires_in * 1000 : 300_000;
    this.token = { value: t.access_token, renewAt: this.now() + lifeMs - Math.min(TOKEN_SKEW_MS, lifeMs / 2) };
    this.tokensIssued += 1;
    return t.access_token;
  }

  // Sends once, then again after 429 / 5xx / a network failure, up to maxRetries times.
  private async send(url: URL, init: RequestInit): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      let res: Response | undefined;
      let failure: unknown;
      try {
        res = await this.fetch(url, { ...init, signal: AbortSignal.timeout(this.cfg.timeoutMs) });
      } catch (err) {
        failure = err;
      }
      const retryable = res ? RETRY_STATUS.has(res.status) : isTransientError(failure) || (failure as Error)?.name === 'TimeoutError';
      if (!retryable || attempt > this.cfg.maxRetries) {
        if (res) return res;
        const e = failure as Error & { cause?: { code?: string } };
        const why = e?.name === 'TimeoutError' ? `请求超时（${this.cfg.timeoutMs} 毫秒）` : `${e?.cause?.code ?? e?.message ?? String(failure)}`;
        throw new BigDataCenterError(`无法连接市大数据中心：${why}${retryable ? `，已重试 ${this.cfg.maxRetries} 次` : ''}`, 'system');
      }
      const asked = res ? parseRetryAfter(res.headers.get('retry-after'), this.now()) : undefined;
      const backoff = backoffDelay(attempt, { baseDelayMs: this.cfg.retryBaseDelayMs, maxDelayMs: this.cfg.retryMaxDelayMs });
      const delay = Math.min(this.cfg.retryMaxDelayMs, asked ?? Math.round(backoff / 2 + (this.random() * backoff) / 2));
      await res?.body?.cancel();
      this.onRetry(
        `${url.pathname} ${res ? `返回 ${res.status}` : '连接失败'}，${asked !== undefined ? '按 Retry-After ' : ''}等待 ${delay} 毫秒后第 ${attempt} 次重试`,
      );
      await this.sleep(delay);
    }
  }
}
