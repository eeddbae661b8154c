/**
 * The big-data center source against a real HTTP server speaking PROTOCOL.md (bigdata-center/test-server.ts):
 * tokens revoked mid-read, a 429 with Retry-After and a 503, pagination, and incremental rounds.
 */
import type { AirbyteMessage, ConfiguredAirbyteCatalog } from '../src/core/protocol.js';
import { createBigDataCenterSource, parseRetryAfter, type BigDataCenterConfig } from '../src/connectors/bigdata-center/index.js';
import { startBigDataTestServer, type BigDataTestServer } from '../src/connectors/bigdata-center/test-server.js';
import { buildDischargeInput } from './factories.js';

async function collect(it: AsyncIterable<AirbyteMessage>): Promise<AirbyteMessage[]> {
  const out: AirbyteMessage[] = [];
  for await (const m of it) out.push(m);
  return out;
}
const records = (ms: AirbyteMessage[]) => ms.flatMap((m) => (m.type === 'RECORD' ? [m.record.data] : []));
const keys = (ms: AirbyteMessage[]) => records(ms).map((r) => r.record_key as string);
const rejects = (ms: AirbyteMessage[]) => ms.flatMap((m) => (m.type === 'TRACE' && m.trace.type === 'ROW_REJECTED' ? [m.trace.rejected] : []));
const states = (ms: AirbyteMessage[]) => ms.flatMap((m) => (m.type === 'STATE' ? [m.state.stream.stream_state] : []));
const warnings = (ms: AirbyteMessage[]) => ms.flatMap((m) => (m.type === 'LOG' && m.log.level === 'WARN' ? [m.log.message] : []));
const json = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

const ORG = '450201001';
const key = (no: string) => `${ORG}|${no}|1`;

function seed(server: BigDataTestServer, nos: string[]): void {
  for (const no of nos) {
    // BA0005 is wrong at the source: an unknown sex code
    server.upsert(buildDischargeInput({ record_no: no, admission_seq: 1, ...(no === 'BA0005' ? { sex: '7' } : {}) }));
  }
}

