import type { SeedContext } from '../../src/db/database.js';
import { PERMISSIONS, ROLES } from '../../src/policies/catalog.js';

/** Permission codes and the eight built-in roles; adds what is missing on every boot, never overwrites edits. */
export async function seed({ knex }: SeedContext): Promise<void> {
  await knex('permissions')
    .insert(PERMISSIONS.map((p) => ({ code: p.code, name: p.name, group_name: p.group })))
    .onConflict('code')
    .merge(['name', 'group_name']);
  const existing = new Set((await knex('roles').pluck('code')) as string[]);
  for (const role of ROLES) {
    if (existing.has(role.code)) continue;
    await knex('roles').insert({ code: role.code, name: role.name, description: role.description, builtin: true });
    if (role.permissions.length) {
      await knex('role_permissions').insert(role.permissions.map((p) => ({ role_code: role.code, permission_code: p })));
    }
  }
}
