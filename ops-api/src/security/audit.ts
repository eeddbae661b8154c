import canonicalizeModule from 'canonicalize';

// canonicalize is CommonJS (`module.exports = fn`) but declares an ES default export.
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string;
import type { Db } from '../services/context.js';
import { sm3 } from './crypto.js';

export type AuditResult = 'success' | 'failure' | 'denied';

/** Who did it, from where: filled from the request. */
export interface AuditSubject {
  userId: number | null;
  username: string | null;
  roles: string[];
  orgId: number | null;
  orgName?: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

/** What was done to what. `before`/`after` must already have personal fields masked (presenters do). */
export interface AuditEvent {
  action: string;
  objectType?: string | null;
  objectId?: string | number | null;
  before?: unknown;
  after?: unknown;
  result?: AuditResult;
  detail?: string | null;
}

interface ChainedFields {
  id: number;
  at: string;
  user_id: number | null;
  username: string | null;
  roles: string[];
  org_id: number | null;
  org_name: string | null;
  ip: string | null;
  user_agent: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  before: unknown;
  after: unknown;
  result: AuditResult;
  detail: string | null;
  request_id: string | null;
  prev_hash: string;
}

/** SM3 over the previous hash and the canonical JSON (RFC 8785) of the entry. */
export function entryHash(fields: ChainedFields): string {
  return sm3(fields.prev_hash + canonicalize(fields));
}

/** JSON values go through jsonb: normalise them the way jsonb will hand them back. */
function normalise(value: unknown): unknown {
  return value === undefined || value === null ? null : JSON.parse(JSON.stringify(value));
}

/**
 * Appends one entry, chained to the last. The head row is locked for the rest of the transaction, so
 * entries of concurrent transactions (and processes) chain in id order.
 */
export async function appendAudit(db: Db, subject: AuditSubject, event: AuditEvent): Promise<number> {
  const head = (await db('audit_head').where('id', 1).forUpdate().first()) as { last_hash: string };
  const { rows } = (await db.raw(`SELECT nextval(pg_get_serial_sequence('audit_log', 'id')) AS id`)) as { rows: { id: string | number }[] };
  const fields: ChainedFields = {
    id: Number(rows[0]!.id),
    at: new Date().toISOString(),
    user_id: subject.userId,
    username: subject.username,
    roles: [...subject.roles].sort(),
    org_id: subject.orgId,
    org_name: subject.orgName ?? null,
    ip: subject.ip,
    user_agent: subject.userAgent ? subject.userAgent.slice(0, 300) : null,
    action: event.action,
    object_type: event.objectType ?? null,
    object_id: event.objectId === undefined || event.objectId === null ? null : String(event.objectId),
    before: normalise(event.before),
    after: normalise(event.after),
    result: event.result ?? 'success',
    detail: event.detail ? event.detail.slice(0, 1000) : null,
    request_id: subject.requestId,
    prev_hash: head.last_hash,
  };
  const hash = entryHash(fields);
  await db('audit_log').insert({
    ...fields,
    before: fields.before === null ? null : JSON.stringify(fields.before),
    after: fields.after === null ? null : JSON.stringify(fields.after),
    hash,
  });
  await db('audit_head').where('id', 1).update({ last_id: fields.id, last_hash: hash });
  return fields.id;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBroken: { id: number; at: string | null; reason: string } | null;
}

/** Walks the chain in id order and names the first entry whose hash or link does not hold. */
export async function verifyAuditChain(db: Db, batchSize = 5000): Promise<VerifyResult> {
  const head = (await db('audit_head').where('id', 1).first()) as { last_id: number | null; last_hash: string; anchor_hash: string };
  let prev = head.anchor_hash;
  let checked = 0;
  let lastId = 0;
  for (;;) {
    const rows = (await db('audit_log').where('id', '>', lastId).orderBy('id').limit(batchSize)) as (Omit<ChainedFields, 'at'> & {
      at: Date | string;
      hash: string;
    })[];
    if (!rows.length) break;
    for (const r of rows) {
      const at = new Date(r.at).toISOString();
      const fields: ChainedFields = {
        id: Number(r.id),
        at,
        user_id: r.user_id === null ? null : Number(r.user_id),
        username: r.username,
        roles: r.roles ?? [],
        org_id: r.org_id === null ? null : Number(r.org_id),
        org_name: r.org_name,
        ip: r.ip,
        user_agent: r.user_agent,
        action: r.action,
        object_type: r.object_type,
        object_id: r.object_id,
        before: r.before ?? null,
        after: r.after ?? null,
        result: r.result,
        detail: r.detail,
        request_id: r.request_id,
        prev_hash: r.prev_hash,
      };
      if (r.prev_hash !== prev) {
        return { ok: false, checked, firstBroken: { id: fields.id, at, reason: '与上一条记录的链接断开（有记录被删除、插入或改动）' } };
      }
      if (entryHash(fields) !== r.hash) {
        return { ok: false, checked, firstBroken: { id: fields.id, at, reason: '记录内容与其哈希不符（记录被改动）' } };
      }
      prev = r.hash;
      lastId = fields.id;
      checked++;
    }
  }
  if (prev !== head.last_hash) {
    return { ok: false, checked, firstBroken: { id: head.last_id ?? lastId + 1, at: null, reason: '链尾与记录不符（最新的记录被删除）' } };
  }
  return { ok: true, checked, firstBroken: null };
}

/**
 * Removes entries older than the retention (never less than 180 days, which the database also
 * enforces), re-anchors the chain at the first kept entry, and records the purge in the chain.
 */
export async function purgeAudit(db: Db, retentionDays: number, subject: AuditSubject): Promise<number> {
  const days = Math.max(180, retentionDays);
  const cutoff = new Date(Date.now() - days * 86_400_000);
  await db('audit_head').where('id', 1).forUpdate().first();
  // The chain can only lose a prefix: stop at the first entry inside the retention, even if a later
  // one (a clock set back) is older.
  const firstRecent = (await db('audit_log').where('at', '>=', cutoff).min({ id: 'id' }).first()) as { id: number | null } | undefined;
  const prefix = db('audit_log').where('at', '<', cutoff);
  if (firstRecent?.id) prefix.where('id', '<', firstRecent.id);
  const doomed = (await prefix.max({ id: 'id' }).first()) as { id: number | null } | undefined;
  if (!doomed?.id) return 0;
  const firstKept = (await db('audit_log').where('id', '>', doomed.id).orderBy('id').first()) as { prev_hash: string } | undefined;
  await db.raw(`SELECT set_config('qc.audit_purge', 'on', true)`);
  const removed = (await db('audit_log').where('id', '<=', doomed.id).delete().returning('id')).length;
  await db.raw(`SELECT set_config('qc.audit_purge', 'off', true)`);
  if (firstKept) await db('audit_head').where('id', 1).update({ anchor_hash: firstKept.prev_hash });
  else {
    const head = (await db('audit_head').where('id', 1).first()) as { last_hash: string };
    await db('audit_head').where('id', 1).update({ anchor_hash: head.last_hash });
  }
  await appendAudit(db, subject, { action: 'audit.purge', detail: `按保留期 ${days} 天删除了 ${removed} 条早于 ${cutoff.toISOString()} 的审计记录` });
  return removed;
}
