import type { SeedContext } from '../../src/db/database.js';
import { hashPassword } from '../../src/services/passwords.js';

/** The demo password of every demo account (README lists the accounts). */
export const DEMO_PASSWORD = 'Lz@Demo2026';

/** Demo accounts: one or more of every role, with the organization each belongs to. */
export const DEMO_USERS = [
  { username: 'secadmin', displayName: '安全管理员', org: 'LZ-WJW', roles: ['secadmin'] },
  { username: 'auditor', displayName: '审计管理员', org: 'LZ-WJW', roles: ['auditor'] },
  { username: 'cityadmin', displayName: '覃晓梅', org: 'LZ-WJW', roles: ['city_admin'] },
  { username: 'director01', displayName: '韦建国', org: 'LZ-QC03', roles: ['center_director'] },
  { username: 'member01', displayName: '黄丽娟', org: 'LZ-QC03', roles: ['center_member'] },
  { username: 'liaison01', displayName: '蓝海燕', org: 'LZ-H01', roles: ['hospital_liaison'], phone: '13877200101' },
  { username: 'liaison02', displayName: '莫志强', org: 'LZ-H02', roles: ['hospital_liaison'], phone: '13977200202' },
  { username: 'expert01', displayName: '梁文博', org: 'LZ-H03', roles: ['expert'] },
] as const;

const DEPARTMENTS_FULL = ['医务科', '病案科', '内科', '外科', '妇产科', '儿科', '急诊科', '重症医学科'];
const DEPARTMENTS_BASIC = ['医务科', '内科', '外科', '急诊科'];

/** Demo users and departments, on an empty database unless QC_DEMO=false. */
export async function seed({ knex, fresh, demo, cipher }: SeedContext): Promise<void> {
  if (!fresh || !demo) return;
  const orgs: { id: number; code: string; kind: string; tier: string | null }[] = await knex('organizations').select('id', 'code', 'kind', 'tier');
  const idOf = (code: string) => {
    const org = orgs.find((o) => o.code === code);
    if (!org) throw new Error(`demo seed: organization ${code} missing from the registry`);
    return Number(org.id);
  };
  for (const h of orgs.filter((o) => o.kind === 'hospital')) {
    const names = h.tier === '三级甲等' ? DEPARTMENTS_FULL : DEPARTMENTS_BASIC;
    await knex('organizations').insert(
      names.map((name, i) => ({ code: `${h.code}-D${String(i + 1).padStart(2, '0')}`, name, kind: 'department', parent_id: h.id })),
    );
  }
  await knex('organizations').where('code', 'LZ-QC03').update({ director_name: '韦建国' });
  const hash = await hashPassword(DEMO_PASSWORD);
  for (const u of DEMO_USERS) {
    const [row] = await knex('users')
      .insert({
        username: u.username,
        display_name: u.displayName,
        password_hash: hash,
        org_id: idOf(u.org),
        status: 'active',
        phone: 'phone' in u ? cipher.encrypt(u.phone) : null,
        password_changed_at: new Date(),
      })
      .returning('id');
    await knex('user_roles').insert(u.roles.map((role_code) => ({ user_id: row.id, role_code })));
  }
}
