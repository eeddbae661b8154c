import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { Organization } from '../models/organization.js';
import { User, type UserStatus } from '../models/user.js';
import { grantableRoles, PERMISSION_BY_CODE, ROLE_BY_CODE, separationViolation, THREE_ADMINS, type RoleCode } from '../policies/catalog.js';
import { applyOrgScope, inScope } from '../policies/scope.js';
import { presentUser, type UserRow, type UserView } from '../presenters/user.js';
import type { DataCipher } from '../security/crypto.js';
import type { Actor, Db } from './context.js';
import { checkPasswordPolicy, hashPassword } from './passwords.js';

export interface UserListQuery {
  q?: string;
  orgId?: number;
  role?: string;
  status?: UserStatus;
  page: number;
  pageSize: number;
}

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  orgId: number;
  roleCodes: string[];
  phone?: string | null;
  email?: string | null;
  mustChangePassword?: boolean;
}

export interface UserPatch {
  displayName?: string;
  orgId?: number;
  phone?: string | null;
  email?: string | null;
  status?: UserStatus;
}

/** Users joined with their organization, restricted to the actor's scope. */
function scopedUsers(actor: Actor, db: Db) {
  return applyOrgScope(
    User.query(db)
      .select(
        'users.id',
        'users.username',
        'users.display_name',
        'users.status',
        'users.org_id',
        'users.phone',
        'users.email',
        'users.last_login_at',
        'users.created_at',
        'users.updated_at',
        'o.code as org_code',
        'o.name as org_name',
        'o.kind as org_kind',
      )
      .join('organizations as o', 'o.id', 'users.org_id'),
    actor.scope,
    'users.org_id',
  );
}

async function rolesOf(userIds: number[], db: Db): Promise<Map<number, { code: string; name: string }[]>> {
  const map = new Map<number, { code: string; name: string }[]>();
  if (!userIds.length) return map;
  const rows: { user_id: number; code: string; name: string }[] = await db('user_roles as ur')
    .join('roles as r', 'r.code', 'ur.role_code')
    .select('ur.user_id', 'r.code', 'r.name')
    .whereIn('ur.user_id', userIds)
    .orderBy('r.code');
  for (const r of rows) {
    const list = map.get(Number(r.user_id)) ?? [];
    list.push({ code: r.code, name: r.name });
    map.set(Number(r.user_id), list);
  }
  return map;
}

/** One page of users in scope. */
export async function listUsers(actor: Actor, query: UserListQuery, db: Db, cipher: DataCipher): Promise<{ items: UserView[]; total: number }> {
  const base = scopedUsers(actor, db);
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base.where((w) => w.where('users.username', 'ilike', like).orWhere('users.display_name', 'ilike', like));
  }
  if (query.orgId !== undefined) base.where('users.org_id', query.orgId);
  if (query.status) base.where('users.status', query.status);
  if (query.role) base.whereExists((q) => q.from('user_roles as fr').whereRaw('fr.user_id = users.id').where('fr.role_code', query.role!));
  const total = await base.clone().resultSize();
  const rows = (await base
    .orderBy('users.id')
    .offset((query.page - 1) * query.pageSize)
    .limit(query.pageSize)) as unknown as UserRow[];
  const roles = await rolesOf(
    rows.map((r) => Number(r.id)),
    db,
  );
  return { items: rows.map((r) => presentUser(decrypted(r, cipher), roles.get(Number(r.id)) ?? [])), total };
}

/** A user in scope, presented; NotFound otherwise. */
export async function getUser(actor: Actor, id: number, db: Db, cipher: DataCipher): Promise<UserView> {
  const row = (await scopedUsers(actor, db).findOne('users.id', id)) as unknown as UserRow | undefined;
  if (!row) throw new NotFoundError('用户');
  const roles = await rolesOf([id], db);
  return presentUser(decrypted(row, cipher), roles.get(id) ?? []);
}

/** A user's phone and e-mail in clear: only for holders of personal:unmask (the route audits it). */
export async function getContact(actor: Actor, id: number, db: Db, cipher: DataCipher): Promise<{ phone: string | null; email: string | null }> {
  const row = (await scopedUsers(actor, db).findOne('users.id', id)) as unknown as UserRow | undefined;
  if (!row) throw new NotFoundError('用户');
  return { phone: cipher.decrypt(row.phone), email: cipher.decrypt(row.email) };
}

