/**
 * The HIS mid-table source against real engines: PostgreSQL (.ci/start-postgres.sh or TEST_DATABASE_URL)
 * and MariaDB (.ci/start-mariadb.sh or TEST_MYSQL_URL). The same connector code runs on both.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import pg from 'pg';
import type { AirbyteMessage, ConfiguredAirbyteCatalog } from '../src/core/protocol.js';
import { hisDbSource, type HisDbConfig } from '../src/connectors/his-db/index.js';
import { buildDischargeInput } from './factories.js';

const CI_DIR = fileURLToPath(new URL('../../.ci/', import.meta.url));

/** A server's URL from the environment, else from the CI script that starts one; undefined when neither works. */
function serverUrl(envVar: string, script: string): { url?: string; why?: string } {
  if (process.env[envVar]) return { url: process.env[envVar] };
  try {
    const out = execFileSync(`${CI_DIR}${script}`, { encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] });
    return { url: out.trim().split('\n').pop() };
  } catch (err) {
    return { why: `${script} failed: ${(err as Error).message.split('\n')[0]}` };
  }
}

interface Engine {
  name: 'postgres' | 'mysql';
  /** a fresh database for this test file; returns the table name to configure and an SQL runner */
  setup(): Promise<{ url: string; table: string; exec: (sql: string, params?: unknown[]) => Promise<void>; teardown: () => Promise<void> }>;
  ts: string;
  cursorType: string;
  param: (i: number) => string;
}

const suffix = randomBytes(4).toString('hex');

const postgres: Engine = {
  name: 'postgres',
  ts: 'timestamp(0)',
  // timestamptz: the cursor round-trips with its zone and microseconds
  cursorType: 'timestamptz(6)',
  param: (i) => `$${i}`,
  async setup() {
    const admin = new pg.Client({ connectionString: pgUrl! });
    await admin.connect();
    const db = `qc_his_${suffix}`;
    await admin.query(`CREATE DATABASE ${db}`);
    const url = new URL(pgUrl!);
    url.pathname = `/${db}`;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    await client.query('CREATE SCHEMA his');
    await client.query("SET TIME ZONE 'Asia/Shanghai'");
    return {
      url: url.toString(),
      table: 'his.discharge_mid',
      exec: async (sql, params = []) => void (await client.query(sql, params)),
      teardown: async () => {
        await client.end();
        await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
        await admin.end();
      },
    };
  },
};

const mariadb: Engine = {
  name: 'mysql',
  ts: 'datetime',
  cursorType: 'datetime(6)',
  param: () => '?',
  async setup() {
    const conn = await mysql.createConnection({ uri: myUrl!, charset: 'utf8mb4' });
    const db = `qc_his_${suffix}`;
    await conn.query(`CREATE DATABASE ${db} CHARACTER SET utf8mb4`);
    return {
      // connected to the base database: the table is qualified with its own (a MySQL "schema")
      url: myUrl!,
      table: `${db}.discharge_mid`,
      exec: async (sql, params = []) => void (await conn.execute(sql, params as (string | number | null)[])),
      teardown: async () => {
        await conn.query(`DROP DATABASE IF EXISTS ${db}`);
        await conn.end();
      },
    };
  },
};

const pgServer = serverUrl('TEST_DATABASE_URL', 'start-postgres.sh');
const myServer = serverUrl('TEST_MYSQL_URL', 'start-mariadb.sh');
const pgUrl = pgServer.url;
const myUrl = myServer.url;
if (!pgUrl) console.warn(`his-db: PostgreSQL tests skipped — no server (${pgServer.why})`);
if (!myUrl) console.warn(`his-db: MariaDB tests skipped — no server (${myServer.why})`);

// the columns of a typical mid-table: format keys, except 总费用 (zfy) and the update time (gxsj)
const COLUMNS: [string, 'text' | 'int' | 'date' | 'ts' | 'money'][] = [
  ['record_no', 'text'], ['admission_seq', 'int'], ['patient_name', 'text'], ['id_card_no', 'text'], ['sex', 'text'],
  ['birth_date', 'date'], ['age', 'int'], ['admission_route', 'text'], ['admit_time', 'ts'], ['admit_dept', 'text'],
  ['discharge_time', 'ts'], ['discharge_dept', 'text'], ['los_days', 'int'], ['main_diag_code', 'text'],
  ['main_diag_name', 'text'], ['other_diag_codes', 'text'], ['op_code_1', 'text'], ['op_name_1', 'text'], ['op_date_1', 'ts'],
  ['op_level_1', 'int'], ['discharge_method', 'text'], ['readmit_plan_31d', 'text'], ['zfy', 'money'], ['self_pay_cost', 'money'],
];

function ddl(e: Engine, table: string): string {
  const type = { text: 'varchar(100)', int: 'int', date: 'date', ts: e.ts, money: 'decimal(12,2)' };
  const cols = COLUMNS.map(([c, t]) => `${c} ${type[t]}${c === 'record_no' || c === 'admission_seq' ? ' NOT NULL' : ''}`);
  return `CREATE TABLE ${table} (${cols.join(', ')}, gxsj ${e.cursorType} NOT NULL, PRIMARY KEY (record_no, admission_seq))`;
}

