import crypto from 'node:crypto';
import type { Knex } from 'knex';
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import svgCaptcha from 'svg-captcha';
import { AppError, ValidationError } from '../errors.js';
import { resolveScope } from '../policies/scope.js';
import type { DataCipher } from '../security/crypto.js';
import { sha256 } from '../security/crypto.js';
import { getPolicy, type SecurityPolicy } from '../security/policy.js';
import type { Actor, Db, PendingStep } from './context.js';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './passwords.js';

// A hash to compare against when the username is unknown, so timing does not reveal which usernames exist.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
const TOTP_ISSUER = '柳州市医疗质控平台';

interface UserRow {
  id: number;
  username: string;
  password_hash: string;
  status: string;
  must_change_password: boolean;
  password_changed_at: Date | string | null;
  totp_enabled: boolean;
  totp_secret: string | null;
  totp_last_step: number | string | null;
}

export interface LoginInput {
  username: string;
  password: string;
  captchaId?: string;
  captcha?: string;
  totp?: string;
  ip: string | null;
  userAgent: string | null;
}

export interface LoginResult {
  token: string;
  csrfToken: string;
  userId: number;
  next: PendingStep;
}

/** The refusal of a login: its code tells the client what to show next (captcha, second factor, wait). */
export class LoginError extends AppError {}

function totpFor(username: string, base32: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: TOTP_ISSUER,
    label: username,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: OTPAuth.Secret.fromBase32(base32),
  });
}

/** The 30-second step a code belongs to, or null when it is wrong (±1 step of clock drift). */
function acceptedStep(totp: OTPAuth.TOTP, code: string): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp.validate({ token: code, window: 1 });
  if (delta === null) return null;
  return Math.floor(Date.now() / 1000 / 30) + delta;
}

async function rolesOf(db: Db, userId: number): Promise<string[]> {
  return (await db('user_roles').where('user_id', userId).orderBy('role_code').pluck('role_code')) as string[];
}

/** What a user must do before using the platform: change the password, or enrol a second factor. */
export function pendingStep(user: UserRow, roles: string[], policy: SecurityPolicy, now = Date.now()): PendingStep {
  const changedAt = user.password_changed_at ? new Date(user.password_changed_at).getTime() : 0;
  if (user.must_change_password || now - changedAt > policy.passwordMaxAgeDays * 86_400_000) return 'change_password';
  if (!user.totp_enabled && roles.some((r) => policy.totpRequiredRoles.includes(r))) return 'enroll_totp';
  return null;
}

async function recordFailure(db: Knex, key: string, policy: SecurityPolicy): Promise<{ failures: number; lockedUntil: Date | null }> {
  const now = new Date();
  const row = (await db('login_attempts').where('username_key', key).first()) as { failures: number } | undefined;
  const failures = (row?.failures ?? 0) + 1;
  const lockedUntil = failures >= policy.lockoutThreshold ? new Date(now.getTime() + policy.lockoutMinutes * 60_000) : null;
  await db('login_attempts')
    .insert({ username_key: key, failures, last_failure_at: now, locked_until: lockedUntil })
    .onConflict('username_key')
    .merge(['failures', 'last_failure_at', 'locked_until']);
  await db('users').whereRaw('lower(username) = ?', [key]).update({ failed_attempts: failures, locked_until: lockedUntil });
  return { failures, lockedUntil };
}

function lockedError(until: Date): LoginError {
  const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
  return new LoginError(423, 'ACCOUNT_LOCKED', `登录失败次数过多，账号已锁定，请 ${minutes} 分钟后再试`, {
    lockedUntil: until.toISOString(),
  });
}

async function failLogin(db: Knex, key: string, policy: SecurityPolicy, code: string, message: string): Promise<never> {
  const { failures, lockedUntil } = await recordFailure(db, key, policy);
  if (lockedUntil) throw lockedError(lockedUntil);
  throw new LoginError(401, code, message, {
    captchaRequired: failures >= policy.captchaAfterFailures,
    remainingAttempts: policy.lockoutThreshold - failures,
  });
}

