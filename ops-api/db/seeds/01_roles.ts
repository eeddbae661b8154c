import type { SeedContext } from '../../src/db/database.js';
import { CATALOG_VERSION, PERMISSIONS, ROLES } from '../../src/policies/catalog.js';

/**
 * Permission codes and the eight built-in roles. Adds what is missing on every boot and never takes
 * away an edit; a permission new in this catalog version is granted once to the built-in roles whose
 * defaults include it.
 */
export async function seed({ knex }: SeedContext): Promise<void> {
  await knex('permissions')
    .insert(PERMISSIONS.map((p) => ({ code: p.code, name: p.name, group_name: p.group, domain: p.domain })))
    .onConflict('code')
    .merge(['name', 'group_name', 'domain']);
  const applied = Number(
    ((await knex('security_settings').where('key', 'catalog_version').first()) as { value: number } | undefined)?.value ?? 0,
  );
  const existing = new Set((await knex('roles').pluck('code')) as string[]);
  for (const role of ROLES) {
    const fresh = !existing.has(role.code);
    if (fresh) await knex('roles').insert({ code: role.code, name: role.name, description: role.description, builtin: true });
    const grants = role.permissions.filter((code) => fresh || PERMISSIONS.find((p) => p.code === code)!.since > applied);
    if (grants.length) {
      await knex('role_permissions')
        .insert(grants.map((p) => ({ role_code: role.code, permission_code: p })))
        .onConflict(['role_code', 'permission_code'])
        .ignore();
    }
  }
  await knex('security_settings')
    .insert({ key: 'catalog_version', value: JSON.stringify(CATALOG_VERSION) })
    .onConflict('key')
    .merge(['value']);
}