function rowValues(recordNo: string, overrides: Record<string, unknown> = {}): unknown[] {
  const input = buildDischargeInput({ record_no: recordNo, zfy: '35210.50', ...overrides });
  return COLUMNS.map(([c]) => {
    const v = input[c];
    return v === '' || v === undefined ? null : v;
  });
}

const FIRST = '2024-03-01 08:00:00.000001';
const SECOND = '2024-03-02 09:15:30.123456';

async function insert(e: Engine, exec: (sql: string, p?: unknown[]) => Promise<void>, table: string, recordNo: string, at: string, overrides: Record<string, unknown> = {}): Promise<void> {
  const names = [...COLUMNS.map(([c]) => c), 'gxsj'];
  const sql = `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map((_, i) => e.param(i + 1)).join(', ')})`;
  await exec(sql, [...rowValues(recordNo, overrides), at]);
}

async function collect(it: AsyncIterable<AirbyteMessage>): Promise<AirbyteMessage[]> {
  const out: AirbyteMessage[] = [];
  for await (const m of it) out.push(m);
  return out;
}

const records = (ms: AirbyteMessage[]) => ms.flatMap((m) => (m.type === 'RECORD' ? [m.record.data] : []));
const recordNos = (ms: AirbyteMessage[]) => records(ms).map((r) => r.record_no as string);
const rejects = (ms: AirbyteMessage[]) => ms.flatMap((m) => (m.type === 'TRACE' && m.trace.type === 'ROW_REJECTED' ? [m.trace.rejected] : []));
const states = (ms: AirbyteMessage[]) => ms.flatMap((m) => (m.type === 'STATE' ? [m.state.stream.stream_state] : []));

const engines: [Engine, string | undefined][] = [
  [postgres, pgUrl],
  [mariadb, myUrl],
];

