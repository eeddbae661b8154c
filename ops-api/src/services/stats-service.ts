import { applyOrgScopeKnex } from '../policies/scope.js';
import type { Actor, Db } from './context.js';

/** Counts for the home page, within the actor's scope. */
export async function overview(actor: Actor, db: Db) {
  const orgCounts: { kind: string; n: string | number }[] = await applyOrgScopeKnex(
    db('organizations').select('kind').count({ n: '*' }).where('status', 'active').groupBy('kind'),
    actor.scope,
    'id',
  );
  const byKind = (k: string) => Number(orgCounts.find((r) => r.kind === k)?.n ?? 0);
  const users = (await applyOrgScopeKnex(
    db('users').select(db.raw('count(*) as total'), db.raw(`count(*) filter (where status = 'active') as active`)),
    actor.scope,
    'org_id',
  ).first()) as { total: string | number; active: string | number };
  return {
    qcCenters: byKind('qc_center'),
    hospitals: byKind('hospital'),
    departments: byKind('department'),
    users: Number(users.total),
    activeUsers: Number(users.active),
  };
}
