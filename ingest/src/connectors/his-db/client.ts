/** Connections to a hospital's database: one small interface over pg and mysql2. */
import mysql from 'mysql2/promise';
import pg from 'pg';
import type { HisDialect } from './config.js';
import { dialectFor } from './dialect.js';

/** What the HIS source needs of a connection. */
export interface HisDbClient {
  query(sql: string, params: unknown[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

// Dates and times stay text: the cursor then round-trips to the database exactly (microseconds
// included), and values reach the validator as the hospital's wall clock.
const TEXT_OIDS = new Set([1082, 1083, 1114, 1184, 1266]);
const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    TEXT_OIDS.has(oid) ? (v: string) => v : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

const CONNECT_TIMEOUT_MS = 15_000;

async function connectPostgres(url: string): Promise<HisDbClient> {
  const client = new pg.Client({ connectionString: url, types: pgTypes, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: 'qc-ingest-his-db' });
  // an idle connection the server drops must not crash the process; the next query fails instead
  client.on('error', () => undefined);
  await client.connect();
  try {
    for (const sql of dialectFor('postgres').sessionSetup) await client.query(sql);
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
  return {
    async query(sql, params) {
      const result = await client.query(sql, params);
      return result.rows as Record<string, unknown>[];
    },
    close: () => client.end(),
  };
}

async function connectMysql(url: string): Promise<HisDbClient> {
  const conn = await mysql.createConnection({ uri: url, dateStrings: true, connectTimeout: CONNECT_TIMEOUT_MS, supportBigNumbers: true, bigNumberStrings: true, charset: 'utf8mb4' });
  conn.on('error', () => undefined);
  try {
    for (const sql of dialectFor('mysql').sessionSetup) await conn.query(sql);
  } catch (err) {
    await conn.end().catch(() => undefined);
    throw err;
  }
  return {
    async query(sql, params) {
      // execute = a server-side prepared statement: values never become SQL text
      const [rows] = await conn.execute(sql, params as (string | number | null)[]);
      return rows as Record<string, unknown>[];
    },
    close: () => conn.end(),
  };
}

/** Opens a connection in a read-only session on China Standard Time. */
export function connectHisDb(dialect: HisDialect, url: string): Promise<HisDbClient> {
  return dialect === 'postgres' ? connectPostgres(url) : connectMysql(url);
}

/** A driver error → a Chinese sentence for the hospital's administrator, without the connection string. */
export function describeDbError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const code = e?.code ?? '';
  const detail = (e?.message ?? String(err)).replace(/\w+:\/\/[^\s]+/g, '<连接串>');
  if (code === 'ECONNREFUSED') return `无法连接数据库：连接被拒绝（${detail}）`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `无法连接数据库：主机名无法解析（${detail}）`;
  if (code === 'ETIMEDOUT' || /timeout/i.test(detail)) return `无法连接数据库：连接超时（${detail}）`;
  if (code === '28P01' || code === '28000' || code === 'ER_ACCESS_DENIED_ERROR') return `数据库拒绝登录，请检查用户名和密码（${detail}）`;
  if (code === '3D000' || code === 'ER_BAD_DB_ERROR') return `数据库不存在（${detail}）`;
  return `数据库出错：${detail}`;
}
