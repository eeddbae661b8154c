import type { Knex } from 'knex';

/**
 * 数据上报: forms designed by a center (or the city), the hospitals they go to, one task per hospital ×
 * period, every submitted version with its review, and in-app notifications. Row-Level Security keys
 * every row on the hospital's organization (or the owning center), so RLS alone keeps hospitals apart.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('report_forms', (t) => {
    t.bigIncrements('id');
    t.text('code').notNullable().unique();
    t.text('name').notNullable();
    t.text('description');
    // the owning center; null = a form of the city (市卫健委)
    t.bigInteger('center_id').references('id').inTable('organizations').onDelete('RESTRICT');
    t.text('period_grain').notNullable();
    t.integer('deadline_days').notNullable().defaultTo(10);
    t.integer('remind_days').notNullable().defaultTo(3);
    t.text('status').notNullable().defaultTo('draft');
    t.jsonb('rules').notNullable().defaultTo('[]');
    t.bigInteger('created_by').references('id').inTable('users').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['center_id']);
  });
  await knex.raw(`ALTER TABLE report_forms ADD CONSTRAINT report_forms_grain_check CHECK (period_grain IN ('month','quarter','year'))`);
  await knex.raw(`ALTER TABLE report_forms ADD CONSTRAINT report_forms_status_check CHECK (status IN ('draft','published','archived'))`);
  await knex.raw(`ALTER TABLE report_forms ADD CONSTRAINT report_forms_days_check CHECK (deadline_days >= 0 AND remind_days >= 0)`);

  await knex.schema.createTable('report_form_fields', (t) => {
    t.bigIncrements('id');
    t.bigInteger('form_id').notNullable().references('id').inTable('report_forms').onDelete('CASCADE');
    t.text('code').notNullable();
    t.text('label').notNullable();
    t.text('unit');
    t.text('type').notNullable().defaultTo('number');
    t.boolean('required').notNullable().defaultTo(false);
    t.double('min');
    t.double('max');
    t.text('indicator_code');
    t.text('indicator_variable');
    t.integer('sort').notNullable().defaultTo(0);
    t.unique(['form_id', 'code']);
  });
  await knex.raw(`ALTER TABLE report_form_fields ADD CONSTRAINT report_form_fields_type_check CHECK (type IN ('number','integer'))`);

  await knex.schema.createTable('report_form_hospitals', (t) => {
    t.bigInteger('form_id').notNullable().references('id').inTable('report_forms').onDelete('CASCADE');
    t.bigInteger('hospital_id').notNullable().references('id').inTable('organizations').onDelete('CASCADE');
    t.primary(['form_id', 'hospital_id']);
    t.index(['hospital_id']);
  });

  await knex.schema.createTable('report_tasks', (t) => {
    t.bigIncrements('id');
    t.bigInteger('form_id').notNullable().references('id').inTable('report_forms').onDelete('CASCADE');
    t.bigInteger('hospital_id').notNullable().references('id').inTable('organizations').onDelete('RESTRICT');
    t.date('period_start').notNullable();
    t.date('period_end').notNullable();
    t.text('period_label').notNullable();
    t.date('due_date').notNullable();
    t.text('status').notNullable().defaultTo('pending');
    t.bigInteger('current_submission_id');
    t.timestamp('submitted_at', { useTz: true });
    t.timestamp('approved_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['form_id', 'hospital_id', 'period_start']);
    t.index(['hospital_id', 'status']);
    t.index(['due_date']);
  });
  await knex.raw(`ALTER TABLE report_tasks ADD CONSTRAINT report_tasks_status_check
    CHECK (status IN ('pending','draft','submitted','returned','approved'))`);

  await knex.schema.createTable('report_submissions', (t) => {
    t.bigIncrements('id');
    t.bigInteger('task_id').notNullable().references('id').inTable('report_tasks').onDelete('CASCADE');
    t.integer('version').notNullable();
    t.jsonb('values').notNullable().defaultTo('{}');
    t.text('status').notNullable().defaultTo('draft');
    t.bigInteger('submitted_by').references('id').inTable('users').onDelete('SET NULL');
    // names as they were: the history stays readable to a hospital that cannot see the center's users
    t.text('submitted_by_name');
    t.timestamp('submitted_at', { useTz: true });
    t.bigInteger('reviewed_by').references('id').inTable('users').onDelete('SET NULL');
    t.text('reviewed_by_name');
    t.timestamp('reviewed_at', { useTz: true });
    t.text('review_comment');
    // set once the approved values are in raw.reported_values; the sweep retries rows still null
    t.timestamp('warehouse_synced_at', { useTz: true });
    t.unique(['task_id', 'version']);
  });
  await knex.raw(`ALTER TABLE report_submissions ADD CONSTRAINT report_submissions_status_check
    CHECK (status IN ('draft','submitted','returned','approved'))`);
  await knex.raw(`CREATE INDEX report_submissions_unsynced ON report_submissions (id) WHERE status = 'approved' AND warehouse_synced_at IS NULL`);
  // deferred: tasks and submissions refer to each other, and a restore inserts them table by table
  await knex.raw(`ALTER TABLE report_tasks ADD CONSTRAINT report_tasks_current_submission_fk
    FOREIGN KEY (current_submission_id) REFERENCES report_submissions (id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED`);

  await knex.schema.createTable('notifications', (t) => {
    t.bigIncrements('id');
    t.bigInteger('user_id').references('id').inTable('users').onDelete('CASCADE');
    t.bigInteger('org_id').references('id').inTable('organizations').onDelete('CASCADE');
    t.text('kind').notNullable();
    t.text('title').notNullable();
    t.text('body');
    t.text('link');
    // what the notification is about (e.g. report:12:due): a job that runs again writes it once
    t.text('dedupe_key');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('read_at', { useTz: true });
    t.index(['user_id', 'created_at']);
  });
  await knex.raw('CREATE UNIQUE INDEX notifications_dedupe ON notifications (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL');

  // Whether the current scope may change a form: its center's users or the city. SECURITY DEFINER
  // reads report_forms without its own policy, which would otherwise recurse through report_form_hospitals.
  await knex.raw(`
    CREATE OR REPLACE FUNCTION qc_report_form_managed(form bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT EXISTS (SELECT 1 FROM report_forms f WHERE f.id = form AND (qc_scope_all() OR qc_in_scope(f.center_id)))
    $$;
  `);
  await knex.raw('REVOKE ALL ON FUNCTION qc_report_form_managed(bigint) FROM PUBLIC');
  await knex.raw('GRANT EXECUTE ON FUNCTION qc_report_form_managed(bigint) TO qc_app');

  await knex.raw('GRANT SELECT, INSERT, UPDATE, DELETE ON report_forms, report_form_fields, report_form_hospitals TO qc_app');
  await knex.raw('GRANT SELECT, INSERT, UPDATE ON report_tasks, report_submissions, notifications TO qc_app');

  const manage = 'qc_scope_all() OR qc_in_scope(center_id)';
  await knex.raw('ALTER TABLE report_forms ENABLE ROW LEVEL SECURITY');
  // hospitals see the forms sent to them; centers their own; the city all
  await knex.raw(`CREATE POLICY report_forms_read ON report_forms FOR SELECT TO qc_app
    USING (${manage} OR EXISTS (SELECT 1 FROM report_form_hospitals fh WHERE fh.form_id = report_forms.id))`);
  await knex.raw(`CREATE POLICY report_forms_insert ON report_forms FOR INSERT TO qc_app WITH CHECK (${manage})`);
  await knex.raw(`CREATE POLICY report_forms_update ON report_forms FOR UPDATE TO qc_app USING (${manage}) WITH CHECK (${manage})`);
  await knex.raw(`CREATE POLICY report_forms_delete ON report_forms FOR DELETE TO qc_app USING (${manage})`);

  await knex.raw('ALTER TABLE report_form_hospitals ENABLE ROW LEVEL SECURITY');
  await knex.raw(`CREATE POLICY report_form_hospitals_read ON report_form_hospitals FOR SELECT TO qc_app USING (qc_in_scope(hospital_id))`);
  const hospitalWrite = 'qc_in_scope(hospital_id) AND qc_report_form_managed(form_id)';
  await knex.raw(`CREATE POLICY report_form_hospitals_insert ON report_form_hospitals FOR INSERT TO qc_app WITH CHECK (${hospitalWrite})`);
  await knex.raw(`CREATE POLICY report_form_hospitals_delete ON report_form_hospitals FOR DELETE TO qc_app USING (${hospitalWrite})`);

  await knex.raw('ALTER TABLE report_form_fields ENABLE ROW LEVEL SECURITY');
  await knex.raw(`CREATE POLICY report_form_fields_read ON report_form_fields FOR SELECT TO qc_app
    USING (EXISTS (SELECT 1 FROM report_forms f WHERE f.id = form_id))`);
  await knex.raw(`CREATE POLICY report_form_fields_insert ON report_form_fields FOR INSERT TO qc_app WITH CHECK (qc_report_form_managed(form_id))`);
  await knex.raw(`CREATE POLICY report_form_fields_update ON report_form_fields FOR UPDATE TO qc_app
    USING (qc_report_form_managed(form_id)) WITH CHECK (qc_report_form_managed(form_id))`);
  await knex.raw(`CREATE POLICY report_form_fields_delete ON report_form_fields FOR DELETE TO qc_app USING (qc_report_form_managed(form_id))`);

  await knex.raw('ALTER TABLE report_tasks ENABLE ROW LEVEL SECURITY');
  await knex.raw(`CREATE POLICY report_tasks_scope ON report_tasks FOR ALL TO qc_app
    USING (qc_in_scope(hospital_id)) WITH CHECK (qc_in_scope(hospital_id))`);
  await knex.raw('ALTER TABLE report_submissions ENABLE ROW LEVEL SECURITY');
  await knex.raw(`CREATE POLICY report_submissions_scope ON report_submissions FOR ALL TO qc_app
    USING (EXISTS (SELECT 1 FROM report_tasks t WHERE t.id = task_id))
    WITH CHECK (EXISTS (SELECT 1 FROM report_tasks t WHERE t.id = task_id))`);

  await knex.raw('ALTER TABLE notifications ENABLE ROW LEVEL SECURITY');
  // one's own notifications; writers (reviewers) may address users of organizations in their scope
  await knex.raw(`CREATE POLICY notifications_scope ON notifications FOR ALL TO qc_app
    USING (qc_is_actor(user_id) OR (user_id IS NULL AND qc_in_scope(org_id)))
    WITH CHECK (qc_is_actor(user_id) OR qc_in_scope(org_id))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('notifications');
  await knex.raw('ALTER TABLE IF EXISTS report_tasks DROP CONSTRAINT IF EXISTS report_tasks_current_submission_fk');
  await knex.schema.dropTableIfExists('report_submissions');
  await knex.schema.dropTableIfExists('report_tasks');
  await knex.schema.dropTableIfExists('report_form_hospitals');
  await knex.schema.dropTableIfExists('report_form_fields');
  await knex.raw('DROP FUNCTION IF EXISTS qc_report_form_managed(bigint)');
  await knex.schema.dropTableIfExists('report_forms');
}
