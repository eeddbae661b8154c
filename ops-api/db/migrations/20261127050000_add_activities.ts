import type { Knex } from 'knex';

/**
 * 质控活动: the work a QC center plans and does (baseline surveys, inspections, trainings, reports,
 * tracking visits), per center and optionally per hospital. Completion rates, the overdue monitor and
 * the tracking-visit correlation read it; later modules (督导检查 …) write rows here with source_type/source_id.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('qc_activities', (t) => {
    t.bigIncrements('id');
    t.text('kind').notNullable();
    t.bigInteger('center_id').notNullable().references('id').inTable('organizations').onDelete('RESTRICT');
    t.bigInteger('hospital_id').references('id').inTable('organizations').onDelete('RESTRICT');
    t.text('title').notNullable();
    t.date('due_date').notNullable();
    t.timestamp('completed_at', { useTz: true });
    t.text('status').notNullable().defaultTo('planned');
    // an inspection's verdict and score; null for kinds that have none
    t.boolean('passed');
    t.decimal('score', 6, 2);
    t.text('source_type');
    t.bigInteger('source_id');
    t.bigInteger('created_by').references('id').inTable('users').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['center_id', 'due_date']);
    t.index(['hospital_id', 'due_date']);
    t.index(['due_date']);
    t.unique(['source_type', 'source_id']);
  });
  await knex.raw(`ALTER TABLE qc_activities ADD CONSTRAINT qc_activities_kind_check
    CHECK (kind IN ('baseline_survey','inspection','training','report','tracking_visit'))`);
  await knex.raw(`ALTER TABLE qc_activities ADD CONSTRAINT qc_activities_status_check
    CHECK (status IN ('planned','done','cancelled'))`);
  await knex.raw(`ALTER TABLE qc_activities ADD CONSTRAINT qc_activities_done_check
    CHECK ((status = 'done') = (completed_at IS NOT NULL))`);

  await knex.raw('GRANT SELECT, INSERT, UPDATE ON qc_activities TO qc_app');
  await knex.raw('ALTER TABLE qc_activities ENABLE ROW LEVEL SECURITY');
  // a center sees and writes its own activities; a hospital sees the ones about it
  await knex.raw(`CREATE POLICY qc_activities_read ON qc_activities FOR SELECT TO qc_app
    USING (qc_in_scope(center_id) OR qc_in_scope(hospital_id))`);
  await knex.raw(`CREATE POLICY qc_activities_insert ON qc_activities FOR INSERT TO qc_app WITH CHECK (qc_in_scope(center_id))`);
  await knex.raw(`CREATE POLICY qc_activities_update ON qc_activities FOR UPDATE TO qc_app
    USING (qc_in_scope(center_id)) WITH CHECK (qc_in_scope(center_id))`);

  // Analytics accept the commission's code for "the whole city (within your scope)" from every user,
  // but a hospital's or a center's scope cannot read the commission's row: this names it for them.
  await knex.raw(`
    CREATE OR REPLACE FUNCTION qc_commission() RETURNS TABLE (id bigint, code text, name text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT o.id, o.code, o.name FROM organizations o WHERE o.kind = 'commission' ORDER BY o.id LIMIT 1
    $$;
  `);
  await knex.raw('REVOKE ALL ON FUNCTION qc_commission() FROM PUBLIC');
  await knex.raw('GRANT EXECUTE ON FUNCTION qc_commission() TO qc_app');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION IF EXISTS qc_commission()');
  await knex.schema.dropTableIfExists('qc_activities');
}