/** Makes an image captcha; the answer is kept hashed for 5 minutes and is good once. */
export async function createCaptcha(db: Knex): Promise<{ captchaId: string; image: string }> {
  const c = svgCaptcha.create({ size: 4, noise: 3, ignoreChars: '0oO1iIlL', color: true, background: '#f5f7fa', width: 120, height: 40 });
  const id = crypto.randomUUID();
  await db('captchas').where('expires_at', '<', new Date()).delete();
  await db('captchas').insert({ id, answer_hash: sha256(c.text.toLowerCase()), expires_at: new Date(Date.now() + 5 * 60_000) });
  return { captchaId: id, image: `data:image/svg+xml;base64,${Buffer.from(c.data).toString('base64')}` };
}

async function checkCaptcha(db: Knex, id: string | undefined, answer: string | undefined): Promise<boolean> {
  if (!id || !answer || !/^[0-9a-f-]{36}$/i.test(id)) return false;
  const row = (await db('captchas').where('id', id).first()) as { answer_hash: string; expires_at: Date } | undefined;
  if (!row) return false;
  await db('captchas').where('id', id).delete();
  return new Date(row.expires_at).getTime() > Date.now() && row.answer_hash === sha256(answer.trim().toLowerCase());
}

/**
 * Checks a login step by step — lockout, captcha, password, second factor — and on success opens a
 * server-side session. Failures of known and unknown names are counted alike.
 */
export async function login(db: Knex, input: LoginInput, cipher: DataCipher, defaults: Partial<SecurityPolicy> = {}): Promise<LoginResult> {
  const policy = await getPolicy(db, defaults);
  const key = input.username.trim().toLowerCase();
  const attempts = (await db('login_attempts').where('username_key', key).first()) as
    | { failures: number; locked_until: Date | null }
    | undefined;
  if (attempts?.locked_until && new Date(attempts.locked_until).getTime() > Date.now()) throw lockedError(new Date(attempts.locked_until));
  if (attempts?.locked_until) {
    // the lock has run out: start counting afresh
    await db('login_attempts').where('username_key', key).update({ failures: 0, locked_until: null });
    attempts.failures = 0;
  }
  if ((attempts?.failures ?? 0) >= policy.captchaAfterFailures) {
    if (!input.captchaId || !input.captcha) {
      throw new LoginError(401, 'CAPTCHA_REQUIRED', '请填写验证码', { captchaRequired: true });
    }
    if (!(await checkCaptcha(db, input.captchaId, input.captcha))) {
      throw new LoginError(401, 'CAPTCHA_INVALID', '验证码错误或已过期，请重新填写', { captchaRequired: true });
    }
  }
  const user = (await db('users').whereRaw('lower(username) = ?', [key]).first()) as UserRow | undefined;
  const passwordOk = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !passwordOk || user.status !== 'active') {
    return failLogin(db, key, policy, 'LOGIN_FAILED', '用户名或密码错误，或账号已停用');
  }
  if (user.totp_enabled && user.totp_secret) {
    if (!input.totp) throw new LoginError(401, 'TOTP_REQUIRED', '请输入身份验证器中的 6 位动态口令', { captchaRequired: false });
    const secret = cipher.decrypt(user.totp_secret)!;
    const step = acceptedStep(totpFor(user.username, secret), input.totp.trim());
    if (step === null || (user.totp_last_step !== null && step <= Number(user.totp_last_step))) {
      return failLogin(db, key, policy, 'TOTP_INVALID', '动态口令错误或已使用，请输入身份验证器中最新的 6 位口令');
    }
    await db('users').where('id', user.id).update({ totp_last_step: step });
  }
  await db('login_attempts').where('username_key', key).delete();
  const roles = await rolesOf(db, user.id);
  const token = crypto.randomBytes(32).toString('base64url');
  const csrfToken = crypto.randomBytes(24).toString('base64url');
  const now = new Date();
  await db.transaction(async (trx) => {
    await trx('sessions').insert({
      id: sha256(token),
      user_id: user.id,
      ip: input.ip,
      user_agent: input.userAgent?.slice(0, 500) ?? null,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + policy.sessionAbsoluteHours * 3600_000),
      csrf_hash: sha256(csrfToken),
    });
    await trx('users').where('id', user.id).update({ last_login_at: now, failed_attempts: 0, locked_until: null });
  });
  return { token, csrfToken, userId: Number(user.id), next: pendingStep(user, roles, policy) };
}

