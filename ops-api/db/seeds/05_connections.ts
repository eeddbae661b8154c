import type { SeedContext } from '../../src/db/database.js';

/**
 * The platform's own operational database as a source, every minute: organizations, users (without
 * personal fields) and audit events reach the warehouse within a minute of happening.
 */
export async function seed({ knex, fresh }: SeedContext): Promise<void> {
  if (!fresh) return;
  await knex('ingest_connections').insert({
    name: '平台业务库（机构、用户、操作记录）',
    kind: 'ops_db',
    org_id: null,
    config: JSON.stringify({ pageSize: 1000 }),
    schedule: '* * * * *',
    enabled: true,
  });
}
