/** The connector command line as an Airbyte platform runs it: a child process printing JSON lines. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AirbyteMessage } from '../src/index.js';
import { buildDischargeCsv, buildDischargeInputs, tempDir } from './factories.js';

const ingestDir = fileURLToPath(new URL('..', import.meta.url));
const files = tempDir();
afterAll(() => files.cleanup());

function cli(...args: string[]): { status: number | null; messages: AirbyteMessage[]; stderr: string } {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: ingestDir,
    encoding: 'utf8',
    // tsx resolves @qc/warehouse to its sources through this tsconfig's paths: no build needed
    env: { ...process.env, TSX_TSCONFIG_PATH: 'test/tsconfig.run.json' },
    timeout: 60_000,
  });
  const messages = res.stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as AirbyteMessage);
  return { status: res.status, messages, stderr: res.stderr };
}

describe('ingest CLI: <connector> <command>', () => {
  it('runs spec, check, discover and read of the file connector', () => {
    const rows = buildDischargeInputs(3);
    rows[2]!.sex = '5';
    const csv = files.write('cli.csv', buildDischargeCsv(rows, { encoding: 'gb18030', eol: '\r\n' }));
    const config = files.write('config.json', JSON.stringify({ path: csv, patientKeySecret: 'cli-secret-0123456789', runId: 'cli-run' }));

    const spec = cli('file', 'spec');
    expect(spec.status).toBe(0);
    expect(spec.messages[0]!.type).toBe('SPEC');

    expect(cli('file', 'check', '--config', config).messages[0]).toEqual({ type: 'CONNECTION_STATUS', connectionStatus: { status: 'SUCCEEDED' } });

    const discover = cli('file', 'discover', '--config', config);
    const catalogMsg = discover.messages[0]!;
    expect(catalogMsg.type).toBe('CATALOG');
    const streams = catalogMsg.type === 'CATALOG' ? catalogMsg.catalog.streams : [];
    const catalog = files.write(
      'catalog.json',
      JSON.stringify({ streams: streams.map((stream) => ({ stream, sync_mode: 'full_refresh', destination_sync_mode: 'append_dedup' })) }),
    );

    const read = cli('file', 'read', '--config', config, '--catalog', catalog);
    expect(read.stderr).toBe('');
    expect(read.status).toBe(0);
    const records = read.messages.flatMap((m) => (m.type === 'RECORD' ? [m.record.data] : []));
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ record_key: '450201001|BA000001|1', birth_date: '1980-01-01', admit_time: '2024-01-01T08:30:00', _run_id: 'cli-run' });
    expect(read.messages.some((m) => m.type === 'TRACE' && m.trace.type === 'ROW_REJECTED' && m.trace.rejected.row === 4)).toBe(true);
    expect(read.messages.at(-1)!.type).toBe('STATE');
  }, 240_000);

  it('exits non-zero with a TRACE ERROR for an unknown connector or a refused file', () => {
    const unknown = cli('nope', 'spec');
    expect(unknown.status).not.toBe(0);
    expect(unknown.messages[0]).toMatchObject({ type: 'TRACE', trace: { type: 'ERROR', error: { failure_type: 'config_error' } } });

    const missing = files.write('missing-config.json', JSON.stringify({ path: files.dir + '/absent.csv', patientKeySecret: 'x' }));
    const catalog = files.write('cat2.json', JSON.stringify({ streams: [{ stream: { name: 'discharge_records', json_schema: {}, supported_sync_modes: ['full_refresh'] }, sync_mode: 'full_refresh', destination_sync_mode: 'append' }] }));
    const read = cli('file', 'read', '--config', missing, '--catalog', catalog);
    expect(read.status).toBe(1);
    expect(read.messages.at(-1)).toMatchObject({ type: 'TRACE', trace: { type: 'ERROR', error: { message: expect.stringContaining('文件不存在') } } });
  }, 120_000);
});
