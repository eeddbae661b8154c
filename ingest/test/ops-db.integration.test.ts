/**
 * The operational-database source against real PostgreSQL (.ci/start-postgres.sh or TEST_DATABASE_URL),
 * through its own connection, and against PGlite through an injected query function. The tables mirror
 * ops-api/db/migrations (the columns the source reads, plus personal ones it must not).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { AirbyteMessage, ConfiguredAirbyteCatalog } from '../src/core/protocol.js';
import { opsDbSource, type OpsDbConfig, type OpsQueryFn } from '../src/connectors/ops-db/index.js';

const CI_DIR = fileURLToPath(new URL('../../.ci/', import.meta.url));

function postgresUrl(): { url?: string; why?: string } {
  if (process.env.TEST_DATABASE_URL) return { url: process.env.TEST_DATABASE_URL };
  try {
    const out = execFileSync(`${CI_DIR}start-postgres.sh`, { encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] });
    return { url: out.trim().split('\n').pop() };
  } catch (err) {
    return { why: (err as Error).message.split('\n')[0] };
  }
}
const pgServer = postgresUrl();
if (!pgServer.url) console.warn(`ops-db: PostgreSQL tests skipped — no server (${pgServer.why})`);

const SCHEMA = [
  `CREATE TABLE organizations (
    id bigserial PRIMARY KEY, code text NOT NULL UNIQUE, name text NOT NULL, short_name text, kind text NOT NULL,
    parent_id bigint REFERENCES organizations(id), status text NOT NULL DEFAULT 'active', level text, category text, specialty text,
    host_hospital_id bigint REFERENCES organizations(id), director_name text, term_start date, term_end date, tier text, type text,
    ownership text, district text, address text, phone text, source_confidence text, source_note text,
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now())`,
  `CREATE TABLE roles (code text PRIMARY KEY, name text NOT NULL)`,
  `CREATE TABLE users (
    id bigserial PRIMARY KEY, username text NOT NULL, display_name text NOT NULL, password_hash text NOT NULL,
    org_id bigint NOT NULL REFERENCES organizations(id), status text NOT NULL DEFAULT 'active', phone text, email text,
    must_change_password boolean NOT NULL DEFAULT false, password_changed_at timestamptz, last_login_at timestamptz,
    failed_attempts integer NOT NULL DEFAULT 0, locked_until timestamptz, totp_secret text, totp_pending_secret text,
    totp_enabled boolean NOT NULL DEFAULT false, totp_last_step bigint,
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now())`,
  `CREATE TABLE user_roles (user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE, role_code text NOT NULL REFERENCES roles(code),
    PRIMARY KEY (user_id, role_code))`,
  `CREATE TABLE audit_log (
    id bigserial PRIMARY KEY, at timestamptz NOT NULL, user_id bigint, username text, roles text[] NOT NULL DEFAULT '{}', org_id bigint,
    org_name text, ip text, user_agent text, action text NOT NULL, object_type text, object_id text, before jsonb, after jsonb,
    result text NOT NULL CHECK (result IN ('success','failure','denied')), detail text, request_id text, prev_hash text NOT NULL, hash text NOT NULL)`,
];

type Exec = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

async function seed(exec: Exec): Promise<void> {
  for (const sql of SCHEMA) await exec(sql);
  await exec(`INSERT INTO roles (code, name) VALUES ('sys_admin','系统管理员'), ('hospital_qc','医院质控员'), ('auditor','审计管理员')`);
  // all three organizations share one update time: the keyset must keep them apart by id
  await exec(`INSERT INTO organizations (code, name, kind, term_start, phone, director_name, updated_at, created_at) VALUES
    ('LZWJW', '柳州市卫生健康委员会', 'commission', NULL, '0772-1111111', NULL, '2024-03-01 08:00:00.000001+08', '2024-03-01 08:00:00+08'),
    ('QC-ICU', '柳州市重症医学质控中心', 'qc_center', '2023-01-01', '0772-2222222', '王主任', '2024-03-01 08:00:00.000001+08', '2024-03-01 08:00:00+08'),
    ('450201001', '柳州市人民医院', 'hospital', NULL, '0772-3333333', NULL, '2024-03-01 08:00:00.000001+08', '2024-03-01 08:00:00+08')`);
  await exec(`INSERT INTO users (username, display_name, password_hash, org_id, phone, email, totp_secret, updated_at) VALUES
    ('admin', '管理员甲', 'scrypt$x', 1, '13800000001', 'a@example.cn', 'SECRET1', '2024-03-01 09:00:00+08'),
    ('qc1', '质控员乙', 'scrypt$y', 3, '13800000002', 'b@example.cn', NULL, '2024-03-01 09:00:00+08')`);
  await exec(`INSERT INTO user_roles VALUES (1, 'sys_admin'), (2, 'hospital_qc')`);
  for (let i = 0; i < 3; i++) await audit(exec, 'auth.login', 'user', i % 2 === 0 ? '1' : '2');
}

async function audit(exec: Exec, action: string, objectType: string | null, objectId: string | null, result = 'success'): Promise<void> {
  await exec(
    `INSERT INTO audit_log (at, user_id, username, org_id, ip, action, object_type, object_id, before, after, result, prev_hash, hash)
     VALUES (now(), 1, 'admin', 1, '10.0.0.1', $1, $2, $3, '{"phone":"13800000001"}', '{"phone":"13900000000"}', $4, 'p', 'h')`,
    [action, objectType, objectId, result],
  );
}

async function collect(it: AsyncIterable<AirbyteMessage>): Promise<AirbyteMessage[]> {
  const out: AirbyteMessage[] = [];
  for await (const m of it) out.push(m);
  return out;
}
const recordsOf = (ms: AirbyteMessage[], stream: string) => ms.flatMap((m) => (m.type === 'RECORD' && m.record.stream === stream ? [m.record.data] : []));
const ids = (ms: AirbyteMessage[], stream: string) => recordsOf(ms, stream).map((r) => r.id);
function finalStates(ms: AirbyteMessage[]): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const m of ms) if (m.type === 'STATE') out[m.state.stream.stream_descriptor.name] = m.state.stream.stream_state;
  return JSON.parse(JSON.stringify(out)) as Record<string, Record<string, unknown>>;
}

interface Target {
  name: string;
  available: boolean;
  open(): Promise<{ config: OpsDbConfig; exec: Exec; close(): Promise<void> }>;
}

const targets: Target[] = [
  {
    name: 'PostgreSQL (own connection from a url)',
    available: pgServer.url !== undefined,
    async open() {
      const admin = new pg.Client({ connectionString: pgServer.url });
      await admin.connect();
      const db = `qc_ops_${randomBytes(4).toString('hex')}`;
      await admin.query(`CREATE DATABASE ${db}`);
      const url = new URL(pgServer.url!);
      url.pathname = `/${db}`;
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      return {
        config: { url: url.toString(), pageSize: 2 },
        exec: async (sql, params = []) => (await client.query(sql, params)).rows as Record<string, unknown>[],
        close: async () => {
          await client.end();
          await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
          await admin.end();
        },
      };
    },
  },
  {
    name: 'PGlite (injected query function)',
    available: true,
    async open() {
      const lite = await PGlite.create();
      const query: OpsQueryFn = async (sql, params) => ({ rows: (await lite.query<Record<string, unknown>>(sql, params)).rows });
      return {
        config: { query, pageSize: 2 },
        exec: async (sql, params = []) => (await lite.query<Record<string, unknown>>(sql, params)).rows,
        close: () => lite.close(),
      };
    },
  },
];

for (const target of targets) {
  (target.available ? describe : describe.skip)(`ops-db on ${target.name}`, () => {
    let env: Awaited<ReturnType<Target['open']>>;
    let catalog: ConfiguredAirbyteCatalog;

    beforeAll(async () => {
      env = await target.open();
      await seed(env.exec);
      const discovered = await opsDbSource.discover(env.config);
      catalog = { streams: discovered.streams.map((stream) => ({ stream, sync_mode: 'incremental', destination_sync_mode: 'append_dedup' })) };
    });
    afterAll(async () => {
      await env?.close();
    });

    it('check and discover', async () => {
      expect(await opsDbSource.check(env.config)).toMatchObject({ status: 'SUCCEEDED' });
      expect(catalog.streams.map((s) => s.stream.name)).toEqual(['organizations', 'users', 'audit_events']);
      expect(await opsDbSource.check({})).toMatchObject({ status: 'FAILED', message: expect.stringContaining('二选一') });
      expect(opsDbSource.spec().connectionSpecification.properties).toHaveProperty('url');
    });

    it('reads every stream without personal fields, then only what changed — also changes that left updated_at alone', async () => {
      const first = await collect(opsDbSource.read(env.config, catalog));
      expect(ids(first, 'organizations')).toEqual([1, 2, 3]);
      expect(ids(first, 'users')).toEqual([1, 2]);
      expect(ids(first, 'audit_events')).toEqual([1, 2, 3]);

      const org = recordsOf(first, 'organizations')[1]!;
      expect(org).toMatchObject({ id: 2, code: 'QC-ICU', kind: 'qc_center', term_start: '2023-01-01', parent_id: null });
      expect(org.updated_at).toBe('2024-03-01T00:00:00.000001Z');
      expect(org).not.toHaveProperty('phone');
      expect(org).not.toHaveProperty('director_name');
      const user = recordsOf(first, 'users')[0]!;
      expect(user).toMatchObject({ id: 1, org_id: 1, status: 'active', roles: ['sys_admin'], totp_enabled: false });
      for (const personal of ['username', 'display_name', 'password_hash', 'phone', 'email', 'totp_secret']) expect(user).not.toHaveProperty(personal);
      const event = recordsOf(first, 'audit_events')[0]!;
      expect(Object.keys(event).sort()).toEqual(['action', 'at', 'id', 'object_type', 'org_id', 'result']);
      expect(event).toMatchObject({ action: 'auth.login', result: 'success', org_id: 1 });

      // pages of 2: organizations 3 rows → 2 pages + the audit mark; a STATE each time
      const orgStates = first.filter((m) => m.type === 'STATE' && m.state.stream.stream_descriptor.name === 'organizations');
      expect(orgStates).toHaveLength(3);
      const saved = finalStates(first);
      expect(saved.organizations).toEqual({ updated_at: '2024-03-01T00:00:00.000001Z', id: 3, audit_id: 3 });
      expect(saved.audit_events).toEqual({ id: 3 });

      // nothing changed: nothing comes back
      const idle = await collect(opsDbSource.read(env.config, catalog, saved));
      expect(idle.filter((m) => m.type === 'RECORD')).toHaveLength(0);

      // an organization edited (updated_at bumped, as org-service does), a user's roles replaced
      // (ops-api leaves users.updated_at alone but audits it), a user added, a personal-data read audited
      await env.exec(`UPDATE organizations SET name = '柳州市重症医学医疗质量控制中心', updated_at = now() WHERE id = 2`);
      await env.exec(`DELETE FROM user_roles WHERE user_id = 2`);
      await env.exec(`INSERT INTO user_roles VALUES (2, 'auditor')`);
      await audit(env.exec, 'user.roles_update', 'user', '2');
      await env.exec(`INSERT INTO users (username, display_name, password_hash, org_id) VALUES ('qc2', '质控员丙', 'scrypt$z', 3)`);
      await audit(env.exec, 'user.create', 'user', '3');
      await audit(env.exec, 'personal.read', 'user', '1');
      await audit(env.exec, 'org.update', 'org', 'not-a-number', 'failure');

      const second = await collect(opsDbSource.read(env.config, catalog, saved));
      expect(ids(second, 'organizations')).toEqual([2]);
      expect(recordsOf(second, 'organizations')[0]!.name).toBe('柳州市重症医学医疗质量控制中心');
      // user 3 by updated_at, user 2 through its audit entry; user 3 once although audited too; user 1's read is not a change
      expect(ids(second, 'users')).toEqual([3, 2]);
      expect(recordsOf(second, 'users')[1]!.roles).toEqual(['auditor']);
      expect(ids(second, 'audit_events')).toEqual([4, 5, 6, 7]);
      const again = finalStates(second);
      expect(again.users!.audit_id).toBe(7);

      const third = await collect(opsDbSource.read(env.config, catalog, again));
      expect(third.filter((m) => m.type === 'RECORD')).toHaveLength(0);

      // a restart from a mid-stream STATE resumes after it
      const midOrg = first.find((m) => m.type === 'STATE' && m.state.stream.stream_descriptor.name === 'organizations')!;
      const resumed = await collect(
        opsDbSource.read(env.config, { streams: [catalog.streams[0]!] }, { organizations: (midOrg as Extract<AirbyteMessage, { type: 'STATE' }>).state.stream.stream_state }),
      );
      expect(ids(resumed, 'organizations')).toEqual([3, 2]);
    });

    it('fails with a TRACE ERROR when a table is missing', async () => {
      const missing: OpsQueryFn = async (sql, params) => {
        if (sql.includes('audit_log')) throw Object.assign(new Error('relation "audit_log" does not exist'), { code: '42P01' });
        return { rows: (await env.exec(sql, params)) };
      };
      const ms = await collect(opsDbSource.read({ query: missing }, catalog));
      expect(ms.at(-1)).toMatchObject({ type: 'TRACE', trace: { type: 'ERROR', error: { message: expect.stringContaining('数据库迁移') } } });
      expect((ms.at(-1) as any).trace.error.message).toContain('audit_log');
    });
  });
}
