import { PassThrough } from 'node:stream';
import { runConnectorCli, statesFromAirbyte } from './connector-cli.js';
import { errorMessage, logMessage, recordMessage, stateMessage } from './messages.js';
import type { AirbyteMessage, SourceConnector } from './protocol.js';

interface Cfg {
  greeting?: string;
}

const seen: { config?: Cfg; state?: unknown } = {};

const connector: SourceConnector<Cfg> = {
  name: 'demo',
  spec: () => ({ connectionSpecification: { type: 'object', properties: { greeting: { type: 'string' } } } }),
  check: async (c) => (c.greeting ? { status: 'SUCCEEDED' } : { status: 'FAILED', message: '缺少 greeting' }),
  discover: async () => ({
    streams: [
      {
        name: 'items',
        json_schema: { properties: { day: { type: 'string', format: 'date' }, at: { type: 'string', format: 'date-time' } } },
        supported_sync_modes: ['full_refresh'],
      },
    ],
  }),
  read: async function* (config, _catalog, state) {
    seen.config = config;
    seen.state = state;
    yield logMessage('INFO', 'start');
    yield recordMessage('items', { id: 1, day: new Date(Date.UTC(2024, 2, 1)), at: new Date(Date.UTC(2024, 2, 1, 8, 30)) }, 1);
    if (config.greeting === 'fail') yield errorMessage('坏了', 'system_error');
    yield stateMessage('items', { n: 1 });
  },
};

const files: Record<string, string> = {
  'config.json': JSON.stringify({ greeting: 'hi' }),
  'fail.json': JSON.stringify({ greeting: 'fail' }),
  'empty.json': '{}',
  'bad.json': '{nope',
  'catalog.json': JSON.stringify({
    streams: [
      {
        stream: { name: 'items', json_schema: { properties: { day: { format: 'date' } } }, supported_sync_modes: ['full_refresh'] },
        sync_mode: 'full_refresh',
        destination_sync_mode: 'append',
      },
    ],
  }),
  'state.json': JSON.stringify([{ type: 'STREAM', stream: { stream_descriptor: { name: 'items' }, stream_state: { n: 0 } } }]),
};

async function run(...argv: string[]): Promise<{ code: number; messages: AirbyteMessage[]; lines: string[] }> {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (d: Buffer) => (text += d.toString('utf8')));
  const code = await runConnectorCli(connector, argv, {
    stdout,
    readFile: async (p) => {
      const f = files[p];
      if (f === undefined) throw new Error(`ENOENT: ${p}`);
      return f;
    },
  });
  const lines = text.split('\n').filter((l) => l !== '');
  return { code, lines, messages: lines.map((l) => JSON.parse(l) as AirbyteMessage) };
}

describe('runConnectorCli', () => {
  it('spec prints the SPEC message', async () => {
    const { code, messages } = await run('spec');
    expect(code).toBe(0);
    expect(messages).toEqual([{ type: 'SPEC', spec: connector.spec() }]);
  });

  it('check prints the connection status', async () => {
    expect((await run('check', '--config', 'config.json')).messages).toEqual([{ type: 'CONNECTION_STATUS', connectionStatus: { status: 'SUCCEEDED' } }]);
    expect((await run('check', '--config=empty.json')).messages[0]).toEqual({
      type: 'CONNECTION_STATUS',
      connectionStatus: { status: 'FAILED', message: '缺少 greeting' },
    });
  });

  it('discover prints the CATALOG', async () => {
    const { messages } = await run('discover', '--config', 'config.json');
    expect(messages[0]).toMatchObject({ type: 'CATALOG', catalog: { streams: [{ name: 'items' }] } });
  });

  it('read prints one JSON line per message, dates as the protocol writes them, and passes state on', async () => {
    const { code, lines, messages } = await run('read', '--config', 'config.json', '--catalog', 'catalog.json', '--state', 'state.json');
    expect(code).toBe(0);
    expect(messages.map((m) => m.type)).toEqual(['LOG', 'RECORD', 'STATE']);
    expect(lines[1]).toBe('{"type":"RECORD","record":{"stream":"items","data":{"id":1,"day":"2024-03-01","at":"2024-03-01T08:30:00"},"emitted_at":1}}');
    expect(seen.config).toEqual({ greeting: 'hi' });
    expect(seen.state).toEqual({ items: { n: 0 } });
  });

  it('read exits with 1 when the connector reports an error', async () => {
    const { code, messages } = await run('read', '--config', 'fail.json', '--catalog', 'catalog.json');
    expect(code).toBe(1);
    expect(messages.some((m) => m.type === 'TRACE' && m.trace.type === 'ERROR')).toBe(true);
  });

  it.each([
    [['read', '--config', 'config.json'], '缺少 --catalog'],
    [['check', '--config', 'missing.json'], '无法读取 --config'],
    [['check', '--config', 'bad.json'], '不是有效的 JSON'],
    [['check', '--config'], '缺少值'],
    [['frobnicate'], '未知命令'],
    [[], '用法'],
  ])('answers %j with a config_error TRACE and exit code 1', async (argv, text) => {
    const { code, messages } = await run(...argv);
    expect(code).toBe(1);
    const m = messages.at(-1)!;
    expect(m.type === 'TRACE' && m.trace.type === 'ERROR' && m.trace.error.failure_type).toBe('config_error');
    expect(m.type === 'TRACE' && m.trace.type === 'ERROR' && m.trace.error.message).toContain(text);
  });
});

describe('statesFromAirbyte', () => {
  it('reads per-stream state messages and legacy objects', () => {
    expect(statesFromAirbyte([{ type: 'STREAM', stream: { stream_descriptor: { name: 'a' }, stream_state: { x: 1 } } }, { type: 'GLOBAL' }])).toEqual({ a: { x: 1 } });
    expect(statesFromAirbyte({ a: { x: 1 } })).toEqual({ a: { x: 1 } });
    expect(statesFromAirbyte(null)).toEqual({});
  });
});