function decrypted(row: UserRow, cipher: DataCipher): UserRow {
  return { ...row, phone: cipher.decrypt(row.phone), email: cipher.decrypt(row.email) };
}

/**
 * Checks that `actor` may hand out these roles to a member of `org` (built-in roles fit certain kinds of
 * organization), that no 三员 roles are combined, and that the roles' permissions together keep 三员分立.
 * Throws a Chinese message naming the role.
 */
async function checkRoles(actor: Actor | null, roleCodes: string[], org: Organization, db: Db): Promise<void> {
  const problems: { field: string; message: string }[] = [];
  const rows = (roleCodes.length ? await db('roles').whereIn('code', roleCodes).select('code', 'name') : []) as { code: string; name: string }[];
  const perms = (roleCodes.length
    ? await db('role_permissions').whereIn('role_code', roleCodes).select('role_code', 'permission_code')
    : []) as { role_code: string; permission_code: string }[];
  const allowed = actor ? grantableRoles(actor.roles) : null;
  for (const code of roleCodes) {
    const row = rows.find((r) => r.code === code);
    if (!row) {
      problems.push({ field: 'roleCodes', message: `角色 ${code} 不存在` });
      continue;
    }
    const own = perms.filter((p) => p.role_code === code).map((p) => p.permission_code);
    const builtin = ROLE_BY_CODE.get(code as RoleCode);
    const mayGrant =
      !allowed ||
      (builtin ? allowed.includes(builtin.code) : actor!.roles.includes('sysadmin') || (allowed.length > 0 && !touchesSeparatedDuties(own)));
    if (!mayGrant) throw new ForbiddenError(`您无权分配角色「${row.name}」`);
    if (builtin && !builtin.orgKinds.includes(org.kind)) {
      problems.push({ field: 'roleCodes', message: `角色「${row.name}」只能分配给${builtin.orgKinds.map(kindName).join('或')}的用户` });
    }
  }
  const admins = roleCodes.filter((c) => THREE_ADMINS.includes(c as RoleCode));
  if (admins.length > 1) problems.push({ field: 'roleCodes', message: '系统管理员、安全管理员、审计管理员（三员）不能由同一账号兼任' });
  const mixed = separationViolation(perms.map((p) => p.permission_code));
  if (mixed && admins.length <= 1) problems.push({ field: 'roleCodes', message: mixed });
  if (problems.length) throw new ValidationError(problems.map((p) => p.message).join('；'), problems);
}

/** Whether permissions include security or audit duties (only the system administrator hands those out). */
function touchesSeparatedDuties(permissions: string[]): boolean {
  return permissions.some((p) => {
    const domain = PERMISSION_BY_CODE.get(p)?.domain;
    return domain === 'security' || domain === 'audit';
  });
}

function kindName(kind: string): string {
  return ({ commission: '卫健委', qc_center: '质控中心', hospital: '医疗机构', department: '科室' } as Record<string, string>)[kind] ?? kind;
}

async function orgForUser(actor: Actor | null, orgId: number, db: Db): Promise<Organization> {
  const org = await Organization.query(db).findById(orgId);
  if (!org || (actor && !inScope(actor.scope, orgId))) {
    throw new ValidationError('所属机构 不存在或无权访问', [{ field: 'orgId', message: '所属机构 不存在或无权访问' }]);
  }
  return org;
}

/**
 * Creates an active user. `actor` null means the operator's command line (trusted, no scope).
 * Returns the new user's id.
 */
export async function createUser(actor: Actor | null, input: NewUser, db: Db, cipher: DataCipher): Promise<number> {
  const org = await orgForUser(actor, input.orgId, db);
  const roleCodes = [...new Set(input.roleCodes)];
  await checkRoles(actor, roleCodes, org, db);
  const weak = checkPasswordPolicy(input.password, input.username);
  if (weak) throw new ValidationError(`密码 不符合要求：${weak}`, [{ field: 'password', message: weak }]);
  const taken = await User.query(db).whereRaw('lower(username) = lower(?)', [input.username]).first();
  if (taken) throw new ConflictError(`用户名 ${input.username} 已存在`, [{ field: 'username', message: '用户名 已存在' }]);
  const user = await User.query(db).insert({
    username: input.username,
    displayName: input.displayName,
    passwordHash: await hashPassword(input.password),
    orgId: input.orgId,
    status: 'active',
    phone: cipher.encrypt(input.phone),
    email: cipher.encrypt(input.email),
    mustChangePassword: input.mustChangePassword ?? false,
    passwordChangedAt: new Date(),
  });
  if (roleCodes.length) await db('user_roles').insert(roleCodes.map((role_code) => ({ user_id: user.id, role_code })));
  return user.id;
}

