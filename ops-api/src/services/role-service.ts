import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { PERMISSIONS, separationViolation } from '../policies/catalog.js';
import type { Db } from './context.js';

export interface RoleView {
  code: string;
  name: string;
  description: string;
  builtin: boolean;
  permissions: string[];
  userCount: number;
}

/** Every permission with its group and 三员 domain. */
export function listPermissions() {
  return PERMISSIONS.map((p) => ({ code: p.code, name: p.name, group: p.group, domain: p.domain }));
}

/** Every role with its permission codes and how many users hold it. */
export async function listRoles(db: Db): Promise<RoleView[]> {
  const roles: { code: string; name: string; description: string; builtin: boolean }[] = await db('roles')
    .select('code', 'name', 'description', 'builtin')
    .orderBy([{ column: 'builtin', order: 'desc' }, { column: 'code' }]);
  const perms: { role_code: string; permission_code: string }[] = await db('role_permissions').select().orderBy('permission_code');
  const counts: { role_code: string; n: string | number }[] = await db('user_roles').select('role_code').count({ n: '*' }).groupBy('role_code');
  return roles.map((r) => ({
    ...r,
    permissions: perms.filter((p) => p.role_code === r.code).map((p) => p.permission_code),
    userCount: Number(counts.find((c) => c.role_code === r.code)?.n ?? 0),
  }));
}

export async function getRole(db: Db, code: string): Promise<RoleView> {
  const role = (await listRoles(db)).find((r) => r.code === code);
  if (!role) throw new NotFoundError('角色');
  return role;
}

function checkPermissions(permissions: string[]): void {
  const unknown = permissions.filter((p) => !PERMISSIONS.some((k) => k.code === p));
  if (unknown.length) {
    throw new ValidationError(`权限 ${unknown.join('、')} 不存在`, [{ field: 'permissions', message: `权限 ${unknown.join('、')} 不存在` }]);
  }
  const mixed = separationViolation(permissions);
  if (mixed) throw new ValidationError(mixed, [{ field: 'permissions', message: mixed }]);
}

/** Refuses a change that would leave a holder of this role with mixed 三员 duties through their other roles. */
async function checkHolders(db: Db, code: string, permissions: string[]): Promise<void> {
  const holders: { user_id: number; username: string }[] = await db('user_roles as ur')
    .join('users as u', 'u.id', 'ur.user_id')
    .where('ur.role_code', code)
    .select('ur.user_id', 'u.username');
  for (const h of holders) {
    const others = (await db('user_roles as ur')
      .join('role_permissions as rp', 'rp.role_code', 'ur.role_code')
      .where('ur.user_id', h.user_id)
      .whereNot('ur.role_code', code)
      .pluck('rp.permission_code')) as string[];
    const mixed = separationViolation([...others, ...permissions]);
    if (mixed) {
      const message = `用户 ${h.username} 同时持有其他角色，修改后将违反${mixed}`;
      throw new ValidationError(message, [{ field: 'permissions', message }]);
    }
  }
}

async function setPermissions(db: Db, code: string, permissions: string[]): Promise<void> {
  await db('role_permissions').where('role_code', code).delete();
  if (permissions.length) await db('role_permissions').insert(permissions.map((p) => ({ role_code: code, permission_code: p })));
}

/** Creates a custom role. */
export async function createRole(db: Db, input: { code: string; name: string; description?: string; permissions: string[] }): Promise<RoleView> {
  const permissions = [...new Set(input.permissions)];
  checkPermissions(permissions);
  if (await db('roles').where('code', input.code).first()) {
    throw new ConflictError(`角色代码 ${input.code} 已存在`, [{ field: 'code', message: '角色代码 已存在' }]);
  }
  await db('roles').insert({ code: input.code, name: input.name, description: input.description ?? '', builtin: false });
  await setPermissions(db, input.code, permissions);
  return getRole(db, input.code);
}

/** Edits a role's name, description or permissions. */
export async function updateRole(db: Db, code: string, input: { name?: string; description?: string; permissions?: string[] }): Promise<RoleView> {
  await getRole(db, code);
  if (input.permissions) {
    const permissions = [...new Set(input.permissions)];
    checkPermissions(permissions);
    await checkHolders(db, code, permissions);
    await setPermissions(db, code, permissions);
  }
  const changes: Record<string, string> = {};
  if (input.name !== undefined) changes.name = input.name;
  if (input.description !== undefined) changes.description = input.description;
  if (Object.keys(changes).length) await db('roles').where('code', code).update(changes);
  return getRole(db, code);
}

/** Deletes a custom role nobody holds. */
export async function deleteRole(db: Db, code: string): Promise<RoleView> {
  const role = await getRole(db, code);
  if (role.builtin) throw new ValidationError('内置角色不能删除', [{ field: 'code', message: '内置角色不能删除' }]);
  if (role.userCount > 0) {
    throw new ValidationError(`仍有 ${role.userCount} 名用户持有该角色，请先调整这些用户的角色`, [{ field: 'code', message: '角色仍被使用' }]);
  }
  await db('roles').where('code', code).delete();
  return role;
}
