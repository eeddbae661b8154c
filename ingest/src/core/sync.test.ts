import { errorMessage, logMessage, recordMessage, rejectMessage, stateMessage } from './messages.js';
import type { AirbyteLogMessage, AirbyteMessage, ConfiguredAirbyteCatalog, SourceConnector } from './protocol.js';
import { MemorySink, type Sink } from './sink.js';
import { configureCatalog, runSync, type StreamStates } from './sync.js';

const STREAM = 'items';

/** A connector that yields the given messages (or throws after them). */
function fakeConnector(messages: AirbyteMessage[], opts: { throwAfter?: Error; primaryKey?: boolean } = {}): SourceConnector {
  return {
    name: 'fake',
    spec: () => ({ connectionSpecification: {} }),
    check: async () => ({ status: 'SUCCEEDED' }),
    discover: async () => ({
      streams: [
        {
          name: STREAM,
          json_schema: {},
          supported_sync_modes: ['full_refresh'],
          ...(opts.primaryKey === false ? {} : { source_defined_primary_key: [['id']] }),
        },
      ],
    }),
    read: async function* () {
      for (const m of messages) yield m;
      if (opts.throwAfter) throw opts.throwAfter;
    },
  };
}

const rec = (id: number, row = id + 1) => recordMessage(STREAM, { id: `k${id}`, _row_number: row });
const state = (n: number) => stateMessage(STREAM, { cursor: n });

/** A sink that logs what happened in order, optionally failing some writes. */
class LoggingSink implements Sink {
  events: string[] = [];
  constructor(private readonly failures: (n: number) => Error | undefined = () => undefined) {}
  private n = 0;
  async write(_stream: string, records: Record<string, unknown>[]): Promise<number> {
    this.n++;
    const err = this.failures(this.n);
    if (err) {
      this.events.push(`fail(${records.length})`);
      throw err;
    }
    this.events.push(`write(${records.length})`);
    return records.length;
  }
}