for (const [engine, serverAvailable] of engines) {
  (serverAvailable ? describe : describe.skip)(`his-db on ${engine.name === 'mysql' ? 'MariaDB' : 'PostgreSQL'}`, () => {
    let env: Awaited<ReturnType<Engine['setup']>>;
    let config: HisDbConfig;
    let catalog: ConfiguredAirbyteCatalog;

    beforeAll(async () => {
      env = await engine.setup();
      await env.exec(ddl(engine, env.table));
      for (const no of ['BA0001', 'BA0002', 'BA0003', 'BA0004', 'BA0005']) {
        // BA0003 is wrong at the source: discharged before admission
        await insert(engine, env.exec, env.table, no, FIRST, no === 'BA0003' ? { discharge_time: '2024-02-28 10:00:00' } : {});
      }
      config = {
        dialect: engine.name,
        url: env.url,
        table: env.table,
        columnMap: { total_cost: 'zfy' },
        cursorColumn: 'gxsj',
        orgCode: '450201001',
        pageSize: 2,
        patientKeySecret: 'test-secret-0123456789',
        runId: 'run-1',
      };
      const discovered = await hisDbSource.discover(config);
      catalog = { streams: [{ stream: discovered.streams[0]!, sync_mode: 'incremental', destination_sync_mode: 'append_dedup' }] };
    });
    afterAll(async () => {
      await env?.teardown();
    });

    it('check: succeeds on the mid-table and names what is missing otherwise', async () => {
      const ok = await hisDbSource.check(config);
      expect(ok.status, ok.message).toBe('SUCCEEDED');

      const noTable = await hisDbSource.check({ ...config, table: `${env.table}_nope` });
      expect(noTable.status).toBe('FAILED');
      expect(noTable.message).toContain(`${env.table}_nope`);
      expect(noTable.message).toContain('不存在');

      const noColumn = await hisDbSource.check({ ...config, columnMap: { total_cost: 'zongfeiyong' }, cursorColumn: 'modified' });
      expect(noColumn.status).toBe('FAILED');
      expect(noColumn.message).toContain('住院总费用(元)（列 zongfeiyong）');
      expect(noColumn.message).toContain('更新时间游标列 modified');

      const badIdent = await hisDbSource.check({ ...config, table: 'x; DROP TABLE y' });
      expect(badIdent.status).toBe('FAILED');
      expect(badIdent.message).toContain('table');

      const badLogin = await hisDbSource.check({ ...config, url: env.url.replace(/\/\/[^@/]+@/, '//nobody:wrong@') });
      expect(badLogin.status).toBe('FAILED');
      expect(badLogin.message).not.toContain('wrong');
    });

    it('spec and discover describe the config and the stream', async () => {
      const spec = hisDbSource.spec();
      expect(spec.connectionSpecification.required).toEqual(expect.arrayContaining(['dialect', 'url', 'table', 'orgCode']));
      const catalogOut = await hisDbSource.discover(config);
      expect(catalogOut.streams[0]!.name).toBe('discharge_records');
      expect((catalogOut.streams[0]!.json_schema.properties as Record<string, unknown>).patient_key).toBeDefined();
    });

    it('reads everything, pages with STATE, resumes, then reads exactly the changed rows', async () => {
      const first = await collect(hisDbSource.read(config, catalog));
      expect(recordNos(first)).toEqual(['BA0001', 'BA0002', 'BA0004', 'BA0005']);
      const rejected = rejects(first);
      expect(rejected.length).toBeGreaterThan(0);
      expect(rejected[0]).toMatchObject({ stream: 'discharge_records', row: 3, field: '出院时间' });
      expect(rejected[0]!.message).toContain('病案号 BA0003');

      const rec = records(first)[0]!;
      expect(rec.org_code).toBe('450201001');
      expect(rec.total_cost).toBe(35210.5);
      expect(rec.record_key).toBe('450201001|BA0001|1');
      expect(rec.patient_key).toMatch(/^[0-9a-f]{64}$/);
      expect(rec).not.toHaveProperty('patient_name');
      expect(rec).not.toHaveProperty('id_card_no');
      expect((rec.admit_time as Date).toISOString()).toBe('2024-03-01T08:30:00.000Z');
      expect((rec.birth_date as Date).toISOString()).toBe('1980-01-01T00:00:00.000Z');

      // 5 rows, 2 a page: a STATE after each of 3 pages, all five sharing one update time
      const firstStates = states(first);
      expect(firstStates).toHaveLength(3);
      expect(firstStates[0]!.lastKey).toEqual(['BA0002', 1]);
      expect(String(firstStates[2]!.cursor)).toContain('2024-03-01 08:00:00.000001');
      // the state is JSON: it survives a round-trip through the state store
      const saved = JSON.parse(JSON.stringify(firstStates[2]));

      // a restart after the first page resumes after BA0002
      const resumed = await collect(hisDbSource.read(config, catalog, { discharge_records: firstStates[0]! }));
      expect(recordNos(resumed)).toEqual(['BA0004', 'BA0005']);
      expect(rejects(resumed).map((r) => r.message.includes('BA0003'))).toContain(true);

      // nothing changed: nothing comes back
      const idle = await collect(hisDbSource.read(config, catalog, { discharge_records: saved }));
      expect(records(idle)).toHaveLength(0);
      expect(rejects(idle)).toHaveLength(0);
      expect(states(idle).at(-1)).toEqual(saved);

      // the hospital fixes BA0003, changes BA0002 and adds BA0006
      await env.exec(`UPDATE ${env.table} SET discharge_time = ${engine.param(1)}, gxsj = ${engine.param(2)} WHERE record_no = ${engine.param(3)}`, ['2024-03-08 10:00:00', SECOND, 'BA0003']);
      await env.exec(`UPDATE ${env.table} SET los_days = 8, gxsj = ${engine.param(1)} WHERE record_no = ${engine.param(2)}`, [SECOND, 'BA0002']);
      await insert(engine, env.exec, env.table, 'BA0006', SECOND);

      const second = await collect(hisDbSource.read(config, catalog, { discharge_records: saved }));
      expect(recordNos(second)).toEqual(['BA0002', 'BA0003', 'BA0006']);
      expect(rejects(second)).toHaveLength(0);
      expect(records(second)[0]!.los_days).toBe(8);
      const secondState = states(second).at(-1)!;
      expect(String(secondState.cursor)).toContain('2024-03-02 09:15:30.123456');
      expect(secondState.lastKey).toEqual(['BA0006', 1]);

      const third = await collect(hisDbSource.read(config, catalog, { discharge_records: JSON.parse(JSON.stringify(secondState)) }));
      expect(records(third)).toHaveLength(0);

      // a state saved under other key columns: the rows of its update time come again rather than being lost
      const rekeyed = await collect(hisDbSource.read(config, catalog, { discharge_records: { cursor: secondState.cursor, lastKey: ['BA0006'] } }));
      expect(recordNos(rekeyed)).toEqual(['BA0002', 'BA0003', 'BA0006']);
      expect(rekeyed.some((m) => m.type === 'LOG' && m.log.level === 'WARN')).toBe(true);

      // full refresh ignores the state
      const full = await collect(hisDbSource.read(config, { streams: [{ ...catalog.streams[0]!, sync_mode: 'full_refresh' }] }, { discharge_records: secondState }));
      expect(recordNos(full)).toEqual(['BA0001', 'BA0004', 'BA0005', 'BA0002', 'BA0003', 'BA0006']);
    });

    it('a mid-table with a column the hospital names differently still fails loudly at read', async () => {
      const ms = await collect(hisDbSource.read({ ...config, columnMap: { main_diag_code: 'zdbm' } }, catalog));
      expect(records(ms)).toHaveLength(0);
      expect(ms.at(-1)).toMatchObject({
        type: 'TRACE',
        trace: { type: 'ERROR', error: { failure_type: 'config_error', message: expect.stringContaining('主要诊断编码（列 zdbm）') } },
      });
    });
  });
}
