import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { resolveScope } from '../policies/scope.js';
import type { Actor, Db } from './context.js';
import { verifyPassword } from './passwords.js';

export interface SessionSettings {
  idleMinutes: number;
  absoluteHours: number;
}

const sha256 = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

// A hash to compare against when the username is unknown, so timing does not reveal which usernames exist.
const DUMMY_HASH =
  'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export interface LoginResult {
  token: string;
  userId: number;
}

/** Checks username and password; on success opens a server-side session and returns its token. */
export async function login(
  db: Knex,
  input: { username: string; password: string; ip: string | null; userAgent: string | null },
  settings: SessionSettings,
): Promise<LoginResult | null> {
  const user = await db('users').whereRaw('lower(username) = lower(?)', [input.username]).first();
  const ok = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok || user.status !== 'active') return null;
  const token = crypto.randomBytes(32).toString('base64url');
  const now = new Date();
  await db.transaction(async (trx) => {
    await trx('sessions').insert({
      id: sha256(token),
      user_id: user.id,
      ip: input.ip,
      user_agent: input.userAgent?.slice(0, 500) ?? null,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + settings.absoluteHours * 3600_000),
    });
    await trx('users').where('id', user.id).update({ last_login_at: now });
  });
  return { token, userId: Number(user.id) };
}

/** Loads the actor behind a session token, or null when it is unknown, idle too long or past its end. */
export async function actorForToken(db: Knex, token: string, settings: SessionSettings): Promise<Actor | null> {
  if (!token || token.length > 200) return null;
  const id = sha256(token);
  const row = await db('sessions as s')
    .join('users as u', 'u.id', 's.user_id')
    .select('s.id', 's.last_seen_at', 's.expires_at', 'u.id as user_id', 'u.username', 'u.display_name', 'u.org_id', 'u.status')
    .where('s.id', id)
    .first();
  if (!row) return null;
  const now = Date.now();
  const idleLimit = new Date(row.last_seen_at).getTime() + settings.idleMinutes * 60_000;
  if (row.status !== 'active' || now > new Date(row.expires_at).getTime() || now > idleLimit) {
    await db('sessions').where('id', id).delete();
    return null;
  }
  // Touch at most once a minute: fewer writes, same idle semantics to the minute.
  if (now - new Date(row.last_seen_at).getTime() > 60_000) {
    await db('sessions').where('id', id).update({ last_seen_at: new Date(now) });
  }
  return buildActor(db, Number(row.user_id), id);
}

/** Roles, permissions and scope of one user. */
export async function buildActor(db: Db, userId: number, sessionId: string): Promise<Actor | null> {
  const user = await db('users').where('id', userId).first();
  if (!user) return null;
  const roles: string[] = (await db('user_roles').where('user_id', userId).orderBy('role_code').pluck('role_code')) as string[];
  const permissions: string[] = roles.length
    ? ((await db('role_permissions').distinct('permission_code').whereIn('role_code', roles).pluck('permission_code')) as string[])
    : [];
  const orgId = Number(user.org_id);
  return {
    userId,
    username: user.username,
    displayName: user.display_name,
    orgId,
    roles,
    permissions: permissions.sort(),
    scope: await resolveScope({ orgId, roles }, db),
    sessionId,
  };
}

/** Ends a session: the cookie is worthless afterwards. */
export async function logout(db: Knex, sessionId: string): Promise<void> {
  await db('sessions').where('id', sessionId).delete();
}

/** Removes sessions past their absolute end. */
export async function purgeExpiredSessions(db: Knex): Promise<number> {
  return db('sessions').where('expires_at', '<', new Date()).delete();
}
