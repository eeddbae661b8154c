import type { Knex } from 'knex';

/**
 * 指标库: national and custom indicators with their full version history, and the log of library
 * imports. Indicators are city-wide reference data: every signed-in user reads them; the database
 * lets the application role write a national one only with city scope and a custom one only within
 * its owner center's scope (the service checks the same, with friendlier messages).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('indicators', (t) => {
    t.bigIncrements('id');
    t.text('code').notNullable().unique();
    t.text('origin').notNullable();
    t.bigInteger('owner_center_id').references('id').inTable('organizations').onDelete('RESTRICT');
    t.integer('current_version').notNullable().defaultTo(1);
    t.text('status').notNullable().defaultTo('active');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['owner_center_id']);
  });
  await knex.raw(`ALTER TABLE indicators ADD CONSTRAINT indicators_origin_check CHECK (origin IN ('national','custom'))`);
  await knex.raw(`ALTER TABLE indicators ADD CONSTRAINT indicators_status_check CHECK (status IN ('active','retired'))`);
  // a national indicator belongs to nobody; a custom one to a center or (null) to the city
  await knex.raw(`ALTER TABLE indicators ADD CONSTRAINT indicators_owner_check CHECK (origin = 'custom' OR owner_center_id IS NULL)`);

  await knex.schema.createTable('indicator_versions', (t) => {
    t.bigIncrements('id');
    t.bigInteger('indicator_id').notNullable().references('id').inTable('indicators').onDelete('CASCADE');
    t.integer('version').notNullable();
    t.text('name').notNullable();
    t.text('specialty').notNullable();
    t.text('definition').notNullable().defaultTo('');
    t.text('numerator').notNullable().defaultTo('');
    t.text('denominator').notNullable().defaultTo('');
    t.text('unit').notNullable().defaultTo('');
    t.text('direction').notNullable();
    t.text('kind').notNullable();
    t.text('formula').notNullable();
    t.jsonb('variables').notNullable().defaultTo('{}');
    t.text('source');
    t.text('official_code');
    t.jsonb('target');
    t.text('notes');
    t.boolean('uncertain').notNullable().defaultTo(false);
    t.jsonb('uncertain_fields').notNullable().defaultTo('[]');
    t.text('binding').notNullable();
    t.text('origin').notNullable();
    t.text('library_version');
    t.text('change_note');
    t.bigInteger('created_by').references('id').inTable('users').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['indicator_id', 'version']);
    t.index(['specialty']);
  });
  await knex.raw(`ALTER TABLE indicator_versions ADD CONSTRAINT indicator_versions_direction_check
    CHECK (direction IN ('higher_better','lower_better','target_range'))`);
  await knex.raw(`ALTER TABLE indicator_versions ADD CONSTRAINT indicator_versions_binding_check CHECK (binding IN ('discharge','reported'))`);
  await knex.raw(`ALTER TABLE indicator_versions ADD CONSTRAINT indicator_versions_origin_check CHECK (origin IN ('library','local'))`);

  await knex.schema.createTable('indicator_library_imports', (t) => {
    t.bigIncrements('id');
    t.text('library_version').notNullable();
    t.text('file_sha256').notNullable();
    t.text('generated');
    t.integer('added').notNullable().defaultTo(0);
    t.integer('updated').notNullable().defaultTo(0);
    t.jsonb('kept_local').notNullable().defaultTo('[]');
    t.integer('unchanged').notNullable().defaultTo(0);
    t.bigInteger('imported_by').references('id').inTable('users').onDelete('SET NULL');
    t.timestamp('imported_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['imported_at']);
  });

  // The owner center's name for every reader: a hospital user's scope does not include the centers,
  // yet the library shows whose custom indicator a row is. Only 质控中心 names come out of it.
  await knex.raw(`
    CREATE OR REPLACE FUNCTION qc_center_name(org bigint) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT name FROM organizations WHERE id = org AND kind = 'qc_center'
    $$;
  `);
  await knex.raw('GRANT EXECUTE ON FUNCTION qc_center_name(bigint) TO qc_app');

  await knex.raw('GRANT SELECT, INSERT, UPDATE ON indicators, indicator_versions TO qc_app');
  await knex.raw('GRANT SELECT, INSERT ON indicator_library_imports TO qc_app');

  // Reading is open to every signed-in user; writing needs city scope, or for a custom indicator the
  // owner center in scope. Versions are append-only for the application (no UPDATE policy).
  const writable = `(qc_scope_all() OR (origin = 'custom' AND owner_center_id IS NOT NULL AND qc_in_scope(owner_center_id)))`;
  await knex.raw('ALTER TABLE indicators ENABLE ROW LEVEL SECURITY');
  await knex.raw('CREATE POLICY indicators_read ON indicators FOR SELECT TO qc_app USING (true)');
  await knex.raw(`CREATE POLICY indicators_insert ON indicators FOR INSERT TO qc_app WITH CHECK ${writable}`);
  await knex.raw(`CREATE POLICY indicators_update ON indicators FOR UPDATE TO qc_app USING ${writable} WITH CHECK ${writable}`);

  await knex.raw('ALTER TABLE indicator_versions ENABLE ROW LEVEL SECURITY');
  await knex.raw('CREATE POLICY indicator_versions_read ON indicator_versions FOR SELECT TO qc_app USING (true)');
  await knex.raw(`CREATE POLICY indicator_versions_insert ON indicator_versions FOR INSERT TO qc_app WITH CHECK (
    EXISTS (SELECT 1 FROM indicators i WHERE i.id = indicator_id
      AND (qc_scope_all() OR (i.origin = 'custom' AND i.owner_center_id IS NOT NULL AND qc_in_scope(i.owner_center_id)))))`);

  await knex.raw('ALTER TABLE indicator_library_imports ENABLE ROW LEVEL SECURITY');
  await knex.raw('CREATE POLICY indicator_library_imports_read ON indicator_library_imports FOR SELECT TO qc_app USING (true)');
  await knex.raw('CREATE POLICY indicator_library_imports_insert ON indicator_library_imports FOR INSERT TO qc_app WITH CHECK (qc_scope_all())');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('indicator_library_imports');
  await knex.schema.dropTableIfExists('indicator_versions');
  await knex.schema.dropTableIfExists('indicators');
  await knex.raw('DROP FUNCTION IF EXISTS qc_center_name(bigint)');
}