describe('bigdata-center against its protocol test server', () => {
  let server: BigDataTestServer;
  let config: BigDataCenterConfig;
  const sleeps: number[] = [];
  // no real waiting; the delays asked for are recorded
  const source = createBigDataCenterSource({ sleep: async (ms) => void sleeps.push(ms) });
  let catalog: ConfiguredAirbyteCatalog;

  beforeAll(async () => {
    server = await startBigDataTestServer({
      // a token serves two requests, then is refused: the read must renew it mid-way
      tokenMaxUses: 2,
      // 1st records request: 429 with Retry-After 2 s; 4th: 503 without it
      recordFaults: { 1: { status: 429, retryAfter: '2' }, 4: { status: 503 } },
    });
    seed(server, ['BA0001', 'BA0002', 'BA0003', 'BA0004', 'BA0005', 'BA0006', 'BA0007']);
    config = {
      baseUrl: server.url,
      clientId: 'qc-platform',
      clientSecret: 'center-secret',
      pageSize: 3,
      retryBaseDelayMs: 100,
      patientKeySecret: 'test-secret-0123456789',
    };
    const discovered = await source.discover(config);
    catalog = { streams: [{ stream: discovered.streams[0]!, sync_mode: 'incremental', destination_sync_mode: 'append_dedup' }] };
  });
  afterAll(async () => {
    await server?.close();
  });

  it('reads every record exactly once through a 429, a 503 and a revoked token, then only what changed', async () => {
    const first = await collect(source.read(config, catalog));
    expect(keys(first)).toEqual(['BA0001', 'BA0002', 'BA0003', 'BA0004', 'BA0006', 'BA0007'].map(key));
    expect(new Set(keys(first)).size).toBe(6);
    expect(rejects(first)).toEqual([expect.objectContaining({ stream: 'discharge_records', row: 5, field: '性别' })]);
    expect(rejects(first)[0]!.message).toContain('病案号 BA0005');

    // Retry-After honoured for the 429; backoff (≤ 2 × base) for the 503
    expect(sleeps[0]).toBe(2000);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[1]).toBeLessThanOrEqual(100);
    expect(warnings(first).join('\n')).toMatch(/返回 429，按 Retry-After 等待 2000 毫秒/);
    expect(warnings(first).join('\n')).toMatch(/返回 503/);
    // the refused token was replaced once
    expect(server.tokensIssued).toBe(2);
    expect(server.requests.filter((r) => r.status === 401)).toHaveLength(1);

    const rec = records(first)[0]!;
    expect(rec).not.toHaveProperty('patient_name');
    expect(rec).not.toHaveProperty('id_card_no');
    expect(rec).not.toHaveProperty('updated_at');
    expect(rec.patient_key).toMatch(/^[0-9a-f]{64}$/);
    expect(rec._source).toBe('bigdata-center');

    // a STATE after each page: mid-round ones carry the page token and the round's high-water mark
    const st = states(first);
    expect(st).toHaveLength(3);
    expect(st[0]).toEqual({ page_token: expect.any(String), next_updated_since: expect.any(String) });
    expect(st[2]).toEqual({ updated_since: st[0]!.next_updated_since });

    // a restart after the first page reads the rest of the round only
    const resumed = await collect(source.read(config, catalog, { discharge_records: json(st[0]!) }));
    expect(keys(resumed)).toEqual(['BA0004', 'BA0006', 'BA0007'].map(key));
    expect(states(resumed).at(-1)).toEqual(st[2]);

    // nothing changed: nothing comes back
    const idle = await collect(source.read(config, catalog, { discharge_records: json(st[2]!) }));
    expect(records(idle)).toHaveLength(0);
    expect(rejects(idle)).toHaveLength(0);

    // two records change at the center, one is added
    server.upsert(buildDischargeInput({ record_no: 'BA0002', admission_seq: 1, los_days: '9' }));
    server.upsert(buildDischargeInput({ record_no: 'BA0005', admission_seq: 1, sex: '2' }));
    server.upsert(buildDischargeInput({ record_no: 'BA0008', admission_seq: 1 }));
    const second = await collect(source.read(config, catalog, { discharge_records: json(states(idle).at(-1)!) }));
    expect(keys(second)).toEqual(['BA0002', 'BA0005', 'BA0008'].map(key));
    expect(records(second)[0]!.los_days).toBe(9);
    expect(rejects(second)).toHaveLength(0);

    const third = await collect(source.read(config, catalog, { discharge_records: json(states(second).at(-1)!) }));
    expect(records(third)).toHaveLength(0);

    // full refresh ignores the state
    const full = await collect(source.read(config, { streams: [{ ...catalog.streams[0]!, sync_mode: 'full_refresh' }] }, { discharge_records: states(third).at(-1)! }));
    expect(new Set(keys(full)).size).toBe(8);
  });

  it('starts the round over when a saved page token has expired', async () => {
    const first = await collect(source.read({ ...config, pageSize: 2 }, catalog));
    const midRound = states(first)[0]!;
    server.invalidatePageTokens();
    const again = await collect(source.read({ ...config, pageSize: 2 }, catalog, { discharge_records: json(midRound) }));
    expect(warnings(again).join('\n')).toContain('页令牌已失效');
    expect(new Set(keys(again)).size).toBe(8);
    expect(Object.keys(states(again).at(-1)!)).toEqual(['updated_since']);
  });

  it('check: succeeds with good credentials, names the problem otherwise', async () => {
    expect(await source.check(config)).toMatchObject({ status: 'SUCCEEDED' });
    const bad = await source.check({ ...config, clientSecret: 'wrong' });
    expect(bad.status).toBe('FAILED');
    expect(bad.message).toContain('clientSecret');
    const badUrl = await source.check({ ...config, baseUrl: 'ftp://x' });
    expect(badUrl).toMatchObject({ status: 'FAILED', message: expect.stringContaining('baseUrl') });
    const down = await source.check({ ...config, baseUrl: 'http://127.0.0.1:9/', maxRetries: 1 });
    expect(down.status).toBe('FAILED');
    expect(down.message).toContain('无法连接市大数据中心');
  });

  it('gives up after maxRetries with a TRACE ERROR naming the status', async () => {
    const failing = await startBigDataTestServer({ recordFaults: { 1: { status: 503 }, 2: { status: 503 }, 3: { status: 502 } } });
    try {
      failing.upsert(buildDischargeInput());
      const ms = await collect(source.read({ ...config, baseUrl: failing.url, maxRetries: 2 }, catalog));
      expect(ms.at(-1)).toMatchObject({ type: 'TRACE', trace: { type: 'ERROR', error: { failure_type: 'system_error', message: expect.stringContaining('502') } } });
      expect((ms.at(-1) as any).trace.error.message).toContain('已重试 2 次');
      expect(states(ms)).toHaveLength(0);
    } finally {
      await failing.close();
    }
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2024-03-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Fri, 01 Mar 2024 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
