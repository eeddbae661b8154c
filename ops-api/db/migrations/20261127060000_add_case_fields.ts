import type { Knex } from 'knex';

/**
 * 逐例数值 fields: a reporting field whose value is a list of numbers, one per case (the median /
 * percentile indicators EM-03, EM-12, LAB-12 need the cases, not a hospital's own median).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE report_form_fields DROP CONSTRAINT report_form_fields_type_check');
  await knex.raw(`ALTER TABLE report_form_fields ADD CONSTRAINT report_form_fields_type_check CHECK (type IN ('number','integer','cases'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE report_form_fields DROP CONSTRAINT report_form_fields_type_check');
  await knex.raw(`ALTER TABLE report_form_fields ADD CONSTRAINT report_form_fields_type_check CHECK (type IN ('number','integer'))`);
}