/** Loads the actor behind a session token, or null when it is unknown, idle too long or past its end. */
export async function actorForToken(db: Knex, token: string, defaults: Partial<SecurityPolicy> = {}): Promise<Actor | null> {
  if (!token || token.length > 200) return null;
  const id = sha256(token);
  const row = await db('sessions as s')
    .join('users as u', 'u.id', 's.user_id')
    .select('s.id', 's.last_seen_at', 's.expires_at', 's.csrf_hash', 'u.id as user_id', 'u.status')
    .where('s.id', id)
    .first();
  if (!row) return null;
  const policy = await getPolicy(db, defaults);
  const now = Date.now();
  const idleLimit = new Date(row.last_seen_at).getTime() + policy.sessionIdleMinutes * 60_000;
  if (row.status !== 'active' || now > new Date(row.expires_at).getTime() || now > idleLimit) {
    await db('sessions').where('id', id).delete();
    return null;
  }
  // Touch at most once a minute: fewer writes, same idle semantics to the minute.
  if (now - new Date(row.last_seen_at).getTime() > 60_000) {
    await db('sessions').where('id', id).update({ last_seen_at: new Date(now) });
  }
  const actor = await buildActor(db, Number(row.user_id), id, policy);
  if (actor) actor.csrfHash = row.csrf_hash ?? null;
  return actor;
}

/** Roles, permissions, scope and pending step of one user. */
export async function buildActor(db: Db, userId: number, sessionId: string, policy?: SecurityPolicy): Promise<Actor | null> {
  const user = (await db('users as u')
    .join('organizations as o', 'o.id', 'u.org_id')
    .select('u.*', 'o.name as org_name')
    .where('u.id', userId)
    .first()) as (UserRow & { display_name: string; org_id: number; org_name: string }) | undefined;
  if (!user) return null;
  const roles = await rolesOf(db, userId);
  const permissions: string[] = roles.length
    ? ((await db('role_permissions').distinct('permission_code').whereIn('role_code', roles).pluck('permission_code')) as string[])
    : [];
  const orgId = Number(user.org_id);
  const effective = policy ?? (await getPolicy(db));
  const changedAt = user.password_changed_at ? new Date(user.password_changed_at).getTime() : null;
  return {
    userId,
    username: user.username,
    displayName: user.display_name,
    orgId,
    orgName: user.org_name,
    roles,
    permissions: permissions.sort(),
    scope: await resolveScope({ orgId, roles }, db),
    sessionId,
    pending: pendingStep(user, roles, effective),
    mustChangePassword: user.must_change_password,
    passwordExpiresAt: changedAt === null ? null : new Date(changedAt + effective.passwordMaxAgeDays * 86_400_000).toISOString(),
    totpEnabled: user.totp_enabled,
    totpRequired: roles.some((r) => effective.totpRequiredRoles.includes(r)),
    csrfHash: null,
  };
}

/** Ends a session: the cookie is worthless afterwards. */
export async function logout(db: Db, sessionId: string): Promise<void> {
  await db('sessions').where('id', sessionId).delete();
}

/** The user changes their own password: the old one must be right, the new one meet the policy and not repeat the last N. */
export async function changePassword(db: Db, actor: Actor, oldPassword: string, newPassword: string): Promise<void> {
  const policy = await getPolicy(db);
  const user = (await db('users').where('id', actor.userId).first()) as UserRow;
  if (!(await verifyPassword(oldPassword, user.password_hash))) {
    throw new ValidationError('原密码 不正确', [{ field: 'oldPassword', message: '原密码 不正确' }]);
  }
  const weak = checkPasswordPolicy(newPassword, user.username, { minLength: policy.passwordMinLength, minClasses: policy.passwordMinClasses });
  if (weak) throw new ValidationError(`新密码 不符合要求：${weak}`, [{ field: 'newPassword', message: weak }]);
  const history = (await db('password_history')
    .where('user_id', actor.userId)
    .orderBy('created_at', 'desc')
    .limit(Math.max(0, policy.passwordHistory - 1))
    .pluck('password_hash')) as string[];
  for (const old of [user.password_hash, ...history]) {
    if (await verifyPassword(newPassword, old)) {
      const message = `新密码不能与最近 ${policy.passwordHistory} 次使用过的密码相同`;
      throw new ValidationError(message, [{ field: 'newPassword', message }]);
    }
  }
  await db('password_history').insert({ user_id: actor.userId, password_hash: user.password_hash });
  await db('users')
    .where('id', actor.userId)
    .update({ password_hash: await hashPassword(newPassword), password_changed_at: new Date(), must_change_password: false, updated_at: new Date() });
  await db('sessions').where('user_id', actor.userId).whereNot('id', actor.sessionId).delete();
}

