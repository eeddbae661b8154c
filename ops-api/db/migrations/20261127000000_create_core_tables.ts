import type { Knex } from 'knex';

/** Organizations, roles and permissions, users and their server-side sessions. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('organizations', (t) => {
    t.bigIncrements('id');
    t.text('code').notNullable().unique();
    t.text('name').notNullable();
    t.text('short_name');
    t.text('kind').notNullable();
    t.bigInteger('parent_id').references('id').inTable('organizations').onDelete('RESTRICT');
    t.text('status').notNullable().defaultTo('active');
    // 质控中心
    t.text('level');
    t.text('category');
    t.text('specialty');
    t.bigInteger('host_hospital_id').references('id').inTable('organizations').onDelete('SET NULL');
    t.text('director_name');
    t.date('term_start');
    t.date('term_end');
    // 医疗机构
    t.text('tier');
    t.text('type');
    t.text('ownership');
    t.text('district');
    t.text('address');
    t.text('phone');
    // where the registry row came from and how sure we are of it
    t.text('source_confidence');
    t.text('source_note');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['kind']);
    t.index(['parent_id']);
  });
  await knex.raw(`ALTER TABLE organizations ADD CONSTRAINT organizations_kind_check
    CHECK (kind IN ('commission','qc_center','hospital','department'))`);
  await knex.raw(`ALTER TABLE organizations ADD CONSTRAINT organizations_status_check
    CHECK (status IN ('active','inactive'))`);
  await knex.raw(`ALTER TABLE organizations ADD CONSTRAINT organizations_level_check
    CHECK (level IS NULL OR level IN ('国家级','省级','市级','县级'))`);
  await knex.raw(`ALTER TABLE organizations ADD CONSTRAINT organizations_category_check
    CHECK (category IS NULL OR category IN ('临床','医技','管理'))`);
  // 2023 规定: one center per specialty per level and region, in principle.
  await knex.raw(`CREATE UNIQUE INDEX organizations_center_specialty_unique
    ON organizations (level, specialty) WHERE kind = 'qc_center' AND status = 'active'`);

  await knex.schema.createTable('center_hospitals', (t) => {
    t.bigInteger('center_id').notNullable().references('id').inTable('organizations').onDelete('CASCADE');
    t.bigInteger('hospital_id').notNullable().references('id').inTable('organizations').onDelete('CASCADE');
    t.primary(['center_id', 'hospital_id']);
    t.index(['hospital_id']);
  });

  await knex.schema.createTable('permissions', (t) => {
    t.text('code').primary();
    t.text('name').notNullable();
    t.text('group_name').notNullable();
  });
  await knex.schema.createTable('roles', (t) => {
    t.text('code').primary();
    t.text('name').notNullable();
    t.text('description').notNullable().defaultTo('');
    t.boolean('builtin').notNullable().defaultTo(false);
  });
  await knex.schema.createTable('role_permissions', (t) => {
    t.text('role_code').notNullable().references('code').inTable('roles').onDelete('CASCADE');
    t.text('permission_code').notNullable().references('code').inTable('permissions').onDelete('CASCADE');
    t.primary(['role_code', 'permission_code']);
  });

  await knex.schema.createTable('users', (t) => {
    t.bigIncrements('id');
    t.text('username').notNullable();
    t.text('display_name').notNullable();
    t.text('password_hash').notNullable();
    t.bigInteger('org_id').notNullable().references('id').inTable('organizations').onDelete('RESTRICT');
    t.text('status').notNullable().defaultTo('active');
    t.text('phone');
    t.text('email');
    t.boolean('must_change_password').notNullable().defaultTo(false);
    t.timestamp('password_changed_at', { useTz: true });
    t.timestamp('last_login_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['org_id']);
  });
  await knex.raw('CREATE UNIQUE INDEX users_username_lower_unique ON users (lower(username))');
  await knex.raw(`ALTER TABLE users ADD CONSTRAINT users_status_check CHECK (status IN ('active','disabled'))`);

  await knex.schema.createTable('user_roles', (t) => {
    t.bigInteger('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.text('role_code').notNullable().references('code').inTable('roles').onDelete('RESTRICT');
    t.primary(['user_id', 'role_code']);
  });

  await knex.schema.createTable('sessions', (t) => {
    // SHA-256 of the cookie token: a stolen table gives no usable cookie.
    t.text('id').primary();
    t.bigInteger('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.text('ip');
    t.text('user_agent');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.index(['user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('sessions');
  await knex.schema.dropTableIfExists('user_roles');
  await knex.schema.dropTableIfExists('users');
  await knex.schema.dropTableIfExists('role_permissions');
  await knex.schema.dropTableIfExists('roles');
  await knex.schema.dropTableIfExists('permissions');
  await knex.schema.dropTableIfExists('center_hospitals');
  await knex.schema.dropTableIfExists('organizations');
}
