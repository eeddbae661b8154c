import type { Db } from './context.js';

/** Every role with its permission codes. */
export async function listRoles(db: Db) {
  const roles: { code: string; name: string; description: string }[] = await db('roles').select('code', 'name', 'description').orderBy('code');
  const perms: { role_code: string; permission_code: string }[] = await db('role_permissions').select().orderBy('permission_code');
  return roles.map((r) => ({
    ...r,
    permissions: perms.filter((p) => p.role_code === r.code).map((p) => p.permission_code),
  }));
}
