/** The SQL that differs between PostgreSQL and MySQL/MariaDB for the HIS source; no I/O here. */
import type { HisDialect } from './config.js';

export interface SqlQuery {
  sql: string;
  params: unknown[];
}

/** How one engine spells what the HIS source asks of it. */
export interface HisSqlDialect {
  readonly name: HisDialect;
  /** Quotes a validated identifier. */
  quote(ident: string): string;
  /** The placeholder of the i-th parameter (1-based). */
  param(i: number): string;
  /** Whether the engine matches column names case-insensitively. */
  readonly caseInsensitiveColumns: boolean;
  /** Statements run once per connection: read-only session, China Standard Time. */
  readonly sessionSetup: string[];
  /** The columns of a table or view, as rows of `{ column_name }`. */
  columnsQuery(schema: string | undefined, table: string): SqlQuery;
  /** A LIMIT value as the driver must bind it. */
  limitValue(n: number): unknown;
}

export const postgresDialect: HisSqlDialect = {
  name: 'postgres',
  quote: (ident) => `"${ident.replace(/"/g, '""')}"`,
  param: (i) => `$${i}`,
  caseInsensitiveColumns: false,
  sessionSetup: ["SET TIME ZONE 'Asia/Shanghai'", 'SET default_transaction_read_only = on'],
  columnsQuery: (schema, table) => ({
    sql: `SELECT column_name FROM information_schema.columns
          WHERE table_schema = COALESCE($1::text, current_schema()) AND table_name = $2 ORDER BY ordinal_position`,
    params: [schema ?? null, table],
  }),
  limitValue: (n) => n,
};

export const mysqlDialect: HisSqlDialect = {
  name: 'mysql',
  quote: (ident) => `\`${ident.replace(/`/g, '``')}\``,
  param: () => '?',
  caseInsensitiveColumns: true,
  sessionSetup: ["SET time_zone = '+08:00'", 'SET SESSION TRANSACTION READ ONLY'],
  columnsQuery: (schema, table) => ({
    sql: `SELECT COLUMN_NAME AS column_name FROM information_schema.COLUMNS
          WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
    params: [schema ?? null, table],
  }),
  // mysql2 binds a JS number as DOUBLE, which MySQL ≥ 8.0.22 refuses for LIMIT; a string is accepted by MySQL and MariaDB
  limitValue: (n) => String(n),
};

/** The dialect of a configured engine. */
export function dialectFor(name: HisDialect): HisSqlDialect {
  return name === 'postgres' ? postgresDialect : mysqlDialect;
}

export interface PageQueryInput {
  schema?: string;
  table: string;
  /** Columns to select: the cursor and key columns first, then the mapped data columns. */
  columns: string[];
  cursorColumn: string;
  keyColumns: string[];
  /** Where the last page ended; absent on a first read. */
  after?: { cursor: unknown; lastKey: unknown[] };
  pageSize: number;
}

/**
 * One page in (cursor, key…) order after the given position. A row-value comparison keeps rows that
 * share an update time apart, so a page boundary inside such a group loses nothing; both engines
 * support it. Rows whose cursor is NULL are never read.
 */
export function pageQuery(d: HisSqlDialect, q: PageQueryInput): SqlQuery {
  const from = q.schema ? `${d.quote(q.schema)}.${d.quote(q.table)}` : d.quote(q.table);
  const order = [q.cursorColumn, ...q.keyColumns].map((c) => d.quote(c));
  const params: unknown[] = [];
  let where = `${d.quote(q.cursorColumn)} IS NOT NULL`;
  if (q.after && q.after.lastKey.length === 0) {
    // no usable key: the rows of the last update time come again rather than being skipped
    params.push(q.after.cursor);
    where += ` AND ${d.quote(q.cursorColumn)} >= ${d.param(1)}`;
  } else if (q.after) {
    params.push(q.after.cursor, ...q.after.lastKey);
    where += ` AND (${order.join(', ')}) > (${params.map((_, i) => d.param(i + 1)).join(', ')})`;
  }
  params.push(d.limitValue(q.pageSize));
  const sql = `SELECT ${q.columns.map((c) => d.quote(c)).join(', ')} FROM ${from} WHERE ${where} ORDER BY ${order.join(', ')} LIMIT ${d.param(params.length)}`;
  return { sql, params };
}