/** Starts TOTP enrolment: a new pending secret, shown once as text and QR code. */
export async function setupTotp(db: Db, actor: Actor, cipher: DataCipher) {
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  await db('users').where('id', actor.userId).update({ totp_pending_secret: cipher.encrypt(secret) });
  const otpauthUrl = totpFor(actor.username, secret).toString();
  return { secret, otpauthUrl, qrDataUrl: await QRCode.toDataURL(otpauthUrl, { margin: 1, width: 220 }) };
}

/** Activates the pending secret once a code from it is right. */
export async function activateTotp(db: Db, actor: Actor, code: string, cipher: DataCipher): Promise<void> {
  const user = (await db('users').where('id', actor.userId).first()) as UserRow & { totp_pending_secret: string | null };
  if (!user.totp_pending_secret) {
    throw new ValidationError('请先开始设置两步验证', [{ field: 'code', message: '请先开始设置两步验证' }]);
  }
  const secret = cipher.decrypt(user.totp_pending_secret)!;
  const step = acceptedStep(totpFor(user.username, secret), code.trim());
  if (step === null) throw new ValidationError('动态口令 不正确，请输入身份验证器中最新的 6 位口令', [{ field: 'code', message: '动态口令 不正确' }]);
  await db('users').where('id', actor.userId).update({
    totp_secret: user.totp_pending_secret,
    totp_pending_secret: null,
    totp_enabled: true,
    totp_last_step: step,
  });
}

/** Turns the second factor off, where the user's roles do not require it. */
export async function disableTotp(db: Db, actor: Actor, code: string, cipher: DataCipher): Promise<void> {
  if (actor.totpRequired) throw new ValidationError('您的角色要求两步验证，不能停用', [{ field: 'code', message: '您的角色要求两步验证，不能停用' }]);
  const user = (await db('users').where('id', actor.userId).first()) as UserRow;
  if (!user.totp_enabled || !user.totp_secret) return;
  if (acceptedStep(totpFor(user.username, cipher.decrypt(user.totp_secret)!), code.trim()) === null) {
    throw new ValidationError('动态口令 不正确', [{ field: 'code', message: '动态口令 不正确' }]);
  }
  await db('users').where('id', actor.userId).update({ totp_enabled: false, totp_secret: null, totp_last_step: null });
}

/** The user's own sessions. */
export async function listSessions(db: Db, actor: Actor) {
  const rows = (await db('sessions')
    .where('user_id', actor.userId)
    .orderBy('last_seen_at', 'desc')
    .select('id', 'public_id', 'ip', 'user_agent', 'created_at', 'last_seen_at', 'expires_at')) as {
    id: string;
    public_id: string;
    ip: string | null;
    user_agent: string | null;
    created_at: Date;
    last_seen_at: Date;
    expires_at: Date;
  }[];
  return rows.map((r) => ({
    id: r.public_id,
    ip: r.ip,
    userAgent: r.user_agent,
    createdAt: new Date(r.created_at).toISOString(),
    lastSeenAt: new Date(r.last_seen_at).toISOString(),
    expiresAt: new Date(r.expires_at).toISOString(),
    current: r.id === actor.sessionId,
  }));
}

/** Ends one of the user's own sessions; false when there is no such session. */
export async function revokeSession(db: Db, actor: Actor, publicId: string): Promise<boolean> {
  // count by returned rows: PGlite's driver reports no row count for DELETE
  const gone = await db('sessions').where({ user_id: actor.userId, public_id: publicId }).delete().returning('id');
  return gone.length > 0;
}

/** Removes sessions past their absolute end and stale captchas. */
export async function purgeExpired(db: Knex): Promise<void> {
  await db('sessions').where('expires_at', '<', new Date()).delete();
  await db('captchas').where('expires_at', '<', new Date()).delete();
}

/** Checks a TOTP code for a secret: for tests and the command line. */
export function totpCode(username: string, secret: string): string {
  return totpFor(username, secret).generate();
}
