/**
 * The three streams of the operational database and the SQL that reads them (PostgreSQL; PGlite runs
 * the same). Personal and secret columns are never selected: no names, phones, e-mails, password
 * hashes, TOTP secrets, audit before/after images, IPs or user agents.
 */
import type { AirbyteStream } from '../../core/protocol.js';

export type OpsStreamName = 'organizations' | 'users' | 'audit_events';

/** Timestamps leave the database as UTC ISO text with microseconds: exact as a cursor, the same from pg and PGlite. */
export function isoText(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

const str = { type: ['string', 'null'] };
const int = { type: ['integer', 'null'] };
const bool = { type: ['boolean', 'null'] };
const date = { type: ['string', 'null'], format: 'date' };
const ts = { type: ['string', 'null'], format: 'date-time', airbyte_type: 'timestamp_with_timezone' };

function schema(properties: Record<string, unknown>, required: string[]): Record<string, unknown> {
  return { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', additionalProperties: false, required, properties };
}

/** How one stream is read. */
export interface OpsStreamSpec {
  stream: AirbyteStream;
  /** SELECT list and FROM of one row, without WHERE. */
  select: string;
  /** Incremental by (updated_at, id), with audit entries on `auditObjectType` catching changes that did not touch updated_at; or by id alone. */
  cursor: 'updated_at' | 'id';
  /** alias-qualified columns of the cursor */
  updatedAtColumn?: string;
  idColumn: string;
  auditObjectType?: string;
  /** integer columns, which pg returns as text for bigint */
  intColumns: string[];
}

const ORG_SELECT = `SELECT o.id, o.code, o.name, o.short_name, o.kind, o.parent_id, o.status, o.level, o.category, o.specialty,
  o.host_hospital_id, o.tier, o.type, o.ownership, o.district, o.term_start::text AS term_start, o.term_end::text AS term_end,
  ${isoText('o.created_at')} AS created_at, ${isoText('o.updated_at')} AS updated_at
  FROM organizations o`;

const USER_SELECT = `SELECT u.id, u.org_id, u.status,
  COALESCE((SELECT array_agg(ur.role_code ORDER BY ur.role_code) FROM user_roles ur WHERE ur.user_id = u.id), ARRAY[]::text[]) AS roles,
  u.must_change_password, u.totp_enabled,
  ${isoText('u.last_login_at')} AS last_login_at, ${isoText('u.password_changed_at')} AS password_changed_at,
  ${isoText('u.created_at')} AS created_at, ${isoText('u.updated_at')} AS updated_at
  FROM users u`;

const AUDIT_SELECT = `SELECT a.id, ${isoText('a.at')} AS at, a.action, a.result, a.org_id, a.object_type
  FROM audit_log a`;

export const OPS_STREAMS: Record<OpsStreamName, OpsStreamSpec> = {
  organizations: {
    stream: {
      name: 'organizations',
      json_schema: schema(
        {
          id: { type: 'integer' }, code: { type: 'string', description: '机构代码' }, name: { type: 'string', description: '名称' },
          short_name: str, kind: { type: 'string', description: 'commission / qc_center / hospital / department' }, parent_id: int,
          status: { type: 'string' }, level: str, category: str, specialty: str, host_hospital_id: int, tier: str, type: str,
          ownership: str, district: str, term_start: date, term_end: date, created_at: ts, updated_at: ts,
        },
        ['id', 'code', 'name', 'kind', 'status'],
      ),
      supported_sync_modes: ['full_refresh', 'incremental'],
      source_defined_cursor: true,
      default_cursor_field: ['updated_at'],
      source_defined_primary_key: [['id']],
    },
    select: ORG_SELECT,
    cursor: 'updated_at',
    updatedAtColumn: 'o.updated_at',
    idColumn: 'o.id',
    auditObjectType: 'org',
    intColumns: ['id', 'parent_id', 'host_hospital_id'],
  },
  users: {
    stream: {
      name: 'users',
      json_schema: schema(
        {
          id: { type: 'integer' }, org_id: { type: 'integer' }, status: { type: 'string' },
          roles: { type: 'array', items: { type: 'string' }, description: '角色代码' }, must_change_password: bool, totp_enabled: bool,
          last_login_at: ts, password_changed_at: ts, created_at: ts, updated_at: ts,
        },
        ['id', 'org_id', 'status', 'roles'],
      ),
      supported_sync_modes: ['full_refresh', 'incremental'],
      source_defined_cursor: true,
      default_cursor_field: ['updated_at'],
      source_defined_primary_key: [['id']],
    },
    select: USER_SELECT,
    cursor: 'updated_at',
    updatedAtColumn: 'u.updated_at',
    idColumn: 'u.id',
    // role changes, logins and edits are audited but do not all touch users.updated_at
    auditObjectType: 'user',
    intColumns: ['id', 'org_id'],
  },
  audit_events: {
    stream: {
      name: 'audit_events',
      json_schema: schema(
        {
          id: { type: 'integer' }, at: { type: 'string', format: 'date-time', airbyte_type: 'timestamp_with_timezone' },
          action: { type: 'string' }, result: { type: 'string', enum: ['success', 'failure', 'denied'] }, org_id: int,
          object_type: str,
        },
        ['id', 'at', 'action', 'result'],
      ),
      supported_sync_modes: ['full_refresh', 'incremental'],
      source_defined_cursor: true,
      default_cursor_field: ['id'],
      source_defined_primary_key: [['id']],
    },
    select: AUDIT_SELECT,
    cursor: 'id',
    idColumn: 'a.id',
    intColumns: ['id', 'org_id'],
  },
};