describe('runSync', () => {
  it('loads records in batches and reports succeeded', async () => {
    const sink = new MemorySink('id');
    const msgs = Array.from({ length: 25 }, (_, i) => rec(i));
    const result = await runSync({ connector: fakeConnector(msgs), config: {}, sink, batchSize: 10 });
    expect(result).toMatchObject({ status: 'succeeded', rowsRead: 25, rowsLoaded: 25, rowsRejected: 0, batches: 3, rowsUncommitted: 0 });
    expect(sink.writes).toBe(3);
    expect(sink.list(STREAM)).toHaveLength(25);
  });

  it('collects rejects, counts a row with several problems once, and reports partial', async () => {
    const msgs = [
      rec(1),
      rejectMessage(STREAM, { row: 3, field: '性别', message: '性别 代码“3”不在值域内' }),
      rejectMessage(STREAM, { row: 3, field: '年龄', message: '年龄 应为整数' }),
      rec(3, 4),
      rejectMessage(STREAM, { row: 5, field: '整行', message: '列数与表头不一致' }),
    ];
    const seen: unknown[] = [];
    const result = await runSync({ connector: fakeConnector(msgs), config: {}, sink: new MemorySink('id'), onReject: (r) => seen.push(r) });
    expect(result.status).toBe('partial');
    expect(result.rowsRead).toBe(4);
    expect(result.rowsLoaded).toBe(2);
    expect(result.rowsRejected).toBe(2);
    expect(result.rowsRead).toBe(result.rowsLoaded + result.rowsRejected);
    expect(result.rejects).toEqual([
      { row: 3, field: '性别', message: '性别 代码“3”不在值域内' },
      { row: 3, field: '年龄', message: '年龄 应为整数' },
      { row: 5, field: '整行', message: '列数与表头不一致' },
    ]);
    expect(seen[0]).toMatchObject({ stream: STREAM, row: 3 });
  });

  it('rejects a second record with the same primary key instead of loading one row for two', async () => {
    const msgs = [rec(1, 2), rec(2, 3), rec(1, 4)];
    const result = await runSync({ connector: fakeConnector(msgs), config: {}, sink: new MemorySink('id') });
    expect(result).toMatchObject({ status: 'partial', rowsRead: 3, rowsLoaded: 2, rowsRejected: 1 });
    expect(result.rejects[0]).toEqual({ row: 4, field: 'id', message: 'id 与第2行重复，本行未加载' });
  });

  it('commits a STATE only after the records before it are written', async () => {
    const sink = new LoggingSink();
    const committed: StreamStates[] = [];
    const msgs = [rec(1), rec(2), state(2), rec(3), state(3), rec(4), rec(5)];
    const onState = (s: StreamStates) => {
      sink.events.push(`state(${JSON.stringify(s[STREAM])})`);
      committed.push(s);
    };
    const result = await runSync({ connector: fakeConnector(msgs), config: {}, sink, batchSize: 4, onState });
    // cursor 3 is saved once record 3 is in the warehouse, not when it arrives; cursor 2 is overtaken
    expect(sink.events).toEqual(['write(4)', 'state({"cursor":3})', 'write(1)']);
    expect(result.state).toEqual({ [STREAM]: { cursor: 3 } });
    expect(committed).toHaveLength(1);

    // with a batch boundary between them, each state is saved right after its records
    const sink3 = new LoggingSink();
    await runSync({
      connector: fakeConnector(msgs),
      config: {},
      sink: sink3,
      batchSize: 3,
      onState: (s) => void sink3.events.push(`state(${JSON.stringify(s[STREAM])})`),
    });
    expect(sink3.events).toEqual(['write(3)', 'state({"cursor":2})', 'state({"cursor":3})', 'write(2)']);
  });

  it('saves a state with nothing pending at once, and keeps earlier state of other streams', async () => {
    const onState = vi.fn();
    const result = await runSync({
      connector: fakeConnector([state(7)]),
      config: {},
      sink: new MemorySink(),
      state: { other: { x: 1 } },
      onState,
    });
    expect(onState).toHaveBeenCalledTimes(1);
    expect(result.state).toEqual({ other: { x: 1 }, [STREAM]: { cursor: 7 } });
  });

  it('retries a transient sink failure and then loads', async () => {
    const transient = Object.assign(new Error('connection reset'), { code: 'ECONNRESET' });
    const sink = new LoggingSink((n) => (n === 1 ? transient : undefined));
    const logs: AirbyteLogMessage[] = [];
    const result = await runSync({
      connector: fakeConnector([rec(1), rec(2)]),
      config: {},
      sink,
      retry: { sleep: async () => undefined },
      onLog: (l) => logs.push(l),
    });
    expect(result).toMatchObject({ status: 'succeeded', rowsLoaded: 2 });
    expect(sink.events).toEqual(['fail(2)', 'write(2)']);
    expect(logs.some((l) => l.level === 'WARN' && l.message.includes('重试'))).toBe(true);
  });

  it('fails without saving state past the failed batch when the sink keeps failing', async () => {
    const sink = new LoggingSink((n) => (n === 2 ? new Error('disk full') : undefined));
    const msgs = [rec(1), rec(2), state(2), rec(3), rec(4), state(4), rec(5)];
    const result = await runSync({ connector: fakeConnector(msgs), config: {}, sink, batchSize: 2 });
    expect(result.status).toBe('failed');
    expect(result).toMatchObject({ error: '写入数仓失败：disk full', failureType: 'system_error' });
    expect(result.state).toEqual({ [STREAM]: { cursor: 2 } });
    expect(result).toMatchObject({ rowsLoaded: 2, rowsRead: 2, rowsUncommitted: 2 });
  });

  it('stops at a TRACE ERROR, keeps what was read before it and reports failed with the failure type', async () => {
    const sink = new MemorySink('id');
    const msgs = [rec(1), errorMessage('文件表头缺少必填列：病案号', 'config_error'), rec(2)];
    const result = await runSync({ connector: fakeConnector(msgs), config: {}, sink });
    expect(result.status).toBe('failed');
    expect(result).toMatchObject({ error: '文件表头缺少必填列：病案号', failureType: 'config_error' });
    expect(result.rowsLoaded).toBe(1);
    expect(sink.list(STREAM)).toHaveLength(1);
  });

  it('reports a connector that throws as failed, having loaded the rows read before', async () => {
    const result = await runSync({ connector: fakeConnector([rec(1)], { throwAfter: new Error('socket hang up') }), config: {}, sink: new MemorySink('id') });
    expect(result.status).toBe('failed');
    expect(result.error).toContain('socket hang up');
    expect(result.rowsLoaded).toBe(1);
    expect(result.rowsRead).toBe(result.rowsLoaded + result.rowsRejected);
  });

  it('stops when the signal aborts', async () => {
    const ac = new AbortController();
    const connector: SourceConnector = {
      ...fakeConnector([]),
      read: async function* () {
        for (let i = 0; ; i++) {
          if (i === 5) ac.abort();
          yield rec(i);
        }
      },
    };
    const result = await runSync({ connector, config: {}, sink: new MemorySink('id'), signal: ac.signal });
    expect(result.status).toBe('failed');
    expect(result.error).toContain('同步已取消');
    expect(result.rowsLoaded).toBe(0);
  });

  it('passes LOG messages on and reports progress after each batch', async () => {
    const logs: AirbyteLogMessage[] = [];
    const progress: number[] = [];
    await runSync({
      connector: fakeConnector([logMessage('WARN', '以下列已忽略：备注'), rec(1), rec(2), rec(3)]),
      config: {},
      sink: new MemorySink('id'),
      batchSize: 2,
      onLog: (l) => logs.push(l),
      onProgress: (p) => progress.push(p.rowsLoaded),
    });
    expect(logs).toEqual([{ level: 'WARN', message: '以下列已忽略：备注' }]);
    expect(progress).toEqual([2, 3]);
  });

  it('keeps at most maxRejectsKept reasons but counts every rejected row', async () => {
    const msgs = Array.from({ length: 5 }, (_, i) => rejectMessage(STREAM, { row: i + 2, field: 'x', message: 'bad' }));
    const result = await runSync({ connector: fakeConnector(msgs), config: {}, sink: new MemorySink(), maxRejectsKept: 2 });
    expect(result.rejects).toHaveLength(2);
    expect(result.rejectsTruncated).toBe(true);
    expect(result.rowsRejected).toBe(5);
  });

  it('uses the given catalog instead of discovering', async () => {
    const catalog: ConfiguredAirbyteCatalog = configureCatalog({ streams: [{ name: STREAM, json_schema: {}, supported_sync_modes: ['full_refresh'] }] });
    expect(catalog.streams[0]).toMatchObject({ sync_mode: 'full_refresh', destination_sync_mode: 'append_dedup' });
    const connector = fakeConnector([rec(1), rec(1)]);
    connector.discover = async () => {
      throw new Error('should not discover');
    };
    // no primary key in this catalog: duplicates are the sink's business
    const result = await runSync({ connector, config: {}, catalog, sink: new MemorySink('id') });
    expect(result).toMatchObject({ status: 'succeeded', rowsLoaded: 2 });
  });

  it('passes the platform context into the connector config, over what the config says', async () => {
    let seen: unknown;
    const connector: SourceConnector<Record<string, unknown>> = {
      ...fakeConnector([]),
      read: async function* (config) {
        seen = config;
        yield logMessage('INFO', 'read');
      },
    };
    await runSync({
      connector,
      config: { path: '/x.csv', patientKeySecret: 'stored', runId: 'old' },
      context: { runId: 'run-9', source: 'file:上传.csv', patientKeySecret: 'platform' },
      sink: new MemorySink(),
    });
    expect(seen).toEqual({ path: '/x.csv', patientKeySecret: 'platform', runId: 'run-9', sourceName: 'file:上传.csv' });
  });
});
