import type { Knex } from 'knex';

/**
 * 等保三级: login protection, second factor, password history, security policy, a tamper-evident
 * append-only audit trail, and Row-Level Security on business tables for the application role `qc_app`.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('permissions', (t) => {
    t.text('domain').notNullable().defaultTo('business');
  });

  await knex.schema.alterTable('users', (t) => {
    t.integer('failed_attempts').notNullable().defaultTo(0);
    t.timestamp('locked_until', { useTz: true });
    // encrypted with the data key, like phone and email
    t.text('totp_secret');
    t.text('totp_pending_secret');
    t.boolean('totp_enabled').notNullable().defaultTo(false);
    // the last 30-second step accepted: a code is good once (no replay)
    t.bigInteger('totp_last_step');
  });

  await knex.schema.alterTable('sessions', (t) => {
    t.uuid('public_id').notNullable().defaultTo(knex.raw('gen_random_uuid()')).unique();
    t.text('csrf_hash');
  });

  await knex.schema.createTable('password_history', (t) => {
    t.bigIncrements('id');
    t.bigInteger('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.text('password_hash').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['user_id', 'created_at']);
  });

  // Failures by login name, known or not: the same answer for both, so names cannot be probed.
  await knex.schema.createTable('login_attempts', (t) => {
    t.text('username_key').primary();
    t.integer('failures').notNullable().defaultTo(0);
    t.timestamp('last_failure_at', { useTz: true });
    t.timestamp('locked_until', { useTz: true });
  });

  await knex.schema.createTable('captchas', (t) => {
    t.uuid('id').primary();
    t.text('answer_hash').notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('security_settings', (t) => {
    t.text('key').primary();
    t.jsonb('value').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id');
    t.timestamp('at', { useTz: true }).notNullable();
    t.bigInteger('user_id');
    t.text('username');
    t.specificType('roles', 'text[]').notNullable().defaultTo('{}');
    t.bigInteger('org_id');
    t.text('org_name');
    t.text('ip');
    t.text('user_agent');
    t.text('action').notNullable();
    t.text('object_type');
    t.text('object_id');
    t.jsonb('before');
    t.jsonb('after');
    t.text('result').notNullable();
    t.text('detail');
    t.text('request_id');
    t.text('prev_hash').notNullable();
    t.text('hash').notNullable();
    t.index(['at']);
    t.index(['username']);
    t.index(['action']);
  });
  await knex.raw(`ALTER TABLE audit_log ADD CONSTRAINT audit_log_result_check CHECK (result IN ('success','failure','denied'))`);
  // One row: the chain's head. Appenders lock it, so entries chain in id order across processes.
  await knex.schema.createTable('audit_head', (t) => {
    t.integer('id').primary();
    t.bigInteger('last_id');
    t.text('last_hash').notNullable();
    // the prev_hash the first kept entry must carry (changes only when retention removes old entries)
    t.text('anchor_hash').notNullable();
  });
  const genesis = '0'.repeat(64);
  await knex('audit_head').insert({ id: 1, last_id: null, last_hash: genesis, anchor_hash: genesis });

  // Append-only: the database itself refuses to change or remove entries. Retention may remove entries
  // older than 180 days, and only inside a transaction that asked for it.
  await knex.raw(`
    CREATE OR REPLACE FUNCTION qc_audit_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' AND current_setting('qc.audit_purge', true) = 'on'
         AND OLD.at < now() - interval '180 days' THEN
        RETURN OLD;
      END IF;
      RAISE EXCEPTION '审计日志只能追加，不能修改或删除' USING ERRCODE = '42501';
    END $$;
  `);
  await knex.raw(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION qc_audit_guard()`);
  await knex.raw(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION qc_audit_guard()`);

  // The application role. Roles are cluster-wide: several databases (tests) may race to create it.
  await knex.raw(`
    DO $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'qc_app') THEN
        CREATE ROLE qc_app NOLOGIN;
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$;
  `);
  await knex.raw(`
    DO $$
    BEGIN
      EXECUTE format('GRANT qc_app TO %I', current_user);
    EXCEPTION WHEN others THEN NULL;  -- already a member, or a superuser who needs no grant
    END $$;
  `);
  await knex.raw('GRANT USAGE ON SCHEMA public TO qc_app');
  await knex.raw('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO qc_app');
  // sequences of later migrations too; tables are granted one by one (least privilege)
  await knex.raw('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO qc_app');
  await knex.raw(`GRANT SELECT, INSERT, UPDATE, DELETE ON organizations, center_hospitals, users, user_roles, sessions,
    password_history, roles, role_permissions, security_settings TO qc_app`);
  await knex.raw('GRANT SELECT ON permissions TO qc_app');
  // an administrator's password reset also lifts a lockout
  await knex.raw('GRANT SELECT, DELETE ON login_attempts TO qc_app');
  await knex.raw('GRANT SELECT, INSERT ON audit_log TO qc_app');
  await knex.raw('GRANT SELECT, UPDATE ON audit_head TO qc_app');

  // Scope per transaction: qc.scope is 'city' or 'orgs' (then qc.org_ids lists them); qc.user_id is the actor.
  await knex.raw(`
    CREATE OR REPLACE FUNCTION qc_scope_all() RETURNS boolean LANGUAGE sql STABLE AS $$
      SELECT coalesce(current_setting('qc.scope', true), '') = 'city'
    $$;
  `);
  await knex.raw(`
    CREATE OR REPLACE FUNCTION qc_in_scope(org bigint) RETURNS boolean LANGUAGE sql STABLE AS $$
      SELECT qc_scope_all() OR org = ANY (
        string_to_array(nullif(current_setting('qc.org_ids', true), ''), ',')::bigint[]
      )
    $$;
  `);
  await knex.raw(`
    CREATE OR REPLACE FUNCTION qc_is_actor(uid bigint) RETURNS boolean LANGUAGE sql STABLE AS $$
      SELECT uid::text = coalesce(current_setting('qc.user_id', true), '')
    $$;
  `);

  const policies: [string, string, string][] = [
    ['organizations', 'qc_in_scope(id)', 'qc_in_scope(id) OR qc_in_scope(parent_id)'],
    ['center_hospitals', 'qc_in_scope(center_id) OR qc_in_scope(hospital_id)', 'qc_scope_all()'],
    ['users', 'qc_in_scope(org_id) OR qc_is_actor(id)', 'qc_in_scope(org_id)'],
    ['user_roles', 'EXISTS (SELECT 1 FROM users u WHERE u.id = user_id)', 'EXISTS (SELECT 1 FROM users u WHERE u.id = user_id)'],
    ['sessions', 'qc_is_actor(user_id) OR qc_scope_all()', 'qc_is_actor(user_id) OR qc_scope_all()'],
    ['password_history', 'qc_is_actor(user_id) OR qc_scope_all()', 'qc_is_actor(user_id) OR qc_scope_all()'],
  ];
  for (const [table, using, check] of policies) {
    await knex.raw(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
    await knex.raw(`CREATE POLICY ${table}_scope ON ${table} FOR ALL TO qc_app USING (${using}) WITH CHECK (${check})`);
  }
  // Everyone's actions are recorded; only city-wide readers (the auditor) read them.
  await knex.raw('ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY');
  await knex.raw('CREATE POLICY audit_log_insert ON audit_log FOR INSERT TO qc_app WITH CHECK (true)');
  await knex.raw('CREATE POLICY audit_log_read ON audit_log FOR SELECT TO qc_app USING (qc_scope_all())');
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['organizations', 'center_hospitals', 'users', 'user_roles', 'sessions', 'password_history']) {
    await knex.raw(`DROP POLICY IF EXISTS ${table}_scope ON ${table}`);
    await knex.raw(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
  }
  await knex.schema.dropTableIfExists('audit_head');
  await knex.schema.dropTableIfExists('audit_log');
  await knex.raw('DROP FUNCTION IF EXISTS qc_audit_guard()');
  await knex.raw('DROP FUNCTION IF EXISTS qc_in_scope(bigint)');
  await knex.raw('DROP FUNCTION IF EXISTS qc_scope_all()');
  await knex.raw('DROP FUNCTION IF EXISTS qc_is_actor(bigint)');
  await knex.schema.dropTableIfExists('security_settings');
  await knex.schema.dropTableIfExists('captchas');
  await knex.schema.dropTableIfExists('login_attempts');
  await knex.schema.dropTableIfExists('password_history');
  await knex.schema.alterTable('sessions', (t) => {
    t.dropColumn('public_id');
    t.dropColumn('csrf_hash');
  });
  await knex.schema.alterTable('users', (t) => {
    t.dropColumns('failed_attempts', 'locked_until', 'totp_secret', 'totp_pending_secret', 'totp_enabled', 'totp_last_step');
  });
  await knex.schema.alterTable('permissions', (t) => t.dropColumn('domain'));
}
