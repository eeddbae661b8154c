import type { SeedContext } from '../../src/db/database.js';
import { hashPassword } from '../../src/services/passwords.js';

/** The system administrator `admin`, on an empty database only. */
export async function seed({ knex, fresh, adminPassword }: SeedContext): Promise<void> {
  if (!fresh) return;
  const commission = await knex('organizations').where('kind', 'commission').first();
  const [user] = await knex('users')
    .insert({
      username: 'admin',
      display_name: '系统管理员',
      password_hash: await hashPassword(adminPassword),
      org_id: commission.id,
      status: 'active',
      password_changed_at: new Date(),
    })
    .returning('id');
  await knex('user_roles').insert({ user_id: user.id, role_code: 'sysadmin' });
}