async function userInScope(actor: Actor, id: number, db: Db): Promise<User> {
  const user = await applyOrgScope(User.query(db), actor.scope, 'users.org_id').findById(id);
  if (!user) throw new NotFoundError('用户');
  return user;
}

/** Edits a user in scope; disabling ends their sessions. */
export async function updateUser(actor: Actor, id: number, patch: UserPatch, db: Db, cipher: DataCipher): Promise<UserView> {
  const user = await userInScope(actor, id, db);
  if (patch.status === 'disabled' && id === actor.userId) {
    throw new ValidationError('不能停用自己的账号', [{ field: 'status', message: '不能停用自己的账号' }]);
  }
  if (patch.orgId !== undefined && patch.orgId !== user.orgId) {
    const org = await orgForUser(actor, patch.orgId, db);
    const roles = (await db('user_roles').where('user_id', id).pluck('role_code')) as string[];
    await checkRoles(null, roles, org, db);
  }
  const changes: Partial<User> = { updatedAt: new Date() };
  if (patch.displayName !== undefined) changes.displayName = patch.displayName;
  if (patch.orgId !== undefined) changes.orgId = patch.orgId;
  if (patch.phone !== undefined) changes.phone = cipher.encrypt(patch.phone);
  if (patch.email !== undefined) changes.email = cipher.encrypt(patch.email);
  if (patch.status !== undefined) changes.status = patch.status;
  await User.query(db).patch(changes).where('id', id);
  if (patch.status === 'disabled') await db('sessions').where('user_id', id).delete();
  return getUser(actor, id, db, cipher);
}

/** Replaces a user's roles. */
export async function setUserRoles(actor: Actor, id: number, roleCodes: string[], db: Db, cipher: DataCipher): Promise<UserView> {
  const user = await userInScope(actor, id, db);
  const org = await orgForUser(actor, user.orgId, db);
  const unique = [...new Set(roleCodes)];
  await checkRoles(actor, unique, org, db);
  // Roles the actor may not grant are also roles they may not take away.
  const current = (await db('user_roles').where('user_id', id).pluck('role_code')) as string[];
  const allowed = grantableRoles(actor.roles);
  const untouchable = current.filter((c) => ROLE_BY_CODE.has(c as RoleCode) && !allowed.includes(c as RoleCode) && !unique.includes(c));
  if (untouchable.length) throw new ForbiddenError(`您无权移除角色「${untouchable.map((c) => ROLE_BY_CODE.get(c as RoleCode)?.name ?? c).join('、')}」`);
  if (id === actor.userId && current.some((c) => !unique.includes(c))) {
    throw new ValidationError('不能移除自己的角色', [{ field: 'roleCodes', message: '不能移除自己的角色' }]);
  }
  await db('user_roles').where('user_id', id).delete();
  if (unique.length) await db('user_roles').insert(unique.map((role_code) => ({ user_id: id, role_code })));
  // a role change is a change of the user: incremental readers (the ops-db connector) key on updated_at
  await db('users').where('id', id).update({ updated_at: new Date() });
  return getUser(actor, id, db, cipher);
}

/**
 * An administrator sets a temporary password: the user must change it at the next login, the account
 * is unlocked, and the user's sessions end.
 */
export async function resetPassword(actor: Actor, id: number, password: string, db: Db): Promise<void> {
  const user = await userInScope(actor, id, db);
  if (id === actor.userId) {
    throw new ValidationError('请在“修改密码”中修改自己的密码', [{ field: 'password', message: '不能重置自己的密码' }]);
  }
  const weak = checkPasswordPolicy(password, user.username);
  if (weak) throw new ValidationError(`密码 不符合要求：${weak}`, [{ field: 'password', message: weak }]);
  await User.query(db)
    .patch({
      passwordHash: await hashPassword(password),
      passwordChangedAt: new Date(),
      mustChangePassword: true,
      failedAttempts: 0,
      lockedUntil: null,
      updatedAt: new Date(),
    } as Partial<User>)
    .where('id', id);
  await db('login_attempts').where('username_key', user.username.toLowerCase()).delete();
  await db('sessions').where('user_id', id).delete();
}
