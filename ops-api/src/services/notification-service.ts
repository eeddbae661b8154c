import { NotFoundError } from '../errors.js';
import { presentNotification, type NotificationRow } from '../presenters/report.js';
import type { Actor, Db } from './context.js';

export interface NotificationInput {
  kind: string;
  title: string;
  body?: string | null;
  link?: string | null;
  /** What it is about: the same key is written to a user once, however often a job runs. */
  dedupeKey?: string | null;
}

/** Active users of an organization holding a permission (through any of their roles). */
export async function usersWithPermission(db: Db, orgId: number, permission: string): Promise<number[]> {
  const rows = (await db('users as u')
    .join('user_roles as ur', 'ur.user_id', 'u.id')
    .join('role_permissions as rp', 'rp.role_code', 'ur.role_code')
    .where({ 'u.org_id': orgId, 'u.status': 'active', 'rp.permission_code': permission })
    .distinct('u.id')) as { id: number }[];
  return rows.map((r) => Number(r.id));
}

/**
 * Writes one notification to each of the users (skipping those who already have its dedupe key); the
 * number written. A signed-in writer (a reviewer) cannot read back what it wrote for someone else
 * (RLS), so `count: false` skips RETURNING and answers the number of recipients.
 */
export async function notifyUsers(db: Db, userIds: number[], orgId: number | null, n: NotificationInput, options: { count?: boolean } = {}): Promise<number> {
  if (!userIds.length) return 0;
  const rows = userIds.map((user_id) => ({
    user_id,
    org_id: orgId,
    kind: n.kind,
    title: n.title,
    body: n.body ?? null,
    link: n.link ?? null,
    dedupe_key: n.dedupeKey ?? null,
  }));
  // ON CONFLICT without a target also covers the partial unique index on (user_id, dedupe_key)
  const insert = db('notifications').insert(rows).onConflict().ignore();
  if (options.count === false) {
    await insert;
    return rows.length;
  }
  return ((await insert.returning('id')) as { id: number }[]).length;
}

/** Notifies the users of a hospital who fill its reports (医院联络员). */
export async function notifyHospitalFillers(db: Db, hospitalId: number, n: NotificationInput, options: { count?: boolean } = {}): Promise<number> {
  return notifyUsers(db, await usersWithPermission(db, hospitalId, 'report:fill'), hospitalId, n, options);
}

/** The actor's notifications, newest first, with the unread count. */
export async function listNotifications(db: Db, actor: Actor, query: { unread?: boolean; page: number; pageSize: number }) {
  const q = db('notifications').where('user_id', actor.userId);
  if (query.unread) q.whereNull('read_at');
  const { n } = (await q.clone().count({ n: '*' }).first()) as { n: string | number };
  const { u } = (await db('notifications').where('user_id', actor.userId).whereNull('read_at').count({ u: '*' }).first()) as { u: string | number };
  const rows = (await q.orderBy('id', 'desc').offset((query.page - 1) * query.pageSize).limit(query.pageSize)) as NotificationRow[];
  return { items: rows.map(presentNotification), total: Number(n), unread: Number(u), page: query.page, pageSize: query.pageSize };
}

/** Marks one of the actor's notifications read (idempotent). */
export async function markNotificationRead(db: Db, actor: Actor, id: number) {
  const row = (await db('notifications').where({ id, user_id: actor.userId }).first()) as NotificationRow | undefined;
  if (!row) throw new NotFoundError('通知');
  if (!row.read_at) {
    const [updated] = (await db('notifications').where('id', id).update({ read_at: db.fn.now() }).returning('*')) as NotificationRow[];
    return presentNotification(updated!);
  }
  return presentNotification(row);
}
