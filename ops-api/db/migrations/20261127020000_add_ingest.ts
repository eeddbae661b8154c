import type { Knex } from 'knex';

/** 数据接入: connections (sources with schedules and saved state), runs with their history, and the quarantine of rejected rows. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('ingest_connections', (t) => {
    t.bigIncrements('id');
    t.text('name').notNullable();
    t.text('kind').notNullable();
    t.bigInteger('org_id').references('id').inTable('organizations').onDelete('RESTRICT');
    // secrets inside are encrypted with the data key
    t.jsonb('config').notNullable().defaultTo('{}');
    t.text('schedule');
    t.boolean('enabled').notNullable().defaultTo(true);
    // the connector's saved STATE (cursors), committed only with the rows before it
    t.jsonb('state').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`ALTER TABLE ingest_connections ADD CONSTRAINT ingest_connections_kind_check
    CHECK (kind IN ('file_drop','his_db','bigdata_api','ops_db'))`);

  await knex.schema.createTable('ingest_runs', (t) => {
    t.uuid('id').primary();
    t.bigInteger('connection_id').references('id').inTable('ingest_connections').onDelete('SET NULL');
    t.bigInteger('org_id').references('id').inTable('organizations').onDelete('RESTRICT');
    t.text('kind').notNullable().defaultTo('discharge_records');
    t.text('trigger').notNullable();
    t.text('status').notNullable().defaultTo('queued');
    t.integer('rows_read').notNullable().defaultTo(0);
    t.integer('rows_loaded').notNullable().defaultTo(0);
    t.integer('rows_rejected').notNullable().defaultTo(0);
    t.text('file_name');
    t.text('file_path');
    t.text('file_sha256');
    t.bigInteger('created_by').references('id').inTable('users').onDelete('SET NULL');
    t.text('worker');
    t.integer('attempt').notNullable().defaultTo(0);
    t.timestamp('queued_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('started_at', { useTz: true });
    t.timestamp('finished_at', { useTz: true });
    t.text('error');
    // one scheduled run per connection and tick, however many replicas schedule it
    t.timestamp('scheduled_for', { useTz: true });
    t.unique(['connection_id', 'scheduled_for']);
    t.index(['status']);
    t.index(['org_id', 'queued_at']);
  });
  await knex.raw(`ALTER TABLE ingest_runs ADD CONSTRAINT ingest_runs_status_check
    CHECK (status IN ('queued','running','succeeded','partial','failed'))`);
  await knex.raw(`ALTER TABLE ingest_runs ADD CONSTRAINT ingest_runs_trigger_check
    CHECK (trigger IN ('upload','cli','schedule','manual'))`);

  await knex.schema.createTable('ingest_rejects', (t) => {
    t.bigIncrements('id');
    t.uuid('run_id').notNullable().references('id').inTable('ingest_runs').onDelete('CASCADE');
    t.integer('row').notNullable();
    t.text('field').notNullable();
    t.text('message').notNullable();
    t.index(['run_id', 'row']);
  });

  await knex.raw('GRANT SELECT, INSERT, UPDATE ON ingest_connections, ingest_runs TO qc_app');
  await knex.raw('GRANT SELECT, INSERT ON ingest_rejects TO qc_app');
  await knex.raw('ALTER TABLE ingest_runs ENABLE ROW LEVEL SECURITY');
  await knex.raw(`CREATE POLICY ingest_runs_scope ON ingest_runs FOR ALL TO qc_app
    USING (qc_in_scope(org_id)) WITH CHECK (qc_in_scope(org_id))`);
  await knex.raw('ALTER TABLE ingest_rejects ENABLE ROW LEVEL SECURITY');
  await knex.raw(`CREATE POLICY ingest_rejects_scope ON ingest_rejects FOR ALL TO qc_app
    USING (EXISTS (SELECT 1 FROM ingest_runs r WHERE r.id = run_id))
    WITH CHECK (EXISTS (SELECT 1 FROM ingest_runs r WHERE r.id = run_id))`);
  await knex.raw('ALTER TABLE ingest_connections ENABLE ROW LEVEL SECURITY');
  await knex.raw(`CREATE POLICY ingest_connections_scope ON ingest_connections FOR ALL TO qc_app
    USING (qc_in_scope(org_id)) WITH CHECK (qc_in_scope(org_id))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('ingest_rejects');
  await knex.schema.dropTableIfExists('ingest_runs');
  await knex.schema.dropTableIfExists('ingest_connections');
}
